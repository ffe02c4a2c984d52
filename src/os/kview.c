/*
 * kview.c - the kernel's events as text, and its tables read from guest
 * memory (kview.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kview.h"

/* ---- Events as text ------------------------------------------------------ */

static const struct kview_osev osev_rows[] = {
#define OSEV(code, name, a0, a1, format) [code] = { #name, { #a0, #a1 }, format },
#include "trace_events.def"
#undef OSEV
};
enum { OSEV_LIMIT = sizeof osev_rows / sizeof osev_rows[0] };

static const char *const syscall_names[] = {
#define SYSCALL(num, name, args, result) [num] = #name,
#include "syscalls.def"
#undef SYSCALL
};
enum { SYSCALL_LIMIT = sizeof syscall_names / sizeof syscall_names[0] };

const struct kview_osev *kview_os_event(uint32_t code)
{
	return code < OSEV_LIMIT && osev_rows[code].name ? &osev_rows[code] : NULL;
}

const char *kview_syscall_name(uint32_t number)
{
	return number < SYSCALL_LIMIT ? syscall_names[number] : NULL;
}

/* Text appended to a fixed buffer, cut short if it is full. */
struct text {
	char *buf;
	size_t n, len;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	if (t->len + 1 >= t->n)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(t->buf + t->len, t->n - t->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->len = t->len + (size_t)k < t->n ? t->len + (size_t)k : t->n - 1;
}

static const char *mode_name(uint32_t status)
{
	return status & STATUS_UM ? "user" : "kernel";
}

static const char *cause_text(uint32_t cause)
{
	return cause < TRAP_COUNT ? isa_causes[cause].text : "unknown cause";
}

char *kview_guest_string(const struct cpu *m, uint32_t addr, char *buf, size_t n)
{
	size_t i = 0;
	if (!n)
		return buf;
	for (; i + 1 < n; i++) {
		uint8_t c;
		if (!cpu_read(m, addr + (uint32_t)i, &c, 1) || c == 0)
			break;
		buf[i] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	buf[i] = '\0';
	return buf;
}

/* A kernel address: its label when sym knows one ("syscall_entry",
 * "sched+24"), else 0x and eight hex digits. */
static void add_kaddr(struct text *t, uint32_t addr, kview_sym_fn sym, void *ctx)
{
	char name[80];
	if (sym && sym(ctx, addr, name, sizeof name)[0])
		add(t, "%s", name);
	else
		add(t, "0x%08x", addr);
}

/* Expand an OS event's format (trace_events.def): %0 %1, %x0, %s0, %c0, %y0. */
static void os_event_text(struct text *t, const struct cpu *m, const struct cpu_event *ev,
			  kview_sym_fn sym, void *ctx)
{
	const struct kview_osev *row = kview_os_event(ev->code);
	const char *f = row ? row->format : NULL;
	if (!f) {
		add(t, "event %u (%u, %u)", ev->code, ev->arg0, ev->arg1);
		return;
	}
	for (; *f; f++) {
		char kind = 'd';
		if (*f != '%') {
			add(t, "%c", *f);
			continue;
		}
		if (f[1] == 'x' || f[1] == 's' || f[1] == 'c' || f[1] == 'y')
			kind = *++f;
		if (f[1] != '0' && f[1] != '1') {
			add(t, "%%");
			continue;
		}
		uint32_t arg = *++f == '0' ? ev->arg0 : ev->arg1;
		char s[64];
		switch (kind) {
		case 'x':
			if (sym) {
				add_kaddr(t, arg, sym, ctx);
				break;
			}
			add(t, "0x%x", arg);
			break;
		case 's': kview_guest_string(m, arg, s, sizeof s); add(t, "%s", s); break;
		case 'c': add(t, "%s", cause_text(arg)); break;
		case 'y':
			if (arg < SYSCALL_LIMIT && syscall_names[arg])
				add(t, "%s", syscall_names[arg]);
			else
				add(t, "%u (none such)", arg);
			break;
		default: add(t, "%d", (int32_t)arg); break;	/* an exit status may be -1 */
		}
	}
}

char *kview_event_text(char *buf, size_t n, const struct cpu *m, const struct cpu_event *ev)
{
	return kview_event_text_sym(buf, n, m, ev, NULL, NULL);
}

char *kview_event_text_sym(char *buf, size_t n, const struct cpu *m, const struct cpu_event *ev,
			   kview_sym_fn sym, void *ctx)
{
	struct text t = { buf, n, 0 };
	if (n)
		buf[0] = '\0';
	switch (ev->kind) {
	case CPU_EV_TRAP: {
		bool from_user = ev->status_before & STATUS_UM;
		add(&t, "[hw] %s", cause_text(ev->cause));
		if (ev->pid)
			add(&t, " in pid %u", ev->pid);
		add(&t, " (%s, pc ", mode_name(ev->status_before));
		if (from_user)
			add(&t, "0x%08x", ev->insn_pc);
		else
			add_kaddr(&t, ev->insn_pc, sym, ctx);
		if (ev->cause < TRAP_COUNT && isa_causes[ev->cause].kind == CAUSE_FAULT &&
		    ev->faddr != ev->insn_pc)
			add(&t, ", address 0x%08x", ev->faddr);
		add(&t, ") -> kernel, handler ");
		add_kaddr(&t, ev->handler, sym, ctx);
		break;
	}
	case CPU_EV_IRET:
		add(&t, "[hw] return-from-trap -> %s", mode_name(ev->status_after));
		if (ev->pid)
			add(&t, ", pid %u", ev->pid);
		add(&t, ", pc ");
		if (ev->status_after & STATUS_UM)
			add(&t, "0x%08x", ev->pc);
		else
			add_kaddr(&t, ev->pc, sym, ctx);
		break;
	case CPU_EV_OS:
		add(&t, "[os] ");
		os_event_text(&t, m, ev, sym, ctx);
		break;
	case CPU_EV_STOP:
		add(&t, "[hw] machine stops at pc ");
		add_kaddr(&t, ev->pc, sym, ctx);
		add(&t, ", exit status %d", (int32_t)ev->code);
		break;
	case CPU_EV_DOUBLE_FAULT:
		add(&t, "[hw] double fault on %s at pc 0x%08x: machine stops", cause_text(ev->cause), ev->pc);
		break;
	}
	return buf;
}

/* ---- The kernel's tables ------------------------------------------------------- */

static bool find(const struct img *im, const char *name, uint32_t *value, struct kview *kv)
{
	for (uint32_t i = 0; i < im->nsyms; i++) {
		struct img_sym s = img_symbol(im, i);
		if (strcmp(s.name, name) == 0) {
			*value = s.value;
			return true;
		}
	}
	if (kv->ok) {
		kv->ok = false;
		snprintf(kv->missing, sizeof kv->missing, "%s", name);
	}
	return false;
}

bool kview_init(struct kview *kv, const struct img *kernel)
{
	memset(kv, 0, sizeof *kv);
	kv->ok = true;
	const struct {
		const char *name;
		uint32_t *at;
	} want[] = {
		{ "proc_table", &kv->proc_table }, { "PCB_BYTES", &kv->pcb_bytes },
		{ "PCB_PID", &kv->pcb_pid }, { "PCB_STATE", &kv->pcb_state },
		{ "PCB_PPID", &kv->pcb_ppid }, { "PCB_BASE", &kv->pcb_base },
		{ "PCB_BOUND", &kv->pcb_bound }, { "PCB_TICKS", &kv->pcb_ticks },
		{ "PCB_NAME", &kv->pcb_name },
		{ "regions", &kv->regions }, { "REGION_BYTES", &kv->region_bytes },
		{ "NREGIONS", &kv->nregions }, { "REGION_BASE", &kv->region_base },
		{ "REGION_SIZE", &kv->region_size },
		{ "mem_start", &kv->mem_start }, { "mem_end", &kv->mem_end },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		find(kernel, want[i].name, want[i].at, kv);
	if (kv->ok && (kv->pcb_bytes == 0 || kv->pcb_name + PNAME_BYTES > kv->pcb_bytes ||
		       kv->region_bytes == 0 || kv->nregions > 1024)) {
		kv->ok = false;
		snprintf(kv->missing, sizeof kv->missing, "a sensible PCB_BYTES or REGION_BYTES");
	}
	return kv->ok;
}

static uint32_t word(const struct cpu *m, uint32_t addr)
{
	uint32_t v = 0;
	return cpu_read(m, addr, &v, 4) ? v : 0;
}

unsigned kview_procs(const struct kview *kv, const struct cpu *m,
		     struct kview_proc *out, unsigned max)
{
	unsigned n = 0;
	if (!kv->ok)
		return 0;
	for (uint32_t slot = 0; slot < NPROC && n < max; slot++) {
		uint32_t pcb = kv->proc_table + slot * kv->pcb_bytes;
		uint32_t pid = word(m, pcb + kv->pcb_pid);
		if (!pid)
			continue;
		struct kview_proc *p = &out[n++];
		p->slot = slot;
		p->pid = pid;
		p->ppid = word(m, pcb + kv->pcb_ppid);
		p->state = word(m, pcb + kv->pcb_state);
		p->base = word(m, pcb + kv->pcb_base);
		p->bound = word(m, pcb + kv->pcb_bound);
		p->ticks = word(m, pcb + kv->pcb_ticks);
		kview_guest_string(m, pcb + kv->pcb_name, p->name, sizeof p->name);
	}
	return n;
}

unsigned kview_regions(const struct kview *kv, const struct cpu *m,
		       struct kview_region *out, unsigned max)
{
	unsigned n = 0;
	if (!kv->ok)
		return 0;
	for (uint32_t i = 0; i < kv->nregions && n < max; i++) {
		uint32_t e = kv->regions + i * kv->region_bytes;
		uint32_t size = word(m, e + kv->region_size);
		if (!size)
			continue;
		struct kview_region r = { word(m, e + kv->region_base), size };
		unsigned j = n++;
		for (; j > 0 && out[j - 1].base > r.base; j--)	/* keep them by base */
			out[j] = out[j - 1];
		out[j] = r;
	}
	return n;
}

bool kview_free_range(const struct kview *kv, const struct cpu *m, uint32_t *start, uint32_t *end)
{
	if (!kv->ok)
		return false;
	*start = word(m, kv->mem_start);
	*end = word(m, kv->mem_end);
	return *start && *end > *start;
}

const char *kview_state_name(uint32_t state)
{
	static const char *const names[] = {
#define PSTATE(value, name, text) [value] = text,
#include "pstate.def"
#undef PSTATE
	};
	return state < sizeof names / sizeof names[0] && names[state] ? names[state] : "?";
}
