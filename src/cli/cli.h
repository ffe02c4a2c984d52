/*
 * cli.h - the vm command: one file per subcommand (run.c, asm_cmd.c,
 * disasm_cmd.c, image_cmd.c), the trace printer (trace.c) and small shared
 * helpers (util.c).  Exit statuses are the rows of exits.def, documented in
 * vm --help.
 */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "image.h"

struct ev_stream;

/* Exit statuses of vm itself (exits.def).  A guest that powers off or
 * halts makes vm exit with its own status instead. */
enum {
#define EXIT_STATUS(name, status, word, meaning) EXIT_##name = status,
#include "exits.def"
#undef EXIT_STATUS
};
/* The word of one of them ("invalid-input"), or NULL. */
const char *exit_status_word(int status);
/* Their table, one line each: status, word, meaning (vm run --help). */
void print_exit_statuses(FILE *out);

extern const char *progname;	/* "vm" */
extern const char *vm_command;	/* how vm was started (argv[0]), for advice to type */

int cmd_run(int argc, char **argv);
int cmd_asm(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_gui(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_protocol(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_dap(int argc, char **argv);
int cmd_kit(int argc, char **argv);
int cmd_lint(int argc, char **argv);

/* paths.c: the directory of this executable (NULL if unknown), and the
 * image vm run and vm gui boot when given none: default.bin beside the
 * executable in a build tree, or in share/ldx/ of an installation; beside
 * it, lib/sources.txt lists the user library's sources, in order. */
const char *vm_exe_dir(void);
const char *vm_default_image(void);
const char *vm_user_library(void);

/* image_cmd.c: the image base (len bytes, called base_name in messages)
 * with the programs progs[0..n) in its file table: each a source, .s,
 * assembled after the user library, or an image; each named after its
 * file without .s or .bin, and replacing a program of that name (which
 * stderr is told).  cmd is "run" or "image", for messages.  Returns 0 and
 * a malloc'd image in *out, or vm's exit status having said why. */
int image_add_programs(const char *cmd, const uint8_t *base, size_t len, const char *base_name,
		       char *const *progs, size_t n, uint8_t **out, size_t *out_len);

/* debug_cmd.c: vm debug's commands for another front end (vm dap's debug
 * console) on its session: each line's output written to `to`; false if
 * the command failed. */
struct dbg;
struct debug_console;
struct debug_console *debug_console_new(struct dbg *s);
bool debug_console_run(struct debug_console *k, const char *line, FILE *to);
void debug_console_free(struct debug_console *k);

/* gui_launch.c: replace vm with vm-gui (beside it), passing argv[1...]
 * on.  Returns an exit status only if that fails. */
int launch_gui(char **argv);
/* gui_cmd.c, in vm-gui: vm gui's options, then the visualiser. */
int gui_main(int argc, char **argv);

/* batch.c: a run with no one at the keyboard (vm protocol, vm lint).
 * Zero it, set input/input_len/show_console, batch_open (0 or an exit
 * status after one line on stderr), add sinks to stream, batch_run to the
 * end (0 when the guest halted or powered off, else the status of what
 * stopped it, after its message; *end the event stream's word for it),
 * batch_close (also after a failed open). */
struct batch {
	const uint8_t *input;	/* the console's bytes, then end of input */
	size_t input_len, at;
	bool show_console;	/* the guest's output on stderr (else dropped) */
	const char *image;
	uint8_t *bytes;
	size_t len;
	struct cpu *m;
	struct img kernel;	/* the image's symbols */
	bool parsed;
	struct cpu_io io;
	struct ev_stream *stream;
};
int batch_open(struct batch *b, const char *image, uint64_t mem, uint32_t quantum);
int batch_run(struct batch *b, uint64_t max, const char **end);
void batch_close(struct batch *b);

/* util.c */
/* " (sched+24)" for a kernel pc that k's symbols cover (k may be NULL), ""
 * for any other: messages name a place by its label, which stays the same
 * when the kernel grows.  Returns buf. */
const char *kernel_label(const struct img *k, const struct cpu *m, uint32_t pc, char *buf,
			 size_t n);
/* Read a whole file of at most READ_MAX bytes into a malloc'd buffer; NULL
 * with errno set on failure (EFBIG if larger). */
#define READ_MAX ((size_t)MEM_MAX + (64u << 20))
uint8_t *read_file(const char *path, size_t *len);
/* read_file, and on failure one line on stderr; *status gets vm's exit
 * status for it (66 unreadable, 65 too large, 70 out of memory). */
uint8_t *read_input(const char *path, size_t *len, int *status);
/* Can the source at path be read?  0, or 66 after one line on stderr (the
 * assembler reads sources itself; this gives an unreadable one vm's
 * status for an unreadable file rather than 65). */
int check_source(const char *path);
/* Write len bytes to a new file at path.  Returns 0, or -1 with errno set. */
int write_file(const char *path, const uint8_t *bytes, size_t len);
/* Parse a size like 16M, 512K, 1G or 65536.  Returns 0 or -1. */
int parse_size(const char *s, uint64_t *out);
/* Parse a non-negative decimal count.  Returns 0 or -1. */
int parse_count(const char *s, uint64_t *out);
/* An --input option's text, its escapes (\n \t \r \\ \xHH) taken as a
 * shell's printf would: a malloc'd buffer of *len bytes, NULL if out of
 * memory. */
char *unescape_input(const char *s, size_t *len);
/* The --mem and --quantum options of cmd ("run", "gui"): parse, check,
 * and on error print one line and return -1. */
int parse_mem_option(const char *cmd, const char *arg, uint64_t *out);
int parse_quantum_option(const char *cmd, const char *arg, uint32_t *out);
/* getopt_long returned c, ':' (a value missing) or an unknown option:
 * print one line naming it and return EXIT_USAGE. */
int bad_option(const char *cmd, int c, char **argv);
/* Print "vm: <message>" on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* fflush(stdout), remembering why the first failed flush failed (EPIPE when
 * the reader left): a later ferror(stdout) alone no longer knows. */
int flush_stdout(void);
int stdout_errno(void);

/* trace.c: one line per hardware or OS event, for vm run --trace. */
struct tracer {
	FILE *out;
	struct cpu *m;
	int failed;	/* errno of the first failed write: the run stops */
	/* When the console writes to the same terminal or file as the trace:
	 * true while the console's last byte was not a newline.  A trace line
	 * then starts on a line of its own (and sets it false). */
	bool *console_midline;
};
struct ev;
int trace_sink(void *tracer, const struct ev *e);	/* an ev_sink_fn (events.h) */
void print_stats(FILE *out, const struct cpu *m, double seconds);

/* lint_cmd.c: vm lint's report (docs/lint.md), for vm lint and vm run
 * --lint: a note if the process table's rules are off, a line per finding,
 * and a summary line. */
struct lint;
void lint_report(FILE *out, const struct lint *l, uint64_t instructions);

#endif
