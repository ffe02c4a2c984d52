/*
 * cpu.c - the machine: RAM, registers, control registers, base/bound, the
 * timer, the devices and the interpreter.
 *
 * The shape of the hot path: run_block() keeps pc, the budget and the
 * base/bound window in locals and executes instructions until its budget
 * (the instructions before the timer fires, or before the caller's limit)
 * runs out, or until an instruction needs the slow path: a fault, a trap,
 * anything that changes the mode, the window, the timer or the interrupt
 * state.  Then it writes its state back and returns to cpu_run(), which
 * does trap entry, interrupts, the timer and stops.  Tracing lives there
 * too, so the fast path pays nothing for it.
 *
 * Each instruction is described once, in run_block(); the same source
 * dispatches through computed goto (GCC/Clang) or a plain switch
 * (CPU_DISPATCH_SWITCH), chosen by the build.
 *
 * What makes it fast (each step measured in docs/performance.md): decode
 * once into a cache of 8-byte entries, one per word of RAM (of which the
 * host keeps only the pages code has run in, CPU_DCACHE_MAX bytes at most:
 * see dc_reserve()); test only the budget per instruction (a fence entry
 * past the window catches straight-line code that leaves it, jumps check
 * their target); base/bound as one compare; the common loop step (load or
 * store, add, branch) fused into one entry.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS, madvise */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu.h"
#include "image.h"

#ifndef MAP_NORESERVE	/* Linux's; without it the host may count the whole cache at once */
#define MAP_NORESERVE 0
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter reads guest words with host loads: port ld/st helpers for big-endian hosts"
#endif

#if !defined(CPU_DISPATCH_SWITCH) && !defined(__GNUC__)
#define CPU_DISPATCH_SWITCH 1
#endif

/*
 * Whether madvise(MADV_DONTNEED) is known to zero our memory: Linux's
 * behaviour for private anonymous mappings (the next touch of such a page
 * finds a new zero page), not POSIX's.  macOS keeps the bytes, and a
 * WebAssembly build's madvise does nothing.  Elsewhere memory is zeroed with
 * memset.  The build may force 0: tests/cpu does, to test that path on Linux.
 */
#ifndef CPU_MADVISE_ZEROES
#if defined(__linux__) && !defined(__EMSCRIPTEN__) && defined(MADV_DONTNEED)
#define CPU_MADVISE_ZEROES 1
#else
#define CPU_MADVISE_ZEROES 0
#endif
#endif

/* The most the decode cache may hold, in bytes of host pages that hold
 * entries (see dc_reserve()).  The build may set another: tests/cpu's
 * portable build sets a few pages, so that every test runs through its
 * evictions. */
#ifndef CPU_DCACHE_MAX
#define CPU_DCACHE_MAX (16u << 20)
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum { RUNNING = -1 };

/* Why run_block() returned (besides running out of budget). */
enum exit_reason {
	EXIT_BUDGET,	/* budget used up */
	EXIT_SYNC,	/* state changed: re-derive the window, look for interrupts */
	EXIT_FAULT,	/* m->exc_* describe a fault of the instruction at m->pc */
	EXIT_TRAP,	/* trap or break at m->pc retired: m->exc_cause */
	EXIT_WFI,	/* wfi at m->pc, not yet retired */
	EXIT_BREAKPOINT,	/* a breakpoint at m->pc, not yet executed */
};

/* One predecoded instruction (see decode()): 8 bytes, so that the
 * interpreter walks the cache with a pointer and finds an entry by a shift.
 * The handler is found from op: op 0 (a zeroed entry) is "decode me". */
struct dinsn {
	uint8_t op;		/* opcode, a DOP_* below, or 0 = not decoded */
	uint8_t a, b, c;	/* register fields; a destination r0 is SINK */
	int32_t imm;
};
_Static_assert(sizeof(struct dinsn) == 8, "a decode-cache entry is 8 bytes");

/* DOP_FENCE is the entry run_block() plants just past the end of the
 * window it runs in (see plant_fence()), so that running off the end of
 * the window in a straight line needs no test on every instruction. */
enum { DOP_ILLEGAL = 0xFF, DOP_FENCE = 0xFE, DOP_BREAKPOINT = 0xFD, SINK = REG_COUNT };
/* DOP_WATCH: a load or store decoded in kernel mode while a watcher is set
 * (cpu_set_watch); its opcode is in the entry's c, which loads and stores
 * do not use. */
enum { DOP_WATCH = 0xFC };

/*
 * Fused groups (superinstructions).  The step and test of almost every loop
 * is a load or store, a pointer or counter step, and a conditional branch;
 * such a group of two or three instructions decodes as one entry, its head,
 * that runs them all with one dispatch.  Each member keeps its own entry
 * with its own fields (a jump into the middle of a group runs from there),
 * and the head's handler reads them from there.  So a head is valid only
 * while the entries after it are: whatever forgets or replaces one of them
 * (a store, the host, a fence, a breakpoint) turns the heads before it back
 * into their first instruction alone (forget_heads()).  A group that a memory fault or the budget cuts short
 * just stops after the instructions that ran.
 */
#define FUSE_MEM(X, ...) X(LBU, __VA_ARGS__) X(LW, __VA_ARGS__) X(SB, __VA_ARGS__) X(SW, __VA_ARGS__)
#define FUSE_ALU(X, ...) X(ADD, __VA_ARGS__) X(ADDI, __VA_ARGS__)
#define FUSE_BR(X, ...) X(BEQ, __VA_ARGS__) X(BNE, __VA_ARGS__) X(BLT, __VA_ARGS__) \
	X(BGE, __VA_ARGS__) X(BLTU, __VA_ARGS__) X(BGEU, __VA_ARGS__)
/* X(first, second) and X3(first, second, third) for every group. */
#define FUSE_ALU_BR_(br, X) FUSE_ALU(X, br)
#define FUSE_MEM_ALU_(alu, X) FUSE_MEM(X, alu)
#define FUSE_PAIRS(X) FUSE_BR(FUSE_ALU_BR_, X) FUSE_ALU(FUSE_MEM_ALU_, X)
#define FUSE_T3_(mem, alu, br, X3) X3(mem, alu, br)
#define FUSE_T2_(alu, br, X3) FUSE_MEM(FUSE_T3_, alu, br, X3)
#define FUSE_T1_(br, X3) FUSE_ALU(FUSE_T2_, br, X3)
#define FUSE_TRIPLES(X3) FUSE_BR(FUSE_T1_, X3)

enum {
	DOP_FUSED_FIRST = 0x80,	/* above every opcode */
	DOP_FUSED_BEFORE = DOP_FUSED_FIRST - 1,
#define X(a, b) DOP_##a##_##b,
	FUSE_PAIRS(X)
#undef X
#define X3(a, b, c) DOP_##a##_##b##_##c,
	FUSE_TRIPLES(X3)
#undef X3
	DOP_FUSED_END
};
_Static_assert((int)DOP_FUSED_END <= (int)DOP_WATCH, "fused ops fit below the other DOPs");
#define INSN(name, mn, opc, form, flags, sem) \
	_Static_assert((opc) < DOP_FUSED_FIRST, #name "'s opcode is below the fused ops");
#include "isa.def"
#undef INSN

static bool is_head(uint8_t op) { return op >= DOP_FUSED_FIRST && op < DOP_FUSED_END; }

struct cpu {
	uint32_t r[REG_COUNT + 1];	/* r[SINK] takes writes to r0 */
	uint32_t pc;
	uint32_t cr[CR_COUNT];	/* CR_TIMER, INSTRET(H), PENDING are derived, not stored */

	uint8_t *ram;
	uint32_t ram_size;
	bool ram_dirty;		/* anything written since the last clear */
	struct dinsn *dc;	/* decode cache: one entry per word of RAM, and one past it */
	bool dc_stale;		/* the host may have written RAM: forget every entry */
	/* The decode cache's pages (host pages) that may hold entries: dc_live[pg]
	 * is 1 for those, dc_list lists them.  Every other page is all zeros,
	 * so that the host need not keep it.  See dc_reserve(). */
	uint8_t *dc_live;
	uint32_t *dc_list;
	uint32_t dc_nlive, dc_max, dc_peak;	/* pages live, the most that may be, the most that were */
	unsigned dc_shift;	/* log2 of the entries in a page */
	size_t dc_map;		/* bytes mapped for the cache: whole pages */
	uint64_t dc_flushes;	/* times the cache was full and emptied */
	struct dinsn *fence;	/* the entry run_block() replaced by its fence, or NULL */
	struct dinsn fence_saved;	/* what the fence replaced */
	struct dinsn fence_entry;	/* the fence itself */

	/* Breakpoints: physical word indexes.  Their words decode as
	 * DOP_BREAKPOINT and never join a fused group. */
	uint32_t bp[CPU_MAX_BREAKPOINTS];
	unsigned nbp;
	bool bp_step;		/* cpu_step: run the instruction at a breakpoint */
	struct dinsn *bp_rearm;	/* the breakpoint entry bp_step turned into its instruction */

	/* The address window of the current mode: an access of n bytes at
	 * address v is on the fast path iff v + n <= win_limit, and then lives
	 * at ram + win_base + v.  Kernel mode: base 0, limit ram_size.  User
	 * mode: BASE and BOUND, the limit clamped so that it never leaves RAM. */
	uint32_t win_base;
	uint64_t win_limit;

	/* Time is instructions retired plus ticks spent idle in wfi. */
	uint64_t instret;
	uint64_t idle;
	uint64_t timer_at;	/* time at which the timer fires; 0 = stopped */
	uint32_t pending;	/* bit n: interrupt cause n is pending */
	uint64_t masked_since;	/* INSTRET when kernel mode with IE = 0 began */

	/* Console input latch (one byte, like a UART's receive register). */
	bool cons_ready, cons_eof;
	uint8_t cons_byte;

	uint32_t trace_pid, trace_arg[2];

	/* The exception run_block() hands to cpu_run(). */
	uint32_t exc_cause, exc_addr;

	int stop;		/* RUNNING or an enum cpu_stop */
	bool hook_stop;		/* the hook asked to stop */
	uint32_t exit_status;
	char diag[200];

	struct cpu_io io;
	cpu_hook_fn hook;
	void *hook_ctx;
	cpu_watch_fn watch;	/* cpu_set_watch */
	void *watch_ctx;
	uint32_t watch_lo[2], watch_len[2];	/* cpu_set_watch_ranges */
	struct cpu_stats stats;
};

/* ---- Little helpers ---------------------------------------------------- */

static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline void st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

static uint64_t now(const struct cpu *m) { return m->instret + m->idle; }

static bool user_mode(const struct cpu *m) { return m->cr[CR_STATUS] & STATUS_UM; }

/* Kernel mode with interrupts off: nothing can take the CPU from the kernel. */
static bool masked(uint32_t status) { return !(status & (STATUS_UM | STATUS_IE)); }

/* Fold the masked stretch that began at masked_since and runs to now into
 * stats.masked_max.  Cheap: called only where STATUS changes and when a run
 * ends, never per instruction. */
static void masked_account(struct cpu *m)
{
	uint64_t len = m->instret - m->masked_since;
	if (len > m->stats.masked_max) {
		m->stats.masked_max = len;
		m->stats.masked_max_start = m->masked_since;
	}
}

/* STATUS has just changed from before: a masked stretch begins or ends. */
static void status_changed(struct cpu *m, uint32_t before)
{
	bool was = masked(before), is = masked(m->cr[CR_STATUS]);
	if (was && !is)
		masked_account(m);
	else if (!was && is)
		m->masked_since = m->instret;
}

static void set_diag(struct cpu *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_diag(struct cpu *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->diag, sizeof m->diag, fmt, ap);
	va_end(ap);
}

/* Recompute the fast-path window after a change of mode, BASE or BOUND. */
static void update_window(struct cpu *m)
{
	if (!user_mode(m)) {
		m->win_base = 0;
		m->win_limit = m->ram_size;
		return;
	}
	uint32_t base = m->cr[CR_BASE], bound = m->cr[CR_BOUND];
	if (base >= m->ram_size) {	/* nothing of the window is RAM */
		m->win_base = 0;
		m->win_limit = 0;
	} else {
		m->win_base = base;
		m->win_limit = bound < m->ram_size - base ? bound : m->ram_size - base;
	}
}

static size_t dc_bytes(uint32_t ram_size) { return ((size_t)ram_size / 4 + 1) * sizeof(struct dinsn); }

/* The decode cache's page that holds the entry of word w. */
static size_t dc_page(const struct cpu *m, size_t w) { return w >> m->dc_shift; }

/* The first instruction of each fused op. */
static const uint8_t head_first_op[DOP_FUSED_END] = {
#define X(a, b) [DOP_##a##_##b] = OP_##a,
	FUSE_PAIRS(X)
#undef X
#define X3(a, b, c) [DOP_##a##_##b##_##c] = OP_##a,
	FUSE_TRIPLES(X3)
#undef X3
};

/*
 * The entry at physical word w is about to change: the heads of fused
 * groups that reach it (a group is at most three long) become their first
 * instruction alone.  Not forgotten: a head may also be a member of a group
 * before it, which reads its fields, and a store into it must still see a
 * decoded entry there, so that it forgets that group too.
 */
static void forget_heads(struct dinsn *dc, size_t w)
{
	for (size_t k = 1; k <= 2 && k <= w; k++)
		if (is_head(dc[w - k].op))
			dc[w - k].op = head_first_op[dc[w - k].op];
}

/* Something other than a guest store wrote RAM at [p, p + n): forget the
 * decoded instructions there (also under a fence, if a hook wrote while
 * run_block() was running). */
static void forget(struct cpu *m, uint32_t p, uint32_t n)
{
	if (!n)
		return;
	size_t wfirst = p / 4, wlast = ((size_t)p + n - 1) / 4;
	struct dinsn *first = &m->dc[wfirst], *last = &m->dc[wlast];
	for (size_t w = wfirst, end; w <= wlast; w = end) {
		size_t pg = dc_page(m, w);	/* a page that is not live is all zeros already */
		end = (pg + 1) << m->dc_shift;
		if (end > wlast + 1)
			end = wlast + 1;
		if (m->dc_live[pg])
			memset(&m->dc[w], 0, (end - w) * sizeof *m->dc);
	}
	forget_heads(m->dc, wfirst);
	if (m->fence && m->fence >= first && m->fence <= last) {
		memset(&m->fence_saved, 0, sizeof m->fence_saved);
		*m->fence = m->fence_entry;
	} else if (m->fence && m->fence < first && first - m->fence <= 2 &&
		   is_head(m->fence_saved.op)) {	/* a head the fence stands in for */
		m->fence_saved.op = head_first_op[m->fence_saved.op];
	}
}

/* Zero len bytes from p, the start of a page of one of our private
 * anonymous mappings: where the host is known to zero pages it takes back,
 * by giving them back (which costs nothing for pages never touched), else
 * by writing zeros. */
static void zero_pages(void *p, size_t len)
{
#if CPU_MADVISE_ZEROES
	if (madvise(p, len, MADV_DONTNEED) == 0)
		return;
#endif
	memset(p, 0, len);
}

/* Forget every decoded instruction: every live page becomes zeros and
 * leaves the list (neighbours in the list that are neighbours in memory
 * are zeroed together). */
static void forget_all(struct cpu *m)
{
	size_t page = sizeof *m->dc << m->dc_shift;
	for (uint32_t i = 0, n; i < m->dc_nlive; i += n) {
		uint32_t first = m->dc_list[i];
		for (n = 1; i + n < m->dc_nlive && m->dc_list[i + n] == first + n; n++)
			;
		zero_pages((uint8_t *)m->dc + (size_t)first * page, (size_t)n * page);
		memset(m->dc_live + first, 0, n);
	}
	m->dc_nlive = 0;
	m->dc_stale = false;
}

/* Make page pg live. */
static void dc_mark(struct cpu *m, size_t pg)
{
	if (m->dc_live[pg])
		return;
	m->dc_live[pg] = 1;
	m->dc_list[m->dc_nlive++] = (uint32_t)pg;
	if (m->dc_nlive > m->dc_peak)
		m->dc_peak = m->dc_nlive;
}

/*
 * Entries w .. w + n - 1 are about to be written: make their pages live.
 * If that would make more than dc_max pages live, the cache is full:
 * forget everything first (the host takes the pages back where it zeroes
 * them) and start again, the fence, if run_block() has one up, back in
 * place.  So the cache never holds more than dc_max pages however code is
 * spread over RAM, and a page that was never written costs nothing.  n is
 * at most 3 (a fused group), so it fits after a flush beside the fence.
 */
static void dc_reserve(struct cpu *m, size_t w, size_t n)
{
	size_t first = dc_page(m, w), last = dc_page(m, w + n - 1), need = 0;
	for (size_t pg = first; pg <= last; pg++)
		need += !m->dc_live[pg];
	if (!need)
		return;
	if (m->dc_nlive + need > m->dc_max) {
		forget_all(m);
		m->dc_flushes++;
		if (m->fence) {
			dc_mark(m, dc_page(m, (size_t)(m->fence - m->dc)));
			memset(&m->fence_saved, 0, sizeof m->fence_saved);
			*m->fence = m->fence_entry;
		}
	}
	for (size_t pg = first; pg <= last; pg++)
		dc_mark(m, pg);
}

static void emit(struct cpu *m, struct cpu_event *ev)
{
	if (!m->hook)
		return;
	ev->instret = m->instret;
	ev->pid = m->trace_pid;
	if (m->hook(m->hook_ctx, ev))
		m->hook_stop = true;
}

static void stop(struct cpu *m, enum cpu_stop why, uint32_t status)
{
	m->stop = why;
	m->exit_status = status;
	if (why == CPU_STOP_HALT || why == CPU_STOP_POWEROFF) {
		struct cpu_event ev = { .kind = CPU_EV_STOP, .pc = m->pc, .code = status };
		emit(m, &ev);
	}
}

/* ---- Console input ------------------------------------------------------ */

/* Ask the host for a byte if none is waiting.  idle: see struct cpu_io. */
static void console_pull(struct cpu *m, uint64_t idle)
{
	if (m->cons_ready)
		return;
	int c = m->io.getc ? m->io.getc(m->io.ctx, idle) : CPU_IN_EOF;
	if (c >= 0) {
		m->cons_ready = true;
		m->cons_eof = false;
		m->cons_byte = (uint8_t)c;
		m->pending |= 1u << TRAP_CONSOLE;
	} else if (c == CPU_IN_EOF) {
		m->cons_eof = true;
	}
}

/* ---- The slow path of memory: faults and devices ------------------------- */

/*
 * An access of size bytes at address v that missed the fast-path window.
 * Returns 0 after doing a device access, or the trap cause.  Alignment has
 * been checked already.  This and the window are the whole of base/bound.
 */
static uint32_t access_slow(struct cpu *m, uint32_t v, unsigned size, bool store,
			    uint32_t *val)
{
	if (user_mode(m)) {
		if ((uint64_t)v + size > m->cr[CR_BOUND])
			return TRAP_PROTECTION;
		uint64_t p = (uint64_t)m->cr[CR_BASE] + v;
		if (p + size > m->ram_size)
			return TRAP_BUS;
		/* In bounds, in the last word of a window whose BOUND is not a
		 * multiple of 4 (the fast path takes whole words only). */
		if (store) {
			memcpy(m->ram + p, val, size);	/* little-endian: the low bytes */
			forget(m, (uint32_t)p, size);
		} else {
			*val = 0;
			memcpy(val, m->ram + p, size);
		}
		return 0;
	}
	if (v < DEV_BASE || v - DEV_BASE >= 4u * DEV_COUNT || size != 4)
		return TRAP_BUS;
	switch (v - DEV_BASE) {
	case DEVREG_CONS_OUT:
		if (!store)
			return TRAP_BUS;
		if (m->io.putc)
			m->io.putc(m->io.ctx, (uint8_t)*val);
		return 0;
	case DEVREG_CONS_STATUS:
		if (store)
			return TRAP_BUS;
		console_pull(m, 0);
		*val = (m->cons_ready ? CONS_READY : 0) | (m->cons_eof ? CONS_EOF : 0);
		return 0;
	case DEVREG_CONS_IN:
		if (store)
			return TRAP_BUS;
		console_pull(m, 0);
		*val = m->cons_ready ? m->cons_byte : 0;
		m->cons_ready = false;
		m->pending &= ~(1u << TRAP_CONSOLE);
		return 0;
	case DEVREG_POWER:
		if (!store)
			return TRAP_BUS;
		stop(m, CPU_STOP_POWEROFF, *val);
		return 0;
	case DEVREG_TRACE_PID:
		if (store)
			m->trace_pid = *val;
		else
			*val = m->trace_pid;
		return 0;
	case DEVREG_TRACE_ARG0:
	case DEVREG_TRACE_ARG1: {
		uint32_t *arg = &m->trace_arg[(v - DEV_BASE - DEVREG_TRACE_ARG0) / 4];
		if (store)
			*arg = *val;
		else
			*val = *arg;
		return 0;
	}
	case DEVREG_TRACE_EVENT: {
		if (!store)
			return TRAP_BUS;
		struct cpu_event ev = { .kind = CPU_EV_OS, .pc = m->pc, .code = *val,
					.arg0 = m->trace_arg[0], .arg1 = m->trace_arg[1] };
		emit(m, &ev);
		return 0;
	}
	default:
		return TRAP_BUS;
	}
}

/* ---- Control registers ---------------------------------------------------- */

static uint32_t cr_read(const struct cpu *m, unsigned cr)
{
	switch (cr) {
	case CR_TIMER:
		return m->timer_at ? (uint32_t)(m->timer_at - now(m)) : 0;
	case CR_INSTRET:
		return (uint32_t)m->instret;
	case CR_INSTRETH:
		return (uint32_t)(m->instret >> 32);
	case CR_PENDING:
		return m->pending;
	default:
		return m->cr[cr];
	}
}

/* Write a control register as the host may: any bit of any register. */
static void cr_write_any(struct cpu *m, unsigned cr, uint32_t v)
{
	switch (cr) {
	case CR_STATUS: {
		uint32_t before = m->cr[cr];
		m->cr[cr] = v & STATUS_MASK;
		status_changed(m, before);
		break;
	}
	case CR_IVEC:
	case CR_BASE:	/* word-granular: the low 2 bits read as 0 */
		m->cr[cr] = v & ~3u;
		break;
	case CR_TIMER:
		/* A new count starts a fresh interval: an expiry still pending
		 * from the old one is forgotten, so it cannot cut the new one
		 * short (the kernel re-arms at dispatch: a fresh quantum). */
		m->timer_at = v ? now(m) + v : 0;
		m->pending &= ~(1u << TRAP_TIMER);
		break;
	case CR_INSTRET:
	case CR_INSTRETH: {
		/* Setting the counter is not time passing: keep the timer's count. */
		uint64_t left = m->timer_at ? m->timer_at - now(m) : 0;
		if (cr == CR_INSTRET)
			m->instret = (m->instret & ~0xFFFFFFFFull) | v;
		else
			m->instret = (m->instret & 0xFFFFFFFFull) | (uint64_t)v << 32;
		if (m->timer_at)
			m->timer_at = now(m) + left;
		break;
	}
	case CR_PENDING:
		m->pending = v & ((1u << TRAP_COUNT) - 1);
		break;
	default:
		m->cr[cr] = v;
		break;
	}
	update_window(m);
}

/* ---- Trap entry and return-from-trap ---------------------------------------- */

static void double_fault(struct cpu *m, uint32_t cause, const char *why)
{
	set_diag(m, "double fault: trap entry for %s at pc 0x%08x failed: %s",
		 isa_causes[cause].text, m->pc, why);
	struct cpu_event ev = { .kind = CPU_EV_DOUBLE_FAULT, .cause = cause, .pc = m->pc };
	emit(m, &ev);
	m->stop = CPU_STOP_DOUBLE_FAULT;
}

/*
 * Trap entry, all in one step as the hardware does it: pick the stack (the
 * kernel stack CR_KSP when coming from user mode), push the frame (pc,
 * status, sp, cause), enter kernel mode with interrupts off, record cause and
 * faulting address, and jump through the interrupt vector.  m->pc is the
 * instruction that trapped (for interrupts: the next one to run).
 */
static void trap_enter(struct cpu *m, uint32_t cause, uint32_t faddr)
{
	uint32_t insn_pc = m->pc;
	uint32_t pushed_pc = isa_causes[cause].pushed == PUSH_NEXT &&
			     isa_causes[cause].kind == CAUSE_TRAP ? insn_pc + 4 : insn_pc;
	uint32_t status = m->cr[CR_STATUS];
	bool from_user = status & STATUS_UM;
	uint32_t sp = from_user ? m->cr[CR_KSP] : m->r[REG_sp];
	uint32_t vec = m->cr[CR_IVEC] + 4 * cause;

	char why[120];

	if ((sp & 3) || sp < FRAME_BYTES || sp > m->ram_size) {
		snprintf(why, sizeof why, "the stack pointer 0x%08x leaves no room for the trap frame in RAM", sp);
		double_fault(m, cause, why);
		return;
	}
	if (vec < m->cr[CR_IVEC] || (uint64_t)vec + 4 > m->ram_size) {
		snprintf(why, sizeof why, "the vector entry at 0x%08x is outside RAM", vec);
		double_fault(m, cause, why);
		return;
	}
	uint32_t handler = ld32(m->ram + vec);
	if ((handler & 3) || (uint64_t)handler + 4 > m->ram_size) {
		snprintf(why, sizeof why, "the handler address 0x%08x is not a word in RAM", handler);
		double_fault(m, cause, why);
		return;
	}

	sp -= FRAME_BYTES;
	st32(m->ram + sp + FRAME_PC, pushed_pc);
	st32(m->ram + sp + FRAME_STATUS, status);
	st32(m->ram + sp + FRAME_SP, m->r[REG_sp]);
	st32(m->ram + sp + FRAME_CAUSE, cause);
	forget(m, sp, FRAME_BYTES);
	m->ram_dirty = true;

	uint32_t new_status = (status & STATUS_UM ? STATUS_PUM : 0) | (status & STATUS_IE ? STATUS_PIE : 0);
	m->cr[CR_STATUS] = new_status;
	status_changed(m, status);
	m->cr[CR_CAUSE] = cause;
	m->cr[CR_FADDR] = faddr;
	m->r[REG_sp] = sp;
	m->pc = handler;
	if (cause == TRAP_TIMER)
		m->pending &= ~(1u << TRAP_TIMER);
	update_window(m);

	m->stats.traps[cause]++;
	if (from_user)
		m->stats.to_kernel++;
	struct cpu_event ev = { .kind = CPU_EV_TRAP, .cause = cause, .pc = pushed_pc,
				.insn_pc = insn_pc, .faddr = faddr, .handler = handler,
				.status_before = status, .status_after = new_status };
	emit(m, &ev);
}

/* Return-from-trap: pop pc, status and sp at once.  Returns 0 or a fault
 * cause (with m->exc_addr set), in which case nothing has changed. */
static uint32_t do_iret(struct cpu *m)
{
	uint32_t sp = m->r[REG_sp];
	if (sp & 3) {
		m->exc_addr = sp;
		return TRAP_MISALIGNED;
	}
	if ((uint64_t)sp + FRAME_BYTES > m->ram_size) {
		m->exc_addr = sp;
		return TRAP_BUS;
	}
	uint32_t pc = ld32(m->ram + sp + FRAME_PC);
	if (pc & 3) {
		m->exc_addr = pc;
		return TRAP_MISALIGNED;
	}
	uint32_t before = m->cr[CR_STATUS], iret_pc = m->pc;
	uint32_t status = ld32(m->ram + sp + FRAME_STATUS) & STATUS_MASK;
	m->r[REG_sp] = ld32(m->ram + sp + FRAME_SP);
	m->cr[CR_STATUS] = status;
	status_changed(m, before);
	m->pc = pc;
	update_window(m);

	m->stats.irets++;
	if (status & STATUS_UM)
		m->stats.to_user++;
	struct cpu_event ev = { .kind = CPU_EV_IRET, .pc = pc, .insn_pc = iret_pc,
				.status_before = before, .status_after = status };
	emit(m, &ev);
	return 0;
}

/* ---- The interpreter ------------------------------------------------------ */

/*
 * Fill a decode-cache entry from an instruction word: the opcode (or
 * DOP_ILLEGAL for a word that is not a valid instruction), the register
 * fields, and the immediate extended as its form says (branch and jal
 * offsets in words, as the interpreter counts the pc).  A destination r0 becomes SINK, so handlers
 * write without a test and r0 stays 0.
 */
/* The fused op of a group of two or three instructions, or 0. */
static unsigned fused_op(unsigned op1, unsigned op2, unsigned op3)
{
#define X3(a, b, c) if (op1 == OP_##a && op2 == OP_##b && op3 == OP_##c) return DOP_##a##_##b##_##c;
	FUSE_TRIPLES(X3)
#undef X3
#define X(a, b) if (op1 == OP_##a && op2 == OP_##b && op3 == 0) return DOP_##a##_##b;
	FUSE_PAIRS(X)
#undef X
	return 0;
}

static unsigned opcode_of(uint32_t w) { return isa_valid(w) ? insn_op(w) : 0; }

static void decode_one(struct dinsn *d, uint32_t w)
{
	const struct isa_insn *in = isa_valid(w) ? isa_by_opcode(insn_op(w)) : NULL;
	memset(d, 0, sizeof *d);
	if (!in) {
		d->op = DOP_ILLEGAL;
		return;
	}
	unsigned a = insn_a(w);
	d->op = in->opcode;
	d->a = (uint8_t)(a ? a : SINK);
	d->b = (uint8_t)insn_b(w);
	d->c = (uint8_t)insn_c(w);
	switch (in->form) {
	case FORM_ST:
	case FORM_BR:
		d->a = (uint8_t)a;	/* a is read, not written */
		break;
	default:
		break;
	}
	switch (in->form) {
	case FORM_RI: case FORM_LD: case FORM_ST: case FORM_JALR:
		d->imm = insn_simm16(w);
		break;
	case FORM_RU: case FORM_SH: case FORM_MFCR: case FORM_MTCR:
		d->imm = (int32_t)insn_uimm16(w);
		break;
	case FORM_LUI:
		d->imm = (int32_t)(insn_uimm16(w) << 16);
		break;
	case FORM_BR:
		d->imm = insn_simm16(w);
		break;
	case FORM_JAL:
		d->imm = insn_simm20(w);
		break;
	default:
		break;
	}
}

static bool is_breakpoint(const struct cpu *m, size_t w)
{
	for (unsigned i = 0; i < m->nbp; i++)
		if (m->bp[i] == w)
			return true;
	return false;
}

/*
 * Decode the word at p into d, where the words p .. p + 4 * (avail - 1) are
 * all in the window.  If it heads a fused group, decode the group's other
 * members into the entries after d first, then make d the head.  A
 * breakpoint's word decodes as DOP_BREAKPOINT and ends any group before it.
 * It writes d[0] to d[2] at most: a group is at most three long, and the
 * group a member heads ends where its own does (a triple's second heads a
 * pair with the third; a pair's second heads none, or the pair would have
 * been a triple).
 */
static void decode_group(const struct cpu *m, struct dinsn *d, const uint8_t *p, size_t avail)
{
	uint32_t w = ld32(p);
	decode_one(d, w);
	if (unlikely(m->watch) && !user_mode(m) && isa_valid(w) &&
	    (isa_by_opcode(insn_op(w))->form == FORM_LD || isa_by_opcode(insn_op(w))->form == FORM_ST)) {
		d->c = d->op;	/* a load or store heads no group */
		d->op = DOP_WATCH;
	}
	if (m->nbp) {
		size_t at = (size_t)(d - m->dc);
		if (is_breakpoint(m, at)) {
			d->op = DOP_BREAKPOINT;
			return;
		}
		for (size_t k = 1; k < 3 && k < avail; k++)
			if (is_breakpoint(m, at + k))
				avail = k;
	}
	if (d->op == DOP_WATCH)
		return;
	unsigned op1 = opcode_of(w);
	unsigned op2 = avail >= 2 ? opcode_of(ld32(p + 4)) : 0;
	unsigned op3 = avail >= 3 ? opcode_of(ld32(p + 8)) : 0;
	unsigned fused = op1 && op2 && op3 ? fused_op(op1, op2, op3) : 0;
	if (!fused)
		fused = op1 && op2 ? fused_op(op1, op2, 0) : 0;
	if (!fused)
		return;
	decode_group(m, &d[1], p + 4, avail - 1);	/* a member may head a group of its own */
	d->op = (uint8_t)fused;
}

/* decode_group(), with the pages it may write made live first.  Kept out
 * of line, like forget_stored(): clang inlined both into run_block() once
 * they had grown, which changed how it allocates registers there, and the
 * sieve ran 2% slower (the dispatch took an lea and an add for one lea). */
static __attribute__((noinline)) void decode(struct cpu *m, struct dinsn *d, const uint8_t *p,
					     size_t avail)
{
	dc_reserve(m, (size_t)(d - m->dc), avail < 3 ? avail : 3);
	decode_group(m, d, p, avail);
}

/* A guest store changed the decoded instruction at address v of the
 * current window.  Out of line, as decode() (see there). */
static __attribute__((noinline)) void forget_stored(struct cpu *m, uint32_t v)
{
	forget(m, m->win_base + v, 1);
}

/* A watched load or store (DOP_WATCH) at pc, of address v, about to run
 * in kernel mode: tell the watcher.  Out of line, as decode(). */
static __attribute__((noinline)) void watch_access(struct cpu *m, uint32_t pc, uint32_t v,
						   unsigned op, uint64_t retired)
{
	const struct isa_insn *in = isa_by_opcode(op);
	struct cpu_watch w = {
		.kind = in->form == FORM_ST ? CPU_WATCH_STORE : CPU_WATCH_LOAD, .instret = retired,
		.pc = pc, .addr = v,
		.size = op == OP_LW || op == OP_SW ? 4 : op == OP_LH || op == OP_LHU || op == OP_SH ? 2 : 1,
	};
	if (m->watch)
		m->watch(m->watch_ctx, &w);
}

/* mtcr while a watcher is set: the write, then a change of STATUS told.
 * m->pc is past the mtcr. */
static __attribute__((noinline)) void mtcr_watched(struct cpu *m, unsigned cr, uint32_t v)
{
	uint32_t before = m->cr[CR_STATUS];
	cr_write_any(m, cr, v);
	if (cr == CR_STATUS) {
		struct cpu_watch w = { .kind = CPU_WATCH_STATUS, .instret = m->instret - 1,
				       .pc = m->pc - 4, .before = before, .after = m->cr[CR_STATUS] };
		m->watch(m->watch_ctx, &w);
	}
}

/* Where run_block() puts its fence: the entry just past the window. */
static struct dinsn *fence_at(const struct cpu *m)
{
	return m->dc + m->win_base / 4 + (uint32_t)(m->win_limit / 4);
}

/* Put the fence at `at` (fence_at()), keeping what was there; lift_fence()
 * puts it back.  Only run_block() has a fence up, and run() has made its
 * page live. */
static void plant_fence(struct cpu *m, struct dinsn *at)
{
	forget_heads(m->dc, (size_t)(at - m->dc));	/* groups that would run past it */
	m->fence = at;
	m->fence_saved = *at;
	memset(&m->fence_entry, 0, sizeof m->fence_entry);
	m->fence_entry.op = DOP_FENCE;
	*at = m->fence_entry;
}

static void lift_fence(struct cpu *m)
{
	if (m->fence) {
		*m->fence = m->fence_saved;
		m->fence = NULL;
	}
}

/*
 * Execute at most n instructions.  Returns why it stopped; the number that
 * retired has been added to m->instret.  On EXIT_FAULT, m->pc is the
 * faulting instruction (not retired) and m->exc_* say what happened.
 *
 * Instructions run from the decode cache: the entry for the word at
 * physical address p is m->dc[p / 4], decoded the first time it runs and
 * forgotten when anything stores to that word.
 *
 * What the hot path tests per instruction is the budget only.  A fetch
 * must also lie inside the window: jumps and taken branches check their
 * target, and straight-line code that runs off the end of the window meets
 * the fence, an entry planted just past it whose handler faults.
 */
static enum exit_reason run_block(struct cpu *m, uint64_t n)
{
	uint32_t *const R = m->r;
	uint8_t *const ram = m->ram + m->win_base;
	struct dinsn *const dcw = m->dc + m->win_base / 4;
	const uint32_t wlimit = (uint32_t)(m->win_limit / 4);	/* fetch of word w valid iff w < wlimit */
	const uint64_t start = m->instret;
	int64_t budget = (int64_t)n;	/* instructions left to dispatch */
	size_t wi = 0;		/* the pc, in words: PC is wi * 4; below wlimit */
	uint32_t target = 0;	/* a jump's target, in words, when it leaves the window */
	enum exit_reason why;

#define PC ((uint32_t)wi << 2)
/* Leave the block: write back pc and the count of retired instructions. */
#define WRITEBACK() (m->pc = PC, m->instret = start + (n - (uint64_t)budget))
/* The current instruction faults: it does not retire and changes nothing. */
#define FAULT(cause, addr) do { budget++; m->exc_cause = (cause); m->exc_addr = (addr); \
	why = EXIT_FAULT; goto leave; } while (0)
#define A dcw[wi].a
#define B dcw[wi].b
#define C dcw[wi].c
#define IMM dcw[wi].imm
#define PRIVILEGED() do { if (unlikely(user_mode(m))) FAULT(TRAP_PRIVILEGED, PC); } while (0)
/* Load or store of `size` bytes at address `v`: the checks in order
 * alignment, then the window (base/bound in one compare), then the slow path.
 * An aligned access lies in the window's whole words iff it starts below
 * their end; the slow path does the rest of a last partial word. */
#define CHECK_ALIGN(v, size) do { if (unlikely((v) & ((size) - 1))) FAULT(TRAP_MISALIGNED, v); } while (0)
#define IN_WINDOW(v, size) likely((v) / 4 < wlimit)

#ifdef CPU_DISPATCH_SWITCH
#define vmdispatch() dispatch: switch (dcw[wi].op)
#define vmcase(name) case OP_##name:
#define vmcase_dop(name) case DOP_##name:
#define vmjump() goto dispatch
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Woverride-init"	/* the range, then the real handlers */
	/* The handler of each op; 0, a zeroed entry, is "not decoded yet". */
	static const void *const handler_of[256] = {
		[0 ... 255] = &&op_illegal,
		[0] = &&op_decode,
#define INSN(name, mn, opc, form, flags, sem) [opc] = &&op_##name,
#include "isa.def"
#undef INSN
#define X(a, b) [DOP_##a##_##b] = &&op_##a##_##b,
		FUSE_PAIRS(X)
#undef X
#define X3(a, b, c) [DOP_##a##_##b##_##c] = &&op_##a##_##b##_##c,
		FUSE_TRIPLES(X3)
#undef X3
		[DOP_FENCE] = &&op_fence,
		[DOP_BREAKPOINT] = &&op_breakpoint,
		[DOP_WATCH] = &&op_WATCH,
	};
#define vmdispatch()
#define vmcase(name) op_##name:
#define vmcase_dop(name) op_##name:
#define vmjump() goto *handler_of[dcw[wi].op]
#endif

/* Dispatch the instruction at wi, or leave when the budget is used up. */
#define NEXT() do { if (unlikely(--budget < 0)) goto out_of_budget; vmjump(); } while (0)
/* Go on at word w: inside the window, or a fetch fault there. */
#define GOTO_WORD(w) do { target = (w); \
	if (unlikely(target >= wlimit)) goto fetch_outside; \
	wi = target; NEXT(); } while (0)
#define ALU(expr) do { R[A] = (expr); wi++; NEXT(); } while (0)
#define BRANCH(cond) do { if (cond) GOTO_WORD((uint32_t)wi + (uint32_t)IMM); wi++; NEXT(); } while (0)

	plant_fence(m, dcw + wlimit);
	if (unlikely(m->pc & 3)) {	/* only the host can set such a pc */
		m->exc_cause = TRAP_MISALIGNED;
		m->exc_addr = m->pc;
		why = EXIT_FAULT;
		goto done;
	}
	GOTO_WORD(m->pc / 4);

	vmdispatch() {
#ifdef CPU_DISPATCH_SWITCH
	case 0:
#else
	op_decode:
#endif
		decode(m, &dcw[wi], ram + PC, wlimit - wi);
		vmjump();

	/* The instructions that fuse with a following branch, and the branches. */
#define EXPR_ADD (R[B] + R[C])
#define EXPR_ADDI (R[B] + (uint32_t)IMM)
#define COND_BEQ (R[A] == R[B])
#define COND_BNE (R[A] != R[B])
#define COND_BLT ((int32_t)R[A] < (int32_t)R[B])
#define COND_BGE ((int32_t)R[A] >= (int32_t)R[B])
#define COND_BLTU (R[A] < R[B])
#define COND_BGEU (R[A] >= R[B])

/* What the instructions that fuse do, without moving on: the handlers
 * below and the fused groups share them.  A load or store outside the
 * window goes to the slow path; a store that hits a decoded instruction
 * forgets it (and the heads of groups that reach it) and ends the group. */
#define DO_LOAD(size, expr) do { \
	uint32_t v = R[B] + (uint32_t)IMM; \
	CHECK_ALIGN(v, size); \
	if (!IN_WINDOW(v, size)) goto load_slow; \
	const uint8_t *p = ram + v; \
	R[A] = (expr); } while (0)
#define DO_STORE(size, stmt) do { \
	uint32_t v = R[B] + (uint32_t)IMM, x = R[A]; \
	CHECK_ALIGN(v, size); \
	if (!IN_WINDOW(v, size)) goto store_slow; \
	uint8_t *p = ram + v; \
	stmt; \
	if (unlikely(dcw[v / 4].op)) { forget_stored(m, v); wi++; NEXT(); } } while (0)
#define EFF_LBU DO_LOAD(1, *p)
#define EFF_LW  DO_LOAD(4, ld32(p))
#define EFF_SB  DO_STORE(1, *p = (uint8_t)x)
#define EFF_SW  DO_STORE(4, st32(p, x))
#define EFF_ADD  (R[A] = EXPR_ADD)
#define EFF_ADDI (R[A] = EXPR_ADDI)
/* Do it and go on: the last instruction of a group. */
#define FINISH_ADD  ALU(EXPR_ADD)
#define FINISH_ADDI ALU(EXPR_ADDI)
#define FINISH_BEQ  BRANCH(COND_BEQ)
#define FINISH_BNE  BRANCH(COND_BNE)
#define FINISH_BLT  BRANCH(COND_BLT)
#define FINISH_BGE  BRANCH(COND_BGE)
#define FINISH_BLTU BRANCH(COND_BLTU)
#define FINISH_BGEU BRANCH(COND_BGEU)

	vmcase(ADD)   FINISH_ADD;
	vmcase(SUB)   ALU(R[B] - R[C]);
	vmcase(AND)   ALU(R[B] & R[C]);
	vmcase(OR)    ALU(R[B] | R[C]);
	vmcase(XOR)   ALU(R[B] ^ R[C]);
	vmcase(SLL)   ALU(R[B] << (R[C] & 31));
	vmcase(SRL)   ALU(R[B] >> (R[C] & 31));
	vmcase(SRA)   ALU((uint32_t)((int32_t)R[B] >> (R[C] & 31)));
	vmcase(SLT)   ALU((int32_t)R[B] < (int32_t)R[C]);
	vmcase(SLTU)  ALU(R[B] < R[C]);
	vmcase(MUL)   ALU(R[B] * R[C]);
	vmcase(MULH)  ALU((uint32_t)((uint64_t)((int64_t)(int32_t)R[B] * (int32_t)R[C]) >> 32));
	vmcase(MULHU) ALU((uint32_t)(((uint64_t)R[B] * R[C]) >> 32));
	vmcase(DIV)
		if (unlikely(R[C] == 0)) FAULT(TRAP_DIVZERO, PC);
		ALU(R[B] == 0x80000000u && R[C] == 0xFFFFFFFFu ? 0x80000000u
		    : (uint32_t)((int32_t)R[B] / (int32_t)R[C]));
	vmcase(DIVU)
		if (unlikely(R[C] == 0)) FAULT(TRAP_DIVZERO, PC);
		ALU(R[B] / R[C]);
	vmcase(REM)
		if (unlikely(R[C] == 0)) FAULT(TRAP_DIVZERO, PC);
		ALU(R[C] == 0xFFFFFFFFu ? 0 : (uint32_t)((int32_t)R[B] % (int32_t)R[C]));
	vmcase(REMU)
		if (unlikely(R[C] == 0)) FAULT(TRAP_DIVZERO, PC);
		ALU(R[B] % R[C]);

	/* Immediates come extended by decode(): sign or zero as the form says. */
	vmcase(ADDI)  FINISH_ADDI;
	vmcase(SLTI)  ALU((int32_t)R[B] < IMM);
	vmcase(SLTIU) ALU(R[B] < (uint32_t)IMM);
	vmcase(ANDI)  ALU(R[B] & (uint32_t)IMM);
	vmcase(ORI)   ALU(R[B] | (uint32_t)IMM);
	vmcase(XORI)  ALU(R[B] ^ (uint32_t)IMM);
	vmcase(SLLI)  ALU(R[B] << IMM);
	vmcase(SRLI)  ALU(R[B] >> IMM);
	vmcase(SRAI)  ALU((uint32_t)((int32_t)R[B] >> IMM));
	vmcase(LUI)   ALU((uint32_t)IMM);


	/* The loads and stores, and what each does: their handlers, and a
	 * watched one's (DOP_WATCH) after it has told the watcher. */
#define MEM_OPS(X) \
	X(LB,  DO_LOAD(1, (uint32_t)(int32_t)(int8_t)*p)) \
	X(LBU, EFF_LBU) \
	X(LH,  DO_LOAD(2, (uint32_t)(int32_t)(int16_t)ld16(p))) \
	X(LHU, DO_LOAD(2, ld16(p))) \
	X(LW,  EFF_LW) \
	X(SB,  EFF_SB) \
	X(SH,  DO_STORE(2, st16(p, (uint16_t)x))) \
	X(SW,  EFF_SW)
#define X(name, eff) vmcase(name) { eff; wi++; NEXT(); }
	MEM_OPS(X)
#undef X
	vmcase_dop(WATCH) {
		uint32_t v = R[B] + (uint32_t)IMM;
		if ((v - m->watch_lo[0] < m->watch_len[0] || v - m->watch_lo[1] < m->watch_len[1]) &&
		    !user_mode(m))
			watch_access(m, PC, v, C, start + (n - (uint64_t)budget) - 1);
	}
		switch (C) {
#define X(name, eff) case OP_##name: { eff; wi++; NEXT(); }
		MEM_OPS(X)
#undef X
		default:
			FAULT(TRAP_ILLEGAL, PC);
		}

	vmcase(BEQ)  FINISH_BEQ;
	vmcase(BNE)  FINISH_BNE;
	vmcase(BLT)  FINISH_BLT;
	vmcase(BGE)  FINISH_BGE;
	vmcase(BLTU) FINISH_BLTU;
	vmcase(BGEU) FINISH_BGEU;

	/* Fused groups: the first instruction, then the others if the budget
	 * allows them all (else on to the second's own entry). */
#define X(a, b) vmcase_dop(a##_##b) { \
		EFF_##a; wi++; \
		if (unlikely(budget == 0)) NEXT(); \
		budget--; \
		FINISH_##b; }
	FUSE_PAIRS(X)
#undef X
#define X3(a, b, c) vmcase_dop(a##_##b##_##c) { \
		EFF_##a; wi++; \
		if (unlikely(budget < 2)) NEXT(); \
		budget -= 2; \
		EFF_##b; wi++; \
		FINISH_##c; }
	FUSE_TRIPLES(X3)
#undef X3

	vmcase(JAL)
		R[A] = PC + 4;
		GOTO_WORD((uint32_t)wi + (uint32_t)IMM);
	vmcase(JALR) {
		uint32_t to = R[B] + (uint32_t)IMM;
		if (unlikely(to & 3)) FAULT(TRAP_MISALIGNED, to);
		R[A] = PC + 4;
		GOTO_WORD(to / 4);
	}

	vmcase(TRAP)  m->exc_cause = TRAP_SYSCALL; why = EXIT_TRAP; goto leave;
	vmcase(BREAK) m->exc_cause = TRAP_BREAKPOINT; why = EXIT_TRAP; goto leave;

	vmcase(IRET) {
		PRIVILEGED();
		WRITEBACK();
		lift_fence(m);	/* before anything that may call the hook */
		uint32_t c = do_iret(m);
		if (c) FAULT(c, m->exc_addr);
		why = EXIT_SYNC;
		goto done;
	}
	vmcase(MFCR) {
		PRIVILEGED();
		if ((uint32_t)IMM >= CR_COUNT) FAULT(TRAP_ILLEGAL, PC);
		budget++;	/* INSTRET and TIMER read as before this instruction */
		WRITEBACK();
		R[A] = cr_read(m, (uint32_t)IMM);
		budget--;
		wi++;
		NEXT();
	}
	vmcase(MTCR) {
		PRIVILEGED();
		if ((uint32_t)IMM >= CR_COUNT || isa_cregs[IMM].access == CR_RO) FAULT(TRAP_ILLEGAL, PC);
		uint32_t v = R[B];
		unsigned cr = (uint32_t)IMM;
		wi++;
		WRITEBACK();	/* the timer counts from after this instruction */
		lift_fence(m);
		if (cr == CR_STATUS)	/* only trap entry and iret change the mode */
			v = (v & ~(uint32_t)STATUS_UM) | (m->cr[CR_STATUS] & STATUS_UM);
		if (unlikely(m->watch))
			mtcr_watched(m, cr, v);
		else
			cr_write_any(m, cr, v);
		why = EXIT_SYNC;
		goto done;
	}
	vmcase(HALT)
		PRIVILEGED();
		WRITEBACK();
		lift_fence(m);
		stop(m, CPU_STOP_HALT, R[REG_a0]);
		why = EXIT_SYNC;
		goto done;
	vmcase(WFI)
		PRIVILEGED();
		budget++;	/* retires when something wakes it */
		why = EXIT_WFI;
		goto leave;
#ifdef CPU_DISPATCH_SWITCH
	case DOP_FENCE:
#else
	op_fence:
#endif
		/* Straight-line code ran off the end of the window. */
		budget++;
		target = (uint32_t)wi;
		goto fetch_outside;
#ifdef CPU_DISPATCH_SWITCH
	case DOP_BREAKPOINT:
#else
	op_breakpoint:
#endif
		if (m->bp_step && !m->bp_rearm) {
			/* cpu_step from a breakpoint: run its instruction, alone,
			 * and make the entry a breakpoint again on the way out. */
			decode_one(&dcw[wi], ld32(ram + PC));
			m->bp_rearm = &dcw[wi];
			vmjump();
		}
		budget++;
		why = EXIT_BREAKPOINT;
		goto leave;
#ifdef CPU_DISPATCH_SWITCH
	default:
#else
	op_illegal:
#endif
		FAULT(TRAP_ILLEGAL, PC);
	}

load_slow: {
	/* Outside the window: a device register, or a fault. */
	uint32_t v = R[B] + (uint32_t)IMM, val = 0;
	WRITEBACK();
	lift_fence(m);
	unsigned op = insn_op(ld32(ram + PC));	/* the entry may be a group's head */
	uint32_t c = access_slow(m, v, op == OP_LW ? 4 : op >= OP_LH ? 2 : 1, false, &val);
	if (c) FAULT(c, v);
	R[A] = op == OP_LB ? (uint32_t)(int32_t)(int8_t)val : op == OP_LH ? (uint32_t)(int32_t)(int16_t)val : val;
	m->pc = PC + 4;
	why = EXIT_SYNC;
	goto done;
}
store_slow: {
	uint32_t v = R[B] + (uint32_t)IMM, x = R[A];
	WRITEBACK();
	lift_fence(m);
	unsigned op = insn_op(ld32(ram + PC));
	uint32_t c = access_slow(m, v, op == OP_SW ? 4 : op == OP_SH ? 2 : 1, true, &x);
	if (c) FAULT(c, v);
	m->pc = PC + 4;
	why = EXIT_SYNC;
	goto done;
}
fetch_outside:
	/* The next fetch, at word `target`, is outside the window: a fault,
	 * unless the budget ran out first (then the next block faults). */
	m->pc = target << 2;
	m->instret = start + (n - (uint64_t)budget);
	if (budget == 0) {
		why = EXIT_BUDGET;
		goto done;
	}
	m->exc_cause = user_mode(m) ? (m->pc + 4ull > m->cr[CR_BOUND] ? TRAP_PROTECTION : TRAP_BUS) : TRAP_BUS;
	m->exc_addr = m->pc;
	why = EXIT_FAULT;
	goto done;
out_of_budget:
	budget = 0;
	why = EXIT_BUDGET;
leave:
	WRITEBACK();
done:
	lift_fence(m);
	if (m->bp_rearm) {
		if (m->bp_rearm->op)	/* else forgotten: it decodes as a breakpoint again */
			m->bp_rearm->op = DOP_BREAKPOINT;
		m->bp_rearm = NULL;
	}
	return why;

#ifndef CPU_DISPATCH_SWITCH
#pragma GCC diagnostic pop
#endif
#undef PC
#undef WRITEBACK
#undef FAULT
#undef NEXT
#undef GOTO_WORD
}

/* ---- Running: interrupts, the timer, idling, stops -------------------------- */

/* The timer fires when time reaches timer_at: the interrupt becomes
 * pending and the timer reloads from TPERIOD. */
static void timer_tick(struct cpu *m)
{
	if (m->timer_at && (int64_t)(now(m) - m->timer_at) >= 0) {
		m->pending |= 1u << TRAP_TIMER;
		uint32_t period = m->cr[CR_TPERIOD];
		m->timer_at = period ? now(m) + period : 0;
	}
}

static int lowest_bit(uint32_t x)
{
	int i = 0;
	while (!(x & 1)) {
		x >>= 1;
		i++;
	}
	return i;
}

/* wfi at m->pc: sleep until an interrupt is pending.  Returns false if
 * nothing can ever wake the machine (the caller stops with CPU_STOP_IDLE). */
static bool idle_until_interrupt(struct cpu *m)
{
	if (!m->pending) {
		uint64_t sleep = m->timer_at ? m->timer_at - now(m) : UINT64_MAX;
		console_pull(m, sleep);
	}
	if (!m->pending && m->timer_at) {
		uint64_t sleep = m->timer_at - now(m);
		m->idle += sleep;
		m->stats.idle_ticks += sleep;
		timer_tick(m);
	}
	if (!m->pending) {
		set_diag(m, "idle forever: wfi at pc 0x%08x with no timer armed and no console input to come", m->pc);
		return false;
	}
	m->pc += 4;	/* wfi retires */
	m->instret++;
	return true;
}

static enum cpu_stop run(struct cpu *m, uint64_t max, bool single)
{
	uint64_t left = max;
	m->ram_dirty = true;	/* the guest may store anywhere */
	if (m->dc_stale)
		forget_all(m);
	m->stop = RUNNING;
	m->hook_stop = false;
	while (m->stop == RUNNING && !m->hook_stop && left > 0) {
		/* An interrupt is taken between instructions: at the start of a
		 * step, never in the same step as the instruction before it. */
		if ((m->cr[CR_STATUS] & STATUS_IE) && m->pending) {
			trap_enter(m, (uint32_t)lowest_bit(m->pending), 0);
			if (single)
				break;
			continue;
		}
		uint64_t n = left < INT64_MAX ? left : INT64_MAX;	/* run_block counts signed */
		if (m->timer_at && m->timer_at - now(m) < n)
			n = m->timer_at - now(m);
		uint64_t before = m->instret;
		/* Here rather than in run_block(): there, this call made the
		 * sieve 1% slower (clang laid out the handlers differently). */
		dc_reserve(m, (size_t)(fence_at(m) - m->dc), 1);
		enum exit_reason why = run_block(m, n);
		left -= m->instret - before;
		switch (why) {
		case EXIT_BUDGET:
		case EXIT_SYNC:
			break;
		case EXIT_FAULT:
			/* A fault retires nothing but still counts against the
			 * budget: a kernel whose handler faults again cannot run
			 * away with the host. */
			trap_enter(m, m->exc_cause, m->exc_addr);
			if (single)
				goto out;
			if (left)
				left--;
			break;
		case EXIT_TRAP:
			trap_enter(m, m->exc_cause, 0);
			break;
		case EXIT_WFI:
			if (!idle_until_interrupt(m)) {
				m->stop = CPU_STOP_IDLE;
				goto out;
			}
			left--;
			break;
		case EXIT_BREAKPOINT:
			m->stop = CPU_STOP_BREAKPOINT;
			goto out;
		}
		timer_tick(m);
	}
out:
	if (masked(m->cr[CR_STATUS]))
		masked_account(m);	/* the stretch still open counts too */
	if (m->hook_stop && m->stop == RUNNING)
		return CPU_STOP_HOOK;
	return m->stop == RUNNING ? CPU_STOP_BUDGET : (enum cpu_stop)m->stop;
}

enum cpu_stop cpu_run(struct cpu *m, uint64_t max_instructions)
{
	return run(m, max_instructions, false);
}

enum cpu_stop cpu_step(struct cpu *m)
{
	m->bp_step = true;
	enum cpu_stop why = run(m, 1, true);
	m->bp_step = false;
	return why;
}

bool cpu_set_breakpoints(struct cpu *m, const uint32_t *paddrs, unsigned n)
{
	if (n > CPU_MAX_BREAKPOINTS)
		return false;
	for (unsigned i = 0; i < n; i++)
		if ((paddrs[i] & 3) || paddrs[i] >= m->ram_size)
			return false;
	/* The old and the new breakpoints' words decode again. */
	for (unsigned i = 0; i < m->nbp; i++)
		forget(m, m->bp[i] * 4, 4);
	for (unsigned i = 0; i < n; i++) {
		m->bp[i] = paddrs[i] / 4;
		forget(m, paddrs[i], 4);
	}
	m->nbp = n;
	return true;
}

/* ---- Creation, loading, state ------------------------------------------------ */

struct cpu *cpu_new(uint32_t mem_size)
{
	if (mem_size < MEM_MIN || mem_size > MEM_MAX || mem_size % MEM_ALIGN)
		return NULL;
	struct cpu *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	/* Anonymous pages are zero and cost nothing until the guest touches them. */
	void *ram = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED) {
		free(m);
		return NULL;
	}
	m->ram = ram;
	m->ram_size = mem_size;
	/* The decode cache, in whole host pages (the unit the host keeps or
	 * takes back, and the unit of dc_reserve()'s accounting). */
	long page = sysconf(_SC_PAGESIZE);
	if (page < 4096)	/* unknown (-1) */
		page = 4096;
	m->dc_shift = 0;
	while ((sizeof(struct dinsn) << (m->dc_shift + 1)) <= (size_t)page)
		m->dc_shift++;
	size_t page_bytes = sizeof(struct dinsn) << m->dc_shift;
	size_t npages = (dc_bytes(mem_size) + page_bytes - 1) / page_bytes;
	m->dc_map = npages * page_bytes;
	m->dc_max = CPU_DCACHE_MAX / page_bytes;
	if (m->dc_max > npages)
		m->dc_max = (uint32_t)npages;
	if (m->dc_max < 3)	/* a group across two pages, and the fence */
		m->dc_max = 3;
	void *dc = mmap(NULL, m->dc_map, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	m->dc_live = calloc(npages, 1);
	m->dc_list = malloc(m->dc_max * sizeof *m->dc_list);
	if (dc == MAP_FAILED || !m->dc_live || !m->dc_list) {
		if (dc != MAP_FAILED)
			munmap(dc, m->dc_map);
		free(m->dc_live);
		free(m->dc_list);
		munmap(ram, mem_size);
		free(m);
		return NULL;
	}
#ifdef MADV_NOHUGEPAGE
	/* A hint (Linux): with huge pages, each live page could hold 2 MiB. */
	madvise(dc, m->dc_map, MADV_NOHUGEPAGE);
#endif
	m->dc = dc;
	cpu_reset(m);
	return m;
}

void cpu_free(struct cpu *m)
{
	if (!m)
		return;
	munmap(m->dc, m->dc_map);
	free(m->dc_live);
	free(m->dc_list);
	munmap(m->ram, m->ram_size);
	free(m);
}

void cpu_reset(struct cpu *m)
{
	memset(m->r, 0, sizeof m->r);
	memset(m->cr, 0, sizeof m->cr);
	memset(&m->stats, 0, sizeof m->stats);
	m->pc = 0;
	m->instret = m->idle = m->timer_at = 0;
	m->pending = 0;
	m->masked_since = 0;	/* reset: kernel mode, interrupts off */
	m->cons_ready = m->cons_eof = false;
	m->trace_pid = m->trace_arg[0] = m->trace_arg[1] = 0;
	m->stop = RUNNING;
	m->exit_status = 0;
	m->diag[0] = '\0';
	update_window(m);
}

/* Zero RAM (where the host allows, without touching the pages the guest
 * never used). */
static void clear_ram(struct cpu *m)
{
	if (!m->ram_dirty)
		return;
	zero_pages(m->ram, m->ram_size);
	m->ram_dirty = false;
	forget_all(m);
}

static uint32_t align16(uint64_t x) { return (uint32_t)((x + 15) & ~15ull); }

/* Place the boot information and the file directory at `at` (the loader's
 * hand-off to the kernel; see bootinfo.def).  Returns 0 or -1 if RAM is
 * too small. */
static int place_bootinfo(struct cpu *m, const struct img *im, uint32_t at,
			  const struct cpu_boot *boot, char *err, size_t errlen)
{
	uint64_t dir = align16((uint64_t)at + BOOT_BYTES);
	uint64_t names = dir + (uint64_t)im->nfiles * FILE_BYTES;
	uint64_t end = names;
	for (uint32_t i = 0; i < im->nfiles; i++)
		end += strlen(img_file(im, i).name) + 1;
	for (uint32_t i = 0; i < im->nfiles; i++)
		end = align16(end) + img_guest_size(img_file(im, i));
	end = align16(end);
	if (end > m->ram_size) {
		snprintf(err, errlen, "the image and its %u files need %llu bytes of RAM, the machine has %u (use --mem)",
			 im->nfiles, (unsigned long long)end, m->ram_size);
		return -1;
	}
	uint8_t *b = m->ram + at;
	st32(b + BOOT_MAGIC, BOOTINFO_MAGIC);
	st32(b + BOOT_MEMSIZE, m->ram_size);
	st32(b + BOOT_QUANTUM, boot ? boot->quantum : 0);
	st32(b + BOOT_NFILES, im->nfiles);
	st32(b + BOOT_FILES, (uint32_t)dir);
	st32(b + BOOT_FREE, (uint32_t)end);
	uint64_t name = names, data = names;
	for (uint32_t i = 0; i < im->nfiles; i++)
		data += strlen(img_file(im, i).name) + 1;
	for (uint32_t i = 0; i < im->nfiles; i++) {
		/* a program's image without its line table: the guest
		 * never needs it */
		struct img_file f = img_file(im, i);
		uint32_t size = img_guest_size(f);
		uint8_t *e = m->ram + dir + (uint64_t)i * FILE_BYTES;
		size_t len = strlen(f.name) + 1;
		data = align16(data);
		memcpy(m->ram + name, f.name, len);
		memcpy(m->ram + data, f.data, size);
		img_guest_fix(f, m->ram + data);
		st32(e + FILE_NAME, (uint32_t)name);
		st32(e + FILE_DATA, (uint32_t)data);
		st32(e + FILE_LEN, size);
		name += len;
		data += size;
	}
	return 0;
}

int cpu_load_image(struct cpu *m, const uint8_t *bytes, size_t len,
		   const struct cpu_boot *boot, char *err, size_t errlen)
{
	struct img *im = malloc(sizeof *im);
	char dummy[1];
	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof dummy;
	}
	cpu_reset(m);
	clear_ram(m);
	if (!im) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (img_parse(im, bytes, len, err, errlen))
		goto fail;
	uint64_t top = 0;
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		uint64_t end = (uint64_t)s->addr + s->memsz;
		if (end > m->ram_size) {
			snprintf(err, errlen, "segment %u (0x%08x..0x%08llx) lies outside the %u bytes of RAM",
				 i, s->addr, (unsigned long long)end, m->ram_size);
			goto fail;
		}
		if (end > top)
			top = end;
	}
	if (place_bootinfo(m, im, align16(top), boot, err, errlen))
		goto fail;
	for (uint32_t i = 0; i < im->nsegs; i++)
		memcpy(m->ram + im->segs[i].addr, im->segs[i].data, im->segs[i].filesz);
	m->ram_dirty = true;
	m->dc_stale = true;
	m->pc = im->entry;
	m->r[REG_a0] = align16(top);
	m->r[REG_sp] = m->ram_size;
	free(im);
	return 0;
fail:
	free(im);
	cpu_reset(m);
	clear_ram(m);
	return -1;
}

uint32_t cpu_reg(const struct cpu *m, unsigned r) { return r < REG_COUNT ? m->r[r] : 0; }

void cpu_set_reg(struct cpu *m, unsigned r, uint32_t v)
{
	if (r > 0 && r < REG_COUNT)
		m->r[r] = v;
}

void cpu_regs(const struct cpu *m, uint32_t out[REG_COUNT])
{
	memcpy(out, m->r, REG_COUNT * sizeof *out);
}

uint32_t cpu_pc(const struct cpu *m) { return m->pc; }
void cpu_set_pc(struct cpu *m, uint32_t pc) { m->pc = pc; }
uint32_t cpu_cr(const struct cpu *m, unsigned cr) { return cr < CR_COUNT ? cr_read(m, cr) : 0; }

void cpu_set_cr(struct cpu *m, unsigned cr, uint32_t v)
{
	if (cr < CR_COUNT)
		cr_write_any(m, cr, v);
}

uint64_t cpu_instret(const struct cpu *m) { return m->instret; }
bool cpu_user_mode(const struct cpu *m) { return user_mode(m); }
uint32_t cpu_mem_size(const struct cpu *m) { return m->ram_size; }

uint8_t *cpu_mem(struct cpu *m)
{
	m->ram_dirty = true;	/* the host may write through it */
	m->dc_stale = true;
	return m->ram;
}

bool cpu_read(const struct cpu *m, uint32_t paddr, void *buf, uint32_t n)
{
	if ((uint64_t)paddr + n > m->ram_size)
		return false;
	memcpy(buf, m->ram + paddr, n);
	return true;
}

bool cpu_write(struct cpu *m, uint32_t paddr, const void *buf, uint32_t n)
{
	if ((uint64_t)paddr + n > m->ram_size)
		return false;
	memcpy(m->ram + paddr, buf, n);
	forget(m, paddr, n);
	m->ram_dirty = true;
	return true;
}

void cpu_raise(struct cpu *m, unsigned cause)
{
	if (cause < TRAP_COUNT && isa_causes[cause].kind == CAUSE_INTR)
		m->pending |= 1u << cause;
}

void cpu_console_poll(struct cpu *m) { console_pull(m, 0); }

void cpu_set_io(struct cpu *m, const struct cpu_io *io)
{
	if (io)
		m->io = *io;
	else
		memset(&m->io, 0, sizeof m->io);
}

void cpu_set_watch(struct cpu *m, cpu_watch_fn fn, void *ctx)
{
	if (!fn != !m->watch)
		m->dc_stale = true;	/* loads and stores decode again, watched or not */
	m->watch = fn;
	m->watch_ctx = ctx;
	m->watch_lo[0] = m->watch_lo[1] = m->watch_len[1] = 0;
	m->watch_len[0] = UINT32_MAX;
}

void cpu_set_watch_ranges(struct cpu *m, const uint32_t lo[2], const uint32_t len[2])
{
	for (unsigned i = 0; i < 2; i++) {
		m->watch_lo[i] = lo[i];
		m->watch_len[i] = len[i];
	}
}

void cpu_set_hook(struct cpu *m, cpu_hook_fn hook, void *ctx)
{
	m->hook = hook;
	m->hook_ctx = ctx;
}

uint32_t cpu_exit_status(const struct cpu *m) { return m->exit_status; }
const char *cpu_diagnostic(const struct cpu *m) { return m->diag; }
const struct cpu_stats *cpu_stats(const struct cpu *m) { return &m->stats; }
uint32_t cpu_pid(const struct cpu *m) { return m->trace_pid; }

void cpu_dcache_stats(const struct cpu *m, struct cpu_dcache_stats *out)
{
	size_t page = sizeof *m->dc << m->dc_shift;
	out->bytes = m->dc_nlive * page;
	out->peak = m->dc_peak * page;
	out->limit = m->dc_max * page;
	out->flushes = m->dc_flushes;
}

/* ---- The state, for snapshots ------------------------------------------------- */

/* The fields struct cpu_state shares with struct cpu, by name: copied
 * whole in either direction (an array as one).  The control registers go
 * their own way, some being derived. */
#define STATE_FIELDS(X) X(r) X(pc) X(instret) X(idle) X(timer_at) X(pending) X(masked_since) \
	X(cons_ready) X(cons_eof) X(cons_byte) X(trace_pid) X(trace_arg) X(exit_status) X(diag) X(stats)
#define X(f) _Static_assert(sizeof ((struct cpu *)0)->f >= sizeof ((struct cpu_state *)0)->f, \
			    "cpu_state." #f " fits struct cpu's");
STATE_FIELDS(X)
#undef X

void cpu_save_state(const struct cpu *m, struct cpu_state *s)
{
	memset(s, 0, sizeof *s);	/* padding too: states compare with memcmp */
#define X(f) memcpy(&s->f, &m->f, sizeof s->f);
	STATE_FIELDS(X)
#undef X
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		s->cr[cr] = cr_read(m, cr);
}

void cpu_load_state(struct cpu *m, const struct cpu_state *s)
{
#define X(f) memcpy(&m->f, &s->f, sizeof s->f);
	STATE_FIELDS(X)
#undef X
	m->r[REG_zero] = 0;
	m->diag[sizeof m->diag - 1] = '\0';
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		if (cr != CR_TIMER && cr != CR_INSTRET && cr != CR_INSTRETH && cr != CR_PENDING)
			m->cr[cr] = s->cr[cr];
	m->stop = RUNNING;
	update_window(m);
}

const uint8_t *cpu_mem_view(const struct cpu *m) { return m->ram; }
