/*
 * paths.c - where vm and vm-gui find what they came with, relative to their
 * own executable, so that a build tree and an installation both work from
 * any directory: the default image is beside vm in a build (build/vm,
 * build/default.bin) and in the data directory of an installation
 * (bin/vm, share/ldx/default.bin; VM_DATADIR_REL is the way from one to the
 * other, set by CMake from the install layout).
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

const char *vm_default_image(void)
{
	static char path[PATH_MAX + 32];
	const char *dir = vm_exe_dir();
	struct stat st;
	if (!dir)
		return "default.bin";	/* no /proc: the current directory's */
	snprintf(path, sizeof path, "%s/default.bin", dir);
	if (stat(path, &st) == 0)
		return path;
	/* installed, or not built yet: then the error names the build's */
	snprintf(path, sizeof path, "%s/" VM_DATADIR_REL, dir);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof path, "%s/" VM_DATADIR_REL "/default.bin", dir);
		return path;
	}
	snprintf(path, sizeof path, "%s/default.bin", dir);
	return path;
}
