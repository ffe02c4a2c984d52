/*
 * test_asm_macros.c - .macro NAME [param, ...] / .endm: what an expansion
 * assembles to (the same bytes as the lines written out by hand), where
 * "\param" and "\()" are replaced and where not, and every error, with the
 * exact text: a message about an expanded line is shown on the body line
 * as written, then on the line of each use ("in expansion of macro").
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "asm_fixture.h"

/* The limits of asm.h that the messages name. */
enum { MAX_PARAMS = 16, MAX_LINES = 65536 };

/* src as "t.s": errors expected, exactly diag. */
static void check(const char *src, int errors, const char *diag) { fx_check(src, errors, diag); }

/* with and without assemble to the same segments and entry, with no
 * diagnostic at all. */
static void same_bytes(const char *with, const char *without)
{
	struct asm_result a, b;
	if (asm_run(&a, with) != 0 || a.diag_len)
		fail_msg("for:\n%s\n%s", with, a.diag);
	if (asm_run(&b, without) != 0 || b.diag_len)
		fail_msg("for:\n%s\n%s", without, b.diag);
	assert_int_equal(a.im.entry, b.im.entry);
	assert_int_equal(a.im.nsegs, b.im.nsegs);
	for (uint32_t i = 0; i < a.im.nsegs; i++) {
		assert_int_equal(a.im.segs[i].addr, b.im.segs[i].addr);
		assert_int_equal(a.im.segs[i].filesz, b.im.segs[i].filesz);
		assert_memory_equal(a.im.segs[i].data, b.im.segs[i].data, a.im.segs[i].filesz);
	}
	asm_result_free(&a);
	asm_result_free(&b);
}

/* An expansion is its body with the arguments in place of "\param",
 * anywhere outside literals and comments, even inside a name; "\()" ends
 * a parameter's name.  Macros use macros; a label on the line of a use is
 * where the expansion starts. */
static void test_expansion(void **state)
{
	(void)state;
	same_bytes(".macro SAVE reg, off\n"
		   "\tsw\t\\reg, \\off(sp)\t# store \\reg\n"
		   ".endm\n"
		   "\tSAVE a0, 4\n"
		   "\tSAVE s1, FRAME_PC + 4 * 2\n",
		   "\tsw\ta0, 4(sp)\n"
		   "\tsw\ts1, FRAME_PC + 4 * 2(sp)\n");
	same_bytes(".macro LOADF r, f\n"
		   "\tlw \\r, FRAME_\\f(sp)\n"
		   ".endm\n"
		   ".macro PAIR r\n"
		   "\tLOADF \\r, PC\n"
		   "\tLOADF \\r, SP\n"
		   ".endm\n"
		   "\tPAIR t0\n",
		   "\tlw t0, FRAME_PC(sp)\n"
		   "\tlw t0, FRAME_SP(sp)\n");
	same_bytes(".macro ENTRY name\n"
		   "\\name\\()_start:\n"
		   "\tnop\n"
		   ".endm\n"
		   "\tj here_start\n"
		   "\tENTRY here\n",
		   "\tj here_start\n"
		   "here_start:\n"
		   "\tnop\n");
	/* a parameter named n leaves '\n' and "\n" alone */
	same_bytes(".macro CH n\n"
		   "\tli a0, '\\n' + \\n\n"
		   "\t.ascii \"\\n\\n\"\n"
		   ".endm\n"
		   "\tCH 1\n",
		   "\tli a0, '\\n' + 1\n"
		   "\t.ascii \"\\n\\n\"\n");
	/* no parameters; an argument of several tokens; an empty one */
	same_bytes(".macro NOP2\n\tnop\n\tnop\n.endm\n"
		   ".macro ADDI3 d, s, k\n\taddi \\d, \\s, 1 \\k\n.endm\n"
		   "top:\tNOP2\n"
		   "\tADDI3 a0, a1, + 2 * 3\n"
		   "\tADDI3 a0, a1,\n"
		   "\tj top\n",
		   "top:\tnop\n\tnop\n"
		   "\taddi a0, a1, 1 + 2 * 3\n"
		   "\taddi a0, a1, 1\n"
		   "\tj top\n");
}

/* The listing shows the use, then each line it made. */
static void test_listing(void **state)
{
	(void)state;
	struct asm_result r;
	assert_int_equal(asm_run_listed(&r, ".macro M r\n\tmov \\r, zero\n.endm\n\tM a0\n"), 0);
	assert_string_equal(r.listing,
			    "                                   .macro M r\n"
			    "                                   \tmov \\r, zero\n"
			    "                                   .endm\n"
			    "                                   \tM a0\n"
			    "00000000  00000120                 \tmov a0, zero\n");
	asm_result_free(&r);
}

/* A message about a line a macro made is shown on the body line as written,
 * the caret mapped back across the substitutions, then on the use with the
 * caret under the argument the column came from, or under the macro's
 * name. */
static void test_errors_inside(void **state)
{
	(void)state;
	check(".macro ADDK r, k\n"
	      "\taddi \\r, \\r, \\k\n"
	      ".endm\n"
	      "\tADDK zero, 99999\n", 1,
	      "t.s:2:15: error: immediate 99999 out of range (-32768..32767)\n"
	      "\taddi \\r, \\r, \\k\n\t             ^\n"
	      "t.s:4:13: note: in expansion of macro 'ADDK'\n"
	      "\tADDK zero, 99999\n\t           ^\n");
	/* an error in the body's own text, after substitutions */
	check(".macro BAD r\n"
	      "\tadd \\r, \\r, 5\n"
	      ".endm\n"
	      "\tBAD zero\n", 1,
	      "t.s:2:14: error: expected a register, found '5'\n"
	      "\tadd \\r, \\r, 5\n\t            ^\n"
	      "t.s:4:2: note: in expansion of macro 'BAD'\n"
	      "\tBAD zero\n\t^\n");
	/* through two macros, innermost first */
	check(".macro IN x\n"
	      "\tli a0, \\x\n"
	      ".endm\n"
	      ".macro OUT y\n"
	      "\tnop\n"
	      "\tIN \\y\n"
	      ".endm\n"
	      "\tOUT nowhere\n", 1,
	      "t.s:2:9: error: undefined symbol 'nowhere'\n"
	      "\tli a0, \\x\n\t       ^\n"
	      "t.s:6:5: note: in expansion of macro 'IN'\n"
	      "\tIN \\y\n\t   ^\n"
	      "t.s:8:6: note: in expansion of macro 'OUT'\n"
	      "\tOUT nowhere\n\t    ^\n");
	/* a label in a macro used twice */
	check(".macro L\n"
	      "here:\tnop\n"
	      ".endm\n"
	      "\tL\n"
	      "\tL\n", 1,
	      "t.s:2:1: error: duplicate symbol 'here' (first defined at t.s:2)\n"
	      "here:\tnop\n^\n"
	      "t.s:5:2: note: in expansion of macro 'L'\n"
	      "\tL\n\t^\n");
	/* a misspelt macro */
	check(".macro SAVE r\n\tpush \\r\n.endm\n\tSAVEE a0\n", 1,
	      "t.s:4:2: error: unknown mnemonic 'SAVEE'; did you mean 'SAVE'?\n\tSAVEE a0\n\t^\n");
	/* used before its definition: not a macro yet */
	check("\tM\n.macro M\n\tnop\n.endm\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'M'\n\tM\n\t^\n"
	      "t.s:1:3: note: if 'M' is a label, it needs a colon: 'M:'\n\tM\n\t ^\n");
}

/* Definitions that are wrong; each is reported once, and the lines up to
 * .endm are never assembled as code. */
static void test_definition_errors(void **state)
{
	(void)state;
	check("\tnop\n\t.endm\n", 1, "t.s:2:2: error: '.endm' without '.macro'\n\t.endm\n\t^\n");
	check("\tnop\n.macro M a\n\tadd \\a, \\a, \\a\n", 1,
	      "t.s:2:8: error: macro 'M' has no '.endm' (it runs to the end of the file)\n"
	      ".macro M a\n       ^\n");
	check(".macro M\n\tnop\n.endm\n.macro M\n\tbogus\n.endm\n\tM\n", 1,
	      "t.s:4:8: error: duplicate macro 'M' (first defined at t.s:1)\n.macro M\n       ^\n");
	check(".macro A\n\tnop\n.macro B\n\tnop\n.endm\n\tA\n\tB\n", 1,
	      "t.s:3:1: error: '.macro' inside macro 'A': is its '.endm' missing?\n.macro B\n^\n");
	check(".macro M a\n\tli a0, \\b\n\tli a0, \\a\n.endm\n\tM 1\n\tM 2\n", 1,
	      "t.s:2:9: error: '\\b' is not a parameter of macro 'M'\n\tli a0, \\b\n\t       ^\n");
	check(".macro M a\n\tli a0, \\ + 1\n.endm\n\tM 1\n", 1,
	      "t.s:2:9: error: expected a parameter name after '\\' (or '\\()')\n"
	      "\tli a0, \\ + 1\n\t       ^\n");
	check(".macro add a\n\tbogus\n.endm\n\tnop\n", 1,
	      "t.s:1:8: error: 'add' is an instruction; choose another name\n.macro add a\n       ^\n");
	check(".macro sp\n.endm\n\tnop\n", 1,
	      "t.s:1:8: error: 'sp' is reserved; choose another name\n.macro sp\n       ^\n");
	check(".macro .m\n.endm\n\tnop\n", 1,
	      "t.s:1:8: error: a macro name cannot start with '.'\n.macro .m\n       ^\n");
	check(".macro\n\tbogus\n.endm\n\tnop\n", 1,
	      "t.s:1:7: error: expected a macro name, found end of line\n.macro\n      ^\n");
	check(".macro M a, a\n.endm\n\tnop\n", 1,
	      "t.s:1:13: error: duplicate parameter 'a'\n.macro M a, a\n            ^\n");
	check(".macro M a.b\n.endm\n\tnop\n", 1,
	      "t.s:1:10: error: a parameter name has only letters, digits and '_'\n"
	      ".macro M a.b\n         ^\n");
	check(".macro M a b\n.endm\n\tnop\n", 1,
	      "t.s:1:12: error: expected ',' or end of line, found 'b'\n.macro M a b\n           ^\n");
	check(".macro M a,\n.endm\n\tnop\n", 1,
	      "t.s:1:12: error: expected a parameter name, found end of line\n.macro M a,\n"
	      "           ^\n");
	check(".macro M\n\tnop\n.endm x\n\tM\n", 1,
	      "t.s:3:7: error: expected end of line after '.endm'\n.endm x\n      ^\n");
	/* a macro cannot come out of an expansion */
	check(".macro D x\n\t\\x N\n.endm\n\tD .macro\n\tnop\n", 1,
	      "t.s:2:2: error: a macro cannot define a macro\n\t\\x N\n\t^\n"
	      "t.s:4:4: note: in expansion of macro 'D'\n\tD .macro\n\t  ^\n");

	char src[400], want[400];
	strcpy(src, ".macro M p0");
	for (int i = 1; i <= MAX_PARAMS; i++)
		sprintf(src + strlen(src), ", p%d", i);
	strcat(src, "\n.endm\n\tnop\n");
	snprintf(want, sizeof want, "t.s:1:%d: error: too many parameters (limit %d)\n%.*s\n%*s^\n",
		 (int)(strrchr(src, ',') - src) + 3, MAX_PARAMS,
		 (int)(strchr(src, '\n') - src), src, (int)(strrchr(src, ',') - src) + 2, "");
	check(src, 1, want);
}

/* Uses with the wrong number of arguments; a use too deep. */
static void test_use_errors(void **state)
{
	(void)state;
	check(".macro M a, b\n\tnop\n.endm\n\tM 1\n", 1,
	      "t.s:4:5: error: missing argument: macro 'M' takes a, b\n\tM 1\n\t   ^\n");
	check(".macro M a, b\n\tnop\n.endm\n\tM 1, 2, 3\n", 1,
	      "t.s:4:10: error: too many arguments: macro 'M' takes a, b\n\tM 1, 2, 3\n\t        ^\n");
	check(".macro M\n\tnop\n.endm\n\tM x\n", 1,
	      "t.s:4:4: error: macro 'M' takes no arguments\n\tM x\n\t  ^\n");
	check(".macro M a\n\tnop\n.endm\n\tM @\n", 1,
	      "t.s:4:4: error: unexpected character '@'\n\tM @\n\t  ^\n");
	/* recursion: said once, at the use in the file */
	check(".macro R n\n\tnop\n\tR \\n\n\tR \\n\n.endm\n\tnop\n\tR 1\n\tnop\n", 1,
	      "t.s:7:2: error: macro 'R' nested too deeply (limit 32): does it use itself?\n"
	      "\tR 1\n\t^\n");
	check(".macro A\n\tB\n.endm\n.macro B\n\tA\n.endm\n\tA\n", 1,
	      "t.s:7:2: error: macro 'A' nested too deeply (limit 32): does it use itself?\n"
	      "\tA\n\t^\n");
}

/* Expansions that would make too many lines (each macro uses the one
 * before twice) stop at ASM_MAX_MACRO_LINES, with one error however many
 * uses follow. */
static void test_too_many_lines(void **state)
{
	(void)state;
	char src[2000];
	size_t n = (size_t)sprintf(src, ".macro M0\n\tnop\n.endm\n");
	for (int i = 1; i <= 20; i++)
		n += (size_t)sprintf(src + n, ".macro M%d\n\tM%d\n\tM%d\n.endm\n", i, i - 1, i - 1);
	sprintf(src + n, "\tM20\n\tM20\n");
	char want[200];
	snprintf(want, sizeof want,
		 "t.s:%d:2: error: macros expanded into more than %d lines\n\tM20\n\t^\n", 3 + 4 * 20 + 1,
		 MAX_LINES);
	check(src, 1, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expansion),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_errors_inside),
		cmocka_unit_test(test_definition_errors),
		cmocka_unit_test(test_use_errors),
		cmocka_unit_test(test_too_many_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
