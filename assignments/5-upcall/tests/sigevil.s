# sigevil.s - a handler that rewrites its saved context (assignment 5's
# test).  The alarm upcall saves the interrupted context on the program's
# own stack, where the program can change it before sigreturn() puts it
# back.  This handler clears the saved status's IE bit: interrupts off in
# user mode, so that the timer could never take the CPU back.  sigreturn
# must not trust the copy: the program must come back with interrupts on
# (user mode, IE), and be preempted in its long loop as any other.

SIGEVIL_STATUS	= 56 + FRAME_STATUS	# the trap frame's status (kernel's TF_STATUS)

	.text
main:
	push	ra
	li	a0, 1
	la	a1, sigevil.handler
	call	alarm
sigevil.wait:				# until the handler has run
	la	t0, sigevil.flag
	lw	t0, 0(t0)
	beqz	t0, sigevil.wait
	li	s0, 200000		# then a long loop: the timer must stop it
sigevil.loop:
	addi	s0, s0, -1
	bnez	s0, sigevil.loop
	la	a0, sigevil.s_done
	call	putstr
	li	a0, 0
	pop	ra
	ret

sigevil.handler:
	li	t0, STATUS_UM		# user mode, interrupts off
	sw	t0, SIGEVIL_STATUS(sp)
	la	t0, sigevil.flag
	li	t1, 1
	sw	t1, 0(t0)
	call	sigreturn
	li	a0, 1
	call	exit

	.data
	.align	4
sigevil.flag:	.word	0
sigevil.s_done:	.asciz	"sigevil: done\n"
