/*
 * test_dap_fuzz.c - a brief, deterministic fuzz of vm dap's reading
 * (src/dap/dap_wire.c): streams made of valid requests mutated (bytes
 * flipped, cut, repeated, headers spoiled, random bytes between them) go
 * through the framing and the request check as the server's reader does.
 * Under ASan and UBSan any bad access fails the run; besides, the
 * properties of the framing are checked: every answer consumes bytes or
 * waits for more, never more than it has, a frame's body lies inside the
 * input, and each request the check accepts has its fields.  The same
 * seed every run: a failure comes again.
 *
 *   test_dap_fuzz [ROUNDS]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dap_wire.h"

static unsigned rounds = 3000;
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static const char *const bodies[] = {
	"{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\",\"arguments\":{\"linesStartAt1\":true}}",
	"{\"seq\":2,\"type\":\"request\",\"command\":\"launch\",\"arguments\":{\"add\":[\"a.s\"],\"input\":\"x\\n\"}}",
	"{\"seq\":3,\"type\":\"request\",\"command\":\"setBreakpoints\",\"arguments\":{\"source\":{\"path\":\"t.s\"},\"breakpoints\":[{\"line\":3}]}}",
	"{\"seq\":4,\"type\":\"request\",\"command\":\"evaluate\",\"arguments\":{\"expression\":\"info proc\",\"context\":\"repl\"}}",
	"{\"seq\":5,\"type\":\"request\",\"command\":\"readMemory\",\"arguments\":{\"memoryReference\":\"0x10\",\"count\":4}}",
	"{}", "[]", "\"x\"", "{\"seq\":1e99}", "{\"seq\":-1,\"type\":\"request\",\"command\":\"\"}",
};
enum { NBODIES = sizeof bodies / sizeof bodies[0] };

/* One stream: some messages, each perhaps spoiled. */
static size_t make_stream(char *buf, size_t cap)
{
	size_t n = 0;
	unsigned count = 1 + next() % 6;
	for (unsigned i = 0; i < count && n + 512 < cap; i++) {
		const char *b = bodies[next() % NBODIES];
		size_t blen = strlen(b);
		long declared = (long)blen;
		switch (next() % 8) {
		case 0: declared += (long)(next() % 9) - 4; break;	/* a wrong length */
		case 1: declared = (long)(next() % 40000000); break;	/* any length */
		default: break;
		}
		/* the header: right, in other spellings, with others, spoiled */
		char *h = buf + n;
		size_t room = cap - n;
		switch (next() % 6) {
		case 0: n += (size_t)snprintf(h, room, "Content-Length: %ld\r\n\r\n", declared); break;
		case 1: n += (size_t)snprintf(h, room, "content-length:%ld\n\n", declared); break;
		case 2: n += (size_t)snprintf(h, room, "Content-Type: x\r\nContent-Length: %ld\r\n\r\n", declared); break;
		case 3: n += (size_t)snprintf(h, room, "Content-Length: %ld\r\nContent-Length: 3\r\n\r\n", declared); break;
		case 4: n += (size_t)snprintf(h, room, "Content-Length: -%ld\r\n\r\n", declared); break;
		default: n += (size_t)snprintf(h, room, "Content-Length %ld\r\n\r\n", declared); break;
		}
		if (n + blen >= cap)
			break;
		memcpy(buf + n, b, blen);
		n += blen;
		if (next() % 4 == 0) {	/* random bytes after it */
			unsigned k = next() % 64;
			for (unsigned j = 0; j < k && n < cap; j++)
				buf[n++] = (char)next();
		}
	}
	/* flip, cut */
	unsigned flips = next() % 4;
	for (unsigned j = 0; j < flips && n; j++)
		buf[next() % n] = (char)next();
	if (n && next() % 3 == 0)
		n = next() % n;
	return n;
}

/* Read the stream as the server does; returns how many requests passed. */
static unsigned read_stream(const char *buf, size_t n)
{
	size_t pos = 0;
	unsigned ok = 0;
	char err[200];
	while (pos < n) {
		size_t hdr, body;
		enum dap_frame f = dap_frame(buf + pos, n - pos, &hdr, &body, err, sizeof err);
		if (f == DAP_FRAME_MORE || f == DAP_FRAME_FATAL) {
			assert_true(f == DAP_FRAME_MORE || err[0]);
			break;
		}
		assert_true(hdr > 0 && hdr <= n - pos);
		if (f == DAP_FRAME_BAD) {
			assert_true(err[0]);
			pos += hdr;
			continue;
		}
		assert_true(body <= n - pos - hdr && body <= DAP_MAX_BODY);
		struct dap_request q;
		if (dap_parse(buf + pos + hdr, body, &q, err, sizeof err) == 0) {
			assert_non_null(q.json);
			assert_true(q.command[0] != '\0');
			assert_true(q.seq >= 0);
			assert_true(!q.args || cJSON_IsObject(q.args));
			ok++;
		} else {
			assert_true(err[0]);
		}
		dap_request_free(&q);
		pos += hdr + body;
	}
	return ok;
}

/* Valid streams are read whole: the fuzz's base case holds. */
static void test_valid(void **state)
{
	(void)state;
	char buf[4096];
	size_t n = 0;
	for (unsigned i = 0; i < 5; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "Content-Length: %zu\r\n\r\n%s", strlen(bodies[i]),
				      bodies[i]);
	assert_int_equal(read_stream(buf, n), 5);
	/* cut anywhere: never more than what is whole */
	for (size_t cut = 0; cut < n; cut++)
		assert_true(read_stream(buf, cut) <= 5);
}

/* Random spoiled streams: no crash, the properties hold. */
static void test_random(void **state)
{
	(void)state;
	static char buf[1 << 16];
	unsigned accepted = 0;
	for (unsigned r = 0; r < rounds; r++)
		accepted += read_stream(buf, make_stream(buf, sizeof buf));
	/* some got through, or the mutations were all the fuzz did */
	assert_true(accepted > rounds / 10);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rounds = (unsigned)strtoul(argv[1], NULL, 10);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
