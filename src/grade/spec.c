/*
 * spec.c - a grading spec (docs/grading.md) read with libyaml into struct
 * grade_spec, and every problem in it reported as
 * "spec.yaml:LINE:COL: error: ...", with the line and a caret, the way the
 * assembler reports a source's.  The grammar of each part is written above
 * the function that reads it.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "events.h"
#include "grade_int.h"
#include "isa.h"

const char *const gr_invariant_keys[GI_COUNT] = {
#define GI(name, key, what) key,
	GRADE_INVARIANTS(GI)
#undef GI
};
const char *const gr_invariant_texts[GI_COUNT] = {
#define GI(name, key, what) what,
	GRADE_INVARIANTS(GI)
#undef GI
};

enum { MAX_ERRORS = 20 };
/* The most nodes a spec may stand for once its aliases are followed: a
 * course's largest spec is a few thousand, and an alias of an alias of an
 * alias ("billion laughs") in a spec of 10 KB stood for 27 million steps
 * and ran vm grade out of memory. */
enum { MAX_EXPANDED_NODES = 100000 };
/* The most a test may be worth: any number of them adds up to a finite score. */
enum { MAX_POINTS = 1000000 };

struct ctx {
	const char *path;
	const char *text;	/* the spec, for the line an error shows */
	size_t len;
	FILE *err;
	unsigned nerr;
	yaml_document_t doc;
	struct gtest *test;	/* the test being read: its captures */
	bool *seen;		/* which of its captures a pattern read so far makes */
};

/* ---- Errors -------------------------------------------------------------------- */

static void error_at(struct ctx *c, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error_at(struct ctx *c, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	if (++c->nerr > MAX_ERRORS)
		return;
	fprintf(c->err, "%s:%zu:%zu: error: ", c->path, mark.line + 1, mark.column + 1);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	/* the line, and a caret under the column */
	size_t start = mark.index <= c->len ? mark.index : c->len;
	while (start > 0 && c->text[start - 1] != '\n')
		start--;
	size_t end = start;
	while (end < c->len && c->text[end] != '\n')
		end++;
	fprintf(c->err, "  %.*s\n  ", (int)(end - start), c->text + start);
	for (size_t i = start; i < start + mark.column && i < end; i++)
		fputc(c->text[i] == '\t' ? '\t' : ' ', c->err);
	fputs("^\n", c->err);
}

#define ERROR(c, node, ...) error_at((c), (node)->start_mark, __VA_ARGS__)

/* The nearest of names to word, if it is near: for "did you mean". */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, wl = strlen(word);
	for (size_t k = 0; k < n; k++) {
		if (!names[k])
			continue;
		size_t nl = strlen(names[k]), row[64], d;
		if (wl >= 63 || nl >= 63)
			continue;
		for (size_t j = 0; j <= nl; j++)
			row[j] = j;
		for (size_t i = 1; i <= wl; i++) {	/* Levenshtein, one row */
			size_t diag = row[0];
			row[0] = i;
			for (size_t j = 1; j <= nl; j++) {
				size_t up = row[j];
				size_t sub = diag + (word[i - 1] != names[k][j - 1]);
				row[j] = sub < up + 1 ? sub : up + 1;
				if (row[j - 1] + 1 < row[j])
					row[j] = row[j - 1] + 1;
				diag = up;
			}
		}
		d = row[nl];
		if (d < best_d) {
			best_d = d;
			best = names[k];
		}
	}
	return best && best_d <= (wl > 4 ? 2u : 1u) ? best : NULL;
}

/* "unknown WHAT 'word' (did you mean 'x'?)" or "(one of: a, b, c)". */
static void unknown(struct ctx *c, yaml_node_t *node, const char *what, const char *word,
		    const char *const *names, size_t n)
{
	const char *near = nearest(word, names, n);
	if (near) {
		ERROR(c, node, "unknown %s '%s' (did you mean '%s'?)", what, word, near);
		return;
	}
	char list[512] = "";
	size_t used = 0;
	for (size_t k = 0; k < n && used < sizeof list - 8; k++)
		if (names[k])
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
						 names[k]);
	ERROR(c, node, "unknown %s '%s' (one of: %s)", what, word, list);
}

/* ---- Nodes ------------------------------------------------------------------------ */

/* The nodes under node i (itself included) once every alias is followed,
 * saturating at MAX_EXPANDED_NODES + 1; size[] memoizes it (0: not yet,
 * SIZE_MAX: being counted, so met again means a node inside itself). */
static size_t expanded(yaml_document_t *d, int i, size_t *size)
{
	yaml_node_t *n = yaml_document_get_node(d, i);
	size_t *memo = &size[i - 1];
	if (*memo == SIZE_MAX)
		return MAX_EXPANDED_NODES + 1;	/* an alias to a node that holds it */
	if (*memo)
		return *memo;
	*memo = SIZE_MAX;
	size_t total = 1;
	if (n->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top && total <= MAX_EXPANDED_NODES; it++)
			total += expanded(d, *it, size);
	else if (n->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top && total <= MAX_EXPANDED_NODES; p++)
			total += expanded(d, p->key, size) + expanded(d, p->value, size);
	*memo = total > MAX_EXPANDED_NODES ? MAX_EXPANDED_NODES + 1 : total;
	return *memo;
}

/* Refuse a document whose aliases make it too big (or hold themselves). */
static bool size_ok(struct ctx *c)
{
	int nnodes = (int)(c->doc.nodes.top - c->doc.nodes.start);
	if (nnodes == 0)
		return true;
	size_t *size = calloc((size_t)nnodes, sizeof *size);
	if (!size)
		return true;	/* reading it will say out of memory if it comes to that */
	bool ok = expanded(&c->doc, 1, size) <= MAX_EXPANDED_NODES;
	free(size);
	if (!ok)
		error_at(c, c->doc.start_mark,
			 "the spec stands for more than %d YAML nodes once its aliases are followed "
			 "(an alias of a list of aliases, or a node inside itself?)", MAX_EXPANDED_NODES);
	return ok;
}

static yaml_node_t *node(struct ctx *c, int index)
{
	return yaml_document_get_node(&c->doc, index);
}

static const char *kind_name(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? "a value" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a mapping";
}

static bool is_scalar(struct ctx *c, yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SCALAR_NODE)
		return true;
	ERROR(c, n, "%s: expected a value, not %s", what, kind_name(n));
	return false;
}

static const char *scalar(yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool plain(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* Walk a mapping's pairs: key k (a scalar), value v.  A key given twice is
 * an error (libyaml keeps both). */
#define FOR_PAIRS(c, map, k, v)                                                             \
	for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;                      \
	     p_ < (map)->data.mapping.pairs.top && ((k) = node((c), p_->key), (v) = node((c), p_->value), 1); \
	     p_++)

static bool is_mapping(struct ctx *c, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE) {
		ERROR(c, n, "%s: expected a mapping (key: value lines), not %s", what, kind_name(n));
		return false;
	}
	bool ok = true;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key);
		if (k->type != YAML_SCALAR_NODE) {
			ERROR(c, k, "%s: a key must be a word, not %s", what, kind_name(k));
			ok = false;
			continue;
		}
		for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *k2 = node(c, q->key);
			if (k2->type == YAML_SCALAR_NODE && strcmp(scalar(k2), scalar(k)) == 0) {
				ERROR(c, k, "'%s' is given twice", scalar(k));
				ok = false;
			}
		}
	}
	return ok;
}

/* Where key is in keys, or -1. */
static int index_of(const char *key, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] && strcmp(key, keys[i]) == 0)
			return (int)i;
	return -1;
}

static bool key_in(const char *key, const char *const *keys, size_t n)
{
	return index_of(key, keys, n) >= 0;
}

/* A whole number in [lo, hi]. */
static bool integer(struct ctx *c, yaml_node_t *n, const char *what, int64_t lo, int64_t hi,
		    int64_t *out)
{
	if (!is_scalar(c, n, what))
		return false;
	const char *s = scalar(n);
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (!*s || *end || errno || v < lo || v > hi) {
		ERROR(c, n, "%s: expected a whole number from %lld to %lld, not '%s'", what,
		      (long long)lo, (long long)hi, s);
		return false;
	}
	*out = v;
	return true;
}

static char *string(struct ctx *c, yaml_node_t *n, const char *what)
{
	if (!is_scalar(c, n, what))
		return NULL;
	return gr_strndup(scalar(n), n->data.scalar.length);
}

/* ---- Values ---------------------------------------------------------------------- */

/* A scalar read every way it can be. */
static struct gval value(yaml_node_t *n)
{
	const char *s = scalar(n);
	struct gval v = { .name = gr_intern(s) };
	v.text = gr_name(v.name);	/* lasts as long as the grader: the document does not */
	char *end;
	errno = 0;
	long long i = strtoll(s, &end, 0);
	if (plain(n) && *s && !*end && !errno && i >= INT32_MIN && i <= UINT32_MAX) {
		v.is_int = true;
		v.i = i;
	}
	if (plain(n) && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
		v.is_bool = true;
		v.i = s[0] == 't';
	}
	return v;
}

/* What a field's values may be: a type, and for names, the names there are. */
struct vtype {
	enum gtype type;
	const char *const *names;	/* NULL: any name */
	size_t nnames;
	const char *what;		/* "cause" */
};

/* Is the scalar n a value of type t? */
static bool check_value(struct ctx *c, yaml_node_t *n, const struct vtype *t)
{
	struct gval v = value(n);
	switch (t->type) {
	case GT_INT:
		if (v.is_int)
			return true;
		ERROR(c, n, "%s: expected a number, not '%s'", t->what, v.text);
		return false;
	case GT_BOOL:
		if (v.is_bool)
			return true;
		ERROR(c, n, "%s: expected true or false, not '%s'", t->what, v.text);
		return false;
	case GT_NAME:
		if (!t->names || key_in(v.text, t->names, t->nnames))
			return true;
		unknown(c, n, t->what, v.text, t->names, t->nnames);
		return false;
	default:
		return true;	/* an argument whose type depends on the event */
	}
}

/* The index of capture name in the test's captures, added if new. */
static int capture(struct ctx *c, const char *name)
{
	struct gtest *t = c->test;
	for (size_t i = 0; i < t->nvars; i++)
		if (strcmp(t->vars[i], name) == 0)
			return (int)i;
	t->vars = gr_realloc(t->vars, (t->nvars + 1) * sizeof *t->vars);
	c->seen = gr_realloc(c->seen, (t->nvars + 1) * sizeof *c->seen);
	c->seen[t->nvars] = false;
	t->vars[t->nvars] = gr_strndup(name, strlen(name));
	return (int)t->nvars++;
}

static bool is_capture(yaml_node_t *n)
{
	return plain(n) && scalar(n)[0] == '$';
}

static bool capture_name_ok(struct ctx *c, yaml_node_t *n)
{
	const char *s = scalar(n) + 1;
	bool ok = *s != '\0';
	for (; *s; s++)
		ok = ok && (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= '0' && *s <= '9'));
	if (!ok)
		ERROR(c, n, "'%s': a capture is $ and a name of letters, digits and _", scalar(n));
	return ok;
}

/*
 * value:  SCALAR            equal to it
 *       | $name             captured the first time, equal to it after
 *       | _                 anything
 *       | [SCALAR, ...]     one of them
 *       | {not: SCALAR}     anything but it
 *       | {not: $name}      anything but what $name captured
 *       | {min: N, max: N}  a number in the range (either may be left out)
 */
static bool match_of(struct ctx *c, yaml_node_t *n, const struct vtype *t, struct gmatch *m)
{
	*m = (struct gmatch){ .op = GOP_EQ };
	if (n->type == YAML_SCALAR_NODE) {
		if (plain(n) && strcmp(scalar(n), "_") == 0) {
			m->op = GOP_ANY;
			return true;
		}
		if (is_capture(n)) {
			if (!capture_name_ok(c, n))
				return false;
			m->op = GOP_VAR;
			m->var = capture(c, scalar(n) + 1);
			return true;
		}
		m->val = value(n);
		return check_value(c, n, t);
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		bool ok = true;
		m->op = GOP_IN;
		for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
			yaml_node_t *item = node(c, *i);
			if (!is_scalar(c, item, t->what) || is_capture(item)) {
				if (is_capture(item))
					ERROR(c, item, "%s: a list holds values, not captures", t->what);
				ok = false;
				continue;
			}
			ok = check_value(c, item, t) && ok;
			m->set = gr_realloc(m->set, (m->nset + 1) * sizeof *m->set);
			m->set[m->nset++] = value(item);
		}
		if (ok && !m->nset) {
			ERROR(c, n, "%s: an empty list matches nothing", t->what);
			ok = false;
		}
		if (!ok) {	/* a match that failed holds nothing for its caller to free */
			free(m->set);
			m->set = NULL;
			m->nset = 0;
		}
		return ok;
	}
	if (!is_mapping(c, n, t->what))
		return false;
	yaml_node_t *k, *v;
	bool ok = true;
	FOR_PAIRS(c, n, k, v) {
		const char *key = scalar(k);
		if (strcmp(key, "not") == 0 && m->op == GOP_EQ) {
			if (!is_scalar(c, v, t->what)) {
				ok = false;
			} else if (is_capture(v)) {
				ok = capture_name_ok(c, v) && ok;
				m->op = GOP_NOT_VAR;
				m->var = capture(c, scalar(v) + 1);
			} else {
				m->op = GOP_NE;
				m->val = value(v);
				ok = check_value(c, v, t) && ok;
			}
		} else if ((strcmp(key, "min") == 0 || strcmp(key, "max") == 0) &&
			   (m->op == GOP_EQ || m->op == GOP_RANGE)) {
			int64_t x = 0;
			if (t->type != GT_INT && t->type != GT_NONE) {
				ERROR(c, k, "%s: %s is for numbers", t->what, key);
				ok = false;
				continue;
			}
			m->op = GOP_RANGE;
			if (!integer(c, v, key, INT32_MIN, INT32_MAX, &x)) {
				ok = false;
			} else if (key[1] == 'i') {
				m->has_lo = true;
				m->lo = x;
			} else {
				m->has_hi = true;
				m->hi = x;
			}
		} else {
			ERROR(c, k, "%s: '%s' cannot be here (a value is a value, $name, _, a list, "
			      "{not: ...} or {min: ..., max: ...})", t->what, key);
			ok = false;
		}
	}
	if (ok && m->op == GOP_EQ) {
		ERROR(c, n, "%s: an empty mapping says nothing", t->what);
		ok = false;
	}
	return ok;
}

/* ---- Patterns ----------------------------------------------------------------------- */

/* The names each field's values come from: the events' own tables. */
enum { MAX_NAMES = 256 };
static const char *kinds[MAX_NAMES], *causes[MAX_NAMES], *calls[MAX_NAMES], *os_args[MAX_NAMES];
static size_t nkinds, ncauses, ncalls, nos_args;
static const char *const srcs[] = { "hw", "os", "vm" };
static const char *const modes[] = { "user", "kernel" };
static const char *const reasons[] = { "power_off", "halt", "max_instructions", "double_fault",
				       "idle", "quit", "error" };
/* What a pattern can never name: addresses, labels and times move when a
 * program or the kernel changes. */
static const char *const moving[] = { "n", "pc", "insn_pc", "faddr", "handler", "handler_at", "at" };
enum { NMOVING = sizeof moving / sizeof moving[0] };

static void add_name(const char **list, size_t *n, const char *name)
{
	if (key_in(name, list, *n) || *n >= MAX_NAMES)
		return;
	list[(*n)++] = name;
}

static void names_init(void)
{
	static const char *const hw_kinds[] = { "start", "trap", "iret", "sysret", "stop",
						"double_fault", "end" };
	if (nkinds)
		return;
	for (size_t i = 0; i < sizeof hw_kinds / sizeof hw_kinds[0]; i++)
		add_name(kinds, &nkinds, hw_kinds[i]);
	for (uint32_t code = 0; code < MAX_NAMES; code++) {
		if (!ev_os_name(code))
			continue;
		add_name(kinds, &nkinds, ev_os_name(code));
		for (unsigned i = 0; i < 2; i++)
			if (ev_os_arg_name(code, i))
				add_name(os_args, &nos_args, ev_os_arg_name(code, i));
	}
	for (uint32_t cause = 0; cause < TRAP_COUNT; cause++)
		if (ev_cause_name(cause))
			add_name(causes, &ncauses, ev_cause_name(cause));
	for (uint32_t call = 0; call < MAX_NAMES; call++)
		if (ev_syscall_name(call))
			add_name(calls, &ncalls, ev_syscall_name(call));
}

static struct vtype field_type(int f)
{
	struct vtype t = { .type = gr_field_types[f], .what = gr_field_keys[f] };
	switch (f) {
	case GF_EVENT: t.names = kinds; t.nnames = nkinds; t.what = "event kind"; break;
	case GF_SRC: t.names = srcs; t.nnames = 3; break;
	case GF_MODE: case GF_FROM: case GF_TO: t.names = modes; t.nnames = 2; break;
	case GF_CAUSE: t.names = causes; t.nnames = ncauses; t.what = "trap cause"; break;
	case GF_CALL: t.names = calls; t.nnames = ncalls; t.what = "system call"; break;
	case GF_REASON: t.names = reasons; t.nnames = sizeof reasons / sizeof reasons[0]; break;
	default: break;
	}
	return t;
}

/* The OS event code a pattern names with event: NAME, or -1. */
static int os_code(int32_t event)
{
	for (uint32_t code = 0; code < MAX_NAMES; code++)
		if (ev_os_name(code) && gr_intern(ev_os_name(code)) == event)
			return (int)code;
	return -1;
}

/* An OS event's argument: what its values may be.  With the event known,
 * the argument must be one of its own; else any event's. */
static bool arg_type(struct ctx *c, yaml_node_t *k, int code, struct vtype *t)
{
	const char *name = scalar(k);
	*t = (struct vtype){ .type = GT_NONE, .what = name };
	if (code < 0) {
		if (key_in(name, os_args, nos_args))
			return true;
		unknown(c, k, "argument", name, os_args, nos_args);
		return false;
	}
	for (unsigned i = 0; i < 2; i++) {
		if (!ev_os_arg_name((uint32_t)code, i) || strcmp(ev_os_arg_name((uint32_t)code, i), name))
			continue;
		switch (ev_os_arg_format((uint32_t)code, i)) {
		case 'x':
			ERROR(c, k, "'%s' is an address: patterns never match addresses, which move "
			      "when the code does", name);
			return false;
		case 'c': *t = field_type(GF_CAUSE); break;
		case 'y': *t = field_type(GF_CALL); break;
		case 's': t->type = GT_NAME; break;
		default: t->type = GT_INT; break;
		}
		t->what = name;
		return true;
	}
	const char *mine[2] = { ev_os_arg_name((uint32_t)code, 0), ev_os_arg_name((uint32_t)code, 1) };
	unknown(c, k, "argument", name, mine, 2);
	return false;
}

static void add_term(struct gpat *p, int field, int32_t argname, const struct gmatch *m)
{
	p->terms = gr_realloc(p->terms, (p->nterms + 1) * sizeof *p->terms);
	p->terms[p->nterms++] = (struct gterm){ .field = field, .argname = argname, .m = *m };
}

/* An OS event's argument's term, at index at of the pattern's. */
static void insert_term(struct gpat *p, size_t at, int32_t argname, const struct gmatch *m)
{
	add_term(p, -1, argname, m);
	memmove(&p->terms[at + 1], &p->terms[at], (p->nterms - 1 - at) * sizeof *p->terms);
	p->terms[at] = (struct gterm){ .field = -1, .argname = argname, .m = *m };
}

/* A pattern whose captures do not last (a without, a never) leaves the
 * captures made so far as they were: seen_save, then seen_restore. */
struct seen_mark {
	size_t n;
	bool *was;
};

static struct seen_mark seen_save(struct ctx *c)
{
	struct seen_mark m = { .n = c->test->nvars };
	m.was = gr_realloc(NULL, m.n * sizeof *m.was);
	for (size_t i = 0; i < m.n; i++)
		m.was[i] = c->seen[i];
	return m;
}

static void seen_restore(struct ctx *c, struct seen_mark *m)
{
	for (size_t i = 0; i < c->test->nvars; i++)
		c->seen[i] = i < m->n && m->was[i];
	free(m->was);
}

/* Every capture a pattern makes counts as made from here on; a {not: $x}
 * needs $x made before, or in the same pattern. */
static bool captures_made(struct ctx *c, const struct gpat *p, yaml_node_t *n)
{
	bool ok = true;
	for (size_t i = 0; i < p->nterms; i++)
		if (p->terms[i].m.op == GOP_VAR)
			c->seen[p->terms[i].m.var] = true;
	for (size_t i = 0; i < p->nterms; i++) {
		const struct gmatch *m = &p->terms[i].m;
		if (m->op == GOP_NOT_VAR && !c->seen[m->var]) {
			ERROR(c, n, "{not: $%s}: $%s captures nothing before this", c->test->vars[m->var],
			      c->test->vars[m->var]);
			ok = false;
		}
	}
	return ok;
}

/*
 * pattern:  { FIELD: value, ..., args: { ARG: value, ... }, call_args: [value, ...] }
 * FIELD:    event src pid mode ie cause from to call ret status reason
 * extra:    keys the caller reads itself (a step's without), or NULL
 */
static bool pattern(struct ctx *c, yaml_node_t *n, struct gpat *p, const char *const *extra,
		    size_t nextra)
{
	*p = (struct gpat){ .line = (int)n->start_mark.line + 1, .col = (int)n->start_mark.column + 1 };
	if (!is_mapping(c, n, "a pattern"))
		return false;
	yaml_node_t *k, *v, *args = NULL;
	size_t args_at = 0;	/* where its terms go: where it is written */
	bool ok = true;
	int code = -1;
	FOR_PAIRS(c, n, k, v) {
		const char *key = scalar(k);
		int f = index_of(key, gr_field_keys, GF_NAMED);
		struct gmatch m;
		if (f >= 0) {
			struct vtype t = field_type(f);
			if (!match_of(c, v, &t, &m)) {
				ok = false;
				continue;
			}
			add_term(p, f, 0, &m);
			if (f == GF_EVENT && m.op == GOP_EQ) {
				p->event = m.val.name;
				code = os_code(m.val.name);
			}
		} else if (strcmp(key, "args") == 0) {
			args = v;	/* read last: its names depend on the event */
			args_at = p->nterms;
		} else if (strcmp(key, "call_args") == 0) {
			struct vtype t = { .type = GT_INT, .what = "call_args" };
			if (v->type != YAML_SEQUENCE_NODE) {
				ERROR(c, v, "call_args: expected a list (a0, a1, ...; _ for any)");
				ok = false;
				continue;
			}
			int i = 0;
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
			     it++, i++) {
				if (i >= 4) {
					ERROR(c, node(c, *it), "call_args: a system call has 4 arguments (a0-a3)");
					ok = false;
					break;
				}
				if (match_of(c, node(c, *it), &t, &m))
					add_term(p, GF_CALL_ARG0 + i, 0, &m);
				else
					ok = false;
			}
		} else if (key_in(key, moving, NMOVING)) {
			ERROR(c, k, "'%s' %s: patterns match kinds, causes, names, pids and values, never "
			      "addresses, labels or times, which move when the code does", key,
			      key[0] == 'n' ? "is a time" : strcmp(key, "at") == 0 || strstr(key, "_at")
			      ? "is a kernel label" : "is an address");
			ok = false;
		} else if (!key_in(key, extra, nextra)) {
			const char *fields[GF_NAMED + 2 + 4];
			size_t nf = 0;
			for (int i = 0; i < GF_NAMED; i++)
				fields[nf++] = gr_field_keys[i];
			fields[nf++] = "args";
			fields[nf++] = "call_args";
			for (size_t i = 0; i < nextra; i++)
				fields[nf++] = extra[i];
			unknown(c, k, "field", key, fields, nf);
			ok = false;
		}
	}
	if (args && is_mapping(c, args, "args")) {
		FOR_PAIRS(c, args, k, v) {
			struct vtype t;
			struct gmatch m;
			if (arg_type(c, k, code, &t) && match_of(c, v, &t, &m))
				insert_term(p, args_at++, gr_intern(scalar(k)), &m);
			else
				ok = false;
		}
	} else if (args) {
		ok = false;
	}
	return captures_made(c, p, n) && ok;
}

static void pattern_free(struct gpat *p)
{
	for (size_t i = 0; i < p->nterms; i++)
		free(p->terms[i].m.set);
	free(p->terms);
}

/* ---- Checks -------------------------------------------------------------------- */

/* step:  pattern, with perhaps  without: pattern  (no event between the last
 * step and this one matches it) */
static bool step(struct ctx *c, yaml_node_t *n, struct gstep *s)
{
	static const char *const extra[] = { "without" };
	*s = (struct gstep){ 0 };
	if (n->type != YAML_MAPPING_NODE) {
		ERROR(c, n, "a step: expected a pattern ({event: ..., ...}), not %s", kind_name(n));
		return false;
	}
	/* the without first: what it captures lasts only while it is matched */
	yaml_node_t *k, *v;
	bool ok = true;
	FOR_PAIRS(c, n, k, v)
		if (k->type == YAML_SCALAR_NODE && strcmp(scalar(k), "without") == 0) {
			struct seen_mark mark = seen_save(c);
			s->without = gr_realloc(NULL, sizeof *s->without);
			ok = pattern(c, v, s->without, NULL, 0) && ok;
			seen_restore(c, &mark);
		}
	return pattern(c, n, &s->pat, extra, 1) && ok;
}

static const char *const check_kinds[] = {
	[GC_CONTAINS] = "contains", [GC_LACKS] = "lacks", [GC_MATCHES] = "matches",
	[GC_EQUALS] = "equals", [GC_EXIT] = "exit", [GC_SEQUENCE] = "sequence",
	[GC_NEVER] = "never", [GC_COUNT] = "count", [GC_INVARIANT] = "invariant",
};
enum { NCHECK_KINDS = sizeof check_kinds / sizeof check_kinds[0] };
_Static_assert((int)NCHECK_KINDS == (int)GC_NONE, "a name for every kind of check");

/*
 * check:  contains: TEXT | lacks: TEXT | matches: REGEX | equals: TEXT
 *       | exit: value
 *       | sequence: [step, ...]
 *       | never: pattern
 *       | count: pattern  with  at_least: N, at_most: N or exactly: N
 *       | invariant: NAME  (quantum takes slack: N)
 *       and perhaps  name: TEXT
 */
static bool check(struct ctx *c, yaml_node_t *n, struct gcheck *ck)
{
	*ck = (struct gcheck){ .line = (int)n->start_mark.line + 1, .col = (int)n->start_mark.column + 1,
			       .kind = GC_NONE };
	if (!is_mapping(c, n, "a check"))
		return false;
	yaml_node_t *k, *v, *what = NULL, *at_least = NULL, *at_most = NULL, *exactly = NULL,
			   *slack = NULL;
	bool ok = true;
	FOR_PAIRS(c, n, k, v) {
		const char *key = scalar(k);
		int kind = index_of(key, check_kinds, NCHECK_KINDS);
		if (kind >= 0 && what) {
			ERROR(c, k, "one check is one of %s and %s: make it two checks",
			      check_kinds[ck->kind], key);
			ok = false;
		} else if (kind >= 0) {
			what = v;
			ck->kind = (enum gcheck_kind)kind;
		} else if (strcmp(key, "name") == 0) {
			ck->name = string(c, v, "name");
			ok = ck->name && ok;
		} else if (strcmp(key, "at_least") == 0) {
			at_least = k;
		} else if (strcmp(key, "at_most") == 0) {
			at_most = k;
		} else if (strcmp(key, "exactly") == 0) {
			exactly = k;
		} else if (strcmp(key, "slack") == 0) {
			slack = k;
		} else {
			const char *keys[NCHECK_KINDS + 5];
			for (size_t i = 0; i < NCHECK_KINDS; i++)
				keys[i] = check_kinds[i];
			keys[NCHECK_KINDS] = "name";
			keys[NCHECK_KINDS + 1] = "at_least";
			keys[NCHECK_KINDS + 2] = "at_most";
			keys[NCHECK_KINDS + 3] = "exactly";
			keys[NCHECK_KINDS + 4] = "slack";
			unknown(c, k, "check", key, keys, NCHECK_KINDS + 5);
			ok = false;
		}
	}
	if (!what) {
		if (ok)
			ERROR(c, n, "a check needs one of: contains, lacks, matches, equals, exit, "
			      "sequence, never, count, invariant");
		return false;
	}
	/* the counts and slack belong to count and invariant */
	yaml_node_t *counts[] = { at_least, at_most, exactly };
	for (size_t i = 0; i < 3; i++)
		if (counts[i] && ck->kind != GC_COUNT) {
			ERROR(c, counts[i], "'%s' belongs to a count check", scalar(counts[i]));
			ok = false;
		}
	if (slack && ck->kind != GC_INVARIANT) {
		ERROR(c, slack, "'slack' belongs to invariant: quantum");
		ok = false;
	}
	switch (ck->kind) {
	case GC_CONTAINS: case GC_LACKS: case GC_MATCHES: case GC_EQUALS:
		if (!(ck->text = string(c, what, check_kinds[ck->kind])))
			return false;
		ck->text_len = what->data.scalar.length;
		if (ck->kind == GC_MATCHES) {
			int e = regcomp(&ck->re, ck->text, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
			if (e) {
				char msg[256];
				regerror(e, &ck->re, msg, sizeof msg);
				ERROR(c, what, "matches: not a regular expression (POSIX extended): %s", msg);
				return false;
			}
			ck->has_re = true;
		} else if (ck->kind != GC_EQUALS && !ck->text_len) {
			ERROR(c, what, "%s: the text is empty", check_kinds[ck->kind]);
			return false;
		}
		return ok;
	case GC_EXIT: {
		struct vtype t = { .type = GT_INT, .what = "exit" };
		return match_of(c, what, &t, &ck->exit) && ok;
	}
	case GC_SEQUENCE:
		if (what->type != YAML_SEQUENCE_NODE || what->data.sequence.items.start == what->data.sequence.items.top) {
			ERROR(c, what, "sequence: expected a list of steps (patterns), in the order they must happen");
			return false;
		}
		for (yaml_node_item_t *i = what->data.sequence.items.start; i < what->data.sequence.items.top; i++) {
			ck->steps = gr_realloc(ck->steps, (ck->nsteps + 1) * sizeof *ck->steps);
			ok = step(c, node(c, *i), &ck->steps[ck->nsteps++]) && ok;
		}
		return ok;
	case GC_NEVER: {	/* it matches nothing, so it captures nothing that lasts */
		struct seen_mark mark = seen_save(c);
		ok = pattern(c, what, &ck->pat, NULL, 0) && ok;
		seen_restore(c, &mark);
		return ok;
	}
	case GC_COUNT: {
		int64_t x;
		ok = pattern(c, what, &ck->pat, NULL, 0) && ok;
		if (!at_least && !at_most && !exactly) {
			ERROR(c, n, "count: say at_least: N, at_most: N or exactly: N");
			return false;
		}
		if (exactly && (at_least || at_most)) {
			ERROR(c, exactly, "exactly: alone, or at_least and at_most");
			return false;
		}
		/* the values of at_least... are the pairs' values: find them again */
		FOR_PAIRS(c, n, k, v) {
			if (k != at_least && k != at_most && k != exactly)
				continue;
			if (!integer(c, v, scalar(k), 0, INT32_MAX, &x)) {
				ok = false;
				continue;
			}
			if (k != at_most) {
				ck->has_min = true;
				ck->min = x;
			}
			if (k != at_least) {
				ck->has_max = true;
				ck->max = x;
			}
		}
		if (ok && ck->has_min && ck->has_max && ck->min > ck->max) {
			ERROR(c, at_least, "count: at_least %lld is more than at_most %lld", (long long)ck->min,
			      (long long)ck->max);
			ok = false;
		}
		return ok;
	}
	case GC_INVARIANT: {
		if (!is_scalar(c, what, "invariant"))
			return false;
		int inv = index_of(scalar(what), gr_invariant_keys, GI_COUNT);
		if (inv < 0) {
			unknown(c, what, "invariant", scalar(what), gr_invariant_keys, GI_COUNT);
			return false;
		}
		ck->inv = (enum ginv)inv;
		if (slack && inv != GI_QUANTUM) {
			ERROR(c, slack, "'slack' belongs to invariant: quantum");
			return false;
		}
		FOR_PAIRS(c, n, k, v)
			if (k == slack && !integer(c, v, "slack", 0, INT32_MAX, &ck->slack))
				ok = false;
		return ok;
	}
	case GC_NONE:	/* no kind of check was named: said above */
		break;
	}
	return false;
}

static void check_free(struct gcheck *ck)
{
	free(ck->name);
	free(ck->text);
	if (ck->has_re)
		regfree(&ck->re);
	free(ck->exit.set);
	for (size_t i = 0; i < ck->nsteps; i++) {
		pattern_free(&ck->steps[i].pat);
		if (ck->steps[i].without)
			pattern_free(ck->steps[i].without);
		free(ck->steps[i].without);
	}
	free(ck->steps);
	pattern_free(&ck->pat);
}

/* ---- Tests -------------------------------------------------------------------------- */

static const char *const visibilities[] = { "hidden", "after_due_date", "after_published", "visible" };

/* A size as vm run --mem takes it: a number of bytes, K, M or G after it,
 * from MEM_MIN to MEM_MAX, a multiple of MEM_ALIGN. */
static bool mem_size(struct ctx *c, yaml_node_t *n, char **out)
{
	if (!is_scalar(c, n, "mem"))
		return false;
	const char *s = scalar(n);
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long unit = *end == 'K' || *end == 'k' ? 1ull << 10 : *end == 'M' || *end == 'm'
				  ? 1ull << 20 : *end == 'G' || *end == 'g' ? 1ull << 30 : 1;
	if (unit > 1)
		end++;
	if (s[0] < '0' || s[0] > '9' || *end || errno || v > MEM_MAX / unit || v * unit < MEM_MIN ||
	    v * unit % MEM_ALIGN) {
		ERROR(c, n, "mem: '%s' is not a size vm run takes (%uK to %uM, a multiple of %uK: 2M, 512K)",
		      s, MEM_MIN >> 10, MEM_MAX >> 20, MEM_ALIGN >> 10);
		return false;
	}
	*out = gr_strndup(s, strlen(s));
	return true;
}

static bool string_list(struct ctx *c, yaml_node_t *n, const char *what, char ***out, size_t *nout)
{
	if (n->type == YAML_SCALAR_NODE) {
		*out = gr_realloc(NULL, sizeof **out);
		(*out)[0] = string(c, n, what);
		*nout = 1;
		return true;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		ERROR(c, n, "%s: expected a value or a list of them", what);
		return false;
	}
	bool ok = true;
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		char *s = string(c, node(c, *i), what);
		if (!s) {
			ok = false;
			continue;
		}
		*out = gr_realloc(*out, (*nout + 1) * sizeof **out);
		(*out)[(*nout)++] = s;
	}
	return ok;
}

static void strings_free(char ***list, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

static char **strings_copy(char *const *list, size_t n)
{
	char **out = n ? gr_realloc(NULL, n * sizeof *out) : NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = gr_strndup(list[i], strlen(list[i]));
	return out;
}

static const char *const test_keys[] = { "name", "points", "image", "add", "input", "quantum",
					 "mem", "max_instructions", "visibility", "tags", "checks" };
enum { NTEST_KEYS = sizeof test_keys / sizeof test_keys[0] };

/* The settings a test and the defaults share: image, add, input, quantum,
 * mem, max_instructions, points, visibility, tags.  False if key is none of
 * them; *ok false if its value is bad. */
static bool setting(struct ctx *c, struct gtest *t, const char *key, yaml_node_t *v, bool *ok)
{
	int64_t x;
	if (strcmp(key, "image") == 0) {
		free(t->image);
		*ok = (t->image = string(c, v, "image")) && *ok;
	} else if (strcmp(key, "add") == 0) {
		strings_free(&t->add, &t->nadd);
		*ok = string_list(c, v, "add", &t->add, &t->nadd) && *ok;
	} else if (strcmp(key, "input") == 0) {
		free(t->input);
		*ok = (t->input = string(c, v, "input")) && *ok;
		t->input_len = t->input ? v->data.scalar.length : 0;
	} else if (strcmp(key, "quantum") == 0) {
		if (integer(c, v, "quantum", 0, UINT32_MAX, &x))
			t->quantum = (uint32_t)x;
		else
			*ok = false;
	} else if (strcmp(key, "mem") == 0) {
		free(t->mem);
		t->mem = NULL;
		*ok = mem_size(c, v, &t->mem) && *ok;
	} else if (strcmp(key, "max_instructions") == 0) {
		if (integer(c, v, "max_instructions", 1, INT64_MAX, &x))
			t->max_instructions = (uint64_t)x;
		else
			*ok = false;
	} else if (strcmp(key, "points") == 0) {
		char *end;
		double p = is_scalar(c, v, "points") ? strtod(scalar(v), &end) : -1;
		/* strtod reads nan and inf too: results.json has no such numbers;
		 * and two tests of 1e308 points made a total of inf */
		if (!isfinite(p) || p < 0 || p > MAX_POINTS || *end || !scalar(v)[0]) {
			ERROR(c, v, "points: expected a number from 0 to %d", MAX_POINTS);
			*ok = false;
		}
		t->points = p;
	} else if (strcmp(key, "visibility") == 0) {
		if (!is_scalar(c, v, "visibility") || !key_in(scalar(v), visibilities, 4)) {
			if (v->type == YAML_SCALAR_NODE)
				unknown(c, v, "visibility", scalar(v), visibilities, 4);
			*ok = false;
		} else {
			free(t->visibility);
			t->visibility = string(c, v, "visibility");
		}
	} else if (strcmp(key, "tags") == 0) {
		strings_free(&t->tags, &t->ntags);
		*ok = string_list(c, v, "tags", &t->tags, &t->ntags) && *ok;
	} else {
		return false;
	}
	return true;
}

/* A test starts as a copy of the defaults. */
static void test_from(struct gtest *t, const struct gtest *d)
{
	*t = (struct gtest){
		.points = d->points, .quantum = d->quantum, .max_instructions = d->max_instructions,
		.image = d->image ? gr_strndup(d->image, strlen(d->image)) : NULL,
		.input = d->input ? gr_strndup(d->input, d->input_len) : NULL, .input_len = d->input_len,
		.mem = d->mem ? gr_strndup(d->mem, strlen(d->mem)) : NULL,
		.visibility = d->visibility ? gr_strndup(d->visibility, strlen(d->visibility)) : NULL,
		.add = strings_copy(d->add, d->nadd), .nadd = d->nadd,
		.tags = strings_copy(d->tags, d->ntags), .ntags = d->ntags,
	};
}

static void test_free(struct gtest *t)
{
	free(t->name);
	free(t->image);
	strings_free(&t->add, &t->nadd);
	free(t->input);
	free(t->mem);
	free(t->visibility);
	strings_free(&t->tags, &t->ntags);
	for (size_t i = 0; i < t->nchecks; i++)
		check_free(&t->checks[i]);
	free(t->checks);
	for (size_t i = 0; i < t->nvars; i++)
		free(t->vars[i]);
	free(t->vars);
}

/*
 * test:  { name: TEXT, checks: [check, ...], and settings: points, image,
 *          add, input, quantum, mem, max_instructions, visibility, tags }
 */
static bool test(struct ctx *c, yaml_node_t *n, struct gtest *t)
{
	if (!is_mapping(c, n, "a test"))
		return false;
	yaml_node_t *k, *v, *checks = NULL;
	bool ok = true;
	c->test = t;
	FOR_PAIRS(c, n, k, v) {
		const char *key = scalar(k);
		if (strcmp(key, "name") == 0) {
			ok = (t->name = string(c, v, "name")) && ok;
			if (t->name && !t->name[0]) {
				ERROR(c, v, "name: a test needs a name");
				ok = false;
			}
		} else if (strcmp(key, "checks") == 0) {
			checks = v;
		} else if (!setting(c, t, key, v, &ok)) {
			unknown(c, k, "test setting", key, test_keys, NTEST_KEYS);
			ok = false;
		}
	}
	if (!t->name) {
		ERROR(c, n, "a test needs a name");
		ok = false;
	}
	if (!checks || checks->type != YAML_SEQUENCE_NODE ||
	    checks->data.sequence.items.start == checks->data.sequence.items.top) {
		ERROR(c, checks ? checks : n, "a test needs checks: a list of what its run must show");
		return false;
	}
	for (yaml_node_item_t *i = checks->data.sequence.items.start; i < checks->data.sequence.items.top; i++) {
		t->checks = gr_realloc(t->checks, (t->nchecks + 1) * sizeof *t->checks);
		ok = check(c, node(c, *i), &t->checks[t->nchecks++]) && ok;
	}
	return ok;
}

/* defaults:  { settings } */
static bool defaults_of(struct ctx *c, yaml_node_t *n, struct gtest *d)
{
	yaml_node_t *k, *v;
	bool ok = true;
	if (!is_mapping(c, n, "defaults"))
		return false;
	c->test = d;
	FOR_PAIRS(c, n, k, v)
		if (!setting(c, d, scalar(k), v, &ok)) {
			unknown(c, k, "default", scalar(k), test_keys + 1, NTEST_KEYS - 2);
			ok = false;
		}
	return ok;
}

/* spec:  { defaults: {settings}, tests: [test, ...] } */
static bool spec(struct ctx *c, struct grade_spec *s)
{
	static const char *const top_keys[] = { "defaults", "tests" };
	yaml_node_t *root = yaml_document_get_root_node(&c->doc), *k, *v, *tests = NULL;
	struct gtest defaults = { .points = 1, .max_instructions = GRADE_DEFAULT_MAX_INSTRUCTIONS };
	bool ok = true;
	if (!root) {
		error_at(c, (yaml_mark_t){ 0 }, "the spec is empty: it needs tests");
		return false;
	}
	if (!is_mapping(c, root, "the spec"))
		return false;
	FOR_PAIRS(c, root, k, v) {
		const char *key = scalar(k);
		if (strcmp(key, "tests") == 0) {
			tests = v;
		} else if (strcmp(key, "defaults") == 0) {
			ok = defaults_of(c, v, &defaults) && ok;
		} else {
			unknown(c, k, "key", key, top_keys, 2);
			ok = false;
		}
	}
	s->visibility = defaults.visibility ? gr_strndup(defaults.visibility, strlen(defaults.visibility))
					    : NULL;
	if (!tests || tests->type != YAML_SEQUENCE_NODE ||
	    tests->data.sequence.items.start == tests->data.sequence.items.top) {
		ERROR(c, tests ? tests : root, "the spec needs tests: a list of them");
		test_free(&defaults);
		return false;
	}
	for (yaml_node_item_t *i = tests->data.sequence.items.start; i < tests->data.sequence.items.top; i++) {
		yaml_node_t *tn = node(c, *i);
		s->tests = gr_realloc(s->tests, (s->ntests + 1) * sizeof *s->tests);
		struct gtest *t = &s->tests[s->ntests++];
		test_from(t, &defaults);
		t->line = (int)tn->start_mark.line + 1;
		free(c->seen);
		c->seen = NULL;
		ok = test(c, tn, t) && ok;
		for (size_t j = 0; t->name && j + 1 < s->ntests; j++)
			if (s->tests[j].name && strcmp(s->tests[j].name, t->name) == 0) {
				ERROR(c, tn, "a test named '%s' already exists (line %d): names must differ",
				      t->name, s->tests[j].line);
				ok = false;
			}
	}
	test_free(&defaults);
	return ok;
}

/* What libyaml's parser could not read, where. */
static void parse_error(struct ctx *c, const yaml_parser_t *parser)
{
	error_at(c, parser->problem_mark, "%s%s%s", parser->problem ? parser->problem : "not YAML",
		 parser->context ? " " : "", parser->context ? parser->context : "");
}

/* A spec is one document: a second one (after ---) would be left unread,
 * its tests never run, without a word.  A --- with nothing after it is an
 * empty document (its root an empty value), which leaves nothing unread. */
static bool one_document(struct ctx *c, yaml_parser_t *parser)
{
	yaml_document_t more;
	if (!yaml_parser_load(parser, &more)) {
		parse_error(c, parser);
		return false;
	}
	yaml_node_t *root = yaml_document_get_root_node(&more);
	bool second = root && !(root->type == YAML_SCALAR_NODE && !root->data.scalar.length);
	if (second)
		error_at(c, more.start_mark, "a spec is one YAML document: a second one starts here");
	yaml_document_delete(&more);
	return !second;
}

struct grade_spec *grade_spec_load(const char *path, FILE *err, int *status)
{
	struct ctx c = { .path = path, .err = err };
	struct grade_spec *s = NULL;
	yaml_parser_t parser;
	bool parser_ok = false, doc_ok = false;
	char *text = NULL;
	FILE *f = fopen(path, "rb");
	*status = 66;
	if (!f) {
		fprintf(err, "vm: grade: %s: cannot read: %s\n", path, strerror(errno));
		return NULL;
	}
	/* the whole file, for the lines errors show */
	size_t cap = 4096, len = 0, got;
	text = gr_realloc(NULL, cap);
	while ((got = fread(text + len, 1, cap - len, f)) > 0)
		if ((len += got) == cap)
			text = gr_realloc(text, cap *= 2);
	bool read_failed = ferror(f);
	fclose(f);
	if (read_failed) {
		fprintf(err, "vm: grade: %s: cannot read\n", path);
		goto fail;
	}
	c.text = text;
	c.len = len;
	*status = 65;
	names_init();
	if (!(parser_ok = yaml_parser_initialize(&parser))) {
		*status = 70;
		goto fail;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!(doc_ok = yaml_parser_load(&parser, &c.doc))) {
		parse_error(&c, &parser);
		goto fail;
	}
	if (!size_ok(&c))
		goto fail;
	s = gr_realloc(NULL, sizeof *s);
	*s = (struct grade_spec){ .path = gr_strndup(path, strlen(path)) };
	const char *slash = strrchr(path, '/');
	s->dir = slash ? gr_strndup(path, (size_t)(slash - path) + (slash == path)) : gr_strndup(".", 1);
	bool ok = spec(&c, s);
	if (!one_document(&c, &parser) || !ok || c.nerr)
		goto fail;
	yaml_document_delete(&c.doc);
	yaml_parser_delete(&parser);
	free(c.seen);
	free(text);
	*status = 0;
	return s;
fail:
	if (c.nerr > MAX_ERRORS)
		fprintf(err, "%s: %u more errors\n", path, c.nerr - MAX_ERRORS);
	if (doc_ok)
		yaml_document_delete(&c.doc);
	if (parser_ok)
		yaml_parser_delete(&parser);
	free(c.seen);
	free(text);
	grade_spec_free(s);
	return NULL;
}

void grade_spec_free(struct grade_spec *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ntests; i++)
		test_free(&s->tests[i]);
	free(s->tests);
	free(s->path);
	free(s->dir);
	free(s->visibility);
	free(s);
}

size_t grade_spec_ntests(const struct grade_spec *s)
{
	return s->ntests;
}

const char *grade_test_name(const struct grade_spec *s, size_t i)
{
	return s->tests[i].name;
}
