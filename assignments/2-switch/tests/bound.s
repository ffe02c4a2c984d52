# bound.s - the hardware's window is exactly the process's memory
# (assignment 2's test: dispatch sets BASE and BOUND).  The break,
# sbrk(0), is where the process's memory ends: BOUND.  After a yield (so
# that dispatch has set the window again), the program reads the word
# just below the break, which must work, then the word at the break,
# which must not: the kernel kills it with a protection fault.  If it
# survives it says so: the bound is too large, and the process can read
# memory that is not its own.

	.text
main:
	push	ra
	call	yield			# dispatch sets BASE and BOUND
	li	a0, 0
	call	sbrk			# a0 = the break = BOUND
	mov	s1, a0
	la	a0, bound.s_last
	mov	a1, s1
	call	printf
	lw	t0, -4(s1)		# the last word: ours
	la	a0, bound.s_past
	mov	a1, s1
	call	printf
	lw	t0, 0(s1)		# the first word past it: not ours
	la	a0, bound.s_survived
	mov	a1, s1
	call	printf
	li	a0, 1
	pop	ra
	ret

	.data
bound.s_last:	.asciz	"bound: break at 0x%x: reading the last word below it\n"
bound.s_past:	.asciz	"bound: now reading the word at 0x%x, past the end\n"
bound.s_survived: .asciz "bound: read past the end at 0x%x and survived: the bound is too large\n"
