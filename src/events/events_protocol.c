/*
 * events_protocol.c - the event stream as OSTEP's limited-direct-execution
 * protocol tables: three columns, OS (kernel mode) | Hardware | Program
 * (user mode), one short row per step, each with the instruction count and
 * the kernel label that performed it.  The rows use the chapter's own words
 * ("save regs (to kernel stack)", "call switch() routine"), with the real
 * pids in place of A and B; every trap is numbered and its return-from-trap
 * says which one it returns from.
 */
#include "events.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "os.h"

enum { MAX_NEST = 8, NPROCS = 64 };

/* What the protocol remembers of a process: its traps not yet returned
 * from (innermost last), and whether it has run in user mode yet. */
struct proto_proc {
	uint32_t pid;
	bool used, started;
	bool loaded;		/* a program was loaded for it: its next return starts main */
	unsigned ntraps;
	unsigned trap[MAX_NEST];	/* trap numbers */
	uint32_t cause[MAX_NEST];
	bool from_user[MAX_NEST];
};

struct ev_protocol {
	const struct ev_stream *s;
	ev_protocol_row_fn row;
	void *ctx;
	unsigned next_trap;
	uint32_t switch_from;	/* the pid whose regs switch() saved, 0 if none pending */
	struct proto_proc procs[NPROCS];
};

struct ev_protocol *ev_protocol_new(const struct ev_stream *s, ev_protocol_row_fn row, void *ctx)
{
	struct ev_protocol *p = calloc(1, sizeof *p);
	if (p) {
		p->s = s;
		p->row = row;
		p->ctx = ctx;
		p->next_trap = 1;
	}
	return p;
}

void ev_protocol_free(struct ev_protocol *p) { free(p); }

static struct proto_proc *proc_of(struct ev_protocol *p, uint32_t pid)
{
	struct proto_proc *free_slot = NULL;
	for (unsigned i = 0; i < NPROCS; i++) {
		if (p->procs[i].used && p->procs[i].pid == pid)
			return &p->procs[i];
		if (!p->procs[i].used && !free_slot)
			free_slot = &p->procs[i];
	}
	if (!free_slot)	/* more live pids than we track: reuse the first */
		free_slot = &p->procs[0];
	memset(free_slot, 0, sizeof *free_slot);
	free_slot->used = true;
	free_slot->pid = pid;
	return free_slot;
}

/* One row.  at: a kernel address to name (0: none). */
static int emit(struct ev_protocol *p, const struct ev *e, enum ev_column col, uint32_t pid,
		uint32_t at, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int emit(struct ev_protocol *p, const struct ev *e, enum ev_column col, uint32_t pid,
		uint32_t at, const char *fmt, ...)
{
	struct ev_row r = { .n = e->n, .column = col, .pid = pid };
	if (at)
		ev_symbolize(p->s, at, r.at, sizeof r.at);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r.text, sizeof r.text, fmt, ap);
	va_end(ap);
	return p->row(p->ctx, &r);
}

static const char *cause_text(uint32_t cause)
{
	return cause < TRAP_COUNT ? isa_causes[cause].text : "trap";
}

static int trap_rows(struct ev_protocol *p, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	bool from_user = ce->status_before & STATUS_UM;
	uint32_t pid = e->pid;
	struct proto_proc *pp = proc_of(p, pid);
	unsigned k = p->next_trap++;
	if (pp->ntraps < MAX_NEST) {
		pp->trap[pp->ntraps] = k;
		pp->cause[pp->ntraps] = ce->cause;
		pp->from_user[pp->ntraps] = from_user;
		pp->ntraps++;
	}
	int stop = 0;
	if (from_user) {
		if (ce->cause == TRAP_SYSCALL) {
			uint32_t call = cpu_reg(ev_stream_machine(p->s), REG_t0);
			const char *name = ev_syscall_name(call);
			if (name && strcmp(name, "exit") == 0)
				stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "return from main(): trap (via exit())");
			else
				stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "call system call %s: trap into OS",
					     name ? name : "?");
		} else if (isa_causes[ce->cause].kind == CAUSE_FAULT) {
			stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "%s at pc 0x%08x",
				     cause_text(ce->cause), ce->insn_pc);
		} else {
			stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "process %u runs ... %s",
				     pid, cause_text(ce->cause));
		}
		stop |= emit(p, e, EV_COL_HW, pid, 0, "trap #%u: %s", k, cause_text(ce->cause));
		stop |= emit(p, e, EV_COL_HW, pid, 0, "save regs(%u) (to kernel stack)", pid);
		stop |= emit(p, e, EV_COL_HW, pid, 0, "move to kernel mode");
	} else {
		stop |= emit(p, e, EV_COL_HW, pid, ce->insn_pc, "trap #%u: %s, in kernel mode", k,
			     cause_text(ce->cause));
		stop |= emit(p, e, EV_COL_HW, pid, 0, "save regs (on the same kernel stack)");
	}
	stop |= emit(p, e, EV_COL_HW, pid, ce->handler, "jump to trap handler");
	if (ce->cause == TRAP_TIMER || ce->cause == TRAP_CONSOLE)
		stop |= emit(p, e, EV_COL_OS, pid, ce->handler, "handle the trap");
	return stop;
}

static int iret_rows(struct ev_protocol *p, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	bool to_user = ce->status_after & STATUS_UM;
	uint32_t pid = e->pid;
	struct proto_proc *pp = proc_of(p, pid);
	char which[48] = "";
	bool from_trap = pp->ntraps > 0;
	if (from_trap) {
		pp->ntraps--;
		snprintf(which, sizeof which, " #%u", pp->trap[pp->ntraps]);
	}
	int stop = 0;
	if (!to_user) {
		stop |= emit(p, e, EV_COL_OS, pid, 0, "return-from-trap%s (to the kernel)", which);
		stop |= emit(p, e, EV_COL_HW, pid, 0, "restore regs (from kernel stack)");
		stop |= emit(p, e, EV_COL_HW, pid, ce->pc, "stay in kernel mode");
		return stop;
	}
	bool switched = p->switch_from && p->switch_from != pid;
	if (switched)
		stop |= emit(p, e, EV_COL_OS, pid, 0, "return-from-trap%s (into %u)", which, pid);
	else
		stop |= emit(p, e, EV_COL_OS, pid, 0, "return-from-trap%s", which);
	stop |= emit(p, e, EV_COL_HW, pid, 0, switched ? "restore regs(%u) <- k-stack(%u)"
					       : "restore regs(%u) (from kernel stack)", pid, pid);
	stop |= emit(p, e, EV_COL_HW, pid, 0, "move to user mode");
	if (pp->loaded)
		stop |= emit(p, e, EV_COL_HW, pid, 0, "jump to main (pc 0x%08x)", ce->pc);
	else if (!pp->started)	/* a forked child: the parent's trap, its copy */
		stop |= emit(p, e, EV_COL_HW, pid, 0, "jump to PC after fork's trap (0x%08x)", ce->pc);
	else if (switched)
		stop |= emit(p, e, EV_COL_HW, pid, 0, "jump to %u's PC (0x%08x)", pid, ce->pc);
	else
		stop |= emit(p, e, EV_COL_HW, pid, 0, "jump to PC after trap (0x%08x)", ce->pc);
	if (pp->loaded)
		stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "run main()");
	else if (!pp->started)
		stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "process %u runs: fork returns 0 in it", pid);
	else if (switched)
		stop |= emit(p, e, EV_COL_PROGRAM, pid, 0, "process %u runs", pid);
	pp->started = true;
	pp->loaded = false;
	p->switch_from = 0;
	return stop;
}

static int os_rows(struct ev_protocol *p, const struct ev *e)
{
	const struct cpu_event *ce = e->raw;
	uint32_t at = ev_announcer(p->s, e), pid = e->pid, a0 = ce->arg0;
	const char *call = ev_syscall_name(ce->arg1);
	int stop = 0;
	switch (ce->code) {
	case OSEV_BOOT:
		stop |= emit(p, e, EV_COL_OS, 0, at, "initialize trap table");
		{
			char table[64];
			ev_symbolize(p->s, a0, table, sizeof table);
			stop |= emit(p, e, EV_COL_HW, 0, 0, "remember address of syscall handler (%s)",
				     table[0] ? table : "CR_IVEC");
		}
		return stop;
	case OSEV_CREATE:
		return emit(p, e, EV_COL_OS, a0, at, "create entry for process list: pid %u (parent %u)",
			    a0, ce->arg1);
	case OSEV_LOAD:
		proc_of(p, a0)->loaded = true;
		return emit(p, e, EV_COL_OS, a0, at, "load program into memory (pid %u)", a0);
	case OSEV_SAVE_REGS:
		p->switch_from = a0;
		stop |= emit(p, e, EV_COL_OS, a0, at, "call switch() routine");
		stop |= emit(p, e, EV_COL_OS, a0, 0, "save regs(%u) -> proc_t(%u)", a0, a0);
		return stop;
	case OSEV_SWITCH:
		stop |= emit(p, e, EV_COL_OS, a0, at, "restore regs(%u) <- proc_t(%u)", a0, a0);
		stop |= emit(p, e, EV_COL_OS, a0, 0, "switch to k-stack(%u)", a0);
		return stop;
	case OSEV_RESTORE_REGS:
		return emit(p, e, EV_COL_OS, a0, at, "(pid %u's kernel thread goes on)", a0);
	case OSEV_CONTINUE:
		return emit(p, e, EV_COL_OS, a0, at, "no switch: pid %u is first in the run queue", a0);
	case OSEV_SYSCALL:
		stop |= emit(p, e, EV_COL_OS, a0, at, "handle trap");
		stop |= emit(p, e, EV_COL_OS, a0, 0, "do work of syscall %s", call ? call : "?");
		return stop;
	case OSEV_EXIT:
		return emit(p, e, EV_COL_OS, a0, at, "pid %u exits with status %d", a0, (int32_t)ce->arg1);
	case OSEV_KILL:
		return emit(p, e, EV_COL_OS, a0, at, "kill pid %u: %s", a0, cause_text(ce->arg1));
	case OSEV_FREE:
		return emit(p, e, EV_COL_OS, a0, at, "remove from process list: pid %u", a0);
	case OSEV_IDLE:
		return emit(p, e, EV_COL_OS, 0, at, "no process ready: wait for interrupt");
	case OSEV_PREEMPT:
		return emit(p, e, EV_COL_OS, a0, at, "preempt pid %u inside syscall %s", a0, call ? call : "?");
	case OSEV_KILLED_BY:
		return emit(p, e, EV_COL_OS, a0, at, "kill pid %u (asked by pid %u)", a0, ce->arg1);
	case OSEV_WAKE:
		return emit(p, e, EV_COL_OS, a0, at, "wake pid %u: its sleep is over", a0);
	case OSEV_NOTE: {
		char text[64];
		ev_guest_string(p->s, a0, text, sizeof text);
		stop |= emit(p, e, EV_COL_OS, pid, at, "%s", text);
		if (strcmp(text, "start interrupt timer") == 0)
			stop |= emit(p, e, EV_COL_HW, pid, 0, "start timer: interrupt CPU every %u instructions",
				     cpu_cr(ev_stream_machine(p->s), CR_TPERIOD));
		return stop;
	}
	default: {
		const char *name = ev_os_name(ce->code);
		return emit(p, e, EV_COL_OS, pid, at, "%s", name ? name : "(an event the table does not have)");
	}
	}
}

int ev_protocol_sink(void *protocol, const struct ev *e)
{
	struct ev_protocol *p = protocol;
	switch (e->kind) {
	case EV_TRAP:
		return trap_rows(p, e);
	case EV_IRET:
		return iret_rows(p, e);
	case EV_OS:
		return os_rows(p, e);
	case EV_SYSRET:
		return emit(p, e, EV_COL_PROGRAM, e->pid, 0, "%s returns %d",
			    ev_syscall_name(e->call) ? ev_syscall_name(e->call) : "?", e->ret);
	case EV_STOP:
		return emit(p, e, EV_COL_HW, e->pid, 0, "power off (status %d)", (int32_t)e->raw->code);
	case EV_DOUBLE_FAULT:
		return emit(p, e, EV_COL_HW, e->pid, 0, "double fault: %s; the machine stops",
			    cause_text(e->raw->cause));
	case EV_KIND_COUNT:
		break;
	}
	return 0;
}
