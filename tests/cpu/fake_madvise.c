/*
 * fake_madvise.c - madvise as macOS and a WebAssembly build give it to us:
 * it succeeds and the bytes stay.  Linked into test_cpu_portable only, so
 * that a machine which trusted MADV_DONTNEED to zero RAM or its decode cache
 * would keep the old bytes there, as it did on those hosts.
 */
#define _DEFAULT_SOURCE	/* madvise */
#include <sys/mman.h>

int madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}
