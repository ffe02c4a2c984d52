/*
 * events_writer.c - the JSON writer of the stream's JSON views
 * (events_writer.h): a record in a bounded buffer, numbers spliced, strings
 * quoted by cJSON and cached.
 */
#include "events_writer.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- The writing thread ----------------------------------------------------
 *
 * One producer (the run) fills chunk[filled % N]; one consumer (the thread)
 * writes chunk[written % N].  The run waits only when all N chunks are
 * full, that is when the file is written more slowly than the machine
 * makes its records.  A record is built in place (evw_start) in the room
 * past len; a chunk is handed over when that room falls below
 * EVW_LINE_MAX. */

enum { EVW_CHUNK = 1 << 20, EVW_NCHUNKS = 4 };

struct evw_async {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	unsigned filled, written;	/* chunks handed over, chunks written */
	bool done;			/* no more chunks will come */
	atomic_int failed;		/* errno of the first failed write */
	size_t len[EVW_NCHUNKS];
	FILE *out;
	char *chunk[EVW_NCHUNKS];
};

static void *writer_thread(void *arg)
{
	struct evw_async *a = arg;
	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (a->written == a->filled && !a->done)
			pthread_cond_wait(&a->changed, &a->mu);
		if (a->written == a->filled)
			break;
		unsigned i = a->written % EVW_NCHUNKS;
		pthread_mutex_unlock(&a->mu);
		if (!atomic_load(&a->failed) && fwrite(a->chunk[i], 1, a->len[i], a->out) != a->len[i])
			atomic_store(&a->failed, errno ? errno : EIO);
		pthread_mutex_lock(&a->mu);
		a->written++;
		pthread_cond_signal(&a->changed);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

static void async_free(struct evw_async *a)
{
	for (unsigned i = 0; i < EVW_NCHUNKS; i++)
		free(a->chunk[i]);
	pthread_cond_destroy(&a->changed);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

static struct evw_async *async_start(FILE *out)
{
	struct evw_async *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->changed, NULL);
	a->out = out;
	for (unsigned i = 0; i < EVW_NCHUNKS; i++) {
		if (!(a->chunk[i] = malloc(EVW_CHUNK))) {
			async_free(a);
			return NULL;
		}
	}
	if (pthread_create(&a->thread, NULL, writer_thread, a) != 0) {
		async_free(a);
		return NULL;
	}
	return a;
}

/* Hand the chunk being filled to the thread; wait for a free one. */
static void async_submit(struct evw_async *a)
{
	pthread_mutex_lock(&a->mu);
	a->filled++;
	pthread_cond_signal(&a->changed);
	while (a->filled - a->written == EVW_NCHUNKS)
		pthread_cond_wait(&a->changed, &a->mu);
	a->len[a->filled % EVW_NCHUNKS] = 0;
	pthread_mutex_unlock(&a->mu);
}

char *evw_chunk_cursor(struct evw *w)
{
	struct evw_async *a = w->async;
	unsigned i = a->filled % EVW_NCHUNKS;
	return a->chunk[i] + a->len[i];
}

/* The chunk is full enough that the next record might not fit: hand it
 * over.  Nonzero if the thread has failed a write. */
static int async_settle(struct evw *w)
{
	struct evw_async *a = w->async;
	if (a->len[a->filled % EVW_NCHUNKS] > EVW_CHUNK - EVW_LINE_MAX) {
		async_submit(a);
		if ((w->failed = atomic_load(&a->failed)))
			return 1;
	}
	return 0;
}

static int async_put(struct evw *w, const char *data, size_t n)
{
	struct evw_async *a = w->async;
	while (n) {
		unsigned i = a->filled % EVW_NCHUNKS;
		size_t room = EVW_CHUNK - a->len[i], k = n < room ? n : room;
		memcpy(a->chunk[i] + a->len[i], data, k);
		a->len[i] += k;
		data += k;
		n -= k;
		if (a->len[i] == EVW_CHUNK) {
			async_submit(a);
			if ((w->failed = atomic_load(&a->failed)))
				return 1;
		}
	}
	return async_settle(w);
}

void evw_init(struct evw *w, FILE *out, const struct ev_stream *s)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->s = s;
	w->line = w->own;
	if (out != stdout && out != stderr)
		w->async = async_start(out);
}

int evw_finish(struct evw *w)
{
	struct evw_async *a = w->async;
	if (a) {
		pthread_mutex_lock(&a->mu);
		if (a->len[a->filled % EVW_NCHUNKS])
			a->filled++;
		a->done = true;
		pthread_cond_signal(&a->changed);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
		if (!w->failed)
			w->failed = atomic_load(&a->failed);
		async_free(a);
		w->async = NULL;
		w->line = w->own;
	}
	if (fflush(w->out) != 0 && !w->failed)
		w->failed = errno ? errno : EIO;
	return w->failed;
}

int evw_text(struct evw *w, const char *text, size_t n)
{
	if (w->failed)
		return 1;
	if (w->async)
		return async_put(w, text, n);
	if (fwrite(text, 1, n, w->out) != n) {
		w->failed = errno ? errno : EIO;
		return 1;
	}
	return 0;
}

/* ---- Records ---------------------------------------------------------------- */

char *evw_quote(char *dst, size_t n, const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	if (!j || !cJSON_PrintPreallocated(j, dst, (int)n, 0))
		snprintf(dst, n, "\"\"");
	cJSON_Delete(j);
	return dst;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static unsigned ndigits(uint64_t v)
{
	unsigned n = 1;
	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Written in place, two digits at a time, from the last: the stream is
 * mostly numbers, and this is most of its formatting. */
void evw_u64(struct evw *w, uint64_t v)
{
	unsigned n = ndigits(v);
	if (w->len + n >= EVW_LINE_MAX)
		return;
	char *p = w->line + w->len + n;
	w->len += n;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		memcpy(p, digit_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
}

void evw_i64(struct evw *w, int64_t v)
{
	if (v < 0) {
		evw_put(w, "-");
		evw_u64(w, (uint64_t)0 - (uint64_t)v);
	} else {
		evw_u64(w, (uint64_t)v);
	}
}

void evw_field_name(struct evw *w, const char *k, const char *name)
{
	evw_key(w, k);
	if (!name) {
		evw_put(w, "null");
		return;
	}
	uintptr_t h = (uintptr_t)name;
	struct evw_namecache *c = &w->names[(h ^ (h >> 9)) % EVW_NNAMECACHE];
	if (c->name != name) {
		c->name = name;
		c->len = strlen(evw_quote(c->text, sizeof c->text, name));
	}
	if (w->len + sizeof c->text < EVW_LINE_MAX) {	/* a copy of known size: no call */
		memcpy(w->line + w->len, c->text, sizeof c->text);
		w->len += c->len;
	} else {
		evw_putn(w, c->text, c->len);
	}
}

/* Through a small cache: the same few handlers and kernel routines come
 * back at every tick. */
void evw_field_at(struct evw *w, const char *k, uint32_t addr)
{
	struct evw_symcache *c = &w->syms[(addr >> 2) % EVW_NSYMCACHE];
	if (!c->used || c->addr != addr) {
		char text[EVW_QUOTED_MAX - 8];
		ev_symbolize(w->s, addr, text, sizeof text);
		c->used = true;
		c->addr = addr;
		if (text[0])
			evw_quote(c->text, sizeof c->text, text);
		else
			c->text[0] = '\0';
		c->len = strlen(c->text);
	}
	if (c->len) {
		evw_key(w, k);
		evw_putn(w, c->text, c->len);
	}
}

size_t evw_object_begin(struct evw *w, const char *k)
{
	evw_key(w, k);
	evw_put(w, "{");
	return w->len;
}

void evw_object_end(struct evw *w, size_t open)
{
	if (w->len > open)
		w->line[open] = ' ';	/* the first field's comma: {"pid":...} */
	evw_put(w, "}");
}

static void os_arg(struct evw *w, uint32_t code, unsigned i, uint32_t v)
{
	const char *name = ev_os_arg_name(code, i);
	if (!name)
		return;
	switch (ev_os_arg_format(code, i)) {
	case 'x':
		evw_field_u(w, name, v);
		break;
	case 'c':
		evw_field_name(w, name, ev_cause_name(v));
		break;
	case 'y':
		evw_field_name(w, name, ev_syscall_name(v));
		break;
	case 's': {
		char s[64], q[EVW_QUOTED_MAX];
		evw_key(w, name);
		evw_put(w, evw_quote(q, sizeof q, ev_guest_string(w->s, v, s, sizeof s)));
		break;
	}
	default:
		evw_field_i(w, name, (int32_t)v);
		break;
	}
}

void evw_os_args(struct evw *w, const struct cpu_event *ce)
{
	os_arg(w, ce->code, 0, ce->arg0);
	os_arg(w, ce->code, 1, ce->arg1);
}

int evw_write(struct evw *w)
{
	if (w->failed)
		return 1;
	if (w->async) {	/* built in place: count it in */
		w->async->len[w->async->filled % EVW_NCHUNKS] += w->len;
		return async_settle(w);
	}
	return evw_text(w, w->line, w->len);
}
