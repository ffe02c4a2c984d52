/*
 * check.c - a run against its test's checks: the console output, the
 * guest's exit status, event patterns (a sequence, never, a count) and the
 * invariants over the whole run.  A check that fails says where the run
 * differed from it: the first event that did, with a few around it, in the
 * trace's words.
 */
#include <stdlib.h>
#include <string.h>

#include "grade_int.h"
#include "os.h"

enum {
	CONTEXT = 2,		/* events shown before and after the one that differed */
	OUTPUT_TAIL = 8,	/* lines of output shown when a text is missing */
	SEARCH_BUDGET = 50000000,	/* pattern comparisons one sequence may make */
};

struct eval {
	const struct gtest *t;
	const struct grun *run;
	struct gcap *caps;	/* what the test's captures hold, check after check */
	int *bound;		/* the captures made, in order, for undoing */
	size_t nbound;
	struct sbuf *out;
};

/* ---- Showing the run ------------------------------------------------------------ */

/* One event as a line of the report: its n and its text, marked with > when
 * it is the one that differed. */
static void show_event(struct eval *ev, size_t i, bool mark)
{
	sb_printf(ev->out, "    %s %10llu  ", mark ? ">" : " ", (unsigned long long)ev->run->ev[i].n);
	grun_text(ev->run, i, ev->out);
	sb_puts(ev->out, "\n");
}

/* Events lo..hi (clipped to the run), marking at. */
static void show_events(struct eval *ev, size_t lo, size_t hi, size_t at)
{
	if (ev->run->nev == 0)
		return;
	if (hi >= ev->run->nev)
		hi = ev->run->nev - 1;
	for (size_t i = lo; i <= hi; i++)
		show_event(ev, i, i == at);
}

static void show_around(struct eval *ev, size_t at)
{
	show_events(ev, at > CONTEXT ? at - CONTEXT : 0, at + CONTEXT, at);
}

static void show_caps(struct eval *ev, const struct gcap *caps)
{
	bool any = false;
	for (size_t i = 0; i < ev->t->nvars; i++) {
		if (caps[i].type == GT_NONE)
			continue;
		sb_printf(ev->out, "%s$%s = ", any ? ", " : "  captured: ", ev->t->vars[i]);
		gcap_print(&caps[i], ev->out);
		any = true;
	}
	if (any)
		sb_puts(ev->out, "\n");
}

/* The last lines of the console output. */
static void show_output_tail(struct eval *ev)
{
	const char *s = ev->run->out ? ev->run->out : "";
	size_t len = ev->run->out_len, start = len, lines = 0;
	if (len && s[len - 1] == '\n')
		start--;
	while (start > 0 && lines < OUTPUT_TAIL)
		if (s[--start] == '\n')
			lines++;
	if (start > 0)
		start++;
	if (!len) {
		sb_puts(ev->out, "  the console output is empty\n");
		return;
	}
	sb_printf(ev->out, "  the console output%s:\n", start > 0 ? " ends" : "");
	while (start < len) {
		const char *nl = memchr(s + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - s) : len;
		sb_puts(ev->out, "    | ");
		sb_putn(ev->out, s + start, end - start);
		sb_puts(ev->out, "\n");
		start = end + 1;
	}
}

/* ---- What a check says ------------------------------------------------------------ */

static void describe_count(const struct gcheck *c, struct sbuf *out)
{
	if (c->has_min && c->has_max && c->min == c->max)
		sb_printf(out, "exactly %lld", (long long)c->min);
	else if (c->has_min && c->has_max)
		sb_printf(out, "from %lld to %lld", (long long)c->min, (long long)c->max);
	else if (c->has_min)
		sb_printf(out, "at least %lld", (long long)c->min);
	else
		sb_printf(out, "at most %lld", (long long)c->max);
}

void gcheck_describe(const struct gtest *t, const struct gcheck *c, struct sbuf *out)
{
	if (c->name) {
		sb_puts(out, c->name);
		return;
	}
	switch (c->kind) {
	case GC_CONTAINS: sb_puts(out, "output contains "); sb_quote(out, c->text, c->text_len); break;
	case GC_LACKS: sb_puts(out, "output lacks "); sb_quote(out, c->text, c->text_len); break;
	case GC_MATCHES: sb_puts(out, "output matches "); sb_quote(out, c->text, c->text_len); break;
	case GC_EQUALS: sb_puts(out, "output equals the expected text"); break;
	case GC_EXIT: sb_puts(out, "exit status "); gmatch_print(&c->exit, t->vars, out); break;
	case GC_SEQUENCE: sb_printf(out, "sequence of %zu step%s", c->nsteps, c->nsteps == 1 ? "" : "s"); break;
	case GC_NEVER: sb_puts(out, "never "); gpat_print(&c->pat, t->vars, out); break;
	case GC_COUNT:
		sb_puts(out, "count ");
		gpat_print(&c->pat, t->vars, out);
		sb_puts(out, " ");
		describe_count(c, out);
		break;
	case GC_INVARIANT:
		sb_printf(out, "invariant %s", gr_invariant_keys[c->inv]);
		if (c->inv == GI_QUANTUM)
			sb_printf(out, " (slack %lld)", (long long)c->slack);
		break;
	case GC_NONE:	/* a spec with one is refused before anything runs */
		break;
	}
}

/* ---- The console output ---------------------------------------------------------- */

static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (!nlen)
		return hay;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

static bool check_output(struct eval *ev, const struct gcheck *c)
{
	const char *out = ev->run->out ? ev->run->out : "";
	size_t len = ev->run->out_len;
	const char *at = find(out, len, c->text, c->text_len);
	switch (c->kind) {
	case GC_CONTAINS:
		if (at)
			return true;
		sb_puts(ev->out, "  it does not\n");
		show_output_tail(ev);
		return false;
	case GC_LACKS: {
		if (!at)
			return true;
		size_t line = 1, start = (size_t)(at - out);
		for (size_t i = 0; i < start; i++)
			line += out[i] == '\n';
		while (start > 0 && out[start - 1] != '\n')
			start--;
		const char *nl = memchr(out + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - out) : len;
		sb_printf(ev->out, "  it does, on line %zu of the output:\n    | ", line);
		sb_putn(ev->out, out + start, end - start);
		sb_puts(ev->out, "\n");
		return false;
	}
	case GC_MATCHES:
		/* regexec needs a string: the output has no NUL but perhaps one it printed */
		if (strlen(out) == len && regexec(&c->re, out, 0, NULL, 0) == 0)
			return true;
		sb_puts(ev->out, "  no line matches\n");
		show_output_tail(ev);
		return false;
	case GC_EQUALS: {
		if (len == c->text_len && memcmp(out, c->text, len) == 0)
			return true;
		size_t i = 0, line = 1, start = 0;
		for (; i < len && i < c->text_len && out[i] == c->text[i]; i++)
			if (out[i] == '\n') {
				line++;
				start = i + 1;
			}
		const char *e = c->text + start, *g = out + start;
		const char *enl = memchr(e, '\n', c->text_len - start), *gnl = memchr(g, '\n', len - start);
		size_t el = enl ? (size_t)(enl - e) : c->text_len - start;
		size_t gl = gnl ? (size_t)(gnl - g) : len - start;
		sb_printf(ev->out, "  line %zu differs (column %zu):\n    expected: ", line, i - start + 1);
		if (start >= c->text_len)
			sb_puts(ev->out, "(the end of the output)");
		else
			sb_quote(ev->out, e, el);
		sb_puts(ev->out, "\n    got:      ");
		if (start >= len)
			sb_puts(ev->out, "(the end of the output)");
		else
			sb_quote(ev->out, g, gl);
		sb_puts(ev->out, "\n");
		return false;
	}
	default:
		return false;
	}
}

/* ---- The exit status ------------------------------------------------------------- */

static bool check_exit(struct eval *ev, const struct gcheck *c)
{
	if (ev->run->has_status && gmatch_value(&c->exit, GT_INT, ev->run->status, ev->caps))
		return true;
	if (ev->run->has_status && c->exit.op == GOP_VAR && ev->caps[c->exit.var].type == GT_NONE) {
		ev->caps[c->exit.var] = (struct gcap){ GT_INT, ev->run->status };
		ev->bound[ev->nbound++] = c->exit.var;
		return true;
	}
	if (ev->run->has_status)
		sb_printf(ev->out, "  the guest exited with status %d\n", ev->run->status);
	else
		sb_printf(ev->out, "  the run ended without the guest's status (%s)\n",
			  gr_name(ev->run->end_reason));
	if (ev->run->nev)
		show_events(ev, ev->run->nev > 2 ? ev->run->nev - 2 : 0, ev->run->nev - 1, ev->run->nev - 1);
	return false;
}

/* ---- Patterns ------------------------------------------------------------------------ */

/* Explain why the events from `from` on do not give pattern p: the first one
 * of the kind it names (or the first one at all) and the term it misses. */
static void explain_miss(struct eval *ev, const struct gpat *p, size_t from, const struct gcap *caps)
{
	const struct grun *run = ev->run;
	for (size_t i = from; i < run->nev; i++) {
		const struct grec *e = &run->ev[i];
		if (p->event && e->v[GF_EVENT] != p->event)
			continue;
		const struct gterm *miss = gpat_first_miss(p, e, caps);
		if (!miss)
			continue;
		sb_printf(ev->out, "  the first %s%s differs: ", p->event ? gr_name(p->event) : "event",
			  from ? " after it" : "");
		gterm_explain(miss, e, caps, ev->t->vars, ev->out);
		sb_puts(ev->out, "\n");
		show_around(ev, i);
		return;
	}
	if (p->event)
		sb_printf(ev->out, "  there is no %s event%s\n", gr_name(p->event),
			  from ? " after it" : " in the run");
	if (from && from < run->nev)
		show_events(ev, from, from + 2 * CONTEXT, run->nev);
}

/* The search for a sequence: depth-first, earliest match first, captures
 * made on the way and undone on the way back. */
struct seq {
	struct eval *ev;
	const struct gcheck *c;
	size_t *pos;		/* where each step matched, on the current path */
	long budget;
	/* the deepest the search got: how many steps matched, where, with what
	 * captured, and what stopped the next step (a without, at stop_at) */
	size_t best_depth, best_from;
	size_t *best_pos;
	struct gcap *best_caps;
	bool best_without;
	size_t best_stop;
	unsigned long entry, best_entry;
};

static bool seq_search(struct seq *s, size_t step, size_t from);

/*
 * After a candidate for a step failed, which later ones can fail only the
 * same way?  When the next step has no without, a later candidate that
 * captures the same values (or nothing) leaves the later steps less room
 * than the earlier one had, never more: it is skipped.  So a step that
 * captures $p is tried once per value of $p, not once per event.
 */
struct tried {
	int32_t *values;	/* the captures' values of each failed candidate */
	size_t n, width;
};

/* The values candidate k captured (the captures made since mark). */
static bool tried_before(const struct tried *t, const struct eval *ev, size_t mark)
{
	for (size_t i = 0; i < t->n; i++) {
		size_t j = 0;
		for (; j < t->width && t->values[i * t->width + j] == ev->caps[ev->bound[mark + j]].v; j++)
			;
		if (j == t->width)
			return true;
	}
	return false;
}

static void tried_add(struct tried *t, const struct eval *ev, size_t mark)
{
	t->width = ev->nbound - mark;
	t->values = gr_realloc(t->values, (t->n + 1) * (t->width ? t->width : 1) * sizeof *t->values);
	for (size_t j = 0; j < t->width; j++)
		t->values[t->n * t->width + j] = ev->caps[ev->bound[mark + j]].v;
	t->n++;
}

static bool seq_search(struct seq *s, size_t step, size_t from)
{
	struct eval *ev = s->ev;
	const struct gcheck *c = s->c;
	if (step == c->nsteps)
		return true;
	const struct gstep *st = &c->steps[step];
	unsigned long me = ++s->entry;
	if (step > s->best_depth || s->best_entry == 0) {	/* deeper than ever: remember how */
		s->best_depth = step;
		s->best_from = from;
		s->best_entry = me;
		s->best_without = false;
		memcpy(s->best_pos, s->pos, step * sizeof *s->pos);
		memcpy(s->best_caps, ev->caps, ev->t->nvars * sizeof *ev->caps);
	}
	bool next_without = step + 1 < c->nsteps && c->steps[step + 1].without;
	struct tried tried = { 0 };
	bool found = false;
	for (size_t k = from; k < ev->run->nev && !found; k++) {
		if (--s->budget < 0)
			break;
		size_t mark = ev->nbound;
		if (gpat_match(&st->pat, &ev->run->ev[k], ev->caps, ev->bound, &ev->nbound)) {
			s->pos[step] = k;
			if (!(tried.n && !next_without && tried_before(&tried, ev, mark))) {
				if ((found = seq_search(s, step + 1, k + 1)))
					break;
				if (!next_without)
					tried_add(&tried, ev, mark);
			}
			gcap_undo(ev->caps, ev->bound, &ev->nbound, mark);
			if (s->budget < 0)
				break;
		}
		if (st->without) {
			size_t wmark = ev->nbound;
			bool hit = gpat_match(st->without, &ev->run->ev[k], ev->caps, ev->bound, &ev->nbound);
			gcap_undo(ev->caps, ev->bound, &ev->nbound, wmark);
			if (hit) {
				if (s->best_entry == me) {
					s->best_without = true;
					s->best_stop = k;
				}
				break;
			}
		}
	}
	free(tried.values);
	return found;
}

static bool check_sequence(struct eval *ev, const struct gcheck *c)
{
	size_t n = c->nsteps, nv = ev->t->nvars;
	struct seq s = {
		.ev = ev, .c = c, .budget = SEARCH_BUDGET,
		.pos = gr_realloc(NULL, n * sizeof *s.pos),
		.best_pos = gr_realloc(NULL, n * sizeof *s.best_pos),
		.best_caps = gr_realloc(NULL, (nv ? nv : 1) * sizeof *s.best_caps),
	};
	bool ok = seq_search(&s, 0, 0);
	if (!ok && s.budget < 0) {
		sb_printf(ev->out, "  the search gave up after %d comparisons: make the steps more "
			  "specific (an event kind, a pid)\n", SEARCH_BUDGET);
	} else if (!ok) {
		size_t d = s.best_depth;
		const struct gstep *st = &c->steps[d];
		sb_printf(ev->out, "  step %zu of %zu never matched: ", d + 1, n);
		gpat_print(&st->pat, ev->t->vars, ev->out);
		sb_puts(ev->out, "\n");
		if (d > 0) {
			if (d == 1)
				sb_puts(ev->out, "  step 1 matched:\n");
			else
				sb_printf(ev->out, "  steps 1-%zu matched:\n", d);
			for (size_t i = 0; i < d; i++)
				show_event(ev, s.best_pos[i], false);
		}
		show_caps(ev, s.best_caps);
		if (s.best_without) {
			sb_printf(ev->out, "  before it could, this event came, which its without: ");
			gpat_print(st->without, ev->t->vars, ev->out);
			sb_puts(ev->out, " forbids:\n");
			show_around(ev, s.best_stop);
		} else {
			explain_miss(ev, &st->pat, s.best_from, s.best_caps);
		}
	}
	free(s.pos);
	free(s.best_pos);
	free(s.best_caps);
	return ok;
}

static bool check_never(struct eval *ev, const struct gcheck *c)
{
	for (size_t i = 0; i < ev->run->nev; i++) {
		size_t mark = ev->nbound;
		if (!gpat_match(&c->pat, &ev->run->ev[i], ev->caps, ev->bound, &ev->nbound))
			continue;
		gcap_undo(ev->caps, ev->bound, &ev->nbound, mark);
		sb_puts(ev->out, "  it happened:\n");
		show_around(ev, i);
		return false;
	}
	return true;
}

/* A count: with captures not made yet, one count per value they take ("for
 * some pid"), and the first value whose count is right is kept. */
static bool check_count(struct eval *ev, const struct gcheck *c)
{
	size_t nv = ev->t->nvars, ngroups = 0;
	struct group {
		struct gcap *caps;	/* the captures this count is for */
		long count;
		size_t first;		/* its first event */
	} *groups = NULL;
	for (size_t i = 0; i < ev->run->nev; i++) {
		size_t mark = ev->nbound;
		if (!gpat_match(&c->pat, &ev->run->ev[i], ev->caps, ev->bound, &ev->nbound))
			continue;
		size_t g = 0;
		for (; g < ngroups; g++)
			if (memcmp(groups[g].caps, ev->caps, nv * sizeof *ev->caps) == 0)
				break;
		if (g == ngroups) {
			groups = gr_realloc(groups, (ngroups + 1) * sizeof *groups);
			groups[g] = (struct group){ .caps = gr_realloc(NULL, (nv ? nv : 1) * sizeof *ev->caps),
						    .first = i };
			memcpy(groups[g].caps, ev->caps, nv * sizeof *ev->caps);
			ngroups++;
		}
		groups[g].count++;
		gcap_undo(ev->caps, ev->bound, &ev->nbound, mark);
	}
	bool ok = false;
	for (size_t g = 0; g < ngroups && !ok; g++) {
		if ((c->has_min && groups[g].count < c->min) || (c->has_max && groups[g].count > c->max))
			continue;
		ok = true;
		for (size_t v = 0; v < nv; v++)	/* keep what this count captured */
			if (ev->caps[v].type == GT_NONE && groups[g].caps[v].type != GT_NONE) {
				ev->caps[v] = groups[g].caps[v];
				ev->bound[ev->nbound++] = (int)v;
			}
	}
	if (!ngroups && (!c->has_min || c->min == 0))
		ok = true;
	if (!ok) {
		sb_puts(ev->out, "  wanted ");
		describe_count(c, ev->out);
		if (!ngroups)
			sb_puts(ev->out, ", found none\n");
		for (size_t g = 0; g < ngroups; g++) {
			sb_printf(ev->out, "%s found %ld", g ? ";" : ",", groups[g].count);
			bool any = false;
			for (size_t v = 0; v < nv; v++)
				if (ev->caps[v].type == GT_NONE && groups[g].caps[v].type != GT_NONE) {
					sb_printf(ev->out, "%s$%s = ", any ? ", " : " with ", ev->t->vars[v]);
					gcap_print(&groups[g].caps[v], ev->out);
					any = true;
				}
			if (g + 1 == ngroups)
				sb_puts(ev->out, "\n");
		}
		if (ngroups == 1) {
			sb_puts(ev->out, "  the first of them:\n");
			show_around(ev, groups[0].first);
		}
	}
	for (size_t g = 0; g < ngroups; g++)
		free(groups[g].caps);
	free(groups);
	return ok;
}

/* ---- Invariants -------------------------------------------------------------------- */

static bool is(const struct grec *e, int f, const char *name)
{
	return (e->has & (1u << f)) && e->v[f] == gr_intern(name);
}

/* Between a return-from-trap to user mode and the next event in kernel mode
 * (a trap, a double fault) or the end of the run, at most quantum + slack
 * instructions. */
static bool check_quantum(struct eval *ev, const struct gcheck *c)
{
	const struct grun *run = ev->run;
	uint64_t quantum = run->quantum ? run->quantum : QUANTUM_DEFAULT;
	uint64_t limit = quantum + (uint64_t)c->slack;
	size_t since = SIZE_MAX;	/* the iret to user, while in user mode */
	for (size_t i = 0; i < run->nev; i++) {
		const struct grec *e = &run->ev[i];
		bool kernel = is(e, GF_MODE, "kernel") || is(e, GF_EVENT, "end");
		if (since != SIZE_MAX && kernel) {
			uint64_t ran = e->n - run->ev[since].n;
			if (ran > limit) {
				sb_printf(ev->out, "  pid %d ran %llu instructions in user mode without the kernel "
					  "taking control (quantum %llu + slack %lld = %llu):\n",
					  run->ev[since].v[GF_PID], (unsigned long long)ran,
					  (unsigned long long)quantum, (long long)c->slack,
					  (unsigned long long)limit);
				show_event(ev, since, false);
				show_event(ev, i, true);
				return false;
			}
			since = SIZE_MAX;
		}
		if (is(e, GF_EVENT, "iret") && is(e, GF_TO, "user"))
			since = i;
	}
	return true;
}

/* The mode changes only by a trap (to kernel) and a return-from-trap (to
 * user), and a return-from-trap into kernel mode lands in the kernel's own
 * code (the record names its label). */
static bool check_kernel_mode(struct eval *ev)
{
	const struct grun *run = ev->run;
	bool user = false;
	for (size_t i = 0; i < run->nev; i++) {
		const struct grec *e = &run->ev[i];
		const char *wrong = NULL;
		if (!(e->has & (1u << GF_MODE)))
			continue;
		bool now_user = is(e, GF_MODE, "user");
		bool trap = is(e, GF_EVENT, "trap") || is(e, GF_EVENT, "double_fault");
		bool iret = is(e, GF_EVENT, "iret");
		if (user && !now_user && !trap)
			wrong = "the machine went from user to kernel mode without a trap";
		else if (!user && now_user && !(iret && is(e, GF_TO, "user")))
			wrong = "the machine went from kernel to user mode without a return-from-trap";
		else if (iret && is(e, GF_TO, "kernel") && !(e->has & (1u << GF_AT)))
			wrong = "a return-from-trap into kernel mode went to code outside the kernel "
				"(no kernel label there)";
		if (wrong) {
			sb_printf(ev->out, "  %s:\n", wrong);
			show_around(ev, i);
			return false;
		}
		if (!is(e, GF_EVENT, "sysret"))
			user = now_user;
	}
	return true;
}

static bool check_user_interrupts(struct eval *ev)
{
	for (size_t i = 0; i < ev->run->nev; i++) {
		const struct grec *e = &ev->run->ev[i];
		if (is(e, GF_MODE, "user") && (e->has & (1u << GF_IE)) && !e->v[GF_IE]) {
			sb_printf(ev->out, "  pid %d runs in user mode with interrupts off:\n", e->v[GF_PID]);
			show_around(ev, i);
			return false;
		}
	}
	return true;
}

/* ---- A test ---------------------------------------------------------------------- */

static bool pat_uses(const struct gpat *p, int var)
{
	for (size_t i = 0; p && i < p->nterms; i++)
		if ((p->terms[i].m.op == GOP_VAR || p->terms[i].m.op == GOP_NOT_VAR) && p->terms[i].m.var == var)
			return true;
	return false;
}

/* Does check c name capture var? */
static bool check_uses(const struct gcheck *c, int var)
{
	if (c->kind == GC_EXIT)
		return (c->exit.op == GOP_VAR || c->exit.op == GOP_NOT_VAR) && c->exit.var == var;
	for (size_t i = 0; i < c->nsteps; i++)
		if (pat_uses(&c->steps[i].pat, var) || pat_uses(c->steps[i].without, var))
			return true;
	return pat_uses(&c->pat, var);
}

/* The check before check i that first names a capture check i names too,
 * if it failed and so captured nothing (a never captures nothing anyway):
 * check i cannot mean what it says. */
static const struct gcheck *failed_source(const struct gtest *t, size_t i, const bool *failed, int *var)
{
	for (size_t v = 0; v < t->nvars; v++) {
		if (!check_uses(&t->checks[i], (int)v))
			continue;
		for (size_t j = 0; j < i; j++)
			if (t->checks[j].kind != GC_NEVER && check_uses(&t->checks[j], (int)v)) {
				if (!failed[j])
					break;
				*var = (int)v;
				return &t->checks[j];
			}
	}
	return NULL;
}

/* Did the run end as a graded run must, the guest powering the machine off
 * or halting it?  If not, why, and nothing else is checked. */
static bool run_ended(struct eval *ev)
{
	const struct grun *run = ev->run;
	const char *reason = run->has_end ? gr_name(run->end_reason) : "";
	if (run->timed_out)
		sb_printf(ev->out, "the run took more than %u s of host time (vm grade --timeout) and was "
			  "stopped\n", run->timeout);
	else if (run->vm_signal)
		sb_printf(ev->out, "vm run died of signal %d\n", run->vm_signal);
	else if (strcmp(reason, "max_instructions") == 0)
		sb_printf(ev->out, "the run reached its instruction limit, max_instructions: %llu, before "
			  "the machine powered off\n", (unsigned long long)ev->t->max_instructions);
	else if (run->has_end && !run->has_status)
		sb_printf(ev->out, "the run ended without the guest's exit status: %s (vm run exit status %d)\n",
			  reason, run->vm_status);
	else if (!run->has_end)
		sb_printf(ev->out, "vm run failed (exit status %d) before the run ended\n", run->vm_status);
	else
		return true;
	if (run->err_len && strcmp(reason, "max_instructions") != 0) {	/* else it says what we said */
		sb_puts(ev->out, "  vm said:\n");
		for (const char *s = run->err, *end = run->err + run->err_len; s < end;) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
			sb_puts(ev->out, "    ");
			sb_putn(ev->out, s, n);
			sb_puts(ev->out, "\n");
			s += n + 1;
		}
	}
	if (run->nev) {
		sb_puts(ev->out, "  the run's last events:\n");
		show_events(ev, run->nev > 3 ? run->nev - 3 : 0, run->nev - 1, run->nev);
	}
	show_output_tail(ev);
	return false;
}

bool grade_evaluate(const struct gtest *t, const struct grun *run, struct sbuf *out)
{
	size_t nv = t->nvars ? t->nvars : 1;
	struct eval ev = {
		.t = t, .run = run, .out = out,
		.caps = gr_realloc(NULL, nv * sizeof *ev.caps),
		/* each capture is made at most once on a path: nvars entries suffice */
		.bound = gr_realloc(NULL, nv * sizeof *ev.bound),
	};
	bool ended = run_ended(&ev), all = ended;
	memset(ev.caps, 0, nv * sizeof *ev.caps);
	/* every check, so that a student sees every failure at once; none when
	 * the run did not end as it must (run_ended said why) */
	bool *failed = gr_realloc(NULL, t->nchecks * sizeof *failed);
	for (size_t i = 0; ended && i < t->nchecks; i++) {
		const struct gcheck *c = &t->checks[i], *source;
		size_t len = out->len;
		bool ok;
		int var;
		sb_printf(out, "check %zu (line %d): ", i + 1, c->line);
		gcheck_describe(t, c, out);
		sb_puts(out, "\n");
		if ((source = failed_source(t, i, failed, &var))) {
			sb_printf(out, "  not checked: $%s is captured by the check at line %d, which failed\n",
				  t->vars[var], source->line);
			failed[i] = true;
			all = false;
			continue;
		}
		switch (c->kind) {
		case GC_CONTAINS: case GC_LACKS: case GC_MATCHES: case GC_EQUALS:
			ok = check_output(&ev, c);
			break;
		case GC_EXIT: ok = check_exit(&ev, c); break;
		case GC_SEQUENCE: ok = check_sequence(&ev, c); break;
		case GC_NEVER: ok = check_never(&ev, c); break;
		case GC_COUNT: ok = check_count(&ev, c); break;
		case GC_INVARIANT:
			ok = c->inv == GI_QUANTUM ? check_quantum(&ev, c)
			   : c->inv == GI_KERNEL_MODE ? check_kernel_mode(&ev) : check_user_interrupts(&ev);
			break;
		default: ok = false; break;
		}
		if (ok) {	/* only failures are told */
			out->len = len;
			if (out->s)
				out->s[len] = '\0';
		}
		failed[i] = !ok;
		all = all && ok;
	}
	free(failed);
	free(ev.caps);
	free(ev.bound);
	return all;
}
