# seed: timer and console interrupts while the kernel waits in wfi
	.text
_start:	la	t0, vec
	mtcr	CR_IVEC, t0
	li	t0, 300
	mtcr	CR_TPERIOD, t0
	mtcr	CR_TIMER, t0
	li	t0, STATUS_IE
	mtcr	CR_STATUS, t0
	li	s0, 0
idle:	wfi
	li	t0, 20
	bltu	s0, t0, idle
	mfcr	a0, CR_INSTRET
	mfcr	a1, CR_PENDING
	mfcr	a2, CR_TIMER
	halt
handler:
	addi	s0, s0, 1
	mfcr	t1, CR_CAUSE
	li	t2, TRAP_CONSOLE
	bne	t1, t2, ret
	li	t2, DEV_CONS_IN
	lw	t2, 0(t2)
ret:	iret
vec:	.word	handler, handler, handler, handler, handler, handler, handler, handler, handler, handler
