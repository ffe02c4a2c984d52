/*
 * disasm.c - instruction words and whole images back to assembly text the
 * assembler accepts.  Operands are printed in the order of the form's syntax
 * (forms.def) from the fields asm_decode reads, so the two directions share
 * one description of every form.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

/* snprintf that appends and keeps counting past the end of the buffer. */
struct out {
	char *buf;
	size_t n, len;
};

static void put(struct out *o, const char *fmt, ...) ASM_PRINTF(2, 3);
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(o->len < o->n ? o->buf + o->len : NULL, o->len < o->n ? o->n - o->len : 0,
			  fmt, ap);
	va_end(ap);
	if (k > 0)
		o->len += (size_t)k;
}

int disasm_insn(uint32_t word, uint32_t pc, char *buf, size_t n, disasm_sym_fn *sym, void *ctx)
{
	struct out o = { buf, n, 0 };
	if (n)
		buf[0] = '\0';
	const struct isa_insn *in = isa_by_opcode(insn_op(word));
	enum asm_opnd k[ASM_MAX_OPNDS];
	int cnt = in ? asm_syntax(isa_forms[in->form].syntax, k) : -1;
	if (!in || !isa_valid(word) || cnt < 0) {
		put(&o, ".word 0x%08x", word);
		return (int)o.len;
	}
	struct asm_args a;
	asm_decode(word, in, pc, &a);
	put(&o, cnt ? "%-5s " : "%s", in->mnemonic);
	for (int i = 0; i < cnt; i++) {
		if (i)
			put(&o, ", ");
		switch (k[i]) {
		case OPND_RD:  put(&o, "%s", isa_reg_names[a.rd]); break;
		case OPND_RS1: put(&o, "%s", isa_reg_names[a.rs1]); break;
		case OPND_RS2: put(&o, "%s", isa_reg_names[a.rs2]); break;
		case OPND_SIMM: put(&o, "%ld", (long)(int32_t)a.imm); break;
		case OPND_UIMM: put(&o, "0x%x", (unsigned)a.imm); break;
		case OPND_MEM: put(&o, "%ld(%s)", (long)(int32_t)a.imm, isa_reg_names[a.rs1]); break;
		case OPND_CR:
			if (a.imm < CR_COUNT)
				for (const char *c = isa_cregs[a.imm].name; *c; c++)
					put(&o, "%c", tolower((unsigned char)*c));
			else
				put(&o, "%lu", (unsigned long)a.imm);
			break;
		case OPND_TARGET: {
			const char *name = sym ? sym(ctx, a.imm) : NULL;
			if (name)
				put(&o, "%s", name);
			else
				put(&o, "0x%08lx", (unsigned long)a.imm);
			break;
		}
		default:
			put(&o, "%lu", (unsigned long)a.imm);
			break;
		}
	}
	return (int)o.len;
}

/* ---- Whole images ----------------------------------------------------------- */

struct label {
	const char *name;
	uint32_t value;
	int seg;		/* segment it is written in, -1: written as .equ */
};

struct dis {
	FILE *out;
	const struct img *im;
	struct label *labels;	/* usable CODE/DATA symbols, by value */
	size_t nlabels;
	size_t next;		/* next label to write, in the current segment */
	int seg;
};

/* Can the assembler take name back as a new symbol? */
static bool usable(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > IMG_MAX_NAME || !asm_ident_start((unsigned char)name[0])
	    || (n == 1 && name[0] == '.') || asm_reg(name, n) >= 0 || asm_predefined(name))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!asm_ident_char((unsigned char)name[i]))
			return false;
	return true;
}

/* A name for a comment: anything unprintable becomes '?'. */
static void put_safe(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s >= 0x20 && *s < 0x7F ? *s : '?', f);
}

static int by_value(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;	/* same order every run */
}

static const char *label_at(void *ctx, uint32_t addr)
{
	const struct dis *D = ctx;
	size_t lo = 0, hi = D->nlabels;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (D->labels[mid].value < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < D->nlabels && D->labels[lo].value == addr ? D->labels[lo].name : NULL;
}

/* Write the labels of the current segment that fall at addr or before. */
static void labels_upto(struct dis *D, uint64_t addr)
{
	for (; D->next < D->nlabels; D->next++) {
		const struct label *l = &D->labels[D->next];
		if (l->seg != D->seg)
			continue;
		if (l->value > addr)
			break;
		fprintf(D->out, "%s:\n", l->name);
	}
}

/* The first label of the current segment after addr, or limit. */
static uint64_t next_label(const struct dis *D, uint64_t addr, uint64_t limit)
{
	for (size_t i = D->next; i < D->nlabels; i++)
		if (D->labels[i].seg == D->seg && D->labels[i].value > addr)
			return D->labels[i].value < limit ? D->labels[i].value : limit;
	return limit;
}

static bool printable(uint8_t c) { return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t'; }

static size_t run_of(const uint8_t *p, size_t n, bool zeros)
{
	size_t k = 0;
	while (k < n && (zeros ? p[k] == 0 : printable(p[k])))
		k++;
	return k;
}

/* Does a run worth its own line (text, or zeros for .space) start at p? */
static bool run_starts(const uint8_t *p, size_t n, bool tail)
{
	return run_of(p, n, false) >= 4 || (run_of(p, n, true) >= 8 && (tail || run_of(p, n, true) < n));
}

static void put_text(FILE *out, const uint8_t *p, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (p[k] == '\n')
			fputs("\\n", out);
		else if (p[k] == '\t')
			fputs("\\t", out);
		else if (p[k] == '"' || p[k] == '\\')
			fprintf(out, "\\%c", p[k]);
		else
			fputc(p[k], out);
	}
}

/*
 * Bytes as data, n of them at addr: text as .ascii or .asciz, runs of zeros
 * as .space, aligned words as .word, the rest as .byte.  tail: more file
 * bytes follow these n (zeros at the very end of the file part must stay
 * bytes, or the segment would come back with a shorter file size).
 */
static void data_bytes(struct dis *D, const uint8_t *p, uint32_t addr, size_t n, bool tail)
{
	FILE *out = D->out;
	size_t i = 0;
	while (i < n) {
		size_t text = run_of(p + i, n - i, false), zeros = run_of(p + i, n - i, true);
		uint32_t at = addr + (uint32_t)i;
		if (text >= 4) {
			text = text > 48 ? 48 : text;
			bool z = i + text < n && p[i + text] == 0;
			fprintf(out, "\t.%s \"", z ? "asciz" : "ascii");
			put_text(out, p + i, text);
			fprintf(out, "\"\t# %08lx\n", (unsigned long)at);
			i += text + z;
			continue;
		}
		if (zeros >= 8 && (tail || i + zeros < n)) {
			fprintf(out, "\t.space %lu\t\t\t# %08lx\n", (unsigned long)zeros, (unsigned long)at);
			i += zeros;
			continue;
		}
		bool words = at % 4 == 0 && n - i >= 4;
		size_t step = words ? 4 : 1, k = 0;
		fputs(words ? "\t.word " : "\t.byte ", out);
		do {
			if (words)
				fprintf(out, "%s0x%08lx", k ? ", " : "",
					(unsigned long)(p[i + k] | p[i + k + 1] << 8 | (uint32_t)p[i + k + 2] << 16
							| (uint32_t)p[i + k + 3] << 24));
			else
				fprintf(out, "%s0x%02x", k ? ", " : "", p[i + k]);
			k += step;
		} while (k < (words ? 16u : 8u) && i + k + step <= n && !run_starts(p + i + k, n - i - k, tail)
			 && (words || (addr + i + k) % 4 != 0 || n - i - k < 4));
		fprintf(out, "\t# %08lx\n", (unsigned long)at);
		i += k;
	}
}

static void code_bytes(struct dis *D, const struct img_seg *s)
{
	uint32_t off = 0;
	while (off < s->filesz) {
		uint32_t pc = s->addr + off;
		labels_upto(D, pc);
		uint64_t stop = next_label(D, pc, (uint64_t)s->addr + s->filesz);
		if (pc % 4 == 0 && (uint64_t)pc + 4 <= stop) {
			const uint8_t *p = s->data + off;
			uint32_t w = p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
			char text[DISASM_MAX];
			disasm_insn(w, pc, text, sizeof text, label_at, D);
			fprintf(D->out, "\t%-32s# %08lx: %08lx\n", text, (unsigned long)pc,
				(unsigned long)w);
			off += 4;
		} else {
			/* not a whole aligned word before the next label: bytes */
			uint32_t n = (uint32_t)(stop - pc);
			if (pc % 4)
				n = n < 4 - pc % 4 ? n : 4 - pc % 4;
			data_bytes(D, s->data + off, pc, n, pc + n < (uint64_t)s->addr + s->filesz);
			off += n;
		}
	}
}

static void segment(struct dis *D, int i, bool text)
{
	const struct img_seg *s = &D->im->segs[i];
	fprintf(D->out, "\n\t.org 0x%08lx\t\t\t# segment %d: %s, %lu bytes (%lu in the file)\n",
		(unsigned long)s->addr, i, text ? "code" : "data", (unsigned long)s->memsz,
		(unsigned long)s->filesz);
	D->seg = i;
	D->next = 0;
	if (text) {
		code_bytes(D, s);
	} else {
		uint32_t off = 0;
		while (off < s->filesz) {
			labels_upto(D, s->addr + off);
			uint64_t stop = next_label(D, s->addr + off, (uint64_t)s->addr + s->filesz);
			uint32_t n = (uint32_t)(stop - (s->addr + off));
			data_bytes(D, s->data + off, s->addr + off, n, off + n < s->filesz);
			off += n;
		}
	}
	/* the zero-filled rest, split at labels */
	uint64_t at = (uint64_t)s->addr + s->filesz, end = (uint64_t)s->addr + s->memsz;
	while (at < end) {
		labels_upto(D, at);
		uint64_t stop = next_label(D, at, end);
		fprintf(D->out, "\t.space %lu\n", (unsigned long)(stop - at));
		at = stop;
	}
	labels_upto(D, end);
}

/* Give every label the segment it is written in: the one holding it, else
 * the one it ends (a label just past the last byte), else none (.equ). */
static void assign(struct dis *D)
{
	const struct img *im = D->im;
	for (size_t k = 0; k < D->nlabels; k++) {
		struct label *l = &D->labels[k];
		l->seg = -1;
		for (uint32_t i = 0; i < im->nsegs && l->seg < 0; i++)
			if (l->value >= im->segs[i].addr && l->value - im->segs[i].addr < im->segs[i].memsz)
				l->seg = (int)i;
		for (uint32_t i = 0; i < im->nsegs && l->seg < 0; i++)
			if ((uint64_t)im->segs[i].addr + im->segs[i].memsz == l->value)
				l->seg = (int)i;
	}
}

/* Symbol names sorted with their index, to find repeated names in
 * O(n log n) rather than comparing every pair. */
struct named {
	const char *name;
	uint32_t index;
};

static int by_name(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* dup[i] is true when symbol i repeats the name of an earlier symbol. */
static bool *find_duplicates(const struct img *im)
{
	bool *dup = calloc(im->nsyms ? im->nsyms : 1, sizeof *dup);
	struct named *v = malloc((im->nsyms ? im->nsyms : 1) * sizeof *v);
	if (!dup || !v) {
		free(dup);
		free(v);
		return NULL;
	}
	for (uint32_t i = 0; i < im->nsyms; i++)
		v[i] = (struct named){ img_symbol(im, i).name, i };
	qsort(v, im->nsyms, sizeof *v, by_name);
	for (uint32_t i = 1; i < im->nsyms; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0)
			dup[v[i].index] = true;
	free(v);
	return dup;
}

int disasm_image(FILE *out, const struct img *im)
{
	struct dis D = { out, im, NULL, 0, 0, -1 };
	bool *dups = find_duplicates(im);
	D.labels = malloc((im->nsyms ? im->nsyms : 1) * sizeof *D.labels);
	if (!D.labels || !dups) {
		free(D.labels);
		free(dups);
		return -1;
	}
	fprintf(out, "# image: %lu segments, %lu symbols, %lu files, entry 0x%08lx\n",
		(unsigned long)im->nsegs, (unsigned long)im->nsyms, (unsigned long)im->nfiles,
		(unsigned long)im->entry);
	for (uint32_t i = 0; i < im->nsyms; i++) {
		struct img_sym s = img_symbol(im, i);
		if (!usable(s.name) || dups[i]) {
			fputs("# symbol '", out);
			put_safe(out, s.name);
			fprintf(out, "' = 0x%08lx left out: not a name this assembler can define\n",
				(unsigned long)s.value);
		} else if (s.kind == SYM_CONST) {
			fprintf(out, "\t.equ %s, 0x%08lx\n", s.name, (unsigned long)s.value);
		} else {
			D.labels[D.nlabels++] = (struct label){ s.name, s.value, -1 };
		}
	}
	for (uint32_t i = 0; i < im->nfiles; i++) {
		struct img_file f = img_file(im, i);
		fputs("# file '", out);
		put_safe(out, f.name);
		fprintf(out, "', %lu bytes%s: not disassembled (vm asm --file packs it)\n",
			(unsigned long)f.size, f.flags & FILE_IMAGE ? ", an image" : "");
	}
	qsort(D.labels, D.nlabels, sizeof *D.labels, by_value);
	assign(&D);
	for (size_t k = 0; k < D.nlabels; k++)
		if (D.labels[k].seg < 0)
			fprintf(out, "\t.equ %s, 0x%08lx\t# outside every segment\n", D.labels[k].name,
				(unsigned long)D.labels[k].value);
	const char *entry = label_at(&D, im->entry);
	if (entry)
		fprintf(out, "\t.entry %s\n", entry);
	else
		fprintf(out, "\t.entry 0x%08lx\n", (unsigned long)im->entry);

	/* executable segments in .text, the others in .data, each by address */
	for (int pass = 0; pass < 2; pass++) {
		bool text = pass == 0;
		fprintf(out, "\n\t%s\n", text ? ".text" : ".data");
		uint64_t last = 0;
		for (;;) {
			int best = -1;
			for (uint32_t i = 0; i < im->nsegs; i++) {
				const struct img_seg *s = &im->segs[i];
				if (((s->flags & SEG_EXEC) != 0) == text && s->addr + 1ull > last
				    && (best < 0 || s->addr < im->segs[best].addr))
					best = (int)i;
			}
			if (best < 0)
				break;
			segment(&D, best, text);
			last = im->segs[best].addr + 1ull;
		}
	}
	free(D.labels);
	free(dups);
	return ferror(out) ? -1 : 0;
}
