/*
 * viz.h - the visualiser: an SDL2 window that shows the machine running,
 * as limited direct execution happens (docs/visualiser.md).  This folder is
 * the only part of the project that sees SDL; it drives the machine only
 * through the debug engine (debug.h, as vm debug does), reads it through
 * cpu.h and the kernel's tables through kview.h.
 *
 * The CLI calls viz_main(); the tests build a struct viz themselves, run it
 * to a point and look at the pixels viz_render() drew.
 */
#ifndef VIZ_H
#define VIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

#include "cpu.h"

struct viz_opts {
	const char *image_name;		/* shown in the title */
	uint32_t mem;			/* RAM bytes */
	uint32_t quantum;		/* for the boot information, 0 = the kernel's */
	int width, height;		/* window (and screenshot) size */
	const char *screenshot;		/* headless: save a PNG after `after` instructions */
	uint64_t after;
	uint64_t back;			/* then back this many steps in the history */
	bool stdin_input;		/* console input from standard input, as vm run */
	const char *typed;		/* console input typed before the start, or NULL */
	double run_for;			/* > 0: run at once, close after this many seconds
					 * and print frames a second and guest MIPS */
	const char *font;		/* a monospace TTF; NULL = the DejaVu one */
};

/* What viz_main returns; it has printed one line about any failure. */
enum viz_result {
	VIZ_OK,
	VIZ_BAD_IMAGE,		/* the image does not load */
	VIZ_NO_WINDOW,		/* SDL, the font or the window cannot start */
	VIZ_CANT_WRITE,		/* the screenshot cannot be written */
};

/* Open the window (or take the screenshot). */
enum viz_result viz_main(const struct viz_opts *o, const uint8_t *image, size_t len);

/* The keys as a markdown table, from the table the keys and the help use:
 * the one in docs/visualiser.md (src/viz/keys_doc.c puts it there). */
void viz_keys_markdown(FILE *out);

/* ---- For the tests ---------------------------------------------------------- */

struct viz;
struct dbg;

/* A visualiser over a freshly loaded machine, drawing into a frame of
 * o->width x o->height, no window.  NULL with one line in err, and
 * VIZ_BAD_IMAGE or VIZ_NO_WINDOW in *why if why is not NULL. */
struct viz *viz_new(const struct viz_opts *o, const uint8_t *image, size_t len,
		    char *err, size_t errlen, enum viz_result *why);
void viz_free(struct viz *v);
/* The machine, to read (the tests also put pc somewhere to draw it), and
 * the debug session that runs it (debug.h). */
struct cpu *viz_cpu(struct viz *v);
struct dbg *viz_dbg(struct viz *v);

/* Run up to n instructions as the window does at full speed (events,
 * accesses and per-process counts recorded), stopping at breakpoints and
 * watchpoints (CPU_STOP_BREAKPOINT) but not at one it starts on.  Returns
 * why it stopped: CPU_STOP_BUDGET when it ran them, or the guest waits for
 * typed input. */
enum cpu_stop viz_advance(struct viz *v, uint64_t n);
/* Give the guest console input, as typing in the window does. */
void viz_type(struct viz *v, const char *text);

/* A key pressed in the window (SDL keycode and modifiers), and one frame of
 * the window's loop: the machine runs as the controls say for ms
 * milliseconds' worth (at full speed: until about 13 ms have passed). */
void viz_key(struct viz *v, SDL_Keycode key, SDL_Keymod mod);
void viz_text(struct viz *v, const char *text);	/* the text a key typed */
void viz_frame(struct viz *v, uint32_t ms);
/* A mouse event (SDL_MOUSEBUTTONDOWN, SDL_MOUSEMOTION, SDL_MOUSEBUTTONUP)
 * at (x, y), the left button: on the time bar, down and motion go to that
 * moment; down on an event of the list goes to its moment. */
void viz_mouse(struct viz *v, Uint32 type, int x, int y);
bool viz_running(const struct viz *v);
/* The line the header shows about the last control ("stopped at a
 * breakpoint", ...). */
const char *viz_status(const struct viz *v);

/* Draw the current state; the frame stays valid until the next call. */
SDL_Surface *viz_render(struct viz *v);
/* Write a surface as a PNG file (8-bit RGB, by SDL2_image).  0, or -1 with
 * SDL_GetError() saying why. */
int viz_save_png(SDL_Surface *s, const char *path);

/* Where things are drawn (valid after viz_render). */
struct viz_places {
	SDL_Rect mode;			/* the user/kernel indicator */
	SDL_Rect map;			/* the zoomed memory map strip */
	uint32_t map_lo, map_hi;	/* the physical range it shows */
	SDL_Rect procs;			/* the process table */
	unsigned nproc_rows;		/* rows drawn in it */
	uint32_t proc_pid[32];		/* the pid of each row */
	unsigned nprocs;		/* processes in the table, shown or not */
	SDL_Rect code, memory;		/* the code and memory panels */
	SDL_Rect timebar;		/* the time bar: step 0 to the furthest step run */
	SDL_Rect events;		/* the event list */
	unsigned nevent_rows;		/* events shown in it, oldest first ... */
	SDL_Rect event_row[64];		/* ... where each is ... */
	uint64_t event_step[64];	/* ... and the step it happened at */
};
const struct viz_places *viz_places(const struct viz *v);
/* The text the last viz_render drew with its top left inside r (anywhere
 * if r is NULL), each string on a line of its own, in the order drawn: what
 * a person reads there.  Cut to fit n bytes; returns out. */
char *viz_text_in(const struct viz *v, const SDL_Rect *r, char *out, size_t n);
/* Where the last viz_render drew a string containing s, inside r (anywhere
 * if r is NULL): *cell is the character cell of the match's first byte,
 * *rgb the colour.  False if it drew none. */
bool viz_text_at(const struct viz *v, const SDL_Rect *r, const char *s, SDL_Rect *cell,
		 uint32_t *rgb);
/* The x of physical address a in the zoomed map strip. */
int viz_map_x(const struct viz *v, uint32_t a);
/* The colours the panels use (0xRRGGBB). */
uint32_t viz_pid_colour(uint32_t pid);
uint32_t viz_mode_colour(bool user);
uint32_t viz_access_colour(int kind);	/* 0 fetch, 1 load, 2 store */

#endif
