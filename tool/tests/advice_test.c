// SPDX-License-Identifier: GPL-2.0
/*
 * The advice a person gets, on crafted reports: every rule of the table
 * fires exactly in the scenarios listed for it (the whole list of ids is
 * compared, so a rule firing elsewhere fails too, and a rule no scenario
 * lists fails the coverage test); the lookups behind the texts (maker from
 * DMI, cloud, distribution, hypervisor) and the probe that feeds them.
 * TAP output, closing with "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json.h>
#include <zlib.h>

#include "vtdiag/decode.h"
#include "distro.h"
#include "firmware_setting.h"
#include "hypervisor.h"
#include "machine.h"
#include "platform.h"
#include "print.h"
#include "report.h"
#include "root.h"
#include "util.h"

#include "harness.h"

/* --- scenarios --------------------------------------------------------- */

/* One machine, as the report sees it, and the advice it must get. */
struct scenario {
	const char *name;
	__u32 verdict;
	__u32 vendor;			/* enum vtdiag_vendor */
	const char *hv_signature;	/* NULL: bare metal */
	const char *sys_vendor;
	const char *product_name;
	const char *product_version;
	const char *board_vendor;
	const char *asset_tag;
	const char *bios_version;	/* NULL: "1.17.0" */
	bool uefi;
	bool no_systemd;
	bool wsl;
	const char *os_id;		/* NULL: "debian" */
	const char *os_id_like;
	bool no_qemu;
	enum vtdiag_libvirt_state libvirt;	/* MISSING means active here */
	bool no_libvirt;
	bool kvm_vendor_absent;
	void (*tweak)(struct vtdiag_report *report);
	const char *ids;		/* all of them, in order */
	const char *text;		/* somewhere in the steps, or NULL */
	const char *text2;
};

static void set_vendor(struct vtdiag_report *report, __u32 vendor)
{
	static const char *const ids[] = {
		[VTDIAG_VENDOR_OTHER]	= "VIA VIA VIA ",
		[VTDIAG_VENDOR_INTEL]	= "GenuineIntel",
		[VTDIAG_VENDOR_AMD]	= "AuthenticAMD",
		[VTDIAG_VENDOR_HYGON]	= "HygonGenuine",
		[VTDIAG_VENDOR_CENTAUR]	= "CentaurHauls",
		[VTDIAG_VENDOR_ZHAOXIN]	= "  Shanghai  ",
	};

	report->host.vendor = vendor;
	report->host.tech = vtdiag_vendor_tech(vendor);
	snprintf(report->host.vendor_id, sizeof(report->host.vendor_id), "%s",
		 ids[vendor]);
}

/* KVM loaded, /dev/kvm open to alice: only what the scenario sets is wrong. */
static void ready_os(struct vtdiag_os *os)
{
	os->kvm_core = VTDIAG_KVM_LOADED;
	os->kvm_intel = VTDIAG_KVM_LOADED;
	os->kvm_amd = VTDIAG_KVM_LOADED;
	os->enable_virt_at_load = -1;
	os->kernel_flags = -1;
	os->dev_kvm_exists = true;
	os->dev_kvm_gid = 107;
	os->dev_kvm_mode = S_IFCHR | 0660;
	snprintf(os->dev_kvm_owner, sizeof(os->dev_kvm_owner), "root");
	snprintf(os->dev_kvm_group, sizeof(os->dev_kvm_group), "kvm");
	os->session_in_dev_kvm_group = true;
	os->uid = 1000;
	snprintf(os->user, sizeof(os->user), "alice");
	snprintf(os->kvm_group, sizeof(os->kvm_group), "kvm");
	os->kvm_group_exists = true;
	os->user_in_kvm_group = true;
	os->session_in_kvm_group = true;
}

#define COPY(dst, src)	snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

static void set_platform(struct vtdiag_platform *platform,
			 const struct scenario *sc)
{
	struct vtdiag_dmi *dmi = &platform->dmi;

	COPY(dmi->sys_vendor, sc->sys_vendor);
	COPY(dmi->product_name, sc->product_name);
	COPY(dmi->product_version, sc->product_version);
	COPY(dmi->board_vendor, sc->board_vendor);
	COPY(dmi->chassis_asset_tag, sc->asset_tag);
	COPY(dmi->bios_version, sc->bios_version ? sc->bios_version : "1.17.0");
	COPY(dmi->bios_date, "03/14/2024");
	platform->uefi = sc->uefi;
	platform->systemd = !sc->no_systemd;
	platform->wsl = sc->wsl;
	COPY(platform->os_id, sc->os_id ? sc->os_id : "debian");
	COPY(platform->os_id_like, sc->os_id_like);
	if (!sc->no_qemu)
		COPY(platform->qemu, "/usr/bin/qemu-system-x86_64");
	if (sc->no_libvirt) {
		platform->libvirt = VTDIAG_LIBVIRT_MISSING;
		return;
	}
	COPY(platform->libvirtd, "/usr/sbin/libvirtd");
	platform->libvirt = sc->libvirt ? sc->libvirt : VTDIAG_LIBVIRT_ACTIVE;
	if (platform->libvirt == VTDIAG_LIBVIRT_ACTIVE)
		COPY(platform->libvirt_unit, "libvirtd.service");
}

static void build(struct vtdiag_report *report, const struct scenario *sc)
{
	struct vtdiag_cpu *cpu;
	__u32 id;

	vtdiag_report_init(report);
	report->module = VTDIAG_MODULE_OK;
	set_vendor(report, sc->vendor);
	report->host.verdict = sc->verdict;
	report->host.cpus_online = 2;
	if (sc->hv_signature) {
		report->host.hypervisor = true;
		report->host.has_hv_signature = sc->hv_signature[0];
		COPY(report->host.hv_signature, sc->hv_signature);
	}
	ready_os(&report->os);
	if (sc->kvm_vendor_absent) {
		report->os.kvm_intel = VTDIAG_KVM_ABSENT;
		report->os.kvm_amd = VTDIAG_KVM_ABSENT;
	}
	set_platform(&report->platform, sc);
	for (id = 0; id < 2; id++) {
		cpu = vtdiag_report_add_cpu(report);
		cpu->id = id;
		cpu->state = sc->verdict == VTDIAG_STATE_INCONSISTENT ?
			     VTDIAG_STATE_ENABLED : sc->verdict;
		cpu->active = 0;
	}
	if (sc->tweak)
		sc->tweak(report);
}

/* Tweaks for what the fields above do not say. */

static void module_missing(struct vtdiag_report *report)
{
	report->module = VTDIAG_MODULE_MISSING;
}

static void module_failed(struct vtdiag_report *report)
{
	report->module = VTDIAG_MODULE_FAILED;
	COPY(report->module_error, "GET_HOST: Invalid argument");
}

static void secure_boot(struct vtdiag_report *report)
{
	report->module = VTDIAG_MODULE_MISSING;
	report->secure_boot_rejected = true;
	COPY(report->module_file, "/lib/modules/6.1.0/updates/dkms/vtdiag.ko");
}

/* Debian 11: DKMS 2.8 made no key, so the module is unsigned. */
static void secure_boot_no_key(struct vtdiag_report *report)
{
	secure_boot(report);
	COPY(report->mok_certificate, "/var/lib/dkms/mok.pub");
	report->mok_certificate_missing = true;
}

static void fallback_reads(struct vtdiag_report *report,
			   enum vtdiag_msr_access access)
{
	size_t i;

	report->module = VTDIAG_MODULE_MISSING;
	report->fallback = true;
	report->msr_access = access;
	for (i = 0; i < report->nr_cpus; i++) {
		report->cpus[i].state = VTDIAG_STATE_UNKNOWN;
		report->cpus[i].feat_ctl_err = -EACCES;
	}
}

/* Linux removed svm/vmx from /proc/cpuinfo (the firmware disabled it). */
static void kernel_flag_gone(struct vtdiag_report *report)
{
	report->os.kernel_flags = 0;
}

static void fallback_not_root(struct vtdiag_report *report)
{
	fallback_reads(report, VTDIAG_MSR_NOT_ROOT);
}

static void fallback_no_msr_driver(struct vtdiag_report *report)
{
	fallback_reads(report, VTDIAG_MSR_NO_DRIVER);
}

static void cpu1_firmware_off(struct vtdiag_report *report)
{
	report->cpus[1].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
}

/* SVMDIS=1 with VM_CR.LOCK=0 on every CPU: the setup's change needs no power cycle. */
static void svm_off_unlocked(struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++) {
		report->cpus[i].has_vm_cr = true;
		report->cpus[i].vm_cr = VTDIAG_VM_CR_SVMDIS;
	}
}

/* The same, one CPU locked: the lock wins. */
static void svm_off_cpu1_locked(struct vtdiag_report *report)
{
	svm_off_unlocked(report);
	report->cpus[1].vm_cr |= VTDIAG_VM_CR_LOCK;
}

static void cpu1_vm_cr_fault(struct vtdiag_report *report)
{
	report->cpus[1].state = VTDIAG_STATE_UNKNOWN;
	report->cpus[1].vm_cr_err = -EIO;
}

static void dev_kvm_gone(struct vtdiag_report *report)
{
	report->os.dev_kvm_exists = false;
	report->os.dev_kvm_errno = ENOENT;
}

static void denied(struct vtdiag_os *os, bool in_group_database)
{
	os->dev_kvm_errno = EACCES;
	os->session_in_dev_kvm_group = false;
	os->session_in_kvm_group = false;
	os->user_in_kvm_group = in_group_database;
}

static void not_in_kvm_group(struct vtdiag_report *report)
{
	denied(&report->os, false);
}

static void not_relogged(struct vtdiag_report *report)
{
	denied(&report->os, true);
}

/* As the test VM has it without udev: root's alone, no group kvm. */
static void root_only_no_group(struct vtdiag_report *report)
{
	denied(&report->os, false);
	report->os.dev_kvm_gid = 0;
	report->os.dev_kvm_mode = S_IFCHR | 0600;
	COPY(report->os.dev_kvm_group, "root");
	report->os.kvm_group_exists = false;
}

static void acl_denies(struct vtdiag_report *report)
{
	denied(&report->os, false);
	report->os.dev_kvm_mode = S_IFCHR | 0666;
	report->os.dev_kvm_acl = true;
}

static void lsm_refuses(struct vtdiag_report *report)
{
	report->os.dev_kvm_errno = EPERM;
}

static void no_device(struct vtdiag_report *report)
{
	report->os.dev_kvm_errno = ENXIO;
}

static void svme_on(struct vtdiag_report *report)
{
	report->cpus[0].active = 1;
}

static void kvm_holds_at_load(struct vtdiag_report *report)
{
	report->cpus[0].active = 1;
	report->os.enable_virt_at_load = 1;
}

static void modular_libvirt_only(struct vtdiag_report *report)
{
	report->platform.libvirtd[0] = '\0';
	COPY(report->platform.virtqemud, "/usr/sbin/virtqemud");
}

/* A vendor module in the kernel, and whether /dev/kvm got registered. */
static void add_provider(struct vtdiag_report *report, const char *module,
			 __u32 state)
{
	struct vtdiag_kvm_provider *provider =
		&report->os.kvm_providers[report->os.nr_kvm_providers++];

	COPY(provider->module, module);
	provider->state = state;
}

static void registered(struct vtdiag_report *report, bool yes)
{
	report->os.kvm_registered_known = true;
	report->os.kvm_registered = yes;
}

/* PVM as on a cloud sandbox: kvm and kvm_pvm built in, /dev/kvm there. */
static void pvm(struct vtdiag_report *report)
{
	report->os.kvm_core = VTDIAG_KVM_BUILTIN;
	report->os.kvm_amd = VTDIAG_KVM_ABSENT;
	report->os.kvm_intel = VTDIAG_KVM_ABSENT;
	add_provider(report, "kvm_pvm", VTDIAG_KVM_BUILTIN);
	registered(report, true);
}

static void pvm_not_in_group(struct vtdiag_report *report)
{
	pvm(report);
	denied(&report->os, false);
}

static void pvm_module_missing(struct vtdiag_report *report)
{
	pvm(report);
	report->module = VTDIAG_MODULE_MISSING;
}

/* kvm_pvm built in, but its initialisation failed: no /dev/kvm. */
static void pvm_failed(struct vtdiag_report *report)
{
	pvm(report);
	registered(report, false);
	dev_kvm_gone(report);
}

static void unknown_vendor_module(struct vtdiag_report *report)
{
	report->os.kvm_amd = VTDIAG_KVM_ABSENT;
	add_provider(report, "kvm_foo", VTDIAG_KVM_LOADED);
	registered(report, true);
}

/* kvm_intel built in, no /dev/kvm: its initialisation failed. */
static void builtin_not_registered(struct vtdiag_report *report)
{
	report->os.kvm_core = VTDIAG_KVM_BUILTIN;
	report->os.kvm_intel = VTDIAG_KVM_BUILTIN;
	add_provider(report, "kvm_intel", VTDIAG_KVM_BUILTIN);
	registered(report, false);
	dev_kvm_gone(report);
}

static void kernel_policy(struct vtdiag_report *report, bool enables_vmx,
			  bool tboot)
{
	report->host.has_kernel_policy = true;
	report->host.kernel_locks_feat_ctl = true;
	report->host.kernel_enables_vmx = enables_vmx;
	report->host.tboot = tboot;
}

/* Built without CONFIG_KVM_INTEL: Linux locked an open register, VMX off. */
static void kernel_without_kvm_intel(struct vtdiag_report *report)
{
	kernel_policy(report, false, false);
}

/* The distribution's kernel: it would have locked VMX on. */
static void kernel_with_kvm_intel(struct vtdiag_report *report)
{
	kernel_policy(report, true, false);
}

static void tboot(struct vtdiag_report *report)
{
	kernel_policy(report, true, true);
}

static void tboot_kernel_without_kvm_intel(struct vtdiag_report *report)
{
	kernel_policy(report, false, true);
}

#define DISABLED	VTDIAG_STATE_DISABLED_BY_FIRMWARE
#define HIDDEN		VTDIAG_STATE_HIDDEN_BY_HYPERVISOR
#define ENABLED		VTDIAG_STATE_ENABLED
#define INTEL		VTDIAG_VENDOR_INTEL
#define AMD		VTDIAG_VENDOR_AMD
#define ZHAOXIN		VTDIAG_VENDOR_ZHAOXIN
#define FIRMWARE_STEPS(what) \
	"open_firmware_setup " what " firmware_cold_boot"

/*
 * A check's own probe against a scratch tree (root.h): @files are
 * "PATH=CONTENT" (PATH absolute in the tree; CONTENT starting with
 * GZ_MARK is written gzip-compressed); the tree is gone after.
 */
#define GZ_MARK		"\x01gz:"
static void probe_tree(struct vtdiag_report *report, const char *const *files)
{
	char dir[] = "/tmp/vtdiag-advice-tree.XXXXXX", path[512], command[600];
	const char *eq;
	FILE *out;

	if (!mkdtemp(dir)) {
		test_failed = 1;
		return;
	}
	for (; *files; files++) {
		eq = strchr(*files, '=');
		snprintf(path, sizeof(path), "%s%.*s", dir, (int)(eq - *files), *files);
		snprintf(command, sizeof(command), "mkdir -p \"$(dirname '%s')\"", path);
		if (system(command))
			test_failed = 1;
		if (!strncmp(eq + 1, GZ_MARK, strlen(GZ_MARK))) {
			gzFile gz = gzopen(path, "wb");

			if (!gz || gzputs(gz, eq + 1 + strlen(GZ_MARK)) < 0)
				test_failed = 1;
			if (gz)
				gzclose(gz);
			continue;
		}
		out = fopen(path, "w");
		if (!out) {
			test_failed = 1;
			continue;
		}
		fputs(eq + 1, out);
		fclose(out);
	}
	if (vtdiag_root_set(dir))
		test_failed = 1;
	vtdiag_probe_checks(report);
	vtdiag_root_set("/");
	snprintf(command, sizeof(command), "rm -rf '%s'", dir);
	if (system(command))
		test_failed = 1;
}

#define KERNEL_RELEASE	"/proc/sys/kernel/osrelease=6.1.0-test\n"
#define MODULES		"/lib/modules/6.1.0-test/"
/* A captured tree's placeholder node: counts as there (not the host). */
#define VHOST_NET_NODE	"/dev/vhost-net="
#define TUN_NODE	"/dev/net/tun="

static void tun_not_loaded(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, VHOST_NET_NODE,
		MODULES "modules.builtin=kernel/fs/ext4/ext4.ko\n",
		MODULES "modules.dep=kernel/drivers/net/tun.ko.xz:\n"
			"kernel/drivers/vhost/vhost_net.ko.xz: kernel/drivers/net/tun.ko.xz\n",
		NULL,
	};

	probe_tree(report, files);
}

static void tun_node_missing(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, VHOST_NET_NODE, "/sys/module/tun/initstate=live\n",
		NULL,
	};

	probe_tree(report, files);
}

static void tun_not_built(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, VHOST_NET_NODE, MODULES "modules.builtin=\n",
		MODULES "modules.dep=kernel/drivers/net/tunnel.ko:\n", NULL,
	};

	probe_tree(report, files);
}

static void tun_present(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, "/dev/net/tun=", VHOST_NET_NODE,
		MODULES "modules.builtin=\n",
		MODULES "modules.dep=kernel/drivers/net/tun.ko:\n", NULL,
	};

	probe_tree(report, files);
}

static void vhost_net_not_loaded(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, TUN_NODE, MODULES "modules.builtin=\n",
		MODULES "modules.dep=kernel/drivers/net/tun.ko.xz:\n"
			"kernel/drivers/vhost/vhost_net.ko.xz: kernel/drivers/vhost/vhost.ko.xz\n",
		NULL,
	};

	probe_tree(report, files);
}

static void vhost_net_node_missing(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, TUN_NODE, MODULES "modules.builtin=kernel/drivers/vhost/vhost_net.ko\n",
		NULL,
	};

	probe_tree(report, files);
}

static void vhost_net_not_built(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, TUN_NODE, MODULES "modules.builtin=\n",
		MODULES "modules.dep=kernel/drivers/vhost/vhost_vsock.ko:\n", NULL,
	};

	probe_tree(report, files);
}

/* firmware_setting: the firmware-attributes class of a Dell and a ThinkPad. */
#define DELL_ATTR	"/sys/class/firmware-attributes/dell-wmi-sysman/attributes/"
#define DELL_AUTH	"/sys/class/firmware-attributes/dell-wmi-sysman/authentication/"
#define LMI_ATTR	"/sys/class/firmware-attributes/thinklmi/attributes/"
#define ENUM_SETTING(base, name, value, possible) \
	base name "/type=enumeration\n", base name "/current_value=" value, \
	base name "/possible_values=" possible

static void fw_dell_off(struct vtdiag_report *report)
{
	static const char *const files[] = {
		ENUM_SETTING(DELL_ATTR, "Virtualization", "Disabled\n", "Disabled;Enabled;\n"),
		DELL_ATTR "pending_reboot=0\n", DELL_AUTH "Admin/is_enabled=0\n",
		NULL,
	};

	probe_tree(report, files);
}

static void fw_dell_password(struct vtdiag_report *report)
{
	static const char *const files[] = {
		ENUM_SETTING(DELL_ATTR, "Virtualization", "Disabled\n", "Disabled;Enabled;\n"),
		DELL_AUTH "Admin/is_enabled=1\n", NULL,
	};

	probe_tree(report, files);
}

/* A driver that reports the type as a string: nothing to choose from. */
static void fw_dell_string(struct vtdiag_report *report)
{
	static const char *const files[] = {
		DELL_ATTR "Virtualization/type=string\n",
		DELL_ATTR "Virtualization/current_value=Disabled\n", NULL,
	};

	probe_tree(report, files);
}

static void fw_thinkpad_pending(struct vtdiag_report *report)
{
	static const char *const files[] = {
		ENUM_SETTING(LMI_ATTR, "VirtualizationTechnology", "Enable\n", "Disable;Enable\n"),
		LMI_ATTR "pending_reboot=1\n", NULL,
	};

	probe_tree(report, files);
}

/* An AMD ThinkPad: AmdVt is the switch, VirtualizationTechnology is not. */
static void fw_thinkpad_amd(struct vtdiag_report *report)
{
	static const char *const files[] = {
		ENUM_SETTING(LMI_ATTR, "VirtualizationTechnology", "Enable\n", "Disable;Enable\n"),
		ENUM_SETTING(LMI_ATTR, "AmdVt", "Disable\n", "Disable;Enable\n"),
		LMI_ATTR "pending_reboot=0\n", NULL,
	};

	probe_tree(report, files);
}

static void rack_server(struct vtdiag_report *report)
{
	static const char *const files[] = {
		"/sys/class/dmi/id/chassis_type=23\n", NULL,
	};

	probe_tree(report, files);
}

/* cgroups: trees with the net nodes in place, so only cgroups speaks. */
#define NET_NODES	TUN_NODE, VHOST_NET_NODE
#define PROC_CGROUPS(memory_enabled, hierarchy) \
	"/proc/cgroups=#subsys_name\thierarchy\tnum_cgroups\tenabled\n" \
	"cpuset\t" hierarchy "\t1\t1\ncpu\t" hierarchy "\t1\t1\n" \
	"cpuacct\t" hierarchy "\t1\t1\nblkio\t" hierarchy "\t1\t1\n" \
	"memory\t" hierarchy "\t1\t" memory_enabled "\n" \
	"devices\t" hierarchy "\t1\t1\npids\t" hierarchy "\t1\t1\n"
#define CGROUP2_MOUNT	"/proc/mounts=sysfs /sys sysfs rw 0 0\n" \
	"cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n"
#define CONFIG_BPF(value) "/boot/config-6.1.0-test=CONFIG_CGROUPS=y\n" value "\n"

static void cgroups_v2_all(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io memory hugetlb pids rdma misc\n",
		CONFIG_BPF("CONFIG_CGROUP_BPF=y"), "/proc/cmdline=ro quiet\n", NULL,
	};

	probe_tree(report, files);
}

static void cgroups_v2_bpf_unknown(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io memory pids\n",
		NULL,
	};

	probe_tree(report, files);
}

static void cgroups_none_mounted(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, PROC_CGROUPS("1", "0"),
		"/proc/mounts=sysfs /sys sysfs rw 0 0\n", NULL,
	};

	probe_tree(report, files);
}

/* Newer kernels list only v1 controllers in /proc/cgroups: no memory there. */
#define PROC_CGROUPS_V1_ONLY \
	"/proc/cgroups=#subsys_name\thierarchy\tnum_cgroups\tenabled\n" \
	"cpuset\t0\t1\t1\ncpu\t0\t1\t1\ncpuacct\t0\t1\t1\n" \
	"blkio\t0\t1\t1\ndevices\t0\t1\t1\n"

static void cgroups_v2_new_kernel(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS_V1_ONLY,
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io memory pids\n",
		CONFIG_BPF("CONFIG_CGROUP_BPF=y"), NULL,
	};

	probe_tree(report, files);
}

static void cgroups_none_new_kernel(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, PROC_CGROUPS_V1_ONLY,
		"/proc/mounts=sysfs /sys sysfs rw 0 0\n", NULL,
	};

	probe_tree(report, files);
}

static void cgroups_v1_unmounted(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, PROC_CGROUPS("1", "0"),
		"/proc/mounts=tmpfs /sys/fs/cgroup tmpfs rw 0 0\n"
		"cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0\n"
		"cgroup /sys/fs/cgroup/cpuset cgroup rw,cpuset 0 0\n"
		"cgroup /sys/fs/cgroup/devices cgroup rw,devices 0 0\n", NULL,
	};

	probe_tree(report, files);
}

static void cgroups_not_delegated(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=memory pids\n",
		CONFIG_BPF("CONFIG_CGROUP_BPF=y"), NULL,
	};

	probe_tree(report, files);
}

/* A Raspberry Pi: the firmware puts cgroup_disable=memory on the line. */
static void cgroups_memory_disabled(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("0", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io pids\n",
		CONFIG_BPF("CONFIG_CGROUP_BPF=y"),
		"/proc/cmdline=coherent_pool=1M cgroup_disable=memory console=tty1\n",
		NULL,
	};

	probe_tree(report, files);
}

static void cgroups_cpuset_disabled(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpu io memory pids\n",
		CONFIG_BPF("CONFIG_CGROUP_BPF=y"),
		"/proc/cmdline=ro cgroup_disable=cpuset,pids\n", NULL,
	};

	probe_tree(report, files);
}

static void cgroups_v1_not_built(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES,
		"/proc/cgroups=#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
		"cpu\t1\t1\t1\ncpuacct\t1\t1\t1\ncpuset\t2\t1\t1\nmemory\t3\t1\t1\n"
		"devices\t4\t1\t1\n",
		"/proc/mounts=cgroup /sys/fs/cgroup/cpu\\040acct cgroup rw,cpu,cpuacct 0 0\n"
		"cgroup /sys/fs/cgroup/cpuset cgroup rw,cpuset 0 0\n"
		"cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n"
		"cgroup /sys/fs/cgroup/devices cgroup rw,devices 0 0\n", NULL,
	};

	probe_tree(report, files);
}

static void cgroups_v2_no_bpf(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io memory pids\n",
		CONFIG_BPF("# CONFIG_CGROUP_BPF is not set"), NULL,
	};

	probe_tree(report, files);
}

/* systemd's hybrid layout: v1 controllers, an empty unified hierarchy. */
static void cgroups_hybrid(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, PROC_CGROUPS("1", "3"),
		"/proc/mounts=cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0\n"
		"cgroup /sys/fs/cgroup/cpuset cgroup rw,cpuset 0 0\n"
		"cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n"
		"cgroup /sys/fs/cgroup/devices cgroup rw,devices 0 0\n"
		"cgroup /sys/fs/cgroup/blkio cgroup rw,blkio 0 0\n"
		"cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n",
		"/sys/fs/cgroup/unified/cgroup.controllers=\n", NULL,
	};

	probe_tree(report, files);
}

/* No /boot/config-RELEASE: /proc/config.gz says CGROUP_BPF is not set. */
static void cgroups_v2_config_gz(struct vtdiag_report *report)
{
	static const char *const files[] = {
		KERNEL_RELEASE, NET_NODES, CGROUP2_MOUNT, PROC_CGROUPS("1", "0"),
		"/sys/fs/cgroup/cgroup.controllers=cpuset cpu io memory pids\n",
		"/proc/config.gz=" GZ_MARK "CONFIG_CGROUPS=y\n# CONFIG_CGROUP_BPF is not set\n",
		NULL,
	};

	probe_tree(report, files);
}

/* IOMMU: scratch trees of ACPI tables, drivers, groups, command lines. */
#define TABLES		"/sys/firmware/acpi/tables/"
#define NO_TUN		"/dev/net/tun="
#define CONFIG		"/boot/config-6.1.0-test="

static void iommu_no_table(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, TABLES "APIC=", TABLES "MCFG=", NULL,
	};

	probe_tree(report, files);
}

static void iommu_intel_cmdline_off(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, TABLES "DMAR=", "/usr/sbin/grubby=",
		"/proc/cmdline=BOOT_IMAGE=/vmlinuz ro intel_iommu=off quiet\n",
		NULL,
	};

	probe_tree(report, files);
}

static void iommu_amd_cmdline_off(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, TABLES "IVRS=", "/etc/default/grub=",
		"/usr/sbin/grub2-mkconfig=",
		"/proc/cmdline=root=/dev/sda2 amd_iommu=off iommu=off\n", NULL,
	};

	probe_tree(report, files);
}

static void iommu_intel_default_off(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, KERNEL_RELEASE, TABLES "DMAR=",
		CONFIG "CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n",
		"/proc/cmdline=root=/dev/sda2 quiet\n", NULL,
	};

	probe_tree(report, files);
}

static void iommu_intel_default_unknown(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, KERNEL_RELEASE, TABLES "DMAR=",
		"/etc/kernel/cmdline=root=/dev/sda2\n",
		"/proc/cmdline=root=/dev/sda2\n", NULL,
	};

	probe_tree(report, files);
}

/* Debian's own choice: on by default except for integrated graphics. */
static void iommu_intel_default_on_off(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, KERNEL_RELEASE, TABLES "DMAR=",
		CONFIG "CONFIG_INTEL_IOMMU=y\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
			"CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n",
		"/proc/cmdline=root=/dev/sda2\n", NULL,
	};

	probe_tree(report, files);
}

/* amd_iommu=on is no such thing: the kernel's reasons are elsewhere. */
static void iommu_amd_off_anyway(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, KERNEL_RELEASE, TABLES "IVRS=", CONFIG "CONFIG_AMD_IOMMU=y\n",
		"/proc/cmdline=root=/dev/sda2 amd_iommu=on\n", NULL,
	};

	probe_tree(report, files);
}

static void iommu_amd_not_built(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, KERNEL_RELEASE, TABLES "IVRS=",
		CONFIG "# CONFIG_AMD_IOMMU is not set\n", NULL,
	};

	probe_tree(report, files);
}

static void iommu_no_groups(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, TABLES "DMAR=", "/sys/class/iommu/dmar0/uevent=", NULL,
	};

	probe_tree(report, files);
}

static void iommu_passthrough(struct vtdiag_report *report)
{
	static const char *const files[] = {
		NO_TUN, TABLES "IVRS=", "/sys/class/iommu/ivhd0/uevent=",
		"/sys/kernel/iommu_groups/0/type=identity\n",
		"/sys/kernel/iommu_groups/1/type=identity\n",
		"/proc/cmdline=root=/dev/sda2\n", NULL,
	};

	probe_tree(report, files);
}

#include "cc_scenarios.h"

static const struct scenario scenarios[] = {
	/* Confidential computing (cc_scenarios.h). */
	CC_SCENARIOS

	/* The module. */
	{ "module not loaded", ENABLED, AMD, .tweak = module_missing,
	  .ids = "module_not_loaded", .text = "sudo modprobe vtdiag" },
	{ "module query failed", ENABLED, AMD, .tweak = module_failed,
	  .ids = "module_query_failed", .text = "GET_HOST: Invalid argument" },
	{ "Secure Boot kept the module out", ENABLED, AMD, .tweak = secure_boot,
	  .ids = "secure_boot_module_rejected", .text = "mokutil" },
	{ "Secure Boot kept the module out, DKMS has no key", ENABLED, AMD,
	  .tweak = secure_boot_no_key, .ids = "secure_boot_module_unsigned",
	  .text = "(/var/lib/dkms/mok.pub does not exist), so it signed nothing" },
	{ "... and the Debian 11 sign_tool steps", ENABLED, AMD,
	  .tweak = secure_boot_no_key, .ids = "secure_boot_module_unsigned",
	  .text = "set `sign_tool=\"/etc/dkms/sign_helper.sh\"` in /etc/dkms/framework.conf" },
	{ "... and the key it enrols", ENABLED, AMD,
	  .tweak = secure_boot_no_key, .ids = "secure_boot_module_unsigned",
	  .text = "`sudo mokutil --import /root/mok.der`" },
	{ "fallback, not root", VTDIAG_STATE_UNKNOWN, INTEL,
	  .tweak = fallback_not_root,
	  .ids = "module_not_loaded fallback_needs_root", .text = "sudo vtdiag" },
	{ "fallback, no msr driver", VTDIAG_STATE_UNKNOWN, INTEL,
	  .tweak = fallback_no_msr_driver,
	  .ids = "module_not_loaded fallback_msr_unavailable" },

	/* Firmware, per maker: the key, the menu path, the cold boot. */
	{ "Dell, Intel, disabled", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .product_name = "Latitude 7420",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "press F2 as soon as the Dell logo appears",
	  .text2 = "Virtualization Support > Virtualization" },
	{ "Dell, Intel, disabled, UEFI with systemd", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .uefi = true,
	  .ids = "open_firmware_setup_uefi disabled_by_firmware firmware_cold_boot",
	  .text = "`sudo systemctl reboot --firmware-setup`",
	  .text2 = "works only on UEFI systems" },
	{ "UEFI without systemd: no systemctl", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .uefi = true, .no_systemd = true,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "press F2" },
	{ "Dell, Intel, disabled, vmx gone from /proc/cpuinfo", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .tweak = kernel_flag_gone,
	  .ids = "open_firmware_setup disabled_by_firmware firmware_cold_boot kernel_hides_flag",
	  .text = "Linux left the vmx flag out of /proc/cpuinfo",
	  .text2 = "(kvm-ok, lscpu, virt-host-validate) say this CPU has no VT-x" },
	{ "ThinkPad, AMD, disabled", DISABLED, AMD,
	  .sys_vendor = "LENOVO", .product_name = "20XW0055US",
	  .product_version = "ThinkPad X1 Carbon Gen 9",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "press F1", .text2 = "Security > Virtualization: \"AMD-V\"" },
	{ "IdeaPad, AMD, disabled", DISABLED, AMD,
	  .sys_vendor = "LENOVO", .product_version = "IdeaPad 5 14ALC05",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "Novo button", .text2 = "Configuration > \"AMD SVM Technology\"" },
	{ "ASUS board in a home-built PC, AMD", DISABLED, AMD,
	  .sys_vendor = "System manufacturer",
	  .board_vendor = "ASUSTeK COMPUTER INC.",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "F7 for Advanced Mode",
	  .text2 = "Advanced > CPU Configuration > \"SVM Mode\"" },
	{ "Supermicro, Intel (unverified path)", DISABLED, INTEL,
	  .sys_vendor = "Supermicro",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_bmc",
	  .text = "On many Supermicro boards",
	  .text2 = "Menus differ between models" },
	/* The firmware's setting through firmware-attributes, and servers' BMCs. */
	{ "Dell with dell-wmi-sysman: vtdiag fix offered", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .tweak = fw_dell_off,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_fix",
	  .text = "`sudo vtdiag fix` sets \"Virtualization\" to Enabled",
	  .text2 = "driver dell-wmi-sysman" },
	{ "Dell, BIOS administrator password: fix refused", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .tweak = fw_dell_password,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_refused",
	  .text = "a BIOS administrator password is set" },
	{ "Dell, setting of type string: fix refused", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .tweak = fw_dell_string,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_refused",
	  .text = "it is not an enumeration" },
	{ "ThinkPad, setting changed, pending: power cycle only", DISABLED, INTEL,
	  .sys_vendor = "LENOVO", .product_version = "ThinkPad T14 Gen 2",
	  .tweak = fw_thinkpad_pending,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_pending",
	  .text = "\"VirtualizationTechnology\" reads Enable (driver thinklmi)" },
	{ "AMD ThinkPad: AmdVt is the switch", DISABLED, AMD,
	  .sys_vendor = "LENOVO", .product_version = "ThinkPad T14 Gen 2",
	  .tweak = fw_thinkpad_amd,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_fix",
	  .text = "sets \"AmdVt\" to Enable and nothing else" },
	{ "firmware allows it: no fix offered though the setting reads off", ENABLED,
	  INTEL, .sys_vendor = "Dell Inc.", .tweak = fw_dell_off, .ids = "" },
	{ "Dell PowerEdge: racadm and its job", DISABLED, INTEL,
	  .sys_vendor = "Dell Inc.", .product_name = "PowerEdge R750",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_bmc",
	  .text = "`racadm -r <iDRAC> -u <user> -p <password> set BIOS.ProcSettings.ProcVirtualization Enabled`",
	  .text2 = "jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW" },
	{ "HPE ProLiant: iLOrest", DISABLED, AMD,
	  .sys_vendor = "HPE", .product_name = "ProLiant DL385 Gen10 Plus",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_bmc",
	  .text = "`ilorest set ProcVirtualization=Enabled --selector=Bios. --commit`",
	  .text2 = "Metal3 bare-metal operator's iLO 5 driver" },
	{ "Lenovo ThinkSystem, AMD: the SVM attribute", DISABLED, AMD,
	  .sys_vendor = "Lenovo", .product_name = "7Z73CTO1WW",
	  .product_version = "ThinkSystem SR665",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_bmc",
	  .text = "{\"Attributes\":{\"Processors_SVMMode\":\"Enabled\"}}",
	  .text2 = "NVIDIA's libredfish" },
	{ "rack server of another maker: generic Redfish", DISABLED, INTEL,
	  .sys_vendor = "Foo Computers", .tweak = rack_server,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") " firmware_setting_bmc",
	  .text = "https://<BMC>/redfish/v1/Systems/<id>/Bios/Settings",
	  .text2 = "\"ResetType\":\"PowerCycle\"" },
	{ "HP EliteBook, Intel", DISABLED, INTEL,
	  .sys_vendor = "HP", .product_name = "HP EliteBook 840 G8 Notebook PC",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "then press F10",
	  .text2 = "Advanced > System Options > \"Virtualization Technology (VTx)\"" },
	{ "unknown maker: generic", DISABLED, INTEL,
	  .sys_vendor = "Foo Computers",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "often Del, F2, F10, F1 or Esc",
	  .text2 = "usually under Advanced, CPU Configuration" },
	{ "AMD, SVMDIS set but not locked: a restart is enough", DISABLED, AMD,
	  .sys_vendor = "Foo Computers", .tweak = svm_off_unlocked,
	  .ids = "open_firmware_setup disabled_by_firmware firmware_restart",
	  .text = "enable \"SVM Mode\" (AMD-V)",
	  .text2 = "(VM_CR.LOCK=0), so a restart is enough" },
	{ "AMD, one CPU's VM_CR locked: cold boot", DISABLED, AMD,
	  .sys_vendor = "Foo Computers", .tweak = svm_off_cpu1_locked,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "only clears on a cold boot" },
	{ "Zhaoxin, disabled: no Intel switch named", DISABLED, ZHAOXIN,
	  .sys_vendor = "Foo Computers",
	  .ids = FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "enable \"Virtualization Technology\" (VMX)" },
	{ "TXT only", VTDIAG_STATE_DISABLED_OUTSIDE_SMX, INTEL,
	  .sys_vendor = "Dell Inc.",
	  .ids = FIRMWARE_STEPS("disabled_outside_smx"),
	  .text = "disable \"Intel TXT\"", .text2 = "Virtualization Support" },
	{ "inconsistent: CPU named, firmware update", VTDIAG_STATE_INCONSISTENT,
	  INTEL, .sys_vendor = "Dell Inc.", .tweak = cpu1_firmware_off,
	  .ids = "inconsistent open_firmware_setup firmware_check_setting firmware_cold_boot",
	  .text = "CPU 1: disabled in the BIOS/UEFI setup",
	  .text2 = "from the Dell support website. Installed now: BIOS version 1.17.0 of 03/14/2024." },
	{ "inconsistent by an MSR fault: no setup steps",
	  VTDIAG_STATE_INCONSISTENT, AMD, .tweak = cpu1_vm_cr_fault,
	  .ids = "inconsistent msr_unreadable", .text = "CPU 1 (EIO)" },

	/* Under a hypervisor: its host, never a BIOS. */
	{ "KVM hides VT-x", HIDDEN, INTEL, .hv_signature = "KVMKVMKVM",
	  .sys_vendor = "QEMU",
	  .ids = "hidden_by_hypervisor nested_kvm",
	  .text = "cat /sys/module/kvm_intel/parameters/nested",
	  .text2 = "<cpu mode='host-passthrough'/>" },
	{ "KVM with Hyper-V enlightenments", HIDDEN, AMD,
	  .hv_signature = "Linux KVM Hv", .ids = "hidden_by_hypervisor nested_kvm",
	  .text = "kvm_amd nested=1" },
	{ "QEMU with Hyper-V's signature is KVM", HIDDEN, INTEL,
	  .hv_signature = "Microsoft Hv", .sys_vendor = "QEMU",
	  .ids = "hidden_by_hypervisor nested_kvm" },
	{ "TCG, Intel: no nesting", HIDDEN, INTEL, .hv_signature = "TCGTCGTCGTCG",
	  .ids = "hidden_by_hypervisor nested_tcg",
	  .text = "no nesting under pure emulation", .text2 = "-accel kvm" },
	{ "TCG, AMD: an SVM model", HIDDEN, AMD, .hv_signature = "TCGTCGTCGTCG",
	  .ids = "hidden_by_hypervisor nested_tcg_svm", .text = "-cpu EPYC" },
	{ "Hyper-V", HIDDEN, INTEL, .hv_signature = "Microsoft Hv",
	  .sys_vendor = "Microsoft Corporation", .product_name = "Virtual Machine",
	  .ids = "hidden_by_hypervisor nested_hyperv",
	  .text = "-ExposeVirtualizationExtensions $true" },
	{ "WSL 2", HIDDEN, INTEL, .hv_signature = "Microsoft Hv", .wsl = true,
	  .ids = "hidden_by_hypervisor nested_wsl",
	  .text = "nestedVirtualization=true" },
	{ "VMware locks VT-x off in its virtual firmware", DISABLED, INTEL,
	  .hv_signature = "VMwareVMware", .sys_vendor = "VMware, Inc.",
	  .ids = "disabled_by_hypervisor nested_vmware",
	  .text = "no BIOS switch to flip", .text2 = "vhv.enable" },
	{ "VirtualBox", HIDDEN, AMD, .hv_signature = "VBoxVBoxVBox",
	  .ids = "hidden_by_hypervisor nested_virtualbox",
	  .text = "--nested-hw-virt on" },
	{ "VirtualBox behind KVM's signature", HIDDEN, AMD,
	  .hv_signature = "KVMKVMKVM", .sys_vendor = "innotek GmbH",
	  .ids = "hidden_by_hypervisor nested_virtualbox",
	  .text = "VirtualBox (signature \"KVMKVMKVM\")" },
	{ "Xen", HIDDEN, INTEL, .hv_signature = "XenVMMXenVMM",
	  .ids = "hidden_by_hypervisor nested_xen", .text = "nestedhvm=1" },
	{ "bhyve locks VT-x off", DISABLED, INTEL,
	  .hv_signature = "bhyve bhyve ",
	  .ids = "disabled_by_hypervisor nested_bhyve" },
	{ "Parallels", HIDDEN, INTEL, .hv_signature = " lrpepyh  vr",
	  .ids = "hidden_by_hypervisor nested_parallels" },
	{ "a hypervisor without signature", HIDDEN, AMD, .hv_signature = "",
	  .ids = "hidden_by_hypervisor nested_other", .text = "no signature" },
	{ "virtual CPUs differ", VTDIAG_STATE_INCONSISTENT, INTEL,
	  .hv_signature = "KVMKVMKVM", .tweak = cpu1_firmware_off,
	  .ids = "inconsistent_under_hypervisor", .text = "same CPU model" },
	{ "EC2", HIDDEN, INTEL, .hv_signature = "KVMKVMKVM",
	  .sys_vendor = "Amazon EC2", .ids = "hidden_by_hypervisor nested_aws",
	  .text = "*.metal" },
	{ "Xen-era EC2", HIDDEN, INTEL, .hv_signature = "XenVMMXenVMM",
	  .sys_vendor = "Xen", .bios_version = "4.11.amazon",
	  .ids = "hidden_by_hypervisor nested_aws" },
	{ "Google Compute Engine", HIDDEN, INTEL, .hv_signature = "KVMKVMKVM",
	  .sys_vendor = "Google", .product_name = "Google Compute Engine",
	  .ids = "hidden_by_hypervisor nested_gcp",
	  .text = "--enable-nested-virtualization" },
	{ "Azure", HIDDEN, INTEL, .hv_signature = "Microsoft Hv",
	  .sys_vendor = "Microsoft Corporation",
	  .asset_tag = "7783-7084-3265-9085-8269-3286-77",
	  .ids = "hidden_by_hypervisor nested_azure", .text = "Dv3 and Ev3" },

	/* No virtualization, or not known. */
	{ "unsupported", VTDIAG_STATE_UNSUPPORTED, AMD, .ids = "unsupported" },
	{ "MSR fault", VTDIAG_STATE_UNKNOWN, AMD, .tweak = cpu1_vm_cr_fault,
	  .ids = "msr_unreadable" },
	{ "unknown vendor", VTDIAG_STATE_UNKNOWN, VTDIAG_VENDOR_OTHER,
	  .ids = "unknown_vendor" },
	{ "unknown", VTDIAG_STATE_UNKNOWN, INTEL, .ids = "unknown" },
	{ "enabled, unlocked", VTDIAG_STATE_ENABLED_UNLOCKED, INTEL,
	  .ids = "enabled_unlocked" },

	/* The operating system. */
	{ "ready", ENABLED, AMD, .ids = "" },
	{ "ready, /dev/net/tun there", ENABLED, AMD, .tweak = tun_present,
	  .ids = "" },
	{ "tun not loaded", ENABLED, AMD, .tweak = tun_not_loaded,
	  .ids = "load_tun", .text = "sudo modprobe tun",
	  .text2 = "/etc/modules-load.d/tun.conf" },
	{ "tun loaded, no /dev/net/tun", ENABLED, AMD, .tweak = tun_node_missing,
	  .ids = "create_tun_node", .text = "mknod -m 0666 /dev/net/tun c 10 200" },
	{ "tun not built", ENABLED, AMD, .tweak = tun_not_built,
	  .ids = "tun_not_built", .text = "CONFIG_TUN" },
	{ "vhost_net not loaded", ENABLED, AMD, .tweak = vhost_net_not_loaded,
	  .ids = "load_vhost_net", .text = "sudo modprobe vhost_net",
	  .text2 = "/etc/modules-load.d/vhost_net.conf" },
	{ "vhost_net built in, no /dev/vhost-net", ENABLED, AMD,
	  .tweak = vhost_net_node_missing, .ids = "create_vhost_net_node",
	  .text = "mknod -m 0660 /dev/vhost-net c 10 238" },
	{ "vhost_net not built", ENABLED, AMD, .tweak = vhost_net_not_built,
	  .ids = "vhost_net_not_built", .text = "CONFIG_VHOST_NET" },
	{ "cgroup v2, every controller", ENABLED, AMD, .tweak = cgroups_v2_all,
	  .ids = "" },
	{ "cgroup v2, no kernel configuration", ENABLED, AMD,
	  .tweak = cgroups_v2_bpf_unknown, .ids = "" },
	{ "cgroup v1 and v2 (systemd's hybrid)", ENABLED, AMD,
	  .tweak = cgroups_hybrid, .ids = "" },
	{ "cgroup v2, /proc/config.gz without CGROUP_BPF", ENABLED, AMD,
	  .tweak = cgroups_v2_config_gz, .ids = "cgroup_devices_no_bpf" },
	{ "no cgroup mounted", ENABLED, AMD, .tweak = cgroups_none_mounted,
	  .ids = "mount_cgroups", .text = "mount -t cgroup2 cgroup2 /sys/fs/cgroup" },
	{ "cgroup v1, memory and blkio not mounted", ENABLED, AMD,
	  .tweak = cgroups_v1_unmounted, .ids = "mount_cgroup_controller",
	  .text = "systemd.unified_cgroup_hierarchy=1",
	  .text2 = "mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory" },
	{ "cgroup v2 in a container", ENABLED, AMD, .tweak = cgroups_not_delegated,
	  .ids = "cgroup_not_delegated", .text = "Delegate=yes" },
	{ "memory cgroup off at boot (Raspberry Pi)", ENABLED, AMD,
	  .tweak = cgroups_memory_disabled, .ids = "cgroup_enable_memory",
	  .text = "cgroup_enable=memory", .text2 = "/boot/firmware/cmdline.txt" },
	{ "cpuset cgroup off at boot", ENABLED, AMD,
	  .tweak = cgroups_cpuset_disabled, .ids = "cgroup_controller_disabled",
	  .text = "remove their `cgroup_disable=`" },
	{ "cgroup v1 kernel without blkio", ENABLED, AMD,
	  .tweak = cgroups_v1_not_built, .ids = "cgroup_controller_not_built",
	  .text = "CONFIG_BLK_CGROUP" },
	{ "cgroup v2 kernel without CGROUP_BPF", ENABLED, AMD,
	  .tweak = cgroups_v2_no_bpf, .ids = "cgroup_devices_no_bpf",
	  .text = "CONFIG_CGROUP_BPF", .text2 = "systemd.unified_cgroup_hierarchy=0" },
	{ "IOMMU: no DMAR on a Dell", ENABLED, INTEL, .sys_vendor = "Dell Inc.",
	  .tweak = iommu_no_table, .ids = "iommu_firmware_off",
	  .text = "\"VT for Direct I/O\" under Virtualization Support",
	  .text2 = "press F2 as soon as the Dell logo appears" },
	{ "IOMMU: no IVRS on an ASUS board", ENABLED, AMD,
	  .board_vendor = "ASUSTeK COMPUTER INC.", .tweak = iommu_no_table,
	  .ids = "iommu_firmware_off", .text = "AMD CBS > NBIO Common Options",
	  .text2 = "\"SVM Mode\" is AMD-V, a different switch" },
	{ "IOMMU: no DMAR, maker not known", ENABLED, INTEL,
	  .tweak = iommu_no_table, .ids = "iommu_firmware_off",
	  .text = "\"Intel VT for Directed I/O\" (VT-d)",
	  .text2 = "this machine has no IOMMU" },
	{ "IOMMU: intel_iommu=off on Fedora", ENABLED, INTEL, .os_id = "fedora",
	  .tweak = iommu_intel_cmdline_off, .ids = "iommu_cmdline_off",
	  .text = "`sudo grubby --update-kernel=ALL --remove-args=\"intel_iommu=off\"`",
	  .text2 = "(Intel VT-d, ACPI table DMAR), but the kernel command line turns it off: intel_iommu=off." },
	{ "IOMMU: amd_iommu=off iommu=off on openSUSE", ENABLED, AMD,
	  .os_id = "opensuse-leap", .os_id_like = "suse opensuse",
	  .tweak = iommu_amd_cmdline_off, .ids = "iommu_cmdline_off",
	  .text = "remove amd_iommu=off iommu=off from GRUB_CMDLINE_LINUX",
	  .text2 = "`sudo grub2-mkconfig -o /boot/grub2/grub.cfg`" },
	{ "IOMMU: Intel off by default, Pop!_OS", ENABLED, INTEL, .os_id = "pop",
	  .os_id_like = "ubuntu debian", .tweak = iommu_intel_default_off,
	  .ids = "iommu_kernel_param",
	  .text = "`sudo kernelstub -a \"intel_iommu=on\"`",
	  .text2 = "/boot/config-6.1.0-test does not set CONFIG_INTEL_IOMMU_DEFAULT_ON" },
	{ "IOMMU: Intel off by default, Debian without GRUB here", ENABLED, INTEL,
	  .tweak = iommu_intel_default_off, .ids = "iommu_kernel_param",
	  .text = "add intel_iommu=on to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then run `sudo update-grub`" },
	{ "IOMMU: Intel default not known, systemd-boot", ENABLED, INTEL,
	  .os_id = "arch", .tweak = iommu_intel_default_unknown,
	  .ids = "iommu_kernel_param",
	  .text = "add intel_iommu=on to /etc/kernel/cmdline",
	  .text2 = "its default is not known here" },
	{ "IOMMU: Debian's default on, yet off", ENABLED, INTEL,
	  .tweak = iommu_intel_default_on_off, .ids = "iommu_kernel_failed",
	  .text = "sudo dmesg | grep -i -e DMAR -e AMD-Vi -e iommu" },
	{ "IOMMU: AMD with amd_iommu=on, yet off", ENABLED, AMD,
	  .tweak = iommu_amd_off_anyway, .ids = "iommu_kernel_failed",
	  .text = "The firmware announces the IOMMU (AMD-Vi, ACPI table IVRS) and nothing" },
	{ "IOMMU: kernel without AMD_IOMMU", ENABLED, AMD,
	  .tweak = iommu_amd_not_built, .ids = "iommu_not_built",
	  .text = "built without its driver" },
	{ "IOMMU: dmar0, no groups", ENABLED, INTEL, .tweak = iommu_no_groups,
	  .ids = "iommu_no_groups" },
	{ "IOMMU: on, passthrough", ENABLED, AMD, .tweak = iommu_passthrough,
	  .ids = "" },
	{ "kvm_amd not loaded", ENABLED, AMD, .kvm_vendor_absent = true,
	  .ids = "kvm_not_loaded", .text = "sudo modprobe kvm_amd" },
	{ "another hypervisor holds AMD-V", ENABLED, AMD,
	  .kvm_vendor_absent = true, .tweak = svme_on,
	  .ids = "other_hypervisor_active kvm_not_loaded" },
	{ "KVM holds AMD-V from load", ENABLED, AMD, .tweak = kvm_holds_at_load,
	  .ids = "kvm_holds_virtualization" },
	{ "/dev/kvm missing", ENABLED, AMD, .tweak = dev_kvm_gone,
	  .ids = "dev_kvm_missing" },
	{ "not in group kvm", ENABLED, AMD, .tweak = not_in_kvm_group,
	  .ids = "dev_kvm_add_group", .text = "sudo usermod -aG kvm alice" },
	{ "in group kvm, not logged in again", ENABLED, AMD,
	  .tweak = not_relogged, .ids = "dev_kvm_relogin" },
	{ "/dev/kvm root's, no group kvm", ENABLED, AMD,
	  .tweak = root_only_no_group,
	  .ids = "kvm_group_missing dev_kvm_permissions dev_kvm_add_group" },
	{ "an ACL denies", ENABLED, AMD, .tweak = acl_denies,
	  .ids = "dev_kvm_acl" },
	{ "an LSM refuses", ENABLED, AMD, .tweak = lsm_refuses,
	  .ids = "dev_kvm_refused" },
	{ "no device behind /dev/kvm", ENABLED, AMD, .tweak = no_device,
	  .ids = "dev_kvm_unopenable" },
	{ "Debian without QEMU and libvirt", ENABLED, AMD, .no_qemu = true,
	  .no_libvirt = true, .ids = "install_qemu_libvirt",
	  .text = "sudo apt install qemu-system-x86 libvirt-daemon-system" },
	{ "Rocky without QEMU", ENABLED, INTEL, .os_id = "rocky",
	  .os_id_like = "rhel centos fedora", .no_qemu = true,
	  .ids = "install_qemu", .text = "sudo dnf install qemu-kvm" },
	{ "Linux Mint without libvirt", ENABLED, INTEL, .os_id = "linuxmint",
	  .os_id_like = "ubuntu debian", .no_libvirt = true,
	  .ids = "install_libvirt", .text = "sudo apt install libvirt-daemon-system" },
	{ "openSUSE without either", ENABLED, AMD, .os_id = "opensuse-tumbleweed",
	  .os_id_like = "opensuse suse", .no_qemu = true, .no_libvirt = true,
	  .ids = "install_qemu_libvirt",
	  .text = "sudo zypper install -t pattern kvm_server kvm_tools" },
	{ "Arch without either: generic", ENABLED, AMD, .os_id = "arch",
	  .no_qemu = true, .no_libvirt = true,
	  .ids = "install_qemu_generic install_libvirt_generic",
	  .text = "qemu-system-x86, qemu-kvm or qemu-full" },
	{ "libvirtd stopped", ENABLED, AMD, .libvirt = VTDIAG_LIBVIRT_INACTIVE,
	  .ids = "start_libvirt", .text = "sudo systemctl enable --now libvirtd" },
	{ "Fedora, virtqemud stopped", ENABLED, AMD, .os_id = "fedora",
	  .libvirt = VTDIAG_LIBVIRT_INACTIVE, .ids = "start_libvirt",
	  .tweak = modular_libvirt_only,
	  .text = "sudo systemctl enable --now virtqemud.socket" },
	{ "libvirt state unknown without systemd: no step", ENABLED, AMD,
	  .no_systemd = true, .libvirt = VTDIAG_LIBVIRT_UNCHECKED, .ids = "" },
	{ "firmware first: no OS steps yet", DISABLED, AMD, .no_qemu = true,
	  .no_libvirt = true, .kvm_vendor_absent = true,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") },

	/* KVM registered or not; KVM without VT-x/AMD-V. */
	{ "kvm_intel built in, KVM did not start", ENABLED, INTEL,
	  .tweak = builtin_not_registered, .ids = "kvm_init_failed",
	  .text = "KVM (kvm_intel) is in the kernel, but its initialisation failed",
	  .text2 = "sudo dmesg | grep -i kvm" },
	{ "kvm_intel built in, off in the firmware: the firmware's steps", DISABLED,
	  INTEL, .tweak = builtin_not_registered,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") },
	{ "PVM in a VM that hides AMD-V: ready, no nesting steps", HIDDEN, AMD,
	  .hv_signature = "KVMKVMKVM", .tweak = pvm, .ids = "kvm_paravirtual",
	  .text = "KVM runs here through kvm_pvm: PVM",
	  .text2 = "an unmodified distribution kernel does not boot under it" },
	{ "PVM, not in group kvm: the OS side only", HIDDEN, AMD,
	  .hv_signature = "KVMKVMKVM", .tweak = pvm_not_in_group,
	  .no_libvirt = true,
	  .ids = "kvm_paravirtual dev_kvm_add_group install_libvirt",
	  .text = "sudo usermod -aG kvm alice" },
	{ "PVM without the vtdiag module", HIDDEN, AMD,
	  .hv_signature = "KVMKVMKVM", .tweak = pvm_module_missing,
	  .ids = "module_not_loaded kvm_paravirtual" },
	{ "PVM built in, but it did not start", HIDDEN, AMD,
	  .hv_signature = "KVMKVMKVM", .tweak = pvm_failed,
	  .ids = "hidden_by_hypervisor nested_kvm kvm_init_failed",
	  .text = "KVM (kvm_pvm) is in the kernel" },
	{ "a vendor module vtdiag does not know", HIDDEN, INTEL,
	  .hv_signature = "KVMKVMKVM", .tweak = unknown_vendor_module,
	  .ids = "kvm_other_vendor_module",
	  .text = "KVM runs here through kvm_foo, a KVM vendor module other than kvm_intel and kvm_amd" },

	/* The kernel's own FEATURE_CONTROL lock, and tboot. */
	{ "kernel without KVM_INTEL locked VMX off: that kernel first", DISABLED,
	  INTEL, .sys_vendor = "Dell Inc.", .tweak = kernel_without_kvm_intel,
	  .ids = "kernel_locked_vmx_off " FIRMWARE_STEPS("disabled_by_firmware"),
	  .text = "boot a kernel built with CONFIG_KVM_INTEL",
	  .text2 = "Before you change any firmware setting" },
	{ "kernel with KVM_INTEL: the firmware's doing", DISABLED, INTEL,
	  .tweak = kernel_with_kvm_intel,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") },
	{ "kernel without KVM_INTEL, AMD: nothing of VMX to say", DISABLED, AMD,
	  .tweak = kernel_without_kvm_intel,
	  .ids = FIRMWARE_STEPS("disabled_by_firmware") },
	{ "tboot: VT-x for TXT", DISABLED, INTEL, .tweak = tboot,
	  .ids = "open_firmware_setup disabled_by_firmware txt_vmx_disabled firmware_cold_boot",
	  .text = "started through tboot (Intel TXT)",
	  .text2 = "VMX (inside TXT) disabled by BIOS" },
	{ "tboot, kernel without KVM_INTEL: TXT, not the kernel", DISABLED, INTEL,
	  .tweak = tboot_kernel_without_kvm_intel,
	  .ids = "open_firmware_setup disabled_by_firmware txt_vmx_disabled firmware_cold_boot" },
};

/* "id id id", from the advice list. */
static char *joined_ids(const struct vtdiag_advice_list *advice)
{
	struct strbuf ids = STRBUF_INIT;
	size_t i;

	for (i = 0; i < advice->count; i++)
		strbuf_addf(&ids, "%s%s", i ? " " : "", advice->items[i].id);
	strbuf_adds(&ids, "");
	return strbuf_detach(&ids);
}

static char *joined_texts(const struct vtdiag_advice_list *advice)
{
	struct strbuf texts = STRBUF_INIT;
	size_t i;

	for (i = 0; i < advice->count; i++)
		strbuf_addf(&texts, "%s\n", advice->items[i].text);
	strbuf_adds(&texts, "");
	return strbuf_detach(&texts);
}

/* "{name}" left in a text; JSON in a command ({"Attributes": ...}) is not one. */
static bool unfilled_placeholder(const char *text)
{
	const char *open;
	size_t len;

	for (open = strchr(text, '{'); open; open = strchr(open + 1, '{')) {
		len = strspn(open + 1, "abcdefghijklmnopqrstuvwxyz_");
		if (len && open[1 + len] == '}')
			return true;
	}
	return false;
}

static void check_scenario(const struct scenario *sc)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids = NULL, *texts = NULL;

	build(&report, sc);
	if (vtdiag_advise(&report, &advice)) {
		test_failed = 1;
		vtdiag_report_free(&report);
		return;
	}
	ids = joined_ids(&advice);
	texts = joined_texts(&advice);
	if (!ids || strcmp(ids, sc->ids)) {
		printf("#   %s: advice \"%s\", expected \"%s\"\n", sc->name,
		       ids ? ids : "(null)", sc->ids);
		test_failed = 1;
	}
	if (sc->text)
		EXPECT_CONTAINS(texts, sc->text);
	if (sc->text2)
		EXPECT_CONTAINS(texts, sc->text2);
	/* A placeholder left unfilled is a typo in a rule. */
	EXPECT(texts && !unfilled_placeholder(texts));
	free(ids);
	free(texts);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_scenarios(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		check_scenario(&scenarios[i]);
}

static bool listed(const char *ids, const char *id)
{
	size_t len = strlen(id);
	const char *at;

	for (at = strstr(ids, id); at; at = strstr(at + 1, id))
		if ((at == ids || at[-1] == ' ') &&
		    (at[len] == ' ' || at[len] == '\0'))
			return true;
	return false;
}

/* Every rule is expected somewhere: none fires untested. */
static void test_every_rule_has_a_scenario(void)
{
	size_t nr_rules;
	const struct vtdiag_advice_rule *const *rules = vtdiag_advice_rules(&nr_rules);
	size_t i, j;

	for (i = 0; i < nr_rules; i++) {
		for (j = 0; j < ARRAY_SIZE(scenarios); j++)
			if (listed(scenarios[j].ids, rules[i]->id))
				break;
		if (j == ARRAY_SIZE(scenarios)) {
			printf("#   rule %s: no scenario expects it\n",
			       rules[i]->id);
			test_failed = 1;
		}
	}
}

/* Ids are the JSON contract: unique, lower-case words with underscores. */
static void test_rule_ids(void)
{
	size_t nr_rules;
	const struct vtdiag_advice_rule *const *rules = vtdiag_advice_rules(&nr_rules);
	const char *id;
	size_t i, j;

	for (i = 0; i < nr_rules; i++) {
		id = rules[i]->id;
		EXPECT(id[0] >= 'a' && id[0] <= 'z' &&
		       strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		       strlen(id));
		for (j = i + 1; j < nr_rules; j++)
			EXPECT(strcmp(id, rules[j]->id));
	}
}

/* --- the report a person reads ---------------------------------------- */

static char *render_text(const struct scenario *sc)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	build(&report, sc);
	if (vtdiag_advise(&report, &advice)) {
		vtdiag_report_free(&report);
		return NULL;
	}
	out = open_memstream(&text, &size);
	if (out) {
		vtdiag_print_text(out, &report, &advice, false);
		fclose(out);
	}
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
	return text;
}

/* Dell, VT-x off: three steps in order, the command on a line of its own. */
static void test_text_dell_steps(void)
{
	const struct scenario dell = {
		"Dell", DISABLED, INTEL, .sys_vendor = "Dell Inc.", .uefi = true,
	};
	char *text = render_text(&dell);
	const char *one, *two, *three;

	EXPECT_CONTAINS(text, "\n         sudo systemctl reboot --firmware-setup\n");
	one = text ? strstr(text, "  1. Open the firmware") : NULL;
	two = text ? strstr(text, "  2. In the setup, enable \"Intel Virtualization") : NULL;
	three = text ? strstr(text, "  3. Save the settings") : NULL;
	EXPECT(one && two && three && one < two && two < three);
	EXPECT(text && !strstr(text, "  4. "));
	free(text);
}

static void test_text_userspace_checks(void)
{
	const struct scenario stopped = {
		"stopped", ENABLED, AMD, .libvirt = VTDIAG_LIBVIRT_INACTIVE,
		.no_qemu = true,
	};
	const struct scenario unchecked = {
		"unchecked", ENABLED, AMD, .no_systemd = true,
		.libvirt = VTDIAG_LIBVIRT_UNCHECKED,
	};
	char *text = render_text(&stopped);

	EXPECT_CONTAINS(text, "WARN  QEMU                   not installed\n");
	EXPECT_CONTAINS(text, "WARN  libvirt                libvirtd installed, not running\n");
	free(text);
	text = render_text(&unchecked);
	EXPECT_CONTAINS(text, "PASS  QEMU                   installed: /usr/bin/qemu-system-x86_64\n");
	EXPECT_CONTAINS(text, "WARN  libvirt                libvirtd installed; could not check whether it\n"
			"                             runs: systemd is not running\n");
	/* QEMU and libvirt advise; KVM itself is ready. */
	EXPECT_CONTAINS(text, "KVM is ready");
	free(text);
}

static struct json_object *render_json(const struct scenario *sc)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	struct json_object *root = NULL;

	build(&report, sc);
	if (!vtdiag_advise(&report, &advice)) {
		root = vtdiag_report_json(&report, &advice);
		vtdiag_advice_free(&advice);
	}
	vtdiag_report_free(&report);
	return root;
}

/* obj.first.second as text: "(null)" for JSON null, "(missing)". */
static const char *jpath(struct json_object *obj, const char *first,
			 const char *second)
{
	struct json_object *value = NULL;

	if (!json_object_object_get_ex(obj, first, &value))
		return "(missing)";
	if (second && !json_object_object_get_ex(value, second, &value))
		return "(missing)";
	return value ? json_object_get_string(value) : "(null)";
}

static struct json_object *jobj(struct json_object *obj, const char *key)
{
	struct json_object *value = NULL;

	json_object_object_get_ex(obj, key, &value);
	return value;
}

static void test_json_machine_and_os(void)
{
	const struct scenario thinkpad = {
		"ThinkPad", DISABLED, AMD, .sys_vendor = "LENOVO",
		.product_version = "ThinkPad T14 Gen 3", .uefi = true,
		.os_id = "rocky", .os_id_like = "rhel centos fedora",
	};
	const struct scenario azure = {
		"Azure", HIDDEN, INTEL, .hv_signature = "Microsoft Hv",
		.asset_tag = "7783-7084-3265-9085-8269-3286-77", .no_libvirt = true,
	};
	struct json_object *root = render_json(&thinkpad);

	EXPECT_STR(jpath(root, "machine", "sys_vendor"), "LENOVO");
	EXPECT_STR(jpath(root, "machine", "product_version"), "ThinkPad T14 Gen 3");
	EXPECT_STR(jpath(root, "machine", "oem"), "lenovo_thinkpad");
	EXPECT_STR(jpath(root, "machine", "cloud"), "(null)");
	EXPECT_STR(jpath(root, "machine", "uefi"), "true");
	EXPECT_STR(jpath(root, "machine", "bios_version"), "1.17.0");
	EXPECT_STR(jpath(root, "os", "package_manager"), "dnf");
	EXPECT_STR(jpath(root, "os", "qemu"), "/usr/bin/qemu-system-x86_64");
	EXPECT_STR(jpath(jobj(root, "os"), "libvirt", "state"), "active");
	json_object_put(root);

	root = render_json(&azure);
	EXPECT_STR(jpath(root, "machine", "cloud"), "azure");
	EXPECT_STR(jpath(root, "machine", "oem"), "(null)");
	EXPECT_STR(jpath(root, "hypervisor", "kind"), "hyperv");
	EXPECT_STR(jpath(jobj(root, "os"), "libvirt", "state"), "missing");
	json_object_put(root);
}

/* --- lookups ------------------------------------------------------------ */

static const char *oem_id(const char *sys_vendor, const char *product_name,
			  const char *product_version, const char *board_vendor)
{
	struct vtdiag_dmi dmi;
	const struct vtdiag_oem *oem;

	memset(&dmi, 0, sizeof(dmi));
	COPY(dmi.sys_vendor, sys_vendor);
	COPY(dmi.product_name, product_name);
	COPY(dmi.product_version, product_version);
	COPY(dmi.board_vendor, board_vendor);
	oem = vtdiag_oem_find(&dmi);
	return oem ? oem->id : "none";
}

static void test_oem_lookup(void)
{
	EXPECT_STR(oem_id("Dell Inc.", "OptiPlex 7090", "", ""), "dell");
	EXPECT_STR(oem_id("Dell Computer Corporation", "", "", ""), "dell");
	EXPECT_STR(oem_id("HP", "HP ProBook 450 G9", "", ""), "hp_business");
	EXPECT_STR(oem_id("HP", "HP Pavilion Laptop 15-eg0xxx", "", ""), "hp_consumer");
	EXPECT_STR(oem_id("HP", "HP Desktop Pro G2", "", ""), "hp");
	EXPECT_STR(oem_id("HPE", "ProLiant DL380 Gen10", "", ""), "hpe_proliant");
	EXPECT_STR(oem_id("HP", "ProLiant DL360 Gen9", "", ""), "hpe_proliant");
	/* "HP" is a word of its own: HPE is not HP. */
	EXPECT_STR(oem_id("HPE", "Synergy 480 Gen10", "", ""), "hpe_proliant");
	EXPECT_STR(oem_id("LENOVO", "20XW0055US", "ThinkPad X1 Carbon Gen 9", ""),
		   "lenovo_thinkpad");
	EXPECT_STR(oem_id("LENOVO", "11JN0049US", "ThinkCentre M70q", ""),
		   "lenovo_thinkpad");
	EXPECT_STR(oem_id("LENOVO", "82KU", "Yoga Slim 7 14ARE05", ""),
		   "lenovo_ideapad");
	EXPECT_STR(oem_id("LENOVO", "82JW", "Legion 5 15ACH6H", ""), "lenovo");
	EXPECT_STR(oem_id("Supermicro", "Super Server", "", ""), "supermicro");
	EXPECT_STR(oem_id("ASUSTeK COMPUTER INC.", "ROG Strix", "", ""), "asus");
	EXPECT_STR(oem_id("Micro-Star International Co., Ltd.", "MS-7C56", "", ""), "msi");
	EXPECT_STR(oem_id("Gigabyte Technology Co., Ltd.", "B550", "", ""), "gigabyte");
	EXPECT_STR(oem_id("Intel(R) Client Systems", "NUC8i5BEH", "", ""), "intel_nuc");
	EXPECT_STR(oem_id("Intel Corporation", "S2600WF", "", ""), "none");
	EXPECT_STR(oem_id("Acer", "Aspire A515-54", "", ""), "acer");
	/* Home-built: the system says nothing, the mainboard does. */
	EXPECT_STR(oem_id("To Be Filled By O.E.M.", "", "", "ASRock"), "asrock");
	EXPECT_STR(oem_id("System manufacturer", "", "", "ASUSTeK COMPUTER INC."), "asus");
	/* sys_vendor first: a Dell with a board by someone else is a Dell. */
	EXPECT_STR(oem_id("Dell Inc.", "", "", "ASUSTeK COMPUTER INC."), "dell");
	EXPECT_STR(oem_id("QEMU", "Standard PC (i440FX + PIIX, 1996)", "", ""), "none");
	EXPECT_STR(oem_id("", "", "", ""), "none");
}

static void test_word_matching(void)
{
	EXPECT(vtdiag_starts_with_word("Dell Inc.", "Dell"));
	EXPECT(vtdiag_starts_with_word("dell", "Dell"));
	EXPECT(!vtdiag_starts_with_word("Dellwood", "Dell"));
	EXPECT(!vtdiag_starts_with_word("HPE", "HP"));
	EXPECT(!vtdiag_starts_with_word("", "HP"));
	EXPECT(vtdiag_has_word_prefix("HP EliteBook 840", "EliteBook"));
	EXPECT(vtdiag_has_word_prefix("NUC8i5BEH", "NUC"));
	EXPECT(vtdiag_has_word_prefix("4.11.amazon", "amazon"));
	EXPECT(!vtdiag_has_word_prefix("MyThinkPad", "ThinkPad"));
}

static void test_cloud_lookup(void)
{
	struct vtdiag_dmi dmi;

	memset(&dmi, 0, sizeof(dmi));
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_NONE);
	COPY(dmi.sys_vendor, "Amazon EC2");
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_AWS);
	memset(&dmi, 0, sizeof(dmi));
	COPY(dmi.bios_version, "4.11.amazon");
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_AWS);
	memset(&dmi, 0, sizeof(dmi));
	COPY(dmi.product_name, "Google Compute Engine");
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_GCP);
	/* A local Hyper-V VM looks like Azure but for the asset tag. */
	memset(&dmi, 0, sizeof(dmi));
	COPY(dmi.sys_vendor, "Microsoft Corporation");
	COPY(dmi.product_name, "Virtual Machine");
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_NONE);
	COPY(dmi.chassis_asset_tag, "7783-7084-3265-9085-8269-3286-77");
	EXPECT(vtdiag_cloud_find(&dmi) == VTDIAG_CLOUD_AZURE);
	EXPECT_STR(vtdiag_cloud_id(VTDIAG_CLOUD_GCP), "gcp");
}

static const char *manager(const char *id, const char *id_like)
{
	const struct vtdiag_distro *distro = vtdiag_distro_find(id, id_like);

	return distro ? distro->package_manager : "none";
}

static void test_distro_lookup(void)
{
	EXPECT_STR(manager("debian", ""), "apt");
	EXPECT_STR(manager("ubuntu", "debian"), "apt");
	EXPECT_STR(manager("pop", "ubuntu debian"), "apt");
	EXPECT_STR(manager("fedora", ""), "dnf");
	EXPECT_STR(manager("rhel", "fedora"), "dnf");
	EXPECT_STR(manager("almalinux", "rhel centos fedora"), "dnf");
	EXPECT_STR(manager("ol", "fedora"), "dnf");
	EXPECT_STR(manager("sles", "suse"), "zypper");
	EXPECT_STR(manager("opensuse-leap", "suse opensuse"), "zypper");
	EXPECT_STR(manager("arch", ""), "none");
	EXPECT_STR(manager("", ""), "none");
	/* Whole words only: "debianish" is not Debian. */
	EXPECT_STR(manager("debianish", "  "), "none");
}

static void test_hypervisor_identity(void)
{
	struct vtdiag_dmi dmi;
	struct vtdiag_hv_identity id;

	memset(&dmi, 0, sizeof(dmi));
	id = vtdiag_hypervisor_identify("KVMKVMKVM", &dmi);
	EXPECT(id.kind == VTDIAG_HV_KVM);
	EXPECT_STR(id.product, "KVM");
	id = vtdiag_hypervisor_identify("lrpepyh  vr", &dmi);
	EXPECT(id.kind == VTDIAG_HV_PARALLELS);
	id = vtdiag_hypervisor_identify("bhyve bhyve", &dmi);
	EXPECT(id.kind == VTDIAG_HV_BHYVE);
	id = vtdiag_hypervisor_identify("ACRNACRNACRN", &dmi);
	EXPECT(id.kind == VTDIAG_HV_OTHER);
	EXPECT_STR(id.product, "ACRN");
	id = vtdiag_hypervisor_identify("", &dmi);
	EXPECT(id.kind == VTDIAG_HV_OTHER && !id.product);
	/* VirtualBox's Hyper-V interface, QEMU's Hyper-V enlightenments. */
	COPY(dmi.sys_vendor, "innotek GmbH");
	EXPECT(vtdiag_hypervisor_identify("Microsoft Hv", &dmi).kind ==
	       VTDIAG_HV_VIRTUALBOX);
	COPY(dmi.sys_vendor, "QEMU");
	EXPECT(vtdiag_hypervisor_identify("Microsoft Hv", &dmi).kind ==
	       VTDIAG_HV_KVM);
	/* QEMU's DMI never turns TCG or VMware's signature into KVM. */
	EXPECT(vtdiag_hypervisor_identify("TCGTCGTCGTCG", &dmi).kind ==
	       VTDIAG_HV_TCG);
	EXPECT(vtdiag_hypervisor_identify("VMwareVMware", &dmi).kind ==
	       VTDIAG_HV_VMWARE);
	EXPECT_STR(vtdiag_hv_kind_id(VTDIAG_HV_HYPERV), "hyperv");
}

/* --- the probe, on a scratch tree -------------------------------------- */

static char scratch[256];	/* the root of the scratch tree */

/* mkdir -p of @name under the scratch root. */
static void make_dir(const char *name)
{
	char path[PATH_MAX], *slash;

	snprintf(path, sizeof(path), "%s%s/", scratch, name);
	for (slash = strchr(path + strlen(scratch) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	char dir[PATH_MAX], path[PATH_MAX];
	FILE *file;

	snprintf(dir, sizeof(dir), "%s", name);
	*strrchr(dir, '/') = '\0';
	make_dir(dir);
	snprintf(path, sizeof(path), "%s%s", scratch, name);
	file = fopen(path, "w");
	if (!file) {
		test_failed = 1;
		return;
	}
	fputs(text, file);
	fclose(file);
	chmod(path, mode);
}

static void remove_scratch(void)
{
	char command[PATH_MAX + 16];

	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	if (system(command))
		test_failed = 1;
}

/*
 * vtdiag_platform_probe() of the scratch tree, as the root; the root is
 * this machine's again afterwards.
 */
static void probe_scratch(struct vtdiag_platform *platform,
			  const struct vtdiag_platform_paths *paths)
{
	if (vtdiag_root_set(scratch)) {
		test_failed = 1;
		memset(platform, 0, sizeof(*platform));
		return;
	}
	vtdiag_platform_probe(platform, paths);
	vtdiag_root_set("/");
}

/*
 * systemctl is a program of this machine: the libvirt state of the facts
 * found in the tree, asked with the root back at "/" and the scratch
 * tree's usr/bin (an absolute directory of this machine, not a root) as
 * where systemctl is.
 */
static void libvirt_state(struct vtdiag_platform *platform,
			  const struct vtdiag_platform_paths *paths)
{
	EXPECT(vtdiag_root_is_host());
	vtdiag_platform_libvirt_state(platform, paths);
}

/* A Dell on UEFI with systemd, Rocky Linux, RHEL's QEMU, virtqemud on. */
static void test_platform_probe(void)
{
	char path[PATH_MAX], bin[PATH_MAX];
	const char *const dirs[] = { bin, NULL };
	const struct vtdiag_platform_paths paths = { .systemctl_dirs = dirs };
	struct vtdiag_platform platform;

	snprintf(scratch, sizeof(scratch), "%s/vtdiag-platform.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(scratch)) {
		test_failed = 1;
		return;
	}
	snprintf(bin, sizeof(bin), "%s/usr/bin", scratch);
	write_file("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n", 0644);
	write_file("/sys/class/dmi/id/product_name", "Latitude 7420 \n", 0644);
	write_file("/sys/class/dmi/id/bios_version", "1.17.0\n", 0644);
	/* An absolute symlink of the tree resolves in the tree, not here. */
	write_file("/etc/board_vendor", "Dell Inc. board\n", 0644);
	snprintf(path, sizeof(path), "%s/sys/class/dmi/id/board_vendor", scratch);
	EXPECT(symlink("/etc/board_vendor", path) == 0);
	make_dir("/sys/firmware/efi");
	make_dir("/run/systemd/system");
	write_file("/proc/sys/kernel/osrelease", "5.14.0-362.el9.x86_64\n", 0644);
	write_file("/etc/os-release",
		   "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
		   "PRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n", 0644);
	write_file("/usr/libexec/qemu-kvm", "", 0755);
	write_file("/usr/sbin/virtqemud", "", 0755);
	/* Not executable: not found. */
	write_file("/usr/sbin/libvirtd", "", 0644);
	write_file("/usr/bin/systemctl",
		   "#!/bin/sh\n[ \"$1\" = is-active ] || exit 1\nshift\n"
		   "for unit; do case $unit in virtqemud.socket) echo active;; "
		   "*) echo inactive;; esac; done\n", 0755);

	probe_scratch(&platform, &paths);
	EXPECT_STR(platform.dmi.sys_vendor, "Dell Inc.");
	EXPECT_STR(platform.dmi.product_name, "Latitude 7420");
	EXPECT_STR(platform.dmi.board_vendor, "Dell Inc. board");
	EXPECT_STR(platform.dmi.board_name, "");
	EXPECT(platform.uefi && platform.systemd && !platform.wsl);
	EXPECT_STR(platform.os_id, "rocky");
	EXPECT_STR(platform.os_id_like, "rhel centos fedora");
	EXPECT_STR(platform.os_name, "Rocky Linux 9.3 (Blue Onyx)");
	EXPECT_STR(platform.qemu, "/usr/libexec/qemu-kvm");
	EXPECT_STR(platform.libvirtd, "");
	EXPECT_STR(platform.virtqemud, "/usr/sbin/virtqemud");
	/* A tree's systemd is not this machine's: systemctl is not run. */
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_UNCHECKED);
	EXPECT_STR(platform.libvirt_unit, "");
	libvirt_state(&platform, &paths);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_ACTIVE);
	EXPECT_STR(platform.libvirt_unit, "virtqemud.socket");

	/* A last line without its newline still counts... */
	write_file("/etc/os-release", "ID=arch\nPRETTY_NAME=\"Arch Linux\"", 0644);
	probe_scratch(&platform, &paths);
	EXPECT_STR(platform.os_id, "arch");
	EXPECT_STR(platform.os_name, "Arch Linux");
	/* ...but not one cut off by the 8 KiB read: no half a name. */
	{
		static char big[8300];
		size_t len;

		len = snprintf(big, sizeof(big), "ID=big\nX_PAD=");
		memset(big + len, 'a', 8180 - len);
		snprintf(big + 8180, sizeof(big) - 8180,
			 "\nPRETTY_NAME=\"Cut Off Linux\"\n");
		write_file("/etc/os-release", big, 0644);
	}
	probe_scratch(&platform, &paths);
	EXPECT_STR(platform.os_id, "big");
	EXPECT_STR(platform.os_name, "");
	write_file("/etc/os-release", "ID=\"rocky\"\n", 0644);

	/* Every unit inactive. */
	write_file("/usr/bin/systemctl",
		   "#!/bin/sh\nshift\nfor unit; do echo inactive; done\nexit 3\n", 0755);
	probe_scratch(&platform, &paths);
	libvirt_state(&platform, &paths);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_INACTIVE);

	/* A systemctl that says nothing: not known, not "stopped". */
	write_file("/usr/bin/systemctl", "#!/bin/sh\nexit 1\n", 0755);
	probe_scratch(&platform, &paths);
	libvirt_state(&platform, &paths);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_UNCHECKED);

	/* No systemd as PID 1: systemctl is not asked at all. */
	write_file("/usr/bin/systemctl", "#!/bin/sh\necho active\n", 0755);
	snprintf(path, sizeof(path), "%s/run/systemd/system", scratch);
	EXPECT(rmdir(path) == 0);
	write_file("/proc/sys/kernel/osrelease",
		   "5.15.153.1-microsoft-standard-WSL2\n", 0644);
	probe_scratch(&platform, &paths);
	EXPECT(!platform.systemd && platform.wsl);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_UNCHECKED);
	libvirt_state(&platform, &paths);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_UNCHECKED);
	remove_scratch();

	/* Nothing there at all. */
	EXPECT(mkdir(scratch, 0700) == 0);
	probe_scratch(&platform, &paths);
	EXPECT(!platform.uefi && !platform.qemu[0]);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_MISSING);
	EXPECT_STR(platform.os_id, "");
	libvirt_state(&platform, &paths);
	EXPECT(platform.libvirt == VTDIAG_LIBVIRT_MISSING);
	remove_scratch();
}

static void test_os_release_values(void)
{
	char value[64];

	EXPECT(vtdiag_os_release_value("ID=debian\n", "ID", value, sizeof(value)));
	EXPECT_STR(value, "debian");
	EXPECT(!vtdiag_os_release_value("ID_LIKE=debian\n", "ID", value,
					sizeof(value)));
	EXPECT(vtdiag_os_release_value("PRETTY_NAME=\"Debian GNU/Linux 12\"\n",
				       "PRETTY_NAME", value, sizeof(value)));
	EXPECT_STR(value, "Debian GNU/Linux 12");
	EXPECT(vtdiag_os_release_value("NAME='Foo \"Bar\"'\n", "NAME", value,
				       sizeof(value)));
	EXPECT_STR(value, "Foo \"Bar\"");
	EXPECT(vtdiag_os_release_value("NAME=\"a \\\"q\\\" b\"", "NAME", value,
				       sizeof(value)));
	EXPECT_STR(value, "a \"q\" b");
	/* Truncated, never overrun. */
	EXPECT(vtdiag_os_release_value("ID=abcdefgh", "ID", value, 4));
	EXPECT_STR(value, "abc");
}

/* The iommu check's detail and status, on the scenarios' trees. */
static void expect_iommu(void (*tweak)(struct vtdiag_report *report),
			 __u32 vendor, enum vtdiag_status status,
			 const char *detail)
{
	const struct scenario sc = { "iommu", ENABLED, vendor, .tweak = tweak };
	struct vtdiag_results results;
	struct vtdiag_report report;
	size_t i;

	build(&report, &sc);
	if (vtdiag_judge(&report, &results)) {
		test_failed = 1;
		vtdiag_report_free(&report);
		return;
	}
	for (i = 0; i < results.count; i++) {
		if (strcmp(results.items[i].check->id, "iommu"))
			continue;
		EXPECT(results.items[i].status == status);
		EXPECT_STR(results.items[i].detail, detail);
	}
	vtdiag_results_free(&results);
	vtdiag_report_free(&report);
}

static void test_iommu_detail(void)
{
	expect_iommu(iommu_no_table, INTEL, VTDIAG_WARN,
		     "no DMAR or IVRS table: off in the firmware setup, or not in this machine");
	expect_iommu(iommu_intel_cmdline_off, INTEL, VTDIAG_WARN,
		     "DMAR (Intel VT-d) table present; turned off by intel_iommu=off on the kernel command line");
	expect_iommu(iommu_intel_default_off, INTEL, VTDIAG_WARN,
		     "DMAR (Intel VT-d) table present; not enabled by the kernel: its default is off and intel_iommu=on is not given");
	expect_iommu(iommu_amd_not_built, AMD, VTDIAG_WARN,
		     "IVRS (AMD-Vi) table present; this kernel has no driver for it");
	expect_iommu(iommu_no_groups, INTEL, VTDIAG_WARN,
		     "DMAR (Intel VT-d) table present; enabled (dmar0), but no IOMMU groups");
	expect_iommu(iommu_passthrough, AMD, VTDIAG_PASS,
		     "IVRS (AMD-Vi) table present; enabled (ivhd0), 2 groups; passthrough mode (identity domains)");
	/* Not probed: a report of crafted facts. */
	expect_iommu(NULL, AMD, VTDIAG_SKIP, "not checked");
}

/* What a check of its own facts says: status and detail, on @tweak's tree. */
static void expect_check(void (*tweak)(struct vtdiag_report *), const char *id,
			 enum vtdiag_status status, const char *detail)
{
	const struct scenario sc = { id, ENABLED, AMD, .tweak = tweak };
	struct vtdiag_results results;
	struct vtdiag_report report;
	size_t i;

	build(&report, &sc);
	if (vtdiag_judge(&report, &results)) {
		test_failed = 1;
		vtdiag_report_free(&report);
		return;
	}
	for (i = 0; i < results.count; i++) {
		if (strcmp(results.items[i].check->id, id))
			continue;
		if (results.items[i].status != status) {
			printf("#   %s: status %d, expected %d\n", id,
			       results.items[i].status, status);
			test_failed = 1;
		}
		EXPECT_STR(results.items[i].detail, detail);
	}
	vtdiag_results_free(&results);
	vtdiag_report_free(&report);
}

static void test_cgroups_details(void)
{
	expect_check(cgroups_v2_all, "cgroups", VTDIAG_PASS,
		     "memory, cpu, cpuacct, cpuset, devices, blkio present; cgroup v2");
	expect_check(cgroups_v2_bpf_unknown, "cgroups", VTDIAG_PASS,
		     "memory, cpu, cpuacct, cpuset, devices, blkio present; cgroup v2; "
		     "whether devices works cannot be told: no kernel configuration "
		     "to read (/boot/config-RELEASE, /proc/config.gz)");
	expect_check(cgroups_none_mounted, "cgroups", VTDIAG_WARN,
		     "missing: memory (not mounted), cpu (not mounted), cpuacct (not mounted), "
		     "cpuset (not mounted), devices (not mounted), blkio (not mounted); "
		     "no cgroup file system mounted");
	/* memory missing from /proc/cgroups (v1 only) is not "not built". */
	expect_check(cgroups_v2_new_kernel, "cgroups", VTDIAG_PASS,
		     "memory, cpu, cpuacct, cpuset, devices, blkio present; cgroup v2");
	expect_check(cgroups_none_new_kernel, "cgroups", VTDIAG_WARN,
		     "missing: memory (not mounted), cpu (not mounted), cpuacct (not mounted), "
		     "cpuset (not mounted), devices (not mounted), blkio (not mounted); "
		     "no cgroup file system mounted");
	expect_check(cgroups_v1_unmounted, "cgroups", VTDIAG_WARN,
		     "missing: memory (not mounted), blkio (not mounted); cgroup v1");
	expect_check(cgroups_not_delegated, "cgroups", VTDIAG_WARN,
		     "missing: cpu (not delegated to this cgroup), cpuset (not delegated "
		     "to this cgroup), blkio (not delegated to this cgroup); cgroup v2");
	expect_check(cgroups_memory_disabled, "cgroups", VTDIAG_WARN,
		     "missing: memory (switched off at boot); cgroup v2");
	expect_check(cgroups_cpuset_disabled, "cgroups", VTDIAG_WARN,
		     "missing: cpuset (switched off at boot); cgroup v2");
	expect_check(cgroups_v1_not_built, "cgroups", VTDIAG_WARN,
		     "missing: blkio (not in the kernel); cgroup v1");
	expect_check(cgroups_v2_no_bpf, "cgroups", VTDIAG_WARN,
		     "missing: devices (kernel without CONFIG_CGROUP_BPF); cgroup v2");
	expect_check(cgroups_hybrid, "cgroups", VTDIAG_PASS,
		     "memory, cpu, cpuacct, cpuset, devices, blkio present; "
		     "cgroup v1 and v2 (hybrid)");
	expect_check(cgroups_v2_config_gz, "cgroups", VTDIAG_WARN,
		     "missing: devices (kernel without CONFIG_CGROUP_BPF); cgroup v2");
}

static void test_vhost_net_details(void)
{
	expect_check(vhost_net_not_loaded, "vhost_net", VTDIAG_WARN,
		     "missing; vhost_net module: installed, not loaded");
	expect_check(vhost_net_node_missing, "vhost_net", VTDIAG_WARN,
		     "missing; vhost_net module: built into the kernel");
	/* The device there: the driver is, loaded or (no initstate) built in. */
	expect_check(tun_present, "vhost_net", VTDIAG_PASS,
		     "present; vhost_net module: built into the kernel");
}

/* The setting named @name among what the probe found; NULL if none. */
static const struct vtdiag_fw_setting *fw_find(const struct vtdiag_fwattr *fw,
					       const char *name)
{
	size_t i;

	for (i = 0; fw && i < fw->nr_settings; i++)
		if (!strcmp(fw->settings[i].name, name))
			return &fw->settings[i];
	return NULL;
}

/*
 * What firmware-attributes files can hold, read without crashing or
 * misleading: blanks and CRLF around values, a value 1 MiB long, bytes
 * that are not printable ASCII, unknown words, missing files, the HP
 * name with "I/O" spelt as a driver can spell it in a file name.
 */
static void test_fwattr_odd_values(void)
{
	const struct vtdiag_fwattr *fw;
	const struct vtdiag_fw_setting *setting;
	struct vtdiag_report report;
	size_t huge = 1 << 20;
	char *big = malloc(huge + 128);
	const char *files[] = {
		ENUM_SETTING(LMI_ATTR, "VirtualizationTechnology", "  Enable \r\n\n",
			     " Disable ; Enable ;\n"),
		ENUM_SETTING(LMI_ATTR, "VTdFeature", "Auto\n", "Auto;Disable\n"),
		LMI_ATTR "AmdVt/type=enumeration\n",
		ENUM_SETTING(LMI_ATTR, "TSME", "En\x01\xff" "able\n", "Enable\n"),
		LMI_ATTR "pending_reboot=yes\n",
		"/sys/class/firmware-attributes/thinklmi/authentication/Admin/is_enabled=\n",
		ENUM_SETTING("/sys/class/firmware-attributes/hp-bioscfg/attributes/",
			     "Virtualization Technology for Directed I_O (VTd)",
			     "Enable\n", "Disable;Enable\n"),
		big, NULL,
	};

	if (!big) {
		test_failed = 1;
		return;
	}
	/* A current_value of 1 MiB without a newline. */
	strcpy(big, DELL_ATTR "Virtualization/current_value=");
	memset(big + strlen(big), 'E', huge);
	big[strlen(DELL_ATTR "Virtualization/current_value=") + huge] = '\0';
	vtdiag_report_init(&report);
	set_vendor(&report, INTEL);
	probe_tree(&report, files);
	fw = vtdiag_report_fwattr(&report);
	EXPECT(fw && fw->class_present && fw->nr_drivers == 3);
	setting = fw_find(fw, "VirtualizationTechnology");
	EXPECT(setting && !strcmp(setting->value, "Enable") &&
	       setting->state == VTDIAG_FW_ON && !strcmp(setting->on_value, "Enable"));
	setting = fw_find(fw, "VTdFeature");
	EXPECT(setting && setting->state == VTDIAG_FW_OTHER && !setting->on_value[0]);
	setting = fw_find(fw, "AmdVt");
	EXPECT(setting && !setting->has_value && setting->state == VTDIAG_FW_UNKNOWN &&
	       !setting->has_possible);
	EXPECT(setting && vtdiag_fw_setting_refusal(fw, setting));
	setting = fw_find(fw, "TSME");
	EXPECT(setting && !strcmp(setting->value, "En??able") &&
	       setting->state == VTDIAG_FW_OTHER);
	setting = fw_find(fw, "Virtualization");
	EXPECT(setting && setting->has_value && strlen(setting->value) < VTDIAG_FW_VALUE_LEN &&
	       setting->state == VTDIAG_FW_OTHER && !setting->has_possible);
	setting = fw_find(fw, "Virtualization Technology for Directed I_O (VTd)");
	EXPECT(setting && setting->row->role == VTDIAG_FW_VTD && !setting->row->verified);
	/* "yes" and "" are neither 0 nor 1: not said. */
	EXPECT(fw && fw->drivers[2].pending_reboot == -1 &&
	       fw->drivers[2].admin_password == -1);
	/* On Intel the general switch (the table's first: Dell's), on AMD AmdVt. */
	EXPECT(vtdiag_report_fw_switch(&report) == fw_find(fw, "Virtualization"));
	set_vendor(&report, AMD);
	EXPECT(vtdiag_report_fw_switch(&report) == fw_find(fw, "AmdVt"));
	vtdiag_report_free(&report);
	free(big);
}

/* The text and JSON of the check: the setting beside the verdict. */
static void test_firmware_setting_detail(void)
{
	expect_check(fw_dell_off, "firmware_setting", VTDIAG_WARN,
		     "dell-wmi-sysman: 'Virtualization' is Disabled");
	expect_check(fw_thinkpad_pending, "firmware_setting", VTDIAG_WARN,
		     "thinklmi: 'VirtualizationTechnology' is Enable; a change waits for the next restart");
	expect_check(rack_server, "firmware_setting", VTDIAG_SKIP,
		     "no firmware-attributes driver: Linux sees no firmware settings here");
	expect_check(NULL, "firmware_setting", VTDIAG_SKIP,
		     "no firmware-attributes driver: Linux sees no firmware settings here");
}

static const struct test_case tests[] = {
	{ "advice: each scenario gets exactly its steps", test_scenarios },
	{ "advice: every rule is expected by a scenario", test_every_rule_has_a_scenario },
	{ "advice: ids unique and well-formed", test_rule_ids },
	{ "text: Dell, open setup, enable, cold boot", test_text_dell_steps },
	{ "text: QEMU and libvirt checks", test_text_userspace_checks },
	{ "cgroups: status and detail per cause", test_cgroups_details },
	{ "vhost_net: status and detail", test_vhost_net_details },
	{ "json: machine and os", test_json_machine_and_os },
	{ "lookup: maker from DMI", test_oem_lookup },
	{ "lookup: whole words", test_word_matching },
	{ "lookup: cloud from DMI", test_cloud_lookup },
	{ "lookup: distribution from os-release", test_distro_lookup },
	{ "lookup: hypervisor from signature and DMI", test_hypervisor_identity },
	{ "probe: DMI, UEFI, os-release, QEMU, libvirt", test_platform_probe },
	{ "probe: os-release values", test_os_release_values },
	{ "iommu: status and detail", test_iommu_detail },
	{ "fwattr: odd values read safely", test_fwattr_odd_values },
	{ "firmware_setting: status and detail", test_firmware_setting_detail },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
