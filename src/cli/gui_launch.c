/*
 * gui_launch.c - vm gui and vm run --gui start vm-gui, the visualiser's own
 * executable beside vm (gui_main.c), so that vm itself loads no SDL: its
 * start-up stays that of a small C program (docs/performance.md).
 */
#define _POSIX_C_SOURCE 200809L	/* execv */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef VM_GUI_NAME
#define VM_GUI_NAME "vm-gui"
#endif

/* Replace this process with vm-gui, from the directory vm itself is in,
 * passing argv on (argv[0] is ignored).  Returns only on failure. */
int launch_gui(char **argv)
{
	char path[PATH_MAX + sizeof VM_GUI_NAME];
	const char *dir = vm_exe_dir();
	if (!dir) {
		errorf("gui: cannot find where vm is: %s", strerror(errno));
		return EXIT_UNAVAILABLE;
	}
	snprintf(path, sizeof path, "%s/%s", dir, VM_GUI_NAME);
	argv[0] = path;
	execv(path, argv);
	errorf("gui: cannot start %s: %s", path, strerror(errno));
	return EXIT_UNAVAILABLE;
}

int cmd_gui(int argc, char **argv)
{
	(void)argc;
	return launch_gui(argv);
}
