/*
 * fuzz_asm.c - libFuzzer harness for any assembly source: asm_assemble on
 * the fuzz bytes as one in-memory source (with a listing and diagnostics
 * written to /dev/null), then the round trip the disassembler promises.
 *
 * Fuzz (clang only; a build directory of your own):
 *   cmake -S . -B /tmp/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DVM_FUZZ=ON
 *   cmake --build /tmp/fuzz --target fuzz_asm
 *   mkdir -p /tmp/fuzz/corpus-asm
 *   /tmp/fuzz/tests/fuzz/fuzz_asm -max_total_time=180 -timeout=10 -rss_limit_mb=4096 \
 *       -dict=tests/fuzz/asm.dict /tmp/fuzz/corpus-asm tests/fuzz/corpus/fuzz_asm
 * (`.org 0x3FFFFFF0` or `.space 0x3F000000, 1` make a legitimate 1 GB image:
 * give the memory limit room, or run with -fork=2 -ignore_ooms=1.)
 * Regression (any compiler, VM_FUZZ=OFF): `ctest -L fuzz` runs every input
 * of corpus/fuzz_asm once.
 *
 * .include never reaches a real file: the build links this harness with
 * -Wl,--wrap=stat, and while the assembler runs, stat fails with ENOENT (the
 * assembler stats a file before it opens it), so every include is "not
 * found" and a source cannot name /dev/stdin or a FIFO and block.
 *
 * Besides what the sanitizers catch, it checks: the error count and the
 * image agree; an image the assembler writes is valid (img_parse); and
 * disasm_image's output assembles, without an error, to the same entry and
 * the same segments, byte for byte.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "asm.h"
#include "fuzz.h"
#include "image.h"

/* ---- .include never reads a file ---------------------------------------- */

int __real_stat(const char *path, struct stat *st);
int __wrap_stat(const char *path, struct stat *st);

static bool deny_files;

int __wrap_stat(const char *path, struct stat *st)
{
	if (deny_files) {
		errno = ENOENT;
		return -1;
	}
	return __real_stat(path, st);
}

/* ---- The harness ------------------------------------------------------------ */

static FILE *devnull;

/* Assemble one in-memory source; returns the error count. */
static int assemble(const char *name, const char *text, size_t len, FILE *listing,
		    uint8_t **image, size_t *ilen)
{
	struct asm_source src = { name, text, len };
	struct asm_input in = { .sources = &src, .nsources = 1, .listing = listing };
	deny_files = true;
	int errors = asm_assemble(&in, image, ilen, devnull);
	deny_files = false;
	FUZZ_CHECK(errors >= 0, "negative error count %d", errors);
	FUZZ_CHECK(errors ? !*image && !*ilen : *image && *ilen, "%d errors but image %p, %zu bytes",
		   errors, (void *)*image, *ilen);
	return errors;
}

/* disasm_image of im must assemble back to the same entry and segments. */
static void round_trip(const struct img *im)
{
	char *text = NULL;
	size_t tlen = 0;
	FILE *out = open_memstream(&text, &tlen);
	FUZZ_CHECK(out, "open_memstream");
	FUZZ_CHECK(disasm_image(out, im) == 0, "disasm_image failed");
	FUZZ_CHECK(fclose(out) == 0 && text, "fclose");

	uint8_t *again = NULL;
	size_t alen = 0;
	struct img im2;
	char err[256];
	if (assemble("disasm.s", text, tlen, NULL, &again, &alen) != 0) {
		fprintf(stderr, "---- disassembly that does not assemble:\n%s----\n", text);
		deny_files = true;
		uint8_t *img3 = NULL;
		size_t l3 = 0;
		struct asm_source src = { "disasm.s", text, tlen };
		struct asm_input in = { .sources = &src, .nsources = 1 };
		asm_assemble(&in, &img3, &l3, stderr);
		FUZZ_CHECK(false, "the disassembly of a valid image does not assemble");
	}
	FUZZ_CHECK(img_parse(&im2, again, alen, err, sizeof err) == 0, "reassembled image: %s", err);
	FUZZ_CHECK(im2.entry == im->entry, "entry 0x%x, reassembled 0x%x", im->entry, im2.entry);
	FUZZ_CHECK(im2.nsegs == im->nsegs, "%u segments, reassembled %u", im->nsegs, im2.nsegs);
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *a = &im->segs[i], *b = &im2.segs[i];
		FUZZ_CHECK(a->addr == b->addr && a->filesz == b->filesz && a->memsz == b->memsz &&
			   a->flags == b->flags && memcmp(a->data, b->data, a->filesz) == 0,
			   "segment %u: 0x%x %u/%u flags %u, reassembled 0x%x %u/%u flags %u%s", i,
			   a->addr, a->filesz, a->memsz, a->flags, b->addr, b->filesz, b->memsz,
			   b->flags, memcmp(a->data, b->data, a->filesz < b->filesz ? a->filesz : b->filesz)
			   ? " (bytes differ)" : "");
	}
	free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		FUZZ_CHECK(devnull, "/dev/null");
	}
	uint8_t *image = NULL;
	size_t len = 0;
	/* text NULL would mean "read the file at name" */
	const char *text = size ? (const char *)data : "";
	if (assemble("fuzz.s", text, size, devnull, &image, &len) == 0) {
		struct img im;
		char err[256];
		FUZZ_CHECK(img_parse(&im, image, len, err, sizeof err) == 0,
			   "the assembler wrote an invalid image: %s", err);
		round_trip(&im);
	}
	free(image);
	return 0;
}
