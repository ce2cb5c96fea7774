// SPDX-License-Identifier: GPL-2.0
/*
 * Verdict -> exit status, and the checks of the text report. The advice
 * table lives in advice.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vtdiag/decode.h"
#include "i18n.h"
#include "report.h"
#include "util.h"

const char *vtdiag_status_name(enum vtdiag_status status)
{
	switch (status) {
	case VTDIAG_PASS:
		return N_("PASS");
	case VTDIAG_WARN:
		return N_("WARN");
	default:
		return N_("FAIL");
	}
}

__u32 vtdiag_report_tech(const struct vtdiag_report *report)
{
	if (report->host.tech == VTDIAG_TECH_VMX ||
	    report->host.tech == VTDIAG_TECH_SVM)
		return report->host.tech;
	return vtdiag_vendor_tech(report->host.vendor);
}

int vtdiag_report_kernel_flag(const struct vtdiag_report *report)
{
	int flags = report->os.kernel_flags;

	if (flags < 0)
		return -1;
	switch (vtdiag_report_tech(report)) {
	case VTDIAG_TECH_VMX:
		return !!(flags & VTDIAG_KERNEL_FLAG_VMX);
	case VTDIAG_TECH_SVM:
		return !!(flags & VTDIAG_KERNEL_FLAG_SVM);
	default:
		return -1;
	}
}

const char *vtdiag_report_vendor_module(const struct vtdiag_report *report)
{
	if (report->host.kvm_vendor_module[0])
		return report->host.kvm_vendor_module;
	return vtdiag_kvm_vendor_module(vtdiag_report_tech(report));
}

__u32 vtdiag_report_kvm_core(const struct vtdiag_report *report)
{
	if (report->host.has_kvm_core)
		return report->host.kvm_core;
	return report->os.kvm_core;
}

bool vtdiag_report_kvm_vendor(const struct vtdiag_report *report,
			      __u32 *kvm_state)
{
	const char *module = vtdiag_report_vendor_module(report);

	if (!module)
		return false;
	if (report->host.has_kvm_vendor)
		*kvm_state = report->host.kvm_vendor;
	else if (!strcmp(module, "kvm_intel"))
		*kvm_state = report->os.kvm_intel;
	else if (!strcmp(module, "kvm_amd"))
		*kvm_state = report->os.kvm_amd;
	else
		return false;
	return true;
}

bool vtdiag_report_kvm_from_module(const struct vtdiag_report *report)
{
	return report->host.has_kvm_core;
}

bool vtdiag_kvm_usable(__u32 kvm_state)
{
	return kvm_state == VTDIAG_KVM_LOADED || kvm_state == VTDIAG_KVM_BUILTIN;
}

bool vtdiag_firmware_allows(const struct vtdiag_report *report)
{
	return vtdiag_report_sampled(report) &&
	       (report->host.verdict == VTDIAG_STATE_ENABLED ||
		report->host.verdict == VTDIAG_STATE_ENABLED_UNLOCKED);
}

int vtdiag_kvm_registered(const struct vtdiag_report *report)
{
	return report->os.kvm_registered_known ? report->os.kvm_registered : -1;
}

const struct vtdiag_kvm_provider *
vtdiag_report_other_provider(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->os.nr_kvm_providers; i++)
		if (!vtdiag_kvm_vendor_is_hardware(report->os.kvm_providers[i].module))
			return &report->os.kvm_providers[i];
	return NULL;
}

/*
 * Only a vendor module's successful initialisation registers /dev/kvm, and
 * kvm_intel and kvm_amd are not there beside another one (kvm_pvm cannot
 * be loaded with them): with /dev/kvm registered, KVM runs through it.
 */
const char *vtdiag_kvm_other_vendor(const struct vtdiag_report *report)
{
	const struct vtdiag_kvm_provider *other = vtdiag_report_other_provider(report);

	return other && vtdiag_kvm_registered(report) == 1 ? other->module : NULL;
}

bool vtdiag_kvm_ready(const struct vtdiag_report *report)
{
	__u32 vendor_state;

	if (vtdiag_dev_kvm_access(report) != VTDIAG_DEV_KVM_OK)
		return false;
	/* Such a module goes by no VT-x/AMD-V verdict: /dev/kvm is what counts. */
	if (vtdiag_kvm_other_vendor(report))
		return true;
	return vtdiag_firmware_allows(report) &&
	       vtdiag_kvm_usable(vtdiag_report_kvm_core(report)) &&
	       vtdiag_report_kvm_vendor(report, &vendor_state) &&
	       vtdiag_kvm_usable(vendor_state) &&
	       vtdiag_kvm_registered(report) != 0;
}

int vtdiag_report_cpus_active(const struct vtdiag_report *report)
{
	bool known = false;
	int per_cpu = 0;
	size_t i;

	if (!vtdiag_report_sampled(report))
		return -1;
	for (i = 0; i < report->nr_cpus; i++) {
		known |= report->cpus[i].active >= 0;
		per_cpu += report->cpus[i].active == 1;
	}
	/*
	 * The count and the CPU records are read one query apart; a bit that
	 * was seen switched on in either counts, the larger number wins. With
	 * every CPU isolated none was sampled: the count of 0 says nothing.
	 */
	if (report->host.has_cpus_active &&
	    !(report->host.has_cpus_isolated && !known &&
	      report->host.cpus_isolated >= report->host.cpus_online))
		return (int)report->host.cpus_active > per_cpu ?
		       (int)report->host.cpus_active : per_cpu;
	return known ? per_cpu : -1;
}

enum vtdiag_holder vtdiag_virt_holder(const struct vtdiag_report *report)
{
	int active = vtdiag_report_cpus_active(report);
	__u32 vendor_state;

	if (active < 0)
		return VTDIAG_HOLDER_UNKNOWN;
	if (!active)
		return VTDIAG_HOLDER_NONE;
	if (!vtdiag_report_kvm_vendor(report, &vendor_state))
		return VTDIAG_HOLDER_UNKNOWN;
	/* Only the vendor module switches VMX/SVM on; kvm alone does not. */
	return vtdiag_kvm_usable(vendor_state) ? VTDIAG_HOLDER_KVM :
						 VTDIAG_HOLDER_OTHER;
}

const char *vtdiag_holder_name(enum vtdiag_holder holder)
{
	switch (holder) {
	case VTDIAG_HOLDER_NONE:
		return "none";
	case VTDIAG_HOLDER_KVM:
		return "kvm";
	case VTDIAG_HOLDER_OTHER:
		return "other";
	default:
		return NULL;
	}
}

/* Would the owner and mode bits alone let this process read and write? */
static bool mode_lets_in(const struct vtdiag_os *os)
{
	__u32 need;

	if (os->uid == 0)
		return true;	/* file modes do not stop root */
	if (os->uid == os->dev_kvm_uid)
		need = 0600;
	else if (os->session_in_dev_kvm_group)
		need = 0060;
	else
		need = 0006;
	return (os->dev_kvm_mode & need) == need;
}

/* The device's own group grants read-write (host.c chose it then). */
static bool group_lets_in(const struct vtdiag_os *os)
{
	return os->dev_kvm_gid != 0 && (os->dev_kvm_mode & 0060) == 0060 &&
	       !strcmp(os->kvm_group, os->dev_kvm_group) &&
	       os->uid != os->dev_kvm_uid;
}

enum vtdiag_dev_kvm_access vtdiag_dev_kvm_access(const struct vtdiag_report *report)
{
	const struct vtdiag_os *os = &report->os;

	if (!os->dev_kvm_exists)
		return VTDIAG_DEV_KVM_MISSING;
	if (!os->dev_kvm_errno)
		return VTDIAG_DEV_KVM_OK;
	if (os->dev_kvm_errno != EACCES && os->dev_kvm_errno != EPERM)
		return VTDIAG_DEV_KVM_OTHER;
	if (mode_lets_in(os))
		return os->dev_kvm_acl ? VTDIAG_DEV_KVM_ACL : VTDIAG_DEV_KVM_OTHER;
	if (group_lets_in(os))
		return os->user_in_kvm_group ? VTDIAG_DEV_KVM_RELOGIN :
					       VTDIAG_DEV_KVM_NOT_IN_GROUP;
	return VTDIAG_DEV_KVM_PERMISSIONS;
}

const char *vtdiag_dev_kvm_access_name(enum vtdiag_dev_kvm_access access)
{
	static const char *const names[] = {
		[VTDIAG_DEV_KVM_OK]		= "ok",
		[VTDIAG_DEV_KVM_MISSING]	= "missing",
		[VTDIAG_DEV_KVM_NOT_IN_GROUP]	= "not_in_group",
		[VTDIAG_DEV_KVM_RELOGIN]	= "relogin",
		[VTDIAG_DEV_KVM_PERMISSIONS]	= "permissions",
		[VTDIAG_DEV_KVM_ACL]		= "acl",
		[VTDIAG_DEV_KVM_OTHER]		= "other",
	};

	return (size_t)access < ARRAY_SIZE(names) ? names[access] : "other";
}

/* As ls -l shows it: "crw-rw---- root kvm". */
void vtdiag_describe_dev_kvm(struct strbuf *sb, const struct vtdiag_os *os)
{
	static const char rwx[] = "rwxrwxrwx";
	char mode[11];
	int bit;

	mode[0] = S_ISCHR(os->dev_kvm_mode) ? 'c' :
		  S_ISREG(os->dev_kvm_mode) ? '-' : '?';
	for (bit = 0; bit < 9; bit++)
		mode[bit + 1] = os->dev_kvm_mode & (0400 >> bit) ? rwx[bit] : '-';
	mode[10] = '\0';
	strbuf_addf(sb, "%s%s %s %s", mode, os->dev_kvm_acl ? "+" : "",
		    os->dev_kvm_owner, os->dev_kvm_group);
}

void vtdiag_describe_other_hv(struct strbuf *sb, const struct vtdiag_os *os)
{
	const struct vtdiag_other_hv_driver *hv;
	size_t i, listed = 0;

	for (i = 0; i < vtdiag_nr_other_hv_drivers; i++) {
		hv = &vtdiag_other_hv_drivers[i];
		if (os->other_hv & hv->bit)
			strbuf_addf(sb, _("%s%s (%s loaded)"),
				    listed++ ? _(" or ") : "", hv->product, hv->driver);
	}
}

enum vtdiag_exit vtdiag_exit_status(const struct vtdiag_report *report)
{
	/* KVM without VT-x/AMD-V (kvm_pvm): what the CPUs say does not matter. */
	if (vtdiag_kvm_other_vendor(report))
		return vtdiag_kvm_ready(report) ? VTDIAG_EXIT_READY :
						  VTDIAG_EXIT_OS_NOT_READY;
	if (!vtdiag_report_sampled(report))
		return VTDIAG_EXIT_UNDETERMINED;

	switch (report->host.verdict) {
	case VTDIAG_STATE_ENABLED:
	case VTDIAG_STATE_ENABLED_UNLOCKED:
		return vtdiag_kvm_ready(report) ? VTDIAG_EXIT_READY :
						  VTDIAG_EXIT_OS_NOT_READY;
	case VTDIAG_STATE_DISABLED_OUTSIDE_SMX:
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
	case VTDIAG_STATE_INCONSISTENT:
		return VTDIAG_EXIT_FIRMWARE_OFF;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		return VTDIAG_EXIT_NO_HW_VIRT;
	default:
		return VTDIAG_EXIT_UNDETERMINED;
	}
}

static const char *const exit_summaries[] = {
	[VTDIAG_EXIT_READY] =
		N_("KVM is ready: this machine can run KVM guests now."),
	[VTDIAG_EXIT_OS_NOT_READY] =
		N_("The firmware allows hardware virtualization, but the operating system is not ready for KVM yet."),
	[VTDIAG_EXIT_FIRMWARE_OFF] =
		N_("Hardware virtualization is switched off by the firmware (BIOS/UEFI), so KVM cannot run guests."),
	[VTDIAG_EXIT_NO_HW_VIRT] =
		N_("This machine offers no hardware virtualization to the operating system, so KVM cannot run guests."),
	[VTDIAG_EXIT_UNDETERMINED] =
		N_("vtdiag could not determine whether KVM can run guests here."),
};

const char *vtdiag_exit_summary(enum vtdiag_exit status)
{
	if ((size_t)status >= ARRAY_SIZE(exit_summaries) ||
	    !exit_summaries[status])
		return exit_summaries[VTDIAG_EXIT_UNDETERMINED];
	return exit_summaries[status];
}

void vtdiag_describe_summary(struct strbuf *sb,
			     const struct vtdiag_report *report)
{
	enum vtdiag_exit status = vtdiag_exit_status(report);
	const char *other = vtdiag_kvm_other_vendor(report);

	if (other && status == VTDIAG_EXIT_READY)
		/* TRANSLATORS: %s is a KVM vendor module, "kvm_pvm". */
		strbuf_addf(sb, _("KVM is ready: this machine can run KVM guests now, through %s."),
			    other);
	else if (other)
		strbuf_addf(sb, _("KVM runs here through %s, but the operating system is not ready for KVM guests yet."),
			    other);
	else
		strbuf_adds(sb, _(vtdiag_exit_summary(status)));
}

/* What a state means to an admin, and how the report rates it. */
static const struct {
	enum vtdiag_status status;
	const char *meaning;
} state_info[__VTDIAG_STATE_MAX] = {
	[VTDIAG_STATE_UNKNOWN] = {
		VTDIAG_WARN, N_("could not be determined") },
	[VTDIAG_STATE_ENABLED] = {
		VTDIAG_PASS, N_("enabled") },
	[VTDIAG_STATE_ENABLED_UNLOCKED] = {
		VTDIAG_WARN, N_("enabled, not locked by the firmware") },
	[VTDIAG_STATE_DISABLED_OUTSIDE_SMX] = {
		VTDIAG_FAIL, N_("enabled only for Intel TXT") },
	[VTDIAG_STATE_DISABLED_BY_FIRMWARE] = {
		VTDIAG_FAIL, N_("disabled in the BIOS/UEFI setup") },
	[VTDIAG_STATE_UNSUPPORTED] = {
		VTDIAG_FAIL, N_("not supported by this CPU") },
	[VTDIAG_STATE_HIDDEN_BY_HYPERVISOR] = {
		VTDIAG_FAIL, N_("hidden by the hypervisor") },
	[VTDIAG_STATE_INCONSISTENT] = {
		VTDIAG_FAIL, N_("differs between CPUs") },
};

static __u32 known_state(__u32 state)
{
	/* A state from a newer module than this tool reads as unknown. */
	return state < __VTDIAG_STATE_MAX ? state : VTDIAG_STATE_UNKNOWN;
}

const char *vtdiag_tech_label(__u32 tech)
{
	switch (tech) {
	case VTDIAG_TECH_VMX:
		return "VT-x";
	case VTDIAG_TECH_SVM:
		return "AMD-V";
	default:
		return "VT-x/AMD-V";
	}
}

void vtdiag_vendor_id_trimmed(const struct vtdiag_report *report, char *buf,
			      size_t size)
{
	const char *id = report->host.vendor_id;
	size_t len;

	id += strspn(id, " ");
	len = strnlen(id, VTDIAG_VENDOR_ID_LEN);
	while (len && id[len - 1] == ' ')
		len--;
	if (len >= size)
		len = size ? size - 1 : 0;
	if (size) {
		memcpy(buf, id, len);
		buf[len] = '\0';
	}
}

/*
 * SVM switched off by the firmware: the first such CPU with its flags,
 * whose VM_CR lock and SVML the report shows beside the verdict.
 */
static const struct vtdiag_cpu *svm_off_cpu(const struct vtdiag_report *report)
{
	size_t i;

	if (report->host.verdict != VTDIAG_STATE_DISABLED_BY_FIRMWARE ||
	    vtdiag_report_tech(report) != VTDIAG_TECH_SVM)
		return NULL;
	for (i = 0; i < report->nr_cpus; i++)
		if (report->cpus[i].state == VTDIAG_STATE_DISABLED_BY_FIRMWARE &&
		    report->cpus[i].has_flags)
			return &report->cpus[i];
	return NULL;
}

/*
 * KVM through a vendor module that needs no VT-x/AMD-V (kvm_pvm): what
 * the CPU lacks is worth a warning, not a failure.
 */
static enum vtdiag_status not_needed(const struct vtdiag_report *report,
				     struct strbuf *detail,
				     enum vtdiag_status status)
{
	const char *other = vtdiag_kvm_other_vendor(report);

	if (!other || status != VTDIAG_FAIL)
		return status;
	/* TRANSLATORS: %s is a KVM vendor module, "kvm_pvm". */
	strbuf_addf(detail, _("; KVM runs through %s instead"), other);
	return VTDIAG_WARN;
}

static enum vtdiag_status check_cpu_virt(const struct vtdiag_report *report,
					 struct strbuf *detail)
{
	__u32 verdict = known_state(report->host.verdict);
	char vendor[VTDIAG_VENDOR_ID_LEN + 1];
	const struct vtdiag_cpu *cpu;

	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not read: the vtdiag module did not answer"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, "%s %s", vtdiag_tech_label(vtdiag_report_tech(report)),
		    _(state_info[verdict].meaning));
	cpu = svm_off_cpu(report);
	vtdiag_vendor_id_trimmed(report, vendor, sizeof(vendor));
	if (cpu && vendor[0])
		/* TRANSLATORS: CPU vendor, then the SVM lock bits, 0 or 1 */
		strbuf_addf(detail, _(" (%s; VM_CR.LOCK=%u, SVML=%u)"), vendor,
			    !!(cpu->flags & VTDIAG_F_LOCKED),
			    !!(cpu->flags & VTDIAG_F_SVML));
	else if (vendor[0])
		strbuf_addf(detail, _(" (%s)"), vendor);
	if (report->host.has_kernel_policy && report->host.tboot)
		strbuf_adds(detail, _("; Linux was started through tboot (Intel TXT)"));
	return not_needed(report, detail, state_info[verdict].status);
}

void vtdiag_add_cpu_list(struct strbuf *sb, const struct vtdiag_report *report,
			 bool (*match)(const struct vtdiag_cpu *cpu,
				       const void *arg),
			 const void *arg)
{
	size_t i, count = 0, run_start = 0;
	bool in_run = false;

	for (i = 0; i < report->nr_cpus; i++)
		count += match(&report->cpus[i], arg);
	strbuf_adds(sb, P_("CPU ", "CPUs ", count));
	count = 0;
	for (i = 0; i <= report->nr_cpus; i++) {
		bool matches = i < report->nr_cpus &&
			       match(&report->cpus[i], arg);

		if (in_run && (!matches ||
			       report->cpus[i].id != report->cpus[i - 1].id + 1)) {
			strbuf_addf(sb, "%s%u", count++ ? "," : "",
				    report->cpus[run_start].id);
			if (i - 1 > run_start)
				strbuf_addf(sb, "-%u", report->cpus[i - 1].id);
			in_run = false;
		}
		if (matches && !in_run) {
			run_start = i;
			in_run = true;
		}
	}
}

static bool cpu_in_state(const struct vtdiag_cpu *cpu, const void *state)
{
	return known_state(cpu->state) == *(const __u32 *)state;
}

/* "CPU 3" or "CPUs 0-2,5": the CPUs in @state, as ranges. */
static void add_cpu_list(struct strbuf *sb, const struct vtdiag_report *report,
			 __u32 state)
{
	vtdiag_add_cpu_list(sb, report, cpu_in_state, &state);
}

/* The state most CPUs are in; ties go to the lower enum value. */
static __u32 majority_state(const struct vtdiag_report *report,
			    size_t *per_state)
{
	__u32 state, best = VTDIAG_STATE_UNKNOWN;
	size_t i;

	memset(per_state, 0, __VTDIAG_STATE_MAX * sizeof(*per_state));
	for (i = 0; i < report->nr_cpus; i++)
		per_state[known_state(report->cpus[i].state)]++;
	for (state = 0; state < __VTDIAG_STATE_MAX; state++)
		if (per_state[state] > per_state[best])
			best = state;
	return best;
}

/* The odd CPUs first, by name, so the admin knows which cores to look at. */
void vtdiag_describe_cpu_states(struct strbuf *sb,
				const struct vtdiag_report *report)
{
	size_t per_state[__VTDIAG_STATE_MAX];
	__u32 majority, state;

	if (!report->nr_cpus) {
		strbuf_adds(sb, _("no per-CPU data"));
		return;
	}
	majority = majority_state(report, per_state);
	for (state = 0; state < __VTDIAG_STATE_MAX; state++) {
		if (state == majority || !per_state[state])
			continue;
		add_cpu_list(sb, report, state);
		/* TRANSLATORS: "CPUs 2-3: disabled_by_firmware, 6 others: enabled". */
		strbuf_addf(sb, _(": %s, "), vtdiag_state_name(state));
	}
	strbuf_addf(sb, P_("%zu other: %s", "%zu others: %s",
			   per_state[majority]),
		    per_state[majority], vtdiag_state_name(majority));
}

static bool cpus_agree(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 1; i < report->nr_cpus; i++)
		if (known_state(report->cpus[i].state) !=
		    known_state(report->cpus[0].state))
			return false;
	return true;
}

static enum vtdiag_status check_cpu_consistency(const struct vtdiag_report *report,
						struct strbuf *detail)
{
	if (!report->nr_cpus) {
		strbuf_adds(detail, _("no per-CPU data"));
		return VTDIAG_WARN;
	}
	if (cpus_agree(report)) {
		if (report->nr_cpus == 1)
			strbuf_adds(detail, _("1 CPU: "));
		else
			strbuf_addf(detail, _("all %zu CPUs: "), report->nr_cpus);
		strbuf_adds(detail, vtdiag_state_name(report->cpus[0].state));
		return VTDIAG_PASS;
	}
	vtdiag_describe_cpu_states(detail, report);
	return VTDIAG_FAIL;
}

void vtdiag_describe_hypervisor(struct strbuf *sb,
				const struct vtdiag_report *report)
{
	const char *signature = report->host.hv_signature;
	const char *product = vtdiag_report_hypervisor(report).product;

	if (!signature[0])
		strbuf_adds(sb, _("a hypervisor with no signature"));
	else if (product)
		strbuf_addf(sb, _("%s (signature \"%s\")"), product, signature);
	else
		strbuf_addf(sb, _("a hypervisor with signature \"%s\""), signature);
}

static enum vtdiag_status check_hypervisor(const struct vtdiag_report *report,
					   struct strbuf *detail)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));

	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not known"));
		return VTDIAG_WARN;
	}
	if (!report->host.hypervisor) {
		strbuf_adds(detail, _("none (bare metal)"));
		return VTDIAG_PASS;
	}
	vtdiag_describe_hypervisor(detail, report);
	if (report->host.verdict == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR) {
		strbuf_addf(detail, _(": hides %s"), tech);
		return vtdiag_kvm_other_vendor(report) ? VTDIAG_WARN : VTDIAG_FAIL;
	}
	if (vtdiag_firmware_allows(report))
		strbuf_addf(detail, _(": exposes %s"), tech);
	return VTDIAG_PASS;
}

static const char *kvm_state_phrase(__u32 kvm_state)
{
	switch (kvm_state) {
	case VTDIAG_KVM_LOADED:
		return _("loaded");
	case VTDIAG_KVM_BUILTIN:
		return _("built into the kernel");
	default:
		return _("not loaded");
	}
}

/*
 * An OS-side problem is the thing to fix only once the firmware allows
 * virtualization; before that it is a consequence, so it only warns and
 * the one FAIL left points at the cause.
 */
static enum vtdiag_status os_status(const struct vtdiag_report *report,
				    bool ok)
{
	if (ok)
		return VTDIAG_PASS;
	return vtdiag_firmware_allows(report) || vtdiag_kvm_other_vendor(report) ?
	       VTDIAG_FAIL : VTDIAG_WARN;
}

static enum vtdiag_status check_kvm_core(const struct vtdiag_report *report,
					 struct strbuf *detail)
{
	__u32 core = vtdiag_report_kvm_core(report);

	strbuf_addf(detail, "kvm: %s", kvm_state_phrase(core));
	return os_status(report, vtdiag_kvm_usable(core));
}

/*
 * A vendor module in the kernel that registered no /dev/kvm: its
 * initialisation failed. Why, when the verdict tells.
 */
static void add_kvm_not_started(struct strbuf *detail,
				const struct vtdiag_report *report)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));

	switch (vtdiag_report_sampled(report) ? report->host.verdict :
		VTDIAG_STATE_UNKNOWN) {
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
	case VTDIAG_STATE_DISABLED_OUTSIDE_SMX:
		strbuf_adds(detail, _(", but virtualization is disabled in the firmware, so KVM did not start (no /dev/kvm)"));
		break;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		strbuf_addf(detail, _(", but this machine offers no %s, so KVM did not start (no /dev/kvm)"),
			    tech);
		break;
	default:
		strbuf_adds(detail, _(", but KVM did not start: it registered no /dev/kvm"));
	}
}

/* "kvm_pvm: built into the kernel (PVM, paravirtual: needs no VT-x/AMD-V)" */
static void add_provider(struct strbuf *detail,
			 const struct vtdiag_kvm_provider *provider)
{
	const struct vtdiag_kvm_vendor_info *info =
		vtdiag_kvm_vendor_find(provider->module);

	strbuf_addf(detail, "%s: %s", provider->module,
		    kvm_state_phrase(provider->state));
	if (info && !info->hardware_virt)
		strbuf_adds(detail, _(" (PVM, paravirtual: needs no VT-x/AMD-V)"));
}

/* A vendor module other than kvm_intel/kvm_amd, and the one the CPU would need. */
static enum vtdiag_status check_other_vendor(const struct vtdiag_report *report,
					     const struct vtdiag_kvm_provider *other,
					     struct strbuf *detail)
{
	const char *vendor_module = vtdiag_report_vendor_module(report);
	int registered = vtdiag_kvm_registered(report);
	__u32 vendor_state;

	add_provider(detail, other);
	if (!registered)
		add_kvm_not_started(detail, report);
	/* kvm_amd absent is no problem here: it cannot be beside kvm_pvm. */
	if (vendor_module && vtdiag_report_kvm_vendor(report, &vendor_state) &&
	    vtdiag_kvm_usable(vendor_state) && strcmp(vendor_module, other->module))
		strbuf_addf(detail, "; %s: %s", vendor_module,
			    kvm_state_phrase(vendor_state));
	return registered > 0 ? VTDIAG_PASS :
	       registered == 0 ? VTDIAG_FAIL : VTDIAG_WARN;
}

static enum vtdiag_status check_kvm_vendor(const struct vtdiag_report *report,
					   struct strbuf *detail)
{
	const struct vtdiag_kvm_provider *other = vtdiag_report_other_provider(report);
	__u32 vendor_state;

	if (other)
		return check_other_vendor(report, other, detail);
	if (!vtdiag_report_kvm_vendor(report, &vendor_state)) {
		strbuf_adds(detail, _("not known: the CPU vendor is unknown"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, "%s: %s", vtdiag_report_vendor_module(report),
		    kvm_state_phrase(vendor_state));
	if (vtdiag_kvm_usable(vendor_state) && !vtdiag_kvm_registered(report)) {
		add_kvm_not_started(detail, report);
		return os_status(report, false);
	}
	return os_status(report, vtdiag_kvm_usable(vendor_state));
}

static bool cpu_isolated(const struct vtdiag_cpu *cpu, const void *arg)
{
	(void)arg;
	return cpu->isolated;
}

/* Online CPUs whose live bit the module does not sample. */
static size_t cpus_isolated(const struct vtdiag_report *report)
{
	size_t i, cpus, count = 0;

	if (!report->host.has_cpus_isolated)
		return 0;
	for (i = 0; i < report->nr_cpus; i++)
		count += report->cpus[i].isolated;
	if (count < report->host.cpus_isolated)
		count = report->host.cpus_isolated;
	/* Never more than there are, whatever a module says. */
	cpus = report->nr_cpus ? report->nr_cpus : report->host.cpus_online;
	return count < cpus ? count : cpus;
}

/*
 * The live bits as far as they go: the CPUs never sampled (isolated), and
 * how old the sample is when only a privileged caller could have renewed
 * it and this one may not.
 */
static void add_live_notes(struct strbuf *detail,
			   const struct vtdiag_report *report)
{
	size_t isolated = cpus_isolated(report);
	size_t i, listed = 0;

	if (isolated) {
		strbuf_adds(detail, "; ");
		for (i = 0; i < report->nr_cpus; i++)
			listed += report->cpus[i].isolated;
		if (listed)
			vtdiag_add_cpu_list(detail, report, cpu_isolated, NULL);
		else
			strbuf_addf(detail, P_("%zu CPU", "%zu CPUs", isolated),
				    isolated);
		strbuf_adds(detail, _(" isolated (nohz_full=, isolcpus=): their live state is not sampled, vtdiag never interrupts them"));
	}
	if (report->module == VTDIAG_MODULE_OK && report->host.has_live_age &&
	    report->host.live_age_ms > VTDIAG_LIVE_STALE_MS &&
	    !report->os.cap_sys_admin)
		strbuf_addf(detail, _("; read %u s ago: run vtdiag as root to read it afresh"),
			    report->host.live_age_ms / 1000);
}

static enum vtdiag_status check_virt_in_use(const struct vtdiag_report *report,
					    struct strbuf *detail)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));
	int active = vtdiag_report_cpus_active(report);
	size_t cpus = report->nr_cpus ? report->nr_cpus : report->host.cpus_online;
	size_t isolated = cpus_isolated(report);
	enum vtdiag_status status = VTDIAG_WARN;
	const char *vendor_module;

	if (active < 0) {
		strbuf_adds(detail, _("not known"));
		/* The fallback says why: CR4.VMXE is out of userspace's reach. */
		if (vtdiag_report_unavailable(report, "active"))
			strbuf_addf(detail, _(": %s"),
				    vtdiag_report_unavailable(report, "active"));
		return VTDIAG_WARN;
	}
	if (!active) {
		strbuf_addf(detail, _("no: %s is off"), tech);
		if (isolated)
			strbuf_addf(detail, _(" on %zu of %zu CPUs"),
				    cpus - isolated, cpus);
		else if (cpus > 1)
			strbuf_addf(detail, _(" on all %zu CPUs"), cpus);
		add_live_notes(detail, report);
		return VTDIAG_PASS;
	}
	strbuf_addf(detail, P_("%s on, %d of %zu CPU", "%s on, %d of %zu CPUs",
			       cpus), tech, active, cpus);
	switch (vtdiag_virt_holder(report)) {
	case VTDIAG_HOLDER_KVM:
		vendor_module = vtdiag_report_vendor_module(report);
		strbuf_addf(detail, _(", by KVM (%s)"), vendor_module);
		status = VTDIAG_PASS;
		break;
	case VTDIAG_HOLDER_OTHER:
		strbuf_adds(detail, _(", not by KVM: by "));
		if (report->os.other_hv)
			vtdiag_describe_other_hv(detail, &report->os);
		else
			strbuf_adds(detail, _("another hypervisor (VirtualBox, VMware...)"));
		break;
	default:
		break;
	}
	add_live_notes(detail, report);
	return status;
}

static enum vtdiag_status check_dev_kvm(const struct vtdiag_report *report,
					struct strbuf *detail)
{
	if (!report->os.dev_kvm_exists) {
		strbuf_adds(detail, _("missing"));
		return os_status(report, false);
	}
	strbuf_adds(detail, _("present, "));
	vtdiag_describe_dev_kvm(detail, &report->os);
	return VTDIAG_PASS;
}

static enum vtdiag_status
check_dev_kvm_access_state(const struct vtdiag_report *report,
			   struct strbuf *detail)
{
	const struct vtdiag_os *os = &report->os;
	const char *user = os->user[0] ? os->user : _("this user");

	switch (vtdiag_dev_kvm_access(report)) {
	case VTDIAG_DEV_KVM_OK:
		strbuf_addf(detail, _("%s can open it"), user);
		return VTDIAG_PASS;
	case VTDIAG_DEV_KVM_MISSING:
		strbuf_adds(detail, _("not checked: /dev/kvm is missing"));
		break;
	case VTDIAG_DEV_KVM_NOT_IN_GROUP:
		strbuf_addf(detail, _("%s: permission denied: not in group %s"),
			    user, os->kvm_group);
		break;
	case VTDIAG_DEV_KVM_RELOGIN:
		strbuf_addf(detail, _("%s: permission denied: in group %s, %s"),
			    user, os->kvm_group, _("but not in this login session"));
		break;
	case VTDIAG_DEV_KVM_PERMISSIONS:
		strbuf_addf(detail, _("%s: permission denied by owner and mode: "),
			    user);
		vtdiag_describe_dev_kvm(detail, os);
		break;
	case VTDIAG_DEV_KVM_ACL:
		strbuf_addf(detail, _("%s: permission denied by the ACL of /dev/kvm"),
			    user);
		break;
	default:
		strbuf_addf(detail, _("%s cannot open it: %s"), user,
			    strerror(os->dev_kvm_errno));
	}
	return os_status(report, false);
}

/* getent timed out: who the user is and which groups it has is unknown. */
static void add_getent_timeout(struct strbuf *detail, const struct vtdiag_os *os)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];

	if (!os->getent_timeout_ms)
		return;
	vtdiag_helper_timeout_text(why, sizeof(why), "getent",
				   os->getent_timeout_ms);
	strbuf_addf(detail, _(" (%s: group membership not checked)"), why);
}

static enum vtdiag_status check_dev_kvm_access(const struct vtdiag_report *report,
					       struct strbuf *detail)
{
	enum vtdiag_status status = check_dev_kvm_access_state(report, detail);

	add_getent_timeout(detail, &report->os);
	return status;
}

/* The userspace only advises: KVM itself works without it (other VMMs). */
static enum vtdiag_status check_qemu(const struct vtdiag_report *report,
				     struct strbuf *detail)
{
	if (!report->platform.qemu[0]) {
		strbuf_adds(detail, _("not installed"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, _("installed: %s"), report->platform.qemu);
	return VTDIAG_PASS;
}

/* "libvirtd installed; could not check...: systemctl did not answer within 2 s" */
static bool add_systemctl_timeout(struct strbuf *detail,
				  const struct vtdiag_platform *platform,
				  const char *daemon)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];

	if (!platform->systemctl_timeout_ms)
		return false;
	vtdiag_helper_timeout_text(why, sizeof(why), "systemctl",
				   platform->systemctl_timeout_ms);
	strbuf_addf(detail, _("%s installed; could not check whether it runs: %s"),
		    daemon, why);
	return true;
}

static enum vtdiag_status check_libvirt(const struct vtdiag_report *report,
					struct strbuf *detail)
{
	const struct vtdiag_platform *platform = &report->platform;
	const char *daemon = platform->libvirtd[0] ? "libvirtd" : "virtqemud";

	switch (platform->libvirt) {
	case VTDIAG_LIBVIRT_ACTIVE:
		strbuf_addf(detail, _("%s active"), platform->libvirt_unit);
		return VTDIAG_PASS;
	case VTDIAG_LIBVIRT_INACTIVE:
		strbuf_addf(detail, _("%s installed, not running"), daemon);
		return VTDIAG_WARN;
	case VTDIAG_LIBVIRT_UNCHECKED:
		if (add_systemctl_timeout(detail, platform, daemon))
			return VTDIAG_WARN;
		if (platform->systemd)
			strbuf_addf(detail, _("%s installed; could not check whether it runs: systemctl did not answer"),
				    daemon);
		else
			strbuf_addf(detail, _("%s installed; could not check whether it runs: systemd is not running"),
				    daemon);
		return VTDIAG_WARN;
	default:
		strbuf_adds(detail, _("not installed"));
		return VTDIAG_WARN;
	}
}

const struct vtdiag_check vtdiag_checks[] = {
	{ N_("CPU virtualization"),	check_cpu_virt },
	{ N_("CPU consistency"),	check_cpu_consistency },
	{ N_("Hypervisor"),		check_hypervisor },
	{ N_("KVM core module"),	check_kvm_core },
	{ N_("KVM vendor module"),	check_kvm_vendor },
	{ N_("Virtualization in use"),	check_virt_in_use },
	{ "/dev/kvm",			check_dev_kvm },
	{ N_("/dev/kvm access"),	check_dev_kvm_access },
	{ "QEMU",			check_qemu },
	{ "libvirt",			check_libvirt },
};

const size_t vtdiag_nr_checks = ARRAY_SIZE(vtdiag_checks);

const char *vtdiag_errno_name(int errnum, char *buf, size_t size)
{
	const char *name;

	/* -INT_MIN does not exist; no errno is anywhere near it anyway. */
	if (errnum < 0)
		errnum = errnum == INT_MIN ? INT_MAX : -errnum;
	name = strerrorname_np(errnum);
	if (name)
		return name;
	snprintf(buf, size, "errno %d", errnum);
	return buf;
}
