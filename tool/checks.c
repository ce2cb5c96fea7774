// SPDX-License-Identifier: GPL-2.0
/*
 * The table of checks, in report order, and what is done with it: every
 * check judged (vtdiag_judge) and every advice rule in the order its step
 * is given (vtdiag_advice_rules). A new check is a file in checks/ and a
 * line here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

extern const struct vtdiag_check vtdiag_check_data_source;
extern const struct vtdiag_check vtdiag_check_cpuid;
extern const struct vtdiag_check vtdiag_check_firmware_registers;
extern const struct vtdiag_check vtdiag_check_cpu_virt;
extern const struct vtdiag_check vtdiag_check_firmware_setting;
extern const struct vtdiag_check vtdiag_check_cpu_consistency;
extern const struct vtdiag_check vtdiag_check_hypervisor;
extern const struct vtdiag_check vtdiag_check_kvm_core;
extern const struct vtdiag_check vtdiag_check_kvm_vendor;
extern const struct vtdiag_check vtdiag_check_virt_in_use;
extern const struct vtdiag_check vtdiag_check_dev_kvm;
extern const struct vtdiag_check vtdiag_check_dev_kvm_access;
extern const struct vtdiag_check vtdiag_check_qemu;
extern const struct vtdiag_check vtdiag_check_libvirt;
extern const struct vtdiag_check vtdiag_check_net_tun;
extern const struct vtdiag_check vtdiag_check_iommu;
extern const struct vtdiag_check vtdiag_check_vhost_net;
extern const struct vtdiag_check vtdiag_check_cgroups;

const struct vtdiag_check *const vtdiag_checks[] = {
	&vtdiag_check_data_source,
	&vtdiag_check_cpuid,
	&vtdiag_check_firmware_registers,
	&vtdiag_check_cpu_virt,
	&vtdiag_check_firmware_setting,
	&vtdiag_check_cpu_consistency,
	&vtdiag_check_hypervisor,
	&vtdiag_check_kvm_core,
	&vtdiag_check_kvm_vendor,
	&vtdiag_check_virt_in_use,
	&vtdiag_check_dev_kvm,
	&vtdiag_check_dev_kvm_access,
	&vtdiag_check_qemu,
	&vtdiag_check_libvirt,
	&vtdiag_check_net_tun,
	&vtdiag_check_iommu,
	&vtdiag_check_vhost_net,
	&vtdiag_check_cgroups,
};

const size_t vtdiag_nr_checks = ARRAY_SIZE(vtdiag_checks);

const struct vtdiag_check *vtdiag_check_find(const char *id)
{
	size_t i;

	for (i = 0; i < vtdiag_nr_checks; i++)
		if (!strcmp(vtdiag_checks[i]->id, id))
			return vtdiag_checks[i];
	return NULL;
}

void vtdiag_probe_checks(struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < vtdiag_nr_checks && i < VTDIAG_CHECKS_MAX; i++) {
		if (!vtdiag_checks[i]->probe)
			continue;
		free(report->check_facts[i]);
		report->check_facts[i] = vtdiag_checks[i]->probe(report);
	}
}

const void *vtdiag_check_facts(const struct vtdiag_report *report,
			       const struct vtdiag_check *check)
{
	size_t i;

	for (i = 0; i < vtdiag_nr_checks && i < VTDIAG_CHECKS_MAX; i++)
		if (vtdiag_checks[i] == check)
			return report->check_facts[i];
	return NULL;
}

int vtdiag_judge(const struct vtdiag_report *report,
		 struct vtdiag_results *results)
{
	struct vtdiag_check_result *result;
	struct strbuf detail = STRBUF_INIT;
	size_t i;

	results->count = 0;
	results->items = calloc(vtdiag_nr_checks, sizeof(*results->items));
	if (!results->items)
		return -ENOMEM;
	for (i = 0; i < vtdiag_nr_checks; i++) {
		result = &results->items[i];
		result->check = vtdiag_checks[i];
		result->status = result->check->judge(report, &detail);
		if (detail.oom) {
			strbuf_release(&detail);
			vtdiag_results_free(results);
			return -ENOMEM;
		}
		result->detail = strbuf_detach(&detail);
		results->count++;
		if (!result->detail) {
			vtdiag_results_free(results);
			return -ENOMEM;
		}
	}
	return 0;
}

void vtdiag_results_free(struct vtdiag_results *results)
{
	size_t i;

	for (i = 0; i < results->count; i++)
		free(results->items[i].detail);
	free(results->items);
	results->items = NULL;
	results->count = 0;
}

/* Built once: by band, then table order, then the check's own order. */
static const struct vtdiag_advice_rule **rule_order;
static const struct vtdiag_check **rule_owner;
static size_t nr_rules;

static int order_rules(void)
{
	size_t total = 0, i, r, n = 0;
	unsigned int band;

	for (i = 0; i < vtdiag_nr_checks; i++)
		total += vtdiag_checks[i]->nr_rules;
	rule_order = calloc(total ? total : 1, sizeof(*rule_order));
	rule_owner = calloc(total ? total : 1, sizeof(*rule_owner));
	if (!rule_order || !rule_owner) {
		free(rule_order);
		free(rule_owner);
		rule_order = NULL;
		rule_owner = NULL;
		return -ENOMEM;
	}
	for (band = 0; band < __VTDIAG_STEP_MAX; band++)
		for (i = 0; i < vtdiag_nr_checks; i++)
			for (r = 0; r < vtdiag_checks[i]->nr_rules; r++) {
				if ((unsigned int)vtdiag_checks[i]->rules[r].band != band)
					continue;
				rule_owner[n] = vtdiag_checks[i];
				rule_order[n++] = &vtdiag_checks[i]->rules[r];
			}
	nr_rules = n;
	return 0;
}

const struct vtdiag_advice_rule *const *vtdiag_advice_rules(size_t *count)
{
	if (!rule_order && order_rules()) {
		*count = 0;
		return NULL;
	}
	*count = nr_rules;
	return rule_order;
}

const struct vtdiag_check *vtdiag_rule_check(const struct vtdiag_advice_rule *rule)
{
	size_t i;

	for (i = 0; i < nr_rules; i++)
		if (rule_order[i] == rule)
			return rule_owner[i];
	return NULL;
}
