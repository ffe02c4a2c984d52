/*
 * lines.c - source lines: the line tables of the kernel image and of the
 * programs in its file table (image.def), an address to its line, a line
 * to its addresses, the texts split into lines, and breakpoints on
 * FILE:LINE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"

/* A source's text as NUL-terminated lines, made when first asked for. */
struct src_text {
	const struct img *im;
	uint32_t src;
	char *buf;
	char **line;	/* line[0] is line 1 */
	unsigned n;
};

void lines_free(struct dbg *s)
{
	for (unsigned i = 0; i < s->ntexts; i++) {
		free(s->texts[i].buf);
		free(s->texts[i].line);
	}
	free(s->texts);
	s->texts = NULL;
	s->ntexts = s->cap_texts = 0;
}

/* The lines of source src of im (NULL if the text is not carried, or out of
 * memory). */
static const struct src_text *text_of(struct dbg *s, const struct img *im, uint32_t src)
{
	for (unsigned i = 0; i < s->ntexts; i++)
		if (s->texts[i].im == im && s->texts[i].src == src)
			return &s->texts[i];
	struct img_source f = img_source(im, src);
	if (!f.text)
		return NULL;
	if (s->ntexts == s->cap_texts) {
		unsigned cap = s->cap_texts ? 2 * s->cap_texts : 8;
		struct src_text *t = realloc(s->texts, cap * sizeof *t);
		if (!t)
			return NULL;
		s->texts = t;
		s->cap_texts = cap;
	}
	struct src_text t = { im, src, malloc((size_t)f.size + 1), NULL, 0 };
	unsigned n = 0;
	for (uint32_t i = 0; i < f.size; i++)
		n += f.text[i] == '\n';
	t.line = malloc(((size_t)n + 1) * sizeof *t.line);
	if (!t.buf || !t.line) {
		free(t.buf);
		free(t.line);
		return NULL;
	}
	memcpy(t.buf, f.text, f.size);
	t.buf[f.size] = '\0';
	for (char *p = t.buf, *end = t.buf + f.size; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *stop = nl ? nl : end;
		*stop = '\0';
		if (stop > p && stop[-1] == '\r')
			stop[-1] = '\0';
		t.line[t.n++] = p;
		p = stop + 1;
	}
	s->texts[s->ntexts] = t;
	return &s->texts[s->ntexts++];
}

static bool fill(struct dbg *s, const struct img *im, uint32_t src, unsigned line,
		 struct dbg_source *out)
{
	const struct src_text *t = text_of(s, im, src);
	*out = (struct dbg_source){ img_source(im, src).name, line,
				    t && line >= 1 && line <= t->n ? t->line[line - 1] : NULL };
	return true;
}

bool dbg_source_in(struct dbg *s, const char *prog, uint32_t addr, struct dbg_source *out)
{
	const struct img *im = prog ? dbg_program(s, prog) : &s->kimg;
	long i = im ? img_line_at(im, addr) : -1;
	if (i < 0)
		return false;
	struct img_line l = img_line(im, (uint32_t)i);
	return fill(s, im, l.src, l.line, out);
}

bool dbg_source_at_mode(struct dbg *s, uint32_t pc, bool user, struct dbg_source *out)
{
	if (!user)
		return dbg_source_in(s, NULL, pc, out);
	const char *name = dbg_process_program(s, cpu_pid(s->m));
	return *name && dbg_source_in(s, name, pc, out);
}

bool dbg_source_at(struct dbg *s, uint32_t pc, struct dbg_source *out)
{
	return dbg_source_at_mode(s, pc, cpu_user_mode(s->m), out);
}

/* ---- A file by name ---------------------------------------------------------------- */

/* Does the stored path name the file asked for: the same, or one a suffix
 * of the other from a '/'? */
static bool same_file(const char *stored, const char *asked)
{
	size_t a = strlen(asked), b = strlen(stored);
	if (a == b)
		return strcmp(asked, stored) == 0;
	if (a < b)
		return stored[b - a - 1] == '/' && strcmp(stored + b - a, asked) == 0;
	return asked[a - b - 1] == '/' && strcmp(asked + a - b, stored) == 0;
}

static long find_src(const struct img *im, const char *file)
{
	for (uint32_t i = 0; i < im->nsrcs; i++)
		if (same_file(img_source(im, i).name, file))
			return i;
	return -1;
}

/* Where a file is: its image, source, program (NULL: the kernel).  With
 * unique, a file several programs carry is an error. */
struct where {
	const struct img *im;
	uint32_t src;
	const char *prog;
};

static bool find_file(struct dbg *s, const char *spec, bool unique, struct where *w)
{
	const char *colon = strchr(spec, ':');
	if (colon && colon > spec) {
		size_t len = (size_t)(colon - spec);
		for (uint32_t i = 0; i < s->kimg.nfiles; i++) {
			struct img_file f = img_file(&s->kimg, i);
			if (strncmp(f.name, spec, len) != 0 || f.name[len])
				continue;
			const char *prog = f.name;
			const struct img *im = dbg_program(s, f.name);
			long k = im ? find_src(im, colon + 1) : -1;
			if (!im)
				return dbg_fail(s, "%s has no symbols or lines: not a program", prog), false;
			if (k < 0)
				return dbg_fail(s, "no source file '%s' in %s", colon + 1, prog), false;
			for (unsigned p = 0; p < s->nprog; p++)
				if (&s->prog[p].im == im)
					*w = (struct where){ im, (uint32_t)k, s->prog[p].name };
			return true;
		}
	}
	long k = find_src(&s->kimg, spec);
	if (k >= 0) {
		*w = (struct where){ &s->kimg, (uint32_t)k, NULL };
		return true;
	}
	unsigned found = 0;
	char names[160] = "";
	const char *running = dbg_process_program(s, cpu_pid(s->m));
	for (uint32_t i = 0; i < s->kimg.nfiles; i++) {
		struct img_file f = img_file(&s->kimg, i);
		const struct img *im = (f.flags & FILE_IMAGE) ? dbg_program(s, f.name) : NULL;
		if (!im || (k = find_src(im, spec)) < 0)
			continue;
		const char *name = NULL;
		for (unsigned p = 0; p < s->nprog; p++)
			if (&s->prog[p].im == im)
				name = s->prog[p].name;
		/* the first, or the running program's */
		if (!found++ || (name && strcmp(name, running) == 0))
			*w = (struct where){ im, (uint32_t)k, name };
		if (found <= 3) {
			size_t n = strlen(names);
			snprintf(names + n, sizeof names - n, "%s%s", found > 1 ? ", " : "", name);
		}
	}
	if (!found)
		return dbg_fail(s, s->kimg.nsrcs ? "no source file '%s' in the image or its programs"
						 : "no source file '%s': the image has no line table (vm asm --no-lines?)",
				spec), false;
	if (found > 1 && unique)
		return dbg_fail(s, "'%s' is in %u programs (%s%s): say which, as %s:%s", spec, found,
				names, found > 3 ? ", ..." : "", w->prog, spec), false;
	return true;
}

bool dbg_source_program(struct dbg *s, const char *file, const char **prog)
{
	struct where w;
	if (!find_file(s, file, false, &w))
		return false;
	*prog = w.prog;
	return true;
}

static bool in_code(const struct img *im, uint32_t addr)
{
	for (uint32_t i = 0; i < im->nsegs; i++)
		if ((im->segs[i].flags & SEG_EXEC) && addr - im->segs[i].addr < im->segs[i].memsz &&
		    addr >= im->segs[i].addr)
			return true;
	return false;
}

static unsigned addrs_in(struct dbg *s, const struct where *w, const char *file, unsigned line,
			 uint32_t *addrs, unsigned max)
{
	unsigned n = 0, next = 0;
	for (uint32_t i = 0; i < w->im->nlines; i++) {
		struct img_line l = img_line(w->im, i);
		if (l.src != w->src || !in_code(w->im, l.addr))
			continue;
		if (l.line == line) {
			if (n < max)
				addrs[n] = l.addr;
			n++;
		} else if (l.line > line && (!next || l.line < next)) {
			next = l.line;
		}
	}
	if (n)
		return n;
	const struct src_text *t = text_of(s, w->im, w->src);
	if (t && line > t->n)
		dbg_fail(s, "%s has %u lines", file, t->n);
	else if (next)
		dbg_fail(s, "no code at %s:%u; the next line with code is %u", file, line, next);
	else
		dbg_fail(s, "no code at %s:%u", file, line);
	return 0;
}

unsigned dbg_lines_to_addrs(struct dbg *s, const char *file, unsigned line, uint32_t *addrs,
			    unsigned max)
{
	struct where w;
	if (!find_file(s, file, true, &w))
		return 0;
	return addrs_in(s, &w, file, line, addrs, max);
}

unsigned dbg_line_with_code(struct dbg *s, const char *file, unsigned line)
{
	if (line == 0)
		return dbg_fail(s, "lines count from 1"), 0;
	struct where w;
	if (!find_file(s, file, true, &w))
		return 0;
	unsigned best = 0;
	for (uint32_t i = 0; i < w.im->nlines; i++) {
		struct img_line l = img_line(w.im, i);
		if (l.src == w.src && in_code(w.im, l.addr) && l.line >= line && (!best || l.line < best))
			best = l.line;
	}
	if (best)
		return best;
	const struct src_text *t = text_of(s, w.im, w.src);
	if (t && line > t->n)
		dbg_fail(s, "%s has %u lines", file, t->n);
	else
		dbg_fail(s, "no code at %s:%u or after it", file, line);
	return 0;
}

bool dbg_source_line(struct dbg *s, const char *file, unsigned line, struct dbg_source *out,
		     unsigned *nlines)
{
	struct where w;
	if (!find_file(s, file, false, &w))
		return false;
	const struct src_text *t = text_of(s, w.im, w.src);
	if (nlines)
		*nlines = t ? t->n : 0;
	if (t && (line < 1 || line > t->n))
		return dbg_fail(s, "line %u is outside %s (%u lines)", line, file, t->n), false;
	return fill(s, w.im, w.src, line, out);
}

int lines_location(struct dbg *s, const char *location, struct dbg_value *v)
{
	const char *colon = strrchr(location, ':');
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return 0;
	char file[4096];	/* a path as long as the system's (an editor's, in a deep folder) */
	if ((size_t)(colon - location) >= sizeof file)
		return dbg_fail(s, "a file name of more than %zu characters", sizeof file - 1), -1;
	snprintf(file, sizeof file, "%.*s", (int)(colon - location), location);
	const char *base = strrchr(file, ':') ? strrchr(file, ':') + 1 : file;
	if (!strchr(base, '.') && !strchr(base, '/'))
		return 0;	/* PROG:LABEL... is not a file */
	unsigned long line = strtoul(colon + 1, NULL, 10);
	struct where w;
	uint32_t addr;
	if (!find_file(s, file, true, &w) || line > 0xFFFFFFu ||
	    !addrs_in(s, &w, file, (unsigned)line, &addr, 1))
		return -1;
	*v = (struct dbg_value){ .v = addr, .space = w.prog ? DBG_VIRT : DBG_PHYS, .prog = w.prog };
	return 1;
}
