/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers the vtdiag selftests share besides netlink (nlhelp.h): the
 * clock, the CAL line of /proc/interrupts, and one-line writes to control
 * files such as the injection file.
 */
#ifndef _VTDIAG_TESTHELP_H
#define _VTDIAG_TESTHELP_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * "Function call interrupts" (CAL in /proc/interrupts) of each CPU column
 * into @cal; how many columns, or -1 without a CAL line.
 */
static inline int cal_per_cpu(long long *cal, int max)
{
	char line[8192];
	int n = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		while (*p == ' ')
			p++;
		if (strncmp(p, "CAL:", 4))
			continue;
		n = 0;
		for (p += 4; n < max; p = end) {
			long long v = strtoll(p, &end, 10);

			if (end == p)
				break;
			cal[n++] = v;
		}
	}
	fclose(f);
	return n;
}

/* Writes @val to @path in one write(2), truncating; 0 or -errno. */
static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

#endif /* _VTDIAG_TESTHELP_H */
