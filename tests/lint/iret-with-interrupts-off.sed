# iret-with-interrupts-off - exec's fresh trap frame says user mode but
# forgets IE: every program starts with interrupts masked.
# file: exec.s
# input: hello\nexit\n
# codes: LDE001
# expect: enters user mode with interrupts masked (STATUS.IE is 0): a program that never traps would keep the CPU forever
s/^	li	t0, STATUS_UM | STATUS_IE$/	li	t0, STATUS_UM/
