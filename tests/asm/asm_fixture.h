/*
 * asm_fixture.h - helpers the assembler tests share: assemble a source
 * held in a string, capture every diagnostic and the listing as text, and
 * look into the image that came out.
 */
#ifndef ASM_FIXTURE_H
#define ASM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asm.h"
#include "image.h"

struct asm_result {
	int errors;		/* asm_assemble's result */
	char *diag;		/* all it wrote to diag (source lines may hold NULs) */
	size_t diag_len;
	char *listing;		/* the listing, if asked for */
	uint8_t *image;
	size_t len;
	struct img im;		/* the image, parsed (when errors == 0) */
};

/* Assemble src as the one source "t.s". */
int asm_run(struct asm_result *r, const char *src);
/* The same with a listing. */
int asm_run_listed(struct asm_result *r, const char *src);
/* Any sources and packed files. */
int asm_run_input(struct asm_result *r, const struct asm_source *srcs, size_t n,
		  const struct asm_file *files, size_t nfiles, bool listing);
void asm_result_free(struct asm_result *r);
/* Assemble src as "t.s": it must fail with exactly errors errors and print
 * exactly diag (else the test fails, showing both). */
void fx_check(const char *src, int errors, const char *diag);

/* The segment with exactly these flags, or NULL. */
const struct img_seg *fx_seg(const struct asm_result *r, uint32_t flags);
/* Word i of the text segment (0 past its end). */
uint32_t fx_word(const struct asm_result *r, uint32_t i);
/* Number of instruction words in the text segment's file bytes. */
uint32_t fx_nwords(const struct asm_result *r);
/* Look a symbol up in the image; false if it is not there. */
bool fx_sym(const struct asm_result *r, const char *name, uint32_t *value, uint32_t *kind);

/* A new empty directory under /tmp, named in dir (64 bytes). */
void fx_mkdtemp(char dir[64]);
/* Write text to dir/rel. */
void fx_put(const char *dir, const char *rel, const char *text);
/* Remove dir/rel (a file, or an empty directory). */
void fx_remove(const char *dir, const char *rel);

/* Deterministic pseudo-random numbers (xorshift32). */
uint32_t fx_rand(uint32_t *state);

#endif
