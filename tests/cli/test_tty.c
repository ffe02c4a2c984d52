/*
 * test_tty.c - vm run with a terminal as the console: input reaches the
 * guest a byte at a time without the terminal's own echo (raw enough for an
 * interactive shell), Ctrl-C included, which the kernel takes as its
 * interrupt character; Ctrl-Z still stops vm; the terminal's settings come
 * back when vm exits or stops; and Ctrl-] then q leaves vm, as vm says once
 * at the start (and --status-file after).  vm runs in a pseudo-terminal,
 * driven from here.
 *
 * Arguments: the vm binary, the echo image (tests/e2e/images/echo.s), the
 * midline image (midline.s there), the spin image (spin.s there) and the
 * kernel image (build/kernel.bin).
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

static const char *vm_path, *echo_image, *midline_image, *spin_image, *kernel_image;

struct child {
	int master;
	pid_t pid;
};

/* The line vm prints once on a terminal before the guest starts. */
static const char hint[] = "vm: to leave the emulator, type Ctrl-] then q\r\n";

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

/* Start vm run with option (or NULL) on image in a new pseudo-terminal. */
static struct child spawn_vm(const char *option, const char *image)
{
	struct child c;
	c.pid = forkpty(&c.master, NULL, NULL, NULL);
	assert_true(c.pid >= 0);
	if (c.pid == 0) {
		if (option)
			execl(vm_path, vm_path, "run", option, image, (char *)NULL);
		else
			execl(vm_path, vm_path, "run", image, (char *)NULL);
		_exit(127);
	}
	return c;
}

/* vm run on the echo image: the first thing it shows is the hint, once. */
static struct child start_vm(void)
{
	char buf[256];
	struct child c = spawn_vm(NULL, echo_image);
	read_until(c.master, hint, buf, sizeof buf);
	assert_string_equal(buf, hint);
	return c;
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

/* Type n bytes into the echo guest; the terminal then shows exactly shown
 * (whose last byte ends the wait). */
static void type_and_expect(const struct child *c, const char *typed, size_t n, const char *shown)
{
	char buf[256];
	assert_int_equal(write(c->master, typed, n), (ssize_t)n);
	read_until(c->master, shown + strlen(shown) - 1, buf, sizeof buf);
	assert_string_equal(buf, shown);
}

/* End vm with SIGTERM (Ctrl-D is not special in raw mode): it dies of the
 * signal and leaves the terminal restored. */
static void end_vm(const struct child *c)
{
	kill(c->pid, SIGTERM);
	int status;
	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_cooked(c->master);
	close(c->master);
}

/* Typing typed ends vm within 5 s, with status 0, and the terminal is left
 * as it was found. */
static void typed_ends_vm(struct child c, const char *typed, size_t n)
{
	wait_raw(c.master);
	assert_int_equal(write(c.master, typed, n), (ssize_t)n);
	int status;
	pid_t got = 0;
	for (int tries = 0; tries < 500 && got == 0; tries++) {
		got = waitpid(c.pid, &status, WNOHANG);
		if (got == 0)
			usleep(10000);
	}
	if (got == 0) {
		kill(c.pid, SIGKILL);
		waitpid(c.pid, &status, 0);
		fail_msg("vm still runs 5 s after the keys that end it");
	}
	assert_int_equal(got, c.pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_cooked(c.master);
	close(c.master);
}

/* A byte typed reaches the guest at once (no newline needed) and is shown
 * once: by the guest's echo, not by the terminal's. */
static void test_raw_input_and_restore_on_exit(void **state)
{
	(void)state;
	struct child c = start_vm();
	wait_raw(c.master);
	type_and_expect(&c, "x", 1, "x");
	end_vm(&c);
}

/* Ctrl-C is a byte for the guest, not SIGINT for vm: the echo guest shows
 * it and vm goes on.  The terminal still makes signals of the other keys
 * (ISIG), so Ctrl-Z stops vm (test_ctrl_z_stops_vm). */
static void test_ctrl_c_reaches_the_guest(void **state)
{
	(void)state;
	struct child c = start_vm();
	wait_raw(c.master);
	struct termios t;
	assert_int_equal(tcgetattr(c.master, &t), 0);
	assert_true(t.c_lflag & ISIG);
	assert_int_equal(t.c_cc[VINTR], _POSIX_VDISABLE);
	assert_int_not_equal(t.c_cc[VSUSP], _POSIX_VDISABLE);
	type_and_expect(&c, "\003", 1, "\003");
	type_and_expect(&c, "y", 1, "y");	/* still running */
	end_vm(&c);
}

/* Type into the kernel's shell; the terminal then shows exactly shown. */
static void type_at_shell(const struct child *c, const char *typed, const char *shown)
{
	char buf[256];
	assert_int_equal(write(c->master, typed, strlen(typed)), (ssize_t)strlen(typed));
	read_until(c->master, shown, buf, sizeof buf);
	assert_string_equal(buf, shown);
}

/* The kernel on a terminal: Ctrl-C kills the foreground job and the shell
 * prompts again; Ctrl-C at the prompt throws the line away.  Then exit
 * powers off with status 0.  The job is cat, which shows that it runs (and
 * so takes Ctrl-C: the shell's child says so before exec) by copying a
 * line: the kernel's echo, then cat's copy. */
static void test_ctrl_c_kills_the_foreground_job(void **state)
{
	(void)state;
	char buf[1024];
	struct child c = spawn_vm(NULL, kernel_image);
	read_until(c.master, "$ ", buf, sizeof buf);
	assert_non_null(strstr(buf, "$ "));
	wait_raw(c.master);
	type_at_shell(&c, "cat\r", "cat\r\n");
	type_at_shell(&c, "abc\r", "abc\r\nabc\r\n");
	type_at_shell(&c, "\003", "^C\r\n[3] exit status -1\r\n$ ");
	type_at_shell(&c, "hel\003", "hel^C\r\n$ ");
	type_at_shell(&c, "hello\r", "hello\r\nhello, world\r\n$ ");
	typed_ends_vm(c, "exit\r", 5);
}

/* Ctrl-Z stops vm, with the terminal as it was found, and vm takes it back
 * when it continues.  A stop needs job control: the child of forkpty plays
 * the shell, running vm as a job of its own in the foreground, and says
 * what it sees when vm stops, then continues it. */
static void test_ctrl_z_stops_vm(void **state)
{
	(void)state;
	char buf[256];
	struct child c;
	c.pid = forkpty(&c.master, NULL, NULL, NULL);
	assert_true(c.pid >= 0);
	if (c.pid == 0) {	/* the "shell" */
		signal(SIGTTOU, SIG_IGN);	/* it sets the foreground from behind */
		pid_t vm = fork();
		if (vm == 0) {
			setpgid(0, 0);
			tcsetpgrp(STDIN_FILENO, getpid());
			signal(SIGTTOU, SIG_DFL);
			execl(vm_path, vm_path, "run", echo_image, (char *)NULL);
			_exit(127);
		}
		setpgid(vm, vm);
		int st;
		if (waitpid(vm, &st, WUNTRACED) != vm || !WIFSTOPPED(st))
			_exit(100);
		struct termios t;
		const char *seen = tcgetattr(STDIN_FILENO, &t) == 0 && (t.c_lflag & ICANON)
					   && (t.c_lflag & ECHO)
				   ? "[vm stopped, terminal cooked]\n"
				   : "[vm stopped, terminal raw]\n";
		if (write(STDOUT_FILENO, seen, strlen(seen)) < 0)
			_exit(101);
		tcsetpgrp(STDIN_FILENO, vm);
		kill(vm, SIGCONT);
		if (waitpid(vm, &st, 0) != vm)
			_exit(102);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 103);
	}
	read_until(c.master, hint, buf, sizeof buf);
	assert_string_equal(buf, hint);
	wait_raw(c.master);
	assert_int_equal(write(c.master, "\032", 1), 1);
	read_until(c.master, "]\r\n", buf, sizeof buf);
	assert_string_equal(buf, "[vm stopped, terminal cooked]\r\n");
	wait_raw(c.master);	/* continued: raw again */
	type_and_expect(&c, "z", 1, "z");
	typed_ends_vm(c, "\035q", 2);	/* the "shell" exits with vm's status */
}

/* Ctrl-] then q leaves vm at once, with status 0, and the terminal is left
 * as it was found; the guest never sees the two bytes. */
static void test_escape_quits(void **state)
{
	(void)state;
	typed_ends_vm(start_vm(), "\035q", 2);
}

/* A guest that never reads its console (it spins) is left the same way,
 * even after other bytes were typed that it will never take. */
static void test_escape_quits_a_deaf_guest(void **state)
{
	(void)state;
	typed_ends_vm(spawn_vm(NULL, spin_image), "abc\035q", 5);
}

/* Left with Ctrl-] q, vm's status 0 is not the guest's: --status-file says
 * "vm 0 quit", so a script can tell it from a guest that exits with 0. */
static void test_escape_status_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_tty_status_XXXXXX", option[64], line[64] = "";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "stale\n", 6), 6);	/* emptied when vm starts */
	close(fd);
	snprintf(option, sizeof option, "--status-file=%s", path);
	typed_ends_vm(spawn_vm(option, spin_image), "\035q", 2);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	unlink(path);
	assert_string_equal(line, "vm 0 quit\n");
}

/* Ctrl-] Ctrl-] types one Ctrl-] to the guest, and Ctrl-] then another
 * byte types that byte: the echo guest shows what it was given. */
static void test_escape_passes_other_bytes(void **state)
{
	(void)state;
	struct child c = start_vm();
	wait_raw(c.master);
	type_and_expect(&c, "\035\035a\035xz", 6, "\035axz");
	end_vm(&c);
}

/* --trace to the terminal the console writes to: the guest's "ab" is left
 * mid-line when it traps, and the trace line starts a line of its own. */
static void test_trace_lines_whole(void **state)
{
	(void)state;
	char buf[1024];
	struct child c = spawn_vm("--trace", midline_image);
	read_until(c.master, "exit status 0\r\n", buf, sizeof buf);
	assert_int_equal(strncmp(buf, hint, strlen(hint)), 0);
	assert_non_null(strstr(buf, "ab\r\n        10 [hw] syscall"));
	assert_non_null(strstr(buf, "pc _start+40\r\nc\r\n"));
	int status;
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(c.master);
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: %s VM ECHO_IMAGE MIDLINE_IMAGE SPIN_IMAGE KERNEL_IMAGE\n",
			argv[0]);
		return 2;
	}
	vm_path = argv[1];
	echo_image = argv[2];
	midline_image = argv[3];
	spin_image = argv[4];
	kernel_image = argv[5];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_input_and_restore_on_exit),
		cmocka_unit_test(test_ctrl_c_reaches_the_guest),
		cmocka_unit_test(test_ctrl_c_kills_the_foreground_job),
		cmocka_unit_test(test_ctrl_z_stops_vm),
		cmocka_unit_test(test_escape_quits),
		cmocka_unit_test(test_escape_quits_a_deaf_guest),
		cmocka_unit_test(test_escape_status_file),
		cmocka_unit_test(test_escape_passes_other_bytes),
		cmocka_unit_test(test_trace_lines_whole),
	};
	return cmocka_run_group_tests_name("tty", tests, NULL, NULL);
}
