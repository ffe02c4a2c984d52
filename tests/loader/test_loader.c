/*
 * test_loader.c - the image format: img_write's output parses back, and
 * img_parse / cpu_load_image reject each kind of malformed image with one
 * clear line, leaving the machine reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu.h"
#include "image.h"

static const uint32_t code[] = { 0x00000063, 0x00000063 };	/* halt; halt */
static const uint8_t data[] = { 1, 2, 3, 4, 5 };

struct fixture {
	uint8_t *bytes;
	size_t len;
	char err[256];
};

static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* The line table of the fixture with lines: a source of 3 lines, each
 * instruction its line, the data the first. */
static const char src_text[] = "start:\n\thalt\t# stop\n\thalt\n";
static const struct img_source srcs[] = { { "src/a.s", src_text, sizeof src_text - 1 } };
static const struct img_line lines[] = { { 0x100, 4, 0, 2 }, { 0x104, 4, 0, 3 }, { 0x200, 5, 0, 1 } };

/* A good image: code at 0x100, data at 0x200 (with bss), two symbols, a
 * file, and the line table if with_lines. */
static uint8_t *image_lines(size_t *len, uint32_t nfiles, const struct img_file *files,
			    bool with_lines)
{
	struct img_seg segs[] = {
		{ .addr = 0x100, .filesz = sizeof code, .memsz = sizeof code, .flags = SEG_EXEC, .data = (const uint8_t *)code },
		{ .addr = 0x200, .filesz = sizeof data, .memsz = 64, .flags = SEG_WRITE, .data = data },
	};
	struct img_sym syms[] = { { "_start", 0x100, SYM_CODE }, { "LIMIT", 42, SYM_CONST } };
	struct img_desc d = { .entry = 0x100, .nsegs = 2, .nsyms = 2, .nfiles = nfiles,
			      .segs = segs, .syms = syms, .files = files };
	if (with_lines) {
		d.nsrcs = 1;
		d.srcs = srcs;
		d.nlines = 3;
		d.lines = lines;
	}
	return img_write(&d, len);
}

static uint8_t *good_image(size_t *len, uint32_t nfiles, const struct img_file *files)
{
	return image_lines(len, nfiles, files, false);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct img_file file = { "notes", data, sizeof data, 0 };
	f->bytes = good_image(&f->len, 1, &file);
	*state = f;
	return f->bytes ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->bytes);
	free(f);
	return 0;
}

static uint32_t seg_field(const struct fixture *f, unsigned seg, unsigned field)
{
	return rd32(f->bytes + rd32(f->bytes + IMG_HDR_SEGS) + seg * IMG_SEG_BYTES + field);
}

static void set_seg_field(struct fixture *f, unsigned seg, unsigned field, uint32_t v)
{
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_SEGS) + seg * IMG_SEG_BYTES + field, v);
}

/* Parse the fixture's bytes and expect exactly this error. */
static void expect_error(struct fixture *f, size_t len, const char *want)
{
	struct img im;
	assert_int_equal(img_parse(&im, f->bytes, len, f->err, sizeof f->err), -1);
	assert_string_equal(f->err, want);
}

/* img_write then img_parse gives back every field. */
static void test_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct img im;
	assert_int_equal(img_parse(&im, f->bytes, f->len, f->err, sizeof f->err), 0);
	assert_int_equal(im.entry, 0x100);
	assert_int_equal(im.nsegs, 2);
	assert_int_equal(im.segs[1].addr, 0x200);
	assert_int_equal(im.segs[1].memsz, 64);
	assert_memory_equal(im.segs[1].data, data, sizeof data);
	assert_int_equal(im.nsyms, 2);
	assert_string_equal(img_symbol(&im, 1).name, "LIMIT");
	assert_int_equal(img_symbol(&im, 1).kind, SYM_CONST);
	assert_string_equal(img_file(&im, 0).name, "notes");
	assert_memory_equal(img_file(&im, 0).data, data, sizeof data);
	uint32_t off;
	assert_string_equal(img_symbol_near(&im, 0x104, &off).name, "_start");
	assert_int_equal(off, 4);
}

static void test_truncated_header(void **state)
{
	expect_error(*state, 10, "truncated: the header needs 48 bytes, the file has 10");
}

static void test_bad_magic(void **state)
{
	struct fixture *f = *state;
	f->bytes[0] = 'X';
	expect_error(f, f->len, "bad magic: not an image (it should start with 'LDXI')");
}

static void test_bad_version(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_VERSION, 7);
	expect_error(f, f->len, "unsupported image version 7 (this vm reads version 1)");
}

/* An image without a line table has LINES 0. */
static void test_no_lines(void **state)
{
	struct fixture *f = *state;
	struct img im;
	assert_int_equal(rd32(f->bytes + IMG_HDR_LINES), 0);
	assert_int_equal(img_parse(&im, f->bytes, f->len, f->err, sizeof f->err), 0);
	assert_int_equal(im.nsrcs, 0);
	assert_int_equal(im.nlines, 0);
	assert_int_equal(img_line_at(&im, 0x100), -1);
}

/* ---- The line table ---------------------------------------------------------- */

static int setup_lines(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct img_file file = { "notes", data, sizeof data, 0 };
	f->bytes = image_lines(&f->len, 1, &file, true);
	*state = f;
	return f->bytes ? 0 : -1;
}

static uint8_t *ltab(const struct fixture *f) { return f->bytes + rd32(f->bytes + IMG_HDR_LINES); }
static uint8_t *line_entry(const struct fixture *f, unsigned i)
{
	return f->bytes + rd32(ltab(f) + IMG_LTAB_LINES) + i * IMG_LINE_BYTES;
}

/* It parses back; each address finds its line, a byte no line made none. */
static void test_lines_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct img im;
	assert_int_equal(img_parse(&im, f->bytes, f->len, f->err, sizeof f->err), 0);
	assert_int_equal(im.nsrcs, 1);
	assert_int_equal(im.nlines, 3);
	struct img_source src = img_source(&im, 0);
	assert_string_equal(src.name, "src/a.s");
	assert_int_equal(src.size, sizeof src_text - 1);
	assert_memory_equal(src.text, src_text, src.size);
	assert_int_equal(img_line_at(&im, 0x100), 0);
	assert_int_equal(img_line_at(&im, 0x107), 1);
	assert_int_equal(img_line_at(&im, 0x204), 2);
	assert_int_equal(img_line_at(&im, 0x0FC), -1);
	assert_int_equal(img_line_at(&im, 0x108), -1);
	assert_int_equal(img_line_at(&im, 0x205), -1);	/* bss: no line made it */
	assert_int_equal(img_line(&im, 1).line, 3);
}

static void test_lines_not_last(void **state)
{
	struct fixture *f = *state;
	const uint8_t *file = f->bytes + rd32(f->bytes + IMG_HDR_FILES);	/* the last bytes */
	uint32_t end = rd32(file + IMG_FILE_OFFSET) + rd32(file + IMG_FILE_SIZE);
	wr32(f->bytes + IMG_HDR_LINES, IMG_HDR_BYTES);
	char want[160];
	snprintf(want, sizeof want, "the line table at offset 48 is not after the rest of the image (which ends at %u)", end);
	expect_error(f, f->len, want);
}

static void test_lines_truncated(void **state)
{
	struct fixture *f = *state;
	uint32_t at = rd32(f->bytes + IMG_HDR_LINES);
	char want[160];
	snprintf(want, sizeof want, "truncated: the line table at offset %u runs past the end of the file (%u bytes)",
		 at, at + 8);
	expect_error(f, at + 8, want);
}

static void test_lines_no_sources(void **state)
{
	struct fixture *f = *state;
	wr32(ltab(f) + IMG_LTAB_NSRCS, 0);
	expect_error(f, f->len, "the line table has 0 source files (1 to 1024)");
}

static void test_lines_too_many(void **state)
{
	struct fixture *f = *state;
	wr32(ltab(f) + IMG_LTAB_NLINES, IMG_MAX_LINES + 1);
	expect_error(f, f->len, "the line table has 1048577 lines (at most 1048576)");
}

static void test_lines_table_outside(void **state)
{
	struct fixture *f = *state;
	wr32(ltab(f) + IMG_LTAB_LINES, 0xFFFFFFF0u);
	expect_error(f, f->len, "the line table's lines at offset 4294967280 are not inside it");
	wr32(ltab(f) + IMG_LTAB_LINES, 0);	/* inside the file, but before the table */
	expect_error(f, f->len, "the line table's lines at offset 0 are not inside it");
}

static void test_lines_bad_source_name(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(ltab(f) + IMG_LTAB_SRCS) + IMG_SRC_NAME, 999);
	expect_error(f, f->len, "source 0 of the line table has a bad name (offset 999 in strings of 8 bytes)");
}

static void test_lines_text_outside(void **state)
{
	struct fixture *f = *state;
	uint8_t *e = f->bytes + rd32(ltab(f) + IMG_LTAB_SRCS);
	wr32(e + IMG_SRC_SIZE, 1u << 30);
	char want[160];
	snprintf(want, sizeof want, "the text of source 'src/a.s' (1073741824 bytes at offset %u) is not inside the line table",
		 rd32(e + IMG_SRC_TEXT));
	expect_error(f, f->len, want);
}

static void test_lines_bad_source_index(void **state)
{
	struct fixture *f = *state;
	wr32(line_entry(f, 1) + IMG_LINE_SRC, 5);
	expect_error(f, f->len, "line 1 of the line table names source 5 (there are 1)");
}

/* A line number beyond the text carried (or 0) would show nothing. */
static void test_lines_number_past_text(void **state)
{
	struct fixture *f = *state;
	wr32(line_entry(f, 1) + IMG_LINE_LINE, 4);
	expect_error(f, f->len, "line 1 of the line table is line 4 of 'src/a.s', which has 3");
	wr32(line_entry(f, 1) + IMG_LINE_LINE, 0);
	expect_error(f, f->len, "line 1 of the line table is line 0 of 'src/a.s', which has 3");
}

static void test_lines_overlap(void **state)
{
	struct fixture *f = *state;
	wr32(line_entry(f, 1) + IMG_LINE_ADDR, 0x102);
	expect_error(f, f->len, "line 1 of the line table (0x00000102, 4 bytes) is empty or overlaps the one before");
}

static void test_lines_empty(void **state)
{
	struct fixture *f = *state;
	wr32(line_entry(f, 0) + IMG_LINE_SIZE, 0);
	expect_error(f, f->len, "line 0 of the line table (0x00000100, 0 bytes) is empty or overlaps the one before");
}

/* A line's bytes lie in one segment (memsz counts: bss made by .space). */
static void test_lines_outside_segment(void **state)
{
	struct fixture *f = *state;
	wr32(line_entry(f, 2) + IMG_LINE_SIZE, 65);
	expect_error(f, f->len, "line 2 of the line table (0x00000200, 65 bytes) is not inside one segment");
	wr32(line_entry(f, 2) + IMG_LINE_SIZE, 64);
	struct img im;
	assert_int_equal(img_parse(&im, f->bytes, f->len, f->err, sizeof f->err), 0);
	wr32(line_entry(f, 1) + IMG_LINE_SIZE, 0x100);	/* from code into data */
	expect_error(f, f->len, "line 1 of the line table (0x00000104, 256 bytes) is not inside one segment");
}

/* The guest gets a program's image without its line table: the same bytes
 * as the image made without one. */
static void test_lines_not_for_the_guest(void **state)
{
	(void)state;
	size_t with_len, without_len, len;
	uint8_t *with = image_lines(&with_len, 0, NULL, true);
	uint8_t *without = image_lines(&without_len, 0, NULL, false);
	struct img_file files[] = { { "prog", with, (uint32_t)with_len, FILE_IMAGE } };
	uint8_t *outer = good_image(&len, 1, files);
	struct cpu *m = cpu_new(MEM_MIN);
	char err[160];
	assert_true(with_len > without_len);
	assert_int_equal(cpu_load_image(m, outer, len, NULL, err, sizeof err), 0);
	uint8_t *ram = cpu_mem(m);
	uint32_t dir = rd32(ram + cpu_reg(m, REG_a0) + BOOT_FILES);
	assert_int_equal(rd32(ram + dir + FILE_LEN), without_len);
	assert_memory_equal(ram + rd32(ram + dir + FILE_DATA), without, without_len);
	cpu_free(m);
	free(outer);
	free(with);
	free(without);
}

/* img_strip: the image as if made without line tables, its programs too. */
static void test_strip(void **state)
{
	(void)state;
	size_t with_len, without_len, a_len, b_len, s_len;
	uint8_t *with = image_lines(&with_len, 0, NULL, true);
	uint8_t *without = image_lines(&without_len, 0, NULL, false);
	struct img_file fa[] = { { "prog", with, (uint32_t)with_len, FILE_IMAGE } };
	struct img_file fb[] = { { "prog", without, (uint32_t)without_len, FILE_IMAGE } };
	uint8_t *a = image_lines(&a_len, 1, fa, true);
	uint8_t *b = image_lines(&b_len, 1, fb, false);
	struct img im;
	char err[160];
	assert_int_equal(img_parse(&im, a, a_len, err, sizeof err), 0);
	uint8_t *s = img_strip(&im, &s_len);
	assert_non_null(s);
	assert_int_equal(s_len, b_len);
	assert_memory_equal(s, b, b_len);
	free(s);
	free(a);
	free(b);
	free(with);
	free(without);
}

static void test_no_segments(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_NSEGS, 0);
	expect_error(f, f->len, "no segments: nothing to load");
}

static void test_too_many_segments(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_NSEGS, 1000000);
	expect_error(f, f->len, "1000000 segments (at most 64)");
}

static void test_segment_table_past_end(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_SEGS, 0xFFFFFFF0u);
	char want[128];
	snprintf(want, sizeof want, "truncated: the segment table at offset 4294967280 runs past the end of the file (%zu bytes)", f->len);
	expect_error(f, f->len, want);
}

static void test_segment_bytes_past_end(void **state)
{
	struct fixture *f = *state;
	char want[160];
	/* Cut the file inside segment 1's bytes. */
	size_t cut = seg_field(f, 1, IMG_SEG_OFFSET) + 2;
	snprintf(want, sizeof want, "truncated: segment 1's 5 bytes at offset %u run past the end of the file (%zu bytes)",
		 seg_field(f, 1, IMG_SEG_OFFSET), cut);
	/* The tables must still fit: they come before the data. */
	expect_error(f, cut, want);
}

static void test_memsz_below_filesz(void **state)
{
	struct fixture *f = *state;
	set_seg_field(f, 1, IMG_SEG_MEMSZ, 2);
	expect_error(f, f->len, "segment 1 is 2 bytes in memory but 5 in the file (memsz must be >= filesz)");
}

static void test_segment_flags(void **state)
{
	struct fixture *f = *state;
	set_seg_field(f, 0, IMG_SEG_FLAGS, 0x80);
	expect_error(f, f->len, "segment 0 has unknown flags 0x80");
}

static void test_segment_wraps(void **state)
{
	struct fixture *f = *state;
	set_seg_field(f, 1, IMG_SEG_ADDR, 0xFFFFFFF0u);
	expect_error(f, f->len, "segment 1 at 0xfffffff0 (64 bytes) wraps past the top of the address space");
}

static void test_segments_overlap(void **state)
{
	struct fixture *f = *state;
	set_seg_field(f, 1, IMG_SEG_ADDR, 0x104);
	expect_error(f, f->len, "segments 0 and 1 overlap (0x00000100 and 0x00000104)");
}

static void test_entry_misaligned(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_ENTRY, 0x102);
	expect_error(f, f->len, "entry point 0x00000102 is not a multiple of 4");
}

static void test_entry_outside_code(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_ENTRY, 0x200);	/* the data segment */
	expect_error(f, f->len, "entry point 0x00000200 is outside every code segment");
}

static void test_symbol_bad_name(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_SYMS) + IMG_SYM_NAME, 5000);
	char want[128];
	snprintf(want, sizeof want, "symbol 0 has a bad name (offset 5000 in a string table of %u bytes)",
		 rd32(f->bytes + IMG_HDR_STRSIZE));
	expect_error(f, f->len, want);
}

static void test_string_table_unterminated(void **state)
{
	struct fixture *f = *state;
	/* Shrink the string table so the last name ("notes") loses its NUL. */
	uint32_t size = rd32(f->bytes + IMG_HDR_STRSIZE);
	wr32(f->bytes + IMG_HDR_STRSIZE, size - 1);
	char want[128];
	snprintf(want, sizeof want, "file 0 has a bad name (offset %u in a string table of %u bytes)",
		 size - 6, size - 1);
	expect_error(f, f->len, want);
}

static void test_symbol_bad_kind(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_SYMS) + IMG_SYM_KIND, 9);
	expect_error(f, f->len, "symbol '_start' has unknown kind 9");
}

static void test_file_past_end(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_FILES) + IMG_FILE_SIZE, 1u << 30);
	char want[160];
	snprintf(want, sizeof want, "truncated: file 'notes' (1073741824 bytes at offset %u) runs past the end of the image (%zu bytes)",
		 rd32(f->bytes + rd32(f->bytes + IMG_HDR_FILES) + IMG_FILE_OFFSET), f->len);
	expect_error(f, f->len, want);
}

static void test_file_flags(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_FILES) + IMG_FILE_FLAGS, 4);
	expect_error(f, f->len, "file 'notes' has unknown flags 0x4");
}

/* A file flagged FILE_IMAGE is validated as an image too. */
static void test_nested_image_validated(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + rd32(f->bytes + IMG_HDR_FILES) + IMG_FILE_FLAGS, FILE_IMAGE);
	expect_error(f, f->len, "file 'notes': truncated: the header needs 48 bytes, the file has 5");
}

/* Names must be printable: they reach terminals in messages and listings. */
static void test_name_not_printable(void **state)
{
	(void)state;
	struct img_file files[] = { { "evil\nvm: all good", data, 1, 0 } };
	size_t len;
	uint8_t *b = good_image(&len, 1, files);
	struct img im;
	char err[128];
	assert_int_equal(img_parse(&im, b, len, err, sizeof err), -1);
	assert_true(strncmp(err, "file 0 has a bad name", 21) == 0);
	assert_null(strchr(err, '\n'));
	free(b);
}

/* Two file entries may not both be the same nested image: the nest's
 * images must fit in the outer one, so validation stays linear. */
static void test_nested_images_overlap(void **state)
{
	(void)state;
	size_t inner_len, len;
	uint8_t *inner = good_image(&inner_len, 0, NULL);
	struct img_file files[] = { { "a", inner, (uint32_t)inner_len, FILE_IMAGE },
				    { "b", inner, (uint32_t)inner_len, FILE_IMAGE } };
	uint8_t *b = good_image(&len, 2, files);
	struct img im;
	char err[160];
	assert_int_equal(img_parse(&im, b, len, err, sizeof err), 0);
	/* Point b at a's bytes, and make both claim the whole outer image. */
	uint8_t *ft = b + rd32(b + IMG_HDR_FILES);
	wr32(ft + IMG_FILE_BYTES + IMG_FILE_OFFSET, rd32(ft + IMG_FILE_OFFSET));
	assert_int_equal(img_parse(&im, b, len, err, sizeof err), 0);	/* 2 x inner still fits */
	wr32(ft + IMG_FILE_OFFSET, 0);
	wr32(ft + IMG_FILE_SIZE, (uint32_t)len);
	wr32(ft + IMG_FILE_BYTES + IMG_FILE_OFFSET, 0);
	wr32(ft + IMG_FILE_BYTES + IMG_FILE_SIZE, (uint32_t)len);
	assert_int_equal(img_parse(&im, b, len, err, sizeof err), -1);
	free(inner);
	free(b);
}

static void test_duplicate_file_names(void **state)
{
	(void)state;
	struct img_file files[] = { { "a", data, 1, 0 }, { "a", data, 2, 0 } };
	size_t len;
	uint8_t *b = good_image(&len, 2, files);
	struct img im;
	char err[128];
	assert_int_equal(img_parse(&im, b, len, err, sizeof err), -1);
	assert_string_equal(err, "two files are named 'a'");
	free(b);
}

/* A segment beyond RAM is refused by the loader, and the machine stays reset. */
static void test_load_segment_beyond_ram(void **state)
{
	struct fixture *f = *state;
	struct cpu *m = cpu_new(MEM_MIN);
	set_seg_field(f, 1, IMG_SEG_ADDR, MEM_MIN - 8);
	assert_int_equal(cpu_load_image(m, f->bytes, f->len, NULL, f->err, sizeof f->err), -1);
	assert_string_equal(f->err, "segment 1 (0x0000fff8..0x00010038) lies outside the 65536 bytes of RAM");
	assert_int_equal(cpu_pc(m), 0);
	cpu_free(m);
}

/* The loader places code, data, bss, boot information and the file directory. */
static void test_load_places_everything(void **state)
{
	struct fixture *f = *state;
	struct cpu *m = cpu_new(MEM_MIN);
	struct cpu_boot boot = { .quantum = 777 };
	uint8_t *ram = cpu_mem(m);
	memset(ram + 0x200, 0xEE, 64);	/* must be cleared by the load */
	assert_int_equal(cpu_load_image(m, f->bytes, f->len, &boot, f->err, sizeof f->err), 0);
	assert_int_equal(cpu_pc(m), 0x100);
	assert_int_equal(cpu_reg(m, REG_sp), MEM_MIN);
	assert_false(cpu_user_mode(m));
	assert_memory_equal(ram + 0x100, code, sizeof code);
	assert_memory_equal(ram + 0x200, data, sizeof data);
	assert_int_equal(ram[0x200 + 5], 0);
	assert_int_equal(ram[0x200 + 63], 0);
	uint32_t bi = cpu_reg(m, REG_a0);
	assert_int_equal(bi, 0x240);	/* end of the data segment's 64 bytes, 16-aligned */
	assert_int_equal(rd32(ram + bi + BOOT_MAGIC), BOOTINFO_MAGIC);
	assert_int_equal(rd32(ram + bi + BOOT_MEMSIZE), MEM_MIN);
	assert_int_equal(rd32(ram + bi + BOOT_QUANTUM), 777);
	assert_int_equal(rd32(ram + bi + BOOT_NFILES), 1);
	uint32_t dir = rd32(ram + bi + BOOT_FILES);
	assert_string_equal((const char *)ram + rd32(ram + dir + FILE_NAME), "notes");
	uint32_t at = rd32(ram + dir + FILE_DATA);
	assert_int_equal(at % 16, 0);
	assert_int_equal(rd32(ram + dir + FILE_LEN), sizeof data);
	assert_memory_equal(ram + at, data, sizeof data);
	assert_true(rd32(ram + bi + BOOT_FREE) >= at + sizeof data);
	assert_int_equal(rd32(ram + bi + BOOT_FREE) % 16, 0);
	cpu_free(m);
}

/* Any corruption of any byte never crashes the parser (it accepts or explains). */
static void test_every_byte_flipped(void **state)
{
	struct fixture *f = *state;
	struct img im;
	struct cpu *m = cpu_new(MEM_MIN);
	for (size_t i = 0; i < f->len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			f->bytes[i] ^= (uint8_t)(1u << bit);
			f->err[0] = '\0';
			if (img_parse(&im, f->bytes, f->len, f->err, sizeof f->err) != 0)
				assert_true(strlen(f->err) > 0);
			if (cpu_load_image(m, f->bytes, f->len, NULL, f->err, sizeof f->err) != 0)
				assert_true(strlen(f->err) > 0);
			f->bytes[i] ^= (uint8_t)(1u << bit);
		}
	}
	cpu_free(m);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_roundtrip),
		T(test_truncated_header),
		T(test_bad_magic),
		T(test_bad_version),
		T(test_no_lines),
		T(test_no_segments),
		T(test_too_many_segments),
		T(test_segment_table_past_end),
		T(test_segment_bytes_past_end),
		T(test_memsz_below_filesz),
		T(test_segment_flags),
		T(test_segment_wraps),
		T(test_segments_overlap),
		T(test_entry_misaligned),
		T(test_entry_outside_code),
		T(test_symbol_bad_name),
		T(test_string_table_unterminated),
		T(test_symbol_bad_kind),
		T(test_file_past_end),
		T(test_file_flags),
		T(test_nested_image_validated),
		T(test_duplicate_file_names),
		T(test_name_not_printable),
		T(test_nested_images_overlap),
		T(test_load_segment_beyond_ram),
		T(test_load_places_everything),
		T(test_every_byte_flipped),
#define L(name) cmocka_unit_test_setup_teardown(name, setup_lines, teardown)
		L(test_lines_roundtrip),
		L(test_lines_not_last),
		L(test_lines_truncated),
		L(test_lines_no_sources),
		L(test_lines_too_many),
		L(test_lines_table_outside),
		L(test_lines_bad_source_name),
		L(test_lines_text_outside),
		L(test_lines_bad_source_index),
		L(test_lines_number_past_text),
		L(test_lines_overlap),
		L(test_lines_empty),
		L(test_lines_outside_segment),
		L(test_lines_not_for_the_guest),
		L(test_strip),
		L(test_every_byte_flipped),
	};
	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
