/*
 * image.h - reading and writing image files (the format is image.def).
 * img_parse validates every field before anything trusts it; img_write is
 * the one place that lays an image out, used by the assembler.
 */
#ifndef IMAGE_H
#define IMAGE_H

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

/* A validated image.  It points into the caller's bytes: keep them alive. */
struct img {
	const uint8_t *bytes;
	size_t len;
	uint32_t entry;
	uint32_t nsegs, nsyms, nfiles;
	struct img_seg segs[IMG_MAX_SEGS];
	uint32_t syms, files, strs, strsize;	/* file offsets */
};

/*
 * Validate bytes as an image: size, magic, version, every table and string
 * inside the file, segments not overlapping and memsz >= filesz, the entry
 * 4-aligned inside an executable segment, file names unique, and each file
 * flagged FILE_IMAGE a valid image itself.  Returns 0, or -1 with one line
 * in err (for example "truncated: header needs 48 bytes, file has 10").
 */
int img_parse(struct img *im, const uint8_t *bytes, size_t len, char *err, size_t errlen);

/* Entry i of a parsed image's tables (i < nsyms / nfiles). */
struct img_sym img_symbol(const struct img *im, uint32_t i);
struct img_file img_file(const struct img *im, uint32_t i);

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
};

/* Lay out an image in a new malloc'd buffer.  Returns NULL on out of memory. */
uint8_t *img_write(const struct img_desc *d, size_t *len);

#endif
