# copy.s - copy [R]: memory copies.  Two buffers of COPY_W = 4096 words
# (16 KiB each); src[i] starts as i * 0x9E3779B9 (mod 2^32), dst as zeros.
# R times (default 100000), for r = 0, 1, ... R-1:
#     src[r mod W] ^= r;  copy src to dst;  total += dst[(r * 97) mod W]
# then total += every word of dst, and the total is printed.  The copy is a
# word loop unrolled four times, as a C library's memcpy is on a machine
# without vector registers; bench/native/copy.c does the same work (where
# gcc turns its loop into a call to the host's memcpy).

COPY_W		= 4096			# words in each buffer; a power of 2
COPY_R		= 100000		# repetitions without an argument
COPY_SEED	= 0x9E3779B9
COPY_STRIDE	= 97

	.text
# main: s0 = R, s1 = src, s2 = dst, s3 = the total, fp = r.
main:
	push	ra
	li	a2, COPY_R
	call	bench_reps
	mov	s0, a0
	li	a0, COPY_W * 8
	call	sbrk			# both buffers, zeroed by the kernel
	blt	a0, zero, bench_nomem
	mov	s1, a0
	li	t0, COPY_W * 4
	add	s2, s1, t0
	li	s3, 0
	li	fp, 0
	mov	t1, s1			# src[i] = i * COPY_SEED
	li	t2, COPY_SEED
	li	t0, 0
copy.init:
	sw	t0, 0(t1)
	add	t0, t0, t2
	addi	t1, t1, 4
	bne	t1, s2, copy.init
	beqz	s0, copy.sum
copy.rep:
	andi	t0, fp, COPY_W - 1	# src[r mod W] ^= r
	slli	t0, t0, 2
	add	t0, s1, t0
	lw	t1, 0(t0)
	xor	t1, t1, fp
	sw	t1, 0(t0)
	mov	a1, s1			# memcpy(dst, src, 4 * W)
	mov	a2, s2
copy.words:
	lw	t0, 0(a1)
	lw	t1, 4(a1)
	lw	t2, 8(a1)
	lw	t3, 12(a1)
	sw	t0, 0(a2)
	sw	t1, 4(a2)
	sw	t2, 8(a2)
	sw	t3, 12(a2)
	addi	a1, a1, 16
	addi	a2, a2, 16
	bne	a1, s2, copy.words	# src ends where dst begins
	li	t0, COPY_STRIDE		# total += dst[(r * 97) mod W]
	mul	t0, fp, t0
	andi	t0, t0, COPY_W - 1
	slli	t0, t0, 2
	add	t0, s2, t0
	lw	t0, 0(t0)
	add	s3, s3, t0
	addi	fp, fp, 1
	bne	fp, s0, copy.rep
copy.sum:				# total += dst[0] + ... + dst[W-1]
	mov	t1, s2
	li	t2, COPY_W * 4
	add	t2, s2, t2
copy.sum_loop:
	lw	t0, 0(t1)
	add	s3, s3, t0
	addi	t1, t1, 4
	bne	t1, t2, copy.sum_loop
	mov	a0, s3
	call	bench_result
	li	a0, 0
	pop	ra
	ret
