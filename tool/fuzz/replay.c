// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the fuzz harness once per file, without libFuzzer: the seed corpus
 * and every crash reproducer become regression tests under any compiler
 * and under valgrind (make -C tool test).
 *
 *   fuzz-replay FILE|DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	uint8_t *data = NULL;
	size_t size = 0, got;
	FILE *file;
	long len;

	file = fopen(path, "rb");
	if (!file || fseek(file, 0, SEEK_END) || (len = ftell(file)) < 0 ||
	    fseek(file, 0, SEEK_SET)) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", path, strerror(errno));
		if (file)
			fclose(file);
		return -1;
	}
	size = len;
	data = malloc(size ? size : 1);
	got = data ? fread(data, 1, size, file) : 0;
	fclose(file);
	if (!data || got != size) {
		fprintf(stderr, "fuzz-replay: %s: cannot read\n", path);
		free(data);
		return -1;
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int replay(const char *path, int *count)
{
	char sub[PATH_MAX];
	struct dirent *entry;
	struct stat st;
	int err = 0;
	DIR *dir;

	if (stat(path, &st)) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, entry->d_name);
		if (replay(sub, count))
			err = -1;
	}
	closedir(dir);
	return err;
}

int main(int argc, char **argv)
{
	int i, count = 0, err = 0;

	if (LLVMFuzzerInitialize(&argc, &argv))
		return 1;
	for (i = 1; i < argc; i++)
		if (replay(argv[i], &count))
			err = 1;
	printf("fuzz-replay: %d input%s replayed\n", count,
	       count == 1 ? "" : "s");
	return err;
}
