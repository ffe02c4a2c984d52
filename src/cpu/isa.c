/*
 * isa.c - the ISA tables as data: the rows of isa.def, forms.def, regs.def,
 * cregs.def and causes.def, for the assembler, disassembler, CLI and docs.
 */
#include <string.h>

#include "isa.h"

const struct isa_insn isa_insns[ISA_COUNT] = {
#define INSN(name, mn, opc, form, flags, sem) { #name, mn, opc, FORM_##form, flags, sem },
#include "isa.def"
#undef INSN
};

const struct isa_form_info isa_forms[FORM_COUNT] = {
#define FORM(name, layout, syntax, fields) { #name, LAYOUT_##layout, syntax, fields },
#include "forms.def"
#undef FORM
};

const char *const isa_reg_names[REG_COUNT] = {
#define REG(num, abi, saved, role) [num] = #abi,
#include "regs.def"
#undef REG
};

const struct isa_creg isa_cregs[CR_COUNT] = {
#define CREG(num, name, access, meaning) [num] = { #name, CR_##access, meaning },
#include "cregs.def"
#undef CREG
};

const struct isa_cause isa_causes[TRAP_COUNT] = {
#define CAUSE(num, name, kind, pushed, text) [num] = { #name, CAUSE_##kind, PUSH_##pushed, text },
#include "causes.def"
#undef CAUSE
};

/* opcode -> row index + 1 (0: not an instruction) */
static const uint8_t row_of_opcode[256] = {
#define INSN(name, mn, opc, form, flags, sem) [opc] = ISA_ROW_##name + 1,
#include "isa.def"
#undef INSN
};

const struct isa_insn *isa_by_opcode(unsigned opcode)
{
	if (opcode > 0xFF || row_of_opcode[opcode] == 0)
		return NULL;
	return &isa_insns[row_of_opcode[opcode] - 1];
}

const struct isa_insn *isa_by_mnemonic(const char *mnemonic)
{
	for (int i = 0; i < ISA_COUNT; i++)
		if (strcmp(isa_insns[i].mnemonic, mnemonic) == 0)
			return &isa_insns[i];
	return NULL;
}

/* Bits each form requires to be zero. */
static uint32_t reserved_bits(enum isa_form form)
{
	switch (form) {
	case FORM_R:    return 0xFFF00000u;
	case FORM_LUI:  return 0x0000F000u;	/* b */
	case FORM_MFCR: return 0x0000F000u;	/* b */
	case FORM_MTCR: return 0x00000F00u;	/* a */
	case FORM_NONE: return 0xFFFFFF00u;
	default:        return 0;
	}
}

bool isa_valid(uint32_t w)
{
	const struct isa_insn *in = isa_by_opcode(insn_op(w));
	if (!in || (w & reserved_bits(in->form)))
		return false;
	if (in->form == FORM_SH && insn_uimm16(w) > 31)
		return false;
	return true;
}
