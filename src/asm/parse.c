/*
 * parse.c - statements, directives, pseudo-instructions and expressions.
 * Each line is one statement, parsed straight from its tokens and carried
 * out at once: labels defined, bytes emitted, instructions encoded.  The same
 * code runs in both passes; pass 1 is quiet and finds sizes and symbols,
 * pass 2 knows every symbol, reports and emits.  Nothing here may lay out a
 * different number of bytes in pass 2 than in pass 1, so sizes depend only
 * on the tokens and on values replayed from pass 1 (asm_layout).
 *
 *   line      = label* statement? comment?
 *   label     = ident ":"
 *   statement = ident "=" expr | directive | use | instruction
 *   use       = macro-name args   (expanded by the driver; see macro.c)
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

struct parser {
	struct asm_ctx *A;
	const struct asm_line *ln;
	const struct asm_tok *tok;	/* the next token */
	int depth;			/* expression nesting */
	bool failed;			/* a syntax error: the statement stops */
	const char *lex_err;		/* the message of a TK_ERROR token */
	int dot_sec;			/* '.' is this section ... */
	uint32_t dot_off;		/* ... at this offset */
};

/* An expression's value, or unknown (pass 1: not defined yet; pass 2:
 * already reported). */
struct val {
	uint32_t v;
	bool known;
};

static struct val expr(struct parser *P);

/* ---- Tokens and errors ------------------------------------------------- */

static void error_at(struct parser *P, size_t col, const char *fmt, ...) ASM_PRINTF(3, 4);
static void error_at(struct parser *P, size_t col, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	asm_diag(P->A, DIAG_ERROR, NULL, P->ln, col, "%s", msg);
}

/* A token as messages quote it. */
static const char *show(const struct asm_tok *t, const struct asm_line *ln, char buf[48])
{
	if (t->kind == TK_EOL)
		return "end of line";
	if (t->kind == TK_STR)
		return "a string";
	size_t n = t->len < 32 ? t->len : 32;
	snprintf(buf, 48, "'%.*s%s'", (int)n, ln->text + t->col, n < t->len ? "..." : "");
	return buf;
}

/* A syntax error: the statement is abandoned, so it has one at most.  At
 * a token the lexer rejected, the lexer's message says what is wrong. */
static void syntax_error(struct parser *P, const char *expected)
{
	if (P->failed)
		return;
	P->failed = true;
	if (P->tok->kind == TK_ERROR) {
		error_at(P, P->tok->col, "%s", P->lex_err);
		return;
	}
	char b[48];
	error_at(P, P->tok->col, "expected %s, found %s", expected, show(P->tok, P->ln, b));
}

static bool is_punct(const struct parser *P, int c)
{
	return P->tok->kind == TK_PUNCT && P->tok->punct == c;
}

static bool accept(struct parser *P, int c)
{
	if (!is_punct(P, c))
		return false;
	P->tok++;
	return true;
}

static bool expect(struct parser *P, int c, const char *what)
{
	if (accept(P, c))
		return true;
	syntax_error(P, what);
	return false;
}

static bool tok_is(const struct parser *P, const struct asm_tok *t, const char *s)
{
	return t->kind == TK_IDENT && strlen(s) == t->len
	       && memcmp(P->ln->text + t->col, s, t->len) == 0;
}

static const char *tok_text(const struct parser *P, const struct asm_tok *t)
{
	return P->ln->text + t->col;
}

/* ---- Expressions --------------------------------------------------------
 * expr    = or
 * or      = xor ("|" xor)*
 * xor     = and ("^" and)*
 * and     = shift ("&" shift)*
 * shift   = add (("<<" | ">>") add)*
 * add     = mul (("+" | "-") mul)*
 * mul     = unary (("*" | "/" | "%") unary)*
 * unary   = ("-" | "~" | "!" | "+") unary | primary
 * primary = number | char | symbol | "." | "(" expr ")"
 *         | "%hi" "(" expr ")" | "%lo" "(" expr ")"
 * All arithmetic is on 32 bits and wraps; / and % are signed, >> logical.
 */

static struct val known(uint32_t v) { return (struct val){ v, true }; }
static const struct val unknown = { 0, false };

static bool eval_equ(struct asm_ctx *A, struct asm_sym *s);

/* A name that is no symbol, and the symbol it may have meant. */
static void undefined(struct parser *P, const struct asm_tok *t)
{
	struct asm_ctx *A = P->A;
	struct asm_near near;
	char hint[ASM_NEAR_HINT];
	asm_near_init(&near, tok_text(P, t), t->len);
	for (size_t i = 0; i < A->nsyms; i++)
		asm_near_try(&near, A->syms[i]->name, strlen(A->syms[i]->name));
	error_at(P, t->col, "undefined symbol '%.*s'%s", (int)t->len, tok_text(P, t),
		 asm_near_hint(&near, hint, sizeof hint));
}

/* The value of a symbol.  In pass 2 a .equ pass 1 could not compute is
 * computed now, from its own line. */
static struct val symbol(struct parser *P, const struct asm_tok *t)
{
	struct asm_ctx *A = P->A;
	struct asm_sym *s = asm_sym_find(A, tok_text(P, t), t->len);
	if (!s) {
		if (asm_reg(tok_text(P, t), t->len) >= 0)
			error_at(P, t->col, "expected an expression, found register '%.*s'", (int)t->len,
				 tok_text(P, t));
		else if (A->pass == 2)
			undefined(P, t);
		return unknown;
	}
	switch (s->kind) {
	case SYMK_LABEL:
		if (!A->sec[s->section].placed)
			return unknown;
		return known(A->sec[s->section].base + s->value);
	case SYMK_EQU:
		if (s->state == EQU_EVALUATING) {
			error_at(P, t->col, "circular definition: '%s' depends on itself", s->name);
			return unknown;
		}
		if (s->state == EQU_PENDING && A->pass == 2 && !A->sweeping)
			eval_equ(A, s);
		return s->state == EQU_KNOWN ? known(s->value) : unknown;
	default:
		return known(s->value);
	}
}

static struct val primary(struct parser *P)
{
	const struct asm_tok *t = P->tok;
	if (t->kind == TK_NUM) {
		P->tok++;
		return known(t->num);
	}
	if (t->kind == TK_IDENT) {
		P->tok++;
		if (t->len == 1 && tok_text(P, t)[0] == '.') {
			const struct asm_section *s = &P->A->sec[P->dot_sec];
			return s->placed ? known(s->base + P->dot_off) : unknown;
		}
		return symbol(P, t);
	}
	if (accept(P, '(')) {
		struct val v = expr(P);
		expect(P, ')', "')'");
		return v;
	}
	if (is_punct(P, '%')) {
		P->tok++;
		bool hi = tok_is(P, P->tok, "hi");
		if (!hi && !tok_is(P, P->tok, "lo")) {
			syntax_error(P, "'hi' or 'lo' after '%'");
			return unknown;
		}
		P->tok++;
		if (!expect(P, '(', "'('"))
			return unknown;
		struct val v = expr(P);
		expect(P, ')', "')'");
		v.v = hi ? v.v >> 16 & 0xFFFF : v.v & 0xFFFF;
		return v;
	}
	syntax_error(P, "an expression");
	return unknown;
}

static struct val unary(struct parser *P)
{
	int op = P->tok->kind == TK_PUNCT ? P->tok->punct : 0;
	if (op != '-' && op != '~' && op != '!' && op != '+')
		return primary(P);
	if (++P->depth > ASM_MAX_EXPR_DEPTH) {
		error_at(P, P->tok->col, "expression nested too deeply (limit %d)", ASM_MAX_EXPR_DEPTH);
		P->failed = true;
		return unknown;
	}
	P->tok++;
	struct val v = unary(P);
	P->depth--;
	switch (op) {
	case '-': v.v = 0u - v.v; break;
	case '~': v.v = ~v.v; break;
	case '!': v.v = !v.v; break;
	default: break;
	}
	return v;
}

/* a op b for the binary operators. */
static struct val binary(struct parser *P, int op, struct val a, struct val b, size_t col)
{
	struct val r = { 0, a.known && b.known };
	int32_t sa = (int32_t)a.v, sb = (int32_t)b.v;
	switch (op) {
	case '*': r.v = a.v * b.v; break;
	case '/':
	case '%':
		if (b.known && b.v == 0) {
			error_at(P, col, "division by zero");
			return unknown;
		}
		if (!r.known)
			break;
		if (sa == INT32_MIN && sb == -1)
			r.v = op == '/' ? a.v : 0;
		else
			r.v = (uint32_t)(op == '/' ? sa / sb : sa % sb);
		break;
	case '+': r.v = a.v + b.v; break;
	case '-': r.v = a.v - b.v; break;
	case PUNCT_SHL: r.v = b.v > 31 ? 0 : a.v << b.v; break;
	case PUNCT_SHR: r.v = b.v > 31 ? 0 : a.v >> b.v; break;
	case '&': r.v = a.v & b.v; break;
	case '^': r.v = a.v ^ b.v; break;
	case '|': r.v = a.v | b.v; break;
	default: break;
	}
	return r;
}

/* The binary operators by precedence level, loosest first. */
static const int levels[][4] = {
	{ '|' }, { '^' }, { '&' }, { PUNCT_SHL, PUNCT_SHR }, { '+', '-' }, { '*', '/', '%' },
};
enum { NLEVELS = sizeof levels / sizeof levels[0] };

static bool op_at_level(const struct asm_tok *t, int level)
{
	if (t->kind != TK_PUNCT)
		return false;
	for (int i = 0; i < 4 && levels[level][i]; i++)
		if (t->punct == levels[level][i])
			return true;
	return false;
}

static bool at_level(const struct parser *P, int level) { return op_at_level(P->tok, level); }

/* Does t continue an expression (a binary operator)? */
static bool binary_op(const struct asm_tok *t)
{
	for (int level = 0; level < NLEVELS; level++)
		if (op_at_level(t, level))
			return true;
	return false;
}

static struct val binary_level(struct parser *P, int level)
{
	if (level == NLEVELS)
		return unary(P);
	struct val v = binary_level(P, level + 1);
	while (!P->failed && at_level(P, level)) {
		int op = P->tok->punct;
		size_t col = P->tok->col;
		P->tok++;
		struct val r = binary_level(P, level + 1);
		v = binary(P, op, v, r, col);
	}
	return v;
}

static struct val expr(struct parser *P)
{
	if (++P->depth > ASM_MAX_EXPR_DEPTH) {
		error_at(P, P->tok->col, "expression nested too deeply (limit %d)", ASM_MAX_EXPR_DEPTH);
		P->failed = true;
		return unknown;
	}
	struct val v = binary_level(P, 0);
	P->depth--;
	return P->failed ? unknown : v;
}

/* Pass 2: compute a .equ pass 1 left pending, from its own line; its
 * errors are reported there. */
static bool eval_equ(struct asm_ctx *A, struct asm_sym *s)
{
	if (A->equ_depth >= ASM_MAX_EQU_DEPTH) {
		asm_diag(A, DIAG_ERROR, NULL, &s->line, s->col,
			 "'%s' is defined through too many levels of .equ (limit %d)", s->name,
			 ASM_MAX_EQU_DEPTH);
		s->state = EQU_FAILED;
		return false;
	}
	struct asm_toks toks = { 0 };
	if (!asm_lex(&s->line, &toks)) {
		asm_toks_free(&toks);
		asm_oom(A);
		s->state = EQU_FAILED;
		return false;
	}
	struct parser P = { A, &s->line, toks.v, 0, false, toks.err, s->section, s->dot };
	while (P.tok->kind != TK_EOL && P.tok->col < s->col)
		P.tok++;
	s->state = EQU_EVALUATING;
	A->equ_depth++;
	struct val v = expr(&P);
	A->equ_depth--;
	s->state = v.known ? EQU_KNOWN : EQU_FAILED;
	s->value = v.v;
	asm_toks_free(&toks);
	return v.known;
}

void asm_resolve_equs(struct asm_ctx *A)
{
	A->quiet++;
	A->sweeping = true;
	for (int sweep = 0; sweep < 8 && !A->stop; sweep++) {
		bool progress = false;
		/* last first, then first first: a chain resolves in one sweep
		 * whichever way its definitions are ordered */
		for (size_t k = A->npredef; k < A->nsyms; k++) {
			size_t i = sweep % 2 ? k : A->nsyms - 1 - (k - A->npredef);
			struct asm_sym *s = A->syms[i];
			if (s->kind != SYMK_EQU || s->state != EQU_PENDING)
				continue;
			if (eval_equ(A, s))
				progress = true;
			else
				s->state = EQU_PENDING;
		}
		if (!progress)
			break;
	}
	A->sweeping = false;
	A->quiet--;
}

/* ---- Operands ------------------------------------------------------------ */

struct opnd {
	unsigned reg;
	struct val v;
	size_t col;
};

/* A name where a register goes that is close to a register's: say which.
 * False if none is close. */
static bool near_register(struct parser *P, const struct asm_tok *t)
{
	struct asm_near near;
	char hint[ASM_NEAR_HINT], rn[8];
	asm_near_init(&near, tok_text(P, t), t->len);
	for (int r = 0; r < REG_COUNT; r++)
		asm_near_try(&near, isa_reg_names[r], strlen(isa_reg_names[r]));
	for (int r = 0; r < REG_COUNT; r++)
		asm_near_try(&near, rn, (size_t)snprintf(rn, sizeof rn, "r%d", r));
	if (!*asm_near_hint(&near, hint, sizeof hint))
		return false;
	error_at(P, t->col, "expected a register, found '%.*s'%s", (int)t->len, tok_text(P, t), hint);
	P->failed = true;
	return true;
}

static bool reg(struct parser *P, unsigned *r)
{
	const struct asm_tok *t = P->tok;
	if (t->kind == TK_IDENT) {
		int n = asm_reg(tok_text(P, t), t->len);
		if (n >= 0) {
			*r = (unsigned)n;
			P->tok++;
			return true;
		}
		if (t->len >= 2 && tok_text(P, t)[0] == 'r' && strspn(tok_text(P, t) + 1, "0123456789") == t->len - 1) {
			error_at(P, t->col, "unknown register '%.*s' (r0..r15)", (int)t->len, tok_text(P, t));
			P->failed = true;
			return false;
		}
		if (!P->failed && near_register(P, t))
			return false;
	}
	syntax_error(P, "a register");
	return false;
}

/* s in lower case, as the syntax spells control registers; its length. */
static size_t lower(char *dst, size_t cap, const char *s)
{
	size_t n = 0;
	for (; s[n] && n < cap - 1; n++)
		dst[n] = (char)tolower((unsigned char)s[n]);
	dst[n] = '\0';
	return n;
}

/* A name where a control register goes that is neither one nor a symbol:
 * the names it could have been. */
static void unknown_creg(struct parser *P, const struct asm_tok *t)
{
	_Static_assert(CR_COUNT >= 3, "the message names three control registers");
	struct asm_ctx *A = P->A;
	struct asm_near near;
	char hint[ASM_NEAR_HINT], names[CR_COUNT][16];
	asm_near_init(&near, tok_text(P, t), t->len);
	for (int i = 0; i < CR_COUNT; i++)
		asm_near_try(&near, names[i], lower(names[i], sizeof names[i], isa_cregs[i].name));
	for (size_t i = 0; i < A->nsyms; i++)
		asm_near_try(&near, A->syms[i]->name, strlen(A->syms[i]->name));
	if (*asm_near_hint(&near, hint, sizeof hint))
		error_at(P, t->col, "expected a control register, found '%.*s'%s", (int)t->len,
			 tok_text(P, t), hint);
	else
		error_at(P, t->col, "expected a control register (%s, %s, %s, ...), found '%.*s'",
			 names[0], names[1], names[2], (int)t->len, tok_text(P, t));
}

/*
 * cr = control register name | expr
 * A lower-case name is the control register's unless an operator follows
 * it (then it is a symbol in an expression); a lone name that is neither
 * is reported as a control register, not as a symbol.
 */
static struct val creg(struct parser *P)
{
	struct asm_ctx *A = P->A;
	const struct asm_tok *t = P->tok;
	if (t->kind != TK_IDENT || binary_op(&t[1]))
		return expr(P);
	int n = asm_creg(tok_text(P, t), t->len);
	if (n >= 0) {
		P->tok++;
		return known((uint32_t)n);
	}
	/* pass 1 may not know the symbol yet; a register or '.' is expr's to report */
	const char *name = tok_text(P, t);
	if (A->pass == 1 || asm_sym_find(A, name, t->len) || asm_reg(name, t->len) >= 0
	    || (t->len == 1 && name[0] == '.'))
		return expr(P);
	unknown_creg(P, t);
	P->tok++;
	return unknown;
}

/* mem = expr? "(" register ")" */
static void mem(struct parser *P, struct opnd *o)
{
	const struct asm_tok *t = P->tok;
	bool bare = t->kind == TK_PUNCT && t->punct == '(' && t[1].kind == TK_IDENT
		    && asm_reg(tok_text(P, &t[1]), t[1].len) >= 0 && t[2].kind == TK_PUNCT
		    && t[2].punct == ')';
	o->v = bare ? known(0) : expr(P);
	if (P->failed)
		return;
	if (!accept(P, '(')) {
		syntax_error(P, "'(' and a base register");
		return;
	}
	if (reg(P, &o->reg))
		expect(P, ')', "')'");
}

/*
 * The operands of mnemonic mn, as its syntax string says ("rd, simm(rs1)"),
 * then the end of the line.  False after a syntax error.
 */
static bool operands(struct parser *P, const char *mn, const char *syntax, struct opnd o[ASM_MAX_OPNDS],
		     enum asm_opnd kinds[ASM_MAX_OPNDS], int *count)
{
	char b[48];
	int n = asm_syntax(syntax, kinds);
	if (n < 0) {
		error_at(P, P->tok->col, "internal error: unknown operand syntax '%s'", syntax);
		P->failed = true;
		return false;
	}
	*count = n;
	for (int i = 0; i < n; i++) {
		if (P->tok->kind == TK_EOL) {
			error_at(P, P->tok->col, "missing operand: '%s' takes %s", mn, syntax);
			P->failed = true;
			return false;
		}
		if (i > 0 && !expect(P, ',', "','"))
			return false;
		o[i].col = P->tok->col;
		o[i].v = unknown;
		switch (kinds[i]) {
		case OPND_RD:
		case OPND_RS1:
		case OPND_RS2:
			reg(P, &o[i].reg);
			break;
		case OPND_CR:
			o[i].v = creg(P);
			break;
		case OPND_MEM:
			mem(P, &o[i]);
			break;
		default:
			o[i].v = expr(P);
			break;
		}
		if (P->failed)
			return false;
	}
	if (P->tok->kind == TK_EOL)
		return true;
	if (P->tok->kind == TK_ERROR)
		syntax_error(P, "");	/* with the lexer's message */
	else if (n == 0)
		error_at(P, P->tok->col, "'%s' takes no operands", mn);
	else if (is_punct(P, ','))
		error_at(P, P->tok->col, "too many operands: '%s' takes %s", mn, syntax);
	else
		error_at(P, P->tok->col, "unexpected %s after the operands: '%s' takes %s",
			 show(P->tok, P->ln, b), mn, syntax);
	P->failed = true;
	return false;
}

/* ---- Instructions ---------------------------------------------------------- */

static void emit_insn(struct parser *P, const struct isa_insn *in, const struct asm_args *a,
		      uint32_t pc)
{
	struct asm_ctx *A = P->A;
	asm_emit_word(A, A->pass == 2 && !P->failed ? asm_encode(A, in, a, pc) : 0);
}

/* Warn about control registers that trap when used. */
static void check_cr(struct parser *P, const struct isa_insn *in, const struct asm_args *a)
{
	if (P->A->pass != 2 || !a->known)
		return;
	if (a->imm >= CR_COUNT && a->imm <= 0xFFFF)
		asm_diag(P->A, DIAG_WARNING, NULL, P->ln, a->col,
			 "no control register %lu (%s raises TRAP_ILLEGAL)", (unsigned long)a->imm,
			 in->mnemonic);
	else if (a->imm < CR_COUNT && in->opcode == OP_MTCR && isa_cregs[a->imm].access == CR_RO)
		asm_diag(P->A, DIAG_WARNING, NULL, P->ln, a->col,
			 "CR_%s is read-only (mtcr raises TRAP_ILLEGAL)", isa_cregs[a->imm].name);
}

/* instruction = mnemonic operands, as the row's form says */
static void instruction(struct parser *P, const struct isa_insn *in, uint32_t pc)
{
	struct opnd o[ASM_MAX_OPNDS] = { { 0 } };
	enum asm_opnd k[ASM_MAX_OPNDS];
	int n = 0;
	struct asm_args a = { 0, 0, 0, 0, true, P->tok->col };
	if (operands(P, in->mnemonic, isa_forms[in->form].syntax, o, k, &n)) {
		for (int i = 0; i < n; i++) {
			switch (k[i]) {
			case OPND_RD:  a.rd = o[i].reg; break;
			case OPND_RS1: a.rs1 = o[i].reg; break;
			case OPND_RS2: a.rs2 = o[i].reg; break;
			case OPND_MEM: a.rs1 = o[i].reg; /* fall through */
			default:
				a.imm = o[i].v.v;
				a.known = o[i].v.known;
				a.col = o[i].col;
				break;
			}
		}
		if (in->flags & F_CR)
			check_cr(P, in, &a);
	}
	emit_insn(P, in, &a, pc);
}

/*
 * Pseudo-instructions: each row expands into one or two real instructions.
 * Register and immediate sources: a fixed register or constant, or operand i
 * of the pseudo-instruction (its %hi or %lo half for la).
 */
#define ARG(i) (-1 - (i))
enum { I_K, I_ARG, I_HI, I_LO };
struct pword {
	uint8_t op;
	int8_t rd, rs1, rs2;		/* REG_* or ARG(i) */
	struct { uint8_t src; int8_t arg; int32_t k; } imm;
};
struct pseudo {
	const char *name, *syntax;
	int n;
	struct pword w[2];
};

#define W(op, rd, rs1, rs2, imm) { OP_##op, rd, rs1, rs2, imm }
#define R(x) REG_##x
#define K(x) { I_K, 0, x }
#define OPD(i) { I_ARG, i, 0 }
#define HI(i) { I_HI, i, 0 }
#define LO(i) { I_LO, i, 0 }
#define _ REG_zero

static const struct pseudo pseudos[] = {
	{ "nop",  "",                1, { W(ADDI, R(zero), R(zero), _, K(0)) } },
	{ "la",   "rd, expr",        2, { W(LUI, ARG(0), _, _, HI(1)),
					  W(ORI, ARG(0), ARG(0), _, LO(1)) } },
	{ "mov",  "rd, rs",          1, { W(ADDI, ARG(0), ARG(1), _, K(0)) } },
	{ "not",  "rd, rs",          2, { W(SUB, ARG(0), R(zero), ARG(1), K(0)),
					  W(ADDI, ARG(0), ARG(0), _, K(-1)) } },
	{ "neg",  "rd, rs",          1, { W(SUB, ARG(0), R(zero), ARG(1), K(0)) } },
	{ "call", "target",          1, { W(JAL, R(ra), _, _, OPD(0)) } },
	{ "ret",  "",                1, { W(JALR, R(zero), R(ra), _, K(0)) } },
	{ "j",    "target",          1, { W(JAL, R(zero), _, _, OPD(0)) } },
	{ "jr",   "rs",              1, { W(JALR, R(zero), ARG(0), _, K(0)) } },
	{ "push", "rs",              2, { W(ADDI, R(sp), R(sp), _, K(-4)),
					  W(SW, _, R(sp), ARG(0), K(0)) } },
	{ "pop",  "rd",              2, { W(LW, ARG(0), R(sp), _, K(0)),
					  W(ADDI, R(sp), R(sp), _, K(4)) } },
	{ "beqz", "rs, target",      1, { W(BEQ, _, ARG(0), R(zero), OPD(1)) } },
	{ "bnez", "rs, target",      1, { W(BNE, _, ARG(0), R(zero), OPD(1)) } },
	{ "bgt",  "rs1, rs2, target", 1, { W(BLT, _, ARG(1), ARG(0), OPD(2)) } },
	{ "ble",  "rs1, rs2, target", 1, { W(BGE, _, ARG(1), ARG(0), OPD(2)) } },
	{ "bgtu", "rs1, rs2, target", 1, { W(BLTU, _, ARG(1), ARG(0), OPD(2)) } },
	{ "bleu", "rs1, rs2, target", 1, { W(BGEU, _, ARG(1), ARG(0), OPD(2)) } },
	{ "seqz", "rd, rs",          1, { W(SLTIU, ARG(0), ARG(1), _, K(1)) } },
	{ "snez", "rd, rs",          1, { W(SLTU, ARG(0), R(zero), ARG(1), K(0)) } },
};

#undef W
#undef R
#undef K
#undef OPD
#undef HI
#undef LO
#undef _

/* The rows above, then li: the one pseudo-instruction with code of its own. */
const char *asm_pseudo_name(size_t i)
{
	enum { N = sizeof pseudos / sizeof pseudos[0] };
	return i < N ? pseudos[i].name : i == N ? "li" : NULL;
}

static unsigned pword_reg(int8_t src, const struct opnd *o)
{
	return src >= 0 ? (unsigned)src : o[-1 - src].reg;
}

static void pseudo(struct parser *P, const struct pseudo *ps, uint32_t pc)
{
	struct opnd o[ASM_MAX_OPNDS] = { { 0 } };
	enum asm_opnd k[ASM_MAX_OPNDS];
	int n = 0;
	operands(P, ps->name, ps->syntax, o, k, &n);
	for (int i = 0; i < ps->n; i++) {
		const struct pword *w = &ps->w[i];
		struct asm_args a = { 0, 0, 0, (uint32_t)w->imm.k, true, P->ln->len };
		if (!P->failed) {
			a.rd = pword_reg(w->rd, o);
			a.rs1 = pword_reg(w->rs1, o);
			a.rs2 = pword_reg(w->rs2, o);
			if (w->imm.src != I_K) {
				const struct opnd *x = &o[w->imm.arg];
				a.imm = w->imm.src == I_HI ? x->v.v >> 16
				      : w->imm.src == I_LO ? x->v.v & 0xFFFF : x->v.v;
				a.known = x->v.known;
				a.col = x->col;
			}
		}
		emit_insn(P, isa_by_opcode(w->op), &a, pc + 4 * (uint32_t)i);
	}
}

/*
 * li rd, expr: one instruction when pass 1 knows a value that fits
 * (addi for signed 16 bits, ori for unsigned 16 bits), else lui + ori.
 */
static void li(struct parser *P, uint32_t pc)
{
	struct asm_ctx *A = P->A;
	struct opnd o[ASM_MAX_OPNDS] = { { 0 } };
	enum asm_opnd k[ASM_MAX_OPNDS];
	int n = 0;
	operands(P, "li", "rd, expr", o, k, &n);
	struct val v = P->failed ? unknown : o[1].v;
	struct asm_layout l = asm_layout(A, v.v, v.known);
	struct asm_args a = { P->failed ? 0 : o[0].reg, REG_zero, 0, v.v, v.known, o[1].col };
	if (l.known) {
		a.imm = l.value;
		int32_t s = (int32_t)l.value;
		if (s >= -32768 && s <= 32767) {
			emit_insn(P, isa_by_opcode(OP_ADDI), &a, pc);
			return;
		}
		if (l.value <= 0xFFFF) {
			emit_insn(P, isa_by_opcode(OP_ORI), &a, pc);
			return;
		}
	}
	uint32_t full = a.imm;
	a.imm = full >> 16;
	emit_insn(P, isa_by_opcode(OP_LUI), &a, pc);
	a.rs1 = a.rd;
	a.imm = full & 0xFFFF;
	emit_insn(P, isa_by_opcode(OP_ORI), &a, pc + 4);
}

static bool starts_statement(const struct parser *P, const struct asm_tok *t);
static void statement(struct parser *P);
static void label(struct parser *P, const struct asm_tok *t);

/* Could t be a label written without its colon?  Alone on its line, or
 * before a statement, and a name a label may have. */
static bool label_like(const struct parser *P, const struct asm_tok *t)
{
	struct asm_sym *s = asm_sym_find(P->A, tok_text(P, t), t->len);
	return (t[1].kind == TK_EOL || starts_statement(P, &t[1]))
	       && asm_reg(tok_text(P, t), t->len) < 0 && !(s && s->kind == SYMK_PREDEF);
}

/*
 * Recover from a word that reads like a label without its colon: take it
 * as that label, so that its uses are not errors too (a real definition
 * of the name elsewhere replaces it), and assemble the rest of the line.
 */
static void guess_label(struct parser *P, const struct asm_tok *t)
{
	struct asm_ctx *A = P->A;
	struct asm_sym *s = asm_sym_find(A, tok_text(P, t), t->len);
	if (A->pass == 1 && !s) {
		label(P, t);
		s = asm_sym_find(A, tok_text(P, t), t->len);
		if (s)
			s->guessed = true;
	}
	A->sec[A->cur].touched = true;	/* as label() does, in both passes */
	P->failed = false;
	if (P->tok->kind != TK_EOL)
		statement(P);
}

/* A word where a statement starts that is no mnemonic: the mnemonic it may
 * have meant, or the label it may have been.  Else it takes the room of the
 * instruction it probably is, so that the lines after it keep their
 * addresses. */
static void unknown_mnemonic(struct parser *P, const struct asm_tok *t)
{
	struct asm_near near;
	char buf[ASM_NEAR_HINT];
	asm_near_init(&near, tok_text(P, t), t->len);
	for (int i = 0; i < ISA_COUNT; i++)
		asm_near_try(&near, isa_insns[i].mnemonic, strlen(isa_insns[i].mnemonic));
	const char *ps;
	for (size_t i = 0; (ps = asm_pseudo_name(i)) != NULL; i++)
		asm_near_try(&near, ps, strlen(ps));
	for (const struct asm_macro *m = asm_macro_next(P->A, NULL); m; m = asm_macro_next(P->A, m)) {
		size_t n;
		const char *name = asm_macro_name(m, &n);
		asm_near_try(&near, name, n);
	}
	const char *hint = asm_near_hint(&near, buf, sizeof buf);
	error_at(P, t->col, "unknown mnemonic '%.*s'%s", (int)t->len, tok_text(P, t), hint);
	P->failed = true;
	if (!*hint && label_like(P, t)) {
		asm_diag(P->A, DIAG_NOTE, NULL, P->ln, t->col + t->len,
			 "if '%.*s' is a label, it needs a colon: '%.*s:'", (int)t->len,
			 tok_text(P, t), (int)t->len, tok_text(P, t));
		guess_label(P, t);
		return;
	}
	asm_emit_word(P->A, 0);
}

/*
 * An instruction must start at a multiple of 4.  Every instruction after a
 * stray byte is off by the same amount for the same reason, so a stretch of
 * them is reported once, at its first, with the statement that began it.
 */
static void check_aligned(struct parser *P, const struct asm_tok *t, uint32_t pc)
{
	struct asm_ctx *A = P->A;
	struct asm_section *s = &A->sec[A->cur];
	if (pc % 4 == 0) {
		s->odd_told = false;
		return;
	}
	if (s->odd_told)
		return;
	s->odd_told = true;
	error_at(P, t->col, "instruction at 0x%08x, not a multiple of 4 (use .align 4)", pc);
	if (s->odd_known)
		asm_diag(A, DIAG_NOTE, NULL, &s->odd_line, s->odd_col,
			 "%s is misaligned from this line on", s->name);
}

/* What a mnemonic names: a row of isa.def, a pseudo-instruction or li. */
struct mnem {
	const struct isa_insn *in;
	const struct pseudo *ps;
	bool li;
};

static bool find_mnemonic(const struct parser *P, const struct asm_tok *t, struct mnem *m)
{
	char name[16];
	*m = (struct mnem){ NULL, NULL, false };
	if (t->kind != TK_IDENT || t->len >= sizeof name)
		return false;
	memcpy(name, tok_text(P, t), t->len);
	name[t->len] = '\0';
	m->in = isa_by_mnemonic(name);
	for (size_t i = 0; !m->in && i < sizeof pseudos / sizeof pseudos[0]; i++)
		if (strcmp(pseudos[i].name, name) == 0)
			m->ps = &pseudos[i];
	m->li = strcmp(name, "li") == 0;
	return m->in || m->ps || m->li;
}

static void mnemonic(struct parser *P)
{
	struct asm_ctx *A = P->A;
	const struct asm_tok *t = P->tok++;
	struct mnem m;
	if (!find_mnemonic(P, t, &m)) {
		unknown_mnemonic(P, t);
		return;
	}
	uint32_t pc;
	if (asm_dot(A, &pc) && A->pass == 2)
		check_aligned(P, t, pc);
	A->lst.kind = LST_INSN;
	if (m.in)
		instruction(P, m.in, pc);
	else if (m.ps)
		pseudo(P, m.ps, pc);
	else
		li(P, pc);
}

/* ---- Symbols ---------------------------------------------------------------- */

/* Can t name a new symbol?  Pass 2 says why not. */
static struct asm_sym *define(struct parser *P, const struct asm_tok *t, int kind)
{
	struct asm_ctx *A = P->A;
	const char *name = tok_text(P, t);
	if (asm_reg(name, t->len) >= 0 || (t->len == 1 && name[0] == '.')) {
		error_at(P, t->col, "'%.*s' is reserved; choose another name", (int)t->len, name);
		return NULL;
	}
	struct asm_sym *s = asm_sym_find(A, name, t->len);
	if (A->pass == 1) {
		if (s && !s->guessed)
			return NULL;
		if (!s)
			s = asm_sym_add(A, name, t->len);
		if (!s)
			return NULL;
		s->guessed = false;
		s->kind = (uint8_t)kind;
		s->seq = A->seq;
		s->line = *P->ln;
		s->col = t->col;
		return s;
	}
	if (!s)
		return NULL;
	if (s->kind == SYMK_PREDEF) {
		error_at(P, t->col, "'%s' is predefined; choose another name", s->name);
		return NULL;
	}
	if (s->seq != A->seq) {
		error_at(P, t->col, "duplicate symbol '%s' (first defined at %s:%lu)", s->name,
			 s->line.file->name, (unsigned long)s->line.lineno);
		return NULL;
	}
	return s;
}

/* label = ident ":" */
static void label(struct parser *P, const struct asm_tok *t)
{
	struct asm_ctx *A = P->A;
	struct asm_section *sec = &A->sec[A->cur];
	sec->touched = true;
	A->lst.labelled = true;
	struct asm_sym *s = define(P, t, SYMK_LABEL);
	if (!s)
		return;
	if (A->pass == 1) {
		s->section = (uint8_t)A->cur;
		s->value = sec->size;
	} else if (s->section != A->cur || s->value != sec->size) {
		error_at(P, t->col, "internal error: '%s' moved between passes", s->name);
	}
}

/* equ = ident "=" expr | ".equ" ident "," expr */
static void equ(struct parser *P, const struct asm_tok *name)
{
	struct asm_ctx *A = P->A;
	struct asm_sym *s = define(P, name, SYMK_EQU);
	size_t col = P->tok->col;
	if (A->pass == 1 && s) {
		s->section = (uint8_t)P->dot_sec;
		s->dot = P->dot_off;
		s->col = col;
	}
	if (!s) {
		A->quiet++;	/* reported already: just check the syntax */
		expr(P);
		A->quiet--;
		return;
	}
	if (A->pass == 2 && s->state == EQU_FAILED) {
		P->failed = true;	/* reported when it was first needed */
		return;
	}
	if (A->pass == 2 && s->state == EQU_KNOWN) {
		A->quiet++;
		expr(P);
		A->quiet--;
	} else {
		s->state = EQU_EVALUATING;
		struct val v = expr(P);
		s->value = v.v;
		s->state = v.known ? EQU_KNOWN : A->pass == 1 ? EQU_PENDING : EQU_FAILED;
	}
	A->lst.kind = LST_EQU;
	A->lst.value = s->value;
}

/* ---- Directives ------------------------------------------------------------- */

/* A value that decides sizes: pass 2 replays what pass 1 found, and it is
 * an error if pass 1 could not know it. */
static struct asm_layout layout_expr(struct parser *P, const char *what)
{
	size_t col = P->tok->col;
	struct val v = expr(P);
	struct asm_layout l = asm_layout(P->A, v.v, v.known && !P->failed);
	if (!l.known && v.known && !P->failed)
		error_at(P, col, "%s must be known here: define its symbols above this line", what);
	return l;
}

static void dir_text(struct parser *P) { P->A->cur = SEC_TEXT; }
static void dir_data(struct parser *P) { P->A->cur = SEC_DATA; }

/* ".section" (".text" | ".data") */
static void dir_section(struct parser *P)
{
	if (tok_is(P, P->tok, ".text") || tok_is(P, P->tok, ".data")) {
		P->A->cur = tok_is(P, P->tok, ".text") ? SEC_TEXT : SEC_DATA;
		P->tok++;
		return;
	}
	syntax_error(P, "'.text' or '.data'");
}

/* ".org" expr: forward only; in a section with nothing in it yet, it says
 * where the section starts. */
static void dir_org(struct parser *P)
{
	struct asm_ctx *A = P->A;
	size_t col = P->tok->col;
	struct asm_layout l = layout_expr(P, "the address of .org");
	struct asm_section *s = &A->sec[A->cur];
	if (!l.known)
		return;
	if (l.value > MEM_MAX) {
		error_at(P, col, "address 0x%08x is beyond MEM_MAX (0x%08x)", l.value, MEM_MAX);
		return;
	}
	if (!s->touched && s->size == 0) {
		s->base = l.value;
		s->placed = s->fixed = s->touched = true;
	} else if (!s->fixed) {
		error_at(P, col, ".org in %s must come before its first label or byte", s->name);
	} else if (l.value < s->base + s->size) {
		error_at(P, col, ".org cannot move backwards (from 0x%08x to 0x%08x)",
			 s->base + s->size, l.value);
	} else {
		asm_fill(A, l.value - (s->base + s->size), 0);
	}
}

/* ".align" expr: a power of two, in bytes; pads with zero bytes. */
static void dir_align(struct parser *P)
{
	struct asm_ctx *A = P->A;
	size_t col = P->tok->col;
	struct asm_layout l = layout_expr(P, "the alignment");
	struct asm_section *s = &A->sec[A->cur];
	if (!l.known)
		return;
	if (l.value == 0 || (l.value & (l.value - 1)) || l.value > MEM_MAX) {
		error_at(P, col, "alignment must be a power of two (1..0x%08x), not %lu", MEM_MAX,
			 (unsigned long)l.value);
		return;
	}
	if (l.value > s->align)
		s->align = l.value;
	/* an unplaced .data will start at a multiple of its largest alignment */
	uint32_t at = s->fixed ? s->base + s->size : s->size;
	asm_fill(A, (l.value - at % l.value) % l.value, 0);
}

/* The items of a list from t on, counted by its commas (no expression
 * holds one): what a list with a syntax error in it would have held. */
static uint32_t items_from(const struct asm_tok *t)
{
	uint32_t n = 1;
	for (; t->kind != TK_EOL && t->kind != TK_ERROR; t++)
		n += t->kind == TK_PUNCT && t->punct == ',';
	return n;
}

/* data = expr ("," expr)*, each stored in size bytes, little-endian.  A
 * syntax error still leaves room for every item, so that the lines after
 * it keep the addresses they would have had. */
static void data(struct parser *P, unsigned size, long lo, long hi, const char *dir)
{
	struct asm_ctx *A = P->A;
	A->lst.kind = LST_DATA;
	do {
		size_t col = P->tok->col;
		const struct asm_tok *item = P->tok;
		struct val v = expr(P);
		if (P->failed) {
			asm_fill(A, items_from(item) * size, 0);
			return;
		}
		long s = (int32_t)v.v;
		if (A->pass == 2 && v.known && size < 4 && (s < lo || s > hi))
			error_at(P, col, "value %ld out of range for %s (%ld..%ld)", s, dir, lo, hi);
		uint8_t b[4] = { (uint8_t)v.v, (uint8_t)(v.v >> 8), (uint8_t)(v.v >> 16),
				 (uint8_t)(v.v >> 24) };
		asm_emit(A, b, size);
	} while (accept(P, ','));
}

static void dir_word(struct parser *P) { data(P, 4, 0, 0, ".word"); }
static void dir_half(struct parser *P) { data(P, 2, -32768, 0xFFFF, ".half"); }
static void dir_byte(struct parser *P) { data(P, 1, -128, 0xFF, ".byte"); }

/* strings = string ("," string)*; .asciz ends each with a NUL byte */
static void strings(struct parser *P, bool nul)
{
	P->A->lst.kind = LST_DATA;
	do {
		if (P->tok->kind != TK_STR) {
			syntax_error(P, "a string");
			return;
		}
		asm_emit(P->A, P->tok->str, (uint32_t)P->tok->slen);
		if (nul)
			asm_emit(P->A, "", 1);
		P->tok++;
	} while (accept(P, ','));
}

static void dir_ascii(struct parser *P) { strings(P, false); }
static void dir_asciz(struct parser *P) { strings(P, true); }

/* ".space" expr ("," expr)? */
static void dir_space(struct parser *P)
{
	struct asm_ctx *A = P->A;
	struct asm_layout l = layout_expr(P, "the size of .space");
	struct val fill = known(0);
	if (!P->failed && accept(P, ',')) {
		size_t col = P->tok->col;
		fill = expr(P);
		long s = (int32_t)fill.v;
		if (A->pass == 2 && fill.known && (s < -128 || s > 0xFF))
			error_at(P, col, "fill value %ld out of range for .space (-128..255)", s);
	}
	if (P->failed || !l.known)
		return;
	A->lst.kind = LST_DATA;
	asm_fill(A, l.value, (uint8_t)fill.v);
}

/* ".equ" ident "," expr */
static void dir_equ(struct parser *P)
{
	const struct asm_tok *name = P->tok;
	if (name->kind != TK_IDENT) {
		syntax_error(P, "a name");
		return;
	}
	P->tok++;
	if (expect(P, ',', "','"))
		equ(P, name);
}

/* ".include" string: done by the caller once the line is finished. */
static void dir_include(struct parser *P)
{
	const struct asm_tok *t = P->tok;
	if (t->kind != TK_STR) {
		syntax_error(P, "a file name in quotes");
		return;
	}
	if (t->slen == 0 || memchr(t->str, '\0', t->slen)) {
		error_at(P, t->col, "bad file name");
		P->failed = true;
		return;
	}
	P->A->inc_name = t->str;
	P->A->inc_len = t->slen;
	P->A->inc_col = t->col;
	P->tok++;
}

/* ".global" ident ("," ident)*: every label is in the image anyway. */
static void dir_global(struct parser *P)
{
	do {
		if (P->tok->kind != TK_IDENT) {
			syntax_error(P, "a name");
			return;
		}
		P->tok++;
	} while (accept(P, ','));
}

/* ".entry" expr */
static void dir_entry(struct parser *P)
{
	struct asm_ctx *A = P->A;
	size_t col = P->tok->col;
	struct val v = expr(P);
	if (A->pass != 2 || P->failed)
		return;
	if (A->has_entry) {
		error_at(P, col, "second .entry (the first is at %s:%lu)", A->entry_line.file->name,
			 (unsigned long)A->entry_line.lineno);
		return;
	}
	A->has_entry = true;
	A->entry = v.v;
	A->entry_known = v.known;
	A->entry_line = *P->ln;
	A->entry_col = col;
}

/* ---- Macros ------------------------------------------------------------------ */

/* Can t name a new macro?  Pass 2 says why not. */
static bool macro_name_ok(struct parser *P, const struct asm_tok *t)
{
	struct asm_ctx *A = P->A;
	const char *name = tok_text(P, t);
	struct mnem mn;
	const struct asm_macro *m = asm_macro_find(A, name, t->len);
	if (name[0] == '.')
		error_at(P, t->col, "a macro name cannot start with '.'");
	else if (find_mnemonic(P, t, &mn))
		error_at(P, t->col, "'%.*s' is an instruction; choose another name", (int)t->len, name);
	else if (asm_reg(name, t->len) >= 0)
		error_at(P, t->col, "'%.*s' is reserved; choose another name", (int)t->len, name);
	else if (m)
		error_at(P, t->col, "duplicate macro '%.*s' (first defined at %s:%lu)", (int)t->len, name,
			 asm_macro_line(m)->file->name, (unsigned long)asm_macro_line(m)->lineno);
	else
		return true;
	return false;
}

/* A parameter name: letters, digits and '_', what "\name" can refer to. */
static bool param_ok(struct parser *P, const struct asm_tok *t, const size_t *pcol,
		     const size_t *plen, int n)
{
	const char *name = tok_text(P, t);
	for (size_t i = 0; i < t->len; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_') {
			error_at(P, t->col, "a parameter name has only letters, digits and '_'");
			return false;
		}
	}
	for (int i = 0; i < n; i++) {
		if (plen[i] == t->len && memcmp(P->ln->text + pcol[i], name, t->len) == 0) {
			error_at(P, t->col, "duplicate parameter '%.*s'", (int)t->len, name);
			return false;
		}
	}
	if (n == ASM_MAX_MACRO_PARAMS) {
		error_at(P, t->col, "too many parameters (limit %d)", ASM_MAX_MACRO_PARAMS);
		return false;
	}
	return true;
}

/*
 * ".macro" name (param ("," param)*)?
 * The lines up to .endm are the body, whatever is wrong here: a macro
 * with an error in its .macro line is not defined, and its body is not
 * assembled as if it were code.
 */
static void dir_macro(struct parser *P)
{
	struct asm_ctx *A = P->A;
	const struct asm_tok *dir = P->tok - 1, *name = P->tok;
	size_t pcol[ASM_MAX_MACRO_PARAMS], plen[ASM_MAX_MACRO_PARAMS];
	int n = 0;
	bool ok = true;
	if (P->ln->x) {
		error_at(P, dir->col, "a macro cannot define a macro");
		P->failed = true;
		return;	/* its body has no .endm: the lines are the outer macro's */
	}
	if (name->kind != TK_IDENT) {
		syntax_error(P, "a macro name");
		name = dir;
		ok = false;
	} else {
		ok = macro_name_ok(P, name);
		P->tok++;
	}
	while (!P->failed && P->tok->kind != TK_EOL) {
		if (n > 0 && !expect(P, ',', "',' or end of line"))
			break;
		if (P->tok->kind != TK_IDENT) {
			syntax_error(P, "a parameter name");
			break;
		}
		if (!param_ok(P, P->tok, pcol, plen, n)) {
			P->failed = true;
			break;
		}
		pcol[n] = P->tok->col;
		plen[n++] = P->tok->len;
		P->tok++;
	}
	asm_macro_begin(A, P->ln, name->col, name->len, pcol, plen, n, ok && !P->failed);
}

/* ".endm" where no macro is being defined (else macro.c takes it). */
static void dir_endm(struct parser *P)
{
	error_at(P, P->tok[-1].col, "'.endm' without '.macro'");
	P->failed = true;
}

/* The parameters of m, for messages: "takes a, b" or "takes no arguments". */
static void macro_count_error(struct parser *P, const struct asm_macro *m, size_t col,
			      const char *what)
{
	size_t n, plen;
	const char *name = asm_macro_name(m, &n), *params;
	if (asm_macro_params(m, &params, &plen) == 0)
		error_at(P, col, "macro '%.*s' takes no arguments", (int)n, name);
	else
		error_at(P, col, "%s: macro '%.*s' takes %.*s", what, (int)n, name, (int)plen, params);
	P->failed = true;
}

/*
 * use = name (arg ("," arg)*)?
 * An argument is the text of any tokens but ','.  The expansion is left to
 * the driver, which runs it once this line is done.
 */
static void macro_use(struct parser *P, const struct asm_macro *m)
{
	struct asm_ctx *A = P->A;
	const struct asm_tok *name = P->tok++;
	const char *params;
	size_t plen;
	int np = asm_macro_params(m, &params, &plen), n = 0;
	if (P->tok->kind != TK_EOL) {
		do {
			const struct asm_tok *first = P->tok;
			while (P->tok->kind != TK_EOL && P->tok->kind != TK_ERROR && !is_punct(P, ','))
				P->tok++;
			if (P->tok->kind == TK_ERROR) {
				syntax_error(P, "");	/* with the lexer's message */
				return;
			}
			if (n == np) {
				macro_count_error(P, m, first->col, "too many arguments");
				return;
			}
			A->arg_col[n] = first->col;
			A->arg_len[n] = P->tok == first ? 0 : P->tok[-1].col + P->tok[-1].len - first->col;
			n++;
		} while (accept(P, ','));
	}
	if (n < np) {
		macro_count_error(P, m, P->tok->col, "missing argument");
		return;
	}
	A->use = m;
	A->use_col = name->col;
}

static const struct directive {
	const char *name;
	void (*run)(struct parser *P);
} directives[] = {
	{ ".text", dir_text }, { ".data", dir_data }, { ".section", dir_section },
	{ ".org", dir_org }, { ".align", dir_align },
	{ ".word", dir_word }, { ".half", dir_half }, { ".byte", dir_byte },
	{ ".ascii", dir_ascii }, { ".asciz", dir_asciz }, { ".space", dir_space },
	{ ".equ", dir_equ }, { ".include", dir_include },
	{ ".global", dir_global }, { ".globl", dir_global }, { ".entry", dir_entry },
	{ ".macro", dir_macro }, { ".endm", dir_endm },
};

const char *asm_directive_name(size_t i)
{
	return i < sizeof directives / sizeof directives[0] ? directives[i].name : NULL;
}

static void directive(struct parser *P)
{
	const struct asm_tok *t = P->tok;
	for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
		if (tok_is(P, t, directives[i].name)) {
			P->tok++;
			directives[i].run(P);
			if (!P->failed && P->tok->kind != TK_EOL)
				syntax_error(P, "end of line");
			return;
		}
	}
	struct asm_near near;
	char hint[ASM_NEAR_HINT];
	asm_near_init(&near, tok_text(P, t), t->len);
	for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
		asm_near_try(&near, directives[i].name, strlen(directives[i].name));
	error_at(P, t->col, "unknown directive '%.*s'%s", (int)t->len, tok_text(P, t),
		 asm_near_hint(&near, hint, sizeof hint));
	P->failed = true;
}

/* ---- Lines ---------------------------------------------------------------------- */

/* statement = directive | use | instruction */
static void statement(struct parser *P)
{
	const struct asm_tok *t = P->tok;
	const struct asm_macro *m = NULL;
	if (t->kind == TK_IDENT && tok_text(P, t)[0] == '.')
		directive(P);
	else if (t->kind == TK_IDENT && (m = asm_macro_find(P->A, tok_text(P, t), t->len)))
		macro_use(P, m);
	else if (t->kind == TK_IDENT)
		mnemonic(P);
	else
		syntax_error(P, "a label, an instruction or a directive");
}

/* Does t begin a statement: a known mnemonic, macro or directive? */
static bool starts_statement(const struct parser *P, const struct asm_tok *t)
{
	struct mnem m;
	if (find_mnemonic(P, t, &m) || asm_macro_find(P->A, tok_text(P, t), t->len))
		return true;
	for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
		if (tok_is(P, t, directives[i].name))
			return true;
	return false;
}

static void parse_line(struct asm_ctx *A, const struct asm_line *ln)
{
	if (ln->len > ASM_MAX_LINE) {
		/* Refused before lexing: tokens cost far more memory than bytes.
		 * The message shows only the line's beginning. */
		struct asm_line head = *ln;
		head.len = 72;
		asm_diag(A, DIAG_ERROR, NULL, &head, 0, "line too long (%zu bytes; at most %d)",
			 ln->len, ASM_MAX_LINE);
		return;
	}
	if (!asm_lex(ln, &A->toks)) {
		asm_oom(A);
		return;
	}
	struct parser P = { A, ln, A->toks.v, 0, false, A->toks.err, 0, 0 };
	while (P.tok->kind == TK_IDENT && P.tok[1].kind == TK_PUNCT && P.tok[1].punct == ':') {
		label(&P, P.tok);
		P.tok += 2;
	}
	const struct asm_tok *t = P.tok;
	if (t->kind == TK_EOL)
		return;
	A->stmt_col = t->col;
	P.dot_sec = A->cur;
	P.dot_off = A->sec[A->cur].size;
	if (t->kind == TK_IDENT && t[1].kind == TK_PUNCT && t[1].punct == '=') {
		P.tok += 2;
		equ(&P, t);
		if (!P.failed && P.tok->kind != TK_EOL)
			syntax_error(&P, "end of line");
	} else {
		statement(&P);
	}
}

/* Pass 2 remembers the last statement that left a section's end off a
 * multiple of 4: the cause of misaligned instructions after it. */
static void track_alignment(struct asm_ctx *A, const struct asm_line *ln, int sec,
			    uint32_t start)
{
	struct asm_section *s = &A->sec[sec];
	if (A->pass != 2 || !s->placed)
		return;
	if ((s->base + start) % 4 == 0 && (s->base + s->size) % 4 != 0) {
		s->odd_known = true;
		s->odd_line = *ln;
		s->odd_col = A->stmt_col;
	}
}

void asm_parse_line(struct asm_ctx *A, const struct asm_line *ln)
{
	int sec = A->cur;
	uint32_t start = A->sec[sec].size;
	parse_line(A, ln);
	track_alignment(A, ln, sec, start);
}
