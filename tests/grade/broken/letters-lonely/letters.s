# letters.s, broken for tests/grade: the child exits at once, so the
# parent prints all its letters alone and nobody shares the CPU with it.
	.text
main:
	li	s1, 60			# s1 = letters left
	call	fork
	beqz	a0, letters.exit	# the child: gone
letters.loop:
	ble	s1, zero, letters.end
	li	a0, 'a'
	call	putc
	li	t0, 300
letters.delay:
	addi	t0, t0, -1
	bgt	t0, zero, letters.delay
	addi	s1, s1, -1
	j	letters.loop
letters.end:
	li	a0, 0
	call	wait
	li	a0, '\n'
	call	putc
letters.exit:
	li	a0, 0
	call	exit
