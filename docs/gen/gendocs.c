/*
 * gendocs.c - prints the reference tables of the docs from the .def rows,
 * so the documentation cannot drift from the machine.  A doc marks each
 * generated table with a pair of comment lines:
 *
 *     <!-- BEGIN GENERATED: instructions -->
 *     ...table...
 *     <!-- END GENERATED: instructions -->
 *
 * Usage:
 *     gendocs                      print every table, each under its name
 *     gendocs --list               the names of the tables
 *     gendocs NAME...              print those tables
 *     gendocs --update FILE...     rewrite the marked sections in place
 *     gendocs --check FILE...      exit 1, naming each stale section, if
 *                                  any marked section differs
 *
 * Columns isa.c keeps as arrays come from there (so the docs show what the
 * CPU and the assembler use); the others are expanded here from the .def
 * files with X-macros.  The only text written in this file is a column
 * heading or a one-line description of a constant whose value comes from
 * isa.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"

/* ---- A growing string ---------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_grow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		fputs("gendocs: out of memory\n", stderr);
		exit(2);
	}
	b->p = p;
	b->cap = cap;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- Markdown cells -------------------------------------------------------- */

/* Plain text in a table cell: a pipe would end the cell, and '<' before a
 * letter would start an HTML tag ("<s" is strikethrough). */
static void cell_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_puts(b, "\\|");
		else if (*s == '<' && (s[1] == '/' || (s[1] >= 'a' && s[1] <= 'z') ||
				       (s[1] >= 'A' && s[1] <= 'Z')))
			buf_puts(b, "&lt;");
		else
			buf_add(b, s, 1);
	}
}

/* Text as a code span in a table cell (GitHub tables need \| even there). */
static void cell_code(struct buf *b, const char *s)
{
	if (!*s)
		return;
	buf_puts(b, "`");
	for (; *s; s++) {
		if (*s == '|')
			buf_puts(b, "\\|");
		else
			buf_add(b, s, 1);
	}
	buf_puts(b, "`");
}

/* "| a | b |\n| --- | --- |\n" from "a|b". */
static void header(struct buf *b, const char *cols)
{
	int n = 1;
	buf_puts(b, "| ");
	for (const char *c = cols; *c; c++) {
		if (*c == '|') {
			buf_puts(b, " | ");
			n++;
		} else {
			buf_add(b, c, 1);
		}
	}
	buf_puts(b, " |\n|");
	for (int i = 0; i < n; i++)
		buf_puts(b, " --- |");
	buf_puts(b, "\n");
}

/* ---- Names of the enums isa.h keeps as numbers ------------------------------ */

static const char *const layout_names[] = {
	[LAYOUT_R] = "R", [LAYOUT_I] = "I", [LAYOUT_J] = "J", [LAYOUT_N] = "N",
};
static const char *const kind_names[] = {
	[CAUSE_FAULT] = "fault", [CAUSE_TRAP] = "trap", [CAUSE_INTR] = "interrupt",
};
static const char *const pushed_names[] = {
	[PUSH_THIS] = "this instruction's pc",
	[PUSH_NEXT] = "the next instruction's pc",
};

/* The TRAP_* name whose row text says what an F_TRAP instruction raises:
 * the first TRAP_<cause> its semantics mention. */
static const char *raised_cause(const char *semantics)
{
	for (int c = 0; c < TRAP_COUNT; c++) {
		char name[32];
		snprintf(name, sizeof name, "TRAP_%s", isa_causes[c].name);
		const char *hit = strstr(semantics, name);
		if (hit) {
			char after = hit[strlen(name)];
			if (!(after == '_' || (after >= 'A' && after <= 'Z')))
				return isa_causes[c].name;
		}
	}
	return NULL;
}

/* ---- The tables --------------------------------------------------------------- */

static void t_registers(struct buf *b)
{
	header(b, "register|ABI name|saved by|role");
#define REG(num, abi, saved, role) \
	buf_printf(b, "| r%d | `%s` | %s | ", num, #abi, saved); cell_text(b, role); buf_puts(b, " |\n");
#include "regs.def"
#undef REG
}

/* The bits of an instruction word (8..31) the real validator refuses for an
 * instruction of this form: each bit is tried alone on a zero word. */
static uint32_t probe_reserved(const struct isa_insn *in)
{
	uint32_t r = 0;
	for (int bit = 8; bit < 32; bit++)
		if (!isa_valid((uint32_t)in->opcode | (1u << bit)))
			r |= 1u << bit;
	return r;
}

static void bit_ranges(struct buf *b, uint32_t bits)
{
	if (!bits) {
		buf_puts(b, "none");
		return;
	}
	const char *sep = "";
	for (int lo = 0; lo < 32; lo++) {
		if (!(bits & (1u << lo)))
			continue;
		int hi = lo;
		while (hi < 31 && (bits & (1u << (hi + 1))))
			hi++;
		if (hi == lo)
			buf_printf(b, "%s%d", sep, lo);
		else
			buf_printf(b, "%s%d-%d", sep, lo, hi);
		sep = ", ";
		lo = hi;
	}
}

static void t_forms(struct buf *b)
{
	header(b, "form|layout|assembly operands|fields|bits that must be 0|instructions");
	for (int f = 0; f < FORM_COUNT; f++) {
		const struct isa_form_info *fi = &isa_forms[f];
		const struct isa_insn *first = NULL;
		for (int i = 0; i < ISA_COUNT && !first; i++)
			if (isa_insns[i].form == f)
				first = &isa_insns[i];
		buf_printf(b, "| %s | %s | ", fi->name, layout_names[fi->layout]);
		cell_code(b, fi->syntax);
		buf_puts(b, " | ");
		cell_text(b, fi->fields);
		buf_puts(b, " | ");
		if (first)
			bit_ranges(b, probe_reserved(first));
		buf_puts(b, " | ");
		const char *sep = "";
		for (int i = 0; i < ISA_COUNT; i++) {
			if (isa_insns[i].form != f)
				continue;
			buf_printf(b, "%s%s", sep, isa_insns[i].mnemonic);
			sep = ", ";
		}
		buf_puts(b, " |\n");
	}
}

/* Which causes an instruction can raise besides the fetch faults every
 * instruction shares, from its flags and its form. */
static void may_raise(struct buf *b, const struct isa_insn *in)
{
	const char *sep = "";
#define RAISE(name) do { buf_printf(b, "%s%s", sep, name); sep = ", "; } while (0)
	if (probe_reserved(in))
		RAISE("ILLEGAL (reserved bits)");
	if (in->flags & F_PRIV)
		RAISE("PRIVILEGED (user mode)");
	if ((in->flags & F_CR) && in->form == FORM_MTCR)
		RAISE("ILLEGAL (no such CR, or a read-only one)");
	else if (in->flags & F_CR)
		RAISE("ILLEGAL (no such CR)");
	if (in->flags & F_MEM) {
		if (!(in->flags & F_PRIV))
			RAISE("PROTECTION");
		if ((in->flags & F_PRIV) || strstr(in->semantics, "must be"))
			RAISE("MISALIGNED");
		RAISE("BUS");
	}
	if (in->flags & F_JUMP)
		RAISE("MISALIGNED (target)");
	if (in->flags & F_DIV)
		RAISE("DIVZERO");
	if (in->flags & F_TRAP) {
		const char *c = raised_cause(in->semantics);
		RAISE(c ? c : "?");
		buf_puts(b, " (always)");
	}
	if (!*sep)
		buf_puts(b, "-");
#undef RAISE
}

static void t_instructions(struct buf *b)
{
	header(b, "opcode|mnemonic|operands|form|semantics|may raise");
	for (int i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		buf_printf(b, "| 0x%02X | `%s` | ", in->opcode, in->mnemonic);
		cell_code(b, isa_forms[in->form].syntax);
		buf_printf(b, " | %s | ", isa_forms[in->form].name);
		cell_code(b, in->semantics);
		buf_puts(b, " | ");
		may_raise(b, in);
		buf_puts(b, " |\n");
	}
}

static void t_opcode_map(struct buf *b)
{
	int hi_max = 0;
	for (int i = 0; i < ISA_COUNT; i++)
		if (isa_insns[i].opcode >> 4 > hi_max)
			hi_max = isa_insns[i].opcode >> 4;
	buf_puts(b, "| hi\\lo |");
	for (int lo = 0; lo < 16; lo++)
		buf_printf(b, " %X |", lo);
	buf_puts(b, "\n| --- |");
	for (int lo = 0; lo < 16; lo++)
		buf_puts(b, " --- |");
	buf_puts(b, "\n");
	for (int hi = 0; hi <= hi_max; hi++) {
		buf_printf(b, "| %X |", hi);
		for (int lo = 0; lo < 16; lo++) {
			const struct isa_insn *in = isa_by_opcode((unsigned)(hi << 4 | lo));
			buf_printf(b, " %s |", in ? in->mnemonic : "");
		}
		buf_puts(b, "\n");
	}
}

static void t_cregs(struct buf *b)
{
	header(b, "number|name|access|meaning");
	for (int c = 0; c < CR_COUNT; c++) {
		buf_printf(b, "| %d | `CR_%s` | %s | ", c, isa_cregs[c].name,
			   isa_cregs[c].access == CR_RO ? "read-only" : "read/write");
		cell_text(b, isa_cregs[c].meaning);
		buf_puts(b, " |\n");
	}
}

static void t_status(struct buf *b)
{
	header(b, "bit|mask|name|meaning");
#define STATUS_BIT(name, bit, meaning) \
	buf_printf(b, "| %d | 0x%X | `STATUS_%s` | ", bit, 1u << bit, #name); cell_text(b, meaning); buf_puts(b, " |\n");
#include "status.def"
#undef STATUS_BIT
}

static void t_causes(struct buf *b)
{
	header(b, "cause|name|kind|vector entry|pc pushed|CR_FADDR|shown as");
	for (int c = 0; c < TRAP_COUNT; c++) {
		const struct isa_cause *k = &isa_causes[c];
		buf_printf(b, "| %d | `TRAP_%s` | %s | IVEC + %d | %s | %s | %s |\n", c, k->name,
			   kind_names[k->kind], 4 * c, pushed_names[k->pushed],
			   k->kind == CAUSE_FAULT ? "the faulting address" : "0", k->text);
	}
}

/* One row of a layout table: frame.def, bootinfo.def, fileent.def. */
struct field {
	int off;
	const char *name, *meaning;
};

static const struct field frame_fields[] = {
#define FRAME_FIELD(off, name, meaning) { off, "FRAME_" #name, meaning },
#include "frame.def"
#undef FRAME_FIELD
};
static const struct field boot_fields[] = {
#define BOOT_FIELD(off, name, meaning) { off, "BOOT_" #name, meaning },
#include "bootinfo.def"
#undef BOOT_FIELD
};
static const struct field file_fields[] = {
#define FILE_FIELD(off, name, meaning) { off, "FILE_" #name, meaning },
#include "fileent.def"
#undef FILE_FIELD
};
#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* offset | name | meaning, and a last row with the size. */
static void field_table(struct buf *b, const struct field *f, size_t n, const char *offset_prefix,
			const char *size_name, int size, const char *size_meaning)
{
	header(b, "offset|name|meaning");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "| %s%d | `%s` | ", offset_prefix, f[i].off, f[i].name);
		cell_text(b, f[i].meaning);
		buf_puts(b, " |\n");
	}
	buf_printf(b, "| | `%s` = %d | %s |\n", size_name, size, size_meaning);
}

static void t_frame(struct buf *b)
{
	field_table(b, frame_fields, NFIELDS(frame_fields), "sp + ", "FRAME_BYTES", FRAME_BYTES,
		    "size of the frame");
}

static void t_bootinfo(struct buf *b)
{
	field_table(b, boot_fields, NFIELDS(boot_fields), "", "BOOT_BYTES", BOOT_BYTES,
		    "size of the block");
}

static void t_fileent(struct buf *b)
{
	field_table(b, file_fields, NFIELDS(file_fields), "", "FILE_BYTES", FILE_BYTES,
		    "size of an entry");
}

static void t_devices(struct buf *b)
{
	header(b, "address|name|access|meaning");
#define DEVREG(off, name, access, meaning) \
	buf_printf(b, "| 0x%08X | `DEV_%s` | %s | ", DEV_BASE + off, #name, #access); cell_text(b, meaning); buf_puts(b, " |\n");
#include "devices.def"
#undef DEVREG
}

/* The parts of image.def, one table each: every row kind but one
 * expands to nothing. */
enum { PART_HDR, PART_SEG, PART_SYM, PART_FILE, PART_LTAB, PART_SRC, PART_LINE };

static void img_part(struct buf *b, int part, const char *prefix, int bytes, const char *size_name)
{
	header(b, "offset|field|meaning");
#define IMG_ROW(kind, off, name, meaning)                                               \
	if (part == kind) {                                                             \
		buf_printf(b, "| %d | `%s%s` | ", off, prefix, #name);                  \
		cell_text(b, meaning);                                                  \
		buf_puts(b, " |\n");                                                    \
	}
#define IMG_HDR(off, name, meaning) IMG_ROW(PART_HDR, off, name, meaning)
#define IMG_SEG(off, name, meaning) IMG_ROW(PART_SEG, off, name, meaning)
#define IMG_SYM(off, name, meaning) IMG_ROW(PART_SYM, off, name, meaning)
#define IMG_FILE(off, name, meaning) IMG_ROW(PART_FILE, off, name, meaning)
#define IMG_LTAB(off, name, meaning) IMG_ROW(PART_LTAB, off, name, meaning)
#define IMG_SRC(off, name, meaning) IMG_ROW(PART_SRC, off, name, meaning)
#define IMG_LINE(off, name, meaning) IMG_ROW(PART_LINE, off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
#undef IMG_ROW
	buf_printf(b, "| | `%s` = %d | size |\n", size_name, bytes);
}

static void t_img_header(struct buf *b) { img_part(b, PART_HDR, "IMG_HDR_", IMG_HDR_BYTES, "IMG_HDR_BYTES"); }
static void t_img_segment(struct buf *b) { img_part(b, PART_SEG, "IMG_SEG_", IMG_SEG_BYTES, "IMG_SEG_BYTES"); }
static void t_img_symbol(struct buf *b) { img_part(b, PART_SYM, "IMG_SYM_", IMG_SYM_BYTES, "IMG_SYM_BYTES"); }
static void t_img_file(struct buf *b) { img_part(b, PART_FILE, "IMG_FILE_", IMG_FILE_BYTES, "IMG_FILE_BYTES"); }
static void t_img_ltab(struct buf *b) { img_part(b, PART_LTAB, "IMG_LTAB_", IMG_LTAB_BYTES, "IMG_LTAB_BYTES"); }
static void t_img_src(struct buf *b) { img_part(b, PART_SRC, "IMG_SRC_", IMG_SRC_BYTES, "IMG_SRC_BYTES"); }
static void t_img_line(struct buf *b) { img_part(b, PART_LINE, "IMG_LINE_", IMG_LINE_BYTES, "IMG_LINE_BYTES"); }

/* "write" -> "WRITE" for the SYS_* names the assembler predefines. */
static void upper(struct buf *b, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_add(b, &c, 1);
	}
}

static void t_syscalls(struct buf *b)
{
	header(b, "t0|name|arguments (a0, a1, ...)|result in a0");
#define SYSCALL(num, name, args, result)                                                \
	buf_printf(b, "| %d | `SYS_", num);                                             \
	upper(b, #name);                                                                \
	buf_puts(b, "` | ");                                                            \
	cell_text(b, *args ? args : "-");                                               \
	buf_puts(b, " | ");                                                             \
	cell_text(b, result);                                                           \
	buf_puts(b, " |\n");
#include "syscalls.def"
#undef SYSCALL
}

static void t_errors(struct buf *b)
{
	header(b, "number|name|a0 after the failing call|meaning");
#define ERROR(num, name, meaning) \
	buf_printf(b, "| %d | `%s` | -%d | ", num, #name, num); cell_text(b, meaning); buf_puts(b, " |\n");
#include "errors.def"
#undef ERROR
}

/* "`pid`, `parent`": an event's argument names, _ for none. */
static const char *osev_args(const char *a0, const char *a1)
{
	static char s[64];
	if (strcmp(a0, "_") == 0 && strcmp(a1, "_") == 0)
		return "";
	snprintf(s, sizeof s, strcmp(a1, "_") == 0 ? "`%s`" : "`%s`, `%s`", a0, a1);
	return s;
}

/* One argument of an OS event for docs/events.md: `pid` (number). */
static void event_arg(struct buf *b, const char *name, const char *format, char digit)
{
	const char *kind = "number";
	for (const char *f = format; *f; f++) {
		if (f[0] != '%')
			continue;
		char k = f[1] == 'x' || f[1] == 's' || f[1] == 'c' || f[1] == 'y' ? f[1] : 'd';
		if ((k == 'd' ? f[1] : f[2]) != digit)
			continue;
		kind = k == 'x' ? "address" : k == 's' ? "string" : k == 'c' ? "trap cause"
		     : k == 'y' ? "system call" : "number";
		break;
	}
	buf_printf(b, "`%s` (%s)", name, kind);
}

static void t_event_args(struct buf *b)
{
	header(b, "event|args|the trace's [os] line");
#define OSEV(code, name, a0, a1, format)                                            \
	{                                                                            \
		char lower[32];                                                      \
		size_t i = 0;                                                        \
		for (; #name[i] && i + 1 < sizeof lower; i++)                        \
			lower[i] = (char)tolower((unsigned char)#name[i]);           \
		lower[i] = '\0';                                                     \
		buf_printf(b, "| `%s` | ", lower);                                   \
		if (strcmp(#a0, "_") != 0)                                           \
			event_arg(b, #a0, format, '0');                              \
		if (strcmp(#a1, "_") != 0) {                                         \
			buf_puts(b, ", ");                                           \
			event_arg(b, #a1, format, '1');                              \
		}                                                                    \
		buf_puts(b, " | ");                                                  \
		cell_code(b, format);                                                \
		buf_puts(b, " |\n");                                                 \
	}
#include "trace_events.def"
#undef OSEV
}

static void t_trace_events(struct buf *b)
{
	header(b, "code|name|arguments|printed as");
#define OSEV(code, name, a0, a1, format) \
	buf_printf(b, "| %d | `OSEV_%s` | %s | ", code, #name, osev_args(#a0, #a1)); \
	cell_code(b, format); buf_puts(b, " |\n");
#include "trace_events.def"
#undef OSEV
}

/* Constants of isa.h that are not rows of a table: the value comes from the
 * header, the description is the one line written here. */
static void t_constants(struct buf *b)
{
	header(b, "name|value|meaning");
#define K(name, desc) buf_printf(b, "| `%s` | 0x%X (%u) | %s |\n", #name, (unsigned)(name), (unsigned)(name), desc);
	K(MEM_MIN, "smallest RAM (vm run --mem)")
	K(MEM_DEFAULT, "RAM when --mem is not given")
	K(MEM_MAX, "largest RAM")
	K(MEM_ALIGN, "RAM sizes are a multiple of this")
	K(DEV_BASE, "physical address of the first device register")
	K(IVEC_ENTRIES, "words in the interrupt vector")
	K(TRAP_COUNT, "causes defined (the rest of the vector is unused)")
	K(STATUS_MASK, "the STATUS bits that exist (iret keeps only these)")
	K(CONS_READY, "DEV_CONS_STATUS bit: an input byte waits")
	K(CONS_EOF, "DEV_CONS_STATUS bit: no more input will come")
	K(BOOTINFO_MAGIC, "BOOT_MAGIC value")
	K(IMG_MAGIC, "IMG_HDR_MAGIC value")
	K(IMG_VERSION, "IMG_HDR_VERSION value")
	K(IMG_MAX_SEGS, "most segments in one image")
	K(IMG_MAX_NAME, "longest name in the string table, in bytes")
	K(IMG_MAX_SRCS, "most source files in a line table")
	K(IMG_MAX_LINES, "most lines in a line table")
	K(SEG_EXEC, "segment flag: code")
	K(SEG_WRITE, "segment flag: data")
	K(SYM_CODE, "symbol kind: a label in .text")
	K(SYM_DATA, "symbol kind: a label in .data")
	K(SYM_CONST, "symbol kind: an .equ constant")
	K(FILE_IMAGE, "file flag: the file is an image")
#undef K
}

/* The names the assembler predefines, grouped by the table they come from. */
static void t_predefined(struct buf *b)
{
	header(b, "names|from|value");
	const char *sep;

	buf_puts(b, "| ");
	sep = "";
	for (int c = 0; c < CR_COUNT; c++) {
		buf_printf(b, "%s`CR_%s`", sep, isa_cregs[c].name);
		sep = " ";
	}
	buf_puts(b, " | src/cpu/cregs.def | control register number |\n| ");
	sep = "";
#define STATUS_BIT(name, bit, meaning) buf_printf(b, "%s`STATUS_%s`", sep, #name); sep = " ";
#include "status.def"
#undef STATUS_BIT
	buf_puts(b, " `STATUS_MASK` | src/cpu/status.def | bit mask (`STATUS_MASK`: every bit there is) |\n| ");
	sep = "";
	for (int c = 0; c < TRAP_COUNT; c++) {
		buf_printf(b, "%s`TRAP_%s`", sep, isa_causes[c].name);
		sep = " ";
	}
	buf_puts(b, " `TRAP_COUNT` `IVEC_ENTRIES` | src/cpu/causes.def | cause number |\n| ");
	sep = "";
#define FRAME_FIELD(off, name, meaning) buf_printf(b, "%s`FRAME_%s`", sep, #name); sep = " ";
#include "frame.def"
#undef FRAME_FIELD
	buf_puts(b, " `FRAME_BYTES` | src/cpu/frame.def | byte offset from sp |\n| `DEV_BASE`");
#define DEVREG(off, name, access, meaning) buf_printf(b, " `DEV_%s`", #name);
#include "devices.def"
#undef DEVREG
	buf_puts(b, " | src/cpu/devices.def | full physical address |\n");
	buf_puts(b, "| `CONS_READY` `CONS_EOF` | src/cpu/isa.h | DEV_CONS_STATUS bits |\n| ");
#define BOOT_FIELD(off, name, meaning) buf_printf(b, "`BOOT_%s` ", #name);
#include "bootinfo.def"
#undef BOOT_FIELD
	buf_puts(b, "`BOOT_BYTES` `BOOTINFO_MAGIC` | src/cpu/bootinfo.def | byte offset |\n| ");
#define FILE_FIELD(off, name, meaning) buf_printf(b, "`FILE_%s` ", #name);
#include "fileent.def"
#undef FILE_FIELD
	buf_puts(b, "`FILE_BYTES` | src/cpu/fileent.def | byte offset |\n| ");
	sep = "";
#define SYSCALL(num, name, args, result) buf_printf(b, "%s`SYS_", sep); upper(b, #name); buf_puts(b, "`"); sep = " ";
#include "syscalls.def"
#undef SYSCALL
	buf_puts(b, " | src/os/syscalls.def | system-call number |\n| ");
	sep = "";
#define ERROR(num, name, meaning) buf_printf(b, "%s`%s`", sep, #name); sep = " ";
#include "errors.def"
#undef ERROR
	buf_puts(b, " | src/os/errors.def | error number (positive) |\n| ");
	sep = "";
#define OSEV(code, name, a0, a1, format) buf_printf(b, "%s`OSEV_%s`", sep, #name); sep = " ";
#include "trace_events.def"
#undef OSEV
	buf_puts(b, " | src/os/trace_events.def | trace event code |\n| ");
	sep = "";
#define LIMIT(name, value, meaning) buf_printf(b, "%s`%s`", sep, #name); sep = " ";
#include "limits.def"
#undef LIMIT
	buf_puts(b, " | src/os/limits.def | the kernel's fixed sizes |\n| ");
#define PS_FIELD(off, name, bytes, meaning) buf_printf(b, "`PS_%s` ", #name);
#include "psrec.def"
#undef PS_FIELD
	buf_puts(b, "`PS_BYTES` | src/os/psrec.def | byte offset in a ps record |\n| ");
	sep = "";
#define PSTATE(value, name, text) buf_printf(b, "%s`PSTATE_%s`", sep, #name); sep = " ";
#include "pstate.def"
#undef PSTATE
	buf_puts(b, " | src/os/pstate.def | process state |\n");
	buf_puts(b, "| `MEM_MIN` `MEM_MAX` `MEM_DEFAULT` | src/cpu/isa.h | bytes |\n");
}

/* ---- Sections in a document ------------------------------------------------------ */

static const struct table {
	const char *name;
	void (*emit)(struct buf *b);
} tables[] = {
	{ "constants", t_constants },
	{ "registers", t_registers },
	{ "forms", t_forms },
	{ "instructions", t_instructions },
	{ "opcode-map", t_opcode_map },
	{ "cregs", t_cregs },
	{ "status", t_status },
	{ "causes", t_causes },
	{ "frame", t_frame },
	{ "devices", t_devices },
	{ "bootinfo", t_bootinfo },
	{ "fileent", t_fileent },
	{ "image-header", t_img_header },
	{ "image-segment", t_img_segment },
	{ "image-symbol", t_img_symbol },
	{ "image-file", t_img_file },
	{ "image-lines", t_img_ltab },
	{ "image-source", t_img_src },
	{ "image-line", t_img_line },
	{ "syscalls", t_syscalls },
	{ "errors", t_errors },
	{ "trace-events", t_trace_events },
	{ "event-args", t_event_args },
	{ "predefined", t_predefined },
};
enum { NTABLES = sizeof tables / sizeof tables[0] };

static const struct table *table_named(const char *name, size_t len)
{
	for (int i = 0; i < NTABLES; i++)
		if (strlen(tables[i].name) == len && memcmp(tables[i].name, name, len) == 0)
			return &tables[i];
	return NULL;
}

static const char BEGIN[] = "<!-- BEGIN GENERATED: ";
static const char END[] = "<!-- END GENERATED: ";
static const char CLOSE[] = " -->";

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f) {
		fprintf(stderr, "gendocs: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "gendocs: %s: read error\n", path);
		fclose(f);
		free(b.p);
		return NULL;
	}
	fclose(f);
	buf_grow(&b, 0);
	*len = b.len;
	return b.p;
}

/* The name in a marker line "<!-- BEGIN GENERATED: name -->", or NULL. */
static const char *marker_name(const char *line, size_t linelen, const char *kind, size_t *namelen)
{
	size_t k = strlen(kind), c = strlen(CLOSE);
	if (linelen < k + c || memcmp(line, kind, k) != 0 ||
	    memcmp(line + linelen - c, CLOSE, c) != 0)
		return NULL;
	*namelen = linelen - k - c;
	return line + k;
}

/*
 * Copy doc to out with every marked section replaced by its table.  Returns
 * the number of stale sections (their names go to stderr when report is
 * set), or -1 on a malformed file.
 */
static int regenerate(const char *path, const char *doc, size_t len, struct buf *out, int report)
{
	int stale = 0, lineno = 0;
	const char *p = doc, *end = doc + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t linelen = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *next = nl ? nl + 1 : end;
		size_t namelen;
		const char *name = marker_name(p, linelen, BEGIN, &namelen);
		lineno++;
		buf_add(out, p, (size_t)(next - p));
		if (!name) {
			size_t n2;
			if (marker_name(p, linelen, END, &n2)) {
				fprintf(stderr, "%s:%d: END marker without BEGIN\n", path, lineno);
				return -1;
			}
			p = next;
			continue;
		}
		const struct table *t = table_named(name, namelen);
		if (!t) {
			fprintf(stderr, "%s:%d: no table named '%.*s' (gendocs --list)\n", path,
				lineno, (int)namelen, name);
			return -1;
		}
		/* Find the matching END line. */
		const char *body = next, *q = next;
		int found = 0, startline = lineno;
		while (q < end) {
			const char *nl2 = memchr(q, '\n', (size_t)(end - q));
			size_t l2 = nl2 ? (size_t)(nl2 - q) : (size_t)(end - q);
			const char *next2 = nl2 ? nl2 + 1 : end;
			size_t n2;
			const char *name2 = marker_name(q, l2, END, &n2);
			lineno++;
			if (name2) {
				if (n2 != namelen || memcmp(name2, name, namelen) != 0) {
					fprintf(stderr, "%s:%d: END marker for '%.*s' closes '%.*s'\n",
						path, lineno, (int)n2, name2, (int)namelen, name);
					return -1;
				}
				struct buf gen = { 0 };
				t->emit(&gen);
				if ((size_t)(q - body) != gen.len || memcmp(body, gen.p, gen.len) != 0) {
					stale++;
					if (report)
						fprintf(stderr, "%s:%d: table '%s' is stale: run gendocs --update %s\n",
							path, startline, t->name, path);
				}
				buf_add(out, gen.p, gen.len);
				free(gen.p);
				buf_add(out, q, (size_t)(next2 - q));
				p = next2;
				found = 1;
				break;
			}
			q = next2;
		}
		if (!found) {
			fprintf(stderr, "%s:%d: BEGIN marker for '%s' has no END\n", path, startline, t->name);
			return -1;
		}
	}
	return stale;
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "gendocs: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

/* --check or --update on one file: 0 if up to date, 1 if stale, 2 on error. */
static int do_file(const char *path, int update)
{
	size_t len;
	struct buf out = { 0 };
	int rc = 2;
	char *doc = read_file(path, &len);

	if (!doc)
		goto fail;
	int stale = regenerate(path, doc, len, &out, !update);
	if (stale < 0)
		goto fail;
	rc = stale ? 1 : 0;
	if (update) {
		rc = 0;
		if (stale && write_file(path, &out) != 0)
			rc = 2;
		else if (stale)
			printf("%s: %d table%s updated\n", path, stale, stale == 1 ? "" : "s");
	}
fail:
	free(doc);
	free(out.p);
	return rc;
}

static void usage(FILE *f)
{
	fputs("usage: gendocs [--list | NAME... | --update FILE... | --check FILE...]\n", f);
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc == 1) {
		for (int i = 0; i < NTABLES; i++) {
			struct buf b = { 0 };
			tables[i].emit(&b);
			printf("%s%s%s\n%s%s%s%s\n\n", BEGIN, tables[i].name, CLOSE, b.p, END,
			       tables[i].name, CLOSE);
			free(b.p);
		}
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--list") == 0) {
		for (int i = 0; i < NTABLES; i++)
			puts(tables[i].name);
		return 0;
	}
	if (strcmp(argv[1], "--update") == 0 || strcmp(argv[1], "--check") == 0) {
		int update = argv[1][2] == 'u';
		if (argc < 3) {
			usage(stderr);
			return 2;
		}
		for (int i = 2; i < argc; i++) {
			int r = do_file(argv[i], update);
			if (r > rc)
				rc = r;
		}
		return rc;
	}
	for (int i = 1; i < argc; i++) {
		const struct table *t = table_named(argv[i], strlen(argv[i]));
		if (!t) {
			fprintf(stderr, "gendocs: no table named '%s' (gendocs --list)\n", argv[i]);
			return 2;
		}
		struct buf b = { 0 };
		t->emit(&b);
		fputs(b.p, stdout);
		free(b.p);
	}
	return 0;
}
