/*
 * record.c - one run's events, read back from the JSON record that
 * `vm run --events` wrote (docs/events.md), one struct grec per line: the
 * fields a pattern can name, names made numbers.  The lines stay in the
 * file; a failure's context reads the few it shows again, and prints them
 * as the text trace does (kview_event_text_sym), so a report reads like
 * `vm run --trace`.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "events.h"
#include "grade_int.h"
#include "isa.h"
#include "kview.h"

const char *const gr_field_keys[GF_NAMED] = {
#define GF(name, key, type) key,
	GRADE_FIELDS(GF)
#undef GF
};
const enum gtype gr_field_types[GF_NAMED] = {
#define GF(name, key, type) type,
	GRADE_FIELDS(GF)
#undef GF
};

/* ---- The names of the tables, as ids ----------------------------------------- */

/* The events' tables are interned first, so that their ids are small and
 * index these arrays. */
enum { NAMES_SMALL = 1024, OS_CODES = 256, SYSCALLS = 256 };
static struct {
	bool done;
	int16_t os_of[NAMES_SMALL];	/* an OS event's name -> its code + 1 */
	int16_t cause_of[NAMES_SMALL];	/* a trap cause's name -> its number + 1 */
	int16_t call_of[NAMES_SMALL];	/* a system call's name -> its number + 1 */
	int32_t os_arg[OS_CODES][2];
	int32_t os, iret, trap, sysret, stop, start, end, double_fault, user;
} tab;

/* The record's keys, as ids (gr_intern), to what they are: a field, or
 * one of these. */
enum { KEY_N = GF_COUNT + 1, KEY_ARGS, KEY_CALL_ARGS, KEY_AT };
static int16_t key_of[NAMES_SMALL];

static void keys_init(void)
{
	static const struct {
		const char *key;
		int what;
	} extra[] = { { "n", KEY_N }, { "args", KEY_ARGS }, { "call_args", KEY_CALL_ARGS }, { "at", KEY_AT } };
	for (int f = 0; f < GF_NAMED; f++) {
		int32_t id = gr_intern(gr_field_keys[f]);
		if (id < NAMES_SMALL)
			key_of[id] = (int16_t)(f + 1);
	}
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		int32_t id = gr_intern(extra[i].key);
		if (id < NAMES_SMALL)
			key_of[id] = (int16_t)extra[i].what;
	}
}

static void tables_init(void)
{
	if (tab.done)
		return;
	for (unsigned c = 0; c < OS_CODES; c++) {
		const char *name = ev_os_name(c);
		if (!name)
			continue;
		int32_t id = gr_intern(name);
		if (id < NAMES_SMALL)
			tab.os_of[id] = (int16_t)(c + 1);
		for (unsigned i = 0; i < 2; i++) {
			const char *arg = ev_os_arg_name(c, i);
			tab.os_arg[c][i] = arg ? gr_intern(arg) : 0;
		}
	}
	for (unsigned c = 0; c < TRAP_COUNT; c++) {
		const char *name = ev_cause_name(c);
		int32_t id = name ? gr_intern(name) : 0;
		if (id && id < NAMES_SMALL)
			tab.cause_of[id] = (int16_t)(c + 1);
	}
	for (unsigned c = 0; c < SYSCALLS; c++) {
		const char *name = ev_syscall_name(c);
		int32_t id = name ? gr_intern(name) : 0;
		if (id && id < NAMES_SMALL)
			tab.call_of[id] = (int16_t)(c + 1);
	}
	tab.os = gr_intern("os");
	tab.iret = gr_intern("iret");
	tab.trap = gr_intern("trap");
	tab.sysret = gr_intern("sysret");
	tab.stop = gr_intern("stop");
	tab.start = gr_intern("start");
	tab.end = gr_intern("end");
	tab.double_fault = gr_intern("double_fault");
	tab.user = gr_intern("user");
	keys_init();
	tab.done = true;
}

int32_t gr_os_arg(int code, unsigned i)
{
	tables_init();
	return code >= 0 && code < OS_CODES && i < 2 ? tab.os_arg[code][i] : 0;
}

static int lookup(const int16_t *of, int32_t id)
{
	return id > 0 && id < NAMES_SMALL ? of[id] - 1 : -1;
}

enum gtype grec_type(const struct grec *e, int f)
{
	if (f < 0 || f >= GF_COUNT || !(e->has & (1u << f)))
		return GT_NONE;
	if (f < GF_NAMED)
		return gr_field_types[f];
	if (f == GF_ARG0 || f == GF_ARG1) {
		switch (ev_os_arg_format((uint32_t)e->os, (unsigned)(f - GF_ARG0))) {
		case 'x': return GT_ADDR;
		case 's': case 'c': case 'y': return GT_NAME;
		default: return GT_INT;
		}
	}
	return GT_INT;
}

/* ---- Reading the record ------------------------------------------------------ */

/* A JSON number as the 32 bits the machine had: addresses are unsigned,
 * statuses signed; both fit. */
static int32_t word(const cJSON *v)
{
	return (int32_t)(uint32_t)(int64_t)v->valuedouble;
}

static void set(struct grec *e, int f, int32_t v)
{
	e->v[f] = v;
	e->has |= 1u << f;
}

/* One line into e.  Returns 0, or -1 and why.  One walk over the object's
 * members: a CPU-bound run has hundreds of thousands of lines. */
static int parse(struct grec *e, const char *line, size_t len, char *why, size_t n)
{
	cJSON *o = cJSON_ParseWithLength(line, len);
	const cJSON *v, *args = NULL, *call_args = NULL, *at = NULL;
	bool has_n = false;
	*e = (struct grec){ .os = -1 };
	if (!cJSON_IsObject(o)) {
		snprintf(why, n, "not a JSON object");
		goto fail;
	}
	cJSON_ArrayForEach(v, o) {
		int32_t id = gr_intern(v->string);
		int what = id < NAMES_SMALL ? key_of[id] : 0;
		if (what == KEY_N && cJSON_IsNumber(v)) {
			e->n = (uint64_t)v->valuedouble;
			has_n = true;
		} else if (what == KEY_ARGS) {
			args = v;
		} else if (what == KEY_CALL_ARGS) {
			call_args = v;
		} else if (what == KEY_AT) {
			at = v;
		} else if (what > 0 && what <= GF_NAMED) {
			int f = what - 1;
			if (gr_field_types[f] == GT_NAME && cJSON_IsString(v))
				set(e, f, gr_intern(v->valuestring));
			else if (gr_field_types[f] == GT_INT && cJSON_IsNumber(v))
				set(e, f, word(v));
			else if (gr_field_types[f] == GT_BOOL && cJSON_IsBool(v))
				set(e, f, cJSON_IsTrue(v));
		}
	}
	if (!has_n || !(e->has & (1u << GF_EVENT))) {
		snprintf(why, n, "no \"%s\"", has_n ? "event" : "n");
		goto fail;
	}
	if (e->v[GF_SRC] == tab.os && (e->has & (1u << GF_SRC))) {
		e->os = (int16_t)lookup(tab.os_of, e->v[GF_EVENT]);
		for (unsigned i = 0; e->os >= 0 && i < 2; i++) {
			v = tab.os_arg[e->os][i] ? cJSON_GetObjectItemCaseSensitive(args, gr_name(tab.os_arg[e->os][i]))
						: NULL;
			if (cJSON_IsNumber(v))
				set(e, GF_ARG0 + (int)i, word(v));
			else if (cJSON_IsString(v))
				set(e, GF_ARG0 + (int)i, gr_intern(v->valuestring));
		}
	}
	int i = 0;
	cJSON_ArrayForEach(v, call_args) {
		if (i < 4 && cJSON_IsNumber(v))
			set(e, GF_CALL_ARG0 + i, word(v));
		i++;
	}
	if (e->v[GF_EVENT] == tab.iret && cJSON_IsString(at) && at->valuestring[0])
		set(e, GF_AT, 1);
	cJSON_Delete(o);
	return 0;
fail:
	cJSON_Delete(o);
	return -1;
}

int grun_load(struct grun *run, const char *path, char *why, size_t n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, room = 0;
	ssize_t len;
	unsigned lineno = 0;
	tables_init();
	run->events_path = path;
	if (!f) {
		snprintf(why, n, "no event record (%s)", path);
		return -1;
	}
	for (long off = 0; (len = getline(&line, &cap, f)) > 0; off += len) {
		lineno++;
		if (run->nev == room) {
			room = room ? room * 2 : 1024;
			struct grec *ev = realloc(run->ev, room * sizeof *ev);
			if (!ev) {
				snprintf(why, n, "out of memory for the events");
				goto fail;
			}
			run->ev = ev;
		}
		struct grec *e = &run->ev[run->nev];
		char what[128];
		if (line[len - 1] != '\n')
			break;	/* cut short: vm was killed while it wrote; no end record */
		if (parse(e, line, (size_t)len, what, sizeof what)) {
			snprintf(why, n, "%s:%u: %s", path, lineno, what);
			goto fail;
		}
		e->off = off;
		run->nev++;
	}
	if (!run->nev || run->ev[0].v[GF_EVENT] != tab.start) {
		snprintf(why, n, "%s: no start record", path);
		goto fail;
	}
	/* the start record's own fields, read once more */
	{
		cJSON *o = NULL;
		fseek(f, run->ev[0].off, SEEK_SET);
		if ((len = getline(&line, &cap, f)) > 0)
			o = cJSON_ParseWithLength(line, (size_t)len);
		const cJSON *version = cJSON_GetObjectItemCaseSensitive(o, "version");
		const cJSON *quantum = cJSON_GetObjectItemCaseSensitive(o, "quantum");
		const cJSON *image = cJSON_GetObjectItemCaseSensitive(o, "image");
		if (cJSON_IsString(image))
			run->image = gr_strndup(image->valuestring, strlen(image->valuestring));
		bool ok = cJSON_IsNumber(version) && version->valuedouble == EV_SCHEMA_VERSION;
		run->quantum = cJSON_IsNumber(quantum) ? (uint32_t)quantum->valuedouble : 0;
		cJSON_Delete(o);
		if (!ok) {
			snprintf(why, n, "%s: not version %d of the event schema", path, EV_SCHEMA_VERSION);
			goto fail;
		}
	}
	const struct grec *last = &run->ev[run->nev - 1];
	if (last->v[GF_EVENT] == tab.end) {
		run->has_end = true;
		run->end_reason = last->v[GF_REASON];
		run->has_status = last->has & (1u << GF_STATUS);
		run->status = last->v[GF_STATUS];
	}
	free(line);
	fclose(f);
	return 0;
fail:
	free(line);
	fclose(f);
	return -1;
}

void grun_free(struct grun *run)
{
	free(run->ev);
	free(run->image);
	free(run->out);
	free(run->err);
	*run = (struct grun){ 0 };
}

/* ---- Records as the trace's lines ---------------------------------------------- */

/* The text forms are kview's, as vm run --trace prints them.  kview reads
 * an OS event's strings from guest memory, so they are put in a small
 * machine of the record's own, at these addresses; and it names kernel
 * addresses by the labels of the image the run booted, found here as the
 * trace finds them (ev_symbolize). */
enum { STR0 = 0x100, STR1 = 0x200, STR_MAX = 0xff };
static struct {
	struct cpu *m;
	char *image;		/* the image these symbols are of */
	char *bytes;
	struct img img;
	struct ev_stream *stream;	/* NULL: no symbols, addresses in hex */
} view;

static void view_init(const char *image)
{
	if (!view.m && !(view.m = cpu_new(MEM_MIN)))
		return;
	if (!image || (view.image && strcmp(view.image, image) == 0))
		return;
	ev_stream_free(view.stream);
	free(view.bytes);
	free(view.image);
	view.stream = NULL;
	view.image = gr_strndup(image, strlen(image));
	size_t len;
	char err[128];
	view.bytes = gr_slurp(image, &len);
	if (view.bytes && img_parse(&view.img, (const uint8_t *)view.bytes, len, err, sizeof err) == 0)
		view.stream = ev_stream_new(view.m, &view.img);
}

static uint32_t number(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? (uint32_t)(int64_t)v->valuedouble : 0;
}

static const char *string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* An OS event's argument as the machine had it: a name back to its number,
 * a string copied into the view's machine. */
static uint32_t os_arg(const struct grec *e, unsigned i, const cJSON *args)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, gr_name(tab.os_arg[e->os][i]));
	if (cJSON_IsNumber(v))
		return (uint32_t)(int64_t)v->valuedouble;
	if (!cJSON_IsString(v))
		return 0;
	switch (ev_os_arg_format((uint32_t)e->os, i)) {
	case 'c': return (uint32_t)lookup(tab.cause_of, gr_intern(v->valuestring));
	case 'y': return (uint32_t)lookup(tab.call_of, gr_intern(v->valuestring));
	default: break;
	}
	uint32_t at = i ? STR1 : STR0;
	size_t len = strlen(v->valuestring);
	if (len > STR_MAX - 1)
		len = STR_MAX - 1;
	if (!view.m)
		return 0;
	cpu_write(view.m, at, v->valuestring, (uint32_t)len);
	cpu_write(view.m, at + (uint32_t)len, "", 1);
	return at;
}

void grun_text(const struct grun *run, size_t i, struct sbuf *out)
{
	const struct grec *e = &run->ev[i];
	FILE *f = fopen(run->events_path, "r");
	char *line = NULL, text[512];
	size_t cap = 0;
	ssize_t len = -1;
	cJSON *o = NULL;
	if (f && fseek(f, e->off, SEEK_SET) == 0 && (len = getline(&line, &cap, f)) > 0)
		o = cJSON_ParseWithLength(line, (size_t)len);
	if (f)
		fclose(f);
	free(line);
	view_init(run->image);
	struct cpu_event ce = { .instret = e->n, .pid = (uint32_t)e->v[GF_PID] };
	int32_t kind = e->v[GF_EVENT];
	if (kind == tab.start) {
		sb_printf(out, "[vm] start: %s, %u bytes of RAM, quantum %u", string(o, "image"),
			  number(o, "mem"), number(o, "quantum"));
		goto done;
	}
	if (kind == tab.end) {
		sb_printf(out, "[vm] end: %s", gr_name(e->v[GF_REASON]));
		if (e->has & (1u << GF_STATUS))
			sb_printf(out, ", status %d", e->v[GF_STATUS]);
		goto done;
	}
	if (kind == tab.sysret) {
		sb_printf(out, "[vm] %s returns %d to pid %d", gr_name(e->v[GF_CALL]), e->v[GF_RET],
			  e->v[GF_PID]);
		goto done;
	}
	if (kind == tab.trap || kind == tab.double_fault) {
		ce.kind = kind == tab.trap ? CPU_EV_TRAP : CPU_EV_DOUBLE_FAULT;
		ce.cause = (uint32_t)lookup(tab.cause_of, e->v[GF_CAUSE]);
		ce.pc = number(o, "pc");
		ce.insn_pc = number(o, "insn_pc");
		ce.faddr = cJSON_GetObjectItemCaseSensitive(o, "faddr") ? number(o, "faddr") : ce.insn_pc;
		ce.handler = number(o, "handler");
		ce.status_before = e->v[GF_FROM] == tab.user ? STATUS_UM : 0;
	} else if (kind == tab.iret) {
		ce.kind = CPU_EV_IRET;
		ce.pc = number(o, "pc");
		ce.status_after = e->v[GF_TO] == tab.user ? STATUS_UM : 0;
	} else if (kind == tab.stop) {
		ce.kind = CPU_EV_STOP;
		ce.pc = number(o, "pc");
		ce.code = (uint32_t)e->v[GF_STATUS];
	} else if (e->os >= 0) {
		const cJSON *args = cJSON_GetObjectItemCaseSensitive(o, "args");
		ce.kind = CPU_EV_OS;
		ce.code = (uint32_t)e->os;
		ce.arg0 = os_arg(e, 0, args);
		ce.arg1 = os_arg(e, 1, args);
	} else {
		sb_printf(out, "[?] %s", gr_name(kind));
		goto done;
	}
	if (view.m)
		sb_puts(out, view.stream ? ev_event_text(text, sizeof text, view.stream, &ce)
					 : kview_event_text(text, sizeof text, view.m, &ce));
done:
	cJSON_Delete(o);
}
