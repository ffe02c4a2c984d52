/*
 * history.c - the session's snapshots: the whole machine at moments of the
 * run, RAM as pages shared with the snapshot before while they are the same
 * (copy on write, found by comparing: the interpreter keeps no dirty bits,
 * so that a run without the debugger pays nothing), and the thinning that
 * keeps them within their memory: ever sparser away from the two places the
 * user is likely to look, the current moment and the frontier.
 */
#include <stdlib.h>
#include <string.h>

#include "debug_int.h"

static size_t snap_bytes(const struct history *h)
{
	return sizeof(struct snap) + h->nchunks * sizeof(struct chunk *);
}

int hist_init(struct dbg *s)
{
	struct history *h = &s->h;
	memset(h, 0, sizeof *h);
	h->nchunks = (cpu_mem_size(s->m) / PAGE_BYTES + CHUNK_PAGES - 1) / CHUNK_PAGES;
	h->limit = s->o.history_mem;
	h->interval = s->o.interval;
	h->base = -1;
	return hist_take(s);
}

static void page_drop(struct history *h, struct page *p)
{
	if (p && --p->refs == 0) {
		free(p);
		h->bytes -= sizeof *p;
		h->pages--;
	}
}

static void chunk_drop(struct history *h, struct chunk *c)
{
	if (!c || --c->refs)
		return;
	for (unsigned i = 0; i < CHUNK_PAGES; i++)
		page_drop(h, c->pg[i]);
	free(c);
	h->bytes -= sizeof *c;
}

static void snap_drop(struct history *h, struct snap *sn)
{
	for (uint32_t c = 0; c < h->nchunks; c++)
		chunk_drop(h, sn->chunks[c]);
	free(sn->chunks);
	h->bytes -= snap_bytes(h);
}

void hist_free(struct history *h)
{
	for (unsigned i = 0; i < h->n; i++)
		snap_drop(h, &h->snaps[i]);
	free(h->snaps);
	memset(h, 0, sizeof *h);
}

int hist_find(const struct history *h, uint64_t step)
{
	unsigned lo = 0, hi = h->n;	/* the last with snaps[i].step <= step */
	while (hi - lo > 1) {
		unsigned mid = lo + (hi - lo) / 2;
		if (h->snaps[mid].step <= step)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

static bool all_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)(const void *)p;
	for (unsigned i = 0; i < PAGE_BYTES / 8; i += 8) {
		uint64_t x = w[i] | w[i + 1] | w[i + 2] | w[i + 3] | w[i + 4] | w[i + 5] | w[i + 6] | w[i + 7];
		if (x)
			return false;
	}
	return true;
}

/* Does RAM page `at` hold what p says (NULL: zeros)? */
static bool page_same(const uint8_t *ram, const struct page *p)
{
	return p ? memcmp(ram, p->data, PAGE_BYTES) == 0 : all_zero(ram);
}

/*
 * The chunk of RAM at chunk index c as it is now, sharing what is the same
 * in old (the base snapshot's chunk, may be NULL): old itself if nothing
 * changed.  Returns false if out of memory.
 */
static bool chunk_now(struct history *h, const uint8_t *ram, uint32_t ram_size, uint32_t c,
		      struct chunk *old, struct chunk **out)
{
	struct chunk *nc = NULL;
	for (unsigned i = 0; i < CHUNK_PAGES; i++) {
		uint64_t at = ((uint64_t)c * CHUNK_PAGES + i) * PAGE_BYTES;
		if (at >= ram_size)
			break;
		struct page *was = old ? old->pg[i] : NULL;
		if (page_same(ram + at, was))
			continue;
		if (!nc) {
			nc = calloc(1, sizeof *nc);
			if (!nc)
				return false;
			nc->refs = 1;
			h->bytes += sizeof *nc;
			if (old)
				for (unsigned k = 0; k < CHUNK_PAGES; k++)
					if ((nc->pg[k] = old->pg[k]))
						nc->pg[k]->refs++;
		}
		page_drop(h, nc->pg[i]);
		nc->pg[i] = NULL;
		if (all_zero(ram + at))
			continue;
		struct page *p = malloc(sizeof *p);
		if (!p) {
			chunk_drop(h, nc);
			return false;
		}
		p->refs = 1;
		memcpy(p->data, ram + at, PAGE_BYTES);
		nc->pg[i] = p;
		h->bytes += sizeof *p;
		h->pages++;
	}
	if (!nc) {
		if (old)
			old->refs++;
		*out = old;
		return true;
	}
	/* A chunk of zeros is NULL. */
	bool empty = true;
	for (unsigned i = 0; i < CHUNK_PAGES && empty; i++)
		empty = !nc->pg[i];
	if (empty) {
		chunk_drop(h, nc);
		nc = NULL;
	}
	*out = nc;
	return true;
}

int hist_take(struct dbg *s)
{
	struct history *h = &s->h;
	uint64_t now = dbg_now(s);
	int at = h->n ? hist_find(h, now) : -1;
	if (at >= 0 && h->snaps[at].step == now)
		return 0;
	if (h->n == h->cap) {
		unsigned cap = h->cap ? h->cap * 2 : 64;
		struct snap *n = realloc(h->snaps, cap * sizeof *n);
		if (!n)
			return -1;
		h->snaps = n;
		h->cap = cap;
	}
	struct snap sn = { .step = now, .in_pos = s->in_pos, .getc_calls = s->getc_calls,
			   .out_pos = s->out_pos };
	sn.chunks = calloc(h->nchunks, sizeof *sn.chunks);
	if (!sn.chunks)
		return -1;
	cpu_save_state(s->m, &sn.st);
	const uint8_t *ram = cpu_mem_view(s->m);
	uint32_t size = cpu_mem_size(s->m);
	/* Compare with the snapshot RAM was last in step with (the closest
	 * earlier one: what the run changed since is little). */
	const struct snap *base = h->base >= 0 ? &h->snaps[h->base] : at >= 0 ? &h->snaps[at] : NULL;
	h->bytes += snap_bytes(h);
	for (uint32_t c = 0; c < h->nchunks; c++) {
		if (!chunk_now(h, ram, size, c, base ? base->chunks[c] : NULL, &sn.chunks[c])) {
			snap_drop(h, &sn);
			return -1;
		}
	}
	unsigned i = (unsigned)(at + 1);
	memmove(&h->snaps[i + 1], &h->snaps[i], (h->n - i) * sizeof *h->snaps);
	h->snaps[i] = sn;
	h->n++;
	h->base = (int)i;
	hist_thin(s);
	return 0;
}

void hist_restore(struct dbg *s, int i)
{
	struct history *h = &s->h;
	const struct snap *sn = &h->snaps[i];
	const uint8_t *ram = cpu_mem_view(s->m);
	uint32_t size = cpu_mem_size(s->m);
	static const uint8_t zeros[PAGE_BYTES];
	for (uint32_t c = 0; c < h->nchunks; c++) {
		const struct chunk *ch = sn->chunks[c];
		for (unsigned k = 0; k < CHUNK_PAGES; k++) {
			uint64_t at = ((uint64_t)c * CHUNK_PAGES + k) * PAGE_BYTES;
			if (at >= size)
				break;
			const struct page *p = ch ? ch->pg[k] : NULL;
			if (!page_same(ram + at, p))
				cpu_write(s->m, (uint32_t)at, p ? p->data : zeros, PAGE_BYTES);
		}
	}
	cpu_load_state(s->m, &sn->st);
	s->in_pos = sn->in_pos;
	s->getc_calls = sn->getc_calls;
	s->out_pos = sn->out_pos;
	h->base = i;
}

/*
 * How much snapshot i is worth keeping: the gap its removal would leave,
 * over its distance from the nearest place of interest (the current moment
 * and the frontier).  Removing the least worth first leaves gaps that grow
 * with the distance: snapshots spaced exponentially back from both.
 */
static double worth(const struct history *h, unsigned i, uint64_t now, uint64_t frontier)
{
	uint64_t step = h->snaps[i].step;
	uint64_t next = i + 1 < h->n ? h->snaps[i + 1].step : frontier;
	uint64_t gap = next - h->snaps[i - 1].step;
	uint64_t d1 = step > now ? step - now : now - step;
	uint64_t d2 = step > frontier ? step - frontier : frontier - step;
	uint64_t d = (d1 < d2 ? d1 : d2) + 1;
	return (double)gap / (double)d;
}

void hist_thin(struct dbg *s)
{
	struct history *h = &s->h;
	if (h->bytes <= h->limit)
		return;
	/* Down to 7/8 of the bound, so that thinning comes in batches. */
	size_t goal = h->limit - h->limit / 8;
	uint64_t now = dbg_now(s), frontier = s->frontier > now ? s->frontier : now;
	while (h->bytes > goal && h->n > 2) {
		unsigned worst = 1;
		double least = worth(h, 1, now, frontier);
		for (unsigned i = 2; i < h->n; i++) {
			double w = worth(h, i, now, frontier);
			if (w < least) {
				least = w;
				worst = i;
			}
		}
		snap_drop(h, &h->snaps[worst]);
		memmove(&h->snaps[worst], &h->snaps[worst + 1], (h->n - worst - 1) * sizeof *h->snaps);
		h->n--;
		h->thinned++;
		if (h->base == (int)worst)
			h->base = -1;
		else if (h->base > (int)worst)
			h->base--;
	}
}

void dbg_history(const struct dbg *s, struct dbg_history_stats *out)
{
	const struct history *h = &s->h;
	out->snapshots = h->n;
	out->bytes = h->bytes + s->in_cap * sizeof *s->in_log + s->out_cap;
	out->limit = h->limit;
	out->pages = h->pages;
	out->first = h->n ? h->snaps[0].step : 0;
	out->last = h->n ? h->snaps[h->n - 1].step : 0;
	out->interval = h->interval;
	out->thinned = h->thinned;
}
