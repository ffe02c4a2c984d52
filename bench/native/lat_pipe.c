/*
 * lat_pipe.c - lat_pipe [N]: the host's context switch, beside the guest's
 * lat_ctx: two processes pass a byte back and forth through two pipes, N
 * round trips (default 100000), lmbench's lat_ctx with two processes.  Both
 * are pinned to the CPU the parent starts on, as the guest has one CPU: a
 * hand-off is then a write, a real switch to the other process and a read
 * (unpinned, on two CPUs, it would time a cross-CPU wake-up instead).
 * Prints the nanoseconds a round trip and a hand-off (half a round trip);
 * the last number of the line is what bench/run reads.  If pinning is not
 * allowed, it says "unpinned" and goes on.
 */
#include "bench.h"
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

enum { LAT_N = 100000 };

/* pass: read a byte from in and write it to out, n times (the child's side). */
static int pass(int in, int out, unsigned long n)
{
	char c;

	for (unsigned long i = 0; i < n; i++)
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = bench_reps(argc, argv, LAT_N);
	int to_child[2], to_parent[2], status, pinned = 0, cpu;
	double start, ns;
	cpu_set_t set;
	char c = 'x';
	pid_t pid;

	if (n == 0)
		n = 1;
	cpu = sched_getcpu();
	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pinned = sched_setaffinity(0, sizeof set, &set) == 0;
	}
	if (pipe(to_child) < 0 || pipe(to_parent) < 0) {
		perror("lat_pipe: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("lat_pipe: fork");
		return 1;
	}
	if (pid == 0)
		_exit(pass(to_child[0], to_parent[1], n));
	start = bench_now_ns();
	for (unsigned long i = 0; i < n; i++) {
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1) {
			perror("lat_pipe: round trip");
			return 1;
		}
	}
	ns = bench_now_ns() - start;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "lat_pipe: the child failed\n");
		return 1;
	}
	printf("lat_pipe: %lu round trips (%s), ns a round trip: %.1f, ns a hand-off: %.1f\n",
	       n, pinned ? "pinned to one CPU" : "unpinned", ns / (double)n, ns / (double)n / 2);
	return 0;
}
