/*
 * debug_cmd.c - vm debug: the terminal's front end of the debug engine
 * (src/debug/debug.h).  It reads gdb's commands (from -x files, -ex, then
 * the terminal with line editing, or standard input), turns each into the
 * engine's calls and prints the answers; the stepping, the points, the
 * history and the expressions are all the engine's.
 *
 * Not on a terminal, each command is echoed after the prompt, so that the
 * output is a transcript that reads like a session and stays the same from
 * run to run: tests and docs/debugger.md replay such transcripts.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef VM_LIBEDIT
#include <editline/readline.h>
#endif

#include "asm.h"
#include "cli.h"
#include "debug.h"
#include "os.h"

static const char debug_usage[] =
	"usage: vm debug [options] [image.bin]\n"
	"\n"
	"Debug an image (without one, the default: the kernel with its programs) with\n"
	"gdb's commands, forwards and backwards in time: every moment of the run can be\n"
	"gone back to, across traps, interrupts, context switches and console input.\n"
	"Commands come from -x files and -ex options, then from the terminal (with line\n"
	"editing, history and completion) or standard input; `help` lists them, and\n"
	"docs/debugger.md walks through a session.\n"
	"\n"
	"options:\n"
	"  --input TEXT            what is typed at the console (\\n for Enter, \\\\ for \\);\n"
	"                          the guest sees end of input after it\n"
	"  --input-file FILE       the console's input from a file\n"
	"  -x FILE                 run the commands in FILE (repeatable)\n"
	"  -ex COMMAND             run COMMAND (repeatable; in order with -x)\n"
	"  -batch                  exit after the -x and -ex commands\n"
	"  --mem SIZE, --quantum N as vm run\n"
	"  --history-mem SIZE      memory the history of the run may take (default 256M)\n"
	"  -h, --help              show this help\n"
	"\n"
	"exit status: 0; with -batch, 1 if a command failed; 64 usage, 65 invalid\n"
	"image, 66 unreadable file, 70 out of memory.\n";

/* ---- The session as the front end sees it ------------------------------------------- */

enum { MAX_DISPLAYS = 16, MAX_SCRIPTS = 32 };

struct cli {
	struct dbg *s;
	bool tty;		/* commands typed on a terminal */
	bool midline;		/* the guest's output ended without a newline */
	bool failed;		/* a command failed */
	bool quit;
	unsigned nprint;	/* $1, $2, ... of print */
	char *displays[MAX_DISPLAYS];
	unsigned ndisplays;
	uint32_t list_next;	/* where a bare `list` goes on */
	bool list_on;
	char list_file[256];	/* ... in source lines, if list_file[0] */
	unsigned list_line;
	FILE *fp;		/* the commands' output: NULL for stdout (debug_console_run) */
};

static struct dbg *volatile running;	/* for SIGINT: the session a command runs */

static void on_sigint(int sig)
{
	(void)sig;
	if (running)
		dbg_interrupt(running);
}

static void out(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(struct cli *c, const char *fmt, ...)
{
	FILE *f = c->fp ? c->fp : stdout;
	if (c->midline) {
		putc('\n', f);
		c->midline = false;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

static void error(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void error(struct cli *c, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	out(c, "error: %s\n", msg);
	c->failed = true;
}

static void engine_error(struct cli *c) { error(c, "%s", dbg_error(c->s)); }

/* The guest's console output, as it is written for the first time. */
static void guest_output(void *ctx, const uint8_t *bytes, size_t n)
{
	struct cli *c = ctx;
	fwrite(bytes, 1, n, stdout);
	if (n)
		c->midline = bytes[n - 1] != '\n';
}

/* ---- Showing the machine ------------------------------------------------------------- */

static const struct cpu *M(const struct cli *c) { return dbg_cpu(c->s); }

/* "<sched+24>" or "", for an address as the machine sees it now. */
static const char *sym_of(struct cli *c, uint32_t addr, bool user, char *buf, size_t n)
{
	char name[96];
	dbg_symbolize(c->s, addr, user, name, sizeof name);
	if (name[0])
		snprintf(buf, n, " <%s>", name);
	else
		buf[0] = '\0';
	return buf;
}

/* The physical address of addr as the machine sees it now. */
static bool phys_now(struct cli *c, uint32_t addr, uint32_t *pa)
{
	struct dbg_value v = { .v = addr, .space = DBG_PLAIN };
	return dbg_to_phys(c->s, v, 4, pa);
}

/* One instruction: "0x00001234 <sched+8>:  lw    t0, 0(a0)". */
static void insn_line(struct cli *c, uint32_t addr, bool user, char *buf, size_t n)
{
	char sym[128], text[DISASM_MAX];
	uint32_t pa, w;
	struct dbg_labels d = { .s = c->s, .user = user };
	struct dbg_value v = { .v = addr, .space = user ? DBG_VIRT : DBG_PHYS, .pid = cpu_pid(M(c)) };
	if (dbg_to_phys(c->s, v, 4, &pa) && cpu_read(M(c), pa, &w, 4))
		disasm_insn(w, addr, text, sizeof text, dbg_label_at, &d);
	else
		snprintf(text, sizeof text, "(outside memory)");
	snprintf(buf, n, "0x%08x%s:  %s", addr, sym_of(c, addr, user, sym, sizeof sym), text);
}

/* Where the machine is: "[step 9535] pid 2 kernel  0x... <swtch>:  sw ...". */
static void where(struct cli *c)
{
	char line[512];
	bool user = cpu_user_mode(M(c));
	insn_line(c, cpu_pc(M(c)), user, line, sizeof line);
	out(c, "[step %llu] pid %u %s  %s\n", (unsigned long long)dbg_now(c->s), cpu_pid(M(c)),
	    user ? "user" : "kernel", line);
	struct dbg_source src;
	if (dbg_source_at(c->s, cpu_pc(M(c)), &src))
		out(c, "%s:%u\t%s\n", src.file, src.line, src.text ? src.text : "");
	c->list_on = false;	/* a bare list starts again at pc */
}

static void value_text(uint32_t v, char *buf, size_t n)
{
	snprintf(buf, n, "%d (0x%08x)", (int32_t)v, v);
}

static void show_displays(struct cli *c)
{
	for (unsigned i = 0; i < c->ndisplays; i++) {
		struct dbg_value v;
		if (!c->displays[i])
			continue;
		if (dbg_eval(c->s, c->displays[i], &v)) {
			out(c, "%u: %s = <%s>\n", i + 1, c->displays[i], dbg_error(c->s));
			continue;
		}
		char t[64];
		value_text(v.v, t, sizeof t);
		out(c, "%u: %s = %s\n", i + 1, c->displays[i], t);
	}
}

static const struct dbg_point *point_by_id(struct cli *c, int id)
{
	const struct dbg_point *pts;
	unsigned n = dbg_points(c->s, &pts);
	for (unsigned i = 0; i < n; i++)
		if (pts[i].id == id)
			return &pts[i];
	return NULL;
}

static uint32_t le32(const uint8_t *b) { return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }

/* What a command stopped for, then where. */
static void show_stop(struct cli *c, const struct dbg_stop *st, const struct dbg_point *p)
{
	char t[64], t2[64];
	switch (st->why) {
	case DBG_BREAKPOINT:
		out(c, "Breakpoint %d, %s\n", st->point, p ? p->spec : "?");
		break;
	case DBG_WATCHPOINT: {
		uint32_t len = p && p->len < 4 ? p->len : 4;
		uint8_t o[4] = { 0 }, n[4] = { 0 };
		memcpy(o, st->old_bytes, len);
		memcpy(n, st->new_bytes, len);
		value_text(le32(o), t, sizeof t);
		value_text(le32(n), t2, sizeof t2);
		if (p && p->kind == DBG_PT_WATCH) {
			out(c, "Watchpoint %d: %s\nOld value = %s\nNew value = %s\n", st->point, p->spec, t, t2);
		} else {
			out(c, "%s %d: %s (%s)\nValue = %s\n",
			    p && p->kind == DBG_PT_RWATCH ? "Read watchpoint" : "Access watchpoint",
			    st->point, p ? p->spec : "?", st->accessed == 'r' ? "read" : "written", t2);
		}
		break;
	}
	case DBG_CATCHPOINT: {
		char text[300];
		ev_event_text(text, sizeof text, dbg_stream(c->s), &st->event);
		out(c, "Catchpoint %d (%s): %s\n", st->point, p ? p->spec : "?", text);
		break;
	}
	case DBG_START:
		out(c, "No more reverse-execution history: this is the start of the run.\n");
		break;
	case DBG_END:
	case DBG_DOUBLE_FAULT:
	case DBG_IDLE:
		out(c, "[%s]\n", st->text);
		break;
	case DBG_INTERRUPTED:
		out(c, "Interrupted.\n");
		break;
	case DBG_LIMIT:
		out(c, "[step limit reached]\n");
		break;
	case DBG_DONE:
		break;
	}
	where(c);
	show_displays(c);
}

/* Run an engine command and show where it stopped. */
typedef int (*move_fn)(struct dbg *s, struct dbg_stop *out);

static void moved(struct cli *c, int r, const struct dbg_stop *st, const struct dbg_point *p)
{
	if (r)
		engine_error(c);
	else
		show_stop(c, st, p);
}

/* Run an engine command; then say why it stopped (the point it names
 * looked up in the list from before it ran: a tbreak hit is gone after). */
static int move(struct cli *c, int (*fn)(struct dbg *, struct dbg_stop *))
{
	const struct dbg_point *pts;
	unsigned n = dbg_points(c->s, &pts);
	struct dbg_point *before = malloc((n ? n : 1) * sizeof *before);
	if (!before) {
		error(c, "out of memory");
		return -1;
	}
	if (n)	/* (with no points, pts may be NULL: memcpy must not see it) */
		memcpy(before, pts, n * sizeof *before);
	struct dbg_stop st;
	running = c->s;
	int r = fn(c->s, &st);
	running = NULL;
	const struct dbg_point *p = NULL;
	for (unsigned i = 0; i < n && r == 0 && st.point; i++)
		if (before[i].id == st.point)
			p = &before[i];
	moved(c, r, &st, p);
	free(before);
	return r;
}

/* ---- Arguments ---------------------------------------------------------------------- */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A count argument (default def): false and an error if it is not one. */
static bool count_arg(struct cli *c, const char *arg, uint64_t def, uint64_t *n)
{
	if (!*arg) {
		*n = def;
		return true;
	}
	if (parse_count(arg, n) || *n == 0) {
		error(c, "'%s': give a count, a whole number > 0", arg);
		return false;
	}
	return true;
}

/* "LOCATION if CONDITION": split at the word "if". */
static char *split_if(char *arg)
{
	for (char *p = arg; (p = strstr(p, "if")); p++) {
		bool before = p == arg || isspace((unsigned char)p[-1]);
		bool after = !p[2] || isspace((unsigned char)p[2]);
		if (before && after) {
			p[0] = '\0';
			return trim(p + 2);
		}
	}
	return NULL;
}

/* Point numbers: "1 3 4", all when empty. */
static void each_point(struct cli *c, char *arg, int (*fn)(struct dbg *, int, bool), bool on,
		       const char *verb)
{
	const struct dbg_point *pts;
	if (!*trim(arg)) {
		/* the ids first, as many as there are (catchpoints have no
		 * limit): delete changes the list under us */
		unsigned n = dbg_points(c->s, &pts);
		int *ids = malloc((n ? n : 1) * sizeof *ids);
		if (!ids) {
			error(c, "%s: out of memory", verb);
			return;
		}
		for (unsigned i = 0; i < n; i++)
			ids[i] = pts[i].id;
		for (unsigned i = 0; i < n; i++)
			fn(c->s, ids[i], on);
		free(ids);
		return;
	}
	for (char *tok = strtok(arg, " \t"); tok; tok = strtok(NULL, " \t")) {
		uint64_t id;
		if (parse_count(tok, &id) || id > INT32_MAX) {
			error(c, "%s: '%s' is not a breakpoint number", verb, tok);
			continue;
		}
		if (fn(c->s, (int)id, on))
			engine_error(c);
	}
}

/* ---- Commands ---------------------------------------------------------------------- */

static int delete_fn(struct dbg *s, int id, bool on)
{
	(void)on;
	return dbg_delete(s, id);
}

static void dc_delete(struct cli *c, char *arg) { each_point(c, arg, delete_fn, false, "delete"); }
static void dc_enable(struct cli *c, char *arg) { each_point(c, arg, dbg_enable, true, "enable"); }
static void dc_disable(struct cli *c, char *arg) { each_point(c, arg, dbg_enable, false, "disable"); }

static void say_point(struct cli *c, int id)
{
	const struct dbg_point *p = point_by_id(c, id);
	if (!p)
		return;
	switch (p->kind) {
	case DBG_PT_BREAK:
		if (p->virt)
			out(c, "%s %d at %s (0x%08x in each process that runs it)\n",
			    p->temporary ? "Temporary breakpoint" : "Breakpoint", id, p->spec, p->addr);
		else
			out(c, "%s %d at 0x%08x: %s\n", p->temporary ? "Temporary breakpoint" : "Breakpoint",
			    id, p->addr, p->spec);
		break;
	case DBG_PT_WATCH:
	case DBG_PT_RWATCH:
	case DBG_PT_AWATCH: {
		static const char *const kinds[] = { "", "Watchpoint", "Read watchpoint", "Access watchpoint" };
		if (p->virt)
			out(c, "%s %d: %s (pid %u, virtual 0x%08x, %u bytes)\n", kinds[p->kind], id, p->spec,
			    p->pid, p->addr, p->len);
		else
			out(c, "%s %d: %s (physical 0x%08x, %u bytes)\n", kinds[p->kind], id, p->spec,
			    p->addr, p->len);
		break;
	}
	case DBG_PT_CATCH:
		out(c, "Catchpoint %d (%s)\n", id, p->spec);
		break;
	}
}

/* A point was made (id), or why not (-1). */
static void made(struct cli *c, int id)
{
	if (id < 0)
		engine_error(c);
	else
		say_point(c, id);
}

static char *line_spec(char *arg);
static unsigned spec_line(struct cli *c, const char *digits);

static void do_break(struct cli *c, char *arg, bool temporary)
{
	char *cond = split_if(arg);
	arg = trim(arg);
	if (!*arg) {
		error(c, "break where? a label, an address, PROG:LABEL or FILE:LINE");
		return;
	}
	char *colon = line_spec(arg), moved[300];
	if (colon) {	/* a line without code: the next one that has some, as gdb does */
		unsigned line = spec_line(c, colon + 1);
		if (!line)
			return;
		*colon = '\0';
		unsigned to = dbg_line_with_code(c->s, arg, line);
		*colon = ':';
		if (to && to != line) {
			snprintf(moved, sizeof moved, "%.*s:%u", (int)(colon - arg), arg, to);
			out(c, "(no code at %s; the next line with code is %u)\n", arg, to);
			arg = moved;
		}
	}
	made(c, dbg_break(c->s, arg, temporary, cond));
}

static void dc_break(struct cli *c, char *arg) { do_break(c, arg, false); }
static void dc_tbreak(struct cli *c, char *arg) { do_break(c, arg, true); }

static void dc_condition(struct cli *c, char *arg)
{
	char *p = trim(arg), *rest = p;
	while (*rest && !isspace((unsigned char)*rest))
		rest++;
	if (*rest)
		*rest++ = '\0';
	uint64_t id;
	if (!*p || parse_count(p, &id) || id > INT32_MAX) {
		error(c, "condition N [EXPRESSION]: N is a breakpoint number");
		return;
	}
	if (dbg_condition(c->s, (int)id, trim(rest)))
		engine_error(c);
	else if (!*trim(rest))
		out(c, "Breakpoint %d now unconditional.\n", (int)id);
}

static void dc_catch(struct cli *c, char *arg)
{
	char *cond = split_if(arg);
	made(c, dbg_catch(c->s, trim(arg), cond));
}

static void do_watch(struct cli *c, char *arg, enum dbg_point_kind kind)
{
	char *cond = split_if(arg);
	arg = trim(arg);
	uint32_t len = 4;
	/* "ADDRESS LENGTH": a last word that is a number, after an expression */
	char *sp = strrchr(arg, ' ');
	if (sp) {
		uint64_t n;
		struct dbg_value v;
		char *head = strndup(arg, (size_t)(sp - arg));
		if (head && !parse_count(sp + 1, &n) && n <= 0xFFFFFFFFu && dbg_eval(c->s, head, &v) == 0) {
			len = (uint32_t)n;
			*sp = '\0';
		}
		free(head);
	}
	if (!*arg) {
		error(c, "watch what? an address or label, and a length in bytes (default 4)");
		return;
	}
	made(c, dbg_watch(c->s, kind, trim(arg), len, cond));
}

static void dc_watch(struct cli *c, char *arg) { do_watch(c, arg, DBG_PT_WATCH); }
static void dc_rwatch(struct cli *c, char *arg) { do_watch(c, arg, DBG_PT_RWATCH); }
static void dc_awatch(struct cli *c, char *arg) { do_watch(c, arg, DBG_PT_AWATCH); }

static uint64_t move_n;
static int stepi_fn(struct dbg *s, struct dbg_stop *o) { return dbg_stepi(s, move_n, o); }
static int nexti_fn(struct dbg *s, struct dbg_stop *o) { return dbg_nexti(s, move_n, o); }
static int rstepi_fn(struct dbg *s, struct dbg_stop *o) { return dbg_reverse_stepi(s, move_n, o); }
static int rnexti_fn(struct dbg *s, struct dbg_stop *o) { return dbg_reverse_nexti(s, move_n, o); }
static int goto_fn(struct dbg *s, struct dbg_stop *o) { return dbg_goto_instret(s, move_n, o); }
static int goto_step_fn(struct dbg *s, struct dbg_stop *o) { return dbg_goto(s, move_n, o); }

static void counted(struct cli *c, char *arg, move_fn fn)
{
	if (count_arg(c, trim(arg), 1, &move_n))
		move(c, fn);
}

static bool no_args(struct cli *c, const char *arg, const char *cmd)
{
	if (*arg) {
		error(c, "%s takes no arguments", cmd);
		return false;
	}
	return true;
}

static void dc_stepi(struct cli *c, char *arg) { counted(c, arg, stepi_fn); }
static void dc_nexti(struct cli *c, char *arg) { counted(c, arg, nexti_fn); }
static void dc_rstepi(struct cli *c, char *arg) { counted(c, arg, rstepi_fn); }
static void dc_rnexti(struct cli *c, char *arg) { counted(c, arg, rnexti_fn); }

/* A command that takes no argument and moves. */
static void plain(struct cli *c, char *arg, const char *name, move_fn fn)
{
	if (no_args(c, trim(arg), name))
		move(c, fn);
}

static void dc_continue(struct cli *c, char *arg) { plain(c, arg, "continue", dbg_continue); }
static void dc_step(struct cli *c, char *arg) { plain(c, arg, "step", dbg_step); }
static void dc_next(struct cli *c, char *arg) { plain(c, arg, "next", dbg_next); }
static void dc_rstep(struct cli *c, char *arg) { plain(c, arg, "reverse-step", dbg_reverse_step); }
static void dc_rnext(struct cli *c, char *arg) { plain(c, arg, "reverse-next", dbg_reverse_next); }
static void dc_rcontinue(struct cli *c, char *arg) { plain(c, arg, "reverse-continue", dbg_reverse_continue); }
static void dc_rfinish(struct cli *c, char *arg) { plain(c, arg, "reverse-finish", dbg_reverse_finish); }

static void dc_finish(struct cli *c, char *arg)
{
	if (!no_args(c, trim(arg), "finish"))
		return;
	char line[512];
	insn_line(c, cpu_pc(M(c)), cpu_user_mode(M(c)), line, sizeof line);
	if (!dbg_ended(c->s))
		out(c, "Run till exit from %s\n", line);
	move(c, dbg_finish);
}

static void dc_run(struct cli *c, char *arg)
{
	if (!no_args(c, trim(arg), "run"))
		return;
	struct dbg_stop st;
	if (dbg_goto(c->s, 0, &st)) {
		engine_error(c);
		return;
	}
	out(c, "Starting again from step 0.\n");
	move(c, dbg_continue);
}

static void dc_goto(struct cli *c, char *arg)
{
	arg = trim(arg);
	move_fn fn = goto_fn;
	if (strncmp(arg, "step", 4) == 0 && (isspace((unsigned char)arg[4]))) {
		fn = goto_step_fn;
		arg = trim(arg + 4);
	}
	if (!*arg || parse_count(arg, &move_n)) {
		error(c, "goto N (an instruction count, as `when` shows) or goto step N");
		return;
	}
	move(c, fn);
}

static void dc_when(struct cli *c, char *arg)
{
	if (!no_args(c, trim(arg), "when"))
		return;
	out(c, "step %llu, %llu instructions retired (the run has gone as far as step %llu)\n",
	    (unsigned long long)dbg_now(c->s), (unsigned long long)cpu_instret(M(c)),
	    (unsigned long long)dbg_frontier(c->s));
}

static void dc_print(struct cli *c, char *arg)
{
	arg = trim(arg);
	char fmt = 0;
	if (arg[0] == '/') {
		fmt = arg[1];
		if (!fmt || isspace((unsigned char)fmt)) {	/* not past the end of "print/" */
			error(c, "print/FMT: a format after the '/', x, d or u");
			return;
		}
		arg = trim(arg + 2);
	}
	struct dbg_value v;
	if (!*arg) {
		error(c, "print what? an expression");
		return;
	}
	if (dbg_eval(c->s, arg, &v)) {
		engine_error(c);
		return;
	}
	char text[64], sym[128] = "";
	if (fmt == 'x')
		snprintf(text, sizeof text, "0x%08x", v.v);
	else if (fmt == 'd')
		snprintf(text, sizeof text, "%d", (int32_t)v.v);
	else if (fmt == 'u')
		snprintf(text, sizeof text, "%u", v.v);
	else if (fmt)
		{ error(c, "print/%c: the formats are x, d and u", fmt); return; }
	else
		value_text(v.v, text, sizeof text);
	if (v.space == DBG_PHYS) {
		char name[128];
		snprintf(sym, sizeof sym, "%s (physical)", sym_of(c, v.v, false, name, sizeof name));
	}
	else if (v.space == DBG_VIRT && v.prog)
		snprintf(sym, sizeof sym, " (virtual, in %s)", v.prog);
	else if (v.space == DBG_VIRT)
		snprintf(sym, sizeof sym, " (virtual, pid %u)", v.pid);
	out(c, "$%u = %s%s\n", ++c->nprint, text, sym);
}

static void dc_display(struct cli *c, char *arg)
{
	arg = trim(arg);
	if (!*arg) {
		show_displays(c);
		return;
	}
	struct dbg_value v;
	if (dbg_eval(c->s, arg, &v)) {
		engine_error(c);
		return;
	}
	/* the first free number: one that undisplay gave back, or a new one */
	unsigned slot = 0;
	while (slot < c->ndisplays && c->displays[slot])
		slot++;
	if (slot == MAX_DISPLAYS) {
		error(c, "too many displays (at most %d at once: undisplay N frees one)", MAX_DISPLAYS);
		return;
	}
	char *copy = strdup(arg);
	if (!copy) {
		error(c, "out of memory");
		return;
	}
	c->displays[slot] = copy;
	if (slot == c->ndisplays)
		c->ndisplays++;
	char t[64];
	value_text(v.v, t, sizeof t);
	out(c, "%u: %s = %s\n", slot + 1, arg, t);
}

static void dc_undisplay(struct cli *c, char *arg)
{
	uint64_t n;
	arg = trim(arg);
	if (!*arg) {
		for (unsigned i = 0; i < c->ndisplays; i++) {
			free(c->displays[i]);
			c->displays[i] = NULL;
		}
		c->ndisplays = 0;
		return;
	}
	if (parse_count(arg, &n) || n == 0 || n > c->ndisplays || !c->displays[n - 1]) {
		error(c, "undisplay: no display number %s", arg);
		return;
	}
	free(c->displays[n - 1]);
	c->displays[n - 1] = NULL;
}

/* x/NFU ADDRESS: N units, F format (x d u c s i), U size (b h w). */
static void dc_x(struct cli *c, char *arg)
{
	uint64_t n = 1;
	char fmt = 'x', size = 'w';
	if (*arg == '/') {
		arg++;
		char *end;
		if (isdigit((unsigned char)*arg)) {
			n = strtoull(arg, &end, 10);
			arg = end;
		}
		for (; *arg && !isspace((unsigned char)*arg); arg++) {
			if (strchr("xducsi", *arg))
				fmt = *arg;
			else if (strchr("bhw", *arg))
				size = *arg;
			else
				{ error(c, "x/%c: formats are x d u c s i, sizes b h w", *arg); return; }
		}
	}
	arg = trim(arg);
	if (!*arg)
		{ error(c, "x/FMT ADDRESS: examine memory at ADDRESS"); return; }
	if (n == 0 || n > 4096)
		{ error(c, "x: from 1 to 4096 units"); return; }
	struct dbg_value v;
	if (dbg_eval(c->s, arg, &v))
		{ engine_error(c); return; }
	bool user = v.space == DBG_VIRT || (v.space == DBG_PLAIN && cpu_user_mode(M(c)));
	unsigned unit = size == 'b' || fmt == 'c' || fmt == 's' ? 1 : size == 'h' ? 2 : 4;
	if (fmt == 'i')
		unit = 4;
	uint32_t pa;
	char sym[128], line[512];
	if (fmt == 's') {
		for (uint64_t k = 0; k < n; k++) {
			char str[256];
			size_t len = 0;
			if (!dbg_to_phys(c->s, v, 1, &pa))
				{ engine_error(c); return; }
			uint32_t start = v.v;
			uint8_t b;
			while (len + 1 < sizeof str && dbg_to_phys(c->s, v, 1, &pa) &&
			       cpu_read(M(c), pa, &b, 1) && b) {
				str[len++] = isprint(b) ? (char)b : '?';
				v.v++;
			}
			str[len] = '\0';
			v.v++;
			out(c, "0x%08x%s:  \"%s\"\n", start, sym_of(c, start, user, sym, sizeof sym), str);
		}
		return;
	}
	if (fmt == 'i') {
		for (uint64_t k = 0; k < n; k++, v.v += 4) {
			if (!dbg_to_phys(c->s, v, 4, &pa))
				{ engine_error(c); return; }
			insn_line(c, v.v, user, line, sizeof line);
			out(c, "%s %s\n", v.v == cpu_pc(M(c)) && user == cpu_user_mode(M(c)) ? "=>" : "  ", line);
		}
		return;
	}
	unsigned per_line = unit == 1 ? 8 : 4;
	for (uint64_t k = 0; k < n; k++, v.v += unit) {
		if (!dbg_to_phys(c->s, v, unit, &pa)) {
			if (k % per_line)
				out(c, "\n");
			{ engine_error(c); return; }
		}
		uint32_t w = 0;
		cpu_read(M(c), pa, &w, unit);
		if (k % per_line == 0)
			out(c, "0x%08x%s:", v.v, sym_of(c, v.v, user, sym, sizeof sym));
		switch (fmt) {
		case 'x': out(c, "\t0x%0*x", (int)unit * 2, w); break;
		case 'd': out(c, "\t%d", unit == 1 ? (int8_t)w : unit == 2 ? (int16_t)w : (int32_t)w); break;
		case 'u': out(c, "\t%u", w); break;
		case 'c': out(c, "\t%3u '%c'", w, isprint((int)w) ? (int)w : '?'); break;
		}
		if (k % per_line == per_line - 1 || k + 1 == n)
			out(c, "\n");
	}
}

/* Ten source lines of file from first (the one at pc marked), and where a
 * bare list goes on.  False (reported) if the file has none there. */
static bool list_source(struct cli *c, const char *file, unsigned first)
{
	struct dbg_source here = { 0 }, src;
	unsigned n = 0;
	if (!dbg_source_at(c->s, cpu_pc(M(c)), &here))
		here.file = NULL;
	if (!dbg_source_line(c->s, file, first, &src, &n)) {
		engine_error(c);
		return false;
	}
	if (!src.text) {
		error(c, "the image does not carry the text of %s", src.file);
		return false;
	}
	unsigned k;
	for (k = first; k < first + 10 && k <= n; k++) {
		dbg_source_line(c->s, file, k, &src, NULL);
		bool at = here.file && strcmp(here.file, src.file) == 0 && here.line == k;
		out(c, "%s%-4u\t%s\n", at ? "=> " : "   ", k, src.text);
	}
	snprintf(c->list_file, sizeof c->list_file, "%s", file);
	c->list_line = k;
	c->list_on = true;
	return true;
}

/* FILE:LINE (a file has a '.' in its name): the colon, else NULL. */
static char *line_spec(char *arg)
{
	char *colon = strrchr(arg, ':');
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    !memchr(arg, '.', (size_t)(colon - arg)))
		return NULL;
	return colon;
}

/* The LINE of FILE:LINE (the digits after the colon), from 1; else an
 * error and 0. */
static unsigned spec_line(struct cli *c, const char *digits)
{
	errno = 0;
	unsigned long v = strtoul(digits, NULL, 10);
	if (errno || v < 1 || v > 0xFFFFFF) {
		error(c, "'%s' is not a line number (1 to 16777215)", digits);
		return 0;
	}
	return (unsigned)v;
}

static unsigned around(unsigned line) { return line > 5 ? line - 5 : 1; }

/* list: source lines where the image has them, else instructions. */
static void dc_list(struct cli *c, char *arg)
{
	arg = trim(arg);
	bool user = cpu_user_mode(M(c));
	uint32_t center;
	char *colon = line_spec(arg);
	struct dbg_source src;
	if (colon) {
		unsigned line = spec_line(c, colon + 1);
		*colon = '\0';
		if (line)
			list_source(c, arg, around(line));
		return;
	}
	if (*arg) {
		struct dbg_value v;
		if (dbg_eval(c->s, arg, &v))
			{ engine_error(c); return; }
		user = v.space == DBG_VIRT || (v.space == DBG_PLAIN && user);
		center = v.v & ~3u;
		bool known = v.prog ? dbg_source_in(c->s, v.prog, center, &src)
			     : v.space == DBG_PHYS ? dbg_source_in(c->s, NULL, center, &src)
			     : dbg_source_at_mode(c->s, center, user, &src);
		if (known) {
			char file[300];
			snprintf(file, sizeof file, "%s%s%s", v.prog ? v.prog : "", v.prog ? ":" : "", src.file);
			list_source(c, file, around(src.line));
			return;
		}
		c->list_file[0] = '\0';
		c->list_next = center >= 20 ? center - 20 : 0;
	} else if (!c->list_on) {
		center = cpu_pc(M(c));
		if (dbg_source_at(c->s, center, &src)) {
			char file[300];
			const char *prog = user ? dbg_process_program(c->s, cpu_pid(M(c))) : "";
			snprintf(file, sizeof file, "%s%s%s", prog, *prog ? ":" : "", src.file);
			list_source(c, file, around(src.line));
			return;
		}
		c->list_file[0] = '\0';
		c->list_next = center >= 20 ? center - 20 : 0;
	} else if (c->list_file[0]) {
		list_source(c, c->list_file, c->list_line);
		return;
	}
	char line[512];
	uint32_t pa;
	for (unsigned k = 0; k < 10; k++, c->list_next += 4) {
		if (!phys_now(c, c->list_next, &pa) && !user)
			break;
		insn_line(c, c->list_next, user, line, sizeof line);
		bool here = c->list_next == cpu_pc(M(c)) && user == cpu_user_mode(M(c));
		out(c, "%s %s\n", here ? "=>" : "  ", line);
	}
	c->list_on = true;
}

/* info line [FILE:LINE | LOCATION]: where a line's code is, or the line of
 * an address (default pc). */
static void info_line(struct cli *c, char *arg)
{
	arg = trim(arg);
	char *colon = line_spec(arg);
	char sym[128];
	if (colon) {
		unsigned line = spec_line(c, colon + 1);
		if (!line)
			return;
		uint32_t addrs[8];
		*colon = '\0';
		const char *prog = NULL;
		unsigned n = dbg_lines_to_addrs(c->s, arg, line, addrs, 8);
		if (!n || !dbg_source_program(c->s, arg, &prog)) {
			engine_error(c);
			return;
		}
		for (unsigned i = 0; i < n && i < 8; i++) {
			char name[96] = "";
			if (prog) {
				snprintf(sym, sizeof sym, " (virtual, in %s)", prog);
			} else {
				dbg_symbolize(c->s, addrs[i], false, name, sizeof name);
				snprintf(sym, sizeof sym, "%s%s%s", *name ? " <" : "", name, *name ? ">" : "");
			}
			out(c, "Line %u of \"%s\" is at address 0x%08x%s.\n", line, arg, addrs[i], sym);
		}
		return;
	}
	uint32_t addr = cpu_pc(M(c));
	bool user = cpu_user_mode(M(c));
	struct dbg_source src;
	bool known;
	if (*arg) {
		struct dbg_value v;
		if (dbg_eval(c->s, arg, &v)) {
			engine_error(c);
			return;
		}
		addr = v.v;
		user = v.space == DBG_VIRT || (v.space == DBG_PLAIN && user);
		known = v.prog ? dbg_source_in(c->s, v.prog, addr, &src)
		      : v.space == DBG_PHYS ? dbg_source_in(c->s, NULL, addr, &src)
		      : dbg_source_at_mode(c->s, addr, user, &src);
	} else {
		known = dbg_source_at(c->s, addr, &src);
	}
	if (!known) {
		error(c, "no line is known for 0x%08x (no line table, or no line made it)", addr);
		return;
	}
	out(c, "Address 0x%08x%s is line %u of \"%s\".\n", addr, sym_of(c, addr, user, sym, sizeof sym),
	    src.line, src.file);
}

static void dc_backtrace(struct cli *c, char *arg)
{
	if (!no_args(c, trim(arg), "backtrace"))
		return;
	struct dbg_frame fr[64];
	unsigned n = dbg_backtrace(c->s, fr, 64);
	char sym[128];
	for (unsigned i = 0; i < n; i++) {
		if (fr[i].trap)
			out(c, "--- trap from user mode: the trap frame at 0x%08x ---\n", fr[i].sp);
		char name[96];
		dbg_symbolize(c->s, fr[i].pc, fr[i].user, name, sizeof name);
		(void)sym;
		struct dbg_source src;
		char at[300] = "";
		if (dbg_source_at_mode(c->s, fr[i].pc, fr[i].user, &src))
			snprintf(at, sizeof at, " at %s:%u", src.file, src.line);
		out(c, "#%-2u 0x%08x in %s (%s)%s\n", i, fr[i].pc, name[0] ? name : "??",
		    fr[i].user ? "user" : "kernel", at);
	}
}

static void status_text(uint32_t st, char *buf, size_t n)
{
	snprintf(buf, n, "%s mode, interrupts %s; before the last trap: %s, interrupts %s",
		 st & STATUS_UM ? "user" : "kernel", st & STATUS_IE ? "on" : "off",
		 st & STATUS_PUM ? "user" : "kernel", st & STATUS_PIE ? "on" : "off");
}

static void info_registers(struct cli *c, char *arg)
{
	char sym[128];
	for (unsigned r = 0; r < REG_COUNT; r++) {
		if (*arg && strcmp(arg, isa_reg_names[r]) != 0)
			continue;
		uint32_t v = cpu_reg(M(c), r);
		out(c, "%-6s 0x%08x  %d\n", isa_reg_names[r], v, (int32_t)v);
	}
	if (!*arg || strcmp(arg, "pc") == 0)
		out(c, "%-6s 0x%08x%s\n", "pc", cpu_pc(M(c)), sym_of(c, cpu_pc(M(c)), cpu_user_mode(M(c)), sym, sizeof sym));
}

static void info_cregs(struct cli *c, char *arg)
{
	(void)arg;
	for (unsigned cr = 0; cr < CR_COUNT; cr++) {
		char name[16], note[160] = "";
		size_t i = 0;
		for (; isa_cregs[cr].name[i] && i + 1 < sizeof name; i++)
			name[i] = (char)tolower((unsigned char)isa_cregs[cr].name[i]);
		name[i] = '\0';
		uint32_t v = cpu_cr(M(c), cr);
		switch (cr) {
		case CR_STATUS:
			status_text(v, note, sizeof note);
			break;
		case CR_CAUSE:
			snprintf(note, sizeof note, "%s", v < TRAP_COUNT ? isa_causes[v].text : "?");
			break;
		case CR_TIMER:
			snprintf(note, sizeof note, v ? "%u instructions to the interrupt" : "stopped", v);
			break;
		case CR_INSTRET:
			snprintf(note, sizeof note, "%llu instructions retired", (unsigned long long)cpu_instret(M(c)));
			break;
		case CR_PENDING:
			for (unsigned k = 0; k < TRAP_COUNT; k++)
				if (v >> k & 1)
					snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s",
						 note[0] ? ", " : "", isa_causes[k].text);
			if (!v)
				snprintf(note, sizeof note, "none");
			break;
		case CR_IVEC:
		case CR_KSP:
		case CR_SCRATCH:
			sym_of(c, v, false, note, sizeof note);
			memmove(note, note[0] ? note + 1 : note, strlen(note));
			break;
		default:
			break;
		}
		out(c, "%-9s 0x%08x%s%s\n", name, v, note[0] ? "  " : "", note);
	}
}

static uint32_t kconst(struct cli *c, const char *name, bool *ok)
{
	struct dbg_value v;
	if (dbg_eval(c->s, name, &v)) {
		*ok = false;
		return 0;
	}
	return v.v;
}

static void info_frame(struct cli *c, char *arg)
{
	(void)arg;
	struct dbg_field f[32];
	unsigned n = dbg_trap_frame(c->s, f, 32);
	if (!n)
		{ engine_error(c); return; }
	uint32_t pid = cpu_pid(M(c));
	out(c, "trap frame of pid %u (%s) at 0x%08x, the top of its kernel stack (CR_KSP 0x%08x):\n",
	    pid, dbg_process_name(c->s, pid), f[0].addr, cpu_cr(M(c), CR_KSP));
	if (cpu_user_mode(M(c)))
		out(c, "(pid %u runs in user mode now: this is what its last trap saved)\n", pid);
	uint32_t status = 0;
	for (unsigned i = 0; i < n; i++)
		if (strcmp(f[i].name, "TF_STATUS") == 0)
			status = f[i].value;
	for (unsigned i = 0; i < n; i++) {
		char note[160] = "", sym[128];
		if (strcmp(f[i].name, "TF_STATUS") == 0)
			status_text(f[i].value, note, sizeof note);
		else if (strcmp(f[i].name, "TF_CAUSE") == 0)
			snprintf(note, sizeof note, "%s", f[i].value < TRAP_COUNT ? isa_causes[f[i].value].text : "?");
		else if (strcmp(f[i].name, "TF_PC") == 0 || strcmp(f[i].name, "TF_RA") == 0) {
			bool user = status & STATUS_UM;
			snprintf(note, sizeof note, "%s", sym_of(c, f[i].value, user, sym, sizeof sym));
		} else
			snprintf(note, sizeof note, "%d", (int32_t)f[i].value);
		out(c, "  %-10s +%-3u 0x%08x  %s\n", f[i].name, f[i].addr - f[0].addr, f[i].value,
		    note[0] == ' ' ? note + 1 : note);
	}
}

static bool pid_arg(struct cli *c, const char *arg, uint32_t *pid)
{
	uint64_t v;
	if (!*arg) {
		*pid = cpu_pid(M(c));
		return true;
	}
	if (parse_count(arg, &v) || v > UINT32_MAX) {
		error(c, "'%s' is not a pid", arg);
		return false;
	}
	*pid = (uint32_t)v;
	return true;
}

static void info_proc(struct cli *c, char *arg)
{
	uint32_t pid;
	if (!pid_arg(c, arg, &pid))
		return;
	if (!pid)
		{ error(c, "no process runs now (pid 0): give a pid (ps lists them)"); return; }
	struct dbg_field f[64];
	unsigned n = dbg_pcb(c->s, pid, f, 64);
	if (!n)
		{ engine_error(c); return; }
	out(c, "PCB of pid %u at 0x%08x:\n", pid, f[0].addr);
	for (unsigned i = 0; i < n; i++) {
		char note[96] = "";
		if (strcmp(f[i].name, "PCB_STATE") == 0)
			snprintf(note, sizeof note, "%s", kview_state_name(f[i].value));
		else if (strcmp(f[i].name, "PCB_NAME") == 0)
			snprintf(note, sizeof note, "\"%s\"", dbg_process_name(c->s, pid));
		else if (strcmp(f[i].name, "PCB_NEXT") == 0 && f[i].value)
			snprintf(note, sizeof note, "the PCB at 0x%08x", f[i].value);
		else
			snprintf(note, sizeof note, "%d", (int32_t)f[i].value);
		out(c, "  %-18s +%-3u 0x%08x  %s\n", f[i].name, f[i].addr - f[0].addr, f[i].value, note);
		if (strcmp(f[i].name, "PCB_NAME") == 0)
			break;	/* the name is the last field */
	}
}

/* The PCB at address pcb: its pid. */
static uint32_t pcb_pid(struct cli *c, uint32_t pcb, uint32_t off_pid)
{
	uint32_t v = 0;
	cpu_read(M(c), pcb + off_pid, &v, 4);
	return v;
}

static void info_queue(struct cli *c, char *arg)
{
	(void)arg;
	bool ok = true;
	uint32_t head = kconst(c, "runq_head", &ok), off_next = kconst(c, "PCB_NEXT", &ok),
		 off_pid = kconst(c, "PCB_PID", &ok);
	if (!ok)
		{ error(c, "the image has no run queue (runq_head, PCB_NEXT): not the kernel"); return; }
	uint32_t p = 0;
	cpu_read(M(c), head, &p, 4);
	char line[512];
	int len = snprintf(line, sizeof line, "run queue (runq_head):");
	unsigned n = 0;
	for (; p && n < NPROC && len < (int)sizeof line - 40; n++) {
		uint32_t pid = pcb_pid(c, p, off_pid);
		len += snprintf(line + len, sizeof line - (size_t)len, "%s pid %u (%s)", n ? " ->" : "",
				pid, dbg_process_name(c->s, pid));
		uint32_t next = 0;
		cpu_read(M(c), p + off_next, &next, 4);
		p = next;
	}
	out(c, "%s%s\n", line, n ? "" : " empty");
	uint32_t cur = cpu_pid(M(c));
	if (cur)
		out(c, "running: pid %u (%s)\n", cur, dbg_process_name(c->s, cur));
}

static void info_memory(struct cli *c, char *arg)
{
	(void)arg;
	const struct kview *kv = dbg_kview(c->s);
	if (!kv->ok)
		{ error(c, "the image is not the kernel (no %s)", kv->missing); return; }
	struct kview_region r[64];
	struct kview_proc ps[NPROC];
	unsigned nr = kview_regions(kv, M(c), r, 64), np = kview_procs(kv, M(c), ps, NPROC);
	uint32_t start, end;
	if (kview_free_range(kv, M(c), &start, &end))
		out(c, "process memory: 0x%08x-0x%08x (%u KiB) of %u KiB of RAM\n", start, end,
		    (end - start) / 1024, cpu_mem_size(M(c)) / 1024);
	else
		out(c, "process memory: not set up yet (boot has not run)\n");
	for (unsigned i = 0; i < nr; i++) {
		char owner[64] = "no process (held for a moment by exec or sbrk)";
		for (unsigned k = 0; k < np; k++)
			if (ps[k].base == r[i].base && ps[k].bound)
				snprintf(owner, sizeof owner, "pid %u (%s), bound 0x%08x", ps[k].pid, ps[k].name,
					 ps[k].bound);
		out(c, "  0x%08x-0x%08x %6u KiB  %s\n", r[i].base, r[i].base + r[i].size, r[i].size / 1024, owner);
	}
	if (!nr)
		out(c, "  no region allocated\n");
}

static void dc_ps(struct cli *c, char *arg)
{
	if (!no_args(c, trim(arg), "ps"))
		return;
	const struct kview *kv = dbg_kview(c->s);
	if (!kv->ok)
		{ error(c, "the image is not the kernel (no %s)", kv->missing); return; }
	struct kview_proc ps[NPROC];
	unsigned n = kview_procs(kv, M(c), ps, NPROC);
	out(c, "  PID  PPID  STATE     TICKS  BASE        BOUND       NAME\n");
	for (unsigned i = 0; i < n; i++)
		out(c, "%c%4u  %4u  %-8s  %5u  0x%08x  0x%08x  %s\n", ps[i].pid == cpu_pid(M(c)) ? '*' : ' ',
		    ps[i].pid, ps[i].ppid, kview_state_name(ps[i].state), ps[i].ticks, ps[i].base,
		    ps[i].bound, ps[i].name);
}

static void info_breakpoints(struct cli *c, char *arg)
{
	(void)arg;
	const struct dbg_point *p;
	unsigned n = dbg_points(c->s, &p);
	if (!n) {
		out(c, "No breakpoints, watchpoints or catchpoints.\n");
		return;
	}
	static const char *const kinds[] = { "breakpoint", "watchpoint", "read watchpoint",
					     "acc watchpoint", "catchpoint" };
	out(c, "Num  Type             Enb  Hits  What\n");
	for (unsigned i = 0; i < n; i++) {
		char what[200];
		if (p[i].kind == DBG_PT_BREAK && !p[i].virt)
			snprintf(what, sizeof what, "%s (0x%08x)", p[i].spec, p[i].addr);
		else if (p[i].kind == DBG_PT_BREAK)
			snprintf(what, sizeof what, "%s (virtual 0x%08x)", p[i].spec, p[i].addr);
		else if (p[i].kind == DBG_PT_CATCH)
			snprintf(what, sizeof what, "%s", p[i].spec);
		else if (p[i].virt)
			snprintf(what, sizeof what, "%s (pid %u, virtual 0x%08x, %u bytes)", p[i].spec, p[i].pid,
				 p[i].addr, p[i].len);
		else
			snprintf(what, sizeof what, "%s (physical 0x%08x, %u bytes)", p[i].spec, p[i].addr, p[i].len);
		out(c, "%-4d %-16s %-4s %4llu  %s%s\n", p[i].id,
		    p[i].temporary ? "temp breakpoint" : kinds[p[i].kind], p[i].enabled ? "y" : "n",
		    (unsigned long long)p[i].hits, what, "");
		if (p[i].cond[0])
			out(c, "\tstop only if %s\n", p[i].cond);
	}
}

static void info_history(struct cli *c, char *arg)
{
	(void)arg;
	struct dbg_history_stats h;
	dbg_history(c->s, &h);
	out(c, "%u snapshots from step %llu to %llu (one every %llu steps, %llu thinned out); "
	    "%zu KiB of %zu KiB, %zu RAM pages kept\n", h.snapshots, (unsigned long long)h.first,
	    (unsigned long long)h.last, (unsigned long long)h.interval, (unsigned long long)h.thinned,
	    h.bytes / 1024, h.limit / 1024, h.pages);
}

static void info_display(struct cli *c, char *arg)
{
	(void)arg;
	for (unsigned i = 0; i < c->ndisplays; i++)
		if (c->displays[i])
			out(c, "%u: %s\n", i + 1, c->displays[i]);
}

static const struct info_cmd {
	const char *name, *alias, *help;
	void (*fn)(struct cli *, char *);
} infos[] = {
	{ "registers", "r", "the registers and pc (info registers REG: one)", info_registers },
	{ "cregs", NULL, "the control registers: mode, interrupts, base, bound, KSP, the timer", info_cregs },
	{ "frame", NULL, "the trap frame on the running process's kernel stack, each field named", info_frame },
	{ "proc", NULL, "a process's PCB, decoded (info proc [PID]; default the running one)", info_proc },
	{ "queue", NULL, "the kernel's run queue", info_queue },
	{ "memory", NULL, "the base/bound map: every process's region of physical memory", info_memory },
	{ "breakpoints", "b", "breakpoints, watchpoints and catchpoints", info_breakpoints },
	{ "watchpoints", NULL, "the same list", info_breakpoints },
	{ "display", NULL, "the expressions shown at every stop", info_display },
	{ "history", NULL, "the snapshots the history keeps, and their memory", info_history },
	{ "line", NULL, "where FILE:LINE's code is, or the source line of pc (or LOCATION)", info_line },
};

static void dc_info(struct cli *c, char *arg)
{
	char *sub = trim(arg), *rest = sub;
	while (*rest && !isspace((unsigned char)*rest))
		rest++;
	if (*rest)
		*rest++ = '\0';
	rest = trim(rest);
	const struct info_cmd *found = NULL;
	unsigned matches = 0;
	for (size_t i = 0; i < sizeof infos / sizeof infos[0]; i++) {
		if (!*sub)
			break;
		if (strcmp(sub, infos[i].name) == 0 || (infos[i].alias && strcmp(sub, infos[i].alias) == 0)) {
			found = &infos[i];
			matches = 1;
			break;
		}
		if (strncmp(sub, infos[i].name, strlen(sub)) == 0) {
			found = &infos[i];
			matches++;
		}
	}
	if (!*sub) {
		error(c, "info what? (help info lists them)");
		return;
	}
	if (matches != 1) {
		error(c, "info %s: %s", sub, matches ? "ambiguous" : "not known (help info lists them)");
		return;
	}
	found->fn(c, rest);
}

static void dc_quit(struct cli *c, char *arg)
{
	(void)arg;
	c->quit = true;
}

static void dc_help(struct cli *c, char *arg);

/* The commands: name, alias, what the argument is, what it does. */
static const struct command {
	const char *name, *alias, *args, *help;
	void (*fn)(struct cli *, char *);
} commands[] = {
	{ "break", "b", "LOCATION [if COND]", "stop when the machine is about to run LOCATION (a label, an address, PROG:LABEL, FILE:LINE, PROG:FILE:LINE)", dc_break },
	{ "tbreak", NULL, "LOCATION [if COND]", "the same, once: deleted when hit", dc_tbreak },
	{ "delete", "d", "[N...]", "delete breakpoints, watchpoints, catchpoints (all without N)", dc_delete },
	{ "disable", NULL, "[N...]", "disable them (all without N)", dc_disable },
	{ "enable", NULL, "[N...]", "enable them again", dc_enable },
	{ "condition", NULL, "N [COND]", "stop at N only when COND holds (pid == 3, a0 == 0); none without COND", dc_condition },
	{ "catch", NULL, "WHAT [if COND]", "stop at an event: a trap cause (timer, privileged, protection...), fault, interrupt, syscall [NAME], or a kernel event (switch, exit, create...)", dc_catch },
	{ "watch", NULL, "ADDRESS [LEN] [if COND]", "stop when the LEN bytes at ADDRESS change (default 4)", dc_watch },
	{ "rwatch", NULL, "ADDRESS [LEN] [if COND]", "stop when an instruction reads them", dc_rwatch },
	{ "awatch", NULL, "ADDRESS [LEN] [if COND]", "stop when anything reads or writes them", dc_awatch },
	{ "stepi", "si", "[N]", "one instruction, or trap entry (N of them)", dc_stepi },
	{ "nexti", "ni", "[N]", "one instruction, over calls and system calls", dc_nexti },
	{ "step", "s", "", "to the next source line, into calls and traps (stepi where no line is known)", dc_step },
	{ "next", "n", "", "to the next source line, over calls and system calls", dc_next },
	{ "finish", NULL, "", "run until this routine returns (or this trap handler, to the program)", dc_finish },
	{ "continue", "c", "", "run until something stops the machine", dc_continue },
	{ "run", "r", "", "start again from step 0 and continue", dc_run },
	{ "reverse-stepi", "rsi", "[N]", "one step back in time (N steps)", dc_rstepi },
	{ "reverse-nexti", "rni", "[N]", "one instruction back, over calls and system calls", dc_rnexti },
	{ "reverse-step", "rs", "", "back to the start of the source line before, into calls and traps", dc_rstep },
	{ "reverse-next", "rn", "", "back to the start of the source line before, over calls and system calls", dc_rnext },
	{ "reverse-finish", NULL, "", "back to where this routine was called (or this trap entered)", dc_rfinish },
	{ "reverse-continue", "rc", "", "back to the last time a breakpoint, watchpoint or catchpoint was hit", dc_rcontinue },
	{ "goto", NULL, "N | step N", "to the moment N instructions had retired (or to step N)", dc_goto },
	{ "when", NULL, "", "the current moment: step and instruction count", dc_when },
	{ "info", "i", "WHAT", "registers, cregs, frame, proc [PID], queue, memory, breakpoints, display, history, line", dc_info },
	{ "x", NULL, "/NFU ADDRESS", "examine memory: N units, F format (x d u c s i), U size (b h w)", dc_x },
	{ "print", "p", "[/x|/d|/u] EXPR", "the value of an expression (registers, labels, *ADDRESS, C operators)", dc_print },
	{ "display", NULL, "[EXPR]", "show EXPR at every stop", dc_display },
	{ "undisplay", NULL, "[N]", "stop showing display N (all without N)", dc_undisplay },
	{ "backtrace", "bt", "", "the call chain, found on the stack, across a trap into the program", dc_backtrace },
	{ "list", "l", "[FILE:LINE | LOCATION]", "the source lines around pc (or there; the instructions where no source is known); again: the next ones", dc_list },
	{ "ps", NULL, "", "the processes, from the kernel's process table", dc_ps },
	{ "help", "h", "[COMMAND]", "this list, or one command", dc_help },
	{ "quit", "q", "", "leave", dc_quit },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void dc_help(struct cli *c, char *arg)
{
	arg = trim(arg);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct command *k = &commands[i];
		if (*arg && strcmp(arg, k->name) != 0 && !(k->alias && strcmp(arg, k->alias) == 0))
			continue;
		char head[64];
		snprintf(head, sizeof head, "%s%s%s%s%s", k->name, k->alias ? " (" : "",
			 k->alias ? k->alias : "", k->alias ? ")" : "", "");
		out(c, "%-24s %-24s %s\n", head, k->args, k->help);
		if (*arg && k->fn == dc_info)
			for (size_t j = 0; j < sizeof infos / sizeof infos[0]; j++)
				out(c, "  info %-18s %s\n", infos[j].name, infos[j].help);
		if (*arg)
			return;
	}
	if (*arg)
		error(c, "no command '%s' (help lists them)", arg);
}

/* One command line. */
static void execute(struct cli *c, char *line)
{
	line = trim(line);
	if (!*line || *line == '#')
		return;
	char *arg = line;
	/* x/4x: the format is glued to the name */
	while (*arg && !isspace((unsigned char)*arg) && *arg != '/')
		arg++;
	char name[32];
	size_t len = (size_t)(arg - line);
	if (len >= sizeof name) {
		error(c, "no command '%.*s' (help lists them)", (int)len, line);
		return;
	}
	memcpy(name, line, len);
	name[len] = '\0';
	const struct command *k = NULL;
	for (size_t i = 0; i < NCOMMANDS && !k; i++)
		if (strcmp(name, commands[i].name) == 0 || (commands[i].alias && strcmp(name, commands[i].alias) == 0))
			k = &commands[i];
	if (!k) {
		error(c, "no command '%s' (help lists them)", name);
		return;
	}
	if (k->fn != dc_list)
		c->list_on = false;
	k->fn(c, arg);
	fflush(stdout);
}

/* ---- Reading commands -------------------------------------------------------------- */

static void echo(struct cli *c, const char *line)
{
	out(c, "(vm) %s\n", line);
}

static int run_file(struct cli *c, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		errorf("debug: %s: %s", path, strerror(errno));
		return EXIT_NOINPUT;
	}
	char *line = NULL;
	size_t cap = 0;
	while (!c->quit && getline(&line, &cap, f) != -1) {
		line[strcspn(line, "\n")] = '\0';
		if (*trim(line) == '\0' || *trim(line) == '#')
			continue;
		echo(c, trim(line));
		execute(c, line);
	}
	free(line);
	fclose(f);
	return 0;
}

#ifdef VM_LIBEDIT
/* Completion: command names first, then labels, registers and programs. */
static struct cli *completing;

static char *complete_word(const char *text, int state)
{
	static size_t i;
	static unsigned phase;
	size_t len = strlen(text);
	if (!state) {
		i = 0;
		phase = 0;
	}
	const struct img *im = dbg_image(completing->s);
	for (;;) {
		if (phase == 0) {
			while (i < NCOMMANDS) {
				const char *n = commands[i++].name;
				if (strncmp(n, text, len) == 0)
					return strdup(n);
			}
			phase = 1;
			i = 0;
		} else if (phase == 1) {
			while (i < im->nsyms) {
				struct img_sym y = img_symbol(im, (uint32_t)i++);
				if (strncmp(y.name, text, len) == 0)
					return strdup(y.name);
			}
			phase = 2;
			i = 0;
		} else if (phase == 2) {
			while (i < REG_COUNT) {
				const char *n = isa_reg_names[i++];
				if (strncmp(n, text, len) == 0)
					return strdup(n);
			}
			phase = 3;
			i = 0;
		} else {
			while (i < im->nfiles) {
				struct img_file f = img_file(im, (uint32_t)i++);
				if (strncmp(f.name, text, len) == 0) {
					char buf[64];
					snprintf(buf, sizeof buf, "%s:", f.name);
					return strdup(buf);
				}
			}
			return NULL;
		}
	}
}

static char *complete_command(const char *text, int state)
{
	static size_t i;
	size_t len = strlen(text);
	if (!state)
		i = 0;
	while (i < NCOMMANDS) {
		const char *n = commands[i++].name;
		if (strncmp(n, text, len) == 0)
			return strdup(n);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, start == 0 ? complete_command : complete_word);
}

static void read_terminal(struct cli *c)
{
	completing = c;
	rl_readline_name = "vm-debug";
	rl_attempted_completion_function = complete;
	char *last = NULL;
	while (!c->quit) {
		char *line = readline("(vm) ");
		if (!line) {
			putchar('\n');
			break;
		}
		if (*trim(line)) {
			add_history(line);
			free(last);
			last = strdup(line);
			execute(c, line);
		} else if (last) {	/* Enter again: the last command again, as gdb */
			char *again = strdup(last);
			if (again)
				execute(c, again);
			free(again);
		}
		free(line);
	}
	free(last);
}
#endif

static void read_stream(struct cli *c, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	while (!c->quit) {
		if (c->tty) {
			fputs("(vm) ", stdout);
			fflush(stdout);
		}
		if (getline(&line, &cap, in) == -1)
			break;
		line[strcspn(line, "\n")] = '\0';
		if (!c->tty && *trim(line) && *trim(line) != '#')
			echo(c, trim(line));
		execute(c, line);
	}
	free(line);
}

/* ---- The command line -------------------------------------------------------------- */

struct debug_opts {
	const char *image, *input_file;
	char *input;
	size_t input_len;
	uint64_t mem, history;
	uint32_t quantum;
	bool batch;
	struct { bool file; const char *text; } scripts[MAX_SCRIPTS];
	unsigned nscripts;
};

static int parse_debug_args(int argc, char **argv, struct debug_opts *o)
{
	memset(o, 0, sizeof *o);
	o->mem = MEM_DEFAULT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = !strcmp(a, "--input") || !strcmp(a, "--input-file") || !strcmp(a, "-x") ||
			     !strcmp(a, "-ex") || !strcmp(a, "--mem") || !strcmp(a, "--quantum") ||
			     !strcmp(a, "--history-mem");
		if (takes && !val) {
			errorf("debug: %s needs a value (see vm debug --help)", a);
			return EXIT_USAGE;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(debug_usage, stdout);
			return 0;
		} else if (!strcmp(a, "--input")) {
			free(o->input);
			o->input = unescape_input(val, &o->input_len);
			if (!o->input) {
				errorf("out of memory");
				return EXIT_INTERNAL;
			}
		} else if (!strcmp(a, "--input-file")) {
			o->input_file = val;
		} else if (!strcmp(a, "-x") || !strcmp(a, "-ex")) {
			if (o->nscripts == MAX_SCRIPTS) {
				errorf("debug: at most %d -x and -ex", MAX_SCRIPTS);
				return EXIT_USAGE;
			}
			o->scripts[o->nscripts].file = a[1] == 'x';
			o->scripts[o->nscripts++].text = val;
		} else if (!strcmp(a, "-batch") || !strcmp(a, "--batch")) {
			o->batch = true;
			continue;
		} else if (!strcmp(a, "--mem")) {
			if (parse_mem_option("debug", val, &o->mem))
				return EXIT_USAGE;
		} else if (!strcmp(a, "--quantum")) {
			if (parse_quantum_option("debug", val, &o->quantum))
				return EXIT_USAGE;
		} else if (!strcmp(a, "--history-mem")) {
			if (parse_size(val, &o->history) || o->history < (1u << 20)) {
				errorf("debug: --history-mem %s: give a size of at least 1M, e.g. 64M, 1G", val);
				return EXIT_USAGE;
			}
		} else if (a[0] == '-' && a[1]) {
			errorf("debug: unknown option '%s' (see vm debug --help)", a);
			return EXIT_USAGE;
		} else if (o->image) {
			errorf("debug: '%s': only one image (see vm debug --help)", a);
			return EXIT_USAGE;
		} else {
			o->image = a;
			continue;
		}
		if (takes)
			i++;
	}
	if (!o->image)
		o->image = vm_default_image();
	return -1;
}

int cmd_debug(int argc, char **argv)
{
	struct debug_opts o;
	int status = parse_debug_args(argc, argv, &o);
	if (status >= 0)
		return status;
	struct cli c = { .tty = isatty(STDIN_FILENO) };
	size_t len;
	uint8_t *image = read_input(o.image, &len, &status);
	if (!image) {
		free(o.input);
		return status;
	}
	if (o.input_file) {
		free(o.input);
		o.input = (char *)read_input(o.input_file, &o.input_len, &status);
		if (!o.input) {
			free(image);
			return status;
		}
	}
	struct dbg_options dopt = { .mem = (uint32_t)o.mem, .quantum = o.quantum, .history_mem = o.history };
	char err[256];
	c.s = dbg_new(image, len, &dopt, err, sizeof err);
	free(image);
	if (!c.s) {
		errorf("debug: %s: %s", o.image, err);
		free(o.input);
		return strstr(err, "memory") ? EXIT_INTERNAL : EXIT_BADINPUT;
	}
	dbg_set_output(c.s, guest_output, &c);
	if (o.input_len)
		dbg_input(c.s, o.input, o.input_len);
	dbg_input_close(c.s);
	free(o.input);

	struct sigaction sa = { .sa_handler = on_sigint };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);

	status = 0;
	for (unsigned i = 0; i < o.nscripts && !c.quit && !status; i++) {
		if (o.scripts[i].file) {
			status = run_file(&c, o.scripts[i].text);
		} else {
			char *line = strdup(o.scripts[i].text);
			if (!line)
				return EXIT_INTERNAL;
			echo(&c, trim(line));
			execute(&c, line);
			free(line);
		}
	}
	if (!o.batch && !c.quit && !status) {
#ifdef VM_LIBEDIT
		if (c.tty)
			read_terminal(&c);
		else
#endif
			read_stream(&c, stdin);
	}
	if (c.midline)
		putchar('\n');
	fflush(stdout);
	for (unsigned i = 0; i < c.ndisplays; i++)
		free(c.displays[i]);
	dbg_free(c.s);
	if (status)
		return status;
	return o.batch && c.failed ? 1 : 0;
}

/* ---- The console of another front end ------------------------------------------------ */

/* vm dap's debug console: the same commands on its session, each one's
 * output into a FILE of its own. */
struct debug_console {
	struct cli c;
};

struct debug_console *debug_console_new(struct dbg *s)
{
	struct debug_console *k = calloc(1, sizeof *k);
	if (k)
		k->c.s = s;
	return k;
}

bool debug_console_run(struct debug_console *k, const char *line, FILE *to)
{
	char *copy = strdup(line);
	if (!copy)
		return false;
	k->c.fp = to;
	k->c.failed = false;
	execute(&k->c, copy);
	k->c.fp = NULL;
	free(copy);
	return !k->c.failed;
}

void debug_console_free(struct debug_console *k)
{
	if (!k)
		return;
	for (unsigned i = 0; i < k->c.ndisplays; i++)
		free(k->c.displays[i]);
	free(k);
}
