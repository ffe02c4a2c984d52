# zombies.s - a parent that never waits.  It forks until the process table
# is full; every child exits at once and stays a zombie (its slot keeps
# its exit status until its parent waits for it, which this parent never
# does), then the parent sleeps forever.  The slots are gone: fork fails
# with -EAGAIN for everyone.  The way out is to end the parent (`kill`, a
# builtin of the shell: it needs no slot): its zombies go to init, which
# reaps them, and every slot is free again.  Try:
#     $ zombies &
#     $ ps
#     $ kill 3

	.text
main:
	li	s0, 0			# s0 = children forked
zombies.fork:
	call	fork
	blt	a0, zero, zombies.full
	beqz	a0, zombies.child
	addi	s0, s0, 1
	j	zombies.fork
zombies.full:
	mov	s1, a0
	call	errname
	mov	a2, a0
	mov	a1, s0
	la	a0, zombies.s_full
	call	printf
zombies.sleep:				# never wait(): the zombies stay
	li	a0, 1000
	call	sleep
	j	zombies.sleep
zombies.child:
	li	a0, 0
	call	exit

	.data
zombies.s_full:	.asciz	"zombies: %d children exited, none waited for; fork now fails with %s\n"
