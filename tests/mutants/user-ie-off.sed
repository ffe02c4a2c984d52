# user-ie-off - returned to user with interrupts off: the trap frame a new
# program starts from says user mode but not IE, so the timer can never
# take the CPU back from it.
# file: exec.s
# assignment: memory
# expect: runs in user mode with interrupts off
# lint: enters user mode with interrupts masked
s/^	li	t0, STATUS_UM | STATUS_IE$/	li	t0, STATUS_UM/
