/*
 * debug_int.h - the debug engine's insides, shared by its files:
 * session.c (the session, the console, running and stopping), history.c
 * (snapshots and their memory), points.c (breakpoints, watchpoints,
 * catchpoints), expr.c (expressions and locations) and views.c (symbols,
 * the trap frame, the PCB, the call chain).
 */
#ifndef DEBUG_INT_H
#define DEBUG_INT_H

#include <signal.h>

#include "debug.h"

/* ---- History (history.c) ---------------------------------------------------- */

/* RAM is kept in pages, and the pages in chunks; a snapshot is a table of
 * chunks.  A page or chunk that has not changed since the snapshot before
 * is shared (counted references); NULL is all zeros. */
enum { PAGE_BYTES = 4096, CHUNK_PAGES = 64 };

struct page {
	uint32_t refs;
	uint8_t data[PAGE_BYTES];
};

struct chunk {
	uint32_t refs;
	struct page *pg[CHUNK_PAGES];
};

struct snap {
	uint64_t step;
	struct cpu_state st;
	struct chunk **chunks;	/* nchunks of them */
	/* the session at that moment: the console's logs */
	size_t in_pos;		/* input log entries taken */
	uint64_t getc_calls;	/* times the machine had asked for input */
	size_t out_pos;		/* output bytes written */
};

struct history {
	struct snap *snaps;	/* by step; snaps[0] is step 0, always kept */
	unsigned n, cap;
	uint32_t nchunks;
	size_t bytes, limit;	/* held by snapshots, pages, chunks; the bound */
	size_t pages;		/* pages held */
	uint64_t interval;
	uint64_t thinned;
	int base;		/* the snapshot RAM was last compared with or restored from, -1 none */
};

int hist_init(struct dbg *s);
void hist_free(struct history *h);
/* Take a snapshot of the machine now (nothing if one exists at this step).
 * Returns -1 if out of memory (the history then goes on without it). */
int hist_take(struct dbg *s);
/* The last snapshot at or before step (there is always one: step 0). */
int hist_find(const struct history *h, uint64_t step);
/* Put the machine and the console's logs back as they were at snapshot i. */
void hist_restore(struct dbg *s, int i);
/* Drop snapshots (never the first) until the history fits its bound. */
void hist_thin(struct dbg *s);

/* ---- Points (points.c) ---------------------------------------------------------- */

enum catch_kind {
	CATCH_CAUSE,		/* a trap entry of one cause (value) */
	CATCH_FAULTS,		/* any fault */
	CATCH_INTERRUPTS,	/* any interrupt */
	CATCH_SYSCALL,		/* a system call: value the number, or UINT32_MAX any */
	CATCH_OSEV,		/* a kernel event: value its OSEV_ code */
	CATCH_TRAPS,		/* any trap entry: fault, interrupt or trap */
	CATCH_IRETS,		/* any return-from-trap */
};

struct point {
	struct dbg_point pub;
	enum catch_kind ckind;
	uint32_t cvalue;
	const char *prog;	/* BREAK on PROG:LABEL: the program (pub.addr virtual), the image's name for it; NULL: none */
};

/* An internal breakpoint (finish, nexti, reverse-finish): a physical
 * address and what must hold there. */
struct ibp {
	bool on;
	unsigned naddr;
	uint32_t addr[2];	/* physical */
	bool user;		/* the mode */
	uint32_t pid;
	uint32_t sp;		/* sp must be >= this (the caller's frame or above) */
	bool sp_equal;		/* ... or exactly this */
};

/* ---- The session ------------------------------------------------------------------ */

struct in_entry {
	uint64_t call;		/* which of the machine's requests for input took it */
	uint64_t at;		/* the step then */
	uint8_t byte;
};

/* A hit found while running (the stop it makes). */
struct hit {
	bool found;
	struct dbg_stop stop;
};

struct dbg {
	struct cpu *m;
	uint8_t *image;
	size_t image_len;
	struct img kimg;
	struct kview kv;
	struct ev_stream *stream;
	struct dbg_options o;
	char err[200];

	/* The console: input given but not yet taken, and the logs. */
	uint8_t *queue;
	size_t q_head, q_len, q_cap;
	bool closed;
	struct in_entry *in_log;
	size_t in_n, in_cap, in_pos;
	uint64_t getc_calls;	/* requests for input so far, at this moment */
	uint64_t calls_live;	/* requests answered live (the rest are replays) */
	uint64_t eof_call;	/* the first request answered with end of input */
	bool stop_on_wait;	/* dbg_run: a live wait for input ... */
	bool wait_stop;		/* ... stops it (DBG_INTERRUPTED) */
	bool waiting;		/* the guest waited for input that had not come */
	uint8_t *out_log;
	size_t out_n, out_cap, out_pos;
	dbg_output_fn out_fn;
	void *out_ctx;

	uint64_t frontier;	/* the furthest step run */
	bool ended;		/* the machine stopped for good at end_step */
	uint64_t end_step;
	struct dbg_stop end_stop;
	uint64_t limit;		/* dbg_set_limit */
	volatile sig_atomic_t interrupt;

	struct history h;

	/* Points. */
	struct point *pts;
	unsigned npts, cap_pts;
	struct dbg_point *list;	/* dbg_points' answer */
	unsigned cap_list;
	int next_id;
	struct ibp ibp;
	uint32_t armed[CPU_MAX_BREAKPOINTS];	/* what the machine has now */
	unsigned narmed;

	/* While running: what the hook does. */
	bool checking;		/* breakpoints, catchpoints, watchpoints apply */
	bool exact;		/* stop the machine at every interrupt entry */
	bool catch_pending;	/* a catchpoint's event happened in this step */
	struct hit catch_hit;
	int catch_trap_from;	/* internal: a trap entry from user mode of this pid (-1 off) */
	bool trap_from_seen;
	bool rearm;		/* program breakpoints need arm() again */
	cpu_hook_fn hook;	/* the machine's hook now (choose_hook) */
	unsigned sinks;		/* the front end's sinks of the stream */

	/* Symbols of the programs in the image's file table, parsed when asked:
	 * room for every file of the table, made at the first (so that what
	 * points at one never moves). */
	struct prog_syms {
		const char *name;	/* in the session's copy of the image */
		bool ok;
		struct img im;
	} *prog;
	unsigned nprog;

	/* Source texts split into lines, made when first asked (lines.c). */
	struct src_text *texts;
	unsigned ntexts, cap_texts;
};

uint64_t dbg_steps_of(const struct cpu *m);
int dbg_fail(struct dbg *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* points.c */
bool points_any_watch(const struct dbg *s);
/* Do enabled points need the event stream (catchpoints, watchpoints,
 * program breakpoints)? */
bool points_need_events(const struct dbg *s);
/* Fill the physical breakpoint set the machine should have. */
unsigned points_break_set(struct dbg *s, uint32_t *out, unsigned max);
/* Breakpoints (user and internal) whose condition holds here, as a hit. */
bool points_break_hit(struct dbg *s, struct hit *h, bool internal_only);
/* Does catchpoint p (enabled or not) catch the event? */
bool points_catches(const struct dbg *s, const struct point *p, const struct cpu_event *ev);
/* Is there an enabled catchpoint that catches it (condition aside)? */
bool points_catch_match(const struct dbg *s, const struct cpu_event *ev);
/* The first enabled catchpoint that catches ev and whose condition holds. */
bool points_catch_hit(struct dbg *s, const struct cpu_event *ev, struct hit *h);
bool points_cond_true(struct dbg *s, const struct point *p);

/* Watchpoints around a step (or a fast run, which only a trap entry at
 * its end can make touch a watched range): before it, note what each
 * watched range holds and what the instruction will access; after it,
 * report the first watchpoint that fires. */
enum { MAX_WATCH = 16, WATCH_MAX_LEN = 64 };
struct watch_note {
	bool valid;
	uint32_t phys;		/* where the range was before the step */
	uint8_t bytes[WATCH_MAX_LEN];
};
struct watch_step {
	struct watch_note notes[MAX_WATCH];
	uint32_t acc_addr, acc_len;	/* the instruction's access, physical */
	char acc_kind;			/* 'r', 'w' or 0 */
	uint64_t traps, irets;		/* trap entries and returns before */
	uint32_t sp;			/* sp before */
};
void points_watch_before(struct dbg *s, struct watch_step *w, bool decode);
bool points_watch_after(struct dbg *s, const struct watch_step *w, struct hit *h);
/* Can the machine, as it is now, touch a watched range without a trap
 * first?  (Kernel mode can touch anything; user mode its window.) */
bool points_watch_needs_steps(struct dbg *s);
/* Does the machine need other breakpoints after this event (a program
 * with breakpoints about to run)?  The sink stops the run for arm() then. */
bool points_need_rearm(struct dbg *s, const struct cpu_event *ev);
void points_free(struct dbg *s);

/* expr.c */
int expr_eval(struct dbg *s, const char *text, struct dbg_value *out);

/* lines.c */
/* A breakpoint location FILE:LINE or PROG:FILE:LINE: 1 with *v (a physical
 * address, or a program's virtual one), 0 if location is not one, -1 if it
 * is one that names no code (dbg_error). */
int lines_location(struct dbg *s, const char *location, struct dbg_value *v);
void lines_free(struct dbg *s);

/* views.c */
const struct img *views_user_img(struct dbg *s);
bool views_kernel_sym(const struct dbg *s, const char *name, uint32_t *value, uint32_t kind_mask);

#endif
