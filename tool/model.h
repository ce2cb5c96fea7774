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

#define VTDIAG_MODULE_VERSION_LEN	64
#define VTDIAG_KMOD_NAME_LEN		32
#define VTDIAG_USER_LEN			64

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
};

/* The operating system side, read by host.c without the module. */
struct vtdiag_os {
	__u32 kvm_core;			/* enum vtdiag_kvm_state, /sys/module */
	__u32 kvm_intel;
	__u32 kvm_amd;
	bool dev_kvm_exists;
	int dev_kvm_errno;		/* 0 when this user could open it */
	char user[VTDIAG_USER_LEN];	/* login name, for advice */
	bool kvm_group_exists;
	bool user_in_kvm_group;		/* listed in the group database */
	bool session_in_kvm_group;	/* this process has the group now */
};

enum vtdiag_module_status {
	VTDIAG_MODULE_OK,		/* host and CPUs were queried */
	VTDIAG_MODULE_MISSING,		/* family "vtdiag" not resolvable */
	VTDIAG_MODULE_FAILED,		/* the query itself failed */
};

#define VTDIAG_MODULE_ERROR_LEN		256

struct vtdiag_report {
	enum vtdiag_module_status module;
	/* Why the query failed (VTDIAG_MODULE_FAILED), for advice and JSON. */
	char module_error[VTDIAG_MODULE_ERROR_LEN];
	struct vtdiag_host host;
	struct vtdiag_cpu *cpus;	/* ascending id */
	size_t nr_cpus;
	struct vtdiag_os os;
};

void vtdiag_report_init(struct vtdiag_report *report);
void vtdiag_report_free(struct vtdiag_report *report);
/* Empties the CPU list, e.g. before retrying an interrupted dump. */
void vtdiag_report_clear_cpus(struct vtdiag_report *report);
/* Appends a zeroed record (active unknown); NULL when out of memory. */
struct vtdiag_cpu *vtdiag_report_add_cpu(struct vtdiag_report *report);

#endif /* VTDIAG_MODEL_H */
