/*
 * runner.c - the tests' runs.  Each test is graded by a worker process of
 * its own, up to `jobs` at once: the worker runs `vm run --events=FILE`
 * (the vm that is grading, so the same machine a student runs), with the
 * test's input on its standard input, waits for it (killing it after the
 * host-time limit), reads the event record back, checks it and leaves its
 * verdict in a file for the parent.  A worker per test keeps the tests
 * apart (a crash is one test's failure), and puts the reading and
 * checking, not only the runs, on every core.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade_int.h"

/* The files of test i's run, in the run directory. */
static void run_file(char *buf, size_t n, const char *dir, size_t i, const char *what)
{
	snprintf(buf, n, "%s/%zu.%s", dir, i + 1, what);
}

static const char *const run_files[] = { "in", "events.jsonl", "out", "err", "result" };

/* A path of the spec, relative to base unless absolute. */
static char *spec_path(const char *base, const char *path)
{
	struct sbuf b = { 0 };
	size_t n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		n--;
	if (path[0] != '/')
		sb_printf(&b, "%.*s/", (int)n, base);
	sb_puts(&b, path);
	return sb_take(&b);
}

/* ---- The vm run of a test --------------------------------------------------------- */

struct argv {
	char **v;
	size_t n;
};

static void arg(struct argv *a, const char *s)
{
	a->v = gr_realloc(a->v, (a->n + 2) * sizeof *a->v);
	a->v[a->n++] = gr_strndup(s, strlen(s));
	a->v[a->n] = NULL;
}

static void argv_free(struct argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* vm run's arguments for test t; events: its --events file, or NULL. */
static struct argv vm_args(const struct gtest *t, const char *vm, const char *base, const char *events)
{
	struct argv a = { 0 };
	char num[32];
	arg(&a, vm);
	arg(&a, "run");
	if (events) {
		struct sbuf b = { 0 };
		sb_printf(&b, "--events=%s", events);
		arg(&a, b.s);
		sb_free(&b);
	}
	arg(&a, "--max-instructions");
	snprintf(num, sizeof num, "%llu", (unsigned long long)t->max_instructions);
	arg(&a, num);
	if (t->quantum) {
		arg(&a, "--quantum");
		snprintf(num, sizeof num, "%u", t->quantum);
		arg(&a, num);
	}
	if (t->mem) {
		arg(&a, "--mem");
		arg(&a, t->mem);
	}
	for (size_t i = 0; i < t->nadd; i++) {
		char *p = spec_path(base, t->add[i]);
		arg(&a, "--add");
		arg(&a, p);
		free(p);
	}
	if (t->image) {
		char *p = spec_path(base, t->image);
		arg(&a, p);
		free(p);
	}
	return a;
}

/* A word for sh: as it is if it is plain, else in single quotes. */
static void shell_word(struct sbuf *b, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=./:,@") == strlen(s)) {
		sb_puts(b, s);
		return;
	}
	sb_puts(b, "'");
	for (; *s; s++)
		sb_puts(b, *s == '\'' ? "'\\''" : (char[]){ *s, 0 });
	sb_puts(b, "'");
}

/* The command that shows a test's run: its input typed by printf, and vm
 * run with the test's options and --trace. */
static void reproduce(struct sbuf *b, const struct gtest *t, const char *vm, const char *base)
{
	sb_puts(b, "to watch this run: ");
	if (t->input_len) {
		sb_puts(b, "printf '");
		for (size_t i = 0; i < t->input_len; i++) {
			unsigned char c = (unsigned char)t->input[i];
			if (c == '\n')
				sb_puts(b, "\\n");
			else if (c == '\\')
				sb_puts(b, "\\\\");
			else if (c == '%')
				sb_puts(b, "%%");
			else if (c == '\'' || c < 0x20 || c >= 0x7F)
				sb_printf(b, "\\%03o", c);
			else
				sb_putn(b, (const char *)&t->input[i], 1);
		}
		sb_puts(b, "' | ");
	} else {
		sb_puts(b, "</dev/null ");
	}
	struct argv a = vm_args(t, vm, base, NULL);
	for (size_t i = 0; i < a.n; i++) {
		sb_puts(b, i ? " " : "");
		shell_word(b, a.v[i]);
		if (i == 1)
			sb_puts(b, " --trace");	/* after "run" */
	}
	sb_puts(b, "\n");
	argv_free(&a);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run vm with its standard input, output and error from and to files, and
 * wait for it at most timeout seconds.  Fills run's vm_status, vm_signal,
 * timed_out.  Returns 0, or -1 if it could not be started. */
static int run_vm(char **argv, const char *in, const char *out, const char *err, unsigned timeout,
		  struct grun *run)
{
	sigset_t chld, old;
	int status;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	/* SIGCHLD blocked, so that it waits, pending, for sigtimedwait below */
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t pid = fork();
	if (pid == 0) {
		int fd0 = open(in, O_RDONLY);
		int fd1 = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int fd2 = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (fd0 < 0 || fd1 < 0 || fd2 < 0 || dup2(fd0, 0) < 0 || dup2(fd1, 1) < 0 || dup2(fd2, 2) < 0)
			_exit(127);
		execv(argv[0], argv);
		dprintf(2, "vm: grade: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	double deadline = now() + timeout;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		double left = deadline - now();
		if (r < 0 && errno != EINTR)
			break;
		if (left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			run->timed_out = true;
			break;
		}
		struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };
		sigtimedwait(&chld, NULL, &ts);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	run->vm_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	run->vm_signal = WIFSIGNALED(status) && !run->timed_out ? WTERMSIG(status) : 0;
	return 0;
}

/* The worker: test i's run and verdict, into its result file ("pass" or
 * "fail" on the first line, then why). */
static void worker(const struct grade_spec *s, size_t i, const struct grade_opts *o, const char *dir)
{
	const struct gtest *t = &s->tests[i];
	const char *base = o->dir ? o->dir : s->dir;
	char path[5][4200];
	struct grun run = { .vm_status = -1, .timeout = o->timeout };
	struct sbuf why = { 0 };
	bool passed = false;
	for (size_t k = 0; k < 5; k++)
		run_file(path[k], sizeof path[k], dir, i, run_files[k]);
	FILE *in = fopen(path[0], "wb");
	if (!in || fwrite(t->input ? t->input : "", 1, t->input_len, in) != t->input_len || fclose(in)) {
		sb_printf(&why, "cannot write %s: %s\n", path[0], strerror(errno));
		goto done;
	}
	struct argv a = vm_args(t, o->vm, base, path[1]);
	unlink(path[1]);	/* a record left from before would pass for this run's */
	int r = run_vm(a.v, path[0], path[2], path[3], o->timeout, &run);
	argv_free(&a);
	if (r) {
		sb_printf(&why, "cannot start vm run: %s\n", strerror(errno));
		goto done;
	}
	run.out = gr_slurp(path[2], &run.out_len);
	run.err = gr_slurp(path[3], &run.err_len);
	char load_error[256] = "";
	if (grun_load(&run, path[1], load_error, sizeof load_error) && run.vm_status == 0)
		sb_printf(&why, "the event record: %s\n", load_error);
	passed = grade_evaluate(t, &run, &why) && !why.len;
	if (!passed)
		reproduce(&why, t, o->shown_vm ? o->shown_vm : o->vm, base);
done:;
	FILE *f = fopen(path[4], "w");
	if (f) {
		fprintf(f, "%s\n%s", passed ? "pass" : "fail", why.s ? why.s : "");
		fclose(f);
	}
	sb_free(&why);
	grun_free(&run);
	_exit(f ? 0 : 1);
}

/* ---- The pool ---------------------------------------------------------------------- */

struct job {
	pid_t pid;
	size_t test;
	double start;
};

/* Worker job has ended with wait status: its result file into r. */
static void collect(const struct grade_spec *s, const struct job *job, int status, const char *dir,
		    struct grade_result *r)
{
	char path[4200];
	size_t len;
	run_file(path, sizeof path, dir, job->test, "result");
	char *text = gr_slurp(path, &len);
	r->ran = true;
	r->seconds = now() - job->start;
	r->max_score = s->tests[job->test].points;
	if (text && len >= 5 && (memcmp(text, "pass\n", 5) == 0 || memcmp(text, "fail\n", 5) == 0)) {
		r->passed = text[0] == 'p';
		r->output = gr_strndup(text + 5, len - 5);
	} else {
		struct sbuf b = { 0 };
		if (WIFSIGNALED(status))
			sb_printf(&b, "the grader's worker for this test died of signal %d\n", WTERMSIG(status));
		else
			sb_printf(&b, "the grader's worker for this test left no verdict (status %d)\n",
				  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		r->output = sb_take(&b);
	}
	r->score = r->passed ? r->max_score : 0;
	free(text);
}

static void remove_run_files(const char *dir, size_t ntests)
{
	char path[4200];
	for (size_t i = 0; i < ntests; i++)
		for (size_t k = 0; k < sizeof run_files / sizeof run_files[0]; k++) {
			run_file(path, sizeof path, dir, i, run_files[k]);
			unlink(path);
		}
	rmdir(dir);
}

int grade_run(const struct grade_spec *s, const struct grade_opts *o, struct grade_result *results,
	      FILE *err)
{
	char tmp[4096];
	const char *dir = o->keep;
	unsigned jobs = o->jobs ? o->jobs : 1, running = 0;
	struct job *pool = gr_realloc(NULL, jobs * sizeof *pool);
	int status = 0;
	memset(results, 0, s->ntests * sizeof *results);
	if (dir) {
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			fprintf(err, "vm: grade: %s: cannot make the directory: %s\n", dir, strerror(errno));
			free(pool);
			return 73;
		}
	} else {
		const char *t = getenv("TMPDIR");
		snprintf(tmp, sizeof tmp, "%s/vm-grade.XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmp)) {
			fprintf(err, "vm: grade: cannot make a temporary directory %s: %s\n", tmp, strerror(errno));
			free(pool);
			return 73;
		}
		dir = tmp;
	}
	fflush(NULL);	/* nothing buffered twice by the workers */
	for (size_t next = 0; next < s->ntests || running;) {
		if (next < s->ntests && running < jobs) {
			if (o->selected && !o->selected[next]) {
				next++;
				continue;
			}
			pid_t pid = fork();
			if (pid == 0)
				worker(s, next, o, dir);
			if (pid < 0) {
				fprintf(err, "vm: grade: cannot start a worker: %s\n", strerror(errno));
				status = 70;
				next = s->ntests;	/* wait for the running ones, start no more */
				continue;
			}
			pool[running++] = (struct job){ pid, next++, now() };
			continue;
		}
		int ws;
		pid_t pid = waitpid(-1, &ws, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (unsigned j = 0; j < running; j++)
			if (pool[j].pid == pid) {
				collect(s, &pool[j], ws, dir, &results[pool[j].test]);
				pool[j] = pool[--running];
				break;
			}
	}
	if (!o->keep)
		remove_run_files(dir, s->ntests);
	free(pool);
	return status;
}

void grade_results_free(struct grade_result *results, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(results[i].output);
}
