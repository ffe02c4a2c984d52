# sieve.s - sieve [R]: the sieve of Eratosthenes over N = 16384 byte flags,
# R times (default 20000); the benchmark that the performance targets of
# docs/performance.md are stated for.  Each repetition r (0, 1, ... R-1):
#   - sets all N flags to 1;
#   - for every i with i*i < N, clears the multiples of i from i*i on (every
#     i, as the suite's definition says, not only the i still flagged);
#   - counts the flags still set from 2 to N-1: the 1900 primes below N;
#   - adds count XOR r to a 32-bit total.
# Prints the total: `sieve 20000` prints 200738544.  bench/native/sieve.c
# does the same work on the host; the loops here are the ones a compiler
# would write for this machine (memset a word at a time, then byte loops).

SIEVE_N		= 16384			# flags; a multiple of 4
SIEVE_R		= 20000			# repetitions without an argument

	.text
# main: s0 = R, s1 = the flags, s2 = the total, s3 = r.
main:
	push	ra
	li	a2, SIEVE_R
	call	bench_reps
	mov	s0, a0
	li	a0, SIEVE_N
	call	sbrk			# the flags: new memory after the stack
	blt	a0, zero, bench_nomem
	mov	s1, a0
	li	s2, 0
	li	s3, 0
	beqz	s0, sieve.done
	li	a3, SIEVE_N		# a3 = N
	add	t2, s1, a3		# t2 = the end of the flags
	li	t3, 0x01010101		# four flags set
sieve.rep:
	mov	t1, s1
sieve.set:				# memset(flags, 1, N), a word at a time
	sw	t3, 0(t1)
	addi	t1, t1, 4
	bne	t1, t2, sieve.set
	li	a1, 2			# a1 = i
	li	a2, 4			# a2 = i*i
sieve.outer:
	add	t1, s1, a2		# t1 = &flags[i*i]
sieve.cross:				# flags[j] = 0 for j = i*i, i*i + i, ... < N
	sb	zero, 0(t1)
	add	t1, t1, a1
	bltu	t1, t2, sieve.cross
	add	a2, a2, a1		# (i+1)^2 = i*i + 2i + 1
	add	a2, a2, a1
	addi	a2, a2, 1
	addi	a1, a1, 1
	blt	a2, a3, sieve.outer
	addi	t1, s1, 2		# count flags[2..N-1]
	li	a0, 0
sieve.count:
	lbu	t0, 0(t1)
	addi	t1, t1, 1
	add	a0, a0, t0
	bne	t1, t2, sieve.count
	xor	a0, a0, s3		# total += count ^ r
	add	s2, s2, a0
	addi	s3, s3, 1
	bne	s3, s0, sieve.rep
sieve.done:
	mov	a0, s2
	call	bench_result
	li	a0, 0
	pop	ra
	ret
