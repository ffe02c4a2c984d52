/*
 * events_writer.h - the small JSON writer that the stream's JSON views share
 * (events_json.c, events_timeline.c); internal to src/events.
 *
 * A record is built in a bounded buffer and written with one fwrite.  Every
 * string goes through cJSON (Debian's libcjson), which escapes it: the names
 * of the tables and the kernel's symbols once, then cached; a string from
 * guest memory each time.  Numbers and fixed keys are spliced in, because
 * cJSON's own printer costs about 1.3 us an event, and a CPU-bound run makes
 * several events a timer tick (docs/performance.md, "The event stream").
 *
 * To a file, the records are gathered in chunks of a megabyte that a second
 * thread writes, so that the kernel's cost of writing them (as much as the
 * formatting, for a syscall-heavy run) is paid on another core while the
 * machine goes on.  The file's bytes are the same; a failed write is seen
 * one chunk later.  To the standard output or error, where the guest's
 * console may write too, each record is written when it is made, so that
 * the two keep their order.
 */
#ifndef EVENTS_WRITER_H
#define EVENTS_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "events.h"

enum { EVW_LINE_MAX = 2048, EVW_QUOTED_MAX = 200, EVW_NSYMCACHE = 64, EVW_NNAMECACHE = 512 };

struct evw_symcache {
	uint32_t addr;
	bool used;
	size_t len;
	char text[EVW_QUOTED_MAX];
};

/* The quoted form of a table's name, cached by the name's address (the
 * tables' strings, and string literals, never move). */
struct evw_namecache {
	const char *name;
	size_t len;
	char text[48];
};

struct evw_async;	/* the writing thread and its chunks */

struct evw {
	FILE *out;
	struct evw_async *async;	/* NULL: each record written when made */
	const struct ev_stream *s;
	int failed;		/* errno of the first failed write, 0 if none */
	char *line;		/* the record being built: in own, or in place
				 * in the chunk the thread will write */
	size_t len;
	char own[EVW_LINE_MAX];
	struct evw_symcache syms[EVW_NSYMCACHE];
	struct evw_namecache names[EVW_NNAMECACHE];
};

/* Writing to out: through a second thread unless out is the standard
 * output or error (or the thread cannot start).  evw_finish must follow. */
void evw_init(struct evw *w, FILE *out, const struct ev_stream *s);
/* Write what is left, stop the thread, flush out.  Returns the errno of
 * the first failed write, or 0. */
int evw_finish(struct evw *w);
/* n bytes of text as they are (a record made by cJSON, the timeline's
 * frame), after the records before it. */
int evw_text(struct evw *w, const char *text, size_t n);

/* s as a JSON string literal, quotes included ("\"sched+24\"").  Returns
 * dst; "\"\"" if it does not fit. */
char *evw_quote(char *dst, size_t n, const char *s);

/* Building a record: evw_start empties the buffer; what does not fit in
 * EVW_LINE_MAX is left out (no record comes near it).  With the thread,
 * the record is built where it will be written from: no copy. */
char *evw_chunk_cursor(struct evw *w);
static inline void evw_start(struct evw *w)
{
	w->len = 0;
	w->line = w->async ? evw_chunk_cursor(w) : w->own;
}

/* The small ones are inline, so that the length of a literal key is known
 * when the program is compiled: a CPU-bound run writes millions of them. */
static inline void evw_putn(struct evw *w, const char *s, size_t n)
{
	if (w->len + n < EVW_LINE_MAX) {
		memcpy(w->line + w->len, s, n);
		w->len += n;
	}
}
static inline void evw_put(struct evw *w, const char *s) { evw_putn(w, s, strlen(s)); }
void evw_u64(struct evw *w, uint64_t v);
void evw_i64(struct evw *w, int64_t v);

/* ,"key": then a value. */
static inline void evw_key(struct evw *w, const char *k)
{
	evw_putn(w, ",\"", 2);
	evw_put(w, k);
	evw_putn(w, "\":", 2);
}
static inline void evw_field_u(struct evw *w, const char *k, uint64_t v)
{
	evw_key(w, k);
	evw_u64(w, v);
}
static inline void evw_field_i(struct evw *w, const char *k, int64_t v)
{
	evw_key(w, k);
	evw_i64(w, v);
}
/* A name from a table ("timer", "write") or a string literal, quoted once;
 * null for NULL. */
void evw_field_name(struct evw *w, const char *k, const char *name);
/* A kernel address as symbol+offset; nothing when the symbols do not
 * cover it. */
void evw_field_at(struct evw *w, const char *k, uint32_t addr);

/* ,"key":{ ... } whose fields are written with the functions above (each
 * with its leading comma): evw_object_end turns the first one into a space,
 * so the object reads { "pid":1,...}.  Returns the position to give it. */
size_t evw_object_begin(struct evw *w, const char *k);
void evw_object_end(struct evw *w, size_t open);

/* The arguments of OS event ce, named by its row of trace_events.def
 * (,"pid":3,"program":"sh"): numbers, addresses, names of causes and
 * system calls, strings read from guest memory. */
void evw_os_args(struct evw *w, const struct cpu_event *ce);


/* Write the record built; nonzero (and w->failed) if the write failed. */
int evw_write(struct evw *w);

#endif
