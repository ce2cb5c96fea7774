/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tool knows about this machine, as plain structs: filled by the
 * netlink layer (module side) and host.c (OS side), read by report.c
 * (verdict, checks, advice) and the printers. Nothing here talks to the
 * kernel or prints.
 */
#ifndef VTDIAG_MODEL_H
#define VTDIAG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <linux/vtdiag.h>

#include "vtdiag/decode.h"

#define VTDIAG_MODULE_VERSION_LEN	64
#define VTDIAG_KMOD_NAME_LEN		32
#define VTDIAG_USER_LEN			64
#define VTDIAG_GROUP_LEN		64

/*
 * Confidential computing: one slot per feature, indexed by VTDIAG_A_CC_*
 * (slot 0 unused). A feature the module (or the fallback) did not report
 * has present false: a vendor without it, or an older module.
 */
#define VTDIAG_CC_SLOTS			(VTDIAG_A_CC_MAX + 1)

struct vtdiag_cc_feature {
	bool present;
	__u32 state;			/* enum vtdiag_state */
	__u32 causes;			/* enum vtdiag_cc_causes */
	bool has_cpus;
	__u32 cpus;			/* host: CPUs where it is enabled */
};

/* VTDIAG_CMD_GET_HOST reply. has_* is false when the module left it out. */
struct vtdiag_host {
	char module_version[VTDIAG_MODULE_VERSION_LEN];
	bool has_generation;
	__u32 generation;
	__u32 vendor;			/* enum vtdiag_vendor */
	char vendor_id[VTDIAG_VENDOR_ID_LEN + 1];
	__u32 tech;			/* enum vtdiag_tech */
	__u32 verdict;			/* enum vtdiag_state */
	__u32 cpus_online;
	__u32 state_counts[__VTDIAG_STATE_MAX];
	bool hypervisor;		/* CPUID.1:ECX[31] */
	bool has_hv_signature;
	char hv_signature[VTDIAG_HV_SIG_LEN + 1];
	bool has_kvm_core;
	__u32 kvm_core;			/* enum vtdiag_kvm_state */
	bool has_kvm_vendor;
	__u32 kvm_vendor;		/* enum vtdiag_kvm_state */
	char kvm_vendor_module[VTDIAG_KMOD_NAME_LEN];
	bool has_cpus_active;
	__u32 cpus_active;		/* CPUs with CR4.VMXE / EFER.SVME set */
	/*
	 * CPUs isolated with nohz_full= or isolcpus=: the module never
	 * interrupts them, so their live bit is not sampled.
	 */
	bool has_cpus_isolated;
	__u32 cpus_isolated;
	/*
	 * Age of the live bits: the module re-reads them only for a caller
	 * with CAP_SYS_ADMIN, everyone else gets the values last read.
	 */
	bool has_live_age;
	__u32 live_age_ms;
	/*
	 * What this kernel does with an IA32_FEATURE_CONTROL that firmware
	 * left unlocked, and whether it was started through tboot. Known
	 * (has_kernel_policy) only from a module that sends these; absent
	 * flags then mean "no". An older module leaves them all unknown.
	 */
	bool has_kernel_policy;
	bool kernel_locks_feat_ctl;	/* it locks the register at boot */
	bool kernel_enables_vmx;	/* ...with VMX on (CONFIG_KVM_INTEL) */
	bool tboot;			/* runs inside SMX (Intel TXT) */
	/*
	 * VTDIAG_A_HOST_CC: the host verdict of each confidential-computing
	 * feature. has_cc false: a module older than these attributes.
	 */
	bool has_cc;
	struct vtdiag_cc_feature cc[VTDIAG_CC_SLOTS];
};

/* One VTDIAG_CMD_EVENT: what changed, and the host state after it. */
struct vtdiag_event_info {
	__u32 type;			/* enum vtdiag_event; UNSPEC if absent */
	bool has_cpu;
	__u32 cpu;
	char module[VTDIAG_KMOD_NAME_LEN];	/* "" unless a KVM event */
	bool has_module_state;
	__u32 module_state;		/* enum vtdiag_kvm_state */
	struct vtdiag_host host;
};

/* One VTDIAG_CMD_GET_CPU record. */
struct vtdiag_cpu {
	__u32 id;
	__u32 state;			/* enum vtdiag_state */
	bool has_vendor;
	__u32 vendor;			/* enum vtdiag_vendor */
	bool has_flags;
	__u32 flags;			/* VTDIAG_F_* */
	bool has_feat_ctl;
	__u64 feat_ctl;
	__s32 feat_ctl_err;		/* -errno of a faulting read, or 0 */
	bool has_vm_cr;
	__u64 vm_cr;
	__s32 vm_cr_err;
	int active;			/* CR4.VMXE/EFER.SVME: 1, 0, -1 unknown */
	/* nohz_full=/isolcpus=: live bit not sampled (host.has_cpus_isolated) */
	bool isolated;
	/*
	 * Confidential computing. has_cc_raw: the raw CPUID words and MSRs
	 * came (VTDIAG_A_CPU_CPUID_MAX_BASIC is always sent with them);
	 * cpuid1_ecx and max_ext complete the decoder's input. has_cc: the
	 * per-feature states (VTDIAG_A_CPU_CC, or the fallback's decoding).
	 */
	bool has_cc_raw;
	__u32 cpuid1_ecx;
	__u32 max_ext;
	struct vtdiag_cc_raw cc_raw;
	/* BIT(enum vtdiag_cc_msr) read, but withheld from this caller. */
	__u32 cc_msr_withheld;
	bool has_cc;
	struct vtdiag_cc_feature cc[VTDIAG_CC_SLOTS];
};

#define VTDIAG_KERNEL_FLAG_VMX		(1 << 0)
#define VTDIAG_KERNEL_FLAG_SVM		(1 << 1)

/* Drivers of other hypervisors that can hold VT-x/AMD-V. */
enum vtdiag_other_hv {
	VTDIAG_OTHER_HV_VIRTUALBOX	= 1U << 0,	/* vboxdrv */
	VTDIAG_OTHER_HV_VMWARE		= 1U << 1,	/* vmmon */
};

struct vtdiag_other_hv_driver {
	__u32 bit;			/* enum vtdiag_other_hv */
	const char *product;		/* "VirtualBox" */
	const char *driver;		/* its module holding VT-x/AMD-V */
	const char *unload;		/* the command that unloads it */
};

extern const struct vtdiag_other_hv_driver vtdiag_other_hv_drivers[];
extern const size_t vtdiag_nr_other_hv_drivers;

/*
 * The KVM vendor modules vtdiag knows: the ones that register /dev/kvm on
 * top of the kvm core module.
 */
struct vtdiag_kvm_vendor_info {
	const char *module;		/* "kvm_pvm" */
	/* 1: runs guests with the CPU's VT-x/AMD-V; 0: without (paravirtual) */
	int hardware_virt;
};

extern const struct vtdiag_kvm_vendor_info vtdiag_kvm_vendors[];
extern const size_t vtdiag_nr_kvm_vendors;
/* The entry of @module; NULL for a vendor module vtdiag does not know. */
const struct vtdiag_kvm_vendor_info *vtdiag_kvm_vendor_find(const char *module);
/* kvm_intel or kvm_amd: the vendor modules of VT-x and AMD-V. */
bool vtdiag_kvm_vendor_is_hardware(const char *module);
/*
 * Modules that use kvm (and so hold it) without being a vendor module:
 * they provide no /dev/kvm of their own.
 */
bool vtdiag_kvm_helper_module(const char *module);

/* A vendor module in the kernel: a holder of kvm, or one built in. */
struct vtdiag_kvm_provider {
	char module[VTDIAG_KMOD_NAME_LEN];
	__u32 state;			/* enum vtdiag_kvm_state: loaded, builtin */
};

#define VTDIAG_KVM_PROVIDERS_MAX	8

/* The operating system side, read by host.c without the module. */
struct vtdiag_os {
	__u32 kvm_core;			/* enum vtdiag_kvm_state, /sys/module */
	__u32 kvm_intel;
	__u32 kvm_amd;
	/*
	 * kvm.enable_virt_at_load (Linux 6.12+): 1 or 0, -1 when there is no
	 * such parameter (older kernel, or kvm not loaded).
	 */
	int enable_virt_at_load;
	/*
	 * The flags the kernel shows for the first CPU in /proc/cpuinfo:
	 * VTDIAG_KERNEL_FLAG_* or -1 when unread. Linux clears vmx (VT-x
	 * disabled in IA32_FEATURE_CONTROL) and, from 6.7 on, svm
	 * (VM_CR.SVMDIS): what kvm-ok, lscpu and virt-host-validate go by.
	 */
	int kernel_flags;
	__u32 other_hv;			/* VTDIAG_OTHER_HV_* drivers loaded */

	/*
	 * /sys/class/misc/kvm: KVM registered its misc device /dev/kvm, which
	 * it does at the end of a successful initialisation. A built-in
	 * vendor module whose initialisation failed (virtualization off in
	 * the firmware) is still in /sys/module, without it.
	 */
	bool kvm_registered_known;
	bool kvm_registered;
	/*
	 * The vendor modules in the kernel, by name: the holders of kvm
	 * (/sys/module/kvm/holders/, helpers left out) and the known vendor
	 * modules built in (a built-in kvm has no holders directory).
	 */
	struct vtdiag_kvm_provider kvm_providers[VTDIAG_KVM_PROVIDERS_MAX];
	size_t nr_kvm_providers;
	/* Effective CAP_SYS_ADMIN: the module re-reads live bits for us. */
	bool cap_sys_admin;

	bool dev_kvm_exists;
	int dev_kvm_errno;		/* 0 when this user could open it */
	/* Owner and mode of /dev/kvm (valid when it exists). */
	__u32 dev_kvm_uid;
	__u32 dev_kvm_gid;
	__u32 dev_kvm_mode;		/* st_mode: type and permissions */
	char dev_kvm_owner[VTDIAG_USER_LEN];	/* name, or the number */
	char dev_kvm_group[VTDIAG_GROUP_LEN];
	bool dev_kvm_acl;		/* it carries a POSIX access ACL */
	bool session_in_dev_kvm_group;	/* this process has its group */

	__u32 uid;			/* effective uid of this process */
	char user[VTDIAG_USER_LEN];	/* login name, for advice */
	/*
	 * The group meant to give access to /dev/kvm: the device's group
	 * when that one grants read-write and is not root, else "kvm".
	 */
	char kvm_group[VTDIAG_GROUP_LEN];
	bool kvm_group_exists;
	bool user_in_kvm_group;		/* listed in the group database */
	bool session_in_kvm_group;	/* this process has the group now */
	/*
	 * getent(1) did not answer within this deadline (ms; 0: it answered
	 * or was not needed): the user's name and groups are then unknown.
	 */
	__u32 getent_timeout_ms;
};

/* What DMI (/sys/class/dmi/id) says about the machine; "" when absent. */
#define VTDIAG_DMI_LEN			128

struct vtdiag_dmi {
	char sys_vendor[VTDIAG_DMI_LEN];
	char product_name[VTDIAG_DMI_LEN];
	char product_version[VTDIAG_DMI_LEN];
	char product_family[VTDIAG_DMI_LEN];
	char board_vendor[VTDIAG_DMI_LEN];
	char board_name[VTDIAG_DMI_LEN];
	char bios_vendor[VTDIAG_DMI_LEN];
	char bios_version[VTDIAG_DMI_LEN];
	char bios_date[VTDIAG_DMI_LEN];
	char chassis_asset_tag[VTDIAG_DMI_LEN];
};

/* Whether the libvirt daemon runs, as far as the tool could tell. */
enum vtdiag_libvirt_state {
	VTDIAG_LIBVIRT_MISSING,		/* neither libvirtd nor virtqemud */
	VTDIAG_LIBVIRT_UNCHECKED,	/* installed; not booted with systemd */
	VTDIAG_LIBVIRT_ACTIVE,		/* one of its units is active */
	VTDIAG_LIBVIRT_INACTIVE,	/* installed, no unit active */
};

#define VTDIAG_OS_FIELD_LEN		128
#define VTDIAG_PATH_LEN			128
#define VTDIAG_UNIT_LEN			32

/*
 * The machine around the CPU and the userspace the checklist needs, read
 * by platform.c without the module: firmware identity and boot mode,
 * /etc/os-release, QEMU and libvirt.
 */
struct vtdiag_platform {
	struct vtdiag_dmi dmi;
	bool uefi;			/* /sys/firmware/efi exists */
	bool systemd;			/* booted with systemd as PID 1 */
	bool wsl;			/* a WSL kernel (Windows Subsystem for Linux) */

	char os_id[VTDIAG_OS_FIELD_LEN];	/* os-release ID, "debian" */
	char os_id_like[VTDIAG_OS_FIELD_LEN];	/* ID_LIKE, "rhel centos fedora" */
	char os_name[VTDIAG_OS_FIELD_LEN];	/* PRETTY_NAME */

	char qemu[VTDIAG_PATH_LEN];	/* the QEMU system emulator found, or "" */
	char libvirtd[VTDIAG_PATH_LEN];	/* monolithic daemon, or "" */
	char virtqemud[VTDIAG_PATH_LEN];	/* modular QEMU daemon, or "" */
	enum vtdiag_libvirt_state libvirt;
	char libvirt_unit[VTDIAG_UNIT_LEN];	/* the active unit, or "" */
	/* systemctl did not answer within this deadline (ms), or 0 */
	__u32 systemctl_timeout_ms;
};

enum vtdiag_module_status {
	VTDIAG_MODULE_OK,		/* host and CPUs were queried */
	VTDIAG_MODULE_MISSING,		/* family "vtdiag" not resolvable */
	VTDIAG_MODULE_FAILED,		/* the query itself failed */
	VTDIAG_MODULE_NOT_ASKED,	/* a captured tree (--root): none to ask */
};

#define VTDIAG_MODULE_ERROR_LEN		256

/* How the fallback (fallback.c) fared with the firmware registers. */
enum vtdiag_msr_access {
	VTDIAG_MSR_READ,		/* read; a fault shows in the CPU record */
	VTDIAG_MSR_NOT_ROOT,		/* /dev/cpu/N/msr is root's */
	VTDIAG_MSR_NO_PERMISSION,	/* root without CAP_SYS_RAWIO */
	VTDIAG_MSR_NO_DRIVER,		/* no msr driver, and none loaded */
	VTDIAG_MSR_FAILED,		/* opening it failed otherwise */
};

/* Something the report lacks, and why: "msr", "not root (run with sudo)". */
#define VTDIAG_UNAVAILABLE_MAX		8
#define VTDIAG_UNAVAILABLE_WHY_LEN	192

struct vtdiag_unavailable {
	/* "module", "cpuid", "msr", "active"; "groups", "libvirt" */
	const char *what;
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];
};

#define VTDIAG_MODULE_FILE_LEN		256

/* The TDX module as the kernel log tells of it (docs/design.md). */
enum vtdiag_tdx_module {
	VTDIAG_TDX_MODULE_UNREAD,	/* the log was not looked at */
	VTDIAG_TDX_MODULE_LOG_UNREADABLE, /* /dev/kmsg refused us: klog_err */
	VTDIAG_TDX_MODULE_NO_MESSAGE,	/* the log says nothing of it */
	VTDIAG_TDX_MODULE_INITIALIZED,	/* "virt/tdx: module initialized" */
	VTDIAG_TDX_MODULE_FAILED,	/* initialization failed, or no module */
};

#define VTDIAG_CC_LOG_LEN		160

/*
 * The operating system's side of confidential computing (cc_os.c), read
 * through the root. -1 in an int: no such file (older kernel, module not
 * loaded) or unreadable.
 */
struct vtdiag_cc_os {
	bool probed;
	/* kvm_amd's sev, sev_es, sev_snp by VTDIAG_A_CC_*: KVM's results. */
	int kvm_amd[VTDIAG_CC_SLOTS];
	int kvm_intel_tdx;		/* kvm_intel.tdx */
	bool dev_sev;			/* /dev/sev, the PSP's device */
	int ccp;			/* enum vtdiag_kmod_avail of ccp */
	/* The first CPU's flags in /proc/cpuinfo, BIT(VTDIAG_A_CC_*); -1 unread. */
	int cpuinfo_flags;
	bool cmdline_read;
	char mem_encrypt[16];		/* mem_encrypt= on the command line */
	bool nohibernate;
	/* misc cgroup capacity (ASIDs); -1 when not listed. */
	long long misc_sev;
	long long misc_sev_es;
	enum vtdiag_tdx_module tdx_module;
	int klog_err;			/* why the log could not be read */
	/* The last kernel log line that tells about TDX, resp. SEV. */
	char tdx_log[VTDIAG_CC_LOG_LEN];
	char sev_log[VTDIAG_CC_LOG_LEN];
};

/* Room for the facts of checks with a probe of their own (check.h). */
#define VTDIAG_CHECKS_MAX		32

struct vtdiag_report {
	enum vtdiag_module_status module;
	/* Why the query failed (VTDIAG_MODULE_FAILED), for advice and JSON. */
	char module_error[VTDIAG_MODULE_ERROR_LEN];
	struct vtdiag_host host;
	struct vtdiag_cpu *cpus;	/* ascending id */
	size_t nr_cpus;
	struct vtdiag_os os;
	struct vtdiag_platform platform;

	/* host and cpus were read by the tool itself, without the module. */
	bool fallback;
	enum vtdiag_msr_access msr_access;	/* fallback only */
	/* An installed vtdiag.ko that Secure Boot kept out, and where it is. */
	bool secure_boot_rejected;
	char module_file[VTDIAG_MODULE_FILE_LEN];
	/* What DKMS signs with here, for `mokutil --import` (dkms.c). */
	char mok_certificate[VTDIAG_MODULE_FILE_LEN];
	/*
	 * No such file: DKMS made no key, so it signed nothing (DKMS before
	 * 3.0 signs only through a sign_tool; Debian 11).
	 */
	bool mok_certificate_missing;
	struct vtdiag_unavailable unavailable[VTDIAG_UNAVAILABLE_MAX];
	size_t nr_unavailable;
	/* Confidential computing: the OS side, and what --require asks for. */
	struct vtdiag_cc_os cc_os;
	__u32 cc_require;		/* VTDIAG_A_CC_*, 0 without --require */
	/*
	 * Facts only one check reads, by the check's place in the table:
	 * what its probe returned (one allocation each), freed with the
	 * report.
	 */
	void *check_facts[VTDIAG_CHECKS_MAX];
};

void vtdiag_report_init(struct vtdiag_report *report);
/* Nothing known of the OS side of confidential computing. */
void vtdiag_cc_os_reset(struct vtdiag_cc_os *cc_os);
void vtdiag_report_free(struct vtdiag_report *report);
/* Empties the CPU list, e.g. before retrying an interrupted dump. */
void vtdiag_report_clear_cpus(struct vtdiag_report *report);
/* Appends a zeroed record (active unknown); NULL when out of memory. */
struct vtdiag_cpu *vtdiag_report_add_cpu(struct vtdiag_report *report);
/* There are CPU data: from the module, or read by the fallback. */
bool vtdiag_report_sampled(const struct vtdiag_report *report);
struct strbuf;
/*
 * "0-3,8,10-11": ascending CPU ids, consecutive ones as ranges. The one
 * formatter of CPU lists; it never cuts (vtdiag_add_cpu_list() and the
 * fallback's messages use it).
 */
void vtdiag_add_cpu_ranges(struct strbuf *sb, const __u32 *cpus, size_t count);

/*
 * Adds to report->unavailable what a helper program that timed out left
 * unknown ("groups": getent, "libvirt": systemctl). After the fallback,
 * which fills the list anew.
 */
void vtdiag_report_add_helper_gaps(struct vtdiag_report *report);
/* "getent did not answer within 3 s", translated. */
void vtdiag_helper_timeout_text(char *buf, size_t size, const char *program,
				__u32 timeout_ms);
/* Why @what ("msr", "active", ...) was not available; NULL if it was. */
const char *vtdiag_report_unavailable(const struct vtdiag_report *report,
				      const char *what);

#endif /* VTDIAG_MODEL_H */
