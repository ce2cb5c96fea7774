// SPDX-License-Identifier: GPL-2.0
/*
 * The "confidential" object of --json (docs/design.md, "Confidential
 * computing"): per feature of the CPU's vendor its host state, causes,
 * CPUs, readiness and what the operating system lacks; the OS facts; and
 * what --require asked and answered. Keys are the decoder's contract
 * names (vtdiag_cc_feature_name, vtdiag_cc_cause_name).
 */
#include <json.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "cc_os.h"
#include "kmodinfo.h"
#include "report.h"

/* ccp's place in the kernel, as JSON spells it. */
static const char *kmod_key(int avail)
{
	switch (avail) {
	case VTDIAG_KMOD_LOADED:
		return "loaded";
	case VTDIAG_KMOD_BUILTIN:
		return "builtin";
	case VTDIAG_KMOD_AVAILABLE:
		return "not_loaded";
	case VTDIAG_KMOD_MISSING:
		return "not_built";
	default:
		return NULL;
	}
}

static struct json_object *tristate(int value)
{
	return value < 0 ? NULL : json_object_new_boolean(value);
}

static struct json_object *names_json(__u32 bits,
				      const char *(*name)(__u32 bit))
{
	struct json_object *array = json_object_new_array();
	__u32 bit;

	for (bit = 1; bit; bit <<= 1)
		if ((bits & bit) && name(bit))
			json_object_array_add(array,
					      json_object_new_string(name(bit)));
	return array;
}

static struct json_object *feature_json(const struct vtdiag_report *report,
					__u32 feature)
{
	struct json_object *obj = json_object_new_object();
	struct vtdiag_cc_verdict verdict;
	__u32 gaps = 0, unknown = 0;

	vtdiag_cc_host(report, feature, &verdict);
	json_object_object_add(obj, "state",
			       verdict.known == VTDIAG_CC_KNOWN ?
			       json_object_new_string(vtdiag_state_name(verdict.state)) :
			       json_object_new_string("unknown"));
	json_object_object_add(obj, "causes",
			       names_json(verdict.causes, vtdiag_cc_cause_name));
	json_object_object_add(obj, "cpus_enabled",
			       verdict.has_cpus ?
			       json_object_new_int64(verdict.cpus) : NULL);
	json_object_object_add(obj, "readiness",
			       json_object_new_string(vtdiag_cc_readiness_name(vtdiag_cc_readiness(report, feature))));
	if (verdict.known == VTDIAG_CC_KNOWN &&
	    verdict.state == VTDIAG_STATE_ENABLED)
		gaps = vtdiag_cc_os_gaps(report, feature, &unknown);
	json_object_object_add(obj, "os_missing",
			       names_json(gaps, vtdiag_cc_gap_name));
	json_object_object_add(obj, "os_unknown",
			       names_json(unknown, vtdiag_cc_gap_name));
	return obj;
}

static struct json_object *misc_json(long long value)
{
	return value < 0 ? NULL : json_object_new_int64(value);
}

static struct json_object *os_json(const struct vtdiag_report *report)
{
	const struct vtdiag_cc_os *cc_os = &report->cc_os;
	struct json_object *obj = json_object_new_object();
	struct json_object *kvm_amd = json_object_new_object();
	struct json_object *misc = json_object_new_object();
	const char *tdx_module = vtdiag_tdx_module_name(cc_os->tdx_module);

	if (!cc_os->probed) {
		json_object_put(kvm_amd);
		json_object_put(misc);
		json_object_put(obj);
		return NULL;
	}
	json_object_object_add(kvm_amd, "sev",
			       tristate(cc_os->kvm_amd[VTDIAG_A_CC_SEV]));
	json_object_object_add(kvm_amd, "sev_es",
			       tristate(cc_os->kvm_amd[VTDIAG_A_CC_SEV_ES]));
	json_object_object_add(kvm_amd, "sev_snp",
			       tristate(cc_os->kvm_amd[VTDIAG_A_CC_SEV_SNP]));
	json_object_object_add(obj, "kvm_amd", kvm_amd);
	json_object_object_add(obj, "kvm_intel_tdx",
			       tristate(cc_os->kvm_intel_tdx));
	json_object_object_add(obj, "enable_virt_at_load",
			       tristate(report->os.enable_virt_at_load));
	json_object_object_add(obj, "dev_sev",
			       json_object_new_boolean(cc_os->dev_sev));
	json_object_object_add(obj, "ccp", kmod_key(cc_os->ccp) ?
			       json_object_new_string(kmod_key(cc_os->ccp)) : NULL);
	json_object_object_add(obj, "sme_active",
			       cc_os->cpuinfo_flags < 0 ? NULL :
			       json_object_new_boolean(cc_os->cpuinfo_flags &
						       (1U << VTDIAG_A_CC_SME)));
	json_object_object_add(obj, "mem_encrypt",
			       cc_os->mem_encrypt[0] ?
			       json_object_new_string(cc_os->mem_encrypt) : NULL);
	json_object_object_add(obj, "nohibernate",
			       cc_os->cmdline_read ?
			       json_object_new_boolean(cc_os->nohibernate) : NULL);
	json_object_object_add(misc, "sev", misc_json(cc_os->misc_sev));
	json_object_object_add(misc, "sev_es", misc_json(cc_os->misc_sev_es));
	json_object_object_add(obj, "misc_capacity", misc);
	json_object_object_add(obj, "tdx_module",
			       tdx_module ? json_object_new_string(tdx_module) : NULL);
	json_object_object_add(obj, "tdx_log",
			       cc_os->tdx_log[0] ?
			       json_object_new_string(cc_os->tdx_log) : NULL);
	json_object_object_add(obj, "sev_log",
			       cc_os->sev_log[0] ?
			       json_object_new_string(cc_os->sev_log) : NULL);
	return obj;
}

static struct json_object *require_json(const struct vtdiag_report *report)
{
	struct json_object *obj;

	if (!report->cc_require)
		return NULL;
	obj = json_object_new_object();
	json_object_object_add(obj, "feature",
			       json_object_new_string(vtdiag_cc_feature_name(report->cc_require)));
	json_object_object_add(obj, "exit_status",
			       json_object_new_int(vtdiag_cc_require_exit(report)));
	return obj;
}

struct json_object *vtdiag_cc_json(const struct vtdiag_report *report)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *features = json_object_new_object();
	struct vtdiag_cc_verdict verdict;
	const char *unavailable;
	size_t i;
	__u32 feature;

	if (!obj || !features) {
		json_object_put(obj);
		json_object_put(features);
		return NULL;
	}
	json_object_object_add(obj, "vendor",
			       vtdiag_report_sampled(report) ?
			       json_object_new_string(vtdiag_vendor_name(report->host.vendor)) :
			       NULL);
	/* Why there is no answer at all: the first feature of the vendor says. */
	unavailable = vtdiag_report_sampled(report) ? NULL :
		      vtdiag_cc_known_name(VTDIAG_CC_NO_DATA);
	for (i = 0; i < vtdiag_cc_nr_features; i++) {
		feature = vtdiag_cc_order[i];
		if (!vtdiag_cc_in_text(report, feature))
			continue;
		vtdiag_cc_host(report, feature, &verdict);
		if (!unavailable)
			unavailable = vtdiag_cc_known_name(verdict.known);
		json_object_object_add(features, vtdiag_cc_feature_name(feature),
				       feature_json(report, feature));
	}
	json_object_object_add(obj, "unavailable",
			       unavailable ? json_object_new_string(unavailable) : NULL);
	json_object_object_add(obj, "features", features);
	json_object_object_add(obj, "os", os_json(report));
	json_object_object_add(obj, "require", require_json(report));
	return obj;
}
