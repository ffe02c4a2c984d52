/*
 * test_asm_diagnostics.c - every diagnostic, with its exact text: the
 * "file:line:col: error: message" line, the source line as written and the
 * caret under the column (tabs kept).  Also: every error of a file is
 * reported, in order; the count is returned; there is a cap.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "asm_fixture.h"

/* src as "t.s": errors expected, exactly diag. */
static void check(const char *src, int errors, const char *diag) { fx_check(src, errors, diag); }

/* Malformed tokens. */
static void test_lexer(void **state)
{
	(void)state;
	check("\tnop @ 1\n", 1,
	      "t.s:1:6: error: unexpected character '@'\n\tnop @ 1\n\t    ^\n");
	check("\tnop\n\t.byte 1, \x01\n", 1,
	      "t.s:2:11: error: unexpected character 0x01\n\t.byte 1, \x01\n\t         ^\n");
	check("\tli a0, 12ab\n", 1,
	      "t.s:1:11: error: invalid decimal digit 'a' in number\n\tli a0, 12ab\n\t         ^\n");
	check("\tli a0, 0x\n", 1,
	      "t.s:1:11: error: expected hex digits\n\tli a0, 0x\n\t         ^\n");
	check("\tli a0, 0b12\n", 1,
	      "t.s:1:12: error: invalid binary digit '2' in number\n\tli a0, 0b12\n\t          ^\n");
	check("\tli a0, 0o8\n", 1,
	      "t.s:1:11: error: invalid octal digit '8' in number\n\tli a0, 0o8\n\t         ^\n");
	check("\tli a0, 4294967296\n", 1,
	      "t.s:1:9: error: number does not fit in 32 bits\n\tli a0, 4294967296\n\t       ^\n");
	check("\tnop\n\t.ascii \"abc\n", 1,
	      "t.s:2:9: error: unterminated string\n\t.ascii \"abc\n\t       ^\n");
	check("\tnop\n\t.ascii \"a\\qc\"\n", 1,
	      "t.s:2:11: error: unknown escape sequence '\\q'\n\t.ascii \"a\\qc\"\n\t         ^\n");
	check("\tnop\n\t.ascii \"\\x4\"\n", 1,
	      "t.s:2:10: error: expected two hex digits after '\\x'\n\t.ascii \"\\x4\"\n\t        ^\n");
	check("\tnop\n\t.ascii \"ab\\", 1,
	      "t.s:2:12: error: unterminated escape sequence\n\t.ascii \"ab\\\n\t          ^\n");
	check("\tnop\n\t.ascii \"a\\\x7f\"\n", 1,
	      "t.s:2:11: error: unknown escape sequence: '\\' followed by 0x7f\n\t.ascii \"a\\\x7f\"\n"
	      "\t         ^\n");
	check("\tli a0, ''\n", 1,
	      "t.s:1:9: error: empty character literal\n\tli a0, ''\n\t       ^\n");
	check("\tli a0, 'a\n", 1,
	      "t.s:1:9: error: unterminated character literal\n\tli a0, 'a\n\t       ^\n");
	check("\tli a0, 'ab'\n", 1,
	      "t.s:1:9: error: character literal holds more than one character\n"
	      "\tli a0, 'ab'\n\t       ^\n");
	char src[400], want[1200];
	memset(src, 'x', 300);
	memcpy(src + 300, ": nop\n", 7);
	snprintf(want, sizeof want, "t.s:1:1: error: name longer than 255 characters\n%.*s\n^\n",
		 305, src);
	check(src, 1, want);
}

/* Statements the parser does not understand. */
static void test_statements(void **state)
{
	(void)state;
	check("\taddd\ta0, a0, 1\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'addd'; did you mean 'add'?\n\taddd\ta0, a0, 1\n\t^\n");
	check("\tnop\n\t.wrod 1\n", 1,
	      "t.s:2:2: error: unknown directive '.wrod'; did you mean '.word'?\n\t.wrod 1\n\t^\n");
	check("\tnop\n5: nop\n", 1,
	      "t.s:2:1: error: expected a label, an instruction or a directive, found '5'\n5: nop\n^\n");
	check("\tnop\n\t.text x\n", 1,
	      "t.s:2:8: error: expected end of line, found 'x'\n\t.text x\n\t      ^\n");
	check("\tnop\nX = 1 2\n", 1,
	      "t.s:2:7: error: expected end of line, found '2'\nX = 1 2\n      ^\n");
	/* one error a statement, the first in the line */
	check("\tfoo @\n", 1, "t.s:1:2: error: unknown mnemonic 'foo'\n\tfoo @\n\t^\n");
	check("x:\tli a0, 12ab\n\tj x\n", 1,
	      "t.s:1:13: error: invalid decimal digit 'a' in number\nx:\tli a0, 12ab\n"
	      "  \t         ^\n");
	check("\tnop\n\t.section .bss\n", 1,
	      "t.s:2:11: error: expected '.text' or '.data', found '.bss'\n\t.section .bss\n"
	      "\t         ^\n");
}

/* Operands: count, kind, registers. */
static void test_operands(void **state)
{
	(void)state;
	check("\tadd a0, a1\n", 1,
	      "t.s:1:12: error: missing operand: 'add' takes rd, rs1, rs2\n\tadd a0, a1\n\t          ^\n");
	check("\tadd a0, a1, a2, a3\n", 1,
	      "t.s:1:16: error: too many operands: 'add' takes rd, rs1, rs2\n\tadd a0, a1, a2, a3\n"
	      "\t              ^\n");
	check("\tpush a0, a1\n", 1,
	      "t.s:1:9: error: too many operands: 'push' takes rs\n\tpush a0, a1\n\t       ^\n");
	check("\thalt a0\n", 1,
	      "t.s:1:7: error: 'halt' takes no operands\n\thalt a0\n\t     ^\n");
	check("\tadd a0 a1, a2\n", 1,
	      "t.s:1:9: error: expected ',', found 'a1'\n\tadd a0 a1, a2\n\t       ^\n");
	check("\tadd a0, a1, a2 a3\n", 1,
	      "t.s:1:17: error: unexpected 'a3' after the operands: 'add' takes rd, rs1, rs2\n"
	      "\tadd a0, a1, a2 a3\n\t               ^\n");
	check("\tadd a0, 5, a1\n", 1,
	      "t.s:1:10: error: expected a register, found '5'\n\tadd a0, 5, a1\n\t        ^\n");
	check("\tadd a0, r16, a1\n", 1,
	      "t.s:1:10: error: unknown register 'r16' (r0..r15)\n\tadd a0, r16, a1\n\t        ^\n");
	check("\tadd a0, a1,\n", 1,
	      "t.s:1:13: error: expected a register, found end of line\n\tadd a0, a1,\n\t           ^\n");
	check("\taddi a0, a1, sp\n", 1,
	      "t.s:1:15: error: expected an expression, found register 'sp'\n\taddi a0, a1, sp\n"
	      "\t             ^\n");
	check("\tlw a0, 4\n", 1,
	      "t.s:1:10: error: expected '(' and a base register, found end of line\n\tlw a0, 4\n"
	      "\t        ^\n");
	check("\tlw a0, 4(a9)\n", 1,
	      "t.s:1:11: error: expected a register, found 'a9'; did you mean 'a0'?\n\tlw a0, 4(a9)\n\t         ^\n");
	check("\tlw a0, 4(sp\n", 1,
	      "t.s:1:13: error: expected ')', found end of line\n\tlw a0, 4(sp\n\t           ^\n");
}

/* Expressions. */
static void test_expressions(void **state)
{
	(void)state;
	check("\tli a0, nowhere + 1\n", 1,
	      "t.s:1:9: error: undefined symbol 'nowhere'\n\tli a0, nowhere + 1\n\t       ^\n");
	check("\tli a0, 1 / (2 - 2)\n", 1,
	      "t.s:1:11: error: division by zero\n\tli a0, 1 / (2 - 2)\n\t         ^\n");
	check("\tli a0, 1 % 0\n", 1,
	      "t.s:1:11: error: division by zero\n\tli a0, 1 % 0\n\t         ^\n");
	check("\tli a0, (1 + 2\n", 1,
	      "t.s:1:15: error: expected ')', found end of line\n\tli a0, (1 + 2\n\t             ^\n");
	check("\tli a0, 1 +\n", 1,
	      "t.s:1:12: error: expected an expression, found end of line\n\tli a0, 1 +\n\t          ^\n");
	check("\tli a0, %xx(1)\n", 1,
	      "t.s:1:10: error: expected 'hi' or 'lo' after '%', found 'xx'\n\tli a0, %xx(1)\n"
	      "\t        ^\n");
	check("\t.word \"s\"\n", 1,
	      "t.s:1:8: error: expected an expression, found a string\n\t.word \"s\"\n\t      ^\n");
	check("X = Y + 1\nY = X\n\tnop\n", 1,
	      "t.s:2:5: error: circular definition: 'X' depends on itself\nY = X\n    ^\n");
	/* a chain of .equ that zig-zags through the file (so the sweeps
	 * between the passes resolve only its tail), used above it all */
	enum { LINKS = 200 };
	char *chain = malloc(LINKS * 32 + 64);
	assert_non_null(chain);
	size_t n = (size_t)sprintf(chain, "\tli a0, Q0\n");
	for (int half = 0; half < 2; half++)
		for (int i = half; i < LINKS; i += 2)
			n += (size_t)sprintf(chain + n, "Q%d = Q%d + 1\n", i, i + 1);
	sprintf(chain + n, "Q%d = end\nend:\tnop\n", LINKS);
	check(chain, 2,
	      "t.s:34:7: error: 'Q64' is defined through too many levels of .equ (limit 64)\n"
	      "Q64 = Q65 + 1\n      ^\n"
	      "t.s:167:8: error: 'Q131' is defined through too many levels of .equ (limit 64)\n"
	      "Q131 = Q132 + 1\n       ^\n");
	free(chain);

	/* 100 parentheses: the 65th expression inside is one too many */
	char src[300], want[1000];
	strcpy(src, "\t.word ");
	memset(src + 7, '(', 100);
	strcpy(src + 107, "1\n");
	snprintf(want, sizeof want,
		 "t.s:1:72: error: expression nested too deeply (limit 64)\n%.*s\n\t%*s^\n", 108, src,
		 70, "");
	check(src, 1, want);
}

/* Values that do not fit where they go. */
static void test_ranges(void **state)
{
	(void)state;
	check("\taddi a0, a0, 40000\n", 1,
	      "t.s:1:15: error: immediate 40000 out of range (-32768..32767)\n\taddi a0, a0, 40000\n"
	      "\t             ^\n");
	check("\taddi a0, a0, -32769\n", 1,
	      "t.s:1:15: error: immediate -32769 out of range (-32768..32767)\n\taddi a0, a0, -32769\n"
	      "\t             ^\n");
	check("\tandi a0, a0, -1\n", 1,
	      "t.s:1:15: error: immediate -1 out of range (0..65535)\n\tandi a0, a0, -1\n"
	      "\t             ^\n");
	check("\tlui a0, 0x10000\n", 1,
	      "t.s:1:10: error: immediate 65536 out of range (0..65535)\n\tlui a0, 0x10000\n"
	      "\t        ^\n");
	check("\tslli a0, a0, 32\n", 1,
	      "t.s:1:15: error: shift amount 32 out of range (0..31)\n\tslli a0, a0, 32\n"
	      "\t             ^\n");
	check("\tmfcr a0, 0x10000\n", 1,
	      "t.s:1:11: error: control register 65536 out of range (0..65535)\n\tmfcr a0, 0x10000\n"
	      "\t         ^\n");
	check("\tsw a0, 0x8000(sp)\n", 1,
	      "t.s:1:9: error: immediate 32768 out of range (-32768..32767)\n\tsw a0, 0x8000(sp)\n"
	      "\t       ^\n");
	check("\tbeq a0, a1, far\n\t.org 0x20000\nfar:\tnop\n", 1,
	      "t.s:1:14: error: branch target 0x00020000 out of range (32768 words away, limit "
	      "-32768..32767)\n\tbeq a0, a1, far\n\t            ^\n");
	check("\tbnez a0, 6\n", 1,
	      "t.s:1:11: error: branch target 0x00000006 is not a multiple of 4 bytes away\n"
	      "\tbnez a0, 6\n\t         ^\n");
	check("\tcall 0x200000\n", 1,
	      "t.s:1:7: error: jump target 0x00200000 out of range (524288 words away, limit "
	      "-524288..524287)\n\tcall 0x200000\n\t     ^\n");
	check("\tnop\n\t.byte 256, -129, 255, -128\n", 2,
	      "t.s:2:8: error: value 256 out of range for .byte (-128..255)\n"
	      "\t.byte 256, -129, 255, -128\n\t      ^\n"
	      "t.s:2:13: error: value -129 out of range for .byte (-128..255)\n"
	      "\t.byte 256, -129, 255, -128\n\t           ^\n");
	check("\tnop\n\t.half 0x10000\n", 1,
	      "t.s:2:8: error: value 65536 out of range for .half (-32768..65535)\n\t.half 0x10000\n"
	      "\t      ^\n");
	check("\tnop\n\t.space 4, 256\n", 1,
	      "t.s:2:12: error: fill value 256 out of range for .space (-128..255)\n"
	      "\t.space 4, 256\n\t          ^\n");
}

/* Symbols defined twice, or with a name that is taken. */
static void test_symbols(void **state)
{
	(void)state;
	check("x:\tnop\n\tnop\nx:\tnop\n", 1,
	      "t.s:3:1: error: duplicate symbol 'x' (first defined at t.s:1)\nx:\tnop\n^\n");
	check("x = 1\n\tnop\n\t.equ x, 2\n", 1,
	      "t.s:3:7: error: duplicate symbol 'x' (first defined at t.s:1)\n\t.equ x, 2\n\t     ^\n");
	check("SYS_EXIT = 9\n\tnop\n", 1,
	      "t.s:1:1: error: 'SYS_EXIT' is predefined; choose another name\nSYS_EXIT = 9\n^\n");
	check("\tnop\nCR_STATUS:\tnop\n", 1,
	      "t.s:2:1: error: 'CR_STATUS' is predefined; choose another name\nCR_STATUS:\tnop\n^\n");
	check("\tnop\nsp:\tnop\n", 1,
	      "t.s:2:1: error: 'sp' is reserved; choose another name\nsp:\tnop\n^\n");
}

/* Layout: alignment, .org, .space, .align and where sections go. */
static void test_layout(void **state)
{
	(void)state;
	check("\tnop\n\t.byte 1\n\tnop\n", 1,
	      "t.s:3:2: error: instruction at 0x00000005, not a multiple of 4 (use .align 4)\n"
	      "\tnop\n\t^\n"
	      "t.s:2:2: note: .text is misaligned from this line on\n\t.byte 1\n\t^\n");
	/* .org can leave it misaligned too */
	check("\tnop\n\t.org 6\n\tnop\n", 1,
	      "t.s:3:2: error: instruction at 0x00000006, not a multiple of 4 (use .align 4)\n"
	      "\tnop\n\t^\n"
	      "t.s:2:2: note: .text is misaligned from this line on\n\t.org 6\n\t^\n");
	check("\tnop\n\t.space N\nN = 4\n", 1,
	      "t.s:2:9: error: the size of .space must be known here: define its symbols above "
	      "this line\n\t.space N\n\t       ^\n");
	check("\tnop\n\t.org L\nL = 8\n", 1,
	      "t.s:2:7: error: the address of .org must be known here: define its symbols above "
	      "this line\n\t.org L\n\t     ^\n");
	check("\tnop\n\t.align A\nA = 8\n", 1,
	      "t.s:2:9: error: the alignment must be known here: define its symbols above this "
	      "line\n\t.align A\n\t       ^\n");
	check("\tnop\n\tnop\n\t.org 4\n", 1,
	      "t.s:3:7: error: .org cannot move backwards (from 0x00000008 to 0x00000004)\n"
	      "\t.org 4\n\t     ^\n");
	check("\tnop\n\t.org 0x40000004\n", 1,
	      "t.s:2:7: error: address 0x40000004 is beyond MEM_MAX (0x40000000)\n"
	      "\t.org 0x40000004\n\t     ^\n");
	check("\tnop\n\t.data\nd:\t.org 0x100\n", 1,
	      "t.s:3:9: error: .org in .data must come before its first label or byte\n"
	      "d:\t.org 0x100\n  \t     ^\n");
	check("\tnop\n\t.align 12\n", 1,
	      "t.s:2:9: error: alignment must be a power of two (1..0x40000000), not 12\n"
	      "\t.align 12\n\t       ^\n");
	check("\tnop\n\t.align 0\n", 1,
	      "t.s:2:9: error: alignment must be a power of two (1..0x40000000), not 0\n"
	      "\t.align 0\n\t       ^\n");
	check("\tnop\n\t.space 0x40000000\n", 1,
	      "t.s:2:2: error: .text would grow past MEM_MAX (0x40000000 bytes)\n"
	      "\t.space 0x40000000\n\t^\n");
}

/* Directive operands. */
static void test_directives(void **state)
{
	(void)state;
	check("\tnop\n\t.ascii 5\n", 1,
	      "t.s:2:9: error: expected a string, found '5'\n\t.ascii 5\n\t       ^\n");
	check("\tnop\n\t.asciz \"a\", b\n", 1,
	      "t.s:2:14: error: expected a string, found 'b'\n\t.asciz \"a\", b\n\t            ^\n");
	check("\tnop\n\t.equ 5, 3\n", 1,
	      "t.s:2:7: error: expected a name, found '5'\n\t.equ 5, 3\n\t     ^\n");
	check("\tnop\n\t.equ X 3\n", 1,
	      "t.s:2:9: error: expected ',', found '3'\n\t.equ X 3\n\t       ^\n");
	check("\tnop\n\t.include x\n", 1,
	      "t.s:2:11: error: expected a file name in quotes, found 'x'\n\t.include x\n\t         ^\n");
	check("\tnop\n\t.include \"\"\n", 1,
	      "t.s:2:11: error: bad file name\n\t.include \"\"\n\t         ^\n");
	check("\tnop\n\t.global 1\n", 1,
	      "t.s:2:10: error: expected a name, found '1'\n\t.global 1\n\t        ^\n");
	check("\tnop\n\t.word\n", 1,
	      "t.s:2:7: error: expected an expression, found end of line\n\t.word\n\t     ^\n");
	check("\tnop\n\t.entry 0\n\t.entry 0\n", 1,
	      "t.s:3:9: error: second .entry (the first is at t.s:2)\n\t.entry 0\n\t       ^\n");
	check("\tnop\n\t.include \"no/such/file.s\"\n", 1,
	      "t.s:2:11: error: include file 'no/such/file.s' not found\n"
	      "\t.include \"no/such/file.s\"\n\t         ^\n");
}

/* Whole-program checks: entry point, overlapping or too large sections,
 * packed files. */
static void test_program(void **state)
{
	(void)state;
	check("\t.data\n\t.word 1\n", 1, "t.s: error: no instructions: .text is empty\n");
	check("\tnop\n\t.entry 2\n", 1,
	      "t.s:2:9: error: entry point 0x00000002 is not an instruction in .text "
	      "(0x00000000..0x00000003)\n\t.entry 2\n\t       ^\n");
	check("\tnop\n\t.data\n_start:\t.word 0\n", 1,
	      "t.s:3:1: error: _start 0x00000010 is not an instruction in .text "
	      "(0x00000000..0x00000003)\n_start:\t.word 0\n^\n");
	check("\tnop\n\tnop\n\t.data\n\t.org 4\n\t.word 1\n", 1,
	      "t.s: error: .text (0x00000000..0x00000007) and .data (0x00000004..0x00000007) overlap\n");
	check("\tnop\n\t.data\n\t.org 0x40000000\n\t.word 1\n", 1,
	      "t.s: error: .data ends at 0x40000004, beyond MEM_MAX (0x40000000)\n");

	struct asm_source src = { "t.s", "\tnop\n", 5 };
	struct asm_file files[] = { { "a", (const uint8_t *)"x", 1 }, { "a", (const uint8_t *)"y", 1 },
				    { "", (const uint8_t *)"z", 1 } };
	struct asm_result r;
	assert_int_equal(asm_run_input(&r, &src, 1, files, 3, false), 2);
	assert_string_equal(r.diag, "asm: error: two files named 'a'\n"
				    "asm: error: file name '' must have 1 to 255 characters\n");
	assert_null(r.image);
	asm_result_free(&r);

	assert_int_equal(asm_run_input(&r, NULL, 0, NULL, 0, false), 1);
	assert_string_equal(r.diag, "asm: error: no source files\n");
	asm_result_free(&r);

	src = (struct asm_source){ "/no/such/dir/p.s", NULL, 0 };
	assert_int_equal(asm_run_input(&r, &src, 1, NULL, 0, false), 1);
	assert_string_equal(r.diag, "/no/such/dir/p.s: error: cannot read: No such file or directory\n");
	asm_result_free(&r);
}

/* Warnings do not stop the image. */
static void test_warnings(void **state)
{
	(void)state;
	struct asm_result r;
	assert_int_equal(asm_run(&r, "\tmtcr instret, a0\n\tmfcr a0, 99\n"), 0);
	assert_string_equal(r.diag,
		"t.s:1:7: warning: CR_INSTRET is read-only (mtcr raises TRAP_ILLEGAL)\n"
		"\tmtcr instret, a0\n\t     ^\n"
		"t.s:2:11: warning: no control register 99 (mfcr raises TRAP_ILLEGAL)\n"
		"\tmfcr a0, 99\n\t         ^\n");
	assert_non_null(r.image);
	asm_result_free(&r);
}

/* The caret counts a UTF-8 character as one column and keeps tabs. */
static void test_caret(void **state)
{
	(void)state;
	check("\tnop\t# caf\xc3\xa9\n\t.ascii \"\xc3\xa9t\xc3\xa9\", x\n", 1,
	      "t.s:2:18: error: expected a string, found 'x'\n\t.ascii \"\xc3\xa9t\xc3\xa9\", x\n"
	      "\t              ^\n");
	check("\tnop\r\n\tnop x\r\n", 1,
	      "t.s:2:6: error: 'nop' takes no operands\n\tnop x\n\t    ^\n");
}

/* Every error of the file, in order, each line on its own; the count is
 * what asm_assemble returns. */
static void test_every_error(void **state)
{
	(void)state;
	check("\tadd a0\n"
	      "\tnop\n"
	      "\tfoo\n"
	      "ok:\tnop\n"
	      "\tli a0, undefined\n",
	      3,
	      "t.s:1:8: error: missing operand: 'add' takes rd, rs1, rs2\n\tadd a0\n\t      ^\n"
	      "t.s:3:2: error: unknown mnemonic 'foo'\n\tfoo\n\t^\n"
	      "t.s:3:5: note: if 'foo' is a label, it needs a colon: 'foo:'\n\tfoo\n\t   ^\n"
	      "t.s:5:9: error: undefined symbol 'undefined'\n\tli a0, undefined\n\t       ^\n");
}

/* s with f (toupper or tolower) applied to each letter, in buf. */
static void recase(char *buf, size_t size, const char *s, int (*f)(int))
{
	size_t k = 0;
	for (; s[k] && k + 1 < size; k++)
		buf[k] = (char)f((unsigned char)s[k]);
	buf[k] = '\0';
}

/* A misspelt name gets the nearest name of the table it should come from,
 * if one is close: at most a third of the word's letters away (at least 1,
 * at most 2), case ignored, a swap of neighbours counting as one. */
static void test_did_you_mean(void **state)
{
	(void)state;
	check("\tad a0, a0, a0\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'ad'; did you mean 'add'?\n\tad a0, a0, a0\n\t^\n");
	check("\tpsuh a0\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'psuh'; did you mean 'push'?\n\tpsuh a0\n\t^\n");
	check("\tfrobnicate a0\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'frobnicate'\n\tfrobnicate a0\n\t^\n");
	check("\tnop\n\t.allign 4\n", 1,
	      "t.s:2:2: error: unknown directive '.allign'; did you mean '.align'?\n"
	      "\t.allign 4\n\t^\n");
	check("\tadd a0, a0, zer\n", 1,
	      "t.s:1:14: error: expected a register, found 'zer'; did you mean 'zero'?\n"
	      "\tadd a0, a0, zer\n\t            ^\n");
	check("\tlw a0, 0(S0)\n", 1,
	      "t.s:1:11: error: expected a register, found 'S0'; did you mean 's0'?\n"
	      "\tlw a0, 0(S0)\n\t         ^\n");
	check("loop:\tnop\n\tj lopp\n", 1,
	      "t.s:2:4: error: undefined symbol 'lopp'; did you mean 'loop'?\n\tj lopp\n\t  ^\n");
	check("\tli t0, SYS_WRTIE\n", 1,
	      "t.s:1:9: error: undefined symbol 'SYS_WRTIE'; did you mean 'SYS_WRITE'?\n"
	      "\tli t0, SYS_WRTIE\n\t       ^\n");
	check("\tli t0, sys_write\n", 1,
	      "t.s:1:9: error: undefined symbol 'sys_write'; did you mean 'SYS_WRITE'?\n"
	      "\tli t0, sys_write\n\t       ^\n");
	check("loop:\tnop\n\tj pool\n", 1,
	      "t.s:2:4: error: undefined symbol 'pool'\n\tj pool\n\t  ^\n");

	/* the candidates are the rows of isa.def and regs.def themselves:
	 * each name in upper case finds its own row */
	for (int i = 0; i < ISA_COUNT; i++) {
		char src[64], want[256], up[16];
		recase(up, sizeof up, isa_insns[i].mnemonic, toupper);
		snprintf(src, sizeof src, "\t%s\n", up);
		snprintf(want, sizeof want, "t.s:1:2: error: unknown mnemonic '%s'; did you mean '%s'?\n"
			 "\t%s\n\t^\n", up, isa_insns[i].mnemonic, up);
		check(src, 1, want);
	}
	for (int r = 0; r < REG_COUNT; r++) {
		char src[64], want[256], up[8];
		recase(up, sizeof up, isa_reg_names[r], toupper);
		snprintf(src, sizeof src, "\tjr %s\n", up);
		snprintf(want, sizeof want, "t.s:1:5: error: expected a register, found '%s'; did you "
			 "mean '%s'?\n\tjr %s\n\t   ^\n", up, isa_reg_names[r], up);
		check(src, 1, want);
	}
}

/* A word alone on its line, or before a statement, that is no mnemonic may
 * be a label without its colon: a note says so, and it is taken as that
 * label, so that its uses are not errors as well.  Any other unknown
 * mnemonic takes the room of one instruction. */
static void test_label_without_colon(void **state)
{
	(void)state;
	check("\tnop\nloop\n\tj loop\n", 1,
	      "t.s:2:1: error: unknown mnemonic 'loop'\nloop\n^\n"
	      "t.s:2:5: note: if 'loop' is a label, it needs a colon: 'loop:'\nloop\n    ^\n");
	check("\tla a0, msg\n\t.data\nmsg\t.asciz \"hi\"\n", 1,
	      "t.s:3:1: error: unknown mnemonic 'msg'\nmsg\t.asciz \"hi\"\n^\n"
	      "t.s:3:4: note: if 'msg' is a label, it needs a colon: 'msg:'\nmsg\t.asciz \"hi\"\n"
	      "   ^\n");
	/* the rest of the line is assembled, and reported */
	check("loop add a0, a0, a9\n", 2,
	      "t.s:1:1: error: unknown mnemonic 'loop'\nloop add a0, a0, a9\n^\n"
	      "t.s:1:5: note: if 'loop' is a label, it needs a colon: 'loop:'\nloop add a0, a0, a9\n"
	      "    ^\n"
	      "t.s:1:18: error: expected a register, found 'a9'; did you mean 'a0'?\n"
	      "loop add a0, a0, a9\n                 ^\n");
	/* a real definition of the name wins, quietly */
	check("\tfoo\n\tj foo\nfoo:\tnop\n", 1,
	      "t.s:1:2: error: unknown mnemonic 'foo'\n\tfoo\n\t^\n"
	      "t.s:1:5: note: if 'foo' is a label, it needs a colon: 'foo:'\n\tfoo\n\t   ^\n");
	/* names no label can have; a word before something else */
	check("\ta0\n", 1, "t.s:1:2: error: unknown mnemonic 'a0'\n\ta0\n\t^\n");
	check("\tSYS_EXIT\n", 1, "t.s:1:2: error: unknown mnemonic 'SYS_EXIT'\n\tSYS_EXIT\n\t^\n");
	check("\tfoo bar\n", 1, "t.s:1:2: error: unknown mnemonic 'foo'\n\tfoo bar\n\t^\n");
	/* an unknown mnemonic with operands is one instruction long */
	check("\tfrob a0\n\t.org 2\n", 2,
	      "t.s:1:2: error: unknown mnemonic 'frob'\n\tfrob a0\n\t^\n"
	      "t.s:2:7: error: .org cannot move backwards (from 0x00000004 to 0x00000002)\n"
	      "\t.org 2\n\t     ^\n");
}

/* The control register operand of mfcr and mtcr: a lower-case name, or an
 * expression.  A name is taken as the register's whatever follows it but an
 * operator; a lone name that is neither a register nor a symbol is reported
 * as what it should have been, a control register. */
static void test_control_registers(void **state)
{
	(void)state;
	check("\tmfcr a0, status extra\n", 1,
	      "t.s:1:18: error: unexpected 'extra' after the operands: 'mfcr' takes rd, cr\n"
	      "\tmfcr a0, status extra\n\t                ^\n");
	check("\tmfcr a1, statsu\n", 1,
	      "t.s:1:11: error: expected a control register, found 'statsu'; did you mean 'status'?\n"
	      "\tmfcr a1, statsu\n\t         ^\n");
	check("\tmtcr CR_BOUDN, a0\n", 1,
	      "t.s:1:7: error: expected a control register, found 'CR_BOUDN'; did you mean "
	      "'CR_BOUND'?\n\tmtcr CR_BOUDN, a0\n\t     ^\n");
	check("\tmfcr a0, foo\n", 1,
	      "t.s:1:11: error: expected a control register (status, base, bound, ...), found 'foo'\n"
	      "\tmfcr a0, foo\n\t         ^\n");
	check("\tmfcr a0, 1 +\n", 1,
	      "t.s:1:14: error: expected an expression, found end of line\n\tmfcr a0, 1 +\n"
	      "\t            ^\n");
	/* every row of cregs.def, written in upper case, finds itself */
	for (int i = 0; i < CR_COUNT; i++) {
		char src[64], want[256], low[16];
		recase(low, sizeof low, isa_cregs[i].name, tolower);
		snprintf(src, sizeof src, "\tmfcr a0, %s\n", isa_cregs[i].name);
		snprintf(want, sizeof want, "t.s:1:11: error: expected a control register, found '%s'; "
			 "did you mean '%s'?\n\tmfcr a0, %s\n\t         ^\n", isa_cregs[i].name, low,
			 isa_cregs[i].name);
		check(src, 1, want);
	}
	/* names that are fine: a symbol defined later; a control register's
	 * name followed by an operator, a symbol in an expression */
	struct asm_result r;
	assert_int_equal(asm_run(&r, "\tmfcr a0, LATER\n\tmtcr status + 1, a0\n"
				     "LATER = 2\nstatus = 1\n"), 0);
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_MFCR, REG_a0, 0, 2));
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_MTCR, 0, REG_a0, 2));
	asm_result_free(&r);
}

/* One mistake, one error: the instructions after a stray byte are all
 * misaligned for the same reason, so the stretch is reported once (until an
 * instruction is aligned again), with the line that began it; a jump from a
 * misaligned instruction is not reported again for its odd distance. */
static void test_one_cause(void **state)
{
	(void)state;
	check("\tli a0, 1\n"
	      "\t.byte 300\n"
	      "\tadd a0, a0, a0\n"
	      "\tadd a0, a0, a0\n"
	      "\tj 0\n"
	      "\t.align 4\n"
	      "\tnop\n"
	      "\t.byte 1, 2\n"
	      "\tnop\n"
	      "\tnop\n",
	      3,
	      "t.s:2:8: error: value 300 out of range for .byte (-128..255)\n\t.byte 300\n\t      ^\n"
	      "t.s:3:2: error: instruction at 0x00000005, not a multiple of 4 (use .align 4)\n"
	      "\tadd a0, a0, a0\n\t^\n"
	      "t.s:2:2: note: .text is misaligned from this line on\n\t.byte 300\n\t^\n"
	      "t.s:9:2: error: instruction at 0x0000001a, not a multiple of 4 (use .align 4)\n"
	      "\tnop\n\t^\n"
	      "t.s:8:2: note: .text is misaligned from this line on\n\t.byte 1, 2\n\t^\n");
	/* a list with a syntax error in it still takes the room of all its
	 * items, so the instruction after it is where it would have been */
	check("\t.byte 1, 2 +, 3, 4\n\tnop\n", 1,
	      "t.s:1:14: error: expected an expression, found ','\n\t.byte 1, 2 +, 3, 4\n"
	      "\t            ^\n");
	check("\t.half 1, (, 3\n\t.half 4\n\tnop\n", 1,
	      "t.s:1:12: error: expected an expression, found ','\n\t.half 1, (, 3\n"
	      "\t          ^\n");
}

/* After ASM_MAX_ERRORS errors the assembler stops, with a note. */
static void test_error_cap(void **state)
{
	(void)state;
	char *src = malloc(150 * 8 + 1);
	assert_non_null(src);
	src[0] = '\0';
	for (int i = 0; i < 150; i++)
		strcat(src, "\tbogus\n");
	struct asm_result r;
	assert_int_equal(asm_run(&r, src), 100);
	const char *last = "t.s:100:2: error: unknown mnemonic 'bogus'\n\tbogus\n\t^\n"
			   "t.s: note: too many errors (100), stopping\n";
	size_t n = strlen(r.diag), k = strlen(last);
	assert_true(n > k);
	assert_string_equal(r.diag + n - k, last);
	asm_result_free(&r);
	free(src);
}

/* Include cycles and nesting limits, with the positions they are
 * reported at. */
static void test_include_errors(void **state)
{
	(void)state;
	char dir[64];
	fx_mkdtemp(dir);
	fx_put(dir, "a.s", "\tnop\n\t.include \"b.s\"\n");
	fx_put(dir, "b.s", "\t.include \"a.s\"\n");
	fx_put(dir, "self.s", "\tnop\n\t.include \"self.s\"\n");
	/* d0.s includes d1.s ... d20.s: deeper than the limit */
	for (int i = 0; i < 20; i++) {
		char name[16], text[64];
		snprintf(name, sizeof name, "d%d.s", i);
		snprintf(text, sizeof text, "\t.include \"d%d.s\"\n", i + 1);
		fx_put(dir, name, text);
	}
	fx_put(dir, "d20.s", "\tnop\n");
	fx_put(dir, "dir.s", "\tnop\n\t.include \".\"\n");

	static const struct {
		const char *source;	/* what to assemble */
		const char *where;	/* the file and position of the error */
		const char *text;	/* the rest */
	} cases[] = {
		{ "a.s", "b.s:1:11", "include cycle: 'a.s' is already being read\n"
				     "\t.include \"a.s\"\n\t         ^\n" },
		{ "self.s", "self.s:2:11", "include cycle: 'self.s' is already being read\n"
					   "\t.include \"self.s\"\n\t         ^\n" },
		{ "d0.s", "d16.s:1:11", "includes nested too deeply (limit 16)\n"
					"\t.include \"d17.s\"\n\t         ^\n" },
		{ "dir.s", "dir.s:2:11", "cannot read include file '.': Is a directory\n"
					 "\t.include \".\"\n\t         ^\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[128], want[512];
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].source);
		snprintf(want, sizeof want, "%s/%s: error: %s", dir, cases[i].where, cases[i].text);
		struct asm_source src = { path, NULL, 0 };
		struct asm_result r;
		assert_int_equal(asm_run_input(&r, &src, 1, NULL, 0, false), 1);
		assert_string_equal(r.diag, want);
		asm_result_free(&r);
	}

	for (int i = 0; i <= 20; i++) {
		char name[16];
		snprintf(name, sizeof name, "d%d.s", i);
		fx_remove(dir, name);
	}
	fx_remove(dir, "a.s");
	fx_remove(dir, "b.s");
	fx_remove(dir, "self.s");
	fx_remove(dir, "dir.s");
	fx_remove(dir, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lexer),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_operands),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_every_error),
		cmocka_unit_test(test_one_cause),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_label_without_colon),
		cmocka_unit_test(test_control_registers),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_include_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
