/*
 * copy.c - the host's version of bench/guest/copy.s: two buffers of 4096
 * words; R times: src[r mod W] ^= r, copy src to dst (a word loop, which
 * gcc -O2 makes a call to the C library's memcpy), total += dst[(r * 97)
 * mod W]; then total += every word of dst.
 */
#include "bench.h"
#include <stdint.h>

enum { COPY_W = 4096, COPY_R = 100000, COPY_STRIDE = 97 };

static uint32_t src[COPY_W], dst[COPY_W];

int main(int argc, char **argv)
{
	unsigned long reps = bench_reps(argc, argv, COPY_R);
	uint32_t total = 0;

	for (unsigned i = 0; i < COPY_W; i++)
		src[i] = i * 0x9E3779B9u;
	for (unsigned long r = 0; r < reps; r++) {
		src[r & (COPY_W - 1)] ^= (uint32_t)r;
		for (unsigned i = 0; i < COPY_W; i++)
			dst[i] = src[i];
		total += dst[(r * COPY_STRIDE) & (COPY_W - 1)];
	}
	for (unsigned i = 0; i < COPY_W; i++)
		total += dst[i];
	printf("%u\n", (unsigned)total);
	return 0;
}
