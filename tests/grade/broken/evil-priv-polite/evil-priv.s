# evil-priv.s, broken for tests/grade: never tries a privileged instruction.
	.text
main:
	push	ra
	la	a0, evil.msg
	call	puts
	li	a0, 0
	pop	ra
	ret

	.data
evil.msg:	.asciz	"evil-priv: I would never run halt"
