/*
 * test_loader.c - the image format: img_write's output parses back, and
 * img_parse / cpu_load_image reject each kind of malformed image with one
 * clear line, leaving the machine reset.
 */
#include <setjmp.h>
#include <stdarg.h>
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

/* A good image: code at 0x100, data at 0x200 (with bss), two symbols, a file. */
static uint8_t *good_image(size_t *len, uint32_t nfiles, const struct img_file *files)
{
	struct img_seg segs[] = {
		{ .addr = 0x100, .filesz = sizeof code, .memsz = sizeof code, .flags = SEG_EXEC, .data = (const uint8_t *)code },
		{ .addr = 0x200, .filesz = sizeof data, .memsz = 64, .flags = SEG_WRITE, .data = data },
	};
	struct img_sym syms[] = { { "_start", 0x100, SYM_CODE }, { "LIMIT", 42, SYM_CONST } };
	struct img_desc d = { .entry = 0x100, .nsegs = 2, .nsyms = 2, .nfiles = nfiles,
			      .segs = segs, .syms = syms, .files = files };
	return img_write(&d, len);
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

static void test_reserved_flags(void **state)
{
	struct fixture *f = *state;
	wr32(f->bytes + IMG_HDR_FLAGS, 1);
	expect_error(f, f->len, "header flags 0x1 are reserved and must be 0");
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
		T(test_reserved_flags),
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
	};
	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
