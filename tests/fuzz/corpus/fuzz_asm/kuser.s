# seed: a kernel that sets the vector, the kernel stack, base/bound and the
# timer, copies a user program to 0x4000 and irets to it; the handler skips
# faulting instructions and reads console input.
	.text
_start:	la	t0, vec
	mtcr	CR_IVEC, t0
	li	t0, 0x8000
	mtcr	CR_KSP, t0
	li	t0, 0x4000
	mtcr	CR_BASE, t0
	li	t0, 0x1000
	mtcr	CR_BOUND, t0
	li	t0, 97
	mtcr	CR_TPERIOD, t0
	mtcr	CR_TIMER, t0
	la	t1, ucode
	la	t2, uend
	li	t3, 0x4000
copy:	lw	s0, 0(t1)
	sw	s0, 0(t3)
	addi	t1, t1, 4
	addi	t3, t3, 4
	bltu	t1, t2, copy
	li	sp, 0x7000
	addi	sp, sp, -16
	sw	zero, 0(sp)
	li	t0, 3
	sw	t0, 4(sp)
	li	t0, 0x1000
	sw	t0, 8(sp)
	iret
handler:
	addi	sp, sp, -8
	sw	t0, 0(sp)
	sw	t1, 4(sp)
	mfcr	t0, CR_CAUSE
	li	t1, TRAP_CONSOLE
	bne	t0, t1, notcons
	li	t1, DEV_CONS_IN
	lw	t1, 0(t1)
	li	t0, DEV_CONS_OUT
	sw	t1, 0(t0)
	j	done
notcons:
	li	t1, TRAP_BREAKPOINT
	bgeu	t0, t1, done
	lw	t1, 8(sp)
	addi	t1, t1, 4
	sw	t1, 8(sp)
done:	lw	t0, 0(sp)
	lw	t1, 4(sp)
	addi	sp, sp, 8
	iret
vec:	.word	handler, handler, handler, handler, handler, handler, handler, handler, handler, handler
ucode:	li	a0, 0x100
	sw	a0, 0(a0)
	lw	a1, 0(a0)
	lw	a1, 0xFFC(zero)
	lw	a1, 0x1000(zero)
	sw	a1, -4(zero)
	lh	a2, 2(a0)
	lh	a2, 1(a0)
	lbu	a3, 0xFFF(zero)
	div	t0, a0, zero
	li	t0, 7
	trap
	break
	.word	0
	mfcr	t0, CR_STATUS
	halt
	li	t1, DEV_CONS_OUT
	sw	a0, 0(t1)
	jalr	zero, 2(zero)
	li	t1, 0x0FFC
	jalr	ra, 0(t1)
	j	ucode
uend:
