/*
 * debug.h - the debug engine: one session of a machine under a debugger,
 * with breakpoints, watchpoints, catchpoints and time travel.  The terminal
 * (vm debug), the window and an editor integration are front ends over it:
 * they turn what the user does into these calls, and the answers into their
 * own display.  It prints nothing, opens no file and owns no terminal.
 *
 * Time travel is record and replay (docs/debugger.md, "How it works"): the
 * machine is deterministic (time is instructions, the console's input the
 * only outside event), so the session keeps snapshots of the whole machine
 * taken as the run goes (RAM as pages shared between snapshots while they
 * are the same), and a log of the console bytes with the moment the guest
 * took each.  Going to any earlier moment is restoring the nearest earlier
 * snapshot and running forward again; old snapshots are thinned out, ever
 * more sparsely with age, so that the history stays within its memory.
 *
 * A moment is a step: the unit of cpu_step, one instruction or one trap
 * entry (a `trap` instruction is both, in one step).  Steps count from 0,
 * the machine as loaded; dbg_now() is the step the machine is at, the
 * number of steps taken to get there.
 */
#ifndef DEBUG_H
#define DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "events.h"
#include "image.h"
#include "kview.h"

struct dbg;

struct dbg_options {
	uint32_t mem;		/* RAM in bytes; 0: 16 MiB */
	uint32_t quantum;	/* handed to the kernel; 0: its default */
	size_t history_mem;	/* bytes the history may hold; 0: DBG_HISTORY_MEM */
	uint64_t interval;	/* steps between snapshots; 0: chosen from mem */
};
#define DBG_HISTORY_MEM ((size_t)256 << 20)

/* A session on a copy of the image's bytes, at step 0.  NULL with one line
 * in err if the image is invalid or memory runs out. */
struct dbg *dbg_new(const uint8_t *image, size_t len, const struct dbg_options *o,
		    char *err, size_t errlen);
void dbg_free(struct dbg *s);

/* The message of the last call that failed: one line, lower case, no
 * trailing period ("no symbol 'swtchh' in the kernel"). */
const char *dbg_error(const struct dbg *s);

/* ---- The console ------------------------------------------------------------ */

/* Bytes for the guest's console, taken in order as the guest reads them. */
bool dbg_input(struct dbg *s, const void *bytes, size_t n);
/* No more input after what was given: the guest sees end of input. */
void dbg_input_close(struct dbg *s);
/* Output: fn is called with console bytes the guest writes for the first
 * time (not again when a moment already seen is replayed). */
typedef void (*dbg_output_fn)(void *ctx, const uint8_t *bytes, size_t n);
void dbg_set_output(struct dbg *s, dbg_output_fn fn, void *ctx);
/* Everything the guest has written up to the current moment. */
const uint8_t *dbg_output(const struct dbg *s, size_t *len);

/* ---- Where we are ---------------------------------------------------------- */

uint64_t dbg_now(const struct dbg *s);		/* the current step */
uint64_t dbg_frontier(const struct dbg *s);	/* the furthest step run so far */
/* The machine, to read (cpu_reg, cpu_cr, cpu_read...).  Change nothing
 * through it: that would be a machine the history does not know. */
const struct cpu *dbg_cpu(const struct dbg *s);
const struct img *dbg_image(const struct dbg *s);
/* The kernel's tables, if the image is the kernel (kv->ok). */
const struct kview *dbg_kview(const struct dbg *s);
/* The event stream of the session: its symbols and names. */
struct ev_stream *dbg_stream(struct dbg *s);
/* A sink of every event from now on (a window's event list), replayed
 * ones included: a moment run again is seen again.  Runs pay for the
 * events' decoding while a sink is there. */
bool dbg_add_sink(struct dbg *s, ev_sink_fn fn, void *ctx);
/* Has the machine stopped for good at the current moment (halt, power-off,
 * double fault)? */
bool dbg_ended(const struct dbg *s);

/* ---- Going forward and back -------------------------------------------------- */

/* Why a command stopped. */
#define DBG_WHYS(X)							\
	X(DONE, "done")			/* went where it was asked */	\
	X(BREAKPOINT, "breakpoint")					\
	X(WATCHPOINT, "watchpoint")					\
	X(CATCHPOINT, "catchpoint")					\
	X(START, "start")		/* back at step 0: no history before */ \
	X(END, "end")			/* halt or power-off */		\
	X(DOUBLE_FAULT, "double fault")					\
	X(IDLE, "idle")			/* wfi, and nothing can ever wake it */ \
	X(INTERRUPTED, "interrupted")	/* dbg_interrupt() */		\
	X(LIMIT, "limit")		/* a step limit (dbg_set_limit) */

enum dbg_why {
#define X(name, text) DBG_##name,
	DBG_WHYS(X)
#undef X
};
const char *dbg_why_name(enum dbg_why why);

struct dbg_stop {
	enum dbg_why why;
	uint64_t step;		/* where it stopped: dbg_now() */
	int point;		/* BREAKPOINT, WATCHPOINT, CATCHPOINT: its number */
	/* WATCHPOINT: the bytes watched before and after the step that
	 * changed (or, for rwatch and awatch, accessed) them, little-endian,
	 * the first 8; accessed: 'r' or 'w' */
	uint8_t old_bytes[8], new_bytes[8];
	char accessed;
	/* CATCHPOINT: the event caught */
	struct cpu_event event;
	/* END, DOUBLE_FAULT, IDLE: the machine's own words */
	uint32_t exit_status;
	char text[200];
};

/* Each returns 0 with *out saying where it stopped, or -1 (dbg_error says
 * why; nothing moved): nothing to reverse into, the machine has stopped for
 * good, ...  Forward commands stop at breakpoints, watchpoints and
 * catchpoints on the way (stepi and nexti too, as gdb's do); reverse ones at
 * the last one on the way back, never skipping one. */
int dbg_stepi(struct dbg *s, uint64_t n, struct dbg_stop *out);
int dbg_nexti(struct dbg *s, uint64_t n, struct dbg_stop *out);	/* over calls and traps */
int dbg_finish(struct dbg *s, struct dbg_stop *out);	/* until this routine (or trap) returns */
int dbg_continue(struct dbg *s, struct dbg_stop *out);
int dbg_reverse_stepi(struct dbg *s, uint64_t n, struct dbg_stop *out);
int dbg_reverse_nexti(struct dbg *s, uint64_t n, struct dbg_stop *out);
int dbg_reverse_finish(struct dbg *s, struct dbg_stop *out);	/* back to the call (or trap) */
int dbg_reverse_continue(struct dbg *s, struct dbg_stop *out);
/* By source lines, from the images' line tables (gdb's step and next):
 * instructions until the pc is on another line, into calls and traps
 * (step) or over them (next); back, to the first instruction of the line
 * before.  One instruction where no line is known. */
int dbg_step(struct dbg *s, struct dbg_stop *out);
int dbg_next(struct dbg *s, struct dbg_stop *out);
int dbg_reverse_step(struct dbg *s, struct dbg_stop *out);
int dbg_reverse_next(struct dbg *s, struct dbg_stop *out);
/* Any moment: a step (running forward as far as needed), stopping at
 * nothing on the way. */
int dbg_goto(struct dbg *s, uint64_t step, struct dbg_stop *out);
/* The first moment at which n instructions had retired. */
int dbg_goto_instret(struct dbg *s, uint64_t n, struct dbg_stop *out);

/*
 * For a front end that runs in slices between frames (the window): forward
 * up to n steps, stopping where dbg_continue would.  DBG_LIMIT when the n
 * steps ran out; DBG_INTERRUPTED when the guest went to sleep waiting for
 * console input that has not come (dbg_waiting); DBG_DONE at the stop
 * dbg_over_begin armed.  leaving: going on from a stop (a breakpoint here
 * is not hit), false to resume a run that a slice cut off.
 */
int dbg_run(struct dbg *s, uint64_t n, bool leaving, struct dbg_stop *out);
/* Has the guest waited for console input that had not come (cleared by
 * dbg_input)? */
bool dbg_waiting(const struct dbg *s);
/* Step over in slices: arm the stop nexti would make at pc (after a call,
 * a program's trap or the interrupt about to be taken), for dbg_run to
 * stop at (DBG_DONE).  False if pc is on none of them: one step is the
 * same.  dbg_over_end drops it (at the stop, or when the user stops). */
bool dbg_over_begin(struct dbg *s);
void dbg_over_end(struct dbg *s);

/* Going forward stops after this many steps from the start (0: never):
 * a guard for runaway guests. */
void dbg_set_limit(struct dbg *s, uint64_t steps);
/* From another thread or a signal handler: stop the command running now
 * at the next safe point (DBG_INTERRUPTED). */
void dbg_interrupt(struct dbg *s);

/* ---- Breakpoints, watchpoints, catchpoints ---------------------------------------- */

enum dbg_point_kind { DBG_PT_BREAK, DBG_PT_WATCH, DBG_PT_RWATCH, DBG_PT_AWATCH, DBG_PT_CATCH };

struct dbg_point {
	int id;
	enum dbg_point_kind kind;
	bool enabled, temporary;
	uint64_t hits;
	char spec[96];		/* as given: "swtch", "0x1234", "timer", "syscall write" */
	char cond[128];		/* "" if none */
	/* BREAK: the physical address; WATCH*: the range, physical or
	 * virtual in process pid */
	uint32_t addr, len;
	bool virt;
	uint32_t pid;
};

/* Each returns the new point's number (from 1), or -1 (dbg_error).
 * Locations are expressions (dbg_eval): a kernel label ("swtch",
 * "swtch+8"), a number, "PROG:LABEL" for a program's own label, "phys:A"
 * for a physical address, "PID:A" for an address in a process.  A plain
 * number names a physical address in kernel mode and a virtual one of the
 * running process in user mode.  cond may be NULL. */
int dbg_break(struct dbg *s, const char *location, bool temporary, const char *cond);
int dbg_watch(struct dbg *s, enum dbg_point_kind kind, const char *location, uint32_t len,
	      const char *cond);
/* what: a trap cause ("timer", "privileged", "protection", "syscall"...),
 * "fault" (any fault), "interrupt" (any), "syscall NAME", or a kernel event
 * ("switch", "exit", "create", ...: trace_events.def, lower case), "trap"
 * (any trap entry) or "iret" (any return-from-trap). */
int dbg_catch(struct dbg *s, const char *what, const char *cond);
int dbg_delete(struct dbg *s, int id);
int dbg_enable(struct dbg *s, int id, bool on);
int dbg_condition(struct dbg *s, int id, const char *cond);	/* NULL or "": none */
/* The points, in the order they were made: a list that holds until the
 * next call that changes them (a command can delete a temporary one). */
unsigned dbg_points(struct dbg *s, const struct dbg_point **out);

/* ---- Reading the machine ----------------------------------------------------------- */

/*
 * An expression, as in conditions and print: numbers (0x1f, 31, 'a'),
 * registers (a0 or $a0, pc), control registers (status, base, ...), pid,
 * labels (a kernel label is its address), PROG:LABEL, *ADDR (the word at
 * ADDR), unary - ! ~, binary * / % + - << >> & ^ | == != < <= > >= && ||,
 * parentheses.  Returns 0 with the value, or -1 (dbg_error).
 */
struct dbg_value {
	uint32_t v;
	enum { DBG_PLAIN, DBG_PHYS, DBG_VIRT } space;	/* an address of what */
	uint32_t pid;		/* DBG_VIRT: whose (0: a process running prog) */
	const char *prog;	/* DBG_VIRT from PROG:LABEL: the program, else NULL */
};
int dbg_eval(struct dbg *s, const char *expr, struct dbg_value *out);
/* An address to physical (DBG_PLAIN: as the machine sees it now).  False
 * (dbg_error) if it is not RAM: outside the process, no such process. */
bool dbg_to_phys(struct dbg *s, struct dbg_value a, uint32_t len, uint32_t *phys);

/* "sched+24" for a kernel address, "main+8" for one in the running
 * program (user), or "".  Returns buf. */
const char *dbg_symbolize(struct dbg *s, uint32_t addr, bool user, char *buf, size_t n);
/* A label exactly at addr, or NULL: the disassembler's names of branch
 * targets (asm.h's disasm_sym_fn, with ctx a struct dbg_labels).  The
 * name lives in the struct's buf. */
struct dbg_labels {
	struct dbg *s;
	bool user;
	char buf[96];
};
const char *dbg_label_at(void *labels, uint32_t addr);
/* The symbols of a program in the image's file table (NULL if none). */
const struct img *dbg_program(struct dbg *s, const char *name);
/* The running process's name (or "" in the kernel's own code), from
 * kview; and its symbols. */
const char *dbg_process_name(struct dbg *s, uint32_t pid);
/* The program a process runs: the kernel keeps PNAME_BYTES - 1 bytes of its
 * name in the PCB, so a name that long stands for the first program of the
 * image's file table that starts with it (my_first_program runs as
 * my_first_progra).  dbg_program_named resolves a PCB's name that way,
 * dbg_process_program the running process's; either returns the name as
 * given when no program of the image matches. */
const char *dbg_program_named(struct dbg *s, const char *pcb_name);
const char *dbg_process_program(struct dbg *s, uint32_t pid);

/* ---- Source lines (the images' line tables) ------------------------------------------ */

/*
 * The kernel image's line table, and each program's (every program in the
 * kernel's file table carries its own).  A file is named by its path or a
 * suffix of it that starts a component ("trap.s", "src/os/trap.s", or an
 * absolute path that ends so), looked for in the kernel first, then in the
 * programs; "PROG:FILE" looks only in the program PROG.  A library file that
 * several programs carry (programs/lib/print.s) names no one program: a
 * breakpoint on it must say which ("sh:print.s:30").
 *
 * A breakpoint on a line is dbg_break(s, "FILE:LINE") or "PROG:FILE:LINE":
 * for the kernel's file, its physical address; for a program's, its virtual
 * address in every process that runs the program, as PROG:LABEL is.
 */
struct dbg_source {
	const char *file;	/* the path as the image stores it */
	unsigned line;		/* from 1 */
	const char *text;	/* the source line, comments included, or NULL */
};

/* The line that made the instruction at pc, in the current process (in user
 * mode the running program's image, in kernel mode the kernel's).  False
 * where no line is known (no line table, or bytes no line made).  The
 * strings live as long as the session. */
bool dbg_source_at(struct dbg *s, uint32_t pc, struct dbg_source *out);
/* The same for an address of a given mode (a backtrace's frames). */
bool dbg_source_at_mode(struct dbg *s, uint32_t pc, bool user, struct dbg_source *out);
/* The same in a given image: prog NULL for the kernel's, else a program's
 * (its virtual address). */
bool dbg_source_in(struct dbg *s, const char *prog, uint32_t addr, struct dbg_source *out);

/* The addresses of the first instruction of each place line of file made
 * code (a file read twice has two): physical for a kernel file, virtual
 * for a program's.  Returns how many (all of them, even past max); 0 with
 * dbg_error if the file is unknown, ambiguous, or the line made no code
 * ("no code at trap.s:3; the next line with code is 5"). */
unsigned dbg_lines_to_addrs(struct dbg *s, const char *file, unsigned line, uint32_t *addrs,
			    unsigned max);

/* Where a breakpoint on FILE:LINE goes, as gdb places one: line itself if
 * it made code, else the next line of the file that did (a comment, a
 * label alone, a blank line).  0 with dbg_error if the file is unknown or
 * ambiguous, or no line from there on made code. */
unsigned dbg_line_with_code(struct dbg *s, const char *file, unsigned line);

/* The text of a line of a file (for list): fills out (text NULL if the image
 * does not carry the file's text).  *nlines gets the file's number of lines
 * (may be NULL).  False (dbg_error) if the file is unknown or line is past
 * its end. */
bool dbg_source_line(struct dbg *s, const char *file, unsigned line, struct dbg_source *out,
		     unsigned *nlines);
/* The program whose file it is (NULL: the kernel's; dbg_error if unknown). */
bool dbg_source_program(struct dbg *s, const char *file, const char **prog);

/* The trap frame of the running process, at the top of its kernel stack
 * (CR_KSP - TF_BYTES), its fields named by the kernel image's TF_*
 * symbols in order of offset.  Returns how many (0 and dbg_error if the
 * image has no TF_ symbols). */
struct dbg_field {
	char name[24];
	uint32_t addr, value;
};
unsigned dbg_trap_frame(struct dbg *s, struct dbg_field *out, unsigned max);
/* A process's PCB (every PCB_* field of the kernel image) by pid. */
unsigned dbg_pcb(struct dbg *s, uint32_t pid, struct dbg_field *out, unsigned max);

/* The call chain by stack scan (the kernel keeps no frame-pointer chain):
 * frame 0 is pc, then ra while it still holds a return address, then each
 * word on the stack that is one (the word before it a call), up to the top
 * of the stack; in kernel mode a trap from user mode ends the kernel's
 * part, and the user's frames follow from the trap frame. */
struct dbg_frame {
	uint32_t pc;		/* virtual in user mode */
	uint32_t sp;		/* where the return address was found (0: a register) */
	bool user;
	bool trap;		/* the first frame of the program a trap interrupted */
};
unsigned dbg_backtrace(struct dbg *s, struct dbg_frame *out, unsigned max);

/* What the step at the current moment touches if it runs without a trap:
 * the fetch of the instruction at pc, and its load or store (an iret's:
 * the load of the trap frame at sp), at physical addresses.  (A trap
 * entry stores its frame at the new sp instead.) */
struct dbg_access {
	bool fetched;			/* pc is in RAM (and, in user mode, the window) */
	uint32_t fetch_pa, word;
	const struct isa_insn *insn;	/* NULL: the word is no instruction */
	char kind;			/* 'r' a load, 'w' a store, 0 none */
	uint32_t addr, len;
};
void dbg_access_here(const struct dbg *s, struct dbg_access *out);

/* ---- History ------------------------------------------------------------------------ */

struct dbg_history_stats {
	unsigned snapshots;
	size_t bytes, limit;	/* held, and the bound */
	size_t pages;		/* RAM pages kept */
	uint64_t first, last;	/* steps of the first and last snapshot */
	uint64_t interval;
	uint64_t thinned;	/* snapshots dropped to stay in bounds */
};
void dbg_history(const struct dbg *s, struct dbg_history_stats *out);

#endif
