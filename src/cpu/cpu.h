/*
 * cpu.h - the machine as a library: create it, load an image, run it for a
 * budget of instructions, look at and change its state, and watch its
 * events through an optional hook.  It prints nothing, opens no file and
 * never exits: the CLI, the tests, the visualiser and the debugger drive it.
 *
 * Time is counted in instructions, never host time, so the same image with
 * the same console input always runs the same way.
 */
#ifndef CPU_H
#define CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa.h"

struct cpu;

/* Why cpu_run returned. */
enum cpu_stop {
	CPU_STOP_BUDGET,	/* ran the instructions it was asked to */
	CPU_STOP_HALT,		/* halt instruction: cpu_exit_status() is a0 */
	CPU_STOP_POWEROFF,	/* write to DEV_POWER: cpu_exit_status() is the value */
	CPU_STOP_DOUBLE_FAULT,	/* trap entry itself failed: cpu_diagnostic() says why */
	CPU_STOP_IDLE,		/* wfi with no timer armed and no input to come */
	CPU_STOP_HOOK,		/* the event hook asked to stop */
	CPU_STOP_BREAKPOINT,	/* pc is at a breakpoint, not yet executed */
};

/* What the hook sees.  Only the fields named for a kind are meaningful. */
enum cpu_event_kind {
	CPU_EV_TRAP,		/* trap entry: fault, trap or interrupt */
	CPU_EV_IRET,		/* return-from-trap completed */
	CPU_EV_OS,		/* the kernel wrote DEV_TRACE_EVENT */
	CPU_EV_STOP,		/* halt or power-off */
	CPU_EV_DOUBLE_FAULT,	/* trap entry failed; the machine stops */
};

struct cpu_event {
	enum cpu_event_kind kind;
	uint64_t instret;	/* instructions retired when it happened */
	uint32_t pid;		/* DEV_TRACE_PID when it happened */
	uint32_t cause;		/* TRAP, DOUBLE_FAULT: TRAP_* */
	uint32_t pc;		/* TRAP: pc pushed; IRET: pc returned to; OS, STOP: pc of the instruction */
	uint32_t insn_pc;	/* TRAP: pc of the instruction that trapped (interrupts: the next one);
				 * IRET: pc of the iret */
	uint32_t faddr;		/* TRAP: CR_FADDR */
	uint32_t handler;	/* TRAP: the handler address now in pc */
	uint32_t status_before;	/* TRAP, IRET: CR_STATUS before */
	uint32_t status_after;	/* TRAP, IRET: CR_STATUS after */
	uint32_t code;		/* OS: OSEV_* code; STOP: exit status */
	uint32_t arg0, arg1;	/* OS: DEV_TRACE_ARG0/1 */
};

/* Return nonzero to make cpu_run stop (CPU_STOP_HOOK) right after this event. */
typedef int (*cpu_hook_fn)(void *ctx, const struct cpu_event *ev);

/* Console input results, besides a byte 0..255. */
enum { CPU_IN_NONE = -1, CPU_IN_EOF = -2 };

/*
 * The host side of the console.  putc gets each output byte.  getc is asked
 * for an input byte when the guest looks at an empty console (idle_ticks
 * 0: answer now) and when the guest waits in wfi with nothing pending
 * (idle_ticks: how long the machine would otherwise sleep before the timer
 * fires, UINT64_MAX if never; a host may block up to that long).
 * Either pointer may be NULL: output is dropped, input is at end of file.
 */
struct cpu_io {
	void *ctx;
	void (*putc)(void *ctx, uint8_t byte);
	int (*getc)(void *ctx, uint64_t idle_ticks);
};

/* Counters for vm run --stats and the visualiser. */
struct cpu_stats {
	uint64_t traps[TRAP_COUNT];	/* trap entries by cause */
	uint64_t irets;			/* returns-from-trap */
	uint64_t to_kernel;		/* user -> kernel mode switches */
	uint64_t to_user;		/* kernel -> user mode switches */
	uint64_t idle_ticks;		/* timer ticks spent waiting in wfi */
	/* The longest stretch, in instructions retired, that the machine spent
	 * in kernel mode with interrupts off (no interrupt could be taken):
	 * how long the kernel held the CPU without the timer's say.  The
	 * stretch still open counts too, up to the last cpu_run's end. */
	uint64_t masked_max;
	uint64_t masked_max_start;	/* INSTRET when that stretch began */
};

/* Create a machine with mem_size bytes of RAM (MEM_MIN..MEM_MAX, a multiple
 * of MEM_ALIGN), in the reset state.  RAM is allocated lazily by the host OS:
 * pages the guest never touches cost nothing.  So is the decode cache, which
 * holds at most 16 MiB however code is spread (cpu_dcache_stats).  NULL if
 * out of memory or the size is invalid. */
struct cpu *cpu_new(uint32_t mem_size);
void cpu_free(struct cpu *m);

/* Reset: registers, control registers and counters to 0, kernel mode,
 * interrupts disabled, pc 0.  RAM is left as it is. */
void cpu_reset(struct cpu *m);

/* Load options the loader passes to the kernel in the boot information. */
struct cpu_boot {
	uint32_t quantum;	/* BOOT_QUANTUM, 0 = the kernel's default */
};

/*
 * Validate an image and load it: reset, clear RAM, copy the segments, place
 * the boot information and the file directory after them, then pc = entry,
 * a0 = address of the boot information, sp = top of RAM.  On failure returns
 * -1 with one line in err ("segment 1 ends at 0x... beyond memory (...)")
 * and leaves the machine reset.  The bytes are not kept.
 */
int cpu_load_image(struct cpu *m, const uint8_t *bytes, size_t len,
		   const struct cpu_boot *boot, char *err, size_t errlen);

/* Run until max_instructions have retired or something stops the machine.
 * A fault retires nothing, but counts as one against max_instructions, so
 * that a storm of faults also ends. */
enum cpu_stop cpu_run(struct cpu *m, uint64_t max_instructions);

/* Execute one instruction, or perform one trap entry (a fault, a pending
 * interrupt), whichever comes first: the unit of single-stepping.  It runs
 * the instruction at a breakpoint too: that is how a debugger goes on from
 * one (cpu_step, then cpu_run). */
enum cpu_stop cpu_step(struct cpu *m);

/* Breakpoints, by physical address (a multiple of 4, in RAM): cpu_run
 * stops with CPU_STOP_BREAKPOINT before the instruction at any of them,
 * whatever the mode.  Replaces the whole set; n = 0 clears it.  They cost
 * the running machine nothing: a breakpoint is an entry of the decode
 * cache.  Returns false (and changes nothing) if n > CPU_MAX_BREAKPOINTS or
 * an address is not a word of RAM. */
enum { CPU_MAX_BREAKPOINTS = 64 };
bool cpu_set_breakpoints(struct cpu *m, const uint32_t *paddrs, unsigned n);

/* State. */
uint32_t cpu_reg(const struct cpu *m, unsigned r);
void cpu_set_reg(struct cpu *m, unsigned r, uint32_t v);	/* r0 stays 0 */
void cpu_regs(const struct cpu *m, uint32_t out[REG_COUNT]);	/* all of them at once */
uint32_t cpu_pc(const struct cpu *m);
void cpu_set_pc(struct cpu *m, uint32_t pc);
/* Control registers, as mfcr would read them.  cpu_set_cr is the host's
 * door: unlike mtcr it may set any bit, STATUS_UM and read-only ones too. */
uint32_t cpu_cr(const struct cpu *m, unsigned cr);
void cpu_set_cr(struct cpu *m, unsigned cr, uint32_t v);
uint64_t cpu_instret(const struct cpu *m);
bool cpu_user_mode(const struct cpu *m);

/* Physical memory.  cpu_mem is the host's direct view of RAM. */
uint32_t cpu_mem_size(const struct cpu *m);
uint8_t *cpu_mem(struct cpu *m);	/* writes through it take effect at the next cpu_run;
					 * a hook that changes code mid-run uses cpu_write */
bool cpu_read(const struct cpu *m, uint32_t paddr, void *buf, uint32_t n);
bool cpu_write(struct cpu *m, uint32_t paddr, const void *buf, uint32_t n);

/* Interrupt lines: make an interrupt cause (TRAP_TIMER, TRAP_CONSOLE)
 * pending, as a device would. */
void cpu_raise(struct cpu *m, unsigned cause);

/* Ask the host for console input now if none is waiting (a host with a
 * terminal calls this between budgets, so typing reaches a busy guest). */
void cpu_console_poll(struct cpu *m);

void cpu_set_io(struct cpu *m, const struct cpu_io *io);
void cpu_set_hook(struct cpu *m, cpu_hook_fn hook, void *ctx);

/*
 * What the event hook does not show, for a checker of the kernel (vm lint,
 * src/lint): every load and store executed in kernel mode, before it is
 * done, and every change of STATUS by mtcr, after it.  The watcher is told
 * nothing in user mode.  It must not change the machine; while it is
 * called, only cpu_reg, cpu_read and the fields below are up to date.
 * Off (fn NULL) it costs nothing: a watched load or store is an entry of
 * the decode cache of its own, made only while a watcher is set, so
 * setting or clearing one makes the machine decode its code again.  (A
 * word decoded in user mode and then run in kernel mode, the kernel
 * jumping into a program's memory, is not watched.)
 */
enum cpu_watch_kind { CPU_WATCH_LOAD, CPU_WATCH_STORE, CPU_WATCH_STATUS };
struct cpu_watch {
	enum cpu_watch_kind kind;
	uint64_t instret;	/* instructions retired before this one */
	uint32_t pc;		/* the instruction (a physical address: kernel mode) */
	uint32_t addr, size;	/* LOAD, STORE: the address and the bytes (1, 2, 4) */
	uint32_t before, after;	/* STATUS: its value before and after the mtcr */
};
typedef void (*cpu_watch_fn)(void *ctx, const struct cpu_watch *w);
void cpu_set_watch(struct cpu *m, cpu_watch_fn fn, void *ctx);
/* Which loads and stores the watcher is told of: those whose address is
 * in [lo[i], lo[i] + len[i]) for i = 0 or 1 (a range of length 0 is
 * empty).  cpu_set_watch sets "every address"; the machine tests the two
 * ranges inline, so that a watcher that needs few accesses costs little. */
void cpu_set_watch_ranges(struct cpu *m, const uint32_t lo[2], const uint32_t len[2]);

/* After CPU_STOP_HALT or CPU_STOP_POWEROFF. */
uint32_t cpu_exit_status(const struct cpu *m);
/* After CPU_STOP_DOUBLE_FAULT or CPU_STOP_IDLE: one line saying what happened. */
const char *cpu_diagnostic(const struct cpu *m);
const struct cpu_stats *cpu_stats(const struct cpu *m);
/* DEV_TRACE_PID as last written by the kernel. */
uint32_t cpu_pid(const struct cpu *m);

/* The decode cache's own accounting, in bytes of the host pages that hold
 * decoded instructions: now, the most since cpu_new, and the limit.  Code
 * spread over all of RAM would need twice RAM's size; at the limit the
 * cache empties and starts again (flushes counts how often). */
struct cpu_dcache_stats {
	size_t bytes, peak, limit;
	uint64_t flushes;
};
void cpu_dcache_stats(const struct cpu *m, struct cpu_dcache_stats *out);

/*
 * The machine's whole state but RAM, for a debugger's history (src/debug):
 * what cpu_save_state copies out and cpu_load_state puts back is everything
 * that decides what the machine does next and what its counters say, so a
 * machine given back a saved state, and the RAM it had then (cpu_write),
 * runs on exactly as it ran from there, interrupts, console and all.  Not
 * in it: the host's side (cpu_io, the hook, breakpoints) and the decode
 * cache, which cpu_write keeps right.  Time is instret + idle.
 */
struct cpu_state {
	uint32_t r[REG_COUNT];
	uint32_t pc;
	uint32_t cr[CR_COUNT];	/* as mfcr reads them; loading ignores TIMER,
				 * INSTRET, INSTRETH and PENDING, which are
				 * the fields below */
	uint64_t instret;	/* instructions retired */
	uint64_t idle;		/* ticks spent waiting in wfi */
	uint64_t timer_at;	/* the time the timer fires, 0 = stopped */
	uint32_t pending;	/* bit n: interrupt cause n is pending */
	uint64_t masked_since;	/* see cpu_stats.masked_max */
	bool cons_ready, cons_eof;	/* the console's input latch */
	uint8_t cons_byte;
	uint32_t trace_pid, trace_arg[2];	/* the trace port's registers */
	uint32_t exit_status;
	char diag[200];
	struct cpu_stats stats;
};
void cpu_save_state(const struct cpu *m, struct cpu_state *s);
void cpu_load_state(struct cpu *m, const struct cpu_state *s);

/* RAM for reading only: unlike cpu_mem, looking through it leaves the
 * decode cache alone. */
const uint8_t *cpu_mem_view(const struct cpu *m);

#endif
