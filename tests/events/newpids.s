# newpids.s (timeline.sh) - a kernel that makes a new process at every
# turn, switches to it and frees none: each runs `trap` in user mode, and
# its system call makes the next.
	.text
_start:
	la	t0, vectors
	mtcr	CR_IVEC, t0
	li	t0, 0x8000
	mtcr	CR_KSP, t0
	la	t0, user
	mtcr	CR_BASE, t0
	li	t0, 8
	mtcr	CR_BOUND, t0
	li	s0, 1
next:
	li	t0, DEV_TRACE_ARG0
	sw	s0, 0(t0)
	li	t0, DEV_TRACE_EVENT
	li	t1, OSEV_CREATE
	sw	t1, 0(t0)
	li	t1, OSEV_SWITCH
	sw	t1, 0(t0)
	li	t0, DEV_TRACE_PID
	sw	s0, 0(t0)
	li	sp, 0x7FF0
	sw	zero, FRAME_PC(sp)
	li	t0, STATUS_UM | STATUS_IE
	sw	t0, FRAME_STATUS(sp)
	sw	zero, FRAME_SP(sp)
	iret
handler:
	addi	s0, s0, 1
	j	next
	.align	16
user:
	trap
	j	0
	.data
	.align	4
vectors:
	.word	handler, handler, handler, handler, handler, handler, handler, handler
	.word	handler, handler, handler, handler, handler, handler, handler, handler
