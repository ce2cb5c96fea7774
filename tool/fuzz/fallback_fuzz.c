// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the fallback's judgement (fallback.c): arbitrary
 * bytes as what the CPUs and the OS answered, turned into the report,
 * judged and printed as the tool would; and the fallback's text parsers.
 *
 * Input: byte 0 flags (FB_*), then a CPU list as sysfs would print it, up
 * to a NUL; then the msr driver's "why" text up to a NUL; then raw struct
 * vtdiag_fallback_sample records, as many as fit (at most MAX_SAMPLES).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fallback.h"
#include "print.h"
#include "report.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FB_ROOT			0x01
#define FB_MODULE_FAILED	0x02
#define FB_SECURE_BOOT		0x04
#define FB_UNREACHABLE		0x08
#define FB_COLOR		0x10

#define MAX_SAMPLES		64

static FILE *sink;

/* The next NUL-terminated piece of the input, copied (caller frees). */
static char *take_string(const uint8_t **data, size_t *size)
{
	const uint8_t *nul = memchr(*data, 0, *size);
	size_t len = nul ? (size_t)(nul - *data) : *size;
	char *text = malloc(len + 1);

	if (!text)
		return NULL;
	memcpy(text, *data, len);
	text[len] = '\0';
	*data += nul ? len + 1 : len;
	*size -= nul ? len + 1 : len;
	return text;
}

static void parse_texts(const char *cpu_list)
{
	char formatted[64];
	__u32 *cpus;
	int count;

	count = vtdiag_parse_cpu_list(cpu_list, &cpus);
	if (count > 0)
		vtdiag_format_cpu_list(formatted, sizeof(formatted), cpus, count);
	free(cpus);
	(void)vtdiag_secure_boot_mokutil(cpu_list);
}

static void judge_and_print(const struct vtdiag_report *report, bool color)
{
	struct vtdiag_advice_list advice = { NULL, 0 };

	(void)vtdiag_exit_status(report);
	if (vtdiag_advise(report, &advice))
		return;
	vtdiag_print_text(sink, report, &advice, color);
	vtdiag_print_json(sink, report, &advice);
	vtdiag_advice_free(&advice);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sink = getenv("VTDIAG_FUZZ_PRINT") ? stdout : fopen("/dev/null", "w");
	return sink ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtdiag_fallback fb;
	struct vtdiag_report report;
	char *cpu_list, *why;
	__u8 flags;

	if (!size)
		return 0;
	flags = data[0];
	data++;
	size--;
	cpu_list = take_string(&data, &size);
	why = take_string(&data, &size);
	if (!cpu_list || !why)
		goto out;
	parse_texts(cpu_list);

	memset(&fb, 0, sizeof(fb));
	fb.nr_samples = size / sizeof(*fb.samples);
	if (fb.nr_samples > MAX_SAMPLES)
		fb.nr_samples = MAX_SAMPLES;
	/* Its own exact allocation: ASan sees any read past the last one. */
	fb.samples = malloc(fb.nr_samples * sizeof(*fb.samples) ?: 1);
	if (!fb.samples)
		goto out;
	memcpy(fb.samples, data, fb.nr_samples * sizeof(*fb.samples));
	fb.nr_online = fb.nr_samples;
	fb.root = flags & FB_ROOT;
	snprintf(fb.msr_driver, sizeof(fb.msr_driver), "%s", why);
	if (flags & FB_UNREACHABLE) {
		snprintf(fb.unreachable, sizeof(fb.unreachable), "%s", cpu_list);
		fb.unreachable_err = -(int)(flags >> 5);
	}

	vtdiag_report_init(&report);
	report.os.dev_kvm_exists = true;
	report.os.dev_kvm_mode = S_IFCHR | 0660;
	if (flags & FB_MODULE_FAILED) {
		report.module = VTDIAG_MODULE_FAILED;
		snprintf(report.module_error, sizeof(report.module_error),
			 "%s", why);
	}
	if (flags & FB_SECURE_BOOT) {
		report.secure_boot_rejected = true;
		snprintf(report.module_file, sizeof(report.module_file),
			 "%s", cpu_list);
	}
	if (!vtdiag_fallback_report(&report, &fb))
		judge_and_print(&report, flags & FB_COLOR);
	vtdiag_report_free(&report);
	free(fb.samples);
out:
	free(cpu_list);
	free(why);
	return 0;
}
