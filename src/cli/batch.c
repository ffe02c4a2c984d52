/*
 * batch.c - a run with no one at the keyboard, for the commands that read
 * a run rather than show it (vm protocol, vm lint): the image loaded, its
 * symbols parsed, the console fed from --input then at its end, an event
 * stream ready for the command's sink, and the run to its end with vm
 * run's messages for the ways it can stop.
 */
#include <stdlib.h>

#include "cli.h"
#include "events.h"

static int feed_getc(void *ctx, uint64_t idle)
{
	(void)idle;
	struct batch *b = ctx;
	return b->at < b->input_len ? b->input[b->at++] : CPU_IN_EOF;
}

static void feed_putc(void *ctx, uint8_t byte)
{
	struct batch *b = ctx;
	if (b->show_console)
		fputc(byte, stderr);
}

int batch_open(struct batch *b, const char *image, uint64_t mem, uint32_t quantum)
{
	int status = 0;
	char err[256];
	b->image = image;
	if (!(b->bytes = read_input(image, &b->len, &status)))
		return status;
	b->m = cpu_new((uint32_t)mem);
	if (!b->m) {
		errorf("out of memory for a machine of %llu bytes", (unsigned long long)mem);
		return EXIT_INTERNAL;
	}
	struct cpu_boot boot = { .quantum = quantum };
	if (cpu_load_image(b->m, b->bytes, b->len, &boot, err, sizeof err) ||
	    img_parse(&b->kernel, b->bytes, b->len, err, sizeof err)) {
		errorf("%s: %s", image, err);
		return EXIT_BADINPUT;
	}
	b->parsed = true;
	b->io = (struct cpu_io){ .ctx = b, .putc = feed_putc, .getc = feed_getc };
	cpu_set_io(b->m, &b->io);
	if (!(b->stream = ev_stream_new(b->m, &b->kernel))) {
		errorf("out of memory");
		return EXIT_INTERNAL;
	}
	cpu_set_hook(b->m, ev_stream_hook, b->stream);
	return 0;
}

int batch_run(struct batch *b, uint64_t max, const char **end)
{
	char at[128];
	uint64_t left = max;
	*end = "error";
	for (;;) {
		uint64_t slice = left > (1u << 24) ? (1u << 24) : left;
		enum cpu_stop why = cpu_run(b->m, slice);
		switch (why) {
		case CPU_STOP_HALT:
		case CPU_STOP_POWEROFF:
			*end = why == CPU_STOP_HALT ? "halt" : "power_off";
			return 0;
		case CPU_STOP_DOUBLE_FAULT:
			*end = "double_fault";
			errorf("%s: %s%s", b->image, cpu_diagnostic(b->m),
			       kernel_label(&b->kernel, b->m, cpu_pc(b->m), at, sizeof at));
			return EXIT_DOUBLE_FAULT;
		case CPU_STOP_IDLE:
			*end = "idle";
			errorf("%s: %s%s", b->image, cpu_diagnostic(b->m),
			       kernel_label(&b->kernel, b->m, cpu_pc(b->m), at, sizeof at));
			return EXIT_IDLE;
		default:
			break;
		}
		left -= slice;
		if (left == 0) {
			*end = "max_instructions";
			errorf("%s: stopped after %llu instructions (--max-instructions), pc 0x%08x%s",
			       b->image, (unsigned long long)max, cpu_pc(b->m),
			       kernel_label(&b->kernel, b->m, cpu_pc(b->m), at, sizeof at));
			return EXIT_LIMIT;
		}
	}
}

void batch_close(struct batch *b)
{
	ev_stream_free(b->stream);
	cpu_free(b->m);
	free(b->bytes);
}
