/*
 * viz_panels.c - the panels, drawn into the frame from the machine's state
 * (cpu.h) and the kernel's tables (kview.h):
 *
 *   header     image, running or paused, speed, instructions, what stopped it
 *   memory map all of RAM, then the used part zoomed: the kernel, each
 *              process's [base, base+bound) by pid, free holes, the current
 *              base/bound window outlined, the last fetch, load and store
 *   CPU        registers (changed ones highlighted), pc, control registers,
 *              the mode bit large, interrupts on or off, the timer as a bar
 *   processes  the kernel's process table, the running process highlighted,
 *              scrolled when the window is too short for it
 *   code       disassembly around pc, labels on lines of their own, data
 *              (as the image's segments say) as .word, breakpoints marked
 *   memory     the last fetch, load and store since the last stop (address,
 *              value, what did it), then hex and ASCII around pc, sp or an
 *              address typed in, the bytes those accesses touched marked
 *   events     the latest traps, interrupts, returns-from-trap, OS events
 *   console    the guest's console
 */
#include <stdio.h>
#include <string.h>

#include "asm.h"
#include "viz_int.h"

static const uint32_t pid_palette[] = {
	0x4e79a7, 0xf28e2b, 0x59a14f, 0xb07aa1, 0x76b7b2, 0xedc948,
	0xff9da7, 0x9c755f, 0xe15759, 0x86bcb6, 0x8cd17d, 0xd4a6c8,
};
enum { NPALETTE = sizeof pid_palette / sizeof pid_palette[0] };

uint32_t viz_pid_colour(uint32_t pid)
{
	return pid ? pid_palette[(pid - 1) % NPALETTE] : COL_KREGION;
}

uint32_t viz_mode_colour(bool user) { return user ? COL_USER : COL_KERNEL; }

uint32_t viz_access_colour(int kind)
{
	return kind == ACC_FETCH ? COL_FETCH : kind == ACC_LOAD ? COL_LOAD : COL_STORE;
}

/* A panel: border, title, and the inside in character cells. */
struct panel {
	int x, y, w, h;		/* pixels */
	int cx, cy;		/* first text cell */
	int cols, rows;		/* text cells inside */
};

static struct panel panel(struct viz *v, int x, int y, int w, int h, const char *title, bool focus)
{
	struct draw *d = &v->d;
	int cw = d->font.cw, ch = d->font.ch;
	fill(d, x, y, w, h, COL_PANEL);
	frame_rect(d, x, y, w, h, focus ? 2 : 1, focus ? COL_FOCUS : COL_BORDER);
	textn(d, x + cw, y + 2, COL_TITLE, title, (w - 2 * cw) / cw);
	struct panel p = { x, y, w, h, x + cw, y + 2 + ch, (w - 2 * cw) / cw, (h - ch - 6) / ch };
	if (p.cols < 0)
		p.cols = 0;
	if (p.rows < 0)
		p.rows = 0;
	return p;
}

static int row_y(const struct viz *v, const struct panel *p, int row)
{
	return p->cy + row * v->d.font.ch;
}

/* ---- Header ---------------------------------------------------------------------------- */

static void header(struct viz *v, int h)
{
	struct draw *d = &v->d;
	fill(d, 0, 0, d->fb->w, h, COL_BG);
	char speed[32];
	uint64_t s = viz_speeds[v->speed];
	if (s == 0)
		snprintf(speed, sizeof speed, "full speed");
	else
		snprintf(speed, sizeof speed, "%llu instr/s", (unsigned long long)s);
	const char *state = v->stopped ? "STOPPED" : v->running ? "RUNNING" : "PAUSED";
	int x = textf(d, d->font.cw, 2, COL_TEXT, "ldx  %s  ", v->o.image_name ? v->o.image_name : "");
	x = textf(d, x, 2, v->running ? COL_USER : COL_CHANGED, "%s", state);
	x = textf(d, x, 2, COL_DIM, "  %s  instructions %llu", speed,
		  (unsigned long long)cpu_instret(v->m));
	uint64_t now = dbg_now(v->dbg), end = dbg_frontier(v->dbg);
	if (now < end)
		x = textf(d, x, 2, COL_CHANGED, "  step %llu of %llu", (unsigned long long)now,
			  (unsigned long long)end);
	if (v->running && viz_speeds[v->speed] == 0 && v->mips > 0)
		x = textf(d, x, 2, COL_DIM, "  %.0f MIPS", v->mips);
	const char *msg = v->stopped ? v->stop_text : v->status;
	if (msg[0])
		x = textf(d, x, 2, COL_CHANGED, "  %s", msg);
	const char *keys = v->console_focus ? "typing goes to the guest (Tab: controls)  F1: help"
					    : "? or F1: help  Tab: type to the guest";
	int kx = d->fb->w - (int)strlen(keys) * d->font.cw - d->font.cw;
	if (kx > x)
		text(d, kx, 2, COL_DIM, keys);
}

/* ---- Time bar ------------------------------------------------------------------------------ */

/* The whole run, step 0 to the furthest step run, and where the machine is
 * in it: the history the window can go back to (drag or click). */
static void time_bar(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	uint64_t now = dbg_now(v->dbg), end = dbg_frontier(v->dbg);
	int lw = textf(d, x, y + (h - d->font.ch) / 2, COL_TITLE, "time ") - x;
	char right[64];
	snprintf(right, sizeof right, " %llu / %llu steps", (unsigned long long)now, (unsigned long long)end);
	int rw = (int)strlen(right) * d->font.cw;
	int bx = x + lw, bw = w - lw - rw;
	if (bw < 10)
		bw = 10;
	fill(d, bx, y + 2, bw, h - 4, COL_FREE);
	int nx = end ? bx + (int)((double)now / (double)end * (bw - 1)) : bx;
	fill(d, bx, y + 2, nx - bx + 1, h - 4, COL_PC);
	/* the breakpoint hits are the engine's; the events kept, as ticks */
	uint64_t kept = v->nev < EV_KEEP ? v->nev : EV_KEEP;
	for (uint64_t i = v->nev - kept; i < v->nev && end; i++) {
		const struct ev_line *l = &v->ev[i % EV_KEEP];
		if (l->raw.kind != CPU_EV_TRAP)
			continue;
		int ex = bx + (int)((double)l->step / (double)end * (bw - 1));
		fill(d, ex, y + h - 5, 1, 3, COL_EV_TRAP);
	}
	fill(d, nx - 1, y, 3, h, COL_CHANGED);
	text(d, bx + bw, y + (h - d->font.ch) / 2, COL_DIM, right);
	v->places.timebar = (SDL_Rect){ bx, y, bw, h };
}

/* ---- Memory map -------------------------------------------------------------------------- */

int viz_map_x(const struct viz *v, uint32_t a)
{
	const struct viz_places *pl = &v->places;
	uint64_t span = pl->map_hi > pl->map_lo ? pl->map_hi - pl->map_lo : 1;
	uint64_t off = a > pl->map_lo ? a - pl->map_lo : 0;
	if (off > span)
		off = span;
	return pl->map.x + (int)(off * (uint64_t)pl->map.w / span);
}

/* x of address a in a strip [x, x+w) showing [lo, hi). */
static int strip_x(int x, int w, uint32_t lo, uint32_t hi, uint32_t a)
{
	uint64_t span = hi > lo ? hi - lo : 1, off = a > lo ? a - lo : 0;
	return x + (int)((off > span ? span : off) * (uint64_t)w / span);
}

/* Where the kernel's part of memory ends: the start of what its allocator
 * hands out, or for an image that is not our kernel the end of its
 * segments.  0 if unknown yet. */
static uint32_t kernel_end(struct viz *v)
{
	uint32_t fs, fe, end = 0;
	if (kview_free_range(v->kv, v->m, &fs, &fe))
		return fs;
	if (v->kv->ok)
		return 0;	/* our kernel, before boot has set its allocator */
	for (uint32_t i = 0; i < v->kimg->nsegs; i++) {
		uint64_t e = (uint64_t)v->kimg->segs[i].addr + v->kimg->segs[i].memsz;
		if (e > end && e <= cpu_mem_size(v->m))
			end = (uint32_t)e;
	}
	return end;
}

static void marker(struct draw *d, int x, int y, int h, uint32_t rgb)
{
	fill(d, x - 1, y, 3, h, rgb);
	fill(d, x - 4, y - 4, 9, 4, rgb);
}

/* One strip of the map: kernel, regions (coloured by the pid whose base
 * they start at), holes, the window and the accesses. */
static void strip(struct viz *v, int x, int y, int w, int h, uint32_t lo, uint32_t hi,
		  const struct kview_proc *procs, unsigned nprocs, bool labels)
{
	struct draw *d = &v->d;
	uint32_t kend = kernel_end(v);
	fill(d, x, y, w, h, COL_FREE);
	if (kend) {	/* the kernel: everything below the allocator's memory */
		int x1 = strip_x(x, w, lo, hi, kend);
		fill(d, x, y, x1 - x, h, COL_KREGION);
		if (labels && x1 - x > 8 * d->font.cw)
			text(d, x + 4, y + (h - d->font.ch) / 2, 0x101010, "kernel");
	}
	struct kview_region r[64];
	unsigned nr = kview_regions(v->kv, v->m, r, 64);
	for (unsigned i = 0; i < nr; i++) {
		uint32_t pid = 0;
		const char *name = "";
		for (unsigned k = 0; k < nprocs; k++)
			if (procs[k].base == r[i].base) {
				pid = procs[k].pid;
				name = procs[k].name;
			}
		int x0 = strip_x(x, w, lo, hi, r[i].base);
		int x1 = strip_x(x, w, lo, hi, r[i].base + r[i].size);
		if (x1 <= x0)
			x1 = x0 + 1;
		fill(d, x0, y, x1 - x0, h, pid ? viz_pid_colour(pid) : COL_DIM);
		fill(d, x0, y, 1, h, COL_BG);	/* a gap between neighbours */
		if (labels && pid) {
			char lab[40];
			snprintf(lab, sizeof lab, "%u %s", pid, name);
			int room = (x1 - x0 - 6) / d->font.cw;
			if (room > 0)
				textn(d, x0 + 4, y + (h - d->font.ch) / 2, 0x101010, lab, room);
		}
	}
	if (cpu_user_mode(v->m)) {	/* the current base/bound window */
		uint32_t b = cpu_cr(v->m, CR_BASE), n = cpu_cr(v->m, CR_BOUND);
		int x0 = strip_x(x, w, lo, hi, b), x1 = strip_x(x, w, lo, hi, b + n);
		frame_rect(d, x0 - 2, y - 2, (x1 - x0) + 4 < 5 ? 5 : (x1 - x0) + 4, h + 4, 2, COL_WINDOW);
	}
	for (int k = 0; k < ACC_KINDS; k++)
		if (v->acc[k].state == ACC_SEEN && v->acc[k].pa < hi)
			marker(d, strip_x(x, w, lo, hi, v->acc[k].pa), y, h, viz_access_colour(k));
}

static void memory_map(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	int ch = d->font.ch, cw = d->font.cw;
	struct panel p = panel(v, x, y, w, h, "Memory map", false);
	struct kview_proc procs[NPROC];
	unsigned np = kview_procs(v->kv, v->m, procs, NPROC);
	uint32_t size = cpu_mem_size(v->m);

	/* The used part: up to the end of the highest region (or the kernel). */
	uint32_t hi = kernel_end(v);
	struct kview_region r[64];
	unsigned nr = kview_regions(v->kv, v->m, r, 64);
	for (unsigned i = 0; i < nr; i++)
		if (r[i].base + r[i].size > hi)
			hi = r[i].base + r[i].size;
	if (cpu_user_mode(v->m)) {
		uint32_t e = cpu_cr(v->m, CR_BASE) + cpu_cr(v->m, CR_BOUND);
		hi = e > hi ? e : hi;
	}
	hi = hi ? hi + hi / 8 : size;
	hi = (hi + 0xFFF) & ~0xFFFu;
	if (hi > size || hi == 0)
		hi = size;

	int sx = p.cx, sw = p.w - 2 * cw;
	int full_h = ch / 2 + 2, zoom_h = h - ch - full_h - 2 * ch - 10;
	int fy = p.cy + 2, zy = fy + full_h + ch + 4;
	strip(v, sx, fy, sw, full_h, 0, size, procs, np, false);
	textf(d, sx, fy + full_h + 1, COL_DIM, "all %u KiB: 0x00000000 .. 0x%08x", size >> 10, size);
	/* Where the zoom comes from, on the full strip. */
	frame_rect(d, sx, fy - 1, strip_x(sx, sw, 0, size, hi) - sx + 1, full_h + 2, 1, COL_TITLE);
	strip(v, sx, zy, sw, zoom_h, 0, hi, procs, np, true);
	v->places.map = (SDL_Rect){ sx, zy, sw, zoom_h };
	v->places.map_lo = 0;
	v->places.map_hi = hi;
	int ly = zy + zoom_h + 3;
	textf(d, sx, ly, COL_DIM, "0x00000000");
	char end[16];
	snprintf(end, sizeof end, "0x%08x", hi);
	text(d, sx + sw - (int)strlen(end) * cw, ly, COL_DIM, end);
	int kx = sx + 14 * cw;
	fill(d, kx, ly + ch / 4, cw, ch / 2, COL_FETCH);
	kx = text(d, kx + cw + 4, ly, COL_DIM, "fetch  ");
	fill(d, kx, ly + ch / 4, cw, ch / 2, COL_LOAD);
	kx = text(d, kx + cw + 4, ly, COL_DIM, "load  ");
	fill(d, kx, ly + ch / 4, cw, ch / 2, COL_STORE);
	kx = text(d, kx + cw + 4, ly, COL_DIM, "store  ");
	frame_rect(d, kx, ly + ch / 4, cw, ch / 2, 1, COL_WINDOW);
	kx = text(d, kx + cw + 4, ly, COL_DIM, "base/bound window  ");
	fill(d, kx, ly + ch / 4, cw, ch / 2, COL_KREGION);
	kx = text(d, kx + cw + 4, ly, COL_DIM, "kernel  ");
	fill(d, kx, ly + ch / 4, cw, ch / 2, COL_FREE);
	frame_rect(d, kx, ly + ch / 4, cw, ch / 2, 1, COL_BORDER);
	text(d, kx + cw + 4, ly, COL_DIM, "free");
}

/* ---- CPU ------------------------------------------------------------------------------------ */

static void cpu_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	const struct cpu *m = v->m;
	int cw = d->font.cw, ch = d->font.ch;
	struct panel p = panel(v, x, y, w, h, "CPU", false);
	bool user = cpu_user_mode(m);
	uint32_t status = cpu_cr(m, CR_STATUS);

	/* The mode bit, large. */
	int mh = 2 * ch + 8, mw = p.w - 2 * cw;
	fill(d, p.cx, p.cy, mw, mh, viz_mode_colour(user));
	v->places.mode = (SDL_Rect){ p.cx, p.cy, mw, mh };
	const char *mode = user ? "USER MODE" : "KERNEL MODE";
	int tx = p.cx + (mw - (int)strlen(mode) * cw * 2) / 2;
	text_big(d, tx > p.cx ? tx : p.cx + 2, p.cy + 4, 2, 0xFFFFFF, mode);
	int r = (mh + ch - 1) / ch + 1;

	textf(d, p.cx, row_y(v, &p, r), status & STATUS_IE ? COL_USER : COL_KERNEL,
	      "interrupts %s", status & STATUS_IE ? "enabled" : "disabled");
	r++;
	/* The timer: what is left of the period. */
	uint32_t left = cpu_cr(m, CR_TIMER), period = cpu_cr(m, CR_TPERIOD);
	int bx = p.cx + 12 * cw, bw = p.w - 14 * cw;
	text(d, p.cx, row_y(v, &p, r), COL_TEXT, "timer");
	fill(d, bx, row_y(v, &p, r) + 2, bw, ch - 4, COL_FREE);
	if (left && period) {
		uint64_t fillw = (uint64_t)bw * (left > period ? period : left) / period;
		fill(d, bx, row_y(v, &p, r) + 2, (int)fillw, ch - 4, COL_LOAD);
	}
	textf(d, bx + 4, row_y(v, &p, r), 0x101010, "%u", left);
	r++;

	uint32_t pc = cpu_pc(m);
	textf(d, p.cx, row_y(v, &p, r), pc != v->prev_pc ? COL_CHANGED : COL_TEXT, "pc  0x%08x", pc);
	r++;
	int colw = (p.cols / 2) * cw;
	for (unsigned i = 0; i < REG_COUNT; i++) {
		int rx = p.cx + (int)(i / 8) * colw, ry = row_y(v, &p, r + (int)(i % 8));
		uint32_t rgb = v->changed_r & (1u << i) ? COL_CHANGED : COL_TEXT;
		textf(d, rx, ry, COL_DIM, "r%u", i);
		textf(d, rx + 4 * cw, ry, COL_TITLE, "%s", isa_reg_names[i]);
		textf(d, rx + 9 * cw, ry, rgb, "%08x", cpu_reg(m, i));
	}
	r += 9;
	for (unsigned i = 0; i < CR_COUNT; i++) {
		int rx = p.cx + (int)(i % 2) * colw, ry = row_y(v, &p, r + (int)(i / 2));
		if (ry + ch > p.y + p.h)
			break;
		uint32_t rgb = v->changed_cr & (1u << i) ? COL_CHANGED : COL_TEXT;
		textf(d, rx, ry, COL_TITLE, "%-8s", isa_cregs[i].name);
		textf(d, rx + 9 * cw, ry, rgb, "%08x", cpu_cr(m, i));
	}
}

/* ---- Processes ------------------------------------------------------------------------ */

/* An image that is not our kernel (a standalone demo): say why there is no
 * table, and show what the image and the CPU do tell. */
static void no_procs(struct viz *v, const struct panel *p)
{
	struct draw *d = &v->d;
	const struct img *im = v->kimg;
	char line[8][128];
	int n = 0;
	snprintf(line[n++], sizeof line[0], "this image has no process table (no kernel symbols:");
	snprintf(line[n++], sizeof line[0], "no %s), so here is what it has:", v->kv->missing);
	snprintf(line[n++], sizeof line[0], "  %u segments, %u symbols, %u files, entry 0x%08x", im->nsegs,
		 im->nsyms, im->nfiles, im->entry);
	for (uint32_t i = 0; i < im->nsegs && n < 6; i++)
		snprintf(line[n++], sizeof line[0], "  %s 0x%08x .. 0x%08x",
			 im->segs[i].flags & SEG_EXEC ? "code" : "data", im->segs[i].addr,
			 im->segs[i].addr + im->segs[i].memsz);
	if (cpu_pid(v->m))
		snprintf(line[n++], sizeof line[0], "  running: pid %u (the trace port says)", cpu_pid(v->m));
	if (cpu_user_mode(v->m))
		snprintf(line[n++], sizeof line[0], "  in its window: base 0x%08x, bound 0x%x",
			 cpu_cr(v->m, CR_BASE), cpu_cr(v->m, CR_BOUND));
	for (int i = 0; i < n && i < p->rows; i++)
		textn(d, p->cx, row_y(v, p, i), i < 2 ? COL_CHANGED : COL_TEXT, line[i], p->cols);
}

static void procs_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	int cw = d->font.cw, ch = d->font.ch;
	struct kview_proc procs[NPROC];
	unsigned n = kview_procs(v->kv, v->m, procs, NPROC);
	char title[96];
	if (v->kv->ok)
		snprintf(title, sizeof title, "Processes: %u of %u slots used (proc_table, read from memory)",
			 n, NPROC);
	else
		snprintf(title, sizeof title, "Processes: none known (this image is not our kernel)");
	struct panel p = panel(v, x, y, w, h, title, false);
	v->places.procs = (SDL_Rect){ p.x, p.y, p.w, p.h };
	v->places.nproc_rows = 0;
	v->places.nprocs = n;
	if (!v->kv->ok) {
		no_procs(v, &p);
		return;
	}
	/* The name as wide as the panel allows, up to a whole process name. */
	int namew = p.cols - 2 - 38;
	namew = namew < 4 ? 4 : namew > PNAME_BYTES - 1 ? PNAME_BYTES - 1 : namew;
	textf(d, p.cx + 2 * cw, p.cy, COL_DIM, "%3s %-*s %-7s %-8s %6s %9s", "pid", namew, "name", "state",
	      "base", "bound", "instrs");
	/* Rows below the header; when they are too few, the last one says
	 * which rows are shown, and PgUp/PgDn or the wheel scroll. */
	unsigned room = p.rows > 1 ? (unsigned)p.rows - 1 : 0;
	unsigned page = n <= room ? n : room > 1 ? room - 1 : room;
	v->proc_page = page ? page : 1;
	if (v->proc_scroll > n - page)
		v->proc_scroll = n - page;
	unsigned first = v->proc_scroll;
	if (page < n && room)
		textf(d, p.cx + 2 * cw, row_y(v, &p, (int)room), COL_CHANGED,
		      "rows %u-%u of %u (PgUp/PgDn or the wheel scroll)", first + 1, first + page, n);
	for (unsigned i = 0; i < page; i++) {
		const struct kview_proc *q = &procs[first + i];
		int ry = row_y(v, &p, (int)i + 1);
		bool running = q->pid == cpu_pid(v->m) && q->state == PSTATE_RUNNING;
		if (running)
			fill(d, p.cx - 2, ry, p.w - 2 * cw + 4, ch, COL_PC);
		fill(d, p.cx, ry + 2, cw - 2, ch - 4, viz_pid_colour(q->pid));
		char line[160], insns[24] = "        -";	/* -: too far back to know */
		uint64_t ran = machine_pid_insns(v, q->pid);
		if (ran != UINT64_MAX)
			snprintf(insns, sizeof insns, "%9llu", (unsigned long long)ran);
		snprintf(line, sizeof line, "%3u %-*.*s %-7.7s %08x %6x %s", q->pid, namew, namew,
			 q->name, kview_state_name(q->state), q->base, q->bound, insns);
		textn(d, p.cx + 2 * cw, ry, running ? 0xFFFFFF : COL_TEXT, line, p.cols - 2);
		if (v->places.nproc_rows < 32)
			v->places.proc_pid[v->places.nproc_rows++] = q->pid;
	}
}

/* ---- Code ------------------------------------------------------------------------------ */

struct sym_ctx {
	struct viz *v;
	bool user;
};

static const char *exact_symbol(void *ctx, uint32_t addr)
{
	struct sym_ctx *c = ctx;
	uint32_t off;
	const char *s = machine_symbol(c->v, c->user, addr, &off);
	return s && off == 0 ? s : NULL;
}

/* A name the image gives exactly address a, or NULL. */
static const char *label_at(struct viz *v, bool user, uint32_t a)
{
	uint32_t off;
	const char *s = machine_symbol(v, user, a, &off);
	return s && off == 0 ? s : NULL;
}

/* One word of the code panel: an instruction where the image has code, a
 * .word (with its bytes as characters, where any is printable) where it
 * has data or nothing at all. */
static void code_word(struct viz *v, bool user, uint32_t a, uint32_t word, char *out, size_t n,
		      bool *data)
{
	struct sym_ctx sc = { v, user };
	*data = machine_code_kind(v, user, a) == CODE_DATA;
	if (!*data) {
		disasm_insn(word, a, out, n, exact_symbol, &sc);
		return;
	}
	char chars[5];
	bool printable = false;
	for (int k = 0; k < 4; k++) {
		uint8_t b = (uint8_t)(word >> (8 * k));
		chars[k] = b >= 0x20 && b < 0x7F ? (char)b : '.';
		printable |= chars[k] != '.';
	}
	chars[4] = '\0';
	if (printable)
		snprintf(out, n, ".word 0x%08x      # \"%s\"", word, chars);
	else
		snprintf(out, n, ".word 0x%08x", word);
}

static void code_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	int cw = d->font.cw, ch = d->font.ch;
	bool user = cpu_user_mode(v->m);
	struct panel p = panel(v, x, y, w, h, user ? "Code (user, virtual addresses)" : "Code (kernel, physical addresses)", false);
	v->places.code = (SDL_Rect){ p.x, p.y, p.w, p.h };
	uint32_t pc = cpu_pc(v->m);
	/* A label takes a line of its own, as in a listing, so a name is never
	 * cut.  Start far enough above pc that a third of the lines come
	 * before it. */
	int before = p.rows / 3, above = label_at(v, user, pc) ? 1 : 0;
	uint32_t a = pc;
	while (a >= 4) {
		int cost = 1 + (label_at(v, user, a - 4) ? 1 : 0);
		if (above + cost > before)
			break;
		above += cost;
		a -= 4;
	}
	for (int r = 0; r < p.rows; a += 4) {
		int ry = row_y(v, &p, r);
		uint32_t pa, word;
		if (!machine_virt_to_phys(v, a, &pa) || !cpu_read(v->m, pa, &word, 4)) {
			textf(d, p.cx + 2 * cw, ry, COL_DIM, "%08x  (outside the window)", a);
			r++;
			if (a > UINT32_MAX - 4)
				break;
			continue;
		}
		const char *sym = label_at(v, user, a);
		if (sym) {
			char lab[IMG_MAX_NAME + 2];
			snprintf(lab, sizeof lab, "%s:", sym);
			textn(d, p.cx + 2 * cw, ry, COL_TITLE, lab, p.cols - 2);
			if (++r == p.rows)
				break;
			ry = row_y(v, &p, r);
		}
		if (a == pc)
			fill(d, p.x + 1, ry, p.w - 2, ch, COL_PC);
		if (machine_has_breakpoint(v, pa))
			fill(d, p.cx, ry + 2, cw - 2, ch - 4, COL_BREAK);
		char dis[DISASM_MAX], line[DISASM_MAX + 16];
		bool data;
		code_word(v, user, a, word, dis, sizeof dis, &data);
		snprintf(line, sizeof line, "%08x    %s", a, dis);
		textn(d, p.cx + 2 * cw, ry, a == pc ? 0xFFFFFF : data ? COL_DATA : COL_TEXT, line, p.cols - 2);
		r++;
		if (a > UINT32_MAX - 4)
			break;
	}
}

/* ---- Memory ------------------------------------------------------------------------------ */

/* The last fetch, load and store since the machine stopped, one line
 * each: where, how many bytes, the value there. */
static void access_lines(struct viz *v, const struct panel *p)
{
	static const char *const names[ACC_KINDS] = { "fetch", "load ", "store" };
	for (int k = 0; k < ACC_KINDS && k < p->rows; k++) {
		const struct access *a = &v->acc[k];
		int ry = row_y(v, p, k);
		int x = textf(&v->d, p->cx, ry, viz_access_colour(k), "%s ", names[k]);
		char line[128];
		if (a->state == ACC_NONE)
			snprintf(line, sizeof line, "none since the last stop");
		else if (a->state == ACC_UNKNOWN)
			snprintf(line, sizeof line, "not noted at full speed (s steps and notes each)");
		else if (a->size <= 4)
			snprintf(line, sizeof line, "%08x: %0*x  %s", a->pa, (int)(2 * a->size), a->value,
				 a->what);
		else
			snprintf(line, sizeof line, "%08x: %u bytes  %s", a->pa, a->size, a->what);
		textn(&v->d, x, ry, a->state == ACC_SEEN ? COL_TEXT : COL_DIM, line, p->cols - 6);
	}
}

/* Which access, if any, touched physical byte pa (a store over a load over
 * a fetch); -1 if none. */
static int accessed(const struct viz *v, uint32_t pa)
{
	for (int k = ACC_KINDS - 1; k >= 0; k--) {
		const struct access *a = &v->acc[k];
		if (a->state == ACC_SEEN && pa >= a->pa && pa - a->pa < a->size)
			return k;
	}
	return -1;
}

static void memory_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	int cw = d->font.cw, ch = d->font.ch;
	/* A typed address is physical; pc and sp can be shown either way. */
	bool virt = v->mem_virtual && cpu_user_mode(v->m) && v->mem_follow != FOLLOW_ADDR;
	const char *follow = v->mem_follow == FOLLOW_PC ? "pc" : v->mem_follow == FOLLOW_SP ? "sp" : "address";
	char title[96];
	snprintf(title, sizeof title, "Memory (%s addresses, following %s; m: follow, v: virtual)",
		 virt ? "virtual" : "physical", follow);
	struct panel p = panel(v, x, y, w, h, title, false);
	v->places.memory = (SDL_Rect){ p.x, p.y, p.w, p.h };
	access_lines(v, &p);
	int skip = p.rows > ACC_KINDS + 1 ? ACC_KINDS : 0;	/* the lines above the bytes */
	uint32_t at = v->mem_follow == FOLLOW_PC ? cpu_pc(v->m)
		    : v->mem_follow == FOLLOW_SP ? cpu_reg(v->m, REG_sp) : v->mem_addr;
	/* pc and sp are virtual in user mode: show them where they are. */
	if (v->mem_follow != FOLLOW_ADDR && cpu_user_mode(v->m) && !virt)
		at += cpu_cr(v->m, CR_BASE);
	int rows = p.rows - skip;
	uint32_t start = (at & ~7u) - 8u * (uint32_t)(rows / 3);
	if (start > (at & ~7u))
		start = 0;
	for (int r = 0; r < rows; r++) {
		uint32_t a = start + 8u * (uint32_t)r;
		char hex[64] = "", asc[16] = "";
		int hl = 0, ry = row_y(v, &p, r + skip);
		bool here = at >= a && at < a + 8;
		if (here)
			fill(d, p.x + 1, ry, p.w - 2, ch, COL_PC);
		int hx = p.cx + 10 * cw, kind[8];
		for (unsigned k = 0; k < 8; k++) {
			uint8_t b;
			uint32_t pa = a + k;
			bool ok = virt ? machine_virt_to_phys(v, a + k, &pa) : true;
			ok = ok && cpu_read(v->m, pa, &b, 1);
			hl += snprintf(hex + hl, sizeof hex - (size_t)hl, ok ? "%02x " : "-- ", ok ? b : 0);
			asc[k] = ok && b >= 0x20 && b < 0x7F ? (char)b : '.';
			kind[k] = ok ? accessed(v, pa) : -1;
		}
		asc[8] = '\0';
		textf(d, p.cx, ry, COL_DIM, "%08x  ", a);
		int tx = textn(d, hx, ry, here ? 0xFFFFFF : COL_TEXT, hex, p.cols - 10);
		textn(d, tx + cw, ry, COL_TITLE, asc, 8);
		/* The bytes the last accesses touched, dark on their colour. */
		for (int k = 0; k < 8; k++) {
			int bx = hx + 3 * k * cw;
			if (kind[k] < 0 || 3 * k + 2 > p.cols - 10)
				continue;
			fill(d, bx - 1, ry, 2 * cw + 2, ch, viz_access_colour(kind[k]));
			textn(d, bx, ry, 0x101010, hex + 3 * k, 2);
		}
	}
}

/* ---- Events and console -------------------------------------------------------------------- */

/* The event list: the latest events up to the current moment (the run
 * may have gone further: those after it are the future, not shown).  A
 * click on one goes to its moment. */
static void events_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	struct panel p = panel(v, x, y, w, h, "Events (instruction count, then what happened; click: go there)",
			       false);
	v->places.events = (SDL_Rect){ p.x, p.y, p.w, p.h };
	v->places.nevent_rows = 0;
	uint64_t now = dbg_now(v->dbg), kept = v->nev < EV_KEEP ? v->nev : EV_KEEP;
	uint64_t last = v->nev;	/* one past the newest event up to now */
	while (last > v->nev - kept && v->ev[(last - 1) % EV_KEEP].step > now)
		last--;
	uint64_t avail = last - (v->nev - kept), rows = (uint64_t)p.rows;
	uint64_t shown = avail < rows ? avail : rows;
	if (shown > 64)
		shown = 64;
	for (uint64_t i = 0; i < shown; i++) {
		const struct ev_line *l = &v->ev[(last - shown + i) % EV_KEEP];
		uint32_t rgb = l->raw.kind == CPU_EV_TRAP ? COL_EV_TRAP : l->raw.kind == CPU_EV_IRET ? COL_EV_IRET
			     : l->raw.kind == CPU_EV_OS ? COL_EV_OS : COL_CHANGED;
		char line[EV_TEXT + 32];
		snprintf(line, sizeof line, "%10llu %s", (unsigned long long)l->instret, l->text);
		int ry = row_y(v, &p, (int)i);
		textn(d, p.cx, ry, rgb, line, p.cols);
		v->places.event_row[i] = (SDL_Rect){ p.cx, ry, p.cols * d->font.cw, d->font.ch };
		v->places.event_step[i] = l->step;
		v->places.nevent_rows++;
	}
}

static void console_panel(struct viz *v, int x, int y, int w, int h)
{
	struct draw *d = &v->d;
	struct panel p = panel(v, x, y, w, h, v->console_focus ? "Console (typing goes to the guest)"
							       : "Console (Tab: type to the guest)", v->console_focus);
	/* From the newest line up, each line wrapped to the panel's width. */
	unsigned lines = v->con_lines + 1 < CON_ROWS ? v->con_lines + 1 : CON_ROWS;
	int cols = p.cols > 0 ? p.cols : 1, row = p.rows;
	for (unsigned k = 0; k < lines && row > 0; k++) {
		const char *line = v->con[(v->con_row + CON_ROWS - k) % CON_ROWS];
		int len = (int)strlen(line), parts = len ? (len + cols - 1) / cols : 1;
		for (int part = parts - 1; part >= 0 && row > 0; part--) {
			int ry = row_y(v, &p, --row);
			int end = textn(d, p.cx, ry, COL_TEXT, line + part * cols, cols);
			if (k == 0 && part == parts - 1 && v->console_focus)	/* the cursor */
				fill(d, end, ry + d->font.ch - 3, d->font.cw, 2, COL_FOCUS);
		}
	}
}

/* ---- Help and prompt -------------------------------------------------------------------------- */

static void help_overlay(struct viz *v)
{
	struct draw *d = &v->d;
	int cw = d->font.cw, ch = d->font.ch, n = 0;
	for (int i = 0; i < viz_nkeys; i++)
		n += viz_keys[i].keys != NULL;
	int w = 90 * cw, h = (n + 7) * ch;
	if (w > d->fb->w - 2 * cw)
		w = d->fb->w - 2 * cw;
	int x = (d->fb->w - w) / 2, y = (d->fb->h - h) / 2, r = 0;
	struct panel p = panel(v, x, y, w, h, "Help", true);
	textn(d, p.cx, row_y(v, &p, r), COL_TITLE, "Keys (with focus on the controls; F-keys work always)", p.cols);
	r += 2;
	for (int i = 0; i < viz_nkeys; i++) {
		char line[160];
		if (!viz_keys[i].keys)
			continue;
		snprintf(line, sizeof line, "  %-14s %s", viz_keys[i].keys, viz_keys[i].what);
		textn(d, p.cx, row_y(v, &p, r++), COL_TEXT, line, p.cols);
	}
	textn(d, p.cx, row_y(v, &p, r + 1), COL_TEXT,
	      "Colours: kernel mode red, user mode green; each process its own colour in", p.cols);
	textn(d, p.cx, row_y(v, &p, r + 2), COL_TEXT,
	      "the memory map and the process table; changed registers yellow.", p.cols);
}

static void prompt_line(struct viz *v)
{
	struct draw *d = &v->d;
	int ch = d->font.ch;
	const char *what = v->prompt_kind == 'b' ? "breakpoint at (address or symbol): "
			 : "memory at (address or symbol): ";
	int y = d->fb->h - ch - 4;
	fill(d, 0, y - 2, d->fb->w, ch + 6, COL_PC);
	int x = text(d, d->font.cw, y, COL_CHANGED, what);
	x = text(d, x, y, 0xFFFFFF, v->prompt);
	fill(d, x, y + ch - 3, d->font.cw, 2, COL_FOCUS);
}

/* ---- The layout ---------------------------------------------------------------------------------- */

void panels_draw(struct viz *v)
{
	struct draw *d = &v->d;
	int W = d->fb->w, H = d->fb->h, cw = d->font.cw, ch = d->font.ch, gap = 4;
	draw_begin(d);
	fill(d, 0, 0, W, H, COL_BG);
	int head = ch + 4;
	header(v, head);
	time_bar(v, gap + cw, head, W - 2 * gap - 2 * cw, ch + 2);
	head += ch + 2;
	int map_h = 5 * ch + 8;
	memory_map(v, gap, head, W - 2 * gap, map_h);
	int top = head + map_h + gap, rest = H - top - gap;

	/* Three columns: CPU; code; processes over memory.  Below them the
	 * events and the console, side by side. */
	int row_h = rest * 66 / 100;	/* taller windows: more code, processes, memory */
	int low = top + row_h + gap, low_h = H - low - gap;
	int wa = 40 * cw, wb = (W - wa - 4 * gap) / 2, wc = W - wa - wb - 4 * gap;
	int xa = gap, xb = xa + wa + gap, xc = xb + wb + gap;
	cpu_panel(v, xa, top, wa, row_h);
	code_panel(v, xb, top, wb, row_h);
	/* The process table: up to 55% of the column, as much as a title, a
	 * header and all NPROC slots need; never less than 9 lines. */
	int procs_h = row_h * 55 / 100, all_h = (NPROC + 2) * ch + 6;
	if (procs_h > all_h)
		procs_h = all_h;
	if (procs_h < 9 * ch)
		procs_h = 9 * ch;
	procs_panel(v, xc, top, wc, procs_h);
	memory_panel(v, xc, top + procs_h + gap, wc, row_h - procs_h - gap);
	int we = (W - 3 * gap) * 60 / 100;
	events_panel(v, gap, low, we, low_h);
	console_panel(v, 2 * gap + we, low, W - 3 * gap - we, low_h);
	if (v->help)
		help_overlay(v);
	if (v->prompt_kind)
		prompt_line(v);
}
