/*
 * lat_getppid.c - lat_getppid [N]: the host's null system call, beside the
 * guest's lat_syscall: N getppid() calls (default 1000000), made with
 * syscall(SYS_getppid) so that the C library cannot answer from a cache,
 * timed with clock_gettime around the loop.  Prints the nanoseconds a call;
 * the last number of the line is what bench/run reads.
 */
#include "bench.h"
#include <sys/syscall.h>
#include <unistd.h>

enum { LAT_N = 1000000 };

int main(int argc, char **argv)
{
	unsigned long n = bench_reps(argc, argv, LAT_N);
	double start, ns;

	if (n == 0)
		n = 1;
	start = bench_now_ns();
	for (unsigned long i = 0; i < n; i++)
		syscall(SYS_getppid);
	ns = bench_now_ns() - start;
	printf("lat_getppid: %lu calls, ns a call: %.1f\n", n, ns / (double)n);
	return 0;
}
