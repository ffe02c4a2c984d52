# cat.s - cat: copies what is typed back to the console, a read() at a
# time, until end of input; then says how many reads it took.  A window on
# the console's line discipline (docs/kernel.md, "The console"): each read
# returns one line, or what was typed before a Ctrl-D in mid-line; a
# Ctrl-D at the start of a line is end of input (read returns 0), and only
# for this read: the shell reads on afterwards.  Try:
#     $ cat
#     abc<Ctrl-D>def<Enter><Ctrl-D>
CAT_BUF		= 256

	.text
# main: s0 = reads that returned bytes, s1 = bytes in all.
main:
	push	ra
	li	s0, 0
	li	s1, 0
cat.loop:
	li	a0, 0
	la	a1, cat.buf
	li	a2, CAT_BUF
	call	read
	ble	a0, zero, cat.end
	addi	s0, s0, 1
	add	s1, s1, a0
	mov	a2, a0
	li	a0, 1
	la	a1, cat.buf
	call	write
	j	cat.loop
cat.end:
	mov	a3, a0
	mov	a1, s0
	mov	a2, s1
	la	a0, cat.s_end
	call	printf
	li	a0, 0
	pop	ra
	ret

	.data
cat.s_end:	.asciz	"\ncat: end of input after %d reads, %d bytes (read returned %d)\n"
	.align	4
cat.buf:	.space	CAT_BUF
