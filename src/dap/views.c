/*
 * views.c - the machine as vm dap shows it: threads (the kernel's
 * processes), the stack (the engine's backtrace), the variables (the
 * registers, the control registers, the trap frame and the PCB, as vm
 * debug's info registers, info cregs, info frame and info proc show them),
 * memory and its disassembly.
 *
 * Addresses given to the editor (instructionPointerReference,
 * memoryReference, instruction addresses) are plain numbers, which the
 * engine reads as the machine sees them now: physical in kernel mode,
 * virtual in the running process in user mode.
 */
#define _XOPEN_SOURCE 700	/* realpath */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "dap_int.h"
#include "os.h"

#define FAIL(...) (snprintf(err, n, __VA_ARGS__), -1)

static const struct cpu *M(struct adapter *a) { return dbg_cpu(a->s); }

static void hex(char *buf, size_t n, uint32_t v) { snprintf(buf, n, "0x%08x", v); }

/* ---- Threads and the stack --------------------------------------------------------------- */

int dap_threads(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	(void)args, (void)err, (void)n;
	cJSON *list = cJSON_AddArrayToObject(body, "threads");
	const struct kview *kv = dbg_kview(a->s);
	int cur = dap_current_thread(a);
	struct kview_proc ps[NPROC];
	unsigned np = kv->ok ? kview_procs(kv, M(a), ps, NPROC) : 0;
	if (cur == DAP_KERNEL_THREAD) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddNumberToObject(t, "id", DAP_KERNEL_THREAD);
		cJSON_AddStringToObject(t, "name", kv->ok ? "kernel (no process)" : "the machine");
		cJSON_AddItemToArray(list, t);
	}
	for (unsigned i = 0; i < np; i++) {
		if (ps[i].pid >= DAP_KERNEL_THREAD)
			continue;
		char name[96];
		snprintf(name, sizeof name, "pid %u %s (%s)", ps[i].pid, ps[i].name, kview_state_name(ps[i].state));
		cJSON *t = cJSON_CreateObject();
		cJSON_AddNumberToObject(t, "id", ps[i].pid);
		cJSON_AddStringToObject(t, "name", name);
		cJSON_AddItemToArray(list, t);
	}
	return 0;
}

/* A kernel constant (TF_PC, PCB_KSTACK...). */
static bool kconst(struct adapter *a, const char *name, uint32_t *v)
{
	struct dbg_value x;
	if (dbg_eval(a->s, name, &x))
		return false;
	*v = x.v;
	return true;
}

/* The source of an address of a mode, as the editor wants it: a path
 * it can open (the image keeps the path it was assembled from: made
 * absolute here when it names a file from where vm dap runs, as editors
 * start it in the workspace's folder) and a line counted as the client
 * counts them, into the object's key ("source" of a stack frame,
 * "location" of an instruction) and "line".  False if no line made it. */
static bool source_json(struct adapter *a, uint32_t addr, bool user, cJSON *into, const char *key)
{
	struct dbg_source src;
	if (!dbg_source_at_mode(a->s, addr, user, &src) || !src.file)
		return false;
	cJSON *s = cJSON_AddObjectToObject(into, key);
	const char *slash = strrchr(src.file, '/');
	cJSON_AddStringToObject(s, "name", slash ? slash + 1 : src.file);
	char *full = src.file[0] != '/' ? realpath(src.file, NULL) : NULL;
	cJSON_AddStringToObject(s, "path", full ? full : src.file);
	free(full);
	cJSON_DeleteItemFromObjectCaseSensitive(into, "line");
	cJSON_AddNumberToObject(into, "line", src.line - (a->lines_at1 ? 0 : 1));
	return true;
}

static cJSON *frame_json(int id, const char *name, uint32_t pc)
{
	cJSON *f = cJSON_CreateObject();
	char ref[16];
	hex(ref, sizeof ref, pc);
	cJSON_AddNumberToObject(f, "id", id);
	cJSON_AddStringToObject(f, "name", name);
	cJSON_AddNumberToObject(f, "line", 0);
	cJSON_AddNumberToObject(f, "column", 0);
	cJSON_AddStringToObject(f, "instructionPointerReference", ref);
	return f;
}

int dap_stack_trace(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	double tid = dap_num(args, "threadId", -1);
	double start = dap_num(args, "startFrame", 0), levels = dap_num(args, "levels", 0);
	cJSON *list = cJSON_AddArrayToObject(body, "stackFrames");
	if (start < 0)
		start = 0;
	if (start > 64)
		start = 64;	/* no more frames than that: none (and no cast of a huge number) */
	if (tid == dap_current_thread(a)) {
		struct dbg_frame fr[64];
		unsigned nf = dbg_backtrace(a->s, fr, 64);
		for (unsigned i = (unsigned)start; i < nf && (levels <= 0 || i < start + levels); i++) {
			char sym[96], name[160];
			dbg_symbolize(a->s, fr[i].pc, fr[i].user, sym, sizeof sym);
			snprintf(name, sizeof name, "%s (%s%s)", sym[0] ? sym : "??", fr[i].user ? "user" : "kernel",
				 fr[i].trap ? ", where the trap came from" : "");
			cJSON *f = frame_json((int)i, name, fr[i].pc);
			if (source_json(a, fr[i].pc, fr[i].user, f, "source")) {
				cJSON_DeleteItemFromObjectCaseSensitive(f, "column");
				cJSON_AddNumberToObject(f, "column", 1);
			}
			cJSON_AddItemToArray(list, f);
		}
		cJSON_AddNumberToObject(body, "totalFrames", nf);
		return 0;
	}
	/* a process that does not run now: where its trap frame says it will
	 * go on, at the top of its kernel stack */
	struct dbg_field f[64];
	uint32_t pid = tid > 0 && tid < DAP_KERNEL_THREAD ? (uint32_t)tid : 0;
	unsigned nf = pid ? dbg_pcb(a->s, pid, f, 64) : 0;
	uint32_t kstack = 0, tf_bytes, tf_pc, pc = 0;
	for (unsigned i = 0; i < nf; i++)
		if (!strcmp(f[i].name, "PCB_KSTACK"))
			kstack = f[i].value;
	if (!nf)
		return FAIL("stackTrace: no thread %.0f (threads lists them)", tid);
	bool known = kstack && kconst(a, "TF_BYTES", &tf_bytes) && kconst(a, "TF_PC", &tf_pc) &&
		     cpu_read(M(a), kstack - tf_bytes + tf_pc, &pc, 4);
	char name[96];
	snprintf(name, sizeof name, known ? "pid %u does not run now: it goes on at 0x%08x (user)"
					  : "pid %u does not run now", pid, pc);
	if (start == 0)
		cJSON_AddItemToArray(list, frame_json(FRAME_OTHER + (int)pid, name, pc));
	cJSON_AddNumberToObject(body, "totalFrames", 1);
	return 0;
}

static void scope(cJSON *list, const char *name, int ref, const char *hint)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "name", name);
	cJSON_AddNumberToObject(s, "variablesReference", ref);
	if (hint)
		cJSON_AddStringToObject(s, "presentationHint", hint);
	cJSON_AddBoolToObject(s, "expensive", false);
	cJSON_AddItemToArray(list, s);
}

int dap_scopes(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	double id = dap_num(args, "frameId", 0);
	cJSON *list = cJSON_AddArrayToObject(body, "scopes");
	char name[64];
	if (id >= FRAME_OTHER + DAP_KERNEL_THREAD)
		return FAIL("scopes: no frame %.0f", id);
	if (id >= FRAME_OTHER) {
		uint32_t pid = (uint32_t)(id - FRAME_OTHER);
		snprintf(name, sizeof name, "Process: pid %u's PCB", pid);
		scope(list, name, REF_PCB + (int)pid, NULL);
		return 0;
	}
	scope(list, "Registers", REF_REGS, "registers");
	scope(list, "Control registers", REF_CREGS, "registers");
	int pid = dap_current_thread(a);
	if (dbg_kview(a->s)->ok) {
		scope(list, "Trap frame", REF_FRAME, NULL);
		if (pid != DAP_KERNEL_THREAD) {
			snprintf(name, sizeof name, "Process: pid %d's PCB", pid);
			scope(list, name, REF_PCB + pid, NULL);
		}
	}
	return 0;
}

/* ---- Variables -------------------------------------------------------------------------------- */

static cJSON *var(cJSON *list, const char *name, const char *value, const char *evaluate, int ref)
{
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", name);
	cJSON_AddStringToObject(v, "value", value);
	if (evaluate)
		cJSON_AddStringToObject(v, "evaluateName", evaluate);
	cJSON_AddNumberToObject(v, "variablesReference", ref);
	cJSON_AddItemToArray(list, v);
	return v;
}

/* "0x0000035c <timer_entry>", "0x00000008 (timer interrupt)", or the hex. */
static void value_with(struct adapter *a, char *buf, size_t n, uint32_t v, const char *note, bool sym_user,
		       bool sym)
{
	char s[96] = "";
	if (sym)
		dbg_symbolize(a->s, v, sym_user, s, sizeof s);
	if (note && note[0])
		snprintf(buf, n, "0x%08x (%s)", v, note);
	else if (s[0])
		snprintf(buf, n, "0x%08x <%s>", v, s);
	else
		snprintf(buf, n, "0x%08x", v);
}

static const char *cause_text(uint32_t v) { return v < TRAP_COUNT ? isa_causes[v].text : "?"; }

static void status_bits(cJSON *list, uint32_t v)
{
	static const struct { const char *name; unsigned bit; const char *meaning; } bits[] = {
#define STATUS_BIT(name, bit, meaning) { #name, bit, meaning },
#include "status.def"
#undef STATUS_BIT
	};
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
		cJSON *x = var(list, bits[i].name, v >> bits[i].bit & 1 ? "1" : "0", NULL, 0);
		cJSON_AddStringToObject(x, "type", bits[i].meaning);
	}
}

static void memory_ref(cJSON *v, uint32_t phys)
{
	char ref[24];
	snprintf(ref, sizeof ref, "phys:0x%08x", phys);
	cJSON_AddStringToObject(v, "memoryReference", ref);
}

int dap_variables(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	double ref = dap_num(args, "variablesReference", 0);
	cJSON *list = cJSON_AddArrayToObject(body, "variables");
	char value[160];
	bool user = cpu_user_mode(M(a));
	if (ref == REF_REGS) {
		for (unsigned r = 0; r < REG_COUNT; r++) {
			hex(value, sizeof value, cpu_reg(M(a), r));
			var(list, isa_reg_names[r], value, isa_reg_names[r], 0);
		}
		value_with(a, value, sizeof value, cpu_pc(M(a)), NULL, user, true);
		var(list, "pc", value, "pc", 0);
		return 0;
	}
	if (ref == REF_CREGS) {
		for (unsigned cr = 0; cr < CR_COUNT; cr++) {
			char name[16];
			size_t i = 0;
			for (; isa_cregs[cr].name[i] && i + 1 < sizeof name; i++)
				name[i] = (char)tolower((unsigned char)isa_cregs[cr].name[i]);
			name[i] = '\0';
			uint32_t v = cpu_cr(M(a), cr);
			bool sym = cr == CR_IVEC || cr == CR_KSP || cr == CR_SCRATCH;
			value_with(a, value, sizeof value, v, cr == CR_CAUSE ? cause_text(v) : NULL, false, sym);
			var(list, name, value, name, cr == CR_STATUS ? REF_STATUS_BITS : 0);
		}
		return 0;
	}
	if (ref == REF_STATUS_BITS) {
		status_bits(list, cpu_cr(M(a), CR_STATUS));
		return 0;
	}
	struct dbg_field f[64];
	if (ref == REF_FRAME || ref == REF_TF_STATUS_BITS) {
		unsigned nf = dbg_trap_frame(a->s, f, 64);
		if (!nf)
			return FAIL("%s", dbg_error(a->s));
		uint32_t status = 0;
		for (unsigned i = 0; i < nf; i++)
			if (!strcmp(f[i].name, "TF_STATUS"))
				status = f[i].value;
		if (ref == REF_TF_STATUS_BITS) {
			status_bits(list, status);
			return 0;
		}
		for (unsigned i = 0; i < nf; i++) {
			bool pcs = !strcmp(f[i].name, "TF_PC") || !strcmp(f[i].name, "TF_RA");
			bool cause = !strcmp(f[i].name, "TF_CAUSE"), st = !strcmp(f[i].name, "TF_STATUS");
			value_with(a, value, sizeof value, f[i].value, cause ? cause_text(f[i].value) : NULL,
				   status & STATUS_UM, pcs);
			char eval[32];
			snprintf(eval, sizeof eval, "*phys:0x%08x", f[i].addr);
			memory_ref(var(list, f[i].name, value, eval, st ? REF_TF_STATUS_BITS : 0), f[i].addr);
		}
		return 0;
	}
	if (ref >= REF_PCB && ref < REF_PCB + DAP_KERNEL_THREAD) {
		uint32_t pid = (uint32_t)(ref - REF_PCB);
		unsigned nf = dbg_pcb(a->s, pid, f, 64);
		if (!nf)
			return FAIL("%s", dbg_error(a->s));
		for (unsigned i = 0; i < nf; i++) {
			char note[64] = "";
			bool name = !strcmp(f[i].name, "PCB_NAME");
			if (!strcmp(f[i].name, "PCB_STATE"))
				snprintf(note, sizeof note, "%s", kview_state_name(f[i].value));
			if (name)
				snprintf(value, sizeof value, "\"%s\"", dbg_process_name(a->s, pid));
			else
				value_with(a, value, sizeof value, f[i].value, note, false, false);
			char eval[32];
			snprintf(eval, sizeof eval, "*phys:0x%08x", f[i].addr);
			memory_ref(var(list, f[i].name, value, name ? NULL : eval, 0), f[i].addr);
			if (name)
				break;	/* the name is the last field */
		}
		return 0;
	}
	return FAIL("variables: no variablesReference %.0f", ref);
}

/* dataBreakpointInfo: a field of the trap frame or a PCB is watched at its
 * physical address; a name with no container is an address expression
 * (a label, "phys:0x100", "PROG:LABEL"). */
int dap_data_info(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	(void)err, (void)n;
	double ref = dap_num(args, "variablesReference", 0);
	const char *name = dap_str(args, "name", "");
	double bytes = dap_num(args, "bytes", 4);
	char id[200] = "", desc[200] = "";
	if (ref == REF_FRAME || (ref >= REF_PCB && ref < REF_PCB + DAP_KERNEL_THREAD)) {
		struct dbg_field f[64];
		unsigned nf = ref == REF_FRAME ? dbg_trap_frame(a->s, f, 64)
					       : dbg_pcb(a->s, (uint32_t)(ref - REF_PCB), f, 64);
		for (unsigned i = 0; i < nf; i++)
			if (!strcmp(f[i].name, name)) {
				snprintf(id, sizeof id, "4@phys:0x%08x", f[i].addr);
				snprintf(desc, sizeof desc, "%s (the word at physical 0x%08x)", name, f[i].addr);
			}
		if (!id[0])
			snprintf(desc, sizeof desc, "no field %s here", name);
	} else if (ref) {
		snprintf(desc, sizeof desc, "%s is a register: only memory can be watched", name);
	} else {
		struct dbg_value v;
		if (bytes < 1 || bytes > 0x10000)
			snprintf(desc, sizeof desc, "watch from 1 to 65536 bytes");
		else if (strlen(name) > 150)	/* the dataId would be cut: another address */
			snprintf(desc, sizeof desc, "a name of more than 150 characters");
		else if (!*name || strchr(name, '@') || dbg_eval(a->s, name, &v))
			snprintf(desc, sizeof desc, "%s", *name ? dbg_error(a->s) : "watch what? an address");
		else {
			snprintf(id, sizeof id, "%u@%s", (unsigned)bytes, name);
			snprintf(desc, sizeof desc, "%u bytes at %s", (unsigned)bytes, name);
		}
	}
	if (id[0]) {
		cJSON_AddStringToObject(body, "dataId", id);
		cJSON *t = cJSON_AddArrayToObject(body, "accessTypes");
		cJSON_AddItemToArray(t, cJSON_CreateString("write"));
		cJSON_AddItemToArray(t, cJSON_CreateString("read"));
		cJSON_AddItemToArray(t, cJSON_CreateString("readWrite"));
	} else {
		cJSON_AddNullToObject(body, "dataId");
	}
	cJSON_AddStringToObject(body, "description", desc);
	return 0;
}

/* ---- Memory ------------------------------------------------------------------------------------ */

/* A memoryReference plus a byte offset, as the engine's address. */
static int address(struct adapter *a, const cJSON *args, double extra, struct dbg_value *v, char *err,
		   size_t n)
{
	const char *ref = dap_str(args, "memoryReference", NULL);
	if (!ref)
		return FAIL("no memoryReference");
	if (dbg_eval(a->s, ref, v))
		return FAIL("%s", dbg_error(a->s));
	double off = dap_num(args, "offset", 0) + extra;
	if (off < -4294967296.0 || off > 4294967296.0)
		return FAIL("an offset outside the 32-bit address space");
	v->v += (uint32_t)(int64_t)off;
	return 0;
}

int dap_disassemble(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	struct dbg_value v;
	double count = dap_num(args, "instructionCount", 0);
	if (count < 1 || count > 4096)
		return FAIL("disassemble: instructionCount from 1 to 4096");
	double ioff = dap_num(args, "instructionOffset", 0);
	if (ioff < -1e9 || ioff > 1e9)
		return FAIL("disassemble: instructionOffset out of range");
	if (address(a, args, ioff * 4, &v, err, n))
		return -1;
	bool user = v.space == DBG_VIRT || (v.space == DBG_PLAIN && cpu_user_mode(M(a)));
	cJSON *list = cJSON_AddArrayToObject(body, "instructions");
	for (unsigned i = 0; i < (unsigned)count; i++, v.v += 4) {
		cJSON *x = cJSON_CreateObject();
		char addr[16], text[DISASM_MAX], bytes[16], sym[96];
		uint32_t pa, w;
		hex(addr, sizeof addr, v.v);
		cJSON_AddStringToObject(x, "address", addr);
		struct dbg_labels d = { .s = a->s, .user = user };
		if (dbg_to_phys(a->s, v, 4, &pa) && cpu_read(M(a), pa, &w, 4)) {
			disasm_insn(w, v.v, text, sizeof text, dbg_label_at, &d);
			snprintf(bytes, sizeof bytes, "%02x %02x %02x %02x", w & 0xff, w >> 8 & 0xff,
				 w >> 16 & 0xff, w >> 24);
			cJSON_AddStringToObject(x, "instructionBytes", bytes);
			cJSON_AddStringToObject(x, "instruction", text);
			source_json(a, v.v, user, x, "location");
			if (dbg_label_at(&d, v.v)) {
				snprintf(sym, sizeof sym, "%s", d.buf);
				cJSON_AddStringToObject(x, "symbol", sym);
			}
		} else {
			cJSON_AddStringToObject(x, "instruction", "(outside memory)");
			cJSON_AddStringToObject(x, "presentationHint", "invalid");
		}
		cJSON_AddItemToArray(list, x);
	}
	return 0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int dap_read_memory(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n)
{
	struct dbg_value v;
	double count = dap_num(args, "count", -1);
	if (count < 0 || count > (1 << 20))
		return FAIL("readMemory: count from 0 to 1048576 bytes");
	if (address(a, args, 0, &v, err, n))
		return -1;
	size_t want = (size_t)count, got = 0;
	uint8_t *buf = malloc(want ? want : 1);
	char *text = malloc(4 * (want / 3 + 1) + 1);
	if (!buf || !text) {
		free(buf);
		free(text);
		return FAIL("out of memory");
	}
	uint32_t start = v.v, pa;
	for (; got < want && dbg_to_phys(a->s, v, 1, &pa) && cpu_read(M(a), pa, &buf[got], 1); got++)
		v.v++;
	size_t k = 0;
	for (size_t i = 0; i < got; i += 3) {
		uint32_t x = (uint32_t)buf[i] << 16 | (i + 1 < got ? (uint32_t)buf[i + 1] << 8 : 0) |
			     (i + 2 < got ? buf[i + 2] : 0);
		text[k++] = b64[x >> 18 & 63];
		text[k++] = b64[x >> 12 & 63];
		text[k++] = i + 1 < got ? b64[x >> 6 & 63] : '=';
		text[k++] = i + 2 < got ? b64[x & 63] : '=';
	}
	text[k] = '\0';
	char addr[16];
	hex(addr, sizeof addr, start);
	cJSON_AddStringToObject(body, "address", addr);
	cJSON_AddStringToObject(body, "data", text);
	if (got < want)
		cJSON_AddNumberToObject(body, "unreadableBytes", (double)(want - got));
	free(buf);
	free(text);
	return 0;
}
