// SPDX-License-Identifier: GPL-2.0
/*
 * The fallback's judgement, apart from its reading (fallback_hw.c): raw
 * CPUID and MSR values -> the same CPU records and host summary the module
 * would send, decoded with the one decoder; what could not be read ->
 * report->unavailable. Also the parsers of what the OS says (CPU lists, the
 * SecureBoot EFI variable, the module trees), on paths it is given, so
 * unit tests run all of it on crafted samples and scratch trees.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "i18n.h"
#include "vtdiag/decode.h"
#include "cc.h"
#include "fallback.h"
#include "report.h"
#include "strbuf.h"

#include "root.h"
#include "util.h"

/* More CPUs than any kernel supports (NR_CPUS is at most 8192). */
#define CPU_LIST_MAX		65536

static int parse_cpu_number(const char **text, __u32 *cpu)
{
	unsigned long value;
	char *end;

	if (**text < '0' || **text > '9')
		return -EINVAL;
	errno = 0;
	value = strtoul(*text, &end, 10);
	if (errno || value >= CPU_LIST_MAX)
		return -EINVAL;
	*cpu = value;
	*text = end;
	return 0;
}

/* One "a" or "a-b" of the list at *@text; moves past it. */
static int parse_cpu_range(const char **text, __u32 *first, __u32 *last)
{
	if (parse_cpu_number(text, first))
		return -EINVAL;
	*last = *first;
	if (**text != '-')
		return 0;
	(*text)++;
	if (parse_cpu_number(text, last) || *last < *first)
		return -EINVAL;
	return 0;
}

int vtdiag_parse_cpu_list(const char *text, __u32 **cpus)
{
	__u32 *list = NULL, *grown, first, last, cpu;
	size_t count = 0;

	*cpus = NULL;
	while (*text && *text != '\n') {
		if (parse_cpu_range(&text, &first, &last))
			goto invalid;
		/* Ascending and without overlap, as the kernel prints it. */
		if (count && first <= list[count - 1])
			goto invalid;
		grown = realloc(list, (count + last - first + 1) * sizeof(*list));
		if (!grown) {
			free(list);
			return -ENOMEM;
		}
		list = grown;
		for (cpu = first; cpu <= last; cpu++)
			list[count++] = cpu;
		if (*text == ',' && text[1] && text[1] != '\n')
			text++;
		else if (*text && *text != '\n')
			goto invalid;
	}
	if (*text == '\n' && text[1])
		goto invalid;
	*cpus = list;
	return count;
invalid:
	free(list);
	return -EINVAL;
}

void vtdiag_format_cpu_list(char *buf, size_t size, const __u32 *cpus,
			    size_t count)
{
	static const char more[] = ",...";
	struct strbuf sb = STRBUF_INIT;
	const char *text, *cut;
	size_t len;

	if (!size)
		return;
	vtdiag_add_cpu_ranges(&sb, cpus, count);
	text = strbuf_str(&sb);
	len = strlen(text);
	if (len >= size || sb.oom) {
		/* Cut at a range boundary and say so: never mid-number, never silently. */
		len = 0;
		for (cut = strchr(text, ','); cut; cut = strchr(cut + 1, ','))
			if ((size_t)(cut - text) + sizeof(more) <= size)
				len = cut - text;
		snprintf(buf, size, "%.*s%s", (int)len, text, len ? more : more + 1);
	} else {
		memcpy(buf, text, len + 1);
	}
	strbuf_release(&sb);
}

/* As kmod/sample.c: a register string cut at its first NUL, printable. */
static void copy_reg_string(char *dst, const __u32 *regs, size_t len)
{
	const char *src = (const char *)regs;
	size_t i;

	for (i = 0; i < len && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

static __s32 sample_active(const struct vtdiag_fallback_sample *sample,
			   __u32 vendor)
{
	/* CR4.VMXE cannot be read from userspace; EFER can, through msr. */
	if (vtdiag_vendor_tech(vendor) != VTDIAG_TECH_SVM || sample->efer_err)
		return -1;
	return !!(sample->efer & VTDIAG_EFER_SVME);
}

void vtdiag_fallback_raw(const struct vtdiag_fallback_sample *sample,
			 struct vtdiag_raw *raw)
{
	memset(raw, 0, sizeof(*raw));
	raw->vendor = vtdiag_vendor_from_id((const char *)sample->vendor);
	raw->cpuid1_ecx = sample->cpuid1_ecx;
	/* CPUs without extended leaves echo garbage for 0x80000000. */
	if ((sample->max_ext & 0xffff0000) == 0x80000000)
		raw->max_ext = sample->max_ext;
	if (raw->max_ext >= VTDIAG_LEAF_EXT1)
		raw->ext1_ecx = sample->ext1_ecx;
	if (raw->max_ext >= VTDIAG_LEAF_SVM)
		raw->svm_edx = sample->svm_edx;
	if (vtdiag_vendor_msr(raw->vendor)) {
		raw->msr_err = sample->msr_err;
		raw->msr = sample->msr_err ? 0 : sample->msr;
	}
	raw->active = sample_active(sample, raw->vendor);
}

/* Confidential computing of one CPU, decoded as the module decodes it. */
static void fallback_cc(const struct vtdiag_fallback_sample *sample,
			const struct vtdiag_raw *raw, struct vtdiag_cpu *cpu)
{
	__u32 features = vtdiag_cc_features(raw->vendor), feature;

	/* Its leaves could not be read: nothing to decode, not "unsupported". */
	if (sample->cc_err)
		return;
	cpu->has_cc_raw = true;
	cpu->cc_raw = sample->cc;
	cpu->cpuid1_ecx = raw->cpuid1_ecx;
	cpu->max_ext = raw->max_ext;
	cpu->has_cc = true;
	for (feature = 1; feature < VTDIAG_CC_SLOTS; feature++) {
		if (!(features & (1U << feature)))
			continue;
		cpu->cc[feature].present = true;
		cpu->cc[feature].state = vtdiag_cc_decode(raw, &sample->cc,
							  feature,
							  &cpu->cc[feature].causes);
	}
}

void vtdiag_fallback_cpu(const struct vtdiag_fallback_sample *sample,
			 struct vtdiag_cpu *cpu)
{
	struct vtdiag_raw raw;

	vtdiag_fallback_raw(sample, &raw);
	memset(cpu, 0, sizeof(*cpu));
	cpu->id = sample->cpu;
	cpu->state = vtdiag_decode_state(&raw);
	cpu->has_vendor = true;
	cpu->vendor = raw.vendor;
	cpu->has_flags = true;
	cpu->flags = vtdiag_decode_flags(&raw);
	switch (vtdiag_vendor_tech(raw.vendor)) {
	case VTDIAG_TECH_VMX:
		cpu->has_feat_ctl = !raw.msr_err;
		cpu->feat_ctl = raw.msr;
		cpu->feat_ctl_err = raw.msr_err;
		break;
	case VTDIAG_TECH_SVM:
		cpu->has_vm_cr = !raw.msr_err;
		cpu->vm_cr = raw.msr;
		cpu->vm_cr_err = raw.msr_err;
		break;
	default:
		break;
	}
	cpu->active = raw.active;
	fallback_cc(sample, &raw, cpu);
}

/* The host part of a GET_HOST reply, as the module sums it up. */
static void summarize(struct vtdiag_host *host,
		      const struct vtdiag_fallback_sample *first,
		      const struct vtdiag_cpu *cpus, size_t nr_cpus)
{
	bool active_known = true;
	size_t i;

	memset(host, 0, sizeof(*host));
	host->vendor = vtdiag_vendor_from_id((const char *)first->vendor);
	copy_reg_string(host->vendor_id, first->vendor, VTDIAG_VENDOR_ID_LEN);
	host->tech = vtdiag_vendor_tech(host->vendor);
	host->hypervisor = first->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR;
	/* Leaf 0x40000000 means nothing without the hypervisor bit. */
	if (host->hypervisor)
		copy_reg_string(host->hv_signature, first->hv_sig,
				VTDIAG_HV_SIG_LEN);
	host->has_hv_signature = host->hv_signature[0];
	for (i = 0; i < nr_cpus; i++) {
		host->state_counts[cpus[i].state]++;
		active_known &= cpus[i].active >= 0;
		host->cpus_active += cpus[i].active > 0;
	}
	host->has_cpus_active = active_known;
	if (!active_known)
		host->cpus_active = 0;
	host->cpus_online = nr_cpus;
	host->verdict = vtdiag_verdict(host->state_counts);
}

static __printf(3, 4)
void add_unavailable(struct vtdiag_report *report, const char *what,
		     const char *fmt, ...)
{
	struct vtdiag_unavailable *item;
	va_list ap;

	if (report->nr_unavailable >= VTDIAG_UNAVAILABLE_MAX)
		return;
	item = &report->unavailable[report->nr_unavailable++];
	item->what = what;
	va_start(ap, fmt);
	vsnprintf(item->why, sizeof(item->why), fmt, ap);
	va_end(ap);
}

static void add_module_unavailable(struct vtdiag_report *report)
{
	if (report->module == VTDIAG_MODULE_FAILED)
		add_unavailable(report, "module", _("did not answer (%s)"),
				report->module_error[0] ? report->module_error :
							  _("no details"));
	else if (report->secure_boot_rejected)
		add_unavailable(report, "module",
				_("not loaded: Secure Boot rejects it (%s)"),
				report->module_file);
	else if (report->module == VTDIAG_MODULE_NOT_ASKED)
		add_unavailable(report, "module",
				_("not asked: a captured tree (--root) has no module"));
	else
		add_unavailable(report, "module", _("not loaded"));
}

/* The first MSR error of any CPU that has a lock MSR; 0 when none. */
static int first_msr_error(const struct vtdiag_fallback *fb)
{
	struct vtdiag_raw raw;
	size_t i;

	for (i = 0; i < fb->nr_samples; i++) {
		vtdiag_fallback_raw(&fb->samples[i], &raw);
		if (raw.msr_err)
			return raw.msr_err;
	}
	return 0;
}

/* The CPUs whose lock MSR read failed with @err, as "0-3". */
static void cpus_with_msr_error(char *buf, size_t size,
				const struct vtdiag_fallback *fb, int err)
{
	__u32 *cpus = calloc(fb->nr_samples, sizeof(*cpus));
	struct vtdiag_raw raw;
	size_t i, count = 0;

	buf[0] = '\0';
	if (!cpus)
		return;
	for (i = 0; i < fb->nr_samples; i++) {
		vtdiag_fallback_raw(&fb->samples[i], &raw);
		if (raw.msr_err == err)
			cpus[count++] = fb->samples[i].cpu;
	}
	vtdiag_format_cpu_list(buf, size, cpus, count);
	free(cpus);
}

/* Why the MSRs could not be read, for report->msr_access and the text. */
static enum vtdiag_msr_access msr_access(const struct vtdiag_fallback *fb,
					 int err, char *why, size_t size)
{
	bool no_driver = err == -ENOENT || err == -ENODEV || err == -ENXIO;
	int read_err = err;
	char cpus[64];

	/* Reads give -errno; anything else (even INT_MIN) is a broken read. */
	if (err > 0 || err < -4095)
		err = -EIO;
	/* Only root may load the driver or open its devices: say that first. */
	if (!fb->root && (no_driver || vtdiag_errno_denied(err))) {
		snprintf(why, size, _("not root (run with sudo)"));
		return VTDIAG_MSR_NOT_ROOT;
	}
	switch (-err) {
	case 0:
		why[0] = '\0';
		return VTDIAG_MSR_READ;
	case EACCES:
	case EPERM:
		snprintf(why, size,
			 _("root, but not allowed to read MSRs (%s; CAP_SYS_RAWIO missing, e.g. in a container)"),
			 strerror(-err));
		return VTDIAG_MSR_NO_PERMISSION;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		if (fb->msr_driver[0])
			snprintf(why, size, _("msr driver not available: %s"),
				 fb->msr_driver);
		else
			snprintf(why, size, _("msr driver not available"));
		return VTDIAG_MSR_NO_DRIVER;
	case EIO:
		/* The register itself faulted: what the module would see. */
		cpus_with_msr_error(cpus, sizeof(cpus), fb, read_err);
		snprintf(why, size, _("the read faulted on CPU %s (EIO)"), cpus);
		return VTDIAG_MSR_READ;
	default:
		snprintf(why, size, _("cannot read /dev/cpu/N/msr: %s"),
			 strerror(-err));
		return VTDIAG_MSR_FAILED;
	}
}

static bool any_active_unknown(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++)
		if (report->cpus[i].active < 0)
			return true;
	return false;
}

static const char *unreachable_why(const struct vtdiag_fallback *fb)
{
	/* sched_setaffinity() refuses CPUs outside the cpuset. */
	if (fb->unreachable_err == -EINVAL)
		return _("outside this process's CPU set (cpuset, taskset)");
	if (fb->unreachable_err < 0 && fb->unreachable_err > -4096)
		return strerror(-fb->unreachable_err);
	return _("it could not be reached");
}

static void add_gaps(struct vtdiag_report *report,
		     const struct vtdiag_fallback *fb)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];
	int msr_err = first_msr_error(fb);

	report->nr_unavailable = 0;
	add_module_unavailable(report);
	if (fb->unreachable[0])
		add_unavailable(report, "cpuid", _("CPU %s not read: %s"),
				fb->unreachable, unreachable_why(fb));
	report->msr_access = msr_access(fb, msr_err, why, sizeof(why));
	if (msr_err)
		add_unavailable(report, "msr", "%s", why);
	if (!any_active_unknown(report))
		return;
	if (report->host.tech == VTDIAG_TECH_SVM)
		add_unavailable(report, "active", _("EFER.SVME not read: %s"),
				msr_err && report->msr_access != VTDIAG_MSR_READ ?
				why : _("the read failed"));
	else
		add_unavailable(report, "active",
				_("CR4.VMXE cannot be read from userspace"));
}

int vtdiag_fallback_report(struct vtdiag_report *report,
			   const struct vtdiag_fallback *fb)
{
	struct vtdiag_cpu *cpu;
	size_t i;

	if (!fb->nr_samples)
		return -ENODATA;
	vtdiag_report_clear_cpus(report);
	for (i = 0; i < fb->nr_samples; i++) {
		cpu = vtdiag_report_add_cpu(report);
		if (!cpu) {
			vtdiag_report_clear_cpus(report);
			return -ENOMEM;
		}
		vtdiag_fallback_cpu(&fb->samples[i], cpu);
	}
	summarize(&report->host, &fb->samples[0], report->cpus,
		  report->nr_cpus);
	vtdiag_cc_summarize(&report->host, report->cpus, report->nr_cpus);
	report->fallback = true;
	add_gaps(report, fb);
	return 0;
}

/* EFI_GLOBAL_VARIABLE: the UEFI specification's own variables. */
#define SECURE_BOOT_VAR	"SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

int vtdiag_secure_boot_efivars(const char *efivars)
{
	unsigned char var[8];
	char path[PATH_MAX];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", efivars, SECURE_BOOT_VAR);
	fd = vtdiag_root_open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, var, sizeof(var));
	close(fd);
	if (len < 0)
		return -EIO;
	/* efivarfs: a u32 of attributes, then the one-byte value. */
	if (len != 5)
		return -EINVAL;
	return var[4] == 1;
}

int vtdiag_secure_boot_mokutil(const char *output)
{
	if (strstr(output, "SecureBoot enabled"))
		return 1;
	if (strstr(output, "SecureBoot disabled") ||
	    strstr(output, "doesn't support Secure Boot"))
		return 0;
	return -EINVAL;
}

static bool is_module_file(const char *name)
{
	static const char base[] = "vtdiag.ko";
	static const char *const compressed[] = { "", ".xz", ".gz", ".zst" };
	size_t i;

	if (strncmp(name, base, sizeof(base) - 1))
		return false;
	for (i = 0; i < ARRAY_SIZE(compressed); i++)
		if (!strcmp(name + sizeof(base) - 1, compressed[i]))
			return true;
	return false;
}

/* DKMS nests it as updates/dkms/vtdiag.ko; three levels are plenty. */
#define MODULE_TREE_DEPTH	3

static bool find_in_tree(const char *dir, int depth, char *path, size_t size)
{
	char sub[PATH_MAX];
	struct dirent *entry;
	bool found = false;
	struct stat st;
	DIR *d;

	d = vtdiag_root_opendir(dir);
	if (!d)
		return false;
	while (!found && (entry = readdir(d))) {
		if (entry->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir,
				     entry->d_name) >= sizeof(sub))
			continue;
		if (vtdiag_root_lstat(sub, &st))
			continue;
		if (S_ISREG(st.st_mode) && is_module_file(entry->d_name)) {
			snprintf(path, size, "%s", sub);
			found = true;
		} else if (S_ISDIR(st.st_mode) && depth > 0) {
			found = find_in_tree(sub, depth - 1, path, size);
		}
	}
	closedir(d);
	return found;
}

bool vtdiag_find_module_file(const char *dir, char *path, size_t size)
{
	static const char *const trees[] = { "updates", "extra" };
	char tree[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(trees); i++) {
		snprintf(tree, sizeof(tree), "%s/%s", dir, trees[i]);
		if (find_in_tree(tree, MODULE_TREE_DEPTH, path, size))
			return true;
	}
	return false;
}
