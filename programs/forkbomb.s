# forkbomb.s - forks until the kernel says no.  Every child goes to sleep;
# the parent keeps forking until the process table (NPROC slots, limits.def)
# is full and fork fails cleanly with -EAGAIN (or -ENOMEM, if memory runs
# out first: try vm run --mem 1152K).  Nothing breaks: the kernel has a
# fixed maximum and says so.  Then the parent kills its children, waits for
# each one (their slots and memory are freed), and the system goes on:
# run `ps` afterwards.
#
# `forkbomb forever` is the real thing: every process forks in a loop,
# children too, and nobody cleans up; a failed fork just yields and tries
# again.  The table stays full, but the user keeps the machine: the
# shell's builtins need no fork (`ps`, `kill -1`, `exit`), and after
# `kill -1` programs run again.

	.text
# main: s0 = children forked, s1 = fork's answer, s2 = the next pid slot.
main:
	push	ra
	li	t0, 2
	blt	a0, t0, forkbomb.polite
	lw	a0, 4(a1)		# forkbomb forever?
	la	a1, forkbomb.s_forever
	call	strcmp
	beqz	a0, forkbomb.forever
forkbomb.polite:
	li	s0, 0
	la	s2, forkbomb.pids
forkbomb.loop:
	call	fork
	mov	s1, a0
	blt	s1, zero, forkbomb.full
	beqz	s1, forkbomb.child
	sw	s1, 0(s2)		# the parent: remember the child
	addi	s2, s2, 4
	addi	s0, s0, 1
	j	forkbomb.loop

forkbomb.full:
	call	forkbomb.used		# how full the table is now
	mov	s3, a0
	mov	a0, s1
	call	errname
	mov	a3, a0
	mov	a2, s1
	mov	a1, s0
	la	a0, forkbomb.s_failed
	call	printf
	la	a0, forkbomb.s_table
	mov	a1, s3
	li	a2, NPROC
	call	printf
	# Kill every child, then wait for all of them.
	la	s2, forkbomb.pids
	mov	s3, s0
forkbomb.kill:
	beqz	s3, forkbomb.reap
	lw	a0, 0(s2)
	call	kill
	addi	s2, s2, 4
	addi	s3, s3, -1
	j	forkbomb.kill
forkbomb.reap:
	li	s3, 0			# s3 = children reaped
forkbomb.wait:
	li	a0, 0
	call	wait
	blt	a0, zero, forkbomb.done	# -ECHILD: none left
	addi	s3, s3, 1
	j	forkbomb.wait
forkbomb.done:
	call	forkbomb.used
	mov	a2, a0
	mov	a1, s3
	la	a0, forkbomb.s_done
	call	printf
	li	a0, 0
	pop	ra
	ret

# forkbomb forever: fork, fork, fork, in every process, and never stop.
forkbomb.forever:
	call	fork
	bge	a0, zero, forkbomb.forever	# parent and child alike: again
	call	yield				# the table is full: try later
	j	forkbomb.forever

# A child: sleep until killed.
forkbomb.child:
	li	a0, 1000
	call	sleep
	j	forkbomb.child

# forkbomb.used() -> a0 = processes in the table.  Clobbers a1-a3, t0-t3.
forkbomb.used:
	push	ra
	la	a0, forkbomb.psbuf
	li	a1, NPROC
	call	ps
	pop	ra
	ret

	.data
	.align	4
forkbomb.pids:		.space	4 * NPROC
forkbomb.psbuf:		.space	NPROC * PS_BYTES
forkbomb.s_forever:	.asciz	"forever"
forkbomb.s_failed:	.asciz	"forkbomb: %d forks worked; the next one returned %d (%s)\n"
forkbomb.s_table:	.asciz	"forkbomb: the process table holds %d of %d processes\n"
forkbomb.s_done:	.asciz	"forkbomb: killed and reaped %d children; %d processes left, the system goes on\n"
