# hello.s, broken for tests/grade: a typo in the greeting (12 bytes, not 13).
	.text
main:
	push	ra
	la	a0, hello.msg
	call	puts
	li	a0, 0
	pop	ra
	ret

	.data
hello.msg:	.asciz	"hello, wrld"
