/*
 * sieve.c - the host's version of bench/guest/sieve.s: the sieve of
 * Eratosthenes over N = 16384 byte flags, R times; total += count ^ r.
 * `sieve 20000` prints 200738544.  Built with gcc -O2 (bench/native).
 */
#include "bench.h"
#include <stdint.h>

enum { SIEVE_N = 16384, SIEVE_R = 20000 };

static unsigned char flags[SIEVE_N];

int main(int argc, char **argv)
{
	unsigned long reps = bench_reps(argc, argv, SIEVE_R);
	uint32_t total = 0;

	for (unsigned long r = 0; r < reps; r++) {
		uint32_t count = 0;

		for (unsigned i = 0; i < SIEVE_N; i++)
			flags[i] = 1;
		/* every i with i*i < N, as the guest does */
		for (unsigned i = 2; i * i < SIEVE_N; i++)
			for (unsigned j = i * i; j < SIEVE_N; j += i)
				flags[j] = 0;
		for (unsigned i = 2; i < SIEVE_N; i++)
			count += flags[i];
		total += count ^ (uint32_t)r;
	}
	printf("%u\n", (unsigned)total);
	return 0;
}
