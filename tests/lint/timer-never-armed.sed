# timer-never-armed - neither boot nor dispatch writes CR_TIMER: the
# period is set, but the timer never starts.
# file: boot.s proc.s
# input: hello\nexit\n
# codes: LDE002
# expect: enters user mode with the timer not armed (CR_TIMER is 0)
/^	mtcr	CR_TIMER, t0/d
