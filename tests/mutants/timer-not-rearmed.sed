# timer-not-rearmed - did not re-arm the timer: boot arms it once (no
# period) and dispatch never gives a process a fresh quantum, so after the
# first interrupt the timer is dead and a program that never traps keeps
# the CPU forever.
# file: boot.s proc.s
# assignment: switch
# expect: instructions in user mode without the kernel taking control
# lint: enters user mode with the timer not armed
/^	mtcr	CR_TPERIOD, t0$/d
/^	mtcr	CR_TIMER, t0			# (which also clears a stale expiry)$/d
