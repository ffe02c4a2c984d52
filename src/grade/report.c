/*
 * report.c - the verdicts, as a table for a person and as Gradescope's
 * results.json for the course's pipeline.  Both say the same: each test's
 * points and verdict, and for a failure what went wrong (runner.c and
 * check.c wrote that).
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grade_int.h"

static void totals(const struct grade_spec *s, const struct grade_result *r, double *score,
		   double *max, size_t *passed, size_t *ran)
{
	*score = *max = 0;
	*passed = *ran = 0;
	for (size_t i = 0; i < s->ntests; i++) {
		if (!r[i].ran)
			continue;
		*score += r[i].score;
		*max += r[i].max_score;
		*passed += r[i].passed;
		(*ran)++;
	}
}

static void summary(struct sbuf *b, const struct grade_spec *s, const struct grade_result *r)
{
	double score, max;
	size_t passed, ran;
	totals(s, r, &score, &max, &passed, &ran);
	sb_printf(b, "%g/%g points, %zu of %zu test%s passed", score, max, passed, ran, ran == 1 ? "" : "s");
}

/* Each line of text, indented. */
static void indented(FILE *out, const char *text, const char *indent)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		fprintf(out, "%s%.*s\n", indent, (int)n, text);
		text += n + (nl != NULL);
	}
}

void grade_print_table(FILE *out, const struct grade_spec *s, const struct grade_result *r)
{
	int width = 4;
	for (size_t i = 0; i < s->ntests; i++)
		if (r[i].ran && (int)strlen(s->tests[i].name) > width)
			width = (int)strlen(s->tests[i].name);
	if (width > 48)
		width = 48;
	fprintf(out, "%3s  %-*s  %9s  %s\n", "#", width, "test", "points", "result");
	for (size_t i = 0; i < s->ntests; i++) {
		if (!r[i].ran)
			continue;
		char points[32];
		snprintf(points, sizeof points, "%g/%g", r[i].score, r[i].max_score);
		fprintf(out, "%3zu  %-*.*s  %9s  %s\n", i + 1, width, width, s->tests[i].name, points,
			r[i].passed ? "pass" : "FAIL");
		if (!r[i].passed)
			indented(out, r[i].output, "       ");
	}
	struct sbuf b = { 0 };
	summary(&b, s, r);
	fprintf(out, "total: %s\n", b.s);
	sb_free(&b);
}

/* A passed test's output: the checks it passed. */
static char *passed_output(const struct gtest *t)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < t->nchecks; i++) {
		sb_printf(&b, "check %zu passed: ", i + 1);
		gcheck_describe(t, &t->checks[i], &b);
		sb_puts(&b, "\n");
	}
	return sb_take(&b);
}

static bool add_string(cJSON *o, const char *key, const char *value)
{
	return cJSON_AddStringToObject(o, key, value) != NULL;
}

static cJSON *results_json(const struct grade_spec *s, const struct grade_result *r, double seconds)
{
	cJSON *root = cJSON_CreateObject(), *tests = NULL;
	struct sbuf b = { 0 };
	double score, max;
	size_t passed, ran;
	bool ok = root != NULL;
	totals(s, r, &score, &max, &passed, &ran);
	summary(&b, s, r);
	ok = ok && cJSON_AddNumberToObject(root, "score", score);
	ok = ok && cJSON_AddNumberToObject(root, "execution_time", seconds);
	ok = ok && add_string(root, "output", b.s);
	ok = ok && add_string(root, "visibility", s->visibility ? s->visibility : "visible");
	ok = ok && (tests = cJSON_AddArrayToObject(root, "tests"));
	sb_free(&b);
	for (size_t i = 0; ok && i < s->ntests; i++) {
		const struct gtest *t = &s->tests[i];
		cJSON *o = cJSON_CreateObject(), *tags = NULL;
		char number[32];
		if (!r[i].ran) {
			cJSON_Delete(o);
			continue;
		}
		snprintf(number, sizeof number, "%zu", i + 1);
		char *text = r[i].passed ? passed_output(t) : NULL;
		ok = o && cJSON_AddItemToArray(tests, o);
		ok = ok && add_string(o, "name", t->name);
		ok = ok && add_string(o, "number", number);
		ok = ok && cJSON_AddNumberToObject(o, "score", r[i].score);
		ok = ok && cJSON_AddNumberToObject(o, "max_score", r[i].max_score);
		ok = ok && add_string(o, "status", r[i].passed ? "passed" : "failed");
		ok = ok && add_string(o, "output", text ? text : r[i].output ? r[i].output : "");
		ok = ok && add_string(o, "visibility", t->visibility ? t->visibility : s->visibility ? s->visibility : "visible");
		free(text);
		if (ok && t->ntags) {
			ok = (tags = cJSON_AddArrayToObject(o, "tags")) != NULL;
			for (size_t k = 0; ok && k < t->ntags; k++)
				ok = cJSON_AddItemToArray(tags, cJSON_CreateString(t->tags[k]));
		}
	}
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int grade_write_json(const char *path, const struct grade_spec *s,
		     const struct grade_result *r, double seconds)
{
	cJSON *root = results_json(s, r, seconds);
	char *text = root ? cJSON_Print(root) : NULL;
	int rc = -1;
	cJSON_Delete(root);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (f) {
		bool written = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
		rc = f == stdout ? (written && fflush(f) == 0 ? 0 : -1)
				 : (fclose(f) == 0 && written ? 0 : -1);
	}
	cJSON_free(text);
	return rc;
}
