# many_findings.s - a kernel that returns to user mode from a new iret each
# time (it writes one a word further on, then jumps to it), with the timer
# never armed: every return is a new LDE002 cause (keyed by the iret's pc).
# vm lint once kept them all and searched them one by one: the report and
# its cost grew without bound (800,000 instructions took 11 s). Written by
# a reviewer; tests/lint/many_findings.sh runs it.
	.text
_start:
	la	t0, vectors
	mtcr	CR_IVEC, t0
	li	t0, 0x8000
	mtcr	CR_KSP, t0
	li	t0, 0x100000
	mtcr	CR_BASE, t0
	li	t0, 0x1000
	mtcr	CR_BOUND, t0
	li	t1, 0x100000
	li	t0, 0x00000050		# trap
	sw	t0, 0(t1)
	li	s0, 0x200000
loop:
	li	t0, 0x00000060		# iret
	sw	t0, 0(s0)
	li	sp, 0x7FF0
	sw	zero, FRAME_PC(sp)
	li	t0, STATUS_UM | STATUS_IE
	sw	t0, FRAME_STATUS(sp)
	sw	zero, FRAME_SP(sp)
	jalr	zero, 0(s0)
handler:
	addi	s0, s0, 4
	j	loop
	.data
	.align 4
vectors:
	.word	handler, handler, handler, handler, handler, handler, handler, handler
	.word	handler, handler, handler, handler, handler, handler, handler, handler
