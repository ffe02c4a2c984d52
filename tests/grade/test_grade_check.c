/*
 * test_grade_check.c - vm grade's checks (src/grade/check.c, pattern.c)
 * on event records written by hand: the cases a demo's run does not
 * choose to show, each a spec and a record, and the verdict with the
 * words that explain it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade_int.h"

/* ---- Records, a line each ---------------------------------------------------- */

#define START(q) "{\"n\":0,\"event\":\"start\",\"schema\":\"ldx-events\",\"version\":1,\"image\":\"none\"," \
		 "\"mem\":65536,\"quantum\":" #q "}\n"
#define END(n, st) "{\"n\":" #n ",\"event\":\"end\",\"reason\":\"power_off\",\"status\":" #st "}\n"
#define HW(n, pid, mode, ie, rest) "{\"n\":" #n ",\"pid\":" #pid ",\"mode\":\"" mode "\",\"ie\":" ie \
				   ",\"src\":\"hw\"," rest "}\n"
#define TO_USER(n, pid) HW(n, pid, "user", "true", "\"event\":\"iret\",\"to\":\"user\",\"pc\":0")
#define TIMER(n, pid) HW(n, pid, "kernel", "false", "\"event\":\"trap\",\"cause\":\"timer\",\"from\":\"user\"," \
			 "\"pc\":0,\"insn_pc\":0,\"handler\":64")
#define OS(n, pid, ev, args) "{\"n\":" #n ",\"pid\":" #pid ",\"mode\":\"kernel\",\"ie\":false,\"src\":\"os\"," \
			     "\"event\":\"" ev "\",\"args\":{" args "}}\n"
#define WRITE(n, pid) OS(n, pid, "syscall", "\"pid\":" #pid ",\"syscall\":\"write\"")
#define SWITCH(n, to) OS(n, to, "switch", "\"pid\":" #to)
#define CREATE(n, parent, child) OS(n, parent, "create", "\"pid\":" #child ",\"parent\":" #parent)

/* ---- One test graded ----------------------------------------------------------- */

struct verdict {
	bool passed;
	char *why;
};

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/test_grade_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* The first test of spec graded on the record events, whose console printed
 * output. */
static struct verdict grade(const char *spec, const char *events, const char *output)
{
	char *spec_path = write_temp(spec), *events_path = write_temp(events);
	int status;
	struct grade_spec *s = grade_spec_load(spec_path, stderr, &status);
	assert_non_null(s);
	struct grun run = { .vm_status = 0 };
	char why[256];
	assert_int_equal(grun_load(&run, events_path, why, sizeof why), 0);
	run.out = strdup(output);
	run.out_len = strlen(output);
	struct sbuf out = { 0 };
	struct verdict v = { .passed = grade_evaluate(&s->tests[0], &run, &out) };
	v.why = sb_take(&out);
	grun_free(&run);
	grade_spec_free(s);
	unlink(spec_path);
	unlink(events_path);
	free(spec_path);
	free(events_path);
	return v;
}

/* The verdict, and the explanation contains each of the texts (NULL-ended). */
static void expect(struct verdict v, int passed, ...)
{
	va_list ap;
	if (v.passed != (bool)passed)
		print_error("expected %s, got:\n%s\n", passed ? "a pass" : "a failure", v.why);
	assert_int_equal(v.passed, (bool)passed);
	va_start(ap, passed);
	for (const char *text; (text = va_arg(ap, const char *)) != NULL;) {
		if (!strstr(v.why, text))
			print_error("no \"%s\" in:\n%s\n", text, v.why);
		assert_non_null(strstr(v.why, text));
	}
	va_end(ap);
	free(v.why);
}

#define SPEC(checks) "tests:\n  - name: t\n    checks:\n" checks

/* ---- Sequences -------------------------------------------------------------------- */

/* The first write's process is never interrupted; the second's is: the
 * search goes back and tries the next $p. */
static void test_sequence_backtracks_over_captures(void **state)
{
	(void)state;
	const char *spec = SPEC("      - sequence:\n"
				"          - {event: syscall, pid: $p, args: {syscall: write}}\n"
				"          - {event: trap, cause: timer, pid: $p}\n"
				"          - {event: switch, args: {pid: {not: $p}}}\n");
	expect(grade(spec, START(0) WRITE(10, 2) WRITE(20, 3) TIMER(30, 3) SWITCH(40, 2) END(50, 0), ""),
	       true, NULL);
	expect(grade(spec, START(0) WRITE(10, 2) WRITE(20, 3) TIMER(30, 3) SWITCH(40, 3) END(50, 0), ""),
	       false, "step 3 of 3 never matched", "steps 1-2 matched", "$p = 3",
	       "args.pid is 3, the pattern wants {not: $p} ($p = 3)", NULL);
}

/* A without forbids an event in the gap, not after the step it guards. */
static void test_sequence_without(void **state)
{
	(void)state;
	const char *spec = SPEC("      - sequence:\n"
				"          - {event: trap, cause: timer, pid: $p}\n"
				"          - {event: switch, without: {event: iret, to: user}}\n");
	expect(grade(spec, START(0) TIMER(10, 3) SWITCH(20, 2) TO_USER(30, 2) END(50, 0), ""), true, NULL);
	expect(grade(spec, START(0) TIMER(10, 3) TO_USER(20, 3) SWITCH(30, 2) END(50, 0), ""), false,
	       "step 2 of 2 never matched", "which its without: {event: iret, to: user} forbids", NULL);
}

/* The first candidate for step 1 has a forbidden event after it; a later
 * one does not, and is found though step 1 captures nothing. */
static void test_sequence_without_tries_later_candidates(void **state)
{
	(void)state;
	const char *spec = SPEC("      - sequence:\n"
				"          - {event: syscall}\n"
				"          - {event: switch, without: {event: iret}}\n");
	expect(grade(spec, START(0) WRITE(10, 2) TO_USER(20, 2) WRITE(30, 2) SWITCH(40, 3) END(50, 0), ""),
	       true, NULL);
}

/* {not: $p} in the same pattern as the capture, whichever comes first. */
static void test_not_capture_in_the_same_pattern(void **state)
{
	(void)state;
	const char *spec = SPEC("      - never: {event: create, args: {pid: {not: $p}, parent: $p}}\n");
	expect(grade(spec, START(0) CREATE(10, 1, 2) END(50, 0), ""), false, "it happened", NULL);
	expect(grade(spec, START(0) CREATE(10, 2, 2) END(50, 0), ""), true, NULL);
}

/* ---- Counts and captures across checks ------------------------------------------- */

/* A capture no earlier check made: one count per value, the first value in
 * range kept for the later checks. */
static void test_count_for_some_value(void **state)
{
	(void)state;
	const char *events = START(0) CREATE(10, 1, 2) CREATE(11, 2, 3) CREATE(12, 2, 4) CREATE(13, 2, 5)
		END(50, 0);
	expect(grade(SPEC("      - count: {event: create, args: {parent: $q}}\n"
			  "        at_least: 3\n"
			  "      - count: {event: create, args: {parent: $q}}\n"
			  "        exactly: 3\n"), events, ""), true, NULL);
	expect(grade(SPEC("      - count: {event: create, args: {parent: $q}}\n"
			  "        at_least: 4\n"), events, ""), false,
	       "wanted at least 4, found 1 with $q = 1; found 3 with $q = 2", NULL);
}

/* A check that needs a capture a failed check would have made is not
 * checked; one that needs none is. */
static void test_capture_of_a_failed_check(void **state)
{
	(void)state;
	const char *spec = SPEC("      - sequence:\n"
				"          - {event: syscall, pid: $p, args: {syscall: read}}\n"
				"      - never: {event: switch, args: {pid: $p}}\n"
				"      - never: {event: trap}\n");
	expect(grade(spec, START(0) WRITE(10, 2) TIMER(20, 2) END(50, 0), ""), false,
	       "check 2 (line 6): never {event: switch, args: {pid: $p}}\n"
	       "  not checked: $p is captured by the check at line 4, which failed",
	       "check 3 (line 7): never {event: trap}\n  it happened", NULL);
}

/* ---- Invariants ------------------------------------------------------------------ */

/* quantum + slack instructions between a return to user mode and the next
 * trap, or the end of the run, and not one more. */
static void test_quantum_boundary(void **state)
{
	(void)state;
	const char *spec = SPEC("      - invariant: quantum\n        slack: 5\n");
	expect(grade(spec, START(100) TO_USER(10, 2) TIMER(115, 2) END(200, 0), ""), true, NULL);
	expect(grade(spec, START(100) TO_USER(10, 2) TIMER(116, 2) END(200, 0), ""), false,
	       "pid 2 ran 106 instructions in user mode without the kernel taking control "
	       "(quantum 100 + slack 5 = 105)", NULL);
	expect(grade(spec, START(100) TO_USER(10, 2) END(200, 0), ""), false, "ran 190 instructions", NULL);
}

static void test_kernel_mode(void **state)
{
	(void)state;
	const char *spec = SPEC("      - invariant: kernel_mode\n");
	expect(grade(spec, START(0) TO_USER(10, 2) TIMER(20, 2) END(50, 0), ""), true, NULL);
	/* kernel mode with no trap: an OS event straight after user mode */
	expect(grade(spec, START(0) TO_USER(10, 2) WRITE(20, 2) END(50, 0), ""), false,
	       "from user to kernel mode without a trap", NULL);
	/* a return into kernel mode where no kernel label is */
	expect(grade(spec, START(0) HW(10, 1, "kernel", "false", "\"event\":\"iret\",\"to\":\"kernel\",\"pc\":32768")
		     END(50, 0), ""), false, "went to code outside the kernel", NULL);
	expect(grade(spec, START(0) HW(10, 1, "kernel", "false",
				   "\"event\":\"iret\",\"to\":\"kernel\",\"pc\":64,\"at\":\"sched\"")
		     END(50, 0), ""), true, NULL);
}

static void test_user_interrupts(void **state)
{
	(void)state;
	const char *spec = SPEC("      - invariant: user_interrupts\n");
	expect(grade(spec, START(0) TO_USER(10, 2) TIMER(20, 2) END(50, 0), ""), true, NULL);
	expect(grade(spec, START(0) HW(10, 2, "user", "false", "\"event\":\"iret\",\"to\":\"user\",\"pc\":0")
		     END(50, 0), ""), false, "pid 2 runs in user mode with interrupts off", NULL);
}

/* ---- The output and the end ------------------------------------------------------- */

static void test_output(void **state)
{
	(void)state;
	const char *events = START(0) END(50, 0);
	const char *out = "$ hello\nhello, world\n$ exit\n";
	expect(grade(SPEC("      - matches: \"^hello, w.*d$\"\n"), events, out), true, NULL);
	expect(grade(SPEC("      - matches: \"^world\"\n"), events, out), false, "no line matches",
	       "| hello, world", NULL);
	expect(grade(SPEC("      - lacks: world\n"), events, out), false,
	       "it does, on line 2 of the output:\n    | hello, world", NULL);
	expect(grade(SPEC("      - equals: \"$ hello\\nhello, world\\n$ exit\\n\"\n"), events, out), true, NULL);
	expect(grade(SPEC("      - equals: \"$ hello\\nhello, world!\\n\"\n"), events, out), false,
	       "line 2 differs (column 13):\n    expected: \"hello, world!\"\n    got:      \"hello, world\"",
	       NULL);
	expect(grade(SPEC("      - equals: \"$ hello\\n\"\n"), events, out), false,
	       "expected: (the end of the output)", NULL);
}

static void test_exit_status(void **state)
{
	(void)state;
	expect(grade(SPEC("      - exit: {not: 0}\n"), START(0) END(50, 3), ""), true, NULL);
	expect(grade(SPEC("      - exit: [0, 1]\n"), START(0) END(50, 3), ""), false,
	       "the guest exited with status 3", NULL);
	/* a run cut off at its limit is a failure of its own, before any check */
	expect(grade(SPEC("      - exit: 0\n"),
		     START(0) "{\"n\":99,\"event\":\"end\",\"reason\":\"max_instructions\"}\n", ""), false,
	       "the run reached its instruction limit, max_instructions: 50000000", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequence_backtracks_over_captures),
		cmocka_unit_test(test_sequence_without),
		cmocka_unit_test(test_sequence_without_tries_later_candidates),
		cmocka_unit_test(test_not_capture_in_the_same_pattern),
		cmocka_unit_test(test_count_for_some_value),
		cmocka_unit_test(test_capture_of_a_failed_check),
		cmocka_unit_test(test_quantum_boundary),
		cmocka_unit_test(test_kernel_mode),
		cmocka_unit_test(test_user_interrupts),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_exit_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
