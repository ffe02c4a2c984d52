# ksp-never-set - dispatch forgets CR_KSP: the first return to user mode
# leaves no kernel stack for the next trap (a double fault).
# file: proc.s
# input: hello\nexit\n
# codes: LDE005
# expect: returns to user mode with no kernel stack (KSP is 0)
/^	mtcr	CR_KSP, t0$/d
