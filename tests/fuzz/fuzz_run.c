/*
 * fuzz_run.c - libFuzzer harness for any guest program: the fuzz bytes are
 * the code segment of a minimal valid image, loaded and run for a bounded
 * budget in kernel or user mode, with BASE, BOUND, IVEC, KSP, the timer and
 * the registers taken from the input and the console reading the input.
 *
 * Fuzz (clang only; a build directory of your own):
 *   cmake -S . -B /tmp/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DVM_FUZZ=ON
 *   cmake --build /tmp/fuzz --target fuzz_run
 *   mkdir -p /tmp/fuzz/corpus-run
 *   /tmp/fuzz/tests/fuzz/fuzz_run -max_total_time=180 -timeout=10 \
 *       /tmp/fuzz/corpus-run tests/fuzz/corpus/fuzz_run
 * Regression (any compiler, VM_FUZZ=OFF): `ctest -L fuzz` runs every input
 * of corpus/fuzz_run once.
 *
 * Input: a header (struct below, missing bytes read as 0), then the code;
 * the console reads the last bytes of the input.  Registers and control
 * registers are the boot state XOR the header, so an all-zero header starts
 * as the loader leaves a kernel.  The hand-made seeds in corpus/fuzz_run are
 * named for the header they use (boot-, user-, consnone-, ...) and the
 * program whose assembled code follows it, from corpus/fuzz_asm/<name>.s.
 *
 * The same program runs twice: once with cpu_run (the fast path, its decode
 * cache, budgets cut by the timer and by hook stops) and once with cpu_step,
 * decoding every instruction afresh.  Both must end in the same state
 * (registers, control registers, RAM, counters, events, console).  While
 * stepping, every step is checked against docs/isa.md: a fault or interrupt
 * entry changes nothing but sp, pc, STATUS, CAUSE and FADDR and pushes the
 * frame of 7.1; a retired user-mode access stays inside BOUND and RAM (8),
 * and a user store writes nothing outside its bytes.  A budget (cpu_run)
 * counts instructions and faults, so a run takes at most MAX_STEPS steps.
 */
#include <string.h>

#include "cpu.h"
#include "fuzz.h"
#include "image.h"

enum {
	RAM = MEM_MIN,
	BUDGET = 10000,			/* instructions and faults a run */
	MAX_CODE = RAM / 2,
	/* Steps a run may take: each uses the budget (an instruction or a fault)
	 * or is an interrupt entry, and an interrupt needs an instruction that
	 * sets IE again before the next one. */
	MAX_STEPS = 2 * BUDGET + 2,
	RAM_CHECKS = 64,		/* user stores checked byte by byte, a run */
};

/* Header flags. */
enum {
	F_STATUS = 0x0F,	/* CR_STATUS bits (UM, IE, PUM, PIE) */
	F_TIMER_PENDING = 0x10,	/* cpu_raise(TRAP_TIMER) */
	F_CONS_PENDING = 0x20,	/* cpu_raise(TRAP_CONSOLE) */
	F_CONS_NONE = 0x40,	/* after the input, the console has "nothing yet", not EOF */
	F_NO_IO = 0x80,		/* no cpu_io at all */
};

struct header {
	uint8_t flags;
	uint8_t hook_stop;	/* the hook asks to stop at this event (0: never) */
	uint8_t cons_len;	/* the console reads the last cons_len bytes of the input */
	uint8_t cr_xor[CR_COUNT][4];	/* XORed into the boot value of each CR */
	uint8_t reg_xor[REG_COUNT][4];	/* and of each register (r0 stays 0) */
};

/* Console and hook state of one machine; what both runs must agree on. */
struct side {
	struct cpu *m;
	const uint8_t *in;
	size_t nin, pos;
	bool none_at_end;
	uint64_t out_hash, nout;
	uint64_t ev_hash, nev;
	uint64_t faults;	/* trap entries for faults: they count against a budget */
	uint32_t hook_stop;
	struct cpu_event last;	/* the latest event */
};

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ull; }

static int fz_getc(void *ctx, uint64_t idle)
{
	struct side *s = ctx;
	(void)idle;
	if (s->pos < s->nin)
		return s->in[s->pos++];
	return s->none_at_end ? CPU_IN_NONE : CPU_IN_EOF;
}

static void fz_putc(void *ctx, uint8_t byte)
{
	struct side *s = ctx;
	s->out_hash = mix(s->out_hash, byte);
	s->nout++;
}

static int fz_hook(void *ctx, const struct cpu_event *ev)
{
	struct side *s = ctx;
	const uint32_t f[] = { ev->kind, ev->pid, ev->cause, ev->pc, ev->insn_pc, ev->faddr,
			       ev->handler, ev->status_before, ev->status_after, ev->code,
			       ev->arg0, ev->arg1 };
	s->ev_hash = mix(s->ev_hash, ev->instret);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		s->ev_hash = mix(s->ev_hash, f[i]);
	s->last = *ev;
	if (ev->kind == CPU_EV_TRAP && isa_causes[ev->cause].kind == CAUSE_FAULT)
		s->faults++;
	return ++s->nev == s->hook_stop;
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static uint8_t *image;
static size_t image_len;

/* A one-segment image (code at 0, entry 0) holding the code. */
static void make_image(const uint8_t *code, size_t n)
{
	static const uint8_t zero[4];
	struct img_seg seg = { .addr = 0, .filesz = (uint32_t)n, .memsz = n < 4 ? 4 : (uint32_t)n,
			       .flags = SEG_EXEC | SEG_WRITE, .data = n ? code : zero };
	struct img_desc d = { .entry = 0, .nsegs = 1, .segs = &seg };
	free(image);
	image = img_write(&d, &image_len);
	FUZZ_CHECK(image, "img_write");
}

static void setup(struct side *s, const struct header *h, const uint8_t *in, size_t nin)
{
	char err[256];
	*s = (struct side){ .m = s->m, .in = in, .nin = nin, .none_at_end = h->flags & F_CONS_NONE,
			    .hook_stop = h->hook_stop };
	FUZZ_CHECK(cpu_load_image(s->m, image, image_len, NULL, err, sizeof err) == 0, "load: %s", err);
	struct cpu_io io = { .ctx = s, .putc = fz_putc, .getc = fz_getc };
	cpu_set_io(s->m, h->flags & F_NO_IO ? NULL : &io);
	cpu_set_hook(s->m, fz_hook, s);
	for (unsigned r = 1; r < REG_COUNT; r++)
		cpu_set_reg(s->m, r, cpu_reg(s->m, r) ^ rd32(h->reg_xor[r]));
	/* PENDING only as a device would (below) */
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		if (cr != CR_STATUS && cr != CR_PENDING)
			cpu_set_cr(s->m, cr, rd32(h->cr_xor[cr]));
	cpu_set_cr(s->m, CR_STATUS, (h->flags & F_STATUS) ^ rd32(h->cr_xor[CR_STATUS]));
	if (h->flags & F_TIMER_PENDING)
		cpu_raise(s->m, TRAP_TIMER);
	if (h->flags & F_CONS_PENDING)
		cpu_raise(s->m, TRAP_CONSOLE);
}

static bool final_stop(enum cpu_stop why)
{
	return why != CPU_STOP_BUDGET && why != CPU_STOP_HOOK;
}

/* What a budget counts (cpu.h, cpu_run): instructions retired, and faults,
 * which retire nothing. */
static uint64_t used(const struct side *s, uint64_t start)
{
	return cpu_instret(s->m) - start + s->faults;
}

/* Run with cpu_run until BUDGET is used or the machine stops. */
static enum cpu_stop run_fast(struct side *s)
{
	uint64_t start = cpu_instret(s->m);
	enum cpu_stop why = CPU_STOP_BUDGET;
	for (unsigned calls = 0; calls <= s->hook_stop + 1u; calls++) {
		uint64_t done = used(s, start);
		FUZZ_CHECK(done <= BUDGET, "cpu_run used %llu of a budget of %d",
			   (unsigned long long)done, BUDGET);
		if (done == BUDGET)
			return CPU_STOP_BUDGET;
		why = cpu_run(s->m, BUDGET - done);
		if (final_stop(why))
			return why;
		FUZZ_CHECK(why == CPU_STOP_HOOK || used(s, start) == BUDGET,
			   "CPU_STOP_BUDGET after %llu of %d (instructions and faults)",
			   (unsigned long long)used(s, start), BUDGET);
	}
	FUZZ_CHECK(false, "cpu_run keeps returning CPU_STOP_HOOK (%d)", why);
	return why;
}

/* The state a step may not change, and what it may. */
struct snap {
	uint32_t r[REG_COUNT], cr[CR_COUNT], pc;
	uint64_t instret, nev;
};

static void take(const struct side *s, struct snap *p)
{
	for (unsigned r = 0; r < REG_COUNT; r++)
		p->r[r] = cpu_reg(s->m, r);
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		p->cr[cr] = cpu_cr(s->m, cr);
	p->pc = cpu_pc(s->m);
	p->instret = cpu_instret(s->m);
	p->nev = s->nev;
}

/* After a step whose one event is trap entry for a fault or an interrupt
 * (isa.md 7.1, 7.3): nothing retired and only the trap-entry state moved. */
static void check_entry(const struct side *s, const struct snap *b)
{
	const struct cpu_event *ev = &s->last;
	struct cpu *m = s->m;
	bool from_user = b->cr[CR_STATUS] & STATUS_UM;
	uint32_t sp = (from_user ? b->cr[CR_KSP] : b->r[REG_sp]) - FRAME_BYTES;
	uint8_t frame[FRAME_BYTES];

	FUZZ_CHECK(cpu_instret(m) == b->instret, "a %s retired", isa_causes[ev->cause].text);
	FUZZ_CHECK(ev->insn_pc == b->pc && ev->pc == b->pc, "%s at 0x%x pushed 0x%x",
		   isa_causes[ev->cause].text, b->pc, ev->pc);
	for (unsigned r = 0; r < REG_COUNT; r++)
		FUZZ_CHECK(r == REG_sp || cpu_reg(m, r) == b->r[r], "%s changed r%u",
			   isa_causes[ev->cause].text, r);
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		FUZZ_CHECK(cr == CR_STATUS || cr == CR_CAUSE || cr == CR_FADDR || cr == CR_PENDING ||
			   cpu_cr(m, cr) == b->cr[cr], "%s changed cr %u", isa_causes[ev->cause].text, cr);
	FUZZ_CHECK(cpu_reg(m, REG_sp) == sp, "sp 0x%x after entry, want 0x%x", cpu_reg(m, REG_sp), sp);
	FUZZ_CHECK(cpu_read(m, sp, frame, sizeof frame), "frame at 0x%x outside RAM", sp);
	FUZZ_CHECK(rd32(frame + FRAME_PC) == b->pc && rd32(frame + FRAME_STATUS) == b->cr[CR_STATUS] &&
		   rd32(frame + FRAME_SP) == b->r[REG_sp] && rd32(frame + FRAME_CAUSE) == ev->cause,
		   "frame of %s at 0x%x", isa_causes[ev->cause].text, sp);
	uint32_t st = (from_user ? STATUS_PUM : 0) | (b->cr[CR_STATUS] & STATUS_IE ? STATUS_PIE : 0);
	FUZZ_CHECK(cpu_cr(m, CR_STATUS) == st, "STATUS 0x%x after entry, want 0x%x",
		   cpu_cr(m, CR_STATUS), st);
	FUZZ_CHECK(cpu_cr(m, CR_CAUSE) == ev->cause && cpu_cr(m, CR_FADDR) == ev->faddr &&
		   cpu_pc(m) == ev->handler, "CAUSE/FADDR/pc after entry");
	FUZZ_CHECK(isa_causes[ev->cause].kind == CAUSE_FAULT || ev->faddr == 0,
		   "interrupt with FADDR 0x%x", ev->faddr);
}

/* The user-mode access of the instruction word w at virtual pc, if it is a
 * load or a store: its address and size.  False for any other instruction. */
static bool user_access(uint32_t w, const struct snap *b, uint32_t *v, unsigned *size, bool *store)
{
	unsigned op = insn_op(w);
	if (op < OP_LB || op > OP_SW || (op > OP_LW && op < OP_SB))
		return false;
	*v = b->r[insn_b(w)] + (uint32_t)insn_simm16(w);
	*store = op >= OP_SB;
	*size = op == OP_LW || op == OP_SW ? 4 : op == OP_LH || op == OP_LHU || op == OP_SH ? 2 : 1;
	return true;
}

static uint8_t ram_before[RAM];

static uint8_t ram_after[RAM];

/*
 * Step until BUDGET is used or the machine stops, checking each step.
 * Before each step the word at the pc is written again with cpu_write,
 * which makes the CPU forget its decoded form: this machine decodes every
 * instruction afresh from RAM, the reference for run_fast's decode cache.
 */
static enum cpu_stop run_steps(struct side *s)
{
	struct cpu *m = s->m;
	uint64_t start = cpu_instret(m);
	unsigned ram_checks = 0;
	for (unsigned steps = 0; steps < MAX_STEPS; steps++) {
		if (used(s, start) >= BUDGET)
			return CPU_STOP_BUDGET;
		struct snap b;
		take(s, &b);
		bool user = b.cr[CR_STATUS] & STATUS_UM;
		uint32_t base = b.cr[CR_BASE], bound = b.cr[CR_BOUND], w = 0, v = 0;
		uint32_t phys = user ? base + b.pc : b.pc;
		unsigned size = 0;
		bool store = false, access = false;
		if ((!user || (uint64_t)base + b.pc + 4 <= RAM) && cpu_read(m, phys, &w, 4))
			cpu_write(m, phys, &w, 4);
		if (user && (uint64_t)b.pc + 4 <= bound && (uint64_t)base + b.pc + 4 <= RAM)
			access = user_access(w, &b, &v, &size, &store);
		bool check_ram = access && store && ram_checks < RAM_CHECKS;
		if (check_ram) {
			cpu_read(m, 0, ram_before, RAM);
			ram_checks++;
		}

		enum cpu_stop why = cpu_step(m);
		uint64_t nev = s->nev - b.nev;
		const struct cpu_event *ev = &s->last;

		if (nev == 1 && ev->kind == CPU_EV_TRAP && isa_causes[ev->cause].kind != CAUSE_TRAP)
			check_entry(s, &b);
		if (why == CPU_STOP_DOUBLE_FAULT && isa_causes[ev->cause].kind != CAUSE_TRAP) {
			FUZZ_CHECK(cpu_instret(m) == b.instret && cpu_pc(m) == b.pc,
				   "a double fault retired or moved pc");
			for (unsigned r = 0; r < REG_COUNT; r++)
				FUZZ_CHECK(cpu_reg(m, r) == b.r[r], "a double fault changed r%u", r);
		}
		if (nev == 0 && user && cpu_instret(m) == b.instret + 1) {
			/* retired in user mode: fetch and access inside the window */
			FUZZ_CHECK((uint64_t)b.pc + 4 <= bound && (uint64_t)base + b.pc + 4 <= RAM,
				   "user fetch at 0x%x retired (BASE 0x%x, BOUND 0x%x)", b.pc, base, bound);
			FUZZ_CHECK(!access || ((uint64_t)v + size <= bound && (uint64_t)base + v + size <= RAM),
				   "user access of %u bytes at 0x%x retired (BASE 0x%x, BOUND 0x%x)",
				   size, v, base, bound);
			if (check_ram) {
				uint32_t at = base + v, end = at + size;
				cpu_read(m, 0, ram_after, RAM);
				FUZZ_CHECK(memcmp(ram_after, ram_before, at) == 0 &&
					   memcmp(ram_after + end, ram_before + end, RAM - end) == 0,
					   "user store of %u bytes to 0x%x changed RAM outside 0x%x..0x%x",
					   size, v, at, end);
			}
		}
		if (final_stop(why))
			return why;
	}
	FUZZ_CHECK(false, "%d steps did not use a budget of %d", MAX_STEPS, BUDGET);
	return CPU_STOP_BUDGET;
}

static struct side fast, slow;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct header h;
	memset(&h, 0, sizeof h);
	memcpy(&h, data, size < sizeof h ? size : sizeof h);
	const uint8_t *code = size > sizeof h ? data + sizeof h : data;
	size_t ncode = size > sizeof h ? size - sizeof h : 0;
	if (ncode > MAX_CODE)
		ncode = MAX_CODE;
	if (!fast.m) {
		fast.m = cpu_new(RAM);
		slow.m = cpu_new(RAM);
		FUZZ_CHECK(fast.m && slow.m, "cpu_new");
	}
	make_image(code, ncode);

	size_t ncons = h.cons_len < size ? h.cons_len : size;
	setup(&fast, &h, data + size - ncons, ncons);
	enum cpu_stop why_fast = run_fast(&fast);
	setup(&slow, &h, data + size - ncons, ncons);
	enum cpu_stop why_slow = run_steps(&slow);

	/* Both ways end in the same state. */
	FUZZ_CHECK(why_fast == why_slow || (!final_stop(why_fast) && !final_stop(why_slow)),
		   "cpu_run stopped with %d, cpu_step with %d", why_fast, why_slow);
	FUZZ_CHECK(fast.faults == slow.faults, "faults %llu vs %llu",
		   (unsigned long long)fast.faults, (unsigned long long)slow.faults);
	FUZZ_CHECK(cpu_instret(fast.m) == cpu_instret(slow.m), "instret %llu vs %llu",
		   (unsigned long long)cpu_instret(fast.m), (unsigned long long)cpu_instret(slow.m));
	FUZZ_CHECK(cpu_pc(fast.m) == cpu_pc(slow.m), "pc 0x%x vs 0x%x", cpu_pc(fast.m), cpu_pc(slow.m));
	for (unsigned r = 0; r < REG_COUNT; r++)
		FUZZ_CHECK(cpu_reg(fast.m, r) == cpu_reg(slow.m, r), "r%u 0x%x vs 0x%x", r,
			   cpu_reg(fast.m, r), cpu_reg(slow.m, r));
	FUZZ_CHECK(cpu_reg(fast.m, 0) == 0, "r0 = 0x%x", cpu_reg(fast.m, 0));
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		FUZZ_CHECK(cpu_cr(fast.m, cr) == cpu_cr(slow.m, cr), "cr %u 0x%x vs 0x%x", cr,
			   cpu_cr(fast.m, cr), cpu_cr(slow.m, cr));
	FUZZ_CHECK((cpu_cr(fast.m, CR_STATUS) & ~(uint32_t)STATUS_MASK) == 0, "STATUS 0x%x",
		   cpu_cr(fast.m, CR_STATUS));
	FUZZ_CHECK(memcmp(cpu_mem(fast.m), cpu_mem(slow.m), RAM) == 0, "RAM differs");
	FUZZ_CHECK(memcmp(cpu_stats(fast.m), cpu_stats(slow.m), sizeof(struct cpu_stats)) == 0,
		   "stats differ");
	FUZZ_CHECK(fast.nev == slow.nev && fast.ev_hash == slow.ev_hash, "events differ (%llu, %llu)",
		   (unsigned long long)fast.nev, (unsigned long long)slow.nev);
	FUZZ_CHECK(fast.nout == slow.nout && fast.out_hash == slow.out_hash && fast.pos == slow.pos,
		   "console differs");
	FUZZ_CHECK(cpu_pid(fast.m) == cpu_pid(slow.m), "pid differs");
	if (final_stop(why_fast)) {
		FUZZ_CHECK(cpu_exit_status(fast.m) == cpu_exit_status(slow.m), "exit status differs");
		FUZZ_CHECK(strcmp(cpu_diagnostic(fast.m), cpu_diagnostic(slow.m)) == 0,
			   "diagnostic '%s' vs '%s'", cpu_diagnostic(fast.m), cpu_diagnostic(slow.m));
	}
	if (why_fast == CPU_STOP_DOUBLE_FAULT || why_fast == CPU_STOP_IDLE) {
		const char *d = cpu_diagnostic(fast.m);
		FUZZ_CHECK(d[0] && !strchr(d, '\n'), "diagnostic '%s' is not one line", d);
	}
	FUZZ_CHECK(cpu_pc(fast.m) % 4 == 0 || why_fast == CPU_STOP_DOUBLE_FAULT,
		   "pc 0x%x is not a multiple of 4", cpu_pc(fast.m));
	return 0;
}
