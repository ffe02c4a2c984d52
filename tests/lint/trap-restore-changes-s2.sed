# trap-restore-changes-s2 - the way back to user mode reloads the frame,
# then steps on s2: every process is resumed with s2 one more.
# file: trap.s
# input: hello\nexit\n
# codes: LDE007
# expect: lost s2 of pid 1
/^	EACH_REG lw/a\
	addi	s2, s2, 1
