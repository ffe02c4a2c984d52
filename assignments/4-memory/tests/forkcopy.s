# forkcopy.s - fork copies all of the parent's memory (assignment 4's
# test).  The parent grows its memory by 32 KiB with sbrk and fills every
# word of it, and a word on its stack, with values made from its pid; then
# it forks.  The child checks every one of them: the same virtual
# addresses must hold the same values in its own region.  A fork that
# copies too little leaves the child whatever was in that memory before.

FORKCOPY_BYTES	= 32768

	.text
main:
	push	ra
	push	s0
	call	getpid
	slli	s0, a0, 16		# s0 = the pattern's seed: pid << 16
	li	a0, FORKCOPY_BYTES
	call	sbrk
	blt	a0, zero, forkcopy.nomem
	mov	s1, a0			# s1 = the new memory
	li	t0, FORKCOPY_BYTES
	add	s2, s1, t0		# s2 = its end
	mov	t0, s1
forkcopy.fill:				# word at v holds seed ^ v
	xor	t1, s0, t0
	sw	t1, 0(t0)
	addi	t0, t0, 4
	bne	t0, s2, forkcopy.fill
	sw	s0, 0(sp)		# our stack's top word holds the seed too
	call	fork
	blt	a0, zero, forkcopy.nofork
	beqz	a0, forkcopy.child
	li	a0, 0			# the parent waits
	call	wait
	li	a0, 0
	j	forkcopy.out
forkcopy.child:
	lw	t1, 0(sp)
	bne	t1, s0, forkcopy.stack_differs
	mov	t0, s1
forkcopy.check:
	xor	t1, s0, t0
	lw	t2, 0(t0)
	bne	t1, t2, forkcopy.differs
	addi	t0, t0, 4
	bne	t0, s2, forkcopy.check
	la	a0, forkcopy.s_same
	li	a1, FORKCOPY_BYTES
	call	printf
	li	a0, 0
	j	forkcopy.out
forkcopy.differs:
	mov	a1, t0
	la	a0, forkcopy.s_differs
	call	printf
	li	a0, 1
	j	forkcopy.out
forkcopy.stack_differs:
	la	a0, forkcopy.s_stack
	call	putstr
	li	a0, 1
	j	forkcopy.out
forkcopy.nomem:
forkcopy.nofork:
	mov	a1, a0
	la	a0, forkcopy.s_failed
	call	printf
	li	a0, 2
forkcopy.out:
	pop	s0
	pop	ra
	ret

	.data
forkcopy.s_same:	.asciz	"forkcopy: the child sees the parent's stack and all %d bytes of its heap\n"
forkcopy.s_differs:	.asciz	"forkcopy: the child's word at 0x%08x is not the parent's\n"
forkcopy.s_stack:	.asciz	"forkcopy: the child's stack is not the parent's\n"
forkcopy.s_failed:	.asciz	"forkcopy: sbrk or fork failed: %d\n"
