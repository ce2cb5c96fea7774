// SPDX-License-Identifier: GPL-2.0
/*
 * Verdict -> exit status, and the checks of the text report. The advice
 * table lives in advice.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vtdiag/decode.h"
#include "i18n.h"
#include "distro.h"
#include "report.h"
#include "util.h"

const char *vtdiag_status_name(enum vtdiag_status status)
{
	switch (status) {
	case VTDIAG_PASS:
		return N_("PASS");
	case VTDIAG_WARN:
		return N_("WARN");
	case VTDIAG_SKIP:
		return N_("SKIP");
	default:
		return N_("FAIL");
	}
}

const char *vtdiag_status_key(enum vtdiag_status status)
{
	switch (status) {
	case VTDIAG_PASS:
		return "pass";
	case VTDIAG_WARN:
		return "warn";
	case VTDIAG_SKIP:
		return "skip";
	default:
		return "fail";
	}
}

__u32 vtdiag_report_verdict(const struct vtdiag_report *report)
{
	return vtdiag_report_sampled(report) ?
	       vtdiag_known_state(report->host.verdict) : VTDIAG_STATE_UNKNOWN;
}

const char *vtdiag_report_source(const struct vtdiag_report *report)
{
	return report->fallback ? "fallback" : "module";
}

bool vtdiag_errno_denied(int errnum)
{
	return errnum == EACCES || errnum == EPERM ||
	       errnum == -EACCES || errnum == -EPERM;
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

bool vtdiag_state_allows(__u32 state)
{
	return state == VTDIAG_STATE_ENABLED ||
	       state == VTDIAG_STATE_ENABLED_UNLOCKED;
}

bool vtdiag_firmware_allows(const struct vtdiag_report *report)
{
	return vtdiag_report_sampled(report) &&
	       vtdiag_state_allows(report->host.verdict);
}

bool vtdiag_kvm_missing(const struct vtdiag_report *report)
{
	__u32 vendor_state;

	if (!vtdiag_report_kvm_vendor(report, &vendor_state))
		return false;
	return vtdiag_report_kvm_core(report) == VTDIAG_KVM_ABSENT ||
	       vendor_state == VTDIAG_KVM_ABSENT;
}

bool vtdiag_cpu_msr_faulted(const struct vtdiag_cpu *cpu, const void *arg)
{
	(void)arg;
	return cpu->feat_ctl_err || cpu->vm_cr_err;
}

bool vtdiag_report_msr_faulted(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++)
		if (vtdiag_cpu_msr_faulted(&report->cpus[i], NULL))
			return true;
	return false;
}

const struct vtdiag_distro *vtdiag_report_distro(const struct vtdiag_report *report)
{
	return vtdiag_distro_find(report->platform.os_id,
				  report->platform.os_id_like);
}

bool vtdiag_qemu_missing(const struct vtdiag_report *report)
{
	return !report->platform.qemu[0];
}

bool vtdiag_libvirt_missing(const struct vtdiag_report *report)
{
	return report->platform.libvirt == VTDIAG_LIBVIRT_MISSING;
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
	if (!vtdiag_errno_denied(os->dev_kvm_errno))
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

	if (vtdiag_firmware_allows(report))
		return vtdiag_kvm_ready(report) ? VTDIAG_EXIT_READY :
						  VTDIAG_EXIT_OS_NOT_READY;
	switch (report->host.verdict) {
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

__u32 vtdiag_known_state(__u32 state)
{
	/* A state from a newer module than this tool reads as unknown. */
	return state < __VTDIAG_STATE_MAX ? state : VTDIAG_STATE_UNKNOWN;
}

enum vtdiag_status vtdiag_state_status(__u32 state)
{
	return state_info[vtdiag_known_state(state)].status;
}

const char *vtdiag_state_meaning(__u32 state)
{
	return state_info[vtdiag_known_state(state)].meaning;
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

void vtdiag_add_cpu_list(struct strbuf *sb, const struct vtdiag_report *report,
			 bool (*match)(const struct vtdiag_cpu *cpu,
				       const void *arg),
			 const void *arg)
{
	__u32 *ids = calloc(report->nr_cpus ? report->nr_cpus : 1, sizeof(*ids));
	size_t i, count = 0;

	if (!ids) {
		sb->oom = 1;
		return;
	}
	for (i = 0; i < report->nr_cpus; i++)
		if (match(&report->cpus[i], arg))
			ids[count++] = report->cpus[i].id;
	strbuf_adds(sb, P_("CPU ", "CPUs ", count));
	vtdiag_add_cpu_ranges(sb, ids, count);
	free(ids);
}

static bool cpu_in_state(const struct vtdiag_cpu *cpu, const void *state)
{
	return vtdiag_known_state(cpu->state) == *(const __u32 *)state;
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
		per_state[vtdiag_known_state(report->cpus[i].state)]++;
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
		/* TRANSLATORS: "CPUs 2-3: disabled in the BIOS/UEFI setup, 6 others: enabled". */
		strbuf_addf(sb, _(": %s, "), _(vtdiag_state_meaning(state)));
	}
	strbuf_addf(sb, P_("%zu other: %s", "%zu others: %s",
			   per_state[majority]),
		    per_state[majority], _(vtdiag_state_meaning(majority)));
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

const char *vtdiag_kvm_state_phrase(__u32 kvm_state)
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
enum vtdiag_status vtdiag_os_status(const struct vtdiag_report *report,
				    bool ok)
{
	if (ok)
		return VTDIAG_PASS;
	return vtdiag_firmware_allows(report) || vtdiag_kvm_other_vendor(report) ?
	       VTDIAG_FAIL : VTDIAG_WARN;
}

#include "errnames.h"

const char *vtdiag_errno_table_name(int errnum)
{
	if (errnum < 0 || (size_t)errnum >= ARRAY_SIZE(vtdiag_errnames))
		return NULL;
	return vtdiag_errnames[errnum];
}

const char *vtdiag_errno_name(int errnum, char *buf, size_t size)
{
	const char *name;

	/* -INT_MIN does not exist; no errno is anywhere near it anyway. */
	if (errnum < 0)
		errnum = errnum == INT_MIN ? INT_MAX : -errnum;
#if VTDIAG_HAVE_STRERRORNAME_NP
	name = strerrorname_np(errnum);
#else
	name = vtdiag_errno_table_name(errnum);
#endif
	if (name)
		return name;
	snprintf(buf, size, "errno %d", errnum);
	return buf;
}
