/*
 * disasm_cmd.c - vm disasm: an image (or a program in its file table) as
 * assembly that assembles back to the same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "cli.h"

static const char disasm_usage[] =
	"usage: vm disasm [options] image.bin\n"
	"\n"
	"Disassemble an image: each segment after an .org, instructions in code\n"
	"segments, data as .word/.byte, the image's symbols as labels, in the\n"
	"image's order.  The output assembles back to the same bytes:\n"
	"vm disasm X.bin | vm asm -o Y.bin - gives Y.bin = X.bin for an image vm asm\n"
	"made (with its file table's programs packed again by vm asm --file), the\n"
	"line table aside: the disassembly is another source (vm asm --no-lines, and\n"
	"compare with vm disasm --strip).\n"
	"\n"
	"options:\n"
	"  --file NAME     disassemble the program NAME from the image's file table\n"
	"  --files         list the image's file table instead\n"
	"  --lines         list the image's line table instead: each line that made\n"
	"                  bytes, its address, size, file and line number\n"
	"  --strip OUT     write the image without its line table (and its programs\n"
	"                  without theirs) to OUT, as vm asm --no-lines would have made\n"
	"                  it, instead of disassembling\n"
	"  -h, --help      show this help\n"
	"\n"
	"exit status: 0 success, 64 usage, 65 invalid image, 66 unreadable file,\n"
	"73 cannot write the output.\n";

static void list_files(const struct img *im)
{
	for (uint32_t i = 0; i < im->nfiles; i++) {
		struct img_file f = img_file(im, i);
		printf("%-16s %8u bytes%s\n", f.name, f.size, f.flags & FILE_IMAGE ? "  image" : "");
	}
}

static void list_lines(const struct img *im)
{
	for (uint32_t i = 0; i < im->nlines; i++) {
		struct img_line l = img_line(im, i);
		printf("0x%08x %6u  %s:%u\n", l.addr, l.size, img_source(im, l.src).name, l.line);
	}
}

int cmd_disasm(int argc, char **argv)
{
	enum { OPT_FILE = 256, OPT_FILES, OPT_LINES, OPT_STRIP };
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, OPT_FILE },
		{ "files", no_argument, NULL, OPT_FILES },
		{ "lines", no_argument, NULL, OPT_LINES },
		{ "strip", required_argument, NULL, OPT_STRIP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *inner = NULL, *strip = NULL;
	bool files = false, lines = false;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FILE: inner = optarg; break;
		case OPT_FILES: files = true; break;
		case OPT_LINES: lines = true; break;
		case OPT_STRIP: strip = optarg; break;
		case 'h':
			fputs(disasm_usage, stdout);
			return 0;
		default:
			return bad_option("disasm", c, argv);
		}
	}
	if (optind != argc - 1) {
		errorf("disasm: give one image (see vm disasm --help)");
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	size_t len;
	int rstatus;
	uint8_t *bytes = read_input(path, &len, &rstatus);
	if (!bytes)
		return rstatus;
	int status = 0;
	char err[256];
	struct img *im = malloc(sizeof *im);
	if (!im) {
		errorf("out of memory");
		status = EXIT_INTERNAL;
		goto done;
	}
	if (img_parse(im, bytes, len, err, sizeof err)) {
		errorf("%s: %s", path, err);
		status = EXIT_BADINPUT;
		goto done;
	}
	if (inner) {
		uint32_t i = 0;
		while (i < im->nfiles && strcmp(img_file(im, i).name, inner) != 0)
			i++;
		if (i == im->nfiles || !(img_file(im, i).flags & FILE_IMAGE)) {
			errorf("%s: no program named '%s' in the file table (see vm disasm --files)", path, inner);
			status = EXIT_BADINPUT;
			goto done;
		}
		struct img_file f = img_file(im, i);
		/* Parsed and validated already, as part of the outer image. */
		img_parse(im, f.data, f.size, err, sizeof err);
	}
	if (strip) {
		size_t n;
		uint8_t *out = img_strip(im, &n);
		if (!out) {
			errorf("out of memory");
			status = EXIT_INTERNAL;
		} else if (write_file(strip, out, n)) {
			errorf("%s: cannot write the image: %s", strip, strerror(errno));
			status = EXIT_CANTCREATE;
		}
		free(out);
		goto done;
	}
	if (files)
		list_files(im);
	else if (lines)
		list_lines(im);
	else
		disasm_image(stdout, im);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		errorf("cannot write the disassembly: %s", strerror(errno ? errno : EIO));
		status = EXIT_CANTCREATE;
	}
done:
	free(im);
	free(bytes);
	return status;
}
