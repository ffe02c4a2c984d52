# evil-peek.s - a process tries to read another process's memory.  The
# parent keeps a secret in its memory and prints where it is: at virtual
# address S, which base and bound place at physical BASE + S.  Its child
# (a fork: a copy of the parent in memory of its own) then reads the
# parent's physical address BASE + S.  But every address a user program
# uses is virtual: for the child, BASE + S means "its own BASE + BASE + S",
# far beyond its BOUND, so the hardware refuses the load and the kernel
# kills the child:
#     pid 5 (evil-peek): protection fault at 0x... (address 0x...); killed
# There is no address a process can write that reaches memory outside its
# window.  The parent, untouched, prints its secret again.
# The lecture's "memory protection: at all times, the functions used by
# different processes map to disjoint ranges".

	.text
main:
	push	ra
	call	ps_self
	lw	s1, PS_BASE(a0)		# s1 = the parent's BASE
	la	t0, evil_peek.secret
	add	s2, s1, t0		# s2 = the secret's physical address
	call	getpid
	mov	a1, a0
	la	a0, evil_peek.s_parent
	la	t0, evil_peek.secret
	lw	a2, 0(t0)
	mov	a3, t0
	addi	sp, sp, -4
	sw	s2, 0(sp)
	call	printf			# pid, secret, virtual, physical
	addi	sp, sp, 4
	call	fork
	blt	a0, zero, evil_peek.nofork
	beqz	a0, evil_peek.child
	mov	s0, a0			# s0 = the child's pid
	addi	sp, sp, -4
	mov	a0, sp
	call	wait			# the child's status at 0(sp)
	lw	a2, 0(sp)
	addi	sp, sp, 4
	mov	a1, s0
	la	a0, evil_peek.s_after
	la	t0, evil_peek.secret
	lw	a3, 0(t0)
	call	printf
	li	a0, 0
	pop	ra
	ret
evil_peek.nofork:
	li	a0, 1
	pop	ra
	ret

evil_peek.child:
	call	ps_self
	lw	s3, PS_BASE(a0)		# s3 = the child's own BASE
	call	getpid
	mov	a1, a0
	mov	a2, s3
	mov	a3, s2
	la	a0, evil_peek.s_child
	call	printf
	lw	a1, 0(s2)		# the peek: virtual s2, beyond our BOUND
	la	a0, evil_peek.s_stolen	# not reached
	call	printf
	li	a0, 1
	call	exit

	.data
	.align	4
evil_peek.secret:	.word	0x5EC2E7
evil_peek.s_parent:	.asciz	"evil-peek: parent pid %d keeps the secret 0x%x at virtual 0x%08x, physical 0x%08x\n"
evil_peek.s_child:	.asciz	"evil-peek: child pid %d (BASE 0x%08x) reads virtual 0x%08x, the parent's physical address\n"
evil_peek.s_stolen:	.asciz	"evil-peek: stole 0x%x?! base and bound did not protect the parent\n"
evil_peek.s_after:	.asciz	"evil-peek: child %d ended with status %d; my secret is still 0x%x\n"
