/*
 * test_tty.c - vm run with a terminal as the console: input reaches the
 * guest a byte at a time without the terminal's own echo (raw enough for an
 * interactive shell), and the terminal's settings come back when vm exits,
 * normally or by Ctrl-C.  vm runs in a pseudo-terminal, driven from here.
 *
 * Arguments: the vm binary and the echo image (tests/e2e/images/echo.s).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

static const char *vm_path, *echo_image;

struct child {
	int master;
	pid_t pid;
};

static struct child start_vm(void)
{
	struct child c;
	c.pid = forkpty(&c.master, NULL, NULL, NULL);
	assert_true(c.pid >= 0);
	if (c.pid == 0) {
		execl(vm_path, vm_path, "run", echo_image, (char *)NULL);
		_exit(127);
	}
	return c;
}

/* Read what the terminal shows until `want` appears or 5 s pass. */
static void read_until(int fd, const char *want, char *buf, size_t cap)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int tries = 0; tries < 500 && !strstr(buf, want); tries++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 10) <= 0)
			continue;
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got <= 0)
			break;
		n += (size_t)got;
		buf[n] = '\0';
	}
}

/* Wait until vm has put the terminal in raw mode (ECHO and ICANON off). */
static void wait_raw(int master)
{
	struct termios t;
	for (int tries = 0; tries < 500; tries++) {
		assert_int_equal(tcgetattr(master, &t), 0);
		if (!(t.c_lflag & (ECHO | ICANON)))
			return;
		usleep(10000);
	}
	fail_msg("vm never switched the terminal to raw mode");
}

static void assert_cooked(int master)
{
	struct termios t;
	assert_int_equal(tcgetattr(master, &t), 0);
	assert_true(t.c_lflag & ECHO);
	assert_true(t.c_lflag & ICANON);
}

/* A byte typed reaches the guest at once (no newline needed) and is shown
 * once: by the guest's echo, not by the terminal's. */
static void test_raw_input_and_restore_on_exit(void **state)
{
	(void)state;
	char buf[256];
	struct child c = start_vm();
	wait_raw(c.master);
	assert_int_equal(write(c.master, "x", 1), 1);
	read_until(c.master, "x", buf, sizeof buf);
	assert_string_equal(buf, "x");
	/* End of input (Ctrl-D is not special in raw mode, so close instead):
	 * send SIGTERM and check the terminal is restored. */
	kill(c.pid, SIGTERM);
	int status;
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_cooked(c.master);
	close(c.master);
}

/* Ctrl-C ends vm (the terminal still makes it SIGINT) and the terminal is
 * left as it was found. */
static void test_ctrl_c_restores_terminal(void **state)
{
	(void)state;
	struct child c = start_vm();
	wait_raw(c.master);
	assert_int_equal(write(c.master, "\003", 1), 1);
	int status;
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	assert_cooked(c.master);
	close(c.master);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s VM ECHO_IMAGE\n", argv[0]);
		return 2;
	}
	vm_path = argv[1];
	echo_image = argv[2];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_input_and_restore_on_exit),
		cmocka_unit_test(test_ctrl_c_restores_terminal),
	};
	return cmocka_run_group_tests_name("tty", tests, NULL, NULL);
}
