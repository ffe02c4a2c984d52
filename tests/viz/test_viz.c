/*
 * test_viz.c - the visualiser, headless (label viz): what the window
 * shows, read back from the pixels it drew, and what its controls do.
 *
 *   - inside a trap handler the mode indicator is in kernel colour, in a
 *     user program in user colour;
 *   - with three programs started, the memory map shows each process's
 *     region in its colour at its base, and the process table lists the
 *     right pids;
 *   - a run in the window executes exactly what vm run executes;
 *   - step, step over, run until a trap, until a context switch, and
 *     breakpoints stop where they should;
 *   - the PNG written reads back to the frame, pixel for pixel;
 *   - the process table grows with the window and scrolls to every slot;
 *     labels are whole and underscores drawn at every size; the code
 *     panel shows data as .word; an image without a process table says so;
 *   - the memory panel names and colours the last fetch, load and store.
 *
 * VIZ_IMAGE is the default image (the kernel with every program).
 */
#define _POSIX_C_SOURCE 200809L	/* mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <SDL_image.h>

#include "isa.h"
#include "debug.h"
#include "kview.h"
#include "viz.h"

static uint8_t *image;
static size_t image_len;

static int load_image(void **state)
{
	(void)state;
	FILE *f = fopen(VIZ_IMAGE, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	image_len = (size_t)ftell(f);
	rewind(f);
	image = malloc(image_len);
	size_t got = image ? fread(image, 1, image_len, f) : 0;
	fclose(f);
	return got == image_len ? 0 : -1;
}

static int free_image(void **state)
{
	(void)state;
	free(image);
	return 0;
}

static struct viz *new_viz_of(const uint8_t *bytes, size_t len, int w, int h, const char *typed)
{
	struct viz_opts o = { .image_name = "default.bin", .mem = 16u << 20, .width = w,
			      .height = h, .typed = typed };
	char err[256] = "";
	struct viz *v = viz_new(&o, bytes, len, err, sizeof err, NULL);
	if (!v)
		fail_msg("viz_new: %s", err);
	return v;
}

static struct viz *new_viz(const char *typed)
{
	return new_viz_of(image, image_len, 1280, 720, typed);
}

/* A file's bytes (malloc'd), or the test fails. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*len);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, *len, f), *len);
	fclose(f);
	return b;
}

/* The bare trap demo (viz_new keeps a copy of the bytes). */
static struct viz *new_trapdemo_viz(void)
{
	size_t len;
	uint8_t *demo = read_file(VIZ_TRAPDEMO, &len);
	struct viz *v = new_viz_of(demo, len, 1280, 720, NULL);
	free(demo);
	return v;
}

/* What the last render wrote inside a rectangle, as one string. */
static const char *text_in(struct viz *v, const SDL_Rect *r)
{
	static char buf[1 << 16];
	return viz_text_in(v, r, buf, sizeof buf);
}

static uint32_t pixel(SDL_Surface *s, int x, int y)
{
	assert_true(x >= 0 && x < s->w && y >= 0 && y < s->h);
	return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x] & 0xFFFFFF;
}

/* The mode indicator's colour: its top left corner, clear of the text. */
static uint32_t mode_colour_shown(struct viz *v)
{
	SDL_Surface *s = viz_render(v);
	const SDL_Rect *r = &viz_places(v)->mode;
	assert_true(r->w > 20 && r->h > 10);
	return pixel(s, r->x + 2, r->y + 2);
}

/* Step until the machine is in user mode (the first program), then until
 * it traps: the first instruction of a trap handler. */
static void test_mode_indicator(void **state)
{
	(void)state;
	struct viz *v = new_viz(NULL);
	struct cpu *m = viz_cpu(v);
	assert_int_equal(mode_colour_shown(v), viz_mode_colour(false));
	unsigned steps = 0;
	while (!cpu_user_mode(m) && steps++ < 2000000)
		viz_advance(v, 1);
	assert_true(cpu_user_mode(m));
	assert_int_equal(mode_colour_shown(v), viz_mode_colour(true));
	while (cpu_user_mode(m) && steps++ < 4000000)
		viz_advance(v, 1);
	assert_false(cpu_user_mode(m));
	assert_int_equal(cpu_cr(m, CR_CAUSE) < TRAP_COUNT, 1);
	/* pc is the handler the vector names for this cause. */
	uint32_t handler = 0;
	cpu_read(m, cpu_cr(m, CR_IVEC) + 4 * cpu_cr(m, CR_CAUSE), &handler, 4);
	assert_int_equal(cpu_pc(m), handler);
	assert_int_equal(mode_colour_shown(v), viz_mode_colour(false));
	assert_int_not_equal(viz_mode_colour(false), viz_mode_colour(true));
	viz_free(v);
}

/* init, sh and three spins: five regions and five rows. */
static void test_three_programs(void **state)
{
	(void)state;
	struct viz *v = new_viz("spin &\nspin &\nspin &\n");
	viz_advance(v, 500000);
	SDL_Surface *s = viz_render(v);
	const struct viz_places *pl = viz_places(v);

	struct kview kv;
	struct img im;
	char err[128];
	assert_int_equal(img_parse(&im, image, image_len, err, sizeof err), 0);
	assert_true(kview_init(&kv, &im));
	struct kview_proc p[NPROC];
	unsigned n = kview_procs(&kv, viz_cpu(v), p, NPROC);
	assert_int_equal(n, 5);
	unsigned spins = 0;
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(p[i].pid, i + 1);
		spins += strcmp(p[i].name, "spin") == 0;
	}
	assert_int_equal(spins, 3);

	/* The table: one row per process, in order, its swatch in its colour. */
	assert_int_equal(pl->nproc_rows, 5);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(pl->proc_pid[i], p[i].pid);

	/* The map: each region in its pid's colour at its base.  Look at a few
	 * columns inside the region, below the label: the window outline and
	 * the access markers may cover one of them. */
	for (unsigned i = 0; i < n; i++) {
		int x0 = viz_map_x(v, p[i].base), x1 = viz_map_x(v, p[i].base + p[i].bound);
		assert_true(x1 - x0 >= 6);
		int y = pl->map.y + pl->map.h - 3, hits = 0;
		for (int k = 1; k <= 4; k++)
			hits += pixel(s, x0 + k * (x1 - x0) / 5, y) == viz_pid_colour(p[i].pid);
		if (hits < 3)
			fail_msg("pid %u: %d of 4 columns of its region in its colour", p[i].pid, hits);
	}
	for (unsigned i = 1; i < n; i++)
		assert_int_not_equal(viz_pid_colour(p[i].pid), viz_pid_colour(p[i - 1].pid));
	viz_free(v);
}

/* vm run's console: the same bytes, then end of input. */
struct script {
	const char *in;
	size_t pos;
};

static int script_getc(void *ctx, uint64_t idle)
{
	(void)idle;
	struct script *s = ctx;
	return s->in[s->pos] ? (uint8_t)s->in[s->pos++] : CPU_IN_EOF;
}

/* The window's run and vm run's run of the same image and input retire the
 * same instructions and end the same way. */
static void test_same_run_as_vm_run(void **state)
{
	(void)state;
	const char *input = "hello\nps\nexit 3\n";
	struct cpu *m = cpu_new(16u << 20);
	struct script sc = { input, 0 };
	struct cpu_io io = { .ctx = &sc, .getc = script_getc };
	char err[128];
	assert_int_equal(cpu_load_image(m, image, image_len, NULL, err, sizeof err), 0);
	cpu_set_io(m, &io);
	assert_int_equal(cpu_run(m, 100000000), CPU_STOP_POWEROFF);

	struct viz *v = new_viz(input);
	for (int i = 0; i < 1000 && viz_advance(v, 1u << 20) == CPU_STOP_BUDGET; i++)
		;
	assert_int_equal(cpu_instret(viz_cpu(v)), cpu_instret(m));
	assert_int_equal(cpu_exit_status(viz_cpu(v)), 3);
	assert_int_equal(cpu_exit_status(m), 3);
	cpu_free(m);
	viz_free(v);
}

/* Run frames until the window pauses itself (or give up). */
static void frames_until_paused(struct viz *v)
{
	for (int i = 0; i < 300 && viz_running(v); i++)
		viz_frame(v, 16);
	if (viz_running(v))
		fail_msg("still running after 300 frames: %s, pc 0x%08x, pid %u", viz_status(v),
			 cpu_pc(viz_cpu(v)), cpu_pid(viz_cpu(v)));
}

static void test_controls(void **state)
{
	(void)state;
	struct viz *v = new_viz("spin &\nspin &\n");	/* two to switch between */
	struct cpu *m = viz_cpu(v);
	assert_false(viz_running(v));	/* it starts paused */

	/* s: one instruction. */
	uint64_t before = cpu_instret(m);
	viz_key(v, SDLK_s, KMOD_NONE);
	assert_int_equal(cpu_instret(m), before + 1);

	/* t: to the next trap or return-from-trap. */
	viz_key(v, SDLK_t, KMOD_NONE);
	assert_true(viz_running(v));
	frames_until_paused(v);
	assert_false(cpu_user_mode(m) && cpu_instret(m) == before + 1);
	assert_string_equal(viz_status(v), "stopped: a trap or return-from-trap");

	/* c: to the next context switch: back in user mode, another pid (once
	 * both spins run, the switches are between them). */
	viz_advance(v, 400000);
	for (int k = 0; k < 3; k++) {
		uint32_t pid = cpu_pid(m);
		viz_key(v, SDLK_c, KMOD_NONE);
		frames_until_paused(v);
		assert_string_equal(viz_status(v), "stopped: a context switch");
		assert_true(cpu_user_mode(m));
		assert_int_not_equal(cpu_pid(m), pid);
	}

	/* b at pc (in a spin's loop), then Space: it stops there again, after
	 * the other spin's turns; b clears it. */
	uint32_t pc = cpu_pc(m);
	viz_key(v, SDLK_b, KMOD_NONE);
	for (int k = 0; k < 3; k++) {
		viz_key(v, SDLK_SPACE, KMOD_NONE);
		frames_until_paused(v);
		assert_string_equal(viz_status(v), "stopped at a breakpoint");
		assert_int_equal(cpu_pc(m), pc);
	}
	viz_key(v, SDLK_b, KMOD_NONE);

	/* Space runs, Space pauses; - and + change the speed. */
	viz_key(v, SDLK_MINUS, KMOD_NONE);
	viz_key(v, SDLK_SPACE, KMOD_NONE);
	assert_true(viz_running(v));
	viz_frame(v, 16);
	viz_key(v, SDLK_SPACE, KMOD_NONE);
	assert_false(viz_running(v));
	viz_key(v, SDLK_PLUS, KMOD_NONE);

	/* r: reset to the image's first instruction (a new session: a new
	 * machine, so its handle is asked for again). */
	viz_key(v, SDLK_r, KMOD_NONE);
	m = viz_cpu(v);
	assert_int_equal(cpu_instret(m), 0);
	viz_free(v);
}

/* The address of a label in the kernel image. */
static uint32_t kernel_symbol(const char *name)
{
	struct img im;
	char err[128];
	assert_int_equal(img_parse(&im, image, image_len, err, sizeof err), 0);
	for (uint32_t i = 0; i < im.nsyms; i++)
		if (strcmp(img_symbol(&im, i).name, name) == 0)
			return img_symbol(&im, i).value;
	fail_msg("no symbol %s in the kernel image", name);
	return 0;
}

/* B opens a prompt for an address or a symbol (the B itself is not part of
 * it): a breakpoint on syscall_entry stops the next system call there. */
static void test_breakpoint_on_symbol(void **state)
{
	(void)state;
	struct viz *v = new_viz("hello\n");
	struct cpu *m = viz_cpu(v);
	viz_key(v, SDLK_b, KMOD_SHIFT);
	viz_text(v, "B");	/* the text event of the same key */
	viz_text(v, "syscall_entry");
	viz_key(v, SDLK_RETURN, KMOD_NONE);
	uint32_t at = kernel_symbol("syscall_entry");
	char said[64];
	snprintf(said, sizeof said, "breakpoint toggled at 0x%08x", at);
	assert_string_equal(viz_status(v), said);
	viz_key(v, SDLK_SPACE, KMOD_NONE);
	frames_until_paused(v);
	assert_string_equal(viz_status(v), "stopped at a breakpoint");
	assert_int_equal(cpu_pc(m), at);
	assert_false(cpu_user_mode(m));
	assert_int_equal(cpu_cr(m, CR_CAUSE), TRAP_SYSCALL);
	viz_free(v);
}

/* At 10 instructions a second (one every few frames) a breakpoint still
 * stops the run: a frame's budget that starts on it must not step over it. */
static void test_breakpoint_at_low_speed(void **state)
{
	(void)state;
	struct viz *v = new_viz("spin &\n");
	struct cpu *m = viz_cpu(v);
	viz_advance(v, 300000);
	while (!cpu_user_mode(m))
		viz_advance(v, 1);
	viz_key(v, SDLK_b, KMOD_NONE);	/* in spin's two-instruction loop */
	uint32_t pc = cpu_pc(m);
	for (int k = 0; k < 7; k++)
		viz_key(v, SDLK_MINUS, KMOD_NONE);	/* full speed -> 10 a second */
	for (int pass = 0; pass < 3; pass++) {
		viz_key(v, SDLK_SPACE, KMOD_NONE);
		frames_until_paused(v);
		assert_string_equal(viz_status(v), "stopped at a breakpoint");
		assert_int_equal(cpu_pc(m), pc);
	}
	viz_free(v);
}

/* n on a call runs the whole call and stops after it, at the same depth. */
static void test_step_over(void **state)
{
	(void)state;
	struct viz *v = new_viz(NULL);
	struct cpu *m = viz_cpu(v);
	/* Step to the first jal that links (the kernel's boot code calls). */
	uint32_t w = 0;
	for (int i = 0; i < 100000; i++) {
		cpu_read(m, cpu_pc(m), &w, 4);
		if (insn_op(w) == OP_JAL && insn_a(w) == REG_ra)
			break;
		viz_key(v, SDLK_s, KMOD_NONE);
	}
	assert_int_equal(insn_op(w), OP_JAL);
	uint32_t pc = cpu_pc(m), sp = cpu_reg(m, REG_sp);
	uint64_t before = cpu_instret(m);
	viz_key(v, SDLK_n, KMOD_NONE);
	frames_until_paused(v);
	assert_string_equal(viz_status(v), "stepped over the call");
	assert_int_equal(cpu_pc(m), pc + 4);
	assert_int_equal(cpu_reg(m, REG_sp), sp);
	assert_true(cpu_instret(m) > before + 1);
	viz_free(v);
}

/* All sixteen slots of the process table can be seen: a taller window
 * shows more rows (at the same width, the same font), and at 1920x1080 PgDn
 * scrolls through the rest. */
static void test_process_table_scrolls(void **state)
{
	(void)state;
	char typed[256] = "";
	for (int i = 0; i < 14; i++)	/* init, sh and 14 spins: every slot */
		strcat(typed, "spin &\n");
	struct viz *small = new_viz(typed), *tall = new_viz_of(image, image_len, 1280, 1080, typed);
	viz_advance(small, 3000000);
	viz_advance(tall, 3000000);
	viz_render(small);
	viz_render(tall);
	assert_int_equal(viz_places(small)->nprocs, NPROC);
	assert_true(viz_places(small)->nproc_rows > 5);
	assert_true(viz_places(tall)->nproc_rows > viz_places(small)->nproc_rows);
	viz_free(small);
	viz_free(tall);

	struct viz *v = new_viz_of(image, image_len, 1920, 1080, typed);
	viz_advance(v, 3000000);
	viz_render(v);
	const struct viz_places *pl = viz_places(v);
	assert_int_equal(pl->nprocs, NPROC);
	assert_true(pl->nproc_rows > 5 && pl->nproc_rows < NPROC);
	bool seen[NPROC + 1] = { false };
	for (int page = 0; page < NPROC; page++) {
		for (unsigned i = 0; i < pl->nproc_rows; i++) {
			assert_true(pl->proc_pid[i] >= 1 && pl->proc_pid[i] <= NPROC);
			seen[pl->proc_pid[i]] = true;
		}
		viz_key(v, SDLK_PAGEDOWN, KMOD_NONE);
		viz_render(v);
	}
	for (unsigned pid = 1; pid <= NPROC; pid++)
		if (!seen[pid])
			fail_msg("pid %u never shown in the process table", pid);
	/* PgUp goes back to the first row. */
	for (int page = 0; page < NPROC; page++)
		viz_key(v, SDLK_PAGEUP, KMOD_NONE);
	viz_render(v);
	assert_int_equal(pl->proc_pid[0], 1);
	viz_free(v);
}

/* The pixels of a character cell that are not the colour of its top left
 * corner (the background: no glyph inks its first row... except these). */
static int ink_in_cell(SDL_Surface *s, const SDL_Rect *c)
{
	uint32_t bg = pixel(s, c->x, c->y);
	int n = 0;
	for (int y = c->y; y < c->y + c->h; y++)
		for (int x = c->x; x < c->x + c->w; x++)
			n += pixel(s, x, y) != bg;
	return n;
}

/* A label of more than 12 characters is shown whole, on a line of its own,
 * and its underscore is drawn, at every size down to 640x400. */
static void test_symbol_names_whole(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 640, 400 }, { 800, 600 }, { 1024, 600 }, { 1280, 720 },
					{ 1920, 1080 } };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct viz *v = new_viz_of(image, image_len, sizes[k][0], sizes[k][1], NULL);
		cpu_set_pc(viz_cpu(v), kernel_symbol("syscall_bad_number"));
		SDL_Surface *s = viz_render(v);
		const SDL_Rect *code = &viz_places(v)->code;
		SDL_Rect cell;
		uint32_t rgb;
		if (!viz_text_at(v, code, "syscall_bad_number:", &cell, &rgb))
			fail_msg("%dx%d: no whole label in the code panel:\n%s", sizes[k][0], sizes[k][1],
				 text_in(v, code));
		cell.x += 7 * cell.w;	/* the first underscore */
		if (ink_in_cell(s, &cell) < cell.w / 2)
			fail_msg("%dx%d: the underscore of syscall_bad_number is not drawn", sizes[k][0],
				 sizes[k][1]);
		viz_free(v);
	}
}

/* Check the code panel's rows against the image's segments: code rows
 * are instructions, rows from data on are .word lines.  Returns how many
 * data rows hold a word that would decode as an instruction. */
static unsigned check_code_rows(struct viz *v, uint32_t code_end, uint32_t data, unsigned *ncode,
				unsigned *ndata)
{
	struct cpu *m = viz_cpu(v);
	char lines[1 << 16];
	snprintf(lines, sizeof lines, "%s", text_in(v, &viz_places(v)->code));
	unsigned valid_words = 0;
	*ncode = *ndata = 0;
	for (char *l = strtok(lines, "\n"); l; l = strtok(NULL, "\n")) {
		char *end;
		unsigned long a = strtoul(l, &end, 16);
		if (end != l + 8 || *end != ' ')
			continue;	/* a title or a label */
		uint32_t w = 0;
		cpu_read(m, (uint32_t)a, &w, 4);
		bool shown_as_data = strstr(l, ".word") != NULL;
		if (a >= data) {
			if (!shown_as_data)
				fail_msg("data at 0x%08lx shown as an instruction: %s", a, l);
			(*ndata)++;
			valid_words += isa_valid(w);
		} else if (a < code_end) {
			(*ncode)++;
			if (isa_valid(w) && shown_as_data)
				fail_msg("code at 0x%08lx shown as data: %s", a, l);
		}
	}
	return valid_words;
}

/* The code panel shows the image's data as data: with pc on the last
 * instructions of the kernel's code, the words of its data segment that
 * follow are .word lines; so is a data word that would decode as an
 * instruction. */
static void test_code_panel_data(void **state)
{
	(void)state;
	struct img im;
	char err[128];
	assert_int_equal(img_parse(&im, image, image_len, err, sizeof err), 0);
	uint32_t code_end = 0, data = 0, data_end = 0;
	for (uint32_t i = 0; i < im.nsegs; i++) {
		if (im.segs[i].flags & SEG_EXEC) {
			code_end = im.segs[i].addr + im.segs[i].filesz;
		} else {
			data = im.segs[i].addr;
			data_end = data + im.segs[i].filesz;
		}
	}
	assert_true(code_end && data >= code_end);
	struct viz *v = new_viz(NULL);
	struct cpu *m = viz_cpu(v);
	unsigned ncode, ndata;
	cpu_set_pc(m, code_end - 8);
	viz_render(v);
	check_code_rows(v, code_end, data, &ncode, &ndata);
	assert_true(ncode >= 2);
	assert_true(ndata >= 4);

	/* The first data word that is a valid instruction word, in view. */
	uint32_t a = data, w = 0;
	while (a < data_end && !(cpu_read(m, a, &w, 4) && isa_valid(w)))
		a += 4;
	assert_true(a < data_end);
	cpu_set_pc(m, a);
	viz_render(v);
	assert_true(check_code_rows(v, code_end, data, &ncode, &ndata) >= 1);
	viz_free(v);
}

/* Just after a trap entry, the memory panel names the frame it stored at sp. */
static void assert_frame_noted(struct viz *v)
{
	char frame[96];
	snprintf(frame, sizeof frame, "%08x: 16 bytes  trap entry: the frame", cpu_reg(viz_cpu(v), REG_sp));
	if (!strstr(text_in(v, &viz_places(v)->memory), frame))
		fail_msg("no '%s' in the memory panel:\n%s", frame, text_in(v, &viz_places(v)->memory));
}

/* The bare trap demo is no kernel of ours: the process table says so, and
 * shows what the image has and which pid runs. */
static void test_no_process_table(void **state)
{
	(void)state;
	struct viz *v = new_trapdemo_viz();
	viz_advance(v, 1734);	/* pid 1's first system call */
	viz_render(v);
	const char *t = text_in(v, &viz_places(v)->procs);
	if (!strstr(t, "this image has no process table (no kernel symbols") ||
	    !strstr(t, "2 segments") || !strstr(t, "running: pid 1"))
		fail_msg("the process table says:\n%s", t);
	assert_int_equal(viz_places(v)->nprocs, 0);
	viz_free(v);
}

/* The walk-through of docs/tutorial-first-trap.md, section 4: t stops at
 * the return-from-trap into pid 1 (1727), then at its system call (1734)
 * with the frame stored; c stops at the first switch to pid 2. */
static void test_tutorial_walkthrough(void **state)
{
	(void)state;
	struct viz *v = new_trapdemo_viz();
	struct cpu *m = viz_cpu(v);
	viz_key(v, SDLK_t, KMOD_NONE);
	frames_until_paused(v);
	assert_int_equal(cpu_instret(m), 1727);
	assert_true(cpu_user_mode(m));
	viz_key(v, SDLK_t, KMOD_NONE);
	frames_until_paused(v);
	assert_int_equal(cpu_instret(m), 1734);
	assert_false(cpu_user_mode(m));
	viz_render(v);
	const char *t = text_in(v, &viz_places(v)->code);
	if (!strstr(t, "syscall_entry:"))
		fail_msg("no syscall_entry in the code panel:\n%s", t);
	uint32_t pushed = 0;
	cpu_read(m, cpu_reg(m, REG_sp), &pushed, 4);
	assert_int_equal(pushed, 0x1c);
	assert_frame_noted(v);
	for (int k = 0; k < 20 && cpu_pid(m) != 2; k++) {
		viz_key(v, SDLK_c, KMOD_NONE);
		frames_until_paused(v);
	}
	assert_true(cpu_user_mode(m));
	assert_int_equal(cpu_pid(m), 2);
	viz_free(v);
}

/* Step with s until the instruction at pc (kernel mode: physical) has the
 * form wanted (or any other form, with `not`). */
static uint32_t step_to_form(struct viz *v, unsigned form, bool not)
{
	struct cpu *m = viz_cpu(v);
	for (int i = 0; i < 100000; i++) {
		uint32_t w = 0;
		assert_false(cpu_user_mode(m));
		cpu_read(m, cpu_pc(m), &w, 4);
		const struct isa_insn *in = isa_valid(w) ? isa_by_opcode(insn_op(w)) : NULL;
		if (in && (in->form == form) != not)
			return w;
		viz_key(v, SDLK_s, KMOD_NONE);
	}
	fail_msg("no such instruction in 100000 steps");
	return 0;
}

/* The memory panel names the last fetch, load and store since the last
 * stop, with their addresses and values, and colours the bytes they
 * touched; a trap entry's store is the frame the hardware pushed. */
static void test_memory_panel_marks(void **state)
{
	(void)state;
	struct viz *v = new_viz(NULL);
	struct cpu *m = viz_cpu(v);
	uint32_t w = step_to_form(v, FORM_ST, false);
	uint32_t pc = cpu_pc(m), addr = cpu_reg(m, insn_b(w)) + (uint32_t)insn_simm16(w);
	uint32_t value = cpu_reg(m, insn_a(w));
	assert_int_equal(insn_op(w), OP_SW);	/* the kernel's first store is a word */
	viz_key(v, SDLK_s, KMOD_NONE);
	viz_render(v);
	const SDL_Rect *mem = &viz_places(v)->memory;
	char want[3][96];
	snprintf(want[0], sizeof want[0], "%08x: %08x  sw", pc, w);
	snprintf(want[1], sizeof want[1], "load  \nnone since the last stop");	/* no load */
	snprintf(want[2], sizeof want[2], "%08x: %08x  sw", addr, value);
	for (int k = 0; k < 3; k++)
		if (!strstr(text_in(v, mem), want[k]))
			fail_msg("no '%s' in the memory panel:\n%s", want[k], text_in(v, mem));

	/* Show the stored word: its four bytes in the store's colour. */
	char typed[16];
	snprintf(typed, sizeof typed, "0x%x", addr);
	viz_key(v, SDLK_m, KMOD_NONE);	/* follow sp */
	viz_key(v, SDLK_m, KMOD_NONE);	/* an address: the prompt */
	viz_text(v, "m");
	viz_text(v, typed);
	viz_key(v, SDLK_RETURN, KMOD_NONE);
	SDL_Surface *s = viz_render(v);
	char row[16];
	snprintf(row, sizeof row, "%08x  ", addr & ~7u);
	SDL_Rect cell;
	uint32_t rgb;
	assert_true(viz_text_at(v, mem, row, &cell, &rgb));
	for (uint32_t k = addr & 7; k < (addr & 7) + 4; k++)
		assert_int_equal(pixel(s, cell.x + (10 + 3 * (int)k) * cell.w, cell.y + 1),
				 viz_access_colour(2));

	/* The next step stores nothing: no store since that stop. */
	step_to_form(v, FORM_ST, true);
	viz_key(v, SDLK_s, KMOD_NONE);
	viz_render(v);
	char none[64];
	snprintf(none, sizeof none, "store \nnone since the last stop");
	if (!strstr(text_in(v, mem), none))
		fail_msg("no '%s' in the memory panel:\n%s", none, text_in(v, mem));
	viz_free(v);

	/* t to a system call: the last store is the trap frame, at sp. */
	v = new_viz("hello\n");
	m = viz_cpu(v);
	for (int i = 0; i < 200 && !(!cpu_user_mode(m) && cpu_cr(m, CR_CAUSE) == TRAP_SYSCALL &&
				     cpu_stats(m)->traps[TRAP_SYSCALL] > 0 &&
				     strcmp(viz_status(v), "stopped: a trap or return-from-trap") == 0); i++) {
		viz_key(v, SDLK_t, KMOD_NONE);
		frames_until_paused(v);
	}
	assert_int_equal(cpu_cr(m, CR_CAUSE), TRAP_SYSCALL);
	viz_render(v);
	assert_frame_noted(v);
	viz_free(v);
}

/* Type into a prompt opened by key (with mod): its text event is not part
 * of the answer. */
static void prompt(struct viz *v, SDL_Keycode key, SDL_Keymod mod, const char *keytext, const char *answer)
{
	viz_key(v, key, mod);
	viz_text(v, keytext);
	viz_text(v, answer);
	viz_key(v, SDLK_RETURN, KMOD_NONE);
}

/* The registers and the step now, to compare two visits of a moment. */
struct moment {
	uint64_t step, instret;
	uint32_t pc, r[REG_COUNT];
};
static struct moment moment_of(struct dbg *s)
{
	const struct cpu *m = dbg_cpu(s);
	struct moment t = { dbg_now(s), cpu_instret(m), cpu_pc(m), { 0 } };
	for (unsigned i = 0; i < REG_COUNT; i++)
		t.r[i] = cpu_reg(m, i);
	return t;
}
static void assert_same_moment(struct moment a, struct moment b)
{
	assert_int_equal(a.step, b.step);
	assert_int_equal(a.instret, b.instret);
	assert_int_equal(a.pc, b.pc);
	assert_memory_equal(a.r, b.r, sizeof a.r);
}

/* Going back: S steps back one step, Shift+Space goes back to the last
 * breakpoint hit, a click or a drag on the time bar goes to that moment,
 * a click on an event of the list to its moment; w sets a watchpoint on
 * the memory panel's address and a run stops where it changes. */
static void test_time_travel(void **state)
{
	(void)state;
	struct viz *v = new_viz("hello\n");
	struct dbg *s = viz_dbg(v);
	const struct cpu *m = viz_cpu(v);
	viz_key(v, SDLK_s, KMOD_SHIFT);
	assert_int_equal(dbg_now(s), 0);
	assert_string_equal(viz_status(v), "nothing to reverse into: this is the start of the run (step 0)");

	prompt(v, SDLK_b, KMOD_SHIFT, "B", "syscall_entry");
	viz_key(v, SDLK_SPACE, KMOD_NONE);
	frames_until_paused(v);
	assert_string_equal(viz_status(v), "stopped at a breakpoint");
	struct moment first = moment_of(s);
	viz_key(v, SDLK_s, KMOD_NONE);
	struct moment after = moment_of(s);
	viz_key(v, SDLK_s, KMOD_NONE);
	viz_key(v, SDLK_s, KMOD_SHIFT);
	assert_string_equal(viz_status(v), "stepped back one instruction");
	assert_same_moment(moment_of(s), after);
	viz_key(v, SDLK_SPACE, KMOD_NONE);	/* on to the next system call */
	frames_until_paused(v);
	assert_string_equal(viz_status(v), "stopped at a breakpoint");
	assert_true(dbg_now(s) > first.step);
	viz_key(v, SDLK_SPACE, KMOD_SHIFT);	/* back to the one before */
	assert_string_equal(viz_status(v), "stopped at a breakpoint");
	assert_same_moment(moment_of(s), first);

	/* The time bar: its left end is step 0, its right end the furthest
	 * step run; a drag goes through the moments between. */
	uint64_t end = dbg_frontier(s);
	viz_render(v);
	SDL_Rect bar = viz_places(v)->timebar;
	assert_true(bar.w > 100);
	viz_mouse(v, SDL_MOUSEBUTTONDOWN, bar.x, bar.y + bar.h / 2);
	assert_int_equal(dbg_now(s), 0);
	assert_int_equal(cpu_instret(m), 0);
	viz_mouse(v, SDL_MOUSEMOTION, bar.x + bar.w / 2, bar.y + bar.h / 2);
	assert_true(dbg_now(s) > 0 && dbg_now(s) < end);
	viz_mouse(v, SDL_MOUSEMOTION, bar.x + bar.w - 1, bar.y + bar.h / 2);
	viz_mouse(v, SDL_MOUSEBUTTONUP, bar.x + bar.w - 1, bar.y + bar.h / 2);
	assert_int_equal(dbg_now(s), end);
	viz_mouse(v, SDL_MOUSEMOTION, bar.x, bar.y);	/* the button is up: nothing */
	assert_int_equal(dbg_now(s), end);

	/* The event list: a click on an event goes to its moment; the list
	 * then ends with it. */
	viz_render(v);
	const struct viz_places *pl = viz_places(v);
	assert_true(pl->nevent_rows >= 3);
	unsigned row = pl->nevent_rows - 3;
	uint64_t at = pl->event_step[row];
	SDL_Rect r = pl->event_row[row];
	viz_mouse(v, SDL_MOUSEBUTTONDOWN, r.x + 2, r.y + r.h / 2);
	viz_mouse(v, SDL_MOUSEBUTTONUP, r.x + 2, r.y + r.h / 2);
	assert_int_equal(dbg_now(s), at);
	viz_render(v);
	assert_int_equal(viz_places(v)->event_step[viz_places(v)->nevent_rows - 1], at);

	/* w: a watchpoint on the word the memory panel shows (an address
	 * typed: a kernel variable); Space stops right after it changes. */
	viz_mouse(v, SDL_MOUSEBUTTONDOWN, bar.x + bar.w - 1, bar.y);
	viz_mouse(v, SDL_MOUSEBUTTONUP, bar.x + bar.w - 1, bar.y);
	prompt(v, SDLK_b, KMOD_SHIFT, "B", "syscall_entry");	/* the breakpoint off */
	viz_key(v, SDLK_m, KMOD_NONE);
	prompt(v, SDLK_m, KMOD_NONE, "m", "next_pid");
	uint32_t var = kernel_symbol("next_pid"), was = 0, is = 0;
	viz_key(v, SDLK_w, KMOD_NONE);
	char said[64];
	snprintf(said, sizeof said, "watchpoint on at 0x%08x", var);
	assert_string_equal(viz_status(v), said);
	cpu_read(m, var, &was, 4);
	viz_type(v, "hello\n");	/* a new process: a new pid */
	viz_key(v, SDLK_SPACE, KMOD_NONE);
	frames_until_paused(v);
	cpu_read(m, var, &is, 4);
	assert_int_not_equal(was, is);
	snprintf(said, sizeof said, "stopped at a watchpoint: 0x%08x -> 0x%08x", was, is);
	assert_string_equal(viz_status(v), said);
	viz_key(v, SDLK_w, KMOD_NONE);
	snprintf(said, sizeof said, "watchpoint off at 0x%08x", var);
	assert_string_equal(viz_status(v), said);

	/* Moments run again (going back replays from a snapshot) are not new
	 * events: the list has each once, in order. */
	viz_key(v, SDLK_SPACE, KMOD_SHIFT);
	viz_mouse(v, SDL_MOUSEBUTTONDOWN, bar.x + bar.w - 1, bar.y);
	viz_mouse(v, SDL_MOUSEBUTTONUP, bar.x + bar.w - 1, bar.y);
	viz_render(v);
	pl = viz_places(v);
	char lines[1 << 16];
	snprintf(lines, sizeof lines, "%s", text_in(v, &pl->events));
	char *prev = NULL;
	for (char *l = strtok(lines, "\n"); l; l = strtok(NULL, "\n")) {
		if (prev && strcmp(prev, l) == 0)
			fail_msg("the event list has '%s' twice", l);
		prev = l;
	}
	for (unsigned i = 1; i < pl->nevent_rows; i++)
		assert_true(pl->event_step[i - 1] <= pl->event_step[i]);
	viz_free(v);
}

/* The process table's instruction counts at a moment gone back to are
 * those of a run that went only that far. */
static void test_counts_back_in_time(void **state)
{
	(void)state;
	struct viz *v = new_viz("spin &\nspin &\n"), *w = new_viz("spin &\nspin &\n");
	viz_advance(v, 900000);
	viz_render(v);
	SDL_Rect bar = viz_places(v)->timebar;
	viz_mouse(v, SDL_MOUSEBUTTONDOWN, bar.x + bar.w / 2, bar.y + 1);
	viz_mouse(v, SDL_MOUSEBUTTONUP, bar.x + bar.w / 2, bar.y + 1);
	uint64_t at = cpu_instret(viz_cpu(v));
	assert_true(at > 300000 && at < 600000);
	viz_advance(w, at);
	assert_int_equal(cpu_instret(viz_cpu(w)), at);
	viz_render(v);
	viz_render(w);
	char back[1 << 14];
	snprintf(back, sizeof back, "%s", text_in(v, &viz_places(v)->procs));
	assert_string_equal(back, text_in(w, &viz_places(w)->procs));
	assert_non_null(strstr(back, "spin"));
	viz_free(v);
	viz_free(w);
}

/*
 * The window and vm debug agree instruction by instruction: the same image
 * and input, the same commands (the window's keys; vm debug's commands on
 * its standard input), the same step, instruction count, pc and registers
 * at each stop.  The window runs a continue in slices between frames, vm
 * debug in one call: the stops must not differ.
 */
static const struct { SDL_Keycode key; SDL_Keymod mod; const char *cmd; } same_cmds[] = {
	{ SDLK_SPACE, KMOD_NONE, "continue" },
	{ SDLK_s, KMOD_NONE, "stepi" },
	{ SDLK_s, KMOD_NONE, "stepi" },
	{ SDLK_s, KMOD_SHIFT, "reverse-stepi" },
	{ SDLK_SPACE, KMOD_NONE, "continue" },
	{ SDLK_SPACE, KMOD_NONE, "continue" },
	{ SDLK_s, KMOD_NONE, "stepi" },
	{ SDLK_SPACE, KMOD_SHIFT, "reverse-continue" },
	{ SDLK_s, KMOD_SHIFT, "reverse-stepi" },
	{ SDLK_s, KMOD_SHIFT, "reverse-stepi" },
	{ SDLK_SPACE, KMOD_SHIFT, "reverse-continue" },
	{ SDLK_n, KMOD_NONE, "nexti" },
	{ SDLK_SPACE, KMOD_NONE, "continue" },
	{ SDLK_SPACE, KMOD_SHIFT, "reverse-continue" },
	{ SDLK_SPACE, KMOD_SHIFT, "reverse-continue" },
};
enum { NSAME = sizeof same_cmds / sizeof same_cmds[0] };

/* What vm debug said at each stop: info registers, then when. */
static void vm_debug_moments(const char *input, const char *location, struct moment *out)
{
	char script[] = "/tmp/viz-same-XXXXXX";
	int fd = mkstemp(script);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "break %s\n", location);
	for (int i = 0; i < NSAME; i++)
		fprintf(f, "%s\ninfo registers\nwhen\n", same_cmds[i].cmd);
	fclose(f);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "'%s' debug --input '%s' '%s' <%s 2>&1", VIZ_VM, input, VIZ_IMAGE, script);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static char said[1 << 20];
	size_t n = fread(said, 1, sizeof said - 1, p);
	said[n] = '\0';
	pclose(p);
	unlink(script);
	const char *at = said;
	for (int i = 0; i < NSAME; i++) {
		at = strstr(at, "(vm) info registers\n");
		if (!at)
			fail_msg("vm debug said no registers after '%s':\n%s", same_cmds[i].cmd, said);
		at = strchr(at, '\n') + 1;
		for (unsigned r = 0; r < REG_COUNT; r++) {
			char name[16];
			unsigned val;
			assert_int_equal(sscanf(at, "%15s 0x%x", name, &val), 2);
			assert_string_equal(name, isa_reg_names[r]);
			out[i].r[r] = val;
			at = strchr(at, '\n') + 1;
		}
		assert_int_equal(sscanf(at, "pc 0x%x", &out[i].pc), 1);
		at = strstr(at, "(vm) when\n");
		assert_non_null(at);
		unsigned long long step, instret;
		assert_int_equal(sscanf(at, "(vm) when\nstep %llu, %llu instructions", &step, &instret), 2);
		out[i].step = step;
		out[i].instret = instret;
		at++;
	}
}

static void test_same_as_vm_debug(void **state)
{
	(void)state;
	static struct moment want[NSAME];
	vm_debug_moments("hello\\nexit\\n", "swtch", want);
	struct viz *v = new_viz("hello\nexit\n");
	prompt(v, SDLK_b, KMOD_SHIFT, "B", "swtch");
	for (int i = 0; i < NSAME; i++) {
		viz_key(v, same_cmds[i].key, same_cmds[i].mod);
		frames_until_paused(v);
		struct moment got = moment_of(viz_dbg(v));
		if (got.step != want[i].step || got.pc != want[i].pc)
			fail_msg("after %s (command %d): the window is at step %llu pc 0x%08x, vm debug at "
				 "step %llu pc 0x%08x", same_cmds[i].cmd, i + 1, (unsigned long long)got.step,
				 got.pc, (unsigned long long)want[i].step, want[i].pc);
		assert_same_moment(got, want[i]);
	}
	viz_free(v);
}

/* The PNG holds the frame: an 8-bit RGB PNG of its size that reads back
 * (SDL2_image) to the same pixels, every one. */
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static void test_png_is_the_frame(void **state)
{
	(void)state;
	struct viz *v = new_viz(NULL);
	viz_advance(v, 50000);
	SDL_Surface *s = viz_render(v);
	char path[] = "/tmp/viz_test_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(viz_save_png(s, path), 0);

	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t head[26];
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	fclose(f);
	assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(head + 12, "IHDR", 4);
	assert_int_equal(be32(head + 16), (uint32_t)s->w);
	assert_int_equal(be32(head + 20), (uint32_t)s->h);
	assert_int_equal(head[24], 8);	/* bits per sample */
	assert_int_equal(head[25], 2);	/* RGB, no alpha */

	SDL_Surface *png = IMG_Load(path);
	unlink(path);
	if (!png)
		fail_msg("IMG_Load: %s", IMG_GetError());
	SDL_Surface *back = SDL_ConvertSurfaceFormat(png, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(png);
	assert_non_null(back);
	assert_int_equal(back->w, s->w);
	assert_int_equal(back->h, s->h);
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++)
			if (pixel(back, x, y) != pixel(s, x, y))
				fail_msg("pixel (%d, %d): PNG %06x, frame %06x", x, y, pixel(back, x, y),
					 pixel(s, x, y));
	SDL_FreeSurface(back);
	viz_free(v);
}

int main(void)
{
	/* No display needed: the tests draw into the frame only. */
	if (SDL_Init(0) != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_indicator),
		cmocka_unit_test(test_three_programs),
		cmocka_unit_test(test_same_run_as_vm_run),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_step_over),
		cmocka_unit_test(test_breakpoint_on_symbol),
		cmocka_unit_test(test_breakpoint_at_low_speed),
		cmocka_unit_test(test_png_is_the_frame),
		cmocka_unit_test(test_process_table_scrolls),
		cmocka_unit_test(test_symbol_names_whole),
		cmocka_unit_test(test_code_panel_data),
		cmocka_unit_test(test_no_process_table),
		cmocka_unit_test(test_memory_panel_marks),
		cmocka_unit_test(test_tutorial_walkthrough),
		cmocka_unit_test(test_time_travel),
		cmocka_unit_test(test_same_as_vm_debug),
		cmocka_unit_test(test_counts_back_in_time),
	};
	int failed = cmocka_run_group_tests_name("viz", tests, load_image, free_image);
	IMG_Quit();
	SDL_Quit();
	return failed != 0;
}
