/*
 * kit_cmd.c - vm kit: a course's assignments, cut from the kernel itself.
 *
 * The kernel's sources (the .s files of src/os) mark the code a student writes for
 * each assignment with comment lines, so the kernel assembles the same
 * with them (docs/course-kit.md):
 *
 *     # >>> kit NAME: what to write here
 *     ...the kernel's own code...
 *     # --- kit NAME: the starter has instead
 *     #|	...lines the starter keeps in its place, so that it assembles...
 *     # <<< kit NAME
 *
 * (the "---" part is optional).  `vm kit NAME -o DIR` writes a starter:
 * the sources with NAME's holes cut (a TODO line and the "#|" lines in
 * place of each), every other assignment's code left whole; the programs
 * of the default image's file table, which the kernel carries; the
 * assignment's handout, grade spec and test programs (assignments/N-NAME/);
 * and a Makefile that builds and runs the kernel with vm alone.
 * --reference writes the same without cutting anything: the reference
 * kernel, byte for byte the build's.
 *
 * Where the kit is: kit/ beside the default image (build/kit in a build
 * tree, share/ldx/kit in an installation; assignments/CMakeLists.txt and
 * cmake/install.cmake put it there): kit/kernel.txt lists the kernel's
 * sources in the order they are assembled, kit/assignments/ holds the
 * assignments.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "image.h"

static const char kit_usage[] =
	"usage: vm kit NAME -o DIR [--reference]\n"
	"       vm kit --list\n"
	"\n"
	"Write the starter of a course assignment into DIR (which must be new or\n"
	"empty): the kernel's sources with the assignment's holes cut out (each a\n"
	"TODO), the user programs the kernel carries, the handout (README.md), the\n"
	"grade spec (grade.yaml), the assignment's test programs, and a Makefile:\n"
	"make builds default.bin with vm, make run boots it, make grade grades it.\n"
	"NAME is an assignment's name or number (vm kit --list).\n"
	"\n"
	"options:\n"
	"  -o, --output DIR   where to write the starter (made, with any missing\n"
	"                     directories above it)\n"
	"  --reference        the kernel whole, nothing cut: the reference solution\n"
	"  --list             list the assignments\n"
	"  -h, --help         show this help\n"
	"\n"
	"exit status: 0 success, 64 usage (an unknown assignment, a DIR not empty),\n"
	"65 a broken kit marker in the kernel's sources, 66 unreadable file, 70 out of\n"
	"memory, 73 cannot write the starter.\n";

#define KIT_MAX 32		/* assignments */

struct assignment {
	char dir[NAME_MAX + 1];	/* "2-switch" */
	char name[NAME_MAX + 1];	/* "switch" */
	int number;
	char title[160];	/* the handout's first heading */
};

struct kit {
	char root[PATH_MAX];	/* .../kit */
	struct assignment a[KIT_MAX];
	int n;
};

/* ---- Finding the kit ----------------------------------------------------- */

static int kit_find(struct kit *k)
{
	const char *image = vm_default_image();
	const char *slash = strrchr(image, '/');
	if (slash)
		snprintf(k->root, sizeof k->root, "%.*s/kit", (int)(slash - image), image);
	else
		snprintf(k->root, sizeof k->root, "kit");
	struct stat st;
	if (stat(k->root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		errorf("kit: %s: no course kit there (it comes with a build, and with cmake --install)",
		       k->root);
		return EXIT_NOINPUT;
	}
	return 0;
}

static int by_number(const void *x, const void *y)
{
	const struct assignment *a = x, *b = y;
	return (a->number > b->number) - (a->number < b->number);
}

/* The assignments: the directories N-NAME of kit/assignments, by N. */
static int kit_assignments(struct kit *k)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/assignments", k->root);
	DIR *d = opendir(path);
	if (!d) {
		errorf("kit: %s: cannot read: %s", path, strerror(errno));
		return EXIT_NOINPUT;
	}
	struct dirent *e;
	while ((e = readdir(d)) && k->n < KIT_MAX) {
		char *end;
		long num = strtol(e->d_name, &end, 10);
		if (end == e->d_name || *end != '-' || !end[1] || num <= 0)
			continue;
		struct assignment *a = &k->a[k->n];
		snprintf(a->dir, sizeof a->dir, "%s", e->d_name);
		snprintf(a->name, sizeof a->name, "%s", end + 1);
		a->number = (int)num;
		snprintf(path, sizeof path, "%s/assignments/%s/README.md", k->root, a->dir);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;	/* not an assignment */
		char line[256];
		size_t n = strlen(a->name);	/* the title, if the handout has none */
		if (n >= sizeof a->title)
			n = sizeof a->title - 1;
		memcpy(a->title, a->name, n);
		a->title[n] = '\0';
		if (fgets(line, sizeof line, f) && line[0] == '#') {
			char *t = line + strspn(line, "# ");
			t[strcspn(t, "\n")] = '\0';
			snprintf(a->title, sizeof a->title, "%s", t);
		}
		fclose(f);
		k->n++;
	}
	closedir(d);
	qsort(k->a, (size_t)k->n, sizeof k->a[0], by_number);
	return 0;
}

static const struct assignment *kit_lookup(const struct kit *k, const char *name)
{
	for (int i = 0; i < k->n; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d", k->a[i].number);
		if (strcmp(name, k->a[i].name) == 0 || strcmp(name, k->a[i].dir) == 0 ||
		    strcmp(name, num) == 0)
			return &k->a[i];
	}
	return NULL;
}

/* ---- Cutting the holes --------------------------------------------------- */

/* Does line (len bytes, no newline) start, after blanks, with the marker
 * tag ("# >>> kit ")?  Returns what follows it, or NULL. */
static const char *marker(const char *line, size_t len, const char *tag)
{
	size_t i = strspn(line, " \t"), n = strlen(tag);
	if (i + n > len || strncmp(line + i, tag, n) != 0)
		return NULL;
	return line + i + n;
}

/* The assignment name a marker names, up to ':' or the end of the line:
 * checked against the kit's list. */
static const struct assignment *marker_name(const struct kit *k, const char *after, size_t len,
					    const char *file, int lineno, int *status)
{
	size_t n = strcspn(after, ":\n");
	if (n > len)
		n = len;
	for (int i = 0; i < k->n; i++)
		if (strlen(k->a[i].name) == n && strncmp(after, k->a[i].name, n) == 0)
			return &k->a[i];
	errorf("kit: %s:%d: a kit marker names '%.*s', which is no assignment (vm kit --list)",
	       file, lineno, (int)n, after);
	*status = EXIT_BADINPUT;
	return NULL;
}

/* Append len bytes to the growing buffer *out. */
struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 4096) + len;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static void puts_buf(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/*
 * The source text (len bytes, from file) with assignment cut's holes cut,
 * or whole if cut is NULL; the marker lines of every other assignment go.
 * *holes counts cut's holes.  Returns 0 or EXIT_BADINPUT (having said
 * where the markers are wrong: one not closed, one inside another, a
 * "---" or "<<<" with no ">>>", a name that is no assignment).
 */
static int cut_source(const struct kit *k, const char *file, const char *text, size_t len,
		      const struct assignment *cut, struct buf *out, int *holes)
{
	enum { OUTSIDE, CODE, STARTER } state = OUTSIDE;
	const struct assignment *in = NULL;
	int open_line = 0, lineno = 0, status = 0;
	for (size_t at = 0; at < len;) {
		const char *line = text + at;
		const char *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		at += n + (nl != NULL);
		lineno++;
		const char *m;
		if ((m = marker(line, n, "# >>> kit "))) {
			if (state != OUTSIDE) {
				errorf("kit: %s:%d: a kit marker inside the one opened at line %d",
				       file, lineno, open_line);
				return EXIT_BADINPUT;
			}
			if (!(in = marker_name(k, m, n - (size_t)(m - line), file, lineno, &status)))
				return status;
			state = CODE;
			open_line = lineno;
			if (in == cut) {
				/* the TODO, indented as the marker, saying what to write */
				const char *what = memchr(m, ':', n - (size_t)(m - line));
				size_t indent = strspn(line, " \t");
				put(out, line, indent);
				puts_buf(out, "# TODO (");
				puts_buf(out, cut->name);
				puts_buf(out, ")");
				if (what)
					put(out, what, n - (size_t)(what - line));
				puts_buf(out, "\n");
				++*holes;
			}
			continue;
		}
		if ((m = marker(line, n, "# --- kit ")) || (m = marker(line, n, "# <<< kit "))) {
			bool close = marker(line, n, "# <<< kit ") != NULL;
			const struct assignment *which =
				marker_name(k, m, n - (size_t)(m - line), file, lineno, &status);
			if (!which)
				return status;
			if (state == OUTSIDE || which != in || (!close && state == STARTER)) {
				errorf("kit: %s:%d: '%.*s' does not follow a '# >>> kit %s' of its own",
				       file, lineno, (int)(n - strspn(line, " \t")),
				       line + strspn(line, " \t"), which->name);
				return EXIT_BADINPUT;
			}
			state = close ? OUTSIDE : STARTER;
			continue;
		}
		if (state == STARTER) {
			size_t i = strspn(line, " \t");
			if (i + 2 > n || line[i] != '#' || line[i + 1] != '|') {
				errorf("kit: %s:%d: a starter line of kit %s must start with '#|'",
				       file, lineno, in->name);
				return EXIT_BADINPUT;
			}
			if (in == cut) {
				put(out, line + i + 2, n - i - 2);
				puts_buf(out, "\n");
			}
			continue;
		}
		if (state == CODE && in == cut)
			continue;	/* the student's part */
		put(out, line, n);
		if (nl)
			puts_buf(out, "\n");
	}
	if (state != OUTSIDE) {
		errorf("kit: %s:%d: '# >>> kit %s' is never closed by '# <<< kit %s'", file,
		       open_line, in->name, in->name);
		return EXIT_BADINPUT;
	}
	return 0;
}

/* ---- Writing the starter ------------------------------------------------- */

static int write_text(const char *dir, const char *name, const char *text, size_t len)
{
	char path[PATH_MAX + NAME_MAX + 2];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (write_file(path, (const uint8_t *)text, len) != 0) {
		errorf("kit: %s: cannot write: %s", path, strerror(errno));
		return EXIT_CANTCREATE;
	}
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		errorf("kit: %s: cannot make the directory: %s", path, strerror(errno));
		return EXIT_CANTCREATE;
	}
	return 0;
}

/* DIR and the directories above it that are missing, as mkdir -p makes
 * them: "vm kit trap -o starters/1-trap" without a starters/ yet. */
static int make_dirs(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
		errorf("kit: %s: the path is too long", dir);
		return EXIT_CANTCREATE;
	}
	for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		int status = make_dir(path);
		*slash = '/';
		if (status)
			return status;
	}
	return make_dir(path);
}

/* DIR must be new or empty: the kit never writes over a student's work. */
static int check_output(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? make_dirs(dir) : (errorf("kit: %s: %s", dir, strerror(errno)),
							    EXIT_CANTCREATE);
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty) {
		errorf("kit: %s: not empty: the kit writes a starter only into a new or empty directory",
		       dir);
		return EXIT_USAGE;
	}
	return 0;
}

/* Copy the file from to dir/name. */
static int copy_file(const char *from, const char *dir, const char *name)
{
	size_t len;
	int status;
	uint8_t *bytes = read_input(from, &len, &status);
	if (!bytes)
		return status;
	status = write_text(dir, name, (const char *)bytes, len);
	free(bytes);
	return status;
}

/* The kernel's sources, cut, into DIR/kernel/; their names, in order, into
 * *names ("kernel/layout.s kernel/os_tables.s ..."). */
static int write_kernel(const struct kit *k, const struct assignment *cut, const char *dir,
			struct buf *names)
{
	char path[PATH_MAX + 64], kdir[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/kernel.txt", k->root);
	snprintf(kdir, sizeof kdir, "%s/kernel", dir);
	int status = make_dir(kdir);
	if (status)
		return status;
	size_t len;
	char *list = (char *)read_input(path, &len, &status);
	if (!list)
		return status;
	int holes = 0, nsources = 0;
	char *save = NULL;
	/* (read_input leaves room for nothing: copy into a string) */
	char *text = malloc(len + 1);
	if (!text) {
		free(list);
		errorf("out of memory");
		return EXIT_INTERNAL;
	}
	memcpy(text, list, len);
	text[len] = '\0';
	free(list);
	for (char *line = strtok_r(text, "\n", &save); line && !status;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!line[0] || line[0] == '#')
			continue;
		char src[PATH_MAX + 64];
		if (line[0] == '/')
			snprintf(src, sizeof src, "%s", line);
		else
			snprintf(src, sizeof src, "%s/%s", k->root, line);
		size_t slen;
		char *s = (char *)read_input(src, &slen, &status);
		if (!s)
			break;
		struct buf out = { 0 };
		status = cut_source(k, src, s, slen, cut, &out, &holes);
		free(s);
		const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
		if (!status && out.oom) {
			errorf("out of memory");
			status = EXIT_INTERNAL;
		}
		if (!status)
			status = write_text(kdir, base, out.p ? out.p : "", out.len);
		free(out.p);
		puts_buf(names, nsources++ ? " kernel/" : "kernel/");
		puts_buf(names, base);
	}
	free(text);
	if (!status && nsources == 0) {
		errorf("kit: %s: lists no kernel sources", path);
		status = EXIT_BADINPUT;
	}
	if (!status && cut && holes == 0) {
		errorf("kit: no '# >>> kit %s' marker in the kernel's sources: nothing to cut",
		       cut->name);
		status = EXIT_BADINPUT;
	}
	return status;
}

/* The programs of the default image's file table into DIR/programs/, and
 * the --file options that put them back, in the same order, into *files. */
static int write_programs(const char *dir, struct buf *files)
{
	const char *image = vm_default_image();
	size_t len;
	int status;
	uint8_t *bytes = read_input(image, &len, &status);
	if (!bytes)
		return status;
	struct img im;
	char err[256], pdir[PATH_MAX + 16];
	if (img_parse(&im, bytes, len, err, sizeof err) != 0) {
		errorf("kit: %s: %s", image, err);
		free(bytes);
		return EXIT_BADINPUT;
	}
	snprintf(pdir, sizeof pdir, "%s/programs", dir);
	status = make_dir(pdir);
	for (uint32_t i = 0; i < im.nfiles && !status; i++) {
		struct img_file f = img_file(&im, i);
		char name[NAME_MAX + 1];
		snprintf(name, sizeof name, "%s.bin", f.name);
		status = write_text(pdir, name, (const char *)f.data, f.size);
		puts_buf(files, " \\\n\t--file ");
		puts_buf(files, f.name);
		puts_buf(files, "=programs/");
		puts_buf(files, name);
	}
	free(bytes);
	return status;
}

/* The assignment's own files: README.md, grade.yaml, and tests/ if any. */
static int write_assignment(const struct kit *k, const struct assignment *a, const char *dir)
{
	char adir[PATH_MAX + NAME_MAX + 32], path[PATH_MAX * 2];
	snprintf(adir, sizeof adir, "%s/assignments/%s", k->root, a->dir);
	static const char *const files[] = { "README.md", "grade.yaml" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", adir, files[i]);
		int status = copy_file(path, dir, files[i]);
		if (status)
			return status;
	}
	snprintf(path, sizeof path, "%s/tests", adir);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	char tdir[PATH_MAX + 16];
	snprintf(tdir, sizeof tdir, "%s/tests", dir);
	int status = make_dir(tdir);
	struct dirent *e;
	while (!status && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".s") != 0)
			continue;
		char from[PATH_MAX * 2 + NAME_MAX];
		snprintf(from, sizeof from, "%s/%s", path, e->d_name);
		status = copy_file(from, tdir, e->d_name);
	}
	closedir(d);
	return status;
}

static const char makefile_head[] =
	"# Makefile - build, run and grade your kernel, with vm alone (written by\n"
	"# vm kit).  make: assemble kernel/*.s, with the user programs in its file\n"
	"# table, into default.bin.  make run / trace / protocol / debug / gui: boot\n"
	"# it.  make grade: the assignment's tests (grade.yaml).  make lint: the\n"
	"# rules of limited direct execution, checked while it runs.  VM: the vm\n"
	"# that wrote the kit (make VM=... for another one).\n";

static const char makefile_rules[] =
	"\n"
	"default.bin: $(SOURCES) $(wildcard programs/*.bin)\n"
	"\t$(VM) asm -o $@ -l kernel.lst $(PROGRAMS) $(SOURCES)\n"
	"\n"
	"run: default.bin\n"
	"\t$(VM) run default.bin\n"
	"trace: default.bin\n"
	"\tprintf '$(INPUT)' | $(VM) run --trace default.bin\n"
	"protocol: default.bin\n"
	"\t$(VM) protocol --input '$(INPUT)' default.bin\n"
	"debug: default.bin\n"
	"\t$(VM) debug --input '$(INPUT)' default.bin\n"
	"gui: default.bin\n"
	"\t$(VM) gui default.bin\n"
	"grade: default.bin\n"
	"\t$(VM) grade grade.yaml\n"
	"lint: default.bin\n"
	"\tprintf '$(INPUT)' | $(VM) lint default.bin\n"
	"clean:\n"
	"\trm -f default.bin kernel.lst\n"
	"\n"
	".PHONY: run trace protocol debug gui grade lint clean\n";

static int kit_write(const struct kit *k, const struct assignment *a, bool reference,
		     const char *dir)
{
	int status = check_output(dir);
	if (status)
		return status;
	struct buf sources = { 0 }, files = { 0 }, mk = { 0 };
	if ((status = write_kernel(k, reference ? NULL : a, dir, &sources)) ||
	    (status = write_programs(dir, &files)) || (status = write_assignment(k, a, dir)))
		goto out;
	puts_buf(&mk, makefile_head);
	const char *exe = vm_exe_dir();	/* a student's PATH need not have vm */
	puts_buf(&mk, "VM ?= ");
	puts_buf(&mk, exe ? exe : "");
	puts_buf(&mk, exe ? "/vm\n" : "vm\n");
	puts_buf(&mk, "INPUT ?= hello\\nexit\\n\n\n");
	puts_buf(&mk, "SOURCES = ");
	puts_buf(&mk, sources.p);
	puts_buf(&mk, "\nPROGRAMS =");
	puts_buf(&mk, files.p ? files.p : "");
	puts_buf(&mk, "\n");
	puts_buf(&mk, makefile_rules);
	if (sources.oom || files.oom || mk.oom) {
		errorf("out of memory");
		status = EXIT_INTERNAL;
		goto out;
	}
	status = write_text(dir, "Makefile", mk.p, mk.len);
	if (!status)
		printf("%s: the %s of %s (cd %s && make grade)\n", dir,
		       reference ? "reference kernel" : "starter", a->title, dir);
out:
	free(sources.p);
	free(files.p);
	free(mk.p);
	return status;
}

int cmd_kit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "reference", no_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *output = NULL;
	bool reference = false, list = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'r': reference = true; break;
		case 'L': list = true; break;
		case 'h': fputs(kit_usage, stdout); return 0;
		default: return bad_option("kit", c, argv);
		}
	}
	int rest = argc - optind;
	if (list ? rest != 0 || output || reference : rest != 1 || !output) {
		errorf("kit: %s", list ? "--list takes nothing else (see vm kit --help)"
				  : rest != 1 ? "give one assignment (vm kit --list)"
					      : "give -o DIR (see vm kit --help)");
		return EXIT_USAGE;
	}
	struct kit *k = calloc(1, sizeof *k);
	if (!k) {
		errorf("out of memory");
		return EXIT_INTERNAL;
	}
	int status = kit_find(k);
	if (!status)
		status = kit_assignments(k);
	if (status)
		goto out;
	if (list) {
		for (int i = 0; i < k->n; i++)
			printf("%d  %-10s %s\n", k->a[i].number, k->a[i].name, k->a[i].title);
		goto out;
	}
	const struct assignment *a = kit_lookup(k, argv[optind]);
	if (!a) {
		errorf("kit: no assignment '%s' (vm kit --list)", argv[optind]);
		status = EXIT_USAGE;
		goto out;
	}
	status = kit_write(k, a, reference, output);
out:
	free(k);
	return status;
}
