/*
 * util.c - helpers shared by the vm subcommands: reading and writing files,
 * parsing sizes and counts, and the one error printer.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int stdout_first_errno;

int flush_stdout(void)
{
	if (fflush(stdout) == 0)
		return 0;
	if (!stdout_first_errno)
		stdout_first_errno = errno ? errno : EIO;
	return EOF;
}

int stdout_errno(void)
{
	return stdout_first_errno ? stdout_first_errno : EIO;
}

void errorf(const char *fmt, ...)
{
	va_list ap;
	flush_stdout();
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *exit_status_word(int status)
{
	switch (status) {
#define EXIT_STATUS(name, code, word, meaning) case code: return word;
#include "exits.def"
#undef EXIT_STATUS
	default: return NULL;
	}
}

void print_exit_statuses(FILE *out)
{
#define EXIT_STATUS(name, code, word, meaning) fprintf(out, "  %-4d %-18s %s\n", code, word, meaning);
#include "exits.def"
#undef EXIT_STATUS
}

uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > READ_MAX) {
		errno = EFBIG;
		goto fail;
	}
	errno = 0;
	for (;;) {
		if (n == cap) {
			if (cap >= READ_MAX) {
				errno = EFBIG;
				goto fail;
			}
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > READ_MAX)
				ncap = READ_MAX;
			uint8_t *nbuf = realloc(buf, ncap);
			if (!nbuf) {
				errno = ENOMEM;
				goto fail;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (errno == 0)
			errno = EIO;
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	free(buf);
	int saved = errno;
	fclose(f);
	errno = saved;
	return NULL;
}

uint8_t *read_input(const char *path, size_t *len, int *status)
{
	uint8_t *bytes = read_file(path, len);
	if (bytes)
		return bytes;
	if (errno == EFBIG) {
		errorf("%s: too large: more than %zu MiB", path, READ_MAX >> 20);
		*status = EXIT_BADINPUT;
	} else if (errno == ENOMEM) {
		errorf("%s: out of memory reading it", path);
		*status = EXIT_INTERNAL;
	} else {
		errorf("%s: cannot read: %s", path, strerror(errno));
		*status = EXIT_NOINPUT;
	}
	return NULL;
}

int check_source(const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "r");
	int err = errno;
	if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (f)
		err = 0;
	if (f)
		fclose(f);
	if (!err)
		return 0;
	errorf("%s: cannot read: %s", path, strerror(err));
	return EXIT_NOINPUT;
}

int write_file(const char *path, const uint8_t *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(bytes, 1, len, f);
	if (fclose(f) != 0 || n != len)
		return -1;
	return 0;
}

/* \n, \t, \r, \\ and \xHH in an --input option, as a shell's printf
 * would take them. */
char *unescape_input(const char *s, size_t *len)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'x': {
			unsigned v = 0, k = 0;
			while (k < 2 && s[1] && strchr("0123456789abcdefABCDEF", s[1])) {
				char c = *++s;
				v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
				k++;
			}
			*o++ = (char)v;
			break;
		}
		default: *o++ = *s; break;
		}
	}
	*len = (size_t)(o - out);
	return out;
}

int parse_count(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		uint64_t digit = (uint64_t)(*s - '0');
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	char digits[32];
	size_t n = strlen(s);
	uint64_t unit = 1, v;
	if (n == 0 || n >= sizeof digits)
		return -1;
	memcpy(digits, s, n + 1);
	switch (digits[n - 1]) {
	case 'k': case 'K': unit = 1ull << 10; digits[--n] = '\0'; break;
	case 'm': case 'M': unit = 1ull << 20; digits[--n] = '\0'; break;
	case 'g': case 'G': unit = 1ull << 30; digits[--n] = '\0'; break;
	default: break;
	}
	if (parse_count(digits, &v) || v > UINT64_MAX / unit)
		return -1;
	*out = v * unit;
	return 0;
}

int parse_mem_option(const char *cmd, const char *arg, uint64_t *out)
{
	uint64_t v;
	if (parse_size(arg, &v))
		errorf("%s: --mem %s: not a size (give one like 16M, 512K or 1G)", cmd, arg);
	else if (v > MEM_MAX)
		errorf("%s: --mem %s: more than the %uM maximum", cmd, arg, MEM_MAX >> 20);
	else if (v < MEM_MIN)
		errorf("%s: --mem %s: less than the %uK minimum", cmd, arg, MEM_MIN >> 10);
	else if (v % MEM_ALIGN)
		errorf("%s: --mem %s: not a multiple of %uK", cmd, arg, MEM_ALIGN >> 10);
	else {
		*out = v;
		return 0;
	}
	return -1;
}

int parse_quantum_option(const char *cmd, const char *arg, uint32_t *out)
{
	uint64_t v;
	if (parse_count(arg, &v) || v > UINT32_MAX) {
		errorf("%s: --quantum %s: give a whole number of instructions", cmd, arg);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int bad_option(const char *cmd, int c, char **argv)
{
	if (c == ':')
		errorf("%s: option '%s' needs a value (see vm %s --help)", cmd, argv[optind - 1], cmd);
	else if (optopt)
		errorf("%s: unknown option '-%c' (see vm %s --help)", cmd, optopt, cmd);
	else
		errorf("%s: unknown option '%s' (see vm %s --help)", cmd, argv[optind - 1], cmd);
	return EXIT_USAGE;
}

const char *kernel_label(const struct img *k, const struct cpu *m, uint32_t pc, char *buf,
			 size_t n)
{
	uint32_t off = 0;
	struct img_sym y = { 0 };
	for (uint32_t i = 0; k && !cpu_user_mode(m) && i < k->nsegs; i++)
		if (pc - k->segs[i].addr < k->segs[i].memsz)
			y = img_symbol_near(k, pc, &off);
	if (y.name && off)
		snprintf(buf, n, " (%s+%u)", y.name, off);
	else if (y.name)
		snprintf(buf, n, " (%s)", y.name);
	else
		buf[0] = '\0';
	return buf;
}
