/*
 * pattern.c - one event's pattern (struct gpat): a list of terms, each a
 * field of the record and how its value must be, matched against a
 * record with the test's captures ($p), explained when it does not match,
 * and printed back as the spec would write it.
 */
#include <string.h>

#include "grade_int.h"

/* The field term t looks at in e: a named field, or an OS event's argument
 * by its name.  -1 if e has no such field. */
static int field_of(const struct gterm *t, const struct grec *e)
{
	if (t->field >= 0)
		return (e->has & (1u << t->field)) ? t->field : -1;
	for (unsigned i = 0; i < 2; i++)
		if (e->os >= 0 && gr_os_arg(e->os, i) == t->argname)
			return (e->has & (1u << (GF_ARG0 + i))) ? GF_ARG0 + (int)i : -1;
	return -1;
}

/* Is the value v (of a field of type type) the scalar x? */
static bool same(const struct gval *x, enum gtype type, int32_t v)
{
	switch (type) {
	case GT_INT: return x->is_int && (int32_t)x->i == v;
	case GT_BOOL: return x->is_bool && x->i == v;
	case GT_NAME: return x->name == v;
	default: return false;	/* addresses are never matched */
	}
}

bool gmatch_value(const struct gmatch *m, enum gtype type, int32_t v, const struct gcap *caps)
{
	switch (m->op) {
	case GOP_ANY: return true;
	case GOP_EQ: return same(&m->val, type, v);
	case GOP_NE: return type != GT_ADDR && !same(&m->val, type, v);
	case GOP_IN:
		for (size_t i = 0; i < m->nset; i++)
			if (same(&m->set[i], type, v))
				return true;
		return false;
	case GOP_RANGE:
		return type == GT_INT && (!m->has_lo || v >= m->lo) && (!m->has_hi || v <= m->hi);
	case GOP_VAR:
		return caps[m->var].type == type && caps[m->var].v == v;
	case GOP_NOT_VAR:
		return caps[m->var].type != GT_NONE && type != GT_ADDR
		       && !(caps[m->var].type == type && caps[m->var].v == v);
	}
	return false;
}

/* Does term t match e?  A capture not yet made is made. */
static bool term_match(const struct gterm *t, const struct grec *e, struct gcap *caps, int *bound,
		       size_t *nbound)
{
	if (t->m.op == GOP_ANY)
		return true;
	int f = field_of(t, e);
	if (f < 0)
		return false;
	enum gtype type = grec_type(e, f);
	if (type == GT_ADDR)
		return false;
	if (t->m.op == GOP_VAR && caps[t->m.var].type == GT_NONE) {
		caps[t->m.var] = (struct gcap){ type, e->v[f] };
		bound[(*nbound)++] = t->m.var;
		return true;
	}
	return gmatch_value(&t->m, type, e->v[f], caps);
}

void gcap_undo(struct gcap *caps, const int *bound, size_t *nbound, size_t to)
{
	while (*nbound > to)
		caps[bound[--*nbound]].type = GT_NONE;
}

bool gpat_match(const struct gpat *p, const struct grec *e, struct gcap *caps, int *bound,
		size_t *nbound)
{
	size_t first = *nbound;
	bool ok = true;
	/* {not: $x} after every capture, so that {args: {pid: {not: $p}}, pid: $p}
	 * means what it says whatever the order */
	for (int pass = 0; pass < 2 && ok; pass++)
		for (size_t i = 0; i < p->nterms && ok; i++)
			if ((p->terms[i].m.op == GOP_NOT_VAR) == (pass == 1))
				ok = term_match(&p->terms[i], e, caps, bound, nbound);
	if (!ok)
		gcap_undo(caps, bound, nbound, first);
	return ok;
}

const struct gterm *gpat_first_miss(const struct gpat *p, const struct grec *e,
				    const struct gcap *caps)
{
	for (size_t i = 0; i < p->nterms; i++) {
		const struct gterm *t = &p->terms[i];
		if (t->m.op == GOP_VAR && caps[t->m.var].type == GT_NONE) {
			if (field_of(t, e) < 0)
				return t;
			continue;
		}
		if (t->m.op == GOP_ANY)
			continue;
		int f = field_of(t, e);
		if (f < 0 || !gmatch_value(&t->m, grec_type(e, f), e->v[f], caps))
			return t;
	}
	return NULL;
}

/* ---- As the spec writes it ------------------------------------------------------ */

static void term_key(const struct gterm *t, struct sbuf *out)
{
	if (t->field >= GF_CALL_ARG0 && t->field <= GF_CALL_ARG3)
		sb_printf(out, "call_args[%d]", t->field - GF_CALL_ARG0);
	else if (t->field >= 0)
		sb_puts(out, gr_field_keys[t->field]);
	else
		sb_printf(out, "args.%s", gr_name(t->argname));
}

static void value_print(const struct gval *v, struct sbuf *out)
{
	sb_puts(out, v->text);
}

void gmatch_print(const struct gmatch *m, char *const *vars, struct sbuf *out)
{
	switch (m->op) {
	case GOP_ANY: sb_puts(out, "_"); break;
	case GOP_EQ: value_print(&m->val, out); break;
	case GOP_NE: sb_puts(out, "{not: "); value_print(&m->val, out); sb_puts(out, "}"); break;
	case GOP_IN:
		sb_puts(out, "[");
		for (size_t i = 0; i < m->nset; i++) {
			sb_puts(out, i ? ", " : "");
			value_print(&m->set[i], out);
		}
		sb_puts(out, "]");
		break;
	case GOP_RANGE:
		sb_puts(out, "{");
		if (m->has_lo)
			sb_printf(out, "min: %lld", (long long)m->lo);
		if (m->has_hi)
			sb_printf(out, "%smax: %lld", m->has_lo ? ", " : "", (long long)m->hi);
		sb_puts(out, "}");
		break;
	case GOP_VAR: sb_printf(out, "$%s", vars[m->var]); break;
	case GOP_NOT_VAR: sb_printf(out, "{not: $%s}", vars[m->var]); break;
	}
}

void gpat_print(const struct gpat *p, char *const *vars, struct sbuf *out)
{
	bool args = false, call_args = false;
	sb_puts(out, "{");
	for (size_t i = 0; i < p->nterms; i++) {
		const struct gterm *t = &p->terms[i];
		if (t->field >= 0 && t->field < GF_NAMED) {
			sb_printf(out, "%s%s: ", i ? ", " : "", gr_field_keys[t->field]);
			gmatch_print(&t->m, vars, out);
		} else if (t->field < 0 && !args) {	/* the args, together */
			args = true;
			sb_printf(out, "%sargs: {", i ? ", " : "");
			for (size_t j = i; j < p->nterms; j++) {
				if (p->terms[j].field >= 0)
					continue;
				sb_printf(out, "%s%s: ", j > i ? ", " : "", gr_name(p->terms[j].argname));
				gmatch_print(&p->terms[j].m, vars, out);
			}
			sb_puts(out, "}");
		} else if (t->field >= GF_CALL_ARG0 && t->field <= GF_CALL_ARG3 && !call_args) {
			call_args = true;
			sb_printf(out, "%scall_args: [", i ? ", " : "");
			for (size_t j = i; j < p->nterms; j++) {
				if (p->terms[j].field < GF_CALL_ARG0 || p->terms[j].field > GF_CALL_ARG3)
					continue;
				sb_puts(out, j > i ? ", " : "");
				gmatch_print(&p->terms[j].m, vars, out);
			}
			sb_puts(out, "]");
		}
	}
	sb_puts(out, "}");
}

/* A record's value as the spec would write it. */
static void value_of(const struct grec *e, int f, struct sbuf *out)
{
	switch (grec_type(e, f)) {
	case GT_INT: sb_printf(out, "%d", e->v[f]); break;
	case GT_BOOL: sb_puts(out, e->v[f] ? "true" : "false"); break;
	case GT_NAME: sb_puts(out, gr_name(e->v[f])); break;
	case GT_ADDR: sb_printf(out, "0x%x", (uint32_t)e->v[f]); break;
	case GT_NONE: break;
	}
}

void gcap_print(const struct gcap *c, struct sbuf *out)
{
	if (c->type == GT_NAME)
		sb_puts(out, gr_name(c->v));
	else if (c->type == GT_BOOL)
		sb_puts(out, c->v ? "true" : "false");
	else
		sb_printf(out, "%d", c->v);
}

void gterm_explain(const struct gterm *t, const struct grec *e, const struct gcap *caps,
		   char *const *vars, struct sbuf *out)
{
	int f = field_of(t, e);
	term_key(t, out);
	if (f < 0) {
		sb_puts(out, ": this event has none");
		return;
	}
	sb_puts(out, " is ");
	value_of(e, f, out);
	sb_puts(out, ", the pattern wants ");
	gmatch_print(&t->m, vars, out);
	if ((t->m.op == GOP_VAR || t->m.op == GOP_NOT_VAR)) {
		const struct gcap *c = &caps[t->m.var];
		if (c->type == GT_NONE) {
			sb_printf(out, " ($%s captured nothing)", vars[t->m.var]);
		} else {
			sb_printf(out, " ($%s = ", vars[t->m.var]);
			gcap_print(c, out);
			sb_puts(out, ")");
		}
	}
}
