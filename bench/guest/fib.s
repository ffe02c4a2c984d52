# fib.s - fib [R]: calls.  Computes fib(24) = 46368 recursively, R times
# (default 1000), and adds fib(24) XOR r to a 32-bit total for each
# repetition r (0, 1, ... R-1); prints the total (`fib 10` prints 463725).
#
# fib is written the way gcc -O2 compiles bench/native/fib.c's
#     unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
# (it turns the second call into a loop: fib(n) = fib(n-1) + fib(n-3) + ...
# + fib(1 or 0)), so the guest and the host make exactly the same calls:
# 75025 of them (that is fib(25)) for each fib(24), each with a stack
# frame of three words.

FIB_N		= 24
FIB_R		= 1000			# repetitions without an argument

	.text
# main: s0 = R, s1 = the total, s2 = r.
main:
	push	ra
	li	a2, FIB_R
	call	bench_reps
	mov	s0, a0
	li	s1, 0
	li	s2, 0
	beqz	s0, fib.done
fib.rep:
	li	a0, FIB_N
	call	fib
	xor	a0, a0, s2		# total += fib(N) ^ r
	add	s1, s1, a0
	addi	s2, s2, 1
	bne	s2, s0, fib.rep
fib.done:
	mov	a0, s1
	call	bench_result
	li	a0, 0
	pop	ra
	ret

# fib(n) -> a0 = the n-th Fibonacci number (mod 2^32), n unsigned.
#   acc = 0; do { acc += fib(n - 1); n -= 2; } while (n > 1); return acc + n
#   Clobbers a1-a3, t0-t3 (the convention; it uses only t0).
fib:
	sltiu	t0, a0, 2
	bnez	t0, fib.leaf		# fib(0) = 0, fib(1) = 1
	addi	sp, sp, -12
	sw	ra, 8(sp)
	sw	s0, 4(sp)
	sw	s1, 0(sp)
	mov	s0, a0			# s0 = n
	li	s1, 0			# s1 = acc
fib.loop:
	addi	a0, s0, -1
	call	fib
	add	s1, s1, a0
	addi	s0, s0, -2
	sltiu	t0, s0, 2
	beqz	t0, fib.loop
	add	a0, s1, s0		# + fib(0) or fib(1), which is n itself
	lw	s1, 0(sp)
	lw	s0, 4(sp)
	lw	ra, 8(sp)
	addi	sp, sp, 12
fib.leaf:
	ret
