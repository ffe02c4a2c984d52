/*
 * timeline_check.c - timeline_check FILE [INSTRUCTIONS]: check a timeline
 * (vm run --timeline, docs/events.md "The timeline"), read with cJSON, the
 * way Perfetto's JSON importer reads it:
 *   - records are taken in time order, the file's order among equal times;
 *   - on every track, B and E pair up (an E with a name closes a B of that
 *     name, the innermost) and every span, X or B/E, nests in the spans
 *     around it: none crosses another's edge;
 *   - the top-level spans of "kernel mode" and the user-mode spans of all
 *     processes never overlap, and add up to the run's instruction count
 *     (INSTRUCTIONS, from the event stream's end record, and otherData's);
 *   - every `switch` instant has its arrow: an s and an f of one id, the s
 *     bound (as Perfetto binds it: the innermost span open on its track) to
 *     a kernel span of the context switched from, the f to a span of the
 *     process switched to (its user span, or its kernel path).
 * Prints one line per problem, "FILE: ...", and exits 1 if there was any.
 *
 * timeline_check --spans FROM TO FILE: the spans of FILE that overlap
 * [FROM, TO), as text, in time order, with their tracks and arrows: what
 * docs/events.md shows of a run (docs/gen/outputs.sh makes it).
 */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

static const char *path;
static unsigned problems;

__attribute__((format(printf, 1, 2)))
static void bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", path);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	problems++;
}

static double num(const cJSON *o, const char *key, double otherwise)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : otherwise;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- Tracks and spans ---------------------------------------------------- */

enum { MAX_TRACKS = 4096, MAX_DEPTH = 64 };

struct span {
	unsigned track;
	double start, end;	/* end < 0: still open */
	const char *name;
	double pid;		/* args.pid, -1 if none */
	double since;		/* args.since (a resumed trap's), -1 if none */
	unsigned depth;		/* B/E spans: how many were open around it */
	int arrow_out, arrow_in;	/* the flows bound to it, -1 if none */
};

struct track {
	double pid, tid;
	const char *name;	/* its thread_name */
	unsigned open[MAX_DEPTH];	/* indexes into spans, innermost last */
	unsigned depth;
	bool instant_on_top;	/* an instant is the innermost "slice" (Perfetto) */
	int waiting_flow;	/* an f without bp: binds to the next span here (-1: none) */
};

static struct track tracks[MAX_TRACKS];
static unsigned ntracks;
static struct span *spans;
static unsigned nspans, spans_cap;

static unsigned track_of(double pid, double tid)
{
	for (unsigned i = 0; i < ntracks; i++)
		if (tracks[i].pid == pid && tracks[i].tid == tid)
			return i;
	if (ntracks == MAX_TRACKS) {
		bad("more than %d tracks", MAX_TRACKS);
		exit(1);
	}
	tracks[ntracks] = (struct track){ .pid = pid, .tid = tid, .waiting_flow = -1 };
	return ntracks++;
}

static void *grow(void *v, unsigned n, unsigned *cap, size_t size);

static unsigned span_add(unsigned track, double start, double end, const char *name,
			 const cJSON *args, unsigned depth)
{
	spans = grow(spans, nspans, &spans_cap, sizeof *spans);
	spans[nspans] = (struct span){ track, start, end, name, num(args, "pid", -1),
				       num(args, "since", -1), depth, -1, -1 };
	return nspans++;
}

/* ---- Flows --------------------------------------------------------------- */

struct flow {
	double id;
	double s_ts;
	int from, to;		/* bound spans, -1 if none (yet) */
	bool has_s, has_f;
};
static struct flow *flows;
static unsigned nflows, flows_cap;

/* Room for one more in a growing array (exits if there is no memory). */
static void *grow(void *v, unsigned n, unsigned *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 1024;
	v = realloc(v, *cap * size);
	if (!v) {
		bad("out of memory");
		exit(1);
	}
	return v;
}

/* The flow of that id (the last ones are the likely ones), made if new. */
static struct flow *flow_of(double id)
{
	for (unsigned i = nflows; i > 0; i--)
		if (flows[i - 1].id == id)
			return &flows[i - 1];
	flows = grow(flows, nflows, &flows_cap, sizeof *flows);
	flows[nflows] = (struct flow){ .id = id, .from = -1, .to = -1 };
	return &flows[nflows++];
}

/* The innermost slice open on track t, as Perfetto binds a flow: -1 if
 * none, or if it is an instant. */
static int innermost(const struct track *t)
{
	if (t->instant_on_top || !t->depth)
		return -1;
	return (int)t->open[t->depth - 1];
}

/* ---- Reading ------------------------------------------------------------- */

struct rec {
	const cJSON *o;
	double ts;
	unsigned order;
};

static int by_time(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct switch_ev {
	double ts, pid;
};
static struct switch_ev *switches;
static unsigned nswitches, switches_cap;

static void take(const cJSON *o, double ts)
{
	const char *ph = str(o, "ph");
	double pid = num(o, "pid", -1), tid = num(o, "tid", pid);
	struct track *t = &tracks[track_of(pid, tid)];
	unsigned ti = (unsigned)(t - tracks);
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(o, "args");
	switch (ph[0]) {
	case 'B': {
		if (t->depth == MAX_DEPTH) {
			bad("spans nest deeper than %d at ts %.0f", MAX_DEPTH, ts);
			return;
		}
		unsigned k = span_add(ti, ts, -1, str(o, "name"), args, t->depth);
		t->open[t->depth++] = k;
		t->instant_on_top = false;
		if (t->waiting_flow >= 0) {
			flows[t->waiting_flow].to = (int)k;
			t->waiting_flow = -1;
		}
		break;
	}
	case 'E': {
		t->instant_on_top = false;
		if (!t->depth) {
			bad("an E at ts %.0f closes no span (pid %.0f tid %.0f)", ts, pid, tid);
			return;
		}
		struct span *s = &spans[t->open[t->depth - 1]];
		const char *name = str(o, "name");
		if (name && s->name && strcmp(name, s->name) != 0)
			bad("the E of \"%s\" at ts %.0f would close \"%s\", not the innermost span "
			    "(\"%s\", since %.0f): the spans cross", name, ts, name, s->name, s->start);
		s->end = ts;
		t->depth--;
		break;
	}
	case 'X': {
		double dur = num(o, "dur", -1);
		if (dur < 0)
			bad("an X at ts %.0f without a duration", ts);
		else
			span_add(ti, ts, ts + dur, str(o, "name"), args, 0);
		break;
	}
	case 'i':
		t->instant_on_top = true;
		if (str(o, "name") && strcmp(str(o, "name"), "switch") == 0) {
			switches = grow(switches, nswitches, &switches_cap, sizeof *switches);
			switches[nswitches++] = (struct switch_ev){ ts, num(args, "pid", -1) };
		}
		break;
	case 's':
	case 'f': {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
		if (!cJSON_IsNumber(id)) {
			bad("a flow record at ts %.0f without a numeric id", ts);
			return;
		}
		struct flow *f = flow_of(id->valuedouble);
		if (ph[0] == 's') {
			if (f->has_s)
				bad("flow %.0f starts twice", f->id);
			f->has_s = true;
			f->s_ts = ts;
			f->from = innermost(t);
			if (f->from < 0)
				bad("flow %.0f starts at ts %.0f with no span open on its track", f->id, ts);
		} else {
			if (f->has_f)
				bad("flow %.0f ends twice", f->id);
			f->has_f = true;
			const char *bp = str(o, "bp");
			if (bp && strcmp(bp, "e") == 0) {
				f->to = innermost(t);
				if (f->to < 0)
					bad("flow %.0f ends at ts %.0f with no span open on its track",
					    f->id, ts);
			} else {
				t->waiting_flow = (int)(f - flows);
			}
		}
		break;
	}
	case 'M':
		if (str(o, "name") && strcmp(str(o, "name"), "thread_name") == 0)
			t->name = str(args, "name");
		break;
	default:
		bad("a record of phase \"%s\", which the timeline does not write", ph);
		break;
	}
}

/* ---- Checks -------------------------------------------------------------- */

static int by_start(const void *a, const void *b)
{
	const struct span *x = *(const struct span *const *)a, *y = *(const struct span *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;	/* the outer one first */
}

/* Spans on one track, or the top-level ones of several (flat: none may
 * hold another), sorted: each must end before the next begins, or hold it
 * whole.  Returns the time they cover at the top level; the top-level
 * spans go to top (if not NULL), *ntop of them. */
static double check_nesting(const struct span **v, unsigned n, const char *what, bool flat,
			    const struct span **top_out, unsigned *ntop)
{
	qsort(v, n, sizeof *v, by_start);
	const struct span *stack[MAX_DEPTH];
	unsigned depth = 0;
	double top = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct span *s = v[i];
		while (depth && stack[depth - 1]->end <= s->start)
			depth--;
		if (depth && (flat || stack[depth - 1]->end < s->end)) {
			const struct span *o = stack[depth - 1];
			bad("%s: \"%s\" [%.0f, %.0f) and \"%s\" [%.0f, %.0f) %s", what,
			    o->name ? o->name : "?", o->start, o->end, s->name ? s->name : "?", s->start,
			    s->end, flat ? "overlap: the machine is in one mode at a time" : "cross");
			continue;
		}
		if (!depth) {
			top += s->end - s->start;
			if (top_out)
				top_out[(*ntop)++] = s;
		}
		if (depth < MAX_DEPTH)
			stack[depth++] = s;
	}
	return top;
}

static bool is_kernel_mode(unsigned track)
{
	return tracks[track].pid == EV_TIMELINE_KERNEL_PID && tracks[track].tid == EV_TIMELINE_KERNEL_PID;
}

/* Every switch has its arrow, from a span of the context switched from to
 * one of the process switched to. */
static void check_arrows(void)
{
	unsigned nf = 0;
	for (unsigned i = 0; i < nflows; i++) {
		if (!flows[i].has_s || !flows[i].has_f)
			bad("flow %.0f has no %s", flows[i].id, flows[i].has_s ? "end (f)" : "start (s)");
		nf++;
	}
	if (nf != nswitches)
		bad("%u switches but %u arrows", nswitches, nf);
	double from_pid = 0;	/* the boot context */
	for (unsigned i = 0; i < nswitches && i < nflows; i++) {
		const struct switch_ev *sw = &switches[i];
		const struct flow *f = &flows[i];	/* in the order they start */
		if (f->s_ts > sw->ts)
			bad("the arrow of the switch at %.0f starts after it, at %.0f", sw->ts, f->s_ts);
		if (f->from >= 0) {
			const struct span *s = &spans[f->from];
			if (!is_kernel_mode(s->track) || s->pid != from_pid)
				bad("the arrow of the switch at %.0f starts in \"%s\" (pid %.0f), not in a "
				    "kernel span of pid %.0f", sw->ts, s->name ? s->name : "?", s->pid,
				    from_pid);
		}
		if (f->to >= 0) {
			const struct span *s = &spans[f->to];
			bool user = !is_kernel_mode(s->track) && tracks[s->track].pid == sw->pid;
			bool kernel = is_kernel_mode(s->track) && s->pid == sw->pid;
			if (!user && !kernel)
				bad("the arrow of the switch to pid %.0f at %.0f ends in \"%s\" (pid %.0f), "
				    "not in that process", sw->pid, sw->ts, s->name ? s->name : "?", s->pid);
			if (s->end >= 0 && s->end < sw->ts)
				bad("the arrow of the switch at %.0f ends in a span that ended before it",
				    sw->ts);
		} else if (f->has_f) {
			bad("the arrow of the switch at %.0f ends in no span", sw->ts);
		}
		from_pid = sw->pid;
	}
}

static char *slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *more = realloc(buf, 2 * cap + 1);
			if (!more) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = more;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static cJSON *doc;	/* the file read: the spans' names point into it */

/* Read and check file; its spans and flows stay for print_spans. */
static void check_file(const char *file, double want_instructions)
{
	path = file;
	ntracks = nspans = nflows = nswitches = 0;
	char *text = slurp(file);
	doc = text ? cJSON_Parse(text) : NULL;
	free(text);
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(doc, "traceEvents");
	if (!cJSON_IsArray(events)) {
		bad("not a JSON object with a traceEvents array");
		return;
	}
	const cJSON *other = cJSON_GetObjectItemCaseSensitive(doc, "otherData");
	double total = num(other, "instructions", -1);
	if (!str(other, "schema") || strcmp(str(other, "schema"), EV_TIMELINE_SCHEMA) != 0)
		bad("otherData.schema is not \"%s\"", EV_TIMELINE_SCHEMA);
	if (want_instructions >= 0 && total != want_instructions)
		bad("otherData.instructions is %.0f, the run's end record says %.0f", total,
		    want_instructions);

	/* Time order, the file's order among equal times (no X: Perfetto's). */
	unsigned n = (unsigned)cJSON_GetArraySize(events), k = 0;
	struct rec *recs = malloc((n + 1) * sizeof *recs);
	const cJSON *o;
	cJSON_ArrayForEach(o, events) {
		if (!cJSON_IsObject(o) || !str(o, "ph")) {
			bad("record %u is not an object with a ph", k);
			continue;
		}
		double ts = num(o, "ts", -1);
		if (ts < 0 && str(o, "ph")[0] != 'M') {
			bad("record %u (ph %s) has no ts", k, str(o, "ph"));
			continue;
		}
		recs[k] = (struct rec){ o, ts < 0 ? 0 : ts, k };
		k++;
	}
	qsort(recs, k, sizeof *recs, by_time);
	for (unsigned i = 0; i < k; i++)
		take(recs[i].o, recs[i].ts);
	free(recs);
	for (unsigned i = 0; i < ntracks; i++)
		if (tracks[i].depth)
			bad("%u span(s) left open on pid %.0f tid %.0f", tracks[i].depth, tracks[i].pid,
			    tracks[i].tid);

	/* Nesting per track; then kernel mode's top level with the user spans. */
	const struct span **v = malloc((nspans + 1) * sizeof *v);
	const struct span **cpu = malloc((nspans + 1) * sizeof *cpu);
	unsigned ncpu = 0;
	for (unsigned tr = 0; tr < ntracks; tr++) {
		unsigned m = 0;
		for (unsigned i = 0; i < nspans; i++)
			if (spans[i].track == tr && spans[i].end >= 0)
				v[m++] = &spans[i];
		char what[64];
		snprintf(what, sizeof what, "pid %.0f tid %.0f", tracks[tr].pid, tracks[tr].tid);
		/* kernel mode and user mode: their top level is the CPU's time */
		bool cpu_track = is_kernel_mode(tr) || tracks[tr].pid != EV_TIMELINE_KERNEL_PID;
		check_nesting(v, m, what, false, cpu_track ? cpu : NULL, &ncpu);
	}
	double covered = check_nesting(cpu, ncpu, "the CPU's time", true, NULL, NULL);
	if (covered != total)
		bad("user and kernel time add up to %.0f instructions, the run is %.0f", covered, total);
	free(v);
	free(cpu);
	check_arrows();
}

/* ---- The spans as text ------------------------------------------------------ */

static int by_start_depth(const void *a, const void *b)
{
	const struct span *x = *(const struct span *const *)a, *y = *(const struct span *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->depth < y->depth ? -1 : x->depth > y->depth;
}

/* Print the spans that overlap [from, to): start, end, length, track, the
 * span (indented by its depth), whose it is, and the arrows. */
static void print_spans(double from, double to)
{
	for (unsigned i = 0; i < nflows; i++) {
		if (flows[i].from >= 0)
			spans[flows[i].from].arrow_out = (int)i;
		if (flows[i].to >= 0)
			spans[flows[i].to].arrow_in = (int)i;
	}
	const struct span **v = malloc((nspans + 1) * sizeof *v);
	unsigned n = 0;
	for (unsigned i = 0; i < nspans; i++)
		if (spans[i].end > from && spans[i].start < to)
			v[n++] = &spans[i];
	qsort(v, n, sizeof *v, by_start_depth);
	printf("%9s %9s %7s  %-14s %s\n", "start", "end", "length", "track", "span");
	for (unsigned i = 0; i < n; i++) {
		const struct span *s = v[i];
		const struct track *t = &tracks[s->track];
		char what[96];
		int k = snprintf(what, sizeof what, "%*s%s", 2 * (int)s->depth, "", s->name ? s->name : "?");
		if (is_kernel_mode(s->track) && s->pid >= 0 && k > 0 && (size_t)k < sizeof what)
			k += snprintf(what + k, sizeof what - (size_t)k, s->since >= 0 ? " (pid %.0f, since %.0f)"
				      : " (pid %.0f)", s->pid, s->since);
		char line[256];
		k = snprintf(line, sizeof line, "%9.0f %9.0f %7.0f  %-14s %-34s", s->start, s->end,
			     s->end - s->start, t->name ? t->name : "?", what);
		if (s->arrow_in >= 0 && k > 0 && (size_t)k < sizeof line)
			k += snprintf(line + k, sizeof line - (size_t)k, " <- arrow %.0f",
				      flows[s->arrow_in].id);
		if (s->arrow_out >= 0 && k > 0 && (size_t)k < sizeof line)
			snprintf(line + k, sizeof line - (size_t)k, " arrow %.0f ->", flows[s->arrow_out].id);
		size_t len = strlen(line);
		while (len && line[len - 1] == ' ')
			line[--len] = '\0';
		printf("%s\n", line);
	}
	free(v);
}

int main(int argc, char **argv)
{
	bool spans_wanted = argc == 5 && strcmp(argv[1], "--spans") == 0;
	if (!spans_wanted && (argc < 2 || argc > 3)) {
		fprintf(stderr, "usage: timeline_check FILE [INSTRUCTIONS]\n"
				"       timeline_check --spans FROM TO FILE\n");
		return 2;
	}
	if (spans_wanted) {
		check_file(argv[4], -1);
		print_spans(strtod(argv[2], NULL), strtod(argv[3], NULL));
	} else {
		check_file(argv[1], argc == 3 ? strtod(argv[2], NULL) : -1);
	}
	free(spans);
	free(flows);
	free(switches);
	cJSON_Delete(doc);
	return problems ? 1 : 0;
}
