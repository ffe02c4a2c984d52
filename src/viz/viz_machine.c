/*
 * viz_machine.c - the visualiser's side of the machine, a front end of the
 * debug engine (debug.h) as vm debug is: loading the image into a session,
 * the console (the engine's output into a grid, input from the window or
 * standard input), a sink of the session's events (the event list,
 * instructions per process), running and stepping through the engine with
 * the last fetch, load and store noted, breakpoints and watchpoints as the
 * engine's points, and symbols for the code panel.
 *
 * The engine runs the machine: exactly the instructions vm run would, in
 * slices between frames, and it keeps the history the window travels in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "viz_int.h"

/* ---- The console ---------------------------------------------------------------- */

static void con_newline(struct viz *v)
{
	v->con_col = 0;
	v->con_row = (v->con_row + 1) % CON_ROWS;
	v->con[v->con_row][0] = '\0';
	v->con_lines++;
}

static void con_putc(struct viz *v, uint8_t c)
{
	char *line = v->con[v->con_row];
	if (c == '\n') {
		con_newline(v);
	} else if (c == '\r') {
		v->con_col = 0;
	} else if (c == '\b' || c == 0x7F) {
		if (v->con_col > 0)
			line[--v->con_col] = '\0';
	} else {
		if (v->con_col >= CON_COLS)
			con_newline(v), line = v->con[v->con_row];
		line[v->con_col++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
		line[v->con_col] = '\0';
	}
}

/* The grid shows what the guest had written by the current moment: the
 * new bytes after a step forward, all of it again after a step back. */
static void con_sync(struct viz *v)
{
	size_t len;
	const uint8_t *out = dbg_output(v->dbg, &len);
	if (len < v->con_fed) {
		memset(v->con, 0, sizeof v->con);
		v->con_row = v->con_col = v->con_lines = 0;
		v->con_fed = 0;
	}
	for (; v->con_fed < len; v->con_fed++)
		con_putc(v, out[v->con_fed]);
}

void console_input(struct viz *v, const char *bytes, size_t n)
{
	dbg_input(v->dbg, bytes, n);
}

void viz_type(struct viz *v, const char *s)
{
	console_input(v, s, strlen(s));
}

/* ---- Events ------------------------------------------------------------------------ */

static uint64_t *pid_slot(struct viz *v, uint32_t pid)
{
	unsigned i = pid % PID_SLOTS;
	for (unsigned k = 0; k < PID_SLOTS; k++, i = (i + 1) % PID_SLOTS) {
		if (v->pid_insns[i].pid == pid)
			return &v->pid_insns[i].insns;
		if (v->pid_insns[i].pid == 0) {
			v->pid_insns[i].pid = pid;
			return &v->pid_insns[i].insns;
		}
	}
	return NULL;	/* more than PID_SLOTS pids seen: stop counting new ones */
}

/* The spans closed so far: all of the run up to the newest span. */
static uint64_t closed_insns(const struct viz *v, uint32_t pid)
{
	for (unsigned i = 0; i < PID_SLOTS; i++)
		if (v->pid_insns[i].pid == pid)
			return v->pid_insns[i].insns;
	return 0;
}

uint64_t machine_pid_insns(const struct viz *v, uint32_t pid)
{
	if (!pid || !v->nspans)
		return 0;
	/* The closed spans, less what of them lies after now, and the part
	 * of the open one up to now: back from the newest span to now's. */
	uint64_t now = cpu_instret(v->m), n = closed_insns(v, pid), end = UINT64_MAX;
	for (uint64_t j = v->nspans - 1;; j--) {
		const struct pid_span *s = &v->spans[j % SPAN_KEEP];
		if (s->from <= now) {
			if (s->pid == pid)
				n = end == UINT64_MAX ? n + (now - s->from) : n - (end - now);
			return n;
		}
		if (end != UINT64_MAX && s->pid == pid)
			n -= end - s->from;
		end = s->from;
		if (j == 0)
			return n;
		if (v->nspans - j >= SPAN_KEEP)
			return UINT64_MAX;	/* now is before the spans kept */
	}
}

/* From instruction count `at` on, the machine runs for pid. */
static void account(struct viz *v, uint64_t at, uint32_t pid)
{
	if (v->nspans) {
		const struct pid_span *last = &v->spans[(v->nspans - 1) % SPAN_KEEP];
		if (last->pid == pid)
			return;
		uint64_t *n = last->pid ? pid_slot(v, last->pid) : NULL;
		if (n)
			*n += at - last->from;
	}
	v->spans[v->nspans++ % SPAN_KEEP] = (struct pid_span){ at, pid };
}

void machine_begin(struct viz *v)
{
	memset(v->acc, 0, sizeof v->acc);
}

/* Note an access of n bytes at physical address pa, done by `what`. */
static void note(struct viz *v, int kind, uint32_t pa, uint32_t n, const char *what)
{
	struct access *a = &v->acc[kind];
	a->state = ACC_SEEN;
	a->pa = pa;
	a->size = n;
	a->value = 0;
	cpu_read(v->m, pa, &a->value, n < 4 ? n : 4);
	a->at = cpu_instret(v->m);
	snprintf(a->what, sizeof a->what, "%s", what);
}

/* Has the list this event already?  The engine shows a sink every moment
 * it runs, again when it replays one: the events come again, the same. */
static bool seen(const struct viz *v, uint64_t step, const struct cpu_event *ce)
{
	for (uint64_t k = v->nev; k > 0 && v->nev - k < EV_KEEP; k--) {
		const struct ev_line *l = &v->ev[(k - 1) % EV_KEEP];
		if (l->step < step)
			return false;
		const struct cpu_event *e = &l->raw;	/* (padding aside) */
		if (l->step > step || (e->kind == ce->kind && e->instret == ce->instret &&
				       e->pid == ce->pid && e->cause == ce->cause && e->pc == ce->pc &&
				       e->code == ce->code && e->arg0 == ce->arg0 && e->arg1 == ce->arg1))
			return true;
	}
	return false;
}

/* A sink of the session's event stream: the event list shows each event in
 * the words of vm run --trace (one formatter, kview_event_text_sym). */
static int on_event(void *ctx, const struct ev *e)
{
	struct viz *v = ctx;
	const struct cpu_event *ev = e->raw;
	if (e->kind == EV_SYSRET)
		return 0;	/* the JSON record's; the list shows the iret */
	uint64_t step = dbg_now(v->dbg);
	if (v->noting && ev->kind == CPU_EV_TRAP)	/* the hardware pushed the frame at the new sp */
		note(v, ACC_STORE, cpu_reg(v->m, REG_sp), FRAME_BYTES, "trap entry: the frame");
	if (seen(v, step, ev))
		return 0;
	account(v, ev->instret, ev->pid);
	struct ev_line *l = &v->ev[v->nev++ % EV_KEEP];
	l->step = step;
	l->instret = ev->instret;
	l->raw = *ev;
	ev_event_text(l->text, sizeof l->text, e->stream, ev);
	return 0;
}

/* ---- Loading ------------------------------------------------------------------------ */

int machine_load(struct viz *v, char *err, size_t errlen)
{
	struct dbg_options o = { .mem = v->o.mem, .quantum = v->o.quantum };
	struct dbg *s = dbg_new(v->image, v->image_len, &o, err, errlen);
	if (!s)
		return -1;
	if (!dbg_add_sink(s, on_event, v)) {
		snprintf(err, errlen, "%s", dbg_error(s));
		dbg_free(s);
		return -1;
	}
	/* Points carry over a reset, as they were given. */
	if (v->dbg) {
		const struct dbg_point *p;
		unsigned n = dbg_points(v->dbg, &p);
		for (unsigned i = 0; i < n; i++)
			if (p[i].kind == DBG_PT_BREAK)
				dbg_break(s, p[i].spec, p[i].temporary, p[i].cond[0] ? p[i].cond : NULL);
			else if (p[i].kind != DBG_PT_CATCH)
				dbg_watch(s, p[i].kind, p[i].spec, p[i].len, p[i].cond[0] ? p[i].cond : NULL);
		dbg_free(v->dbg);
	}
	v->dbg = s;
	v->m = dbg_cpu(s);
	v->kimg = dbg_image(s);
	v->kv = dbg_kview(s);
	if (v->o.typed)
		viz_type(v, v->o.typed);
	if (v->o.stdin_input) {	/* all of it, as vm run would read it */
		if (!v->stdin_bytes) {
			size_t cap = 0;
			int c;
			while ((c = getchar()) != EOF) {
				if (v->stdin_len == cap) {
					uint8_t *b = realloc(v->stdin_bytes, cap = cap ? 2 * cap : 4096);
					if (!b)
						break;
					v->stdin_bytes = b;
				}
				v->stdin_bytes[v->stdin_len++] = (uint8_t)c;
			}
		}
		dbg_input(s, v->stdin_bytes, v->stdin_len);
		dbg_input_close(s);
	}
	memset(v->con, 0, sizeof v->con);
	v->con_row = v->con_col = v->con_lines = 0;
	v->con_fed = 0;
	v->nev = 0;
	v->nspans = 0;
	memset(v->pid_insns, 0, sizeof v->pid_insns);
	v->until_pts[0] = v->until_pts[1] = 0;
	machine_begin(v);
	v->stopped = false;
	v->stop_text[0] = v->end_text[0] = '\0';
	machine_note_state(v);
	return 0;
}

/* ---- Running ---------------------------------------------------------------------- */

/* Remember registers, so that the next draw shows what changed. */
void machine_note_state(struct viz *v)
{
	for (unsigned i = 0; i < REG_COUNT; i++)
		v->prev_r[i] = cpu_reg(v->m, i);
	v->prev_pc = cpu_pc(v->m);
	for (unsigned i = 0; i < CR_COUNT; i++)
		v->prev_cr[i] = cpu_cr(v->m, i);
}

void machine_note_changes(struct viz *v)
{
	v->changed_r = v->changed_cr = 0;
	for (unsigned i = 0; i < REG_COUNT; i++)
		if (cpu_reg(v->m, i) != v->prev_r[i])
			v->changed_r |= 1u << i;
	for (unsigned i = 0; i < CR_COUNT; i++)
		if (i != CR_INSTRET && i != CR_TIMER && cpu_cr(v->m, i) != v->prev_cr[i])
			v->changed_cr |= 1u << i;
}

bool machine_virt_to_phys(const struct viz *v, uint32_t va, uint32_t *pa)
{
	if (!cpu_user_mode(v->m)) {
		*pa = va;
		return va < cpu_mem_size(v->m);
	}
	uint32_t base = cpu_cr(v->m, CR_BASE), bound = cpu_cr(v->m, CR_BOUND);
	if (va >= bound || (uint64_t)base + va >= cpu_mem_size(v->m))
		return false;
	*pa = base + va;
	return true;
}

/* The console and the stop for good, as the engine has them after a
 * command that stopped with st (or NULL). */
void machine_sync(struct viz *v, const struct dbg_stop *st)
{
	con_sync(v);
	if (st && (st->why == DBG_END || st->why == DBG_DOUBLE_FAULT) && st->text[0])
		snprintf(v->end_text, sizeof v->end_text, "%s", st->text);
	v->stopped = dbg_ended(v->dbg);
	snprintf(v->stop_text, sizeof v->stop_text, "%s",
		 !v->stopped ? "" : v->end_text[0] ? v->end_text : "the machine has stopped");
}

static uint64_t trap_entries_and_returns(const struct cpu *m)
{
	const struct cpu_stats *s = cpu_stats(m);
	uint64_t n = s->irets;
	for (int c = 0; c < TRAP_COUNT; c++)
		n += s->traps[c];
	return n;
}

/* One step by the engine (leaving: from a stop), noting its fetch, load or
 * store as the engine says it will make them (a trap entry's store of the
 * frame the event sink notes). */
static enum dbg_why noted_step(struct viz *v, bool leaving, struct dbg_stop *out)
{
	const struct cpu *m = v->m;
	struct dbg_access a;
	dbg_access_here(v->dbg, &a);
	uint64_t events = trap_entries_and_returns(m), irets = cpu_stats(m)->irets;
	uint64_t retired = cpu_instret(m), step = dbg_now(v->dbg);

	v->noting = true;
	if (dbg_run(v->dbg, 1, leaving, out)) {
		v->noting = false;
		out->why = DBG_END;
		return DBG_END;
	}
	v->noting = false;
	if (dbg_now(v->dbg) == step)
		return out->why;	/* stopped before it: a breakpoint here */
	uint64_t now = trap_entries_and_returns(m);
	/* A pending interrupt taken instead of the instruction fetched nothing. */
	uint32_t cause = cpu_cr(m, CR_CAUSE);
	bool interrupted = now != events && cpu_instret(m) == retired && cause < TRAP_COUNT &&
			   isa_causes[cause].kind == CAUSE_INTR;
	if (a.fetched && !interrupted)
		note(v, ACC_FETCH, a.fetch_pa, 4, a.insn ? a.insn->mnemonic : ".word");
	/* A load or store happened if the instruction retired without a trap;
	 * an iret's load if it returned. */
	bool iret = a.insn && a.insn->opcode == OP_IRET;
	if (a.kind && (iret ? cpu_stats(m)->irets != irets : now == events))
		note(v, a.kind == 'r' ? ACC_LOAD : ACC_STORE, a.addr, a.len,
		     iret ? "iret: the trap frame" : a.insn->mnemonic);
	return out->why;
}

enum dbg_why machine_step(struct viz *v, struct dbg_stop *out)
{
	enum dbg_why why = noted_step(v, true, out);
	machine_sync(v, out);
	return why;
}

/* A fast stretch ran: what was noted before it may no longer be the last,
 * unless it was noted at the very end (a trap entry the sink saw). */
static void fast_stretch(struct viz *v)
{
	uint64_t now = cpu_instret(v->m);
	for (int k = 0; k < ACC_KINDS; k++)
		if (v->acc[k].state != ACC_SEEN || v->acc[k].at != now)
			v->acc[k].state = ACC_UNKNOWN;
}

void machine_moved(struct viz *v)
{
	fast_stretch(v);
	machine_sync(v, NULL);
}

/*
 * Run up to n steps: a slice through the engine, then the last few one at
 * a time so that the map can mark the last fetch, load and store.  Stops
 * where the engine stops (a breakpoint, a watchpoint, the catchpoints of a
 * "run until", step-over's stop: anything but DBG_LIMIT), or when the guest
 * waits for typed input (v->guest_waits).  leaving: the run goes on from a
 * stop, so a breakpoint it starts on does not stop it; a slice that ends
 * on one stops at it the next time.
 */
enum dbg_why machine_run(struct viz *v, uint64_t n, bool leaving, struct dbg_stop *out)
{
	enum { STEPPED = 32 };
	enum dbg_why why = DBG_LIMIT;
	v->guest_waits = false;
	memset(out, 0, sizeof *out);
	out->why = DBG_LIMIT;
	if (n > STEPPED) {
		v->noting = true;
		if (dbg_run(v->dbg, n - STEPPED, leaving, out) == 0)
			why = out->why;
		else
			why = DBG_END;
		v->noting = false;
		fast_stretch(v);
		leaving = false;
		n = STEPPED;
	}
	for (; why == DBG_LIMIT && n > 0; n--) {
		why = noted_step(v, leaving, out);
		leaving = false;
	}
	/* Asleep until input comes (idle for good if the timer is off too,
	 * until the user types). */
	if ((why == DBG_INTERRUPTED && dbg_waiting(v->dbg)) || why == DBG_IDLE)
		v->guest_waits = true;
	machine_sync(v, out);
	return why;
}

/* ---- Breakpoints and watchpoints ------------------------------------------------- */

/* The window's point of this kind at a physical address, or 0. */
static int point_at(struct viz *v, enum dbg_point_kind kind, uint32_t paddr)
{
	const struct dbg_point *p;
	unsigned n = dbg_points(v->dbg, &p);
	for (unsigned i = 0; i < n; i++)
		if (p[i].kind == kind && !p[i].virt && p[i].addr == paddr)
			return p[i].id;
	return 0;
}

bool machine_has_breakpoint(struct viz *v, uint32_t paddr)
{
	return point_at(v, DBG_PT_BREAK, paddr) != 0;
}

bool machine_toggle_breakpoint(struct viz *v, uint32_t paddr)
{
	int id = point_at(v, DBG_PT_BREAK, paddr);
	if (id)
		return dbg_delete(v->dbg, id) == 0;
	char spec[32];
	snprintf(spec, sizeof spec, "phys:0x%x", paddr);
	return (paddr & 3) == 0 && dbg_break(v->dbg, spec, false, NULL) > 0;
}

bool machine_has_watchpoint(struct viz *v, uint32_t paddr)
{
	return point_at(v, DBG_PT_WATCH, paddr) != 0;
}

int machine_toggle_watchpoint(struct viz *v, uint32_t paddr)
{
	int id = point_at(v, DBG_PT_WATCH, paddr);
	if (id)
		return dbg_delete(v->dbg, id) == 0 ? 0 : -1;
	char spec[32];
	snprintf(spec, sizeof spec, "phys:0x%x", paddr);
	return dbg_watch(v->dbg, DBG_PT_WATCH, spec, 4, NULL) > 0 ? 1 : -1;
}

/* ---- Symbols ------------------------------------------------------------------------ */

/* The symbols of the user program now running: the file of the kernel's
 * image named like the process (the engine parses them). */
static const struct img *user_symbols(struct viz *v)
{
	const char *name = dbg_process_program(v->dbg, cpu_pid(v->m));
	return *name ? dbg_program(v->dbg, name) : NULL;
}

const char *machine_symbol(struct viz *v, bool user, uint32_t addr, uint32_t *off)
{
	const struct img *im = user ? user_symbols(v) : v->kimg;
	if (!im)
		return NULL;
	struct img_sym s = img_symbol_near(im, addr, off);
	return s.name;
}

enum code_kind machine_code_kind(struct viz *v, bool user, uint32_t addr)
{
	const struct img *im = user ? user_symbols(v) : v->kimg;
	if (!im)
		return CODE_UNKNOWN;
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		if (addr >= s->addr && addr - s->addr < s->memsz)
			return s->flags & SEG_EXEC ? CODE_INSN : CODE_DATA;
	}
	return CODE_DATA;
}

bool machine_lookup(struct viz *v, const char *expr, uint32_t *paddr)
{
	struct dbg_value a;
	return dbg_eval(v->dbg, expr, &a) == 0 && dbg_to_phys(v->dbg, a, 1, paddr);
}
