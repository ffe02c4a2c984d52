/*
 * lint.c - vm lint's checker (lint.h): the rules of rules.def, checked on
 * the event stream (trap entry, return-from-trap) and on the kernel's
 * loads, stores and STATUS changes (cpu_set_watch).
 *
 * What it keeps per process (keyed by pid, or by BASE for a kernel that
 * does not write DEV_TRACE_PID): the user registers when it last trapped
 * from user mode, where it should resume, the system call it is in (its
 * pointer arguments, and whether the kernel touched them translated or
 * raw), and the kernel stack it last ran with.  The checks that cost the
 * most (base/bound against the kernel and the other processes, the trap
 * table, the kernel stack) run when what they depend on changed: at a
 * return into user mode whose pid, BASE, BOUND, KSP or IVEC differ from
 * the last one's.
 */
#include "lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "isa.h"
#include "kview.h"
#include "os.h"

const struct lint_rule_info lint_rules[LINT_RULE_COUNT] = {
#define RULE(code, severity, needs, title) \
	{ #code, LINT_##severity, LINT_NEEDS_##needs, title },
#define LINT_NEEDS_GENERIC false
#define LINT_NEEDS_PROCTABLE true
#include "rules.def"
#undef RULE
};

enum { NPST = 64, MAX_PROCS = 64, MAX_PTRS = 3 };

/* A pointer argument of the system call in progress: [lo, lo + len) in the
 * caller's virtual addresses. */
struct uptr {
	const char *arg;	/* its name in syscalls.def */
	uint32_t lo, len;
	bool oob;		/* not inside the bound: the kernel must refuse it */
	bool translated;	/* the kernel touched base + [lo, lo + len) */
	bool raw;		/* the kernel touched [lo, lo + len) as a physical address */
	bool raw_store;
	uint64_t raw_n;
	uint32_t raw_pc, raw_addr;
};

/* What the checker keeps of one process. */
struct pst {
	uint64_t key;		/* pid, or 1 << 32 | BASE when the kernel names no pid */
	uint64_t used;		/* for eviction: the event count when last used */
	uint32_t pid;
	/* Its user registers when it last trapped from user mode (sp: the
	 * one the hardware pushed), and where it should resume. */
	bool snap;
	uint32_t r[REG_COUNT];
	uint32_t resume_pc, cause;
	uint64_t trap_n, switches;
	/* The system call in progress (from its trap to its return). */
	bool in_call;
	uint32_t call, args[4], base, bound;
	struct uptr ptr[MAX_PTRS];
	unsigned nptr;
	bool procs_read;	/* the process table was read during this call */
	/* Its kernel stack, at its last return to user mode. */
	bool has_ksp;
	uint32_t ksp;
};

/* A finding's identity: the rule and two words that say which cause. */
struct found {
	struct lint_finding f;
	uint64_t k1, k2;
};

/* Which argument of each system call is a user pointer, and how long: from
 * the argument's name in syscalls.def.  buf is n bytes long, name a string,
 * argv an array of words, anything named *_ptr one word. */
struct ptr_arg {
	unsigned arg, len_arg;	/* len_arg: the argument that gives the length, or 4 if none */
	uint32_t len;		/* the length when none gives it */
	const char *name;
};
struct call_ptrs {
	struct ptr_arg p[MAX_PTRS];
	unsigned n;
};
enum { NCALLS = 64, STRING_MAX = 256 };

/* Distinct findings kept and listed: a kernel that makes a new one at every
 * return-from-trap (an iret written somewhere new each time) once made the
 * report, and the search in it, grow without bound.  Past it, reports are
 * counted, not kept.  FOUND_SLOTS, a power of two over twice it, is the
 * table that finds a finding again. */
enum { MAX_FINDINGS = 1000, FOUND_SLOTS = 2048 };

struct lint {
	struct cpu *m;
	const struct img *kernel;
	const struct ev_stream *s;
	struct lint_opts o;
	struct kview kv;
	bool proctable;
	uint32_t mem_lo;	/* process memory starts here (proctable, once known), else 0 */

	/* The kernel's memory: everything the loader placed, [0, kend). */
	uint32_t kend;
	uint32_t image_end;	/* the end of the image's segments */

	struct pst pst[NPST];
	uint64_t events;	/* counted, for eviction */
	uint64_t switches;	/* returns to user mode into another process than the last */
	uint64_t last_key;
	bool any_user;
	uint32_t cur_pid;	/* the watcher's cache: the process of the last access */
	struct pst *cur;
	struct pst *last;	/* pst_find's cache */
	/* The machine's watch ranges (cpu_set_watch_ranges): process memory,
	 * and the hull of the pointer arguments of the calls in progress. */
	uint32_t wlo[2], wlen[2];
	bool ranges_set;	/* set once the run has begun (after cpu_set_watch) */

	/* The last return to user mode whose placement was checked. */
	bool checked;
	uint64_t ck_key;
	uint32_t ck_base, ck_bound, ck_ksp, ck_ivec;

	struct kview_proc procs[MAX_PROCS];
	unsigned nprocs;

	/* A stretch in kernel mode with interrupts masked. */
	bool masked;
	uint64_t mstart;
	uint32_t mpc;
	const char *mwhat;	/* how it began: "trap entry for", "boot", ... */
	uint32_t mcause;	/* for "trap entry for": the cause */

	struct call_ptrs calls[NCALLS];

	struct found *found;
	unsigned nfound, capfound;
	int16_t where[FOUND_SLOTS];	/* found's index + 1 by (rule, k1, k2); 0 empty */
	uint64_t unlisted;		/* reports past MAX_FINDINGS distinct ones */
	struct lint_finding *list;	/* lint_findings' copy */
};

/* ---- Helpers --------------------------------------------------------------- */

static uint32_t word_at(const struct cpu *m, uint32_t addr)
{
	uint32_t v = 0;
	return cpu_read(m, addr, &v, 4) ? v : 0;
}

static bool in_range(uint32_t a, uint32_t lo, uint32_t len) { return a - lo < len; }

/* Do [a, a + alen) and [b, b + blen) overlap? */
static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return alen && blen && (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

static bool is_masked(uint32_t status) { return !(status & (STATUS_UM | STATUS_IE)); }

static const char *reg_name(unsigned r) { return isa_reg_names[r]; }

static const char *call_name(uint32_t call)
{
	const char *n = ev_syscall_name(call);
	return n ? n : "an unknown system call";
}

static const char *cause_words(uint32_t cause)
{
	return cause < TRAP_COUNT ? isa_causes[cause].text : "an unknown trap";
}

static uint64_t key_of(uint32_t pid, uint32_t base)
{
	return pid ? pid : (1ull << 32) | base;
}

static struct pst *pst_find(struct lint *l, uint64_t key, bool make)
{
	struct pst *victim = &l->pst[0];
	l->events++;
	if (l->last && l->last->key == key && l->last->used) {
		l->last->used = l->events;
		return l->last;
	}
	for (unsigned i = 0; i < NPST; i++) {
		struct pst *p = &l->pst[i];
		if (p->key == key && p->used) {
			p->used = l->events;
			return l->last = p;
		}
		if (p->used < victim->used)
			victim = p;
	}
	if (!make)
		return NULL;
	memset(victim, 0, sizeof *victim);
	victim->key = key;
	victim->pid = key >> 32 ? 0 : (uint32_t)key;
	victim->used = l->events;
	if (l->cur == victim)
		l->cur = NULL;
	return l->last = victim;
}

/* ---- Findings -------------------------------------------------------------- */

/* Seen before?  Then count it and say so. */
/* The slot of (rule, k1, k2) in l->where: its finding's, or the empty one
 * where it would go (linear probing; the table is never half full). */
static unsigned found_slot(const struct lint *l, enum lint_rule rule, uint64_t k1, uint64_t k2)
{
	uint64_t h = (k1 * 0x9E3779B97F4A7C15ull) ^ (k2 * 0xC2B2AE3D27D4EB4Full) ^ (uint64_t)rule;
	unsigned i = (unsigned)(h >> 40) & (FOUND_SLOTS - 1);
	for (;; i = (i + 1) & (FOUND_SLOTS - 1)) {
		int k = l->where[i];
		if (!k)
			return i;
		const struct found *x = &l->found[k - 1];
		if (x->f.rule == rule && x->k1 == k1 && x->k2 == k2)
			return i;
	}
}

static bool again(struct lint *l, enum lint_rule rule, uint64_t k1, uint64_t k2)
{
	unsigned i = found_slot(l, rule, k1, k2);
	if (l->where[i]) {
		l->found[l->where[i] - 1].f.count++;
		return true;
	}
	if (l->nfound == MAX_FINDINGS) {
		l->unlisted++;
		return true;
	}
	return false;
}

static const char *sym(void *ctx, uint32_t addr)
{
	static char buf[64];
	const struct lint *l = ctx;
	ev_symbolize(l->s, addr, buf, sizeof buf);
	return buf[0] ? buf : NULL;
}

static void report(struct lint *l, enum lint_rule rule, uint64_t k1, uint64_t k2, uint64_t n,
		   uint32_t pid, uint32_t pc, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static void report(struct lint *l, enum lint_rule rule, uint64_t k1, uint64_t k2, uint64_t n,
		   uint32_t pid, uint32_t pc, const char *fmt, ...)
{
	if (again(l, rule, k1, k2))
		return;
	if (l->nfound == l->capfound) {
		unsigned cap = l->capfound ? 2 * l->capfound : 16;
		struct found *more = realloc(l->found, cap * sizeof *more);
		if (!more)
			return;	/* out of memory: the finding is lost, the run goes on */
		l->found = more;
		l->capfound = cap;
	}
	l->where[found_slot(l, rule, k1, k2)] = (int16_t)(l->nfound + 1);
	struct found *x = &l->found[l->nfound++];
	memset(x, 0, sizeof *x);
	x->k1 = k1;
	x->k2 = k2;
	struct lint_finding *f = &x->f;
	f->rule = rule;
	f->n = n;
	f->pid = pid;
	f->pc = pc;
	f->count = 1;
	ev_symbolize(l->s, pc, f->at, sizeof f->at);
	uint32_t w;
	if (cpu_read(l->m, pc, &w, 4))
		disasm_insn(w, pc, f->insn, sizeof f->insn, sym, l);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
}

const char *lint_anchor(enum lint_rule r, char *buf, size_t n)
{
	snprintf(buf, n, "%s", lint_rules[r].code);
	for (char *c = buf; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return buf;
}

char *lint_format(const struct lint_finding *f, char *buf, size_t n)
{
	char anchor[16], where[160];
	const struct lint_rule_info *r = &lint_rules[f->rule];
	if (f->at[0])
		snprintf(where, sizeof where, "%s '%s'", f->at, f->insn);
	else
		snprintf(where, sizeof where, "0x%08x '%s'", f->pc, f->insn);
	snprintf(buf, n, "%s %s: instruction %llu, pid %u, %s: %s [docs/lint.md#%s]", r->code,
		 r->severity == LINT_ERROR ? "error" : "warning", (unsigned long long)f->n, f->pid,
		 where, f->text, lint_anchor(f->rule, anchor, sizeof anchor));
	return buf;
}

/* ---- Setting up ------------------------------------------------------------ */

/* The pointer arguments of every system call, from syscalls.def's
 * argument names. */
static void calls_init(struct lint *l)
{
	static const struct { uint32_t num; const char *args; } rows[] = {
#define SYSCALL(num, name, args, result) { num, args },
#include "syscalls.def"
#undef SYSCALL
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].num >= NCALLS)
			continue;
		struct call_ptrs *c = &l->calls[rows[i].num];
		char names[4][24] = { "", "", "", "" };
		unsigned na = 0;
		for (const char *s = rows[i].args; *s && na < 4;) {
			while (*s == ' ' || *s == ',')
				s++;
			size_t k = strcspn(s, ", ");
			if (!k)
				break;
			snprintf(names[na++], sizeof names[0], "%.*s", (int)k, s);
			s += k;
		}
		for (unsigned a = 0; a < na && c->n < MAX_PTRS; a++) {
			struct ptr_arg p = { .arg = a, .len_arg = 4, .len = 0 };
			size_t len = strlen(names[a]);
			if (strcmp(names[a], "buf") == 0) {
				for (unsigned b = 0; b < na; b++)
					if (strcmp(names[b], "n") == 0)
						p.len_arg = b;
			} else if (strcmp(names[a], "name") == 0) {
				p.len = STRING_MAX;
			} else if (strcmp(names[a], "argv") == 0) {
				p.len = 4 * (ARGV_MAX + 1);
			} else if (len > 4 && strcmp(names[a] + len - 4, "_ptr") == 0) {
				p.len = 4;
			} else {
				continue;
			}
			if (p.len_arg == 4 && !p.len)
				continue;	/* a buf with no n */
			static char kept[NCALLS][MAX_PTRS][24];
			snprintf(kept[rows[i].num][c->n], sizeof kept[0][0], "%s", names[a]);
			p.name = kept[rows[i].num][c->n];
			c->p[c->n++] = p;
		}
	}
}

struct lint *lint_new(struct cpu *m, const struct img *kernel, const struct ev_stream *s,
		      const struct lint_opts *o)
{
	struct lint *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->m = m;
	l->kernel = kernel;
	l->s = s;
	if (o)
		l->o = *o;
	l->proctable = kernel && kview_init(&l->kv, kernel);
	if (!kernel)
		snprintf(l->kv.missing, sizeof l->kv.missing, "the image's symbols");
	/* The boot information the loader left in a0: where its placing ends. */
	uint32_t boot = cpu_reg(m, REG_a0);
	if (word_at(m, boot + BOOT_MAGIC) == BOOTINFO_MAGIC)
		l->kend = word_at(m, boot + BOOT_FREE);
	if (kernel)
		for (uint32_t i = 0; i < kernel->nsegs; i++) {
			uint32_t end = kernel->segs[i].addr + kernel->segs[i].memsz;
			if (end > l->image_end)
				l->image_end = end;
		}
	if (l->kend < l->image_end)
		l->kend = l->image_end;
	calls_init(l);
	/* The machine starts in kernel mode with interrupts off. */
	l->masked = is_masked(cpu_cr(m, CR_STATUS));
	l->mstart = cpu_instret(m);
	l->mpc = cpu_pc(m);
	l->mwhat = "boot";
	l->mcause = TRAP_COUNT;
	return l;
}

void lint_free(struct lint *l)
{
	if (!l)
		return;
	free(l->found);
	free(l->list);
	free(l);
}

bool lint_proctable(const struct lint *l, const char **missing)
{
	if (missing)
		*missing = l->proctable ? "" : l->kv.missing;
	return l->proctable;
}

/* ---- The process table (with the symbols) ---------------------------------- */

static bool live(const struct kview_proc *p)
{
	return p->state != PSTATE_UNUSED && p->state != PSTATE_ZOMBIE && p->bound;
}

static void procs_read(struct lint *l)
{
	l->nprocs = l->proctable ? kview_procs(&l->kv, l->m, l->procs, MAX_PROCS) : 0;
	if (l->proctable && !l->mem_lo) {
		uint32_t start, end;
		if (kview_free_range(&l->kv, l->m, &start, &end))
			l->mem_lo = start;
	}
}

/* ---- Masked stretches (LDE010) ---------------------------------------------- */

static uint64_t masked_bound(const struct lint *l)
{
	if (l->o.masked_max)
		return l->o.masked_max;
	uint64_t q = cpu_cr(l->m, CR_TPERIOD);
	if (q < QUANTUM_DEFAULT)
		q = QUANTUM_DEFAULT;
	return 2 * q;
}

/* A masked stretch begins at instruction n, at pc, how as what says (and,
 * for a trap entry, its cause: the words are made only for a report). */
static void mask_begin(struct lint *l, uint64_t n, uint32_t pc, const char *what, uint32_t cause)
{
	if (l->masked)
		return;
	l->masked = true;
	l->mstart = n;
	l->mpc = pc;
	l->mwhat = what;
	l->mcause = cause;
}

static void mask_end(struct lint *l, uint64_t n, const char *how)
{
	if (!l->masked)
		return;
	l->masked = false;
	uint64_t len = n - l->mstart, bound = masked_bound(l);
	if (len <= bound)
		return;
	report(l, LINT_LDE010, l->mpc, 0, l->mstart, cpu_pid(l->m), l->mpc,
	       "interrupts stayed masked in kernel mode for %llu instructions (from instruction %llu, "
	       "%s%s, %s at instruction %llu), more than %llu: all that time the timer could not take "
	       "the CPU back",
	       (unsigned long long)len, (unsigned long long)l->mstart, l->mwhat,
	       l->mcause < TRAP_COUNT ? cause_words(l->mcause) : "", how,
	       (unsigned long long)n, (unsigned long long)bound);
}

/* ---- What the machine tells the watcher ------------------------------------- */

/* The watch ranges: process memory (where the kernel touches a caller's
 * memory, or another's), and the hull of the pointer arguments of the
 * calls in progress (where a pointer used raw, or followed past the
 * bound, lands).  Every other kernel load or store is not told. */
static void ranges_update(struct lint *l)
{
	uint32_t plo = l->mem_lo ? l->mem_lo : l->kend, ram = cpu_mem_size(l->m);
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; i < NPST; i++) {
		const struct pst *p = &l->pst[i];
		for (unsigned k = 0; p->used && p->in_call && k < p->nptr; k++) {
			const struct uptr *u = &p->ptr[k];
			uint64_t a = u->oob ? (uint32_t)(p->base + u->lo) : u->lo, b = a + u->len;
			if (u->oob && b > 1ull << 32)
				a = 0, b = 1ull << 32;	/* it wraps: everything */
			if (a < lo)
				lo = a;
			if (b > hi)
				hi = b;
		}
	}
	l->wlo[0] = plo;
	l->wlen[0] = plo < ram ? ram - plo : 0;
	l->wlo[1] = hi ? (uint32_t)lo : 0;
	l->wlen[1] = hi ? (uint32_t)(hi - lo > UINT32_MAX ? UINT32_MAX : hi - lo) : 0;
	cpu_set_watch_ranges(l->m, l->wlo, l->wlen);
}

/* ---- Trap entry ------------------------------------------------------------ */

static void on_trap(struct lint *l, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	if (is_masked(ce->status_after) && !is_masked(ce->status_before))
		mask_begin(l, e->n, ce->handler, "trap entry for ", ce->cause);
	if (!(ce->status_before & STATUS_UM))
		return;
	const struct cpu *m = l->m;
	uint32_t base = cpu_cr(m, CR_BASE), bound = cpu_cr(m, CR_BOUND);
	struct pst *p = pst_find(l, key_of(e->pid, base), true);
	/* LDE006, as it happens: trap entry went where the program can write. */
	if (in_range(ce->handler, base, bound))
		report(l, LINT_LDE006, ce->cause, 0, e->n, e->pid, ce->handler,
		       "trap entry for %s jumped through the trap table to 0x%08x, inside pid %u's own "
		       "memory (base 0x%08x, bound 0x%08x): the program chose the code that runs in "
		       "kernel mode",
		       cause_words(ce->cause), ce->handler, e->pid, base, bound);
	/* The user registers, as the program had them. */
	cpu_regs(m, p->r);
	p->r[REG_sp] = word_at(m, cpu_reg(m, REG_sp) + FRAME_SP);
	p->snap = true;
	p->resume_pc = ce->pc;
	p->cause = ce->cause;
	p->trap_n = e->n;
	p->switches = l->switches;
	bool had_ptrs = p->in_call && p->nptr;
	p->in_call = ce->cause == TRAP_SYSCALL;
	p->nptr = 0;
	if (had_ptrs)
		ranges_update(l);
	p->procs_read = false;
	if (!p->in_call)
		return;
	p->call = p->r[REG_t0];
	for (unsigned i = 0; i < 4; i++)
		p->args[i] = p->r[REG_a0 + i];
	p->base = base;
	p->bound = bound;
	if (p->call >= NCALLS)
		return;
	const struct call_ptrs *c = &l->calls[p->call];
	for (unsigned i = 0; i < c->n; i++) {
		uint32_t lo = p->args[c->p[i].arg];
		uint32_t len = c->p[i].len_arg < 4 ? p->args[c->p[i].len_arg] : c->p[i].len;
		/* Only a valid pointer: the kernel should translate it.  (An
		 * invalid one it should refuse; touching base + it is LDE008's.) */
		if (!len)
			continue;
		bool oob = lo >= bound || (len > bound - lo && c->p[i].len_arg < 4);
		if (!oob && len > bound - lo)
			len = bound - lo;	/* a string or an array ends before its bound */
		if (!lo && !oob)
			continue;	/* NULL: "none" for wait's status_ptr */
		if (oob && len > 1u << 20)
			len = 1u << 20;	/* past the bound is enough to see */
		p->ptr[p->nptr++] = (struct uptr){ .arg = c->p[i].name, .lo = lo, .len = len, .oob = oob };
	}
	if (p->nptr)
		ranges_update(l);
}

/* ---- The kernel's accesses ----------------------------------------------------- */

/* LDE008: an access at addr, outside the caller's own memory, in process
 * memory: is it another live process's? */
static void other_memory(struct lint *l, struct pst *p, const struct cpu_watch *w)
{
	if (!p->procs_read) {
		procs_read(l);
		p->procs_read = true;
	}
	for (unsigned i = 0; i < l->nprocs; i++) {
		const struct kview_proc *q = &l->procs[i];
		if (q->pid == p->pid || !live(q) || !in_range(w->addr, q->base, q->bound))
			continue;
		if (q->state == PSTATE_EMBRYO && q->ppid == p->pid)
			continue;	/* a child it is making (fork) */
		report(l, LINT_LDE008, w->pc, 0, w->instret, p->pid, w->pc,
		       "while serving %s for pid %u, the kernel %s pid %u's memory at 0x%08x (pid %u "
		       "has base 0x%08x, bound 0x%08x): a system call may touch only its caller's "
		       "memory, inside its bound",
		       call_name(p->call), p->pid, w->kind == CPU_WATCH_STORE ? "wrote" : "read",
		       q->pid, w->addr, q->pid, q->base, q->bound);
		return;
	}
}

void lint_watch(void *lint, const struct cpu_watch *w)
{
	struct lint *l = lint;
	if (w->kind == CPU_WATCH_STATUS) {
		if (is_masked(w->after) && !is_masked(w->before))
			mask_begin(l, w->instret + 1, w->pc, "mtcr to STATUS", TRAP_COUNT);
		else if (is_masked(w->before) && !is_masked(w->after))
			mask_end(l, w->instret + 1, "until an mtcr to STATUS");
		return;
	}
	uint32_t pid = cpu_pid(l->m);
	struct pst *p = l->cur;
	if (!p || pid != l->cur_pid || !pid) {
		p = pst_find(l, key_of(pid, cpu_cr(l->m, CR_BASE)), false);
		l->cur = pid ? p : NULL;
		l->cur_pid = pid;
	}
	if (!p || !p->in_call)
		return;
	for (unsigned i = 0; i < p->nptr; i++) {
		struct uptr *u = &p->ptr[i];
		if (u->oob) {
			if (in_range(w->addr, p->base + u->lo, u->len) && !in_range(w->addr, p->base, p->bound))
				report(l, LINT_LDE013, w->pc, 0, w->instret, p->pid, w->pc,
				       "while serving %s for pid %u, the kernel %s 0x%08x, through %s "
				       "(0x%08x), whose range passes pid %u's bound (0x%08x): the kernel "
				       "must check the whole of a user pointer's range and refuse it",
				       call_name(p->call), p->pid,
				       w->kind == CPU_WATCH_STORE ? "wrote" : "read", w->addr, u->arg,
				       u->lo, p->pid, p->bound);
			continue;
		}
		if (in_range(w->addr, p->base + u->lo, u->len)) {
			u->translated = true;
		} else if (!u->raw && in_range(w->addr, u->lo, u->len) &&
			   !in_range(w->addr, p->base, p->bound)) {
			u->raw = true;
			u->raw_store = w->kind == CPU_WATCH_STORE;
			u->raw_n = w->instret;
			u->raw_pc = w->pc;
			u->raw_addr = w->addr;
		}
	}
	if (l->proctable && l->mem_lo && w->addr >= l->mem_lo && w->addr < cpu_mem_size(l->m) &&
	    !in_range(w->addr, p->base, p->bound))
		other_memory(l, p, w);
}

/* ---- Return-from-trap into user mode ------------------------------------------ */

/* Kernel memory a region [base, base + bound) covers: the first kernel
 * object in it, named, or false. */
static bool covers_kernel(struct lint *l, uint32_t base, uint32_t bound, uint32_t ksp,
			  char *what, size_t n)
{
	uint32_t ivec = cpu_cr(l->m, CR_IVEC);
	if (overlap(base, bound, ivec, 4 * TRAP_COUNT)) {
		snprintf(what, n, "the trap table (0x%08x)", ivec);
		return true;
	}
	if (ksp >= FRAME_BYTES && overlap(base, bound, ksp - FRAME_BYTES, FRAME_BYTES)) {
		snprintf(what, n, "its own kernel stack (KSP 0x%08x)", ksp);
		return true;
	}
	if (l->proctable) {
		uint32_t len = NPROC * l->kv.pcb_bytes;
		if (overlap(base, bound, l->kv.proc_table, len)) {
			snprintf(what, n, "the process table (proc_table, 0x%08x)", l->kv.proc_table);
			return true;
		}
	}
	if (overlap(base, bound, 0, l->kend)) {
		uint32_t at = base;
		char name[64];
		ev_symbolize(l->s, at, name, sizeof name);
		snprintf(what, n, "the kernel's own memory at 0x%08x%s%s%s", at, name[0] ? " (" : "",
			 name, name[0] ? ")" : "");
		return true;
	}
	return false;
}

/* A kernel address, as a leaked value: a word-aligned address the program
 * cannot use as its own (at or above its bound) in the kernel's data, or
 * near its kernel stack. */
static bool kernel_address(const struct lint *l, uint32_t v, uint32_t bound, uint32_t ksp)
{
	if ((v & 3) || v <= bound)
		return false;
	if (ksp && v <= ksp && ksp - v <= 4096)
		return true;
	if (!l->kernel)
		return false;
	for (uint32_t i = 0; i < l->kernel->nsegs; i++) {
		const struct img_seg *s = &l->kernel->segs[i];
		if (!(s->flags & SEG_EXEC) && in_range(v, s->addr, s->memsz))
			return true;
	}
	return false;
}

/* Where a process is placed (LDE003, LDE004, LDE005, LDE006, LDE012):
 * checked when it changed. */
static void check_placement(struct lint *l, const struct ev *e, uint32_t base, uint32_t bound,
			    uint32_t ksp)
{
	const struct cpu *m = l->m;
	uint32_t pc = e->raw->insn_pc, pid = e->pid, ivec = cpu_cr(m, CR_IVEC);
	char what[160];
	procs_read(l);
	if (covers_kernel(l, base, bound, ksp, what, sizeof what))
		report(l, LINT_LDE003, pc, 0, e->n, pid, pc,
		       "pid %u returns to user mode with base 0x%08x and bound 0x%08x, which put %s "
		       "inside its memory: base and bound must give a process its own region only",
		       pid, base, bound, what);
	for (unsigned i = 0; i < l->nprocs; i++) {
		const struct kview_proc *q = &l->procs[i];
		if (q->pid == pid || !live(q))
			continue;
		if (overlap(base, bound, q->base, q->bound))
			report(l, LINT_LDE004, pc, 0, e->n, pid, pc,
			       "pid %u returns to user mode with base 0x%08x and bound 0x%08x, which "
			       "overlap pid %u's memory (base 0x%08x, bound 0x%08x): each process must "
			       "have a region of its own",
			       pid, base, bound, q->pid, q->base, q->bound);
		struct pst *o = pst_find(l, key_of(q->pid, q->base), false);
		if (o && o->has_ksp && o->ksp == ksp && ksp)
			report(l, LINT_LDE012, pc, 0, e->n, pid, pc,
			       "pid %u returns to user mode with KSP 0x%08x, the kernel stack pid %u "
			       "also runs on: a trap in one would overwrite the registers the other "
			       "saved there",
			       pid, ksp, q->pid);
	}
	if (!ksp)
		report(l, LINT_LDE005, pc, 0, e->n, pid, pc,
		       "pid %u returns to user mode with no kernel stack (KSP is 0): its next trap "
		       "would push the trap frame at the top of nothing",
		       pid);
	else if (overlap(base, bound, ksp - FRAME_BYTES, FRAME_BYTES))
		report(l, LINT_LDE005, pc, 1, e->n, pid, pc,
		       "pid %u returns to user mode with KSP 0x%08x inside its own memory (base "
		       "0x%08x, bound 0x%08x): the program could rewrite the registers its next trap "
		       "saves, and the kernel would restore them",
		       pid, ksp, base, bound);
	for (uint32_t c = 0; c < TRAP_COUNT; c++) {
		uint32_t h = word_at(m, ivec + 4 * c);
		uint32_t owner = in_range(h, base, bound) ? pid : 0;
		for (unsigned i = 0; i < l->nprocs && !owner; i++)
			if (live(&l->procs[i]) && in_range(h, l->procs[i].base, l->procs[i].bound))
				owner = l->procs[i].pid;
		if (owner)
			report(l, LINT_LDE006, c, 0, e->n, pid, pc,
			       "the trap table's entry for %s (at 0x%08x) points at 0x%08x, inside pid "
			       "%u's memory: a program could write the code that trap entry runs in "
			       "kernel mode",
			       cause_words(c), ivec + 4 * c, h, owner);
	}
}

/* The system call that p returns from with result ret: were its pointers
 * used raw (LDE009)?  Only a call that succeeded is judged: a refused one
 * (a bad descriptor, say) need not touch its buffer at all, and what the
 * kernel touched then at those addresses was its own business. */
static void check_pointers(struct lint *l, struct pst *p, int32_t ret)
{
	for (unsigned i = 0; i < p->nptr && ret >= 0; i++) {
		const struct uptr *u = &p->ptr[i];
		if (u->oob || !u->raw || u->translated)
			continue;
		report(l, LINT_LDE009, u->raw_pc, p->call, u->raw_n, p->pid, u->raw_pc,
		       "while serving %s for pid %u, the kernel %s its own memory at 0x%08x, the user "
		       "pointer %s (0x%08x) taken as it came, and never pid %u's memory at base + %s "
		       "(0x%08x): a user address must be checked against the bound and relocated by "
		       "the base (the confused deputy)",
		       call_name(p->call), p->pid, u->raw_store ? "wrote" : "read", u->raw_addr,
		       u->arg, u->lo, p->pid, u->arg, p->base + u->lo);
	}
	p->in_call = false;
	if (p->nptr) {
		p->nptr = 0;
		ranges_update(l);
	}
}

static void on_iret_user(struct lint *l, const struct ev *e)
{
	const struct cpu *m = l->m;
	const struct cpu_event *ce = e->raw;
	uint32_t pid = e->pid, pc = ce->insn_pc;
	uint32_t base = cpu_cr(m, CR_BASE), bound = cpu_cr(m, CR_BOUND), ksp = cpu_cr(m, CR_KSP);
	uint64_t key = key_of(pid, base);
	struct pst *p = pst_find(l, key, true);
	if (l->any_user && key != l->last_key)
		l->switches++;
	l->any_user = true;
	l->last_key = key;

	if (!(ce->status_after & STATUS_IE))
		report(l, LINT_LDE001, pc, 0, e->n, pid, pc,
		       "pid %u enters user mode with interrupts masked (STATUS.IE is 0): a program that "
		       "never traps would keep the CPU forever",
		       pid);
	if (cpu_cr(m, CR_TIMER) == 0)
		report(l, LINT_LDE002, pc, 0, e->n, pid, pc,
		       "pid %u enters user mode with the timer not armed (CR_TIMER is 0): a program that "
		       "never traps would keep the CPU forever",
		       pid);
	uint32_t ivec = cpu_cr(m, CR_IVEC);
	if (!l->checked || l->ck_key != key || l->ck_base != base || l->ck_bound != bound ||
	    l->ck_ksp != ksp || l->ck_ivec != ivec) {
		check_placement(l, e, base, bound, ksp);
		l->checked = true;
		l->ck_key = key;
		l->ck_base = base;
		l->ck_bound = bound;
		l->ck_ksp = ksp;
		l->ck_ivec = ivec;
	}
	p->has_ksp = true;
	p->ksp = ksp;

	/* LDE007: the registers it trapped with, back as they were. */
	uint32_t regs[REG_COUNT];
	cpu_regs(m, regs);
	bool resumed = p->snap && ce->pc == p->resume_pc;
	uint32_t changed = 0;	/* bit r: register r is not what it trapped with */
	for (unsigned r = 1; r < REG_COUNT; r++)
		changed |= (uint32_t)(regs[r] != p->r[r]) << r;
	if (!resumed)
		changed = p->snap ? 0xFFFEu : 0;	/* a new context: every register is new */
	uint32_t lost = resumed ? changed & ~(p->cause == TRAP_SYSCALL ? 1u << REG_a0 : 0) : 0;
	for (unsigned r = 1; lost && r < REG_COUNT; r++) {
		uint32_t now = regs[r];
		if (!(lost & 1u << r))
			continue;
		bool switched = l->switches != p->switches;
		char how[80];
		if (switched)
			snprintf(how, sizeof how, "the switch");
		else if (p->cause == TRAP_SYSCALL)
			snprintf(how, sizeof how, "the return from the system call %s", call_name(p->call));
		else
			snprintf(how, sizeof how, "the return from the %s", cause_words(p->cause));
		report(l, LINT_LDE007, r, (uint64_t)switched << 32 | p->cause, e->n, pid, pc,
		       "%s lost %s of pid %u: it had 0x%08x when it trapped (%s, instruction %llu) and "
		       "is resumed with 0x%08x; what the trap saved must come back unchanged",
		       how, reg_name(r), pid, p->r[r], cause_words(p->cause),
		       (unsigned long long)p->trap_n, now);
	}
	/* LDE011: a kernel address in a register the kernel gave it (a process
	 * that never trapped, a new one, has nothing to compare with: a child
	 * starts with its parent's registers). */
	for (unsigned r = 1; changed && r < REG_COUNT; r++) {
		uint32_t now = regs[r];
		if (!(changed & 1u << r))
			continue;
		bool echo = false;	/* a system call's result that is one of its arguments */
		for (unsigned i = 0; resumed && r == REG_a0 && p->in_call && i < 4; i++)
			echo |= now == p->args[i];
		if (echo || !kernel_address(l, now, bound, ksp))
			continue;
		char name[64];
		ev_symbolize(l->s, now, name, sizeof name);
		report(l, LINT_LDE011, r, pc, e->n, pid, pc,
		       "pid %u is resumed with %s = 0x%08x%s%s%s, an address in the kernel's memory, not "
		       "in its own: the kernel lets the program see where it keeps its data",
		       pid, reg_name(r), now, name[0] ? " (" : "", name, name[0] ? ")" : "");
	}
	if (p->in_call)
		check_pointers(l, p, (int32_t)cpu_reg(m, REG_a0));
	if (l->proctable && !l->mem_lo) {	/* process memory's start, once boot has set it */
		uint32_t start, end;
		if (kview_free_range(&l->kv, m, &start, &end)) {
			l->mem_lo = start;
			ranges_update(l);
		}
	}
	p->snap = false;
}

int lint_sink(void *lint, const struct ev *e)
{
	struct lint *l = lint;
	const struct cpu_event *ce = e->raw;
	if (!l->ranges_set) {
		l->ranges_set = true;
		ranges_update(l);
	}
	switch (e->kind) {
	case EV_TRAP:
		on_trap(l, e);
		break;
	case EV_IRET:
		if (is_masked(ce->status_before) && !is_masked(ce->status_after))
			mask_end(l, e->n, "until return-from-trap");
		if (ce->status_after & STATUS_UM)
			on_iret_user(l, e);
		else if (is_masked(ce->status_after) && !is_masked(ce->status_before))
			mask_begin(l, e->n, ce->insn_pc, "return-from-trap into kernel mode", TRAP_COUNT);
		break;
	default:
		break;
	}
	return 0;
}

void lint_finish(struct lint *l)
{
	if (l->masked) {
		mask_end(l, cpu_instret(l->m), "still masked when the run ended");
		l->masked = true;
	}
}

const struct lint_finding *lint_findings(const struct lint *l, unsigned *n)
{
	struct lint *w = (struct lint *)l;	/* the copy only */
	free(w->list);
	w->list = l->nfound ? malloc(l->nfound * sizeof *w->list) : NULL;
	*n = w->list ? l->nfound : 0;
	for (unsigned i = 0; i < *n; i++)
		w->list[i] = l->found[i].f;
	return w->list;
}

bool lint_entered_user(const struct lint *l) { return l->any_user; }

uint64_t lint_unlisted(const struct lint *l) { return l->unlisted; }

unsigned lint_count(const struct lint *l, enum lint_severity sev)
{
	unsigned k = 0;
	for (unsigned i = 0; i < l->nfound; i++)
		k += lint_rules[l->found[i].f.rule].severity == sev;
	return k;
}
