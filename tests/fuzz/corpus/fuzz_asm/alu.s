# seed: arithmetic edge cases, then halt
	.text
_start:	li	t0, 0x80000000
	li	t1, -1
	div	a0, t0, t1
	rem	a1, t0, t1
	divu	a2, t0, t1
	remu	a3, t0, t1
	mul	s0, t0, t1
	mulh	s1, t0, t1
	mulhu	s2, t0, t1
	sra	s3, t0, t1
	srl	t2, t0, t1
	sll	t3, t1, t1
	slt	a0, t0, t1
	sltu	a1, t0, t1
	slti	a2, t0, -1
	sltiu	a3, t0, -1
	srai	s0, t0, 31
	slli	s1, t1, 31
	lui	s2, 0xFFFF
	xori	s3, s2, 0xFFFF
	jal	ra, next
next:	mfcr	a0, CR_INSTRETH
	mtcr	CR_SCRATCH, ra
	halt
