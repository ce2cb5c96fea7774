/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the facts mean, each decided in one function: the verdict, the
 * exit status, KVM's state, who may open /dev/kvm, CPU ranges; and the
 * advice engine. The checks (check.h, checks/) are built from these.
 * Pure functions of struct vtdiag_report: no netlink, no printing.
 */
#ifndef VTDIAG_REPORT_H
#define VTDIAG_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "hypervisor.h"
#include "model.h"
#include "strbuf.h"

/* The exit statuses of the tool contract (docs/design.md, "Tool contract"), fixed. */
enum vtdiag_exit {
	VTDIAG_EXIT_READY		= 0,	/* KVM usable now */
	VTDIAG_EXIT_OS_NOT_READY	= 1,	/* firmware allows, OS not ready */
	VTDIAG_EXIT_FIRMWARE_OFF	= 2,	/* disabled in firmware */
	VTDIAG_EXIT_NO_HW_VIRT		= 3,	/* unsupported or hidden */
	VTDIAG_EXIT_UNDETERMINED	= 4,	/* could not determine */
	VTDIAG_EXIT_USAGE		= 64,	/* bad command line */
};

struct vtdiag_distro;

/* The host verdict when there are CPU data, else unknown: what every output shows. */
__u32 vtdiag_report_verdict(const struct vtdiag_report *report);
/* "module" or "fallback": where the CPU data came from. */
const char *vtdiag_report_source(const struct vtdiag_report *report);
/* A state from a newer module than this tool reads as unknown. */
__u32 vtdiag_known_state(__u32 state);
/* How the report rates a state, and what it means to an admin (N_()). */
enum vtdiag_status vtdiag_state_status(__u32 state);
const char *vtdiag_state_meaning(__u32 state);
/* The firmware lets KVM use VT-x/AMD-V in this state. */
bool vtdiag_state_allows(__u32 state);
/* EACCES or EPERM (either sign): refused, rather than failed. */
bool vtdiag_errno_denied(int errnum);

/* enum vtdiag_tech of the host, from the module's tech or vendor. */
__u32 vtdiag_report_tech(const struct vtdiag_report *report);

/*
 * Whether the kernel shows the technology's flag (vmx, svm) in
 * /proc/cpuinfo: 1 or 0; -1 when unread or the technology is unknown.
 */
int vtdiag_report_kernel_flag(const struct vtdiag_report *report);
/* "kvm_intel"/"kvm_amd", the module this CPU needs; NULL if unknown. */
const char *vtdiag_report_vendor_module(const struct vtdiag_report *report);
/* KVM states: the module's attributes when present, else /sys/module. */
__u32 vtdiag_report_kvm_core(const struct vtdiag_report *report);
/* False when the vendor, hence the vendor module, is unknown. */
bool vtdiag_report_kvm_vendor(const struct vtdiag_report *report,
			      __u32 *kvm_state);

/* Whether the KVM states came from the module (else /sys/module). */
bool vtdiag_report_kvm_from_module(const struct vtdiag_report *report);
/* A KVM module in @kvm_state can serve /dev/kvm: loaded or built in. */
bool vtdiag_kvm_usable(__u32 kvm_state);

/*
 * Live bits older than this are worth telling a caller who cannot have
 * them re-read (the module renews them only for CAP_SYS_ADMIN).
 */
#define VTDIAG_LIVE_STALE_MS	5000

/* CPUs with VT-x/AMD-V switched on now (VMXE/SVME); -1 when not known. */
int vtdiag_report_cpus_active(const struct vtdiag_report *report);

/* Who holds VT-x/AMD-V, as far as the tool can tell. */
enum vtdiag_holder {
	VTDIAG_HOLDER_UNKNOWN,		/* no live bits, or vendor unknown */
	VTDIAG_HOLDER_NONE,		/* switched on nowhere */
	VTDIAG_HOLDER_KVM,		/* on, and the KVM vendor module is in */
	VTDIAG_HOLDER_OTHER,		/* on without KVM: another hypervisor */
};

enum vtdiag_holder vtdiag_virt_holder(const struct vtdiag_report *report);
/* "kvm", "other", "none"; NULL for unknown. */
const char *vtdiag_holder_name(enum vtdiag_holder holder);

/* Why this user can or cannot open /dev/kvm. */
enum vtdiag_dev_kvm_access {
	VTDIAG_DEV_KVM_OK,
	VTDIAG_DEV_KVM_MISSING,
	VTDIAG_DEV_KVM_NOT_IN_GROUP,	/* not a member of the group database */
	VTDIAG_DEV_KVM_RELOGIN,		/* a member, not in this login session */
	VTDIAG_DEV_KVM_PERMISSIONS,	/* owner and mode let no group in */
	VTDIAG_DEV_KVM_ACL,		/* the mode allows it, an ACL does not */
	VTDIAG_DEV_KVM_OTHER,		/* refused otherwise (LSM, container...) */
};

enum vtdiag_dev_kvm_access vtdiag_dev_kvm_access(const struct vtdiag_report *report);
/* For JSON: "ok", "missing", "not_in_group", ... */
const char *vtdiag_dev_kvm_access_name(enum vtdiag_dev_kvm_access access);
/* "root:kvm, mode 0660 (rw-rw----)" */
void vtdiag_describe_dev_kvm(struct strbuf *sb, const struct vtdiag_os *os);
/* "VirtualBox (vboxdrv)"; "" when no such driver is loaded. */
void vtdiag_describe_other_hv(struct strbuf *sb, const struct vtdiag_os *os);

/* /dev/kvm registered by KVM (/sys/class/misc/kvm): 1, 0, -1 unknown. */
int vtdiag_kvm_registered(const struct vtdiag_report *report);
/* The first vendor module in the kernel that is not kvm_intel/kvm_amd. */
const struct vtdiag_kvm_provider *
vtdiag_report_other_provider(const struct vtdiag_report *report);
/*
 * The vendor module KVM runs through when it is not kvm_intel or kvm_amd
 * (kvm_pvm: paravirtual, no VT-x/AMD-V needed): such a module is in the
 * kernel and /dev/kvm is registered. NULL otherwise. Then the firmware
 * verdict does not decide: /dev/kvm and who may open it do.
 */
const char *vtdiag_kvm_other_vendor(const struct vtdiag_report *report);

bool vtdiag_firmware_allows(const struct vtdiag_report *report);
/* The KVM core or the vendor module the CPU needs is absent. */
bool vtdiag_kvm_missing(const struct vtdiag_report *report);
/* "loaded", "built into the kernel", "not loaded" (translated). */
const char *vtdiag_kvm_state_phrase(__u32 kvm_state);
/*
 * An OS-side problem is the thing to fix only once the firmware allows
 * virtualization (or KVM runs without it); before that it only warns.
 */
enum vtdiag_status vtdiag_os_status(const struct vtdiag_report *report,
				    bool ok);
/* The read of FEATURE_CONTROL / VM_CR faulted (on this CPU, on some CPU). */
bool vtdiag_cpu_msr_faulted(const struct vtdiag_cpu *cpu, const void *arg);
bool vtdiag_report_msr_faulted(const struct vtdiag_report *report);
/* The distribution's package commands; NULL for one vtdiag does not know. */
const struct vtdiag_distro *vtdiag_report_distro(const struct vtdiag_report *report);
bool vtdiag_qemu_missing(const struct vtdiag_report *report);
bool vtdiag_libvirt_missing(const struct vtdiag_report *report);
bool vtdiag_kvm_ready(const struct vtdiag_report *report);
enum vtdiag_exit vtdiag_exit_status(const struct vtdiag_report *report);
/* One sentence for the end of the text report. */
const char *vtdiag_exit_summary(enum vtdiag_exit status);
/* The same for this report: it names the vendor module KVM runs through. */
void vtdiag_describe_summary(struct strbuf *sb,
			     const struct vtdiag_report *report);

struct vtdiag_advice {
	const char *id;
	const struct vtdiag_check *check;	/* whose rule it is */
	char *text;
};

struct vtdiag_advice_list {
	struct vtdiag_advice *items;
	size_t count;
};

/*
 * The numbered steps: every check's rules that match, in the order of
 * vtdiag_advice_rules(). Returns 0 or -ENOMEM; free the list with
 * vtdiag_advice_free().
 */
int vtdiag_advise(const struct vtdiag_report *report,
		  struct vtdiag_advice_list *list);
void vtdiag_advice_free(struct vtdiag_advice_list *list);
/* @text with its {placeholders} filled in; caller frees. */
char *vtdiag_expand(const char *text, const struct vtdiag_report *report);

/* Helpers the checks, the advice and the printers share. */
/* "VT-x", "AMD-V", or "VT-x/AMD-V" for an unknown vendor. */
const char *vtdiag_tech_label(__u32 tech);
/*
 * "CPU 3" or "CPUs 0-2,5": the CPUs for which @match(cpu, @arg) holds,
 * consecutive ids as ranges.
 */
void vtdiag_add_cpu_list(struct strbuf *sb, const struct vtdiag_report *report,
			 bool (*match)(const struct vtdiag_cpu *cpu,
				       const void *arg),
			 const void *arg);

/*
 * The CPUID vendor string without the padding some vendors put in it
 * ("  Shanghai  " is Zhaoxin's), for people to read.
 */
void vtdiag_vendor_id_trimmed(const struct vtdiag_report *report, char *buf,
			      size_t size);

/* "CPUs 2-3: disabled in the BIOS/UEFI setup, 6 others: enabled" */
void vtdiag_describe_cpu_states(struct strbuf *sb,
				const struct vtdiag_report *report);
/* "KVM (signature \"KVMKVMKVM\")" */
void vtdiag_describe_hypervisor(struct strbuf *sb,
				const struct vtdiag_report *report);
/* The product behind a signature alone ("KVM"); NULL when not known. */
const char *vtdiag_hypervisor_product(const char *signature);
/* The hypervisor, from its signature and the DMI strings it shows. */
struct vtdiag_hv_identity vtdiag_report_hypervisor(const struct vtdiag_report *report);
/* "EIO" for -EIO/EIO, "errno 1234" for numbers libc does not name. */
const char *vtdiag_errno_name(int errnum, char *buf, size_t size);
/*
 * The name <errno.h> gives errnum (>= 0) at build time, NULL for none:
 * what vtdiag_errno_name() uses where the C library has no
 * strerrorname_np() (glibc before 2.32).
 */
const char *vtdiag_errno_table_name(int errnum);

#endif /* VTDIAG_REPORT_H */
