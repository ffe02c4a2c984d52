/*
 * grade_cmd.c - vm grade: run a spec's tests (src/grade, docs/grading.md)
 * and print their verdicts as a table, and as Gradescope's results.json
 * with --json.
 */
#define _GNU_SOURCE	/* sched_getaffinity: the cores this process may use */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "grade.h"

/* Exit status when a test failed: not one of vm's own (exits.def). */
enum { EXIT_FAILED_TEST = 1, DEFAULT_TIMEOUT = 600 };

static const char grade_usage[] =
	"usage: vm grade [options] SPEC [TEST...]\n"
	"\n"
	"Grade: run the tests of SPEC, a YAML file (docs/grading.md), each a `vm run`\n"
	"of an image with its input, and check what each run printed, how it ended\n"
	"and which events it made (its event stream, docs/events.md).  Prints a table:\n"
	"each test's points, pass or FAIL, and for a failure the first event where\n"
	"the run differed from what the test wants.  With TEST names, only those run.\n"
	"\n"
	"options:\n"
	"  -j, --jobs N         run N tests at a time (default: the cores there are)\n"
	"  --json FILE          also write the verdicts as Gradescope's results.json\n"
	"                       (- for standard output, the table then goes to stderr)\n"
	"  --dir DIR            the spec's relative image: and add: paths start in DIR\n"
	"                       (default: the spec's own directory), e.g. a submission\n"
	"  --keep DIR           keep each run's files in DIR (N.in, N.events.jsonl,\n"
	"                       N.out, N.err: test N's input, events, output, errors)\n"
	"  --timeout SECONDS    host time one run may take before it is killed\n"
	"                       (default 600; each test has an instruction limit too)\n"
	"  -h, --help           show this help\n"
	"\n"
	"exit status: 0 every test passed, 1 a test failed, 64 usage, 65 a bad spec\n"
	"(SPEC:LINE:COL: error: ...), 66 unreadable spec, 70 out of memory or no\n"
	"process for a run, 73 cannot write the --json file or the run directory.\n";

static unsigned cores(void)
{
#ifdef __linux__
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The vm to run: this one. */
static const char *this_vm(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return vm_command;
	path[n] = '\0';
	return path;
}

int cmd_grade(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_DIR, OPT_KEEP, OPT_TIMEOUT };
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", required_argument, NULL, OPT_JSON },
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct grade_opts o = { .vm = this_vm(), .shown_vm = vm_command, .jobs = cores(),
				.timeout = DEFAULT_TIMEOUT };
	const char *json = NULL;
	uint64_t v;
	int c, status;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_count(optarg, &v) || v == 0 || v > 1024) {
				errorf("grade: -j %s: give a number of tests from 1 to 1024", optarg);
				return EXIT_USAGE;
			}
			o.jobs = (unsigned)v;
			break;
		case OPT_JSON: json = optarg; break;
		case OPT_DIR: o.dir = optarg; break;
		case OPT_KEEP: o.keep = optarg; break;
		case OPT_TIMEOUT:
			if (parse_count(optarg, &v) || v == 0 || v > 86400) {
				errorf("grade: --timeout %s: give a number of seconds from 1 to 86400", optarg);
				return EXIT_USAGE;
			}
			o.timeout = (unsigned)v;
			break;
		case 'h':
			fputs(grade_usage, stdout);
			return 0;
		default:
			return bad_option("grade", c, argv);
		}
	}
	if (optind >= argc) {
		errorf("grade: which spec? (see vm grade --help)");
		return EXIT_USAGE;
	}
	struct grade_spec *spec = grade_spec_load(argv[optind], stderr, &status);
	if (!spec)
		return status;
	size_t n = grade_spec_ntests(spec);
	bool *selected = NULL;
	struct grade_result *results = calloc(n, sizeof *results);
	if (!results)
		goto oom;
	if (optind + 1 < argc) {	/* only the tests named */
		if (!(selected = calloc(n, sizeof *selected)))
			goto oom;
		for (int a = optind + 1; a < argc; a++) {
			size_t i = 0;
			while (i < n && strcmp(grade_test_name(spec, i), argv[a]) != 0)
				i++;
			if (i == n) {
				errorf("grade: %s has no test named '%s'", argv[optind], argv[a]);
				status = EXIT_USAGE;
				goto done;
			}
			selected[i] = true;
		}
		o.selected = selected;
	}
	double t0 = seconds_now();
	status = grade_run(spec, &o, results, stderr);
	if (status)
		goto done;
	grade_print_table(json && strcmp(json, "-") == 0 ? stderr : stdout, spec, results);
	status = 0;
	for (size_t i = 0; i < n; i++)
		if (results[i].ran && !results[i].passed)
			status = EXIT_FAILED_TEST;
	if (json && grade_write_json(json, spec, results, seconds_now() - t0) != 0) {
		errorf("grade: %s: cannot write the results: %s", json, strerror(errno));
		status = EXIT_CANTCREATE;
	}
	goto done;
oom:
	errorf("out of memory");
	status = EXIT_INTERNAL;
done:
	grade_results_free(results, results ? n : 0);
	free(results);
	free(selected);
	grade_spec_free(spec);
	return status;
}
