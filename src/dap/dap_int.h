/*
 * dap_int.h - what adapter.c (the session, the queue of requests, running
 * and stopping, breakpoints) and views.c (threads, stacks, variables,
 * memory, disassembly) share.
 */
#ifndef DAP_INT_H
#define DAP_INT_H

#include <pthread.h>

#include "dap.h"
#include "dap_wire.h"
#include "debug.h"

/* The thread of the kernel's own code (boot, the idle loop: pid 0), or of
 * the whole machine for an image that is not the kernel.  Processes are
 * threads numbered by their pids. */
enum { DAP_KERNEL_THREAD = 32767 };

/* variablesReference: the scopes, the bits of a status word, a PCB. */
enum {
	REF_REGS = 1,
	REF_CREGS,
	REF_FRAME,
	REF_STATUS_BITS,	/* CR_STATUS */
	REF_TF_STATUS_BITS,	/* the trap frame's TF_STATUS */
	REF_PCB = 0x10000,	/* + pid */
};
/* frameId: the running thread's frames by index; another thread's one
 * frame (from its saved trap frame) by this plus its pid. */
enum { FRAME_OTHER = 0x100000 };

/* Who made a point of the engine: which request's list it belongs to
 * (each set*Breakpoints request replaces its own list). */
enum own { OWN_SOURCE, OWN_INSN, OWN_DATA, OWN_EXC };
struct owned {
	int id;
	enum own kind;
	char *file;		/* OWN_SOURCE: the source's path */
};

struct item;	/* a message from the reader thread (adapter.c) */

struct adapter {
	const struct dap_host *host;
	FILE *log;
	struct dap_writer w;
	int in_fd, stop_pipe[2];
	pthread_t reader;
	bool reader_on;

	/* The reader's queue, and the run that a pause interrupts. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct item *head, *tail;
	struct dbg *busy;
	bool interrupted;

	/* The protocol's state. */
	bool initialized, launched, configured, done;
	bool lines_at1;		/* the client counts lines from 1 */
	enum dap_end end;

	/* The session. */
	struct dbg *s;
	void *console;
	bool stop_on_entry;
	struct owned *own;
	unsigned nown, capown;
	char out[2048];		/* the guest's output not yet sent */
	size_t outlen;
};

/* adapter.c */
void dap_output(struct adapter *a, const char *category, const char *text);
/* The thread the machine runs now. */
int dap_current_thread(struct adapter *a);

/* views.c: each fills the body of its response; 0, or -1 with err. */
int dap_threads(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
int dap_stack_trace(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
int dap_scopes(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
int dap_variables(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
int dap_disassemble(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
int dap_read_memory(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);
/* dataBreakpointInfo: the dataId of a trap frame's or PCB's field, or of
 * an address expression; a register has none. */
int dap_data_info(struct adapter *a, const cJSON *args, cJSON *body, char *err, size_t n);

/* Arguments: a string, a number, a bool of an object (def if absent or
 * of another type). */
const char *dap_str(const cJSON *o, const char *name, const char *def);
double dap_num(const cJSON *o, const char *name, double def);
bool dap_bool(const cJSON *o, const char *name, bool def);

#endif
