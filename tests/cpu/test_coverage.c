/*
 * test_coverage.c - the meta-test: after every other group has run, each
 * row of isa.def must have had its semantics tested and each exception its
 * flags and form allow must have been raised (by fx_expect_trap) in the
 * modes where it can happen; each row of causes.def must have been entered.
 * A new row without tests fails here, naming it.
 */
#include <stdio.h>
#include <string.h>

#include "cpu_fixture.h"

/* Forms with reserved bits (forms.def): a word with one set is ILLEGAL. */
static bool has_reserved_bits(unsigned form)
{
	switch (form) {
	case FORM_R: case FORM_SH: case FORM_LUI: case FORM_MFCR: case FORM_MTCR: case FORM_NONE:
		return true;
	}
	return false;
}

static unsigned missing;

static void need_fault(const struct isa_insn *in, unsigned cause, bool user, const char *why)
{
	if (cov_fault_seen(in->opcode, cause, user))
		return;
	print_error("no test: %s raising %s in %s mode (%s)\n", in->mnemonic,
		    isa_causes[cause].name, user ? "user" : "kernel", why);
	missing++;
}

static void need_trap_kind(const struct isa_insn *in, bool user)
{
	for (unsigned c = 0; c < TRAP_COUNT; c++)
		if (isa_causes[c].kind == CAUSE_TRAP && cov_fault_seen(in->opcode, c, user))
			return;
	print_error("no test: %s trapping in %s mode\n", in->mnemonic, user ? "user" : "kernel");
	missing++;
}

/* Every instruction row has a semantics test and a test for each exception
 * it may raise (reserved bits: ILLEGAL in both modes; F_PRIV: PRIVILEGED in
 * user mode; F_MEM: PROTECTION in user mode, BUS in both, MISALIGNED in both
 * unless it accesses bytes (M8 in its semantics), and for a privileged one
 * BUS and MISALIGNED in kernel mode; F_DIV: DIVZERO in both; F_JUMP:
 * MISALIGNED in both; F_CR: ILLEGAL in kernel mode from a valid word;
 * F_TRAP: its trap in both); every cause has been entered. */
static void test_every_row_has_a_test(void **state)
{
	(void)state;
	missing = 0;
	for (unsigned i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		bool priv = in->flags & F_PRIV;
		if (!cov_insn_seen(in->opcode)) {
			print_error("no test: semantics of %s\n", in->mnemonic);
			missing++;
		}
		for (int user = 0; user <= 1; user++) {
			if (has_reserved_bits(in->form) && !cov_reserved_seen(in->opcode, user)) {
				print_error("no test: %s with reserved bits in %s mode\n",
					    in->mnemonic, user ? "user" : "kernel");
				missing++;
			}
			if (in->flags & F_DIV)
				need_fault(in, TRAP_DIVZERO, user, "F_DIV");
			if (in->flags & F_JUMP)
				need_fault(in, TRAP_MISALIGNED, user, "F_JUMP");
			if (in->flags & F_TRAP)
				need_trap_kind(in, user);
			if ((in->flags & F_MEM) && (!priv || !user)) {
				need_fault(in, TRAP_BUS, user, "F_MEM");
				if (!strstr(in->semantics, "M8["))
					need_fault(in, TRAP_MISALIGNED, user, "F_MEM");
			}
		}
		if (priv)
			need_fault(in, TRAP_PRIVILEGED, true, "F_PRIV");
		if ((in->flags & F_MEM) && !priv)
			need_fault(in, TRAP_PROTECTION, true, "F_MEM");
		if (in->flags & F_CR)
			need_fault(in, TRAP_ILLEGAL, false, "F_CR");
	}
	for (unsigned c = 0; c < TRAP_COUNT; c++) {
		if (!cov_cause_seen(c)) {
			print_error("no test: cause %s was never entered\n", isa_causes[c].name);
			missing++;
		}
	}
	if (missing)
		fail_msg("%u rows of isa.def / causes.def lack a test (listed above)", missing);
}

int cpu_tests_coverage(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_has_a_test),
	};
	return cmocka_run_group_tests_name("cpu_coverage", tests, NULL, NULL);
}
