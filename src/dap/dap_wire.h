/*
 * dap_wire.h - the Debug Adapter Protocol on the wire: messages framed by
 * a "Content-Length: N" header and a blank line, each body one JSON object
 * (cJSON).  Reading is split in two pure steps, finding a frame in bytes
 * and checking a request in a body, so that the fuzz test can drive them
 * without a pipe; the reader and the writer put them on file descriptors.
 * The handlers of the requests are adapter.c's; nothing here knows them.
 */
#ifndef DAP_WIRE_H
#define DAP_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

enum {
	DAP_MAX_HEADER = 8192,		/* bytes of a header block */
	DAP_MAX_BODY = 16 << 20,	/* bytes of a body */
};

/* What dap_frame found at the start of the bytes. */
enum dap_frame {
	DAP_FRAME_MORE,		/* not a whole message yet: read more */
	DAP_FRAME_OK,		/* a message: *hdr bytes of header, then *body */
	DAP_FRAME_BAD,		/* a header block (*hdr bytes) with no valid
				 * Content-Length: skip it, err says why */
	DAP_FRAME_FATAL,	/* no way to find the next message (a header
				 * that does not end, a body over the limit) */
};
enum dap_frame dap_frame(const char *buf, size_t len, size_t *hdr, size_t *body, char *err,
			 size_t errlen);

/* The reader: messages from a file descriptor. */
struct dap_reader {
	int fd;
	int stop_fd;		/* -1, or readable (or closed): stop as at the end */
	char *buf;
	size_t len, cap;
};
/* The next body, malloc'd and NUL-terminated in *body (*len bytes): 1.
 * 0 at the end of the input; -1 fatal (err); -2 a bad header was skipped
 * (err: the caller answers it and reads on). */
int dap_read(struct dap_reader *r, char **body, size_t *len, char *err, size_t errlen);
void dap_reader_free(struct dap_reader *r);

/* A request, checked: an object with "type": "request", a whole number
 * "seq" and a string "command"; "arguments" an object if present (NULL if
 * absent).  Returns 0, or -1 with err (and *seq, *command as far as they
 * were found: 0 and "" if not) for a body the adapter can only answer with
 * an error.  json is the parsed body, freed by dap_request_free. */
struct dap_request {
	cJSON *json;
	int seq;
	const char *command;
	cJSON *args;
};
int dap_parse(const char *body, size_t len, struct dap_request *out, char *err, size_t errlen);
void dap_request_free(struct dap_request *r);

/* The writer: each message gets the next "seq" and its header. */
struct dap_writer {
	int fd;
	int seq;
	bool failed;		/* a write failed: the client is gone */
};
int dap_send(struct dap_writer *w, cJSON *msg);
/* A response to request seq (command), success or not; the caller adds a
 * "body" and sends it.  message: NULL, or why it failed. */
cJSON *dap_response(int seq, const char *command, bool success, const char *message);
/* An event with an empty body (cJSON_GetObjectItem(e, "body") to fill). */
cJSON *dap_event(const char *event);

#endif
