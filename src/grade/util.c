/*
 * util.c - vm grade's small tools: memory that is there or ends the grader,
 * text that grows (struct sbuf) and the table that makes names into numbers
 * (gr_intern).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade_int.h"

/* ---- Memory ------------------------------------------------------------------ */

/* Out of memory ends the grader with vm's status for it (70): a spec, a
 * verdict or a message half made has nothing sensible to say. */
void *gr_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("vm: grade: out of memory\n", stderr);
		exit(70);
	}
	return q;
}

char *gr_strndup(const char *s, size_t n)
{
	char *d = gr_realloc(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *gr_slurp(const char *path, size_t *len)
{
	struct sbuf b = { 0 };
	char buf[65536];
	size_t got;
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		sb_putn(&b, buf, got);
	fclose(f);
	*len = b.len;
	return sb_take(&b);
}

/* ---- Growing text ------------------------------------------------------------ */

/* Room for n more bytes and a NUL. */
static void sb_room(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->s = gr_realloc(b->s, cap);
	b->cap = cap;
}

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	sb_room(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_room(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_quote(struct sbuf *b, const char *s, size_t n)
{
	sb_putn(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sb_printf(b, "\\%c", c);
		else if (c == '\n')
			sb_puts(b, "\\n");
		else if (c == '\t')
			sb_puts(b, "\\t");
		else if (c < 0x20 || c >= 0x7F)
			sb_printf(b, "\\x%02x", c);
		else
			sb_putn(b, (const char *)&s[i], 1);
	}
	sb_putn(b, "\"", 1);
}

char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : gr_strndup("", 0);
	*b = (struct sbuf){ 0 };
	return s;
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	*b = (struct sbuf){ 0 };
}

/* ---- Names as numbers ------------------------------------------------------------ */

/* An open-addressing table of the names seen; a record's names are looked up
 * for every line of a run, so this is a hash, not a list. */
static struct {
	char **names;		/* by id - 1 */
	int32_t *slots;		/* id, 0 = empty */
	size_t count, nslots;
} names;

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void grow(void)
{
	size_t nslots = names.nslots ? names.nslots * 2 : 256;
	int32_t *slots = gr_realloc(NULL, nslots * sizeof *slots);
	memset(slots, 0, nslots * sizeof *slots);
	names.names = gr_realloc(names.names, nslots / 2 * sizeof *names.names);
	for (size_t id = 1; id <= names.count; id++) {
		const char *s = names.names[id - 1];
		size_t k = hash(s, strlen(s)) & (nslots - 1);
		while (slots[k])
			k = (k + 1) & (nslots - 1);
		slots[k] = (int32_t)id;
	}
	free(names.slots);
	names.slots = slots;
	names.nslots = nslots;
}

int32_t gr_intern_n(const char *s, size_t n)
{
	if (names.count + 1 > names.nslots / 2)
		grow();
	size_t k = hash(s, n) & (names.nslots - 1);
	for (; names.slots[k]; k = (k + 1) & (names.nslots - 1)) {
		const char *t = names.names[names.slots[k] - 1];
		if (strncmp(t, s, n) == 0 && t[n] == '\0')
			return names.slots[k];
	}
	names.names[names.count++] = gr_strndup(s, n);
	names.slots[k] = (int32_t)names.count;
	return (int32_t)names.count;
}

int32_t gr_intern(const char *s)
{
	return gr_intern_n(s, strlen(s));
}

const char *gr_name(int32_t id)
{
	return id >= 1 && (size_t)id <= names.count ? names.names[id - 1] : "";
}
