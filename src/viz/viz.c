/*
 * viz.c - the visualiser's window and controls: the frame loop that runs
 * the machine in budgets between frames (about 60 a second), the keys, and
 * the headless screenshot (vm gui --screenshot FILE --after N).
 *
 * Paused, the loop sleeps in SDL_WaitEvent, so the process uses no CPU.
 * Running at full speed, each frame gives the machine what drawing and
 * showing the last frame left of its 16 ms, so the guest keeps most of its
 * headless speed (docs/visualiser.md#speed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "viz_int.h"

#ifndef VIZ_FONT
#define VIZ_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
#endif

/* Instructions a second, slowest first; 0 is full speed. */
const uint64_t viz_speeds[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 0 };
const int viz_nspeeds = sizeof viz_speeds / sizeof viz_speeds[0];

/* A frame every 16 ms; at full speed the machine gets what drawing and
 * showing the last frame left of it, at least MIN_RUN_MS. */
enum { FRAME_MS = 16, MIN_RUN_MS = 6 };

/* ---- The state ------------------------------------------------------------------ */

struct viz *viz_new(const struct viz_opts *o, const uint8_t *image, size_t len,
		    char *err, size_t errlen, enum viz_result *why)
{
	enum viz_result dummy;
	if (!why)
		why = &dummy;
	*why = VIZ_NO_WINDOW;
	struct viz *v = calloc(1, sizeof *v);
	if (!v || !(v->image = malloc(len ? len : 1))) {
		free(v);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(v->image, image, len);
	v->image_len = len;
	v->o = *o;
	if (v->o.width < 640)
		v->o.width = 1280;
	if (v->o.height < 400)
		v->o.height = 720;
	v->speed = viz_nspeeds - 1;
	v->run_ms = FRAME_MS - 3;
	v->mem_virtual = false;
	if (machine_load(v, err, errlen)) {
		*why = VIZ_BAD_IMAGE;
		viz_free(v);
		return NULL;
	}
	if (draw_init(&v->d, o->font ? o->font : VIZ_FONT, v->o.width, v->o.height, err, errlen)) {
		viz_free(v);
		return NULL;
	}
	*why = VIZ_OK;
	return v;
}

void viz_free(struct viz *v)
{
	if (!v)
		return;
	draw_free(&v->d);
	dbg_free(v->dbg);
	free(v->stdin_bytes);
	free(v->image);
	free(v);
}

/* The tests' handle on the machine: to read it (and, for a picture, to put
 * pc somewhere); the engine runs it. */
struct cpu *viz_cpu(struct viz *v) { return (struct cpu *)v->m; }
struct dbg *viz_dbg(struct viz *v) { return v->dbg; }
const struct viz_places *viz_places(const struct viz *v) { return &v->places; }

enum cpu_stop viz_advance(struct viz *v, uint64_t n)
{
	machine_begin(v);
	machine_note_state(v);
	/* n instructions: a step retires at most one, so running as many steps
	 * as are missing never goes past them. */
	uint64_t target = cpu_instret(v->m) + n;
	bool leaving = true;
	struct dbg_stop st;
	enum dbg_why why = DBG_LIMIT;
	while (why == DBG_LIMIT && cpu_instret(v->m) < target) {
		why = machine_run(v, target - cpu_instret(v->m), leaving, &st);
		leaving = false;
	}
	machine_note_changes(v);
	switch (why) {
	case DBG_END:
		return strstr(v->stop_text, "powered off") ? CPU_STOP_POWEROFF : CPU_STOP_HALT;
	case DBG_DOUBLE_FAULT:
		return CPU_STOP_DOUBLE_FAULT;
	case DBG_BREAKPOINT:
	case DBG_WATCHPOINT:
	case DBG_CATCHPOINT:
		return CPU_STOP_BREAKPOINT;
	default:
		return CPU_STOP_BUDGET;	/* ran them, or the guest waits for input */
	}
}

SDL_Surface *viz_render(struct viz *v)
{
	panels_draw(v);
	return v->d.fb;
}

static bool inside(const SDL_Rect *r, int x, int y)
{
	return !r || (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h);
}

char *viz_text_in(const struct viz *v, const SDL_Rect *r, char *out, size_t n)
{
	size_t len = 0;
	if (n)
		out[0] = '\0';
	for (unsigned i = 0; i < v->d.ndrawn && len + 1 < n; i++) {
		const struct drawn *t = &v->d.drawn[i];
		if (!inside(r, t->x, t->y))
			continue;
		size_t k = (size_t)snprintf(out + len, n - len, "%s\n", v->d.pool + t->off);
		len += k < n - len ? k : n - len - 1;
	}
	return out;
}

bool viz_text_at(const struct viz *v, const SDL_Rect *r, const char *s, SDL_Rect *cell,
		 uint32_t *rgb)
{
	for (unsigned i = 0; i < v->d.ndrawn; i++) {
		const struct drawn *t = &v->d.drawn[i];
		const char *at = strstr(v->d.pool + t->off, s);
		if (!at || !inside(r, t->x, t->y))
			continue;
		*cell = (SDL_Rect){ t->x + (int)(at - (v->d.pool + t->off)) * v->d.font.cw, t->y,
				    v->d.font.cw, v->d.font.ch };
		*rgb = t->rgb;
		return true;
	}
	return false;
}

/* ---- Controls ------------------------------------------------------------------------ */

static void say(struct viz *v, const char *msg) { snprintf(v->status, sizeof v->status, "%s", msg); }

/* The end of a "run until": its catchpoints and step-over's stop go. */
static void end_until(struct viz *v)
{
	for (int k = 0; k < 2; k++)
		if (v->until_pts[k])
			dbg_delete(v->dbg, v->until_pts[k]);
	v->until_pts[0] = v->until_pts[1] = 0;
	if (v->until == UNTIL_RETURN)
		dbg_over_end(v->dbg);
	v->until = UNTIL_NOTHING;
}

static void pause_with(struct viz *v, const char *msg)
{
	v->running = false;
	end_until(v);
	say(v, msg);
}

/* Run until u: the engine stops there (catchpoints made for it, or the
 * step-over stop dbg_over_begin armed before). */
static void run_until(struct viz *v, enum until u, const char *msg)
{
	if (u != UNTIL_RETURN)
		end_until(v);
	v->until = u;
	if (u == UNTIL_TRAP) {
		v->until_pts[0] = dbg_catch(v->dbg, "trap", NULL);
		v->until_pts[1] = dbg_catch(v->dbg, "iret", NULL);
	} else if (u == UNTIL_SWITCH) {
		/* a return-from-trap to user mode in another process */
		char cond[64];
		snprintf(cond, sizeof cond, "pid != %u && (status & %u) != 0", cpu_pid(v->m), STATUS_UM);
		v->until_pts[0] = dbg_catch(v->dbg, "iret", cond);
	}
	for (int k = 0; k < 2; k++)
		if (v->until_pts[k] < 0)
			v->until_pts[k] = 0;
	v->running = true;
	v->leaving = true;	/* going on from a breakpoint runs its instruction */
	machine_begin(v);
	say(v, msg);
}

/* Open a prompt with the key that asks for it; the text event of that same
 * key is not part of the answer. */
static void open_prompt(struct viz *v, char kind, char key)
{
	v->prompt_kind = kind;
	v->prompt[0] = '\0';
	v->prompt_key = key;
}

static void close_prompt(struct viz *v)
{
	if (v->prompt_kind == 'm' && v->mem_follow != FOLLOW_ADDR)
		v->mem_follow = FOLLOW_PC;	/* m goes round: pc, sp, an address, pc */
	v->prompt_kind = 0;
	v->prompt[0] = '\0';
}

/* Where a stop is, in words. */
static void say_stop(struct viz *v, const struct dbg_stop *st)
{
	char msg[256];
	switch (st->why) {
	case DBG_BREAKPOINT:
		say(v, "stopped at a breakpoint");
		return;
	case DBG_WATCHPOINT: {
		uint32_t was = 0, is = 0;
		memcpy(&was, st->old_bytes, 4);
		memcpy(&is, st->new_bytes, 4);
		snprintf(msg, sizeof msg, "stopped at a watchpoint: 0x%08x -> 0x%08x", was, is);
		say(v, msg);
		return;
	}
	case DBG_CATCHPOINT:
		if (st->point == v->until_pts[0] || st->point == v->until_pts[1])
			say(v, v->until == UNTIL_SWITCH ? "stopped: a context switch"
			       : "stopped: a trap or return-from-trap");
		else
			say(v, "stopped at a catchpoint");
		return;
	case DBG_START:
		say(v, "back at the start of the run");
		return;
	case DBG_END:
	case DBG_DOUBLE_FAULT:
		say(v, "");
		return;
	default:
		snprintf(msg, sizeof msg, "stopped: %s", dbg_why_name(st->why));
		say(v, msg);
		return;
	}
}

static void step_one(struct viz *v)
{
	pause_with(v, "stepped one instruction");
	machine_begin(v);
	machine_note_state(v);
	struct dbg_stop st;
	if (machine_step(v, &st) != DBG_LIMIT)
		say_stop(v, &st);
	machine_note_changes(v);
}

/* Step over a call (and a program's trap, an interrupt about to be taken):
 * the engine's nexti, run in slices; anything else is one step. */
static void step_over(struct viz *v)
{
	pause_with(v, "");
	if (v->stopped || !dbg_over_begin(v->dbg)) {
		step_one(v);
		return;
	}
	run_until(v, UNTIL_RETURN, "stepping over a call");
}

/* A command that moves the machine otherwise than forward from here. */
static void travel(struct viz *v, int (*cmd)(struct dbg *, struct dbg_stop *), const char *done)
{
	pause_with(v, "");
	machine_note_state(v);
	struct dbg_stop st;
	if (cmd(v->dbg, &st)) {
		say(v, dbg_error(v->dbg));
		return;
	}
	machine_moved(v);
	machine_note_changes(v);
	if (st.why == DBG_DONE)
		say(v, done);
	else
		say_stop(v, &st);
}

static int back_one(struct dbg *s, struct dbg_stop *st) { return dbg_reverse_stepi(s, 1, st); }
static void reverse_step(struct viz *v) { travel(v, back_one, "stepped back one instruction"); }
static void reverse_continue(struct viz *v) { travel(v, dbg_reverse_continue, "back"); }

/* To any moment of the run (the time bar, the event list). */
static void go_to(struct viz *v, uint64_t step)
{
	pause_with(v, "");
	machine_note_state(v);
	struct dbg_stop st;
	if (dbg_goto(v->dbg, step, &st)) {
		say(v, dbg_error(v->dbg));
		return;
	}
	machine_moved(v);
	machine_note_changes(v);
	char msg[64];
	snprintf(msg, sizeof msg, "at step %llu", (unsigned long long)dbg_now(v->dbg));
	say(v, msg);
}

static void toggle_breakpoint_at_pc(struct viz *v)
{
	uint32_t pa;
	if (!machine_virt_to_phys(v, cpu_pc(v->m), &pa) || !machine_toggle_breakpoint(v, pa))
		say(v, "no breakpoint there");
	else
		say(v, "breakpoint toggled at pc");
}

/* The address the memory panel shows first: what it follows, physical. */
static bool memory_selected(struct viz *v, uint32_t *pa)
{
	if (v->mem_follow == FOLLOW_ADDR) {
		*pa = v->mem_addr;
		return *pa < cpu_mem_size(v->m);
	}
	uint32_t at = v->mem_follow == FOLLOW_PC ? cpu_pc(v->m) : cpu_reg(v->m, REG_sp);
	return machine_virt_to_phys(v, at, pa);
}

static void toggle_watchpoint(struct viz *v)
{
	uint32_t pa;
	char msg[160];
	int on = memory_selected(v, &pa) ? machine_toggle_watchpoint(v, pa & ~3u) : -1;
	if (on < 0)
		snprintf(msg, sizeof msg, "no watchpoint there: %s", dbg_error(v->dbg));
	else
		snprintf(msg, sizeof msg, "watchpoint %s at 0x%08x", on ? "on" : "off", pa & ~3u);
	say(v, msg);
}

static void reset(struct viz *v)
{
	char err[256];
	pause_with(v, "");
	if (machine_load(v, err, sizeof err))
		say(v, err);
	else
		say(v, "reset: the image is loaded again");
}

static void prompt_done(struct viz *v)
{
	uint32_t pa;
	char msg[256];
	if (!machine_lookup(v, v->prompt, &pa)) {
		snprintf(msg, sizeof msg, "'%s': %s", v->prompt, dbg_error(v->dbg));
	} else if (v->prompt_kind == 'b') {
		if (machine_toggle_breakpoint(v, pa & ~3u))
			snprintf(msg, sizeof msg, "breakpoint toggled at 0x%08x", pa & ~3u);
		else
			snprintf(msg, sizeof msg, "cannot set a breakpoint at 0x%08x", pa);
	} else {
		v->mem_follow = FOLLOW_ADDR;
		v->mem_addr = pa;
		v->mem_virtual = false;
		snprintf(msg, sizeof msg, "memory at 0x%08x", pa);
	}
	say(v, msg);
	close_prompt(v);
}

static void speed(struct viz *v, int by)
{
	v->speed += by;
	if (v->speed < 0)
		v->speed = 0;
	if (v->speed >= viz_nspeeds)
		v->speed = viz_nspeeds - 1;
	v->run_ms = FRAME_MS - 3;
	v->speed_credit = 0;
}

/* The controls as actions of one argument, for the key table. */
static void run_pause(struct viz *v)
{
	if (v->running)
		pause_with(v, "paused");
	else
		run_until(v, UNTIL_NOTHING, "");
}
static void until_trap(struct viz *v) { run_until(v, UNTIL_TRAP, "running until the next trap or return-from-trap"); }
static void until_switch(struct viz *v) { run_until(v, UNTIL_SWITCH, "running until the next context switch"); }
static void ask_breakpoint(struct viz *v) { open_prompt(v, 'b', 'B'); }
static void slower(struct viz *v) { speed(v, -1); }
static void faster(struct viz *v) { speed(v, +1); }
static void memory_follow(struct viz *v)
{
	if (v->mem_follow == FOLLOW_PC)
		v->mem_follow = FOLLOW_SP;
	else if (v->mem_follow == FOLLOW_SP)
		open_prompt(v, 'm', 'm');
	else
		v->mem_follow = FOLLOW_PC;
}
/* Scroll the process table by rows (the panel keeps it in range). */
static void procs_scroll(struct viz *v, int rows)
{
	int first = (int)v->proc_scroll + rows;
	v->proc_scroll = first < 0 ? 0 : (unsigned)first;
}
static void procs_page_up(struct viz *v) { procs_scroll(v, -(int)v->proc_page); }
static void procs_page_down(struct viz *v) { procs_scroll(v, (int)v->proc_page); }
static void memory_virtual(struct viz *v) { v->mem_virtual = !v->mem_virtual; }
static void toggle_help(struct viz *v) { v->help = !v->help; }

/* Every key: what key_down() does, what the help shows and what the keys
 * table of docs/visualiser.md says (viz_keys_markdown; `more` goes to the
 * docs only).  Rows without an action are handled by key_down() itself;
 * rows without a label are other keys for the row above. */
const struct key_binding viz_keys[] = {
	{ SDLK_SPACE, false, SDLK_F5, "Space, F5", "run / pause", NULL, run_pause },
	{ SDLK_s, false, SDLK_F11, "s, F11", "step one instruction (or one trap entry)",
	  "a fault or a pending interrupt", step_one },
	{ SDLK_n, false, SDLK_F10, "n, F10", "step over a call (jal/jalr that links to ra)",
	  "it runs until it returns to the next instruction with the same stack, as `nexti` in vm "
	  "debug (a program's `trap` and an interrupt about to be taken are stepped over too); "
	  "anything else is one step", step_over },
	{ SDLK_t, false, SDLK_F6, "t, F6", "run until the next trap, fault, interrupt or return-from-trap",
	  NULL, until_trap },
	{ SDLK_c, false, SDLK_F7, "c, F7", "run until the next context switch (return to another process)",
	  "a return-from-trap to user mode in another process", until_switch },
	{ SDLK_s, true, 0, "S", "reverse step: back one step", "the moment before the last instruction "
	  "or trap entry, from the run's history", reverse_step },
	{ SDLK_SPACE, true, 0, "Shift+Space", "reverse continue: back to the last breakpoint or watchpoint hit",
	  "or to the start of the run if there was none", reverse_continue },
	{ SDLK_b, false, SDLK_F9, "b, F9", "breakpoint on or off at pc", NULL, toggle_breakpoint_at_pc },
	{ SDLK_b, true, 0, "B", "breakpoint on or off at an address or a symbol (typed)",
	  "`syscall_entry`, `0x358`", ask_breakpoint },
	{ SDLK_MINUS, false, 0, "-, +", "slower / faster: 1, 10, 100, ... instructions a second, full speed",
	  NULL, slower },
	{ SDLK_KP_MINUS, false, 0, NULL, NULL, NULL, slower },
	{ SDLK_PLUS, false, 0, NULL, NULL, NULL, faster },
	{ SDLK_PLUS, true, 0, NULL, NULL, NULL, faster },
	{ SDLK_EQUALS, false, 0, NULL, NULL, NULL, faster },
	{ SDLK_EQUALS, true, 0, NULL, NULL, NULL, faster },
	{ SDLK_KP_PLUS, false, 0, NULL, NULL, NULL, faster },
	{ SDLK_m, false, 0, "m", "memory panel follows pc, then sp, then an address or symbol (typed)",
	  NULL, memory_follow },
	{ SDLK_v, false, 0, "v", "memory panel in physical or virtual addresses", NULL, memory_virtual },
	{ SDLK_w, false, 0, "w", "watchpoint on or off at the memory panel's address",
	  "its first word (what it follows: pc, sp or the address typed), physical; a run stops "
	  "right after a step that changes it", toggle_watchpoint },
	{ SDLK_PAGEUP, false, 0, "PgUp, PgDn", "scroll the process table (or the mouse wheel over it)",
	  "when the window is too short for all its slots", procs_page_up },
	{ SDLK_PAGEDOWN, false, 0, NULL, NULL, NULL, procs_page_down },
	{ SDLK_r, false, 0, "r", "reset: load the image again", NULL, reset },
	{ SDLK_TAB, false, 0, "Tab (Esc)", "keyboard to the guest's console and back", NULL, NULL },
	{ SDLK_SLASH, true, SDLK_F1, "?, F1", "the help, on screen", NULL, toggle_help },
	{ SDLK_q, false, 0, "q", "quit (or close the window)", NULL, NULL },
};
const int viz_nkeys = sizeof viz_keys / sizeof viz_keys[0];

/* The keys as the table of docs/visualiser.md shows them. */
void viz_keys_markdown(FILE *out)
{
	fputs("| key | what it does |\n| --- | --- |\n", out);
	for (int i = 0; i < viz_nkeys; i++) {
		const struct key_binding *b = &viz_keys[i];
		if (!b->keys)
			continue;
		fprintf(out, "| %s | %s%s%s |\n", b->keys, b->what, b->more ? ": " : "",
			b->more ? b->more : "");
	}
}

/* A key with focus on the controls (or any F-key). */
static bool control_key(struct viz *v, SDL_Keycode k, SDL_Keymod mod)
{
	bool shift = mod & KMOD_SHIFT;
	for (int i = 0; i < viz_nkeys; i++) {
		const struct key_binding *b = &viz_keys[i];
		if (!b->act)
			continue;
		if ((b->fkey && k == b->fkey) ||
		    (!v->console_focus && k == b->key && shift == b->shift)) {
			b->act(v);
			return true;
		}
	}
	return false;
}

/* ---- The window ------------------------------------------------------------------ */

struct window {
	SDL_Window *win;
	bool quit;
};

static void key_down(struct viz *v, struct window *w, const SDL_KeyboardEvent *e)
{
	SDL_Keycode k = e->keysym.sym;
	if (v->prompt_kind) {
		size_t n = strlen(v->prompt);
		if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
			prompt_done(v);
		else if (k == SDLK_ESCAPE)
			close_prompt(v);
		else if (k == SDLK_BACKSPACE && n)
			v->prompt[n - 1] = '\0';
		return;
	}
	if (k == SDLK_TAB || (k == SDLK_ESCAPE && v->console_focus)) {
		v->console_focus = k == SDLK_TAB ? !v->console_focus : false;
		return;
	}
	if (k == SDLK_ESCAPE && v->help) {
		v->help = false;
		return;
	}
	if (control_key(v, k, (SDL_Keymod)e->keysym.mod))
		return;
	if (!v->console_focus && k == SDLK_q) {
		w->quit = true;
		return;
	}
	if (v->console_focus) {	/* keys that make no text event */
		if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
			console_input(v, "\n", 1);
		else if (k == SDLK_BACKSPACE)
			console_input(v, "\b", 1);
		else if ((e->keysym.mod & KMOD_CTRL) && k >= SDLK_a && k <= SDLK_z) {
			char c = (char)(k - SDLK_a + 1);
			console_input(v, &c, 1);
		}
	}
}

static void text_input(struct viz *v, const char *t)
{
	if (v->prompt_kind) {
		size_t n = strlen(v->prompt);
		if (v->prompt_key) {	/* the key that opened the prompt */
			bool same = t[0] == v->prompt_key && !t[1];
			v->prompt_key = 0;
			if (same)
				return;
		}
		for (; *t && n + 1 < sizeof v->prompt; t++)
			if (*t >= 0x20 && *t < 0x7F)
				v->prompt[n++] = *t;
		v->prompt[n] = '\0';
	} else if (v->console_focus) {
		console_input(v, t, strlen(t));
	}
}

/* Run the machine for this frame: at full speed for v->run_ms, else as many
 * steps as the speed allows since the last frame. */
static void run_frame(struct viz *v, uint32_t ms_since)
{
	uint64_t speed = viz_speeds[v->speed];
	uint64_t start = cpu_instret(v->m);
	uint32_t t0 = SDL_GetTicks();
	struct dbg_stop st = { .why = DBG_LIMIT };
	enum dbg_why why = DBG_LIMIT;
	machine_note_state(v);
	v->guest_waits = false;
	if (speed == 0) {
		uint64_t slice = 1u << 20;
		while (SDL_GetTicks() - t0 < v->run_ms) {
			why = machine_run(v, slice, v->leaving, &st);
			v->leaving = false;
			if (why != DBG_LIMIT)
				break;
			uint32_t took = SDL_GetTicks() - t0;
			if (took < 2 && slice < (1u << 26))
				slice *= 2;
		}
		uint32_t took = SDL_GetTicks() - t0;
		if (took)
			v->mips = (double)(cpu_instret(v->m) - start) / took / 1000.0;
	} else {
		v->speed_credit += (double)speed * ms_since / 1000.0;
		uint64_t n = (uint64_t)v->speed_credit;
		v->speed_credit -= (double)n;
		if (n) {
			why = machine_run(v, n, v->leaving, &st);
			v->leaving = false;
		}
	}
	machine_note_changes(v);
	if (why == DBG_LIMIT || v->guest_waits)
		return;	/* on, in the next frame */
	if (why == DBG_DONE && v->until == UNTIL_RETURN)
		pause_with(v, "stepped over the call");
	else {
		v->running = false;
		say_stop(v, &st);	/* before end_until: it names the catchpoints */
		char msg[sizeof v->status];
		snprintf(msg, sizeof msg, "%s", v->status);
		pause_with(v, msg);
	}
}

/* The step at x on the time bar: from step 0 at its left end to the
 * furthest step run at its right end. */
static uint64_t timebar_step(const struct viz *v, int x)
{
	const SDL_Rect *r = &v->places.timebar;
	uint64_t end = dbg_frontier(v->dbg);
	if (r->w < 2 || x <= r->x)
		return 0;
	if (x >= r->x + r->w - 1)
		return end;
	return (uint64_t)((double)(x - r->x) / (r->w - 1) * (double)end);
}

static void mouse(struct viz *v, Uint32 type, int x, int y)
{
	if (type == SDL_MOUSEBUTTONUP) {
		v->dragging = false;
		return;
	}
	if (type == SDL_MOUSEMOTION) {
		if (v->dragging)
			go_to(v, timebar_step(v, x));
		return;
	}
	if (inside(&v->places.timebar, x, y)) {
		v->dragging = true;
		go_to(v, timebar_step(v, x));
		return;
	}
	for (unsigned i = 0; i < v->places.nevent_rows; i++)
		if (inside(&v->places.event_row[i], x, y)) {
			go_to(v, v->places.event_step[i]);
			return;
		}
}

void viz_mouse(struct viz *v, Uint32 type, int x, int y) { mouse(v, type, x, y); }

void viz_key(struct viz *v, SDL_Keycode key, SDL_Keymod mod)
{
	struct window w = { 0 };
	SDL_KeyboardEvent e = { .type = SDL_KEYDOWN, .keysym = { .sym = key, .mod = (Uint16)mod } };
	key_down(v, &w, &e);
}

void viz_text(struct viz *v, const char *t) { text_input(v, t); }

void viz_frame(struct viz *v, uint32_t ms)
{
	if (v->running && !v->stopped)
		run_frame(v, ms);
}

bool viz_running(const struct viz *v) { return v->running && !v->stopped; }
const char *viz_status(const struct viz *v) { return v->stopped ? v->stop_text : v->status; }

static void handle(struct viz *v, struct window *w, const SDL_Event *e)
{
	char err[256];
	switch (e->type) {
	case SDL_QUIT:
		w->quit = true;
		break;
	case SDL_KEYDOWN:
		key_down(v, w, &e->key);
		break;
	case SDL_TEXTINPUT:
		text_input(v, e->text.text);
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.button == SDL_BUTTON_LEFT)
			mouse(v, e->type, e->button.x, e->button.y);
		break;
	case SDL_MOUSEMOTION:
		mouse(v, e->type, e->motion.x, e->motion.y);
		break;
	case SDL_MOUSEWHEEL: {
		int mx, my;
		SDL_GetMouseState(&mx, &my);
		SDL_Rect r = v->places.procs;
		if (mx >= r.x && mx < r.x + r.w && my >= r.y && my < r.y + r.h)
			procs_scroll(v, e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? e->wheel.y : -e->wheel.y);
		break;
	}
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			int ww = e->window.data1 < 640 ? 640 : e->window.data1;
			int hh = e->window.data2 < 400 ? 400 : e->window.data2;
			if (draw_resize(&v->d, ww, hh, err, sizeof err))
				say(v, err);
		}
		break;
	default:
		break;
	}
}

static void show(struct viz *v, struct window *w)
{
	viz_render(v);
	SDL_Surface *screen = SDL_GetWindowSurface(w->win);
	if (screen) {
		SDL_BlitSurface(v->d.fb, NULL, screen, NULL);
		SDL_UpdateWindowSurface(w->win);
	}
}

static enum viz_result window_loop(struct viz *v)
{
	struct window w = { 0 };
	/* The frame is drawn by the CPU: show it with the system's own image
	 * transfer (X11: shared memory), not through an OpenGL texture, which
	 * without a GPU costs more than drawing the frame. */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	w.win = SDL_CreateWindow("ldx: limited direct execution", SDL_WINDOWPOS_CENTERED,
				 SDL_WINDOWPOS_CENTERED, v->o.width, v->o.height,
				 SDL_WINDOW_RESIZABLE);
	if (!w.win) {
		fprintf(stderr, "vm: gui: cannot open a window: %s\n", SDL_GetError());
		return VIZ_NO_WINDOW;
	}
	SDL_SetWindowMinimumSize(w.win, 640, 400);
	SDL_StartTextInput();
	say(v, "paused: Space runs, s steps, ? shows every key");
	uint32_t last = SDL_GetTicks(), t0 = last;
	uint64_t frames = 0, insns0 = cpu_instret(v->m);
	if (v->o.run_for > 0)
		run_until(v, UNTIL_NOTHING, "");
	while (!w.quit) {
		SDL_Event e;
		bool busy = v->running && !v->stopped;
		/* Paused: sleep until something happens.  Running: one frame. */
		if (!busy) {
			if (SDL_WaitEvent(&e))
				handle(v, &w, &e);
		}
		while (!w.quit && SDL_PollEvent(&e))
			handle(v, &w, &e);
		uint32_t now = SDL_GetTicks();
		if (v->running && !v->stopped)
			run_frame(v, now - last);
		last = now;
		uint32_t shown = SDL_GetTicks();
		show(v, &w);
		frames++;
		uint32_t show_ms = SDL_GetTicks() - shown;
		v->run_ms = show_ms + MIN_RUN_MS < FRAME_MS ? FRAME_MS - show_ms : MIN_RUN_MS;
		if (v->o.run_for > 0 && SDL_GetTicks() - t0 >= v->o.run_for * 1000)
			break;
		if (v->running && !v->stopped) {
			uint32_t spent = SDL_GetTicks() - now;
			if (spent < FRAME_MS && (viz_speeds[v->speed] != 0 || v->guest_waits))
				SDL_Delay(FRAME_MS - spent);
		}
	}
	if (v->o.run_for > 0) {
		double secs = (SDL_GetTicks() - t0) / 1000.0;
		printf("%.1f s: %llu frames (%.1f a second), %llu guest instructions (%.1f MIPS)\n", secs,
		       (unsigned long long)frames, frames / secs,
		       (unsigned long long)(cpu_instret(v->m) - insns0),
		       (double)(cpu_instret(v->m) - insns0) / secs / 1e6);
	}
	SDL_StopTextInput();
	SDL_DestroyWindow(w.win);
	return VIZ_OK;
}

/* ---- vm gui ------------------------------------------------------------------------------ */

static enum viz_result screenshot(struct viz *v)
{
	uint64_t left = v->o.after;
	while (left > 0 && !v->stopped) {
		uint64_t before = cpu_instret(v->m);
		enum cpu_stop why = viz_advance(v, left);
		uint64_t ran = cpu_instret(v->m) - before;
		left -= ran < left ? ran : left;
		if (why != CPU_STOP_BUDGET || ran == 0)
			break;
	}
	struct dbg_stop st;
	if (v->o.back && dbg_reverse_stepi(v->dbg, v->o.back, &st) == 0)
		machine_moved(v);
	v->status[0] = '\0';
	SDL_Surface *s = viz_render(v);
	if (viz_save_png(s, v->o.screenshot)) {
		fprintf(stderr, "vm: %s: cannot write the screenshot: %s\n", v->o.screenshot, SDL_GetError());
		return VIZ_CANT_WRITE;
	}
	return VIZ_OK;
}

enum viz_result viz_main(const struct viz_opts *o, const uint8_t *image, size_t len)
{
	/* Headless screenshots need no display: SDL's dummy video driver. */
	if (o->screenshot && !getenv("SDL_VIDEODRIVER"))
		SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(o->screenshot ? 0 : SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "vm: gui: cannot start SDL: %s\n", SDL_GetError());
		return VIZ_NO_WINDOW;
	}
	char err[256];
	enum viz_result status;
	struct viz *v = viz_new(o, image, len, err, sizeof err, &status);
	if (!v) {
		fprintf(stderr, "vm: %s: %s\n", o->image_name ? o->image_name : "gui", err);
	} else {
		status = o->screenshot ? screenshot(v) : window_loop(v);
	}
	viz_free(v);
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
	return status;
}
