/*
 * points.c - breakpoints, watchpoints and catchpoints: making them from what
 * the user wrote (locations and conditions are expressions, expr.c), the
 * physical addresses the machine is given as breakpoints, and deciding,
 * at a moment or around a step, whether one of them is hit.
 *
 * Breakpoints are the machine's own (cpu_set_breakpoints: entries of the
 * decode cache, free while not hit).  Catchpoints are events of the
 * stream.  Watchpoints need a look at every step that could touch their
 * range: session.c steps one at a time where that is possible (kernel
 * mode, or a user window over the range) and runs fast elsewhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"
#include "os.h"

/* ---- Making them ------------------------------------------------------------------ */

static struct point *new_point(struct dbg *s, enum dbg_point_kind kind, const char *spec,
			       const char *cond)
{
	if (s->npts == s->cap_pts) {
		unsigned cap = s->cap_pts ? s->cap_pts * 2 : 16;
		struct point *n = realloc(s->pts, cap * sizeof *n);
		if (!n) {
			dbg_fail(s, "out of memory");
			return NULL;
		}
		s->pts = n;
		s->cap_pts = cap;
	}
	struct point *p = &s->pts[s->npts];
	memset(p, 0, sizeof *p);
	p->pub.kind = kind;
	p->pub.enabled = true;
	snprintf(p->pub.spec, sizeof p->pub.spec, "%s", spec);
	if (cond)
		snprintf(p->pub.cond, sizeof p->pub.cond, "%s", cond);
	return p;
}

/* Check a condition once, at the moment: a mistake in it is an error now
 * rather than a silent stop later.  One too long to keep is refused, not
 * cut: the cut one is another condition, or none that can be read. */
static bool cond_ok(struct dbg *s, const char *cond)
{
	struct dbg_value v;
	size_t max = sizeof ((struct dbg_point *)0)->cond - 1;	/* what a point keeps */
	if (cond && strlen(cond) > max)
		return dbg_fail(s, "a condition of more than %zu characters", max), false;
	return !cond || !*cond || expr_eval(s, cond, &v) == 0;
}

static int commit(struct dbg *s)
{
	struct point *p = &s->pts[s->npts++];
	p->pub.id = s->next_id++;
	return p->pub.id;
}

int dbg_break(struct dbg *s, const char *location, bool temporary, const char *cond)
{
	struct dbg_value v;
	int line = lines_location(s, location, &v);
	if (line < 0 || (line == 0 && expr_eval(s, location, &v)))
		return -1;
	if (!cond_ok(s, cond))
		return -1;
	uint32_t phys = v.v;
	if (v.space == DBG_VIRT && v.prog) {
		/* PROG:LABEL: in every process that runs it (arm() finds them) */
	} else if (!dbg_to_phys(s, v, 4, &phys)) {
		return -1;
	}
	if (phys & 3)
		return dbg_fail(s, "0x%08x is not an instruction's address (a multiple of 4)", v.v);
	unsigned n = 0;
	for (unsigned i = 0; i < s->npts; i++)
		n += s->pts[i].pub.kind == DBG_PT_BREAK;
	if (n + 2 >= CPU_MAX_BREAKPOINTS)	/* two for finish and nexti */
		return dbg_fail(s, "too many breakpoints (the machine has room for %d)",
				CPU_MAX_BREAKPOINTS - 2);
	struct point *p = new_point(s, DBG_PT_BREAK, location, cond);
	if (!p)
		return -1;
	p->pub.temporary = temporary;
	p->pub.addr = v.space == DBG_VIRT && v.prog ? v.v : phys;
	p->pub.len = 4;
	if (v.space == DBG_VIRT && v.prog) {
		p->pub.virt = true;
		p->prog = v.prog;
	}
	return commit(s);
}

int dbg_watch(struct dbg *s, enum dbg_point_kind kind, const char *location, uint32_t len,
	      const char *cond)
{
	struct dbg_value v;
	if (kind != DBG_PT_WATCH && kind != DBG_PT_RWATCH && kind != DBG_PT_AWATCH)
		return dbg_fail(s, "not a kind of watchpoint");
	if (len == 0 || len > WATCH_MAX_LEN)
		return dbg_fail(s, "a watchpoint watches 1 to %d bytes", WATCH_MAX_LEN);
	if (expr_eval(s, location, &v) || !cond_ok(s, cond))
		return -1;
	unsigned n = 0;
	for (unsigned i = 0; i < s->npts; i++)
		n += s->pts[i].pub.kind != DBG_PT_BREAK && s->pts[i].pub.kind != DBG_PT_CATCH;
	if (n >= MAX_WATCH)
		return dbg_fail(s, "too many watchpoints (at most %d)", MAX_WATCH);
	/* A plain address is the machine's view now: the running process's
	 * in user mode, physical in kernel mode. */
	if (v.space == DBG_PLAIN) {
		if (cpu_user_mode(s->m)) {
			v.space = DBG_VIRT;
			v.pid = cpu_pid(s->m);
		} else {
			v.space = DBG_PHYS;
		}
	}
	if (v.space == DBG_VIRT && v.prog) {	/* PROG:LABEL: the process running it */
		struct kview_proc ps[NPROC];
		unsigned np = kview_procs(&s->kv, s->m, ps, NPROC);
		uint32_t pid = 0;
		for (unsigned i = 0; i < np && !pid; i++)
			if (ps[i].pid == cpu_pid(s->m) && strcmp(dbg_program_named(s, ps[i].name), v.prog) == 0)
				pid = ps[i].pid;
		for (unsigned i = 0; i < np && !pid; i++)
			if (strcmp(dbg_program_named(s, ps[i].name), v.prog) == 0)
				pid = ps[i].pid;
		if (!pid)
			return dbg_fail(s, "no process runs %s", v.prog);
		v.pid = pid;
		v.prog = NULL;
	}
	uint32_t phys;
	if (!dbg_to_phys(s, v, len, &phys))
		return -1;
	struct point *p = new_point(s, kind, location, cond);
	if (!p)
		return -1;
	p->pub.addr = v.v;
	p->pub.len = len;
	p->pub.virt = v.space == DBG_VIRT;
	p->pub.pid = p->pub.virt ? v.pid : 0;
	return commit(s);
}

/* A catchpoint's words: "timer", "fault", "syscall write", "switch". */
static int parse_catch(struct dbg *s, const char *what, struct point *p)
{
	char word[32], arg[32];
	int used = 0;	/* where a third word would start */
	int n = sscanf(what, " %31s %31s %n", word, arg, &used);
	if (n < 1)
		return dbg_fail(s, "catch what? a trap cause, fault, interrupt, syscall [NAME], or a kernel event");
	static const struct { const char *word; enum catch_kind kind; } any[] = {
		{ "fault", CATCH_FAULTS }, { "interrupt", CATCH_INTERRUPTS },
		{ "trap", CATCH_TRAPS }, { "iret", CATCH_IRETS },
	};
	for (size_t i = 0; i < sizeof any / sizeof any[0]; i++)
		if (strcmp(word, any[i].word) == 0) {
			p->ckind = any[i].kind;
			return n == 1 ? 0 : dbg_fail(s, "catch %s takes nothing after it", word);
		}
	if (strcmp(word, "syscall") == 0) {
		p->ckind = CATCH_SYSCALL;
		p->cvalue = UINT32_MAX;
		if (n == 1)
			return 0;
		if (what[used])
			return dbg_fail(s, "catch syscall takes one name or number (at most 31 characters)");
		char *end;
		unsigned long long num = strtoull(arg, &end, 0);
		if (!*end && end != arg) {
			/* strtoull takes "-1" as its largest number; UINT32_MAX is "any" */
			if (arg[0] == '-' || num >= UINT32_MAX)
				return dbg_fail(s, "catch syscall %s: a system call number is 0 to %u", arg,
						UINT32_MAX - 1);
			p->cvalue = (uint32_t)num;
			return 0;
		}
		for (uint32_t c = 0; c < 256; c++) {
			const char *name = ev_syscall_name(c);
			if (name && strcmp(name, arg) == 0) {
				p->cvalue = c;
				return 0;
			}
		}
		return dbg_fail(s, "no system call named '%s' (syscalls.def)", arg);
	}
	if (n > 1)
		return dbg_fail(s, "catch %s takes nothing after it", word);
	for (uint32_t c = 0; c < TRAP_COUNT; c++) {
		const char *name = ev_cause_name(c);
		if (name && strcmp(name, word) == 0) {
			p->ckind = CATCH_CAUSE;
			p->cvalue = c;
			return 0;
		}
	}
	for (uint32_t c = 1; c < 64; c++) {
		const char *name = ev_os_name(c);
		if (name && strcmp(name, word) == 0) {
			p->ckind = CATCH_OSEV;
			p->cvalue = c;
			return 0;
		}
	}
	return dbg_fail(s, "cannot catch '%s': not a trap cause, fault, interrupt, trap, iret, syscall or kernel event", word);
}

int dbg_catch(struct dbg *s, const char *what, const char *cond)
{
	if (!cond_ok(s, cond))
		return -1;
	struct point *p = new_point(s, DBG_PT_CATCH, what, cond);
	if (!p)
		return -1;
	if (parse_catch(s, what, p))
		return -1;
	return commit(s);
}

static struct point *find(struct dbg *s, int id)
{
	for (unsigned i = 0; i < s->npts; i++)
		if (s->pts[i].pub.id == id)
			return &s->pts[i];
	dbg_fail(s, "no breakpoint, watchpoint or catchpoint number %d", id);
	return NULL;
}

int dbg_delete(struct dbg *s, int id)
{
	struct point *p = find(s, id);
	if (!p)
		return -1;
	unsigned i = (unsigned)(p - s->pts);
	memmove(p, p + 1, (s->npts - i - 1) * sizeof *p);
	s->npts--;
	return 0;
}

int dbg_enable(struct dbg *s, int id, bool on)
{
	struct point *p = find(s, id);
	if (!p)
		return -1;
	p->pub.enabled = on;
	return 0;
}

int dbg_condition(struct dbg *s, int id, const char *cond)
{
	struct point *p = find(s, id);
	if (!p || !cond_ok(s, cond))
		return -1;
	snprintf(p->pub.cond, sizeof p->pub.cond, "%s", cond ? cond : "");
	return 0;
}

unsigned dbg_points(struct dbg *s, const struct dbg_point **out)
{
	static const struct dbg_point none[1];
	*out = none;	/* never NULL: a front end may copy zero points from it */
	if (!s->npts)
		return 0;
	if (s->npts > s->cap_list) {
		struct dbg_point *l = realloc(s->list, s->npts * sizeof *l);
		if (!l) {
			*out = NULL;
			return 0;
		}
		s->list = l;
		s->cap_list = s->npts;
	}
	for (unsigned i = 0; i < s->npts; i++)
		s->list[i] = s->pts[i].pub;
	*out = s->list;
	return s->npts;
}

void points_free(struct dbg *s)
{
	free(s->pts);
	free(s->list);
	s->pts = NULL;
	s->list = NULL;
	s->npts = s->cap_pts = s->cap_list = 0;
}

bool points_cond_true(struct dbg *s, const struct point *p)
{
	if (!p->pub.cond[0])
		return true;
	struct dbg_value v;
	if (expr_eval(s, p->pub.cond, &v))
		return true;	/* a condition that cannot be read stops, as gdb's */
	return v.v != 0;
}

/* ---- Breakpoints --------------------------------------------------------------- */

/* The physical address of the pc now (false: outside the window). */
static bool pc_phys(const struct dbg *s, uint32_t *pa)
{
	uint32_t pc = cpu_pc(s->m);
	if (!cpu_user_mode(s->m)) {
		*pa = pc;
		return true;
	}
	if (pc >= cpu_cr(s->m, CR_BOUND))
		return false;
	*pa = cpu_cr(s->m, CR_BASE) + pc;
	return true;
}

static void add_addr(uint32_t *out, unsigned *n, unsigned max, uint32_t a, uint32_t mem)
{
	if ((a & 3) || a >= mem || *n >= max)
		return;
	for (unsigned i = 0; i < *n; i++)
		if (out[i] == a)
			return;
	/* kept sorted, so that arm() sees an unchanged set as unchanged */
	unsigned i = *n;
	for (; i > 0 && out[i - 1] > a; i--)
		out[i] = out[i - 1];
	out[i] = a;
	(*n)++;
}

unsigned points_break_set(struct dbg *s, uint32_t *out, unsigned max)
{
	unsigned n = 0;
	uint32_t mem = cpu_mem_size(s->m);
	struct kview_proc ps[NPROC];
	unsigned np = 0;
	bool procs = false;
	for (unsigned i = 0; i < s->npts; i++) {
		const struct point *p = &s->pts[i];
		if (p->pub.kind != DBG_PT_BREAK || !p->pub.enabled)
			continue;
		if (!p->prog) {
			add_addr(out, &n, max, p->pub.addr, mem);
			continue;
		}
		if (!procs) {
			np = kview_procs(&s->kv, s->m, ps, NPROC);
			procs = true;
		}
		for (unsigned k = 0; k < np; k++)
			if (strcmp(dbg_program_named(s, ps[k].name), p->prog) == 0 && p->pub.addr < ps[k].bound)
				add_addr(out, &n, max, ps[k].base + p->pub.addr, mem);
	}
	if (s->ibp.on)
		for (unsigned k = 0; k < s->ibp.naddr; k++)
			add_addr(out, &n, max, s->ibp.addr[k], mem);
	return n;
}

static bool ibp_holds(const struct dbg *s, uint32_t pa)
{
	const struct ibp *b = &s->ibp;
	if (!b->on || cpu_user_mode(s->m) != b->user || cpu_pid(s->m) != b->pid)
		return false;
	bool at = false;
	for (unsigned k = 0; k < b->naddr; k++)
		at |= b->addr[k] == pa;
	uint32_t sp = cpu_reg(s->m, REG_sp);
	return at && (b->sp_equal ? sp == b->sp : sp >= b->sp);
}

bool points_break_hit(struct dbg *s, struct hit *h, bool internal_only)
{
	uint32_t pa;
	if (!pc_phys(s, &pa))
		return false;
	memset(h, 0, sizeof *h);
	for (unsigned i = 0; i < s->npts && !internal_only; i++) {
		struct point *p = &s->pts[i];
		if (p->pub.kind != DBG_PT_BREAK || !p->pub.enabled)
			continue;
		bool at;
		if (p->prog)
			at = cpu_user_mode(s->m) && cpu_pc(s->m) == p->pub.addr &&
			     strcmp(dbg_process_program(s, cpu_pid(s->m)), p->prog) == 0;
		else
			at = p->pub.addr == pa;
		if (at && points_cond_true(s, p)) {
			h->stop.why = DBG_BREAKPOINT;
			h->stop.point = p->pub.id;
			return true;
		}
	}
	if (ibp_holds(s, pa)) {
		h->stop.why = DBG_DONE;
		h->stop.point = 0;
		return true;
	}
	return false;
}

/* ---- Catchpoints -------------------------------------------------------------------- */

bool points_catches(const struct dbg *s, const struct point *p, const struct cpu_event *ev)
{
	switch (p->ckind) {
	case CATCH_CAUSE:
		return ev->kind == CPU_EV_TRAP && ev->cause == p->cvalue;
	case CATCH_FAULTS:
		return ev->kind == CPU_EV_TRAP && isa_causes[ev->cause].kind == CAUSE_FAULT;
	case CATCH_INTERRUPTS:
		return ev->kind == CPU_EV_TRAP && isa_causes[ev->cause].kind == CAUSE_INTR;
	case CATCH_SYSCALL:
		/* at trap entry the program's registers are untouched: t0 is the number */
		return ev->kind == CPU_EV_TRAP && ev->cause == TRAP_SYSCALL &&
		       (p->cvalue == UINT32_MAX || cpu_reg(s->m, REG_t0) == p->cvalue);
	case CATCH_OSEV:
		return ev->kind == CPU_EV_OS && ev->code == p->cvalue;
	case CATCH_TRAPS:
		return ev->kind == CPU_EV_TRAP;
	case CATCH_IRETS:
		return ev->kind == CPU_EV_IRET;
	}
	return false;
}

bool points_catch_match(const struct dbg *s, const struct cpu_event *ev)
{
	for (unsigned i = 0; i < s->npts; i++) {
		const struct point *p = &s->pts[i];
		if (p->pub.kind == DBG_PT_CATCH && p->pub.enabled && points_catches(s, p, ev))
			return true;
	}
	return false;
}

bool points_catch_hit(struct dbg *s, const struct cpu_event *ev, struct hit *h)
{
	for (unsigned i = 0; i < s->npts; i++) {
		struct point *p = &s->pts[i];
		if (p->pub.kind == DBG_PT_CATCH && p->pub.enabled && points_catches(s, p, ev) &&
		    points_cond_true(s, p)) {
			memset(h, 0, sizeof *h);
			h->stop.why = DBG_CATCHPOINT;
			h->stop.point = p->pub.id;
			h->stop.event = *ev;
			return true;
		}
	}
	return false;
}

bool points_need_rearm(struct dbg *s, const struct cpu_event *ev)
{
	/* A return to user mode is where a program first runs after an exec
	 * or a switch: its breakpoints must be there by then. */
	if (ev->kind != CPU_EV_IRET || !(ev->status_after & STATUS_UM))
		return false;
	bool any = false;
	for (unsigned i = 0; i < s->npts && !any; i++)
		any = s->pts[i].pub.kind == DBG_PT_BREAK && s->pts[i].prog && s->pts[i].pub.enabled;
	if (!any)
		return false;
	uint32_t want[CPU_MAX_BREAKPOINTS];
	unsigned n = points_break_set(s, want, CPU_MAX_BREAKPOINTS);
	return n != s->narmed || memcmp(want, s->armed, n * sizeof *want) != 0;
}

/* ---- Watchpoints ------------------------------------------------------------------- */

static bool is_watch(const struct point *p)
{
	return p->pub.enabled && (p->pub.kind == DBG_PT_WATCH || p->pub.kind == DBG_PT_RWATCH ||
				  p->pub.kind == DBG_PT_AWATCH);
}

bool points_any_watch(const struct dbg *s)
{
	for (unsigned i = 0; i < s->npts; i++)
		if (is_watch(&s->pts[i]))
			return true;
	return false;
}

bool points_need_events(const struct dbg *s)
{
	for (unsigned i = 0; i < s->npts; i++) {
		const struct point *p = &s->pts[i];
		if (p->pub.enabled && (p->pub.kind != DBG_PT_BREAK || p->prog))
			return true;
	}
	return false;
}

/* Where a watchpoint's range is now (false: its process is gone). */
static bool watch_phys(struct dbg *s, const struct point *p, uint32_t *phys)
{
	if (!p->pub.virt) {
		*phys = p->pub.addr;
		return true;
	}
	struct dbg_value v = { .v = p->pub.addr, .space = DBG_VIRT, .pid = p->pub.pid };
	char saved[sizeof s->err];
	memcpy(saved, s->err, sizeof saved);
	bool ok = dbg_to_phys(s, v, p->pub.len, phys);
	memcpy(s->err, saved, sizeof saved);	/* not the user's mistake */
	return ok;
}

static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return alen && blen && (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

bool points_watch_needs_steps(struct dbg *s)
{
	if (!points_any_watch(s))
		return false;
	if (!cpu_user_mode(s->m))
		return true;	/* the kernel may store anywhere */
	uint32_t base = cpu_cr(s->m, CR_BASE), bound = cpu_cr(s->m, CR_BOUND);
	for (unsigned i = 0; i < s->npts; i++) {
		const struct point *p = &s->pts[i];
		uint32_t phys;
		if (is_watch(p) && watch_phys(s, p, &phys) && overlap(phys, p->pub.len, base, bound))
			return true;
	}
	return false;
}

static uint64_t trap_count(const struct cpu *m)
{
	const struct cpu_stats *st = cpu_stats(m);
	uint64_t n = 0;
	for (unsigned c = 0; c < TRAP_COUNT; c++)
		n += st->traps[c];
	return n;
}

/* Bytes a load or store instruction moves. */
static uint32_t access_bytes(unsigned op)
{
	switch (op) {
	case OP_LB: case OP_LBU: case OP_SB: return 1;
	case OP_LH: case OP_LHU: case OP_SH: return 2;
	default: return 4;
	}
}

void points_watch_before(struct dbg *s, struct watch_step *w, bool decode)
{
	memset(w, 0, sizeof *w);
	w->traps = trap_count(s->m);
	w->irets = cpu_stats(s->m)->irets;
	w->sp = cpu_reg(s->m, REG_sp);
	unsigned k = 0;
	for (unsigned i = 0; i < s->npts && k < MAX_WATCH; i++) {
		const struct point *p = &s->pts[i];
		if (!is_watch(p))
			continue;
		struct watch_note *n = &w->notes[k++];
		n->valid = watch_phys(s, p, &n->phys) && cpu_read(s->m, n->phys, n->bytes, p->pub.len);
	}
	if (!decode)
		return;
	struct dbg_access a;
	dbg_access_here(s, &a);
	w->acc_addr = a.addr;
	w->acc_len = a.len;
	w->acc_kind = a.kind;
}

void dbg_access_here(const struct dbg *s, struct dbg_access *a)
{
	memset(a, 0, sizeof *a);
	if (!pc_phys(s, &a->fetch_pa) || !cpu_read(s->m, a->fetch_pa, &a->word, 4))
		return;
	a->fetched = true;
	if (!isa_valid(a->word))
		return;
	const struct isa_insn *in = a->insn = isa_by_opcode(insn_op(a->word));
	if (in->form == FORM_LD || in->form == FORM_ST) {
		uint32_t va = cpu_reg(s->m, insn_b(a->word)) + (uint32_t)insn_simm16(a->word);
		a->addr = cpu_user_mode(s->m) ? cpu_cr(s->m, CR_BASE) + va : va;
		a->len = access_bytes(in->opcode);
		a->kind = in->form == FORM_LD ? 'r' : 'w';
	} else if (in->opcode == OP_IRET) {
		a->addr = cpu_reg(s->m, REG_sp);
		a->len = FRAME_BYTES;
		a->kind = 'r';
	}
}

bool points_watch_after(struct dbg *s, const struct watch_step *w, struct hit *h)
{
	bool trapped = trap_count(s->m) != w->traps;
	/* The accesses of the step: the instruction's, if it was not cut short
	 * by a trap; a trap entry's push of its frame. */
	uint32_t acc_addr = trapped ? 0 : w->acc_addr, acc_len = trapped ? 0 : w->acc_len;
	char acc_kind = trapped ? 0 : w->acc_kind;
	uint32_t frame = trapped ? cpu_reg(s->m, REG_sp) : 0;
	unsigned k = 0;
	for (unsigned i = 0; i < s->npts && k < MAX_WATCH; i++) {
		struct point *p = &s->pts[i];
		if (!is_watch(p))
			continue;
		const struct watch_note *n = &w->notes[k++];
		uint32_t phys;
		uint8_t now[WATCH_MAX_LEN];
		bool valid = watch_phys(s, p, &phys) && cpu_read(s->m, phys, now, p->pub.len);
		bool changed = n->valid && valid && memcmp(n->bytes, now, p->pub.len) != 0;
		char kind = 0;
		if (acc_kind && overlap(acc_addr, acc_len, n->phys, p->pub.len))
			kind = acc_kind;
		else if (trapped && overlap(frame, FRAME_BYTES, n->phys, p->pub.len))
			kind = 'w';
		bool fires = p->pub.kind == DBG_PT_WATCH ? changed
			     : p->pub.kind == DBG_PT_RWATCH ? kind == 'r'
			     : kind != 0 || changed;
		if (!fires || !points_cond_true(s, p))
			continue;
		memset(h, 0, sizeof *h);
		h->stop.why = DBG_WATCHPOINT;
		h->stop.point = p->pub.id;
		h->stop.accessed = kind ? kind : 'w';
		memcpy(h->stop.old_bytes, n->bytes, p->pub.len < 8 ? p->pub.len : 8);
		if (valid)
			memcpy(h->stop.new_bytes, now, p->pub.len < 8 ? p->pub.len : 8);
		return true;
	}
	return false;
}
