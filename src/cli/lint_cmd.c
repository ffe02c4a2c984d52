/*
 * lint_cmd.c - vm lint: run an image and check it against the rules of
 * limited direct execution (src/lint, docs/lint.md); and the report that
 * vm run --lint prints too (lint_report).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "events.h"
#include "lint.h"

static const char lint_usage[] =
	"usage: vm lint [options] [image.bin]\n"
	"\n"
	"Run an image and check the run against the rules of limited direct\n"
	"execution: every return-from-trap into user mode (interrupts, the timer,\n"
	"base and bound, the kernel stack, the trap table, the registers the process\n"
	"trapped with), every access the kernel makes while serving a system call\n"
	"(another process's memory, a user pointer used unrelocated), and how long\n"
	"the kernel keeps interrupts masked.  Each violation is reported once per\n"
	"distinct cause, with its code (docs/lint.md has each rule, its reason and\n"
	"its usual fix), the instruction count, the pid, and the kernel instruction\n"
	"and label where it happened.  The rules about the process table need the\n"
	"image's symbols (proc_table, PCB_*); without them the others still run.\n"
	"Without an image, the default one (the kernel).  The guest's console output\n"
	"is not shown (--console shows it on standard error).\n"
	"\n"
	"options:\n"
	"  --input TEXT            what is typed at the console (\\n for Enter, \\\\ for \\);\n"
	"                          nothing, if not given: the shell sees end of input\n"
	"  --input-file FILE       what is typed at the console: FILE's bytes\n"
	"  --json                  the report as one JSON object (docs/lint.md)\n"
	"  --masked-max N          the longest stretch in kernel mode with interrupts\n"
	"                          masked, in instructions (default: twice the timer's\n"
	"                          period, at least twice the default quantum)\n"
	"  --console               show the guest's console output on standard error\n"
	"  --list                  list the rules: code, severity, what each forbids\n"
	"  --mem SIZE, --quantum N as vm run\n"
	"  --max-instructions N    stop after N instructions (default 1000000000)\n"
	"  -h, --help              show this help\n"
	"\n"
	"exit status: 0 no error found (warnings allowed), 1 errors found; else 64\n"
	"usage, 65 invalid image, 66 unreadable file, 70 out of memory, 124\n"
	"instruction limit, 125 double fault, 126 idle forever (when no error was\n"
	"found before the run stopped).\n";

struct lint_cmd_opts {
	uint64_t mem, max, masked_max;
	uint32_t quantum;
	bool json, console, list;
	uint8_t *input;	/* unescaped, or the file's bytes */
	size_t input_len;
	const char *image;
};

static int parse_lint_args(int argc, char **argv, struct lint_cmd_opts *o)
{
	enum { OPT_INPUT = 256, OPT_INPUT_FILE, OPT_JSON, OPT_MASKED, OPT_CONSOLE, OPT_LIST, OPT_MEM,
	       OPT_QUANTUM, OPT_MAX };
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "input-file", required_argument, NULL, OPT_INPUT_FILE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "masked-max", required_argument, NULL, OPT_MASKED },
		{ "console", no_argument, NULL, OPT_CONSOLE },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "mem", required_argument, NULL, OPT_MEM },
		{ "quantum", required_argument, NULL, OPT_QUANTUM },
		{ "max-instructions", required_argument, NULL, OPT_MAX },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c, status;
	*o = (struct lint_cmd_opts){ .mem = MEM_DEFAULT, .max = 1000000000 };
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_INPUT:
			free(o->input);
			o->input = (uint8_t *)unescape_input(optarg, &o->input_len);
			if (!o->input) {
				errorf("out of memory");
				return EXIT_INTERNAL;
			}
			break;
		case OPT_INPUT_FILE:
			free(o->input);
			o->input = read_input(optarg, &o->input_len, &status);
			if (!o->input)
				return status;
			break;
		case OPT_MASKED:
		case OPT_MAX:
			if (parse_count(optarg, &v) || v == 0) {
				errorf("lint: %s: give a whole number > 0", optarg);
				return EXIT_USAGE;
			}
			*(c == OPT_MAX ? &o->max : &o->masked_max) = v;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_CONSOLE:
			o->console = true;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case OPT_MEM:
			if (parse_mem_option("lint", optarg, &o->mem))
				return EXIT_USAGE;
			break;
		case OPT_QUANTUM:
			if (parse_quantum_option("lint", optarg, &o->quantum))
				return EXIT_USAGE;
			break;
		case 'h':
			fputs(lint_usage, stdout);
			return 0;
		default:
			return bad_option("lint", c, argv);
		}
	}
	if (optind < argc - 1) {
		errorf("lint: '%s': only one image (see vm lint --help)", argv[optind + 1]);
		return EXIT_USAGE;
	}
	o->image = optind < argc ? argv[optind] : vm_default_image();
	return -1;
}

/* ---- The report -------------------------------------------------------------- */

void lint_report(FILE *out, const struct lint *l, uint64_t instructions)
{
	const char *missing;
	char line[640];
	if (!lint_proctable(l, &missing)) {
		fprintf(out, "vm lint: note: no process table in the image's symbols (%s missing): "
			     "the rules", missing);
		for (unsigned r = 0, k = 0; r < LINT_RULE_COUNT; r++)
			if (lint_rules[r].needs_proctable)
				fprintf(out, "%s %s", k++ ? "," : "", lint_rules[r].code);
		fputs(" are off\n", out);
	}
	unsigned n;
	const struct lint_finding *f = lint_findings(l, &n);
	for (unsigned i = 0; i < n; i++) {
		fputs(lint_format(&f[i], line, sizeof line), out);
		if (f[i].count > 1)
			fprintf(out, " (%llu times)", (unsigned long long)f[i].count);
		fputc('\n', out);
	}
	if (lint_unlisted(l))
		fprintf(out, "vm lint: and %llu more reports of causes not listed (only the first %u "
			     "distinct ones are kept)\n", (unsigned long long)lint_unlisted(l), n);
	unsigned errors = lint_count(l, LINT_ERROR), warnings = lint_count(l, LINT_WARNING);
	if (!errors && !warnings && !lint_entered_user(l))
		fprintf(out, "vm lint: nothing broken in %llu instructions, but no process ever entered "
			     "user mode, where most rules are checked: see how the run ended (vm run)\n",
			(unsigned long long)instructions);
	else if (!errors && !warnings)
		fprintf(out, "vm lint: clean: no rule of limited direct execution broken in %llu "
			     "instructions\n", (unsigned long long)instructions);
	else
		fprintf(out, "vm lint: %u error%s, %u warning%s in %llu instructions (docs/lint.md)\n",
			errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
			(unsigned long long)instructions);
}

static char *json_report(const struct lint *l, const char *image, uint64_t instructions,
			 const char *end)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	char anchor[16], doc[64];
	const char *missing;
	bool pt = lint_proctable(l, &missing);
	cJSON_AddStringToObject(o, "schema", "ldx-lint");
	cJSON_AddNumberToObject(o, "version", 1);
	cJSON_AddStringToObject(o, "image", image);
	cJSON_AddNumberToObject(o, "instructions", (double)instructions);
	cJSON_AddStringToObject(o, "end", end);
	cJSON_AddBoolToObject(o, "process_table", pt);
	if (!pt)
		cJSON_AddStringToObject(o, "missing", missing);
	cJSON_AddNumberToObject(o, "errors", lint_count(l, LINT_ERROR));
	cJSON_AddNumberToObject(o, "warnings", lint_count(l, LINT_WARNING));
	cJSON_AddNumberToObject(o, "unlisted", (double)lint_unlisted(l));
	cJSON_AddItemToObject(o, "findings", arr = cJSON_CreateArray());
	unsigned n;
	const struct lint_finding *f = lint_findings(l, &n);
	for (unsigned i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();
		const struct lint_rule_info *r = &lint_rules[f[i].rule];
		cJSON_AddStringToObject(x, "code", r->code);
		cJSON_AddStringToObject(x, "severity", r->severity == LINT_ERROR ? "error" : "warning");
		cJSON_AddNumberToObject(x, "n", (double)f[i].n);
		cJSON_AddNumberToObject(x, "pid", f[i].pid);
		cJSON_AddNumberToObject(x, "pc", f[i].pc);
		cJSON_AddStringToObject(x, "at", f[i].at);
		cJSON_AddStringToObject(x, "insn", f[i].insn);
		cJSON_AddStringToObject(x, "message", f[i].text);
		cJSON_AddNumberToObject(x, "count", (double)f[i].count);
		snprintf(doc, sizeof doc, "docs/lint.md#%s", lint_anchor(f[i].rule, anchor, sizeof anchor));
		cJSON_AddStringToObject(x, "doc", doc);
		cJSON_AddItemToArray(arr, x);
	}
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static void list_rules(void)
{
	char anchor[16];
	for (unsigned r = 0; r < LINT_RULE_COUNT; r++)
		printf("%s  %-7s  %s%s  docs/lint.md#%s\n", lint_rules[r].code,
		       lint_rules[r].severity == LINT_ERROR ? "error" : "warning", lint_rules[r].title,
		       lint_rules[r].needs_proctable ? " (process table)" : "",
		       lint_anchor((enum lint_rule)r, anchor, sizeof anchor));
}

/* ---- vm lint ----------------------------------------------------------------- */

int cmd_lint(int argc, char **argv)
{
	struct lint_cmd_opts o;
	int status = parse_lint_args(argc, argv, &o);
	if (status >= 0 || o.list) {
		if (status < 0)
			list_rules();
		free(o.input);
		return status < 0 ? 0 : status;
	}
	struct batch run = { .input = o.input, .input_len = o.input_len,
			     .show_console = o.console };
	struct lint *lint = NULL;
	if ((status = batch_open(&run, o.image, o.mem, o.quantum)))
		goto done;
	struct cpu *m = run.m;
	struct lint_opts lo = { .masked_max = o.masked_max };
	if (!(lint = lint_new(m, &run.kernel, run.stream, &lo))) {
		errorf("out of memory");
		status = EXIT_INTERNAL;
		goto done;
	}
	ev_stream_add_sink(run.stream, lint_sink, lint);
	cpu_set_watch(m, lint_watch, lint);
	const char *end;
	status = batch_run(&run, o.max, &end);
	lint_finish(lint);
	if (o.json) {
		char *s = json_report(lint, o.image, cpu_instret(m), end);
		if (!s) {
			errorf("out of memory");
			status = EXIT_INTERNAL;
			goto done;
		}
		puts(s);
		free(s);
	} else {
		lint_report(stdout, lint, cpu_instret(m));
	}
	if (lint_count(lint, LINT_ERROR))
		status = EXIT_LINT;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		errorf("cannot write the report");
		status = EXIT_CANTCREATE;
	}
done:
	lint_free(lint);
	batch_close(&run);
	free(o.input);
	return status;
}
