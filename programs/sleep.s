# sleep.s - sleep TICKS: blocks in the kernel for TICKS timer ticks.  A
# sleeping process is not ready, so the scheduler never picks it and it
# costs no CPU: `ps` shows it blocked.  It prints the uptime (ticks since
# boot) before and after.  Try it in the background:
#     $ sleep 20 &
#     $ ps

	.text
main:
	push	ra
	li	t0, 2
	bne	a0, t0, sleep.usage
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0			# s0 = ticks to sleep
	call	uptime
	mov	s1, a0			# s1 = uptime before
	mov	a0, s0
	call	sleep
	call	uptime
	mov	a3, a0
	mov	a2, s1
	mov	a1, s0
	la	a0, sleep.s_slept
	call	printf
	li	a0, 0
	pop	ra
	ret
sleep.usage:
	la	a0, sleep.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret

	.data
sleep.s_slept:	.asciz	"sleep: asked for %d ticks: uptime %d -> %d\n"
sleep.s_usage:	.asciz	"usage: sleep TICKS\n"
