# spin.s, broken for tests/grade: a polite spin that yields every 100
# loops, so the timer is not what takes the CPU back.
	.text
main:
	push	ra
	li	s0, 0			# s0 = loops so far
	li	s1, 0			# s1 = N
	li	t0, 2
	blt	a0, t0, spin.loop
	lw	a0, 4(a1)
	call	atoi
	mov	s1, a0
spin.loop:
	addi	s0, s0, 1
	li	t0, 100
	rem	t0, s0, t0
	bnez	t0, spin.next
	call	yield
spin.next:
	bne	s0, s1, spin.loop
	la	a0, spin.s_done
	mov	a1, s0
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
spin.s_done:	.asciz	"spin: %d loops done, yielding every 100\n"
