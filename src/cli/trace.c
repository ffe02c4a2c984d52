/*
 * trace.c - vm run --trace and --stats: each event of the run's event
 * stream (events.h) as one line that reads like OSTEP's protocol table,
 * hardware ([hw]) and OS ([os]) side by side, each with the
 * retired-instruction count.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "events.h"
#include "kview.h"

int trace_sink(void *tracer, const struct ev *e)
{
	struct tracer *t = tracer;
	const struct cpu_event *ev = e->raw;
	char line[512];
	if (e->kind == EV_SYSRET)
		return 0;	/* the JSON record's: the text shows the iret */
	flush_stdout();	/* keep console output and trace lines in order */
	if (t->console_midline && *t->console_midline) {
		fputc('\n', t->out);	/* whole lines: not after the console's "$ " */
		*t->console_midline = false;
	}
	fprintf(t->out, "%10llu %s\n", (unsigned long long)ev->instret,
		ev_event_text(line, sizeof line, e->stream, ev));
	if (fflush(t->out) != 0 || ferror(t->out)) {
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
	fprintf(out, "interrupts off, most  %llu instructions in kernel mode (from instruction %llu)\n",
		(unsigned long long)s->masked_max, (unsigned long long)s->masked_max_start);
}
