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

/*
 * The assembler writes symbols in the order the source defines them, and
 * a source defines a section's labels in address order but may go back and
 * forth between .text and .data (each file of a program has both).  So the
 * disassembly writes the labels in the image's own symbol order, switching
 * sections as it goes, and an image our assembler made comes back byte for
 * byte, symbol table and string table included.  An image whose order no
 * source could give (made by another tool) gets its labels by address.
 */

struct label {
	const char *name;
	uint32_t value;
	int seg;		/* segment it is written in, -1: written as .equ */
	bool konst;		/* SYM_CONST: an .equ wherever it comes */
};

struct dis {
	FILE *out;
	const struct img *im;
	struct label *labels;	/* every usable symbol, in the image's order */
	struct label *sorted;	/* the labels (not the constants), by value */
	size_t nlabels, nsorted;
	int section;		/* -1 none yet, 1 .text, 0 .data */
	bool started[IMG_MAX_SEGS];
	uint64_t pos[IMG_MAX_SEGS];	/* address written up to, once started */
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
	size_t lo = 0, hi = D->nsorted;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (D->sorted[mid].value < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < D->nsorted && D->sorted[lo].value == addr ? D->sorted[lo].name : NULL;
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

/* Code bytes [from, to) of segment s, with no label inside: instructions
 * where a whole aligned word fits, bytes elsewhere. */
static void code_bytes(struct dis *D, const struct img_seg *s, uint32_t from, uint32_t to)
{
	uint32_t pc = from;
	while (pc < to) {
		const uint8_t *p = s->data + (pc - s->addr);
		if (pc % 4 == 0 && (uint64_t)pc + 4 <= to) {
			uint32_t w = p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
			char text[DISASM_MAX];
			disasm_insn(w, pc, text, sizeof text, label_at, D);
			fprintf(D->out, "\t%-32s# %08lx: %08lx\n", text, (unsigned long)pc,
				(unsigned long)w);
			pc += 4;
		} else {
			/* not a whole aligned word before the next label: bytes */
			uint32_t n = to - pc;
			if (pc % 4)
				n = n < 4 - pc % 4 ? n : 4 - pc % 4;
			data_bytes(D, p, pc, n, (uint64_t)pc + n < (uint64_t)s->addr + s->filesz);
			pc += n;
		}
	}
}

static bool seg_text(const struct img_seg *s) { return (s->flags & SEG_EXEC) != 0; }

/* Write segment i from where it was left up to addr, with no label inside:
 * its file bytes as code or data, the zero-filled rest as .space. */
static void write_upto(struct dis *D, int i, uint64_t addr)
{
	const struct img_seg *s = &D->im->segs[i];
	uint64_t file_end = (uint64_t)s->addr + s->filesz, at = D->pos[i];
	if (at < file_end && at < addr) {
		uint32_t to = (uint32_t)(addr < file_end ? addr : file_end);
		if (seg_text(s))
			code_bytes(D, s, (uint32_t)at, to);
		else
			data_bytes(D, s->data + (at - s->addr), (uint32_t)at, to - at, to < file_end);
		at = to;
	}
	if (at < addr)
		fprintf(D->out, "\t.space %lu\n", (unsigned long)(addr - at));
	D->pos[i] = addr;
}

/* Go to address addr of segment i: into its section, finishing the
 * segments of that section below it and starting it with its .org. */
static void go_to(struct dis *D, int i, uint64_t addr)
{
	const struct img *im = D->im;
	const struct img_seg *s = &im->segs[i];
	bool text = seg_text(s);
	if (D->section != text) {
		fprintf(D->out, "\n\t%s\n", text ? ".text" : ".data");
		D->section = text;
	}
	if (!D->started[i]) {
		for (uint32_t k = 0; k < im->nsegs; k++)
			if (D->started[k] && seg_text(&im->segs[k]) == text && im->segs[k].addr < s->addr)
				write_upto(D, (int)k, (uint64_t)im->segs[k].addr + im->segs[k].memsz);
		fprintf(D->out, "\n\t.org 0x%08lx\t\t\t# segment %d: %s, %lu bytes (%lu in the file)\n",
			(unsigned long)s->addr, i, text ? "code" : "data", (unsigned long)s->memsz,
			(unsigned long)s->filesz);
		D->started[i] = true;
		D->pos[i] = s->addr;
	}
	write_upto(D, i, addr);
}

/* Give every label the segment it is written in: the one holding it, else
 * the one it ends (a label just past the last byte), else none (.equ). */
static void assign(struct dis *D)
{
	const struct img *im = D->im;
	for (size_t k = 0; k < D->nlabels; k++) {
		struct label *l = &D->labels[k];
		l->seg = -1;
		for (uint32_t i = 0; i < im->nsegs && l->seg < 0 && !l->konst; i++)
			if (l->value >= im->segs[i].addr && l->value - im->segs[i].addr < im->segs[i].memsz)
				l->seg = (int)i;
		for (uint32_t i = 0; i < im->nsegs && l->seg < 0 && !l->konst; i++)
			if ((uint64_t)im->segs[i].addr + im->segs[i].memsz == l->value)
				l->seg = (int)i;
	}
}

/* Could a source define the labels in this order?  Within a segment they
 * must not go back, and a section cannot go back to a lower segment (.org
 * only moves forward). */
static bool source_order(const struct dis *D)
{
	const struct img *im = D->im;
	bool started[IMG_MAX_SEGS] = { false };
	uint64_t pos[IMG_MAX_SEGS];
	for (size_t k = 0; k < D->nlabels; k++) {
		int i = D->labels[k].seg;
		if (i < 0)
			continue;
		if (!started[i]) {
			for (uint32_t j = 0; j < im->nsegs; j++)
				if (started[j] && seg_text(&im->segs[j]) == seg_text(&im->segs[i])
				    && im->segs[j].addr > im->segs[i].addr)
					return false;
			started[i] = true;
			pos[i] = im->segs[i].addr;
		}
		if (D->labels[k].value < pos[i])
			return false;
		pos[i] = D->labels[k].value;
	}
	return true;
}

/* The labels in the order they are written: the image's, or else constants
 * first and the rest by address. */
static void writing_order(struct dis *D)
{
	if (source_order(D))
		return;
	size_t n = 0;
	for (size_t k = 0; k < D->nlabels; k++)
		if (D->labels[k].konst)
			D->labels[n++] = D->labels[k];
	memcpy(D->labels + n, D->sorted, D->nsorted * sizeof *D->sorted);
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
	struct dis D = { .out = out, .im = im, .section = -1 };
	bool *dups = find_duplicates(im);
	D.labels = malloc((im->nsyms ? im->nsyms : 1) * sizeof *D.labels);
	D.sorted = malloc((im->nsyms ? im->nsyms : 1) * sizeof *D.sorted);
	if (!D.labels || !D.sorted || !dups) {
		free(D.labels);
		free(D.sorted);
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
		} else {
			D.labels[D.nlabels++] = (struct label){ s.name, s.value, -1, s.kind == SYM_CONST };
		}
	}
	for (uint32_t i = 0; i < im->nfiles; i++) {
		struct img_file f = img_file(im, i);
		fputs("# file '", out);
		put_safe(out, f.name);
		fprintf(out, "', %lu bytes%s: not disassembled (vm asm --file packs it)\n",
			(unsigned long)f.size, f.flags & FILE_IMAGE ? ", an image" : "");
	}
	assign(&D);
	for (size_t k = 0; k < D.nlabels; k++)
		if (!D.labels[k].konst && D.labels[k].seg >= 0)
			D.sorted[D.nsorted++] = D.labels[k];
	qsort(D.sorted, D.nsorted, sizeof *D.sorted, by_value);
	writing_order(&D);
	const char *entry = label_at(&D, im->entry);
	if (entry)
		fprintf(out, "\t.entry %s\n", entry);
	else
		fprintf(out, "\t.entry 0x%08lx\n", (unsigned long)im->entry);

	for (size_t k = 0; k < D.nlabels; k++) {
		const struct label *l = &D.labels[k];
		if (l->seg < 0) {
			fprintf(out, "\t.equ %s, 0x%08lx%s\n", l->name, (unsigned long)l->value,
				l->konst ? "" : "\t# outside every segment");
			continue;
		}
		go_to(&D, l->seg, l->value);
		fprintf(out, "%s:\n", l->name);
	}
	/* the rest: executable segments in .text, the others in .data, by address */
	for (int pass = 0; pass < 2; pass++) {
		bool text = pass == 0;
		uint64_t last = 0;
		for (;;) {
			int best = -1;
			for (uint32_t i = 0; i < im->nsegs; i++) {
				const struct img_seg *s = &im->segs[i];
				if (seg_text(s) == text && s->addr + 1ull > last
				    && (best < 0 || s->addr < im->segs[best].addr))
					best = (int)i;
			}
			if (best < 0)
				break;
			go_to(&D, best, (uint64_t)im->segs[best].addr + im->segs[best].memsz);
			last = im->segs[best].addr + 1ull;
		}
	}
	free(D.labels);
	free(D.sorted);
	free(dups);
	return ferror(out) ? -1 : 0;
}
