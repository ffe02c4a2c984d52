/*
 * events.c - the event stream: the machine's hook records (cpu.h) decoded
 * once into struct ev, handed to every sink in order.  Also what the views
 * share: the names of the event kinds, OS events, trap causes and system
 * calls (all from their .def tables), and kernel addresses as symbol+offset.
 */
#include "events.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "kview.h"
#include "os.h"

const char *const ev_kind_names[EV_KIND_COUNT] = {
#define X(name, json) json,
	EV_KINDS(X)
#undef X
};

/* ---- Names, from the .def tables ------------------------------------------ */

static const char *const cause_upper[] = {
#define CAUSE(num, name, kind, pushed, text) [num] = #name,
#include "causes.def"
#undef CAUSE
};
enum { NCAUSES = sizeof cause_upper / sizeof cause_upper[0] };

enum { NOSEV = 256 };	/* more than trace_events.def has codes */

/* Lower-case copies of the upper-case .def names, and each OS event's
 * arguments' names and formats, made once: they are asked for at every
 * event. */
static char cause_lower[NCAUSES][24];
static char osev_lower[NOSEV][24];
static const char *osev_arg_name[NOSEV][2];
static char osev_arg_format[NOSEV][2];

static char arg_format(const struct kview_osev *row, unsigned i)
{
	for (const char *f = row->format; *f; f++) {
		if (f[0] != '%')
			continue;
		char kind = 'd';
		const char *d = f + 1;
		if (*d == 'x' || *d == 's' || *d == 'c' || *d == 'y')
			kind = *d++;
		if (*d == (char)('0' + i))
			return kind;
	}
	return 'd';
}

static void lower(char *dst, size_t n, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < n; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static void names_init(void)
{
	static bool done;
	if (done)
		return;
	for (unsigned c = 0; c < NCAUSES; c++)
		if (cause_upper[c])
			lower(cause_lower[c], sizeof cause_lower[c], cause_upper[c]);
	for (unsigned c = 0; c < NOSEV; c++) {
		const struct kview_osev *row = kview_os_event(c);
		osev_arg_format[c][0] = osev_arg_format[c][1] = 'd';
		if (!row)
			continue;
		lower(osev_lower[c], sizeof osev_lower[c], row->name);
		for (unsigned i = 0; i < 2; i++) {
			osev_arg_name[c][i] = strcmp(row->arg[i], "_") == 0 ? NULL : row->arg[i];
			osev_arg_format[c][i] = arg_format(row, i);
		}
	}
	done = true;
}

const char *ev_cause_name(uint32_t cause)
{
	names_init();
	return cause < NCAUSES && cause_upper[cause] ? cause_lower[cause] : NULL;
}

const char *ev_syscall_name(uint32_t number) { return kview_syscall_name(number); }

const char *ev_os_name(uint32_t code)
{
	names_init();
	return code < NOSEV && kview_os_event(code) ? osev_lower[code] : NULL;
}

const char *ev_os_arg_name(uint32_t code, unsigned i)
{
	names_init();
	return code < NOSEV && i < 2 ? osev_arg_name[code][i] : NULL;
}

char ev_os_arg_format(uint32_t code, unsigned i)
{
	names_init();
	return code < NOSEV && i < 2 ? osev_arg_format[code][i] : 'd';
}

/* ---- The stream ------------------------------------------------------------ */

struct sym {
	uint32_t value;
	uint32_t order;		/* its place in the image's symbol table */
	const char *name;
	bool announcer;		/* a kernel announcing helper: its name starts "trace" */
};

/* A system call in progress: announced, not yet returned. */
struct pending {
	uint32_t pid, call;
};
enum { NPENDING = 64 };

struct sink {
	ev_sink_fn fn;
	void *ctx;
};

struct ev_stream {
	struct cpu *m;
	const struct img *kernel;
	struct sym *syms;	/* the kernel's code and data labels, by address */
	uint32_t nsyms;
	uint32_t cache_addr;	/* the last address symbolized, and its text */
	char cache_text[80];
	struct pending pending[NPENDING];
	unsigned npending;	/* of them used */
	struct sink sinks[EV_MAX_SINKS];
	unsigned nsinks;
};

static int by_value(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void symbols_init(struct ev_stream *s)
{
	if (!s->kernel || !s->kernel->nsyms)
		return;
	s->syms = malloc(sizeof *s->syms * s->kernel->nsyms);
	if (!s->syms)
		return;	/* addresses stay bare: a view still works */
	for (uint32_t i = 0; i < s->kernel->nsyms; i++) {
		struct img_sym y = img_symbol(s->kernel, i);
		if (y.kind != SYM_CONST)
			s->syms[s->nsyms++] = (struct sym){ y.value, i, y.name,
							    strncmp(y.name, "trace", 5) == 0 };
	}
	qsort(s->syms, s->nsyms, sizeof *s->syms, by_value);
}

struct ev_stream *ev_stream_new(struct cpu *m, const struct img *kernel)
{
	struct ev_stream *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->m = m;
	s->kernel = kernel;
	s->cache_addr = UINT32_MAX;
	names_init();
	symbols_init(s);
	return s;
}

void ev_stream_free(struct ev_stream *s)
{
	if (!s)
		return;
	free(s->syms);
	free(s);
}

bool ev_stream_add_sink(struct ev_stream *s, ev_sink_fn fn, void *ctx)
{
	if (s->nsinks == EV_MAX_SINKS)
		return false;
	s->sinks[s->nsinks++] = (struct sink){ fn, ctx };
	return true;
}

const struct cpu *ev_stream_machine(const struct ev_stream *s) { return s->m; }

const char *ev_guest_string(const struct ev_stream *s, uint32_t addr, char *buf, size_t n)
{
	return kview_guest_string(s->m, addr, buf, n);
}

/* Is addr inside one of the kernel image's segments? */
static bool in_kernel(const struct img *k, uint32_t addr)
{
	for (uint32_t i = 0; i < k->nsegs; i++)
		if (addr >= k->segs[i].addr && addr - k->segs[i].addr < k->segs[i].memsz)
			return true;
	return false;
}

/* The symbol that names addr (the last one at or below it; of several at
 * one address, the first defined), or NULL. */
static const struct sym *sym_of(const struct ev_stream *s, uint32_t addr)
{
	if (!s->nsyms || !in_kernel(s->kernel, addr))
		return NULL;
	uint32_t lo = 0, hi = s->nsyms;	/* the last symbol <= addr */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->syms[mid].value <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (lo > 0 && s->syms[lo - 1].value == s->syms[lo].value)
		lo--;	/* of labels at one address, the first defined: the end of
			 * one region (boot_stack_top), not the next (s_...) */
	return s->syms[lo].value <= addr ? &s->syms[lo] : NULL;
}

const char *ev_symbolize(const struct ev_stream *cs, uint32_t addr, char *buf, size_t n)
{
	struct ev_stream *s = (struct ev_stream *)cs;	/* the cache only */
	if (addr != s->cache_addr) {
		const struct sym *y = sym_of(s, addr);
		if (!y)
			s->cache_text[0] = '\0';
		else if (y->value == addr)
			snprintf(s->cache_text, sizeof s->cache_text, "%s", y->name);
		else
			snprintf(s->cache_text, sizeof s->cache_text, "%s+%u", y->name, addr - y->value);
		s->cache_addr = addr;
	}
	size_t len = strlen(s->cache_text);
	if (n) {
		if (len >= n)
			len = n - 1;
		memcpy(buf, s->cache_text, len);
		buf[len] = '\0';
	}
	return buf;
}

static const char *symbolize(void *stream, uint32_t addr, char *buf, size_t n)
{
	return ev_symbolize(stream, addr, buf, n);
}

char *ev_event_text(char *buf, size_t n, const struct ev_stream *s, const struct cpu_event *ce)
{
	return kview_event_text_sym(buf, n, s->m, ce, symbolize, (void *)s);
}

uint32_t ev_announcer(const struct ev_stream *s, const struct ev *e)
{
	uint32_t pc = e->raw->pc;
	const struct sym *y = sym_of(s, pc);
	if (y && y->announcer && e->announcer_ra >= 4)
		return e->announcer_ra - 4;
	return pc;
}

/* The calls in progress are pending[0..npending): few at a time, kept
 * packed so that a lookup reads only those. */
static struct pending *pending_find(struct ev_stream *s, uint32_t pid, bool make)
{
	for (unsigned i = 0; i < s->npending; i++)
		if (s->pending[i].pid == pid)
			return &s->pending[i];
	if (!make || s->npending == NPENDING)
		return NULL;
	struct pending *p = &s->pending[s->npending++];
	p->pid = pid;
	return p;
}

static void pending_done(struct ev_stream *s, struct pending *p)
{
	*p = s->pending[--s->npending];
}

static int deliver(struct ev_stream *s, const struct ev *e)
{
	int stop = 0;
	for (unsigned i = 0; i < s->nsinks; i++)
		stop |= s->sinks[i].fn(s->sinks[i].ctx, e);
	return stop;
}

static enum ev_kind kind_of(enum cpu_event_kind k)
{
	switch (k) {
	case CPU_EV_TRAP: return EV_TRAP;
	case CPU_EV_IRET: return EV_IRET;
	case CPU_EV_OS: return EV_OS;
	case CPU_EV_STOP: return EV_STOP;
	case CPU_EV_DOUBLE_FAULT: break;
	}
	return EV_DOUBLE_FAULT;
}

int ev_stream_hook(void *stream, const struct cpu_event *ce)
{
	struct ev_stream *s = stream;
	uint32_t status = cpu_cr(s->m, CR_STATUS);
	struct ev e = { .kind = kind_of(ce->kind), .n = ce->instret, .pid = ce->pid,
			.user = status & STATUS_UM, .ie = status & STATUS_IE, .raw = ce, .stream = s,
			.announcer_ra = ce->kind == CPU_EV_OS ? cpu_reg(s->m, REG_ra) : 0 };

	/* A system call: the kernel announces it (pid, number) while the
	 * program's arguments are still in a0-a3; it returns at the next
	 * return-from-trap into that process (in user mode). */
	if (ce->kind == CPU_EV_OS && ce->code == OSEV_SYSCALL) {
		e.call = ce->arg1;
		for (unsigned i = 0; i < 4; i++)
			e.args[i] = cpu_reg(s->m, REG_a0 + i);
		struct pending *p = pending_find(s, ce->arg0, true);
		if (p)
			p->call = ce->arg1;
	} else if (ce->kind == CPU_EV_OS && ce->code == OSEV_EXIT) {
		struct pending *p = pending_find(s, ce->arg0, false);
		if (p)
			pending_done(s, p);	/* exit does not return */
	}
	int stop = deliver(s, &e);

	if (ce->kind == CPU_EV_IRET && (ce->status_after & STATUS_UM)) {
		struct pending *p = pending_find(s, ce->pid, false);
		if (p) {
			struct ev r = e;
			r.kind = EV_SYSRET;
			r.call = p->call;
			r.ret = (int32_t)cpu_reg(s->m, REG_a0);
			pending_done(s, p);
			stop |= deliver(s, &r);
		}
	}
	return stop;
}
