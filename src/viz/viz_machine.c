/*
 * viz_machine.c - the visualiser's side of the machine: loading the image,
 * the console (output into a grid, input from the window or standard
 * input), the event hook (the event list, instructions per process, the
 * "run until" conditions), running and stepping with the last fetch, load
 * and store noted, breakpoints, and symbols for the code panel.
 *
 * Everything goes through cpu.h: the machine runs exactly the instructions
 * vm run would, in budgets between frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "viz_int.h"

/* ---- The console ---------------------------------------------------------------- */

static void con_newline(struct viz *v)
{
	v->con_col = 0;
	v->con_row = (v->con_row + 1) % CON_ROWS;
	v->con[v->con_row][0] = '\0';
	v->con_lines++;
}

static void con_putc(void *ctx, uint8_t c)
{
	struct viz *v = ctx;
	char *line = v->con[v->con_row];
	if (c == '\n') {
		con_newline(v);
	} else if (c == '\r') {
		v->con_col = 0;
	} else if (c == '\b' || c == 0x7F) {
		if (v->con_col > 0)
			line[--v->con_col] = '\0';
	} else {
		if (v->con_col >= CON_COLS)
			con_newline(v), line = v->con[v->con_row];
		line[v->con_col++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
		line[v->con_col] = '\0';
	}
}

void console_input(struct viz *v, const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned next = (v->inq_tail + 1) % INQ_BYTES;
		if (next == v->inq_head)
			return;	/* full: the rest is dropped, as a UART would */
		v->inq[v->inq_tail] = (uint8_t)bytes[i];
		v->inq_tail = next;
	}
}

void viz_type(struct viz *v, const char *s)
{
	console_input(v, s, strlen(s));
}

/* The machine asks for a byte: typed input first; with --stdin-like input
 * (not a terminal), standard input exactly as vm run reads it. */
static int con_getc(void *ctx, uint64_t idle_ticks)
{
	struct viz *v = ctx;
	if (v->inq_head != v->inq_tail) {
		int c = v->inq[v->inq_head];
		v->inq_head = (v->inq_head + 1) % INQ_BYTES;
		return c;
	}
	if (v->o.stdin_input && !v->stdin_eof) {
		int c = getchar();
		if (c != EOF)
			return c;
		v->stdin_eof = true;
	}
	if (v->o.stdin_input)
		return CPU_IN_EOF;
	if (idle_ticks)
		v->guest_waits = true;	/* the window stops this frame's run */
	return CPU_IN_NONE;
}

/* ---- Events ------------------------------------------------------------------------ */

static uint64_t *pid_slot(struct viz *v, uint32_t pid)
{
	unsigned i = pid % PID_SLOTS;
	for (unsigned k = 0; k < PID_SLOTS; k++, i = (i + 1) % PID_SLOTS) {
		if (v->pid_insns[i].pid == pid)
			return &v->pid_insns[i].insns;
		if (v->pid_insns[i].pid == 0) {
			v->pid_insns[i].pid = pid;
			return &v->pid_insns[i].insns;
		}
	}
	return NULL;	/* more than PID_SLOTS pids seen: stop counting new ones */
}

uint64_t machine_pid_insns(const struct viz *v, uint32_t pid)
{
	for (unsigned i = 0; i < PID_SLOTS; i++)
		if (v->pid_insns[i].pid == pid && pid)
			return v->pid_insns[i].insns;
	return 0;
}

/* Instructions since the last event ran for the pid announced then. */
static void account(struct viz *v, uint64_t now, uint32_t pid)
{
	if (v->acct_pid) {
		uint64_t *n = pid_slot(v, v->acct_pid);
		if (n)
			*n += now - v->acct_instret;
	}
	v->acct_instret = now;
	v->acct_pid = pid;
}

void machine_begin(struct viz *v)
{
	memset(v->acc, 0, sizeof v->acc);
}

/* Note an access of n bytes at physical address pa, done by `what`. */
static void note(struct viz *v, int kind, uint32_t pa, uint32_t n, const char *what)
{
	struct access *a = &v->acc[kind];
	a->state = ACC_SEEN;
	a->pa = pa;
	a->size = n;
	a->value = 0;
	cpu_read(v->m, pa, &a->value, n < 4 ? n : 4);
	a->at = cpu_instret(v->m);
	snprintf(a->what, sizeof a->what, "%s", what);
}

/* A sink of the run's event stream: the event list shows each event in the
 * words of vm run --trace (one formatter, kview_event_text_sym). */
static int on_event(void *ctx, const struct ev *e)
{
	struct viz *v = ctx;
	const struct cpu_event *ev = e->raw;
	if (e->kind == EV_SYSRET)
		return 0;	/* the JSON record's; the list shows the iret */
	account(v, ev->instret, ev->pid);
	struct ev_line *l = &v->ev[v->nev++ % EV_KEEP];
	l->instret = ev->instret;
	l->kind = ev->kind;
	ev_event_text(l->text, sizeof l->text, e->stream, ev);
	if (ev->kind == CPU_EV_TRAP)	/* the hardware pushed the frame at the new sp */
		note(v, ACC_STORE, cpu_reg(v->m, REG_sp), FRAME_BYTES, "trap entry: the frame");

	switch (v->until) {
	case UNTIL_TRAP:
		if (ev->kind == CPU_EV_TRAP || ev->kind == CPU_EV_IRET)
			v->until_hit = true;
		break;
	case UNTIL_SWITCH:
		if (ev->kind == CPU_EV_IRET && (ev->status_after & STATUS_UM) &&
		    ev->pid != v->until_pid)
			v->until_hit = true;
		break;
	default:
		break;
	}
	return v->until_hit;
}

/* ---- Loading ------------------------------------------------------------------------ */

int machine_load(struct viz *v, char *err, size_t errlen)
{
	if (img_parse(&v->kimg, v->image, v->image_len, err, errlen))
		return -1;
	if (!v->m) {
		v->m = cpu_new(v->o.mem);
		if (!v->m) {
			snprintf(err, errlen, "out of memory for a machine of %u bytes", v->o.mem);
			return -1;
		}
	}
	struct cpu_boot boot = { .quantum = v->o.quantum };
	if (cpu_load_image(v->m, v->image, v->image_len, &boot, err, errlen))
		return -1;
	kview_init(&v->kv, &v->kimg);
	struct cpu_io io = { .ctx = v, .putc = con_putc, .getc = con_getc };
	cpu_set_io(v->m, &io);
	ev_stream_free(v->stream);
	v->stream = ev_stream_new(v->m, &v->kimg);
	if (!v->stream) {
		snprintf(err, errlen, "out of memory for the event stream");
		return -1;
	}
	ev_stream_add_sink(v->stream, on_event, v);
	cpu_set_hook(v->m, ev_stream_hook, v->stream);
	memset(v->con, 0, sizeof v->con);
	v->inq_head = v->inq_tail = 0;
	v->stdin_eof = false;
	if (v->o.typed)
		viz_type(v, v->o.typed);
	v->con_row = v->con_col = v->con_lines = 0;
	v->nev = 0;
	memset(v->pid_insns, 0, sizeof v->pid_insns);
	v->acct_instret = 0;
	v->acct_pid = 0;
	machine_begin(v);
	v->stopped = false;
	v->stop_text[0] = '\0';
	machine_set_breakpoints(v);
	machine_note_state(v);
	return 0;
}

/* ---- Running ---------------------------------------------------------------------- */

/* Remember registers, so that the next draw shows what changed. */
void machine_note_state(struct viz *v)
{
	for (unsigned i = 0; i < REG_COUNT; i++)
		v->prev_r[i] = cpu_reg(v->m, i);
	v->prev_pc = cpu_pc(v->m);
	for (unsigned i = 0; i < CR_COUNT; i++)
		v->prev_cr[i] = cpu_cr(v->m, i);
}

void machine_note_changes(struct viz *v)
{
	v->changed_r = v->changed_cr = 0;
	for (unsigned i = 0; i < REG_COUNT; i++)
		if (cpu_reg(v->m, i) != v->prev_r[i])
			v->changed_r |= 1u << i;
	for (unsigned i = 0; i < CR_COUNT; i++)
		if (i != CR_INSTRET && i != CR_TIMER && cpu_cr(v->m, i) != v->prev_cr[i])
			v->changed_cr |= 1u << i;
}

bool machine_virt_to_phys(const struct viz *v, uint32_t va, uint32_t *pa)
{
	if (!cpu_user_mode(v->m)) {
		*pa = va;
		return va < cpu_mem_size(v->m);
	}
	uint32_t base = cpu_cr(v->m, CR_BASE), bound = cpu_cr(v->m, CR_BOUND);
	if (va >= bound || (uint64_t)base + va >= cpu_mem_size(v->m))
		return false;
	*pa = base + va;
	return true;
}

static void stopped(struct viz *v, enum cpu_stop why)
{
	switch (why) {
	case CPU_STOP_HALT:
	case CPU_STOP_POWEROFF:
		v->stopped = true;
		snprintf(v->stop_text, sizeof v->stop_text, "the machine %s, exit status %u",
			 why == CPU_STOP_HALT ? "halted" : "powered off", cpu_exit_status(v->m));
		break;
	case CPU_STOP_DOUBLE_FAULT:
	case CPU_STOP_IDLE:
		v->stopped = true;
		snprintf(v->stop_text, sizeof v->stop_text, "%s", cpu_diagnostic(v->m));
		break;
	default:
		break;
	}
}

static uint64_t trap_entries_and_returns(const struct cpu *m)
{
	const struct cpu_stats *s = cpu_stats(m);
	uint64_t n = s->irets;
	for (int c = 0; c < TRAP_COUNT; c++)
		n += s->traps[c];
	return n;
}

/* Bytes a load or store instruction moves. */
static uint32_t access_bytes(unsigned op)
{
	switch (op) {
	case OP_LB: case OP_LBU: case OP_SB: return 1;
	case OP_LH: case OP_LHU: case OP_SH: return 2;
	default: return 4;
	}
}

/* One instruction (or trap entry) by cpu_step, noting its fetch, load or
 * store from the registers before it (a trap entry's store of the frame
 * the event hook notes). */
enum cpu_stop machine_step(struct viz *v)
{
	if (v->stopped)
		return CPU_STOP_HALT;
	struct cpu *m = v->m;
	uint32_t pc = cpu_pc(m), pa, w = 0;
	bool user = cpu_user_mode(m);
	uint64_t events = trap_entries_and_returns(m), irets = cpu_stats(m)->irets;
	bool fetched = machine_virt_to_phys(v, pc, &pa) && cpu_read(m, pa, &w, 4);
	const struct isa_insn *in = fetched && isa_valid(w) ? isa_by_opcode(insn_op(w)) : NULL;
	uint32_t addr = in ? cpu_reg(m, insn_b(w)) + (uint32_t)insn_simm16(w) : 0;
	uint32_t base = cpu_cr(m, CR_BASE), sp = cpu_reg(m, REG_sp);
	uint64_t retired = cpu_instret(m);

	enum cpu_stop why = cpu_step(m);
	stopped(v, why);
	uint64_t now = trap_entries_and_returns(m);
	/* A pending interrupt taken instead of the instruction fetched nothing. */
	uint32_t cause = cpu_cr(m, CR_CAUSE);
	bool interrupted = now != events && cpu_instret(m) == retired && cause < TRAP_COUNT &&
			   isa_causes[cause].kind == CAUSE_INTR;
	if (fetched && !interrupted)
		note(v, ACC_FETCH, pa, 4, in ? in->mnemonic : ".word");
	/* The access happened if the instruction retired without a trap. */
	if (in && now == events && (in->form == FORM_LD || in->form == FORM_ST)) {
		uint32_t phys = user ? base + addr : addr;
		note(v, in->form == FORM_LD ? ACC_LOAD : ACC_STORE, phys, access_bytes(in->opcode),
		     in->mnemonic);
	} else if (in && in->opcode == OP_IRET && cpu_stats(m)->irets != irets) {
		note(v, ACC_LOAD, sp, FRAME_BYTES, "iret: the trap frame");
	}
	return why;
}

/* A fast stretch ran: what was noted before it may no longer be the last,
 * unless it was noted at the very end (a trap entry the hook saw). */
static void fast_stretch(struct viz *v)
{
	uint64_t now = cpu_instret(v->m);
	for (int k = 0; k < ACC_KINDS; k++)
		if (v->acc[k].state != ACC_SEEN || v->acc[k].at != now)
			v->acc[k].state = ACC_UNKNOWN;
}

bool machine_has_breakpoint(const struct viz *v, uint32_t paddr)
{
	for (unsigned i = 0; i < v->nbp; i++)
		if (v->bp[i] == paddr)
			return true;
	return false;
}

/* Back from a call that "step over" stepped over? */
static bool returned(const struct viz *v)
{
	return v->until == UNTIL_RETURN && cpu_pc(v->m) == v->return_pc &&
	       cpu_reg(v->m, REG_sp) >= v->return_sp;
}

/*
 * Run up to n instructions: fast, then the last few one at a time so that
 * the map can mark the last fetch, load and store.  Stops early at a
 * breakpoint (returning CPU_STOP_BREAKPOINT), when a "run until" condition
 * is met (v->until_hit), when the guest waits for typed input, or when the
 * machine stops.  A breakpoint's instruction runs only when the user went
 * on from it (v->leave_bp, set by the controls), however the run is cut
 * into budgets.
 */
enum cpu_stop machine_run(struct viz *v, uint64_t n)
{
	enum { STEPPED = 32 };
	enum cpu_stop why = CPU_STOP_BUDGET;
	v->guest_waits = false;
	v->until_hit = false;
	while (n > 0 && !v->stopped && !v->until_hit && !v->guest_waits) {
		uint32_t pa;
		bool mapped = machine_virt_to_phys(v, cpu_pc(v->m), &pa);
		bool user_bp = mapped && machine_has_breakpoint(v, pa);
		bool return_bp = mapped && v->until == UNTIL_RETURN && pa == v->return_pa;
		if (user_bp && !v->leave_bp)
			return CPU_STOP_BREAKPOINT;
		if (user_bp || return_bp || n <= STEPPED) {
			why = machine_step(v);
			n--;
		} else {
			uint64_t before = cpu_instret(v->m);
			why = cpu_run(v->m, n - STEPPED);
			uint64_t ran = cpu_instret(v->m) - before;
			n -= ran ? ran : 1;	/* a fault retires nothing but counts */
			fast_stretch(v);
			if (why == CPU_STOP_BUDGET)
				n = n < STEPPED ? n : STEPPED;
		}
		v->leave_bp = false;
		stopped(v, why);
		if (returned(v))
			v->until_hit = true;
		if (why != CPU_STOP_BUDGET && why != CPU_STOP_BREAKPOINT && why != CPU_STOP_HOOK)
			break;
	}
	return why == CPU_STOP_HOOK || why == CPU_STOP_BREAKPOINT ? CPU_STOP_BUDGET : why;
}

/* ---- Breakpoints ------------------------------------------------------------------ */

/* The user's breakpoints, and while stepping over a call the return
 * address too. */
void machine_set_breakpoints(struct viz *v)
{
	uint32_t all[CPU_MAX_BREAKPOINTS];
	unsigned n = v->nbp;
	memcpy(all, v->bp, n * sizeof all[0]);
	if (v->until == UNTIL_RETURN && n < CPU_MAX_BREAKPOINTS)
		all[n++] = v->return_pa;
	cpu_set_breakpoints(v->m, all, n);
}

bool machine_toggle_breakpoint(struct viz *v, uint32_t paddr)
{
	for (unsigned i = 0; i < v->nbp; i++)
		if (v->bp[i] == paddr) {
			v->bp[i] = v->bp[--v->nbp];
			machine_set_breakpoints(v);
			return true;
		}
	if (v->nbp == CPU_MAX_BREAKPOINTS - 1 || (paddr & 3) || paddr >= cpu_mem_size(v->m))
		return false;
	v->bp[v->nbp++] = paddr;
	machine_set_breakpoints(v);
	return true;
}

/* ---- Symbols ------------------------------------------------------------------------ */

/* The symbols of the user program now running: the file of the kernel's
 * image named like the process. */
static const struct img *user_symbols(struct viz *v)
{
	struct kview_proc p[NPROC];
	unsigned n = kview_procs(&v->kv, v->m, p, NPROC);
	const char *name = NULL;
	for (unsigned i = 0; i < n; i++)
		if (p[i].pid == cpu_pid(v->m))
			name = p[i].name;
	if (!name)
		return NULL;
	for (unsigned i = 0; i < v->nprog; i++)
		if (strcmp(v->prog[i].name, name) == 0)
			return v->prog[i].ok ? &v->prog[i].im : NULL;
	for (uint32_t i = 0; i < v->kimg.nfiles; i++) {
		struct img_file f = img_file(&v->kimg, i);
		if (strcmp(f.name, name) != 0)
			continue;
		struct prog_syms *ps = &v->prog[v->nprog < 16 ? v->nprog++ : 15];
		snprintf(ps->name, sizeof ps->name, "%s", f.name);
		char err[128];
		ps->ok = img_parse(&ps->im, f.data, f.size, err, sizeof err) == 0;
		return ps->ok ? &ps->im : NULL;
	}
	return NULL;
}

const char *machine_symbol(struct viz *v, bool user, uint32_t addr, uint32_t *off)
{
	const struct img *im = user ? user_symbols(v) : &v->kimg;
	if (!im)
		return NULL;
	struct img_sym s = img_symbol_near(im, addr, off);
	return s.name;
}

enum code_kind machine_code_kind(struct viz *v, bool user, uint32_t addr)
{
	const struct img *im = user ? user_symbols(v) : &v->kimg;
	if (!im)
		return CODE_UNKNOWN;
	for (uint32_t i = 0; i < im->nsegs; i++) {
		const struct img_seg *s = &im->segs[i];
		if (addr >= s->addr && addr - s->addr < s->memsz)
			return s->flags & SEG_EXEC ? CODE_INSN : CODE_DATA;
	}
	return CODE_DATA;
}

/* A symbol of the kernel or the running program, or a number, as a
 * physical address. */
bool machine_lookup(struct viz *v, const char *name, uint32_t *paddr)
{
	char *end;
	unsigned long n = strtoul(name, &end, 0);
	if (*name && !*end) {
		*paddr = (uint32_t)n;
		return n < cpu_mem_size(v->m);
	}
	/* In user mode the running program's names come first. */
	const struct img *u = cpu_user_mode(v->m) ? user_symbols(v) : NULL;
	for (uint32_t i = 0; u && i < u->nsyms; i++) {
		struct img_sym s = img_symbol(u, i);
		if (s.kind != SYM_CONST && strcmp(s.name, name) == 0)
			return machine_virt_to_phys(v, s.value, paddr);
	}
	for (uint32_t i = 0; i < v->kimg.nsyms; i++) {
		struct img_sym s = img_symbol(&v->kimg, i);
		if (s.kind != SYM_CONST && strcmp(s.name, name) == 0) {
			*paddr = s.value;
			return true;
		}
	}
	return false;
}
