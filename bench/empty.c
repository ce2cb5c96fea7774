// SPDX-License-Identifier: GPL-2.0
/*
 * Does nothing, linked against the same shared libraries as tool/vtdiag
 * (bench/Makefile): its run time is what starting a process with those
 * libraries costs before the tool's first line of code runs.
 */
int main(void)
{
	return 0;
}
