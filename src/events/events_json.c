/*
 * events_json.c - the event stream as JSON Lines (vm run --events=FILE):
 * one object per event, a "start" record first and an "end" record last.
 * The schema is docs/events.md; tests/events validates every line against
 * it.
 *
 * Every string goes through cJSON (Debian's libcjson), which escapes it:
 * the names of the tables and the kernel's symbols once, and cached; a
 * string from guest memory each time.  Numbers and the fixed keys are
 * spliced in by the small writer of events_writer.h, because cJSON's own
 * printer costs
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

#include "events_writer.h"
#include "isa.h"
#include "os.h"

/* Pieces of records that depend only on a table's row, made the first
 * time they are needed: ,"src":"os","event":"switch" for an OS event's
 * code, ,"cause":"timer" for a trap's cause. */
enum { NFRAGMENTS = 256, FRAGMENT_MAX = 72 };
struct fragment {
	uint8_t len;	/* 0: not made yet */
	char text[FRAGMENT_MAX];
};

struct ev_json {
	struct evw w;
	struct fragment os_head[NFRAGMENTS];
	struct fragment cause[NFRAGMENTS];
};

/* f made by key/value calls of the writer, kept, and copied in. */
static void put_fragment(struct evw *w, struct fragment *f)
{
	evw_putn(w, f->text, f->len);
}

static struct fragment *make_fragment(struct fragment *f,
				      const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct evw scratch;	/* its own line: the record in w is half built */
	scratch.line = scratch.own;
	scratch.len = 0;
	char q[EVW_QUOTED_MAX];
	if (k1) {
		evw_key(&scratch, k1);
		evw_put(&scratch, v1 ? evw_quote(q, sizeof q, v1) : "null");
	}
	evw_key(&scratch, k2);
	evw_put(&scratch, v2 ? evw_quote(q, sizeof q, v2) : "null");
	if (scratch.len < FRAGMENT_MAX) {
		memcpy(f->text, scratch.line, scratch.len);
		f->len = (uint8_t)scratch.len;
	}
	return f;
}

/* ---- Records ---------------------------------------------------------------- */

/* {"n":...,"pid":...,"mode":...,"ie":... then the source and the event's
 * name, src_event: ,"src":"hw","event":"trap" (a literal, or a fragment). */
#define BEGIN(w, e, src_event) begin_n(w, e, src_event, sizeof src_event - 1)
static void begin_n(struct evw *w, const struct ev *e, const char *src_event, size_t len)
{
	static const struct { const char *text; size_t len; } mode_ie[2][2] = {
#define S(text) { text, sizeof text - 1 }
		{ S(",\"mode\":\"kernel\",\"ie\":false"), S(",\"mode\":\"kernel\",\"ie\":true") },
		{ S(",\"mode\":\"user\",\"ie\":false"), S(",\"mode\":\"user\",\"ie\":true") },
#undef S
	};
	evw_start(w);
	evw_putn(w, "{\"n\":", 5);
	evw_u64(w, e->n);
	evw_putn(w, ",\"pid\":", 7);
	evw_u64(w, e->pid);
	evw_putn(w, mode_ie[e->user][e->ie].text, mode_ie[e->user][e->ie].len);
	evw_putn(w, src_event, len);
}

static void trap_record(struct ev_json *j, const struct cpu_event *ce)
{
	struct evw *w = &j->w;
	struct fragment *f = &j->cause[ce->cause % NFRAGMENTS];
	if (ce->cause >= NFRAGMENTS)
		evw_field_name(w, "cause", NULL);
	else if (f->len || make_fragment(f, NULL, NULL, "cause", ev_cause_name(ce->cause))->len)
		put_fragment(w, f);
	evw_put(w, ce->status_before & STATUS_UM ? ",\"from\":\"user\"" : ",\"from\":\"kernel\"");
	evw_field_u(w, "pc", ce->pc);
	evw_field_u(w, "insn_pc", ce->insn_pc);
	if (ce->cause < TRAP_COUNT && isa_causes[ce->cause].kind == CAUSE_FAULT)
		evw_field_u(w, "faddr", ce->faddr);
	evw_field_u(w, "handler", ce->handler);
	evw_field_at(w, "handler_at", ce->handler);
}

static void os_record(struct evw *w, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	evw_field_at(w, "at", ev_announcer(w->s, e));
	size_t open = evw_object_begin(w, "args");
	evw_os_args(w, ce);
	evw_object_end(w, open);
	if (ce->code == OSEV_SYSCALL) {
		evw_put(w, ",\"call_args\":[");
		for (unsigned i = 0; i < 4; i++) {
			if (i)
				evw_put(w, ",");
			evw_u64(w, e->args[i]);
		}
		evw_put(w, "]");
	}
}

int ev_json_sink(void *json, const struct ev *e)
{
	struct ev_json *j = json;
	struct evw *w = &j->w;
	const struct cpu_event *ce = e->raw;
	if (w->failed)
		return 1;
	switch (e->kind) {
	case EV_TRAP:
		BEGIN(w, e, ",\"src\":\"hw\",\"event\":\"trap\"");
		trap_record(j, ce);
		break;
	case EV_IRET:
		BEGIN(w, e, ",\"src\":\"hw\",\"event\":\"iret\"");
		evw_put(w, ce->status_after & STATUS_UM ? ",\"to\":\"user\"" : ",\"to\":\"kernel\"");
		evw_field_u(w, "pc", ce->pc);
		if (!(ce->status_after & STATUS_UM))
			evw_field_at(w, "at", ce->pc);
		break;
	case EV_OS: {
		const char *name = ev_os_name(ce->code);
		struct fragment *f = &j->os_head[ce->code % NFRAGMENTS];
		if (name && ce->code < NFRAGMENTS &&
		    (f->len || make_fragment(f, "src", "os", "event", name)->len)) {
			begin_n(w, e, f->text, f->len);
		} else {
			BEGIN(w, e, ",\"src\":\"os\"");
			evw_field_name(w, "event", name ? name : "os_unknown");
			if (!name)
				evw_field_u(w, "code", ce->code);	/* not in trace_events.def */
		}
		os_record(w, e);
		break;
	}
	case EV_SYSRET:
		BEGIN(w, e, ",\"src\":\"vm\",\"event\":\"sysret\"");
		evw_field_name(w, "call", ev_syscall_name(e->call));
		evw_field_i(w, "ret", e->ret);
		break;
	case EV_STOP:
		BEGIN(w, e, ",\"src\":\"hw\",\"event\":\"stop\"");
		evw_field_i(w, "status", (int32_t)ce->code);
		evw_field_u(w, "pc", ce->pc);
		break;
	case EV_DOUBLE_FAULT:
		BEGIN(w, e, ",\"src\":\"hw\",\"event\":\"double_fault\"");
		evw_field_name(w, "cause", ev_cause_name(ce->cause));
		evw_field_u(w, "pc", ce->pc);
		break;
	case EV_KIND_COUNT:
		return 0;
	}
	evw_put(w, "}\n");
	return evw_write(w);
}

/* ---- The first and the last record: plain cJSON, they are two ---------------- */

static int print_object(struct ev_json *j, cJSON *o)
{
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;
	int rc = 1;
	if (!text) {
		j->w.failed = ENOMEM;
	} else {
		size_t n = strlen(text);
		text[n] = '\n';	/* in place of the NUL: one write of the line */
		rc = evw_text(&j->w, text, n + 1);
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
	evw_init(&j->w, out, s);
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
		int e = evw_finish(&j->w);
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
	int rc = j->w.failed;
	if (!rc) {
		cJSON *o = cJSON_CreateObject();
		if (o) {
			cJSON_AddNumberToObject(o, "n", (double)cpu_instret(ev_stream_machine(j->w.s)));
			cJSON_AddStringToObject(o, "event", "end");
			cJSON_AddStringToObject(o, "reason", reason);
			if (has_status)
				cJSON_AddNumberToObject(o, "status", status);
		}
		print_object(j, o);
	}
	rc = evw_finish(&j->w);
	free(j);
	return rc;
}

int ev_json_failed(const struct ev_json *j) { return j ? j->w.failed : 0; }
