/*
 * grade_int.h - vm grade's insides, shared by its files: the spec as data
 * (spec.c), a run's records (record.c), patterns (pattern.c), the checks
 * (check.c), the runs (runner.c) and the reports (report.c).  Sections
 * follow the files.
 */
#ifndef GRADE_INT_H
#define GRADE_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "grade.h"

/* ---- util.c: memory, text that grows, and names made numbers -------------- */

/* realloc, or end the grader with status 70 (out of memory). */
void *gr_realloc(void *p, size_t n);
char *gr_strndup(const char *s, size_t n);
/* A whole file, malloc'd and NUL-terminated, its length in *len; NULL if it
 * cannot be opened. */
char *gr_slurp(const char *path, size_t *len);

struct sbuf {
	char *s;	/* NUL-terminated, or NULL while empty */
	size_t len, cap;
};
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_puts(struct sbuf *b, const char *s);
void sb_putn(struct sbuf *b, const char *s, size_t n);
/* s as a double-quoted string, escapes for what does not print. */
void sb_quote(struct sbuf *b, const char *s, size_t n);
char *sb_take(struct sbuf *b);	/* the text, malloc'd ("" if empty); b is empty again */
void sb_free(struct sbuf *b);

/* Every name a pattern or a record holds (an event kind, a cause, a system
 * call, a program) is a small number, so comparing two is comparing ints.
 * Ids start at 1; the same string always gets the same id in a process. */
int32_t gr_intern(const char *s);
int32_t gr_intern_n(const char *s, size_t n);
const char *gr_name(int32_t id);

/* ---- The fields of an event ----------------------------------------------- */

/* What a pattern can name: the JSON record's keys (docs/events.md) that are
 * neither addresses, kernel labels nor times.  GF(NAME, key, type) */
#define GRADE_FIELDS(GF)                \
	GF(EVENT, "event", GT_NAME)     \
	GF(SRC, "src", GT_NAME)         \
	GF(PID, "pid", GT_INT)          \
	GF(MODE, "mode", GT_NAME)       \
	GF(IE, "ie", GT_BOOL)           \
	GF(CAUSE, "cause", GT_NAME)     \
	GF(FROM, "from", GT_NAME)       \
	GF(TO, "to", GT_NAME)           \
	GF(CALL, "call", GT_NAME)       \
	GF(RET, "ret", GT_INT)          \
	GF(STATUS, "status", GT_INT)    \
	GF(REASON, "reason", GT_NAME)

enum gtype { GT_NONE, GT_INT, GT_NAME, GT_BOOL, GT_ADDR };

enum gfield {
#define GF(name, key, type) GF_##name,
	GRADE_FIELDS(GF)
#undef GF
	GF_NAMED,			/* the fields above have keys */
	GF_ARG0 = GF_NAMED, GF_ARG1,	/* an OS event's args, by its row's names */
	GF_CALL_ARG0, GF_CALL_ARG3 = GF_CALL_ARG0 + 3,	/* a syscall event's call_args */
	GF_AT,				/* an iret into kernel mode named its place (a kernel label) */
	GF_COUNT
};
extern const char *const gr_field_keys[GF_NAMED];
extern const enum gtype gr_field_types[GF_NAMED];

/* ---- record.c: the events of one run -------------------------------------- */

/* One line of the JSON record. */
struct grec {
	uint64_t n;
	long off;		/* where its line starts in the file */
	uint32_t has;		/* bit f: field f is present */
	int16_t os;		/* an OS event's code (trace_events.def), else -1 */
	int32_t v[GF_COUNT];	/* numbers as numbers, names as gr_intern ids, ie as 0/1 */
};

struct grun {
	/* the records, start to end */
	struct grec *ev;
	size_t nev;
	const char *events_path;
	/* how it ended */
	bool has_end;
	int32_t end_reason;	/* gr_intern("power_off")... */
	bool has_status;
	int32_t status;		/* the guest's */
	uint32_t quantum;	/* the start record's, 0 for the kernel's default */
	char *image;		/* the start record's: the image the run booted */
	/* what vm itself did */
	int vm_status;		/* its exit status, or -1 */
	int vm_signal;		/* the signal that ended it, or 0 */
	bool timed_out;		/* killed after timeout seconds of host time */
	unsigned timeout;
	char *out, *err;	/* its standard output (the console) and error */
	size_t out_len, err_len;
};

/* The type of field f of record e (GT_NONE if it has none). */
enum gtype grec_type(const struct grec *e, int f);
/* The name of an OS event's argument i ("pid"), as an id, or 0. */
int32_t gr_os_arg(int code, unsigned i);
/* Read the JSON Lines at path into run.  Returns 0, or -1 with a reason in
 * why (a line that is not a record of schema 1). */
int grun_load(struct grun *run, const char *path, char *why, size_t n);
void grun_free(struct grun *run);
/* Record i as one line in the trace's words (vm run --trace), e.g.
 * "[os] switch to pid 3". */
void grun_text(const struct grun *run, size_t i, struct sbuf *out);

/* ---- pattern.c: one event's pattern -------------------------------------- */

/* A scalar as the spec wrote it, read every way it can be. */
struct gval {
	const char *text;
	bool is_int, is_bool;
	int64_t i;		/* is_int: the number; is_bool: 0 or 1 */
	int32_t name;		/* gr_intern(text) */
};

enum gop {
	GOP_ANY,	/* _ */
	GOP_EQ,		/* a value */
	GOP_NE,		/* {not: value} */
	GOP_IN,		/* [a, b, ...] */
	GOP_RANGE,	/* {min: a, max: b} */
	GOP_VAR,	/* $x: captures, or equals what $x captured */
	GOP_NOT_VAR,	/* {not: $x} */
};

struct gmatch {
	enum gop op;
	struct gval val;	/* EQ, NE */
	struct gval *set;	/* IN */
	size_t nset;
	bool has_lo, has_hi;	/* RANGE */
	int64_t lo, hi;
	int var;		/* VAR, NOT_VAR: index in the test's captures */
};

struct gterm {
	int field;		/* GF_*, or -1: an arg of an OS event, named argname */
	int32_t argname;
	struct gmatch m;
};

struct gpat {
	struct gterm *terms;
	size_t nterms;
	int line, col;
	int32_t event;		/* the event kind it names (an EQ term on "event"), or 0 */
};

/* What $x captured. */
struct gcap {
	enum gtype type;	/* GT_NONE: nothing yet */
	int32_t v;
};

/* Does e match p?  Captures not yet made are made, their indices appended
 * to bound[*nbound] so that the caller can undo them (gcap_undo); on no
 * match, none is. */
bool gpat_match(const struct gpat *p, const struct grec *e, struct gcap *caps, int *bound,
		size_t *nbound);
void gcap_undo(struct gcap *caps, const int *bound, size_t *nbound, size_t to);
/* What a capture holds, as the spec would write it: 3, write, true. */
void gcap_print(const struct gcap *c, struct sbuf *out);
/* Why term t does not match e: "pid is 3, the pattern wants not $p (3)". */
void gterm_explain(const struct gterm *t, const struct grec *e, const struct gcap *caps,
		   char *const *vars, struct sbuf *out);
/* The first term of p that e does not match, or NULL. */
const struct gterm *gpat_first_miss(const struct gpat *p, const struct grec *e,
				    const struct gcap *caps);
/* p as the spec would write it: {event: switch, pid: {not: $p}}. */
void gpat_print(const struct gpat *p, char *const *vars, struct sbuf *out);
void gmatch_print(const struct gmatch *m, char *const *vars, struct sbuf *out);
bool gmatch_value(const struct gmatch *m, enum gtype type, int32_t v, const struct gcap *caps);

/* ---- spec.c: the spec as data -------------------------------------------- */

enum gcheck_kind {
	GC_CONTAINS, GC_LACKS, GC_MATCHES, GC_EQUALS,	/* the console output */
	GC_EXIT,					/* the guest's exit status */
	GC_SEQUENCE, GC_NEVER, GC_COUNT,		/* event patterns */
	GC_INVARIANT,
	GC_NONE,					/* not read yet */
};

/* The invariants over a whole run.  GI(NAME, key, what it checks) */
#define GRADE_INVARIANTS(GI)                                                                       \
	GI(QUANTUM, "quantum",                                                                     \
	   "no process runs more than quantum + slack user instructions without the kernel "     \
	   "taking control")                                                                       \
	GI(KERNEL_MODE, "kernel_mode",                                                             \
	   "user code never runs in kernel mode: only a trap enters it, and a return-from-trap "  \
	   "into it goes back to the kernel's own code")                                           \
	GI(USER_INTERRUPTS, "user_interrupts", "user code always runs with interrupts enabled")

enum ginv {
#define GI(name, key, what) GI_##name,
	GRADE_INVARIANTS(GI)
#undef GI
	GI_COUNT
};
extern const char *const gr_invariant_keys[GI_COUNT];
extern const char *const gr_invariant_texts[GI_COUNT];

struct gstep {
	struct gpat pat;
	struct gpat *without;	/* no event between the last step and this one matches it */
};

struct gcheck {
	enum gcheck_kind kind;
	int line, col;
	char *name;		/* the spec's, or NULL */
	char *text;		/* CONTAINS, LACKS, MATCHES, EQUALS */
	size_t text_len;
	regex_t re;		/* MATCHES */
	bool has_re;
	struct gmatch exit;	/* EXIT */
	struct gstep *steps;	/* SEQUENCE */
	size_t nsteps;
	struct gpat pat;	/* NEVER, COUNT */
	bool has_min, has_max;	/* COUNT */
	int64_t min, max;
	enum ginv inv;		/* INVARIANT */
	int64_t slack;
};

struct gtest {
	char *name;
	int line;
	double points;
	char *image;		/* a path, or NULL for vm run's default image */
	char **add;		/* vm run --add, nadd of them */
	size_t nadd;
	char *input;		/* typed at the console */
	size_t input_len;
	uint32_t quantum;	/* 0: the kernel's default */
	char *mem;		/* vm run --mem, as written, or NULL */
	uint64_t max_instructions;
	char *visibility;
	char **tags;
	size_t ntags;
	struct gcheck *checks;
	size_t nchecks;
	char **vars;		/* the names of its captures, without the $ */
	size_t nvars;
};

struct grade_spec {
	char *path, *dir;
	char *visibility;	/* Gradescope's, for the whole submission */
	struct gtest *tests;
	size_t ntests;
};

/* Defaults a test gets when the spec does not say. */
enum { GRADE_DEFAULT_MAX_INSTRUCTIONS = 50000000 };

/* ---- check.c: a run against its test's checks ----------------------------- */

/* Did the run pass every check of t?  out gets, for a failure, what went
 * wrong, in the trace's words (one paragraph per failed check). */
bool grade_evaluate(const struct gtest *t, const struct grun *run, struct sbuf *out);
/* One line saying what check c wants: "output contains \"hello\"". */
void gcheck_describe(const struct gtest *t, const struct gcheck *c, struct sbuf *out);

#endif
