/*
 * bench.h - what the native benchmarks of bench/native share: R (the
 * repetitions) from argv[1], as the guest programs' bench/guest/bench.s
 * reads it, and a clock for the latency programs.  Each native benchmark
 * does the same work as its guest program and prints the same line, so
 * bench/run can compare them.  Include it first: it asks for the GNU
 * feature set (syscall(), sched_setaffinity(), clock_gettime()).
 */
#ifndef BENCH_H
#define BENCH_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* bench_reps: R from argv[1] (0 or more, decimal or 0x hex), or def
 * without one; a bad argument prints the usage and exits with status 2. */
static unsigned long bench_reps(int argc, char **argv, unsigned long def)
{
	char *end;
	long r;

	if (argc < 2)
		return def;
	errno = 0;
	r = argc == 2 ? strtol(argv[1], &end, 0) : -1;
	if (argc != 2 || end == argv[1] || *end != '\0' || r < 0 || errno != 0) {
		fprintf(stderr, "usage: %s [R]  (R: repetitions, 0 or more)\n", argv[0]);
		exit(2);
	}
	return (unsigned long)r;
}

/* bench_now_ns: a monotonic clock, in nanoseconds. */
static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

#endif
