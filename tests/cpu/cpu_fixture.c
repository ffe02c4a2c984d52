/*
 * cpu_fixture.c - the shared fixture of the CPU tests (see cpu_fixture.h):
 * machine setup, event recording, the console script, the trap-entry checker
 * and the coverage registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_fixture.h"

/* ---- Hook and console ------------------------------------------------ */

static int record(void *ctx, const struct cpu_event *ev)
{
	struct fx *f = ctx;
	if (f->nev < FX_MAX_EVENTS)
		f->ev[f->nev++] = *ev;
	return f->stop_on >= 0 && (int)ev->kind == f->stop_on;
}

static void put(void *ctx, uint8_t byte)
{
	struct fx *f = ctx;
	if (f->nout < sizeof f->out)
		f->out[f->nout++] = byte;
}

static int get(void *ctx, uint64_t idle_ticks)
{
	struct fx *f = ctx;
	f->getc_calls++;
	f->last_idle = idle_ticks;
	if (f->in_pos < f->in_len)
		return (uint8_t)f->in[f->in_pos++];
	return f->in_end;
}

void fx_input(struct fx *f, const char *bytes, size_t len, int end)
{
	f->in = bytes;
	f->in_len = len;
	f->in_pos = 0;
	f->in_end = end;
}

/* ---- Setup ----------------------------------------------------------- */

static int fx_init(struct fx *f)
{
	memset(f, 0, sizeof *f);
	f->m = cpu_new(FX_MEM);
	if (!f->m)
		return -1;
	f->stop_on = -1;
	f->in_end = CPU_IN_EOF;
	for (unsigned c = 0; c < IVEC_ENTRIES; c++) {
		fx_put32(f, FX_IVEC + 4 * c, FX_HANDLER(c));
		fx_put32(f, FX_HANDLER(c), HALT);
	}
	cpu_set_cr(f->m, CR_IVEC, FX_IVEC);
	cpu_set_cr(f->m, CR_KSP, FX_KSP);
	cpu_set_reg(f->m, REG_sp, FX_KSP_KERNEL);
	struct cpu_io io = { f, put, get };
	cpu_set_io(f->m, &io);
	cpu_set_hook(f->m, record, f);
	return 0;
}

int fx_setup(void **state)
{
	struct fx *f = malloc(sizeof *f);
	if (!f || fx_init(f) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

void fx_restart(struct fx *f)
{
	cpu_free(f->m);
	assert_int_equal(fx_init(f), 0);
}

int fx_teardown(void **state)
{
	struct fx *f = *state;
	cpu_free(f->m);
	free(f);
	return 0;
}

/* ---- Memory and programs --------------------------------------------- */

void fx_put32(struct fx *f, uint32_t paddr, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	assert_true(cpu_write(f->m, paddr, b, 4));
}

uint32_t fx_get32(struct fx *f, uint32_t paddr)
{
	uint8_t b[4];
	assert_true(cpu_read(f->m, paddr, b, 4));
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void fx_put(struct fx *f, uint32_t paddr, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fx_put32(f, paddr + 4 * i, w[i]);
}

void fx_kernel(struct fx *f, const uint32_t *prog, unsigned n)
{
	fx_put(f, FX_KCODE, prog, n);
	cpu_set_cr(f->m, CR_STATUS, 0);
	cpu_set_pc(f->m, FX_KCODE);
	cpu_set_reg(f->m, REG_sp, FX_KSP_KERNEL);
}

void fx_user_at(struct fx *f, uint32_t base, uint32_t bound, const uint32_t *prog, unsigned n)
{
	fx_put(f, base, prog, n);
	cpu_set_cr(f->m, CR_BASE, base);
	cpu_set_cr(f->m, CR_BOUND, bound);
	cpu_set_cr(f->m, CR_STATUS, STATUS_UM | STATUS_IE);
	cpu_set_pc(f->m, 0);
	cpu_set_reg(f->m, REG_sp, FX_USP);
}

void fx_user(struct fx *f, const uint32_t *prog, unsigned n)
{
	fx_user_at(f, FX_UBASE, FX_UBOUND, prog, n);
}

void fx_load(struct fx *f, bool user, const uint32_t *prog, unsigned n)
{
	if (user)
		fx_user(f, prog, n);
	else
		fx_kernel(f, prog, n);
}

/* ---- Running ---------------------------------------------------------- */

unsigned fx_count(const struct fx *f, unsigned from, enum cpu_event_kind kind,
		  const struct cpu_event **out)
{
	unsigned n = 0;
	for (unsigned i = from; i < f->nev; i++) {
		if (f->ev[i].kind == kind) {
			n++;
			if (out)
				*out = &f->ev[i];
		}
	}
	return n;
}

void fx_steps(struct fx *f, unsigned n)
{
	unsigned from = f->nev;
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);
	assert_int_equal(fx_count(f, from, CPU_EV_TRAP, NULL), 0);
}

void fx_expect_stop(struct fx *f, enum cpu_stop how, uint32_t code, uint32_t pc)
{
	unsigned from = f->nev;
	assert_int_equal(cpu_run(f->m, 100), how);
	assert_int_equal(cpu_exit_status(f->m), code);
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, from, CPU_EV_STOP, &ev), 1);
	assert_int_equal(ev->code, code);
	assert_int_equal(ev->pc, pc);
}

void fx_assert_diagnostic(const struct fx *f)
{
	const char *d = cpu_diagnostic(f->m);
	assert_non_null(d);
	assert_true(strlen(d) > 0);
	const char *nl = strchr(d, '\n');
	/* one line: no newline, or only a final one */
	assert_true(nl == NULL || nl[1] == '\0');
}

/* Everything the trap checker compares before and after the step. */
struct snap {
	uint32_t r[REG_COUNT];
	uint32_t pc;
	uint32_t cr[CR_COUNT];
	uint64_t instret;
	struct cpu_stats stats;
	uint8_t *mem;
};

static void snap_take(struct fx *f, struct snap *s)
{
	for (unsigned r = 0; r < REG_COUNT; r++)
		s->r[r] = cpu_reg(f->m, r);
	s->pc = cpu_pc(f->m);
	for (unsigned c = 0; c < CR_COUNT; c++)
		s->cr[c] = cpu_cr(f->m, c);
	s->instret = cpu_instret(f->m);
	s->stats = *cpu_stats(f->m);
	s->mem = malloc(FX_MEM);
	assert_non_null(s->mem);
	memcpy(s->mem, cpu_mem(f->m), FX_MEM);
}

void fx_expect_trap(struct fx *f, int op, unsigned cause, uint32_t pushed_pc, uint32_t faddr)
{
	struct snap b;
	snap_take(f, &b);
	unsigned from = f->nev;
	bool from_user = (b.cr[CR_STATUS] & STATUS_UM) != 0;
	uint32_t word = 0;
	if (op >= 0) {
		word = fx_get32(f, from_user ? b.cr[CR_BASE] + b.pc : b.pc);
		assert_int_equal(insn_op(word), (unsigned)op);
	}

	assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);

	assert_int_equal(cpu_cr(f->m, CR_CAUSE), cause);
	assert_int_equal(cpu_cr(f->m, CR_FADDR), faddr);
	uint32_t want_status = (from_user ? STATUS_PUM : 0) |
			       ((b.cr[CR_STATUS] & STATUS_IE) ? STATUS_PIE : 0);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), want_status);
	assert_false(cpu_user_mode(f->m));

	uint32_t sp = (from_user ? b.cr[CR_KSP] : b.r[REG_sp]) - FRAME_BYTES;
	assert_int_equal(cpu_reg(f->m, REG_sp), sp);
	assert_int_equal(fx_get32(f, sp + FRAME_PC), pushed_pc);
	assert_int_equal(fx_get32(f, sp + FRAME_STATUS), b.cr[CR_STATUS]);
	assert_int_equal(fx_get32(f, sp + FRAME_SP), b.r[REG_sp]);
	assert_int_equal(fx_get32(f, sp + FRAME_CAUSE), cause);

	uint32_t handler = fx_get32(f, (b.cr[CR_IVEC] & ~3u) + 4 * cause);
	assert_int_equal(cpu_pc(f->m), handler);

	/* precise: nothing else changed */
	for (unsigned r = 0; r < REG_COUNT; r++)
		if (r != REG_sp && cpu_reg(f->m, r) != b.r[r])
			fail_msg("trap entry changed %s: 0x%08x -> 0x%08x",
				 isa_reg_names[r], b.r[r], cpu_reg(f->m, r));
	const uint8_t *mem = cpu_mem(f->m);
	for (uint32_t a = 0; a < FX_MEM; a++)
		if ((a < sp || a >= sp + FRAME_BYTES) && mem[a] != b.mem[a])
			fail_msg("memory at 0x%05x changed: 0x%02x -> 0x%02x", a, b.mem[a], mem[a]);
	static const unsigned kept[] = { CR_BASE, CR_BOUND, CR_IVEC, CR_KSP, CR_TPERIOD, CR_SCRATCH };
	for (unsigned i = 0; i < N_ELEMS(kept); i++)
		if (cpu_cr(f->m, kept[i]) != b.cr[kept[i]])
			fail_msg("trap entry changed CR_%s", isa_cregs[kept[i]].name);
	bool retires = isa_causes[cause].kind == CAUSE_TRAP;
	assert_int_equal(cpu_instret(f->m), b.instret + (retires ? 1 : 0));
	uint32_t t = b.cr[CR_TIMER];
	if (retires && t != 0)
		t = t == 1 ? b.cr[CR_TPERIOD] : t - 1;
	assert_int_equal(cpu_cr(f->m, CR_TIMER), t);

	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, from, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->cause, cause);
	assert_int_equal(ev->pc, pushed_pc);
	assert_int_equal(ev->insn_pc, b.pc);
	assert_int_equal(ev->faddr, faddr);
	assert_int_equal(ev->handler, handler);
	assert_int_equal(ev->status_before, b.cr[CR_STATUS]);
	assert_int_equal(ev->status_after, want_status);
	if (!retires)
		assert_int_equal(ev->instret, b.instret);

	const struct cpu_stats *st = cpu_stats(f->m);
	assert_int_equal(st->traps[cause], b.stats.traps[cause] + 1);
	assert_int_equal(st->to_kernel, b.stats.to_kernel + (from_user ? 1 : 0));
	free(b.mem);

	cov_cause(cause);
	if (op >= 0 && isa_valid(word))
		cov_fault((unsigned)op, cause, from_user);
	else if (op >= 0 && cause == TRAP_ILLEGAL)
		cov_reserved((unsigned)op, from_user);
}

/* ---- Coverage registry ------------------------------------------------ */

static bool insn_seen[256];
static uint32_t fault_seen[256][2];	/* [opcode][user] bit per cause */
static bool cause_seen[IVEC_ENTRIES];
static bool reserved_seen[256][2];

void cov_insn(unsigned opcode) { insn_seen[opcode & 0xFF] = true; }
void cov_cause(unsigned cause) { cause_seen[cause % IVEC_ENTRIES] = true; }
void cov_fault(unsigned opcode, unsigned cause, bool user)
{
	fault_seen[opcode & 0xFF][user] |= 1u << (cause % IVEC_ENTRIES);
}
void cov_reserved(unsigned opcode, bool user) { reserved_seen[opcode & 0xFF][user] = true; }
bool cov_reserved_seen(unsigned opcode, bool user) { return reserved_seen[opcode & 0xFF][user]; }
bool cov_insn_seen(unsigned opcode) { return insn_seen[opcode & 0xFF]; }
bool cov_cause_seen(unsigned cause) { return cause_seen[cause % IVEC_ENTRIES]; }
bool cov_fault_seen(unsigned opcode, unsigned cause, bool user)
{
	return fault_seen[opcode & 0xFF][user] & (1u << (cause % IVEC_ENTRIES));
}
