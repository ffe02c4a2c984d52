/*
 * keys_doc.c - viz-keys: the visualiser's keys table for docs/visualiser.md,
 * written from viz_keys[], the table the window's keys and its help use,
 * so the docs cannot drift from the window.  The doc marks the table as
 * docs/gen/gendocs.c's tables are marked:
 *
 *     <!-- BEGIN GENERATED: viz-keys -->
 *     ...table...
 *     <!-- END GENERATED: viz-keys -->
 *
 * Usage:
 *     viz-keys                 print the table
 *     viz-keys --update FILE   rewrite the marked section in place
 *     viz-keys --check FILE    exit 1, saying so, if the marked section differs
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"

static const char BEGIN[] = "<!-- BEGIN GENERATED: viz-keys -->\n";
static const char END[] = "<!-- END GENERATED: viz-keys -->\n";

/* A whole file in a malloc'd, NUL-terminated buffer, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		goto fail;
	buf[n] = '\0';
	fclose(f);
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

/* The table as text, in a malloc'd buffer. */
static char *table(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	viz_keys_markdown(f);
	return fclose(f) == 0 ? buf : NULL;
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		viz_keys_markdown(stdout);
		return 0;
	}
	bool update = argc == 3 && strcmp(argv[1], "--update") == 0;
	if (argc != 3 || (!update && strcmp(argv[1], "--check") != 0)) {
		fprintf(stderr, "usage: viz-keys [--update FILE | --check FILE]\n");
		return 64;
	}
	const char *path = argv[2];
	int status = 1;
	char *doc = slurp(path), *want = table();
	char *b = doc ? strstr(doc, BEGIN) : NULL;
	char *e = b ? strstr(b, END) : NULL;
	if (!doc || !want) {
		fprintf(stderr, "viz-keys: %s: cannot read it\n", path);
		goto done;
	}
	if (!e) {
		fprintf(stderr, "viz-keys: %s: no viz-keys section (BEGIN and END GENERATED lines)\n", path);
		goto done;
	}
	char *body = b + strlen(BEGIN);
	bool same = (size_t)(e - body) == strlen(want) && memcmp(body, want, strlen(want)) == 0;
	if (!update) {
		if (!same)
			fprintf(stderr, "viz-keys: %s: the keys table differs from viz_keys[] "
					"(src/viz/viz.c); run: cmake --build build --target docs-viz-keys\n",
				path);
		status = same ? 0 : 1;
		goto done;
	}
	status = 0;
	if (same)
		goto done;
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(doc, 1, (size_t)(body - doc), f) != (size_t)(body - doc) ||
	    fputs(want, f) == EOF || fputs(e, f) == EOF) {
		fprintf(stderr, "viz-keys: %s: cannot write it\n", path);
		status = 1;
	}
	if (f && fclose(f) != 0)
		status = 1;
done:
	free(doc);
	free(want);
	return status;
}
