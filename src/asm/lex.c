/*
 * lex.c - splits one source line into tokens: identifiers, numbers and
 * character literals, strings, punctuation.  A comment (# or ;) ends the
 * line.  The parser never sees a malformed token: the lexer leaves a
 * TK_ERROR in its place, and its message, for the parser to report.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

struct lexer {
	const struct asm_line *ln;
	struct asm_toks *out;
	size_t i;		/* next byte of the line */
	size_t arena_used;
	size_t err_col;		/* where the error is */
};

bool asm_ident_start(int c) { return isalpha(c) || c == '_' || c == '.'; }
bool asm_ident_char(int c) { return isalnum(c) || c == '_' || c == '.' || c == '$'; }

static int peek(const struct lexer *L, size_t k)
{
	return L->i + k < L->ln->len ? (unsigned char)L->ln->text[L->i + k] : -1;
}

/* A byte as a message shows it: 'c' if printable, else its code. */
static const char *show_byte(int c, char buf[8])
{
	if (c >= 0x20 && c < 0x7F)
		snprintf(buf, 8, "'%c'", c);
	else
		snprintf(buf, 8, "0x%02x", (unsigned)c & 0xFF);
	return buf;
}

/* Keep the line's one lexical error for the parser to report (at its turn,
 * so that a line's errors come out in column order). */
static void lex_error(struct lexer *L, size_t col, const char *fmt, ...) ASM_PRINTF(3, 4);
static void lex_error(struct lexer *L, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(L->out->err, sizeof L->out->err, fmt, ap);
	va_end(ap);
	L->err_col = col;
}

static struct asm_tok *push(struct lexer *L, int kind, size_t col)
{
	struct asm_toks *t = L->out;
	if (!asm_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
		return NULL;
	struct asm_tok *k = &t->v[t->n++];
	memset(k, 0, sizeof *k);
	k->kind = (uint8_t)kind;
	k->col = col;
	k->len = L->i - col;
	return k;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * number = [0-9][0-9]* | 0x hex+ | 0b bin+ | 0o oct+, at most 32 bits.
 * A letter or digit that does not belong to the number is an error, so
 * "12ab" and "0x1g" are not read as two tokens.
 */
static bool number(struct lexer *L, uint32_t *out)
{
	size_t start = L->i;
	unsigned radix = 10;
	const char *what = "decimal";
	if (peek(L, 0) == '0' && peek(L, 1) > 0 && strchr("xXbBoO", peek(L, 1))) {
		int p = tolower(peek(L, 1));
		radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
		what = p == 'x' ? "hex" : p == 'b' ? "binary" : "octal";
		L->i += 2;
	}
	uint64_t v = 0;
	size_t digits = 0;
	bool big = false;
	while (peek(L, 0) >= 0 && asm_ident_char(peek(L, 0))) {
		int c = peek(L, 0);
		int d = hex_value(c);
		if (d < 0 || (unsigned)d >= radix) {
			char b[8];
			lex_error(L, L->i, "invalid %s digit %s in number",
				 what, show_byte(c, b));
			return false;
		}
		v = v * radix + (unsigned)d;
		if (v > 0xFFFFFFFFu)
			big = true, v = 0;
		digits++;
		L->i++;
	}
	if (digits == 0) {
		lex_error(L, L->i, "expected %s digits", what);
		return false;
	}
	if (big) {
		lex_error(L, start, "number does not fit in 32 bits");
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* escape = \n \t \r \0 \\ \' \" \xHH; L->i is at the backslash. */
static bool escape(struct lexer *L, unsigned char *out)
{
	size_t at = L->i;
	int c = peek(L, 1);
	L->i += 2;
	switch (c) {
	case 'n': *out = '\n'; return true;
	case 't': *out = '\t'; return true;
	case 'r': *out = '\r'; return true;
	case '0': *out = '\0'; return true;
	case '\\': *out = '\\'; return true;
	case '\'': *out = '\''; return true;
	case '"': *out = '"'; return true;
	case 'x': {
		int h = hex_value(peek(L, 0)), l = hex_value(peek(L, 1));
		if (h < 0 || l < 0) {
			lex_error(L, at, "expected two hex digits after '\\x'");
			return false;
		}
		*out = (unsigned char)(h << 4 | l);
		L->i += 2;
		return true;
	}
	case -1:
		L->i--;
		lex_error(L, at, "unterminated escape sequence");
		return false;
	default:
		if (c > 0x20 && c < 0x7F)
			lex_error(L, at, "unknown escape sequence '\\%c'", c);
		else
			lex_error(L, at,
				 "unknown escape sequence: '\\' followed by 0x%02x", (unsigned)c);
		return false;
	}
}

/* One byte of a character or string literal, escaped or not. */
static bool literal_byte(struct lexer *L, unsigned char *c)
{
	if (peek(L, 0) == '\\')
		return escape(L, c);
	*c = (unsigned char)peek(L, 0);
	L->i++;
	return true;
}

/* char = "'" (byte | escape) "'" */
static bool char_literal(struct lexer *L, uint32_t *out)
{
	size_t start = L->i++;
	unsigned char c;
	int p = peek(L, 0);
	if (p < 0) {
		lex_error(L, start, "unterminated character literal");
		return false;
	}
	if (p == '\'') {
		lex_error(L, start, "empty character literal");
		return false;
	}
	if (!literal_byte(L, &c))
		return false;
	if (peek(L, 0) != '\'') {
		lex_error(L, start, peek(L, 0) < 0
			 ? "unterminated character literal"
			 : "character literal holds more than one character");
		return false;
	}
	L->i++;
	*out = c;
	return true;
}

/* string = '"' (byte | escape)* '"', decoded into the arena. */
static bool string(struct lexer *L, const char **str, size_t *slen)
{
	size_t start = L->i++;
	char *dst = L->out->arena + L->arena_used;
	size_t n = 0;
	for (;;) {
		int p = peek(L, 0);
		if (p < 0) {
			lex_error(L, start, "unterminated string");
			return false;
		}
		if (p == '"')
			break;
		unsigned char c;
		if (!literal_byte(L, &c))
			return false;
		dst[n++] = (char)c;
	}
	L->i++;
	*str = dst;
	*slen = n;
	L->arena_used += n;
	return true;
}

bool asm_lex(const struct asm_line *ln, struct asm_toks *out)
{
	struct lexer L = { ln, out, 0, 0, 0 };
	out->n = 0;
	/* decoded strings are never longer than the line */
	if (!asm_grow((void **)&out->arena, &out->arena_cap, ln->len + 1, 1))
		return false;
	for (;;) {
		int c = peek(&L, 0);
		if (c < 0 || c == '#' || c == ';')
			break;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			L.i++;
			continue;
		}
		size_t start = L.i;
		int kind = TK_PUNCT, punct = 0;
		uint32_t num = 0;
		const char *str = NULL;
		size_t slen = 0;
		bool ok = true;
		if (isdigit(c)) {
			kind = TK_NUM;
			ok = number(&L, &num);
		} else if (asm_ident_start(c)) {
			kind = TK_IDENT;
			while (peek(&L, 0) >= 0 && asm_ident_char(peek(&L, 0)))
				L.i++;
			if (L.i - start > IMG_MAX_NAME) {
				lex_error(&L, start, "name longer than %d characters",
					 IMG_MAX_NAME);
				ok = false;
			}
		} else if (c == '\'') {
			kind = TK_NUM;
			ok = char_literal(&L, &num);
		} else if (c == '"') {
			kind = TK_STR;
			ok = string(&L, &str, &slen);
		} else if ((c == '<' || c == '>') && peek(&L, 1) == c) {
			punct = c == '<' ? PUNCT_SHL : PUNCT_SHR;
			L.i += 2;
		} else if (c != 0 && strchr("+-*/%&|^~!()=:,", c)) {
			punct = c;
			L.i++;
		} else {
			char b[8];
			lex_error(&L, start, "unexpected character %s",
				 show_byte(c, b));
			ok = false;
		}
		struct asm_tok *t = push(&L, ok ? kind : TK_ERROR, ok ? start : L.err_col);
		if (!t)
			return false;
		if (!ok)
			break;
		t->punct = punct;
		t->num = num;
		t->str = str;
		t->slen = slen;
	}
	/* "missing operand" and the like point just after the last token */
	size_t end = out->n ? out->v[out->n - 1].col + out->v[out->n - 1].len : 0;
	L.i = end;
	return push(&L, TK_EOL, end) != NULL;
}

void asm_toks_free(struct asm_toks *t)
{
	free(t->v);
	free(t->arena);
	t->v = NULL;
	t->arena = NULL;
	t->n = t->cap = t->arena_cap = 0;
}
