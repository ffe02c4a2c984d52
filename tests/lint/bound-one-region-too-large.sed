# bound-one-region-too-large - dispatch gives BOUND 64 KiB more than the
# region: the window reaches into the next process's memory.
# file: proc.s
# input: hello\nexit\n
# codes: LDE004
# expect: which overlap pid 2's memory
/^	lw	t0, PCB_BOUND(a0)$/a\
	addi	t0, t0, 0x7ff0\
	addi	t0, t0, 0x7ff0\
	addi	t0, t0, 0x20
