/*
 * kview.h - the kernel as the tools see it, without asking it: its trace
 * events as text (vm run --trace, the visualiser's event list), and its
 * process table and memory regions read straight from guest memory through
 * the kernel image's symbol table.  layout.s puts every .equ there
 * (PCB_*, REGION_*, NREGIONS) next to the labels proc_table, regions,
 * mem_start and mem_end, so nothing here repeats the kernel's layouts.
 */
#ifndef KVIEW_H
#define KVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "cpu.h"
#include "image.h"
#include "os.h"

/* The tables of the kernel's events and system calls, for every tool that
 * names them (one source: trace_events.def, syscalls.def).  A row of
 * trace_events.def: NAME, its arguments' names (_ for an unused one) and
 * the trace's format; NULL for a code it does not have. */
struct kview_osev {
	const char *name, *arg[2], *format;
};
const struct kview_osev *kview_os_event(uint32_t code);
/* "write"; NULL for a number with no system call. */
const char *kview_syscall_name(uint32_t number);
/* The NUL-terminated string at physical address addr, cut to n - 1 bytes,
 * a byte outside printable ASCII as '?'.  Returns buf. */
char *kview_guest_string(const struct cpu *m, uint32_t addr, char *buf, size_t n);

/* One event as one line of text, without the instruction count or a
 * newline: "[hw] system call in pid 2 (user, pc 0x00000040) -> kernel, ...".
 * Returns buf. */
char *kview_event_text(char *buf, size_t n, const struct cpu *m, const struct cpu_event *ev);
/* The same, with kernel addresses (a handler, a pc in kernel mode, an OS
 * event's %x arguments) named by sym ("handler syscall_entry", "pc
 * sched+24") where it knows them: text that does not change when the
 * kernel grows.  sym writes the name to buf ("" if none) and returns buf. */
typedef const char *(*kview_sym_fn)(void *ctx, uint32_t addr, char *buf, size_t n);
char *kview_event_text_sym(char *buf, size_t n, const struct cpu *m, const struct cpu_event *ev,
			   kview_sym_fn sym, void *ctx);

struct kview_proc {
	uint32_t slot, pid, ppid, state, base, bound, ticks;
	char name[PNAME_BYTES];	/* printable */
};

struct kview_region {
	uint32_t base, size;
};

/* Where the kernel keeps what: addresses and offsets from the symbols. */
struct kview {
	bool ok;			/* every symbol below was found */
	char missing[64];		/* else: the first one missing */
	uint32_t proc_table, pcb_bytes;
	uint32_t pcb_pid, pcb_state, pcb_ppid, pcb_base, pcb_bound, pcb_ticks, pcb_name;
	uint32_t regions, region_bytes, nregions, region_base, region_size;
	uint32_t mem_start, mem_end;	/* addresses of the two words */
};

/* Find the symbols in the kernel image.  False (and kv->missing says
 * which) if the image is not this kernel, a standalone demo say. */
bool kview_init(struct kview *kv, const struct img *kernel);

/* The used slots of the process table (pid != 0), in slot order. */
unsigned kview_procs(const struct kview *kv, const struct cpu *m,
		     struct kview_proc *out, unsigned max);
/* The allocated regions, by base. */
unsigned kview_regions(const struct kview *kv, const struct cpu *m,
		       struct kview_region *out, unsigned max);
/* The memory the allocator hands out, [*start, *end); false before boot
 * has set it. */
bool kview_free_range(const struct kview *kv, const struct cpu *m, uint32_t *start, uint32_t *end);
/* "running", "ready", ... (pstate.def) */
const char *kview_state_name(uint32_t state);

#endif
