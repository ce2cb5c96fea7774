/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A check is one unit: a stable id, its title, its judgement of the
 * report (pass, warn, fail or skip, with a detail) and its advice rules.
 * Each lives in its own file under checks/; checks.c lists them in report
 * order. Every output (text, --json, --prometheus, --collect) renders
 * what vtdiag_judge() and vtdiag_advise() make of that table and decides
 * nothing itself. docs/design.md, "Checks", says how to add one.
 */
#ifndef VTDIAG_CHECK_H
#define VTDIAG_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "strbuf.h"

enum vtdiag_status {
	VTDIAG_PASS,
	VTDIAG_WARN,
	VTDIAG_FAIL,
	VTDIAG_SKIP,		/* could not be checked here */
};

/* "PASS", ... as the text report shows them (N_() strings, untranslated). */
const char *vtdiag_status_name(enum vtdiag_status status);
/* "pass", ... for --json, --prometheus and the support bundle. */
const char *vtdiag_status_key(enum vtdiag_status status);

/*
 * When a numbered step is due: what has to be fixed first comes first.
 * Steps are ordered by band, then by the order of their checks in the
 * table, then by their order in the check.
 */
enum vtdiag_step_band {
	VTDIAG_STEP_MODULE,		/* vtdiag's own view of the CPUs */
	VTDIAG_STEP_KVM_ELSEWHERE,	/* KVM runs without VT-x/AMD-V */
	VTDIAG_STEP_FIRMWARE,		/* the firmware's switch */
	VTDIAG_STEP_NESTED,		/* the switch of the hypervisor above */
	VTDIAG_STEP_CPU_NOTES,		/* what else the CPUs' reading says */
	VTDIAG_STEP_CONFLICT,		/* another hypervisor holds it */
	VTDIAG_STEP_KVM,		/* load KVM */
	VTDIAG_STEP_DEVICE,		/* /dev/kvm and who may open it */
	VTDIAG_STEP_USERSPACE,		/* QEMU, libvirt, guest networking */
	VTDIAG_STEP_NOTES,		/* worth knowing once KVM works */
	VTDIAG_STEP_CONFIDENTIAL,	/* confidential guests: beside KVM */
	__VTDIAG_STEP_MAX
};

/* Bits of a rule's verdict mask: one per enum vtdiag_state... */
#define VTDIAG_VERDICT(state)	(1U << (state))
/*
 * ...and one that is not a state: KVM runs through a vendor module that
 * needs no VT-x/AMD-V (kvm_pvm). The verdict then decides nothing, and a
 * report matches this bit instead of its verdict's.
 */
#define VTDIAG_OTHER_VENDOR	(1U << 31)
#define VTDIAG_FIRMWARE_ALLOWS	(VTDIAG_VERDICT(VTDIAG_STATE_ENABLED) | \
				 VTDIAG_VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED))
/* The operating system's steps: once the firmware allows it, or KVM runs anyway. */
#define VTDIAG_OS_SIDE		(VTDIAG_FIRMWARE_ALLOWS | VTDIAG_OTHER_VENDOR)

/*
 * One piece of advice: the host verdicts it is for (VTDIAG_VERDICT bits,
 * 0 for any), an optional condition, a stable id and a text whose
 * {placeholders} vtdiag_expand() fills in from the report.
 */
struct vtdiag_advice_rule {
	const char *id;
	enum vtdiag_step_band band;
	unsigned int verdicts;
	bool (*applies)(const struct vtdiag_report *report);
	/* Nothing below applies once this matched, unless the fallback read the CPUs. */
	bool last;
	const char *text;
};

struct vtdiag_check {
	const char *id;			/* stable, snake_case: JSON and metrics */
	const char *title;		/* N_(): the text report's column */
	/*
	 * Whether the text report has a line for it (NULL: always). JSON and
	 * the metrics list every check.
	 */
	bool (*in_text)(const struct vtdiag_report *report);
	/*
	 * Gathers the facts only this check reads, as one flat allocation
	 * (freed with the report), or NULL when there are none to be had.
	 * Files through root.h, programs through run.h. Checks without a
	 * probe read the report's shared facts (model.h) only.
	 */
	void *(*probe)(const struct vtdiag_report *report);
	enum vtdiag_status (*judge)(const struct vtdiag_report *report,
				    struct strbuf *detail);
	const struct vtdiag_advice_rule *rules;
	size_t nr_rules;
};

#define VTDIAG_CHECK_RULES(array)	.rules = (array), \
					.nr_rules = sizeof(array) / sizeof((array)[0])

/* The table (checks.c), in report order. */
extern const struct vtdiag_check *const vtdiag_checks[];
extern const size_t vtdiag_nr_checks;

/* The check with @id; NULL when there is none. */
const struct vtdiag_check *vtdiag_check_find(const char *id);

/* The judgement of one check. */
struct vtdiag_check_result {
	const struct vtdiag_check *check;
	enum vtdiag_status status;
	char *detail;
};

struct vtdiag_results {
	struct vtdiag_check_result *items;	/* vtdiag_nr_checks of them */
	size_t count;
};

/* Runs the probe of every check that has one, into @report. */
void vtdiag_probe_checks(struct vtdiag_report *report);
/* What @check's probe found; NULL when it did not run or found nothing. */
const void *vtdiag_check_facts(const struct vtdiag_report *report,
			       const struct vtdiag_check *check);

/* Judges every check of the table; 0 or -ENOMEM. */
int vtdiag_judge(const struct vtdiag_report *report,
		 struct vtdiag_results *results);
void vtdiag_results_free(struct vtdiag_results *results);

/* Every advice rule, in the order its steps are given; @count set. */
const struct vtdiag_advice_rule *const *vtdiag_advice_rules(size_t *count);
/* The check a rule belongs to. */
const struct vtdiag_check *vtdiag_rule_check(const struct vtdiag_advice_rule *rule);

#endif /* VTDIAG_CHECK_H */
