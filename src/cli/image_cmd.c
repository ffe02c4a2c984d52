/*
 * image_cmd.c - programs added to a kernel image's file table, so that its
 * shell runs them by name: vm image writes such an image, vm run --add
 * boots one.  A program is a source assembled after the user library, the
 * way programs/CMakeLists.txt assembles the build's programs, or an image
 * already assembled.  The image is laid out again by img_write, the one
 * packer, which vm asm --file uses too.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "cli.h"

static const char image_usage[] =
	"usage: vm image -o out.bin [--kernel kernel.bin] program...\n"
	"\n"
	"Write an image to run later (vm run out.bin): a kernel with programs added to\n"
	"its file table, so that its shell runs each one by name.  A program is a\n"
	"source (.s), assembled after the user library as the build assembles\n"
	"programs/, or a user program already assembled (an image, .bin).  Its name is\n"
	"its file's, without the directory and the .s or .bin: letters, digits, '.',\n"
	"'_' and '-', and not a builtin of the shell.  A program of the same name in\n"
	"the kernel's file table is replaced, and vm says so.\n"
	"\n"
	"options:\n"
	"  -o, --output FILE     the image to write\n"
	"  --kernel IMAGE        the kernel image to add to, with the programs it carries\n"
	"                        (default: the default image, the one vm run boots)\n"
	"  -h, --help            show this help\n"
	"\n"
	"The user library is lib/sources.txt beside the default image: its sources,\n"
	"one a line, crt0.s first.\n"
	"\n"
	"exit status: 0 success, 64 usage (a bad program name too), 65 invalid image\n"
	"or assembly errors, 66 unreadable file, 70 out of memory, 73 cannot write\n"
	"the image.\n";

/* ---- The user library ---------------------------------------------------- */

/* Its sources in assembly order, from the list vm_user_library() names:
 * one path a line, relative to the list's directory unless absolute;
 * blank lines and lines starting with # are skipped. */
struct library {
	struct asm_source *srcs;	/* n of them, then room for the program */
	size_t n;
	char *text;			/* the list; the names point into it or paths */
	char **paths;			/* the relative paths joined, one a line */
	size_t lines;
};

static void library_free(struct library *lib)
{
	for (size_t i = 0; lib->paths && i < lib->lines; i++)
		free(lib->paths[i]);
	free(lib->paths);
	free(lib->srcs);
	free(lib->text);
}

/* Read the library's list and check that each source can be read.
 * Returns 0 or vm's exit status. */
static int library_read(struct library *lib)
{
	const char *list = vm_user_library();
	const char *slash = strrchr(list, '/');
	size_t dirlen = slash ? (size_t)(slash - list) + 1 : 0, len;
	int status;
	lib->text = (char *)read_input(list, &len, &status);
	if (!lib->text)
		return status;
	char *text = realloc(lib->text, len + 1);
	if (!text)
		goto oom;
	lib->text = text;
	text[len] = '\0';
	lib->lines = 1;
	for (size_t i = 0; i < len; i++)
		lib->lines += text[i] == '\n';
	lib->srcs = calloc(lib->lines + 1, sizeof *lib->srcs);
	lib->paths = calloc(lib->lines, sizeof *lib->paths);
	if (!lib->srcs || !lib->paths)
		goto oom;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		const char *path = line;
		if (line[0] != '/' && dirlen) {
			char *joined = malloc(dirlen + strlen(line) + 1);
			if (!joined)
				goto oom;
			memcpy(joined, list, dirlen);
			strcpy(joined + dirlen, line);
			lib->paths[lib->n] = joined;
			path = joined;
		}
		if ((status = check_source(path)) != 0)
			return status;
		lib->srcs[lib->n++].name = path;
	}
	if (lib->n == 0) {
		errorf("%s: lists no sources of the user library", list);
		return EXIT_BADINPUT;
	}
	return 0;
oom:
	errorf("out of memory");
	return EXIT_INTERNAL;
}

/* ---- One program --------------------------------------------------------- */

struct prog {
	const char *path;
	char name[IMG_MAX_NAME + 1];
	uint8_t *bytes;		/* its image */
	size_t len;
};

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);
	return n > k && memcmp(s + n - k, end, k) == 0;
}

/* The program's name: its file's, without the directory and .s or .bin.
 * The shell must read it as one word, and any shell can type it.
 * Returns 0 or EXIT_USAGE. */
static int prog_name(const char *cmd, struct prog *p)
{
	const char *base = strrchr(p->path, '/');
	base = base ? base + 1 : p->path;
	size_t n = strlen(base);
	if (ends_with(base, n, ".s"))
		n -= 2;
	else if (ends_with(base, n, ".bin"))
		n -= 4;
	bool ok = n > 0 && n <= IMG_MAX_NAME;	/* a file name has at most 255 bytes anyway */
	for (size_t i = 0; ok && i < n; i++)
		ok = (base[i] >= 'a' && base[i] <= 'z') || (base[i] >= 'A' && base[i] <= 'Z') ||
		     (base[i] >= '0' && base[i] <= '9') || strchr("._-", base[i]);
	if (!ok) {
		errorf("%s: %s: '%.*s' cannot be a program's name: use letters, digits, '.', '_' "
		       "and '-'", cmd, p->path, (int)n, base);
		return EXIT_USAGE;
	}
	memcpy(p->name, base, n);
	p->name[n] = '\0';
	return 0;
}

/* Assemble the source p->path after the library, or read the image there.
 * Returns 0 or vm's exit status. */
static int prog_load(struct prog *p, struct library *lib)
{
	int status;
	if (!ends_with(p->path, strlen(p->path), ".s")) {
		struct img *im = malloc(sizeof *im);
		char err[256];
		if (!im) {
			errorf("out of memory");
			return EXIT_INTERNAL;
		}
		p->bytes = read_input(p->path, &p->len, &status);
		if (p->bytes && img_parse(im, p->bytes, p->len, err, sizeof err) != 0) {
			errorf("%s: not a program image: %s", p->path, err);
			status = EXIT_BADINPUT;
		} else if (p->bytes) {
			status = 0;
		}
		free(im);
		return status;
	}
	if ((status = check_source(p->path)) != 0)
		return status;
	if (!lib->srcs && (status = library_read(lib)) != 0)
		return status;
	lib->srcs[lib->n] = (struct asm_source){ .name = p->path };
	struct asm_input in = { .sources = lib->srcs, .nsources = lib->n + 1 };
	int errors = asm_assemble(&in, &p->bytes, &p->len, stderr);
	if (errors) {
		fprintf(stderr, "%d error%s\n", errors, errors == 1 ? "" : "s");
		return EXIT_BADINPUT;
	}
	return 0;
}

/* ---- The shell's builtins ------------------------------------------------ */

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The bytes at virtual address va of a parsed program, if a segment's file
 * bytes hold at least one there; *left gets how many. */
static const uint8_t *prog_bytes(const struct img *im, uint32_t va, uint32_t *left)
{
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		if (va >= s->addr && va - s->addr < s->filesz) {
			*left = s->filesz - (va - s->addr);
			return s->data + (va - s->addr);
		}
	}
	return NULL;
}

/* Would the shell run its builtin rather than the program called name?
 * The builtins are the shell's table sh.builtins (programs/sh.s): pairs of
 * (name, routine) words, ending with a 0.  No shell, or one without that
 * table: no builtins to fear. */
static bool sh_builtin(const struct img_file *sh, const char *name)
{
	struct img *im = malloc(sizeof *im);
	char err[256];
	bool found = false;
	if (!im || img_parse(im, sh->data, sh->size, err, sizeof err) != 0)
		goto done;
	uint32_t table = 0, i, left;
	for (i = 0; i < im->nsyms && !table; i++) {
		struct img_sym s = img_symbol(im, i);
		if (s.kind == SYM_DATA && strcmp(s.name, "sh.builtins") == 0)
			table = s.value;
	}
	for (const uint8_t *w; table && !found; table += 8) {
		if (!(w = prog_bytes(im, table, &left)) || left < 4 || le32(w) == 0)
			break;
		const uint8_t *s = prog_bytes(im, le32(w), &left);
		size_t n = strlen(name);
		found = s && left > n && memcmp(s, name, n) == 0 && s[n] == '\0';
	}
done:
	free(im);
	return found;
}

/* ---- The image ----------------------------------------------------------- */

int image_add_programs(const char *cmd, const uint8_t *base, size_t len, const char *base_name,
		       char *const *progs, size_t n, uint8_t **out, size_t *out_len)
{
	struct library lib = { 0 };
	struct prog *p = calloc(n ? n : 1, sizeof *p);
	struct img *im = malloc(sizeof *im);
	struct img_file *files = NULL;
	struct img_sym *syms = NULL;
	struct img_source *srcs = NULL;
	struct img_line *lines = NULL;
	const char *shown = strrchr(base_name, '/') ? strrchr(base_name, '/') + 1 : base_name;
	char err[256];
	int status = EXIT_INTERNAL;
	*out = NULL;
	if (!p || !im)
		goto oom;
	/* the command line first: names, then the base image, then the work */
	for (size_t i = 0; i < n; i++) {
		p[i].path = progs[i];
		if ((status = prog_name(cmd, &p[i])) != 0)
			goto done;
		for (size_t k = 0; k < i; k++) {
			if (strcmp(p[k].name, p[i].name) == 0) {
				errorf("%s: %s and %s would both be the program %s", cmd, p[k].path,
				       p[i].path, p[i].name);
				status = EXIT_USAGE;
				goto done;
			}
		}
	}
	if (img_parse(im, base, len, err, sizeof err) != 0) {
		errorf("%s: %s", base_name, err);
		status = EXIT_BADINPUT;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if ((status = prog_load(&p[i], &lib)) != 0)
			goto done;

	/* the kernel's files, each program in the place of its namesake or
	 * after them all */
	uint32_t nfiles = im->nfiles;
	files = malloc((nfiles + n) * sizeof *files);
	syms = malloc((im->nsyms ? im->nsyms : 1) * sizeof *syms);
	if (!files || !syms)
		goto oom;
	for (uint32_t i = 0; i < nfiles; i++)
		files[i] = img_file(im, i);
	for (size_t i = 0; i < n; i++) {
		uint32_t at = 0;
		while (at < nfiles && strcmp(files[at].name, p[i].name) != 0)
			at++;
		if (at < nfiles)
			errorf("%s: %s replaces the program %s of %s", cmd, p[i].path, p[i].name,
			       shown);
		else
			nfiles++;
		files[at] = (struct img_file){ p[i].name, p[i].bytes, (uint32_t)p[i].len,
					       FILE_IMAGE };
	}
	for (uint32_t i = 0; i < nfiles; i++) {
		if (strcmp(files[i].name, "sh") != 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (sh_builtin(&files[i], p[k].name)) {
				errorf("%s: %s: the shell has a builtin %s, which it runs instead: "
				       "give the program another name", cmd, p[k].path, p[k].name);
				status = EXIT_USAGE;
				goto done;
			}
		}
	}

	for (uint32_t i = 0; i < im->nsyms; i++)
		syms[i] = img_symbol(im, i);
	if (!img_lines_of(im, &srcs, &lines))
		goto oom;
	struct img_desc d = { im->entry, im->nsegs, im->nsyms, nfiles, im->segs, syms, files,
			      im->nsrcs, im->nlines, srcs, lines };
	*out = img_write(&d, out_len);
	if (!*out)
		goto oom;
	status = 0;
	if (img_parse(im, *out, *out_len, err, sizeof err) != 0) {
		/* too many files, or the image grew past 4 GiB */
		errorf("%s: with the programs added, the image is invalid: %s", base_name, err);
		status = EXIT_BADINPUT;
		free(*out);
		*out = NULL;
	}
	goto done;
oom:
	errorf("out of memory");
	status = EXIT_INTERNAL;
done:
	for (size_t i = 0; p && i < n; i++)
		free(p[i].bytes);
	free(p);
	free(im);
	free(files);
	free(syms);
	free(srcs);
	free(lines);
	library_free(&lib);
	return status;
}

/* ---- vm image ------------------------------------------------------------ */

int cmd_image(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *kernel = NULL;
	int c, status;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'k': kernel = optarg; break;
		case 'h':
			fputs(image_usage, stdout);
			return 0;
		default:
			return bad_option("image", c, argv);
		}
	}
	if (!output) {
		errorf("image: name the image to write with -o (see vm image --help)");
		return EXIT_USAGE;
	}
	if (!kernel)
		kernel = vm_default_image();
	size_t len, out_len;
	uint8_t *base = read_input(kernel, &len, &status), *image = NULL;
	if (!base)
		return status;
	status = image_add_programs("image", base, len, kernel, argv + optind,
				    (size_t)(argc - optind), &image, &out_len);
	if (status == 0 && write_file(output, image, out_len) != 0) {
		errorf("%s: cannot write the image: %s", output, strerror(errno));
		status = EXIT_CANTCREATE;
	}
	free(image);
	free(base);
	return status;
}
