# spin.s, broken for tests/grade: spins as it should, but says goodbye
# with a second write, one system call more than spin makes.
	.text
main:
	push	ra
	li	s0, 0			# s0 = loops so far
	lw	a0, 4(a1)
	call	atoi
	mov	s1, a0			# s1 = N
spin.loop:
	addi	s0, s0, 1
	bne	s0, s1, spin.loop
	la	a0, spin.s_done
	mov	a1, s0
	call	printf
	la	a0, spin.s_bye
	call	puts
	li	a0, 0
	pop	ra
	ret

	.data
spin.s_done:	.asciz	"spin: %d loops done, without a single system call\n"
spin.s_bye:	.asciz	"spin: bye"
