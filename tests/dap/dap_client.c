/*
 * dap_client.c - the tests' DAP client (dap_client.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dap_client.h"

bool dc_start(struct dc *c, const char *vm)
{
	int in[2], out[2];
	memset(c, 0, sizeof *c);
	signal(SIGPIPE, SIG_IGN);
	if (pipe(in) || pipe(out))
		return false;
	c->pid = fork();
	if (c->pid < 0)
		return false;
	if (c->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		execl(vm, vm, "dap", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->to = in[1];
	c->from = out[0];
	return true;
}

bool dc_start_tcp(struct dc *c, const char *vm)
{
	int err[2];
	memset(c, 0, sizeof *c);
	signal(SIGPIPE, SIG_IGN);
	if (pipe(err))
		return false;
	c->pid = fork();
	if (c->pid < 0)
		return false;
	if (c->pid == 0) {
		dup2(err[1], 2);
		close(err[0]), close(err[1]);
		execl(vm, vm, "dap", "--port", "0", (char *)NULL);
		_exit(127);
	}
	close(err[1]);
	/* "vm dap: listening on 127.0.0.1:PORT\n" */
	char line[128];
	size_t n = 0;
	while (n + 1 < sizeof line && read(err[0], line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	close(err[0]);
	const char *colon = strrchr(line, ':');
	if (strncmp(line, "vm dap: listening on 127.0.0.1:", 31) != 0 || !colon)
		return false;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1)) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a))
		return false;
	c->to = s;
	c->from = dup(s);
	return c->from >= 0;
}

void dc_raw(struct dc *c, const void *bytes, size_t n)
{
	const char *p = bytes;
	while (n) {
		ssize_t k = write(c->to, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;	/* the server is gone: the reads will say so */
		p += k;
		n -= (size_t)k;
	}
}

int dc_send(struct dc *c, const char *command, const char *args)
{
	char *body = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&body, &n);
	fprintf(f, "{\"seq\":%d,\"type\":\"request\",\"command\":\"%s\"%s%s}", ++c->seq, command,
		args ? ",\"arguments\":" : "", args ? args : "");
	fclose(f);
	char head[64];
	int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
	dc_raw(c, head, (size_t)hn);
	dc_raw(c, body, n);
	free(body);
	return c->seq;
}

/* A whole message at the start of the buffer: its header's and body's
 * lengths. */
static bool framed(struct dc *c, size_t *hdr, size_t *body)
{
	char *end = NULL;
	for (size_t i = 0; i + 4 <= c->len; i++)
		if (!memcmp(c->buf + i, "\r\n\r\n", 4)) {
			end = c->buf + i;
			break;
		}
	if (!end)
		return false;
	*hdr = (size_t)(end - c->buf) + 4;
	if (strncmp(c->buf, "Content-Length: ", 16) != 0)
		return false;
	*body = strtoul(c->buf + 16, NULL, 10);
	return c->len >= *hdr + *body;
}

cJSON *dc_next(struct dc *c, int timeout)
{
	time_t until = time(NULL) + timeout;
	for (;;) {
		size_t hdr, body;
		if (framed(c, &hdr, &body)) {
			cJSON *m = cJSON_ParseWithLength(c->buf + hdr, body);
			memmove(c->buf, c->buf + hdr + body, c->len - hdr - body);
			c->len -= hdr + body;
			if (getenv("DAP_TEST_VERBOSE") && m) {
				char *t = cJSON_PrintUnformatted(m);
				fprintf(stderr, "<- %.300s\n", t);
				free(t);
			}
			return m;
		}
		if (c->cap - c->len < 65536) {
			c->cap = c->cap * 2 + 65536;
			c->buf = realloc(c->buf, c->cap);
		}
		struct pollfd p = { .fd = c->from, .events = POLLIN };
		int left = (int)(until - time(NULL));
		if (left <= 0 || poll(&p, 1, left * 1000) <= 0)
			return NULL;
		ssize_t k = read(c->from, c->buf + c->len, c->cap - c->len);
		if (k <= 0)
			return NULL;
		c->len += (size_t)k;
	}
}

static bool is(const cJSON *m, const char *type, const char *field, const char *value)
{
	const cJSON *t = cJSON_GetObjectItem(m, "type"), *f = cJSON_GetObjectItem(m, field);
	return cJSON_IsString(t) && !strcmp(t->valuestring, type) && cJSON_IsString(f) &&
	       (!value || !strcmp(f->valuestring, value));
}

cJSON *dc_response(struct dc *c, int seq)
{
	cJSON *m;
	while ((m = dc_next(c, 120))) {
		if (is(m, "response", "command", NULL) && dc_num(m, "request_seq") == seq)
			return m;
		cJSON_Delete(m);
	}
	return NULL;
}

cJSON *dc_event(struct dc *c, const char *name)
{
	cJSON *m;
	while ((m = dc_next(c, 120))) {
		if (is(m, "event", "event", name))
			return m;
		cJSON_Delete(m);
	}
	return NULL;
}

cJSON *dc_req(struct dc *c, const char *command, const char *args, bool must)
{
	cJSON *r = dc_response(c, dc_send(c, command, args));
	if (must && (!r || !dc_true(r, "success"))) {
		fprintf(stderr, "%s failed: %s\n", command, r ? dc_str(r, "message") : "no response");
		abort();
	}
	return r;
}

int dc_finish(struct dc *c, int timeout)
{
	shutdown(c->to, SHUT_WR);	/* a socket: the end of the input */
	close(c->to);
	int status = -1;
	for (int i = 0; i < timeout * 10; i++) {
		pid_t w = waitpid(c->pid, &status, WNOHANG);
		if (w == c->pid) {
			close(c->from);
			free(c->buf);
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		/* keep the pipe from filling while it ends */
		cJSON_Delete(dc_next(c, 0));
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
	kill(c->pid, SIGKILL);
	waitpid(c->pid, &status, 0);
	close(c->from);
	free(c->buf);
	return -1;
}

static const cJSON *at(const cJSON *m, const char *path)
{
	char part[64];
	while (m && *path) {
		size_t n = strcspn(path, ".");
		snprintf(part, sizeof part, "%.*s", (int)n, path);
		m = cJSON_IsArray(m) ? cJSON_GetArrayItem(m, atoi(part)) : cJSON_GetObjectItem(m, part);
		path += n + (path[n] == '.');
	}
	return m;
}

const char *dc_str(const cJSON *msg, const char *path)
{
	const cJSON *v = at(msg, path);
	return cJSON_IsString(v) ? v->valuestring : "";
}

double dc_num(const cJSON *msg, const char *path)
{
	const cJSON *v = at(msg, path);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

bool dc_true(const cJSON *msg, const char *path) { return cJSON_IsTrue(at(msg, path)); }
