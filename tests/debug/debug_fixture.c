/*
 * debug_fixture.c - the debug engine tests' shared setup (debug_fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_fixture.h"

uint8_t *dfx_kernel;
size_t dfx_kernel_len;

bool dfx_read_kernel(int argc, char **argv, const char *prog)
{
	enum { MAX = 1 << 22 };
	if (argc != 2) {
		fprintf(stderr, "usage: %s kernel.bin\n", prog);
		return false;
	}
	FILE *in = fopen(argv[1], "rb");
	if (!in) {
		perror(argv[1]);
		return false;
	}
	dfx_kernel = malloc(MAX);
	dfx_kernel_len = dfx_kernel ? fread(dfx_kernel, 1, MAX, in) : 0;
	fclose(in);
	return dfx_kernel_len > 0;
}

struct dbg *dfx_session(const struct dbg_options *o, const char *input)
{
	char err[200];
	struct dbg *s = dbg_new(dfx_kernel, dfx_kernel_len, o, err, sizeof err);
	if (!s)
		fail_msg("dbg_new: %s", err);
	assert_true(dbg_input(s, input, strlen(input)));
	dbg_input_close(s);
	return s;
}
