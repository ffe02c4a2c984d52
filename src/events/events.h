/*
 * events.h - the event stream: every event of a run, once, in one form
 * (struct ev), decoded from the machine's hook (cpu.h) with what the tools
 * know of the kernel (its symbols; the OS events' table, trace_events.def).
 * Every view of a run is a sink of this stream: the text trace (vm run
 * --trace), the JSON Lines record (vm run --events, docs/events.md), the
 * protocol table (vm protocol) and the timeline (vm run --timeline).
 *
 * It prints nothing itself and opens no file: the sinks do.
 */
#ifndef EVENTS_H
#define EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "image.h"

/* The kinds of event, and their names in the JSON record ("event").  The
 * OS events (EV_OS) are named by their row of trace_events.def instead. */
#define EV_KINDS(X)                                                              \
	X(TRAP, "trap")			/* trap entry: a fault, a trap or an interrupt */ \
	X(IRET, "iret")			/* return-from-trap */                            \
	X(OS, "os")			/* the kernel announced an event (trace port) */  \
	X(SYSRET, "sysret")		/* a system call returned to its process */       \
	X(STOP, "stop")			/* halt or power-off, with the status */          \
	X(DOUBLE_FAULT, "double_fault")	/* trap entry failed: the machine stops */

enum ev_kind {
#define X(name, json) EV_##name,
	EV_KINDS(X)
#undef X
	EV_KIND_COUNT
};

extern const char *const ev_kind_names[EV_KIND_COUNT];

struct ev_stream;

/* One event.  raw is the hook's record (for SYSRET, the return-from-trap
 * that completed the call). */
struct ev {
	enum ev_kind kind;
	uint64_t n;		/* instructions retired when it happened */
	uint32_t pid;		/* the process the kernel runs (DEV_TRACE_PID), 0 = none */
	bool user, ie;		/* the machine's mode and STATUS_IE just after it */
	const struct cpu_event *raw;
	const struct ev_stream *stream;	/* the stream it came from: its symbols */
	/* OS events of a system call (OSEV_SYSCALL) and SYSRET: */
	uint32_t call;		/* the system call's number */
	uint32_t args[4];	/* OSEV_SYSCALL: a0-a3 as the program passed them */
	int32_t ret;		/* SYSRET: the result, a0 back in the program */
	uint32_t announcer_ra;	/* OS: ra when it was announced (ev_announcer) */
};

/* A sink sees every event in order.  Return nonzero to stop the run (a
 * write failed, a breakpoint-like condition): cpu_run returns CPU_STOP_HOOK. */
typedef int (*ev_sink_fn)(void *ctx, const struct ev *e);

struct ev_stream;

/* A stream for machine m.  kernel (may be NULL) gives the symbols that name
 * kernel addresses ("sched+24"); it must outlive the stream. */
struct ev_stream *ev_stream_new(struct cpu *m, const struct img *kernel);
void ev_stream_free(struct ev_stream *s);
enum { EV_MAX_SINKS = 8 };
bool ev_stream_add_sink(struct ev_stream *s, ev_sink_fn fn, void *ctx);
/* The machine's hook: cpu_set_hook(m, ev_stream_hook, s). */
int ev_stream_hook(void *stream, const struct cpu_event *ce);
const struct cpu *ev_stream_machine(const struct ev_stream *s);

/* The NUL-terminated string at guest address addr (an OS event's string
 * argument: a program's name, a note), cut to n - 1 bytes, a byte outside
 * printable ASCII shown as '?'.  Returns buf. */
const char *ev_guest_string(const struct ev_stream *s, uint32_t addr, char *buf, size_t n);

/* "sched+24" for a kernel address, "syscall_entry" at a label's own
 * address, or "" if the kernel's symbols do not cover it.  Returns buf. */
const char *ev_symbolize(const struct ev_stream *s, uint32_t addr, char *buf, size_t n);

/* A machine event as one line of the text trace ("[hw] syscall in pid 3
 * (user, pc 0x00000040) -> kernel, handler syscall_entry"), kernel addresses
 * named by the stream's symbols: the words of vm run --trace, the window's
 * event list and vm grade's reports (kview_event_text_sym).  Returns buf. */
char *ev_event_text(char *buf, size_t n, const struct ev_stream *s, const struct cpu_event *ce);

/* The kernel address that announced an OS event: the pc of its store to
 * DEV_TRACE_EVENT, or, when that is inside a routine whose name starts
 * with "trace" (the kernel's announcing helpers, leaves called with
 * `call`), the call's own address (ra - 4): "sys_fork+40" rather than
 * "trace+12". */
uint32_t ev_announcer(const struct ev_stream *s, const struct ev *e);

/* The OS event's name (lower case: "switch") and its arguments' names
 * ("pid", "parent"; NULL for an unused one), from trace_events.def.  NULL
 * for a code the table does not have. */
const char *ev_os_name(uint32_t code);
const char *ev_os_arg_name(uint32_t code, unsigned i);
/* How argument i of OS event code prints: 'd' number, 'x' address, 's'
 * string in guest memory, 'c' trap cause, 'y' system call. */
char ev_os_arg_format(uint32_t code, unsigned i);

/* Short names: trap causes ("syscall", "timer", "protection"), system calls
 * ("write"; NULL if none). */
const char *ev_cause_name(uint32_t cause);
const char *ev_syscall_name(uint32_t number);

/* ---- Views ---------------------------------------------------------------- */

/* JSON Lines (docs/events.md).  ev_json_open writes the first record (the
 * run's description), ev_json_close the last ("end"), with why the run
 * ended.  Returns NULL with errno on failure. */
struct ev_json;
struct ev_json_run {
	const char *image;	/* path */
	uint32_t mem, quantum;
};
struct ev_json *ev_json_open(FILE *out, const struct ev_stream *s, const struct ev_json_run *run);
int ev_json_sink(void *json, const struct ev *e);
/* reason: "power_off", "halt", "max_instructions", "double_fault", "idle",
 * "quit", "error"; status: the guest's, when it has one. */
int ev_json_close(struct ev_json *j, const char *reason, bool has_status, int32_t status);
int ev_json_failed(const struct ev_json *j);	/* errno of a failed write, or 0 */

/* OSTEP's protocol tables (vm protocol): each event as rows of three
 * columns, in the chapter's words.  The caller formats the rows. */
enum ev_column { EV_COL_OS, EV_COL_HW, EV_COL_PROGRAM };
struct ev_row {
	uint64_t n;		/* instructions retired */
	enum ev_column column;
	uint32_t pid;		/* the process the row is about (0: none) */
	char at[64];		/* the kernel label that did it ("sched+24"), or "" */
	char text[96];
};
typedef int (*ev_protocol_row_fn)(void *ctx, const struct ev_row *r);
struct ev_protocol;
struct ev_protocol *ev_protocol_new(const struct ev_stream *s, ev_protocol_row_fn row, void *ctx);
int ev_protocol_sink(void *protocol, const struct ev *e);
void ev_protocol_free(struct ev_protocol *p);

/* The timeline (docs/events.md, "The timeline"): the Chrome Trace Event
 * Format, which Perfetto's UI and chrome://tracing open, written as the run
 * goes.  A track per process for its user-mode time, the kernel's trap
 * spans on one track (nested, named by cause or system call), its events
 * as instants, an arrow at every switch.  ts counts instructions.
 * ev_timeline_close ends the file, with how the run ended (as
 * ev_json_close).  Returns NULL with errno on failure. */
struct ev_timeline;
struct ev_timeline *ev_timeline_open(FILE *out, const struct ev_stream *s,
				     const struct ev_json_run *run);
int ev_timeline_sink(void *timeline, const struct ev *e);
int ev_timeline_close(struct ev_timeline *t, const char *reason, bool has_status, int32_t status);
int ev_timeline_failed(const struct ev_timeline *t);	/* errno of a failed write, or 0 */
/* The kernel's "process" in the file: pid 0 is Linux's idle task to
 * Perfetto, and guest pids never come near this one. */
#define EV_TIMELINE_KERNEL_PID 0x7fffffff
#define EV_TIMELINE_SCHEMA "ldx-timeline"
#define EV_TIMELINE_VERSION 1

#define EV_SCHEMA "ldx-events"
#define EV_SCHEMA_VERSION 1

#endif
