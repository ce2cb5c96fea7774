/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the facts mean: the exit status, the checks of the text report and
 * the remediation advice. Pure functions of struct vtdiag_report: no
 * netlink, no printing.
 */
#ifndef VTDIAG_REPORT_H
#define VTDIAG_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "strbuf.h"

/* The exit statuses of the tool contract (DESIGN.md), fixed. */
enum vtdiag_exit {
	VTDIAG_EXIT_READY		= 0,	/* KVM usable now */
	VTDIAG_EXIT_OS_NOT_READY	= 1,	/* firmware allows, OS not ready */
	VTDIAG_EXIT_FIRMWARE_OFF	= 2,	/* disabled in firmware */
	VTDIAG_EXIT_NO_HW_VIRT		= 3,	/* unsupported or hidden */
	VTDIAG_EXIT_UNDETERMINED	= 4,	/* could not determine */
	VTDIAG_EXIT_USAGE		= 64,	/* bad command line */
};

enum vtdiag_status {
	VTDIAG_PASS,
	VTDIAG_WARN,
	VTDIAG_FAIL,
};

const char *vtdiag_status_name(enum vtdiag_status status);

/* enum vtdiag_tech of the host, from the module's tech or vendor. */
__u32 vtdiag_report_tech(const struct vtdiag_report *report);
/* "kvm_intel"/"kvm_amd", the module this CPU needs; NULL if unknown. */
const char *vtdiag_report_vendor_module(const struct vtdiag_report *report);
/* KVM states: the module's attributes when present, else /sys/module. */
__u32 vtdiag_report_kvm_core(const struct vtdiag_report *report);
/* False when the vendor, hence the vendor module, is unknown. */
bool vtdiag_report_kvm_vendor(const struct vtdiag_report *report,
			      __u32 *kvm_state);

bool vtdiag_firmware_allows(const struct vtdiag_report *report);
bool vtdiag_kvm_ready(const struct vtdiag_report *report);
enum vtdiag_exit vtdiag_exit_status(const struct vtdiag_report *report);
/* One sentence for the end of the text report. */
const char *vtdiag_exit_summary(enum vtdiag_exit status);

/* One line of the text report. */
struct vtdiag_check {
	const char *title;
	enum vtdiag_status (*run)(const struct vtdiag_report *report,
				  struct strbuf *detail);
};

extern const struct vtdiag_check vtdiag_checks[];
extern const size_t vtdiag_nr_checks;

/*
 * Advice is data: each rule matches host verdicts (a bit per enum
 * vtdiag_state, 0 for any) and an optional condition, and carries a text
 * whose {placeholders} vtdiag_expand() fills in from the report.
 */
struct vtdiag_advice_rule {
	const char *id;
	unsigned int verdicts;
	bool (*applies)(const struct vtdiag_report *report);
	bool last;		/* nothing below applies once this matched */
	const char *text;
};

extern const struct vtdiag_advice_rule vtdiag_advice_rules[];
extern const size_t vtdiag_nr_advice_rules;

struct vtdiag_advice {
	const char *id;
	char *text;
};

struct vtdiag_advice_list {
	struct vtdiag_advice *items;
	size_t count;
};

/* Returns 0 or -ENOMEM; free the list with vtdiag_advice_free(). */
int vtdiag_advise(const struct vtdiag_report *report,
		  struct vtdiag_advice_list *list);
void vtdiag_advice_free(struct vtdiag_advice_list *list);
/* @text with its {placeholders} filled in; caller frees. */
char *vtdiag_expand(const char *text, const struct vtdiag_report *report);

/* Helpers the checks, the advice and the printers share. */
/* "VT-x", "AMD-V", or "VT-x/AMD-V" for an unknown vendor. */
const char *vtdiag_tech_label(__u32 tech);
/* "CPUs 2-3: disabled_by_firmware, 6 others: enabled" */
void vtdiag_describe_cpu_states(struct strbuf *sb,
				const struct vtdiag_report *report);
/* "KVM (signature \"KVMKVMKVM\")" */
void vtdiag_describe_hypervisor(struct strbuf *sb,
				const struct vtdiag_report *report);
const char *vtdiag_hypervisor_product(const char *signature);
/* "EIO" for -EIO/EIO, "errno 1234" for numbers libc does not name. */
const char *vtdiag_errno_name(int errnum, char *buf, size_t size);

#endif /* VTDIAG_REPORT_H */
