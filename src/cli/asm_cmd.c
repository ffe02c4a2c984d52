/*
 * asm_cmd.c - vm asm: assemble source files into an image, optionally
 * with a listing and with files packed into the image's file table.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "cli.h"

static const char asm_usage[] =
	"usage: vm asm [options] source.s...\n"
	"\n"
	"Assemble one or more source files, as one program in the order given, into\n"
	"an image.  A source named - is standard input.  Errors are reported as\n"
	"file:line:col: error: ..., every one of them, each with its source line and\n"
	"a caret.\n"
	"\n"
	"options:\n"
	"  -o, --output FILE     the image to write (default: the last source's name\n"
	"                        with .bin for .s, so that the program comes after its\n"
	"                        library: vm asm crt0.s print.s hello.s writes hello.bin)\n"
	"  -l, --listing FILE    write a listing: address, encoding, source (- for stdout)\n"
	"  --file NAME=PATH      carry PATH in the image's file table as NAME (repeatable;\n"
	"                        an image file is marked as one and validated)\n"
	"  --no-lines            no line table: the image does not say which source line\n"
	"                        made which bytes, nor carry the sources (vm debug's list)\n"
	"  -h, --help            show this help\n"
	"\n"
	"exit status: 0 success, 64 usage, 65 assembly errors, 66 unreadable file,\n"
	"70 out of memory, 73 cannot write an output file.\n";

/* The image's name when there is no -o: the last source's, which is the
 * program itself when a library comes first (programs/CMakeLists.txt). */
static char *default_output(const char *src)
{
	size_t n = strlen(src);
	if (n > 2 && strcmp(src + n - 2, ".s") == 0)
		n -= 2;
	char *out = malloc(n + 5);
	if (out) {
		memcpy(out, src, n);
		memcpy(out + n, ".bin", 5);
	}
	return out;
}

struct asm_args {
	const char *output, *listing;
	struct asm_file *files;
	uint8_t **file_bytes;
	size_t nfiles;
	bool no_lines;
};

static void free_args(struct asm_args *a)
{
	for (size_t i = 0; i < a->nfiles; i++)
		free(a->file_bytes[i]);
	free(a->files);
	free(a->file_bytes);
}

/* --file NAME=PATH: read PATH now.  Returns 0 or an exit status. */
static int add_file(struct asm_args *a, char *spec)
{
	char *eq = strchr(spec, '=');
	if (!eq || eq == spec || !eq[1]) {
		errorf("asm: --file %s: expected NAME=PATH", spec);
		return EXIT_USAGE;
	}
	*eq = '\0';
	size_t len;
	int rstatus;
	uint8_t *bytes = read_input(eq + 1, &len, &rstatus);
	if (!bytes)
		return rstatus;
	struct asm_file *nf = realloc(a->files, (a->nfiles + 1) * sizeof *nf);
	uint8_t **nb = nf ? realloc(a->file_bytes, (a->nfiles + 1) * sizeof *nb) : NULL;
	if (nf)
		a->files = nf;
	if (nb)
		a->file_bytes = nb;
	if (!nf || !nb) {
		free(bytes);
		errorf("out of memory");
		return EXIT_INTERNAL;
	}
	a->files[a->nfiles] = (struct asm_file){ spec, bytes, len };
	a->file_bytes[a->nfiles++] = bytes;
	return 0;
}

static int parse_asm_args(int argc, char **argv, struct asm_args *a)
{
	enum { OPT_FILE = 256, OPT_NO_LINES };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "listing", required_argument, NULL, 'l' },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "no-lines", no_argument, NULL, OPT_NO_LINES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, status;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': a->output = optarg; break;
		case 'l': a->listing = optarg; break;
		case OPT_FILE:
			if ((status = add_file(a, optarg)) != 0)
				return status;
			break;
		case OPT_NO_LINES: a->no_lines = true; break;
		case 'h':
			fputs(asm_usage, stdout);
			return 0;
		default:
			return bad_option("asm", c, argv);
		}
	}
	if (optind >= argc) {
		errorf("asm: no source files (see vm asm --help)");
		return EXIT_USAGE;
	}
	return -1;
}

int cmd_asm(int argc, char **argv)
{
	struct asm_args a = { 0 };
	struct asm_source *srcs = NULL;
	char *output = NULL;
	FILE *listing = NULL;
	uint8_t *image = NULL, *stdin_text = NULL;
	size_t len = 0;
	int status = parse_asm_args(argc, argv, &a);
	if (status >= 0)
		goto done;

	size_t nsrcs = (size_t)(argc - optind);
	const char *last = argv[argc - 1];
	if (!a.output && strcmp(last, "-") == 0) {
		errorf("asm: give the image a name with -o when the last source is standard input");
		status = EXIT_USAGE;
		goto done;
	}
	srcs = calloc(nsrcs, sizeof *srcs);
	output = a.output ? strdup(a.output) : default_output(last);
	if (!srcs || !output) {
		errorf("out of memory");
		status = EXIT_INTERNAL;
		goto done;
	}
	status = -1;
	for (size_t i = 0; i < nsrcs; i++) {
		struct asm_source *src = &srcs[i];
		int s;
		src->name = argv[optind + (int)i];
		if (strcmp(src->name, "-") != 0) {
			if ((s = check_source(src->name)) != 0)
				status = s;
			continue;
		}
		if (stdin_text) {
			errorf("asm: standard input (-) can be only one of the sources");
			status = EXIT_USAGE;
			goto done;
		}
		stdin_text = read_input("/dev/stdin", &src->len, &s);
		if (!stdin_text) {
			status = s;
			continue;
		}
		src->name = "<stdin>";
		src->text = (const char *)stdin_text;
	}
	if (status >= 0)
		goto done;
	if (a.listing) {
		listing = strcmp(a.listing, "-") == 0 ? stdout : fopen(a.listing, "w");
		if (!listing) {
			errorf("%s: cannot write the listing: %s", a.listing, strerror(errno));
			status = EXIT_CANTCREATE;
			goto done;
		}
	}
	struct asm_input in = { .sources = srcs, .nsources = nsrcs, .files = a.files,
				.nfiles = a.nfiles, .listing = listing, .no_lines = a.no_lines };
	int errors = asm_assemble(&in, &image, &len, stderr);
	if (errors) {
		fprintf(stderr, "%d error%s\n", errors, errors == 1 ? "" : "s");
		status = EXIT_BADINPUT;
		goto done;
	}
	if (write_file(output, image, len)) {
		errorf("%s: cannot write the image: %s", output, strerror(errno));
		status = EXIT_CANTCREATE;
		goto done;
	}
	status = 0;
done:
	if (listing == stdout && (fflush(stdout) != 0 || ferror(stdout)) && status == 0) {
		errorf("cannot write the listing: %s", strerror(errno ? errno : EIO));
		status = EXIT_CANTCREATE;
	}
	if (listing && listing != stdout && fclose(listing) != 0 && status == 0) {
		errorf("%s: cannot write the listing: %s", a.listing, strerror(errno));
		status = EXIT_CANTCREATE;
	}
	free(image);
	free(stdin_text);
	free(output);
	free(srcs);
	free_args(&a);
	return status;
}
