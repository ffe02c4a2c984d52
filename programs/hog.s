# hog.s - asks for memory until there is none.  It grows its region with
# sbrk(), HOG_CHUNK bytes at a time (then smaller and smaller pieces, down to
# 16 bytes), until the kernel answers -ENOMEM: no hole in physical memory is
# big enough.  Nothing else is harmed: the allocator never gives out memory
# that is in use, and a failed sbrk changes nothing.  On the way, hog
# fills every piece it gets, each word with its own address, and checks at
# the end that every word is still right, although the kernel may have
# moved the whole region (a new BASE) to find room: relocation again.  When
# hog exits, all that memory is free again.  vm run --mem 2M makes it quick.

HOG_CHUNK	= 65536

	.text
# main: s0 = bytes gained, s1 = the piece size, s2 = moves of the region,
# s3 = the current BASE; fp = sbrk's last answer.
main:
	push	ra
	call	ps_self
	lw	s3, PS_BASE(a0)
	lw	a2, PS_BOUND(a0)
	mov	a1, s3
	la	a0, hog.s_start
	call	printf
	li	s0, 0
	li	s1, HOG_CHUNK
	li	s2, 0
hog.grow:
	mov	a0, s1
	call	sbrk
	mov	fp, a0
	blt	a0, zero, hog.smaller
	bnez	s0, hog.fill
	la	t0, hog.first
	sw	fp, 0(t0)		# the first piece starts at the old break
hog.fill:				# each word of the piece = its own address
	add	t1, fp, s1
hog.fill_word:
	sw	fp, 0(fp)
	addi	fp, fp, 4
	bne	fp, t1, hog.fill_word
	add	s0, s0, s1
	call	ps_self			# did the region move?
	lw	t0, PS_BASE(a0)
	beq	t0, s3, hog.grow
	mov	s3, t0
	addi	s2, s2, 1
	j	hog.grow
hog.smaller:
	srli	s1, s1, 1
	li	t0, 16
	bge	s1, t0, hog.grow
	# Out of memory.  Say how much we got.
	mov	a0, fp
	call	errname
	addi	sp, sp, -4
	sw	a0, 0(sp)
	mov	a3, fp
	srli	a2, s0, 10
	mov	a1, s0
	la	a0, hog.s_got
	call	printf			# bytes, KiB, error, name
	addi	sp, sp, 4
	call	ps_self
	lw	a3, PS_BOUND(a0)
	mov	a2, s3
	mov	a1, s2
	la	a0, hog.s_moved
	call	printf
	mov	a0, s0
	call	hog.check
	mov	a2, a1
	mov	a1, a0
	la	a0, hog.s_check
	call	printf
	li	a0, 0
	pop	ra
	ret

# hog.check(bytes) -> a0 = the words from hog.first on that still hold
# their own address, a1 = the words checked (bytes / 4).  Clobbers a2, t0, t1.
hog.check:
	srli	a1, a0, 2
	la	t0, hog.first
	lw	t0, 0(t0)		# t0 = the address to check
	slli	t1, a1, 2
	add	t1, t1, t0		# t1 = the end
	li	a0, 0
hog.check_word:
	beq	t0, t1, hog.check_done
	lw	a2, 0(t0)
	bne	a2, t0, hog.check_next
	addi	a0, a0, 1
hog.check_next:
	addi	t0, t0, 4
	j	hog.check_word
hog.check_done:
	ret

	.data
	.align	4
hog.first:	.word	0		# where the first piece began
hog.s_start:	.asciz	"hog: BASE 0x%08x, BOUND 0x%08x; asking sbrk() for more until it says no\n"
hog.s_got:	.asciz	"hog: got %d more bytes (%d KiB); then sbrk returned %d (%s)\n"
hog.s_moved:	.asciz	"hog: the kernel moved my memory %d times; BASE 0x%08x, BOUND 0x%08x now\n"
hog.s_check:	.asciz	"hog: %d of the %d words I wrote read back right\n"
