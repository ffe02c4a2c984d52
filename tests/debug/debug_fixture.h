/*
 * debug_fixture.h - what the debug engine's tests share: the kernel image,
 * given as the test's one argument, and sessions on it.
 */
#ifndef DEBUG_FIXTURE_H
#define DEBUG_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "debug.h"

extern uint8_t *dfx_kernel;
extern size_t dfx_kernel_len;

/* Read the kernel named by argv[1]; false (having said why) if it cannot. */
bool dfx_read_kernel(int argc, char **argv, const char *prog);
/* A session on the kernel (o may be NULL) with input typed at its console,
 * then end of input. */
struct dbg *dfx_session(const struct dbg_options *o, const char *input);

#endif
