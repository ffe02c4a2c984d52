/*
 * test_debug_tty.c - vm debug on a terminal, driven through a pseudo-
 * terminal: the prompt, a command and its answer, Enter on an empty line
 * repeating the last command, completion of command names (with libedit),
 * Ctrl-C stopping a continue that would never end, and quit.
 *
 * Arguments: the vm binary and the kernel image.
 */
#define _DEFAULT_SOURCE
#include <poll.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static const char *vm_path, *kernel_image;

struct term {
	int master;
	pid_t pid;
	char buf[65536];
	size_t n;		/* bytes read so far */
	size_t seen;		/* what until() has matched up to */
};

/* Read until `want` appears after what was matched before, or 10 s pass. */
static bool until(struct term *t, const char *want)
{
	for (int tries = 0; tries < 1000; tries++) {
		char *at = strstr(t->buf + t->seen, want);
		if (at) {
			t->seen = (size_t)(at - t->buf) + strlen(want);
			return true;
		}
		struct pollfd p = { .fd = t->master, .events = POLLIN };
		if (poll(&p, 1, 10) <= 0)
			continue;
		ssize_t got = read(t->master, t->buf + t->n, sizeof t->buf - 1 - t->n);
		if (got <= 0)
			break;
		t->n += (size_t)got;
		t->buf[t->n] = '\0';
	}
	return false;
}

static void type(struct term *t, const char *s)
{
	assert_int_equal(write(t->master, s, strlen(s)), (ssize_t)strlen(s));
}

static void expect(struct term *t, const char *want)
{
	if (!until(t, want))
		fail_msg("the terminal never showed \"%s\"; it shows:\n%s", want, t->buf + t->seen);
}

static struct term *spawn(const char *input)
{
	struct term *t = calloc(1, sizeof *t);
	assert_non_null(t);
	t->pid = forkpty(&t->master, NULL, NULL, NULL);
	assert_true(t->pid >= 0);
	if (t->pid == 0) {
		setenv("TERM", "dumb", 1);
		execl(vm_path, vm_path, "debug", "--input", input, kernel_image, (char *)NULL);
		_exit(127);
	}
	return t;
}

static int finish(struct term *t)
{
	int status = 0;
	for (int tries = 0; tries < 500; tries++) {
		char sink[256];
		if (waitpid(t->pid, &status, WNOHANG) == t->pid)
			break;
		struct pollfd p = { .fd = t->master, .events = POLLIN };
		if (poll(&p, 1, 10) > 0 && read(t->master, sink, sizeof sink) <= 0)
			continue;
		if (tries == 499) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, &status, 0);
		}
	}
	close(t->master);
	free(t);
	return status;
}

/* A prompt, a command and its answer; Enter again repeats it; quit. */
static void test_prompt_and_repeat(void **state)
{
	(void)state;
	struct term *t = spawn("hello\\nexit\\n");
	expect(t, "(vm) ");
	type(t, "print 1 + 2\r");
	expect(t, "$1 = 3 (0x00000003)");
	expect(t, "(vm) ");
	type(t, "stepi\r");
	expect(t, "[step 1] pid 0 kernel");
	expect(t, "(vm) ");
	type(t, "\r");
	expect(t, "[step 2] pid 0 kernel");
	expect(t, "(vm) ");
	type(t, "quit\r");
	int status = finish(t);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

#ifdef HAVE_LIBEDIT
/* Tab completes a command's name. */
static void test_completion(void **state)
{
	(void)state;
	struct term *t = spawn("");
	expect(t, "(vm) ");
	type(t, "tbre\t");
	expect(t, "tbreak");
	type(t, "swtch\r");
	expect(t, "Temporary breakpoint 1 at");
	expect(t, "(vm) ");
	type(t, "quit\r");
	finish(t);
}
#endif

/* Ctrl-C stops a continue that would never end (spin forever), and the
 * prompt comes back. */
static void test_interrupt(void **state)
{
	(void)state;
	struct term *t = spawn("spin\\n");
	expect(t, "(vm) ");
	type(t, "continue\r");
	expect(t, "$ spin");
	usleep(300000);
	type(t, "\003");
	expect(t, "Interrupted.");
	expect(t, "(vm) ");
	type(t, "when\r");
	expect(t, "instructions retired");
	type(t, "quit\r");
	int status = finish(t);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_debug_tty VM KERNEL\n");
		return 2;
	}
	vm_path = argv[1];
	kernel_image = argv[2];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prompt_and_repeat),
#ifdef HAVE_LIBEDIT
		cmocka_unit_test(test_completion),
#endif
		cmocka_unit_test(test_interrupt),
	};
	return cmocka_run_group_tests_name("debug_tty", tests, NULL, NULL) != 0;
}
