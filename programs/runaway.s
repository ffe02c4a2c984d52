# runaway.s - an orphan that never stops.  The parent forks a child and
# exits at once; the child, adopted by init, spins forever without a
# system call.  Nothing it does can keep the machine from its user: the
# timer still takes the CPU back every quantum (the shell answers), and
# `exit` at the shell still powers the machine off: init, left with
# children it did not start, ends them (kill) and reaps them first,
# announcing each on the trace ([os] pid 1 kills pid N).  Try:
#     $ runaway
#     $ ps
#     $ exit

	.text
main:
	push	ra
	call	fork
	blt	a0, zero, runaway.out
	beqz	a0, runaway.child
	mov	a1, a0
	la	a0, runaway.s_parent
	call	printf
	li	a0, 0
runaway.out:
	pop	ra
	ret				# exit without waiting for the child

runaway.child:				# no system call, ever again
	j	runaway.child

	.data
runaway.s_parent:	.asciz	"runaway: forked pid %d, which spins forever; exiting without it\n"
