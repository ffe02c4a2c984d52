/*
 * timeit.c - run one command and print its wall time, peak resident memory,
 * exit status and CPU time, for bench/run (POSIX sh has no clock finer
 * than a second).
 *
 *   timeit [-i IN] [-o OUT] [-e ERR] -- command [args...]
 *
 * The command's standard input, output and error come from / go to the
 * files named (default: /dev/null for input, timeit's own for the others).
 * Prints one line: "WALL_NS MAXRSS_KIB STATUS CPU_NS":
 *   WALL_NS     from just before fork() to just after the command has been
 *               waited for: starting the process is included, as a user
 *               waits for it too;
 *   MAXRSS_KIB  the command's peak resident memory (ru_maxrss);
 *   STATUS      its exit status, or 128 + the signal that ended it (127 if
 *               it could not be started, as in the shell);
 *   CPU_NS      its user + system time, which unlike WALL_NS leaves out any
 *               wait for the host to schedule it.
 * timeit itself fails (status 127) only on bad usage or when it cannot
 * fork or wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: timeit [-i IN] [-o OUT] [-e ERR] -- command [args...]\n");
	exit(127);
}

/* redirect: open path on fd in the child (flags for reading or writing). */
static void redirect(const char *path, int fd, int flags)
{
	int f;

	if (path == NULL)
		return;
	f = open(path, flags, 0644);
	if (f < 0 || dup2(f, fd) < 0) {
		fprintf(stderr, "timeit: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(f);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = NULL, *err = NULL;
	struct rusage ru;
	long long start, end, cpu;
	int i, status, code;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-i") == 0)
			in = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "-e") == 0)
			err = argv[i + 1];
		else
			usage();
	}
	if (i + 1 >= argc)
		usage();
	argv += i + 1;

	start = now_ns();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		redirect(in, 0, O_RDONLY);
		redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[0], argv);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: wait: %s\n", strerror(errno));
			return 127;
		}
	}
	end = now_ns();
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	      (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	printf("%lld %ld %d %lld\n", end - start, ru.ru_maxrss, code, cpu);
	return 0;
}
