/*
 * timeit.c - run one command and print its wall time, its peak resident
 * memory and its exit status, for bench/run (POSIX sh has no clock finer
 * than a second).
 *
 *   timeit [-i IN] [-o OUT] [-e ERR] -- command [args...]
 *
 * The command's standard input, output and error come from / go to the
 * files named (default: /dev/null for input, timeit's own for the others).
 * Prints one line: "WALL_NS MAXRSS_KIB STATUS", where the wall time runs
 * from just before fork() to just after the command has been waited for
 * (so it includes starting the process: what a user waits for), MAXRSS is
 * the child's ru_maxrss, and STATUS is its exit status, or 128 + the
 * signal that ended it; a command that cannot be started exits with 127,
 * as in the shell.  timeit itself fails (status 127) only on bad usage or
 * when it cannot fork or wait.
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
	long long start, end;
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
	printf("%lld %ld %d\n", end - start, ru.ru_maxrss, code);
	return 0;
}
