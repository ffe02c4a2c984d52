/*
 * asm.h - the assembler and disassembler of the LDX-32 machine.
 * The public part comes first: the vm command and the tests use only it.
 * The rest, compiled in only where ASM_INTERNAL is defined (the files of
 * src/asm), is sectioned by the file that implements each part, in the order
 * the phases run: diag, lex, parse, macro, encode, symbols, emit, listing,
 * output, and the driver asm.c.  disasm.c needs only the public part and
 * encode.c.
 */
#ifndef ASM_H
#define ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "image.h"
#include "isa.h"

/* ==== Public interface =================================================== */

/* One source.  text NULL: read the file at name; else text (len bytes) is
 * the source and name is only shown in diagnostics and listings. */
struct asm_source {
	const char *name;
	const char *text;
	size_t len;
};

/* A file to carry in the image's file table (vm asm --file NAME=PATH). */
struct asm_file {
	const char *name;
	const uint8_t *data;
	size_t size;
};

struct asm_input {
	const struct asm_source *sources;	/* assembled as one program, in order */
	size_t nsources;
	const struct asm_file *files;
	size_t nfiles;
	FILE *listing;				/* NULL: no listing */
	bool no_lines;				/* no line table in the image */
};

/*
 * Assemble the sources into an image, with a line table (unless no_lines):
 * each source file read (text and all) and, for each line that made bytes,
 * where they are; a macro's expansion is the line that used it.  A source's
 * path is stored relative to the source tree or the build tree of this vm
 * when it lies in one (programs/lib/crt0.s, src/os/os_tables.s), else as
 * given, so that the same sources make the same image from any directory.
 * Every error is reported on diag
 * (NULL: nowhere) as "file:line:col: error: message", the source line and a
 * caret.  Returns the number of errors; on 0, *image is a malloc'd image of
 * *len bytes (free it), else *image is NULL and *len 0.
 */
int asm_assemble(const struct asm_input *in, uint8_t **image, size_t *len, FILE *diag);

/* Names an address for the disassembler: a symbol exactly at addr, or NULL. */
typedef const char *disasm_sym_fn(void *ctx, uint32_t addr);

/* A buffer this long holds any disassembled instruction (symbol names of
 * up to IMG_MAX_NAME characters included). */
enum { DISASM_MAX = 300 };

/*
 * Write the instruction word at pc as one line of assembly the assembler
 * accepts back: ABI register names, branch and jal targets as absolute
 * addresses (0x%08x) or the name sym gives (sym may be NULL), a word that is
 * not a valid instruction as ".word 0x%08x".  No newline.  Like snprintf:
 * writes at most n bytes including the NUL, returns the full length.
 */
int disasm_insn(uint32_t word, uint32_t pc, char *buf, size_t n, disasm_sym_fn *sym, void *ctx);

/*
 * Write a parsed image as assembly that assembles back to the same segment
 * bytes: one .org per segment, .text for executable segments and .data for
 * the others, instructions in code, .word/.byte/.ascii for the rest, the
 * image's symbols as labels (or .equ), and a comment with each address.
 * Returns 0, or -1 if writing to out failed.
 */
int disasm_image(FILE *out, const struct img *im);

/*
 * The names the assembler accepts that no table of src/cpu holds, for tools
 * that must list every word of the language (editors/gen writes the editors'
 * grammars from them): the i-th pseudo-instruction ("nop", ..., "li") and
 * directive (".text", ...), counted from 0; NULL past the last.
 */
const char *asm_pseudo_name(size_t i);
const char *asm_directive_name(size_t i);
/* The i-th predefined name ("CR_STATUS", "SYS_EXIT", ...) into buf, NUL
 * included; false past the last, or if it does not fit in size bytes. */
bool asm_predefined_name(size_t i, char *buf, size_t size);

/* ==== Internal: the files of src/asm ===================================== */
#ifdef ASM_INTERNAL

enum {
	ASM_MAX_ERRORS = 100,		/* then stop with a note */
	ASM_MAX_INCLUDE_DEPTH = 16,
	ASM_MAX_EXPR_DEPTH = 64,	/* parentheses and unary operators */
	ASM_MAX_EQU_DEPTH = 64,		/* .equ defined through .equ defined through ... */
	ASM_MAX_FILE = 64 << 20,	/* bytes in one source file */
	ASM_MAX_LINE = 64 << 10,	/* bytes in one source line */
	ASM_MAX_OPNDS = 3,
	ASM_MAX_MACRO_DEPTH = 32,	/* a macro used in a macro used in ... */
	ASM_MAX_MACRO_PARAMS = 16,
	ASM_MAX_MACRO_LINES = 1 << 16,	/* lines all expansions make in one pass */
};

/* A source file, loaded once and kept until the end (diagnostics and
 * pending .equ expressions point into its text). */
struct asm_srcfile {
	struct asm_srcfile *next;
	char *name;		/* as shown, and the base of its own .include paths */
	char *text;
	size_t len;
	bool on_disk;		/* dev/ino identify it (include cycles) */
	unsigned long long dev, ino;
	uint32_t src;		/* its index in the line table */
};

/* Pass 2: bytes a line made, for the line table (merged while contiguous). */
struct asm_lrec {
	int sec;
	uint32_t off, size;
	const struct asm_srcfile *file;
	uint32_t line;
};

/* One line of a source file (text is not NUL-terminated).  A line a macro
 * expansion made has the file and number of the macro's body line, its own
 * text, and x to say where it came from. */
struct asm_line {
	const struct asm_srcfile *file;
	uint32_t lineno;	/* from 1 */
	const char *text;
	size_t len;
	const struct asm_xline *x;	/* NULL: the line as written */
};

/* Where the pieces of an expanded line came from (macro.c), so that a
 * message about it shows the lines as written: the body line, then each
 * use of a macro, innermost first. */
struct asm_subst {
	size_t at, len;		/* an argument's text in the expanded line */
	size_t raw, rawlen;	/* the "\name" it replaced in the body line */
	size_t use;		/* the argument's column in the line of the use */
};
struct asm_expansion {
	const char *macro;	/* its name */
	struct asm_line use;	/* the line that used it (maybe expanded itself) */
	size_t col;		/* where the macro's name is in it */
};
struct asm_xline {
	const struct asm_expansion *exp;
	const char *raw;	/* the body line as written */
	size_t raw_len;
	const struct asm_subst *subs;	/* in order */
	size_t nsubs;
};

enum { SEC_TEXT, SEC_DATA, SEC_COUNT };

struct asm_section {
	const char *name;	/* ".text" */
	uint32_t base;		/* address of its first byte */
	bool placed;		/* base known: addresses in it can be computed */
	bool fixed;		/* base final: .org pads instead of moving it */
	bool touched;		/* a label or .org seen: .org no longer moves it */
	uint32_t size;		/* bytes so far, zero fill included */
	uint32_t align;		/* largest .align seen (where .data may go) */
	uint8_t *bytes;		/* pass 2: bytes[0..filled) written, the rest is zero */
	uint32_t filled, cap;
	/* pass 2: a stretch of instructions off a multiple of 4 is reported
	 * once, at its first, with the statement that left the section so */
	bool odd_told;		/* this stretch is reported */
	bool odd_known;		/* odd_line is that statement */
	struct asm_line odd_line;
	size_t odd_col;
};

enum asm_sym_kind { SYMK_PREDEF, SYMK_LABEL, SYMK_EQU };
enum asm_equ_state { EQU_KNOWN, EQU_PENDING, EQU_EVALUATING, EQU_FAILED };

struct asm_sym {
	char *name;
	uint8_t kind;		/* SYMK_* */
	uint8_t state;		/* EQU_*: labels and predefined names are EQU_KNOWN */
	uint8_t section;	/* label: its section; .equ: the section of '.' there */
	bool guessed;		/* a label without its colon, taken as one after
				 * reporting it; a real definition replaces it */
	uint32_t value;		/* label: offset in its section; else the value */
	uint32_t dot;		/* .equ: offset of '.' in that section */
	uint32_t seq;		/* the line that defines it (duplicate check in pass 2) */
	struct asm_line line;	/* where, and for a pending .equ its expression */
	size_t col;
};

/* What pass 1 found for an expression that decides sizes, replayed in pass 2. */
struct asm_layout {
	uint32_t value;
	bool known;
};

/* Tokens of a line (lex.c). */
enum asm_tok_kind { TK_IDENT, TK_NUM, TK_STR, TK_PUNCT, TK_ERROR, TK_EOL };
enum { PUNCT_SHL = 256, PUNCT_SHR };

struct asm_tok {
	uint8_t kind;
	int punct;		/* TK_PUNCT: the character, or PUNCT_SHL/SHR */
	size_t col, len;	/* where in the line, raw length */
	uint32_t num;		/* TK_NUM (numbers and character literals) */
	const char *str;	/* TK_STR: the decoded bytes */
	size_t slen;
};

struct asm_toks {
	struct asm_tok *v;
	size_t n, cap;
	char *arena;		/* decoded strings */
	size_t arena_cap;
	char err[160];		/* what is wrong at the TK_ERROR token */
};

/* What the current line emitted, for the listing. */
enum { LST_NONE, LST_INSN, LST_DATA, LST_EQU };
struct asm_lst {
	int kind;
	int sec;
	uint32_t start;		/* section offset where the line began */
	uint32_t value;		/* LST_EQU */
	bool labelled;
};

struct asm_ctx {
	FILE *diag, *listing;
	int pass;		/* 1: sizes and symbols, quiet; 2: bytes and diagnostics */
	int nerrors;
	bool stop;		/* too many errors or out of memory: end the pass */
	bool oom;
	int quiet;		/* > 0: no diagnostics */

	struct asm_srcfile *files;
	const struct asm_srcfile *stack[ASM_MAX_INCLUDE_DEPTH + 1];
	int depth;
	uint32_t seq;		/* lines seen in this pass, includes counted */

	struct asm_section sec[SEC_COUNT];
	int cur;
	bool no_lines;
	struct asm_lrec *lrecs;	/* pass 2, in the order made */
	size_t nlrecs, caplrecs;

	struct asm_layout *log;
	size_t nlog, caplog, poslog;

	struct asm_sym **syms;	/* predefined names first, then the source's */
	size_t nsyms, capsyms, npredef;
	uint32_t *hash;		/* index + 1 into syms, 0 = free slot */
	size_t hashcap;
	int equ_depth;
	bool sweeping;		/* asm_resolve_equs is running */

	bool has_entry;
	uint32_t entry;
	bool entry_known;
	struct asm_line entry_line;
	size_t entry_col;

	/* the line being assembled */
	struct asm_toks toks;
	const struct asm_line *line;
	size_t stmt_col;
	struct asm_lst lst;
	const char *inc_name;	/* .include requested by the line */
	size_t inc_len, inc_col;

	/* macros (macro.c), defined anew in each pass */
	struct asm_macro *macros;
	struct asm_macro *defining;	/* between .macro and .endm: lines go to its body */
	int macro_depth;
	bool macro_unwind;	/* a limit was hit: end every expansion */
	uint32_t macro_lines;	/* lines expanded in this pass */
	struct asm_kept *kept;	/* expanded lines, kept to the end (symbols point in) */
	char *xtext;		/* scratch for the line being expanded */
	size_t xcap;
	struct asm_subst *xsubs;
	size_t xsubcap;
	/* a macro used by the line being assembled: expanded by the driver
	 * once the line is done, like .include */
	const struct asm_macro *use;
	size_t use_col;
	size_t arg_col[ASM_MAX_MACRO_PARAMS], arg_len[ASM_MAX_MACRO_PARAMS];
};

/* ---- diag.c ---- */

enum asm_diag_kind { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

#if defined(__GNUC__)
#define ASM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASM_PRINTF(f, a)
#endif

/*
 * The one diagnostic function.  ln NULL: about the whole program (printed
 * as "name: error: message"); else at byte col of the line.  Quiet in pass 1
 * (pass 2 sees every line again and reports).  Counts errors, and stops
 * the assembly after ASM_MAX_ERRORS.
 */
void asm_diag(struct asm_ctx *A, enum asm_diag_kind kind, const char *name,
	      const struct asm_line *ln, size_t col, const char *fmt, ...) ASM_PRINTF(6, 7);
/* Out of memory: report once and stop. */
void asm_oom(struct asm_ctx *A);

/* The name nearest a word that names nothing, for "did you mean": try every
 * candidate of the table the word should have come from; the hint is
 * "; did you mean 'name'?" if one was close enough, else "". */
struct asm_near {
	const char *word;
	size_t n;
	size_t dist;			/* of best; SIZE_MAX while none is close */
	size_t prefix;			/* bytes best begins with like word */
	char best[IMG_MAX_NAME + 1];
};
enum { ASM_NEAR_HINT = IMG_MAX_NAME + 24 };	/* bytes a hint needs */
void asm_near_init(struct asm_near *s, const char *word, size_t n);
void asm_near_try(struct asm_near *s, const char *name, size_t n);
const char *asm_near_hint(const struct asm_near *s, char *buf, size_t size);

/* ---- lex.c ---- */

/* Tokens of one line, always ending in TK_EOL.  A malformed token becomes
 * TK_ERROR (at the column of the fault), the last before TK_EOL, with its
 * message in err.  False: out of memory. */
bool asm_lex(const struct asm_line *ln, struct asm_toks *out);
void asm_toks_free(struct asm_toks *t);
bool asm_ident_start(int c);
bool asm_ident_char(int c);

/* ---- parse.c ---- */

/* Assemble one line (a statement, its labels and comment). */
void asm_parse_line(struct asm_ctx *A, const struct asm_line *ln);
/* Between the passes, with every label placed: compute the .equ pass 1
 * could not, quietly, in sweeps of alternating direction, so that a chain
 * of references costs one sweep.  What is left is computed (and reported)
 * in pass 2. */
void asm_resolve_equs(struct asm_ctx *A);

/* ---- macro.c ---- */

struct asm_macro;
/* The macro of that name, or NULL. */
const struct asm_macro *asm_macro_find(const struct asm_ctx *A, const char *name, size_t n);
const char *asm_macro_name(const struct asm_macro *m, size_t *n);
/* The line of its .macro. */
const struct asm_line *asm_macro_line(const struct asm_macro *m);
/* Its parameters, as written in its .macro line ("a, b"), and how many. */
int asm_macro_params(const struct asm_macro *m, const char **text, size_t *len);
/* The next macro after m in the table (m NULL: the first), for "did you mean". */
const struct asm_macro *asm_macro_next(const struct asm_ctx *A, const struct asm_macro *m);
/*
 * .macro on line ln: its name and parameters are (col, len) pieces of the
 * line, checked by the parser.  The lines up to .endm become its body; if
 * keep is false (the .macro line is wrong, and reported) they are dropped
 * at .endm, never assembled.
 */
void asm_macro_begin(struct asm_ctx *A, const struct asm_line *ln, size_t name_col,
		     size_t name_len, const size_t *pcol, const size_t *plen, int nparams, bool keep);
/* While a macro is being defined: take line ln into its body, or end it at
 * .endm.  False if ln is not the macro's (a .macro: the open one is ended,
 * reported, and ln is assembled as usual). */
bool asm_macro_record(struct asm_ctx *A, const struct asm_line *ln);
/* At the end of a file: a macro still open is reported and dropped. */
void asm_macro_eof(struct asm_ctx *A);
/* Expand the use A->use on line ln (asm_run_line for each line of it). */
void asm_macro_expand(struct asm_ctx *A, const struct asm_line *ln);
/* Forget every macro (at the start of a pass); and at the end, also the
 * expanded lines. */
void asm_macros_reset(struct asm_ctx *A);
void asm_macros_free(struct asm_ctx *A);

/* ---- encode.c ---- */

/* Operand kinds, named as in the syntax column of forms.def. */
enum asm_opnd {
	OPND_RD, OPND_RS1, OPND_RS2,	/* registers */
	OPND_SIMM, OPND_UIMM, OPND_SHAMT,	/* immediates */
	OPND_IMM32,			/* any 32-bit value (li, la: "expr") */
	OPND_TARGET,			/* a branch or jump address */
	OPND_CR,			/* a control register */
	OPND_MEM,			/* simm(rs1) */
};

/* An instruction's operands by role, whatever field holds them. */
struct asm_args {
	unsigned rd, rs1, rs2;
	uint32_t imm;		/* immediate, target address or control register */
	bool known;		/* false: imm had an error already; encode 0 */
	size_t col;		/* where imm was written */
};

/* Operand kinds of a syntax string ("rd, simm(rs1)"); -1 if it has a piece
 * this assembler does not know. */
int asm_syntax(const char *syntax, enum asm_opnd out[ASM_MAX_OPNDS]);
/* Register number of a name (r0..r15 or ABI), or -1. */
int asm_reg(const char *s, size_t n);
/* Control register number of a lower-case name ("status"), or -1. */
int asm_creg(const char *s, size_t n);
/* The word for in with a, at pc; reports values that do not fit. */
uint32_t asm_encode(struct asm_ctx *A, const struct isa_insn *in, const struct asm_args *a,
		    uint32_t pc);
/* The inverse: the roles of a valid word (targets as absolute addresses). */
void asm_decode(uint32_t w, const struct isa_insn *in, uint32_t pc, struct asm_args *a);

/* ---- symbols.c ---- */

bool asm_syms_init(struct asm_ctx *A);
void asm_syms_free(struct asm_ctx *A);
struct asm_sym *asm_sym_find(struct asm_ctx *A, const char *name, size_t n);
/* A new source symbol (pass 1); NULL on out of memory. */
struct asm_sym *asm_sym_add(struct asm_ctx *A, const char *name, size_t n);
/* True if name is one of the predefined names (CR_STATUS, SYS_EXIT, ...). */
bool asm_predefined(const char *name);

/* ---- emit.c ---- */

/* The current address, if known (marks the section touched). */
bool asm_dot(struct asm_ctx *A, uint32_t *addr);
/* Append n bytes (pass 2 writes them; pass 1 only counts). */
void asm_emit(struct asm_ctx *A, const void *bytes, uint32_t n);
void asm_emit_word(struct asm_ctx *A, uint32_t w);
/* Append n bytes of fill; zero fill is not stored. */
void asm_fill(struct asm_ctx *A, uint32_t n, uint8_t fill);
uint8_t asm_sec_byte(const struct asm_section *s, uint32_t off);
/* Record (pass 1) or replay (pass 2) a value that decides sizes. */
struct asm_layout asm_layout(struct asm_ctx *A, uint32_t value, bool known);
/* Grow *v (elements of size sz) to hold n; false on out of memory. */
bool asm_grow(void **v, size_t *cap, size_t n, size_t sz);
char *asm_strndup(const char *s, size_t n);

/* ---- listing.c ---- */

void asm_list_line(struct asm_ctx *A, const struct asm_line *ln);

/* ---- output.c ---- */

/* Check the finished program (entry, overlaps, memory, packed files) and,
 * if there were no errors at all, lay out the image. */
uint8_t *asm_output(struct asm_ctx *A, const struct asm_input *in, size_t *len);

/* ---- asm.c ---- */

/* Assemble one line: a statement, or a line of a macro being defined; then
 * its listing, and the .include or the macro expansion it asked for. */
void asm_run_line(struct asm_ctx *A, const struct asm_line *ln);

#endif /* ASM_INTERNAL */
#endif
