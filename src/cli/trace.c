/*
 * trace.c - vm run --trace and --stats: each event of the machine as one
 * line that reads like OSTEP's protocol table, hardware ([hw]) and OS ([os])
 * side by side, each with the retired-instruction count.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const os_formats[] = {
#define OSEV(code, name, format) [code] = format,
#include "trace_events.def"
#undef OSEV
};
enum { OSEV_LIMIT = sizeof os_formats / sizeof os_formats[0] };

static const char *mode_name(uint32_t status)
{
	return status & STATUS_UM ? "user" : "kernel";
}

static const char *const syscall_names[] = {
#define SYSCALL(num, name, args, result) [num] = #name,
#include "syscalls.def"
#undef SYSCALL
};
enum { SYSCALL_LIMIT = sizeof syscall_names / sizeof syscall_names[0] };

static const char *cause_text(uint32_t cause)
{
	return cause < TRAP_COUNT ? isa_causes[cause].text : "unknown cause";
}

/* A guest string at physical address addr, made printable, for %s. */
static void guest_string(const struct cpu *m, uint32_t addr, char *buf, size_t n)
{
	size_t i = 0;
	for (; i + 1 < n; i++) {
		uint8_t c;
		if (!cpu_read(m, addr + (uint32_t)i, &c, 1) || c == 0)
			break;
		buf[i] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	buf[i] = '\0';
}

/* Expand an OS event's format (trace_events.def): %0 %1, %x0, %s0, %c0, %y0. */
static void print_os_event(FILE *out, const struct cpu *m, const struct cpu_event *ev)
{
	const char *f = ev->code < OSEV_LIMIT ? os_formats[ev->code] : NULL;
	if (!f) {
		fprintf(out, "event %u (%u, %u)", ev->code, ev->arg0, ev->arg1);
		return;
	}
	for (; *f; f++) {
		char kind = 'd';
		if (*f != '%') {
			fputc(*f, out);
			continue;
		}
		if (f[1] == 'x' || f[1] == 's' || f[1] == 'c' || f[1] == 'y')
			kind = *++f;
		if (f[1] != '0' && f[1] != '1') {
			fputc('%', out);
			continue;
		}
		uint32_t arg = *++f == '0' ? ev->arg0 : ev->arg1;
		char s[64];
		switch (kind) {
		case 'x': fprintf(out, "0x%x", arg); break;
		case 's': guest_string(m, arg, s, sizeof s); fputs(s, out); break;
		case 'c': fputs(cause_text(arg), out); break;
		case 'y':
			if (arg < SYSCALL_LIMIT && syscall_names[arg])
				fputs(syscall_names[arg], out);
			else
				fprintf(out, "%u (none such)", arg);
			break;
		default: fprintf(out, "%u", arg); break;
		}
	}
}

int trace_event(void *tracer, const struct cpu_event *ev)
{
	struct tracer *t = tracer;
	FILE *out = t->out;
	fflush(stdout);	/* keep console output and trace lines in order */
	fprintf(out, "%10llu ", (unsigned long long)ev->instret);
	switch (ev->kind) {
	case CPU_EV_TRAP:
		fprintf(out, "[hw] %s", cause_text(ev->cause));
		if (ev->pid)
			fprintf(out, " in pid %u", ev->pid);
		fprintf(out, " (%s, pc 0x%08x", mode_name(ev->status_before), ev->insn_pc);
		if (ev->cause < TRAP_COUNT && isa_causes[ev->cause].kind == CAUSE_FAULT &&
		    ev->faddr != ev->insn_pc)
			fprintf(out, ", address 0x%08x", ev->faddr);
		fprintf(out, ") -> kernel, handler 0x%08x\n", ev->handler);
		break;
	case CPU_EV_IRET:
		fprintf(out, "[hw] return-from-trap -> %s", mode_name(ev->status_after));
		if (ev->pid)
			fprintf(out, ", pid %u", ev->pid);
		fprintf(out, ", pc 0x%08x\n", ev->pc);
		break;
	case CPU_EV_OS:
		fputs("[os] ", out);
		print_os_event(out, t->m, ev);
		fputc('\n', out);
		break;
	case CPU_EV_STOP:
		fprintf(out, "[hw] machine stops at pc 0x%08x, exit status %u\n", ev->pc, ev->code);
		break;
	case CPU_EV_DOUBLE_FAULT:
		fprintf(out, "[hw] double fault on %s at pc 0x%08x: machine stops\n",
			cause_text(ev->cause), ev->pc);
		break;
	}
	if (fflush(out) != 0 || ferror(out)) {
		t->failed = errno ? errno : EIO;
		return 1;	/* stop the run: vm reports it */
	}
	return 0;
}

void print_stats(FILE *out, const struct cpu *m, double seconds)
{
	const struct cpu_stats *s = cpu_stats(m);
	uint64_t n = cpu_instret(m), interrupts = 0, traps = 0;
	fprintf(out, "instructions retired  %llu\n", (unsigned long long)n);
	fprintf(out, "host time             %.3f s\n", seconds);
	fprintf(out, "guest MIPS            %.1f\n", seconds > 0 ? (double)n / seconds / 1e6 : 0.0);
	for (int c = 0; c < TRAP_COUNT; c++) {
		if (isa_causes[c].kind == CAUSE_INTR)
			interrupts += s->traps[c];
		else
			traps += s->traps[c];
	}
	fprintf(out, "traps and faults      %llu\n", (unsigned long long)traps);
	fprintf(out, "interrupts            %llu\n", (unsigned long long)interrupts);
	for (int c = 0; c < TRAP_COUNT; c++)
		if (s->traps[c])
			fprintf(out, "  %-24s%llu\n", isa_causes[c].text, (unsigned long long)s->traps[c]);
	fprintf(out, "returns-from-trap     %llu\n", (unsigned long long)s->irets);
	fprintf(out, "user -> kernel        %llu\n", (unsigned long long)s->to_kernel);
	fprintf(out, "kernel -> user        %llu\n", (unsigned long long)s->to_user);
	fprintf(out, "idle ticks            %llu\n", (unsigned long long)s->idle_ticks);
}
