# bigwrite.s - bigwrite [KIB]: one write() of KIB kibibytes (64 if not
# given) to the console, in a single system call.  The kernel must not let
# one call keep the CPU: it writes a chunk at a time (WRITE_CHUNK_BYTES),
# with a preemption point between two chunks where the timer interrupt is
# taken, so a program running beside it keeps getting its quanta.  Under
# vm run --trace the call shows up as lines like
#     [os] pid 3 preempted inside syscall write: ...
# and every byte still arrives once, in order: the buffer is lines of 63
# letters, 'a' to 'z' and again, each ending in '\n'.  Try:
#     $ spin &
#     $ bigwrite 4096
BIGWRITE_LINE	= 64			# bytes a line, '\n' included
BIGWRITE_KIB	= 64			# the default size

	.text
# main: s0 = bytes to write, s1 = the buffer, s2 = write's answer.
main:
	push	ra
	li	s0, BIGWRITE_KIB
	li	t0, 2
	blt	a0, t0, bigwrite.size
	lw	a0, 4(a1)
	call	atoi
	mov	s0, a0
	ble	s0, zero, bigwrite.usage
bigwrite.size:
	slli	s0, s0, 10		# KiB -> bytes
	mov	a0, s0			# the buffer: new memory at the break
	call	sbrk
	blt	a0, zero, bigwrite.nomem
	mov	s1, a0
	mov	a0, s1			# fill it with the lines
	mov	a1, s0
	call	bigwrite.fill
	li	a0, 1			# the one big call
	mov	a1, s1
	mov	a2, s0
	call	write
	mov	s2, a0
	la	a0, bigwrite.s_done
	mov	a1, s0
	mov	a2, s2
	call	printf
	li	a0, 0
	bne	s2, s0, bigwrite.short
	pop	ra
	ret
bigwrite.short:
	li	a0, 1
	pop	ra
	ret
bigwrite.usage:
	la	a0, bigwrite.s_usage
	call	putstr
	li	a0, 2
	pop	ra
	ret
bigwrite.nomem:
	mov	s2, a0
	call	errname
	mov	a2, a0
	mov	a1, s2
	la	a0, bigwrite.s_nomem
	call	printf
	li	a0, 1
	pop	ra
	ret

# bigwrite.fill(buf, n): lines of BIGWRITE_LINE - 1 letters and '\n', the
# letter of line k being 'a' + k % 26.  n is a multiple of 1024, so of the
# line length.  Clobbers a0-a3, t0-t3.
bigwrite.fill:
	add	a1, a0, a1		# a1 = the end
	li	a2, 'a'			# a2 = this line's letter
bigwrite.line:
	beq	a0, a1, bigwrite.filled
	addi	t0, a0, BIGWRITE_LINE - 1
bigwrite.letter:
	sb	a2, 0(a0)
	addi	a0, a0, 1
	bne	a0, t0, bigwrite.letter
	li	t1, '\n'
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a2, a2, 1
	li	t1, 'z' + 1
	bne	a2, t1, bigwrite.line
	li	a2, 'a'
	j	bigwrite.line
bigwrite.filled:
	ret

	.data
bigwrite.s_done:	.asciz	"bigwrite: write(1, buf, %d) returned %d\n"
bigwrite.s_usage:	.asciz	"usage: bigwrite [KIB]   (KIB > 0 kibibytes, 64 if not given)\n"
bigwrite.s_nomem:	.asciz	"bigwrite: no memory for the buffer: sbrk returned %d (%s)\n"
