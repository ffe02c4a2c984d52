/*
 * listing.c - the listing (vm asm -l): for each source line, its address,
 * what it assembled to in hex, and the line as written.
 *
 *   00000000  00100120                 li a0, 1
 *   00000004  68 69 00                 msg: .asciz "hi"
 *             = 0000002a               N = 42
 *
 * Instructions show as words, data as bytes (at most LIST_ROWS rows of
 * LIST_BYTES; longer data ends with a "..." row).
 */
#define ASM_INTERNAL
#include "asm.h"

enum { LIST_BYTES = 8, LIST_ROWS = 4, HEX_WIDTH = 3 * LIST_BYTES - 1 };

static void row(FILE *f, const char *addr, const char *hex, const struct asm_line *ln)
{
	fprintf(f, "%-8s  %-*s  ", addr, HEX_WIDTH, hex);
	if (ln)
		fwrite(ln->text, 1, ln->len, f);
	fputc('\n', f);
}

void asm_list_line(struct asm_ctx *A, const struct asm_line *ln)
{
	FILE *f = A->listing;
	const struct asm_lst *l = &A->lst;
	const struct asm_section *s = &A->sec[l->sec];
	uint32_t n = l->sec == A->cur && s->size > l->start ? s->size - l->start : 0;
	char addr[12] = "", hex[HEX_WIDTH + 8] = "";
	snprintf(addr, sizeof addr, "%08x", s->base + l->start);

	if (l->kind == LST_EQU) {
		snprintf(hex, sizeof hex, "= %08x", l->value);
		row(f, "", hex, ln);
		return;
	}
	if (n == 0 || (l->kind != LST_INSN && l->kind != LST_DATA)) {
		row(f, l->labelled || n ? addr : "", "", ln);
		return;
	}
	uint32_t per = l->kind == LST_INSN ? 8 : LIST_BYTES;	/* bytes a row */
	for (uint32_t off = 0, r = 0; off < n; off += per, r++) {
		if (r == LIST_ROWS) {
			row(f, "", "...", NULL);
			break;
		}
		size_t used = 0;
		for (uint32_t k = 0; k < per && off + k < n; k += l->kind == LST_INSN ? 4 : 1) {
			uint32_t at = l->start + off + k;
			if (l->kind == LST_INSN && off + k + 4 <= n) {
				uint32_t w = 0;
				for (int b = 3; b >= 0; b--)
					w = w << 8 | asm_sec_byte(s, at + (uint32_t)b);
				used += (size_t)snprintf(hex + used, sizeof hex - used, "%s%08x",
							 k ? " " : "", w);
			} else {
				used += (size_t)snprintf(hex + used, sizeof hex - used, "%s%02x",
							 k ? " " : "", asm_sec_byte(s, at));
			}
		}
		snprintf(addr, sizeof addr, "%08x", s->base + l->start + off);
		row(f, addr, hex, r == 0 ? ln : NULL);
	}
}
