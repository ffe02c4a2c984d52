# midline.s - console output with a trap in the middle of a line: "ab", a
# syscall (to a handler that only returns), then "c\n".  With --trace and
# the console in one file or terminal, each trace line starts a line of its
# own, not after "ab".
	.text
_start:
	la	t0, vectors
	mtcr	CR_IVEC, t0
	li	s0, DEV_CONS_OUT
	li	t0, 'a'
	sw	t0, 0(s0)
	li	t0, 'b'
	sw	t0, 0(s0)
	trap
	li	t0, 'c'
	sw	t0, 0(s0)
	li	t0, '\n'
	sw	t0, 0(s0)
	li	t0, DEV_POWER
	sw	zero, 0(t0)

handler:
	iret

	.data
	.align	4
vectors:
	.word	handler, handler, handler, handler, handler, handler, handler, handler
	.word	handler, handler, handler, handler, handler, handler, handler, handler
