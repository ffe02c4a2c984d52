/*
 * gui_main.c - vm-gui: the visualiser's executable, which vm gui and
 * vm run --gui start (gui_launch.c).  The same options as vm gui.
 */
#include "cli.h"

const char *progname = "vm";

int main(int argc, char **argv)
{
	return gui_main(argc, argv);
}
