/*
 * symbols.c - the symbol table: the names every program may use, expanded
 * from the machine's and the kernel's tables (so the kernel, written in this
 * assembly, says SYS_WRITE and CR_BOUND where C says the same), then the
 * labels and constants of the source.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"
#include "os.h"

/* A predefined name is prefix + the row's name in upper case. */
static const struct predef {
	const char *prefix, *name;
	uint32_t value;
} predefs[] = {
#define CREG(num, name, access, meaning) { "CR_", #name, CR_##name },
#include "cregs.def"
#undef CREG
#define STATUS_BIT(name, bit, meaning) { "STATUS_", #name, STATUS_##name },
#include "status.def"
#undef STATUS_BIT
	{ "", "STATUS_MASK", STATUS_MASK },
#define CAUSE(num, name, kind, pushed, text) { "TRAP_", #name, TRAP_##name },
#include "causes.def"
#undef CAUSE
	{ "", "TRAP_COUNT", TRAP_COUNT },
	{ "", "IVEC_ENTRIES", IVEC_ENTRIES },
	{ "", "DEV_BASE", DEV_BASE },
#define DEVREG(off, name, access, meaning) { "DEV_", #name, DEV_BASE + DEVREG_##name },
#include "devices.def"
#undef DEVREG
	{ "", "CONS_READY", CONS_READY },
	{ "", "CONS_EOF", CONS_EOF },
#define FRAME_FIELD(off, name, meaning) { "FRAME_", #name, FRAME_##name },
#include "frame.def"
#undef FRAME_FIELD
	{ "", "FRAME_BYTES", FRAME_BYTES },
#define BOOT_FIELD(off, name, meaning) { "BOOT_", #name, BOOT_##name },
#include "bootinfo.def"
#undef BOOT_FIELD
	{ "", "BOOT_BYTES", BOOT_BYTES },
	{ "", "BOOTINFO_MAGIC", BOOTINFO_MAGIC },
#define FILE_FIELD(off, name, meaning) { "FILE_", #name, FILE_##name },
#include "fileent.def"
#undef FILE_FIELD
	{ "", "FILE_BYTES", FILE_BYTES },
#define SYSCALL(num, name, args, result) { "SYS_", #name, num },
#include "syscalls.def"
#undef SYSCALL
#define ERROR(num, name, meaning) { "", #name, num },
#include "errors.def"
#undef ERROR
#define OSEV(code, name, a0, a1, format) { "OSEV_", #name, code },
#include "trace_events.def"
#undef OSEV
#define LIMIT(name, value, meaning) { "", #name, value },
#include "limits.def"
#undef LIMIT
#define PS_FIELD(off, name, bytes, meaning) { "PS_", #name, off },
#include "psrec.def"
#undef PS_FIELD
	{ "", "PS_BYTES", PS_BYTES },
#define PSTATE(value, name, text) { "PSTATE_", #name, value },
#include "pstate.def"
#undef PSTATE
	{ "", "MEM_MIN", MEM_MIN },
	{ "", "MEM_MAX", MEM_MAX },
	{ "", "MEM_DEFAULT", MEM_DEFAULT },
};
enum { NPREDEF = sizeof predefs / sizeof predefs[0] };

/* Does name (n bytes) spell row p? */
static bool predef_is(const struct predef *p, const char *name, size_t n)
{
	size_t lp = strlen(p->prefix), ln = strlen(p->name);
	if (n != lp + ln || memcmp(name, p->prefix, lp) != 0)
		return false;
	for (size_t i = 0; i < ln; i++)
		if (name[lp + i] != toupper((unsigned char)p->name[i]))
			return false;
	return true;
}

bool asm_predefined(const char *name)
{
	for (size_t i = 0; i < NPREDEF; i++)
		if (predef_is(&predefs[i], name, strlen(name)))
			return true;
	return false;
}

/* FNV-1a */
static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool rehash(struct asm_ctx *A, size_t cap)
{
	uint32_t *t = calloc(cap, sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < A->nsyms; i++) {
		const char *name = A->syms[i]->name;
		size_t h = hash(name, strlen(name)) & (cap - 1);
		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = (uint32_t)i + 1;
	}
	free(A->hash);
	A->hash = t;
	A->hashcap = cap;
	return true;
}

struct asm_sym *asm_sym_find(struct asm_ctx *A, const char *name, size_t n)
{
	if (!A->hashcap)
		return NULL;
	size_t h = hash(name, n) & (A->hashcap - 1);
	for (; A->hash[h]; h = (h + 1) & (A->hashcap - 1)) {
		struct asm_sym *s = A->syms[A->hash[h] - 1];
		if (strncmp(s->name, name, n) == 0 && s->name[n] == '\0')
			return s;
	}
	return NULL;
}

struct asm_sym *asm_sym_add(struct asm_ctx *A, const char *name, size_t n)
{
	if ((A->nsyms + 1) * 2 > A->hashcap && !rehash(A, A->hashcap ? A->hashcap * 2 : 256))
		goto fail;
	if (!asm_grow((void **)&A->syms, &A->capsyms, A->nsyms + 1, sizeof *A->syms))
		goto fail;
	struct asm_sym *s = calloc(1, sizeof *s);
	if (!s)
		goto fail;
	s->name = asm_strndup(name, n);
	if (!s->name) {
		free(s);
		goto fail;
	}
	A->syms[A->nsyms++] = s;
	size_t h = hash(name, n) & (A->hashcap - 1);
	while (A->hash[h])
		h = (h + 1) & (A->hashcap - 1);
	A->hash[h] = (uint32_t)A->nsyms;
	return s;
fail:
	asm_oom(A);
	return NULL;
}

bool asm_predefined_name(size_t i, char *buf, size_t size)
{
	if (i >= NPREDEF)
		return false;
	const struct predef *p = &predefs[i];
	size_t lp = strlen(p->prefix), ln = strlen(p->name);
	if (lp + ln >= size)
		return false;
	memcpy(buf, p->prefix, lp);
	for (size_t k = 0; k < ln; k++)
		buf[lp + k] = (char)toupper((unsigned char)p->name[k]);
	buf[lp + ln] = '\0';
	return true;
}

bool asm_syms_init(struct asm_ctx *A)
{
	char name[64];
	for (size_t i = 0; i < NPREDEF; i++) {
		if (!asm_predefined_name(i, name, sizeof name))
			return false;
		struct asm_sym *s = asm_sym_add(A, name, strlen(name));
		if (!s)
			return false;
		s->kind = SYMK_PREDEF;
		s->state = EQU_KNOWN;
		s->value = predefs[i].value;
	}
	A->npredef = A->nsyms;
	return true;
}

void asm_syms_free(struct asm_ctx *A)
{
	for (size_t i = 0; i < A->nsyms; i++) {
		free(A->syms[i]->name);
		free(A->syms[i]);
	}
	free(A->syms);
	free(A->hash);
	A->syms = NULL;
	A->hash = NULL;
	A->nsyms = A->capsyms = A->hashcap = 0;
}
