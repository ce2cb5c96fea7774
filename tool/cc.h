/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Confidential computing (AMD SME, SEV, SEV-ES, SEV-SNP; Intel TME, TDX),
 * decided once for every output: the host verdict of each feature as the
 * module (or the fallback) gave it, what the operating system lacks, how
 * ready the host is, and the exit status of --require. Pure functions of
 * struct vtdiag_report (docs/design.md, "Confidential computing"); the
 * OS side is read by cc_os.c. Nothing here changes the KVM verdict or the
 * exit status of a plain run.
 */
#ifndef VTDIAG_CC_H
#define VTDIAG_CC_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "model.h"
#include "strbuf.h"

/* Every feature, in report order (VTDIAG_A_CC_*). */
extern const __u32 vtdiag_cc_order[];
extern const size_t vtdiag_cc_nr_features;

/* Whether the report has an answer for a feature, and if not why. */
enum vtdiag_cc_known {
	VTDIAG_CC_KNOWN,
	VTDIAG_CC_OTHER_VENDOR,		/* this CPU's vendor has no such feature */
	VTDIAG_CC_MODULE_TOO_OLD,	/* the module answered without it */
	VTDIAG_CC_NOT_READ,		/* the fallback could not read it */
	VTDIAG_CC_NO_DATA,		/* no CPU data at all */
};

/* The host's answer for one feature. */
struct vtdiag_cc_verdict {
	enum vtdiag_cc_known known;
	__u32 state;			/* enum vtdiag_state; UNKNOWN unless known */
	__u32 causes;			/* enum vtdiag_cc_causes */
	bool has_cpus;
	__u32 cpus;			/* CPUs where it is enabled */
};

void vtdiag_cc_host(const struct vtdiag_report *report, __u32 feature,
		    struct vtdiag_cc_verdict *verdict);
/*
 * The host verdict of every feature from the CPUs' own, as the module
 * sums them up (for the fallback): the common state or inconsistent, the
 * causes of all CPUs, the CPUs where it is enabled. Sets host->has_cc.
 */
void vtdiag_cc_summarize(struct vtdiag_host *host,
			 const struct vtdiag_cpu *cpus, size_t nr_cpus);
/* "module_too_old", ... for JSON; NULL for VTDIAG_CC_KNOWN. */
const char *vtdiag_cc_known_name(enum vtdiag_cc_known known);

/* What the operating system lacks for a feature the firmware enabled. */
enum vtdiag_cc_gap {
	VTDIAG_CC_GAP_KVM_MODULE	= 1U << 0,	/* kvm_amd/kvm_intel absent */
	VTDIAG_CC_GAP_KVM_NO_PARAM	= 1U << 1,	/* this kernel's KVM lacks it */
	VTDIAG_CC_GAP_KVM_OFF		= 1U << 2,	/* KVM's result is N */
	VTDIAG_CC_GAP_NO_DEV_SEV	= 1U << 3,	/* no PSP driver: /dev/sev */
	VTDIAG_CC_GAP_VIRT_AT_LOAD	= 1U << 4,	/* kvm.enable_virt_at_load=0 */
	VTDIAG_CC_GAP_TDX_MODULE	= 1U << 5,	/* the TDX module did not start */
	VTDIAG_CC_GAP_NO_ASIDS		= 1U << 6,	/* misc cgroup capacity 0 */
	VTDIAG_CC_GAP_SME_INACTIVE	= 1U << 7,	/* SME not in use */
	VTDIAG_CC_GAP_ALL		= (1U << 8) - 1,
};

/* "kvm_module", ... for JSON; NULL for no single bit. */
const char *vtdiag_cc_gap_name(__u32 gap);

/*
 * What the OS lacks for @feature (enum vtdiag_cc_gap); in @unknown what it
 * could not tell (same bits). Meaningful once the firmware enabled it.
 */
__u32 vtdiag_cc_os_gaps(const struct vtdiag_report *report, __u32 feature,
			__u32 *unknown);

/*
 * How ready the host is for @feature. The values are the exit statuses
 * of --require (after a KVM exit status other than 0).
 */
enum vtdiag_cc_readiness {
	VTDIAG_CC_READY			= 0,
	VTDIAG_CC_OS_NOT_READY		= 1,
	VTDIAG_CC_FIRMWARE_OFF		= 2,	/* also CPUs that differ */
	VTDIAG_CC_NOT_SUPPORTED		= 3,	/* also hidden by a hypervisor */
	VTDIAG_CC_UNDETERMINED		= 4,
};

enum vtdiag_cc_readiness vtdiag_cc_readiness(const struct vtdiag_report *report,
					     __u32 feature);
/* "ready", "os_not_ready", ... for JSON and metrics. */
const char *vtdiag_cc_readiness_name(enum vtdiag_cc_readiness readiness);

/*
 * --require: "sev", "sev-es", "sev-snp", "tdx" (also with '_') as
 * VTDIAG_A_CC_*; 0 for anything else. The option's names, listed.
 */
__u32 vtdiag_cc_require_parse(const char *name);
extern const char vtdiag_cc_require_names[];
/* "sev-snp" for VTDIAG_A_CC_SEV_SNP: as the option spells it. */
const char *vtdiag_cc_require_name(__u32 feature);
/*
 * The exit status under --require: the KVM status when it is not 0, else
 * the readiness of the required feature.
 */
int vtdiag_cc_require_exit(const struct vtdiag_report *report);

/* "SEV-SNP" for people; "the AMD feature" sentences use it untranslated. */
const char *vtdiag_cc_label(__u32 feature);
/* Why the firmware keeps it off, in words: "SMEE is off, ...". */
void vtdiag_cc_describe_causes(struct strbuf *sb, __u32 causes);
/* What the OS lacks, in words. */
void vtdiag_cc_describe_gaps(struct strbuf *sb,
			     const struct vtdiag_report *report,
			     __u32 feature, __u32 gaps);

/* The judgement shared by the confidential-computing checks. */
enum vtdiag_status vtdiag_cc_judge(const struct vtdiag_report *report,
				   __u32 feature, struct strbuf *detail);
/* The check of @feature shows in the text report: its vendor has it. */
bool vtdiag_cc_in_text(const struct vtdiag_report *report, __u32 feature);
/* VTDIAG_A_CC_* of a confidential-computing check; 0 for the others. */
__u32 vtdiag_cc_check_feature(const struct vtdiag_check *check);

/* Conditions the checks' rules share. */
bool vtdiag_cc_firmware_cause(const struct vtdiag_report *report,
			      __u32 feature, __u32 cause);
bool vtdiag_cc_gap(const struct vtdiag_report *report, __u32 feature,
		   __u32 gap);

/*
 * The advice's {cc_...} placeholders (advice.c hands every name starting
 * with "cc_" here): the maker's name for a firmware setting, where the
 * machine is one whose names are known. False for an unknown name.
 */
bool vtdiag_cc_fill(struct strbuf *sb, const struct vtdiag_report *report,
		    const char *name, size_t len);

/*
 * The support bundle's registers.txt line of @cpu's confidential-computing
 * words and states ("cc cpu=0 max_basic=0xd ..."); nothing without them.
 */
void vtdiag_cc_registers(struct strbuf *sb, const struct vtdiag_cpu *cpu);

struct json_object;
/* The "confidential" object of --json (cc_json.c); NULL when out of memory. */
struct json_object *vtdiag_cc_json(const struct vtdiag_report *report);

#endif /* VTDIAG_CC_H */
