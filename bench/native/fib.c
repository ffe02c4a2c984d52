/*
 * fib.c - the host's version of bench/guest/fib.s: fib(24) recursively, R
 * times; total += fib(24) ^ r.  noipa keeps gcc from inlining fib into
 * itself or treating it as a pure function whose calls could be merged, so
 * the host makes the same 75025 calls per fib(24) as the guest (gcc -O2
 * still turns the second call into a loop; the guest's fib is written the
 * same way).
 */
#include "bench.h"
#include <stdint.h>

enum { FIB_N = 24, FIB_R = 1000 };

__attribute__((noipa)) static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
	unsigned long reps = bench_reps(argc, argv, FIB_R);
	uint32_t total = 0;

	for (unsigned long r = 0; r < reps; r++)
		total += fib(FIB_N) ^ (uint32_t)r;
	printf("%u\n", (unsigned)total);
	return 0;
}
