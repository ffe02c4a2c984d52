/*
 * check_results.c - check_results RESULTS.json EXPECTED: a results.json
 * that vm grade --json wrote, read with cJSON, against Gradescope's format
 * (top level: score, execution_time, output, visibility, tests; each test:
 * name, number, score, max_score, status, output, visibility, and tags if
 * any), and against the verdicts EXPECTED says, exactly:
 *
 *     == TEST NAME: failed 0/2
 *     check 1 (line 32): output matches "..."
 *       no line matches
 *
 * one block per test that ran, in order: its status and score, then the
 * lines of its output, except those that would change with the kernel's
 * layout or the machine: events (their instruction counts), the console
 * output ("| ..."), and the command to watch the run (a path).
 * Prints each difference and exits 1 if there is any.  With --record, prints
 * what EXPECTED would be for RESULTS.json instead (record.sh).
 */
#include <cjson/cJSON.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned problems;

__attribute__((format(printf, 1, 2)))
static void bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("check_results: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	problems++;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nbuf;
		}
		got = fread(buf + len, 1, 4096, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static const cJSON *field(const cJSON *o, const char *key, const char *where)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		bad("%s: no \"%s\"", where, key);
	return v;
}

static bool is_visibility(const cJSON *v)
{
	static const char *const names[] = { "hidden", "after_due_date", "after_published", "visible" };
	for (size_t i = 0; cJSON_IsString(v) && i < 4; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return true;
	return false;
}

/* The line at *p into text (cut at n - 1 bytes), *p moved past it; NULL at
 * the end. */
static const char *next_line(const char **p, char *text, size_t n)
{
	if (!**p)
		return NULL;
	const char *nl = strchr(*p, '\n');
	size_t len = nl ? (size_t)(nl - *p) : strlen(*p);
	snprintf(text, n, "%.*s", (int)len, *p);
	*p += len + (nl != NULL);
	return text;
}

/* Does an output line change with the kernel's layout or the machine? */
static bool unstable(const char *line, const regex_t *event)
{
	const char *s = line + strspn(line, " ");
	return regexec(event, line, 0, NULL, 0) == 0 || strncmp(s, "| ", 2) == 0 ||
	       strcmp(s, "|") == 0 || strncmp(s, "to watch this run:", 18) == 0;
}

/* The expected block of test name: the lines after its "== " line, up to
 * the next; *header gets the "== " line's rest ("failed 0/2"). */
static char **block(char *expected, const char *name, char *header, size_t n, size_t *nlines)
{
	char **lines = NULL;
	size_t count = 0;
	bool in = false;
	*nlines = 0;
	header[0] = '\0';
	for (char *line = expected; line && *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (strncmp(line, "== ", 3) == 0) {
			size_t nlen = strlen(name);
			in = len > 3 + nlen + 2 && strncmp(line + 3, name, nlen) == 0 &&
			     strncmp(line + 3 + nlen, ": ", 2) == 0;
			if (in)
				snprintf(header, n, "%.*s", (int)(len - 5 - nlen), line + 5 + nlen);
		} else if (in && line[0] != '#') {
			char **more = realloc(lines, (count + 1) * sizeof *lines);
			if (!more)
				break;
			lines = more;
			lines[count] = malloc(len + 1);
			if (!lines[count])
				break;
			memcpy(lines[count], line, len);
			lines[count++][len] = '\0';
		}
		line = nl ? nl + 1 : NULL;
	}
	*nlines = count;
	return lines;
}

static void check_test(const cJSON *t, char *expected, const regex_t *event, double *sum)
{
	const cJSON *name = field(t, "name", "a test");
	const char *n = cJSON_IsString(name) ? name->valuestring : "?";
	const cJSON *score = field(t, "score", n), *max = field(t, "max_score", n);
	const cJSON *status = field(t, "status", n), *output = field(t, "output", n);
	const cJSON *number = field(t, "number", n), *vis = field(t, "visibility", n);
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(t, "tags");
	if (!cJSON_IsString(name) || !cJSON_IsNumber(score) || !cJSON_IsNumber(max) ||
	    !cJSON_IsString(status) || !cJSON_IsString(output) || !cJSON_IsString(number)) {
		bad("%s: a field of the wrong type", n);
		return;
	}
	if (!is_visibility(vis))
		bad("%s: visibility is not one of Gradescope's", n);
	if (tags && !cJSON_IsArray(tags))
		bad("%s: tags is not a list", n);
	if (strcmp(status->valuestring, "passed") && strcmp(status->valuestring, "failed"))
		bad("%s: status \"%s\"", n, status->valuestring);
	if (score->valuedouble < 0 || score->valuedouble > max->valuedouble)
		bad("%s: score %g of %g", n, score->valuedouble, max->valuedouble);
	*sum += score->valuedouble;

	char header[128], got[128];
	size_t nwant;
	char **want = block(expected, n, header, sizeof header, &nwant);
	snprintf(got, sizeof got, "%s %g/%g", status->valuestring, score->valuedouble, max->valuedouble);
	if (!header[0])
		bad("%s: not expected to run (no \"== %s: ...\" block)", n, n);
	else if (strcmp(header, got) != 0)
		bad("%s: expected %s, got %s", n, header, got);
	/* the output's stable lines against the block's */
	size_t i = 0;
	char text[1024];
	for (const char *p = output->valuestring; next_line(&p, text, sizeof text);) {
		if (unstable(text, event))
			continue;
		if (i >= nwant)
			bad("%s: output line not expected: %s", n, text);
		else if (strcmp(text, want[i]) != 0)
			bad("%s: output line %zu:\n  expected: %s\n  got:      %s", n, i + 1, want[i], text);
		i++;
	}
	for (; i < nwant; i++)
		bad("%s: expected output line missing: %s", n, want[i]);
	for (i = 0; i < nwant; i++)
		free(want[i]);
	free(want);
}

/* --record: print what EXPECTED would be for these results (record.sh). */
static int record(const cJSON *tests, const regex_t *event)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tests) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
		const cJSON *status = cJSON_GetObjectItemCaseSensitive(t, "status");
		const cJSON *score = cJSON_GetObjectItemCaseSensitive(t, "score");
		const cJSON *max = cJSON_GetObjectItemCaseSensitive(t, "max_score");
		const cJSON *output = cJSON_GetObjectItemCaseSensitive(t, "output");
		if (!cJSON_IsString(name) || !cJSON_IsString(status) || !cJSON_IsNumber(score) ||
		    !cJSON_IsNumber(max) || !cJSON_IsString(output))
			return 1;
		printf("== %s: %s %g/%g\n", name->valuestring, status->valuestring, score->valuedouble,
		       max->valuedouble);
		char text[1024];
		for (const char *p = output->valuestring; next_line(&p, text, sizeof text);)
			if (!unstable(text, event))
				printf("%s\n", text);
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool recording = argc == 3 && strcmp(argv[1], "--record") == 0;
	if (argc != 3) {
		fputs("usage: check_results RESULTS.json EXPECTED\n"
		      "       check_results --record RESULTS.json\n", stderr);
		return 2;
	}
	if (recording) {
		argv[1] = argv[2];
		argv[2] = argv[1];
	}
	char *json = slurp(argv[1]), *expected = slurp(argv[2]);
	if (!json || !expected) {
		fprintf(stderr, "check_results: cannot read %s\n", json ? argv[2] : argv[1]);
		return 2;
	}
	regex_t event;	/* "    >      80100  [hw] ...": an event, with its instruction count */
	regcomp(&event, "^ *>? +[0-9]+  \\[", REG_EXTENDED | REG_NOSUB);
	cJSON *root = cJSON_Parse(json);
	if (!cJSON_IsObject(root)) {
		bad("%s: not a JSON object", argv[1]);
		goto done;
	}
	if (recording) {
		problems = (unsigned)record(cJSON_GetObjectItemCaseSensitive(root, "tests"), &event);
		goto done;
	}
	const cJSON *score = field(root, "score", "the top level");
	const cJSON *time = field(root, "execution_time", "the top level");
	const cJSON *output = field(root, "output", "the top level");
	const cJSON *vis = field(root, "visibility", "the top level");
	const cJSON *tests = field(root, "tests", "the top level");
	if (!cJSON_IsNumber(score) || !cJSON_IsNumber(time) || time->valuedouble < 0 ||
	    !cJSON_IsString(output) || !cJSON_IsArray(tests))
		bad("the top level: a field of the wrong type");
	if (!is_visibility(vis))
		bad("the top level: visibility is not one of Gradescope's");
	double sum = 0;
	size_t ntests = 0;
	const cJSON *t;
	cJSON_ArrayForEach(t, tests) {
		check_test(t, expected, &event, &sum);
		ntests++;
	}
	if (cJSON_IsNumber(score) && score->valuedouble != sum)
		bad("the top level: score %g, but the tests' scores add up to %g", score->valuedouble, sum);
	/* every block expected ran */
	size_t blocks = 0;
	for (const char *s = expected; (s = strstr(s, "== ")) != NULL; s += 3)
		if (s == expected || s[-1] == '\n')
			blocks++;
	if (blocks != ntests)
		bad("%zu tests expected, %zu ran", blocks, ntests);
done:
	cJSON_Delete(root);
	regfree(&event);
	free(json);
	free(expected);
	return problems ? 1 : 0;
}
