/*
 * adapter.c - vm dap's session: the requests of one client, in order, on
 * one debug engine session.  A reader thread takes the messages off the
 * input and queues them; this thread answers them one at a time.  While a
 * request runs the machine (continue, reverseContinue, a console command),
 * the reader stops it at a pause, a disconnect or the end of the input
 * through dbg_interrupt, the one call the engine takes from another thread.
 *
 * The protocol's order: initialize, launch (the session is made, then the
 * initialized event), the breakpoints, configurationDone (a stop on entry
 * or a run), then any request, until disconnect.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dap_int.h"

struct item {
	struct item *next;
	enum { IT_MSG, IT_BAD, IT_END, IT_FATAL } kind;
	struct dap_request req;
	char err[200];
};

/* ---- Arguments ------------------------------------------------------------------------- */

const char *dap_str(const cJSON *o, const char *name, const char *def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : def;
}

double dap_num(const cJSON *o, const char *name, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

bool dap_bool(const cJSON *o, const char *name, bool def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : def;
}

/* ---- The reader thread ---------------------------------------------------------------- */

static bool stops_a_run(const struct item *it)
{
	if (it->kind != IT_MSG)
		return it->kind != IT_BAD;
	const char *c = it->req.command;
	return !strcmp(c, "pause") || !strcmp(c, "disconnect") || !strcmp(c, "terminate");
}

static void push(struct adapter *a, struct item *it)
{
	pthread_mutex_lock(&a->mu);
	if (a->tail)
		a->tail->next = it;
	else
		a->head = it;
	a->tail = it;
	if (a->busy && stops_a_run(it)) {
		dbg_interrupt(a->busy);
		a->interrupted = true;
	}
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

static void *reader_main(void *arg)
{
	struct adapter *a = arg;
	struct dap_reader r = { .fd = a->in_fd, .stop_fd = a->stop_pipe[0] };
	for (;;) {
		struct item *it = calloc(1, sizeof *it);
		if (!it)
			break;	/* the main thread sees no end: it stops at its own */
		char *body;
		size_t len;
		int got = dap_read(&r, &body, &len, it->err, sizeof it->err);
		if (got == 1) {
			it->kind = dap_parse(body, len, &it->req, it->err, sizeof it->err) ? IT_BAD : IT_MSG;
			free(body);
		} else {
			it->kind = got == -2 ? IT_BAD : got == 0 ? IT_END : IT_FATAL;
			it->req.command = "";
		}
		push(a, it);
		if (got == 0 || got == -1)
			break;
	}
	dap_reader_free(&r);
	return NULL;
}

static struct item *pop(struct adapter *a)
{
	pthread_mutex_lock(&a->mu);
	while (!a->head)
		pthread_cond_wait(&a->cv, &a->mu);
	struct item *it = a->head;
	a->head = it->next;
	if (!a->head)
		a->tail = NULL;
	pthread_mutex_unlock(&a->mu);
	return it;
}

static void free_item(struct item *it)
{
	dap_request_free(&it->req);
	free(it);
}

/* ---- Events ------------------------------------------------------------------------------ */

void dap_output(struct adapter *a, const char *category, const char *text)
{
	cJSON *e = dap_event("output");
	cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "body");
	cJSON_AddStringToObject(b, "category", category);
	cJSON_AddStringToObject(b, "output", text);
	dap_send(&a->w, e);
}

static void flush_guest(struct adapter *a)
{
	if (!a->outlen)
		return;
	a->out[a->outlen] = '\0';
	dap_output(a, "stdout", a->out);
	a->outlen = 0;
}

/* The guest's console, as it is written for the first time: in output
 * events of whole lines (JSON wants UTF-8: other bytes are sent as '?'). */
static void guest_output(void *ctx, const uint8_t *bytes, size_t n)
{
	struct adapter *a = ctx;
	for (size_t i = 0; i < n; i++) {
		a->out[a->outlen++] = bytes[i] < 0x80 && bytes[i] ? (char)bytes[i] : '?';
		if (bytes[i] == '\n' || a->outlen == sizeof a->out - 1)
			flush_guest(a);
	}
}

/* The running process, if the process table has it: the pid the machine
 * holds outlives the process (the last one's exit powers off with its pid
 * still there), and a thread that threads does not list has no stack in
 * the editor. */
int dap_current_thread(struct adapter *a)
{
	const struct kview *kv = dbg_kview(a->s);
	uint32_t pid = cpu_pid(dbg_cpu(a->s));
	struct kview_proc ps[NPROC];
	unsigned np = kv->ok && pid && pid < DAP_KERNEL_THREAD ? kview_procs(kv, dbg_cpu(a->s), ps, NPROC) : 0;
	for (unsigned i = 0; i < np; i++)
		if (ps[i].pid == pid)
			return (int)pid;
	return DAP_KERNEL_THREAD;
}

static const struct owned *owner(const struct adapter *a, int id)
{
	for (unsigned i = 0; i < a->nown; i++)
		if (a->own[i].id == id)
			return &a->own[i];
	return NULL;
}

/* The stopped event for where a move ended: r and st as the engine
 * answered; done_reason for DBG_DONE ("step", "goto"). */
static void stopped(struct adapter *a, int r, const struct dbg_stop *st, const char *done_reason)
{
	flush_guest(a);
	cJSON *e = dap_event("stopped");
	cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "body");
	const char *reason = done_reason, *description = NULL;
	char text[300] = "";
	if (r) {
		snprintf(text, sizeof text, "%s", dbg_error(a->s));
		dap_output(a, "console", text);
		dap_output(a, "console", "\n");
	} else {
		const struct owned *o = owner(a, st->point);
		switch (st->why) {
		case DBG_DONE:
			break;
		case DBG_BREAKPOINT:
			reason = o && o->kind == OWN_INSN ? "instruction breakpoint" : "breakpoint";
			break;
		case DBG_WATCHPOINT:
			reason = "data breakpoint";
			break;
		case DBG_CATCHPOINT:
			reason = "exception";
			ev_event_text(text, sizeof text, dbg_stream(a->s), &st->event);
			break;
		case DBG_START:
			description = "the start of the run: no history before it";
			break;
		case DBG_END:
		case DBG_DOUBLE_FAULT:
		case DBG_IDLE:
			reason = "exception";
			snprintf(text, sizeof text, "%s", st->text);
			break;
		case DBG_INTERRUPTED:
		case DBG_LIMIT:
			reason = "pause";
			break;
		}
		if (st->why == DBG_BREAKPOINT || st->why == DBG_WATCHPOINT || st->why == DBG_CATCHPOINT) {
			cJSON *ids = cJSON_AddArrayToObject(b, "hitBreakpointIds");
			cJSON_AddItemToArray(ids, cJSON_CreateNumber(st->point));
		}
		if (st->why == DBG_END) {
			char line[300];
			snprintf(line, sizeof line, "[%s]\n", st->text);
			dap_output(a, "console", line);
			cJSON *x = dap_event("exited");
			cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(x, "body"), "exitCode",
						st->exit_status);
			dap_send(&a->w, x);
		}
	}
	cJSON_AddStringToObject(b, "reason", reason);
	if (description)
		cJSON_AddStringToObject(b, "description", description);
	if (text[0])
		cJSON_AddStringToObject(b, "text", text);
	cJSON_AddNumberToObject(b, "threadId", dap_current_thread(a));
	cJSON_AddBoolToObject(b, "allThreadsStopped", true);
	dap_send(&a->w, e);
}

/* ---- Running ------------------------------------------------------------------------------ */

/* Around anything that runs the machine: a pause from the reader stops
 * it.  An interrupt that came as the run was ending must not stop the
 * next one: a run of no steps takes it (and does nothing else). */
static void run_begin(struct adapter *a)
{
	pthread_mutex_lock(&a->mu);
	a->busy = a->s;
	a->interrupted = false;
	/* a pause that came before the run began (after its response) */
	for (struct item *it = a->head; it && !a->interrupted; it = it->next)
		if (stops_a_run(it)) {
			dbg_interrupt(a->s);
			a->interrupted = true;
		}
	pthread_mutex_unlock(&a->mu);
}

static void run_end(struct adapter *a)
{
	pthread_mutex_lock(&a->mu);
	a->busy = NULL;
	bool sent = a->interrupted;
	a->interrupted = false;
	pthread_mutex_unlock(&a->mu);
	if (sent) {
		struct dbg_stop st;
		dbg_run(a->s, 0, true, &st);
	}
}

typedef int (*move_fn)(struct dbg *s, struct dbg_stop *out);

static void move(struct adapter *a, move_fn fn, const char *done_reason)
{
	struct dbg_stop st;
	run_begin(a);
	int r = fn(a->s, &st);
	run_end(a);
	stopped(a, r, &st, done_reason);
}

static int stepi1(struct dbg *s, struct dbg_stop *o) { return dbg_stepi(s, 1, o); }
static int nexti1(struct dbg *s, struct dbg_stop *o) { return dbg_nexti(s, 1, o); }
static int rstepi1(struct dbg *s, struct dbg_stop *o) { return dbg_reverse_stepi(s, 1, o); }

/* ---- Points ------------------------------------------------------------------------------- */

static int own_point(struct adapter *a, int id, enum own kind, const char *file)
{
	if (a->nown == a->capown) {
		unsigned cap = a->capown ? 2 * a->capown : 16;
		struct owned *n = realloc(a->own, cap * sizeof *n);
		if (!n)
			return -1;
		a->own = n;
		a->capown = cap;
	}
	char *f = file ? strdup(file) : NULL;
	if (file && !f)
		return -1;
	a->own[a->nown++] = (struct owned){ id, kind, f };
	return 0;
}

/* Delete the points of a kind (of one file for OWN_SOURCE): the list a
 * set*Breakpoints request replaces.  A point deleted meanwhile in the
 * console is gone already. */
static void drop_points(struct adapter *a, enum own kind, const char *file)
{
	unsigned k = 0;
	for (unsigned i = 0; i < a->nown; i++) {
		struct owned *o = &a->own[i];
		if (o->kind == kind && (!file || (o->file && !strcmp(o->file, file)))) {
			dbg_delete(a->s, o->id);
			free(o->file);
		} else {
			a->own[k++] = *o;
		}
	}
	a->nown = k;
}

static cJSON *point_json(struct adapter *a, int id, const char *fail)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddBoolToObject(p, "verified", id > 0);
	if (id > 0) {
		cJSON_AddNumberToObject(p, "id", id);
		const struct dbg_point *pts;
		unsigned n = dbg_points(a->s, &pts);
		for (unsigned i = 0; i < n; i++)
			if (pts[i].id == id && pts[i].kind == DBG_PT_BREAK) {
				char ref[16];
				snprintf(ref, sizeof ref, "0x%08x", pts[i].addr);
				cJSON_AddStringToObject(p, "instructionReference", ref);
			}
	} else {
		cJSON_AddStringToObject(p, "message", fail);
	}
	return p;
}

/* ---- The requests ------------------------------------------------------------------------ */

struct ctx {
	struct adapter *a;
	struct dap_request *q;
	cJSON *body;
	char *err;
	size_t errlen;
	/* what to do after the response is sent */
	move_fn then;
	const char *then_reason;
	bool then_entry, then_terminated;
};

#define FAIL(c, ...) (snprintf((c)->err, (c)->errlen, __VA_ARGS__), -1)

static void add_filter(cJSON *filters, const char *id, const char *label, bool def)
{
	for (cJSON *f = filters->child; f; f = f->next)
		if (!strcmp(dap_str(f, "filter", ""), id))
			return;
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "filter", id);
	cJSON_AddStringToObject(f, "label", label);
	cJSON_AddBoolToObject(f, "default", def);
	cJSON_AddBoolToObject(f, "supportsCondition", true);
	cJSON_AddItemToArray(filters, f);
}

static int r_initialize(struct ctx *c)
{
	struct adapter *a = c->a;
	if (a->initialized)
		return FAIL(c, "initialize: the session is initialized already");
	a->initialized = true;
	a->lines_at1 = dap_bool(c->q->args, "linesStartAt1", true);
	static const char *const caps[] = {
		"supportsConfigurationDoneRequest", "supportsStepBack", "supportsDisassembleRequest",
		"supportsReadMemoryRequest", "supportsInstructionBreakpoints", "supportsDataBreakpoints",
		"supportsDataBreakpointBytes", "supportsConditionalBreakpoints",
		"supportsEvaluateForHovers", "supportsTerminateRequest", "supportsExceptionFilterOptions",
		"supportsSteppingGranularity",
	};
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		cJSON_AddBoolToObject(c->body, caps[i], true);
	/* the exception filters: what the engine catches (catch in vm debug),
	 * named from its tables */
	cJSON *f = cJSON_AddArrayToObject(c->body, "exceptionBreakpointFilters");
	add_filter(f, "trap", "any trap entry", false);
	add_filter(f, "iret", "any return-from-trap", false);
	add_filter(f, "fault", "any fault", false);
	add_filter(f, "interrupt", "any interrupt", false);
	add_filter(f, "syscall", "any system call", false);
	for (uint32_t k = 0; k < TRAP_COUNT; k++) {
		const char *name = ev_cause_name(k);
		if (name)
			add_filter(f, name, isa_causes[k].text, false);
	}
	for (uint32_t k = 1; k < 64; k++) {
		const char *name = ev_os_name(k);
		char label[64];
		snprintf(label, sizeof label, "kernel event: %s", name ? name : "");
		if (name)
			add_filter(f, name, label, false);
	}
	return 0;
}

/* The launch configuration's size (a string like "16M", or a number). */
static int size_arg(struct ctx *c, const char *name, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->q->args, name);
	if (!v)
		return 0;
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e18) {
		*out = (uint64_t)v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v) && c->a->host->size(v->valuestring, out) == 0)
		return 0;
	return FAIL(c, "launch: \"%s\": give a size such as 16M, 512K or 1G", name);
}

static int r_launch(struct ctx *c)
{
	struct adapter *a = c->a;
	const cJSON *args = c->q->args;
	if (a->launched)
		return FAIL(c, "launch: a session is running already");
	uint64_t mem = 0, history = 0;
	if (size_arg(c, "mem", &mem) || size_arg(c, "historyMem", &history))
		return -1;
	if (mem > UINT32_MAX)
		return FAIL(c, "launch: \"mem\": at most 4G");
	double quantum = dap_num(args, "quantum", 0);
	if (quantum < 0 || quantum > UINT32_MAX || quantum != (double)(uint32_t)quantum)
		return FAIL(c, "launch: \"quantum\": a whole number of instructions");
	const cJSON *add = cJSON_GetObjectItemCaseSensitive(args, "add");
	if (add && !cJSON_IsArray(add))
		return FAIL(c, "launch: \"add\": a list of programs (.s or .bin)");
	size_t nadd = (size_t)cJSON_GetArraySize(add);
	char **progs = calloc(nadd ? nadd : 1, sizeof *progs);
	if (!progs)
		return FAIL(c, "out of memory");
	size_t k = 0;
	for (const cJSON *p = add ? add->child : NULL; p; p = p->next) {
		if (!cJSON_IsString(p)) {
			free(progs);
			return FAIL(c, "launch: \"add\": each program a path (a string)");
		}
		progs[k++] = p->valuestring;
	}
	uint8_t *image = NULL;
	size_t len = 0;
	int r = a->host->image(a->host->ctx, dap_str(args, "image", NULL), progs, nadd, &image, &len,
			       c->err, c->errlen);
	free(progs);
	if (r)
		return -1;
	/* the console's input */
	const char *input = dap_str(args, "input", NULL), *input_file = dap_str(args, "inputFile", NULL);
	char *in_bytes = NULL;
	size_t in_len = 0;
	if (input_file) {
		FILE *f = fopen(input_file, "rb");
		if (!f) {
			free(image);
			return FAIL(c, "launch: %s: %s", input_file, strerror(errno));
		}
		char buf[4096];
		size_t got;
		FILE *m = open_memstream(&in_bytes, &in_len);
		while (m && (got = fread(buf, 1, sizeof buf, f)) > 0)
			fwrite(buf, 1, got, m);
		/* a folder opens, and its reads fail: not a console with no input */
		int read_errno = ferror(f) ? errno : 0;
		fclose(f);
		if (!m || fclose(m)) {
			free(image);
			return FAIL(c, "out of memory");
		}
		if (read_errno) {
			free(image);
			free(in_bytes);
			return FAIL(c, "launch: %s: %s", input_file, strerror(read_errno));
		}
	}
	struct dbg_options o = { .mem = (uint32_t)mem, .quantum = (uint32_t)quantum, .history_mem = history };
	char err[256];
	a->s = dbg_new(image, len, &o, err, sizeof err);
	free(image);
	if (!a->s) {
		free(in_bytes);
		return FAIL(c, "launch: %s", err);
	}
	dbg_set_output(a->s, guest_output, a);
	if (input && *input)
		dbg_input(a->s, input, strlen(input));
	if (in_len)
		dbg_input(a->s, in_bytes, in_len);
	free(in_bytes);
	dbg_input_close(a->s);
	a->console = a->host->console_new(a->s);
	if (!a->console) {	/* no half-made session: a second launch starts clean */
		dbg_free(a->s);
		a->s = NULL;
		return FAIL(c, "out of memory");
	}
	a->launched = true;
	a->stop_on_entry = dap_bool(args, "stopOnEntry", false);
	return 0;
}

static int r_configuration_done(struct ctx *c)
{
	if (c->a->configured)
		return FAIL(c, "configurationDone: done already");
	c->a->configured = true;
	if (c->a->stop_on_entry)
		c->then_entry = true;
	else
		c->then = dbg_continue;
	return 0;
}

static int r_set_breakpoints(struct ctx *c)
{
	struct adapter *a = c->a;
	const cJSON *source = cJSON_GetObjectItemCaseSensitive(c->q->args, "source");
	const char *path = dap_str(source, "path", NULL);
	if (!path)
		return FAIL(c, "setBreakpoints: no source path");
	drop_points(a, OWN_SOURCE, path);
	const cJSON *bps = cJSON_GetObjectItemCaseSensitive(c->q->args, "breakpoints");
	cJSON *out = cJSON_AddArrayToObject(c->body, "breakpoints");
	for (const cJSON *b = cJSON_IsArray(bps) ? bps->child : NULL; b; b = b->next) {
		double line = dap_num(b, "line", 0) + (a->lines_at1 ? 0 : 1);
		const char *cond = dap_str(b, "condition", NULL);
		char where[4200];
		int id = -1;
		const char *why = "a line is a whole number from 1";
		unsigned at = 0;	/* the line it goes on: the next with code, as gdb does */
		/* a longer path would be cut in where, to another location */
		bool fits = strlen(path) <= 4095;
		if (fits && line >= 1 && line <= 1e7 && line == (double)(unsigned)line &&
		    (at = dbg_line_with_code(a->s, path, (unsigned)line))) {
			/* the engine's FILE:LINE, the file by the path the editor has
			 * (a suffix of it names the image's file) */
			snprintf(where, sizeof where, "%s:%u", path, at);
			id = dbg_break(a->s, where, false, cond && *cond ? cond : NULL);
		}
		if (line >= 1 && line <= 1e7 && line == (double)(unsigned)line)
			why = fits ? dbg_error(a->s) : "a path of more than 4095 characters";
		if (id > 0 && own_point(a, id, OWN_SOURCE, path))
			return FAIL(c, "out of memory");
		cJSON *p = point_json(a, id, why);
		cJSON_AddNumberToObject(p, "line", id > 0 ? at - (a->lines_at1 ? 0 : 1)
						       : dap_num(b, "line", 0));
		cJSON_AddItemToArray(out, p);
	}
	return 0;
}

static int r_set_instruction_breakpoints(struct ctx *c)
{
	struct adapter *a = c->a;
	drop_points(a, OWN_INSN, NULL);
	const cJSON *bps = cJSON_GetObjectItemCaseSensitive(c->q->args, "breakpoints");
	cJSON *out = cJSON_AddArrayToObject(c->body, "breakpoints");
	for (const cJSON *b = cJSON_IsArray(bps) ? bps->child : NULL; b; b = b->next) {
		const char *ref = dap_str(b, "instructionReference", "");
		double off = dap_num(b, "offset", 0);
		const char *cond = dap_str(b, "condition", NULL);
		char where[160];
		bool off_ok = off > -2147483648.0 && off < 2147483648.0;
		/* a longer one would be cut in where: another expression, another address */
		bool fits = strlen(ref) <= 140;
		if (off != 0 && off_ok)
			snprintf(where, sizeof where, "(%s)%+d", ref, (int)off);
		else
			snprintf(where, sizeof where, "%s", ref);
		int id = *ref && off_ok && fits ? dbg_break(a->s, where, false, cond && *cond ? cond : NULL) : -1;
		if (id > 0 && own_point(a, id, OWN_INSN, NULL))
			return FAIL(c, "out of memory");
		cJSON_AddItemToArray(out, point_json(a, id, !*ref ? "no instructionReference"
						      : !off_ok ? "an offset outside the 32-bit address space"
						      : !fits ? "an instructionReference of more than 140 characters"
						      : dbg_error(a->s)));
	}
	return 0;
}

static int r_set_exception_breakpoints(struct ctx *c)
{
	struct adapter *a = c->a;
	drop_points(a, OWN_EXC, NULL);
	cJSON *out = cJSON_AddArrayToObject(c->body, "breakpoints");
	const cJSON *filters = cJSON_GetObjectItemCaseSensitive(c->q->args, "filters");
	const cJSON *options = cJSON_GetObjectItemCaseSensitive(c->q->args, "filterOptions");
	for (int pass = 0; pass < 2; pass++) {
		const cJSON *list = pass ? options : filters;
		for (const cJSON *f = cJSON_IsArray(list) ? list->child : NULL; f; f = f->next) {
			const char *what = pass ? dap_str(f, "filterId", "") : cJSON_IsString(f) ? f->valuestring : "";
			const char *cond = pass ? dap_str(f, "condition", NULL) : NULL;
			int id = dbg_catch(a->s, what, cond && *cond ? cond : NULL);
			if (id > 0 && own_point(a, id, OWN_EXC, NULL))
				return FAIL(c, "out of memory");
			cJSON_AddItemToArray(out, point_json(a, id, dbg_error(a->s)));
		}
	}
	return 0;
}

/* A dataId is "LEN@LOCATION": LOCATION as the engine's watch takes it. */
static int r_set_data_breakpoints(struct ctx *c)
{
	struct adapter *a = c->a;
	drop_points(a, OWN_DATA, NULL);
	const cJSON *bps = cJSON_GetObjectItemCaseSensitive(c->q->args, "breakpoints");
	cJSON *out = cJSON_AddArrayToObject(c->body, "breakpoints");
	for (const cJSON *b = cJSON_IsArray(bps) ? bps->child : NULL; b; b = b->next) {
		const char *id_text = dap_str(b, "dataId", "");
		const char *access = dap_str(b, "accessType", "write");
		const char *cond = dap_str(b, "condition", NULL);
		char *at = strchr(id_text, '@'), *end = NULL;
		unsigned long len = at ? strtoul(id_text, &end, 10) : 0;
		enum dbg_point_kind kind = !strcmp(access, "read") ? DBG_PT_RWATCH
					 : !strcmp(access, "readWrite") ? DBG_PT_AWATCH : DBG_PT_WATCH;
		int id = -1;
		const char *why = "a dataId is LENGTH@LOCATION, as dataBreakpointInfo gives it";
		if (at && end == at && len >= 1 && len <= 0x10000 && at[1]) {
			id = dbg_watch(a->s, kind, at + 1, (uint32_t)len, cond && *cond ? cond : NULL);
			why = dbg_error(a->s);
		}
		if (id > 0 && own_point(a, id, OWN_DATA, NULL))
			return FAIL(c, "out of memory");
		cJSON_AddItemToArray(out, point_json(a, id, why));
	}
	return 0;
}

static int r_continue(struct ctx *c)
{
	cJSON_AddBoolToObject(c->body, "allThreadsContinued", true);
	c->then = dbg_continue;
	return 0;
}

/* Steps go by source line (the images' line tables; an instruction where
 * none is known), or by instruction when the editor asks for that
 * granularity (its Disassembly view does). */
static bool by_instruction(struct ctx *c)
{
	return !strcmp(dap_str(c->q->args, "granularity", "statement"), "instruction");
}
static int r_next(struct ctx *c) { c->then = by_instruction(c) ? nexti1 : dbg_next; return 0; }
static int r_step_in(struct ctx *c) { c->then = by_instruction(c) ? stepi1 : dbg_step; return 0; }
static int r_step_out(struct ctx *c) { c->then = dbg_finish; return 0; }
static int r_step_back(struct ctx *c) { c->then = by_instruction(c) ? rstepi1 : dbg_reverse_step; return 0; }
static int r_reverse_continue(struct ctx *c) { c->then = dbg_reverse_continue; return 0; }

/* The machine runs only while a request waits for it: a pause that comes
 * then has stopped it (the reader interrupted the run), one that comes
 * later finds it stopped. */
static int r_pause(struct ctx *c) { (void)c; return 0; }

static int r_evaluate(struct ctx *c)
{
	struct adapter *a = c->a;
	const char *expr = dap_str(c->q->args, "expression", NULL);
	const char *context = dap_str(c->q->args, "context", "repl");
	if (!expr)
		return FAIL(c, "evaluate: no expression");
	if (strcmp(context, "repl") != 0) {
		struct dbg_value v;
		if (dbg_eval(a->s, expr, &v))
			return FAIL(c, "%s", dbg_error(a->s));
		char text[64];
		snprintf(text, sizeof text, "%d (0x%08x)", (int32_t)v.v, v.v);
		cJSON_AddStringToObject(c->body, "result", text);
		cJSON_AddNumberToObject(c->body, "variablesReference", 0);
		return 0;
	}
	/* the debug console: vm debug's commands */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return FAIL(c, "out of memory");
	uint64_t before = dbg_now(a->s);
	run_begin(a);
	bool ok = a->host->console_run(a->console, expr, f);
	run_end(a);
	if (fclose(f))
		return FAIL(c, "out of memory");
	flush_guest(a);
	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	if (!ok) {
		snprintf(c->err, c->errlen, "%s", text);
		free(text);
		return -1;
	}
	cJSON_AddStringToObject(c->body, "result", text);
	cJSON_AddNumberToObject(c->body, "variablesReference", 0);
	free(text);
	/* a command that moved the machine: the editor shows where */
	if (dbg_now(a->s) != before) {
		c->then_reason = "step";
		c->then_entry = true;
	}
	return 0;
}

static int r_disconnect(struct ctx *c)
{
	c->a->done = true;
	return 0;
}

static int r_terminate(struct ctx *c)
{
	c->then_terminated = true;
	return 0;
}

#define VIEW(fn) static int r_##fn(struct ctx *c) { return dap_##fn(c->a, c->q->args, c->body, c->err, c->errlen); }
VIEW(threads)
VIEW(stack_trace)
VIEW(scopes)
VIEW(variables)
VIEW(disassemble)
VIEW(read_memory)
VIEW(data_info)
#undef VIEW

/* What a request needs before it can be answered. */
enum need { NEED_NOTHING, NEED_INIT, NEED_SESSION };

static const struct request {
	const char *name;
	int (*fn)(struct ctx *);
	enum need need;
} requests[] = {
	{ "initialize", r_initialize, NEED_NOTHING },
	{ "launch", r_launch, NEED_INIT },
	{ "configurationDone", r_configuration_done, NEED_SESSION },
	{ "disconnect", r_disconnect, NEED_NOTHING },
	{ "terminate", r_terminate, NEED_INIT },
	{ "threads", r_threads, NEED_SESSION },
	{ "stackTrace", r_stack_trace, NEED_SESSION },
	{ "scopes", r_scopes, NEED_SESSION },
	{ "variables", r_variables, NEED_SESSION },
	{ "setBreakpoints", r_set_breakpoints, NEED_SESSION },
	{ "setInstructionBreakpoints", r_set_instruction_breakpoints, NEED_SESSION },
	{ "setExceptionBreakpoints", r_set_exception_breakpoints, NEED_SESSION },
	{ "dataBreakpointInfo", r_data_info, NEED_SESSION },
	{ "setDataBreakpoints", r_set_data_breakpoints, NEED_SESSION },
	{ "continue", r_continue, NEED_SESSION },
	{ "next", r_next, NEED_SESSION },
	{ "stepIn", r_step_in, NEED_SESSION },
	{ "stepOut", r_step_out, NEED_SESSION },
	{ "stepBack", r_step_back, NEED_SESSION },
	{ "reverseContinue", r_reverse_continue, NEED_SESSION },
	{ "pause", r_pause, NEED_SESSION },
	{ "disassemble", r_disassemble, NEED_SESSION },
	{ "readMemory", r_read_memory, NEED_SESSION },
	{ "evaluate", r_evaluate, NEED_SESSION },
};

static void answer(struct adapter *a, struct dap_request *q)
{
	char err[400] = "";
	const struct request *k = NULL;
	for (size_t i = 0; i < sizeof requests / sizeof requests[0] && !k; i++)
		if (!strcmp(q->command, requests[i].name))
			k = &requests[i];
	struct ctx c = { .a = a, .q = q, .err = err, .errlen = sizeof err };
	cJSON *resp = dap_response(q->seq, q->command, true, NULL);
	if (!resp) {
		a->done = true;
		a->end = DAP_END_MEMORY;
		return;
	}
	c.body = cJSON_GetObjectItemCaseSensitive(resp, "body");
	int r = -1;
	if (!k)
		snprintf(err, sizeof err, "unknown request '%s'", q->command);
	else if (k->need >= NEED_INIT && !a->initialized)
		snprintf(err, sizeof err, "%s before initialize: initialize first", q->command);
	else if (k->need >= NEED_SESSION && !a->launched)
		snprintf(err, sizeof err, "%s with no session: launch first", q->command);
	else
		r = k->fn(&c);
	if (r) {
		cJSON_Delete(resp);
		resp = dap_response(q->seq, q->command, false, err[0] ? err : "failed");
		c.then = NULL;
		c.then_entry = c.then_terminated = false;
	}
	dap_send(&a->w, resp);
	if (r)
		return;
	if (k->fn == r_initialize)
		return;
	if (k->fn == r_launch)
		dap_send(&a->w, dap_event("initialized"));
	if (c.then_terminated)
		dap_send(&a->w, dap_event("terminated"));
	if (c.then_entry) {
		struct dbg_stop st = { .why = DBG_DONE };
		stopped(a, 0, &st, c.then_reason ? c.then_reason : "entry");
	}
	if (c.then)
		move(a, c.then, "step");
}

/* ---- Serving ------------------------------------------------------------------------------ */

static void handle(struct adapter *a, struct item *it)
{
	switch (it->kind) {
	case IT_MSG:
		answer(a, &it->req);
		break;
	case IT_BAD:
		if (a->log)
			fprintf(a->log, "vm dap: %s\n", it->err);
		dap_send(&a->w, dap_response(it->req.seq, it->req.command, false, it->err));
		break;
	case IT_END:
		a->done = true;
		break;
	case IT_FATAL:
		if (a->log)
			fprintf(a->log, "vm dap: %s\n", it->err);
		dap_output(a, "important", it->err);
		a->end = DAP_END_PROTOCOL;
		a->done = true;
		break;
	}
	if (a->w.failed && a->end == DAP_END_OK) {
		a->end = DAP_END_IO;
		a->done = true;
	}
}

enum dap_end dap_serve(int in_fd, int out_fd, const struct dap_host *host, FILE *log)
{
	struct adapter *a = calloc(1, sizeof *a);
	if (!a)
		return DAP_END_MEMORY;
	a->host = host;
	a->log = log;
	a->w.fd = out_fd;
	a->in_fd = in_fd;
	a->lines_at1 = true;
	enum dap_end end = DAP_END_MEMORY;
	if (pipe(a->stop_pipe))
		goto out;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pthread_create(&a->reader, NULL, reader_main, a))
		goto out_pipe;
	while (!a->done) {
		struct item *it = pop(a);
		handle(a, it);
		free_item(it);
	}
	end = a->end;
	/* stop the reader (it may wait for input) and take what it queued */
	if (write(a->stop_pipe[1], "x", 1) != 1 && a->log)
		fprintf(a->log, "vm dap: cannot stop the reader\n");
	pthread_join(a->reader, NULL);
	while (a->head) {
		struct item *it = a->head;
		a->head = it->next;
		free_item(it);
	}
	if (a->console)
		host->console_free(a->console);
	for (unsigned i = 0; i < a->nown; i++)
		free(a->own[i].file);
	free(a->own);
	if (a->s)
		dbg_free(a->s);
out_pipe:
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	close(a->stop_pipe[0]);
	close(a->stop_pipe[1]);
out:
	free(a);
	return end;
}
