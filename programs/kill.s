# kill.s - kill PID: asks the kernel to end a process (the kill system
# call).  The process exits with status -1 the next time it enters or leaves
# the kernel; a spinning one is caught at its next timer interrupt.
# Run:  $ spin &     then     $ kill 4

	.text
main:
	push	ra
	push	s0
	li	t0, 2
	bne	a0, t0, kill.usage
	lw	s0, 4(a1)		# argv[1]
	mov	a0, s0
	call	atoi
	beq	a1, s0, kill.usage	# not a number
	lbu	t0, 0(a1)
	bnez	t0, kill.usage
	mov	s0, a0			# s0 = the pid
	call	kill
	bge	a0, zero, kill.done
	mov	a2, a0
	call	errname
	mov	a3, a0
	mov	a1, s0
	la	a0, kill.s_failed
	call	printf
	li	a0, 1
	j	kill.out
kill.usage:
	la	a0, kill.s_usage
	call	putstr
	li	a0, 2
	j	kill.out
kill.done:
	li	a0, 0
kill.out:
	pop	s0
	pop	ra
	ret

	.data
kill.s_usage:	.asciz	"usage: kill PID\n"
kill.s_failed:	.asciz	"kill: %d: %d (%s)\n"
