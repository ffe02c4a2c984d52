/*
 * views.c - the machine as a debugger shows it: addresses by symbol (the
 * kernel's, or the running program's from the image's file table), the
 * trap frame and the PCB with their fields named by the kernel image's
 * TF_* and PCB_* symbols (layout.s puts every .equ there), and the call
 * chain found by scanning the stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"
#include "os.h"

bool views_kernel_sym(const struct dbg *s, const char *name, uint32_t *value, uint32_t kind_mask)
{
	for (uint32_t i = 0; i < s->kimg.nsyms; i++) {
		struct img_sym y = img_symbol(&s->kimg, i);
		if ((kind_mask >> y.kind & 1) && strcmp(y.name, name) == 0) {
			*value = y.value;
			return true;
		}
	}
	return false;
}

const struct img *dbg_program(struct dbg *s, const char *name)
{
	for (unsigned i = 0; i < s->nprog; i++)
		if (strcmp(s->prog[i].name, name) == 0)
			return s->prog[i].ok ? &s->prog[i].im : NULL;
	for (uint32_t i = 0; i < s->kimg.nfiles; i++) {
		struct img_file f = img_file(&s->kimg, i);
		if (strcmp(f.name, name) != 0)
			continue;
		if (!s->prog && !(s->prog = calloc(s->kimg.nfiles, sizeof *s->prog)))
			return NULL;
		struct prog_syms *ps = &s->prog[s->nprog++];
		ps->name = f.name;
		char err[128];
		/* the file's bytes live in the session's copy of the image */
		ps->ok = (f.flags & FILE_IMAGE) && img_parse(&ps->im, f.data, f.size, err, sizeof err) == 0;
		return ps->ok ? &ps->im : NULL;
	}
	return NULL;
}

const char *dbg_process_name(struct dbg *s, uint32_t pid)
{
	static char name[PNAME_BYTES];
	struct kview_proc ps[NPROC];
	unsigned n = kview_procs(&s->kv, s->m, ps, NPROC);
	for (unsigned i = 0; i < n; i++)
		if (ps[i].pid == pid && pid) {
			memcpy(name, ps[i].name, sizeof name);
			return name;
		}
	return "";
}

const char *dbg_program_named(struct dbg *s, const char *pcb_name)
{
	size_t n = strlen(pcb_name);
	if (n < PNAME_BYTES - 1)
		return pcb_name;	/* not cut short: the name is the program's */
	for (int exact = 1; exact >= 0; exact--)
		for (uint32_t i = 0; i < s->kimg.nfiles; i++) {
			struct img_file f = img_file(&s->kimg, i);
			if (exact ? strcmp(f.name, pcb_name) == 0 : strncmp(f.name, pcb_name, n) == 0)
				return f.name;
		}
	return pcb_name;
}

const char *dbg_process_program(struct dbg *s, uint32_t pid)
{
	return dbg_program_named(s, dbg_process_name(s, pid));
}

const struct img *views_user_img(struct dbg *s)
{
	const char *name = dbg_process_program(s, cpu_pid(s->m));
	return *name ? dbg_program(s, name) : NULL;
}

static bool in_segments(const struct img *im, uint32_t addr)
{
	for (uint32_t i = 0; i < im->nsegs; i++)
		if (addr >= im->segs[i].addr && addr - im->segs[i].addr < im->segs[i].memsz)
			return true;
	return false;
}

const char *dbg_symbolize(struct dbg *s, uint32_t addr, bool user, char *buf, size_t n)
{
	if (!n)
		return buf;
	buf[0] = '\0';
	if (!user)
		return ev_symbolize(s->stream, addr, buf, n);
	const struct img *im = views_user_img(s);
	if (!im || !in_segments(im, addr))
		return buf;
	uint32_t off;
	struct img_sym y = img_symbol_near(im, addr, &off);
	if (y.name && off)
		snprintf(buf, n, "%s+%u", y.name, off);
	else if (y.name)
		snprintf(buf, n, "%s", y.name);
	return buf;
}

const char *dbg_label_at(void *labels, uint32_t addr)
{
	struct dbg_labels *l = labels;
	dbg_symbolize(l->s, addr, l->user, l->buf, sizeof l->buf);
	return l->buf[0] && !strchr(l->buf, '+') ? l->buf : NULL;
}

/* The kernel's constants named prefix*, but not skip, by value. */
static unsigned consts(const struct dbg *s, const char *prefix, const char *skip,
		       struct dbg_field *out, unsigned max)
{
	unsigned n = 0;
	size_t plen = strlen(prefix);
	for (uint32_t i = 0; i < s->kimg.nsyms && n < max; i++) {
		struct img_sym y = img_symbol(&s->kimg, i);
		if (y.kind != SYM_CONST || strncmp(y.name, prefix, plen) != 0 || strcmp(y.name, skip) == 0)
			continue;
		unsigned k = n++;
		for (; k > 0 && out[k - 1].addr > y.value; k--)
			out[k] = out[k - 1];
		snprintf(out[k].name, sizeof out[k].name, "%s", y.name);
		out[k].addr = y.value;	/* the offset, for now */
	}
	return n;
}

static uint32_t word_at(const struct dbg *s, uint32_t pa)
{
	uint32_t v = 0;
	cpu_read(s->m, pa, &v, 4);
	return v;
}

unsigned dbg_trap_frame(struct dbg *s, struct dbg_field *out, unsigned max)
{
	uint32_t size;
	if (!views_kernel_sym(s, "TF_BYTES", &size, 1u << SYM_CONST)) {
		dbg_fail(s, "the image has no trap frame layout (no TF_BYTES): not the kernel");
		return 0;
	}
	uint32_t base = cpu_cr(s->m, CR_KSP) - size;
	if ((uint64_t)base + size > cpu_mem_size(s->m)) {
		dbg_fail(s, "CR_KSP 0x%08x does not point into RAM: no trap frame yet",
			 cpu_cr(s->m, CR_KSP));
		return 0;
	}
	unsigned n = consts(s, "TF_", "TF_BYTES", out, max);
	for (unsigned i = 0; i < n; i++) {
		out[i].addr += base;
		out[i].value = word_at(s, out[i].addr);
	}
	return n;
}

unsigned dbg_pcb(struct dbg *s, uint32_t pid, struct dbg_field *out, unsigned max)
{
	if (!s->kv.ok) {
		dbg_fail(s, "the image is not the kernel (no %s)", s->kv.missing);
		return 0;
	}
	struct kview_proc ps[NPROC];
	unsigned np = kview_procs(&s->kv, s->m, ps, NPROC);
	for (unsigned i = 0; i < np; i++) {
		if (ps[i].pid != pid)
			continue;
		uint32_t pcb = s->kv.proc_table + ps[i].slot * s->kv.pcb_bytes;
		unsigned n = consts(s, "PCB_", "PCB_BYTES", out, max);
		for (unsigned k = 0; k < n; k++) {
			out[k].addr += pcb;
			out[k].value = word_at(s, out[k].addr);
		}
		return n;
	}
	dbg_fail(s, "no process with pid %u", pid);
	return 0;
}

/* ---- The call chain ------------------------------------------------------------------ */

/* The word at virtual (user) or physical address a, if readable. */
static bool read_as(const struct dbg *s, bool user, uint32_t base, uint32_t bound, uint32_t a,
		    uint32_t *w)
{
	if (user) {
		if ((uint64_t)a + 4 > bound)
			return false;
		a += base;
	}
	return cpu_read(s->m, a, w, 4);
}

/* Does the word before v hold a call (jal ra / jalr ra)? */
static bool after_call(const struct dbg *s, bool user, uint32_t base, uint32_t bound, uint32_t v)
{
	uint32_t w;
	if ((v & 3) || v < 4 || !read_as(s, user, base, bound, v - 4, &w) || !isa_valid(w))
		return false;
	unsigned op = insn_op(w);
	return (op == OP_JAL || op == OP_JALR) && insn_a(w) == REG_ra;
}

/* Is ra stale: a return into this very routine from a call it made
 * (ra <= pc, no `ret` between)?  Then the routine's own return address is
 * on the stack. */
static bool ra_is_ours(const struct dbg *s, bool user, uint32_t base, uint32_t bound, uint32_t ra,
		       uint32_t pc)
{
	if (ra > pc || pc - ra > 4096)
		return false;
	for (uint32_t a = ra; a < pc; a += 4) {
		uint32_t w;
		if (!read_as(s, user, base, bound, a, &w))
			return false;
		if (isa_valid(w) && insn_op(w) == OP_JALR && insn_a(w) == REG_zero && insn_b(w) == REG_ra)
			return false;
	}
	return true;
}

/* Frames of one stack: pc, ra if it is a return address of this routine,
 * then return addresses found on the stack from sp up to top. */
static unsigned scan(const struct dbg *s, bool user, uint32_t base, uint32_t bound, uint32_t pc,
		     uint32_t ra, uint32_t sp, uint32_t top, struct dbg_frame *out, unsigned max)
{
	unsigned n = 0;
	if (n < max)
		out[n++] = (struct dbg_frame){ .pc = pc, .user = user };
	bool ra_used = false;
	if (n < max && after_call(s, user, base, bound, ra) && !ra_is_ours(s, user, base, bound, ra, pc)) {
		out[n++] = (struct dbg_frame){ .pc = ra, .user = user };
		ra_used = true;
	}
	for (uint32_t a = sp & ~3u; a < top && n < max && a - (sp & ~3u) < 4096; a += 4) {
		uint32_t w;
		if (!read_as(s, user, base, bound, a, &w) || !after_call(s, user, base, bound, w))
			continue;
		if (ra_used && n == 2 && w == out[1].pc && out[1].sp == 0) {
			out[1].sp = a;	/* the routine saved ra: the same frame */
			continue;
		}
		out[n++] = (struct dbg_frame){ .pc = w, .sp = a, .user = user };
	}
	return n;
}

unsigned dbg_backtrace(struct dbg *s, struct dbg_frame *out, unsigned max)
{
	bool user = cpu_user_mode(s->m);
	uint32_t base = cpu_cr(s->m, CR_BASE), bound = cpu_cr(s->m, CR_BOUND);
	uint32_t pc = cpu_pc(s->m), ra = cpu_reg(s->m, REG_ra), sp = cpu_reg(s->m, REG_sp);
	if (user)
		return scan(s, true, base, bound, pc, ra, sp, bound, out, max);
	/* Kernel mode: on a process's kernel stack (below CR_KSP), the
	 * kernel's frames end at the trap frame, and the program's follow. */
	uint32_t ksp = cpu_cr(s->m, CR_KSP), tf_bytes, tf_pc, tf_ra, tf_sp, tf_status;
	bool on_kstack = sp < ksp && ksp - sp <= KSTACK_BYTES &&
			 views_kernel_sym(s, "TF_BYTES", &tf_bytes, 1u << SYM_CONST) &&
			 views_kernel_sym(s, "TF_PC", &tf_pc, 1u << SYM_CONST) &&
			 views_kernel_sym(s, "TF_RA", &tf_ra, 1u << SYM_CONST) &&
			 views_kernel_sym(s, "TF_SP", &tf_sp, 1u << SYM_CONST) &&
			 views_kernel_sym(s, "TF_STATUS", &tf_status, 1u << SYM_CONST);
	uint32_t top = on_kstack ? ksp - tf_bytes : (sp + 1024 < cpu_mem_size(s->m) ? sp + 1024 : cpu_mem_size(s->m));
	unsigned n = scan(s, false, 0, 0, pc, ra, sp, top, out, max);
	if (!on_kstack || n >= max)
		return n;
	uint32_t tf = ksp - tf_bytes;
	if (!(word_at(s, tf + tf_status) & STATUS_UM))
		return n;
	unsigned k = scan(s, true, base, bound, word_at(s, tf + tf_pc), word_at(s, tf + tf_ra),
			  word_at(s, tf + tf_sp), bound, out + n, max - n);
	if (k) {
		out[n].trap = true;
		out[n].sp = tf + tf_pc;
	}
	return n + k;
}
