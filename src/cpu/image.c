/*
 * image.c - the image file format (image.def): validation of every field
 * before anything trusts it, table access, and the one writer.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Does [off, off + count * size) lie inside a file of len bytes? */
static int fits(size_t len, uint32_t off, uint32_t count, uint32_t size)
{
	return (uint64_t)off + (uint64_t)count * size <= len;
}

/* The name at offset off of the string table at strs (size bytes), or
 * NULL if it is not a non-empty NUL-terminated string of at most
 * IMG_MAX_NAME printable ASCII characters inside the table (names reach
 * terminals in messages and listings). */
static const char *str_in(const struct img *im, uint32_t strs, uint32_t size, uint32_t off)
{
	if (off >= size)
		return NULL;
	const char *s = (const char *)im->bytes + strs + off;
	size_t room = size - off;
	const char *nul = memchr(s, 0, room);
	if (!nul || nul == s || (size_t)(nul - s) > IMG_MAX_NAME)
		return NULL;
	for (const char *c = s; c < nul; c++)
		if (*c < 0x20 || *c > 0x7E)
			return NULL;
	return s;
}

static const char *str_at(const struct img *im, uint32_t off)
{
	return str_in(im, im->strs, im->strsize, off);
}

static int parse_header(struct img *im, char *err, size_t errlen)
{
	const uint8_t *b = im->bytes;
	if (im->len < IMG_HDR_BYTES)
		return fail(err, errlen, "truncated: the header needs %d bytes, the file has %zu",
			    IMG_HDR_BYTES, im->len);
	if (rd32(b + IMG_HDR_MAGIC) != IMG_MAGIC)
		return fail(err, errlen, "bad magic: not an image (it should start with 'LDXI')");
	uint32_t version = rd32(b + IMG_HDR_VERSION);
	if (version != IMG_VERSION)
		return fail(err, errlen, "unsupported image version %u (this vm reads version %u)",
			    version, IMG_VERSION);
	im->ltab = rd32(b + IMG_HDR_LINES);
	im->entry = rd32(b + IMG_HDR_ENTRY);
	im->nsegs = rd32(b + IMG_HDR_NSEGS);
	im->nsyms = rd32(b + IMG_HDR_NSYMS);
	im->nfiles = rd32(b + IMG_HDR_NFILES);
	im->syms = rd32(b + IMG_HDR_SYMS);
	im->files = rd32(b + IMG_HDR_FILES);
	im->strs = rd32(b + IMG_HDR_STRS);
	im->strsize = rd32(b + IMG_HDR_STRSIZE);
	uint32_t segs = rd32(b + IMG_HDR_SEGS);
	if (im->nsegs == 0)
		return fail(err, errlen, "no segments: nothing to load");
	if (im->nsegs > IMG_MAX_SEGS)
		return fail(err, errlen, "%u segments (at most %d)", im->nsegs, IMG_MAX_SEGS);
	if (!fits(im->len, segs, im->nsegs, IMG_SEG_BYTES))
		return fail(err, errlen, "truncated: the segment table at offset %u runs past the end of the file (%zu bytes)",
			    segs, im->len);
	if (im->nsyms > IMG_MAX_SYMS)
		return fail(err, errlen, "%u symbols (at most %d)", im->nsyms, IMG_MAX_SYMS);
	if (!fits(im->len, im->syms, im->nsyms, IMG_SYM_BYTES))
		return fail(err, errlen, "truncated: the symbol table at offset %u runs past the end of the file (%zu bytes)",
			    im->syms, im->len);
	if (im->nfiles > IMG_MAX_FILES)
		return fail(err, errlen, "%u files (at most %d)", im->nfiles, IMG_MAX_FILES);
	if (!fits(im->len, im->files, im->nfiles, IMG_FILE_BYTES))
		return fail(err, errlen, "truncated: the file table at offset %u runs past the end of the file (%zu bytes)",
			    im->files, im->len);
	if (!fits(im->len, im->strs, im->strsize, 1))
		return fail(err, errlen, "truncated: the string table at offset %u runs past the end of the file (%zu bytes)",
			    im->strs, im->len);
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const uint8_t *e = b + segs + (size_t)i * IMG_SEG_BYTES;
		struct img_seg *s = &im->segs[i];
		s->addr = rd32(e + IMG_SEG_ADDR);
		s->offset = rd32(e + IMG_SEG_OFFSET);
		s->filesz = rd32(e + IMG_SEG_FILESZ);
		s->memsz = rd32(e + IMG_SEG_MEMSZ);
		s->flags = rd32(e + IMG_SEG_FLAGS);
		s->data = NULL;
	}
	return 0;
}

static int check_segments(struct img *im, char *err, size_t errlen)
{
	for (uint32_t i = 0; i < im->nsegs; i++) {
		struct img_seg *s = &im->segs[i];
		if (s->flags & ~(uint32_t)SEG_FLAGS)
			return fail(err, errlen, "segment %u has unknown flags 0x%x", i, s->flags);
		if (!fits(im->len, s->offset, s->filesz, 1))
			return fail(err, errlen, "truncated: segment %u's %u bytes at offset %u run past the end of the file (%zu bytes)",
				    i, s->filesz, s->offset, im->len);
		if (s->memsz < s->filesz)
			return fail(err, errlen, "segment %u is %u bytes in memory but %u in the file (memsz must be >= filesz)",
				    i, s->memsz, s->filesz);
		if ((uint64_t)s->addr + s->memsz > 0x100000000ull)
			return fail(err, errlen, "segment %u at 0x%08x (%u bytes) wraps past the top of the address space",
				    i, s->addr, s->memsz);
		s->data = im->bytes + s->offset;
		for (uint32_t j = 0; j < i; j++) {
			const struct img_seg *t = &im->segs[j];
			if (s->addr < (uint64_t)t->addr + t->memsz && t->addr < (uint64_t)s->addr + s->memsz)
				return fail(err, errlen, "segments %u and %u overlap (0x%08x and 0x%08x)",
					    j, i, t->addr, s->addr);
		}
	}
	if (im->entry & 3)
		return fail(err, errlen, "entry point 0x%08x is not a multiple of 4", im->entry);
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		if ((s->flags & SEG_EXEC) && im->entry >= s->addr &&
		    (uint64_t)im->entry + 4 <= (uint64_t)s->addr + s->memsz)
			return 0;
	}
	return fail(err, errlen, "entry point 0x%08x is outside every code segment", im->entry);
}

static int check_symbols(const struct img *im, char *err, size_t errlen)
{
	for (uint32_t i = 0; i < im->nsyms; i++) {
		const uint8_t *e = im->bytes + im->syms + (size_t)i * IMG_SYM_BYTES;
		if (!str_at(im, rd32(e + IMG_SYM_NAME)))
			return fail(err, errlen, "symbol %u has a bad name (offset %u in a string table of %u bytes)",
				    i, rd32(e + IMG_SYM_NAME), im->strsize);
		if (rd32(e + IMG_SYM_KIND) > SYM_CONST)
			return fail(err, errlen, "symbol '%s' has unknown kind %u",
				    str_at(im, rd32(e + IMG_SYM_NAME)), rd32(e + IMG_SYM_KIND));
	}
	return 0;
}

/* Where the parts that are not the line table end. */
static uint64_t end_of_rest(const struct img *im)
{
	uint64_t end = IMG_HDR_BYTES;
	uint64_t segs = rd32(im->bytes + IMG_HDR_SEGS);
	uint64_t ends[] = { segs + (uint64_t)im->nsegs * IMG_SEG_BYTES,
			    im->syms + (uint64_t)im->nsyms * IMG_SYM_BYTES,
			    im->files + (uint64_t)im->nfiles * IMG_FILE_BYTES,
			    (uint64_t)im->strs + im->strsize };
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		if (ends[i] > end)
			end = ends[i];
	for (uint32_t i = 0; i < im->nsegs; i++)
		if ((uint64_t)im->segs[i].offset + im->segs[i].filesz > end)
			end = (uint64_t)im->segs[i].offset + im->segs[i].filesz;
	for (uint32_t i = 0; i < im->nfiles; i++) {
		const uint8_t *e = im->bytes + im->files + (size_t)i * IMG_FILE_BYTES;
		uint64_t f = (uint64_t)rd32(e + IMG_FILE_OFFSET) + rd32(e + IMG_FILE_SIZE);
		if (f > end)
			end = f;
	}
	return end;
}

/* Lines in a text: a last line without its newline counts.  A plain
 * count of the newlines, which the compiler makes a vector loop: every
 * program of the default image carries the user library's text, and a
 * call of memchr per line made counting them most of vm run's start-up. */
static uint32_t count_lines(const char *t, uint32_t n)
{
	uint32_t newlines = 0;
	for (uint32_t i = 0; i < n; i++)
		newlines += t[i] == '\n';
	return newlines + (n && t[n - 1] != '\n');
}

/* Does [off, off + count * size) lie inside the file at or after start? */
static bool after(const struct img *im, uint32_t start, uint32_t off, uint32_t count, uint32_t size)
{
	return off >= start && fits(im->len, off, count, size);
}

static int check_lines(struct img *im, char *err, size_t errlen)
{
	if (!im->ltab)
		return 0;
	uint32_t t = im->ltab;
	if (end_of_rest(im) > t)
		return fail(err, errlen, "the line table at offset %u is not after the rest of the image (which ends at %llu)",
			    t, (unsigned long long)end_of_rest(im));
	if (!after(im, t, t, 1, IMG_LTAB_BYTES))
		return fail(err, errlen, "truncated: the line table at offset %u runs past the end of the file (%zu bytes)",
			    t, im->len);
	const uint8_t *h = im->bytes + t;
	im->nsrcs = rd32(h + IMG_LTAB_NSRCS);
	im->srcs = rd32(h + IMG_LTAB_SRCS);
	im->nlines = rd32(h + IMG_LTAB_NLINES);
	im->lines = rd32(h + IMG_LTAB_LINES);
	im->lstrs = rd32(h + IMG_LTAB_STRS);
	im->lstrsize = rd32(h + IMG_LTAB_STRSIZE);
	if (im->nsrcs == 0 || im->nsrcs > IMG_MAX_SRCS)
		return fail(err, errlen, "the line table has %u source files (1 to %d)", im->nsrcs,
			    IMG_MAX_SRCS);
	if (im->nlines > IMG_MAX_LINES)
		return fail(err, errlen, "the line table has %u lines (at most %d)", im->nlines,
			    IMG_MAX_LINES);
	if (!after(im, t, im->srcs, im->nsrcs, IMG_SRC_BYTES))
		return fail(err, errlen, "the line table's source table at offset %u is not inside it",
			    im->srcs);
	if (!after(im, t, im->lines, im->nlines, IMG_LINE_BYTES))
		return fail(err, errlen, "the line table's lines at offset %u are not inside it", im->lines);
	if (!after(im, t, im->lstrs, im->lstrsize, 1))
		return fail(err, errlen, "the line table's strings at offset %u are not inside it", im->lstrs);
	uint32_t *nlines = malloc((size_t)im->nsrcs * sizeof *nlines);
	if (!nlines)
		return fail(err, errlen, "out of memory");
	int r = 0;
	for (uint32_t i = 0; i < im->nsrcs && !r; i++) {
		const uint8_t *e = im->bytes + im->srcs + (size_t)i * IMG_SRC_BYTES;
		uint32_t text = rd32(e + IMG_SRC_TEXT), size = rd32(e + IMG_SRC_SIZE);
		if (!str_in(im, im->lstrs, im->lstrsize, rd32(e + IMG_SRC_NAME)))
			r = fail(err, errlen, "source %u of the line table has a bad name (offset %u in strings of %u bytes)",
				 i, rd32(e + IMG_SRC_NAME), im->lstrsize);
		else if (size && !after(im, t, text, size, 1))
			r = fail(err, errlen, "the text of source '%s' (%u bytes at offset %u) is not inside the line table",
				 str_in(im, im->lstrs, im->lstrsize, rd32(e + IMG_SRC_NAME)), size, text);
		else
			nlines[i] = size ? count_lines((const char *)im->bytes + text, size) : UINT32_MAX;
	}
	uint64_t next = 0;
	uint32_t seg = 0;
	for (uint32_t i = 0; i < im->nlines && !r; i++) {
		struct img_line l = img_line(im, i);
		uint64_t end = (uint64_t)l.addr + l.size;
		if (l.src >= im->nsrcs)
			r = fail(err, errlen, "line %u of the line table names source %u (there are %u)", i,
				 l.src, im->nsrcs);
		else if (l.line == 0 || l.line > nlines[l.src])
			r = fail(err, errlen, "line %u of the line table is line %u of '%s', which has %u",
				 i, l.line, img_source(im, l.src).name, nlines[l.src]);
		else if (l.size == 0 || l.addr < next)
			r = fail(err, errlen, "line %u of the line table (0x%08x, %u bytes) is empty or overlaps the one before",
				 i, l.addr, l.size);
		if (r)
			break;
		const struct img_seg *sg = &im->segs[seg];
		if (!(l.addr >= sg->addr && end <= (uint64_t)sg->addr + sg->memsz)) {
			for (seg = 0; seg < im->nsegs; seg++) {
				sg = &im->segs[seg];
				if (l.addr >= sg->addr && end <= (uint64_t)sg->addr + sg->memsz)
					break;
			}
			if (seg == im->nsegs) {
				seg = 0;
				r = fail(err, errlen, "line %u of the line table (0x%08x, %u bytes) is not inside one segment",
					 i, l.addr, l.size);
			}
		}
		next = end;
	}
	free(nlines);
	return r;
}

struct nest_budget {
	uint32_t files;		/* files the whole nest may still have */
	size_t bytes;		/* bytes of nested images still to validate */
};

static int parse_depth(struct img *im, const uint8_t *bytes, size_t len, int depth,
		       struct nest_budget *left, char *err, size_t errlen);

/* The budget bounds the files of the whole nest and the bytes of its nested
 * images (which, not overlapping, add up to less than the outer image), so
 * that tables whose entries all point at the same inner image cannot make
 * validation slow. */
static int check_files(const struct img *im, int depth, struct nest_budget *left,
		       char *err, size_t errlen)
{
	if (im->nfiles > left->files)
		return fail(err, errlen, "more than %d files in the image and the images inside it",
			    IMG_MAX_FILES);
	left->files -= im->nfiles;
	for (uint32_t i = 0; i < im->nfiles; i++) {
		const uint8_t *e = im->bytes + im->files + (size_t)i * IMG_FILE_BYTES;
		const char *name = str_at(im, rd32(e + IMG_FILE_NAME));
		if (!name)
			return fail(err, errlen, "file %u has a bad name (offset %u in a string table of %u bytes)",
				    i, rd32(e + IMG_FILE_NAME), im->strsize);
		uint32_t off = rd32(e + IMG_FILE_OFFSET), size = rd32(e + IMG_FILE_SIZE);
		uint32_t flags = rd32(e + IMG_FILE_FLAGS);
		if (!fits(im->len, off, size, 1))
			return fail(err, errlen, "truncated: file '%s' (%u bytes at offset %u) runs past the end of the image (%zu bytes)",
				    name, size, off, im->len);
		if (flags & ~(uint32_t)FILE_FLAGS)
			return fail(err, errlen, "file '%s' has unknown flags 0x%x", name, flags);
		for (uint32_t j = 0; j < i; j++) {
			const uint8_t *f = im->bytes + im->files + (size_t)j * IMG_FILE_BYTES;
			if (strcmp(name, str_at(im, rd32(f + IMG_FILE_NAME))) == 0)
				return fail(err, errlen, "two files are named '%s'", name);
		}
		if (flags & FILE_IMAGE) {
			if (size > left->bytes)
				return fail(err, errlen, "file '%s': nested images overlap (they add up to more than the image)",
					    name);
			left->bytes -= size;
			struct img *inner = malloc(sizeof *inner);
			char why[200];
			if (!inner)
				return fail(err, errlen, "out of memory");
			int r = parse_depth(inner, im->bytes + off, size, depth + 1, left,
					    why, sizeof why);
			free(inner);
			if (r)
				return fail(err, errlen, "file '%s': %s", name, why);
		}
	}
	return 0;
}

static int parse_depth(struct img *im, const uint8_t *bytes, size_t len, int depth,
		       struct nest_budget *left, char *err, size_t errlen)
{
	memset(im, 0, sizeof *im);
	im->bytes = bytes;
	im->len = len;
	if (depth > IMG_MAX_DEPTH)
		return fail(err, errlen, "images nested more than %d deep", IMG_MAX_DEPTH);
	if (parse_header(im, err, errlen) || check_segments(im, err, errlen) ||
	    check_symbols(im, err, errlen) || check_files(im, depth, left, err, errlen) ||
	    check_lines(im, err, errlen))
		return -1;
	return 0;
}

int img_parse(struct img *im, const uint8_t *bytes, size_t len, char *err, size_t errlen)
{
	struct nest_budget left = { IMG_MAX_FILES, len };
	return parse_depth(im, bytes, len, 0, &left, err, errlen);
}

struct img_sym img_symbol(const struct img *im, uint32_t i)
{
	const uint8_t *e = im->bytes + im->syms + (size_t)i * IMG_SYM_BYTES;
	return (struct img_sym){ str_at(im, rd32(e + IMG_SYM_NAME)), rd32(e + IMG_SYM_VALUE),
				 rd32(e + IMG_SYM_KIND) };
}

struct img_file img_file(const struct img *im, uint32_t i)
{
	const uint8_t *e = im->bytes + im->files + (size_t)i * IMG_FILE_BYTES;
	return (struct img_file){ str_at(im, rd32(e + IMG_FILE_NAME)),
				  im->bytes + rd32(e + IMG_FILE_OFFSET),
				  rd32(e + IMG_FILE_SIZE), rd32(e + IMG_FILE_FLAGS) };
}

struct img_source img_source(const struct img *im, uint32_t i)
{
	const uint8_t *e = im->bytes + im->srcs + (size_t)i * IMG_SRC_BYTES;
	uint32_t size = rd32(e + IMG_SRC_SIZE);
	return (struct img_source){ str_in(im, im->lstrs, im->lstrsize, rd32(e + IMG_SRC_NAME)),
				    size ? (const char *)im->bytes + rd32(e + IMG_SRC_TEXT) : NULL,
				    size };
}

struct img_line img_line(const struct img *im, uint32_t i)
{
	const uint8_t *e = im->bytes + im->lines + (size_t)i * IMG_LINE_BYTES;
	return (struct img_line){ rd32(e + IMG_LINE_ADDR), rd32(e + IMG_LINE_SIZE),
				  rd32(e + IMG_LINE_SRC), rd32(e + IMG_LINE_LINE) };
}

long img_line_at(const struct img *im, uint32_t addr)
{
	uint32_t lo = 0, hi = im->nlines;	/* the first line after addr is in [lo, hi] */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (img_line(im, mid).addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	struct img_line l = img_line(im, lo - 1);
	return addr - l.addr < l.size ? (long)lo - 1 : -1;
}

uint32_t img_guest_size(struct img_file f)
{
	if (!(f.flags & FILE_IMAGE) || f.size < IMG_HDR_BYTES)
		return f.size;
	uint32_t t = rd32(f.data + IMG_HDR_LINES);
	return t && t < f.size ? t : f.size;
}

void img_guest_fix(struct img_file f, uint8_t *copy)
{
	if (img_guest_size(f) != f.size)
		wr32(copy + IMG_HDR_LINES, 0);
}

struct img_sym img_symbol_near(const struct img *im, uint32_t addr, uint32_t *offset)
{
	struct img_sym best = { NULL, 0, 0 };
	for (uint32_t i = 0; i < im->nsyms; i++) {
		struct img_sym s = img_symbol(im, i);
		if (s.kind != SYM_CONST && s.value <= addr && (!best.name || s.value > best.value))
			best = s;
	}
	if (offset)
		*offset = best.name ? addr - best.value : 0;
	return best;
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

uint8_t *img_write(const struct img_desc *d, size_t *len)
{
	/* Layout: header, segment table, symbol table, file table, strings,
	 * then each segment's bytes and each file's bytes, 4-aligned. */
	size_t segs = IMG_HDR_BYTES;
	size_t syms = segs + (size_t)d->nsegs * IMG_SEG_BYTES;
	size_t files = syms + (size_t)d->nsyms * IMG_SYM_BYTES;
	size_t strs = files + (size_t)d->nfiles * IMG_FILE_BYTES;
	size_t strsize = 0;
	for (uint32_t i = 0; i < d->nsyms; i++)
		strsize += strlen(d->syms[i].name) + 1;
	for (uint32_t i = 0; i < d->nfiles; i++)
		strsize += strlen(d->files[i].name) + 1;
	size_t total = align4(strs + strsize);
	for (uint32_t i = 0; i < d->nsegs; i++)
		total = align4(total + d->segs[i].filesz);
	for (uint32_t i = 0; i < d->nfiles; i++)
		total = align4(total + d->files[i].size);
	/* The line table last: its header, sources, lines, strings, texts. */
	size_t ltab = 0, lsrcs = 0, llines = 0, lstrs = 0, lstrsize = 0;
	if (d->nsrcs) {
		ltab = total;
		lsrcs = ltab + IMG_LTAB_BYTES;
		llines = lsrcs + (size_t)d->nsrcs * IMG_SRC_BYTES;
		lstrs = llines + (size_t)d->nlines * IMG_LINE_BYTES;
		for (uint32_t i = 0; i < d->nsrcs; i++)
			lstrsize += strlen(d->srcs[i].name) + 1;
		total = align4(lstrs + lstrsize);
		for (uint32_t i = 0; i < d->nsrcs; i++)
			total = align4(total + d->srcs[i].size);
	}
	if (total > 0xFFFFFFFFu)
		return NULL;

	uint8_t *b = calloc(1, total ? total : 1);
	if (!b)
		return NULL;
	wr32(b + IMG_HDR_MAGIC, IMG_MAGIC);
	wr32(b + IMG_HDR_VERSION, IMG_VERSION);
	wr32(b + IMG_HDR_ENTRY, d->entry);
	wr32(b + IMG_HDR_NSEGS, d->nsegs);
	wr32(b + IMG_HDR_SEGS, (uint32_t)segs);
	wr32(b + IMG_HDR_NSYMS, d->nsyms);
	wr32(b + IMG_HDR_SYMS, (uint32_t)syms);
	wr32(b + IMG_HDR_NFILES, d->nfiles);
	wr32(b + IMG_HDR_FILES, (uint32_t)files);
	wr32(b + IMG_HDR_STRS, (uint32_t)strs);
	wr32(b + IMG_HDR_STRSIZE, (uint32_t)strsize);

	size_t str = 0, data = align4(strs + strsize);
	for (uint32_t i = 0; i < d->nsyms; i++) {
		uint8_t *e = b + syms + (size_t)i * IMG_SYM_BYTES;
		size_t n = strlen(d->syms[i].name) + 1;
		memcpy(b + strs + str, d->syms[i].name, n);
		wr32(e + IMG_SYM_NAME, (uint32_t)str);
		wr32(e + IMG_SYM_VALUE, d->syms[i].value);
		wr32(e + IMG_SYM_KIND, d->syms[i].kind);
		str += n;
	}
	for (uint32_t i = 0; i < d->nsegs; i++) {
		const struct img_seg *s = &d->segs[i];
		uint8_t *e = b + segs + (size_t)i * IMG_SEG_BYTES;
		wr32(e + IMG_SEG_ADDR, s->addr);
		wr32(e + IMG_SEG_OFFSET, (uint32_t)data);
		wr32(e + IMG_SEG_FILESZ, s->filesz);
		wr32(e + IMG_SEG_MEMSZ, s->memsz);
		wr32(e + IMG_SEG_FLAGS, s->flags);
		if (s->filesz)
			memcpy(b + data, s->data, s->filesz);
		data = align4(data + s->filesz);
	}
	for (uint32_t i = 0; i < d->nfiles; i++) {
		const struct img_file *f = &d->files[i];
		uint8_t *e = b + files + (size_t)i * IMG_FILE_BYTES;
		size_t n = strlen(f->name) + 1;
		memcpy(b + strs + str, f->name, n);
		wr32(e + IMG_FILE_NAME, (uint32_t)str);
		wr32(e + IMG_FILE_OFFSET, (uint32_t)data);
		wr32(e + IMG_FILE_SIZE, f->size);
		wr32(e + IMG_FILE_FLAGS, f->flags);
		if (f->size)
			memcpy(b + data, f->data, f->size);
		str += n;
		data = align4(data + f->size);
	}
	if (d->nsrcs) {
		wr32(b + IMG_HDR_LINES, (uint32_t)ltab);
		uint8_t *h = b + ltab;
		wr32(h + IMG_LTAB_NSRCS, d->nsrcs);
		wr32(h + IMG_LTAB_SRCS, (uint32_t)lsrcs);
		wr32(h + IMG_LTAB_NLINES, d->nlines);
		wr32(h + IMG_LTAB_LINES, (uint32_t)llines);
		wr32(h + IMG_LTAB_STRS, (uint32_t)lstrs);
		wr32(h + IMG_LTAB_STRSIZE, (uint32_t)lstrsize);
		for (uint32_t i = 0; i < d->nlines; i++) {
			uint8_t *e = b + llines + (size_t)i * IMG_LINE_BYTES;
			wr32(e + IMG_LINE_ADDR, d->lines[i].addr);
			wr32(e + IMG_LINE_SIZE, d->lines[i].size);
			wr32(e + IMG_LINE_SRC, d->lines[i].src);
			wr32(e + IMG_LINE_LINE, d->lines[i].line);
		}
		size_t lstr = 0;
		data = align4(lstrs + lstrsize);
		for (uint32_t i = 0; i < d->nsrcs; i++) {
			const struct img_source *src = &d->srcs[i];
			uint8_t *e = b + lsrcs + (size_t)i * IMG_SRC_BYTES;
			size_t n = strlen(src->name) + 1;
			memcpy(b + lstrs + lstr, src->name, n);
			wr32(e + IMG_SRC_NAME, (uint32_t)lstr);
			wr32(e + IMG_SRC_TEXT, src->size ? (uint32_t)data : 0);
			wr32(e + IMG_SRC_SIZE, src->size);
			if (src->size)
				memcpy(b + data, src->text, src->size);
			lstr += n;
			data = align4(data + src->size);
		}
	}
	*len = total;
	return b;
}

bool img_lines_of(const struct img *im, struct img_source **srcs, struct img_line **lines)
{
	*srcs = NULL;
	*lines = NULL;
	if (!im->nsrcs)
		return true;
	*srcs = malloc((size_t)im->nsrcs * sizeof **srcs);
	*lines = malloc((im->nlines ? im->nlines : 1) * sizeof **lines);
	if (!*srcs || !*lines) {
		free(*srcs);
		free(*lines);
		*srcs = NULL;
		*lines = NULL;
		return false;
	}
	for (uint32_t i = 0; i < im->nsrcs; i++)
		(*srcs)[i] = img_source(im, i);
	for (uint32_t i = 0; i < im->nlines; i++)
		(*lines)[i] = img_line(im, i);
	return true;
}

uint8_t *img_strip(const struct img *im, size_t *len)
{
	uint8_t *out = NULL;
	struct img_sym *syms = malloc((im->nsyms ? im->nsyms : 1) * sizeof *syms);
	struct img_file *files = calloc(im->nfiles ? im->nfiles : 1, sizeof *files);
	uint8_t **inner = calloc(im->nfiles ? im->nfiles : 1, sizeof *inner);
	struct img *scratch = malloc(sizeof *scratch);
	if (!syms || !files || !inner || !scratch)
		goto done;
	for (uint32_t i = 0; i < im->nsyms; i++)
		syms[i] = img_symbol(im, i);
	for (uint32_t i = 0; i < im->nfiles; i++) {
		files[i] = img_file(im, i);
		if (!(files[i].flags & FILE_IMAGE))
			continue;
		char err[8];
		size_t n;
		/* validated already, as part of im */
		if (img_parse(scratch, files[i].data, files[i].size, err, sizeof err) ||
		    !(inner[i] = img_strip(scratch, &n)))
			goto done;
		files[i].data = inner[i];
		files[i].size = (uint32_t)n;
	}
	struct img_desc d = { im->entry, im->nsegs, im->nsyms, im->nfiles, im->segs, syms, files,
			      0, 0, NULL, NULL };
	out = img_write(&d, len);
done:
	for (uint32_t i = 0; inner && i < im->nfiles; i++)
		free(inner[i]);
	free(inner);
	free(files);
	free(syms);
	free(scratch);
	return out;
}
