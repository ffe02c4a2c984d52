/*
 * run.c - vm run: load an image and run it with the terminal (or standard
 * input and output) as the guest's console.
 *
 * Console input is deterministic when standard input is not a terminal: the
 * machine asks for a byte only when the guest looks at the console or waits
 * for an interrupt (and a script's Ctrl-C comes at the end of a slice), so
 * the answer depends only on the input's bytes.  On a terminal, typing
 * arrives whenever it arrives; the terminal is put in a raw-enough mode (no
 * line editing, no echo, Ctrl-C a byte for the guest) and restored on every
 * exit.  There, as in telnet and QEMU, Ctrl-] is an escape: Ctrl-] then q
 * leaves vm, whatever the guest does with the rest of the keyboard.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "events.h"
#include "image.h"
#include "lint.h"

/* Instructions between two looks at the terminal and at the console's
 * output errors.  Slicing a run changes nothing in what the guest does, but
 * for one thing, at a fixed count of instructions: a script's Ctrl-C
 * (console_script_intr). */
enum { SLICE = 1 << 22 };

static const char run_usage[] =
	"usage: vm run [options] [image.bin]\n"
	"\n"
	"Run an image on the machine.  The terminal is the guest's console; the exit\n"
	"status is the status the guest powers off (or halts) with.  Without an image,\n"
	"runs the default one, the kernel with its programs: default.bin beside vm in\n"
	"a build, share/ldx/default.bin in an installation.\n"
	"\n"
	"options:\n"
	"  --mem SIZE              physical RAM, e.g. 16M, 512K, 1G (default 16M;\n"
	"                          64K to 1G, a multiple of 4K)\n"
	"  --max-instructions N    stop after N instructions (exit status 124); a fault,\n"
	"                          which retires nothing, counts as one\n"
	"  --trace[=FILE]          one line per trap, fault, interrupt, return-from-trap\n"
	"                          and OS event, to FILE or standard error; where the\n"
	"                          console shares it, a trace line starts a new line\n"
	"  --events=FILE           every event of the run as JSON Lines, one object a\n"
	"                          line, to FILE (- for standard output); the schema\n"
	"                          is docs/events.md\n"
	"  --timeline=FILE         the run as a timeline for Perfetto's UI\n"
	"                          (ui.perfetto.dev) or chrome://tracing: user and\n"
	"                          kernel time per process, each trap and system call,\n"
	"                          the kernel's events, an arrow at every switch; 1 us\n"
	"                          on its clock is one instruction; to FILE (- for\n"
	"                          standard output); docs/events.md, \"The timeline\"\n"
	"  --stats                 at the end, print counters and guest MIPS on stderr\n"
	"  --lint                  check the run against the rules of limited direct\n"
	"                          execution; the report on stderr at the end\n"
	"                          (vm lint --help, docs/lint.md)\n"
	"  --quantum N             timer quantum handed to the kernel (0 = its default)\n"
	"  --add PROGRAM           add a program to the image's file table, so that its\n"
	"                          shell runs it by name (repeatable): a source (.s),\n"
	"                          assembled after the user library, or an image (.bin);\n"
	"                          its name is its file's (vm image --help says more)\n"
	"  --status-file FILE      at the end, write one line to FILE saying who chose\n"
	"                          the exit status: \"guest N\", the guest's own status\n"
	"                          in full (signed; vm exits with N & 255), or\n"
	"                          \"vm N WORD\", vm's own: \"vm 65 invalid-input\" (the\n"
	"                          words are below); FILE is emptied at the start\n"
	"  --gui                   run it in the visualiser's window (vm gui --help)\n"
	"  -h, --help              show this help\n"
	"\n"
	"On a terminal, Ctrl-] then q leaves vm (exit status 0), whatever the guest\n"
	"is doing; Ctrl-] Ctrl-] types one Ctrl-] to the guest.  Ctrl-C is the\n"
	"guest's (its kernel ends the program in the foreground); Ctrl-Z stops vm.\n"
	"\n"
	"exit status: the guest's (0-255), or one of vm's own, with the word\n"
	"--status-file writes for it:\n";

/* ---- The console ------------------------------------------------------- */

static struct termios saved_tty;
static bool tty_raw;

static void tty_restore(void)
{
	if (tty_raw) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_raw = false;
	}
}

static struct termios raw_tty;

static void on_signal(int sig)
{
	/* tcsetattr is async-signal-safe; then die of the same signal. */
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_continue(int sig);

/* Ctrl-Z: give the shell its terminal back while vm is stopped. */
static void on_stop(int sig)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(SIGCONT, on_continue);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_continue(int sig)
{
	(void)sig;
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_tty);
	signal(SIGTSTP, on_stop);
}

static void tty_make_raw(void)
{
	static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return;
	raw_tty = saved_tty;
	raw_tty.c_lflag &= ~(tcflag_t)(ICANON | ECHO);	/* the guest echoes */
	/* Ctrl-C is a byte for the guest, its interrupt character, not SIGINT
	 * for vm; ISIG stays, so that Ctrl-Z still stops vm (on_stop). */
	raw_tty.c_cc[VINTR] = _POSIX_VDISABLE;
	raw_tty.c_cc[VMIN] = 1;
	raw_tty.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_tty) != 0)
		return;
	tty_raw = true;
	atexit(tty_restore);
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], on_signal);
	signal(SIGTSTP, on_stop);
}

/* The escape from the guest's keyboard: Ctrl-] then q.  Bytes typed wait
 * in the console's queue until the guest takes them; when a guest does not
 * read its console, what overflows the queue is lost, but the escape is
 * still seen.  INTR, Ctrl-C, is the kernel's interrupt character. */
enum { ESCAPE = 0x1d, ESCAPE_QUIT = 'q', INTR = 0x03, TYPED_MAX = 4096 };

struct console {
	bool tty;
	bool asked;		/* the guest has asked for input (not on a terminal) */
	bool escape;		/* Ctrl-] typed: the next byte is for vm */
	bool quit;		/* Ctrl-] q typed: the run ends */
	bool midline;		/* the last byte written was not a newline */
	int out_errno;		/* first failed write of console output, 0 if none */
	uint8_t typed[TYPED_MAX];	/* typed for the guest, not yet taken */
	size_t typed_head, typed_len;
};

static void console_putc(void *ctx, uint8_t byte)
{
	struct console *c = ctx;
	if (putchar(byte) == EOF && !c->out_errno)
		c->out_errno = errno ? errno : EIO;
	c->midline = byte != '\n';
}

/* A byte from the terminal, the escape taken out: Ctrl-] then q leaves vm
 * (run_machine sees quit), Ctrl-] Ctrl-] is one Ctrl-] for the guest, and
 * Ctrl-] then any other byte is that byte. */
static void console_typed(struct console *c, uint8_t ch)
{
	if (c->escape) {
		c->escape = false;
		if (ch == ESCAPE_QUIT) {
			c->quit = true;
			return;
		}
	} else if (ch == ESCAPE) {
		c->escape = true;
		return;
	}
	if (c->typed_len < TYPED_MAX)
		c->typed[(c->typed_head + c->typed_len++) % TYPED_MAX] = ch;
}

/* Read what the terminal has, waiting at most timeout_ms (-1: forever) for
 * it.  Returns 1 if bytes came, 0 if none, CPU_IN_EOF at end of input. */
static int tty_read(struct console *c, int timeout_ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	uint8_t buf[256];
	flush_stdout();
	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
	if (n == 0)
		return CPU_IN_EOF;
	for (ssize_t i = 0; i < n; i++)
		console_typed(c, buf[i]);
	return n > 0;
}

/*
 * The machine asks for input.  On a terminal: a guest that is idle may wait
 * here, about a millisecond per thousand instructions of idle time (so its
 * timer ticks go on at a human pace), forever if nothing else can wake it.
 * Elsewhere: read the next byte, whatever the guest is doing, so that the run
 * is the same every time.
 */
static int console_getc(void *ctx, uint64_t idle_ticks)
{
	struct console *c = ctx;
	if (c->tty) {
		int timeout = idle_ticks == 0 ? 0
			    : idle_ticks == UINT64_MAX ? -1
			    : idle_ticks / 1000 > 1000 ? 1000 : (int)(idle_ticks / 1000);
		/* a Ctrl-] alone does not end the wait: the byte after it might */
		while (!c->typed_len && !c->quit) {
			int r = tty_read(c, timeout);
			if (r <= 0)
				return r == CPU_IN_EOF ? CPU_IN_EOF : CPU_IN_NONE;
		}
		if (!c->typed_len)
			return CPU_IN_NONE;
		uint8_t ch = c->typed[c->typed_head];
		c->typed_head = (c->typed_head + 1) % TYPED_MAX;
		c->typed_len--;
		return ch;
	}
	c->asked = true;
	int ch = getchar();
	return ch == EOF ? CPU_IN_EOF : ch;
}

/*
 * A script's Ctrl-C.  Piped input is handed over only when the guest asks,
 * but a key pressed at a terminal does not wait to be asked, and a guest
 * busy with a foreground job (a spin) does not ask: its kernel would never
 * see the Ctrl-C that is meant to stop it.  So once the guest has asked for
 * input at all, at the end of each slice, if the script's next byte is
 * Ctrl-C, it is handed over unasked (the console interrupt).  The end of a
 * slice is a fixed count of instructions, so the run is still the same
 * every time.  (This reads one byte ahead, and so waits for it, as the
 * guest's own look would.)
 */
static void console_script_intr(struct console *c, struct cpu *m)
{
	if (!c->asked)
		return;
	int ch = getchar();
	if (ch == EOF)
		return;
	ungetc(ch, stdin);
	if (ch == INTR)
		cpu_console_poll(m);
}

/* ---- vm run -------------------------------------------------------------- */

struct run_opts {
	uint64_t mem, max;
	uint32_t quantum;
	const char *trace_path, *events_path, *timeline_path, *status_path;
	bool trace, stats, gui, lint;
	const char *image;
	char **add;		/* --add PROGRAM, nadd of them */
	size_t nadd;
	const struct img *kernel;	/* the image's symbols, for kernel_label (may be NULL) */
};


static int parse_run_args(int argc, char **argv, struct run_opts *o)
{
	enum { OPT_MEM = 256, OPT_MAX, OPT_TRACE, OPT_EVENTS, OPT_STATS, OPT_QUANTUM, OPT_GUI,
	       OPT_ADD, OPT_STATUS_FILE, OPT_TIMELINE, OPT_LINT };
	static const struct option longopts[] = {
		{ "mem", required_argument, NULL, OPT_MEM },
		{ "max-instructions", required_argument, NULL, OPT_MAX },
		{ "trace", optional_argument, NULL, OPT_TRACE },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "timeline", required_argument, NULL, OPT_TIMELINE },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "lint", no_argument, NULL, OPT_LINT },
		{ "quantum", required_argument, NULL, OPT_QUANTUM },
		{ "gui", no_argument, NULL, OPT_GUI },
		{ "add", required_argument, NULL, OPT_ADD },
		{ "status-file", required_argument, NULL, OPT_STATUS_FILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;
	*o = (struct run_opts){ .mem = MEM_DEFAULT, .max = UINT64_MAX };
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MEM:
			if (parse_mem_option("run", optarg, &o->mem))
				return EXIT_USAGE;
			break;
		case OPT_MAX:
			if (parse_count(optarg, &v) || v == 0) {
				errorf("run: --max-instructions %s: give a positive whole number", optarg);
				return EXIT_USAGE;
			}
			o->max = v;
			break;
		case OPT_TRACE:
			o->trace = true;
			o->trace_path = optarg;
			break;
		case OPT_EVENTS:
			o->events_path = optarg;
			break;
		case OPT_TIMELINE:
			o->timeline_path = optarg;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_LINT:
			o->lint = true;
			break;
		case OPT_QUANTUM:
			if (parse_quantum_option("run", optarg, &o->quantum))
				return EXIT_USAGE;
			break;
		case OPT_GUI:
			o->gui = true;
			break;
		case OPT_ADD:	/* there cannot be more than argc */
			if (!o->add && !(o->add = malloc((size_t)argc * sizeof *o->add))) {
				errorf("out of memory");
				return EXIT_INTERNAL;
			}
			o->add[o->nadd++] = optarg;
			break;
		case OPT_STATUS_FILE:
			o->status_path = optarg;
			break;
		case 'h':
			fputs(run_usage, stdout);
			print_exit_statuses(stdout);
			return 0;
		default:
			return bad_option("run", c, argv);
		}
	}
	if (optind < argc - 1) {
		errorf("run: '%s': only one image can run (see vm run --help)", argv[optind + 1]);
		return EXIT_USAGE;
	}
	o->image = optind < argc ? argv[optind] : vm_default_image();
	if (o->gui && (o->trace || o->events_path || o->timeline_path || o->stats || o->status_path ||
		       o->lint || o->max != UINT64_MAX)) {
		errorf("run: --gui takes only --mem and --quantum (the window shows the trace and the counts)");
		return EXIT_USAGE;
	}
	if (o->events_path && o->timeline_path && strcmp(o->events_path, "-") == 0 &&
	    strcmp(o->timeline_path, "-") == 0) {
		errorf("run: --events=- and --timeline=- cannot both have standard output");
		return EXIT_USAGE;
	}
	if (o->gui && o->nadd) {
		errorf("run: --gui takes no --add: write the image with vm image -o FILE, then vm gui FILE");
		return EXIT_USAGE;
	}
	return -1;
}

/* Do two streams write to the same terminal or file (as --trace to stderr
 * does when both are the terminal, or with 2>&1)? */
static bool same_file(FILE *a, FILE *b)
{
	struct stat sa, sb;
	return fstat(fileno(a), &sa) == 0 && fstat(fileno(b), &sb) == 0 && sa.st_dev == sb.st_dev
	       && sa.st_ino == sb.st_ino;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- A user program run without the kernel ------------------------------- */

/*
 * Did the machine stop because a user program ran on the bare machine?  Such
 * a program starts in kernel mode with no trap table (CR_IVEC still 0), and
 * its system call jumps through whatever word of the program lies where the
 * vector's entry would be, until one is not an address: a double fault at a
 * trap instruction, on a machine that never entered user mode.  A kernel
 * sets CR_IVEC before anything can trap.
 */
static bool bare_user_program(const struct cpu *m)
{
	uint32_t word;
	return !cpu_user_mode(m) && cpu_stats(m)->to_user == 0 && cpu_cr(m, CR_IVEC) == 0
	       && cpu_read(m, cpu_pc(m), &word, 4) && insn_op(word) == OP_TRAP;
}

/* Does the default image (the kernel) carry a program called name? */
static bool kernel_carries(const char *name)
{
	size_t len;
	uint8_t *bytes = read_file(vm_default_image(), &len);
	struct img *im = bytes ? malloc(sizeof *im) : NULL;
	char err[256];
	bool found = false;
	if (im && img_parse(im, bytes, len, err, sizeof err) == 0)
		for (uint32_t i = 0; i < im->nfiles && !found; i++)
			found = strcmp(img_file(im, i).name, name) == 0;
	free(im);
	free(bytes);
	return found;
}

/* Say what to do instead: boot the kernel and run the program from its shell. */
static void explain_user_program(const char *image)
{
	const char *base = strrchr(image, '/');
	char name[IMG_MAX_NAME + 1];
	base = base ? base + 1 : image;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".bin") == 0)
		n -= 4;
	snprintf(name, sizeof name, "%.*s", (int)n, base);
	if (n <= IMG_MAX_NAME && kernel_carries(name))
		errorf("%s: a user program, which needs the kernel (its system call found no trap "
		       "table): boot the kernel (%s run) and type %s at its shell",
		       image, vm_command, name);
	else
		errorf("%s: a user program, which needs the kernel (its system call found no trap "
		       "table), and the kernel does not carry it: boot the kernel (%s run) and type "
		       "programs at its shell for those it does", image, vm_command);
}

/* Ctrl-] q: the user left, as from telnet; vm's status is 0. */
static int leave(const struct console *con)
{
	if (con->midline)
		putchar('\n');	/* the shell's prompt on a line of its own */
	return EXIT_QUIT;
}

/* A view's file as its messages name it: "-" is standard output. */
static const char *view_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "standard output" : path;
}

/* Run until the machine stops or the limit is reached; returns vm's exit
 * status, and in *reason why the run ended, as the event stream's "end"
 * record says it (docs/events.md). */
static int run_machine(struct cpu *m, const struct run_opts *o, struct console *con,
		       const struct tracer *tracer, const struct ev_json *json,
		       const struct ev_timeline *timeline, const char **reason)
{
	*reason = "error";
	uint64_t left = o->max;
	char at[128];
	for (;;) {
		uint64_t slice = left > SLICE ? SLICE : left;
		enum cpu_stop why = cpu_run(m, slice);
		if (why == CPU_STOP_BUDGET && o->max != UINT64_MAX)
			left -= slice;
		if (why != CPU_STOP_HALT && why != CPU_STOP_POWEROFF)
			flush_stdout();
		if (ev_json_failed(json)) {	/* first: --events=- shares stdout */
			errorf("%s: cannot write the events: %s", view_name(o->events_path),
			       strerror(ev_json_failed(json)));
			return EXIT_CANTCREATE;
		}
		if (con->out_errno || ferror(stdout)) {
			errorf("cannot write the console output: %s",
			       strerror(con->out_errno ? con->out_errno : stdout_errno()));
			return EXIT_CANTCREATE;
		}
		if (ev_timeline_failed(timeline)) {
			errorf("%s: cannot write the timeline: %s", view_name(o->timeline_path),
			       strerror(ev_timeline_failed(timeline)));
			return EXIT_CANTCREATE;
		}
		if (tracer->failed) {
			errorf("%s: cannot write the trace: %s", o->trace_path ? o->trace_path : "stderr",
			       strerror(tracer->failed));
			return EXIT_CANTCREATE;
		}
		*reason = "quit";
		if (con->quit)
			return leave(con);
		switch (why) {
		case CPU_STOP_HALT:
		case CPU_STOP_POWEROFF:
			*reason = why == CPU_STOP_HALT ? "halt" : "power_off";
			return (int)(cpu_exit_status(m) & 0xFF);
		case CPU_STOP_DOUBLE_FAULT:
			*reason = "double_fault";
			if (bare_user_program(m)) {
				explain_user_program(o->image);
				return EXIT_USER_PROGRAM;
			}
			errorf("%s: %s%s", o->image, cpu_diagnostic(m),
			       kernel_label(o->kernel, m, cpu_pc(m), at, sizeof at));
			return EXIT_DOUBLE_FAULT;
		case CPU_STOP_IDLE:
			*reason = "idle";
			errorf("%s: %s%s", o->image, cpu_diagnostic(m),
			       kernel_label(o->kernel, m, cpu_pc(m), at, sizeof at));
			return EXIT_IDLE;
		case CPU_STOP_HOOK:
		case CPU_STOP_BUDGET:
		case CPU_STOP_BREAKPOINT:	/* vm run sets none */
			break;
		}
		if (left == 0) {
			*reason = "max_instructions";
			errorf("%s: stopped after %llu instructions (--max-instructions), pc 0x%08x%s",
			       o->image, (unsigned long long)o->max, cpu_pc(m),
			       kernel_label(o->kernel, m, cpu_pc(m), at, sizeof at));
			return EXIT_LIMIT;
		}
		if (con->tty) {	/* typing reaches a busy guest; Ctrl-] q leaves one that ignores it */
			tty_read(con, 0);
			if (con->quit)
				return leave(con);
			cpu_console_poll(m);
		} else {
			console_script_intr(con, m);
		}
	}
}

/* How a run ended, for --status-file. */
struct run_end {
	const char *path;
	FILE *out;		/* --status-file, opened (emptied) at the start */
	bool guest;		/* vm's status is the guest's: it powered off or halted */
	int32_t guest_status;
};

/* The file of a view of the event stream (--events, --timeline): path, or
 * standard output for "-"; what names its contents in a message.  NULL
 * (and a message) if it cannot be written. */
static FILE *view_open(const char *path, const char *what)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		errorf("%s: cannot write the %s: %s", view_name(path), what, strerror(errno));
	else if (f != stdout)	/* a CPU-bound run writes megabytes: few, large writes */
		setvbuf(f, NULL, _IOFBF, 1 << 16);	/* (64 KiB: more only pushes the run out of the cache) */
	return f;
}

/* A view's end, e its errno (0: written): a failure makes the status 73. */
static int view_ended(int e, const char *path, const char *what, int status, struct run_end *end)
{
	if (e && status != EXIT_CANTCREATE) {
		errorf("%s: cannot write the %s: %s", view_name(path), what, strerror(e));
		status = EXIT_CANTCREATE;
		end->guest = false;
	}
	return status;
}

/* Close a view's file (not standard output). */
static int view_close(FILE *f, const char *path, const char *what, int status, struct run_end *end)
{
	int e = f && f != stdout && fclose(f) != 0 ? errno : 0;
	return view_ended(e, path, what, status, end);
}

static int run_image(int argc, char **argv, struct run_end *end)
{
	struct run_opts o;
	int status = parse_run_args(argc, argv, &o);
	if (o.status_path && status != 0) {
		end->path = o.status_path;
		if (!(end->out = fopen(o.status_path, "w"))) {
			errorf("%s: cannot write the status: %s", o.status_path, strerror(errno));
			if (status < 0)
				status = EXIT_CANTCREATE;
		}
	}
	if (status >= 0) {
		free(o.add);
		return status;
	}
	if (o.gui) {	/* vm-gui takes the same --mem and --quantum */
		char name[] = "vm-gui", mem_opt[] = "--mem", quantum_opt[] = "--quantum";
		char mem[32], quantum[32], image[PATH_MAX];
		snprintf(mem, sizeof mem, "%llu", (unsigned long long)o.mem);
		snprintf(quantum, sizeof quantum, "%u", o.quantum);
		snprintf(image, sizeof image, "%s", o.image);
		char *gargv[] = { name, mem_opt, mem, quantum_opt, quantum, image, NULL };
		return launch_gui(gargv);
	}

	size_t len;
	int rstatus;
	uint8_t *bytes = read_input(o.image, &len, &rstatus);
	if (bytes && o.nadd) {	/* the same image, with more programs */
		uint8_t *more = NULL;
		rstatus = image_add_programs("run", bytes, len, o.image, o.add, o.nadd, &more, &len);
		free(bytes);
		bytes = more;
	}
	free(o.add);
	if (!bytes)
		return rstatus;
	struct cpu *m = cpu_new((uint32_t)o.mem);
	FILE *trace_out = NULL, *events_out = NULL, *timeline_out = NULL;
	struct img *kimg = NULL;
	struct ev_stream *stream = NULL;
	struct ev_json *json = NULL;
	struct ev_timeline *timeline = NULL;
	struct lint *lint = NULL;
	char err[256];
	struct cpu_boot boot = { .quantum = o.quantum };
	if (!m) {
		errorf("out of memory for a machine of %llu bytes", (unsigned long long)o.mem);
		status = EXIT_INTERNAL;
		goto done;
	}
	if (cpu_load_image(m, bytes, len, &boot, err, sizeof err)) {
		errorf("%s: %s", o.image, err);
		status = EXIT_BADINPUT;
		goto done;
	}
	if (o.trace) {
		trace_out = o.trace_path ? fopen(o.trace_path, "w") : stderr;
		if (!trace_out) {
			errorf("%s: cannot write the trace: %s", o.trace_path, strerror(errno));
			status = EXIT_CANTCREATE;
			goto done;
		}
	}

	if ((o.events_path && !(events_out = view_open(o.events_path, "events"))) ||
	    (o.timeline_path && !(timeline_out = view_open(o.timeline_path, "timeline")))) {
		status = EXIT_CANTCREATE;
		goto done;
	}

	struct console con = { .tty = isatty(STDIN_FILENO) };
	struct cpu_io io = { .ctx = &con, .putc = console_putc, .getc = console_getc };
	struct tracer tracer = { .out = trace_out, .m = m, .failed = 0,
				 .console_midline = trace_out && same_file(trace_out, stdout)
						    ? &con.midline : NULL };
	cpu_set_io(m, &io);
	/* The image's own symbols name kernel addresses, in the messages and
	 * the views. */
	kimg = malloc(sizeof *kimg);
	if (kimg && img_parse(kimg, bytes, len, err, sizeof err) != 0) {
		free(kimg);
		kimg = NULL;
	}
	o.kernel = kimg;
	if (trace_out || events_out || timeline_out || o.lint) {
		/* One stream of events; the trace, the JSON and the timeline are
		 * its views. */
		stream = ev_stream_new(m, kimg);
		if (!stream) {
			errorf("out of memory for the event stream");
			status = EXIT_INTERNAL;
			goto done;
		}
		if (trace_out)
			ev_stream_add_sink(stream, trace_sink, &tracer);
		struct ev_json_run run = { .image = o.image, .mem = (uint32_t)o.mem,
					   .quantum = o.quantum };
		if (events_out) {
			json = ev_json_open(events_out, stream, &run);
			if (!json) {
				errorf("%s: cannot write the events: %s", view_name(o.events_path), strerror(errno));
				status = EXIT_CANTCREATE;
				goto done;
			}
			ev_stream_add_sink(stream, ev_json_sink, json);
		}
		if (timeline_out) {
			timeline = ev_timeline_open(timeline_out, stream, &run);
			if (!timeline) {
				errorf("%s: cannot write the timeline: %s", view_name(o.timeline_path),
				       strerror(errno));
				status = EXIT_CANTCREATE;
				goto done;
			}
			ev_stream_add_sink(stream, ev_timeline_sink, timeline);
		}
		if (o.lint) {	/* docs/lint.md: a sink, and a watcher of the kernel's accesses */
			if (!(lint = lint_new(m, kimg, stream, NULL))) {
				errorf("out of memory for the lint");
				status = EXIT_INTERNAL;
				goto done;
			}
			ev_stream_add_sink(stream, lint_sink, lint);
			cpu_set_watch(m, lint_watch, lint);
		}
		cpu_set_hook(m, ev_stream_hook, stream);
	}
	if (con.tty) {
		tty_make_raw();
		if (isatty(STDERR_FILENO))
			fputs("vm: to leave the emulator, type Ctrl-] then q\n", stderr);
	}

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *reason;
	status = run_machine(m, &o, &con, &tracer, json, timeline, &reason);
	end->guest = strcmp(reason, "power_off") == 0 || strcmp(reason, "halt") == 0;
	end->guest_status = (int32_t)cpu_exit_status(m);
	bool guest = end->guest;	/* what the views' last records say */
	if (json)
		status = view_ended(ev_json_close(json, reason, guest, end->guest_status),
				    o.events_path, "events", status, end);
	if (timeline)
		status = view_ended(ev_timeline_close(timeline, reason, guest, end->guest_status),
				    o.timeline_path, "timeline", status, end);
	json = NULL;
	timeline = NULL;
	double secs = seconds_since(&t0);
	if (flush_stdout() != 0 && status != EXIT_CANTCREATE) {
		errorf("cannot write the console output: %s", strerror(stdout_errno()));
		status = EXIT_CANTCREATE;
		end->guest = false;
	}
	tty_restore();
	if (o.stats)
		print_stats(stderr, m, secs);
	if (lint) {
		lint_finish(lint);
		lint_report(stderr, lint, cpu_instret(m));
	}
done:
	if (json)
		ev_json_close(json, "error", false, 0);
	if (timeline)
		ev_timeline_close(timeline, "error", false, 0);
	status = view_close(events_out, o.events_path, "events", status, end);
	status = view_close(timeline_out, o.timeline_path, "timeline", status, end);
	lint_free(lint);
	ev_stream_free(stream);
	free(kimg);
	if (trace_out && trace_out != stderr)
		fclose(trace_out);
	cpu_free(m);
	free(bytes);
	return status;
}

/* --status-file's line, so that a script can tell a guest's status from
 * vm's own without reading messages: "guest -1" (the guest's status in
 * full), or "vm 65 invalid-input" (vm's status and its word, exits.def). */
int cmd_run(int argc, char **argv)
{
	struct run_end end = { 0 };
	/* A reader that goes away (a FIFO given to --events, a pipe into head)
	 * is a failed write, status 73 with a message, not a silent death by
	 * SIGPIPE with a status no table explains. */
	signal(SIGPIPE, SIG_IGN);
	int status = run_image(argc, argv, &end);
	const char *word = exit_status_word(status);
	if (!end.out)
		return status;
	errno = 0;
	if (end.guest)
		fprintf(end.out, "guest %ld\n", (long)end.guest_status);
	else
		fprintf(end.out, "vm %d %s\n", status, word ? word : "failed");
	bool failed = ferror(end.out) != 0;
	if (fclose(end.out) != 0 || failed) {
		errorf("%s: cannot write the status: %s", end.path, strerror(errno ? errno : EIO));
		return EXIT_CANTCREATE;
	}
	return status;
}
