# string.s - string and memory helpers of the user library, with C's names
# and contracts.  All are leaves: they use only a0-a3 and t0-t3.

	.text

# strlen(s) -> a0 = the number of bytes before the NUL.  Clobbers t0, t1.
strlen:
	mov	t0, a0
strlen.loop:
	lbu	t1, 0(t0)
	beqz	t1, strlen.done
	addi	t0, t0, 1
	j	strlen.loop
strlen.done:
	sub	a0, t0, a0
	ret

# strcmp(a, b) -> a0 < 0, 0 or > 0 as a sorts before, equal to or after b
# (bytes compared as unsigned).  Clobbers a1, t0, t1.
strcmp:
	lbu	t0, 0(a0)
	lbu	t1, 0(a1)
	bne	t0, t1, strcmp.differ
	beqz	t0, strcmp.differ	# both ended: t0 - t1 = 0
	addi	a0, a0, 1
	addi	a1, a1, 1
	j	strcmp
strcmp.differ:
	sub	a0, t0, t1
	ret

# strcpy(dst, src) -> a0 = dst; copies src and its NUL.  Clobbers a1, t0, t1.
strcpy:
	mov	t0, a0
strcpy.loop:
	lbu	t1, 0(a1)
	sb	t1, 0(t0)
	addi	a1, a1, 1
	addi	t0, t0, 1
	bnez	t1, strcpy.loop
	ret

# strchr(s, c) -> a0 = address of the first byte c in s, or 0.  (c = 0 finds
# the terminating NUL.)  Clobbers t0.
strchr:
	andi	a1, a1, 0xFF
strchr.loop:
	lbu	t0, 0(a0)
	beq	t0, a1, strchr.done
	addi	a0, a0, 1
	bnez	t0, strchr.loop
	li	a0, 0
strchr.done:
	ret

# memcpy(dst, src, n) -> a0 = dst.  Byte by byte; the areas must not overlap.
#   Clobbers a1, a2, t0, t1.
memcpy:
	mov	t0, a0
memcpy.loop:
	beqz	a2, memcpy.done
	lbu	t1, 0(a1)
	sb	t1, 0(t0)
	addi	a1, a1, 1
	addi	t0, t0, 1
	addi	a2, a2, -1
	j	memcpy.loop
memcpy.done:
	ret

# memset(dst, byte, n) -> a0 = dst.  Clobbers a2, t0.
memset:
	mov	t0, a0
memset.loop:
	beqz	a2, memset.done
	sb	a1, 0(t0)
	addi	t0, t0, 1
	addi	a2, a2, -1
	j	memset.loop
memset.done:
	ret

# atoi(s) -> a0 = the number s spells, a1 = address of the first byte not
# used.  Accepts an optional '-', then decimal digits, or hexadecimal digits
# after "0x".  With no digit at all, a0 = 0 and a1 = s.  A caller that wants
# the whole string to be a number checks that a1 points at the NUL and that
# a1 != s.  Clobbers a2, a3, t0-t3.
atoi:
	mov	t3, a0			# t3 = s, for "no digits"
	li	t2, 0			# t2 = 1 if negative
	lbu	t0, 0(a0)
	li	t1, '-'
	bne	t0, t1, atoi.base
	li	t2, 1
	addi	a0, a0, 1
atoi.base:
	li	a3, 10			# a3 = the base
	lbu	t0, 0(a0)
	li	t1, '0'
	bne	t0, t1, atoi.digits
	lbu	t0, 1(a0)
	ori	t0, t0, 0x20		# 'X' -> 'x'
	li	t1, 'x'
	bne	t0, t1, atoi.digits
	li	a3, 16
	addi	a0, a0, 2
atoi.digits:
	mov	a1, a0			# a1 scans; a0 = the first digit
	li	a2, 0			# a2 = the value so far
atoi.loop:
	lbu	t0, 0(a1)
	addi	t1, t0, -'0'		# '0'..'9' -> 0..9
	li	t0, 10
	bltu	t1, t0, atoi.digit
	lbu	t0, 0(a1)
	ori	t1, t0, 0x20		# 'A'..'F' -> 'a'..'f'
	addi	t1, t1, -'a'
	li	t0, 6
	bgeu	t1, t0, atoi.end	# not a digit in any base we know
	addi	t1, t1, 10
atoi.digit:
	bge	t1, a3, atoi.end	# a hex digit in a decimal number
	mul	a2, a2, a3
	add	a2, a2, t1
	addi	a1, a1, 1
	j	atoi.loop
atoi.end:
	bne	a1, a0, atoi.sign
	mov	a1, t3			# no digits: nothing was used
atoi.sign:
	mov	a0, a2
	beqz	t2, atoi.done
	neg	a0, a0
atoi.done:
	ret
