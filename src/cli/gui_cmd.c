/*
 * gui_cmd.c - vm gui's options and the visualiser (src/viz) on an image, in
 * a window or headless as a screenshot.  Built into vm-gui, which vm gui
 * and vm run --gui start (gui_launch.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "viz.h"

static const char gui_usage[] =
	"usage: vm gui [options] [image.bin]\n"
	"\n"
	"Open the visualiser: a window that shows the machine as it runs the image\n"
	"(the default one if none is given): registers and the mode bit, a map of\n"
	"memory with each process's base and bound, the kernel's process table, the\n"
	"code, memory, every trap and return-from-trap, and the console.  It starts\n"
	"paused; press ? in the window for the keys.  docs/visualiser.md explains it.\n"
	"\n"
	"options:\n"
	"  --mem SIZE           physical RAM, as for vm run (default 16M)\n"
	"  --quantum N          timer quantum handed to the kernel (0 = its default)\n"
	"  --size WxH           window size in pixels (default 1280x720)\n"
	"  --screenshot FILE    no window: run --after instructions, save what the\n"
	"                       window would show as a PNG, and exit\n"
	"  --after N            instructions to run before the screenshot (default 0)\n"
	"  --back N             then go back N steps in the run's history (the time\n"
	"                       bar shows where)\n"
	"  --type TEXT          type TEXT into the guest's console first (\\n for Enter);\n"
	"                       standard input is then not read\n"
	"  --run-for SECONDS    start running at once, close the window after SECONDS\n"
	"                       and print frames a second and guest MIPS\n"
	"  -h, --help           show this help\n"
	"\n"
	"Console input comes from typing in the window; when standard input is a pipe\n"
	"or a file it comes from there, as for vm run, so that a run is repeatable.\n"
	"\n"
	"exit status: 0, or 64 usage, 65 invalid image, 66 unreadable file, 69 no\n"
	"window (no display, or SDL or the font missing), 70 out of memory, 73 the\n"
	"screenshot cannot be written.\n";

static int parse_window_size(const char *s, int *w, int *h)
{
	char *x;
	long ww = strtol(s, &x, 10);
	if (x == s || (*x != 'x' && *x != 'X'))
		return -1;
	char *end;
	long hh = strtol(x + 1, &end, 10);
	if (end == x + 1 || *end || ww < 640 || hh < 400 || ww > 8192 || hh > 8192)
		return -1;
	*w = (int)ww;
	*h = (int)hh;
	return 0;
}

/* TEXT of --type with \n, \t and \\ made into their bytes, in place. */
static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '\\' && (s[1] == 'n' || s[1] == 't' || s[1] == '\\')) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : '\\';
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Console input from standard input when it is a pipe or a file (as in
 * `printf 'hello\n' | vm gui`); not from a terminal or /dev/null, which a
 * window started from a desktop has. */
static bool stdin_is_data(void)
{
	struct stat st;
	return fstat(STDIN_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode));
}

/* Can a window be shown?  Without DISPLAY or WAYLAND_DISPLAY, SDL falls
 * back to its offscreen driver: a window nobody sees, open forever.  A
 * driver chosen by hand (SDL_VIDEODRIVER) is trusted. */
static bool have_display(void)
{
	static const char *const vars[] = { "DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return true;
	}
	return false;
}

struct gui_args {
	const char *image;
	uint64_t mem;
	uint32_t quantum;
	const char *typed;	/* --type: console input typed before the start */
	double run_for;		/* --run-for: seconds */
};

static int run_gui(const struct gui_args *a, const char *screenshot, uint64_t after, uint64_t back,
		   int width, int height)
{
	size_t len;
	int status;
	uint8_t *bytes = read_input(a->image, &len, &status);
	if (!bytes)
		return status;
	const char *name = strrchr(a->image, '/');
	struct viz_opts o = {
		.image_name = name ? name + 1 : a->image,
		.mem = (uint32_t)a->mem,
		.quantum = a->quantum,
		.width = width ? width : 1280,
		.height = height ? height : 720,
		.screenshot = screenshot,
		.after = after,
		.back = back,
		.stdin_input = !a->typed && stdin_is_data(),
		.typed = a->typed,
		.run_for = a->run_for,
	};
	enum viz_result r = viz_main(&o, bytes, len);
	free(bytes);
	switch (r) {
	case VIZ_OK: return 0;
	case VIZ_BAD_IMAGE: return EXIT_BADINPUT;
	case VIZ_NO_WINDOW: return EXIT_UNAVAILABLE;
	case VIZ_CANT_WRITE: return EXIT_CANTCREATE;
	}
	return EXIT_INTERNAL;
}

int gui_main(int argc, char **argv)
{
	enum { OPT_MEM = 256, OPT_QUANTUM, OPT_SIZE, OPT_SHOT, OPT_AFTER, OPT_BACK, OPT_TYPE, OPT_RUN_FOR };
	static const struct option longopts[] = {
		{ "mem", required_argument, NULL, OPT_MEM },
		{ "quantum", required_argument, NULL, OPT_QUANTUM },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "screenshot", required_argument, NULL, OPT_SHOT },
		{ "after", required_argument, NULL, OPT_AFTER },
		{ "back", required_argument, NULL, OPT_BACK },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "run-for", required_argument, NULL, OPT_RUN_FOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gui_args a = { .mem = MEM_DEFAULT };
	const char *shot = NULL;
	uint64_t after = 0, back = 0;
	bool after_given = false;
	int w = 0, h = 0, c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MEM:
			if (parse_mem_option("gui", optarg, &a.mem))
				return EXIT_USAGE;
			break;
		case OPT_QUANTUM:
			if (parse_quantum_option("gui", optarg, &a.quantum))
				return EXIT_USAGE;
			break;
		case OPT_SIZE:
			if (parse_window_size(optarg, &w, &h)) {
				errorf("gui: --size %s: give WIDTHxHEIGHT, at least 640x400 (e.g. 1280x720)", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_SHOT:
			shot = optarg;
			break;
		case OPT_AFTER:
		case OPT_BACK:
			if (parse_count(optarg, c == OPT_AFTER ? &after : &back)) {
				errorf("gui: --%s %s: give a whole number of %s", c == OPT_AFTER ? "after" : "back",
				       optarg, c == OPT_AFTER ? "instructions" : "steps");
				return EXIT_USAGE;
			}
			after_given = true;
			break;
		case OPT_RUN_FOR: {
			char *end;
			a.run_for = strtod(optarg, &end);
			if (end == optarg || *end || !(a.run_for > 0 && a.run_for < 1e6)) {
				errorf("gui: --run-for %s: give a number of seconds", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case OPT_TYPE:
			unescape(optarg);
			a.typed = optarg;
			break;
		case 'h':
			fputs(gui_usage, stdout);
			return 0;
		default:
			return bad_option("gui", c, argv);
		}
	}
	if (optind < argc - 1) {
		errorf("gui: '%s': only one image can run (see vm gui --help)", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (after_given && !shot) {
		errorf("gui: --after and --back go with --screenshot (see vm gui --help)");
		return EXIT_USAGE;
	}
	if (!shot && !have_display()) {
		errorf("gui: no display (DISPLAY and WAYLAND_DISPLAY are not set): "
		       "vm gui --screenshot FILE makes a picture without one");
		return EXIT_UNAVAILABLE;
	}
	a.image = optind < argc ? argv[optind] : vm_default_image();
	return run_gui(&a, shot, after, back, w, h);
}
