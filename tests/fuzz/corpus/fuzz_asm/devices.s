# seed: every device register read and written, right and wrong; the
# handler skips each faulting instruction
	.text
_start:	la	t0, vec
	mtcr	CR_IVEC, t0
	li	s0, DEV_CONS_OUT
	li	t1, 'A'
	sw	t1, 0(s0)
	lw	t1, 0(s0)
	lw	t1, 4(s0)
	sw	t1, 4(s0)
	lw	t1, 8(s0)
	sw	t1, 8(s0)
	lw	t1, 12(s0)
	sw	t1, 16(s0)
	lw	t1, 16(s0)
	sw	t1, 20(s0)
	lw	t1, 20(s0)
	sw	t1, 24(s0)
	lw	t1, 24(s0)
	lw	t1, 28(s0)
	sw	t1, 28(s0)
	lw	t1, 32(s0)
	sw	t1, 32(s0)
	lb	t1, 0(s0)
	sh	t1, 0(s0)
	lw	t1, -4(s0)
	wfi
	wfi
	li	t1, 5
	mtcr	CR_TIMER, t1
	wfi
	mtcr	CR_TIMER, zero
	wfi
	li	t1, 3
	sw	t1, 12(s0)
handler:
	lw	t1, 0(sp)
	addi	t1, t1, 4
	sw	t1, 0(sp)
	iret
vec:	.word	handler, handler, handler, handler, handler, handler, handler, handler, handler, handler
