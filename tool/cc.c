// SPDX-License-Identifier: GPL-2.0
/*
 * Confidential computing, decided once (cc.h): the host verdict of each
 * feature, what the operating system lacks, readiness and --require, the
 * words for causes and gaps, and the makers' names of the firmware
 * settings. The bits themselves are decoded only by vtdiag/decode.h (in
 * the module, or in the fallback): this file reads states and causes.
 */
#include <stdio.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "i18n.h"
#include "kmodinfo.h"
#include "machine.h"
#include "report.h"
#include "util.h"

#define BIT_CC(feature)	(1U << (feature))

/* Between the causes or gaps of one feature, as a list. */
static const char *list_separator(void)
{
	/* TRANSLATORS: between two items of a list: "SMEE is off; ..." */
	return _("; ");
}

const __u32 vtdiag_cc_order[] = {
	VTDIAG_A_CC_SME, VTDIAG_A_CC_SEV, VTDIAG_A_CC_SEV_ES,
	VTDIAG_A_CC_SEV_SNP, VTDIAG_A_CC_TME, VTDIAG_A_CC_TDX,
};

const size_t vtdiag_cc_nr_features = ARRAY_SIZE(vtdiag_cc_order);

static bool amd_guest_feature(__u32 feature)
{
	return feature == VTDIAG_A_CC_SEV || feature == VTDIAG_A_CC_SEV_ES ||
	       feature == VTDIAG_A_CC_SEV_SNP;
}

void vtdiag_cc_host(const struct vtdiag_report *report, __u32 feature,
		    struct vtdiag_cc_verdict *verdict)
{
	const struct vtdiag_cc_feature *slot;

	memset(verdict, 0, sizeof(*verdict));
	verdict->state = VTDIAG_STATE_UNKNOWN;
	if (!vtdiag_report_sampled(report)) {
		verdict->known = VTDIAG_CC_NO_DATA;
		return;
	}
	if (feature >= VTDIAG_CC_SLOTS ||
	    !(vtdiag_cc_features(report->host.vendor) & BIT_CC(feature))) {
		verdict->known = VTDIAG_CC_OTHER_VENDOR;
		verdict->state = VTDIAG_STATE_UNSUPPORTED;
		return;
	}
	slot = &report->host.cc[feature];
	if (!report->host.has_cc || !slot->present) {
		verdict->known = report->fallback ? VTDIAG_CC_NOT_READ :
				 VTDIAG_CC_MODULE_TOO_OLD;
		return;
	}
	verdict->known = VTDIAG_CC_KNOWN;
	verdict->state = vtdiag_known_state(slot->state);
	verdict->causes = slot->causes & VTDIAG_CC_CAUSES_MASK;
	verdict->has_cpus = slot->has_cpus;
	verdict->cpus = slot->cpus;
}

void vtdiag_cc_summarize(struct vtdiag_host *host,
			 const struct vtdiag_cpu *cpus, size_t nr_cpus)
{
	__u32 counts[__VTDIAG_STATE_MAX], feature, state;
	struct vtdiag_cc_feature *slot;
	size_t i;

	host->has_cc = true;
	for (feature = 1; feature < VTDIAG_CC_SLOTS; feature++) {
		slot = &host->cc[feature];
		memset(slot, 0, sizeof(*slot));
		memset(counts, 0, sizeof(counts));
		for (i = 0; i < nr_cpus; i++) {
			if (!cpus[i].has_cc || !cpus[i].cc[feature].present)
				continue;
			state = vtdiag_known_state(cpus[i].cc[feature].state);
			counts[state]++;
			slot->causes |= cpus[i].cc[feature].causes;
			slot->cpus += state == VTDIAG_STATE_ENABLED;
			slot->present = true;
		}
		if (!slot->present)
			continue;
		slot->has_cpus = true;
		slot->state = vtdiag_verdict(counts);
	}
}

const char *vtdiag_cc_known_name(enum vtdiag_cc_known known)
{
	switch (known) {
	case VTDIAG_CC_OTHER_VENDOR:
		return "other_vendor";
	case VTDIAG_CC_MODULE_TOO_OLD:
		return "module_too_old";
	case VTDIAG_CC_NOT_READ:
		return "not_read";
	case VTDIAG_CC_NO_DATA:
		return "no_cpu_data";
	default:
		return NULL;
	}
}

const char *vtdiag_cc_gap_name(__u32 gap)
{
	switch (gap) {
	case VTDIAG_CC_GAP_KVM_MODULE:
		return "kvm_module";
	case VTDIAG_CC_GAP_KVM_NO_PARAM:
		return "kvm_without_support";
	case VTDIAG_CC_GAP_KVM_OFF:
		return "kvm_off";
	case VTDIAG_CC_GAP_NO_DEV_SEV:
		return "no_dev_sev";
	case VTDIAG_CC_GAP_VIRT_AT_LOAD:
		return "enable_virt_at_load_off";
	case VTDIAG_CC_GAP_TDX_MODULE:
		return "tdx_module_not_initialized";
	case VTDIAG_CC_GAP_NO_ASIDS:
		return "no_asids_in_cgroup";
	case VTDIAG_CC_GAP_SME_INACTIVE:
		return "sme_not_active";
	default:
		return NULL;
	}
}

/* The KVM vendor module of @feature: kvm_amd or kvm_intel, as the report has it. */
static bool kvm_module_usable(const struct vtdiag_report *report, __u32 feature)
{
	__u32 state;

	if (report->host.has_kvm_vendor)
		state = report->host.kvm_vendor;
	else
		state = feature == VTDIAG_A_CC_TDX ? report->os.kvm_intel :
			report->os.kvm_amd;
	return vtdiag_kvm_usable(state);
}

/* KVM's parameter for @feature: 1, 0, -1 when it has none. */
static int kvm_param(const struct vtdiag_report *report, __u32 feature)
{
	return feature == VTDIAG_A_CC_TDX ? report->cc_os.kvm_intel_tdx :
	       report->cc_os.kvm_amd[feature];
}

static __u32 kvm_gaps(const struct vtdiag_report *report, __u32 feature)
{
	int param = kvm_param(report, feature);

	if (!kvm_module_usable(report, feature))
		return VTDIAG_CC_GAP_KVM_MODULE;
	if (param < 0)
		return VTDIAG_CC_GAP_KVM_NO_PARAM;
	return param ? 0 : VTDIAG_CC_GAP_KVM_OFF;
}

static __u32 sev_gaps(const struct vtdiag_report *report, __u32 feature)
{
	const struct vtdiag_cc_os *cc_os = &report->cc_os;
	long long asids = feature == VTDIAG_A_CC_SEV ? cc_os->misc_sev :
			  cc_os->misc_sev_es;
	__u32 gaps = kvm_gaps(report, feature);

	if (!cc_os->dev_sev)
		gaps |= VTDIAG_CC_GAP_NO_DEV_SEV;
	if (!asids)
		gaps |= VTDIAG_CC_GAP_NO_ASIDS;
	return gaps;
}

static __u32 tdx_gaps(const struct vtdiag_report *report, __u32 *unknown)
{
	const struct vtdiag_cc_os *cc_os = &report->cc_os;
	__u32 gaps = kvm_gaps(report, VTDIAG_A_CC_TDX);

	if (!report->os.enable_virt_at_load)
		gaps |= VTDIAG_CC_GAP_VIRT_AT_LOAD;
	if (cc_os->tdx_module == VTDIAG_TDX_MODULE_FAILED)
		gaps |= VTDIAG_CC_GAP_TDX_MODULE;
	else if (cc_os->tdx_module == VTDIAG_TDX_MODULE_LOG_UNREADABLE)
		*unknown |= VTDIAG_CC_GAP_TDX_MODULE;
	return gaps;
}

__u32 vtdiag_cc_os_gaps(const struct vtdiag_report *report, __u32 feature,
			__u32 *unknown)
{
	const struct vtdiag_cc_os *cc_os = &report->cc_os;

	*unknown = 0;
	if (!cc_os->probed) {
		*unknown = VTDIAG_CC_GAP_ALL;
		return 0;
	}
	/* KVM's own parameter says Y: its result, everything it needs is there. */
	if ((amd_guest_feature(feature) || feature == VTDIAG_A_CC_TDX) &&
	    kvm_module_usable(report, feature) && kvm_param(report, feature) > 0)
		return 0;
	switch (feature) {
	case VTDIAG_A_CC_SME:
		if (cc_os->cpuinfo_flags < 0) {
			*unknown = VTDIAG_CC_GAP_SME_INACTIVE;
			return 0;
		}
		return cc_os->cpuinfo_flags & BIT_CC(VTDIAG_A_CC_SME) ? 0 :
		       VTDIAG_CC_GAP_SME_INACTIVE;
	case VTDIAG_A_CC_SEV:
	case VTDIAG_A_CC_SEV_ES:
	case VTDIAG_A_CC_SEV_SNP:
		return sev_gaps(report, feature);
	case VTDIAG_A_CC_TDX:
		return tdx_gaps(report, unknown);
	default:
		/* TME needs nothing of the OS: the memory controller encrypts. */
		return 0;
	}
}

enum vtdiag_cc_readiness vtdiag_cc_readiness(const struct vtdiag_report *report,
					     __u32 feature)
{
	struct vtdiag_cc_verdict verdict;
	__u32 gaps, unknown;

	vtdiag_cc_host(report, feature, &verdict);
	if (verdict.known == VTDIAG_CC_OTHER_VENDOR)
		return VTDIAG_CC_NOT_SUPPORTED;
	if (verdict.known != VTDIAG_CC_KNOWN)
		return VTDIAG_CC_UNDETERMINED;
	switch (verdict.state) {
	case VTDIAG_STATE_ENABLED:
		gaps = vtdiag_cc_os_gaps(report, feature, &unknown);
		if (gaps)
			return VTDIAG_CC_OS_NOT_READY;
		return unknown ? VTDIAG_CC_UNDETERMINED : VTDIAG_CC_READY;
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
	case VTDIAG_STATE_INCONSISTENT:
		return VTDIAG_CC_FIRMWARE_OFF;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		return VTDIAG_CC_NOT_SUPPORTED;
	default:
		return VTDIAG_CC_UNDETERMINED;
	}
}

const char *vtdiag_cc_readiness_name(enum vtdiag_cc_readiness readiness)
{
	switch (readiness) {
	case VTDIAG_CC_READY:
		return "ready";
	case VTDIAG_CC_OS_NOT_READY:
		return "os_not_ready";
	case VTDIAG_CC_FIRMWARE_OFF:
		return "disabled_by_firmware";
	case VTDIAG_CC_NOT_SUPPORTED:
		return "not_supported";
	default:
		return "unknown";
	}
}

/* What --require takes: the confidential guests, not host encryption. */
static const struct {
	const char *name;
	__u32 feature;
} require_names[] = {
	{ "sev",	VTDIAG_A_CC_SEV },
	{ "sev-es",	VTDIAG_A_CC_SEV_ES },
	{ "sev-snp",	VTDIAG_A_CC_SEV_SNP },
	{ "tdx",	VTDIAG_A_CC_TDX },
};

const char vtdiag_cc_require_names[] = "sev, sev-es, sev-snp, tdx";

__u32 vtdiag_cc_require_parse(const char *name)
{
	char spelled[16];
	size_t i;

	/* sev_snp as JSON spells it is accepted too. */
	snprintf(spelled, sizeof(spelled), "%s", name);
	for (i = 0; spelled[i]; i++)
		if (spelled[i] == '_')
			spelled[i] = '-';
	if (strlen(name) >= sizeof(spelled))
		return 0;
	for (i = 0; i < ARRAY_SIZE(require_names); i++)
		if (!strcmp(spelled, require_names[i].name))
			return require_names[i].feature;
	return 0;
}

const char *vtdiag_cc_require_name(__u32 feature)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(require_names); i++)
		if (require_names[i].feature == feature)
			return require_names[i].name;
	return NULL;
}

int vtdiag_cc_require_exit(const struct vtdiag_report *report)
{
	enum vtdiag_exit kvm = vtdiag_exit_status(report);

	if (kvm != VTDIAG_EXIT_READY || !report->cc_require)
		return kvm;
	return vtdiag_cc_readiness(report, report->cc_require);
}

const char *vtdiag_cc_label(__u32 feature)
{
	switch (feature) {
	case VTDIAG_A_CC_SME:
		return "SME";
	case VTDIAG_A_CC_SEV:
		return "SEV";
	case VTDIAG_A_CC_SEV_ES:
		return "SEV-ES";
	case VTDIAG_A_CC_SEV_SNP:
		return "SEV-SNP";
	case VTDIAG_A_CC_TME:
		return "TME";
	case VTDIAG_A_CC_TDX:
		return "TDX";
	default:
		return "?";
	}
}

static const char *cause_phrase(__u32 cause)
{
	switch (cause) {
	case VTDIAG_CC_CAUSES_MSR_FAULT:
		return N_("a firmware register could not be read");
	case VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF:
		return N_("memory encryption is off (\"SMEE\")");
	case VTDIAG_CC_CAUSES_SMM_UNLOCKED:
		return N_("the firmware left SMM unlocked");
	case VTDIAG_CC_CAUSES_NO_SEV_ASIDS:
		return N_("no ASID is left for SEV guests");
	case VTDIAG_CC_CAUSES_NO_ES_ASIDS:
		return N_("no ASID is set aside for SEV-ES and SEV-SNP guests (\"SEV-ES ASID Space Limit\")");
	case VTDIAG_CC_CAUSES_RMP_NOT_RESERVED:
		return N_("no memory is reserved for the SEV-SNP RMP table (\"SNP Memory Coverage\")");
	case VTDIAG_CC_CAUSES_TME_NOT_ENABLED:
		return N_("memory encryption (\"TME\") is off");
	case VTDIAG_CC_CAUSES_TME_NOT_LOCKED:
		return N_("the firmware left the TME configuration unlocked");
	case VTDIAG_CC_CAUSES_SEAMRR_OFF:
		return N_("no memory range is set up for the TDX module (\"TDX\", \"SEAM Loader\")");
	case VTDIAG_CC_CAUSES_NO_TDX_KEYIDS:
		return N_("fewer than 2 private KeyIDs for TDX (\"TME-MT/TDX key split\")");
	default:
		return NULL;
	}
}

void vtdiag_cc_describe_causes(struct strbuf *sb, __u32 causes)
{
	const char *phrase;
	bool first = true;
	__u32 bit;

	for (bit = 1; bit && bit <= VTDIAG_CC_CAUSES_MASK; bit <<= 1) {
		phrase = (causes & bit) ? cause_phrase(bit) : NULL;
		if (!phrase)
			continue;
		strbuf_addf(sb, "%s%s", first ? "" : list_separator(), _(phrase));
		first = false;
	}
}

static void describe_gap(struct strbuf *sb, const struct vtdiag_report *report,
			 __u32 feature, __u32 gap)
{
	const char *module = feature == VTDIAG_A_CC_TDX ? "kvm_intel" : "kvm_amd";
	const char *param = vtdiag_cc_feature_name(feature);
	const struct vtdiag_cc_os *cc_os = &report->cc_os;

	switch (gap) {
	case VTDIAG_CC_GAP_KVM_MODULE:
		strbuf_addf(sb, _("%s is not loaded"), module);
		break;
	case VTDIAG_CC_GAP_KVM_NO_PARAM:
		if (feature == VTDIAG_A_CC_SEV_SNP)
			strbuf_adds(sb, _("this kernel's KVM cannot run SEV-SNP guests (kvm_amd has no sev_snp parameter; Linux 6.11 or newer can)"));
		else if (feature == VTDIAG_A_CC_TDX)
			strbuf_adds(sb, _("this kernel's KVM cannot run TDX guests (kvm_intel has no tdx parameter)"));
		else
			strbuf_addf(sb, _("this kernel's KVM was built without SEV support (kvm_amd has no %s parameter)"),
				    param);
		break;
	case VTDIAG_CC_GAP_KVM_OFF:
		strbuf_addf(sb, _("KVM has it off (%s.%s is N)"), module, param);
		if (feature != VTDIAG_A_CC_TDX && cc_os->sev_log[0])
			strbuf_addf(sb, _(", kernel log: \"%s\""), cc_os->sev_log);
		break;
	case VTDIAG_CC_GAP_NO_DEV_SEV:
		strbuf_addf(sb, _("/dev/sev is missing (the AMD PSP driver ccp: %s)"),
			    vtdiag_kmod_phrase(cc_os->ccp));
		break;
	case VTDIAG_CC_GAP_VIRT_AT_LOAD:
		strbuf_adds(sb, _("kvm.enable_virt_at_load is 0, and TDX needs 1"));
		break;
	case VTDIAG_CC_GAP_TDX_MODULE:
		if (cc_os->tdx_log[0])
			strbuf_addf(sb, _("the TDX module did not start (kernel log: \"%s\")"),
				    cc_os->tdx_log);
		else
			strbuf_adds(sb, _("the TDX module did not start"));
		break;
	case VTDIAG_CC_GAP_NO_ASIDS:
		strbuf_addf(sb, _("the misc cgroup offers no ASIDs for it (misc.capacity %s 0)"),
			    feature == VTDIAG_A_CC_SEV ? "sev" : "sev_es");
		break;
	case VTDIAG_CC_GAP_SME_INACTIVE:
		strbuf_adds(sb, _("not in use by this kernel (boot with mem_encrypt=on to encrypt its memory)"));
		break;
	}
}

void vtdiag_cc_describe_gaps(struct strbuf *sb,
			     const struct vtdiag_report *report,
			     __u32 feature, __u32 gaps)
{
	bool first = true;
	__u32 bit;

	for (bit = 1; bit <= VTDIAG_CC_GAP_ALL; bit <<= 1) {
		if (!(gaps & bit))
			continue;
		if (!first)
			strbuf_adds(sb, list_separator());
		describe_gap(sb, report, feature, bit);
		first = false;
	}
}

/* "not supported by this CPU", with the hypervisor's part when it hides it. */
static void describe_unsupported(struct strbuf *sb, __u32 state)
{
	if (state == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR)
		strbuf_adds(sb, _("not supported by this CPU (the hypervisor does not pass it to this virtual machine)"));
	else
		strbuf_adds(sb, _("not supported by this CPU"));
}

static bool cpu_cc_state(const struct vtdiag_cpu *cpu, const void *arg)
{
	const __u32 *want = arg;

	return cpu->has_cc && cpu->cc[want[0]].present &&
	       vtdiag_known_state(cpu->cc[want[0]].state) == want[1];
}

/* "the CPUs differ: CPUs 0-3: enabled; CPUs 4-7: disabled in ...; causes" */
static void describe_inconsistent(struct strbuf *sb,
				  const struct vtdiag_report *report,
				  __u32 feature, __u32 causes)
{
	static const __u32 states[] = {
		VTDIAG_STATE_ENABLED, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		VTDIAG_STATE_UNSUPPORTED, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		VTDIAG_STATE_UNKNOWN,
	};
	__u32 want[2] = { feature, 0 };
	bool first = true;
	size_t i, n;

	strbuf_adds(sb, _("the CPUs differ: "));
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		want[1] = states[i];
		for (n = 0; n < report->nr_cpus; n++)
			if (cpu_cc_state(&report->cpus[n], want))
				break;
		if (n == report->nr_cpus)
			continue;
		if (!first)
			strbuf_adds(sb, list_separator());
		first = false;
		vtdiag_add_cpu_list(sb, report, cpu_cc_state, want);
		/* TRANSLATORS: after "CPUs 4-7": their state. */
		strbuf_addf(sb, _(": %s"), _(vtdiag_state_meaning(states[i])));
	}
	if (causes) {
		strbuf_adds(sb, list_separator());
		vtdiag_cc_describe_causes(sb, causes);
	}
}

static enum vtdiag_status judge_unknown(const struct vtdiag_report *report,
					const struct vtdiag_cc_verdict *verdict,
					struct strbuf *detail)
{
	switch (verdict->known) {
	case VTDIAG_CC_MODULE_TOO_OLD:
		strbuf_adds(detail, _("unknown: the vtdiag module is too old to report it (load the module of this vtdiag version)"));
		return VTDIAG_SKIP;
	case VTDIAG_CC_NOT_READ:
		strbuf_adds(detail, _("unknown: vtdiag could not read its CPUID leaves"));
		return VTDIAG_SKIP;
	case VTDIAG_CC_NO_DATA:
		strbuf_adds(detail, _("unknown: no CPU data"));
		return VTDIAG_SKIP;
	default:
		break;
	}
	if (report->fallback && report->msr_access != VTDIAG_MSR_READ) {
		strbuf_adds(detail, _("unknown: reading the firmware registers needs root (run vtdiag with sudo)"));
		return VTDIAG_SKIP;
	}
	strbuf_adds(detail, _("unknown: "));
	vtdiag_cc_describe_causes(detail, verdict->causes | VTDIAG_CC_CAUSES_MSR_FAULT);
	return VTDIAG_WARN;
}

static enum vtdiag_status judge_enabled(const struct vtdiag_report *report,
					__u32 feature, struct strbuf *detail)
{
	__u32 unknown, gaps = vtdiag_cc_os_gaps(report, feature, &unknown);
	const char *module = feature == VTDIAG_A_CC_TDX ? "kvm_intel" : "kvm_amd";

	strbuf_adds(detail, _("enabled by the firmware"));
	if (feature == VTDIAG_A_CC_SME) {
		strbuf_adds(detail, list_separator());
		if (gaps)
			vtdiag_cc_describe_gaps(detail, report, feature, gaps);
		else if (unknown)
			strbuf_adds(detail, _("whether this kernel uses it is not known"));
		else
			strbuf_adds(detail, _("in use by this kernel"));
		return VTDIAG_PASS;
	}
	if (feature == VTDIAG_A_CC_TME)
		return VTDIAG_PASS;
	if (gaps) {
		strbuf_adds(detail, _("; not usable yet: "));
		vtdiag_cc_describe_gaps(detail, report, feature, gaps);
		return VTDIAG_WARN;
	}
	if (unknown) {
		strbuf_adds(detail, _("; whether KVM can use it is not known: "));
		if (unknown & VTDIAG_CC_GAP_TDX_MODULE &&
		    report->cc_os.tdx_module == VTDIAG_TDX_MODULE_LOG_UNREADABLE)
			strbuf_adds(detail, _("the kernel log is not readable by this user (run vtdiag as root)"));
		else
			strbuf_adds(detail, _("the operating system's side was not read"));
		return VTDIAG_SKIP;
	}
	/* TRANSLATORS: "...; KVM runs SEV-SNP guests (kvm_amd.sev_snp=Y)" */
	strbuf_addf(detail, _("; KVM runs %s guests (%s.%s=Y)"),
		    vtdiag_cc_label(feature), module,
		    vtdiag_cc_feature_name(feature));
	return VTDIAG_PASS;
}

enum vtdiag_status vtdiag_cc_judge(const struct vtdiag_report *report,
				   __u32 feature, struct strbuf *detail)
{
	struct vtdiag_cc_verdict verdict;

	vtdiag_cc_host(report, feature, &verdict);
	if (verdict.known == VTDIAG_CC_OTHER_VENDOR) {
		describe_unsupported(detail, VTDIAG_STATE_UNSUPPORTED);
		return VTDIAG_SKIP;
	}
	if (verdict.known != VTDIAG_CC_KNOWN)
		return judge_unknown(report, &verdict, detail);
	switch (verdict.state) {
	case VTDIAG_STATE_ENABLED:
		return judge_enabled(report, feature, detail);
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
		strbuf_adds(detail, _("disabled in the firmware: "));
		vtdiag_cc_describe_causes(detail, verdict.causes);
		return VTDIAG_WARN;
	case VTDIAG_STATE_INCONSISTENT:
		describe_inconsistent(detail, report, feature, verdict.causes);
		return VTDIAG_WARN;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		describe_unsupported(detail, verdict.state);
		return VTDIAG_SKIP;
	default:
		return judge_unknown(report, &verdict, detail);
	}
}

bool vtdiag_cc_in_text(const struct vtdiag_report *report, __u32 feature)
{
	return vtdiag_cc_features(report->host.vendor) & BIT_CC(feature);
}

extern const struct vtdiag_check vtdiag_check_sme;
extern const struct vtdiag_check vtdiag_check_sev;
extern const struct vtdiag_check vtdiag_check_sev_es;
extern const struct vtdiag_check vtdiag_check_sev_snp;
extern const struct vtdiag_check vtdiag_check_tme;
extern const struct vtdiag_check vtdiag_check_tdx;

__u32 vtdiag_cc_check_feature(const struct vtdiag_check *check)
{
	if (check == &vtdiag_check_sme)
		return VTDIAG_A_CC_SME;
	if (check == &vtdiag_check_sev)
		return VTDIAG_A_CC_SEV;
	if (check == &vtdiag_check_sev_es)
		return VTDIAG_A_CC_SEV_ES;
	if (check == &vtdiag_check_sev_snp)
		return VTDIAG_A_CC_SEV_SNP;
	if (check == &vtdiag_check_tme)
		return VTDIAG_A_CC_TME;
	if (check == &vtdiag_check_tdx)
		return VTDIAG_A_CC_TDX;
	return 0;
}

bool vtdiag_cc_firmware_cause(const struct vtdiag_report *report,
			      __u32 feature, __u32 cause)
{
	struct vtdiag_cc_verdict verdict;

	vtdiag_cc_host(report, feature, &verdict);
	return verdict.known == VTDIAG_CC_KNOWN &&
	       (verdict.state == VTDIAG_STATE_DISABLED_BY_FIRMWARE ||
		verdict.state == VTDIAG_STATE_INCONSISTENT) &&
	       (verdict.causes & cause);
}

bool vtdiag_cc_gap(const struct vtdiag_report *report, __u32 feature,
		   __u32 gap)
{
	struct vtdiag_cc_verdict verdict;
	__u32 unknown;

	vtdiag_cc_host(report, feature, &verdict);
	return verdict.known == VTDIAG_CC_KNOWN &&
	       verdict.state == VTDIAG_STATE_ENABLED &&
	       (vtdiag_cc_os_gaps(report, feature, &unknown) & gap);
}

/*
 * The makers' names of the confidential-computing settings, where a
 * source names them (PLATFORM.md 4a): Dell PowerEdge BIOS attributes as
 * racadm sets them (dimstav23/GDPRuler CVM_setup/README.md), Lenovo
 * ThinkStation WMI settings (Lenovo CDRT ThinkStation BIOS settings,
 * CDRT/mk_docs cpuconfiguration.md; the source lists the names, not which
 * AMD switch each one is, so the sentence names them without mapping
 * them: unverified). No source gives names for Intel TME/TDX per maker:
 * those rules keep the generic names.
 */
static const struct {
	const char *vendor;		/* DMI sys_vendor, a whole leading word */
	const char *model;		/* a word of the product name starts so */
	const char *key;		/* {cc_oem_KEY} */
	const char *text;
} oem_settings[] = {
	{ "Dell", "PowerEdge", "smee",
	  N_("On Dell PowerEdge servers it is the BIOS attribute BIOS.ProcSettings.Sme, which the iDRAC sets remotely: `racadm set BIOS.ProcSettings.Sme Enabled` then `racadm jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW`.") },
	{ "Dell", "PowerEdge", "es_asids",
	  N_("On Dell PowerEdge servers it is the BIOS attribute BIOS.ProcSettings.CpuMinSevAsid (the ASIDs below it go to SEV-ES and SEV-SNP guests): `racadm set BIOS.ProcSettings.CpuMinSevAsid 128` then `racadm jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW`.") },
	{ "Dell", "PowerEdge", "snp",
	  N_("On Dell PowerEdge servers these are the BIOS attributes BIOS.ProcSettings.Snp and BIOS.ProcSettings.IommuSupport: `racadm set BIOS.ProcSettings.Snp Enabled` `racadm set BIOS.ProcSettings.IommuSupport Enabled` then `racadm jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW`.") },
	{ "LENOVO", "ThinkStation", "smee",
	  N_("On Lenovo ThinkStation computers the settings are named AMDSecureVirtualMachine and AMDMemoryGuard; Linux shows them under /sys/class/firmware-attributes/thinklmi/attributes/.") },
	{ "LENOVO", "ThinkStation", "snp",
	  N_("On Lenovo ThinkStation computers the IOMMU setting is named IOMMU; Linux shows it under /sys/class/firmware-attributes/thinklmi/attributes/.") },
};

static bool oem_matches(const struct vtdiag_dmi *dmi, size_t i)
{
	return vtdiag_starts_with_word(dmi->sys_vendor, oem_settings[i].vendor) &&
	       vtdiag_has_word_prefix(dmi->product_name, oem_settings[i].model);
}

bool vtdiag_cc_fill(struct strbuf *sb, const struct vtdiag_report *report,
		    const char *name, size_t len)
{
	static const char prefix[] = "cc_oem_";
	size_t i, plen = sizeof(prefix) - 1;
	bool known = false;

	if (len <= plen || strncmp(name, prefix, plen))
		return false;
	name += plen;
	len -= plen;
	for (i = 0; i < ARRAY_SIZE(oem_settings); i++) {
		if (strlen(oem_settings[i].key) != len ||
		    strncmp(oem_settings[i].key, name, len))
			continue;
		known = true;
		if (oem_matches(&report->platform.dmi, i)) {
			strbuf_addf(sb, " %s", _(oem_settings[i].text));
			break;
		}
	}
	return known;
}

void vtdiag_cc_registers(struct strbuf *sb, const struct vtdiag_cpu *cpu)
{
	const struct vtdiag_cc_raw *raw = &cpu->cc_raw;
	unsigned int which;
	__u32 feature;

	if (!cpu->has_cc_raw && !cpu->has_cc)
		return;
	strbuf_addf(sb, "cc cpu=%u", cpu->id);
	if (cpu->has_cc_raw) {
		strbuf_addf(sb, " max_basic=0x%x cpuid7_ecx=0x%08x memenc=0x%08x,0x%08x,0x%08x,0x%08x",
			    raw->max_basic, raw->cpuid7_ecx, raw->memenc[0],
			    raw->memenc[1], raw->memenc[2], raw->memenc[3]);
		for (which = 0; which < VTDIAG_CC_MSR_COUNT; which++) {
			if (cpu->cc_msr_withheld & (1U << which))
				strbuf_addf(sb, " msr_0x%x=withheld",
					    vtdiag_cc_msr_index(which));
			if (!(raw->msr_read & (1U << which)))
				continue;
			if (raw->msr_err[which])
				strbuf_addf(sb, " msr_0x%x=err%d",
					    vtdiag_cc_msr_index(which),
					    raw->msr_err[which]);
			else
				strbuf_addf(sb, " msr_0x%x=0x%llx",
					    vtdiag_cc_msr_index(which),
					    (unsigned long long)raw->msr[which]);
		}
	}
	for (feature = 1; cpu->has_cc && feature < VTDIAG_CC_SLOTS; feature++)
		if (cpu->cc[feature].present)
			strbuf_addf(sb, " %s=%s/0x%x",
				    vtdiag_cc_feature_name(feature),
				    vtdiag_state_name(cpu->cc[feature].state),
				    cpu->cc[feature].causes);
	strbuf_adds(sb, "\n");
}
