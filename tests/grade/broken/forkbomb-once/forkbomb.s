# forkbomb.s, broken for tests/grade: forks once, waits, and stops there.
	.text
main:
	push	ra
	call	fork
	beqz	a0, bomb.child
	li	a0, 0
	call	wait
	la	a0, bomb.msg
	call	puts
	li	a0, 0
	pop	ra
	ret
bomb.child:
	li	a0, 0
	call	exit

	.data
bomb.msg:	.asciz	"forkbomb: one fork is enough"
