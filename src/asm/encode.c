/*
 * encode.c - instruction words from operands and back.  The assembler's
 * encoder and the disassembler's decoder share the table below, and both
 * read and write fields only through the insn_* helpers of isa.h.
 */
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

/* Which register field (isa.h: a, b, c) holds each register operand. */
enum { FLD_NONE, FLD_A, FLD_B, FLD_C };

/* The register operands of each form, as forms.def describes them. */
static const struct form_fields {
	uint8_t rd, rs1, rs2;
} form_fields[FORM_COUNT] = {
	[FORM_R]    = { FLD_A,    FLD_B,    FLD_C },
	[FORM_RI]   = { FLD_A,    FLD_B,    FLD_NONE },
	[FORM_RU]   = { FLD_A,    FLD_B,    FLD_NONE },
	[FORM_SH]   = { FLD_A,    FLD_B,    FLD_NONE },
	[FORM_LUI]  = { FLD_A,    FLD_NONE, FLD_NONE },
	[FORM_LD]   = { FLD_A,    FLD_B,    FLD_NONE },
	[FORM_ST]   = { FLD_NONE, FLD_B,    FLD_A },
	[FORM_BR]   = { FLD_NONE, FLD_A,    FLD_B },
	[FORM_JAL]  = { FLD_A,    FLD_NONE, FLD_NONE },
	[FORM_JALR] = { FLD_A,    FLD_B,    FLD_NONE },
	[FORM_MFCR] = { FLD_A,    FLD_NONE, FLD_NONE },
	[FORM_MTCR] = { FLD_NONE, FLD_B,    FLD_NONE },
	[FORM_NONE] = { FLD_NONE, FLD_NONE, FLD_NONE },
};

static const struct {
	const char *name;
	enum asm_opnd kind;
} opnd_names[] = {
	{ "rd", OPND_RD }, { "rs1", OPND_RS1 }, { "rs2", OPND_RS2 },
	{ "simm", OPND_SIMM }, { "uimm", OPND_UIMM }, { "shamt", OPND_SHAMT },
	{ "target", OPND_TARGET }, { "cr", OPND_CR }, { "simm(rs1)", OPND_MEM },
	/* pseudo-instructions only */
	{ "rs", OPND_RS1 }, { "expr", OPND_IMM32 },
};

int asm_syntax(const char *syntax, enum asm_opnd out[ASM_MAX_OPNDS])
{
	int n = 0;
	const char *p = syntax;
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t k;
		for (k = 0; k < sizeof opnd_names / sizeof opnd_names[0]; k++)
			if (strlen(opnd_names[k].name) == len && memcmp(opnd_names[k].name, p, len) == 0)
				break;
		if (k == sizeof opnd_names / sizeof opnd_names[0] || n == ASM_MAX_OPNDS)
			return -1;
		out[n++] = opnd_names[k].kind;
		p += len;
		if (*p == ',')
			p += strspn(p + 1, " ") + 1;
	}
	return n;
}

int asm_reg(const char *s, size_t n)
{
	if (n >= 2 && n <= 3 && s[0] == 'r' && s[1] >= '0' && s[1] <= '9'
	    && (n == 2 || (s[1] != '0' && s[2] >= '0' && s[2] <= '9'))) {
		int r = n == 2 ? s[1] - '0' : (s[1] - '0') * 10 + s[2] - '0';
		return r < REG_COUNT ? r : -1;
	}
	for (int r = 0; r < REG_COUNT; r++)
		if (strlen(isa_reg_names[r]) == n && memcmp(isa_reg_names[r], s, n) == 0)
			return r;
	return -1;
}

int asm_creg(const char *s, size_t n)
{
	for (int i = 0; i < CR_COUNT; i++) {
		const char *name = isa_cregs[i].name;
		size_t k = 0;
		while (k < n && name[k] && name[k] - 'A' + 'a' == s[k])
			k++;
		if (k == n && name[k] == '\0')
			return i;
	}
	return -1;
}

/* The immediate kind of a form: its one non-register operand. */
static enum asm_opnd imm_kind(const struct isa_insn *in)
{
	enum asm_opnd k[ASM_MAX_OPNDS];
	int n = asm_syntax(isa_forms[in->form].syntax, k);
	for (int i = 0; i < n; i++)
		if (k[i] != OPND_RD && k[i] != OPND_RS1 && k[i] != OPND_RS2)
			return k[i] == OPND_MEM ? OPND_SIMM : k[i];
	return OPND_RD;	/* none */
}

/* The word offset from pc to target, if target is a multiple of 4 away and
 * within bits of signed offset; else reported. */
static uint32_t offset(struct asm_ctx *A, const struct asm_args *a, uint32_t pc, int bits,
		       const char *what)
{
	int32_t d = (int32_t)(a->imm - pc);
	int32_t lim = 1 << (bits - 1);
	if (d % 4 != 0 && pc % 4 != 0)
		return 0;	/* the instruction is misaligned, and reported so */
	if (d % 4 != 0) {
		asm_diag(A, DIAG_ERROR, NULL, A->line, a->col,
			 "%s target 0x%08x is not a multiple of 4 bytes away", what, a->imm);
		return 0;
	}
	if (d / 4 < -lim || d / 4 >= lim) {
		asm_diag(A, DIAG_ERROR, NULL, A->line, a->col,
			 "%s target 0x%08x out of range (%ld words away, limit %ld..%ld)", what,
			 a->imm, (long)(d / 4), -(long)lim, (long)lim - 1);
		return 0;
	}
	return (uint32_t)(d / 4);
}

/* imm if it lies in lo..hi (as a signed value if lo < 0), else reported. */
static uint32_t ranged(struct asm_ctx *A, const struct asm_args *a, long lo, long hi,
		       const char *what)
{
	long s = (int32_t)a->imm;
	bool fits = lo < 0 ? s >= lo && s <= hi : a->imm <= (unsigned long)hi;
	if (!fits) {
		asm_diag(A, DIAG_ERROR, NULL, A->line, a->col, "%s %ld out of range (%ld..%ld)",
			 what, s, lo, hi);
		return 0;
	}
	return a->imm;
}

uint32_t asm_encode(struct asm_ctx *A, const struct isa_insn *in, const struct asm_args *a,
		    uint32_t pc)
{
	const struct form_fields *ff = &form_fields[in->form];
	unsigned f[4] = { 0 };	/* f[FLD_NONE] takes what a form has no field for */
	f[ff->rd] = a->rd;
	f[ff->rs1] = a->rs1;
	f[ff->rs2] = a->rs2;
	uint32_t imm = 0;
	enum asm_opnd k = imm_kind(in);
	if (a->known) {
		switch (k) {
		case OPND_SIMM:   imm = ranged(A, a, -32768, 32767, "immediate"); break;
		case OPND_UIMM:   imm = ranged(A, a, 0, 0xFFFF, "immediate"); break;
		case OPND_SHAMT:  imm = ranged(A, a, 0, 31, "shift amount"); break;
		case OPND_CR:     imm = ranged(A, a, 0, 0xFFFF, "control register"); break;
		case OPND_TARGET:
			if (isa_forms[in->form].layout == LAYOUT_J)
				imm = offset(A, a, pc, 20, "jump");
			else
				imm = offset(A, a, pc, 16, "branch");
			break;
		default: break;
		}
	}
	switch (isa_forms[in->form].layout) {
	case LAYOUT_R: return insn_enc_r(in->opcode, f[FLD_A], f[FLD_B], f[FLD_C]);
	case LAYOUT_I: return insn_enc_i(in->opcode, f[FLD_A], f[FLD_B], imm);
	case LAYOUT_J: return insn_enc_j(in->opcode, f[FLD_A], imm);
	default:       return insn_enc_n(in->opcode);
	}
}

void asm_decode(uint32_t w, const struct isa_insn *in, uint32_t pc, struct asm_args *a)
{
	const struct form_fields *ff = &form_fields[in->form];
	unsigned f[4] = { 0, insn_a(w), insn_b(w), insn_c(w) };
	memset(a, 0, sizeof *a);
	a->rd = f[ff->rd];
	a->rs1 = f[ff->rs1];
	a->rs2 = f[ff->rs2];
	a->known = true;
	switch (imm_kind(in)) {
	case OPND_SIMM:
		a->imm = (uint32_t)insn_simm16(w);
		break;
	case OPND_UIMM:
	case OPND_SHAMT:
	case OPND_CR:
		a->imm = insn_uimm16(w);
		break;
	case OPND_TARGET:
		if (isa_forms[in->form].layout == LAYOUT_J)
			a->imm = pc + 4 * (uint32_t)insn_simm20(w);
		else
			a->imm = pc + 4 * (uint32_t)insn_simm16(w);
		break;
	default:
		break;
	}
}
