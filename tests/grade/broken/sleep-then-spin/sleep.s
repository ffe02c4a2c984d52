# sleep.s, broken for tests/grade: sleeps as it should, then spins for a
# while before it prints, so the timer finds it running in user mode.
	.text
main:
	push	ra
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0			# s0 = ticks to sleep
	call	uptime
	mov	s1, a0			# s1 = uptime before
	mov	a0, s0
	call	sleep
	li	t0, 100000		# 200000 instructions of nothing
sleep.spin:
	addi	t0, t0, -1
	bnez	t0, sleep.spin
	call	uptime
	mov	a3, a0
	mov	a2, s1
	mov	a1, s0
	la	a0, sleep.s_slept
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
sleep.s_slept:	.asciz	"sleep: asked for %d ticks: uptime %d -> %d\n"
