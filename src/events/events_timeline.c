/*
 * events_timeline.c - the event stream as a timeline in the Chrome Trace
 * Event Format (vm run --timeline=FILE), which Perfetto's UI and
 * chrome://tracing open.  docs/events.md, "The timeline", shows one.
 *
 * Tracks (a "process" of the format, with one "thread" each, but two for
 * the kernel):
 *   kernel mode    the trap-to-return spans, nested: a system call named
 *                  by its call ("write"), a trap by its cause ("timer");
 *   kernel events  the kernel's announcements (switch, create, exit, ...),
 *                  as instants;
 *   pid N (prog)   each process's time in user mode.
 * A flow arrow goes from the span that was running in A when the kernel
 * switched to B, to what B runs first: its user-mode span, or the kernel
 * path it was preempted in.  Time is the instruction count: one
 * instruction is one unit of ts, which the format counts in microseconds.
 *
 * Each process traps on its own kernel stack, and a trap taken in A returns
 * into A only after B has run: trap-to-return intervals do not nest on one
 * track.  What runs in kernel mode at any moment is the innermost trap of
 * one process, the one the kernel last switched to (the "context"); so the
 * kernel track shows the current context's open traps, and at a switch
 * closes A's and opens B's again ("resumed", with the instruction count of
 * the trap that began them).  The spans then nest, and the top-level ones
 * add up with the user spans to the whole run.
 *
 * Records are written as the run goes, spans as B/E pairs (never X, so that
 * Perfetto keeps the file's order among records at one ts, which is what
 * binds a flow to its span), in time order but for two short delays: a
 * system call's span waits for the kernel's `syscall` announcement, the
 * next event, to be named; a user span waits for its end, so that an empty
 * one (an interrupt pending at the return) is left out.  Memory is a few
 * spans per live process.
 */
#include "events.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "events_writer.h"
#include "isa.h"
#include "os.h"

/* The format's pids and tids.  A guest process is its own pid (guest pids
 * start at 1 and are never reused); Perfetto treats pid 0 as Linux's idle
 * task, so the kernel, and user mode with no pid announced (a bare image),
 * take numbers no guest process reaches. */
enum {
	TL_KERNEL_PID = EV_TIMELINE_KERNEL_PID,
	TL_KERNEL_TID = TL_KERNEL_PID,		/* kernel mode */
	TL_EVENTS_TID = TL_KERNEL_PID - 1,	/* kernel events */
	TL_NOPID_PID = TL_KERNEL_PID - 2,	/* user mode, pid 0 */
};

/* TL_PROCS_MAX: the processes the timeline keeps at once.  Our kernel has
 * NPROC; a kernel that announces a new pid at every turn and never frees
 * one (a bug, or a hostile image) must not make every lookup, and the
 * memory, grow with the run: past it, the process seen least recently is
 * forgotten (its spans were closed when it was switched out). */
enum { TL_DEPTH = 16, TL_PROG_MAX = 32, TL_PROCS_MAX = 16 * NPROC };

/* Span names that are no trap's: the kernel before its first process, the
 * idle loop, a process's first way out to user mode (through the frame
 * fork or exec built for it), and kernel time under no trap of the current
 * context (none in our kernel). */
static const char name_boot[] = "boot", name_idle[] = "idle", name_start[] = "start",
		  name_kernel[] = "kernel", name_trap[] = "trap";

struct span {
	const char *name;	/* a table's name or one of the above: quoted once */
	uint64_t start;		/* when it began: its trap, for a resumed one */
	uint32_t pc;		/* the instruction that trapped (trap spans) */
	bool trap;
};

/* A process as the timeline knows it: its program, and its kernel
 * context's open spans (innermost last), live while it is the current
 * context, kept while it is switched out.  Slot 0 is the boot context. */
struct tl_proc {
	uint32_t pid;
	bool used;
	bool freed;		/* freed while current: dropped when switched out */
	char prog[TL_PROG_MAX];	/* the program it runs, or "" */
	char qprog[2 * TL_PROG_MAX + 8];	/* ...quoted for JSON */
	unsigned depth;
	unsigned lost;		/* traps deeper than TL_DEPTH: counted, not shown */
	uint64_t seen;		/* the lookup that last found it */
	struct span stack[TL_DEPTH];
};

/* The arrow of the last switch: its start is written; its end goes with
 * the return into B: the user span that return begins (written when the
 * span ends), or the kernel span it returns into. */
enum tl_flow { FLOW_NONE, FLOW_AWAIT_RETURN, FLOW_TO_USER, FLOW_TO_KERNEL };

struct ev_timeline {
	struct evw w;
	uint64_t records;
	struct tl_proc *procs;
	unsigned nprocs;
	unsigned cur;		/* the current context: the slot last switched to */
	uint64_t lookups;	/* proc_find's, counted: tl_proc.seen */
	bool b_pending;		/* the innermost span's B waits for its name */
	bool user_open;		/* a user span is open since user_start */
	uint32_t user_pid;
	uint64_t user_start;
	bool nopid_named;
	enum tl_flow flow;
	uint64_t flows;		/* flows begun: the last one's id */
	struct ev_json_run run;
};

/* ---- Records ---------------------------------------------------------- */

enum { NO_TS = -1 };

/* {"ph":"PH","ts":TS,"pid":PID,"tid":TID, then the caller's fields and
 * rec_end.  Records are separated by ",\n". */
static void rec(struct ev_timeline *t, const char *ph, int64_t ts, uint32_t pid, uint32_t tid)
{
	struct evw *w = &t->w;
	evw_start(w);
	evw_put(w, t->records++ ? ",\n{\"ph\":\"" : "{\"ph\":\"");
	evw_put(w, ph);
	evw_put(w, "\"");
	if (ts != NO_TS)
		evw_field_u(w, "ts", (uint64_t)ts);
	evw_field_u(w, "pid", pid);
	evw_field_u(w, "tid", tid);
}

static void rec_end(struct ev_timeline *t)
{
	evw_put(&t->w, "}");
	evw_write(&t->w);
}

/* A metadata record NAME, args {"KEY": quoted (JSON text) or number}. */
static void meta(struct ev_timeline *t, uint32_t pid, uint32_t tid, const char *name,
		 const char *key, const char *quoted, int64_t number)
{
	rec(t, "M", NO_TS, pid, tid);
	evw_field_name(&t->w, "name", name);
	size_t open = evw_object_begin(&t->w, "args");
	evw_key(&t->w, key);
	if (quoted)
		evw_put(&t->w, quoted);
	else
		evw_i64(&t->w, number);
	evw_object_end(&t->w, open);
	rec_end(t);
}

/* Name a process and its place; its one thread (tid) too, unless the
 * process has more (the kernel). */
static void track_name(struct ev_timeline *t, uint32_t pid, uint32_t tid, const char *text,
		       int64_t sort_index)
{
	char quoted[EVW_QUOTED_MAX];
	evw_quote(quoted, sizeof quoted, text);
	meta(t, pid, tid, "process_name", "name", quoted, 0);
	if (pid != TL_KERNEL_PID)
		meta(t, pid, tid, "thread_name", "name", quoted, 0);
	meta(t, pid, tid, "process_sort_index", "sort_index", NULL, sort_index);
}

/* ---- Processes ---------------------------------------------------------- */

static struct tl_proc *proc_find(struct ev_timeline *t, uint32_t pid)
{
	for (unsigned i = 1; i < t->nprocs; i++) {
		if (t->procs[i].used && t->procs[i].pid == pid) {
			t->procs[i].seen = ++t->lookups;
			return &t->procs[i];
		}
	}
	return NULL;
}

/* With TL_PROCS_MAX slots in use: the one seen least recently but the
 * current context's, to be forgotten. */
static unsigned least_recent(const struct ev_timeline *t)
{
	unsigned victim = 0;
	for (unsigned i = 1; i < t->nprocs; i++)
		if (i != t->cur && (!victim || t->procs[i].seen < t->procs[victim].seen))
			victim = i;
	return victim;
}

/* The slot of pid, made if it has none (0, the boot context, if there is
 * no memory for one: its spans then show as the boot context's). */
static unsigned proc_slot(struct ev_timeline *t, uint32_t pid)
{
	struct tl_proc *p = proc_find(t, pid);
	if (p)
		return (unsigned)(p - t->procs);
	unsigned i = 1;
	while (i < t->nprocs && t->procs[i].used)
		i++;
	if (i == t->nprocs && t->nprocs >= TL_PROCS_MAX) {
		i = least_recent(t);	/* never 0: TL_PROCS_MAX - 2 others to choose from */
	} else if (i == t->nprocs) {
		struct tl_proc *more = realloc(t->procs, 2 * t->nprocs * sizeof *more);
		if (!more)
			return 0;
		memset(more + t->nprocs, 0, t->nprocs * sizeof *more);
		t->procs = more;
		t->nprocs *= 2;
	}
	memset(&t->procs[i], 0, sizeof t->procs[i]);
	t->procs[i].used = true;
	t->procs[i].pid = pid;
	t->procs[i].seen = ++t->lookups;
	return i;
}

/* pid now runs prog (NULL: not known): its track is "pid 3 (sh)", named
 * again when the program changes (the viewers keep the last name). */
static void proc_program(struct ev_timeline *t, uint32_t pid, const char *prog)
{
	unsigned i = proc_slot(t, pid);
	if (!i)
		return;
	struct tl_proc *p = &t->procs[i];
	char text[TL_PROG_MAX + 24];
	if (prog && *prog) {
		snprintf(p->prog, sizeof p->prog, "%s", prog);
		evw_quote(p->qprog, sizeof p->qprog, p->prog);
		snprintf(text, sizeof text, "pid %u (%s)", pid, p->prog);
	} else {
		snprintf(text, sizeof text, "pid %u", pid);
	}
	track_name(t, pid, pid, text, pid);
}

static struct tl_proc *current(struct ev_timeline *t) { return &t->procs[t->cur]; }

/* ---- Flows -------------------------------------------------------------- */

static void flow_rec(struct ev_timeline *t, const char *ph, uint64_t ts, uint32_t pid)
{
	rec(t, ph, (int64_t)ts, pid, pid);
	if (ph[0] == 'f')
		evw_put(&t->w, ",\"bp\":\"e\"");	/* the span open at ts */
	evw_put(&t->w, ",\"cat\":\"switch\",\"name\":\"switch\"");
	evw_field_u(&t->w, "id", t->flows);
	rec_end(t);
}

static void flow_end(struct ev_timeline *t, uint64_t ts, uint32_t pid)
{
	flow_rec(t, "f", ts, pid);
	t->flow = FLOW_NONE;
}

/* A time inside the innermost open kernel span, not on its edges when it
 * can be: one instruction before now. */
static uint64_t inside_top(struct ev_timeline *t, uint64_t n)
{
	struct tl_proc *p = current(t);
	uint64_t start = p->depth ? p->stack[p->depth - 1].start : 0;
	return n > start ? n - 1 : start;
}

/* ---- The kernel track --------------------------------------------------- */

static void span_begin(struct ev_timeline *t, const struct tl_proc *p, const struct span *s,
		       uint64_t ts, bool resumed)
{
	struct evw *w = &t->w;
	rec(t, "B", (int64_t)ts, TL_KERNEL_PID, TL_KERNEL_TID);
	evw_field_name(w, "name", s->name);
	evw_put(w, s->trap ? ",\"cat\":\"trap\"" : ",\"cat\":\"kernel\"");
	size_t open = evw_object_begin(w, "args");
	evw_field_u(w, "pid", p->pid);
	if (s->trap)
		evw_field_u(w, "pc", s->pc);
	if (resumed)
		evw_field_u(w, "since", s->start);	/* the trap, taken then */
	evw_object_end(w, open);
	rec_end(t);
	if (t->flow == FLOW_TO_KERNEL)
		flow_end(t, ts, TL_KERNEL_PID);
}

static void span_end(struct ev_timeline *t, uint64_t ts)
{
	rec(t, "E", (int64_t)ts, TL_KERNEL_PID, TL_KERNEL_TID);
	rec_end(t);
}

/* Open a span in the current context; a system call's B waits for the
 * call's name (settle). */
static void push(struct ev_timeline *t, const char *name, uint64_t n, uint32_t pc, bool trap,
		 bool wait_for_name)
{
	struct tl_proc *p = current(t);
	if (p->depth == TL_DEPTH) {
		p->lost++;
		return;
	}
	struct span *s = &p->stack[p->depth++];
	*s = (struct span){ .name = name, .start = n, .pc = pc, .trap = trap };
	if (wait_for_name)
		t->b_pending = true;
	else
		span_begin(t, p, s, n, false);
}

static void pop(struct ev_timeline *t, uint64_t n)
{
	struct tl_proc *p = current(t);
	if (p->lost) {
		p->lost--;
	} else if (p->depth) {
		span_end(t, n);
		p->depth--;
	}
}

static bool top_is(struct ev_timeline *t, const char *name)
{
	struct tl_proc *p = current(t);
	return !p->lost && p->depth && p->stack[p->depth - 1].name == name;
}

/* Kernel time is always under some span: "kernel" where the context has
 * no trap open. */
static void keep_covered(struct ev_timeline *t, uint64_t n)
{
	if (!current(t)->depth && !current(t)->lost)
		push(t, name_kernel, n, 0, false, false);
}

/* E for every open span of the current context, innermost first; forget
 * them unless keep (a context switched out keeps them). */
static void close_all(struct ev_timeline *t, uint64_t n, bool keep)
{
	struct tl_proc *p = current(t);
	for (unsigned i = p->depth; i > 0; i--)
		span_end(t, n);
	if (!keep)
		p->depth = p->lost = 0;
}

/* The B that waits for the system call's name: named by this event if it
 * is the kernel's announcement of the call, "syscall" otherwise. */
static void settle(struct ev_timeline *t, const struct ev *e)
{
	if (!t->b_pending)
		return;
	t->b_pending = false;
	struct tl_proc *p = current(t);
	struct span *s = &p->stack[p->depth - 1];
	if (e && e->kind == EV_OS && e->raw->code == OSEV_SYSCALL && ev_syscall_name(e->call))
		s->name = ev_syscall_name(e->call);
	span_begin(t, p, s, s->start, false);
}

/* ---- User spans --------------------------------------------------------- */

static void user_begin(struct ev_timeline *t, uint32_t pid, uint64_t n)
{
	t->user_open = true;
	t->user_pid = pid;
	t->user_start = n;
	if (t->flow == FLOW_AWAIT_RETURN)
		t->flow = FLOW_TO_USER;
	if (!pid && !t->nopid_named) {
		track_name(t, TL_NOPID_PID, TL_NOPID_PID, "user mode (no pid)", TL_NOPID_PID);
		t->nopid_named = true;
	} else if (pid && !proc_find(t, pid)) {
		proc_program(t, pid, NULL);	/* a pid the kernel did not announce */
	}
}

/* The user span ends at n: written now, B and E, with the switch's arrow
 * if it is the return into B.  An empty one is left out, and the arrow
 * goes to the trap that ends it; but not the last (last: the run ends
 * here, at the return into B), after which no span comes for the arrow to
 * end in. */
static void user_end(struct ev_timeline *t, uint64_t n, bool last)
{
	if (!t->user_open)
		return;
	t->user_open = false;
	if (n == t->user_start && !(last && t->flow == FLOW_TO_USER)) {
		if (t->flow == FLOW_TO_USER)
			t->flow = FLOW_TO_KERNEL;
		return;
	}
	uint32_t pid = t->user_pid ? t->user_pid : TL_NOPID_PID;
	const struct tl_proc *p = t->user_pid ? proc_find(t, t->user_pid) : NULL;
	struct evw *w = &t->w;
	rec(t, "B", (int64_t)t->user_start, pid, pid);
	evw_key(w, "name");
	evw_put(w, p && p->qprog[0] ? p->qprog : "\"user\"");
	evw_put(w, ",\"cat\":\"user\"");
	size_t open = evw_object_begin(w, "args");
	evw_field_u(w, "pid", t->user_pid);
	evw_object_end(w, open);
	rec_end(t);
	if (t->flow == FLOW_TO_USER)
		flow_end(t, t->user_start, pid);
	rec(t, "E", (int64_t)n, pid, pid);
	rec_end(t);
}

/* ---- Events ------------------------------------------------------------- */

static void instant(struct ev_timeline *t, const struct ev *e, const char *name)
{
	const struct cpu_event *ce = e->raw;
	struct evw *w = &t->w;
	rec(t, "i", (int64_t)e->n, TL_KERNEL_PID, TL_EVENTS_TID);
	evw_put(w, ",\"s\":\"t\"");
	evw_field_name(w, "name", name);
	evw_put(w, ",\"cat\":\"os\"");
	size_t open = evw_object_begin(w, "args");
	switch (e->kind) {
	case EV_OS:
		evw_field_at(w, "at", ev_announcer(w->s, e));
		if (ev_os_name(ce->code))
			evw_os_args(w, ce);
		else
			evw_field_u(w, "code", ce->code);
		break;
	case EV_STOP:
		evw_field_i(w, "status", (int32_t)ce->code);
		evw_field_u(w, "pc", ce->pc);
		break;
	case EV_DOUBLE_FAULT:
		evw_field_name(w, "cause", ev_cause_name(ce->cause));
		evw_field_u(w, "pc", ce->pc);
		break;
	default:
		break;
	}
	evw_object_end(w, open);
	rec_end(t);
}

static void on_trap(struct ev_timeline *t, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	const char *cause = ev_cause_name(ce->cause);
	if (ce->status_before & STATUS_UM) {
		user_end(t, e->n, false);
		close_all(t, e->n, false);	/* none open: user mode is under no trap */
	}
	push(t, cause ? cause : name_trap, e->n, ce->insn_pc, true, ce->cause == TRAP_SYSCALL);
}

static void on_iret(struct ev_timeline *t, const struct ev *e)
{
	if (e->raw->status_after & STATUS_UM) {
		close_all(t, e->n, false);
		user_begin(t, e->pid, e->n);
		return;
	}
	pop(t, e->n);
	keep_covered(t, e->n);
	if (t->flow == FLOW_AWAIT_RETURN)	/* into B's kernel path: the span it goes on in */
		flow_end(t, e->n, TL_KERNEL_PID);
}

/* The kernel switches from the current context (A) to pid's (B): the arrow
 * starts in A's innermost span; A's spans close, to open again when A runs
 * next (but its idle loop, which ends here); B's open again, or "start"
 * for a process that never ran. */
static void on_switch(struct ev_timeline *t, uint64_t n, uint32_t pid)
{
	if (t->flow == FLOW_AWAIT_RETURN)	/* B switched away before returning */
		flow_end(t, inside_top(t, n), TL_KERNEL_PID);
	t->flows++;
	flow_rec(t, "s", inside_top(t, n), TL_KERNEL_PID);
	t->flow = FLOW_AWAIT_RETURN;

	close_all(t, n, true);
	struct tl_proc *a = current(t);
	if (top_is(t, name_idle))
		a->depth--;
	if (a->freed && t->cur)
		a->used = false;

	t->cur = proc_slot(t, pid);
	struct tl_proc *b = current(t);
	if (!b->depth && !b->lost) {
		push(t, name_start, n, 0, false, false);
		return;
	}
	for (unsigned i = 0; i < b->depth; i++)
		span_begin(t, b, &b->stack[i], n, true);
}

static void on_os(struct ev_timeline *t, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	switch (ce->code) {
	case OSEV_SWITCH:
		on_switch(t, e->n, ce->arg0);
		break;
	case OSEV_CONTINUE:	/* the idle loop found the same process ready */
		if (top_is(t, name_idle)) {
			pop(t, e->n);
			keep_covered(t, e->n);
		}
		break;
	case OSEV_IDLE:
		if (!top_is(t, name_idle))
			push(t, name_idle, e->n, 0, false, false);
		break;
	case OSEV_CREATE: {	/* a child runs its parent's program until it loads one */
		const struct tl_proc *parent = proc_find(t, ce->arg1);
		char prog[TL_PROG_MAX] = "";
		if (parent)
			snprintf(prog, sizeof prog, "%s", parent->prog);
		proc_program(t, ce->arg0, prog);
		break;
	}
	case OSEV_LOAD: {
		char prog[TL_PROG_MAX];
		proc_program(t, ce->arg0, ev_guest_string(t->w.s, ce->arg1, prog, sizeof prog));
		break;
	}
	case OSEV_FREE: {
		struct tl_proc *p = proc_find(t, ce->arg0);
		if (p && p == current(t))
			p->freed = true;
		else if (p)
			p->used = false;
		break;
	}
	default:
		break;
	}
	const char *name = ev_os_name(ce->code);
	instant(t, e, name ? name : "os_unknown");
}

int ev_timeline_sink(void *timeline, const struct ev *e)
{
	struct ev_timeline *t = timeline;
	if (t->w.failed)
		return 1;
	settle(t, e);
	switch (e->kind) {
	case EV_TRAP:
		on_trap(t, e);
		break;
	case EV_IRET:
		on_iret(t, e);
		break;
	case EV_OS:
		on_os(t, e);
		break;
	case EV_STOP:
		instant(t, e, "stop");
		break;
	case EV_DOUBLE_FAULT:
		instant(t, e, "double_fault");
		break;
	case EV_SYSRET:
	case EV_KIND_COUNT:
		break;
	}
	return t->w.failed != 0;
}

/* ---- The file ------------------------------------------------------------ */

struct ev_timeline *ev_timeline_open(FILE *out, const struct ev_stream *s,
				     const struct ev_json_run *run)
{
	struct ev_timeline *t = calloc(1, sizeof *t);
	if (!t || !(t->procs = calloc(8, sizeof *t->procs))) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->nprocs = 8;
	t->procs[0].used = true;	/* the boot context */
	t->run = *run;
	evw_init(&t->w, out, s);
	static const char frame[] = "{\"traceEvents\":[\n";
	evw_text(&t->w, frame, sizeof frame - 1);
	track_name(t, TL_KERNEL_PID, TL_KERNEL_TID, "kernel", -1);
	meta(t, TL_KERNEL_PID, TL_KERNEL_TID, "thread_name", "name", "\"kernel mode\"", 0);
	meta(t, TL_KERNEL_PID, TL_KERNEL_TID, "thread_sort_index", "sort_index", NULL, 0);
	meta(t, TL_KERNEL_PID, TL_EVENTS_TID, "thread_name", "name", "\"kernel events\"", 0);
	meta(t, TL_KERNEL_PID, TL_EVENTS_TID, "thread_sort_index", "sort_index", NULL, 1);
	const struct cpu *m = ev_stream_machine(s);
	if (cpu_user_mode(m))
		user_begin(t, 0, cpu_instret(m));
	else
		push(t, name_boot, cpu_instret(m), 0, false, false);
	if (t->w.failed) {
		int e = evw_finish(&t->w);
		free(t->procs);
		free(t);
		errno = e;
		return NULL;
	}
	return t;
}

/* The last record, and otherData: what the file is, the unit of its
 * time, and how the run ended.  No displayTimeUnit: neither of its values
 * ("ms", "ns") is an instruction, and Perfetto ignores it. */
static void trailer(struct ev_timeline *t, uint64_t n, const char *reason, bool has_status,
		    int32_t status)
{
	cJSON *o = cJSON_CreateObject();
	if (o) {
		cJSON_AddStringToObject(o, "schema", EV_TIMELINE_SCHEMA);
		cJSON_AddNumberToObject(o, "version", EV_TIMELINE_VERSION);
		cJSON_AddStringToObject(o, "clock", "instructions retired: ts 1 (a microsecond, to the "
					"viewers) is one instruction");
		cJSON_AddStringToObject(o, "image", t->run.image ? t->run.image : "");
		cJSON_AddNumberToObject(o, "mem", t->run.mem);
		cJSON_AddNumberToObject(o, "quantum", t->run.quantum);
		cJSON_AddNumberToObject(o, "instructions", (double)n);
		cJSON_AddStringToObject(o, "end", reason);
		if (has_status)
			cJSON_AddNumberToObject(o, "status", status);
		cJSON_AddNumberToObject(o, "kernel_pid", TL_KERNEL_PID);
	}
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;
	static const char open[] = "\n],\"otherData\":", close[] = "}\n";
	if (!text) {
		t->w.failed = ENOMEM;
	} else if (!evw_text(&t->w, open, sizeof open - 1) && !evw_text(&t->w, text, strlen(text))) {
		evw_text(&t->w, close, sizeof close - 1);
	}
	free(text);
	cJSON_Delete(o);
}

int ev_timeline_close(struct ev_timeline *t, const char *reason, bool has_status, int32_t status)
{
	if (!t)
		return 0;
	uint64_t n = cpu_instret(ev_stream_machine(t->w.s));
	if (!t->w.failed) {
		settle(t, NULL);
		user_end(t, n, true);
		if (t->flow != FLOW_NONE)	/* the run ended before the return into B */
			flow_end(t, n, TL_KERNEL_PID);
		close_all(t, n, false);
	}
	if (!t->w.failed)
		trailer(t, n, reason, has_status, status);
	int rc = evw_finish(&t->w);
	free(t->procs);
	free(t);
	return rc;
}

int ev_timeline_failed(const struct ev_timeline *t) { return t ? t->w.failed : 0; }
