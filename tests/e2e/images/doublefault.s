# doublefault.s - a kernel that forgets to set up its kernel stack.
# The trap table is set, user mode is entered, and the first syscall finds
# KSP = 0: trap entry cannot push the frame, which is a double fault.  The
# machine must stop with a diagnostic; the host must not crash.
	.text
_start:
	la	t0, vectors
	mtcr	CR_IVEC, t0
	li	t0, 0x10000		# user window: base 0, bound 64 KiB
	mtcr	CR_BOUND, t0
	# Build a frame by hand and return-from-trap into user mode at `user`.
	la	t0, frame
	mov	sp, t0
	iret

user:
	trap			# no kernel stack: double fault
	j	user

handler:
	halt

	.data
	.align	4
frame:	.word	user - 0, STATUS_UM, 0x8000, 0
vectors:
	.word	handler, handler, handler, handler, handler, handler, handler, handler
	.word	handler, handler, handler, handler, handler, handler, handler, handler
