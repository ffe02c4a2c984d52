/*
 * viz_int.h - what the visualiser's files share: the state (struct viz),
 * the drawing layer (viz_draw.c), the machine side (viz_machine.c), the
 * panels (viz_panels.c) and the window (viz.c).
 */
#ifndef VIZ_INT_H
#define VIZ_INT_H

#include <SDL_ttf.h>

#include "debug.h"
#include "image.h"
#include "events.h"
#include "kview.h"
#include "viz.h"

/* ---- Drawing: a software frame, a monospace font, rectangles --------------- */

enum { GLYPH_FIRST = 32, GLYPH_LAST = 126 };

struct font {
	TTF_Font *ttf;
	int px;				/* point size it was opened at */
	int cw, ch, ascent;		/* cell size */
	uint8_t *alpha;			/* per glyph cw x ch coverage, GLYPH_FIRST.. */
};

/* A string the frame shows: where, in which colour, its characters in the
 * pool.  The frame keeps them so that the tests can read what it says. */
struct drawn {
	int x, y;
	uint32_t rgb;
	unsigned off, len;
};

enum { DRAWN_MAX = 4096, DRAWN_POOL = 1 << 17 };

struct draw {
	SDL_Surface *fb;		/* ARGB8888, what the window shows */
	struct font font;
	const char *font_path;
	struct drawn *drawn;		/* the text of this frame, DRAWN_MAX */
	char *pool;			/* DRAWN_POOL bytes */
	unsigned ndrawn, pool_used;
};

int draw_init(struct draw *d, const char *font_path, int w, int h, char *err, size_t errlen);
int draw_resize(struct draw *d, int w, int h, char *err, size_t errlen);
void draw_free(struct draw *d);
void draw_begin(struct draw *d);	/* a new frame: forget the text drawn */
void fill(struct draw *d, int x, int y, int w, int h, uint32_t rgb);
void frame_rect(struct draw *d, int x, int y, int w, int h, int t, uint32_t rgb);
/* Text at (x, y) (top left), clipped to max_chars; scale 1 or more. */
int text(struct draw *d, int x, int y, uint32_t rgb, const char *s);
int textn(struct draw *d, int x, int y, uint32_t rgb, const char *s, int max_chars);
int text_big(struct draw *d, int x, int y, int scale, uint32_t rgb, const char *s);
int textf(struct draw *d, int x, int y, uint32_t rgb, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* ---- Colours ---------------------------------------------------------------------- */

enum {
	COL_BG = 0x14171c, COL_PANEL = 0x1c2028, COL_BORDER = 0x3a4150, COL_TITLE = 0x9fb3c8,
	COL_TEXT = 0xd8dee9, COL_DIM = 0x7b8494, COL_CHANGED = 0xffd166, COL_PC = 0x2d3b55,
	COL_USER = 0x2e9e5b, COL_KERNEL = 0xd1495b, COL_FREE = 0x262b33, COL_KREGION = 0x6c757d,
	COL_WINDOW = 0xffffff, COL_FETCH = 0x4cc9f0, COL_LOAD = 0xf9c74f, COL_STORE = 0xf3722c,
	COL_BREAK = 0xe63946, COL_EV_TRAP = 0xf08080, COL_EV_IRET = 0x90d090,
	COL_EV_OS = 0x8fb8ff, COL_FOCUS = 0x4cc9f0, COL_DATA = 0xb8a6d9,
};

/* ---- The state ------------------------------------------------------------------------ */

enum { EV_KEEP = 1024, EV_TEXT = 160, CON_ROWS = 200, CON_COLS = 100, PID_SLOTS = 64,
       SPAN_KEEP = 4096 };

/* An event of the run, at the step (dbg_now) it happened. */
struct ev_line {
	uint64_t step, instret;
	struct cpu_event raw;	/* to tell a replayed event from a new one */
	char text[EV_TEXT];
};

/* What "run" runs until: the engine stops there (a catchpoint the window
 * makes, or step-over's stop); v->until_pts holds the catchpoints. */
enum until { UNTIL_NOTHING, UNTIL_TRAP, UNTIL_SWITCH, UNTIL_RETURN };

/* The last fetch, load and store since the machine last stopped, as the
 * map and the memory panel mark them.  A stretch run at full speed by
 * cpu_run notes none: what was seen before it is then unknown. */
enum acc_state {
	ACC_NONE,		/* none since the last stop */
	ACC_SEEN,
	ACC_UNKNOWN,		/* a fast stretch ran since: there may have been one */
};

struct access {
	enum acc_state state;
	uint32_t pa, size;	/* physical address, bytes (4 at most, or a trap frame) */
	uint32_t value;		/* the first 4 bytes there, after the access */
	uint64_t at;		/* INSTRET after it */
	char what[24];		/* the mnemonic, or "trap entry", "iret" */
};

enum { ACC_FETCH, ACC_LOAD, ACC_STORE, ACC_KINDS };

struct viz {
	struct viz_opts o;
	uint8_t *image;			/* a copy, for reset */
	size_t image_len;
	uint8_t *stdin_bytes;		/* --stdin-like input, read once, for reset */
	size_t stdin_len;

	struct dbg *dbg;		/* the session: stepping, points, history (debug.h) */
	const struct cpu *m;		/* its machine, to read */
	const struct img *kimg;		/* the image, parsed: kernel symbols, files */
	const struct kview *kv;		/* its tables, if it is our kernel */
	bool stopped;			/* halted, powered off, double fault */
	char stop_text[200];
	char end_text[200];		/* what the engine said when it stopped for good */

	/* The console: the engine's output up to now, as a grid of lines. */
	char con[CON_ROWS][CON_COLS + 1];
	unsigned con_row, con_col, con_lines;
	size_t con_fed;			/* output bytes in the grid */
	bool guest_waits;		/* the guest idled for input this frame */

	/* The events seen, in order of step (a ring of the latest EV_KEEP);
	 * the list shows those up to the current moment. */
	struct ev_line ev[EV_KEEP];
	uint64_t nev;
	bool noting;			/* a forward command: note trap entries' stores */

	/* Which pid the machine ran for, from the events: the latest spans
	 * (from instruction count `from` on, the pid the kernel announced
	 * then), and per pid the instructions of all the spans closed. */
	struct pid_span { uint64_t from; uint32_t pid; } spans[SPAN_KEEP];
	uint64_t nspans;
	struct { uint32_t pid; uint64_t insns; } pid_insns[PID_SLOTS];

	struct access acc[ACC_KINDS];
	uint32_t prev_r[REG_COUNT], prev_pc, prev_cr[CR_COUNT];
	uint32_t changed_r, changed_cr;	/* bit masks: changed by the last step or run */

	/* Control. */
	bool running;
	int speed;			/* index into speeds[]; the last is full speed */
	double speed_credit;
	enum until until;
	int until_pts[2];		/* the catchpoints of a "run until", 0: none */
	bool leaving;			/* the next slice goes on from a stop */
	char status[256];
	bool dragging;			/* the time bar is being dragged */

	/* The process table's first row shown, and how many it shows. */
	unsigned proc_scroll, proc_page;

	/* The memory panel. */
	enum { FOLLOW_PC, FOLLOW_SP, FOLLOW_ADDR } mem_follow;
	uint32_t mem_addr;
	bool mem_virtual;

	/* Keyboard: focus on the controls or on the guest's console; a prompt. */
	bool console_focus;
	bool help;
	char prompt_kind;		/* 0, 'b' (breakpoint), 'm' (memory address) */
	char prompt_key;		/* the key that opened it, until its text event */
	char prompt[64];

	struct draw d;
	struct viz_places places;
	double mips;			/* measured while running at full speed */
	uint32_t run_ms;		/* the machine's share of a frame at full speed */
};

/* viz_machine.c */
int machine_load(struct viz *v, char *err, size_t errlen);
/* Forward through the engine, the last fetch, load and store noted:
 * machine_run up to n steps in slices (leaving: from a stop), the last few
 * one at a time; machine_step one step.  Both return the engine's stop. */
enum dbg_why machine_run(struct viz *v, uint64_t n, bool leaving, struct dbg_stop *out);
enum dbg_why machine_step(struct viz *v, struct dbg_stop *out);
/* After a command that moved otherwise (reverse, goto): what the window
 * shows follows the machine. */
void machine_moved(struct viz *v);
void machine_begin(struct viz *v);	/* the machine goes on from a stop */
void machine_note_state(struct viz *v);
void machine_note_changes(struct viz *v);
/* The console and the stop, from the engine, after a command that stopped
 * with st (NULL: one that did not say). */
void machine_sync(struct viz *v, const struct dbg_stop *st);
bool machine_toggle_breakpoint(struct viz *v, uint32_t paddr);
bool machine_has_breakpoint(struct viz *v, uint32_t paddr);
/* A watchpoint on the 4 bytes at physical address paddr, on or off:
 * 1 on, 0 off, -1 (dbg_error) none can be set. */
int machine_toggle_watchpoint(struct viz *v, uint32_t paddr);
bool machine_has_watchpoint(struct viz *v, uint32_t paddr);
const char *machine_symbol(struct viz *v, bool user, uint32_t addr, uint32_t *off);
/* What the image has at addr (virtual in user mode): code (an executable
 * segment), data (another segment, or no part of the image: a stack, the
 * boot information, free memory), or unknown (no image for the program
 * running). */
enum code_kind { CODE_INSN, CODE_DATA, CODE_UNKNOWN };
enum code_kind machine_code_kind(struct viz *v, bool user, uint32_t addr);
/* An expression (a symbol, a number: debug.h's dbg_eval) as a physical
 * address; false with dbg_error saying why. */
bool machine_lookup(struct viz *v, const char *expr, uint32_t *paddr);
/* The instructions run for pid up to the current moment; UINT64_MAX if
 * that moment is too far back for the spans kept. */
uint64_t machine_pid_insns(const struct viz *v, uint32_t pid);
bool machine_virt_to_phys(const struct viz *v, uint32_t va, uint32_t *pa);
void console_input(struct viz *v, const char *bytes, size_t n);

/* viz.c: the keys, which the help draws. */
struct key_binding {
	SDL_Keycode key;	/* with focus on the controls ... */
	bool shift;		/* ... and shift held or not */
	SDL_Keycode fkey;	/* the same, whatever has the focus; 0 = none */
	const char *keys;	/* as the help shows them; NULL: another key for the row above */
	const char *what;
	const char *more;	/* said in the docs only (markdown), or NULL */
	void (*act)(struct viz *v);	/* NULL: key_down() does it */
};
extern const struct key_binding viz_keys[];
extern const int viz_nkeys;

/* viz_panels.c */
void panels_draw(struct viz *v);

extern const uint64_t viz_speeds[];	/* instructions a second; 0 = full speed */
extern const int viz_nspeeds;

#endif
