/*
 * debug_travel.c - time travel in a long run, for bench/debug: record a run
 * of STEPS steps with the debug engine (src/debug), then go to random
 * moments of it and step back from each, timing every command; print the
 * history's memory against its bound.
 *
 *   debug_travel IMAGE INPUT STEPS POINTS [HISTORY_MEM_MIB]
 *
 * INPUT is what is typed at the console (\n for Enter).  Prints lines of
 * "name value" for bench/debug to read:
 *   steps, record_s, record_mips, snapshots, thinned, history_bytes,
 *   history_limit, rsi_end_ms (reverse-stepi at the end of the run, the
 *   median of 5), goto_ms_median/max (to each random moment, from the end
 *   of the run), rsi_ms_median/max (reverse-stepi there, 3 at each),
 *   rsi_far_ms_max (the first reverse-stepi after each goto).
 * Exit status 1 if the engine failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debug.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n ? v[n / 2] : 0;
}

static double max_of(const double *v, unsigned n)
{
	double m = 0;
	for (unsigned i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static uint64_t seed = 88172645463325252ull;
static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int fail(struct dbg *s, const char *what)
{
	fprintf(stderr, "debug_travel: %s: %s\n", what, dbg_error(s));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: debug_travel IMAGE INPUT STEPS POINTS [HISTORY_MEM_MIB]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	static uint8_t image[8 << 20];
	size_t len = fread(image, 1, sizeof image, f);
	fclose(f);
	/* the input, unescaped (\n only) */
	char *in = strdup(argv[2]), *o = in;
	for (const char *p = argv[2]; *p; p++)
		*o++ = p[0] == '\\' && p[1] == 'n' ? (p++, '\n') : *p;
	*o = '\0';
	uint64_t steps = strtoull(argv[3], NULL, 0);
	unsigned points = (unsigned)strtoul(argv[4], NULL, 0);
	struct dbg_options opt = { 0 };
	if (argc > 5)
		opt.history_mem = (size_t)strtoull(argv[5], NULL, 0) << 20;
	char err[200];
	struct dbg *s = dbg_new(image, len, &opt, err, sizeof err);
	if (!s) {
		fprintf(stderr, "debug_travel: %s\n", err);
		return 1;
	}
	dbg_input(s, in, strlen(in));
	dbg_input_close(s);
	free(in);

	struct dbg_stop st;
	dbg_set_limit(s, steps);
	double t0 = now_ms();
	if (dbg_continue(s, &st))
		return fail(s, "continue");
	double record = now_ms() - t0;
	uint64_t end = dbg_now(s);
	struct dbg_history_stats h;
	dbg_history(s, &h);

	double rsi_end[5];
	for (unsigned i = 0; i < 5; i++) {
		t0 = now_ms();
		if (dbg_reverse_stepi(s, 1, &st))
			return fail(s, "reverse-stepi");
		rsi_end[i] = now_ms() - t0;
	}

	double *go = calloc(points, sizeof *go), *rsi = calloc(3 * (size_t)points, sizeof *rsi);
	double *far = calloc(points, sizeof *far);
	unsigned nrsi = 0;
	for (unsigned k = 0; k < points; k++) {
		uint64_t p = 1 + rnd() % (end - 1);
		t0 = now_ms();
		if (dbg_goto(s, p, &st))
			return fail(s, "goto");
		go[k] = now_ms() - t0;
		for (unsigned i = 0; i < 3; i++) {
			t0 = now_ms();
			if (dbg_reverse_stepi(s, 1, &st))
				return fail(s, "reverse-stepi");
			rsi[nrsi++] = now_ms() - t0;
		}
		far[k] = rsi[nrsi - 3];
	}
	dbg_history(s, &h);
	printf("steps %llu\n", (unsigned long long)end);
	printf("record_s %.3f\n", record / 1e3);
	printf("record_mips %.1f\n", end / (record * 1e3));
	printf("snapshots %u\n", h.snapshots);
	printf("thinned %llu\n", (unsigned long long)h.thinned);
	printf("history_bytes %zu\n", h.bytes);
	printf("history_limit %zu\n", h.limit);
	printf("rsi_end_ms %.2f\n", median(rsi_end, 5));
	printf("goto_ms_median %.2f\n", median(go, points));
	printf("goto_ms_max %.2f\n", max_of(go, points));
	printf("rsi_ms_median %.2f\n", median(rsi, nrsi));
	printf("rsi_ms_max %.2f\n", max_of(rsi, nrsi));
	printf("rsi_far_ms_max %.2f\n", max_of(far, points));
	free(go);
	free(rsi);
	free(far);
	dbg_free(s);
	return 0;
}
