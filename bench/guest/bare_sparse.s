# bare_sparse.s - code spread over all of RAM, for the suite's memory
# measurement (docs/performance.md, start-up): what `vm run` holds resident
# when a guest runs one instruction pair in every 2 KiB of RAM, as a kernel
# that loads and runs code all over memory would.  The decode cache holds
# 8 bytes for each word run; without a bound it would grow to twice RAM.
# No kernel: it runs in kernel mode from reset, writes a site (addi a1,
# a1, 1; j next) every SPARSE_STEP bytes from SPARSE_FIRST to the end of
# RAM, the last one jumping back here, runs them all, checks the count,
# prints one line and powers off (status 0, or 1 if the count is wrong).

	.equ	SPARSE_FIRST, 0x10000		# above this image and its boot information
	.equ	SPARSE_SHIFT, 11
	.equ	SPARSE_STEP, 1 << SPARSE_SHIFT	# 2 KiB: a page of the decode cache each

	.text
_start:
	lw	s0, BOOT_MEMSIZE(a0)		# s0 = the end of RAM
	la	t0, bare_sparse.site
	lw	s1, 0(t0)			# s1 = addi a1, a1, 1
	lw	s2, 4(t0)			# s2 = j (this word) + SPARSE_STEP - 4
	lw	s3, 8(t0)			# s3 = jr fp
	li	t0, SPARSE_FIRST
	li	t1, SPARSE_STEP
	sub	t2, s0, t1			# t2 = the last site
bare_sparse.fill:
	sw	s1, 0(t0)
	sw	s2, 4(t0)
	add	t0, t0, t1
	bltu	t0, t2, bare_sparse.fill
	sw	s1, 0(t0)
	sw	s3, 4(t0)			# the last site comes back
	la	fp, bare_sparse.back
	li	a1, 0
	li	t0, SPARSE_FIRST
	jr	t0
bare_sparse.back:
	li	t0, SPARSE_FIRST
	sub	t2, s0, t0
	srli	t2, t2, SPARSE_SHIFT		# (end - first) / SPARSE_STEP sites
	la	t1, bare_sparse.ok
	li	s3, 0
	beq	a1, t2, bare_sparse.print
	la	t1, bare_sparse.wrong
	li	s3, 1
bare_sparse.print:
	li	t2, DEV_CONS_OUT
bare_sparse.loop:
	lbu	t0, 0(t1)
	beqz	t0, bare_sparse.off
	sw	t0, 0(t2)
	addi	t1, t1, 1
	j	bare_sparse.loop
bare_sparse.off:
	li	t0, DEV_POWER
	sw	s3, 0(t0)

# The words each site is made of; the jump is pc-relative, so the same word
# jumps to the next site wherever it is stored.
bare_sparse.site:
	addi	a1, a1, 1
	j	bare_sparse.site + SPARSE_STEP
	jr	fp

	.data
bare_sparse.ok:		.asciz	"sparse code ran\n"
bare_sparse.wrong:	.asciz	"sparse code: wrong count\n"
