# alarm0.s - an alarm upcall whose saved context lands at user address 0.
# The kernel saves the interrupted context just below the user's sp; with
# sp at 80, that is virtual address 0, which is as valid an address as any
# other in the program's memory (its first bytes: crt0's code, which has
# run already).  sigreturn must take the context back from there: "no
# context" is a flag of its own in the kernel, not the address 0.
# Everything after the alarm is written without the library (its first
# functions sit where the context goes) and without the stack.

	.text
main:
	la	a0, alarm0.s_start
	call	putstr
	li	a0, 1			# alarm(1 tick, handler)
	la	a1, alarm0.handler
	call	alarm
	mov	s3, sp			# s3 = the real stack
	li	sp, 80			# the context goes to (80 - 72) & -16 = 0
alarm0.spin:
	la	t0, alarm0.flag
	lw	t0, 0(t0)
	beqz	t0, alarm0.spin
	mov	sp, s3			# back, after sigreturn: every register
					# as it was (sp too, s3 too)
	la	a1, alarm0.s_back
	li	a2, alarm0.s_back_end - alarm0.s_back
	j	alarm0.say

# The handler: sp = 0 (below the context), so no push: set the flag, then
# sigreturn, inline.  It returns only if the kernel refused.
alarm0.handler:
	la	t0, alarm0.flag
	li	t1, 1
	sw	t1, 0(t0)
	li	t0, SYS_SIGRETURN
	trap
	mov	sp, s3			# refused: say so
	la	a1, alarm0.s_refused
	li	a2, alarm0.s_refused_end - alarm0.s_refused
# alarm0.say: write(1, a1, a2), then exit(0 if sp was restored, else 1).
alarm0.say:
	li	a0, 1
	li	t0, SYS_WRITE
	trap
	la	t0, alarm0.s_back
	sub	a0, a1, t0
	snez	a0, a0
	li	t0, SYS_EXIT
	trap

	.data
	.align	4
alarm0.flag:	.word	0
alarm0.s_start:	.asciz	"alarm0: alarm in 1 tick, with sp = 80: the context goes to address 0\n"
alarm0.s_back:	.ascii	"alarm0: sigreturn restored the context from address 0; back in the loop\n"
alarm0.s_back_end:
alarm0.s_refused: .ascii "alarm0: sigreturn refused the context at address 0\n"
alarm0.s_refused_end:
