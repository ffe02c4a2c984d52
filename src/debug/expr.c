/*
 * expr.c - expressions over the machine, for conditions, print and
 * locations: C's operators on 32-bit words, with registers, control
 * registers, pid, labels and memory (*ADDR) as operands.  A value
 * remembers whether it is an address, and of what (physical, or virtual
 * in a process), so that "*ticks" reads the kernel's word even while a
 * program runs, and "watch 3:count" watches pid 3's.
 *
 *   expr     = binary operators by C's precedence, from || down to * / %
 *   unary    = ("-" | "!" | "~" | "*") unary | primary
 *   primary  = number | 'c' | "(" expr ")" | name
 *            | "phys" ":" unary | number ":" unary | program ":" label
 *   name     = ["$"] register | pc | pid | control register | label
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"
#include "os.h"

struct parser {
	struct dbg *s;
	const char *p, *start;
	bool failed;
	unsigned depth;		/* unary's nesting: bounded, so that input cannot exhaust the stack */
};

enum { EXPR_MAX_DEPTH = 256 };

static void skip(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

enum { NAME_MAX_BYTES = 256 };	/* a label's or a program's name, NUL included */

static bool fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct parser *ps, const char *fmt, ...)
{
	if (!ps->failed) {
		char msg[160];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		dbg_fail(ps->s, "%s", msg);
	}
	ps->failed = true;
	return false;
}

static bool accept(struct parser *ps, const char *op)
{
	skip(ps);
	size_t n = strlen(op);
	if (strncmp(ps->p, op, n) != 0)
		return false;
	/* "<" is not the start of "<<" or "<=", "&" not of "&&", ... */
	if (n == 1 && ps->p[1] && strchr("<>=&|", ps->p[1]) && (ps->p[1] == op[0] || ps->p[1] == '='))
		return false;
	if (n == 1 && op[0] == '!' && ps->p[1] == '=')
		return false;
	ps->p += n;
	return true;
}

static struct dbg_value plain(uint32_t v)
{
	return (struct dbg_value){ .v = v, .space = DBG_PLAIN };
}

static struct dbg_value expr(struct parser *ps);
static struct dbg_value unary(struct parser *ps);

static bool is_name_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.'; }

/* A register, pc, pid or control register by name. */
static bool machine_name(struct dbg *s, const char *name, uint32_t *v)
{
	for (unsigned r = 0; r < REG_COUNT; r++) {
		char rn[8];
		snprintf(rn, sizeof rn, "r%u", r);
		if (strcmp(name, isa_reg_names[r]) == 0 || strcmp(name, rn) == 0) {
			*v = cpu_reg(s->m, r);
			return true;
		}
	}
	if (strcmp(name, "pc") == 0) {
		*v = cpu_pc(s->m);
		return true;
	}
	if (strcmp(name, "pid") == 0) {
		*v = cpu_pid(s->m);
		return true;
	}
	for (unsigned c = 0; c < CR_COUNT; c++) {
		const char *n = isa_cregs[c].name;
		size_t i = 0;
		while (n[i] && tolower((unsigned char)n[i]) == name[i])
			i++;
		if (!n[i] && !name[i]) {
			*v = cpu_cr(s->m, c);
			return true;
		}
	}
	return false;
}

/* A label of program im: its address (virtual). */
static bool program_label(const struct img *im, const char *name, uint32_t *v, bool *is_const)
{
	for (uint32_t i = 0; i < im->nsyms; i++) {
		struct img_sym y = img_symbol(im, i);
		if (strcmp(y.name, name) == 0) {
			*v = y.value;
			*is_const = y.kind == SYM_CONST;
			return true;
		}
	}
	return false;
}

static struct dbg_value name_value(struct parser *ps, const char *name, bool dollar)
{
	struct dbg *s = ps->s;
	uint32_t v;
	if (machine_name(s, name, &v))
		return plain(v);
	if (dollar) {
		fail(ps, "no register or control register named '$%s'", name);
		return plain(0);
	}
	/* In user mode, the running program's labels come first. */
	if (cpu_user_mode(s->m)) {
		const struct img *im = views_user_img(s);
		bool is_const;
		if (im && program_label(im, name, &v, &is_const)) {
			if (is_const)
				return plain(v);
			return (struct dbg_value){ .v = v, .space = DBG_VIRT, .pid = cpu_pid(s->m) };
		}
	}
	if (views_kernel_sym(s, name, &v, 1u << SYM_CONST))
		return plain(v);
	if (views_kernel_sym(s, name, &v, 1u << SYM_CODE | 1u << SYM_DATA))
		return (struct dbg_value){ .v = v, .space = DBG_PHYS };
	fail(ps, "no symbol '%s' in the kernel (nor a register)", name);
	return plain(0);
}

/* A name too long for buf is an error, not cut short: the cut name could be
 * another symbol's. */
static bool read_name(struct parser *ps, char *buf, size_t n)
{
	size_t i = 0;
	for (; is_name_char(*ps->p); ps->p++) {
		if (i + 1 == n)
			return fail(ps, "a name longer than %zu characters", n - 1);
		buf[i++] = *ps->p;
	}
	buf[i] = '\0';
	return i > 0;
}

static struct dbg_value primary(struct parser *ps)
{
	struct dbg *s = ps->s;
	skip(ps);
	const char *at = ps->p;
	if (accept(ps, "(")) {
		struct dbg_value v = expr(ps);
		if (!accept(ps, ")"))
			fail(ps, "missing ')' in '%s'", ps->start);
		return v;
	}
	if (*at == '\'') {
		if (at[1] && at[2] == '\'') {
			ps->p += 3;
			return plain((unsigned char)at[1]);
		}
		fail(ps, "a character is one letter in quotes, as 'a'");
		return plain(0);
	}
	if (isdigit((unsigned char)*at)) {
		char *end;
		unsigned long long n = strtoull(at, &end, 0);
		if (is_name_char(*end) || n > UINT32_MAX) {
			char bad[32];
			size_t len = 0;
			while (is_name_char(at[len]) && len + 1 < sizeof bad)
				len++;
			snprintf(bad, sizeof bad, "%.*s", (int)len, at);
			fail(ps, "'%s' is not a number", bad);
			return plain(0);
		}
		ps->p = end;
		skip(ps);
		if (*ps->p == ':') {	/* PID:ADDR */
			ps->p++;
			struct dbg_value a = unary(ps);
			return (struct dbg_value){ .v = a.v, .space = DBG_VIRT, .pid = (uint32_t)n };
		}
		return plain((uint32_t)n);
	}
	bool dollar = *at == '$';
	if (dollar)
		ps->p++;
	char name[NAME_MAX_BYTES];
	if (!read_name(ps, name, sizeof name)) {
		if (*ps->p)
			fail(ps, "unexpected '%s' in the expression", ps->p);
		else
			fail(ps, "an expression ends too soon: '%s'", ps->start);
		return plain(0);
	}
	if (!dollar && *ps->p == ':') {
		ps->p++;
		if (strcmp(name, "phys") == 0) {
			struct dbg_value a = unary(ps);
			return (struct dbg_value){ .v = a.v, .space = DBG_PHYS };
		}
		const struct img *im = dbg_program(s, name);
		if (!im) {
			fail(ps, "no program '%s' in the image's file table", name);
			return plain(0);
		}
		char label[NAME_MAX_BYTES];
		uint32_t v;
		bool is_const;
		if (!read_name(ps, label, sizeof label)) {
			fail(ps, "a label after '%s:'", name);
			return plain(0);
		}
		if (!program_label(im, label, &v, &is_const)) {
			fail(ps, "no symbol '%s' in program '%s'", label, name);
			return plain(0);
		}
		if (is_const)
			return plain(v);
		/* the name is the session's own copy, which outlives the value */
		for (unsigned i = 0; i < s->nprog; i++)
			if (strcmp(s->prog[i].name, name) == 0)
				return (struct dbg_value){ .v = v, .space = DBG_VIRT, .prog = s->prog[i].name };
	}
	return name_value(ps, name, dollar);
}

static struct dbg_value unary_in(struct parser *ps);

static struct dbg_value unary(struct parser *ps)
{
	if (ps->depth >= EXPR_MAX_DEPTH) {
		fail(ps, "an expression nested more than %d deep", EXPR_MAX_DEPTH);
		return plain(0);
	}
	ps->depth++;
	struct dbg_value v = unary_in(ps);
	ps->depth--;
	return v;
}

static struct dbg_value unary_in(struct parser *ps)
{
	if (accept(ps, "-"))
		return plain(-unary(ps).v);
	if (accept(ps, "!"))
		return plain(!unary(ps).v);
	if (accept(ps, "~"))
		return plain(~unary(ps).v);
	if (accept(ps, "*")) {
		struct dbg_value a = unary(ps);
		uint32_t pa, w = 0;
		if (ps->failed)
			return plain(0);
		if (!dbg_to_phys(ps->s, a, 4, &pa)) {
			ps->failed = true;
			return plain(0);
		}
		cpu_read(ps->s->m, pa, &w, 4);
		return plain(w);
	}
	return primary(ps);
}

/* The binary operators, loosest first; each level's operators. */
static const char *const levels[][4] = {
	{ "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" },
	{ "<=", ">=", "<", ">" }, { "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
};
enum { NLEVELS = sizeof levels / sizeof levels[0] };

static struct dbg_value apply(struct parser *ps, const char *op, struct dbg_value a, struct dbg_value b)
{
	uint32_t x = a.v, y = b.v, r = 0;
	if (!strcmp(op, "+") || !strcmp(op, "-")) {
		struct dbg_value v = a.space != DBG_PLAIN ? a : op[0] == '+' ? b : plain(0);
		v.v = op[0] == '+' ? x + y : x - y;
		if (op[0] == '-' && a.space != DBG_PLAIN && b.space != DBG_PLAIN)
			v = plain(x - y);	/* a difference of two addresses is a number */
		return v;
	}
	if ((!strcmp(op, "/") || !strcmp(op, "%")) && y == 0) {
		fail(ps, "division by zero in '%s'", ps->start);
		return plain(0);
	}
	if (!strcmp(op, "||")) r = x || y;
	else if (!strcmp(op, "&&")) r = x && y;
	else if (!strcmp(op, "|")) r = x | y;
	else if (!strcmp(op, "^")) r = x ^ y;
	else if (!strcmp(op, "&")) r = x & y;
	else if (!strcmp(op, "==")) r = x == y;
	else if (!strcmp(op, "!=")) r = x != y;
	else if (!strcmp(op, "<=")) r = x <= y;
	else if (!strcmp(op, ">=")) r = x >= y;
	else if (!strcmp(op, "<")) r = x < y;
	else if (!strcmp(op, ">")) r = x > y;
	else if (!strcmp(op, "<<")) r = x << (y & 31);
	else if (!strcmp(op, ">>")) r = x >> (y & 31);
	else if (!strcmp(op, "*")) r = x * y;
	else if (!strcmp(op, "/")) r = x / y;
	else if (!strcmp(op, "%")) r = x % y;
	return plain(r);
}

static struct dbg_value level(struct parser *ps, unsigned l)
{
	if (l == NLEVELS)
		return unary(ps);
	struct dbg_value a = level(ps, l + 1);
	for (;;) {
		const char *op = NULL;
		for (unsigned k = 0; k < 4 && levels[l][k] && !op; k++)
			if (accept(ps, levels[l][k]))
				op = levels[l][k];
		if (!op || ps->failed)
			return a;
		struct dbg_value b = level(ps, l + 1);
		a = apply(ps, op, a, b);
	}
}

static struct dbg_value expr(struct parser *ps) { return level(ps, 0); }

int expr_eval(struct dbg *s, const char *text, struct dbg_value *out)
{
	struct parser ps = { .s = s, .p = text, .start = text };
	skip(&ps);
	if (!*ps.p)
		return dbg_fail(s, "an empty expression");
	*out = expr(&ps);
	skip(&ps);
	if (!ps.failed && *ps.p)
		fail(&ps, "unexpected '%s' after the expression", ps.p);
	return ps.failed ? -1 : 0;
}

int dbg_eval(struct dbg *s, const char *expr_text, struct dbg_value *out)
{
	return expr_eval(s, expr_text, out);
}

bool dbg_to_phys(struct dbg *s, struct dbg_value a, uint32_t len, uint32_t *phys)
{
	uint32_t mem = cpu_mem_size(s->m);
	if (a.space == DBG_PLAIN)
		a.space = cpu_user_mode(s->m) ? DBG_VIRT : DBG_PHYS, a.pid = cpu_pid(s->m);
	if (a.space == DBG_PHYS) {
		if ((uint64_t)a.v + len > mem)
			return dbg_fail(s, "0x%08x is not in RAM (physical addresses end at 0x%08x)",
					a.v, mem), false;
		*phys = a.v;
		return true;
	}
	uint32_t base = 0, bound = 0;
	bool found = false;
	if (!a.prog && a.pid == cpu_pid(s->m) && cpu_user_mode(s->m)) {
		base = cpu_cr(s->m, CR_BASE);	/* the window the machine has now */
		bound = cpu_cr(s->m, CR_BOUND);
		found = true;
	} else {
		struct kview_proc ps[NPROC];
		unsigned n = kview_procs(&s->kv, s->m, ps, NPROC);
		for (unsigned pass = 0; pass < 2 && !found; pass++)
			for (unsigned i = 0; i < n && !found; i++) {
				bool match = a.prog ? strcmp(dbg_program_named(s, ps[i].name), a.prog) == 0 &&
							(pass || ps[i].pid == cpu_pid(s->m))
						    : ps[i].pid == a.pid;
				if (match && ps[i].state != PSTATE_ZOMBIE) {
					base = ps[i].base;
					bound = ps[i].bound;
					found = true;
				}
			}
		if (!found && a.prog)
			return dbg_fail(s, "no process runs %s", a.prog), false;
		if (!found)
			return dbg_fail(s, "no process with pid %u", a.pid), false;
	}
	if ((uint64_t)a.v + len > bound)
		return dbg_fail(s, "0x%08x is outside the process's memory (its bound is 0x%08x)",
				a.v, bound), false;
	if ((uint64_t)base + a.v + len > mem)
		return dbg_fail(s, "0x%08x in the process lies outside RAM", a.v), false;
	*phys = base + a.v;
	return true;
}
