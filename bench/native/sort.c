/*
 * sort.c - the host's version of bench/guest/sort.s: R times, fill 512
 * words from x = x * 1103515245 + 12345, insertion-sort them (signed),
 * total += checksum ^ r with h = h * 31 + a[i].
 */
#include "bench.h"
#include <stdint.h>

enum { SORT_N = 512, SORT_R = 3000 };

static int32_t a[SORT_N];

int main(int argc, char **argv)
{
	unsigned long reps = bench_reps(argc, argv, SORT_R);
	uint32_t x = 1, total = 0;

	for (unsigned long r = 0; r < reps; r++) {
		uint32_t h = 0;

		for (unsigned i = 0; i < SORT_N; i++) {
			x = x * 1103515245u + 12345u;
			a[i] = (int32_t)x;
		}
		for (unsigned i = 1; i < SORT_N; i++) {
			int32_t v = a[i];
			unsigned j = i;

			while (j > 0 && a[j - 1] > v) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = v;
		}
		for (unsigned i = 0; i < SORT_N; i++)
			h = h * 31 + (uint32_t)a[i];
		total += h ^ (uint32_t)r;
	}
	printf("%u\n", (unsigned)total);
	return 0;
}
