/*
 * events_writer.c - the JSON writer of the stream's JSON views
 * (events_writer.h): a record in a bounded buffer, numbers spliced, strings
 * quoted by cJSON and cached.
 */
#include "events_writer.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

void evw_init(struct evw *w, FILE *out, const struct ev_stream *s)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->s = s;
}

char *evw_quote(char *dst, size_t n, const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	if (!j || !cJSON_PrintPreallocated(j, dst, (int)n, 0))
		snprintf(dst, n, "\"\"");
	cJSON_Delete(j);
	return dst;
}

void evw_u64(struct evw *w, uint64_t v)
{
	char d[24];
	size_t i = sizeof d;
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	evw_putn(w, d + i, sizeof d - i);
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
	evw_putn(w, c->text, c->len);
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
	if (fwrite(w->line, 1, w->len, w->out) != w->len) {
		w->failed = errno ? errno : EIO;
		return 1;
	}
	return 0;
}
