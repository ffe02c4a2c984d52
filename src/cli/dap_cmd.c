/*
 * dap_cmd.c - vm dap: the debugger for an editor, a Debug Adapter Protocol
 * server (src/dap/) on standard input and output, or on a TCP port of
 * localhost for one client.  What the server needs from the vm command is
 * handed to it here: the image of a launch (the default one, --add's
 * programs), sizes like 16M, and vm debug's commands for the debug console.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "dap.h"

static const char dap_usage[] =
	"usage: vm dap [--port N]\n"
	"\n"
	"Serve an editor's debugger: the Debug Adapter Protocol, on standard input and\n"
	"output (what VS Code and nvim-dap start), or with --port on a TCP port of\n"
	"localhost, for one client.  The session is vm debug's: breakpoints (on labels\n"
	"and addresses), watchpoints, traps caught as exceptions, stepping forwards and\n"
	"back, and vm debug's commands in the debug console.  The launch request says\n"
	"what to run: image, add, input, inputFile, quantum, mem, historyMem,\n"
	"stopOnEntry (docs/editors.md).\n"
	"\n"
	"options:\n"
	"  --port N     listen on 127.0.0.1:N (0: any free port, which it prints)\n"
	"  -h, --help   show this help\n"
	"\n"
	"exit status: 0 when the client disconnects; 64 usage, 65 input that is not\n"
	"the protocol, 69 the port cannot be opened, 70 out of memory, 73 the output\n"
	"cannot be written.\n";

/* ---- What the server asks of vm ------------------------------------------------------- */

/* The launch's image: read, and with the programs added as vm run --add
 * adds them; what went wrong in err (what image_add_programs says on
 * stderr, taken from it). */
static int image_of(void *ctx, const char *path, char *const *add, size_t nadd, uint8_t **out,
		    size_t *len, char *err, size_t errlen)
{
	(void)ctx;
	if (!path)
		path = vm_default_image();
	uint8_t *bytes = read_file(path, len);
	if (!bytes) {
		snprintf(err, errlen, "launch: %s: %s", path, strerror(errno));
		return -1;
	}
	if (!nadd) {
		*out = bytes;
		return 0;
	}
	/* image_add_programs says what is wrong on stderr: take it for err */
	FILE *said = tmpfile();
	int saved = said ? dup(STDERR_FILENO) : -1;
	fflush(stderr);
	if (saved >= 0)
		dup2(fileno(said), STDERR_FILENO);
	int status = image_add_programs("dap", bytes, *len, path, add, nadd, out, len);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	free(bytes);
	char text[1024] = "";
	size_t got = 0;
	if (said) {
		rewind(said);
		got = fread(text, 1, sizeof text - 1, said);
		fclose(said);
	}
	text[got] = '\0';
	while (got && text[got - 1] == '\n')
		text[--got] = '\0';
	if (status) {
		for (char *p = text; (p = strchr(p, '\n')); p++)
			*p = ';';
		snprintf(err, errlen, "%s", text[0] ? text : "launch: the programs cannot be added");
		return -1;
	}
	if (got)
		fprintf(stderr, "%s\n", text);
	return 0;
}

static void *console_new(struct dbg *s) { return debug_console_new(s); }
static bool console_run(void *k, const char *line, FILE *to) { return debug_console_run(k, line, to); }
static void console_free(void *k) { debug_console_free(k); }

/* ---- The command ------------------------------------------------------------------------ */

/* One client on 127.0.0.1:port: its socket, or -1 having said why. */
static int accept_one(unsigned port)
{
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0) {
		errorf("dap: socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof a;
	if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1) ||
	    getsockname(ls, (struct sockaddr *)&a, &alen)) {
		errorf("dap: 127.0.0.1:%u: %s", port, strerror(errno));
		close(ls);
		return -1;
	}
	fprintf(stderr, "vm dap: listening on 127.0.0.1:%u\n", ntohs(a.sin_port));
	fflush(stderr);
	int s;
	while ((s = accept(ls, NULL, NULL)) < 0 && errno == EINTR)
		;
	if (s < 0)
		errorf("dap: accept: %s", strerror(errno));
	close(ls);
	return s;
}

int cmd_dap(int argc, char **argv)
{
	long port = -1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(dap_usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			char *end;
			errno = 0;
			port = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || port < 0 || port > 65535) {
				errorf("dap: --port %s: give a port number from 0 to 65535", argv[i]);
				return EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "--port")) {
			errorf("dap: --port needs a value (see vm dap --help)");
			return EXIT_USAGE;
		} else {
			errorf("dap: unknown argument '%s' (see vm dap --help)", argv[i]);
			return EXIT_USAGE;
		}
	}
	signal(SIGPIPE, SIG_IGN);	/* a client gone is a failed write, not a signal */
	int in = STDIN_FILENO, out = STDOUT_FILENO;
	if (port >= 0) {
		in = out = accept_one((unsigned)port);
		if (in < 0)
			return EXIT_UNAVAILABLE;
	}
	struct dap_host host = {
		.image = image_of,
		.size = parse_size,
		.console_new = console_new,
		.console_run = console_run,
		.console_free = console_free,
	};
	enum dap_end end = dap_serve(in, out, &host, stderr);
	if (port >= 0)
		close(in);
	switch (end) {
	case DAP_END_OK:
		return 0;
	case DAP_END_PROTOCOL:
		return EXIT_BADINPUT;
	case DAP_END_IO:
		return EXIT_CANTCREATE;
	case DAP_END_MEMORY:
		break;
	}
	return EXIT_INTERNAL;
}
