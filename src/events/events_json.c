/*
 * events_json.c - the event stream as JSON Lines (vm run --events=FILE):
 * one object per event, a "start" record first and an "end" record last.
 * The schema is docs/events.md; tests/events validates every line against
 * it.
 *
 * Every string goes through cJSON (Debian's libcjson), which escapes it:
 * the names of the tables and the kernel's symbols once, and cached; a
 * string from guest memory each time.  Numbers and the fixed keys are
 * spliced in by the small writer below, because cJSON's own printer costs
 * about 1.3 us an event on the development machine, and a CPU-bound run
 * makes three events a timer tick: the sieve would pay a third more time
 * (docs/performance.md, "The event stream").
 */
#include "events.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "os.h"

enum { LINE_MAX = 2048, QUOTED_MAX = 200, NSYMCACHE = 64 };

/* A string as a JSON string literal, quotes included ("\"sched+24\"").
 * Returns dst; "\"\"" if it does not fit. */
static char *quote(char *dst, size_t n, const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	if (!j || !cJSON_PrintPreallocated(j, dst, (int)n, 0))
		snprintf(dst, n, "\"\"");
	cJSON_Delete(j);
	return dst;
}

struct symcache {
	uint32_t addr;
	bool used;
	char text[QUOTED_MAX];
};

/* The quoted form of a table's name, cached by the name's address (the
 * tables' strings never move). */
struct namecache {
	const char *name;
	char text[48];
};
enum { NNAMECACHE = 128 };

struct ev_json {
	FILE *out;
	const struct ev_stream *s;
	int failed;
	char line[LINE_MAX];
	size_t len;
	struct symcache syms[NSYMCACHE];
	struct namecache names[NNAMECACHE];
};

/* ---- The line being built ------------------------------------------------- */

static void put(struct ev_json *j, const char *s)
{
	size_t n = strlen(s);
	if (j->len + n < LINE_MAX) {
		memcpy(j->line + j->len, s, n);
		j->len += n;
	}
}

static void put_u64(struct ev_json *j, uint64_t v)
{
	char d[24];
	int i = sizeof d;
	d[--i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(j, d + i);
}

static void put_i64(struct ev_json *j, int64_t v)
{
	if (v < 0) {
		put(j, "-");
		put_u64(j, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(j, (uint64_t)v);
	}
}

/* ,"key": then the value, for the three kinds of value. */
static void key(struct ev_json *j, const char *k)
{
	put(j, ",\"");
	put(j, k);
	put(j, "\":");
}

static void field_u(struct ev_json *j, const char *k, uint64_t v) { key(j, k); put_u64(j, v); }
static void field_i(struct ev_json *j, const char *k, int64_t v) { key(j, k); put_i64(j, v); }

/* A name from a table ("timer", "write", "user"), quoted by cJSON once. */
static void field_name(struct ev_json *j, const char *k, const char *name)
{
	key(j, k);
	if (!name) {
		put(j, "null");
		return;
	}
	struct namecache *c = &j->names[((uintptr_t)name >> 3) % NNAMECACHE];
	if (c->name != name) {
		c->name = name;
		quote(c->text, sizeof c->text, name);
	}
	put(j, c->text);
}

/* A kernel address as symbol+offset, through a small cache (the same few
 * handlers and kernel routines come back at every tick). */
static void field_at(struct ev_json *j, const char *k, uint32_t addr)
{
	struct symcache *c = &j->syms[(addr >> 2) % NSYMCACHE];
	if (!c->used || c->addr != addr) {
		char text[QUOTED_MAX - 8];
		ev_symbolize(j->s, addr, text, sizeof text);
		c->used = true;
		c->addr = addr;
		if (text[0])
			quote(c->text, sizeof c->text, text);
		else
			c->text[0] = '\0';
	}
	if (c->text[0]) {
		key(j, k);
		put(j, c->text);
	}
}

static int flush_line(struct ev_json *j)
{
	put(j, "}\n");
	if (fwrite(j->line, 1, j->len, j->out) != j->len) {
		j->failed = errno ? errno : EIO;
		return 1;
	}
	return 0;
}

/* ---- Records ---------------------------------------------------------------- */

static const char *mode(bool user) { return user ? "user" : "kernel"; }

/* {"n":...,"pid":...,"mode":...,"ie":...,"src":...,"event":... */
static void begin(struct ev_json *j, const struct ev *e, const char *src, const char *event)
{
	j->len = 0;
	put(j, "{\"n\":");
	put_u64(j, e->n);
	field_u(j, "pid", e->pid);
	put(j, e->user ? ",\"mode\":\"user\"" : ",\"mode\":\"kernel\"");
	put(j, e->ie ? ",\"ie\":true" : ",\"ie\":false");
	field_name(j, "src", src);
	field_name(j, "event", event);
}

static void trap_record(struct ev_json *j, const struct cpu_event *ce)
{
	field_name(j, "cause", ev_cause_name(ce->cause));
	field_name(j, "from", mode(ce->status_before & STATUS_UM));
	field_u(j, "pc", ce->pc);
	field_u(j, "insn_pc", ce->insn_pc);
	if (ce->cause < TRAP_COUNT && isa_causes[ce->cause].kind == CAUSE_FAULT)
		field_u(j, "faddr", ce->faddr);
	field_u(j, "handler", ce->handler);
	field_at(j, "handler_at", ce->handler);
}

static void os_arg(struct ev_json *j, uint32_t code, unsigned i, uint32_t v)
{
	const char *name = ev_os_arg_name(code, i);
	if (!name)
		return;
	char q[QUOTED_MAX];
	switch (ev_os_arg_format(code, i)) {
	case 'x':
		field_u(j, name, v);
		break;
	case 'c':
		field_name(j, name, ev_cause_name(v));
		break;
	case 'y':
		field_name(j, name, ev_syscall_name(v));
		break;
	case 's': {
		char s[64];
		size_t k = 0;
		uint8_t c;
		while (k + 1 < sizeof s && cpu_read(ev_stream_machine(j->s), v + (uint32_t)k, &c, 1) && c)
			s[k++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
		s[k] = '\0';
		key(j, name);
		put(j, quote(q, sizeof q, s));
		break;
	}
	default:
		field_i(j, name, (int32_t)v);
		break;
	}
}

static void os_record(struct ev_json *j, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	field_at(j, "at", ev_announcer(j->s, e));
	put(j, ",\"args\":{");
	size_t open = j->len;
	os_arg(j, ce->code, 0, ce->arg0);
	os_arg(j, ce->code, 1, ce->arg1);
	if (j->len > open)
		j->line[open] = ' ';	/* the first field's comma: {"pid":...} */
	put(j, "}");
	if (ce->code == OSEV_SYSCALL) {
		put(j, ",\"call_args\":[");
		for (unsigned i = 0; i < 4; i++) {
			if (i)
				put(j, ",");
			put_u64(j, e->args[i]);
		}
		put(j, "]");
	}
}

int ev_json_sink(void *json, const struct ev *e)
{
	struct ev_json *j = json;
	const struct cpu_event *ce = e->raw;
	if (j->failed)
		return 1;
	switch (e->kind) {
	case EV_TRAP:
		begin(j, e, "hw", "trap");
		trap_record(j, ce);
		break;
	case EV_IRET:
		begin(j, e, "hw", "iret");
		field_name(j, "to", mode(ce->status_after & STATUS_UM));
		field_u(j, "pc", ce->pc);
		if (!(ce->status_after & STATUS_UM))
			field_at(j, "at", ce->pc);
		break;
	case EV_OS: {
		const char *name = ev_os_name(ce->code);
		begin(j, e, "os", name ? name : "os_unknown");
		if (!name)
			field_u(j, "code", ce->code);	/* not in trace_events.def */
		os_record(j, e);
		break;
	}
	case EV_SYSRET:
		begin(j, e, "vm", "sysret");
		field_name(j, "call", ev_syscall_name(e->call));
		field_i(j, "ret", e->ret);
		break;
	case EV_STOP:
		begin(j, e, "hw", "stop");
		field_i(j, "status", (int32_t)ce->code);
		field_u(j, "pc", ce->pc);
		break;
	case EV_DOUBLE_FAULT:
		begin(j, e, "hw", "double_fault");
		field_name(j, "cause", ev_cause_name(ce->cause));
		field_u(j, "pc", ce->pc);
		break;
	case EV_KIND_COUNT:
		return 0;
	}
	return flush_line(j);
}

/* ---- The first and the last record: plain cJSON, they are two ---------------- */

static int print_object(struct ev_json *j, cJSON *o)
{
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;
	int rc = 0;
	if (!text || fprintf(j->out, "%s\n", text) < 0) {
		j->failed = text ? (errno ? errno : EIO) : ENOMEM;
		rc = 1;
	}
	free(text);
	cJSON_Delete(o);
	return rc;
}

struct ev_json *ev_json_open(FILE *out, const struct ev_stream *s, const struct ev_json_run *run)
{
	struct ev_json *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->out = out;
	j->s = s;
	cJSON *o = cJSON_CreateObject();
	if (o) {
		cJSON_AddNumberToObject(o, "n", 0);
		cJSON_AddStringToObject(o, "event", "start");
		cJSON_AddStringToObject(o, "schema", EV_SCHEMA);
		cJSON_AddNumberToObject(o, "version", EV_SCHEMA_VERSION);
		cJSON_AddStringToObject(o, "image", run->image ? run->image : "");
		cJSON_AddNumberToObject(o, "mem", run->mem);
		cJSON_AddNumberToObject(o, "quantum", run->quantum);
	}
	if (print_object(j, o)) {
		int e = j->failed;
		free(j);
		errno = e;
		return NULL;
	}
	return j;
}

int ev_json_close(struct ev_json *j, const char *reason, bool has_status, int32_t status)
{
	if (!j)
		return 0;
	int rc = j->failed;
	if (!rc) {
		cJSON *o = cJSON_CreateObject();
		if (o) {
			cJSON_AddNumberToObject(o, "n", (double)cpu_instret(ev_stream_machine(j->s)));
			cJSON_AddStringToObject(o, "event", "end");
			cJSON_AddStringToObject(o, "reason", reason);
			if (has_status)
				cJSON_AddNumberToObject(o, "status", status);
		}
		print_object(j, o);
		if (fflush(j->out) != 0 && !j->failed)
			j->failed = errno ? errno : EIO;
		rc = j->failed;
	}
	free(j);
	return rc;
}

int ev_json_failed(const struct ev_json *j) { return j ? j->failed : 0; }
