/*
 * test_dap.c - vm dap from an editor's side: a scripted client speaks the
 * protocol to the real `vm dap` over pipes.  A whole session on the
 * default image (a breakpoint in the timer handler, the trap frame read,
 * a step back across the return-from-trap, a reverse continue to a data
 * breakpoint, the debug console), a pause of a program that never ends,
 * and requests that are malformed or out of order.  Kernel addresses are
 * taken from the image's symbols, never written here.
 *
 *   test_dap VM DEFAULT.BIN SOURCE-DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dap_client.h"
#include "image.h"

static const char *vm, *source_dir;
static uint8_t *image_bytes;
static struct img image;

/* The address of a kernel label, from the image's symbols. */
static uint32_t label(const char *name)
{
	for (uint32_t i = 0; i < image.nsyms; i++) {
		struct img_sym y = img_symbol(&image, i);
		if (!strcmp(y.name, name))
			return y.value;
	}
	fail_msg("no symbol %s in the image", name);
	return 0;
}

static const char *hexs(uint32_t v)
{
	static char buf[4][16];
	static unsigned k;
	char *b = buf[k++ % 4];
	snprintf(b, 16, "0x%08x", v);
	return b;
}

static void start(struct dc *c)
{
	assert_true(dc_start(c, vm));
}

/* initialize and launch (args: the launch's arguments), up to the
 * initialized event. */
static void launch(struct dc *c, const char *args)
{
	cJSON *r = dc_req(c, "initialize", "{\"clientID\":\"test\",\"linesStartAt1\":true}", true);
	assert_true(dc_true(r, "body.supportsStepBack"));
	assert_true(dc_true(r, "body.supportsDataBreakpoints"));
	assert_true(dc_true(r, "body.supportsInstructionBreakpoints"));
	assert_true(dc_true(r, "body.supportsConfigurationDoneRequest"));
	cJSON_Delete(r);
	cJSON_Delete(dc_req(c, "launch", args, true));
	cJSON *e = dc_event(c, "initialized");
	assert_non_null(e);
	cJSON_Delete(e);
}

/* The next stopped event: its reason, and the pc of the stopped thread's
 * frame 0 in *pc (and its name in name, its line in *line). */
static void stop_frame(struct dc *c, const char *reason, uint32_t *pc, char *name, size_t n,
		       unsigned *line)
{
	cJSON *e = dc_event(c, "stopped");
	assert_non_null(e);
	assert_string_equal(dc_str(e, "body.reason"), reason);
	char args[64];
	snprintf(args, sizeof args, "{\"threadId\":%d}", (int)dc_num(e, "body.threadId"));
	cJSON_Delete(e);
	cJSON *st = dc_req(c, "stackTrace", args, true);
	*pc = (uint32_t)strtoul(dc_str(st, "body.stackFrames.0.instructionPointerReference"), NULL, 16);
	if (name)
		snprintf(name, n, "%s", dc_str(st, "body.stackFrames.0.name"));
	if (line)
		*line = (unsigned)dc_num(st, "body.stackFrames.0.line");
	cJSON_Delete(st);
}

static void stop_at(struct dc *c, const char *reason, uint32_t *pc, char *name, size_t n)
{
	stop_frame(c, reason, pc, name, n, NULL);
}

/* The value of the variable name in variablesReference ref. */
static char *variable(struct dc *c, int ref, const char *name, int *child)
{
	static char value[160];
	char args[64];
	snprintf(args, sizeof args, "{\"variablesReference\":%d}", ref);
	cJSON *r = dc_req(c, "variables", args, true);
	const cJSON *v;
	value[0] = '\0';
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "variables"))
		if (!strcmp(dc_str(v, "name"), name)) {
			snprintf(value, sizeof value, "%s", dc_str(v, "value"));
			if (child)
				*child = (int)dc_num(v, "variablesReference");
		}
	cJSON_Delete(r);
	return value;
}

/* The reference of the scope called name in frame 0. */
static int scope_ref(struct dc *c, const char *name)
{
	cJSON *r = dc_req(c, "scopes", "{\"frameId\":0}", true);
	const cJSON *s;
	int ref = 0;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "scopes"))
		if (!strncmp(dc_str(s, "name"), name, strlen(name)))
			ref = (int)dc_num(s, "variablesReference");
	cJSON_Delete(r);
	assert_true(ref > 0);
	return ref;
}

/* The instruction at addr, disassembled by the server. */
static char *instruction(struct dc *c, uint32_t addr)
{
	static char text[128];
	char args[128];
	snprintf(args, sizeof args, "{\"memoryReference\":\"%s\",\"instructionCount\":1}", hexs(addr));
	cJSON *r = dc_req(c, "disassemble", args, true);
	snprintf(text, sizeof text, "%s", dc_str(r, "body.instructions.0.instruction"));
	cJSON_Delete(r);
	return text;
}

/* The kernel's tick count, by the editor's watch expression. */
static int ticks(struct dc *c)
{
	cJSON *v = dc_req(c, "evaluate", "{\"expression\":\"*ticks\",\"context\":\"watch\"}", true);
	int n = atoi(dc_str(v, "body.result"));
	cJSON_Delete(v);
	return n;
}

/* The pc of thread tid's frame 0. */
static uint32_t pc_of(struct dc *c, int tid)
{
	char args[64];
	snprintf(args, sizeof args, "{\"threadId\":%d}", tid);
	cJSON *st = dc_req(c, "stackTrace", args, true);
	uint32_t pc = (uint32_t)strtoul(dc_str(st, "body.stackFrames.0.instructionPointerReference"), NULL, 16);
	cJSON_Delete(st);
	return pc;
}

/* The whole session of the issue: a breakpoint in the timer handler (by
 * label, as an instruction breakpoint), the trap frame that the timer
 * interrupt pushed, a step back across the return-from-trap into the
 * kernel's iret, a reverse continue to the last write of the kernel's
 * tick count (a data breakpoint), the console's info proc, disconnect. */
static void test_session(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	launch(&c, "{\"stopOnEntry\":true,\"input\":\"exit\\n\"}");
	cJSON *r = dc_req(&c, "setInstructionBreakpoints",
			  "{\"breakpoints\":[{\"instructionReference\":\"timer_entry\"}]}", true);
	assert_true(dc_true(r, "body.breakpoints.0.verified"));
	assert_string_equal(dc_str(r, "body.breakpoints.0.instructionReference"), hexs(label("timer_entry")));
	int bp = (int)dc_num(r, "body.breakpoints.0.id");
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "setExceptionBreakpoints", "{\"filters\":[]}", true));
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	uint32_t pc;
	stop_at(&c, "entry", &pc, NULL, 0);

	/* continue: the timer interrupt's handler */
	cJSON_Delete(dc_req(&c, "continue", "{\"threadId\":1}", true));
	cJSON *e = dc_event(&c, "stopped");
	assert_string_equal(dc_str(e, "body.reason"), "instruction breakpoint");
	assert_int_equal((int)dc_num(e, "body.hitBreakpointIds.0"), bp);
	int tid = (int)dc_num(e, "body.threadId");
	cJSON_Delete(e);
	char args[256];
	snprintf(args, sizeof args, "{\"threadId\":%d}", tid);
	cJSON *st = dc_req(&c, "stackTrace", args, true);
	assert_string_equal(dc_str(st, "body.stackFrames.0.instructionPointerReference"), hexs(label("timer_entry")));
	assert_string_equal(dc_str(st, "body.stackFrames.0.name"), "timer_entry (kernel)");
	cJSON_Delete(st);
	/* the thread is the process the timer interrupted */
	cJSON *th = dc_req(&c, "threads", NULL, true);
	char want[64];
	snprintf(want, sizeof want, "pid %d ", tid);
	assert_int_equal((int)dc_num(th, "body.threads.0.id"), tid);
	assert_memory_equal(dc_str(th, "body.threads.0.name"), want, strlen(want));
	cJSON_Delete(th);

	/* the trap frame: a timer interrupt from user mode */
	int frame = scope_ref(&c, "Trap frame"), bits = 0;
	assert_string_equal(strchr(variable(&c, frame, "TF_CAUSE", NULL), '('), "(timer interrupt)");
	variable(&c, frame, "TF_STATUS", &bits);
	assert_true(bits > 0);
	assert_string_equal(variable(&c, bits, "UM", NULL), "1");
	uint32_t user_pc = (uint32_t)strtoul(variable(&c, frame, "TF_PC", NULL), NULL, 16);
	int regs = scope_ref(&c, "Registers");
	assert_memory_equal(variable(&c, regs, "pc", NULL), hexs(label("timer_entry")), 10);

	/* out of the handler, to the program; one step back is the iret */
	cJSON_Delete(dc_req(&c, "setInstructionBreakpoints", "{\"breakpoints\":[]}", true));
	cJSON_Delete(dc_req(&c, "stepOut", args, true));
	char name[160];
	stop_at(&c, "step", &pc, name, sizeof name);
	assert_non_null(strstr(name, "(user"));
	assert_int_equal(pc, user_pc);
	cJSON_Delete(dc_req(&c, "stepBack", args, true));
	stop_at(&c, "step", &pc, name, sizeof name);
	assert_non_null(strstr(name, "(kernel"));
	assert_memory_equal(instruction(&c, pc), "iret", 4);

	/* a data breakpoint on the tick count, found going back */
	int ticks_at_iret = ticks(&c);
	assert_true(ticks_at_iret > 0);
	cJSON *info = dc_req(&c, "dataBreakpointInfo", "{\"name\":\"ticks\"}", true);
	assert_string_equal(dc_str(info, "body.dataId"), "4@ticks");
	cJSON_Delete(info);
	cJSON *db = dc_req(&c, "setDataBreakpoints",
			   "{\"breakpoints\":[{\"dataId\":\"4@ticks\",\"accessType\":\"write\"}]}", true);
	assert_true(dc_true(db, "body.breakpoints.0.verified"));
	int wp = (int)dc_num(db, "body.breakpoints.0.id");
	cJSON_Delete(db);
	cJSON_Delete(dc_req(&c, "reverseContinue", args, true));
	e = dc_event(&c, "stopped");
	assert_string_equal(dc_str(e, "body.reason"), "data breakpoint");
	assert_int_equal((int)dc_num(e, "body.hitBreakpointIds.0"), wp);
	int writer = (int)dc_num(e, "body.threadId");	/* the tick of whichever process ran */
	cJSON_Delete(e);
	/* the stop is just after the write (a store): the count then is the
	 * count at the iret, and one step before it less (clock_sync adds the
	 * ticks gone by) */
	assert_int_equal(ticks(&c), ticks_at_iret);
	assert_memory_equal(instruction(&c, pc_of(&c, writer) - 4), "sw", 2);
	cJSON_Delete(dc_req(&c, "stepBack", args, true));
	stop_at(&c, "step", &pc, NULL, 0);
	assert_true(ticks(&c) < ticks_at_iret);
	cJSON *v;

	/* the debug console: vm debug's commands */
	v = dc_req(&c, "evaluate", "{\"expression\":\"info proc\",\"context\":\"repl\"}", true);
	snprintf(want, sizeof want, "PCB of pid %d at ", writer);
	assert_memory_equal(dc_str(v, "body.result"), want, strlen(want));
	assert_non_null(strstr(dc_str(v, "body.result"), "PCB_STATE"));
	cJSON_Delete(v);
	v = dc_req(&c, "evaluate", "{\"expression\":\"info bogus\",\"context\":\"repl\"}", false);
	assert_false(dc_true(v, "success"));
	assert_string_equal(dc_str(v, "message"), "error: info bogus: not known (help info lists them)");
	cJSON_Delete(v);

	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* The guest's console comes as output events, and its end as exited
 * with its status; the session stays, to go back from the end. */
static void test_output_and_exit(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	launch(&c, "{\"input\":\"hello\\nexit\\n\"}");
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	cJSON *m;
	int exit_code = -1, tid = -1;
	while ((m = dc_next(&c, 120))) {
		if (!strcmp(dc_str(m, "event"), "output") && !strcmp(dc_str(m, "body.category"), "stdout"))
			fputs(dc_str(m, "body.output"), f);
		if (!strcmp(dc_str(m, "event"), "exited"))
			exit_code = (int)dc_num(m, "body.exitCode");
		bool stop = !strcmp(dc_str(m, "event"), "stopped");
		if (stop) {
			assert_string_equal(dc_str(m, "body.reason"), "exception");
			tid = (int)dc_num(m, "body.threadId");
		}
		cJSON_Delete(m);
		if (stop)
			break;
	}
	fclose(f);
	assert_int_equal(exit_code, 0);
	assert_non_null(strstr(out, "hello, world"));
	free(out);
	/* the last process has exited (its pid is still the machine's): the
	 * stop is the kernel's thread, which threads lists, with no PCB */
	assert_int_equal(tid, 32767);
	cJSON *r = dc_req(&c, "threads", NULL, true);
	assert_int_equal((int)dc_num(r, "body.threads.0.id"), tid);
	cJSON_Delete(r);
	r = dc_req(&c, "scopes", "{\"frameId\":0}", true);
	assert_string_equal(dc_str(r, "body.scopes.2.name"), "Trap frame");
	assert_string_equal(dc_str(r, "body.scopes.3.name"), "");
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "stackTrace", "{\"threadId\":32767}", true));
	/* back from the end */
	uint32_t pc;
	cJSON_Delete(dc_req(&c, "stepBack", "{\"threadId\":1}", true));
	stop_at(&c, "step", &pc, NULL, 0);
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* A program that never ends stops at a pause, which the reader takes
 * while the machine runs. */
static void test_pause(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	launch(&c, "{\"input\":\"spin\\n\"}");
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	int seq = dc_send(&c, "pause", "{\"threadId\":1}");
	cJSON *e = dc_event(&c, "stopped");
	assert_non_null(e);
	assert_string_equal(dc_str(e, "body.reason"), "pause");
	cJSON_Delete(e);
	cJSON *r = dc_response(&c, seq);
	assert_true(dc_true(r, "success"));
	cJSON_Delete(r);
	/* and again: a continue, a pause */
	cJSON_Delete(dc_req(&c, "continue", "{\"threadId\":1}", true));
	dc_send(&c, "pause", "{\"threadId\":1}");
	e = dc_event(&c, "stopped");
	assert_string_equal(dc_str(e, "body.reason"), "pause");
	cJSON_Delete(e);
	/* a disconnect while it runs ends it too */
	dc_send(&c, "continue", "{\"threadId\":1}");
	dc_send(&c, "disconnect", NULL);
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* --port: the same server on a TCP port of localhost, for one client. */
static void test_tcp(void **state)
{
	(void)state;
	struct dc c;
	assert_true(dc_start_tcp(&c, vm));
	launch(&c, "{\"stopOnEntry\":true}");
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	uint32_t pc;
	stop_at(&c, "entry", &pc, NULL, 0);
	cJSON_Delete(dc_req(&c, "stepIn", "{\"threadId\":1}", true));
	stop_at(&c, "step", &pc, NULL, 0);
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* The next stopped event's reason is reason; frame 0's pc and line. */
static unsigned stop_line(struct dc *c, const char *reason, uint32_t *pc)
{
	unsigned line;
	stop_frame(c, reason, pc, NULL, 0, &line);
	return line;
}

/* Steps go by source line: in hello's main, `push ra` and `la a0, ...`
 * are two instructions each; next goes over the whole line, next with
 * granularity "instruction" one instruction, stepBack to the start of
 * the line before. */
static void test_line_steps(void **state)
{
	(void)state;
	struct dc c;
	uint32_t pc0, pc;
	start(&c);
	launch(&c, "{\"input\":\"hello\\nexit\\n\"}");
	cJSON *r = dc_req(&c, "setInstructionBreakpoints",
			  "{\"breakpoints\":[{\"instructionReference\":\"hello:main\"}]}", true);
	assert_true(dc_true(r, "body.breakpoints.0.verified"));
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	unsigned line0 = stop_line(&c, "instruction breakpoint", &pc0);
	assert_true(line0 > 0);
	cJSON_Delete(dc_req(&c, "next", "{\"threadId\":3}", true));
	assert_int_equal(stop_line(&c, "step", &pc), line0 + 1);
	assert_int_equal(pc, pc0 + 8);	/* push ra: addi sp and sw ra */
	cJSON_Delete(dc_req(&c, "next", "{\"threadId\":3,\"granularity\":\"instruction\"}", true));
	assert_int_equal(stop_line(&c, "step", &pc), line0 + 1);
	assert_int_equal(pc, pc0 + 12);
	cJSON_Delete(dc_req(&c, "stepBack", "{\"threadId\":3}", true));
	assert_int_equal(stop_line(&c, "step", &pc), line0);
	assert_int_equal(pc, pc0);
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

static void v_no_points(struct dc *c);

/* The line of src/os/trap.s that holds the label name, from the file. */
static unsigned label_line(const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	unsigned n = 0, found = 0;
	size_t len = strlen(name);
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		if (!strncmp(line, name, len) && line[len] == ':')
			found = n;
	}
	fclose(f);
	assert_true(found > 0);
	return found;
}

/* Breakpoints on source lines: the line of a label has no code, so the
 * breakpoint goes on the next line that has (as gdb places it), at the
 * label's address, and the answer says which line; the stop is shown at
 * that line of that file.  A line past the end is refused, with why. */
static void test_source_lines(void **state)
{
	(void)state;
	char path[4096], args[4500];
	snprintf(path, sizeof path, "%s/src/os/trap.s", source_dir);
	unsigned at = label_line(path, "timer_entry");
	struct dc c;
	start(&c);
	launch(&c, "{\"stopOnEntry\":true,\"input\":\"exit\\n\"}");
	snprintf(args, sizeof args, "{\"source\":{\"path\":\"%s\"},\"breakpoints\":[{\"line\":9999999}]}", path);
	cJSON *r = dc_req(&c, "setBreakpoints", args, true);
	assert_false(dc_true(r, "body.breakpoints.0.verified"));
	assert_non_null(strstr(dc_str(r, "body.breakpoints.0.message"), " lines"));
	cJSON_Delete(r);
	snprintf(args, sizeof args, "{\"source\":{\"path\":\"%s\"},\"breakpoints\":[{\"line\":%u}]}", path, at);
	r = dc_req(&c, "setBreakpoints", args, true);
	assert_true(dc_true(r, "body.breakpoints.0.verified"));
	unsigned code = (unsigned)dc_num(r, "body.breakpoints.0.line");
	assert_true(code > at);
	assert_string_equal(dc_str(r, "body.breakpoints.0.instructionReference"), hexs(label("timer_entry")));
	int bp = (int)dc_num(r, "body.breakpoints.0.id");
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	uint32_t pc;
	stop_at(&c, "entry", &pc, NULL, 0);
	cJSON_Delete(dc_req(&c, "continue", "{\"threadId\":1}", true));
	cJSON *e = dc_event(&c, "stopped");
	assert_string_equal(dc_str(e, "body.reason"), "breakpoint");
	assert_int_equal((int)dc_num(e, "body.hitBreakpointIds.0"), bp);
	snprintf(args, sizeof args, "{\"threadId\":%d}", (int)dc_num(e, "body.threadId"));
	cJSON_Delete(e);
	cJSON *st = dc_req(&c, "stackTrace", args, true);
	assert_string_equal(dc_str(st, "body.stackFrames.0.instructionPointerReference"), hexs(label("timer_entry")));
	const char *file = dc_str(st, "body.stackFrames.0.source.path");
	assert_true(strlen(file) >= 13 && !strcmp(file + strlen(file) - 13, "src/os/trap.s"));
	assert_int_equal((int)dc_num(st, "body.stackFrames.0.line"), code);
	cJSON_Delete(st);
	/* an empty list takes them away */
	snprintf(args, sizeof args, "{\"source\":{\"path\":\"%s\"},\"breakpoints\":[]}", path);
	cJSON_Delete(dc_req(&c, "setBreakpoints", args, true));
	v_no_points(&c);
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* The console's list of points is empty. */
static void v_no_points(struct dc *c)
{
	cJSON *v = dc_req(c, "evaluate", "{\"expression\":\"info breakpoints\",\"context\":\"repl\"}", true);
	assert_string_equal(dc_str(v, "body.result"), "No breakpoints, watchpoints or catchpoints.");
	cJSON_Delete(v);
}

/* An error response to request seq, its message containing text. */
static void error_for(struct dc *c, int seq, const char *text)
{
	cJSON *r = dc_response(c, seq);
	assert_non_null(r);
	assert_false(dc_true(r, "success"));
	if (!strstr(dc_str(r, "message"), text))
		fail_msg("message '%s' does not say '%s'", dc_str(r, "message"), text);
	cJSON_Delete(r);
}

/* A body that is not a valid request, framed right. */
static void raw_message(struct dc *c, const char *body)
{
	char head[256];
	int n = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", strlen(body));
	dc_raw(c, head, (size_t)n);
	dc_raw(c, body, strlen(body));
}

/* Requests out of order, unknown, without their fields, and bytes that
 * are not the protocol: each an error response, and the session goes on. */
static void test_malformed(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	error_for(&c, dc_send(&c, "threads", NULL), "before initialize");
	error_for(&c, dc_send(&c, "launch", "{}"), "before initialize");
	error_for(&c, dc_send(&c, "frobnicate", NULL), "unknown request 'frobnicate'");
	raw_message(&c, "{\"seq\":5,\"type\":\"request\",");
	error_for(&c, 0, "not JSON");
	raw_message(&c, "[1,2,3]");
	error_for(&c, 0, "not a JSON object");
	raw_message(&c, "{\"seq\":7,\"type\":\"request\"}");
	error_for(&c, 7, "no \"command\"");
	raw_message(&c, "{\"seq\":8,\"type\":\"event\",\"command\":\"x\"}");
	error_for(&c, 8, "not a request");
	raw_message(&c, "{\"seq\":9,\"type\":\"request\",\"command\":\"launch\",\"arguments\":3}");
	error_for(&c, 9, "\"arguments\" is not an object");
	/* headers: none, a length that is not a number; the next message is
	 * found again after each */
	dc_raw(&c, "Content-Type: x\r\n\r\n", 19);
	error_for(&c, 0, "without Content-Length");
	dc_raw(&c, "Content-Length: 12x\r\n\r\n", 23);
	error_for(&c, 0, "not one whole number");
	c.seq = 20;
	cJSON_Delete(dc_req(&c, "initialize", "{}", true));
	error_for(&c, dc_send(&c, "initialize", "{}"), "initialized already");
	error_for(&c, dc_send(&c, "setBreakpoints", "{\"source\":{\"path\":\"x.s\"}}"), "launch first");
	error_for(&c, dc_send(&c, "launch", "{\"image\":\"/nonexistent/x.bin\"}"), "/nonexistent/x.bin");
	error_for(&c, dc_send(&c, "launch", "{\"mem\":\"lots\"}"), "\"mem\"");
	error_for(&c, dc_send(&c, "launch", "{\"quantum\":-3}"), "\"quantum\"");
	error_for(&c, dc_send(&c, "launch", "{\"add\":\"x.s\"}"), "\"add\"");
	/* now a session, and requests with arguments missing or wrong */
	cJSON_Delete(dc_req(&c, "launch", "{}", true));
	error_for(&c, dc_send(&c, "variables", "{\"variablesReference\":999}"), "no variablesReference");
	error_for(&c, dc_send(&c, "disassemble", "{\"memoryReference\":\"nosuchlabel\",\"instructionCount\":2}"), "nosuchlabel");
	error_for(&c, dc_send(&c, "disassemble", "{\"memoryReference\":\"0\",\"instructionCount\":1e9}"), "instructionCount");
	error_for(&c, dc_send(&c, "readMemory", "{\"count\":4}"), "memoryReference");
	error_for(&c, dc_send(&c, "evaluate", "{}"), "no expression");
	error_for(&c, dc_send(&c, "stackTrace", "{\"threadId\":4242}"), "no thread");
	cJSON *r = dc_req(&c, "setInstructionBreakpoints",
			  "{\"breakpoints\":[{\"instructionReference\":\"swtchh\"},{}]}", true);
	assert_false(dc_true(r, "body.breakpoints.0.verified"));
	assert_non_null(strstr(dc_str(r, "body.breakpoints.0.message"), "swtchh"));
	assert_false(dc_true(r, "body.breakpoints.1.verified"));
	cJSON_Delete(r);
	r = dc_req(&c, "setDataBreakpoints", "{\"breakpoints\":[{\"dataId\":\"ticks\"},{\"dataId\":\"0@ticks\"}]}", true);
	assert_false(dc_true(r, "body.breakpoints.0.verified"));
	assert_false(dc_true(r, "body.breakpoints.1.verified"));
	cJSON_Delete(r);
	r = dc_req(&c, "dataBreakpointInfo", "{\"variablesReference\":1,\"name\":\"a0\"}", true);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "dataId")));
	cJSON_Delete(r);
	/* the end of the input mid-message: a clean exit */
	dc_raw(&c, "Content-Length: 50\r\n\r\n{\"seq\"", 28);
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* Numbers no editor sends (JSON allows them): a frame, a start frame or a
 * breakpoint offset past what a C integer holds is answered, not cast
 * (UBSan stopped vm dap at each), and the session goes on. */
static void test_huge_numbers(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	launch(&c, "{\"stopOnEntry\":true}");
	cJSON_Delete(dc_req(&c, "configurationDone", NULL, true));
	cJSON_Delete(dc_event(&c, "stopped"));
	cJSON *r = dc_req(&c, "stackTrace", "{\"threadId\":32767,\"startFrame\":1e300,\"levels\":1e300}", true);
	assert_null(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "stackFrames"), 0));
	cJSON_Delete(r);
	error_for(&c, dc_send(&c, "scopes", "{\"frameId\":1e300}"), "no frame");
	error_for(&c, dc_send(&c, "scopes", "{\"frameId\":1000001048576}"), "no frame");
	r = dc_req(&c, "setInstructionBreakpoints",
		   "{\"breakpoints\":[{\"instructionReference\":\"0x10\",\"offset\":1e300},"
		   "{\"instructionReference\":\"0x10\",\"offset\":-1e300},"
		   "{\"instructionReference\":\"0x10\",\"offset\":2147483648},"
		   "{\"instructionReference\":\"0x10\",\"offset\":4}]}", true);
	for (int i = 0; i < 3; i++) {
		char path[64];
		snprintf(path, sizeof path, "body.breakpoints.%d.verified", i);
		assert_false(dc_true(r, path));
		snprintf(path, sizeof path, "body.breakpoints.%d.message", i);
		if (!strstr(dc_str(r, path), "offset"))
			fail_msg("breakpoint %d: '%s' does not say the offset is wrong", i, dc_str(r, path));
	}
	assert_true(dc_true(r, "body.breakpoints.3.verified"));
	assert_string_equal(dc_str(r, "body.breakpoints.3.instructionReference"), "0x00000014");
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "threads", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* base+0+0...+last, 100 times +0: an expression of over 200 characters. */
static void long_sum(char *buf, const char *base, const char *last)
{
	strcpy(buf, base);
	for (int i = 0; i < 100; i++)
		strcat(buf, "+0");
	strcat(buf, last);
}

/* A reference longer than the adapter's buffers is refused, not cut: the
 * cut text is another expression (0x100+0+...+0x40 cut is 0x100), so the
 * point went on the wrong address and said it was verified. */
static void test_long_references(void **state)
{
	(void)state;
	char ref[400], args[1200];
	long_sum(ref, "0x100", "+0x40");
	struct dc c;
	start(&c);
	launch(&c, "{\"stopOnEntry\":true}");
	snprintf(args, sizeof args, "{\"breakpoints\":[{\"instructionReference\":\"%s\"},"
		 "{\"instructionReference\":\"%s\",\"offset\":4}]}", ref, ref);
	cJSON *r = dc_req(&c, "setInstructionBreakpoints", args, true);
	for (int i = 0; i < 2; i++) {
		char path[64];
		snprintf(path, sizeof path, "body.breakpoints.%d.instructionReference", i);
		const char *at = dc_str(r, path);
		if (*at && strcmp(at, i ? "0x00000144" : "0x00000140") != 0)
			fail_msg("breakpoint %d: at %s", i, at);
	}
	cJSON_Delete(r);
	/* a watch of ticks+8 is not one of ticks */
	char name[400];
	long_sum(name, "ticks", "+8");
	snprintf(args, sizeof args, "{\"name\":\"%s\",\"bytes\":4}", name);
	r = dc_req(&c, "dataBreakpointInfo", args, true);
	const char *id = dc_str(r, "body.dataId");
	if (*id && strcmp(id + strlen(id) - 2, "+8") != 0)
		fail_msg("dataId %s is not of %s", id, name);
	cJSON_Delete(r);
	/* a path longer than a file name can be is refused as such */
	char path[6000] = "/";
	for (int i = 0; i < 2800; i++)
		strcat(path, "a/");
	strcat(path, "src/os/trap.s");
	char big[6200];
	snprintf(big, sizeof big, "{\"source\":{\"path\":\"%s\"},\"breakpoints\":[{\"line\":10}]}", path);
	r = dc_req(&c, "setBreakpoints", big, true);
	assert_false(dc_true(r, "body.breakpoints.0.verified"));
	if (!strstr(dc_str(r, "body.breakpoints.0.message"), "characters"))
		fail_msg("message '%.80s' does not say the path is too long", dc_str(r, "body.breakpoints.0.message"));
	cJSON_Delete(r);
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* An inputFile that cannot be read (a folder opens, and reads fail) is
 * an error of the launch, not a console with no input. */
static void test_unreadable_input(void **state)
{
	(void)state;
	struct dc c;
	start(&c);
	cJSON_Delete(dc_req(&c, "initialize", "{\"clientID\":\"test\"}", true));
	error_for(&c, dc_send(&c, "launch", "{\"inputFile\":\"/\"}"), "launch: /: ");
	cJSON_Delete(dc_req(&c, "disconnect", NULL, true));
	assert_int_equal(dc_finish(&c, 30), 0);
}

/* Input after which the next message cannot be found ends the session
 * with status 65 (invalid input), having said why. */
static void test_unframeable(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"Content-Length: 99999999999999999999\r\n\r\n",
		"Content-Length: 16777217\r\n\r\n",
	};
	for (size_t i = 0; i < 3; i++) {
		struct dc c;
		start(&c);
		if (i < 2) {
			dc_raw(&c, inputs[i], strlen(inputs[i]));
		} else {	/* a header that never ends */
			char junk[9000];
			memset(junk, 'x', sizeof junk);
			dc_raw(&c, junk, sizeof junk);
		}
		cJSON *e = dc_event(&c, "output");
		assert_non_null(e);
		assert_string_equal(dc_str(e, "body.category"), "important");
		cJSON_Delete(e);
		assert_int_equal(dc_finish(&c, 30), 65);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: test_dap VM DEFAULT.BIN SOURCE-DIR\n");
		return 2;
	}
	vm = argv[1];
	source_dir = argv[3];
	FILE *f = fopen(argv[2], "rb");
	enum { MAX = 1 << 24 };
	image_bytes = malloc(MAX);
	size_t len = f && image_bytes ? fread(image_bytes, 1, MAX, f) : 0;
	char err[200];
	if (f)
		fclose(f);
	if (!len || img_parse(&image, image_bytes, len, err, sizeof err)) {
		fprintf(stderr, "test_dap: %s: cannot read the image\n", argv[2]);
		return 2;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_output_and_exit),
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_line_steps),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_long_references),
		cmocka_unit_test(test_unreadable_input),
		cmocka_unit_test(test_unframeable),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	free(image_bytes);
	return r;
}
