# bench.s - what every guest benchmark of bench/ shares: reading R (the
# repetitions) from argv[1] and printing the result.  Assembled after the
# user library (programs/lib) and before the benchmark's own file.  None of
# this runs inside a benchmark's timed loop.

	.text
# bench_reps(argc, argv, default) -> a0 = R, the repetitions: argv[1] if
# there is one (a whole decimal or 0x number, 0 or more), else default.
# On a bad argument, prints "usage: NAME [R]" and exits with status 2.
#   Clobbers a1-a3, t0-t3.
bench_reps:
	li	t0, 2
	blt	a0, t0, bench_reps.default
	bne	a0, t0, bench_reps.usage	# more than one argument
	push	ra
	push	a1
	lw	a0, 4(a1)
	call	atoi			# a0 = the value, a1 = the first byte not used
	pop	t1			# t1 = argv
	pop	ra
	lw	t0, 4(t1)
	beq	a1, t0, bench_reps.bad	# no digit at all
	lbu	t0, 0(a1)
	bnez	t0, bench_reps.bad	# something after the number
	blt	a0, zero, bench_reps.bad
	ret
bench_reps.bad:
	mov	a1, t1
	j	bench_reps.usage
bench_reps.default:
	mov	a0, a2
	ret
bench_reps.usage:
	lw	a1, 0(a1)		# argv[0], the program's name
	la	a0, bench.s_usage
	call	printf
	li	a0, 2
	call	exit

# bench_result(total): print the result as an unsigned decimal and a
# newline, the line the C version prints too.  Clobbers a0-a3, t0-t3.
bench_result:
	mov	a1, a0
	la	a0, bench.s_result
	j	printf			# a tail call: printf returns to our caller

# bench_nomem(): sbrk failed: say so and exit with status 1.
bench_nomem:
	la	a0, bench.s_nomem
	call	putstr
	li	a0, 1
	call	exit

	.data
bench.s_usage:	.asciz	"usage: %s [R]  (R: repetitions, 0 or more)\n"
bench.s_result:	.asciz	"%u\n"
bench.s_nomem:	.asciz	"bench: out of memory\n"
