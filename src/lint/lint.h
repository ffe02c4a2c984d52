/*
 * lint.h - vm lint: limited direct execution checked while a kernel runs.
 * A sink of the event stream (events.h) and a watcher of the machine's
 * kernel-mode loads, stores and STATUS changes (cpu_set_watch), it checks
 * each return-from-trap into user mode, each trap entry and each access
 * the kernel makes while serving a system call against the rules of
 * rules.def, and keeps one finding per distinct cause.  docs/lint.md has
 * each rule: its explanation, the seed concept, the usual fix.
 *
 * With the image's symbols for the process table (as the window finds it,
 * kview.h) it also knows which processes are alive and where their memory
 * is; without them (another kernel, a bare demo) it runs the generic rules
 * only, and says so once (lint_proctable).
 */
#ifndef LINT_H
#define LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "events.h"
#include "image.h"

enum lint_rule {
#define RULE(code, severity, needs, title) LINT_##code,
#include "rules.def"
#undef RULE
	LINT_RULE_COUNT
};

enum lint_severity { LINT_ERROR, LINT_WARNING };

struct lint_rule_info {
	const char *code;	/* "LDE007" */
	enum lint_severity severity;
	bool needs_proctable;
	const char *title;
};
extern const struct lint_rule_info lint_rules[LINT_RULE_COUNT];

/* One finding: the first time a distinct cause was seen, and how often. */
struct lint_finding {
	enum lint_rule rule;
	uint64_t n;		/* instructions retired when it happened */
	uint32_t pid;		/* the process concerned (DEV_TRACE_PID; 0 if none) */
	uint32_t pc;		/* the kernel instruction where it happened */
	char insn[48];		/* that instruction, disassembled ("iret") */
	char at[64];		/* its kernel label ("trap_restore+60"), "" if none */
	char text[320];		/* what went wrong, one sentence */
	uint64_t count;		/* times this cause was seen */
};

struct lint_opts {
	/* LDE010: the longest stretch allowed in kernel mode with interrupts
	 * masked, in instructions; 0: twice the quantum (the timer's period
	 * when the stretch ends; QUANTUM_DEFAULT before the kernel sets one). */
	uint64_t masked_max;
};

struct lint;

/* A checker for the run of machine m, whose kernel image is kernel (may
 * be NULL: the generic rules only), fed by stream s.  Create it after the
 * image is loaded and before the run: it reads the boot information.  Then
 * ev_stream_add_sink(s, lint_sink, l) and cpu_set_watch(m, lint_watch, l).
 * NULL if out of memory. */
struct lint *lint_new(struct cpu *m, const struct img *kernel, const struct ev_stream *s,
		      const struct lint_opts *o);
void lint_free(struct lint *l);
int lint_sink(void *lint, const struct ev *e);	/* an ev_sink_fn; never stops the run */
void lint_watch(void *lint, const struct cpu_watch *w);	/* a cpu_watch_fn */
/* The run has ended (or stopped): check what is still open (a masked
 * stretch). */
void lint_finish(struct lint *l);

/* True if the image's symbols gave the process table; else *missing names
 * the first symbol that was not there. */
bool lint_proctable(const struct lint *l, const char **missing);
/* The findings, in the order they were first seen. */
const struct lint_finding *lint_findings(const struct lint *l, unsigned *n);
/* Reports not kept: past the first 1000 distinct findings, a new cause is
 * only counted here. */
uint64_t lint_unlisted(const struct lint *l);
/* Findings of each severity (distinct causes). */
unsigned lint_count(const struct lint *l, enum lint_severity sev);
/* Did any return-from-trap enter user mode?  Most rules are checked there:
 * a run that never got so far (a kernel that panics at boot) has had
 * little checked. */
bool lint_entered_user(const struct lint *l);

/* One finding as one line, without a newline:
 * "LDE007 error: instruction 89475, pid 3, trap_restore+60 'iret': the
 * switch lost s2 of pid 3 ... [docs/lint.md#lde007]".  Returns buf. */
char *lint_format(const struct lint_finding *f, char *buf, size_t n);
/* "lde007": the anchor of the rule's section in docs/lint.md. */
const char *lint_anchor(enum lint_rule r, char *buf, size_t n);

#endif
