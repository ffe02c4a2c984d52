/*
 * isa.h - the instruction set, expanded from the tables in this folder.
 * Shared by the CPU, the assembler, the disassembler, the tests and the
 * docs generator, so none of them can disagree about an encoding.
 *
 * Every instruction is one 32-bit little-endian word, in one of four layouts:
 *
 *        31                  20 19    16 15    12 11     8 7             0
 *   R   |     0 (reserved)     |   c    |   b    |   a    |    opcode     |
 *   I   |           imm16               |   b    |   a    |    opcode     |
 *   J   |                 imm20                  |   a    |    opcode     |
 *   N   |                     0 (reserved)                |    opcode     |
 *
 * forms.def says which operand each field holds for each form (for example
 * form ST puts the stored register in a and the base register in b).
 */
#ifndef ISA_H
#define ISA_H

#include <stdbool.h>
#include <stdint.h>

/* ---- Instructions ---------------------------------------------------- */

enum {
#define INSN(name, mn, opc, form, flags, sem) OP_##name = opc,
#include "isa.def"
#undef INSN
};

enum isa_form {
#define FORM(name, layout, syntax, fields) FORM_##name,
#include "forms.def"
#undef FORM
	FORM_COUNT
};

enum isa_layout { LAYOUT_R, LAYOUT_I, LAYOUT_J, LAYOUT_N };

enum {
	F_PRIV = 1 << 0,
	F_MEM  = 1 << 1,
	F_DIV  = 1 << 2,
	F_JUMP = 1 << 3,
	F_CR   = 1 << 4,
	F_TRAP = 1 << 5,
};

/* Number of rows in isa.def, and the index of each row (0..ISA_COUNT-1). */
enum {
#define INSN(name, mn, opc, form, flags, sem) ISA_ROW_##name,
#include "isa.def"
#undef INSN
	ISA_COUNT
};

struct isa_insn {
	const char *name;	/* enum suffix, "ADD" */
	const char *mnemonic;	/* "add" */
	uint8_t opcode;
	uint8_t form;		/* enum isa_form */
	uint8_t flags;		/* F_* */
	const char *semantics;
};

struct isa_form_info {
	const char *name;
	uint8_t layout;		/* enum isa_layout */
	const char *syntax;
	const char *fields;
};

extern const struct isa_insn isa_insns[ISA_COUNT];
extern const struct isa_form_info isa_forms[FORM_COUNT];

/* The row for an opcode, or NULL if the opcode is not an instruction. */
const struct isa_insn *isa_by_opcode(unsigned opcode);
/* The row for a mnemonic (exact, lower case), or NULL. */
const struct isa_insn *isa_by_mnemonic(const char *mnemonic);

/* ---- Fields: the only code that knows where they sit -------------------- */

static inline unsigned insn_op(uint32_t w) { return w & 0xFFu; }
static inline unsigned insn_a(uint32_t w) { return (w >> 8) & 0xFu; }
static inline unsigned insn_b(uint32_t w) { return (w >> 12) & 0xFu; }
static inline unsigned insn_c(uint32_t w) { return (w >> 16) & 0xFu; }
static inline uint32_t insn_uimm16(uint32_t w) { return w >> 16; }
static inline int32_t insn_simm16(uint32_t w) { return (int32_t)((w >> 16) ^ 0x8000u) - 0x8000; }
static inline int32_t insn_simm20(uint32_t w) { return (int32_t)((w >> 12) ^ 0x80000u) - 0x80000; }

static inline uint32_t insn_enc_r(unsigned op, unsigned a, unsigned b, unsigned c)
{
	return (op & 0xFFu) | (a & 0xFu) << 8 | (b & 0xFu) << 12 | (c & 0xFu) << 16;
}
static inline uint32_t insn_enc_i(unsigned op, unsigned a, unsigned b, uint32_t imm16)
{
	return (op & 0xFFu) | (a & 0xFu) << 8 | (b & 0xFu) << 12 | (imm16 & 0xFFFFu) << 16;
}
static inline uint32_t insn_enc_j(unsigned op, unsigned a, uint32_t imm20)
{
	return (op & 0xFFu) | (a & 0xFu) << 8 | (imm20 & 0xFFFFFu) << 12;
}
static inline uint32_t insn_enc_n(unsigned op) { return op & 0xFFu; }

/*
 * True if w is a valid instruction word: a known opcode, zero in every
 * reserved bit of its form, and a shift amount of 0..31.  (Whether a control
 * register number exists is checked when mfcr/mtcr execute.)
 */
bool isa_valid(uint32_t w);

/* ---- Registers -------------------------------------------------------- */

enum {
#define REG(num, abi, saved, role) REG_##abi = num,
#include "regs.def"
#undef REG
	REG_COUNT = 16
};
extern const char *const isa_reg_names[REG_COUNT];	/* ABI names */

/* ---- Control registers and status bits ------------------------------- */

enum {
#define CREG(num, name, access, meaning) CR_##name = num,
#include "cregs.def"
#undef CREG
};
enum { CR_COUNT = 0
#define CREG(num, name, access, meaning) + 1
#include "cregs.def"
#undef CREG
};
enum { CR_RW, CR_RO };
struct isa_creg {
	const char *name;
	uint8_t access;
	const char *meaning;
};
extern const struct isa_creg isa_cregs[CR_COUNT];

enum {
#define STATUS_BIT(name, bit, meaning) STATUS_##name = 1u << bit,
#include "status.def"
#undef STATUS_BIT
};
enum { STATUS_MASK = 0
#define STATUS_BIT(name, bit, meaning) | (1u << bit)
#include "status.def"
#undef STATUS_BIT
};

/* ---- Trap causes ------------------------------------------------------ */

enum {
#define CAUSE(num, name, kind, pushed, text) TRAP_##name = num,
#include "causes.def"
#undef CAUSE
};
enum { TRAP_COUNT = 0
#define CAUSE(num, name, kind, pushed, text) + 1
#include "causes.def"
#undef CAUSE
};
enum { IVEC_ENTRIES = 16 };
enum { CAUSE_FAULT, CAUSE_TRAP, CAUSE_INTR };
enum { PUSH_THIS, PUSH_NEXT };
struct isa_cause {
	const char *name;	/* "TIMER" */
	uint8_t kind;		/* CAUSE_* */
	uint8_t pushed;		/* PUSH_* */
	const char *text;	/* "timer interrupt" */
};
extern const struct isa_cause isa_causes[TRAP_COUNT];

/* ---- The trap frame ---------------------------------------------------- */

enum {
#define FRAME_FIELD(off, name, meaning) FRAME_##name = off,
#include "frame.def"
#undef FRAME_FIELD
};
enum { FRAME_BYTES = 0
#define FRAME_FIELD(off, name, meaning) + 4
#include "frame.def"
#undef FRAME_FIELD
};

/* ---- Devices ----------------------------------------------------------- */

#define DEV_BASE 0xF0000000u
/* Offsets from DEV_BASE.  (The assembler predefines DEV_<name> as the full
 * address DEV_BASE + offset.) */
enum {
#define DEVREG(off, name, access, meaning) DEVREG_##name = off,
#include "devices.def"
#undef DEVREG
};
enum { DEV_COUNT = 0
#define DEVREG(off, name, access, meaning) + 1
#include "devices.def"
#undef DEVREG
};
enum { CONS_READY = 1, CONS_EOF = 2 };

/* ---- Physical memory --------------------------------------------------- */

#define MEM_DEFAULT (16u << 20)	/* 16 MiB */
#define MEM_MIN     (64u << 10)	/* 64 KiB */
#define MEM_MAX     (1024u << 20)	/* 1 GiB, well below DEV_BASE */
#define MEM_ALIGN   4096u		/* sizes are whole 4 KiB pages */

/* ---- Boot information and the image file format ------------------------- */

#define BOOTINFO_MAGIC 0x544F4F42u	/* "BOOT" as bytes */
enum {
#define BOOT_FIELD(off, name, meaning) BOOT_##name = off,
#include "bootinfo.def"
#undef BOOT_FIELD
};
enum { BOOT_BYTES = 0
#define BOOT_FIELD(off, name, meaning) + 4
#include "bootinfo.def"
#undef BOOT_FIELD
};
enum {
#define FILE_FIELD(off, name, meaning) FILE_##name = off,
#include "fileent.def"
#undef FILE_FIELD
};
enum { FILE_BYTES = 0
#define FILE_FIELD(off, name, meaning) + 4
#include "fileent.def"
#undef FILE_FIELD
};

#define IMG_MAGIC 0x4958444Cu	/* "LDXI" as bytes */
#define IMG_VERSION 1u
enum {
#define IMG_HDR(off, name, meaning) IMG_HDR_##name = off,
#define IMG_SEG(off, name, meaning) IMG_SEG_##name = off,
#define IMG_SYM(off, name, meaning) IMG_SYM_##name = off,
#define IMG_FILE(off, name, meaning) IMG_FILE_##name = off,
#define IMG_LTAB(off, name, meaning) IMG_LTAB_##name = off,
#define IMG_SRC(off, name, meaning) IMG_SRC_##name = off,
#define IMG_LINE(off, name, meaning) IMG_LINE_##name = off,
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_HDR_BYTES = 0
#define IMG_HDR(off, name, meaning) + 4
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_SEG_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning) + 4
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_SYM_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning) + 4
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_FILE_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning) + 4
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_LTAB_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning) + 4
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_SRC_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning) + 4
#define IMG_LINE(off, name, meaning)
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { IMG_LINE_BYTES = 0
#define IMG_HDR(off, name, meaning)
#define IMG_SEG(off, name, meaning)
#define IMG_SYM(off, name, meaning)
#define IMG_FILE(off, name, meaning)
#define IMG_LTAB(off, name, meaning)
#define IMG_SRC(off, name, meaning)
#define IMG_LINE(off, name, meaning) + 4
#include "image.def"
#undef IMG_HDR
#undef IMG_SEG
#undef IMG_SYM
#undef IMG_FILE
#undef IMG_LTAB
#undef IMG_SRC
#undef IMG_LINE
};
enum { SEG_EXEC = 1, SEG_WRITE = 2, SEG_FLAGS = 3 };
enum { SYM_CODE = 0, SYM_DATA = 1, SYM_CONST = 2 };
enum { FILE_IMAGE = 1, FILE_FLAGS = 1 };
enum { IMG_MAX_SEGS = 64, IMG_MAX_NAME = 255, IMG_MAX_FILES = 1024, IMG_MAX_DEPTH = 2,
       IMG_MAX_SYMS = 65536, IMG_MAX_SRCS = 1024, IMG_MAX_LINES = 1 << 20 };

#endif
