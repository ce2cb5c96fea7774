/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vtdiag — the generic netlink wire contract between vtdiag.ko, the vtdiag
 * tool and the selftests. This header is the whole wire format: no C
 * structure is ever sent, only the attributes below. Its YNL description
 * is Documentation/netlink/specs/vtdiag.yaml; scripts/ynl-check keeps the
 * two the same, name for name and value for value.
 */

/**
 * DOC: The vtdiag generic netlink family
 *
 * Family "vtdiag" (VTDIAG_GENL_NAME), version 1 (VTDIAG_GENL_VERSION), one
 * multicast group "monitor" (VTDIAG_MCGRP_MONITOR). Resolving the family
 * name autoloads an installed module (MODULE_ALIAS_GENL_FAMILY). The
 * family is parallel: no request holds the generic netlink mutex.
 *
 * Rules: commands and attributes start at 1; every enum is append-only and
 * never renumbered; receivers ignore attributes they do not know.
 *
 * The commands are in &enum vtdiag_cmd, the attributes of their messages
 * in &enum vtdiag_attr_host (GET_HOST and events) and &enum vtdiag_attr_cpu
 * (GET_CPU). The documentation of every attribute starts with its type in
 * parentheses: (u8), (u32), (u64), (s32), (string), (flag) or (nest); an
 * integer that carries an enum names it, "(u32, enum vtdiag_state)", a nest
 * names the enum of the attributes inside it, and "repeated" marks an
 * attribute that may appear more than once. "Always" means in every
 * message of that kind from a module that knows the attribute: older
 * modules lack the attributes added after them.
 */

/**
 * DOC: Who may do what
 *
 * - Every command, and subscribing to the "monitor" group, is open to
 *   unprivileged users. That includes the raw IA32_FEATURE_CONTROL and
 *   VM_CR values: they are two fixed configuration registers whose bits
 *   (lock, VMX/SVM and SENTER/SGX/LMCE enables) the kernel already makes
 *   public as /proc/cpuinfo flags and boot messages. The same holds for
 *   the memory-encryption registers of VTDIAG_A_CPU_MSR (read only where
 *   the CPUID says they exist), except the physical address of SEV-SNP's
 *   reverse map in RMP_BASE/RMP_END: only a caller with CAP_SYS_ADMIN
 *   gets those two values, everyone else VTDIAG_A_MSR_WITHHELD (their
 *   verdict is public). /dev/cpu/N/msr needs CAP_SYS_RAWIO because it
 *   reads and writes any MSR the caller names; vtdiag reads only a fixed
 *   list, never writes, and takes no MSR number.
 * - Firmware bits are read once, when a CPU comes online (and for every
 *   CPU at load); a query never sends a cross-CPU call for them.
 * - The live bits (CR4.VMXE / EFER.SVME) are re-read, in one cross-CPU
 *   round to the online CPUs that are not isolated, only for a request
 *   from a caller with CAP_SYS_ADMIN, and at most once a second. Everyone
 *   else gets the values last read, with their age
 *   (VTDIAG_A_HOST_LIVE_AGE_MS). Nothing runs periodically in the kernel;
 *   a subscription costs nothing. A privileged watcher that wants live
 *   changes announced polls GET_HOST once a second (vtdiag --watch does).
 * - CPUs isolated with nohz_full= or isolcpus= are never interrupted by
 *   vtdiag after they came online: their live bit is not sampled.
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

/**
 * enum vtdiag_cmd - the commands of the family
 * @VTDIAG_CMD_UNSPEC: (reserved) never sent.
 * @VTDIAG_CMD_GET_HOST: (do) the host. Request: no attributes. Reply: a
 *	VTDIAG_CMD_GET_HOST message with the &enum vtdiag_attr_host
 *	attributes but the VTDIAG_A_HOST_EVENT* ones.
 * @VTDIAG_CMD_GET_CPU: (do, dump) one CPU, or all. Do request:
 *	VTDIAG_A_CPU_ID, required; an online CPU, else -ENODEV with extack.
 *	Do reply: a VTDIAG_CMD_GET_CPU message with the &enum vtdiag_attr_cpu
 *	attributes of that CPU. Dump request: no attributes. Dump reply: one
 *	VTDIAG_CMD_GET_CPU message per online CPU, ascending id;
 *	NLM_F_DUMP_INTR is set when the generation changed while the dump ran
 *	(retry it).
 * @VTDIAG_CMD_EVENT: (event, group "monitor") multicast, never a request.
 *	Sent after every change, carrying the new state: all the attributes
 *	of the GET_HOST reply, plus VTDIAG_A_HOST_EVENT (what changed),
 *	VTDIAG_A_HOST_EVENT_CPU (online, offline and re-sample events),
 *	VTDIAG_A_HOST_EVENT_MODULE and VTDIAG_A_HOST_EVENT_MODULE_STATE (KVM
 *	events). A change of the host verdict also sends VTDIAG_EVENT_VERDICT.
 *	VTDIAG_EVENT_ACTIVE carries the new VTDIAG_A_HOST_CPUS_ACTIVE; it is
 *	sent when a privileged request re-read the live bits and found a
 *	change.
 */
enum vtdiag_cmd {
	VTDIAG_CMD_UNSPEC,
	VTDIAG_CMD_GET_HOST,
	VTDIAG_CMD_GET_CPU,
	VTDIAG_CMD_EVENT,

	/* private: */
	__VTDIAG_CMD_MAX,
};

#define VTDIAG_CMD_MAX (__VTDIAG_CMD_MAX - 1)

/**
 * enum vtdiag_vendor - CPU vendor, decided from the CPUID.0 vendor string
 * @VTDIAG_VENDOR_OTHER: a vendor string vtdiag does not know.
 * @VTDIAG_VENDOR_INTEL: "GenuineIntel".
 * @VTDIAG_VENDOR_AMD: "AuthenticAMD" (or the early "AMDisbetter!").
 * @VTDIAG_VENDOR_HYGON: "HygonGenuine".
 * @VTDIAG_VENDOR_CENTAUR: "CentaurHauls".
 * @VTDIAG_VENDOR_ZHAOXIN: "  Shanghai  ".
 */
enum vtdiag_vendor {
	VTDIAG_VENDOR_OTHER,
	VTDIAG_VENDOR_INTEL,
	VTDIAG_VENDOR_AMD,
	VTDIAG_VENDOR_HYGON,
	VTDIAG_VENDOR_CENTAUR,
	VTDIAG_VENDOR_ZHAOXIN,

	/* private: */
	__VTDIAG_VENDOR_MAX,
};

#define VTDIAG_VENDOR_MAX (__VTDIAG_VENDOR_MAX - 1)

/**
 * enum vtdiag_tech - the vendor's kind of hardware virtualization
 * @VTDIAG_TECH_NONE: vendor we do not know.
 * @VTDIAG_TECH_VMX: Intel, Centaur, Zhaoxin: VT-x.
 * @VTDIAG_TECH_SVM: AMD, Hygon: AMD-V.
 */
enum vtdiag_tech {
	VTDIAG_TECH_NONE,
	VTDIAG_TECH_VMX,
	VTDIAG_TECH_SVM,

	/* private: */
	__VTDIAG_TECH_MAX,
};

#define VTDIAG_TECH_MAX (__VTDIAG_TECH_MAX - 1)

/**
 * enum vtdiag_state - per-CPU state (and host verdict)
 * @VTDIAG_STATE_UNKNOWN: MSR read faulted, or unknown vendor; as the host
 *	verdict, also when no CPU was sampled.
 * @VTDIAG_STATE_ENABLED: the CPU has VMX / SVM and the firmware lets the
 *	kernel turn it on.
 * @VTDIAG_STATE_ENABLED_UNLOCKED: VMX, and the firmware left
 *	IA32_FEATURE_CONTROL unlocked: the kernel still decides (see
 *	VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL).
 * @VTDIAG_STATE_DISABLED_OUTSIDE_SMX: VMX locked on inside SMX (Intel TXT)
 *	only, off for a normal boot.
 * @VTDIAG_STATE_DISABLED_BY_FIRMWARE: the CPU has VMX / SVM, the firmware
 *	locked it off.
 * @VTDIAG_STATE_UNSUPPORTED: the CPU has no VMX / SVM, and no hypervisor.
 * @VTDIAG_STATE_HIDDEN_BY_HYPERVISOR: under a hypervisor that does not show
 *	VMX / SVM to this guest.
 * @VTDIAG_STATE_INCONSISTENT: host verdict only: CPUs differ.
 *
 * The rules are in docs/design.md, Per-CPU states, and in the shared
 * decoder include/vtdiag/decode.h.
 */
enum vtdiag_state {
	VTDIAG_STATE_UNKNOWN,
	VTDIAG_STATE_ENABLED,
	VTDIAG_STATE_ENABLED_UNLOCKED,
	VTDIAG_STATE_DISABLED_OUTSIDE_SMX,
	VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	VTDIAG_STATE_UNSUPPORTED,
	VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
	VTDIAG_STATE_INCONSISTENT,

	/* private: */
	__VTDIAG_STATE_MAX,
};

#define VTDIAG_STATE_MAX (__VTDIAG_STATE_MAX - 1)

/**
 * enum vtdiag_kvm_state - whether a KVM module ("kvm", "kvm_intel",
 *	"kvm_amd") is there
 * @VTDIAG_KVM_ABSENT: neither loaded nor built in.
 * @VTDIAG_KVM_LOADED: a module, live.
 * @VTDIAG_KVM_BUILTIN: built into the kernel.
 */
enum vtdiag_kvm_state {
	VTDIAG_KVM_ABSENT,
	VTDIAG_KVM_LOADED,
	VTDIAG_KVM_BUILTIN,

	/* private: */
	__VTDIAG_KVM_MAX,
};

#define VTDIAG_KVM_MAX (__VTDIAG_KVM_MAX - 1)

/**
 * enum vtdiag_event - what a VTDIAG_CMD_EVENT reports, in VTDIAG_A_HOST_EVENT
 * @VTDIAG_EVENT_UNSPEC: never sent.
 * @VTDIAG_EVENT_KVM: a KVM module loaded or went away
 *	(VTDIAG_A_HOST_EVENT_MODULE, VTDIAG_A_HOST_EVENT_MODULE_STATE).
 * @VTDIAG_EVENT_CPU_ONLINE: a CPU came online and was sampled
 *	(VTDIAG_A_HOST_EVENT_CPU).
 * @VTDIAG_EVENT_CPU_OFFLINE: a CPU went offline (VTDIAG_A_HOST_EVENT_CPU).
 * @VTDIAG_EVENT_RESAMPLE: a CPU was sampled again (injection)
 *	(VTDIAG_A_HOST_EVENT_CPU).
 * @VTDIAG_EVENT_ACTIVE: a CPU's CR4.VMXE / EFER.SVME changed: a privileged
 *	request re-read the live bits and found a change.
 * @VTDIAG_EVENT_VERDICT: the host verdict changed (sent besides the event
 *	that changed it).
 */
enum vtdiag_event {
	VTDIAG_EVENT_UNSPEC,
	VTDIAG_EVENT_KVM,
	VTDIAG_EVENT_CPU_ONLINE,
	VTDIAG_EVENT_CPU_OFFLINE,
	VTDIAG_EVENT_RESAMPLE,
	VTDIAG_EVENT_ACTIVE,
	VTDIAG_EVENT_VERDICT,

	/* private: */
	__VTDIAG_EVENT_MAX,
};

#define VTDIAG_EVENT_MAX (__VTDIAG_EVENT_MAX - 1)

/**
 * enum vtdiag_cpu_flags - decoded bits of one CPU, in VTDIAG_A_CPU_FLAGS
 * @VTDIAG_F_HYPERVISOR: CPUID.1:ECX[31].
 * @VTDIAG_F_VMX: CPUID.1:ECX[5].
 * @VTDIAG_F_SMX: CPUID.1:ECX[6].
 * @VTDIAG_F_SVM: CPUID.80000001:ECX[2].
 * @VTDIAG_F_SVML: CPUID.8000000A:EDX[2].
 * @VTDIAG_F_LOCKED: FEAT_CTL[0] or VM_CR[3].
 * @VTDIAG_F_VMX_IN_SMX: FEAT_CTL[1].
 * @VTDIAG_F_VMX_OUTSIDE_SMX: FEAT_CTL[2].
 * @VTDIAG_F_SVMDIS: VM_CR[4].
 * @VTDIAG_F_ACTIVE: CR4.VMXE / EFER.SVME.
 * @VTDIAG_F_ALL: all the bits above.
 *
 * The MSR bits (FEAT_CTL is IA32_FEATURE_CONTROL) are set only when the
 * MSR was read.
 */
enum vtdiag_cpu_flags {
	VTDIAG_F_HYPERVISOR	= 1U << 0,
	VTDIAG_F_VMX		= 1U << 1,
	VTDIAG_F_SMX		= 1U << 2,
	VTDIAG_F_SVM		= 1U << 3,
	VTDIAG_F_SVML		= 1U << 4,
	VTDIAG_F_LOCKED		= 1U << 5,
	VTDIAG_F_VMX_IN_SMX	= 1U << 6,
	VTDIAG_F_VMX_OUTSIDE_SMX = 1U << 7,
	VTDIAG_F_SVMDIS		= 1U << 8,
	VTDIAG_F_ACTIVE		= 1U << 9,

	VTDIAG_F_ALL		= (1U << 10) - 1,
};

/**
 * enum vtdiag_attr_host - attributes of GET_HOST replies and of events
 * @VTDIAG_A_HOST_UNSPEC: (unused) never sent.
 * @VTDIAG_A_HOST_VERSION: (string) module version. Always.
 * @VTDIAG_A_HOST_GENERATION: (u32) bumped on every sample change: counts
 *	changes of the per-CPU samples (CPU online/offline, re-sample, live
 *	bits); a dump seeing it change is flagged NLM_F_DUMP_INTR. KVM module
 *	changes do not bump it. Always.
 * @VTDIAG_A_HOST_VENDOR: (u32, enum vtdiag_vendor) of the CPU with the
 *	lowest id. Absent only when no CPU is sampled.
 * @VTDIAG_A_HOST_VENDOR_ID: (string) CPUID.0 vendor of that CPU,
 *	"GenuineIntel"; up to VTDIAG_VENDOR_ID_LEN characters. Absent only
 *	when no CPU is sampled.
 * @VTDIAG_A_HOST_TECH: (u32, enum vtdiag_tech) of that vendor. Absent only
 *	when no CPU is sampled.
 * @VTDIAG_A_HOST_VERDICT: (u32, enum vtdiag_state) the common state of all
 *	online CPUs, or VTDIAG_STATE_INCONSISTENT. Always.
 * @VTDIAG_A_HOST_CPUS_ONLINE: (u32) CPUs sampled and online. Always.
 * @VTDIAG_A_HOST_STATE_COUNTS: (nest, enum vtdiag_attr_counts) one
 *	VTDIAG_A_HOST_STATE_COUNT entry per state in use. Always.
 * @VTDIAG_A_HOST_HYPERVISOR: (flag) CPUID.1:ECX[31] set (on the CPU with the
 *	lowest id).
 * @VTDIAG_A_HOST_HV_SIGNATURE: (string) CPUID 0x40000000 EBX,ECX,EDX, up to
 *	VTDIAG_HV_SIG_LEN characters; present only under a hypervisor that
 *	sets one.
 * @VTDIAG_A_HOST_KVM_CORE: (u32, enum vtdiag_kvm_state) of "kvm". Always.
 * @VTDIAG_A_HOST_KVM_VENDOR: (u32, enum vtdiag_kvm_state) of the vendor
 *	module this CPU needs; present when the vendor has one.
 * @VTDIAG_A_HOST_KVM_VENDOR_MODULE: (string) "kvm_intel" / "kvm_amd", with
 *	VTDIAG_A_HOST_KVM_VENDOR.
 * @VTDIAG_A_HOST_EVENT: (u32, enum vtdiag_event) what changed. Events only,
 *	always there.
 * @VTDIAG_A_HOST_EVENT_CPU: (u32) the CPU. Events only: online, offline and
 *	re-sample events.
 * @VTDIAG_A_HOST_EVENT_MODULE: (string) "kvm", "kvm_intel", "kvm_amd".
 *	Events only: KVM events.
 * @VTDIAG_A_HOST_EVENT_MODULE_STATE: (u32, enum vtdiag_kvm_state) its new
 *	state. Events only: KVM events.
 * @VTDIAG_A_HOST_CPUS_ACTIVE: (u32) CPUs with CR4.VMXE / EFER.SVME set:
 *	virtualization in use. Always.
 * @VTDIAG_A_HOST_CPUS_ISOLATED: (u32) online CPUs that vtdiag never
 *	interrupts (nohz_full=, isolcpus=): live bit not sampled. Always.
 * @VTDIAG_A_HOST_LIVE_AGE_MS: (u32) age of the live bits, ms. Always.
 * @VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL: (flag) this kernel locks an
 *	IA32_FEATURE_CONTROL that firmware left unlocked
 *	(CONFIG_IA32_FEAT_CTL).
 * @VTDIAG_A_HOST_KERNEL_ENABLES_VMX: (flag) ... and then turns VMX on in it
 *	(CONFIG_KVM_INTEL); without this flag it locks VMX off.
 * @VTDIAG_A_HOST_TBOOT: (flag) booted through tboot (Intel TXT): the kernel
 *	runs inside SMX, so the inside-SMX enable bit counts.
 * @VTDIAG_A_HOST_CC: (nest, enum vtdiag_attr_cc) confidential computing:
 *	one nest per feature of this vendor, carrying the host verdict of
 *	the feature (the common state of all online CPUs, or
 *	VTDIAG_STATE_INCONSISTENT), the causes found on any CPU and the
 *	number of CPUs where it is enabled. Always when a CPU is sampled
 *	(empty for vendors without such features).
 */
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
	VTDIAG_A_HOST_CC,

	/* private: */
	__VTDIAG_A_HOST_MAX,
};

#define VTDIAG_A_HOST_MAX (__VTDIAG_A_HOST_MAX - 1)

/**
 * enum vtdiag_attr_counts - inside VTDIAG_A_HOST_STATE_COUNTS
 * @VTDIAG_A_COUNTS_UNSPEC: (unused) never sent.
 * @VTDIAG_A_HOST_STATE_COUNT: (nest, enum vtdiag_attr_count, repeated) one
 *	state in use and its number of CPUs.
 */
enum vtdiag_attr_counts {
	VTDIAG_A_COUNTS_UNSPEC,
	VTDIAG_A_HOST_STATE_COUNT,

	/* private: */
	__VTDIAG_A_COUNTS_MAX,
};

#define VTDIAG_A_COUNTS_MAX (__VTDIAG_A_COUNTS_MAX - 1)

/**
 * enum vtdiag_attr_count - inside each VTDIAG_A_HOST_STATE_COUNT
 * @VTDIAG_A_COUNT_UNSPEC: (unused) never sent.
 * @VTDIAG_A_COUNT_STATE: (u32, enum vtdiag_state) the state. Always.
 * @VTDIAG_A_COUNT_CPUS: (u32) number of CPUs in that state, never 0.
 *	Always.
 */
enum vtdiag_attr_count {
	VTDIAG_A_COUNT_UNSPEC,
	VTDIAG_A_COUNT_STATE,
	VTDIAG_A_COUNT_CPUS,

	/* private: */
	__VTDIAG_A_COUNT_MAX,
};

#define VTDIAG_A_COUNT_MAX (__VTDIAG_A_COUNT_MAX - 1)

/**
 * enum vtdiag_attr_cpu - attributes of GET_CPU requests and replies
 * @VTDIAG_A_CPU_UNSPEC: (unused) never sent.
 * @VTDIAG_A_CPU_PAD: (pad) alignment of the u64 attributes, where needed.
 * @VTDIAG_A_CPU_ID: (u32) the CPU. The one attribute of a do request (a
 *	dump request with it fails with -EINVAL); always in replies.
 * @VTDIAG_A_CPU_STATE: (u32, enum vtdiag_state) always.
 * @VTDIAG_A_CPU_VENDOR: (u32, enum vtdiag_vendor) always.
 * @VTDIAG_A_CPU_VENDOR_ID: (string) CPUID.0 vendor string, up to
 *	VTDIAG_VENDOR_ID_LEN characters. Always.
 * @VTDIAG_A_CPU_FLAGS: (u32, enum vtdiag_cpu_flags) VTDIAG_F_* decoded
 *	bits. Always.
 * @VTDIAG_A_CPU_CPUID_1_ECX: (u32) raw CPUID.1:ECX. Always.
 * @VTDIAG_A_CPU_CPUID_MAX_EXT: (u32) raw CPUID.80000000:EAX. Always.
 * @VTDIAG_A_CPU_CPUID_EXT1_ECX: (u32) raw CPUID.80000001:ECX (only when the
 *	leaf exists).
 * @VTDIAG_A_CPU_CPUID_SVM_EDX: (u32) raw CPUID.8000000A:EDX (only when the
 *	leaf exists).
 * @VTDIAG_A_CPU_FEAT_CTL: (u64) IA32_FEATURE_CONTROL (VMX vendors; absent
 *	if it faulted).
 * @VTDIAG_A_CPU_FEAT_CTL_ERR: (s32) -errno of a faulting read (VMX vendors,
 *	instead of VTDIAG_A_CPU_FEAT_CTL).
 * @VTDIAG_A_CPU_VM_CR: (u64) VM_CR (SVM vendors; absent if it faulted).
 * @VTDIAG_A_CPU_VM_CR_ERR: (s32) -errno of a faulting read (SVM vendors,
 *	instead of VTDIAG_A_CPU_VM_CR).
 * @VTDIAG_A_CPU_ACTIVE: (u8) CR4.VMXE / EFER.SVME: 1 when this CPU has
 *	virtualization switched on right now, else 0 (absent when not known).
 * @VTDIAG_A_CPU_HV_SIGNATURE: (string) as VTDIAG_A_HOST_HV_SIGNATURE.
 * @VTDIAG_A_CPU_ISOLATED: (flag) nohz_full= or isolcpus= CPU: never
 *	interrupted by vtdiag, so VTDIAG_A_CPU_ACTIVE is absent.
 * @VTDIAG_A_CPU_CPUID_MAX_BASIC: (u32) raw CPUID.0:EAX, the highest basic
 *	leaf. Always.
 * @VTDIAG_A_CPU_CPUID_7_ECX: (u32) raw CPUID.(EAX=7,ECX=0):ECX (only when
 *	the leaf exists).
 * @VTDIAG_A_CPU_CPUID_MEMENC_EAX: (u32) raw CPUID.8000001F:EAX, the AMD
 *	memory-encryption features (only when the leaf exists, as for the
 *	three below).
 * @VTDIAG_A_CPU_CPUID_MEMENC_EBX: (u32) raw CPUID.8000001F:EBX.
 * @VTDIAG_A_CPU_CPUID_MEMENC_ECX: (u32) raw CPUID.8000001F:ECX: encrypted
 *	guests at once (the highest SEV ASID).
 * @VTDIAG_A_CPU_CPUID_MEMENC_EDX: (u32) raw CPUID.8000001F:EDX: the lowest
 *	ASID of a guest without SEV-ES; ASIDs below it are SEV-ES/SNP ones.
 * @VTDIAG_A_CPU_MSR: (nest, enum vtdiag_attr_msr, repeated) one of the
 *	confidential-computing MSRs this CPU's CPUID says exist, as read
 *	(docs/design.md, Confidential computing): its index, and its value
 *	or the error of the read.
 * @VTDIAG_A_CPU_CC: (nest, enum vtdiag_attr_cc) this CPU's state and
 *	causes for each confidential-computing feature of its vendor.
 *	Always (empty for vendors without such features).
 */
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
	VTDIAG_A_CPU_CPUID_MAX_BASIC,
	VTDIAG_A_CPU_CPUID_7_ECX,
	VTDIAG_A_CPU_CPUID_MEMENC_EAX,
	VTDIAG_A_CPU_CPUID_MEMENC_EBX,
	VTDIAG_A_CPU_CPUID_MEMENC_ECX,
	VTDIAG_A_CPU_CPUID_MEMENC_EDX,
	VTDIAG_A_CPU_MSR,
	VTDIAG_A_CPU_CC,

	/* private: */
	__VTDIAG_A_CPU_MAX,
};

#define VTDIAG_A_CPU_MAX (__VTDIAG_A_CPU_MAX - 1)

/**
 * enum vtdiag_cc_causes - why firmware keeps a confidential-computing
 *	feature off, in VTDIAG_A_CC_FEATURE_CAUSES
 * @VTDIAG_CC_CAUSES_MSR_FAULT: an MSR the verdict needs could not be read
 *	(the state is then VTDIAG_STATE_UNKNOWN).
 * @VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF: AMD: SYSCFG (MSR 0xC0010010) bit 23,
 *	MemEncryptionModeEn, is clear: the firmware's "SMEE" switch is off.
 * @VTDIAG_CC_CAUSES_SMM_UNLOCKED: AMD: HWCR (MSR 0xC0010015) bit 0,
 *	SMMLOCK, is clear: the firmware did not lock SMM, and SEV needs it
 *	(not judged under a hypervisor, as Linux does).
 * @VTDIAG_CC_CAUSES_NO_SEV_ASIDS: AMD: no ASID is left for SEV guests
 *	without SEV-ES (CPUID.8000001F:ECX is 0, or EDX is above ECX).
 * @VTDIAG_CC_CAUSES_NO_ES_ASIDS: AMD: CPUID.8000001F:EDX is at most 1:
 *	the firmware set aside no ASID for SEV-ES and SEV-SNP guests
 *	("SEV-ES ASID Space Limit").
 * @VTDIAG_CC_CAUSES_RMP_NOT_RESERVED: AMD: RMP_BASE/RMP_END (MSRs
 *	0xC0010132, 0xC0010133) do not describe a table: the firmware
 *	reserved no memory for SEV-SNP's reverse map ("SNP Memory
 *	Coverage").
 * @VTDIAG_CC_CAUSES_TME_NOT_ENABLED: Intel: IA32_TME_ACTIVATE (MSR 0x982)
 *	bit 1 is clear, or the CPU has no TME: memory encryption is off.
 * @VTDIAG_CC_CAUSES_TME_NOT_LOCKED: Intel: IA32_TME_ACTIVATE bit 0 is
 *	clear: the firmware did not lock the TME configuration, and Linux
 *	uses TME only when locked.
 * @VTDIAG_CC_CAUSES_SEAMRR_OFF: Intel: IA32_SEAMRR_PHYS_MASK (MSR 0x1401)
 *	lacks bit 11 (enabled) or bit 10 (locked): no range is set up for
 *	the TDX module ("SEAM Loader").
 * @VTDIAG_CC_CAUSES_NO_TDX_KEYIDS: Intel: IA32_MKTME_KEYID_PARTITIONING
 *	(MSR 0x87) bits 63:32 give fewer than 2 TDX private KeyIDs
 *	("TME-MT/TDX key split"); the TDX module keeps one for itself.
 * @VTDIAG_CC_CAUSES_MASK: all the bits above.
 */
enum vtdiag_cc_causes {
	VTDIAG_CC_CAUSES_MSR_FAULT		= 1U << 0,
	VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF	= 1U << 1,
	VTDIAG_CC_CAUSES_SMM_UNLOCKED		= 1U << 2,
	VTDIAG_CC_CAUSES_NO_SEV_ASIDS		= 1U << 3,
	VTDIAG_CC_CAUSES_NO_ES_ASIDS		= 1U << 4,
	VTDIAG_CC_CAUSES_RMP_NOT_RESERVED	= 1U << 5,
	VTDIAG_CC_CAUSES_TME_NOT_ENABLED	= 1U << 6,
	VTDIAG_CC_CAUSES_TME_NOT_LOCKED		= 1U << 7,
	VTDIAG_CC_CAUSES_SEAMRR_OFF		= 1U << 8,
	VTDIAG_CC_CAUSES_NO_TDX_KEYIDS		= 1U << 9,

	VTDIAG_CC_CAUSES_MASK			= (1U << 10) - 1,
};

/**
 * enum vtdiag_attr_cc - inside VTDIAG_A_HOST_CC and VTDIAG_A_CPU_CC: one
 *	nest per confidential-computing feature; only the features of the
 *	CPU's vendor are present (AMD and Hygon: SME, SEV, SEV-ES, SEV-SNP;
 *	Intel: TME, TDX)
 * @VTDIAG_A_CC_UNSPEC: (unused) never sent.
 * @VTDIAG_A_CC_SME: (nest, enum vtdiag_attr_cc_feature) AMD Secure Memory
 *	Encryption, as the firmware left it.
 * @VTDIAG_A_CC_SEV: (nest, enum vtdiag_attr_cc_feature) SEV guests.
 * @VTDIAG_A_CC_SEV_ES: (nest, enum vtdiag_attr_cc_feature) SEV-ES guests.
 * @VTDIAG_A_CC_SEV_SNP: (nest, enum vtdiag_attr_cc_feature) SEV-SNP guests.
 * @VTDIAG_A_CC_TME: (nest, enum vtdiag_attr_cc_feature) Intel Total Memory
 *	Encryption.
 * @VTDIAG_A_CC_TDX: (nest, enum vtdiag_attr_cc_feature) TDX guests.
 *
 * The rules are in docs/design.md, Confidential computing, and in
 * vtdiag_cc_decode() of include/vtdiag/decode.h. A state says what the
 * CPU and its firmware allow, not whether the kernel uses it.
 */
enum vtdiag_attr_cc {
	VTDIAG_A_CC_UNSPEC,
	VTDIAG_A_CC_SME,
	VTDIAG_A_CC_SEV,
	VTDIAG_A_CC_SEV_ES,
	VTDIAG_A_CC_SEV_SNP,
	VTDIAG_A_CC_TME,
	VTDIAG_A_CC_TDX,

	/* private: */
	__VTDIAG_A_CC_MAX,
};

#define VTDIAG_A_CC_MAX (__VTDIAG_A_CC_MAX - 1)

/**
 * enum vtdiag_attr_cc_feature - one feature, in &enum vtdiag_attr_cc
 * @VTDIAG_A_CC_FEATURE_UNSPEC: (unused) never sent.
 * @VTDIAG_A_CC_FEATURE_STATE: (u32, enum vtdiag_state) one of
 *	VTDIAG_STATE_ENABLED, _DISABLED_BY_FIRMWARE, _UNSUPPORTED,
 *	_HIDDEN_BY_HYPERVISOR, _UNKNOWN, and on the host also _INCONSISTENT.
 *	Always.
 * @VTDIAG_A_CC_FEATURE_CAUSES: (u32, enum vtdiag_cc_causes) what keeps it
 *	off; on the host, the causes of all CPUs together. Always (0 when
 *	none).
 * @VTDIAG_A_CC_FEATURE_CPUS: (u32) host only: online CPUs where the
 *	feature is enabled. Always in VTDIAG_A_HOST_CC.
 */
enum vtdiag_attr_cc_feature {
	VTDIAG_A_CC_FEATURE_UNSPEC,
	VTDIAG_A_CC_FEATURE_STATE,
	VTDIAG_A_CC_FEATURE_CAUSES,
	VTDIAG_A_CC_FEATURE_CPUS,

	/* private: */
	__VTDIAG_A_CC_FEATURE_MAX,
};

#define VTDIAG_A_CC_FEATURE_MAX (__VTDIAG_A_CC_FEATURE_MAX - 1)

/**
 * enum vtdiag_attr_msr - inside each VTDIAG_A_CPU_MSR
 * @VTDIAG_A_MSR_UNSPEC: (unused) never sent.
 * @VTDIAG_A_MSR_PAD: (pad) alignment of VTDIAG_A_MSR_VALUE, where needed.
 * @VTDIAG_A_MSR_INDEX: (u32) the MSR's number, e.g. 0xC0010010. Always.
 * @VTDIAG_A_MSR_VALUE: (u64) its value, when the read succeeded.
 * @VTDIAG_A_MSR_ERR: (s32) -errno of a faulting read, instead of
 *	VTDIAG_A_MSR_VALUE.
 * @VTDIAG_A_MSR_WITHHELD: (flag) read, but its value (a physical address:
 *	RMP_BASE, RMP_END) is given only to callers with CAP_SYS_ADMIN;
 *	instead of VTDIAG_A_MSR_VALUE.
 */
enum vtdiag_attr_msr {
	VTDIAG_A_MSR_UNSPEC,
	VTDIAG_A_MSR_PAD,
	VTDIAG_A_MSR_INDEX,
	VTDIAG_A_MSR_VALUE,
	VTDIAG_A_MSR_ERR,
	VTDIAG_A_MSR_WITHHELD,

	/* private: */
	__VTDIAG_A_MSR_MAX,
};

#define VTDIAG_A_MSR_MAX (__VTDIAG_A_MSR_MAX - 1)

#endif /* _UAPI_LINUX_VTDIAG_H */
