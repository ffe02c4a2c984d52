/*
 * image.h - reading and writing image files (the format is image.def).
 * img_parse validates every field before anything trusts it; img_write is
 * the one place that lays an image out, used by the assembler.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa.h"

struct img_seg {
	uint32_t addr, offset, filesz, memsz, flags;
	const uint8_t *data;	/* bytes in the image (filesz of them) */
};

struct img_sym {
	const char *name;
	uint32_t value, kind;	/* SYM_* */
};

struct img_file {
	const char *name;
	const uint8_t *data;
	uint32_t size, flags;	/* FILE_* */
};

/* The line table (optional): the source files, and for each line that made
 * bytes, where they are. */
struct img_source {
	const char *name;	/* the path, as the assembler stored it */
	const char *text;	/* size bytes, not NUL-terminated; NULL if not carried */
	uint32_t size;
};

struct img_line {
	uint32_t addr, size;	/* the bytes it made */
	uint32_t src, line;	/* source index, line number from 1 */
};

/* A validated image.  It points into the caller's bytes: keep them alive. */
struct img {
	const uint8_t *bytes;
	size_t len;
	uint32_t entry;
	uint32_t nsegs, nsyms, nfiles;
	struct img_seg segs[IMG_MAX_SEGS];
	uint32_t syms, files, strs, strsize;	/* file offsets */
	uint32_t ltab;				/* 0: no line table */
	uint32_t nsrcs, nlines;
	uint32_t srcs, lines, lstrs, lstrsize;	/* file offsets */
};

/*
 * Validate bytes as an image: size, magic, version, every table and string
 * inside the file, segments not overlapping and memsz >= filesz, the entry
 * 4-aligned inside an executable segment, file names unique, and each file
 * flagged FILE_IMAGE a valid image itself, and the line table if there is
 * one (after everything else; each source's name a string of its own
 * table and its text inside the file; each line inside one segment, in
 * order of address, not overlapping the one before, its source known and
 * its number inside the source's text).  Returns 0, or -1 with one line
 * in err (for example "truncated: header needs 48 bytes, file has 10").
 */
int img_parse(struct img *im, const uint8_t *bytes, size_t len, char *err, size_t errlen);

/* Entry i of a parsed image's tables (i < nsyms / nfiles). */
struct img_sym img_symbol(const struct img *im, uint32_t i);
struct img_file img_file(const struct img *im, uint32_t i);

/* Entry i of the line table (i < nsrcs / nlines). */
struct img_source img_source(const struct img *im, uint32_t i);
struct img_line img_line(const struct img *im, uint32_t i);
/* The line that made the byte at addr: its index, or -1. */
long img_line_at(const struct img *im, uint32_t addr);

/* What a file of an image looks like to the guest (the kernel's file
 * table in RAM): an image without its line table, which the guest never
 * needs.  The first img_guest_size(f) bytes of f, and img_guest_fix()
 * on the copy sets its header's LINES to 0. */
uint32_t img_guest_size(struct img_file f);
void img_guest_fix(struct img_file f, uint8_t *copy);

/* The symbol with the greatest address <= addr among SYM_CODE/SYM_DATA, or
 * NULL name.  *offset gets addr - value. */
struct img_sym img_symbol_near(const struct img *im, uint32_t addr, uint32_t *offset);

/* What img_write lays out. */
struct img_desc {
	uint32_t entry;
	uint32_t nsegs, nsyms, nfiles;
	const struct img_seg *segs;	/* addr, filesz, memsz, flags, data */
	const struct img_sym *syms;
	const struct img_file *files;
	uint32_t nsrcs, nlines;		/* nsrcs 0: no line table */
	const struct img_source *srcs;
	const struct img_line *lines;	/* by address */
};

/* Lay out an image in a new malloc'd buffer.  Returns NULL on out of memory. */
uint8_t *img_write(const struct img_desc *d, size_t *len);

/* The line table of a parsed image as img_write takes it: two malloc'd
 * arrays (NULL when there is none) to free.  False on out of memory. */
bool img_lines_of(const struct img *im, struct img_source **srcs, struct img_line **lines);

/* A parsed image written again without its line table, and the images of
 * its file table without theirs: what vm asm --no-lines would have made.
 * A new malloc'd buffer, or NULL on out of memory. */
uint8_t *img_strip(const struct img *im, size_t *len);

#endif
