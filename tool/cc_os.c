// SPDX-License-Identifier: GPL-2.0
/*
 * The operating system's side of confidential computing, read through the
 * root (root.h) into report->cc_os: KVM's results (kvm_amd's sev, sev_es,
 * sev_snp; kvm_intel's tdx), the PSP driver's /dev/sev and ccp, the
 * flags the kernel kept in /proc/cpuinfo (it drops sme, sev, sev_es,
 * sev_snp and tme where the firmware disabled them, as it drops vmx/svm),
 * mem_encrypt= and nohibernate on the command line, the misc cgroup's
 * ASIDs, and the kernel log's word on the TDX module and SEV. The log is
 * read only when it can explain something (a feature the firmware
 * enables and KVM has off): it needs privileges, and where it is refused
 * the report says so rather than guess. Mainline has no sysfs file for
 * the TDX module's state; the /sys/firmware/tdx* paths third-party
 * scripts read come from downstream kernels and are not used.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "cc_os.h"
#include "kmodinfo.h"
#include "readfile.h"
#include "root.h"
#include "strbuf.h"
#include "util.h"

/* The most of the kernel log read (its ring is usually 128 KiB to 1 MiB). */
#define KLOG_LIMIT	(4U << 20)

const struct vtdiag_cc_os_paths vtdiag_cc_os_default_paths = {
	.sys_module	= "/sys/module",
	.dev_sev	= "/dev/sev",
	.cpuinfo	= "/proc/cpuinfo",
	.cmdline	= "/proc/cmdline",
	.misc_capacity	= "/sys/fs/cgroup/misc.capacity",
	.kmsg		= "/dev/kmsg",
};

/* The flags of the first CPU in /proc/cpuinfo, as BIT(VTDIAG_A_CC_*). */
static int cpuinfo_flags(const char *path)
{
	static const struct vtdiag_flag_word words[] = {
		{ "sme", 1U << VTDIAG_A_CC_SME },
		{ "sev", 1U << VTDIAG_A_CC_SEV },
		{ "sev_es", 1U << VTDIAG_A_CC_SEV_ES },
		{ "sev_snp", 1U << VTDIAG_A_CC_SEV_SNP },
		{ "tme", 1U << VTDIAG_A_CC_TME },
	};

	return vtdiag_cpuinfo_flags(path, words, ARRAY_SIZE(words));
}

/* The value of @name= on the command line @cmdline into @buf, "" if absent. */
static bool cmdline_word(const char *cmdline, const char *name, char *buf,
			 size_t size)
{
	size_t len = strlen(name);
	const char *at;

	if (buf)
		buf[0] = '\0';
	for (at = cmdline; (at = strstr(at, name)); at += len) {
		if (at != cmdline && at[-1] != ' ')
			continue;
		if (at[len] == '=' && buf) {
			snprintf(buf, size, "%.*s", (int)strcspn(at + len + 1, " \n"),
				 at + len + 1);
			return true;
		}
		if (at[len] == ' ' || at[len] == '\n' || at[len] == '\0')
			return true;
	}
	return false;
}

static void probe_cmdline(struct vtdiag_cc_os *cc_os, const char *path)
{
	char cmdline[4096];

	if (vtdiag_read_first_line(AT_FDCWD, path, cmdline, sizeof(cmdline)))
		return;
	cc_os->cmdline_read = true;
	cmdline_word(cmdline, "mem_encrypt", cc_os->mem_encrypt,
		     sizeof(cc_os->mem_encrypt));
	cc_os->nohibernate = cmdline_word(cmdline, "nohibernate", NULL, 0);
}

/* misc.capacity: "sev 509\nsev_es 99\n"; -1 for a key not listed. */
static void probe_misc(struct vtdiag_cc_os *cc_os, const char *path)
{
	char buf[1024], key[32], *line, *end;
	long long value;

	if (!vtdiag_read_small_file(path, buf, sizeof(buf)))
		return;
	for (line = buf; *line; line = end ? end + 1 : line + strlen(line)) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (sscanf(line, "%31s %lld", key, &value) != 2)
			continue;
		if (!strcmp(key, "sev"))
			cc_os->misc_sev = value;
		else if (!strcmp(key, "sev_es"))
			cc_os->misc_sev_es = value;
		if (!end)
			break;
	}
}

/* The text of a "PRI,SEQ,USEC,FLAGS;TEXT" record, cut at its end. */
static const char *record_text(char *line)
{
	char *text = strchr(line, ';');

	/* Continuation lines (" KEY=VALUE") belong to the record before. */
	if (!text || line[0] == ' ')
		return NULL;
	return text + 1;
}

void vtdiag_cc_os_scan_log(struct vtdiag_cc_os *cc_os, char *log)
{
	char *line, *end;
	const char *text;

	cc_os->tdx_module = VTDIAG_TDX_MODULE_NO_MESSAGE;
	for (line = log; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		text = record_text(line);
		if (!text)
			continue;
		/* "virt/tdx: " is the TDX host code, "tdx: " KVM's. */
		if (!strncmp(text, "virt/tdx: ", 10) || !strncmp(text, "tdx: ", 5)) {
			snprintf(cc_os->tdx_log, sizeof(cc_os->tdx_log), "%s", text);
			if (strstr(text, "module initialized"))
				cc_os->tdx_module = VTDIAG_TDX_MODULE_INITIALIZED;
			/* "Disable ACPI S3..." only says S3 is gone: no failure. */
			else if (strstr(text, "initialization failed") ||
				 strstr(text, "module not loaded"))
				cc_os->tdx_module = VTDIAG_TDX_MODULE_FAILED;
		}
		/* SEV-SNP's RMP, the PSP's INIT, KVM's ASID ranges. */
		if (strstr(text, "SEV"))
			snprintf(cc_os->sev_log, sizeof(cc_os->sev_log), "%s", text);
	}
}

static void probe_log(struct vtdiag_cc_os *cc_os, const char *path)
{
	struct strbuf raw = STRBUF_INIT;
	int err;

	err = vtdiag_read_kmsg(&raw, path, KLOG_LIMIT);
	if (err && !raw.len) {
		cc_os->tdx_module = VTDIAG_TDX_MODULE_LOG_UNREADABLE;
		cc_os->klog_err = err;
	} else if (raw.text) {
		vtdiag_cc_os_scan_log(cc_os, raw.text);
	}
	strbuf_release(&raw);
}

/* The firmware enables @feature and KVM has it off: the log may say why. */
static bool log_explains(const struct vtdiag_report *report, __u32 feature)
{
	struct vtdiag_cc_verdict verdict;
	int param = feature == VTDIAG_A_CC_TDX ? report->cc_os.kvm_intel_tdx :
		    report->cc_os.kvm_amd[feature];

	vtdiag_cc_host(report, feature, &verdict);
	return verdict.known == VTDIAG_CC_KNOWN &&
	       verdict.state == VTDIAG_STATE_ENABLED && param != 1;
}

void vtdiag_cc_os_probe(struct vtdiag_report *report,
			const struct vtdiag_cc_os_paths *paths)
{
	struct vtdiag_cc_os *cc_os = &report->cc_os;
	struct vtdiag_cc_verdict sev;
	struct stat st;
	char dev[PATH_MAX];

	vtdiag_cc_os_reset(cc_os);
	cc_os->probed = true;
	cc_os->kvm_amd[VTDIAG_A_CC_SEV] =
		vtdiag_kmod_bool_param(paths->sys_module, "kvm_amd", "sev");
	cc_os->kvm_amd[VTDIAG_A_CC_SEV_ES] =
		vtdiag_kmod_bool_param(paths->sys_module, "kvm_amd", "sev_es");
	cc_os->kvm_amd[VTDIAG_A_CC_SEV_SNP] =
		vtdiag_kmod_bool_param(paths->sys_module, "kvm_amd", "sev_snp");
	cc_os->kvm_intel_tdx =
		vtdiag_kmod_bool_param(paths->sys_module, "kvm_intel", "tdx");
	snprintf(dev, sizeof(dev), "%s", paths->dev_sev);
	/* A captured tree keeps a placeholder file: it exists, as here. */
	cc_os->dev_sev = !vtdiag_root_stat(dev, &st);
	cc_os->cpuinfo_flags = cpuinfo_flags(paths->cpuinfo);
	probe_cmdline(cc_os, paths->cmdline);
	probe_misc(cc_os, paths->misc_capacity);
	/*
	 * Where ccp stands matters only when the firmware enables SEV: then
	 * the module lists are worth reading (half a megabyte).
	 */
	vtdiag_cc_host(report, VTDIAG_A_CC_SEV, &sev);
	if (cc_os->dev_sev)
		cc_os->ccp = vtdiag_kmod_present("ccp");
	else if (sev.known == VTDIAG_CC_KNOWN &&
		 sev.state == VTDIAG_STATE_ENABLED)
		cc_os->ccp = vtdiag_kmod_find("ccp");
	if (log_explains(report, VTDIAG_A_CC_TDX) ||
	    log_explains(report, VTDIAG_A_CC_SEV) ||
	    log_explains(report, VTDIAG_A_CC_SEV_ES) ||
	    log_explains(report, VTDIAG_A_CC_SEV_SNP))
		probe_log(cc_os, paths->kmsg);
}

const char *vtdiag_tdx_module_name(enum vtdiag_tdx_module state)
{
	switch (state) {
	case VTDIAG_TDX_MODULE_LOG_UNREADABLE:
		return "log_unreadable";
	case VTDIAG_TDX_MODULE_NO_MESSAGE:
		return "not_mentioned";
	case VTDIAG_TDX_MODULE_INITIALIZED:
		return "initialized";
	case VTDIAG_TDX_MODULE_FAILED:
		return "failed";
	default:
		return NULL;
	}
}
