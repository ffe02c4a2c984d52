/*
 * validate_events.c - validate_events FILE...: every line of each JSON
 * Lines event stream (vm run --events) against docs/events.md, schema
 * version 1, read with cJSON.  The names it accepts come from the same
 * tables the writer uses (causes.def, syscalls.def, trace_events.def), so
 * a record that names something no table has fails.  Prints one line per
 * problem, "FILE:LINE: ...", and exits 1 if there was any.
 */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "isa.h"
#include "os.h"

static const char *path;
static unsigned lineno, problems;

__attribute__((format(printf, 1, 2)))
static void bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%u: ", path, lineno);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	problems++;
}

static const cJSON *need(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		bad("no \"%s\"", key);
	return v;
}

/* An integer field in [lo, hi]. */
static bool integer(const cJSON *o, const char *key, double lo, double hi, double *out)
{
	const cJSON *v = need(o, key);
	if (!v)
		return false;
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble ||
	    v->valuedouble < lo || v->valuedouble > hi) {
		bad("\"%s\" is not an integer in its range", key);
		return false;
	}
	if (out)
		*out = v->valuedouble;
	return true;
}

static const char *string(const cJSON *o, const char *key)
{
	const cJSON *v = need(o, key);
	if (v && !cJSON_IsString(v)) {
		bad("\"%s\" is not a string", key);
		return NULL;
	}
	return v ? v->valuestring : NULL;
}

static bool one_of(const char *s, const char *const *names, unsigned n)
{
	for (unsigned i = 0; s && i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return true;
	return false;
}

static bool is_cause(const char *s)
{
	for (uint32_t c = 0; c < TRAP_COUNT; c++)
		if (s && ev_cause_name(c) && strcmp(s, ev_cause_name(c)) == 0)
			return true;
	return false;
}

static bool is_syscall(const char *s)
{
	for (uint32_t c = 0; c < 256; c++)
		if (s && ev_syscall_name(c) && strcmp(s, ev_syscall_name(c)) == 0)
			return true;
	return false;
}

/* The OS event's code, or -1. */
static int os_code(const char *name)
{
	for (uint32_t c = 0; c < 256; c++)
		if (name && ev_os_name(c) && strcmp(name, ev_os_name(c)) == 0)
			return (int)c;
	return -1;
}

static void check_os_args(const cJSON *o, int code)
{
	const cJSON *args = need(o, "args");
	if (!args)
		return;
	if (!cJSON_IsObject(args)) {
		bad("\"%s\" is not an object", "args");
		return;
	}
	unsigned want = 0, have = (unsigned)cJSON_GetArraySize(args);
	for (unsigned i = 0; i < 2; i++) {
		const char *name = ev_os_arg_name((uint32_t)code, i);
		if (!name)
			continue;
		want++;
		switch (ev_os_arg_format((uint32_t)code, i)) {
		case 'c':
			if (!is_cause(string(args, name)))
				bad("args.%s is not a trap cause", name);
			break;
		case 'y':
			if (!is_syscall(string(args, name)))
				bad("args.%s is not a system call", name);
			break;
		case 's':
			string(args, name);
			break;
		case 'x':
			integer(args, name, 0, 4294967295.0, NULL);
			break;
		default:
			integer(args, name, -2147483648.0, 2147483647.0, NULL);
			break;
		}
	}
	if (have != want)
		bad("\"args\" has fields its row of trace_events.def does not name");
	if (code == OSEV_SYSCALL) {
		const cJSON *ca = need(o, "call_args");
		if (ca && (!cJSON_IsArray(ca) || cJSON_GetArraySize(ca) != 4))
			bad("\"%s\" is not an array of 4", "call_args");
	}
}

static void check_event(const cJSON *o, const char *event)
{
	static const char *const modes[] = { "user", "kernel" };
	static const char *const srcs[] = { "hw", "os", "vm" };
	integer(o, "pid", 0, 4294967295.0, NULL);
	if (!one_of(string(o, "mode"), modes, 2))
		bad("\"mode\" is not user or kernel");
	const cJSON *ie = need(o, "ie");
	if (ie && !cJSON_IsBool(ie))
		bad("\"%s\" is not a boolean", "ie");
	const char *src = string(o, "src");
	if (!one_of(src, srcs, 3))
		bad("\"src\" is not hw, os or vm");

	if (strcmp(event, "trap") == 0) {
		if (!is_cause(string(o, "cause")))
			bad("\"cause\" is not a trap cause");
		if (!one_of(string(o, "from"), modes, 2))
			bad("\"from\" is not user or kernel");
		integer(o, "pc", 0, 4294967295.0, NULL);
		integer(o, "insn_pc", 0, 4294967295.0, NULL);
		integer(o, "handler", 0, 4294967295.0, NULL);
	} else if (strcmp(event, "iret") == 0) {
		if (!one_of(string(o, "to"), modes, 2))
			bad("\"to\" is not user or kernel");
		integer(o, "pc", 0, 4294967295.0, NULL);
	} else if (strcmp(event, "sysret") == 0) {
		if (!is_syscall(string(o, "call")))
			bad("\"call\" is not a system call");
		integer(o, "ret", -2147483648.0, 2147483647.0, NULL);
	} else if (strcmp(event, "stop") == 0) {
		integer(o, "status", -2147483648.0, 2147483647.0, NULL);
		integer(o, "pc", 0, 4294967295.0, NULL);
	} else if (strcmp(event, "double_fault") == 0) {
		if (!is_cause(string(o, "cause")))
			bad("\"cause\" is not a trap cause");
	} else {
		int code = os_code(event);
		if (code < 0)
			bad("unknown event \"%s\"", event);
		else
			check_os_args(o, code);
		if (src && strcmp(src, "os") != 0)
			bad("an OS event from \"%s\"", src);
	}
}

static void validate(FILE *f)
{
	static char line[1 << 16];
	double last_n = -1, n;
	bool started = false, ended = false;
	lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (ended)
			bad("a record after the %s record", "end");
		cJSON *o = cJSON_Parse(line);
		if (!o || !cJSON_IsObject(o)) {
			bad("not a JSON object");
			cJSON_Delete(o);
			continue;
		}
		const char *event = string(o, "event");
		if (integer(o, "n", 0, 18446744073709551615.0, &n)) {
			if (n < last_n)
				bad("\"n\" went backwards");
			last_n = n;
		}
		if (!event) {
		} else if (lineno == 1) {
			double v;
			if (strcmp(event, "start") != 0)
				bad("the first record is not \"%s\"", "start");
			const char *schema = string(o, "schema");
			if (schema && strcmp(schema, EV_SCHEMA) != 0)
				bad("schema is not \"%s\"", EV_SCHEMA);
			if (integer(o, "version", 1, 1000, &v) && v != EV_SCHEMA_VERSION)
				bad("a version this validator does not know");
			string(o, "image");
			integer(o, "mem", 0, 4294967295.0, NULL);
			integer(o, "quantum", 0, 4294967295.0, NULL);
			started = true;
		} else if (strcmp(event, "end") == 0) {
			static const char *const reasons[] = { "power_off", "halt", "max_instructions",
							       "double_fault", "idle", "quit", "error" };
			const char *r = string(o, "reason");
			if (!one_of(r, reasons, 7))
				bad("unknown end reason");
			if (r && (strcmp(r, "power_off") == 0 || strcmp(r, "halt") == 0))
				integer(o, "status", -2147483648.0, 2147483647.0, NULL);
			ended = true;
		} else if (strcmp(event, "start") == 0) {
			bad("a second %s record", "start");
		} else {
			check_event(o, event);
		}
		cJSON_Delete(o);
	}
	if (!started)
		bad("no %s record", "start");
	if (!ended)
		bad("no %s record", "end");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: validate_events FILE...\n");
		return 2;
	}
	unsigned records = 0;
	for (int i = 1; i < argc; i++) {
		path = argv[i];
		FILE *f = fopen(path, "r");
		if (!f) {
			perror(path);
			return 2;
		}
		validate(f);
		records += lineno;
		fclose(f);
	}
	if (problems) {
		fprintf(stderr, "validate_events: %u problems\n", problems);
		return 1;
	}
	printf("validate_events: %u records in %d streams, all valid (%s version %d)\n", records,
	       argc - 1, EV_SCHEMA, EV_SCHEMA_VERSION);
	return 0;
}
