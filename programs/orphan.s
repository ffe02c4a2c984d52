# orphan.s - a parent that does not wait.  The parent forks a child and
# exits at once; the child, now an orphan, is handed by the kernel to pid 1,
# init, which waits for it when it exits (init.s), so it does not stay a
# zombie.  The child prints its parent's pid before and after.
# Run:  $ orphan     (the child speaks after the next prompt: it sleeps)

	.text
main:
	push	ra
	call	fork
	blt	a0, zero, orphan.out
	beqz	a0, orphan.child
	mov	a1, a0
	la	a0, orphan.s_parent
	call	printf
	li	a0, 0
orphan.out:
	pop	ra
	ret				# exit without waiting for the child

orphan.child:
	call	getppid
	mov	a1, a0
	la	a0, orphan.s_before
	call	printf
	li	a0, 2
	call	sleep			# meanwhile the parent exits
	call	getppid
	mov	a1, a0
	la	a0, orphan.s_after
	call	printf
	li	a0, 0
	call	exit

	.data
orphan.s_parent:	.asciz	"orphan: parent: forked pid %d, exiting without waiting for it\n"
orphan.s_before:	.asciz	"orphan: child: my parent is pid %d\n"
orphan.s_after:		.asciz	"orphan: child: my parent is pid %d now: init adopted me\n"
