# evil-kmem.s, broken for tests/grade: reads its own memory (address 16,
# inside its bound), so nothing faults.
	.text
main:
	push	ra
	li	t0, 16
	lw	a1, 0(t0)
	la	a0, evil.msg
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
evil.msg:	.asciz	"evil-kmem: read 0x%x at 16, my own memory\n"
