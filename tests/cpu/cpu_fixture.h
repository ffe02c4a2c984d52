/*
 * cpu_fixture.h - what every CPU test shares: a real machine with 64 KiB of
 * RAM, a vector table and a kernel stack already in place, a hook that
 * records the events, a scripted console, a helper that takes one trap-entry
 * step and checks everything the spec says about it, and the coverage
 * registry the meta-test (test_coverage.c) reads.
 *
 * Physical memory of the fixture machine:
 *   0x0100  IVEC: 16 words, cause c -> FX_HANDLER(c)
 *   0x0200  handlers, 16 bytes each, each a `halt` unless a test writes one
 *   0x1000  kernel code (fx_kernel), pc starts here, sp = FX_KSP_KERNEL
 *   0x3000  kernel data
 *   0x4000  user window: BASE = FX_UBASE, BOUND = FX_UBOUND, code at virtual 0
 *   0x8000  kernel-mode sp when a test starts in kernel mode
 *   0x9000  CR_KSP: the stack trap entry switches to from user mode
 */
#ifndef CPU_FIXTURE_H
#define CPU_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum {
	FX_MEM = 0x10000,		/* MEM_MIN */
	FX_IVEC = 0x0100,
	FX_HANDLERS = 0x0200,
	FX_KCODE = 0x1000,
	FX_KDATA = 0x3000,
	FX_UBASE = 0x4000,
	FX_UBOUND = 0x2000,
	FX_USP = 0x1F00,		/* user sp (virtual) when a test enters user mode */
	FX_KSP_KERNEL = 0x8000,
	FX_KSP = 0x9000,
	FX_MAX_EVENTS = 1024,
};
#define FX_HANDLER(cause) ((uint32_t)FX_HANDLERS + 16u * (uint32_t)(cause))

/* Instructions every test uses. */
#define NOP   insn_enc_i(OP_ADDI, REG_zero, REG_zero, 0)	/* addi zero, zero, 0 */
#define HALT  insn_enc_n(OP_HALT)				/* halt */
#define IRET  insn_enc_n(OP_IRET)				/* iret */
/* lui rd, 0xF000: rd = DEV_BASE */
#define LUI_DEV(rd) insn_enc_i(OP_LUI, (rd), 0, DEV_BASE >> 16)
/* addi rd, rs, imm (imm may be negative) */
#define ADDI(rd, rs, imm) insn_enc_i(OP_ADDI, (rd), (rs), (uint32_t)(imm) & 0xFFFF)
/* jal zero at address `from` to address `to` */
#define JUMP(from, to) insn_enc_j(OP_JAL, REG_zero, ((uint32_t)((to) - (from)) / 4) & 0xFFFFF)

struct fx {
	struct cpu *m;
	struct cpu_event ev[FX_MAX_EVENTS];
	unsigned nev;
	int stop_on;			/* hook returns 1 for this event kind (-1: never) */
	/* console */
	uint8_t out[4096];
	unsigned nout;
	const char *in;			/* bytes getc hands out, then in_end */
	size_t in_len, in_pos;
	int in_end;			/* CPU_IN_EOF or CPU_IN_NONE */
	unsigned getc_calls;
	uint64_t last_idle;		/* idle_ticks of the last getc call */
};

/* cmocka setup/teardown: *state is a struct fx *. */
int fx_setup(void **state);
int fx_teardown(void **state);
/* A new machine in the same fixture (after the old one stopped). */
void fx_restart(struct fx *f);
#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

/* Write n words at a physical address (little-endian, via cpu_write). */
void fx_put(struct fx *f, uint32_t paddr, const uint32_t *w, unsigned n);
void fx_put32(struct fx *f, uint32_t paddr, uint32_t v);
uint32_t fx_get32(struct fx *f, uint32_t paddr);
/* Kernel mode, interrupts off, program at FX_KCODE, pc there, sp FX_KSP_KERNEL. */
void fx_kernel(struct fx *f, const uint32_t *prog, unsigned n);
/* User mode (UM|IE) in window base/bound, program at virtual 0, pc 0, sp FX_USP. */
void fx_user_at(struct fx *f, uint32_t base, uint32_t bound, const uint32_t *prog, unsigned n);
void fx_user(struct fx *f, const uint32_t *prog, unsigned n);
/* fx_user if user, else fx_kernel. */
void fx_load(struct fx *f, bool user, const uint32_t *prog, unsigned n);
/* Console input script: bytes (len of them), then end (CPU_IN_EOF / CPU_IN_NONE). */
void fx_input(struct fx *f, const char *bytes, size_t len, int end);

/* n ordinary steps: each must return CPU_STOP_BUDGET and take no trap. */
void fx_steps(struct fx *f, unsigned n);
/* Events of a kind since index from; the last one of that kind in *out. */
unsigned fx_count(const struct fx *f, unsigned from, enum cpu_event_kind kind,
		  const struct cpu_event **out);
/* cpu_run must stop with how (HALT or POWEROFF), exit status code, and one
 * CPU_EV_STOP event with that code and the stopping instruction's pc. */
void fx_expect_stop(struct fx *f, enum cpu_stop how, uint32_t code, uint32_t pc);
/* The one-line diagnostic after a double fault or idle stop is not empty. */
void fx_assert_diagnostic(const struct fx *f);

/*
 * Take one cpu_step that must be a trap entry for cause, and check all of it:
 * CAUSE, FADDR, the frame at the new sp (pushed pc, old STATUS, old sp,
 * cause), STATUS (PUM = old UM, PIE = old IE, UM = IE = 0), the sp switch
 * (KSP from user mode, old sp from kernel mode), pc = handler from IVEC,
 * every other register and all of RAM but the frame unchanged, INSTRET and
 * TIMER advanced by one instruction only for a TRAP-kind cause (trap and
 * break retire; faults and interrupt entries do not), the CPU_EV_TRAP event
 * and the stats.
 * op >= 0: the instruction at the old pc must have that opcode, and the
 * trap is recorded as a tested exception of that instruction in that mode.
 */
void fx_expect_trap(struct fx *f, int op, unsigned cause, uint32_t pushed_pc, uint32_t faddr);

/* ---- Coverage: which instruction and trap cause has a test ------------ */

/* The instruction's semantics are tested (a per-instruction test calls it). */
void cov_insn(unsigned opcode);
#define COVERS(NAME) cov_insn(OP_##NAME)
/* fx_expect_trap records these, never a test: a trap of a cause (cov_cause),
 * raised by a valid word of an instruction in a mode (cov_fault), or ILLEGAL
 * for a word of that opcode with reserved bits set (cov_reserved). */
void cov_fault(unsigned opcode, unsigned cause, bool user);
void cov_cause(unsigned cause);
void cov_reserved(unsigned opcode, bool user);
bool cov_reserved_seen(unsigned opcode, bool user);
bool cov_insn_seen(unsigned opcode);
bool cov_fault_seen(unsigned opcode, unsigned cause, bool user);
bool cov_cause_seen(unsigned cause);

/* The groups, run in this order by test_main.c (coverage last). */
int cpu_tests_alu(void);
int cpu_tests_mem(void);
int cpu_tests_branch(void);
int cpu_tests_trap(void);
int cpu_tests_timer(void);
int cpu_tests_devices(void);
int cpu_tests_interp(void);
int cpu_tests_reload(void);
int cpu_tests_dcache(void);
int cpu_tests_snapshot(void);
int cpu_tests_coverage(void);

#endif
