/*
 * dap_client.h - a scripted Debug Adapter Protocol client for the tests:
 * it starts `vm dap` on pipes, writes requests (or any bytes), and reads
 * the framed messages back with a reader of its own (not src/dap's), each
 * wait bounded, so that a server that hangs fails the test instead.
 */
#ifndef DAP_CLIENT_H
#define DAP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

struct dc {
	pid_t pid;
	int to, from;		/* the server's stdin and stdout */
	int seq;
	char *buf;
	size_t len, cap;
};

/* Start `vm dap` (argv[0] the vm); false if it cannot start. */
bool dc_start(struct dc *c, const char *vm);
/* Start `vm dap --port 0` and connect to the port it says it listens on. */
bool dc_start_tcp(struct dc *c, const char *vm);
/* Write raw bytes to the server. */
void dc_raw(struct dc *c, const void *bytes, size_t n);
/* Send a request (args: a JSON object's text, or NULL); its seq. */
int dc_send(struct dc *c, const char *command, const char *args);
/* The next message, NULL at the end of the output or after timeout
 * seconds.  The caller frees it (cJSON_Delete). */
cJSON *dc_next(struct dc *c, int timeout);
/* The response to request seq, skipping events (kept for dc_event if
 * keep is true, else dropped); NULL if none came. */
cJSON *dc_response(struct dc *c, int seq);
/* The next event named name (messages before it dropped). */
cJSON *dc_event(struct dc *c, const char *name);
/* A request, and its response (success asserted when must is true). */
cJSON *dc_req(struct dc *c, const char *command, const char *args, bool must);
/* Close its input and wait for it: its exit status, or -1 (killed after
 * timeout seconds, or by a signal). */
int dc_finish(struct dc *c, int timeout);

/* A field of the response's body: the string at a path like
 * "stackFrames.0.name", "" if there is none. */
const char *dc_str(const cJSON *msg, const char *path);
double dc_num(const cJSON *msg, const char *path);
bool dc_true(const cJSON *msg, const char *path);

#endif
