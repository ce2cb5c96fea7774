/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fallback when the vtdiag module cannot be had: the tool reads the
 * same CPUID bits itself, pinned to each online CPU, the firmware's lock
 * MSR (FEATURE_CONTROL / VM_CR) and EFER through the msr driver
 * (/dev/cpu/N/msr, root only), and decodes them with the module's own
 * decoder (vtdiag/decode.h). What it could not read is listed in
 * report->unavailable, with the reason.
 *
 * fallback_hw.c touches the CPUs and the OS; fallback.c turns what was
 * read into the report and needs neither, so unit tests feed it crafted
 * samples.
 */
#ifndef VTDIAG_FALLBACK_H
#define VTDIAG_FALLBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "vtdiag/decode.h"
#include "model.h"

/* What one CPU answered, read from userspace. */
struct vtdiag_fallback_sample {
	__u32 cpu;
	__u32 vendor[3];	/* CPUID.0 EBX, EDX, ECX: "GenuineIntel" */
	__u32 cpuid1_ecx;
	__u32 max_ext;		/* CPUID.80000000:EAX as the CPU answered */
	__u32 ext1_ecx;		/* CPUID.80000001:ECX */
	__u32 svm_edx;		/* CPUID.8000000A:EDX */
	__u32 hv_sig[3];	/* CPUID.40000000 EBX, ECX, EDX */
	int msr_err;		/* 0, or -errno of reading the lock MSR */
	__u64 msr;		/* FEATURE_CONTROL (VMX) or VM_CR (SVM) */
	int efer_err;		/* 0, or -errno of reading EFER (SVM only) */
	__u64 efer;
	/*
	 * Confidential computing: CPUID.0:EAX, leaf 7 and 0x8000001F where
	 * they exist, and the MSRs vtdiag_cc_msrs_wanted() names, read (or
	 * failed: msr_err) as the module reads them.
	 */
	struct vtdiag_cc_raw cc;
	int cc_err;		/* 0, or -errno: leaf 7 or 0x8000001F unread */
};

#define VTDIAG_FALLBACK_WHY_LEN		160

/* Everything the fallback read, before it becomes a report. */
struct vtdiag_fallback {
	struct vtdiag_fallback_sample *samples;	/* ascending CPU */
	size_t nr_samples;
	size_t nr_online;		/* CPUs online, sampled or not */
	/* Online CPUs whose CPUID could not be read, as "4-7", and why. */
	char unreachable[VTDIAG_FALLBACK_WHY_LEN];
	int unreachable_err;
	bool root;			/* effective uid 0 */
	/* Why the msr driver is not there when root needed it, or "". */
	char msr_driver[VTDIAG_FALLBACK_WHY_LEN];
};

/* fallback.c: no hardware, no OS. */

/*
 * The CPU ids of a sysfs CPU list ("0-3,8,10-11\n") into @cpus (ascending,
 * caller frees). Returns how many, or -EINVAL / -ENOMEM.
 */
int vtdiag_parse_cpu_list(const char *text, __u32 **cpus);
/* The inverse, for messages: "0-3,8". */
void vtdiag_format_cpu_list(char *buf, size_t size, const __u32 *cpus,
			    size_t count);

/* The decoder's input for @sample: the same rules as kmod/sample.c. */
void vtdiag_fallback_raw(const struct vtdiag_fallback_sample *sample,
			 struct vtdiag_raw *raw);
/* One CPU record, as the module's GET_CPU reply would carry it. */
void vtdiag_fallback_cpu(const struct vtdiag_fallback_sample *sample,
			 struct vtdiag_cpu *cpu);
/*
 * Fills report->host, report->cpus and report->unavailable from @fb and
 * marks the report as read by the fallback. Returns 0, -ENODATA when no
 * CPU could be read (the report is left as it was) or -ENOMEM.
 */
int vtdiag_fallback_report(struct vtdiag_report *report,
			   const struct vtdiag_fallback *fb);

/*
 * Secure Boot from the EFI variable SecureBoot-8be4df61-... in @efivars
 * (efivarfs: 4 bytes of attributes, then the value). 1 on, 0 off, -errno
 * when it cannot be told (not booted with UEFI, efivarfs not mounted).
 */
int vtdiag_secure_boot_efivars(const char *efivars);
/* The same from `mokutil --sb-state` output. */
int vtdiag_secure_boot_mokutil(const char *output);
/*
 * An installed vtdiag.ko (also .ko.xz, .gz, .zst) under @dir's updates/
 * and extra/ trees, where make install and DKMS put it. Returns whether
 * one was found; its path in @path.
 */
bool vtdiag_find_module_file(const char *dir, char *path, size_t size);

/* fallback_hw.c: the real CPUs and OS. */

struct vtdiag_fallback_paths {
	const char *cpu_online;		/* "/sys/devices/system/cpu/online" */
	const char *dev_cpu;		/* "/dev/cpu" */
	const char *modprobe;		/* "/proc/sys/kernel/modprobe" */
	const char *sys_module;		/* "/sys/module" */
	const char *efivars;		/* "/sys/firmware/efi/efivars" */
	const char *lib_modules;	/* "/lib/modules" */
};

extern const struct vtdiag_fallback_paths vtdiag_fallback_default_paths;

/*
 * Reads every online CPU: CPUID pinned to it, the MSRs through the msr
 * driver, loading it (modprobe msr) when root and it is missing; it stays
 * loaded. Returns 0 or -errno; free @fb with vtdiag_fallback_free()
 * either way.
 */
int vtdiag_fallback_read(struct vtdiag_fallback *fb,
			 const struct vtdiag_fallback_paths *paths);
void vtdiag_fallback_free(struct vtdiag_fallback *fb);

/*
 * The family is missing: is that an installed module Secure Boot kept
 * out? Sets report->secure_boot_rejected and report->module_file.
 */
void vtdiag_probe_module_rejection(struct vtdiag_report *report,
				   const struct vtdiag_fallback_paths *paths);

/*
 * What vtdiag.c calls when the module did not answer: the rejection
 * check (module missing), then the fallback reading into @report.
 * Returns 0 when the report now has CPU data, else -errno.
 */
int vtdiag_fallback_probe(struct vtdiag_report *report,
			  const struct vtdiag_fallback_paths *paths);

#endif /* VTDIAG_FALLBACK_H */
