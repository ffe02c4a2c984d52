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

struct ev_json {
	struct evw w;
};

/* ---- Records ---------------------------------------------------------------- */

static const char *mode(bool user) { return user ? "user" : "kernel"; }

/* {"n":...,"pid":...,"mode":...,"ie":...,"src":...,"event":... */
static void begin(struct evw *w, const struct ev *e, const char *src, const char *event)
{
	evw_start(w);
	evw_put(w, "{\"n\":");
	evw_u64(w, e->n);
	evw_field_u(w, "pid", e->pid);
	evw_put(w, e->user ? ",\"mode\":\"user\"" : ",\"mode\":\"kernel\"");
	evw_put(w, e->ie ? ",\"ie\":true" : ",\"ie\":false");
	evw_field_name(w, "src", src);
	evw_field_name(w, "event", event);
}

static void trap_record(struct evw *w, const struct cpu_event *ce)
{
	evw_field_name(w, "cause", ev_cause_name(ce->cause));
	evw_field_name(w, "from", mode(ce->status_before & STATUS_UM));
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
	struct evw *w = &((struct ev_json *)json)->w;
	const struct cpu_event *ce = e->raw;
	if (w->failed)
		return 1;
	switch (e->kind) {
	case EV_TRAP:
		begin(w, e, "hw", "trap");
		trap_record(w, ce);
		break;
	case EV_IRET:
		begin(w, e, "hw", "iret");
		evw_field_name(w, "to", mode(ce->status_after & STATUS_UM));
		evw_field_u(w, "pc", ce->pc);
		if (!(ce->status_after & STATUS_UM))
			evw_field_at(w, "at", ce->pc);
		break;
	case EV_OS: {
		const char *name = ev_os_name(ce->code);
		begin(w, e, "os", name ? name : "os_unknown");
		if (!name)
			evw_field_u(w, "code", ce->code);	/* not in trace_events.def */
		os_record(w, e);
		break;
	}
	case EV_SYSRET:
		begin(w, e, "vm", "sysret");
		evw_field_name(w, "call", ev_syscall_name(e->call));
		evw_field_i(w, "ret", e->ret);
		break;
	case EV_STOP:
		begin(w, e, "hw", "stop");
		evw_field_i(w, "status", (int32_t)ce->code);
		evw_field_u(w, "pc", ce->pc);
		break;
	case EV_DOUBLE_FAULT:
		begin(w, e, "hw", "double_fault");
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
	int rc = 0;
	if (!text || fprintf(j->w.out, "%s\n", text) < 0) {
		j->w.failed = text ? (errno ? errno : EIO) : ENOMEM;
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
		int e = j->w.failed;
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
		if (fflush(j->w.out) != 0 && !j->w.failed)
			j->w.failed = errno ? errno : EIO;
		rc = j->w.failed;
	}
	free(j);
	return rc;
}

int ev_json_failed(const struct ev_json *j) { return j ? j->w.failed : 0; }
