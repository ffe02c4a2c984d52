# sort.s - sort [R]: branches.  R times (default 3000): fill an array of
# SORT_N = 512 signed words from a pseudo-random generator, sort it by
# insertion sort, and add (checksum of the sorted array) XOR r to a 32-bit
# total; print the total.  The generator's state runs on from one
# repetition to the next, so every repetition sorts new numbers:
#     x = x * 1103515245 + 12345   (mod 2^32, starting at x = 1)
#     checksum: h = h * 31 + a[i], for i = 0 .. N-1, from h = 0
# A wrong order changes the checksum.  The inner loop's exit depends on the
# data, so its branch is as hard to predict on the host as the data is.
# bench/native/sort.c does the same work.

SORT_N		= 512			# words
SORT_R		= 3000			# repetitions without an argument
SORT_MUL	= 1103515245
SORT_ADD	= 12345

	.text
# main: s0 = R, s1 = the array, s2 = x, s3 = the total, fp = r.
main:
	push	ra
	li	a2, SORT_R
	call	bench_reps
	mov	s0, a0
	li	a0, SORT_N * 4
	call	sbrk
	blt	a0, zero, bench_nomem
	mov	s1, a0
	li	s2, 1
	li	s3, 0
	li	fp, 0
	beqz	s0, sort.done
	li	t2, SORT_N * 4
	add	t2, s1, t2		# t2 = the end of the array
	li	t3, SORT_MUL
sort.rep:
	mov	t1, s1
sort.fill:				# a[i] = the next x
	mul	s2, s2, t3
	addi	s2, s2, SORT_ADD
	sw	s2, 0(t1)
	addi	t1, t1, 4
	bne	t1, t2, sort.fill
	addi	a1, s1, 4		# a1 = &a[i], i = 1 .. N-1
sort.outer:
	lw	a2, 0(a1)		# a2 = x = a[i]
	mov	t1, a1			# t1 = &a[j], j = i
sort.inner:				# while (j > 0 && a[j-1] > x) a[j] = a[j-1], j--
	lw	t0, -4(t1)
	bge	a2, t0, sort.place
	sw	t0, 0(t1)
	addi	t1, t1, -4
	bne	t1, s1, sort.inner
sort.place:
	sw	a2, 0(t1)		# a[j] = x
	addi	a1, a1, 4
	bne	a1, t2, sort.outer
	mov	t1, s1			# the checksum
	li	a0, 0
sort.sum:
	lw	t0, 0(t1)
	slli	a1, a0, 5		# h * 31 = (h << 5) - h
	sub	a0, a1, a0
	add	a0, a0, t0
	addi	t1, t1, 4
	bne	t1, t2, sort.sum
	xor	a0, a0, fp		# total += h ^ r
	add	s3, s3, a0
	addi	fp, fp, 1
	bne	fp, s0, sort.rep
sort.done:
	mov	a0, s3
	call	bench_result
	li	a0, 0
	pop	ra
	ret
