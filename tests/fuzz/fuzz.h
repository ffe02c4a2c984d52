/*
 * fuzz.h - what the three libFuzzer harnesses share: the entry point
 * libFuzzer calls (and fuzz_main.c calls for the regression run) and the
 * check that stops a run with a message when a property does not hold.
 *
 * A harness is built two ways (tests/fuzz/CMakeLists.txt):
 *   - with clang and VM_FUZZ=ON, against libFuzzer and ASan/UBSan, to fuzz;
 *   - otherwise with fuzz_main.c, as the CTest test of label `fuzz` that runs
 *     every input of corpus/<harness>/ once.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the harness checks failed: say which and abort, so that
 * libFuzzer saves the input and the regression run fails. */
#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

#endif
