/*
 * fuzz_main.c - the regression driver: a main() for a harness built
 * without libFuzzer.  Each argument is an input file, or a directory whose
 * files are taken in name order; each input is run once through
 * LLVMFuzzerTestOneInput.  Any failed check aborts the process.
 *
 *   fuzz_image_regress tests/fuzz/corpus/fuzz_image
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

enum { MAX_INPUT = 1 << 20 };	/* libFuzzer's inputs are far smaller */

/* Run one file; returns 0 or -1 if it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	uint8_t *buf = malloc(MAX_INPUT);
	size_t n = buf ? fread(buf, 1, MAX_INPUT, f) : 0;
	int bad = !buf || ferror(f) || !feof(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read (or more than %d bytes)\n", path, MAX_INPUT);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int keep_entry(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Run every file of a directory, in name order; returns the number run or -1. */
static int run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, keep_entry, alphasort);
	int run = 0;
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);
		if (!path)
			run = -1;
		else if (run >= 0) {
			snprintf(path, len, "%s/%s", dir, names[i]->d_name);
			run = run_file(path) == 0 ? run + 1 : -1;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return run;
}

int main(int argc, char **argv)
{
	int total = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? run_dir(argv[i])
			: run_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "%s: no inputs found\n", argv[0]);
		return 1;
	}
	printf("%s: %d inputs, all checks passed\n", argv[0], total);
	return 0;
}
