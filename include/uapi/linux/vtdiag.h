/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vtdiag — the generic netlink wire contract between vtdiag.ko, the vtdiag
 * tool and the selftests. This header is the whole wire format: no C
 * structure is ever sent, only the attributes below.
 *
 * Rules: commands and attributes start at 1; every enum is append-only and
 * never renumbered; receivers ignore attributes they do not know.
 *
 * Family "vtdiag" (VTDIAG_GENL_NAME), version 1. Resolving the family name
 * autoloads an installed module (MODULE_ALIAS_GENL_FAMILY). The family is
 * parallel: no request holds the generic netlink mutex.
 *
 * Who may do what:
 *  - Every command, and subscribing to the "monitor" group, is open to
 *    unprivileged users. That includes the raw IA32_FEATURE_CONTROL and
 *    VM_CR values: they are two fixed configuration registers whose bits
 *    (lock, VMX/SVM and SENTER/SGX/LMCE enables) the kernel already makes
 *    public as /proc/cpuinfo flags and boot messages. /dev/cpu/N/msr needs
 *    CAP_SYS_RAWIO because it reads and writes any MSR the caller names;
 *    vtdiag reads only these two, never writes, and takes no MSR number.
 *  - Firmware bits are read once, when a CPU comes online (and for every
 *    CPU at load); a query never sends a cross-CPU call for them.
 *  - The live bits (CR4.VMXE / EFER.SVME) are re-read, in one cross-CPU
 *    round to the online CPUs that are not isolated, only for a request
 *    from a caller with CAP_SYS_ADMIN, and at most once a second. Everyone
 *    else gets the values last read, with their age
 *    (VTDIAG_A_HOST_LIVE_AGE_MS). Nothing runs periodically in the kernel;
 *    a subscription costs nothing. A privileged watcher that wants live
 *    changes announced polls GET_HOST once a second (vtdiag --watch does).
 *  - CPUs isolated with nohz_full= or isolcpus= are never interrupted by
 *    vtdiag after they came online: their live bit is not sampled.
 *
 * VTDIAG_CMD_GET_HOST (do)
 *   request:  no attributes
 *   reply:    VTDIAG_CMD_GET_HOST
 *     VTDIAG_A_HOST_VERSION        string  module version
 *     VTDIAG_A_HOST_GENERATION     u32     bumped on every sample change
 *     VTDIAG_A_HOST_VENDOR         u32     enum vtdiag_vendor (of CPU
 *                                          with the lowest id)
 *     VTDIAG_A_HOST_VENDOR_ID      string  CPUID.0 vendor, "GenuineIntel"
 *     VTDIAG_A_HOST_TECH           u32     enum vtdiag_tech
 *     VTDIAG_A_HOST_VERDICT        u32     enum vtdiag_state: the common
 *                                          state of all online CPUs, or
 *                                          VTDIAG_STATE_INCONSISTENT
 *     VTDIAG_A_HOST_CPUS_ONLINE    u32     CPUs sampled and online
 *     VTDIAG_A_HOST_STATE_COUNTS   nest    one entry per state in use:
 *       VTDIAG_A_HOST_STATE_COUNT  nest
 *         VTDIAG_A_COUNT_STATE     u32     enum vtdiag_state
 *         VTDIAG_A_COUNT_CPUS      u32     number of CPUs in that state
 *     VTDIAG_A_HOST_HYPERVISOR     flag    CPUID.1:ECX[31] set
 *     VTDIAG_A_HOST_HV_SIGNATURE   string  CPUID 0x40000000 EBX,ECX,EDX
 *                                          (present only under a
 *                                          hypervisor that sets one)
 *     VTDIAG_A_HOST_KVM_CORE       u32     enum vtdiag_kvm_state of "kvm"
 *     VTDIAG_A_HOST_KVM_VENDOR     u32     enum vtdiag_kvm_state of the
 *                                          vendor module this CPU needs
 *     VTDIAG_A_HOST_KVM_VENDOR_MODULE string "kvm_intel" / "kvm_amd"
 *     VTDIAG_A_HOST_CPUS_ACTIVE    u32     CPUs with CR4.VMXE / EFER.SVME
 *                                          set: virtualization in use
 *     VTDIAG_A_HOST_CPUS_ISOLATED  u32     online CPUs that vtdiag never
 *                                          interrupts (nohz_full=,
 *                                          isolcpus=): live bit not sampled
 *     VTDIAG_A_HOST_LIVE_AGE_MS    u32     age of the live bits, ms
 *     VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL flag  this kernel locks an
 *                                          IA32_FEATURE_CONTROL that firmware
 *                                          left unlocked (CONFIG_IA32_FEAT_CTL)
 *     VTDIAG_A_HOST_KERNEL_ENABLES_VMX flag  ... and then turns VMX on in it
 *                                          (CONFIG_KVM_INTEL); without this
 *                                          flag it locks VMX off
 *     VTDIAG_A_HOST_TBOOT          flag    booted through tboot (Intel TXT):
 *                                          the kernel runs inside SMX, so
 *                                          the inside-SMX enable bit counts
 *
 * VTDIAG_CMD_GET_CPU (do)
 *   request:
 *     VTDIAG_A_CPU_ID              u32     required; an online CPU, else
 *                                          -ENODEV with extack
 *   reply:    VTDIAG_CMD_GET_CPU, the per-CPU attributes below
 *
 * VTDIAG_CMD_GET_CPU (dump)
 *   request:  no attributes
 *   reply:    one VTDIAG_CMD_GET_CPU message per online CPU, ascending id;
 *             NLM_F_DUMP_INTR is set when the generation changed while
 *             the dump ran (retry it)
 *     VTDIAG_A_CPU_ID              u32
 *     VTDIAG_A_CPU_STATE           u32     enum vtdiag_state
 *     VTDIAG_A_CPU_VENDOR          u32     enum vtdiag_vendor
 *     VTDIAG_A_CPU_VENDOR_ID       string  CPUID.0 vendor string
 *     VTDIAG_A_CPU_FLAGS           u32     VTDIAG_F_* decoded bits
 *     VTDIAG_A_CPU_CPUID_1_ECX     u32     raw CPUID.1:ECX
 *     VTDIAG_A_CPU_CPUID_MAX_EXT   u32     raw CPUID.80000000:EAX
 *     VTDIAG_A_CPU_CPUID_EXT1_ECX  u32     raw CPUID.80000001:ECX
 *     VTDIAG_A_CPU_CPUID_SVM_EDX   u32     raw CPUID.8000000A:EDX (only
 *                                          when the leaf exists)
 *     VTDIAG_A_CPU_FEAT_CTL        u64     IA32_FEATURE_CONTROL (VMX
 *                                          vendors; absent if it faulted)
 *     VTDIAG_A_CPU_FEAT_CTL_ERR    s32     -errno of a faulting read
 *     VTDIAG_A_CPU_VM_CR           u64     VM_CR (SVM vendors; absent if
 *                                          it faulted)
 *     VTDIAG_A_CPU_VM_CR_ERR       s32     -errno of a faulting read
 *     VTDIAG_A_CPU_ACTIVE          u8      CR4.VMXE / EFER.SVME: 1 when
 *                                          this CPU has virtualization
 *                                          switched on right now (absent
 *                                          when not known)
 *     VTDIAG_A_CPU_HV_SIGNATURE    string  as VTDIAG_A_HOST_HV_SIGNATURE
 *     VTDIAG_A_CPU_ISOLATED        flag    nohz_full= or isolcpus= CPU:
 *                                          never interrupted by vtdiag, so
 *                                          VTDIAG_A_CPU_ACTIVE is absent
 *
 * VTDIAG_CMD_EVENT (multicast, group "monitor"; never a request)
 *   Sent after every change, carrying the new state: all the attributes
 *   of the GET_HOST reply, plus
 *     VTDIAG_A_HOST_EVENT          u32     enum vtdiag_event: what changed
 *     VTDIAG_A_HOST_EVENT_CPU      u32     the CPU (online, offline and
 *                                          re-sample events)
 *     VTDIAG_A_HOST_EVENT_MODULE   string  "kvm", "kvm_intel", "kvm_amd"
 *                                          (KVM events)
 *     VTDIAG_A_HOST_EVENT_MODULE_STATE u32 its new enum vtdiag_kvm_state
 *   A change of the host verdict also sends VTDIAG_EVENT_VERDICT.
 *   VTDIAG_EVENT_ACTIVE carries the new VTDIAG_A_HOST_CPUS_ACTIVE; it is
 *   sent when a privileged request re-read the live bits and found a
 *   change.
 *
 * VTDIAG_A_HOST_GENERATION counts changes of the per-CPU samples (CPU
 * online/offline, re-sample, live bits): a dump seeing it change is
 * flagged NLM_F_DUMP_INTR. KVM module changes do not bump it.
 */
#ifndef _UAPI_LINUX_VTDIAG_H
#define _UAPI_LINUX_VTDIAG_H

#define VTDIAG_GENL_NAME		"vtdiag"
#define VTDIAG_GENL_VERSION		1
#define VTDIAG_MCGRP_MONITOR		"monitor"

/* Longest hypervisor signature: 12 bytes from EBX, ECX, EDX. */
#define VTDIAG_HV_SIG_LEN		12
/* Length of the CPUID.0 vendor string, without the NUL. */
#define VTDIAG_VENDOR_ID_LEN		12

enum vtdiag_cmd {
	VTDIAG_CMD_UNSPEC,
	VTDIAG_CMD_GET_HOST,
	VTDIAG_CMD_GET_CPU,
	VTDIAG_CMD_EVENT,

	__VTDIAG_CMD_MAX,
};

#define VTDIAG_CMD_MAX (__VTDIAG_CMD_MAX - 1)

/* CPU vendor, decided from the CPUID.0 vendor string. */
enum vtdiag_vendor {
	VTDIAG_VENDOR_OTHER,
	VTDIAG_VENDOR_INTEL,
	VTDIAG_VENDOR_AMD,
	VTDIAG_VENDOR_HYGON,
	VTDIAG_VENDOR_CENTAUR,
	VTDIAG_VENDOR_ZHAOXIN,

	__VTDIAG_VENDOR_MAX,
};

#define VTDIAG_VENDOR_MAX (__VTDIAG_VENDOR_MAX - 1)

/* The vendor's kind of hardware virtualization. */
enum vtdiag_tech {
	VTDIAG_TECH_NONE,	/* vendor we do not know */
	VTDIAG_TECH_VMX,	/* Intel, Centaur, Zhaoxin: VT-x */
	VTDIAG_TECH_SVM,	/* AMD, Hygon: AMD-V */

	__VTDIAG_TECH_MAX,
};

#define VTDIAG_TECH_MAX (__VTDIAG_TECH_MAX - 1)

/*
 * Per-CPU state (and host verdict). The rules are in DESIGN.md and in the
 * shared decoder include/vtdiag/decode.h.
 */
enum vtdiag_state {
	VTDIAG_STATE_UNKNOWN,		/* MSR read faulted, or unknown vendor */
	VTDIAG_STATE_ENABLED,
	VTDIAG_STATE_ENABLED_UNLOCKED,
	VTDIAG_STATE_DISABLED_OUTSIDE_SMX,
	VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	VTDIAG_STATE_UNSUPPORTED,
	VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
	VTDIAG_STATE_INCONSISTENT,	/* host verdict only: CPUs differ */

	__VTDIAG_STATE_MAX,
};

#define VTDIAG_STATE_MAX (__VTDIAG_STATE_MAX - 1)

enum vtdiag_kvm_state {
	VTDIAG_KVM_ABSENT,
	VTDIAG_KVM_LOADED,		/* a module, live */
	VTDIAG_KVM_BUILTIN,

	__VTDIAG_KVM_MAX,
};

#define VTDIAG_KVM_MAX (__VTDIAG_KVM_MAX - 1)

/* What a VTDIAG_CMD_EVENT reports. */
enum vtdiag_event {
	VTDIAG_EVENT_UNSPEC,
	VTDIAG_EVENT_KVM,		/* a KVM module loaded or went away */
	VTDIAG_EVENT_CPU_ONLINE,
	VTDIAG_EVENT_CPU_OFFLINE,
	VTDIAG_EVENT_RESAMPLE,		/* a CPU was sampled again (injection) */
	VTDIAG_EVENT_ACTIVE,		/* a CPU's CR4.VMXE / EFER.SVME changed */
	VTDIAG_EVENT_VERDICT,		/* the host verdict changed */

	__VTDIAG_EVENT_MAX,
};

#define VTDIAG_EVENT_MAX (__VTDIAG_EVENT_MAX - 1)

/* Decoded bits of one CPU, in VTDIAG_A_CPU_FLAGS. */
enum vtdiag_cpu_flags {
	VTDIAG_F_HYPERVISOR	= 1U << 0,	/* CPUID.1:ECX[31] */
	VTDIAG_F_VMX		= 1U << 1,	/* CPUID.1:ECX[5] */
	VTDIAG_F_SMX		= 1U << 2,	/* CPUID.1:ECX[6] */
	VTDIAG_F_SVM		= 1U << 3,	/* CPUID.80000001:ECX[2] */
	VTDIAG_F_SVML		= 1U << 4,	/* CPUID.8000000A:EDX[2] */
	VTDIAG_F_LOCKED		= 1U << 5,	/* FEAT_CTL[0] or VM_CR[3] */
	VTDIAG_F_VMX_IN_SMX	= 1U << 6,	/* FEAT_CTL[1] */
	VTDIAG_F_VMX_OUTSIDE_SMX = 1U << 7,	/* FEAT_CTL[2] */
	VTDIAG_F_SVMDIS		= 1U << 8,	/* VM_CR[4] */
	VTDIAG_F_ACTIVE		= 1U << 9,	/* CR4.VMXE / EFER.SVME */

	VTDIAG_F_ALL		= (1U << 10) - 1,
};

enum vtdiag_attr_host {
	VTDIAG_A_HOST_UNSPEC,
	VTDIAG_A_HOST_VERSION,
	VTDIAG_A_HOST_GENERATION,
	VTDIAG_A_HOST_VENDOR,
	VTDIAG_A_HOST_VENDOR_ID,
	VTDIAG_A_HOST_TECH,
	VTDIAG_A_HOST_VERDICT,
	VTDIAG_A_HOST_CPUS_ONLINE,
	VTDIAG_A_HOST_STATE_COUNTS,
	VTDIAG_A_HOST_HYPERVISOR,
	VTDIAG_A_HOST_HV_SIGNATURE,
	VTDIAG_A_HOST_KVM_CORE,
	VTDIAG_A_HOST_KVM_VENDOR,
	VTDIAG_A_HOST_KVM_VENDOR_MODULE,
	VTDIAG_A_HOST_EVENT,
	VTDIAG_A_HOST_EVENT_CPU,
	VTDIAG_A_HOST_EVENT_MODULE,
	VTDIAG_A_HOST_EVENT_MODULE_STATE,
	VTDIAG_A_HOST_CPUS_ACTIVE,
	VTDIAG_A_HOST_CPUS_ISOLATED,
	VTDIAG_A_HOST_LIVE_AGE_MS,
	VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL,
	VTDIAG_A_HOST_KERNEL_ENABLES_VMX,
	VTDIAG_A_HOST_TBOOT,

	__VTDIAG_A_HOST_MAX,
};

#define VTDIAG_A_HOST_MAX (__VTDIAG_A_HOST_MAX - 1)

/* Inside VTDIAG_A_HOST_STATE_COUNTS. */
enum vtdiag_attr_counts {
	VTDIAG_A_COUNTS_UNSPEC,
	VTDIAG_A_HOST_STATE_COUNT,

	__VTDIAG_A_COUNTS_MAX,
};

#define VTDIAG_A_COUNTS_MAX (__VTDIAG_A_COUNTS_MAX - 1)

/* Inside each VTDIAG_A_HOST_STATE_COUNT. */
enum vtdiag_attr_count {
	VTDIAG_A_COUNT_UNSPEC,
	VTDIAG_A_COUNT_STATE,
	VTDIAG_A_COUNT_CPUS,

	__VTDIAG_A_COUNT_MAX,
};

#define VTDIAG_A_COUNT_MAX (__VTDIAG_A_COUNT_MAX - 1)

enum vtdiag_attr_cpu {
	VTDIAG_A_CPU_UNSPEC,
	VTDIAG_A_CPU_PAD,
	VTDIAG_A_CPU_ID,
	VTDIAG_A_CPU_STATE,
	VTDIAG_A_CPU_VENDOR,
	VTDIAG_A_CPU_VENDOR_ID,
	VTDIAG_A_CPU_FLAGS,
	VTDIAG_A_CPU_CPUID_1_ECX,
	VTDIAG_A_CPU_CPUID_MAX_EXT,
	VTDIAG_A_CPU_CPUID_EXT1_ECX,
	VTDIAG_A_CPU_CPUID_SVM_EDX,
	VTDIAG_A_CPU_FEAT_CTL,
	VTDIAG_A_CPU_FEAT_CTL_ERR,
	VTDIAG_A_CPU_VM_CR,
	VTDIAG_A_CPU_VM_CR_ERR,
	VTDIAG_A_CPU_ACTIVE,
	VTDIAG_A_CPU_HV_SIGNATURE,
	VTDIAG_A_CPU_ISOLATED,

	__VTDIAG_A_CPU_MAX,
};

#define VTDIAG_A_CPU_MAX (__VTDIAG_A_CPU_MAX - 1)

#endif /* _UAPI_LINUX_VTDIAG_H */
