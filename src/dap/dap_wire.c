/*
 * dap_wire.c - the Debug Adapter Protocol's framing and the checking of a
 * request (dap_wire.h).  Bad input is data: a header with no length, a
 * length over the limit, a body that is not JSON, a request without its
 * fields each become an answer or the end of the session, never a crash
 * or a wait for bytes that will not come.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dap_wire.h"

/* ---- Finding a frame ------------------------------------------------------------- */

static const char length_name[] = "content-length:";

/* The last "Content-Length:" in a header line, any case: after a bad
 * message the bytes of its body come before the next header on the same
 * line, and this finds the header again.  NULL if none. */
static const char *find_length(const char *line, size_t n)
{
	const size_t k = sizeof length_name - 1;
	const char *found = NULL;
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(line + i, length_name, k) == 0)
			found = line + i + k;
	return found;
}

enum dap_frame dap_frame(const char *buf, size_t len, size_t *hdr, size_t *body, char *err,
			 size_t errlen)
{
	size_t pos = 0;
	bool have = false, bad = false, huge = false;
	unsigned long long value = 0;
	*hdr = *body = 0;
	err[0] = '\0';
	for (;;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		if (!nl) {
			if (len > DAP_MAX_HEADER) {
				snprintf(err, errlen, "a header of more than %d bytes with no blank line after it",
					 DAP_MAX_HEADER);
				return DAP_FRAME_FATAL;
			}
			return DAP_FRAME_MORE;
		}
		size_t end = (size_t)(nl - buf), n = end - pos;
		const char *line = buf + pos;
		if (n && line[n - 1] == '\r')
			n--;
		pos = end + 1;
		if (pos > DAP_MAX_HEADER + 2) {
			snprintf(err, errlen, "a header of more than %d bytes with no blank line after it",
				 DAP_MAX_HEADER);
			return DAP_FRAME_FATAL;
		}
		if (n == 0)
			break;
		const char *v = find_length(line, n);
		if (!v)
			continue;	/* another header (Content-Type): ignored */
		const char *stop = line + n;
		while (v < stop && (*v == ' ' || *v == '\t'))
			v++;
		unsigned long long x = 0;
		const char *d = v;
		for (; d < stop && isdigit((unsigned char)*d); d++) {
			if (x > DAP_MAX_BODY)
				huge = true;
			else
				x = x * 10 + (unsigned)(*d - '0');
		}
		while (d < stop && (*d == ' ' || *d == '\t'))
			d++;
		if (d == v || d != stop)
			bad = true;
		else if (have && x != value)
			bad = true;
		else if (x > DAP_MAX_BODY)
			huge = true;
		value = x;
		have = true;
	}
	*hdr = pos;
	if (bad || !have) {
		snprintf(err, errlen, "%s", !have ? "a header without Content-Length"
				  : "a Content-Length that is not one whole number");
		return DAP_FRAME_BAD;
	}
	if (huge) {
		snprintf(err, errlen, "a Content-Length over the limit of %d bytes", DAP_MAX_BODY);
		return DAP_FRAME_FATAL;
	}
	*body = (size_t)value;
	return len - pos >= *body ? DAP_FRAME_OK : DAP_FRAME_MORE;
}

/* ---- Reading ---------------------------------------------------------------------- */

int dap_read(struct dap_reader *r, char **body, size_t *len, char *err, size_t errlen)
{
	*body = NULL;
	*len = 0;
	for (;;) {
		size_t hdr, n;
		enum dap_frame f = dap_frame(r->buf ? r->buf : "", r->len, &hdr, &n, err, errlen);
		if (f == DAP_FRAME_FATAL)
			return -1;
		if (f == DAP_FRAME_BAD) {
			memmove(r->buf, r->buf + hdr, r->len - hdr);
			r->len -= hdr;
			return -2;
		}
		if (f == DAP_FRAME_OK) {
			char *b = malloc(n + 1);
			if (!b) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			memcpy(b, r->buf + hdr, n);
			b[n] = '\0';
			memmove(r->buf, r->buf + hdr + n, r->len - hdr - n);
			r->len -= hdr + n;
			*body = b;
			*len = n;
			return 1;
		}
		/* more: room for the whole message if its length is known */
		size_t want = r->len + 65536;
		if (hdr && hdr + n > r->len)
			want = hdr + n;
		if (want > r->cap) {
			char *nb = realloc(r->buf, want);
			if (!nb) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			r->buf = nb;
			r->cap = want;
		}
		if (r->stop_fd >= 0) {
			struct pollfd p[2] = { { .fd = r->fd, .events = POLLIN },
					       { .fd = r->stop_fd, .events = POLLIN } };
			if (poll(p, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				snprintf(err, errlen, "waiting for requests: %s", strerror(errno));
				return -1;
			}
			if (p[1].revents)
				return 0;
		}
		ssize_t got = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "reading the requests: %s", strerror(errno));
			return -1;
		}
		if (got == 0)
			return 0;
		r->len += (size_t)got;
	}
}

void dap_reader_free(struct dap_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}

/* ---- Checking a request -------------------------------------------------------------- */

int dap_parse(const char *body, size_t len, struct dap_request *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->command = "";
	cJSON *j = cJSON_ParseWithLength(body, len);
	if (!j) {
		snprintf(err, errlen, "the message is not JSON");
		return -1;
	}
	out->json = j;
	if (!cJSON_IsObject(j)) {
		snprintf(err, errlen, "the message is not a JSON object");
		return -1;
	}
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
	const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(j, "command");
	cJSON *args = cJSON_GetObjectItemCaseSensitive(j, "arguments");
	bool seq_ok = cJSON_IsNumber(seq) && seq->valuedouble >= 0 && seq->valuedouble <= INT_MAX &&
		      seq->valuedouble == (double)(int)seq->valuedouble;
	if (seq_ok)
		out->seq = (int)seq->valuedouble;
	if (cJSON_IsString(cmd) && cmd->valuestring[0])
		out->command = cmd->valuestring;
	if (!seq_ok) {
		snprintf(err, errlen, "the message has no \"seq\" (a whole number)");
		return -1;
	}
	if (!cJSON_IsString(type) || strcmp(type->valuestring, "request") != 0) {
		snprintf(err, errlen, "the message is not a request (\"type\": \"request\")");
		return -1;
	}
	if (!out->command[0]) {
		snprintf(err, errlen, "the request has no \"command\" (a string)");
		return -1;
	}
	if (args && !cJSON_IsObject(args)) {
		snprintf(err, errlen, "the request's \"arguments\" is not an object");
		return -1;
	}
	out->args = args;
	return 0;
}

void dap_request_free(struct dap_request *r)
{
	cJSON_Delete(r->json);
	r->json = NULL;
}

/* ---- Writing ------------------------------------------------------------------------ */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int dap_send(struct dap_writer *w, cJSON *msg)
{
	if (!msg || w->failed)
		goto fail;
	cJSON_DeleteItemFromObjectCaseSensitive(msg, "seq");
	if (!cJSON_AddNumberToObject(msg, "seq", ++w->seq))
		goto fail;
	char *text = cJSON_PrintUnformatted(msg);
	if (!text)
		goto fail;
	char head[64];
	size_t n = strlen(text);
	int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
	int r = write_all(w->fd, head, (size_t)hn) || write_all(w->fd, text, n) ? -1 : 0;
	free(text);
	if (r)
		w->failed = true;
	cJSON_Delete(msg);
	return r;
fail:
	cJSON_Delete(msg);
	return -1;
}

cJSON *dap_response(int seq, const char *command, bool success, const char *message)
{
	cJSON *r = cJSON_CreateObject();
	if (!r)
		return NULL;
	cJSON_AddStringToObject(r, "type", "response");
	cJSON_AddNumberToObject(r, "request_seq", seq);
	cJSON_AddBoolToObject(r, "success", success);
	cJSON_AddStringToObject(r, "command", command ? command : "");
	if (message)
		cJSON_AddStringToObject(r, "message", message);
	cJSON_AddObjectToObject(r, "body");
	return r;
}

cJSON *dap_event(const char *event)
{
	cJSON *e = cJSON_CreateObject();
	if (!e)
		return NULL;
	cJSON_AddStringToObject(e, "type", "event");
	cJSON_AddStringToObject(e, "event", event);
	cJSON_AddObjectToObject(e, "body");
	return e;
}
