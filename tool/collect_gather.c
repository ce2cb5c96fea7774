// SPDX-License-Identifier: GPL-2.0
/*
 * What the support bundle holds: the reports, registers, DMI model and
 * firmware, os-release, kernel, kernel log lines, KVM modules and cpuinfo,
 * each read under the root (root.h: this machine, a captured tree, or a
 * test's scratch tree) into one file of the bundle, or a gap in the
 * manifest saying why it is missing.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <json.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "collect_internal.h"
#include "print.h"
#include "readfile.h"
#include "report.h"
#include "root.h"
#include "util.h"

/* The most a file of the bundle takes from one source. */
#define READ_MAX		(16U << 20)
/* Kernel log lines kept: the last ones. */
#define KLOG_LINES_MAX		2000

/* DMI attributes that name the model and firmware: what support needs. */
static const char *const dmi_fields[] = {
	"sys_vendor", "product_name", "product_version", "product_family",
	"product_sku", "board_vendor", "board_name", "board_version",
	"chassis_vendor", "chassis_type", "chassis_version", "bios_vendor",
	"bios_version", "bios_date", "bios_release", "ec_firmware_release",
};

/* Kernel log lines about these (case-insensitive) go into the bundle. */
static const char *const klog_words[] = {
	"kvm", "vmx", "svm", "vt-x", "amd-v", "feature control",
	"feature_control", "feat_ctl", "feat ctl", "virtualization",
	"hypervisor", "vtdiag",
	/* Confidential computing: SEV's PSP and RMP, TME, the TDX module. */
	"sev", "snp", "rmp", "ccp", "psp", "tdx", "tme", "mktme", "seam",
	"mem_encrypt", "memory encryption",
};

/* Loaded modules listed beside kvm*: virtualization and its readers. */
static const char *const related_modules[] = {
	"vtdiag", "irqbypass", "ccp", "msr", "cpuid", "vboxdrv", "vboxnetflt",
	"vboxnetadp", "vmmon", "vmnet",
};

/*
 * vtdiag_root_open() of a source file. In a captured tree only a regular
 * file: a device node there (dev/kmsg) would open this machine's device.
 */
static int open_source(const char *path, int flags)
{
	struct stat st;

	if (!vtdiag_root_is_host()) {
		if (vtdiag_root_stat(path, &st))
			return -1;
		if (!S_ISREG(st.st_mode)) {
			errno = ENODEV;
			return -1;
		}
	}
	return vtdiag_root_open(path, flags);
}

/*
 * The whole of @path (at most READ_MAX bytes; NUL bytes, as in
 * /proc/cmdline of some kernels, become spaces) appended to @sb.
 * Returns 0 or -errno.
 */
static int read_into(struct strbuf *sb, const char *path)
{
	char chunk[4096];
	size_t total = 0;
	ssize_t len, i;
	int fd;

	fd = open_source(path, O_RDONLY | O_NOCTTY);
	if (fd < 0)
		return -errno;
	while (total < READ_MAX) {
		len = read(fd, chunk, sizeof(chunk));
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0) {
			len = -errno;
			close(fd);
			return len;
		}
		if (!len)
			break;
		for (i = 0; i < len; i++)
			if (!chunk[i])
				chunk[i] = ' ';
		strbuf_addf(sb, "%.*s", (int)len, chunk);
		total += len;
	}
	close(fd);
	return 0;
}

/* The first line of @path, trailing blanks cut; "" on error. */
int vtdiag_collect_read_line(const char *path, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	int err;

	buf[0] = '\0';
	err = read_into(&sb, path);
	if (!err) {
		len = strcspn(strbuf_str(&sb), "\n");
		snprintf(buf, size, "%.*s", (int)len, strbuf_str(&sb));
		len = strlen(buf);
		while (len && isspace((unsigned char)buf[len - 1]))
			buf[--len] = '\0';
	}
	strbuf_release(&sb);
	return err;
}

static const char *why_errno(int err)
{
	if (err == -ENODEV && !vtdiag_root_is_host())
		return "not a regular file in the captured tree (a device there would be this machine's)";
	return vtdiag_errno_denied(err) ?
	       "not readable by this user (run vtdiag --collect as root)" :
	       strerror(-err);
}

void vtdiag_gather_dmi(struct vtdiag_bundle *bundle)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX], value[256];
	struct stat st;
	size_t i;
	int err;

	if (vtdiag_root_stat("/sys/class/dmi/id", &st)) {
		vtdiag_bundle_add_gap(bundle, "dmi.txt",
				      "no DMI on this machine (/sys/class/dmi/id is missing)");
		return;
	}
	strbuf_adds(&sb, "# The machine's model and firmware (/sys/class/dmi/id).\n"
		    "# Serial numbers, UUIDs and asset tags are never collected.\n");
	for (i = 0; i < ARRAY_SIZE(dmi_fields); i++) {
		snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", dmi_fields[i]);
		err = vtdiag_collect_read_line(path, value, sizeof(value));
		if (err == -ENOENT)
			continue;
		if (err)
			strbuf_addf(&sb, "%s: (%s)\n", dmi_fields[i], why_errno(err));
		else
			strbuf_addf(&sb, "%s: %s\n", dmi_fields[i], value);
	}
	vtdiag_bundle_add_file(bundle, "dmi.txt",
			       "the machine's maker, model, mainboard and firmware (DMI)", &sb);
}

void vtdiag_gather_os_release(struct vtdiag_bundle *bundle)
{
	static const char *const names[] = { "/etc/os-release", "/usr/lib/os-release" };
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int err = -ENOENT;

	for (i = 0; i < ARRAY_SIZE(names) && err; i++) {
		strbuf_release(&sb);
		err = read_into(&sb, names[i]);
	}
	if (err) {
		strbuf_release(&sb);
		vtdiag_bundle_add_gap(bundle, "os-release", err == -ENOENT ?
				      "neither /etc/os-release nor /usr/lib/os-release exists" :
				      why_errno(err));
		return;
	}
	vtdiag_bundle_add_file(bundle, "os-release",
			       "the distribution (/etc/os-release)", &sb);
}

static void kernel_line(struct strbuf *sb, const char *key, const char *name)
{
	char value[4096];
	int err;

	err = vtdiag_collect_read_line(name, value, sizeof(value));
	if (err)
		strbuf_addf(sb, "%s: (%s: %s)\n", key, name, why_errno(err));
	else
		strbuf_addf(sb, "%s: %s\n", key, value);
}

void vtdiag_gather_kernel(struct vtdiag_bundle *bundle)
{
	struct strbuf sb = STRBUF_INIT;
	struct utsname uts;

	kernel_line(&sb, "release", "/proc/sys/kernel/osrelease");
	kernel_line(&sb, "version", "/proc/sys/kernel/version");
	/* uname(2) tells this machine's: a captured tree has no answer. */
	if (!vtdiag_root_is_host())
		strbuf_adds(&sb, "machine: ? (not in a captured tree)\n");
	else
		strbuf_addf(&sb, "machine: %s\n", uname(&uts) ? "?" : uts.machine);
	kernel_line(&sb, "cmdline", "/proc/cmdline");
	kernel_line(&sb, "tainted", "/proc/sys/kernel/tainted");
	kernel_line(&sb, "dmesg_restrict", "/proc/sys/kernel/dmesg_restrict");
	vtdiag_bundle_add_file(bundle, "kernel.txt",
			       "kernel release, version, architecture, command line, taint flags",
			       &sb);
}

static bool klog_relevant(const char *message)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(klog_words); i++)
		if (strcasestr(message, klog_words[i]))
			return true;
	return false;
}

/* Why /dev/kmsg could not be opened, in the user's terms. */
static void klog_why(char *why, size_t size, int err)
{
	char restrict_value[16];

	if (vtdiag_errno_denied(err) &&
	    !vtdiag_collect_read_line("/proc/sys/kernel/dmesg_restrict",
				      restrict_value, sizeof(restrict_value)) &&
	    !strcmp(restrict_value, "1"))
		snprintf(why, size,
			 "the kernel log is not readable by this user: kernel.dmesg_restrict is 1 (root or CAP_SYSLOG needed; run vtdiag --collect as root)");
	else if (vtdiag_errno_denied(err))
		snprintf(why, size,
			 "the kernel log (/dev/kmsg) is not readable by this user: %s",
			 strerror(-err));
	else if (err == -ENODEV && !vtdiag_root_is_host())
		snprintf(why, size,
			 "the captured tree's /dev/kmsg is no regular file: a device node there would be this machine's kernel log");
	else
		snprintf(why, size, "cannot read the kernel log (/dev/kmsg): %s",
			 strerror(-err));
}

/* "6,339,5140900,-;text": "[    5.140900] text" when relevant, else "". */
static void klog_format(struct strbuf *out, const char *line, size_t len)
{
	unsigned long long usec;
	const char *message = memchr(line, ';', len);
	char prefix[64], *text;
	size_t prefix_len;
	int pri;

	if (!message || line[0] == ' ')
		return;
	prefix_len = message - line;
	message++;
	if (prefix_len >= sizeof(prefix))
		return;
	memcpy(prefix, line, prefix_len);
	prefix[prefix_len] = '\0';
	if (sscanf(prefix, "%d,%*u,%llu", &pri, &usec) != 2)
		return;
	text = strndup(message, len - (message - line));
	if (!text)
		return;
	if (klog_relevant(text))
		strbuf_addf(out, "[%5llu.%06llu] %s\n", usec / 1000000,
			    usec % 1000000, text);
	free(text);
}

void vtdiag_gather_kernel_log(struct vtdiag_bundle *bundle)
{
	struct strbuf raw = STRBUF_INIT, lines = STRBUF_INIT, sb = STRBUF_INIT;
	const char *line, *end, *kept;
	size_t count = 0, skip;
	char why[256];
	int err;

	err = vtdiag_read_kmsg(&raw, "/dev/kmsg", READ_MAX);
	if (err && !raw.len) {
		strbuf_release(&raw);
		klog_why(why, sizeof(why), err);
		vtdiag_bundle_add_gap(bundle, "kernel-log.txt", why);
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		klog_format(&lines, line, end - line);
	}
	strbuf_release(&raw);
	for (kept = strbuf_str(&lines); *kept; kept = strchrnul(kept, '\n') + 1)
		count++;
	strbuf_addf(&sb, "# Kernel log lines about %s",
		    "kvm, vmx, svm, VT-x, AMD-V, feature control, virtualization, hypervisor, vtdiag");
	strbuf_addf(&sb, " (/dev/kmsg; the log may have lost its oldest lines).\n");
	if (err)
		strbuf_addf(&sb, "# Reading stopped early: %s\n", strerror(-err));
	if (!count)
		strbuf_adds(&sb, "# No such line in the kernel log.\n");
	/* The last KLOG_LINES_MAX lines: the newest tell the current state. */
	kept = strbuf_str(&lines);
	for (skip = count > KLOG_LINES_MAX ? count - KLOG_LINES_MAX : 0; skip; skip--)
		kept = strchrnul(kept, '\n') + 1;
	if (count > KLOG_LINES_MAX)
		strbuf_addf(&sb, "# %zu older lines left out.\n",
			    count - KLOG_LINES_MAX);
	strbuf_adds(&sb, kept);
	strbuf_release(&lines);
	vtdiag_bundle_add_file(bundle, "kernel-log.txt",
			       "kernel log lines about KVM, VT-x/AMD-V, feature control and vtdiag",
			       &sb);
}

static bool related_module(const char *name)
{
	size_t i;

	if (!strncmp(name, "kvm", 3))
		return true;
	for (i = 0; i < ARRAY_SIZE(related_modules); i++)
		if (!strcmp(name, related_modules[i]))
			return true;
	return false;
}

/* /proc/modules lines of the related modules, without the address column. */
static void list_modules(struct strbuf *sb)
{
	struct strbuf raw = STRBUF_INIT;
	char name[64], used_by[512], state[32];
	const char *line, *end;
	unsigned long size, refs;
	size_t found = 0;
	int err;

	strbuf_adds(sb, "# Loaded modules (/proc/modules, without addresses):\n"
		    "# name size references used-by state\n");
	err = read_into(&raw, "/proc/modules");
	if (err == -ENOENT) {
		strbuf_adds(sb, "# (no /proc/modules: this kernel has no module support)\n");
		return;
	}
	if (err) {
		strbuf_addf(sb, "# (/proc/modules: %s)\n", why_errno(err));
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		char copy[1024];

		end = strchrnul(line, '\n');
		snprintf(copy, sizeof(copy), "%.*s", (int)(end - line), line);
		if (sscanf(copy, "%63s %lu %lu %511s %31s", name, &size, &refs,
			   used_by, state) != 5 || !related_module(name))
			continue;
		strbuf_addf(sb, "%s %lu %lu %s %s\n", name, size, refs, used_by,
			    state);
		found++;
	}
	if (!found)
		strbuf_adds(sb, "# (none of them loaded)\n");
	strbuf_release(&raw);
}

static int name_order(const void *a, const void *b)
{
	return strcmp(((const struct dirent *const *)a)[0]->d_name,
		      ((const struct dirent *const *)b)[0]->d_name);
}

/*
 * scandir(3) of absolute @dir under the root: the entries @filter keeps
 * (all when NULL), by name, into @list; their count, or -1 with errno.
 */
static int root_scandir(const char *dir, struct dirent ***list,
			int (*filter)(const struct dirent *))
{
	struct dirent **entries = NULL, **grown, *entry;
	size_t count = 0;
	DIR *d = vtdiag_root_opendir(dir);

	if (!d)
		return -1;
	while ((errno = 0, entry = readdir(d))) {
		if (filter && !filter(entry))
			continue;
		grown = realloc(entries, (count + 1) * sizeof(*entries));
		if (grown)
			entries = grown;
		if (!grown || !(entries[count] = malloc(sizeof(*entry)))) {
			errno = ENOMEM;
			break;
		}
		memcpy(entries[count++], entry, sizeof(*entry));
	}
	if (errno) {
		int err = errno;

		while (count)
			free(entries[--count]);
		free(entries);
		closedir(d);
		errno = err;
		return -1;
	}
	closedir(d);
	if (count)
		qsort(entries, count, sizeof(*entries), name_order);
	*list = entries;
	return count;
}

static int kvm_module_dir(const struct dirent *entry)
{
	return !strncmp(entry->d_name, "kvm", 3) ||
	       !strcmp(entry->d_name, "vtdiag");
}

/* "kvm_amd.nested = 1" for every parameter of @module. */
static void list_parameters(struct vtdiag_bundle *bundle, struct strbuf *sb,
			    const char *module)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], value[1024], what[600];
	struct dirent **entries;
	bool builtin;
	int i, count, err;

	snprintf(dir, sizeof(dir), "/sys/module/%s/initstate", module);
	builtin = vtdiag_root_access(dir, F_OK) != 0;
	snprintf(dir, sizeof(dir), "/sys/module/%s/parameters", module);
	count = root_scandir(dir, &entries, NULL);
	strbuf_addf(sb, "\n# %s%s\n", module, builtin ? " (built in)" : "");
	if (count < 0) {
		strbuf_addf(sb, "# (%s)\n", errno == ENOENT ? "no parameters" :
			    strerror(errno));
		return;
	}
	for (i = 0; i < count; i++) {
		if (entries[i]->d_name[0] == '.')
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, entries[i]->d_name);
		err = vtdiag_collect_read_line(path, value, sizeof(value));
		if (err) {
			strbuf_addf(sb, "%s.%s: (%s)\n", module,
				    entries[i]->d_name, why_errno(err));
			snprintf(what, sizeof(what), "modules.txt: parameter %.255s.%.255s",
				 module, entries[i]->d_name);
			vtdiag_bundle_add_gap(bundle, what, why_errno(err));
		} else {
			strbuf_addf(sb, "%s.%s = %s\n", module,
				    entries[i]->d_name, value);
		}
next:
		free(entries[i]);
	}
	free(entries);
}

void vtdiag_gather_modules(struct vtdiag_bundle *bundle)
{
	struct strbuf sb = STRBUF_INIT;
	struct dirent **entries;
	int i, count;

	list_modules(&sb);
	strbuf_adds(&sb, "\n# Parameters (/sys/module/kvm*/parameters, /sys/module/vtdiag/parameters):\n");
	count = root_scandir("/sys/module", &entries, kvm_module_dir);
	if (count < 0) {
		strbuf_addf(&sb, "# (/sys/module: %s)\n", strerror(errno));
	} else {
		if (!count)
			strbuf_adds(&sb, "# (no kvm module loaded or built in)\n");
		for (i = 0; i < count; i++) {
			list_parameters(bundle, &sb, entries[i]->d_name);
			free(entries[i]);
		}
		free(entries);
	}
	vtdiag_bundle_add_file(bundle, "modules.txt",
			       "KVM-related modules loaded, and the parameters of kvm* and vtdiag",
			       &sb);
}

/* /proc/cpuinfo, minus any line naming a serial number (some arches). */
void vtdiag_gather_cpuinfo(struct vtdiag_bundle *bundle)
{
	struct strbuf raw = STRBUF_INIT, sb = STRBUF_INIT;
	const char *line, *end;
	int err;

	err = read_into(&raw, "/proc/cpuinfo");
	if (err) {
		strbuf_release(&raw);
		vtdiag_bundle_add_gap(bundle, "cpuinfo.txt", why_errno(err));
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (!strncasecmp(line, "serial", 6))
			continue;
		strbuf_addf(&sb, "%.*s\n", (int)(end - line), line);
	}
	strbuf_release(&raw);
	vtdiag_bundle_add_file(bundle, "cpuinfo.txt",
			       "/proc/cpuinfo: the CPU model, microcode and the flags the kernel shows",
			       &sb);
}

static void cpu_msr(struct strbuf *sb, const char *name, bool present,
		    __u64 msr, __s32 err)
{
	char errname[32];

	if (present)
		strbuf_addf(sb, " %s=0x%016llx", name, (unsigned long long)msr);
	else if (err)
		strbuf_addf(sb, " %s=error:%s", name,
			    vtdiag_errno_name(err, errname, sizeof(errname)));
}

/* What the report's "unavailable" items mean for the bundle. */
static const char *unavailable_what(const char *what)
{
	static const struct {
		const char *what, *gap;
	} gaps[] = {
		{ "module",
		  "registers.txt: the vtdiag module's reading (the tool read the CPUs itself)" },
		{ "cpuid", "registers.txt: CPUID of some CPUs" },
		{ "msr", "registers.txt: firmware registers (FEATURE_CONTROL / VM_CR)" },
		{ "active", "registers.txt: virtualization in use (CR4.VMXE / EFER.SVME)" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gaps); i++)
		if (!strcmp(what, gaps[i].what))
			return gaps[i].gap;
	return what;
}

/* Every CPU's record: the MSR values and flags as read, and the state. */
void vtdiag_gather_registers(struct vtdiag_bundle *bundle,
			     const struct vtdiag_report *report)
{
	const struct vtdiag_host *host = &report->host;
	struct strbuf sb = STRBUF_INIT;
	const struct vtdiag_cpu *cpu;
	size_t i;

	strbuf_addf(&sb, "# Per-CPU registers as %s read them.\n",
		    report->fallback ? "vtdiag itself (fallback, no module)" :
		    report->module == VTDIAG_MODULE_OK ? "the vtdiag module" :
		    "nobody");
	strbuf_adds(&sb, "# feature_control: IA32_FEATURE_CONTROL (MSR 0x3a), vm_cr: VM_CR (MSR 0xc0010114);\n"
		    "# flags: decoded CPUID and MSR bits (VTDIAG_F_*); active: CR4.VMXE/EFER.SVME (-1 unknown).\n");
	strbuf_addf(&sb, "vendor_id=%s vendor=%s technology=%s hypervisor=%d hv_signature=\"%s\"\n",
		    host->vendor_id[0] ? host->vendor_id : "?",
		    vtdiag_vendor_name(host->vendor),
		    vtdiag_tech_name(vtdiag_report_tech(report)), host->hypervisor,
		    host->hv_signature);
	strbuf_addf(&sb, "verdict=%s cpus_online=%u module_version=%s",
		    vtdiag_state_name(vtdiag_report_verdict(report)),
		    host->cpus_online,
		    host->module_version[0] ? host->module_version : "-");
	if (host->has_generation)
		strbuf_addf(&sb, " generation=%u", host->generation);
	strbuf_adds(&sb, "\n");
	for (i = 0; i < report->nr_cpus; i++) {
		cpu = &report->cpus[i];
		strbuf_addf(&sb, "cpu=%u state=%s", cpu->id,
			    vtdiag_state_name(cpu->state));
		if (cpu->has_vendor)
			strbuf_addf(&sb, " vendor=%s", vtdiag_vendor_name(cpu->vendor));
		if (cpu->has_flags)
			strbuf_addf(&sb, " flags=0x%08x", cpu->flags);
		cpu_msr(&sb, "feature_control", cpu->has_feat_ctl, cpu->feat_ctl,
			cpu->feat_ctl_err);
		cpu_msr(&sb, "vm_cr", cpu->has_vm_cr, cpu->vm_cr, cpu->vm_cr_err);
		strbuf_addf(&sb, " active=%d\n", cpu->active);
		vtdiag_cc_registers(&sb, cpu);
	}
	for (i = 0; i < report->nr_unavailable; i++) {
		strbuf_addf(&sb, "# unavailable: %s: %s\n",
			    report->unavailable[i].what, report->unavailable[i].why);
		vtdiag_bundle_add_gap(bundle, unavailable_what(report->unavailable[i].what),
				      report->unavailable[i].why);
	}
	vtdiag_bundle_add_file(bundle, "registers.txt",
			       "per-CPU firmware registers (FEATURE_CONTROL / VM_CR), CPUID bits and state",
			       &sb);
}

/* report.txt and report.json, as vtdiag and vtdiag --json print them. */
void vtdiag_gather_reports(struct vtdiag_bundle *bundle,
			   const struct vtdiag_report *report)
{
	struct vtdiag_advice_list advice = { NULL, 0 };
	struct strbuf json_sb = STRBUF_INIT, text_sb = STRBUF_INIT;
	struct json_object *root;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (vtdiag_advise(report, &advice)) {
		bundle->oom = true;
		return;
	}
	out = open_memstream(&text, &size);
	if (!out) {
		bundle->oom = true;
		vtdiag_advice_free(&advice);
		return;
	}
	if (vtdiag_report_sampled(report))
		vtdiag_print_text(out, report, &advice, false);
	else
		vtdiag_print_advice_lines(out, &advice);
	if (fclose(out) || !text)
		bundle->oom = true;
	else
		strbuf_adds(&text_sb, text);
	free(text);
	vtdiag_bundle_add_file(bundle, "report.txt",
			       "the report, as vtdiag prints it (English)", &text_sb);

	root = vtdiag_report_json(report, &advice);
	if (root) {
		strbuf_adds(&json_sb, json_object_to_json_string_ext(root,
			    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			    JSON_C_TO_STRING_NOSLASHESCAPE));
		strbuf_adds(&json_sb, "\n");
		json_object_put(root);
		vtdiag_bundle_add_file(bundle, "report.json",
				       "the report as vtdiag --json prints it (schema 1)",
				       &json_sb);
	} else {
		bundle->oom = true;
	}
	vtdiag_advice_free(&advice);
}
