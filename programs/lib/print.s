# print.s - printing for user programs: printf, a small formatted print, and
# putc, putstr, puts, putdec, puthex built on it.  Everything goes to fd 1,
# the console.
#
# printf(fmt, ...) -> a0 = the number of bytes printed.
#   The format is copied to the output except for conversions:
#     %d  signed decimal        %u  unsigned decimal     %x  hexadecimal
#     %s  string (NUL-ended)    %c  one character        %%  a '%'
#   Between '%' and the letter: '-' (left-justify), '0' (pad numbers with
#   zeros), and a minimum width in decimal:  "%5d" "%-8s" "%08x".
#   The arguments: the first three in a1, a2, a3, the fourth and later on
#   the caller's stack, 0(sp), 4(sp), ... at the call (C's convention for a
#   variable number of arguments).  printf starts by storing a1-a3 just
#   below them, so all the arguments lie in a row and one pointer walks it.
#   Output is gathered in a buffer on printf's own stack and written with one
#   write() per 128 bytes: a short line reaches the console in one system
#   call, so lines of processes running at the same time do not mix.
#   Clobbers a1-a3, t0-t3 (the calling convention's caller-saved registers).

PF_BUFSZ	= 128			# bytes of output gathered before a write()
PF_NUM		= PF_BUFSZ		# 12 bytes: the digits of a number, built backwards
PF_WIDTH	= PF_NUM + 12		# the conversion's minimum width
PF_FLAGS	= PF_WIDTH + 4		# PF_LEFT | PF_ZERO
PF_COUNT	= PF_FLAGS + 4		# bytes written so far
PF_RA		= PF_COUNT + 4		# the caller's registers
PF_S0		= PF_RA + 4
PF_S1		= PF_S0 + 4
PF_S2		= PF_S1 + 4
PF_S3		= PF_S2 + 4
PF_FP		= PF_S3 + 4
PF_FRAME	= PF_FP + 4		# printf's frame; the arguments start right above
PF_LEFT		= 1
PF_ZERO		= 2

	.text
# printf's registers while it runs:
#   s0 = the next byte of the format     s1 = the next argument
#   s2 = the end of the buffered output  fp = printf's frame (buffer at 0(fp))
printf:
	addi	sp, sp, -12
	sw	a1, 0(sp)		# arguments 1-3, just below the caller's 4th...
	sw	a2, 4(sp)
	sw	a3, 8(sp)
	addi	sp, sp, -PF_FRAME
	sw	ra, PF_RA(sp)
	sw	s0, PF_S0(sp)
	sw	s1, PF_S1(sp)
	sw	s2, PF_S2(sp)
	sw	s3, PF_S3(sp)
	sw	fp, PF_FP(sp)
	mov	fp, sp
	mov	s0, a0
	addi	s1, fp, PF_FRAME	# the first argument
	mov	s2, fp			# the buffer is empty
	sw	zero, PF_COUNT(fp)
printf.loop:
	lbu	a0, 0(s0)
	beqz	a0, printf.end
	addi	s0, s0, 1
	li	t0, '%'
	beq	a0, t0, printf.spec
	call	printf.emit
	j	printf.loop

printf.spec:				# '%' [-0]* [width] letter
	sw	zero, PF_FLAGS(fp)
	sw	zero, PF_WIDTH(fp)
printf.flag:
	lbu	t1, 0(s0)
	li	t0, '-'
	li	t2, PF_LEFT
	beq	t1, t0, printf.setflag
	li	t0, '0'
	li	t2, PF_ZERO
	bne	t1, t0, printf.width
printf.setflag:
	lw	t0, PF_FLAGS(fp)
	or	t0, t0, t2
	sw	t0, PF_FLAGS(fp)
	addi	s0, s0, 1
	j	printf.flag
printf.width:
	lbu	t1, 0(s0)
	addi	t1, t1, -'0'
	li	t0, 10
	bgeu	t1, t0, printf.conv	# not a digit
	lw	t2, PF_WIDTH(fp)
	mul	t2, t2, t0
	add	t2, t2, t1
	sw	t2, PF_WIDTH(fp)
	addi	s0, s0, 1
	j	printf.width
printf.conv:
	lbu	t1, 0(s0)
	beqz	t1, printf.end		# a lone '%' at the end: nothing more
	addi	s0, s0, 1
	li	t0, 'd'
	beq	t1, t0, printf.d
	li	t0, 'u'
	beq	t1, t0, printf.u
	li	t0, 'x'
	beq	t1, t0, printf.x
	li	t0, 's'
	beq	t1, t0, printf.s
	li	t0, 'c'
	beq	t1, t0, printf.c
	mov	a0, t1			# "%%", and any letter we do not know: itself
	call	printf.emit
	j	printf.loop
printf.d:
	li	a1, 10
	li	a2, 1
	j	printf.number
printf.u:
	li	a1, 10
	li	a2, 0
	j	printf.number
printf.x:
	li	a1, 16
	li	a2, 0
printf.number:
	lw	a0, 0(s1)
	addi	s1, s1, 4
	call	printf.num
	j	printf.loop
printf.s:
	lw	s3, 0(s1)
	addi	s1, s1, 4
	bnez	s3, printf.s_text
	la	s3, printf.null		# printf("%s", 0) prints "(null)", like glibc
printf.s_text:
	mov	a0, s3
	call	strlen
	mov	a1, a0
	mov	a0, s3
	li	a2, 0
	call	printf.field
	j	printf.loop
printf.c:
	lw	t0, 0(s1)
	addi	s1, s1, 4
	sb	t0, PF_NUM(fp)
	addi	a0, fp, PF_NUM
	li	a1, 1
	li	a2, 0
	call	printf.field
	j	printf.loop

printf.end:
	call	printf.flush
	lw	a0, PF_COUNT(fp)
	lw	ra, PF_RA(fp)
	lw	s0, PF_S0(fp)
	lw	s1, PF_S1(fp)
	lw	s2, PF_S2(fp)
	lw	s3, PF_S3(fp)
	addi	sp, fp, PF_FRAME + 12
	lw	fp, PF_FP(fp)
	ret

# printf.num: one number, in the current field.
#   in: a0 = the value, a1 = the base (10 or 16), a2 = 1 if a0 is signed
#   Clobbers a0-a3, t0-t2.
printf.num:
	push	ra
	li	a3, 0			# a3 = the sign to print, or 0
	beqz	a2, printf.num_digits
	bge	a0, zero, printf.num_digits
	neg	a0, a0			# INT_MIN stays 0x80000000: right as unsigned
	li	a3, '-'
printf.num_digits:
	addi	t1, fp, PF_NUM + 12	# the digits, lowest first, from the end back
printf.num_loop:
	remu	t0, a0, a1
	divu	a0, a0, a1
	addi	t0, t0, '0'
	li	t2, '9'
	ble	t0, t2, printf.num_put
	addi	t0, t0, 'a' - '9' - 1	# 10..15 -> 'a'..'f'
printf.num_put:
	addi	t1, t1, -1
	sb	t0, 0(t1)
	bnez	a0, printf.num_loop
	mov	a0, t1
	addi	a1, fp, PF_NUM + 12
	sub	a1, a1, t1
	mov	a2, a3
	call	printf.field
	pop	ra
	ret

# printf.field: text padded to the field's width, with the field's flags.
#   in: a0 = the text, a1 = its length, a2 = a sign character to put
#   before it, or 0.  Clobbers a0-a3, t0-t2.
printf.field:
	push	ra
	mov	t1, a0			# t1 = the text
	lw	a3, PF_WIDTH(fp)
	sub	a3, a3, a1		# a3 = padding: width - length - sign
	beqz	a2, printf.field_flags
	addi	a3, a3, -1
printf.field_flags:
	lw	t2, PF_FLAGS(fp)
	andi	t0, t2, PF_LEFT | PF_ZERO
	bnez	t0, printf.field_sign
	li	a0, ' '			# right-justified: spaces first
	call	printf.pad
printf.field_sign:
	beqz	a2, printf.field_zeros
	mov	a0, a2
	call	printf.emit
printf.field_zeros:
	andi	t0, t2, PF_LEFT
	bnez	t0, printf.field_text
	andi	t0, t2, PF_ZERO
	beqz	t0, printf.field_text
	li	a0, '0'			# zero-padded: zeros after the sign
	call	printf.pad
printf.field_text:
	beqz	a1, printf.field_after
	lbu	a0, 0(t1)
	call	printf.emit
	addi	t1, t1, 1
	addi	a1, a1, -1
	j	printf.field_text
printf.field_after:
	li	a0, ' '			# left-justified: spaces last (else a3 is 0)
	call	printf.pad
	pop	ra
	ret

# printf.pad: a3 copies of the byte a0; a3 = 0 after.  Clobbers t0.
printf.pad:
	push	ra
printf.pad_loop:
	ble	a3, zero, printf.pad_done
	call	printf.emit
	addi	a3, a3, -1
	j	printf.pad_loop
printf.pad_done:
	li	a3, 0
	pop	ra
	ret

# printf.emit: append the byte a0 to the buffer; write it out when full.
#   Clobbers t0 only.
printf.emit:
	sb	a0, 0(s2)
	addi	s2, s2, 1
	addi	t0, fp, PF_BUFSZ
	beq	s2, t0, printf.flush	# full: flush returns to our caller
	ret

# printf.flush: write() what the buffer holds and empty it.  Calls the
# kernel directly (not the write wrapper) so that it needs no stack frame
# of its own.  Clobbers t0 only.
printf.flush:
	push	a0
	push	a1
	push	a2
	li	a0, 1			# fd 1: the console
	mov	a1, fp
	sub	a2, s2, fp
	beqz	a2, printf.flush_done
	li	t0, SYS_WRITE
	trap
	lw	t0, PF_COUNT(fp)
	add	t0, t0, a2
	sw	t0, PF_COUNT(fp)
	mov	s2, fp
printf.flush_done:
	pop	a2
	pop	a1
	pop	a0
	ret

# The small printers: each one is printf with a fixed format (a tail call:
# printf returns straight to our caller).  Same clobbers as printf.

# putc(c): one character.
putc:
	mov	a1, a0
	la	a0, print.fmt_c
	j	printf

# putstr(s): a string, no newline added.
putstr:
	mov	a1, a0
	la	a0, print.fmt_s
	j	printf

# puts(s): a string and a newline, like C's puts.
puts:
	mov	a1, a0
	la	a0, print.fmt_sn
	j	printf

# putdec(n): n in signed decimal.
putdec:
	mov	a1, a0
	la	a0, print.fmt_d
	j	printf

# puthex(n): n as 0x and eight hexadecimal digits, the way addresses print.
puthex:
	mov	a1, a0
	la	a0, print.fmt_x
	j	printf

	.data
printf.null:	.asciz	"(null)"
print.fmt_c:	.asciz	"%c"
print.fmt_s:	.asciz	"%s"
print.fmt_sn:	.asciz	"%s\n"
print.fmt_d:	.asciz	"%d"
print.fmt_x:	.asciz	"0x%08x"
