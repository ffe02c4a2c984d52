/*
 * dap.h - vm dap, the Debug Adapter Protocol's front end of the debug
 * engine (src/debug/debug.h): an editor's requests (breakpoints, steps,
 * variables, memory) turned into the engine's calls, and its stops into
 * the protocol's events.  The framing is dap_wire.c's; the requests are
 * adapter.c's and views.c's.  What only the vm command knows (building an
 * image with --add, sizes like 16M, the terminal debugger's commands for
 * the debug console) it hands in as a host.
 */
#ifndef DAP_H
#define DAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct dbg;

struct dap_host {
	void *ctx;
	/* The image of a launch: the file image (NULL: the default image)
	 * with the programs add[0..nadd) in its file table, as vm run --add
	 * makes it.  0 and a malloc'd image, or -1 with one line in err. */
	int (*image)(void *ctx, const char *image, char *const *add, size_t nadd, uint8_t **out,
		     size_t *len, char *err, size_t errlen);
	/* "16M", "512K", "65536": 0 and the bytes, or -1. */
	int (*size)(const char *text, uint64_t *out);
	/* The debug console: vm debug's commands on a session, each one's
	 * output written to out; run returns false if the command failed. */
	void *(*console_new)(struct dbg *s);
	bool (*console_run)(void *console, const char *line, FILE *out);
	void (*console_free)(void *console);
};

/* What dap_serve ended with. */
enum dap_end {
	DAP_END_OK,		/* the client disconnected, or closed the input */
	DAP_END_PROTOCOL,	/* input that cannot be framed: a header that does
				 * not end, a length over the limit */
	DAP_END_IO,		/* the output cannot be written */
	DAP_END_MEMORY,
};

/* Serve one client: requests from in_fd, responses and events to out_fd,
 * until it disconnects or the input ends.  Diagnostics of the server
 * itself go to log (may be NULL). */
enum dap_end dap_serve(int in_fd, int out_fd, const struct dap_host *host, FILE *log);

#endif
