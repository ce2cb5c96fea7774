// SPDX-License-Identifier: GPL-2.0
/*
 * Check cgroups: the cgroup controllers libvirt confines guests with
 * (memory, cpu, cpuacct, cpuset, devices, blkio), as virt-host-validate
 * counts them, which warns when one is missing; so does this check, and
 * the exit status does not change.
 *
 * What counts as present, as libvirt counts it:
 * - cgroup v1: a "cgroup" mount whose options name the controller.
 * - cgroup v2: the controller in <mount>/cgroup.controllers of the first
 *   "cgroup2" mount, with three differences: cpuacct has no controller of
 *   its own (cpu.stat always has the usage), blkio is "io", and devices
 *   is a BPF program attached to the cgroup, so the kernel needs
 *   CONFIG_CGROUP_BPF (read from /boot/config-RELEASE or /proc/config.gz;
 *   when neither is there it cannot be told, and the detail says so).
 * Both together (hybrid) count as either. Why one is missing comes from
 * /proc/cgroups (listed: in the kernel; "enabled" 0: switched off at
 * boot; hierarchy 0: not bound to a v1 hierarchy) and /proc/cmdline
 * (cgroup_disable=). Every file is read through the root (root.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "i18n.h"
#include "kmodinfo.h"
#include "readfile.h"
#include "report.h"
#include "root.h"
#include "util.h"

enum cg_ctl { CG_MEMORY, CG_CPU, CG_CPUACCT, CG_CPUSET, CG_DEVICES, CG_BLKIO,
	      CG_NR };

/* As /proc/cgroups, v1 mount options and virt-host-validate name them. */
static const char *const v1_names[CG_NR] = {
	"memory", "cpu", "cpuacct", "cpuset", "devices", "blkio",
};
/* In cgroup.controllers; NULL: decided otherwise. */
static const char *const v2_names[CG_NR] = {
	"memory", "cpu", NULL, "cpuset", NULL, "io",
};

enum cg_why {
	CG_PRESENT,
	CG_NOT_BUILT,		/* not in /proc/cgroups */
	CG_DISABLED,		/* switched off at boot */
	CG_NOT_MOUNTED,		/* in the kernel, on no mounted hierarchy */
	CG_NOT_DELEGATED,	/* v2: not given to this cgroup (a namespace) */
	CG_NO_BPF,		/* v2 devices: no CONFIG_CGROUP_BPF */
	CG_BPF_UNKNOWN,		/* v2 devices: the configuration is not readable */
	CG_MISSING,		/* missing, and no more is known */
};

struct cgroup_facts {
	bool v1;			/* a cgroup (v1) hierarchy is mounted */
	bool v2;			/* a cgroup2 hierarchy is mounted */
	bool cmdline_disables_memory;
	enum cg_why why[CG_NR];
};

extern const struct vtdiag_check vtdiag_check_cgroups;

/* Whether @word is one of the @sep-separated words of @list (@len long). */
static bool has_word(const char *list, size_t len, const char *word, char sep)
{
	size_t wlen = strlen(word);
	const char *p = list, *end = list + len, *next;

	while (p < end) {
		next = memchr(p, sep, end - p);
		if (!next)
			next = end;
		if ((size_t)(next - p) == wlen && !strncmp(p, word, wlen))
			return true;
		p = next + 1;
	}
	return false;
}

/* /proc/mounts escapes blanks and backslashes as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/*
 * 1 when the kernel's configuration has CONFIG_CGROUP_BPF=y, 0 when it
 * does not, -1 when there is no configuration to read.
 */
static int kernel_has_cgroup_bpf(void)
{
	struct vtdiag_kernel_config config;
	int ret;

	if (vtdiag_kernel_config_read(&config))
		return -1;
	ret = vtdiag_kernel_config_has(&config, "CONFIG_CGROUP_BPF");
	vtdiag_kernel_config_free(&config);
	return ret;
}

/* /proc/cgroups: per controller, -1 not listed, else hierarchy and enabled. */
struct cg_kernel {
	int hierarchy;
	int enabled;
};

static bool read_proc_cgroups(struct cg_kernel kernel[CG_NR])
{
	char *text = vtdiag_read_whole_file("/proc/cgroups", 1 << 20), *line, *nl;
	char name[64];
	int hierarchy, count, enabled, i;

	for (i = 0; i < CG_NR; i++)
		kernel[i].hierarchy = kernel[i].enabled = -1;
	if (!text)
		return false;
	for (line = text; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		if (*line != '#' &&
		    sscanf(line, "%63s %d %d %d", name, &hierarchy, &count,
			   &enabled) == 4)
			for (i = 0; i < CG_NR; i++)
				if (!strcmp(name, v1_names[i])) {
					kernel[i].hierarchy = hierarchy;
					kernel[i].enabled = enabled;
				}
		if (!*nl)
			break;
	}
	free(text);
	return true;
}

/* cgroup_disable=a,b on the kernel command line names @name. */
static bool cmdline_disables(const char *cmdline, const char *name)
{
	static const char key[] = "cgroup_disable=";
	const char *p = cmdline, *end;

	while (cmdline && (p = strstr(p, key))) {
		if (p == cmdline || p[-1] == ' ') {
			p += sizeof(key) - 1;
			end = p + strcspn(p, " \n");
			if (has_word(p, end - p, name, ','))
				return true;
		} else {
			p++;
		}
	}
	return false;
}

static void *probe(const struct vtdiag_report *report)
{
	struct cgroup_facts *facts;
	struct cg_kernel kernel[CG_NR];
	char *mounts, *line, *nl, *fields[4], *save, path[4200];
	char *controllers = NULL, *cmdline;
	bool v1_has[CG_NR] = { false }, have_kernel;
	int i, f, bpf = -1;

	(void)report;
	mounts = vtdiag_read_whole_file("/proc/self/mounts", 16 << 20);
	if (!mounts)
		mounts = vtdiag_read_whole_file("/proc/mounts", 16 << 20);
	if (!mounts)
		return NULL;
	facts = calloc(1, sizeof(*facts));
	if (!facts) {
		free(mounts);
		return NULL;
	}
	for (line = mounts; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		bool last = !*nl;

		*nl = '\0';
		for (f = 0, save = NULL; f < 4; f++)
			if (!(fields[f] = strtok_r(f ? NULL : line, " ", &save)))
				break;
		if (f == 4 && !strcmp(fields[2], "cgroup")) {
			facts->v1 = true;
			for (i = 0; i < CG_NR; i++)
				if (has_word(fields[3], strlen(fields[3]), v1_names[i], ','))
					v1_has[i] = true;
		} else if (f == 4 && !strcmp(fields[2], "cgroup2") && !facts->v2) {
			facts->v2 = true;
			unescape(fields[1]);
			snprintf(path, sizeof(path), "%s/cgroup.controllers",
				 strcmp(fields[1], "/") ? fields[1] : "");
			controllers = vtdiag_read_whole_file(path, 1 << 16);
		}
		if (last)
			break;
	}
	free(mounts);
	have_kernel = read_proc_cgroups(kernel);
	cmdline = vtdiag_read_whole_file("/proc/cmdline", 1 << 16);
	facts->cmdline_disables_memory = cmdline_disables(cmdline, "memory");
	if (facts->v2 && !v1_has[CG_DEVICES])
		bpf = kernel_has_cgroup_bpf();

	for (i = 0; i < CG_NR; i++) {
		enum cg_why *why = &facts->why[i];

		if (v1_has[i])
			continue;
		if (facts->v2) {
			if (i == CG_CPUACCT)
				continue;
			if (i == CG_DEVICES) {
				if (bpf == 1)
					continue;
				*why = bpf ? CG_BPF_UNKNOWN : CG_NO_BPF;
				continue;
			}
			if (controllers && has_word(controllers, strcspn(controllers, "\n"),
						    v2_names[i], ' '))
				continue;
		}
		if (cmdline_disables(cmdline, v1_names[i]) ||
		    (v2_names[i] && cmdline_disables(cmdline, v2_names[i])) ||
		    (have_kernel && kernel[i].enabled == 0))
			*why = CG_DISABLED;
		else if (!facts->v1 && !facts->v2)
			/* Mount first: what is built in is seen then. */
			*why = CG_NOT_MOUNTED;
		else if (facts->v2 && have_kernel && kernel[i].enabled > 0 &&
			 kernel[i].hierarchy == 0)
			*why = CG_NOT_DELEGATED;
		else if (facts->v2 && !facts->v1)
			/*
			 * v2 alone: cgroup.controllers is the kernel's word;
			 * /proc/cgroups lists only v1 controllers on newer
			 * kernels (memory without CONFIG_MEMCG_V1, say).
			 */
			*why = CG_NOT_BUILT;
		else if (have_kernel && kernel[i].enabled < 0)
			*why = CG_NOT_BUILT;
		else if (have_kernel)
			*why = CG_NOT_MOUNTED;
		else
			*why = CG_MISSING;
	}
	free(controllers);
	free(cmdline);
	return facts;
}

static const struct cgroup_facts *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_cgroups);
}

static bool missing(enum cg_why why)
{
	return why != CG_PRESENT && why != CG_BPF_UNKNOWN;
}

static bool any_why(const struct vtdiag_report *report, enum cg_why why)
{
	const struct cgroup_facts *facts = facts_of(report);
	int i;

	for (i = 0; facts && i < CG_NR; i++)
		if (facts->why[i] == why)
			return true;
	return false;
}

static bool nothing_mounted(const struct vtdiag_report *report)
{
	const struct cgroup_facts *facts = facts_of(report);

	return facts && !facts->v1 && !facts->v2;
}

static bool controller_unmounted(const struct vtdiag_report *report)
{
	return !nothing_mounted(report) && any_why(report, CG_NOT_MOUNTED);
}

static bool not_delegated(const struct vtdiag_report *report)
{
	return any_why(report, CG_NOT_DELEGATED);
}

static bool memory_disabled(const struct vtdiag_report *report)
{
	const struct cgroup_facts *facts = facts_of(report);

	return facts && facts->why[CG_MEMORY] == CG_DISABLED;
}

static bool other_disabled(const struct vtdiag_report *report)
{
	const struct cgroup_facts *facts = facts_of(report);
	int i;

	for (i = 0; facts && i < CG_NR; i++)
		if (i != CG_MEMORY && facts->why[i] == CG_DISABLED)
			return true;
	return false;
}

static bool not_built(const struct vtdiag_report *report)
{
	return any_why(report, CG_NOT_BUILT);
}

static bool no_bpf(const struct vtdiag_report *report)
{
	return any_why(report, CG_NO_BPF);
}

static const struct vtdiag_advice_rule rules[] = {
	{ "mount_cgroups", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  nothing_mounted, false,
	  N_("No cgroup file system is mounted, so libvirt cannot limit or confine guests (memory, CPU, devices). systemd mounts it at boot; without systemd mount the unified hierarchy: `sudo mount -t cgroup2 cgroup2 /sys/fs/cgroup`. To mount it at every boot, add this line to /etc/fstab: `cgroup2 /sys/fs/cgroup cgroup2 defaults 0 0`."),
	},
	{ "mount_cgroup_controller", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  controller_unmounted, false,
	  N_("cgroup controllers that libvirt needs are in the kernel but mounted nowhere (cgroup v1). With systemd, switch to the unified hierarchy, where every controller is available: add `systemd.unified_cgroup_hierarchy=1` to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then `sudo update-grub`) and reboot. Otherwise mount each missing one, for example memory: `sudo mkdir -p /sys/fs/cgroup/memory` `sudo mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory`."),
	},
	{ "cgroup_not_delegated", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  not_delegated, false,
	  N_("cgroup controllers that libvirt needs are enabled in the kernel but not given to this cgroup: vtdiag runs in a container or a cgroup namespace whose manager did not delegate them. Delegate them to the container (systemd: `Delegate=yes` on its unit; docker and podman: `--cgroupns=host` or a privileged container), or run libvirt on the host."),
	},
	{ "cgroup_enable_memory", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  memory_disabled, false,
	  N_("The memory cgroup controller is switched off at boot, so libvirt cannot limit guests' memory: `cgroup_disable=memory` is on the kernel command line (/proc/cmdline), or the kernel disables it by default, as some ARM kernels such as Raspberry Pi's do. Remove `cgroup_disable=memory` if it was added by hand; otherwise add `cgroup_enable=memory` to the kernel command line (Raspberry Pi OS: at the end of the one line of /boot/firmware/cmdline.txt; with GRUB: GRUB_CMDLINE_LINUX in /etc/default/grub, then `sudo update-grub`) and reboot."),
	},
	{ "cgroup_controller_disabled", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  other_disabled, false,
	  N_("cgroup controllers that libvirt needs are switched off at boot: remove their `cgroup_disable=` from the kernel command line (/proc/cmdline; with GRUB: GRUB_CMDLINE_LINUX in /etc/default/grub, then `sudo update-grub`) and reboot."),
	},
	{ "cgroup_controller_not_built", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  not_built, false,
	  N_("This kernel was built without cgroup controllers that libvirt needs (memory: CONFIG_MEMCG, cpu: CONFIG_CGROUP_SCHED, cpuacct: CONFIG_CGROUP_CPUACCT, cpuset: CONFIG_CPUSETS, devices: CONFIG_CGROUP_DEVICE, blkio: CONFIG_BLK_CGROUP). Boot a kernel built with them; distribution kernels are."),
	},
	{ "cgroup_devices_no_bpf", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  no_bpf, false,
	  N_("On cgroup v2 libvirt controls which devices guests may open with BPF programs attached to their cgroups, and this kernel was built without CONFIG_CGROUP_BPF. Boot a kernel built with it (distribution kernels are), or, with systemd older than 256, mount the v1 devices controller: add `systemd.unified_cgroup_hierarchy=0` to the kernel command line and reboot."),
	},
};

static const char *why_phrase(enum cg_why why)
{
	switch (why) {
	case CG_NOT_BUILT:
		return _("not in the kernel");
	case CG_DISABLED:
		return _("switched off at boot");
	case CG_NOT_MOUNTED:
		return _("not mounted");
	case CG_NOT_DELEGATED:
		return _("not delegated to this cgroup");
	case CG_NO_BPF:
		return _("kernel without CONFIG_CGROUP_BPF");
	default:
		return _("reason not known");
	}
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct cgroup_facts *facts = facts_of(report);
	const char *hierarchy;
	bool any = false;
	int i;

	if (!facts) {
		strbuf_adds(detail, _("not checked"));
		return VTDIAG_SKIP;
	}
	if (facts->v1 && facts->v2)
		hierarchy = _("cgroup v1 and v2 (hybrid)");
	else if (facts->v2)
		hierarchy = _("cgroup v2");
	else if (facts->v1)
		hierarchy = _("cgroup v1");
	else
		hierarchy = _("no cgroup file system mounted");
	for (i = 0; i < CG_NR; i++) {
		if (!missing(facts->why[i]))
			continue;
		/* TRANSLATORS: "missing: memory (switched off at boot), devices (...)" */
		strbuf_addf(detail, any ? _(", %s (%s)") : _("missing: %s (%s)"),
			    v1_names[i], why_phrase(facts->why[i]));
		any = true;
	}
	if (!any)
		strbuf_adds(detail, _("memory, cpu, cpuacct, cpuset, devices, blkio present"));
	/* TRANSLATORS: "...; cgroup v2" (which hierarchy, after the controllers) */
	strbuf_addf(detail, _("; %s"), hierarchy);
	if (facts->why[CG_DEVICES] == CG_BPF_UNKNOWN)
		strbuf_adds(detail, _("; whether devices works cannot be told: no kernel configuration to read (/boot/config-RELEASE, /proc/config.gz)"));
	return any ? VTDIAG_WARN : VTDIAG_PASS;
}

/* Only what was looked at: a report of crafted facts has no such line. */
static bool in_text(const struct vtdiag_report *report)
{
	return facts_of(report) != NULL;
}

const struct vtdiag_check vtdiag_check_cgroups = {
	.id = "cgroups",
	.title = "cgroups",
	.probe = probe,
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
