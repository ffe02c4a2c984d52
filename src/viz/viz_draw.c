/*
 * viz_draw.c - the drawing layer: a software frame (what the window shows
 * and what a screenshot saves), a monospace font rendered once into a
 * table of glyph coverages, rectangles, text, and PNG files (SDL2_image).
 *
 * Everything is drawn by the CPU into one ARGB surface: the window only
 * copies it to the screen, so a screenshot taken headless is exactly what
 * the window would show.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "viz_int.h"

/* ---- The font ---------------------------------------------------------------- */

/* The point size for a frame: readable at 1280x720, larger above. */
static int font_px_for(int w, int h)
{
	int by_h = h / 52, by_w = w / 98;
	int px = by_h < by_w ? by_h : by_w;
	return px < 11 ? 11 : px > 22 ? 22 : px;
}

static void font_free(struct font *f)
{
	if (f->ttf)
		TTF_CloseFont(f->ttf);
	free(f->alpha);
	memset(f, 0, sizeof *f);
}

/* Open the font at px points and render every printable ASCII glyph once. */
static int font_open(struct font *f, const char *path, int px, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->ttf = TTF_OpenFont(path, px);
	if (!f->ttf) {
		snprintf(err, errlen, "%s: cannot open the font: %s", path, TTF_GetError());
		return -1;
	}
	f->px = px;
	int adv = 0;
	TTF_GlyphMetrics(f->ttf, 'M', NULL, NULL, NULL, NULL, &adv);
	f->cw = adv > 0 ? adv : px / 2 + 1;
	f->ascent = TTF_FontAscent(f->ttf);
	/* A cell is a line, and tall enough for every glyph's ink: at small
	 * sizes the underscore sits below the line skip and would be cut off. */
	f->ch = TTF_FontLineSkip(f->ttf);
	for (int c = GLYPH_FIRST + 1; c <= GLYPH_LAST; c++) {
		int miny = 0;
		if (TTF_GlyphMetrics(f->ttf, (Uint16)c, NULL, NULL, &miny, NULL, NULL) == 0 &&
		    f->ascent - miny > f->ch)
			f->ch = f->ascent - miny;
	}
	size_t cell = (size_t)f->cw * (size_t)f->ch;
	f->alpha = calloc((GLYPH_LAST - GLYPH_FIRST + 1) * cell, 1);
	if (!f->alpha) {
		snprintf(err, errlen, "out of memory for the font");
		font_free(f);
		return -1;
	}
	SDL_Color white = { 255, 255, 255, 255 };
	for (int c = GLYPH_FIRST + 1; c <= GLYPH_LAST; c++) {
		char s[2] = { (char)c, 0 };
		SDL_Surface *g = TTF_RenderText_Blended(f->ttf, s, white);
		if (!g)
			continue;
		SDL_Surface *a = SDL_ConvertSurfaceFormat(g, SDL_PIXELFORMAT_ARGB8888, 0);
		SDL_FreeSurface(g);
		if (!a)
			continue;
		uint8_t *dst = f->alpha + (size_t)(c - GLYPH_FIRST) * cell;
		for (int y = 0; y < a->h && y < f->ch; y++) {
			const uint32_t *row = (const uint32_t *)((const uint8_t *)a->pixels + (size_t)y * (size_t)a->pitch);
			for (int x = 0; x < a->w && x < f->cw; x++)
				dst[y * f->cw + x] = (uint8_t)(row[x] >> 24);
		}
		SDL_FreeSurface(a);
	}
	return 0;
}

/* ---- The frame ---------------------------------------------------------------- */

static int frame_new(struct draw *d, int w, int h, char *err, size_t errlen)
{
	SDL_Surface *fb = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!fb) {
		snprintf(err, errlen, "cannot make a %dx%d frame: %s", w, h, SDL_GetError());
		return -1;
	}
	if (d->fb)
		SDL_FreeSurface(d->fb);
	d->fb = fb;
	return 0;
}

int draw_init(struct draw *d, const char *font_path, int w, int h, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->font_path = font_path;
	d->drawn = malloc(DRAWN_MAX * sizeof *d->drawn);
	d->pool = malloc(DRAWN_POOL);
	if (!d->drawn || !d->pool) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!TTF_WasInit() && TTF_Init() != 0) {
		snprintf(err, errlen, "cannot start SDL_ttf: %s", TTF_GetError());
		return -1;
	}
	if (font_open(&d->font, font_path, font_px_for(w, h), err, errlen))
		return -1;
	return frame_new(d, w, h, err, errlen);
}

int draw_resize(struct draw *d, int w, int h, char *err, size_t errlen)
{
	if (d->fb && d->fb->w == w && d->fb->h == h)
		return 0;
	int px = font_px_for(w, h);
	if (px != d->font.px) {
		struct font f;
		if (font_open(&f, d->font_path, px, err, errlen))
			return -1;
		font_free(&d->font);
		d->font = f;
	}
	return frame_new(d, w, h, err, errlen);
}

void draw_free(struct draw *d)
{
	font_free(&d->font);
	if (d->fb)
		SDL_FreeSurface(d->fb);
	d->fb = NULL;
	free(d->drawn);
	free(d->pool);
	d->drawn = NULL;
	d->pool = NULL;
}

void draw_begin(struct draw *d)
{
	d->ndrawn = d->pool_used = 0;
}

/* Keep the n characters of s drawn at (x, y), while there is room. */
static void keep(struct draw *d, int x, int y, uint32_t rgb, const char *s, int n)
{
	if (n <= 0 || d->ndrawn == DRAWN_MAX || d->pool_used + (unsigned)n + 1 > DRAWN_POOL)
		return;
	memcpy(d->pool + d->pool_used, s, (size_t)n);
	d->pool[d->pool_used + (unsigned)n] = '\0';
	d->drawn[d->ndrawn++] = (struct drawn){ x, y, rgb, d->pool_used, (unsigned)n };
	d->pool_used += (unsigned)n + 1;
}

static uint32_t *pixel_row(struct draw *d, int y)
{
	return (uint32_t *)((uint8_t *)d->fb->pixels + (size_t)y * (size_t)d->fb->pitch);
}

void fill(struct draw *d, int x, int y, int w, int h, uint32_t rgb)
{
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = x + w > d->fb->w ? d->fb->w : x + w, y1 = y + h > d->fb->h ? d->fb->h : y + h;
	for (int yy = y0; yy < y1; yy++) {
		uint32_t *row = pixel_row(d, yy);
		for (int xx = x0; xx < x1; xx++)
			row[xx] = 0xFF000000u | rgb;
	}
}

void frame_rect(struct draw *d, int x, int y, int w, int h, int t, uint32_t rgb)
{
	fill(d, x, y, w, t, rgb);
	fill(d, x, y + h - t, w, t, rgb);
	fill(d, x, y, t, h, rgb);
	fill(d, x + w - t, y, t, h, rgb);
}

static uint32_t blend(uint32_t under, uint32_t rgb, unsigned a)
{
	uint32_t out = 0xFF000000u;
	for (int sh = 0; sh <= 16; sh += 8) {
		unsigned u = (under >> sh) & 0xFF, c = (rgb >> sh) & 0xFF;
		out |= ((u * (255 - a) + c * a) / 255) << sh;
	}
	return out;
}

static void glyph(struct draw *d, int x, int y, int scale, uint32_t rgb, unsigned char c)
{
	const struct font *f = &d->font;
	if (c <= GLYPH_FIRST || c > GLYPH_LAST)
		return;
	const uint8_t *g = f->alpha + (size_t)(c - GLYPH_FIRST) * (size_t)f->cw * (size_t)f->ch;
	for (int gy = 0; gy < f->ch * scale; gy++) {
		int py = y + gy;
		if (py < 0 || py >= d->fb->h)
			continue;
		uint32_t *row = pixel_row(d, py);
		for (int gx = 0; gx < f->cw * scale; gx++) {
			int px = x + gx;
			unsigned a = g[(gy / scale) * f->cw + gx / scale];
			if (a && px >= 0 && px < d->fb->w)
				row[px] = a == 255 ? 0xFF000000u | rgb : blend(row[px], rgb, a);
		}
	}
}

int textn(struct draw *d, int x, int y, uint32_t rgb, const char *s, int max_chars)
{
	int n = 0;
	for (; s[n] && n < max_chars; n++)
		glyph(d, x + n * d->font.cw, y, 1, rgb, (unsigned char)s[n]);
	keep(d, x, y, rgb, s, n);
	return x + n * d->font.cw;
}

int text(struct draw *d, int x, int y, uint32_t rgb, const char *s)
{
	return textn(d, x, y, rgb, s, 1 << 20);
}

int text_big(struct draw *d, int x, int y, int scale, uint32_t rgb, const char *s)
{
	int n = 0;
	for (; s[n]; n++)
		glyph(d, x + n * d->font.cw * scale, y, scale, rgb, (unsigned char)s[n]);
	keep(d, x, y, rgb, s, n);
	return x + n * d->font.cw * scale;
}

int textf(struct draw *d, int x, int y, uint32_t rgb, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return text(d, x, y, rgb, buf);
}

/* ---- PNG: SDL2_image writes it ----------------------------------------------------- */

int viz_save_png(SDL_Surface *s, const char *path)
{
	/* 8-bit RGB: the frame is opaque, an alpha channel would only add bytes. */
	SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
	if (!rgb)
		return -1;
	int r = IMG_SavePNG(rgb, path);
	SDL_FreeSurface(rgb);
	return r == 0 ? 0 : -1;
}
