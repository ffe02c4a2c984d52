/*
 * fuzz_image.c - libFuzzer harness for untrusted image files: img_parse,
 * the table accessors (the line table's too), disasm_image and
 * cpu_load_image on arbitrary bytes
 * (what vm run and vm disasm do with a file a user gives them).
 *
 * Fuzz (clang only; a build directory of your own):
 *   cmake -S . -B /tmp/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DVM_FUZZ=ON
 *   cmake --build /tmp/fuzz --target fuzz_image
 *   mkdir -p /tmp/fuzz/corpus-image
 *   /tmp/fuzz/tests/fuzz/fuzz_image -max_total_time=180 -timeout=10 \
 *       /tmp/fuzz/corpus-image tests/fuzz/corpus/fuzz_image
 * New inputs land in the first directory; copy the few that found a bug or
 * reach a new path into tests/fuzz/corpus/fuzz_image (libFuzzer's -merge=1
 * picks a small covering set).
 * Regression (any compiler, VM_FUZZ=OFF): `ctest -L fuzz` runs every input
 * of corpus/fuzz_image once through this same function.
 *
 * Besides what the sanitizers catch, it checks that img_parse and
 * cpu_load_image agree, that every error is a non-empty message, that an
 * image said to be valid loads into exactly the RAM docs/isa.md 10
 * describes (every other byte zero, even after a previous run dirtied it),
 * with the boot registers, and that a failed load leaves the machine reset.
 */
#include <string.h>

#include "asm.h"
#include "cpu.h"
#include "fuzz.h"
#include "image.h"

enum { RAM = MEM_MIN, QUANTUM = 1234 };

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint64_t align16(uint64_t x) { return (x + 15) & ~15ull; }

/* A program of the file table goes into RAM without its line table (isa.md
 * 10 and the line table's section): its first LINES bytes, LINES set to 0. */
static uint32_t guest_size(struct img_file f)
{
	if (!(f.flags & FILE_IMAGE) || f.size < IMG_HDR_BYTES)
		return f.size;
	uint32_t lines = rd32(f.data + IMG_HDR_LINES);
	return lines && lines < f.size ? lines : f.size;
}

/* The RAM docs/isa.md 10 says the loader leaves, built independently of
 * cpu.c: segments, boot information, file directory, names, file bytes.
 * Returns false if it does not fit in RAM (the load must then fail). */
static bool expected_ram(const struct img *im, uint8_t *ram, uint32_t *info)
{
	uint64_t top = 0;
	memset(ram, 0, RAM);
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		if ((uint64_t)s->addr + s->memsz > RAM)
			return false;
		if ((uint64_t)s->addr + s->memsz > top)
			top = (uint64_t)s->addr + s->memsz;
	}
	uint64_t at = align16(top), dir = align16(at + BOOT_BYTES);
	uint64_t names = dir + (uint64_t)im->nfiles * FILE_BYTES, end = names;
	for (uint32_t i = 0; i < im->nfiles; i++)
		end += strlen(img_file(im, i).name) + 1;
	uint64_t names_end = end;
	for (uint32_t i = 0; i < im->nfiles; i++)
		end = align16(end) + guest_size(img_file(im, i));
	end = align16(end);
	if (end > RAM)
		return false;
	for (uint32_t i = 0; i < im->nsegs; i++)
		memcpy(ram + im->segs[i].addr, im->segs[i].data, im->segs[i].filesz);
	wr32(ram + at + BOOT_MAGIC, BOOTINFO_MAGIC);
	wr32(ram + at + BOOT_MEMSIZE, RAM);
	wr32(ram + at + BOOT_QUANTUM, QUANTUM);
	wr32(ram + at + BOOT_NFILES, im->nfiles);
	wr32(ram + at + BOOT_FILES, (uint32_t)dir);
	wr32(ram + at + BOOT_FREE, (uint32_t)end);
	uint64_t name = names, data = names_end;
	for (uint32_t i = 0; i < im->nfiles; i++) {
		struct img_file f = img_file(im, i);
		size_t len = strlen(f.name) + 1;
		data = align16(data);
		memcpy(ram + name, f.name, len);
		uint32_t size = guest_size(f);
		memcpy(ram + data, f.data, size);
		if (size != f.size)
			wr32(ram + data + IMG_HDR_LINES, 0);
		wr32(ram + dir + i * FILE_BYTES + FILE_NAME, (uint32_t)name);
		wr32(ram + dir + i * FILE_BYTES + FILE_DATA, (uint32_t)data);
		wr32(ram + dir + i * FILE_BYTES + FILE_LEN, size);
		name += len;
		data += size;
	}
	*info = (uint32_t)at;
	return true;
}

/* The machine right after cpu_reset: every register and CR 0, kernel mode. */
static void check_reset(const struct cpu *m)
{
	for (unsigned r = 0; r < REG_COUNT; r++)
		FUZZ_CHECK(cpu_reg(m, r) == 0, "r%u = 0x%x after a failed load", r, cpu_reg(m, r));
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		FUZZ_CHECK(cpu_cr(m, cr) == 0, "cr %u = 0x%x after a failed load", cr, cpu_cr(m, cr));
	FUZZ_CHECK(cpu_pc(m) == 0, "pc 0x%x after a failed load", cpu_pc(m));
}

/* The line table of a parsed image, as the debugger reads it (src/debug/
 * lines.c trusts it once img_parse said yes): every source and line inside
 * the image, lines in order of address inside a segment, img_line_at
 * finding each line by its first and last byte, img_lines_of and img_write
 * giving back the same table, img_strip an image without one. */
static void walk_lines(const struct img *im)
{
	if (!im->ltab)
		return;
	FUZZ_CHECK(im->nsrcs > 0, "a line table without sources");
	for (uint32_t i = 0; i < im->nsrcs; i++) {
		struct img_source src = img_source(im, i);
		FUZZ_CHECK(src.name && src.name[0], "source %u has no name", i);
		FUZZ_CHECK(!src.text || ((const uint8_t *)src.text >= im->bytes &&
					 (const uint8_t *)src.text + src.size <= im->bytes + im->len),
			   "source %u's text is outside the image", i);
	}
	for (uint32_t i = 0; i < im->nlines; i++) {
		struct img_line l = img_line(im, i);
		FUZZ_CHECK(l.src < im->nsrcs && l.line > 0 && l.size > 0, "line %u: source %u line %u size %u",
			   i, l.src, l.line, l.size);
		bool inside = false;
		for (uint32_t k = 0; k < im->nsegs; k++)
			inside |= l.addr >= im->segs[k].addr &&
				  (uint64_t)l.addr + l.size <= (uint64_t)im->segs[k].addr + im->segs[k].memsz;
		FUZZ_CHECK(inside, "line %u (0x%x, %u bytes) is not inside a segment", i, l.addr, l.size);
		if (i > 0) {
			struct img_line prev = img_line(im, i - 1);
			FUZZ_CHECK((uint64_t)prev.addr + prev.size <= l.addr, "line %u overlaps line %u", i, i - 1);
		}
		FUZZ_CHECK(img_line_at(im, l.addr) == (long)i, "img_line_at(0x%x) misses line %u", l.addr, i);
		FUZZ_CHECK(img_line_at(im, l.addr + l.size - 1) == (long)i,
			   "img_line_at(0x%x) misses the last byte of line %u", l.addr + l.size - 1, i);
		if (l.addr > 0 && (i == 0 || img_line(im, i - 1).addr + img_line(im, i - 1).size < l.addr))
			FUZZ_CHECK(img_line_at(im, l.addr - 1) == -1, "img_line_at(0x%x) finds a line in a gap",
				   l.addr - 1);
	}
	struct img_source *srcs;
	struct img_line *lines;
	FUZZ_CHECK(img_lines_of(im, &srcs, &lines), "img_lines_of: out of memory");
	struct img_desc d = { .entry = im->entry, .nsegs = im->nsegs, .segs = im->segs,
			      .nsrcs = im->nsrcs, .nlines = im->nlines, .srcs = srcs, .lines = lines };
	size_t len;
	uint8_t *again = img_write(&d, &len);
	struct img re;
	char err[256];
	FUZZ_CHECK(again && img_parse(&re, again, len, err, sizeof err) == 0,
		   "the line table written again does not parse: %s", again ? err : "out of memory");
	FUZZ_CHECK(re.nsrcs == im->nsrcs && re.nlines == im->nlines, "the line table written again differs");
	for (uint32_t i = 0; i < im->nlines; i++)
		FUZZ_CHECK(img_line(&re, i).addr == lines[i].addr && img_line(&re, i).line == lines[i].line &&
			   img_line(&re, i).src == lines[i].src && img_line(&re, i).size == lines[i].size,
			   "line %u written again differs", i);
	free(again);
	free(srcs);
	free(lines);
	uint8_t *stripped = img_strip(im, &len);
	FUZZ_CHECK(stripped && img_parse(&re, stripped, len, err, sizeof err) == 0 && re.ltab == 0,
		   "img_strip: %s", stripped ? err : "out of memory");
	free(stripped);
}

/* Everything a reader of a parsed image may call, on every entry. */
static void walk_tables(const struct img *im)
{
	uint32_t off;
	for (uint32_t i = 0; i < im->nsyms; i++) {
		struct img_sym s = img_symbol(im, i);
		FUZZ_CHECK(s.name && s.name[0] && strlen(s.name) <= IMG_MAX_NAME, "symbol %u name", i);
		FUZZ_CHECK(s.kind <= SYM_CONST, "symbol %u kind %u", i, s.kind);
		struct img_sym near = img_symbol_near(im, s.value, &off);
		FUZZ_CHECK(s.kind == SYM_CONST || (near.name && near.value == s.value && off == 0),
			   "img_symbol_near(0x%x) misses symbol %u", s.value, i);
	}
	for (uint32_t i = 0; i < im->nfiles; i++) {
		struct img_file f = img_file(im, i);
		FUZZ_CHECK(f.name && f.name[0], "file %u name", i);
		FUZZ_CHECK(f.data >= im->bytes && f.data + f.size <= im->bytes + im->len,
			   "file %u bytes outside the image", i);
		if (f.flags & FILE_IMAGE) {
			/* vm disasm --file relies on this: validated with the outer image */
			struct img inner;
			char err[256];
			FUZZ_CHECK(img_parse(&inner, f.data, f.size, err, sizeof err) == 0,
				   "file '%s' passed as part of a valid image but alone: %s", f.name, err);
			walk_lines(&inner);
		}
	}
	img_symbol_near(im, im->entry, &off);
}

static struct cpu *machine;
static FILE *devnull;
static uint8_t expect[RAM];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!machine) {
		machine = cpu_new(RAM);
		devnull = fopen("/dev/null", "w");
		FUZZ_CHECK(machine && devnull, "setup");
	}
	struct img im;
	char perr[256] = "", lerr[256] = "";
	struct cpu_boot boot = { .quantum = QUANTUM };
	int parsed = img_parse(&im, data, size, perr, sizeof perr);
	int loaded = cpu_load_image(machine, data, size, &boot, lerr, sizeof lerr);

	if (parsed != 0) {
		FUZZ_CHECK(parsed == -1 && perr[0], "img_parse failed without a message");
		FUZZ_CHECK(loaded == -1, "cpu_load_image took an image img_parse refused: %s", perr);
		FUZZ_CHECK(strcmp(perr, lerr) == 0, "img_parse says '%s', the loader '%s'", perr, lerr);
		check_reset(machine);
		return 0;
	}
	walk_tables(&im);
	walk_lines(&im);
	FUZZ_CHECK(disasm_image(devnull, &im) == 0, "disasm_image failed on a valid image");

	uint32_t info = 0;
	bool fits = expected_ram(&im, expect, &info);
	if (loaded != 0) {
		FUZZ_CHECK(loaded == -1 && lerr[0], "cpu_load_image failed without a message");
		FUZZ_CHECK(!fits, "a valid image that fits in RAM was refused: %s", lerr);
		check_reset(machine);
		return 0;
	}
	FUZZ_CHECK(fits, "an image that does not fit in %u bytes was loaded", RAM);
	FUZZ_CHECK(cpu_pc(machine) == im.entry, "pc 0x%x, entry 0x%x", cpu_pc(machine), im.entry);
	for (unsigned r = 0; r < REG_COUNT; r++) {
		uint32_t want = r == REG_a0 ? info : r == REG_sp ? RAM : 0;
		FUZZ_CHECK(cpu_reg(machine, r) == want, "r%u = 0x%x, want 0x%x", r,
			   cpu_reg(machine, r), want);
	}
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		FUZZ_CHECK(cpu_cr(machine, cr) == 0, "cr %u = 0x%x after a load", cr, cpu_cr(machine, cr));
	uint8_t *ram = cpu_mem(machine);
	for (uint32_t a = 0; a < RAM; a++)
		FUZZ_CHECK(ram[a] == expect[a], "RAM[0x%x] = 0x%02x, isa.md 10 says 0x%02x", a,
			   ram[a], expect[a]);
	/* Dirty RAM so that the next load has something to clear. */
	memset(ram + (rd32(data + IMG_HDR_ENTRY) & (RAM - 1) & ~0xFFFu), 0xA5, 4096);
	return 0;
}
