/*
 * session.c - a session: the machine, its console (input given ahead, and
 * the logs that make a replay take the same bytes at the same requests),
 * running forward while looking for breakpoints, watchpoints and
 * catchpoints, and the commands built on that: stepping, continuing,
 * finishing, and all of them backwards, which are a restore of the nearest
 * earlier snapshot and a run forward again (history.c).
 *
 * One loop, advance(), runs every command: to a step, looking for the
 * first hit (forward), for every hit up to a step (a reverse command scans
 * the stretch between two snapshots and keeps the last), or for nothing
 * (goto).  It runs the machine in budgets with cpu_run where nothing can be
 * missed, and one step at a time with cpu_step where a watchpoint could be
 * touched (kernel mode, or a window over a watched range).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"

/* Budgets of a fast run: dbg_interrupt is seen within one. */
enum { RUN_CHUNK = 1 << 24 };

/* A memory-size-aware default: snapshots every 8M steps for up to 16 MiB
 * of RAM, spaced so that comparing RAM stays a few per cent of the run. */
static uint64_t default_interval(uint32_t mem)
{
	uint64_t i = 8u << 20;
	if (mem > (16u << 20))
		i = (uint64_t)mem / 2;
	return i;
}

static const char *const why_names[] = {
#define X(name, text) text,
	DBG_WHYS(X)
#undef X
};

const char *dbg_why_name(enum dbg_why why) { return why_names[why]; }

int dbg_fail(struct dbg *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

const char *dbg_error(const struct dbg *s) { return s->err; }

uint64_t dbg_steps_of(const struct cpu *m)
{
	const struct cpu_stats *st = cpu_stats(m);
	uint64_t n = cpu_instret(m);
	for (unsigned c = 0; c < TRAP_COUNT; c++)
		if (isa_causes[c].kind != CAUSE_TRAP)	/* a trap instruction is one step with its entry */
			n += st->traps[c];
	return n;
}

uint64_t dbg_now(const struct dbg *s) { return dbg_steps_of(s->m); }
uint64_t dbg_frontier(const struct dbg *s) { return s->frontier; }
const struct cpu *dbg_cpu(const struct dbg *s) { return s->m; }
const struct img *dbg_image(const struct dbg *s) { return &s->kimg; }
const struct kview *dbg_kview(const struct dbg *s) { return &s->kv; }
struct ev_stream *dbg_stream(struct dbg *s) { return s->stream; }

bool dbg_add_sink(struct dbg *s, ev_sink_fn fn, void *ctx)
{
	if (!ev_stream_add_sink(s->stream, fn, ctx))
		return dbg_fail(s, "too many sinks of the event stream"), false;
	s->sinks++;
	return true;
}
bool dbg_ended(const struct dbg *s) { return s->ended && dbg_now(s) >= s->end_step; }
void dbg_set_limit(struct dbg *s, uint64_t steps) { s->limit = steps; }
void dbg_interrupt(struct dbg *s) { s->interrupt = 1; }

/* ---- The console ------------------------------------------------------------------ */

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

bool dbg_input(struct dbg *s, const void *bytes, size_t n)
{
	if (s->closed)
		return dbg_fail(s, "the console's input is closed"), false;
	if (!n)
		return true;
	if (!grow((void **)&s->queue, &s->q_cap, s->q_len + n, 1))
		return dbg_fail(s, "out of memory"), false;
	memcpy(s->queue + s->q_len, bytes, n);
	s->q_len += n;
	s->waiting = false;
	return true;
}

void dbg_input_close(struct dbg *s) { s->closed = true; }

void dbg_set_output(struct dbg *s, dbg_output_fn fn, void *ctx)
{
	s->out_fn = fn;
	s->out_ctx = ctx;
}

const uint8_t *dbg_output(const struct dbg *s, size_t *len)
{
	*len = s->out_pos;
	return s->out_log;
}

/*
 * The machine asks for input.  Requests are counted: a replay makes the
 * same requests in the same order, so request c gets what it got the first
 * time (the log's byte, end of input from eof_call on, else none).  A
 * request never made before is answered from the input given, and logged.
 */
static int con_getc(void *ctx, uint64_t idle)
{
	struct dbg *s = ctx;
	uint64_t call = s->getc_calls++;
	if (call < s->calls_live) {
		if (s->in_pos < s->in_n && s->in_log[s->in_pos].call == call)
			return s->in_log[s->in_pos++].byte;
		return call >= s->eof_call ? CPU_IN_EOF : CPU_IN_NONE;
	}
	s->calls_live = call + 1;
	if (s->q_head < s->q_len) {
		if (!grow((void **)&s->in_log, &s->in_cap, s->in_n + 1, sizeof *s->in_log))
			return CPU_IN_NONE;	/* not logged: not given either */
		uint8_t b = s->queue[s->q_head++];
		s->in_log[s->in_n++] = (struct in_entry){ call, dbg_now(s), b };
		s->in_pos = s->in_n;
		return b;
	}
	if (s->closed) {
		if (call < s->eof_call)
			s->eof_call = call;
		return CPU_IN_EOF;
	}
	if (idle) {	/* the guest sleeps until input comes */
		s->waiting = true;
		s->wait_stop = s->stop_on_wait;
	}
	return CPU_IN_NONE;
}

static void con_putc(void *ctx, uint8_t byte)
{
	struct dbg *s = ctx;
	if (s->out_pos < s->out_n) {	/* written before: a replay */
		s->out_pos++;
		return;
	}
	if (!grow((void **)&s->out_log, &s->out_cap, s->out_n + 1, 1))
		return;
	s->out_log[s->out_n++] = byte;
	s->out_pos = s->out_n;
	if (s->out_fn)
		s->out_fn(s->out_ctx, &byte, 1);
}

/* ---- Events ------------------------------------------------------------------------ */

/* A sink of the stream: catchpoints, and the internal "trap from user
 * mode" that reverse-finish and reverse-nexti look back for. */
static int on_ev(void *ctx, const struct ev *e)
{
	struct dbg *s = ctx;
	if (!s->checking || e->kind == EV_SYSRET)
		return 0;
	const struct cpu_event *ce = e->raw;
	if (s->catch_trap_from >= 0 && ce->kind == CPU_EV_TRAP && (ce->status_before & STATUS_UM) &&
	    ce->pid == (uint32_t)s->catch_trap_from) {
		s->trap_from_seen = true;
		return 1;
	}
	if (points_need_rearm(s, ce)) {
		s->rearm = true;
		return 1;
	}
	if (points_catch_match(s, ce)) {
		s->catch_pending = true;
		s->catch_hit.stop.event = *ce;
		return 1;
	}
	return 0;
}

/* The hook while nothing needs the events but exactness: an interrupt
 * entry is a step the budget does not count, so stop at each. */
static int on_interrupt(void *ctx, const struct cpu_event *ev)
{
	(void)ctx;
	return ev->kind == CPU_EV_TRAP && isa_causes[ev->cause].kind == CAUSE_INTR;
}

static int on_cpu_event(void *ctx, const struct cpu_event *ev)
{
	struct dbg *s = ctx;
	int stop = ev_stream_hook(s->stream, ev);
	if (ev->kind == CPU_EV_TRAP && s->exact && isa_causes[ev->cause].kind == CAUSE_INTR)
		stop = 1;	/* an interrupt is a step the budget does not count */
	if (ev->kind == CPU_EV_TRAP && s->checking && points_any_watch(s))
		stop = 1;	/* watched ranges may be touched from here on */
	return stop;
}

/* ---- Creating ---------------------------------------------------------------------- */

struct dbg *dbg_new(const uint8_t *image, size_t len, const struct dbg_options *o,
		    char *err, size_t errlen)
{
	struct dbg *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (o)
		s->o = *o;
	if (!s->o.mem)
		s->o.mem = 16u << 20;
	if (!s->o.history_mem)
		s->o.history_mem = DBG_HISTORY_MEM;
	if (!s->o.interval)
		s->o.interval = default_interval(s->o.mem);
	s->eof_call = UINT64_MAX;
	s->next_id = 1;
	s->catch_trap_from = -1;
	s->image = malloc(len ? len : 1);
	if (!s->image) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	memcpy(s->image, image, len);
	s->image_len = len;
	if (img_parse(&s->kimg, s->image, len, err, errlen))
		goto fail;
	s->m = cpu_new(s->o.mem);
	if (!s->m) {
		snprintf(err, errlen, "cannot make a machine with %u bytes of RAM", s->o.mem);
		goto fail;
	}
	struct cpu_boot boot = { .quantum = s->o.quantum };
	if (cpu_load_image(s->m, s->image, len, &boot, err, errlen))
		goto fail;
	kview_init(&s->kv, &s->kimg);
	s->stream = ev_stream_new(s->m, &s->kimg);
	if (!s->stream || !ev_stream_add_sink(s->stream, on_ev, s)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	struct cpu_io io = { .ctx = s, .putc = con_putc, .getc = con_getc };
	cpu_set_io(s->m, &io);
	if (hist_init(s)) {
		snprintf(err, errlen, "out of memory for the history");
		goto fail;
	}
	return s;
fail:
	dbg_free(s);
	return NULL;
}

void dbg_free(struct dbg *s)
{
	if (!s)
		return;
	hist_free(&s->h);
	points_free(s);
	lines_free(s);
	free(s->prog);
	ev_stream_free(s->stream);
	cpu_free(s->m);
	free(s->image);
	free(s->queue);
	free(s->in_log);
	free(s->out_log);
	free(s);
}

/* ---- Running ----------------------------------------------------------------------- */

enum scan {
	SCAN_NONE,	/* only get there */
	SCAN_FIRST,	/* stop at the first hit */
	SCAN_ALL,	/* run to the end, keeping the last hit before it */
};

/* The loop's own answer besides a dbg_why: go on. */
enum { GO_ON = -1 };

/* Give the machine the breakpoints it should have now. */
static void arm(struct dbg *s)
{
	uint32_t want[CPU_MAX_BREAKPOINTS];
	unsigned n = s->checking ? points_break_set(s, want, CPU_MAX_BREAKPOINTS) : 0;
	if (n == s->narmed && memcmp(want, s->armed, n * sizeof *want) == 0)
		return;
	if (cpu_set_breakpoints(s->m, want, n)) {
		memcpy(s->armed, want, n * sizeof *want);
		s->narmed = n;
	}
}

static bool at_breakpoint(const struct dbg *s)
{
	uint32_t pc = cpu_pc(s->m), pa = pc;
	if (cpu_user_mode(s->m)) {
		if (pc >= cpu_cr(s->m, CR_BOUND))
			return false;
		pa = cpu_cr(s->m, CR_BASE) + pc;
	}
	for (unsigned i = 0; i < s->narmed; i++)
		if (s->armed[i] == pa)
			return true;
	return false;
}

/* After the machine ran: the frontier, and a stop for good. */
static int after_run(struct dbg *s, enum cpu_stop st)
{
	uint64_t now = dbg_now(s);
	if (now > s->frontier)
		s->frontier = now;
	struct dbg_stop *e = &s->end_stop;
	switch (st) {
	case CPU_STOP_HALT:
	case CPU_STOP_POWEROFF:
		memset(e, 0, sizeof *e);
		e->why = DBG_END;
		e->exit_status = cpu_exit_status(s->m);
		snprintf(e->text, sizeof e->text, "the machine %s, exit status %d",
			 st == CPU_STOP_HALT ? "halted" : "powered off", (int32_t)e->exit_status);
		break;
	case CPU_STOP_DOUBLE_FAULT:
		memset(e, 0, sizeof *e);
		e->why = DBG_DOUBLE_FAULT;
		snprintf(e->text, sizeof e->text, "%s", cpu_diagnostic(s->m));
		break;
	case CPU_STOP_IDLE:
		memset(e, 0, sizeof *e);
		e->why = DBG_IDLE;
		snprintf(e->text, sizeof e->text, "%s", cpu_diagnostic(s->m));
		if (!s->closed || s->q_head < s->q_len)
			return DBG_IDLE;	/* more input may come: not for good */
		break;
	default:
		return GO_ON;
	}
	s->ended = true;
	s->end_step = now;
	e->step = now;
	return e->why;
}

/* A hit: SCAN_FIRST stops at it; SCAN_ALL keeps it if it is before the
 * end of the scan. */
static bool take_hit(struct dbg *s, enum scan mode, uint64_t limit, struct hit *h, struct hit *out)
{
	h->stop.step = dbg_now(s);
	if (mode == SCAN_ALL && h->stop.step >= limit)
		return false;
	*out = *h;
	out->found = true;
	return mode == SCAN_FIRST;
}

/* What the last step or run hit, catchpoints and watchpoints: SCAN_FIRST
 * stops at it (returns its why), else GO_ON or the run's own why. */
static int hits_after(struct dbg *s, int why, bool watching, const struct watch_step *w,
		      enum scan mode, uint64_t limit, struct hit *out)
{
	struct hit h;
	bool stop = false;
	if (s->trap_from_seen) {
		s->trap_from_seen = false;
		memset(&h, 0, sizeof h);
		h.stop.why = DBG_DONE;
		stop = take_hit(s, mode, limit, &h, out);
	}
	if (!stop && s->catch_pending) {
		s->catch_pending = false;
		if (points_catch_hit(s, &s->catch_hit.stop.event, &h))
			stop = take_hit(s, mode, limit, &h, out);
	}
	if (!stop && watching && points_watch_after(s, w, &h))
		stop = take_hit(s, mode, limit, &h, out);
	return stop ? (int)out->stop.why : why;
}

/*
 * The machine's hook for the next run: the event stream when something
 * looks at events (catchpoints, watchpoints, program breakpoints, the
 * front end's sinks), the interrupt check alone when the run must end on
 * an exact step, else none: a hook costs every event its decoding, and
 * a run of system calls is mostly events.
 */
static void choose_hook(struct dbg *s)
{
	bool events = s->sinks || (s->checking && (s->catch_trap_from >= 0 || points_need_events(s)));
	cpu_hook_fn want = events ? on_cpu_event : s->exact ? on_interrupt : NULL;
	if (want != s->hook) {
		cpu_set_hook(s->m, want, s);
		s->hook = want;
	}
}

/* One step, with the watchpoints looked at around it. */
static int one_step(struct dbg *s, enum scan mode, uint64_t limit, struct hit *out)
{
	struct watch_step w;
	bool watching = s->checking && points_any_watch(s);
	if (watching)
		points_watch_before(s, &w, true);
	s->catch_pending = false;
	s->exact = false;	/* a step is exact */
	choose_hook(s);
	int why = after_run(s, cpu_step(s->m));
	return hits_after(s, why, watching, &w, mode, limit, out);
}

/* Run fast, up to the limit, the next snapshot or the chunk.  With
 * watchpoints, this is user mode away from them: the hook stops the run
 * at the next trap entry, the only step of it that may touch them. */
static int fast(struct dbg *s, uint64_t limit, enum scan mode, struct hit *out)
{
	uint64_t now = dbg_now(s);
	uint64_t budget = limit - now;
	const struct snap *before = &s->h.snaps[hist_find(&s->h, now)];
	uint64_t due = before->step + s->h.interval;
	if (due > now && due - now < budget)
		budget = due - now;
	if (budget > RUN_CHUNK)
		budget = RUN_CHUNK;
	struct watch_step w;
	bool watching = s->checking && points_any_watch(s);
	if (watching)
		points_watch_before(s, &w, false);
	s->exact = limit != UINT64_MAX;
	s->catch_pending = false;
	choose_hook(s);
	enum cpu_stop st = cpu_run(s->m, budget);
	s->exact = false;
	int why = after_run(s, st);
	return hits_after(s, why, watching, &w, mode, limit, out);
}

/* Is a snapshot due here (an interval since the last one before now)? */
static void maybe_snapshot(struct dbg *s)
{
	uint64_t now = dbg_now(s);
	const struct snap *before = &s->h.snaps[hist_find(&s->h, now)];
	if (now - before->step >= s->h.interval)
		hist_take(s);
}

/*
 * Run from now to step `limit` (UINT64_MAX: as far as the machine goes),
 * looking for hits as mode says.  leaving: the moment we start from is not
 * a breakpoint hit (we are going on from it).  Returns DBG_DONE at the
 * limit, or why it stopped before (out has the hit).
 */
static enum dbg_why advance(struct dbg *s, uint64_t limit, enum scan mode, bool leaving, struct hit *out)
{
	memset(out, 0, sizeof *out);
	s->checking = mode != SCAN_NONE;
	arm(s);
	enum dbg_why result = DBG_DONE;
	for (;;) {
		uint64_t now = dbg_now(s);
		if (s->interrupt || s->wait_stop) {
			s->interrupt = 0;
			s->wait_stop = false;
			result = DBG_INTERRUPTED;
			break;
		}
		if (now >= limit)
			break;
		if (s->ended && now >= s->end_step) {
			result = s->end_stop.why;
			break;
		}
		if (s->limit && now >= s->limit && now >= s->frontier) {
			result = DBG_LIMIT;
			break;
		}
		if (s->rearm) {
			s->rearm = false;
			arm(s);
		}
		bool at_bp = s->checking && s->narmed && at_breakpoint(s);
		if (at_bp && !leaving) {
			struct hit h;
			if (points_break_hit(s, &h, false) && take_hit(s, mode, limit, &h, out)) {
				result = out->stop.why;
				break;
			}
		}
		leaving = false;
		maybe_snapshot(s);
		int why;
		if (at_bp || (s->checking && points_watch_needs_steps(s)))
			why = one_step(s, mode, limit, out);
		else
			why = fast(s, s->limit && limit > s->limit ? s->limit : limit, mode, out);
		if (why != GO_ON) {
			result = (enum dbg_why)why;
			break;
		}
	}
	s->checking = false;
	return result;
}

/* ---- Commands ----------------------------------------------------------------------- */

/* Fill *out for a command that stopped for why, with the hit h. */
static int report(struct dbg *s, enum dbg_why why, const struct hit *h, struct dbg_stop *out)
{
	memset(out, 0, sizeof *out);
	if (h && h->found && h->stop.why == why)
		*out = h->stop;
	if (why == DBG_END || why == DBG_DOUBLE_FAULT || why == DBG_IDLE) {
		out->exit_status = s->end_stop.exit_status;
		memcpy(out->text, s->end_stop.text, sizeof out->text);
	}
	out->why = why;
	out->step = dbg_now(s);
	if (why == DBG_BREAKPOINT || why == DBG_WATCHPOINT || why == DBG_CATCHPOINT) {
		for (unsigned i = 0; i < s->npts; i++) {
			struct point *p = &s->pts[i];
			if (p->pub.id != out->point)
				continue;
			p->pub.hits++;
			if (p->pub.temporary)
				dbg_delete(s, p->pub.id);
			break;
		}
	}
	return 0;
}

/* Forward commands start here: not from a machine that has stopped. */
static int can_go_on(struct dbg *s)
{
	if (dbg_ended(s))
		return dbg_fail(s, "%s: there is nothing more to run (go back with reverse-stepi or goto)",
				s->end_stop.text);
	return 0;
}

/* To a step, seeing nothing on the way: from the nearest snapshot before
 * it, unless we are already between that snapshot and it. */
static enum dbg_why go(struct dbg *s, uint64_t target)
{
	uint64_t now = dbg_now(s);
	if (target == now)
		return DBG_DONE;
	int i = hist_find(&s->h, target);
	if (target < now || s->h.snaps[i].step > now)
		hist_restore(s, i);
	struct hit h;
	return advance(s, target, SCAN_NONE, true, &h);
}

int dbg_goto(struct dbg *s, uint64_t step, struct dbg_stop *out)
{
	if (s->ended && step > s->end_step)
		step = s->end_step;
	return report(s, go(s, step), NULL, out);
}

/* The step n steps after now, or UINT64_MAX (as far as the machine goes)
 * when that is past it: a count as big as a user can type must not wrap
 * around to a step already passed. */
static uint64_t steps_ahead(const struct dbg *s, uint64_t n)
{
	return n > UINT64_MAX - dbg_now(s) ? UINT64_MAX : dbg_now(s) + n;
}

int dbg_goto_instret(struct dbg *s, uint64_t n, struct dbg_stop *out)
{
	/* From the last snapshot before it: each step retires at most one
	 * instruction, so running as many steps as are missing never
	 * overshoots, and stops at the first moment n have retired. */
	struct history *h = &s->h;
	int i = 0;
	for (unsigned k = 1; k < h->n && h->snaps[k].st.instret < n; k++)
		i = (int)k;
	if (n <= cpu_instret(s->m) || h->snaps[i].step > dbg_now(s))
		hist_restore(s, i);
	enum dbg_why why = DBG_DONE;
	while (cpu_instret(s->m) < n && why == DBG_DONE) {
		struct hit hit;
		why = advance(s, steps_ahead(s, n - cpu_instret(s->m)), SCAN_NONE, true, &hit);
	}
	return report(s, why, NULL, out);
}

int dbg_stepi(struct dbg *s, uint64_t n, struct dbg_stop *out)
{
	if (can_go_on(s))
		return -1;
	struct hit h;
	enum dbg_why why = advance(s, steps_ahead(s, n), SCAN_FIRST, true, &h);
	return report(s, why, &h, out);
}

int dbg_continue(struct dbg *s, struct dbg_stop *out)
{
	if (can_go_on(s))
		return -1;
	struct hit h;
	enum dbg_why why = advance(s, UINT64_MAX, SCAN_FIRST, true, &h);
	return report(s, why, &h, out);
}

/* The physical address of virtual (user) or physical (kernel) pc as the
 * machine sees it now. */
static bool here_phys(const struct dbg *s, uint32_t pc, uint32_t *pa)
{
	if (!cpu_user_mode(s->m)) {
		*pa = pc;
		return pc < cpu_mem_size(s->m);
	}
	if (pc >= cpu_cr(s->m, CR_BOUND))
		return false;
	*pa = cpu_cr(s->m, CR_BASE) + pc;
	return true;
}

/* The instruction at pc, or 0. */
static uint32_t insn_here(const struct dbg *s)
{
	uint32_t pa, w;
	if (!here_phys(s, cpu_pc(s->m), &pa) || !cpu_read(s->m, pa, &w, 4))
		return 0;
	return w;
}

static bool is_call(uint32_t w)
{
	unsigned op = insn_op(w);
	return isa_valid(w) && (op == OP_JAL || op == OP_JALR) && insn_a(w) == REG_ra;
}

/* The internal breakpoint: at physical addresses, in this mode, process
 * and stack frame. */
static void ibp_set(struct dbg *s, const uint32_t *pa, unsigned n, uint32_t sp, bool sp_equal)
{
	s->ibp = (struct ibp){ .on = true, .naddr = n, .user = cpu_user_mode(s->m),
			       .pid = cpu_pid(s->m), .sp = sp, .sp_equal = sp_equal };
	memcpy(s->ibp.addr, pa, n * sizeof *pa);
}

static void ibp_clear(struct dbg *s) { s->ibp.on = false; }

/* Over a call or a system call: arm the internal breakpoint at the
 * instruction after it, in the same frame.  False if pc is on neither (one
 * step is the same). */
static bool over_here(struct dbg *s)
{
	uint32_t w = insn_here(s), pa;
	bool user = cpu_user_mode(s->m);
	/* An interrupt about to be taken in a program is stepped over too:
	 * back at this very instruction when the kernel returns. */
	bool interrupt = user && (cpu_cr(s->m, CR_STATUS) & STATUS_IE) && cpu_cr(s->m, CR_PENDING);
	bool over = is_call(w) || (isa_valid(w) && insn_op(w) == OP_TRAP && user);
	uint32_t back = cpu_pc(s->m) + (interrupt ? 0 : 4);
	if (!(over || interrupt) || !here_phys(s, back, &pa))
		return false;
	ibp_set(s, &pa, 1, cpu_reg(s->m, REG_sp), true);
	return true;
}

/* Over a call or a system call: to the instruction after it, in the same
 * frame; whatever else stops on the way stops there. */
static enum dbg_why next_one(struct dbg *s, struct hit *h)
{
	if (!over_here(s))
		return advance(s, dbg_now(s) + 1, SCAN_FIRST, true, h);
	enum dbg_why why = advance(s, UINT64_MAX, SCAN_FIRST, true, h);
	ibp_clear(s);
	return why;
}

bool dbg_over_begin(struct dbg *s) { return over_here(s); }
void dbg_over_end(struct dbg *s) { ibp_clear(s); }

int dbg_run(struct dbg *s, uint64_t n, bool leaving, struct dbg_stop *out)
{
	if (can_go_on(s))
		return -1;
	struct hit h;
	s->stop_on_wait = true;
	enum dbg_why why = advance(s, steps_ahead(s, n), SCAN_FIRST, leaving, &h);
	s->stop_on_wait = s->wait_stop = false;
	if (why == DBG_DONE && !h.found)
		why = DBG_LIMIT;	/* the steps ran out */
	return report(s, why, &h, out);
}

bool dbg_waiting(const struct dbg *s) { return s->waiting; }

/* one() n times, as long as each gets where it went. */
static int repeat(struct dbg *s, uint64_t n, enum dbg_why (*one)(struct dbg *, struct hit *),
		  struct dbg_stop *out)
{
	struct hit h = { 0 };
	enum dbg_why why = DBG_DONE;
	for (uint64_t i = 0; i < n && why == DBG_DONE; i++)
		why = one(s, &h);
	return report(s, why, &h, out);
}

int dbg_nexti(struct dbg *s, uint64_t n, struct dbg_stop *out)
{
	return can_go_on(s) ? -1 : repeat(s, n, next_one, out);
}

/* Where the current routine returns to: frame 1 of the call chain. */
static int caller(struct dbg *s, struct dbg_frame *f)
{
	struct dbg_frame fr[2];
	if (dbg_backtrace(s, fr, 2) < 2)
		return dbg_fail(s, "no caller: neither ra nor the stack holds a return address");
	*f = fr[1];
	return 0;
}

int dbg_finish(struct dbg *s, struct dbg_stop *out)
{
	if (can_go_on(s))
		return -1;
	struct dbg_frame f = { 0 };	/* (gcc cannot see caller() fills it) */
	if (caller(s, &f))
		return -1;
	uint32_t pa;
	if (f.trap) {
		/* Out of a trap handler: back in the program, at the pc the
		 * trap frame holds, with the program's sp. */
		struct dbg_field tf[32];
		unsigned n = dbg_trap_frame(s, tf, 32);
		uint32_t usp = 0;
		for (unsigned i = 0; i < n; i++)
			if (strcmp(tf[i].name, "TF_SP") == 0)
				usp = tf[i].value;
		if ((uint64_t)cpu_cr(s->m, CR_BASE) + f.pc >= cpu_mem_size(s->m))
			return dbg_fail(s, "the trap frame's pc 0x%08x is outside RAM", f.pc);
		pa = cpu_cr(s->m, CR_BASE) + f.pc;
		ibp_set(s, &pa, 1, usp, true);
		s->ibp.user = true;
	} else {
		if (!here_phys(s, f.pc, &pa))
			return dbg_fail(s, "the return address 0x%08x is outside the window", f.pc);
		ibp_set(s, &pa, 1, cpu_reg(s->m, REG_sp), false);
	}
	struct hit h;
	enum dbg_why why = advance(s, UINT64_MAX, SCAN_FIRST, true, &h);
	ibp_clear(s);
	return report(s, why, &h, out);
}

/*
 * Back to the last hit before now: scan the stretch from the last snapshot
 * before now up to now, keeping the last hit; if there is none, the stretch
 * before that one, and so on back to the start.  Every hit of a stretch is
 * seen, so none is skipped.  Then go to it.
 */
static enum dbg_why reverse_scan(struct dbg *s, struct hit *found)
{
	uint64_t start = dbg_now(s), hi = start;
	memset(found, 0, sizeof *found);
	for (;;) {
		if (hi == 0) {
			go(s, 0);
			return DBG_START;
		}
		int i = hist_find(&s->h, hi - 1);
		uint64_t lo = s->h.snaps[i].step;
		hist_restore(s, i);
		struct hit h;
		enum dbg_why why = advance(s, hi, SCAN_ALL, false, &h);
		if (why == DBG_INTERRUPTED) {
			go(s, start);
			return why;
		}
		if (h.found) {
			go(s, h.stop.step);
			*found = h;
			return h.stop.why;
		}
		hi = lo;
	}
}

static int at_start(struct dbg *s)
{
	if (dbg_now(s) == 0)
		return dbg_fail(s, "nothing to reverse into: this is the start of the run (step 0)");
	return 0;
}

int dbg_reverse_stepi(struct dbg *s, uint64_t n, struct dbg_stop *out)
{
	if (at_start(s))
		return -1;
	uint64_t now = dbg_now(s);
	enum dbg_why why = go(s, now > n ? now - n : 0);
	if (why == DBG_DONE && n > now)
		why = DBG_START;
	return report(s, why, NULL, out);
}

int dbg_reverse_continue(struct dbg *s, struct dbg_stop *out)
{
	if (at_start(s))
		return -1;
	struct hit h;
	enum dbg_why why = reverse_scan(s, &h);
	return report(s, why, &h, out);
}

/* Back to the last moment before now at which the current process was in
 * user mode: just before its latest trap entry. */
static enum dbg_why back_before_trap(struct dbg *s, struct hit *h)
{
	s->catch_trap_from = (int)cpu_pid(s->m);
	enum dbg_why why = reverse_scan(s, h);
	s->catch_trap_from = -1;
	if (why == DBG_DONE && h->found)
		why = go(s, dbg_now(s) - 1);
	return why;
}

int dbg_reverse_finish(struct dbg *s, struct dbg_stop *out)
{
	if (at_start(s))
		return -1;
	struct dbg_frame f = { 0 };	/* (gcc cannot see caller() fills it) */
	if (caller(s, &f))
		return -1;
	struct hit h;
	enum dbg_why why;
	if (f.trap) {
		why = back_before_trap(s, &h);
	} else {
		/* The call: the instruction before the return address, in a
		 * frame at or above this one. */
		uint32_t pa;
		if (!here_phys(s, f.pc - 4, &pa))
			return dbg_fail(s, "the return address 0x%08x is outside the window", f.pc);
		ibp_set(s, &pa, 1, cpu_reg(s->m, REG_sp), false);
		why = reverse_scan(s, &h);
		ibp_clear(s);
	}
	return report(s, why, &h, out);
}

/* One instruction back, over calls and traps: to the previous instruction
 * of this frame. */
static enum dbg_why reverse_next_one(struct dbg *s, struct hit *h)
{
	memset(h, 0, sizeof *h);
	if (dbg_now(s) == 0)
		return DBG_START;
	bool user = cpu_user_mode(s->m);
	uint32_t pid = cpu_pid(s->m), pc = cpu_pc(s->m), sp = cpu_reg(s->m, REG_sp);
	uint64_t now = dbg_now(s);
	enum dbg_why why = go(s, now - 1);
	if (why != DBG_DONE)
		return why;
	bool same = cpu_user_mode(s->m) == user && cpu_pid(s->m) == pid;
	uint32_t w = insn_here(s);
	bool returned = same && isa_valid(w) && insn_op(w) == OP_JALR && insn_a(w) == REG_zero &&
			cpu_reg(s->m, insn_b(w)) + (uint32_t)insn_simm16(w) == pc;
	if ((same && !returned) || (!same && !user))
		return DBG_DONE;	/* the instruction before (or the trap that entered the kernel) */
	go(s, now);
	if (user && !same)
		return back_before_trap(s, h);	/* over the trap that came back here */
	/* Over the call that returned here: the call before pc, in this frame. */
	uint32_t pa;
	if (!here_phys(s, pc - 4, &pa))
		return go(s, now - 1);
	ibp_set(s, &pa, 1, sp, true);
	why = reverse_scan(s, h);
	ibp_clear(s);
	return why;
}

int dbg_reverse_nexti(struct dbg *s, uint64_t n, struct dbg_stop *out)
{
	return at_start(s) ? -1 : repeat(s, n, reverse_next_one, out);
}

/* ---- Source lines: step, next, and back ----------------------------------------
 *
 * gdb's step and next, on the images' line tables: instructions (stepi or
 * nexti) until the pc is on another line of source, or something stops
 * the machine on the way.  Where no line is known, one instruction.  A
 * line that jumps to itself (j .) ends a step after LINE_STEP_MAX
 * instructions forward, LINE_BACK_MAX back: each step back replays from a
 * snapshot (milliseconds, not nanoseconds), so a step back through a
 * line run a million times in a row stops after LINE_BACK_MAX of them. */

enum { LINE_STEP_MAX = 100000, LINE_BACK_MAX = 64 };

typedef int (*step_fn)(struct dbg *, uint64_t, struct dbg_stop *);

static bool line_here(struct dbg *s, struct dbg_source *src)
{
	return dbg_source_at(s, cpu_pc(s->m), src);
}

static bool same_line(const struct dbg_source *a, const struct dbg_source *b)
{
	return a->line == b->line && strcmp(a->file, b->file) == 0;
}

/* One instruction at a time while the line is from's; 1 when it has
 * left it (or something stopped it: out says), 0 at the cap, -1 when
 * the first step could not be taken. */
static int while_on(struct dbg *s, step_fn one, const struct dbg_source *from, unsigned max,
		    struct dbg_stop *out)
{
	struct dbg_source at;
	for (unsigned i = 0; i < max; i++) {
		struct dbg_stop keep = *out;
		if (one(s, 1, out)) {
			if (!i)
				return -1;
			*out = keep;	/* (the run's start: nothing before it) */
			return 1;
		}
		if (out->why != DBG_DONE || !line_here(s, &at) || !same_line(from, &at))
			return 1;
	}
	return 0;
}

static int line_forward(struct dbg *s, step_fn one, struct dbg_stop *out)
{
	struct dbg_source from;
	if (!line_here(s, &from))
		return one(s, 1, out);
	*out = (struct dbg_stop){ .why = DBG_DONE, .step = dbg_now(s) };
	return while_on(s, one, &from, LINE_STEP_MAX, out) < 0 ? -1 : 0;
}

/* Back: to the first instruction of the line before, as gdb's
 * reverse-step lands (not on its last one). */
static int line_back(struct dbg *s, step_fn one, struct dbg_stop *out)
{
	struct dbg_source from, to;
	if (!line_here(s, &from))
		return one(s, 1, out);
	*out = (struct dbg_stop){ .why = DBG_DONE, .step = dbg_now(s) };
	int r = while_on(s, one, &from, LINE_BACK_MAX, out);
	if (r <= 0)
		return r;
	if (out->why != DBG_DONE || !line_here(s, &to))
		return 0;
	uint64_t first = dbg_now(s);	/* to's first instruction, so far */
	for (unsigned i = 0; i < LINE_BACK_MAX && first > 0; i++) {
		struct dbg_source at;
		if (one(s, 1, out) || out->why != DBG_DONE)
			return 0;	/* a point on the way back stops it there */
		if (!line_here(s, &at) || !same_line(&to, &at))
			return dbg_goto(s, first, out);
		first = dbg_now(s);
	}
	return 0;
}

int dbg_step(struct dbg *s, struct dbg_stop *out)
{
	return can_go_on(s) ? -1 : line_forward(s, dbg_stepi, out);
}

int dbg_next(struct dbg *s, struct dbg_stop *out)
{
	return can_go_on(s) ? -1 : line_forward(s, dbg_nexti, out);
}

int dbg_reverse_step(struct dbg *s, struct dbg_stop *out)
{
	return at_start(s) ? -1 : line_back(s, dbg_reverse_stepi, out);
}

int dbg_reverse_next(struct dbg *s, struct dbg_stop *out)
{
	return at_start(s) ? -1 : line_back(s, dbg_reverse_nexti, out);
}
