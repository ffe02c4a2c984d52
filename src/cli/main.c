/*
 * main.c - the vm command: picks the subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef VM_VERSION
#define VM_VERSION "0.0.0"
#endif

const char *progname = "vm";
const char *vm_command = "vm";

static const char usage[] =
	"usage: vm COMMAND [options] [arguments]\n"
	"\n"
	"A machine you can watch an operating system keep control of.\n"
	"\n"
	"commands:\n"
	"  run [image.bin]          run an image (the default one if none is given)\n"
	"  gui [image.bin]          watch it run in the visualiser's window\n"
	"  debug [image.bin]        debug it with gdb's commands, backwards in time too\n"
	"  dap [--port N]           the debugger for an editor (Debug Adapter Protocol)\n"
	"  asm [-o out.bin] src.s   assemble source files into an image\n"
	"  disasm image.bin         disassemble an image (the output assembles back)\n"
	"  grade SPEC [TEST...]     run a spec's tests and grade them (docs/grading.md)\n"
	"  protocol [image.bin]     a run as OSTEP's protocol table: OS | Hardware | Program\n"
	"  image -o out.bin prog... a kernel image with more programs for its shell\n"
	"  kit NAME -o DIR          a course assignment's starter (vm kit --list)\n"
	"  lint [image]             check a run against limited direct execution's rules\n"
	"\n"
	"  vm COMMAND --help        options of a command\n"
	"  vm --version             version\n"
	"\n"
	"exit status: vm run exits with the guest's own status; otherwise 0 for\n"
	"success, 64 usage error, 65 invalid input, 66 unreadable file, 69 no window\n"
	"(vm gui), 70 out of memory, 73 unwritable output (vm run --help lists the\n"
	"rest).\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} commands[] = {
		{ "run", cmd_run },
		{ "asm", cmd_asm },
		{ "disasm", cmd_disasm },
		{ "grade", cmd_grade },
		{ "gui", cmd_gui },
		{ "debug", cmd_debug },
		{ "protocol", cmd_protocol },
		{ "image", cmd_image },
		{ "dap", cmd_dap },
		{ "kit", cmd_kit },
		{ "lint", cmd_lint },
	};
	if (argc > 0 && argv[0][0])
		vm_command = argv[0];
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("vm %s\n", VM_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	errorf("unknown command '%s' (see vm --help)", argv[1]);
	return EXIT_USAGE;
}
