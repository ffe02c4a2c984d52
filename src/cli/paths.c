/*
 * paths.c - where vm and vm-gui find what they came with, relative to their
 * own executable, so that a build tree and an installation both work from
 * any directory: the default image is beside vm in a build (build/vm,
 * build/default.bin) and in the data directory of an installation
 * (bin/vm, share/ldx/default.bin; VM_DATADIR_REL is the way from one to the
 * other, set by CMake from the install layout).  The user library's list
 * of sources (lib/sources.txt: vm run --add, vm image) sits beside the
 * default image in both.
 */
#define _DEFAULT_SOURCE	/* readlink */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef VM_DATADIR_REL
#define VM_DATADIR_REL "../share/ldx"
#endif

const char *vm_exe_dir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0) {
		dir[0] = '\0';
		return NULL;
	}
	dir[n] = '\0';
	*strrchr(dir, '/') = '\0';	/* an absolute path always has one */
	return dir;
}

/* The directory of vm's data: the executable's own in a build tree (where
 * default.bin is), else an installation's share/ldx if there is one, else
 * the executable's again, so that an error names the build's files.  NULL
 * without /proc: then the current directory's files are used. */
static const char *data_dir(void)
{
	static char path[PATH_MAX + 32];
	const char *dir = vm_exe_dir();
	struct stat st;
	if (!dir)
		return NULL;
	snprintf(path, sizeof path, "%s/default.bin", dir);
	if (stat(path, &st) == 0)
		return dir;
	snprintf(path, sizeof path, "%s/" VM_DATADIR_REL, dir);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	return dir;
}

/* name in the data directory, in buf. */
static const char *data_file(char *buf, size_t size, const char *name)
{
	const char *dir = data_dir();
	if (!dir)
		return name;
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

const char *vm_default_image(void)
{
	static char path[PATH_MAX + 64];
	return data_file(path, sizeof path, "default.bin");
}

const char *vm_user_library(void)
{
	static char path[PATH_MAX + 64];
	return data_file(path, sizeof path, "lib/sources.txt");
}
