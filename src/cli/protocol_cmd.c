/*
 * protocol_cmd.c - vm protocol: a run printed as OSTEP's limited-direct-
 * execution tables (OS | Hardware | Program), from the run's event stream
 * (events.h: ev_protocol_sink turns events into rows; this file runs the
 * machine and prints them, as text or Markdown).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "events.h"

static const char protocol_usage[] =
	"usage: vm protocol [options] [image.bin]\n"
	"\n"
	"Run an image and print what happened as OSTEP's limited-direct-execution\n"
	"protocol table: three columns, OS (kernel mode) | Hardware | Program (user\n"
	"mode), one step a row, with the instruction count and the kernel label that\n"
	"did it.  Traps are numbered; each return-from-trap says which it returns from.\n"
	"Without an image, the default one (the kernel).\n"
	"\n"
	"options:\n"
	"  --input TEXT            what is typed at the console (\\n for Enter, \\\\ for \\);\n"
	"                          nothing, if not given: the shell sees end of input\n"
	"  --pid N                 only the rows about process N\n"
	"  --from N, --to N        only the rows from instruction N, up to instruction N\n"
	"  --markdown              a Markdown table instead of aligned columns\n"
	"  --console               show the guest's console output on standard error\n"
	"  --mem SIZE, --quantum N as vm run\n"
	"  --max-instructions N    stop after N instructions (default 1000000000)\n"
	"  -h, --help              show this help\n"
	"\n"
	"exit status: 0, or 64 usage, 65 invalid image, 66 unreadable file, 70 out of\n"
	"memory, 124 instruction limit, 125 double fault, 126 idle forever.\n";

struct proto_opts {
	uint64_t mem, max, from, to;
	uint32_t quantum, pid;
	bool markdown, console, has_pid;
	char *input;	/* unescaped */
	size_t input_len;
	const char *image;
};

static int parse_protocol_args(int argc, char **argv, struct proto_opts *o)
{
	enum { OPT_INPUT = 256, OPT_PID, OPT_FROM, OPT_TO, OPT_MARKDOWN, OPT_CONSOLE, OPT_MEM,
	       OPT_QUANTUM, OPT_MAX };
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "markdown", no_argument, NULL, OPT_MARKDOWN },
		{ "console", no_argument, NULL, OPT_CONSOLE },
		{ "mem", required_argument, NULL, OPT_MEM },
		{ "quantum", required_argument, NULL, OPT_QUANTUM },
		{ "max-instructions", required_argument, NULL, OPT_MAX },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;
	*o = (struct proto_opts){ .mem = MEM_DEFAULT, .max = 1000000000, .to = UINT64_MAX };
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_INPUT:
			free(o->input);
			o->input = unescape_input(optarg, &o->input_len);
			if (!o->input) {
				errorf("out of memory");
				return EXIT_INTERNAL;
			}
			break;
		case OPT_PID:
		case OPT_FROM:
		case OPT_TO:
		case OPT_MAX:
			if (parse_count(optarg, &v) || (c == OPT_PID && v > UINT32_MAX) || (c == OPT_MAX && v == 0)) {
				errorf("protocol: %s: give a whole number%s", optarg, c == OPT_MAX ? " > 0" : "");
				return EXIT_USAGE;
			}
			if (c == OPT_PID) {
				o->pid = (uint32_t)v;
				o->has_pid = true;
			} else if (c == OPT_FROM) {
				o->from = v;
			} else if (c == OPT_TO) {
				o->to = v;
			} else {
				o->max = v;
			}
			break;
		case OPT_MARKDOWN:
			o->markdown = true;
			break;
		case OPT_CONSOLE:
			o->console = true;
			break;
		case OPT_MEM:
			if (parse_mem_option("protocol", optarg, &o->mem))
				return EXIT_USAGE;
			break;
		case OPT_QUANTUM:
			if (parse_quantum_option("protocol", optarg, &o->quantum))
				return EXIT_USAGE;
			break;
		case 'h':
			fputs(protocol_usage, stdout);
			return 0;
		default:
			return bad_option("protocol", c, argv);
		}
	}
	if (optind < argc - 1) {
		errorf("protocol: '%s': only one image (see vm protocol --help)", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (o->from > o->to) {
		errorf("protocol: --from %llu is after --to %llu", (unsigned long long)o->from,
		       (unsigned long long)o->to);
		return EXIT_USAGE;
	}
	o->image = optind < argc ? argv[optind] : vm_default_image();
	return -1;
}

/* ---- Printing the rows ---------------------------------------------------- */

enum { COL_WIDTH = 50 };

struct printer {
	const struct proto_opts *o;
	unsigned rows;
};

static void print_header(const struct proto_opts *o)
{
	if (o->markdown) {
		puts("| n | label | OS (kernel mode) | Hardware | Program (user mode) |");
		puts("| ---: | --- | --- | --- | --- |");
	} else {
		printf("%10s  %-24s  %-*s | %-*s | %s\n", "n", "label", COL_WIDTH, "OS (kernel mode)",
		       COL_WIDTH, "Hardware", "Program (user mode)");
	}
}

/* A Markdown cell: | and backslash escaped. */
static void md_cell(const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
}

static int print_row(void *ctx, const struct ev_row *r)
{
	struct printer *p = ctx;
	const struct proto_opts *o = p->o;
	if (r->n < o->from || r->n > o->to || (o->has_pid && r->pid != o->pid))
		return 0;
	p->rows++;
	if (o->markdown) {
		printf("| %llu | ", (unsigned long long)r->n);
		if (r->at[0])
			printf("`%s`", r->at);
		for (int c = EV_COL_OS; c <= EV_COL_PROGRAM; c++) {
			fputs(" | ", stdout);
			if (c == (int)r->column)
				md_cell(r->text);
		}
		puts(" |");
		return 0;
	}
	printf("%10llu  %-24s  ", (unsigned long long)r->n, r->at);
	for (int c = EV_COL_OS; c <= EV_COL_PROGRAM; c++) {
		const char *cell = c == (int)r->column ? r->text : "";
		if (c == EV_COL_PROGRAM)
			printf("%s%s\n", cell[0] ? " " : "", cell);
		else
			printf(c == EV_COL_OS ? "%-*s |" : " %-*s |", COL_WIDTH, cell);
	}
	return 0;
}

/* ---- vm protocol ------------------------------------------------------------- */

int cmd_protocol(int argc, char **argv)
{
	struct proto_opts o;
	int status = parse_protocol_args(argc, argv, &o);
	if (status >= 0) {
		free(o.input);
		return status;
	}
	struct batch run = { .input = (const uint8_t *)o.input, .input_len = o.input_len,
			     .show_console = o.console };
	struct ev_protocol *proto = NULL;
	const char *end;
	if ((status = batch_open(&run, o.image, o.mem, o.quantum)))
		goto done;
	struct printer printer = { .o = &o };
	if (!(proto = ev_protocol_new(run.stream, print_row, &printer))) {
		errorf("out of memory");
		status = EXIT_INTERNAL;
		goto done;
	}
	ev_stream_add_sink(run.stream, ev_protocol_sink, proto);
	print_header(&o);
	status = batch_run(&run, o.max, &end);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		errorf("cannot write the table");
		status = EXIT_CANTCREATE;
	}
done:
	ev_protocol_free(proto);
	batch_close(&run);
	free(o.input);
	return status;
}
