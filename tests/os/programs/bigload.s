# bigload.s - a program that is big on disk: 2 MiB of data in its image,
# so that exec has megabytes to load (tests/os/control.sh).  The kernel
# loads it a chunk at a time, with preemption points between; the last
# word of the data must arrive like the first.
BIGLOAD_BYTES	= 2 * 1024 * 1024

	.text
main:
	push	ra
	la	t0, bigload.data
	lw	a1, 0(t0)
	li	t1, BIGLOAD_BYTES - 4
	add	t0, t0, t1
	lw	a2, 0(t0)
	la	a0, bigload.s_loaded
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
bigload.s_loaded: .asciz "bigload: loaded; first word 0x%x, last word 0x%x\n"
	.align	4
bigload.data:	.word	0xf1257
	.space	BIGLOAD_BYTES - 8
	.word	0x1a57
