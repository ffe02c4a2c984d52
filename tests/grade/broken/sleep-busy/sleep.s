# sleep.s, broken for tests/grade: waits by asking uptime() in a loop
# instead of sleeping, so it keeps the CPU busy all the while.
	.text
main:
	push	ra
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0			# s0 = ticks to wait
	call	uptime
	mov	s1, a0			# s1 = uptime before
	add	s2, s1, s0
sleep.wait:
	call	uptime
	blt	a0, s2, sleep.wait
	mov	a3, a0
	mov	a2, s1
	mov	a1, s0
	la	a0, sleep.s_slept
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
sleep.s_slept:	.asciz	"sleep: waited %d ticks, busily: uptime %d -> %d\n"
