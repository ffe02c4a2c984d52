/*
 * grade.h - vm grade: an autograder over the event stream.  A spec (YAML,
 * docs/grading.md) names tests; each test is one `vm run` of an image with
 * some input, and checks on what the run printed, how it ended and which
 * events it made (docs/events.md).  The CLI (src/cli/grade_cmd.c) parses
 * the command line; this library loads the spec, runs the tests in
 * parallel and reports them as a table and as Gradescope's results.json.
 */
#ifndef GRADE_H
#define GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct grade_spec;

/* Load and check the spec at path.  On failure, every problem goes to err
 * as "PATH:LINE:COL: error: ...", with the line and a caret, and NULL is
 * returned with *status 65 (a bad spec), 66 (unreadable) or 70 (out of
 * memory). */
struct grade_spec *grade_spec_load(const char *path, FILE *err, int *status);
void grade_spec_free(struct grade_spec *s);
size_t grade_spec_ntests(const struct grade_spec *s);
const char *grade_test_name(const struct grade_spec *s, size_t i);

struct grade_opts {
	const char *vm;		/* the vm executable each test runs */
	const char *shown_vm;	/* it as the user typed it, for the commands a report shows */
	const char *dir;	/* relative image: and add: paths start here; NULL: the spec's directory */
	const char *keep;	/* keep each run's files in this directory; NULL: a temporary one */
	unsigned jobs;		/* tests run at the same time (>= 1) */
	unsigned timeout;	/* host seconds a run may take before it is killed */
	const bool *selected;	/* which tests run; NULL: all */
};

/* One test's verdict. */
struct grade_result {
	bool ran, passed;
	double score, max_score, seconds;
	char *output;		/* why it failed, in the trace's words; malloc'd */
};

/* Run the selected tests, results[i] for test i.  Returns 0, or 70/73
 * after one line on err when the runs could not be made at all (no temporary
 * directory, fork failed). */
int grade_run(const struct grade_spec *s, const struct grade_opts *o, struct grade_result *results,
	      FILE *err);
void grade_results_free(struct grade_result *results, size_t n);

/* The table: one row per test that ran, its points, pass or FAIL, and under
 * a failure why. */
void grade_print_table(FILE *out, const struct grade_spec *s, const struct grade_result *results);
/* Gradescope's results.json.  Returns 0 or -1 with errno. */
int grade_write_json(const char *path, const struct grade_spec *s,
		     const struct grade_result *results, double seconds);

#endif
