// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the vtdiag tool on crafted data: exit statuses, advice,
 * the text and JSON printers, the netlink reply parsers and the OS probe.
 * No kernel module needed. TAP output, closing with "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include <json.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>

#include "vtdiag/decode.h"
#include "host.h"
#include "netlink.h"
#include "print.h"
#include "readfile.h"
#include "report.h"
#include "util.h"
#include "watch.h"

#include "harness.h"

/* A machine where everything is fine: KVM usable by "alice". */
static void ready_os(struct vtdiag_os *os)
{
	memset(os, 0, sizeof(*os));
	os->kvm_core = VTDIAG_KVM_LOADED;
	os->kvm_intel = VTDIAG_KVM_LOADED;
	os->kvm_amd = VTDIAG_KVM_LOADED;
	os->enable_virt_at_load = -1;
	os->kernel_flags = -1;
	os->dev_kvm_exists = true;
	os->dev_kvm_errno = 0;
	os->dev_kvm_uid = 0;
	os->dev_kvm_gid = 107;
	os->dev_kvm_mode = S_IFCHR | 0660;
	snprintf(os->dev_kvm_owner, sizeof(os->dev_kvm_owner), "root");
	snprintf(os->dev_kvm_group, sizeof(os->dev_kvm_group), "kvm");
	os->session_in_dev_kvm_group = true;
	os->uid = 1000;
	snprintf(os->user, sizeof(os->user), "alice");
	snprintf(os->kvm_group, sizeof(os->kvm_group), "kvm");
	os->kvm_group_exists = true;
	os->user_in_kvm_group = true;
	os->session_in_kvm_group = true;
}

/* Debian with QEMU and a running libvirt: no userspace advice. */
static void ready_platform(struct vtdiag_platform *platform)
{
	memset(platform, 0, sizeof(*platform));
	snprintf(platform->os_id, sizeof(platform->os_id), "debian");
	snprintf(platform->qemu, sizeof(platform->qemu),
		 "/usr/bin/qemu-system-x86_64");
	snprintf(platform->libvirtd, sizeof(platform->libvirtd),
		 "/usr/sbin/libvirtd");
	platform->systemd = true;
	platform->libvirt = VTDIAG_LIBVIRT_ACTIVE;
	snprintf(platform->libvirt_unit, sizeof(platform->libvirt_unit),
		 "libvirtd.service");
}

/* alice opened /dev/kvm and was refused: not in its group this session. */
static void deny_dev_kvm(struct vtdiag_os *os, bool in_group_database)
{
	os->dev_kvm_errno = EACCES;
	os->session_in_dev_kvm_group = false;
	os->session_in_kvm_group = false;
	os->user_in_kvm_group = in_group_database;
}

static void set_vendor(struct vtdiag_report *report, __u32 vendor,
		       const char *vendor_id)
{
	report->host.vendor = vendor;
	report->host.tech = vtdiag_vendor_tech(vendor);
	snprintf(report->host.vendor_id, sizeof(report->host.vendor_id), "%s",
		 vendor_id);
}

/* @nr_cpus CPUs in @verdict (enabled when the verdict is inconsistent). */
static void make_report(struct vtdiag_report *report, __u32 verdict,
			__u32 vendor, size_t nr_cpus)
{
	__u32 cpu_state = verdict == VTDIAG_STATE_INCONSISTENT ?
			  VTDIAG_STATE_ENABLED : verdict;
	struct vtdiag_cpu *cpu;
	size_t i;

	vtdiag_report_init(report);
	report->module = VTDIAG_MODULE_OK;
	set_vendor(report, vendor, vendor == VTDIAG_VENDOR_INTEL ?
		   "GenuineIntel" : vendor == VTDIAG_VENDOR_AMD ?
		   "AuthenticAMD" : "VIA VIA VIA ");
	report->host.verdict = verdict;
	report->host.cpus_online = nr_cpus;
	snprintf(report->host.module_version,
		 sizeof(report->host.module_version), "1.0");
	report->host.has_generation = true;
	report->host.generation = 7;
	ready_os(&report->os);
	ready_platform(&report->platform);
	for (i = 0; i < nr_cpus; i++) {
		cpu = vtdiag_report_add_cpu(report);
		cpu->id = i;
		cpu->state = cpu_state;
		cpu->has_vendor = true;
		cpu->vendor = vendor;
		cpu->has_flags = true;
		cpu->active = 0;
		if (report->host.tech == VTDIAG_TECH_VMX) {
			cpu->has_feat_ctl = true;
			cpu->feat_ctl = 0x5;
			cpu->flags = VTDIAG_F_VMX | VTDIAG_F_LOCKED |
				     VTDIAG_F_VMX_OUTSIDE_SMX;
		} else if (report->host.tech == VTDIAG_TECH_SVM) {
			cpu->has_vm_cr = true;
			cpu->vm_cr = 0x8;
			cpu->flags = VTDIAG_F_SVM | VTDIAG_F_LOCKED;
		}
	}
}

static void set_hypervisor(struct vtdiag_report *report, const char *signature)
{
	report->host.hypervisor = true;
	report->host.has_hv_signature = signature[0] != '\0';
	snprintf(report->host.hv_signature, sizeof(report->host.hv_signature),
		 "%s", signature);
}

/* Advice ids, space separated, e.g. " kvm_not_loaded dev_kvm_missing". */
static char *advice_ids(const struct vtdiag_report *report,
			struct vtdiag_advice_list *advice)
{
	struct strbuf ids = STRBUF_INIT;
	size_t i;

	if (vtdiag_advise(report, advice))
		return NULL;
	for (i = 0; i < advice->count; i++)
		strbuf_addf(&ids, " %s", advice->items[i].id);
	strbuf_adds(&ids, " ");
	return strbuf_detach(&ids);
}

static const char *advice_text(const struct vtdiag_advice_list *advice,
			       const char *id)
{
	size_t i;

	for (i = 0; i < advice->count; i++)
		if (!strcmp(advice->items[i].id, id))
			return advice->items[i].text;
	return NULL;
}

static char *render_text(const struct vtdiag_report *report, bool color)
{
	struct vtdiag_advice_list advice;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (vtdiag_advise(report, &advice))
		return NULL;
	out = open_memstream(&text, &size);
	if (out) {
		vtdiag_print_text(out, report, &advice, color);
		fclose(out);
	}
	vtdiag_advice_free(&advice);
	return text;
}

/* The JSON exactly as --json prints it, parsed back. */
static struct json_object *render_json(const struct vtdiag_report *report)
{
	struct vtdiag_advice_list advice;
	struct json_tokener *tokener;
	struct json_object *root = NULL;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (vtdiag_advise(report, &advice))
		return NULL;
	out = open_memstream(&text, &size);
	if (out) {
		EXPECT(vtdiag_print_json(out, report, &advice) == 0);
		fclose(out);
	}
	vtdiag_advice_free(&advice);
	tokener = json_tokener_new();
	if (tokener && text) {
		root = json_tokener_parse_ex(tokener, text, strlen(text));
		/* Exactly one object: the tokener took all, "}\n" ends it. */
		EXPECT(root && json_tokener_get_parse_end(tokener) ==
		       strlen(text));
		EXPECT(strlen(text) > 2 && !strcmp(text + strlen(text) - 2,
						   "}\n"));
		json_tokener_free(tokener);
	}
	free(text);
	return root;
}

static struct json_object *jget(struct json_object *obj, const char *key)
{
	struct json_object *value = NULL;

	if (!json_object_object_get_ex(obj, key, &value)) {
		printf("#   JSON key \"%s\" missing\n", key);
		test_failed = 1;
	}
	return value;
}

static bool jhas(struct json_object *obj, const char *key)
{
	return json_object_object_get_ex(obj, key, NULL);
}

static const char *jstr(struct json_object *obj, const char *key)
{
	struct json_object *value = jget(obj, key);

	return json_object_is_type(value, json_type_string) ?
	       json_object_get_string(value) : NULL;
}

/* --- exit status ------------------------------------------------------- */

static void test_exit_status_every_verdict(void)
{
	static const int want[__VTDIAG_STATE_MAX] = {
		[VTDIAG_STATE_UNKNOWN]			= 4,
		[VTDIAG_STATE_ENABLED]			= 0,
		[VTDIAG_STATE_ENABLED_UNLOCKED]		= 0,
		[VTDIAG_STATE_DISABLED_OUTSIDE_SMX]	= 2,
		[VTDIAG_STATE_DISABLED_BY_FIRMWARE]	= 2,
		[VTDIAG_STATE_UNSUPPORTED]		= 3,
		[VTDIAG_STATE_HIDDEN_BY_HYPERVISOR]	= 3,
		[VTDIAG_STATE_INCONSISTENT]		= 2,
	};
	struct vtdiag_report report;
	__u32 verdict;

	for (verdict = 0; verdict < __VTDIAG_STATE_MAX; verdict++) {
		make_report(&report, verdict, VTDIAG_VENDOR_INTEL, 2);
		if ((int)vtdiag_exit_status(&report) != want[verdict]) {
			printf("#   verdict %s: exit %d, expected %d\n",
			       vtdiag_state_name(verdict),
			       vtdiag_exit_status(&report), want[verdict]);
			test_failed = 1;
		}
		EXPECT(vtdiag_kvm_ready(&report) == (want[verdict] == 0));
		vtdiag_report_free(&report);
	}
	/* A state from a newer module is "could not determine". */
	make_report(&report, 99, VTDIAG_VENDOR_INTEL, 2);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_UNDETERMINED);
	vtdiag_report_free(&report);
}

static void test_exit_status_os_not_ready(void)
{
	struct vtdiag_report report;
	int variant;

	for (variant = 0; variant < 5; variant++) {
		make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
		switch (variant) {
		case 0:
			report.os.kvm_core = VTDIAG_KVM_ABSENT;
			break;
		case 1:
			report.os.kvm_amd = VTDIAG_KVM_ABSENT;
			break;
		case 2:
			report.os.dev_kvm_exists = false;
			report.os.dev_kvm_errno = ENOENT;
			break;
		case 3:
			deny_dev_kvm(&report.os, false);
			break;
		case 4:
			/* The other vendor's module does not help. */
			report.os.kvm_amd = VTDIAG_KVM_ABSENT;
			report.os.kvm_intel = VTDIAG_KVM_LOADED;
			break;
		}
		if (vtdiag_exit_status(&report) != VTDIAG_EXIT_OS_NOT_READY) {
			printf("#   variant %d: exit %d, expected 1\n", variant,
			       vtdiag_exit_status(&report));
			test_failed = 1;
		}
		EXPECT(!vtdiag_kvm_ready(&report));
		vtdiag_report_free(&report);
	}
}

static void test_exit_status_module(void)
{
	struct vtdiag_report report;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.module = VTDIAG_MODULE_MISSING;
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_UNDETERMINED);
	EXPECT(!vtdiag_kvm_ready(&report));
	report.module = VTDIAG_MODULE_FAILED;
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_UNDETERMINED);
	vtdiag_report_free(&report);
}

/* The module's KVM attributes win over /sys/module; builtin counts. */
static void test_kvm_state_sources(void)
{
	struct vtdiag_report report;
	__u32 vendor_state = 99;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_INTEL, 1);
	report.os.kvm_core = VTDIAG_KVM_ABSENT;
	report.os.kvm_intel = VTDIAG_KVM_ABSENT;
	report.host.has_kvm_core = true;
	report.host.kvm_core = VTDIAG_KVM_BUILTIN;
	report.host.has_kvm_vendor = true;
	report.host.kvm_vendor = VTDIAG_KVM_LOADED;
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);

	report.os.kvm_core = VTDIAG_KVM_LOADED;
	report.os.kvm_intel = VTDIAG_KVM_LOADED;
	report.host.kvm_vendor = VTDIAG_KVM_ABSENT;
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_OS_NOT_READY);
	EXPECT(vtdiag_report_kvm_vendor(&report, &vendor_state));
	EXPECT(vendor_state == VTDIAG_KVM_ABSENT);

	/* Unknown vendor: no vendor module to name. */
	set_vendor(&report, VTDIAG_VENDOR_OTHER, "VIA VIA VIA ");
	EXPECT(!vtdiag_report_kvm_vendor(&report, &vendor_state));
	EXPECT(vtdiag_report_vendor_module(&report) == NULL);
	vtdiag_report_free(&report);
}

/* --- advice ------------------------------------------------------------ */

static void test_advice_per_verdict(void)
{
	static const struct {
		__u32 verdict;
		__u32 vendor;
		const char *id;
		const char *text;
	} cases[] = {
		{ VTDIAG_STATE_DISABLED_BY_FIRMWARE, VTDIAG_VENDOR_INTEL,
		  "disabled_by_firmware", "Intel Virtualization Technology" },
		{ VTDIAG_STATE_DISABLED_BY_FIRMWARE, VTDIAG_VENDOR_AMD,
		  "disabled_by_firmware", "SVM Mode" },
		{ VTDIAG_STATE_DISABLED_OUTSIDE_SMX, VTDIAG_VENDOR_INTEL,
		  "disabled_outside_smx", "Intel TXT" },
		{ VTDIAG_STATE_UNSUPPORTED, VTDIAG_VENDOR_AMD,
		  "unsupported", "AMD-V" },
		{ VTDIAG_STATE_ENABLED_UNLOCKED, VTDIAG_VENDOR_INTEL,
		  "enabled_unlocked", "Nothing to change" },
		{ VTDIAG_STATE_UNKNOWN, VTDIAG_VENDOR_INTEL,
		  "unknown", "could not determine" },
		{ VTDIAG_STATE_UNKNOWN, VTDIAG_VENDOR_OTHER,
		  "unknown_vendor", "VIA VIA VIA" },
	};
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids, want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_report(&report, cases[i].verdict, cases[i].vendor, 2);
		ids = advice_ids(&report, &advice);
		snprintf(want, sizeof(want), " %s ", cases[i].id);
		EXPECT_CONTAINS(ids, want);
		EXPECT_CONTAINS(advice_text(&advice, cases[i].id),
				cases[i].text);
		/* Firmware first: loading KVM cannot work yet. */
		if (cases[i].verdict != VTDIAG_STATE_ENABLED_UNLOCKED)
			EXPECT(!strstr(ids, " kvm_not_loaded "));
		free(ids);
		vtdiag_advice_free(&advice);
		vtdiag_report_free(&report);
	}
}

static void test_advice_firmware_cold_boot(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	make_report(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_VENDOR_INTEL, 4);
	report.os.kvm_intel = VTDIAG_KVM_ABSENT;
	ids = advice_ids(&report, &advice);
	/* Get into the setup, flip the switch, then power off fully. */
	EXPECT_STR(ids, " open_firmware_setup disabled_by_firmware firmware_cold_boot ");
	EXPECT_CONTAINS(advice_text(&advice, "open_firmware_setup"), "BIOS/UEFI");
	EXPECT_CONTAINS(advice_text(&advice, "firmware_cold_boot"), "cold boot");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_advice_hypervisor(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	make_report(&report, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		    VTDIAG_VENDOR_AMD, 2);
	set_hypervisor(&report, "KVMKVMKVM");
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " hidden_by_hypervisor nested_kvm ");
	EXPECT_CONTAINS(advice.items[0].text, "\"KVMKVMKVM\"");
	EXPECT_CONTAINS(advice.items[0].text, "nested virtualization");
	EXPECT_CONTAINS(advice.items[1].text, "host-passthrough");
	EXPECT_CONTAINS(advice.items[0].text, "AMD-V");
	free(ids);
	vtdiag_advice_free(&advice);

	/* No signature, unknown product: still says what to do. */
	set_hypervisor(&report, "");
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " hidden_by_hypervisor nested_other ");
	EXPECT_CONTAINS(advice.items[0].text, "no signature");
	EXPECT_CONTAINS(advice.items[1].text, "documentation");
	free(ids);
	vtdiag_advice_free(&advice);

	/* A VM whose virtual firmware locked VT-x off: not the BIOS. */
	report.host.verdict = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	set_hypervisor(&report, "VMwareVMware");
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " disabled_by_hypervisor nested_vmware ");
	EXPECT_CONTAINS(advice.items[1].text, "Expose hardware assisted");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_advice_inconsistent_names_cpus(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	make_report(&report, VTDIAG_STATE_INCONSISTENT, VTDIAG_VENDOR_INTEL, 8);
	report.cpus[2].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	report.cpus[3].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	report.cpus[6].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " inconsistent open_firmware_setup firmware_check_setting firmware_cold_boot ");
	EXPECT_CONTAINS(advice.items[0].text,
			"CPUs 2-3,6: disabled in the BIOS/UEFI setup, 5 others: enabled");
	EXPECT_CONTAINS(advice.items[0].text, "latest BIOS/UEFI update");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_advice_msr_fault(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	make_report(&report, VTDIAG_STATE_UNKNOWN, VTDIAG_VENDOR_AMD, 4);
	report.cpus[1].has_vm_cr = false;
	report.cpus[1].vm_cr_err = -EIO;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " msr_unreadable ");
	EXPECT_CONTAINS(advice_text(&advice, "msr_unreadable"), "CPU 1 (EIO)");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_advice_os_side(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.kvm_amd = VTDIAG_KVM_ABSENT;
	report.os.dev_kvm_exists = false;
	report.os.dev_kvm_errno = ENOENT;
	ids = advice_ids(&report, &advice);
	/* /dev/kvm appears with the module: one step, not two. */
	EXPECT_STR(ids, " kvm_not_loaded ");
	EXPECT_CONTAINS(advice.items[0].text, "sudo modprobe kvm_amd");
	free(ids);
	vtdiag_advice_free(&advice);

	report.cpus[0].active = 1;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " other_hypervisor_active kvm_not_loaded ");
	free(ids);
	vtdiag_advice_free(&advice);

	report.cpus[0].active = 0;
	report.os.kvm_amd = VTDIAG_KVM_LOADED;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " dev_kvm_missing ");
	free(ids);
	vtdiag_advice_free(&advice);

	report.os.dev_kvm_exists = true;
	deny_dev_kvm(&report.os, false);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " dev_kvm_add_group ");
	EXPECT_CONTAINS(advice.items[0].text, "sudo usermod -aG kvm alice");
	free(ids);
	vtdiag_advice_free(&advice);

	deny_dev_kvm(&report.os, true);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " dev_kvm_relogin ");
	EXPECT_CONTAINS(advice.items[0].text, "Log out and back in");
	free(ids);
	vtdiag_advice_free(&advice);

	report.os.dev_kvm_errno = 0;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " ");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

/* /dev/kvm as the test VM has it without udev: root's alone. */
static void root_only_dev_kvm(struct vtdiag_os *os)
{
	os->dev_kvm_errno = EACCES;
	os->dev_kvm_gid = 0;
	os->dev_kvm_mode = S_IFCHR | 0600;
	snprintf(os->dev_kvm_group, sizeof(os->dev_kvm_group), "root");
	os->session_in_dev_kvm_group = false;
	os->uid = 65534;
	snprintf(os->user, sizeof(os->user), "nobody");
	os->user_in_kvm_group = false;
	os->session_in_kvm_group = false;
}

/*
 * Why /dev/kvm cannot be opened, per cause: the classification, the
 * advice it leads to, exit status 1 and kvm_ready false throughout.
 */
static void test_dev_kvm_access(void)
{
	static const struct {
		const char *name;
		enum vtdiag_dev_kvm_access access;
		const char *ids;
		const char *text;	/* in the first step */
	} cases[] = {
		{ "not in group", VTDIAG_DEV_KVM_NOT_IN_GROUP,
		  " dev_kvm_add_group ", "sudo usermod -aG kvm alice" },
		{ "relogin", VTDIAG_DEV_KVM_RELOGIN,
		  " dev_kvm_relogin ", "newgrp kvm" },
		{ "root only", VTDIAG_DEV_KVM_PERMISSIONS,
		  " dev_kvm_permissions dev_kvm_add_group ",
		  "/dev/kvm is crw------- root root" },
		{ "root only, no kvm group", VTDIAG_DEV_KVM_PERMISSIONS,
		  " kvm_group_missing dev_kvm_permissions dev_kvm_add_group ",
		  "sudo groupadd --system kvm" },
		{ "root only, member not logged in again",
		  VTDIAG_DEV_KVM_PERMISSIONS,
		  " dev_kvm_permissions dev_kvm_relogin ", "sudo chmod 0660 /dev/kvm" },
		{ "group kvm without rw", VTDIAG_DEV_KVM_PERMISSIONS,
		  " dev_kvm_permissions dev_kvm_add_group ",
		  "sudo chown root:kvm /dev/kvm" },
		{ "ACL", VTDIAG_DEV_KVM_ACL, " dev_kvm_acl ",
		  "sudo setfacl -m u:alice:rw /dev/kvm" },
		{ "LSM or container", VTDIAG_DEV_KVM_OTHER, " dev_kvm_refused ",
		  "Operation not permitted" },
		{ "no device behind it", VTDIAG_DEV_KVM_OTHER,
		  " dev_kvm_unopenable ", "No such device or address" },
		{ "root refused", VTDIAG_DEV_KVM_OTHER, " dev_kvm_refused ",
		  "security module" },
	};
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	struct vtdiag_os *os;
	char *ids;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
		os = &report.os;
		switch (i) {
		case 0:
			deny_dev_kvm(os, false);
			break;
		case 1:
			deny_dev_kvm(os, true);
			break;
		case 2:
			root_only_dev_kvm(os);
			break;
		case 3:
			root_only_dev_kvm(os);
			os->kvm_group_exists = false;
			break;
		case 4:
			root_only_dev_kvm(os);
			os->user_in_kvm_group = true;
			break;
		case 5:
			deny_dev_kvm(os, false);
			os->dev_kvm_mode = S_IFCHR | 0600;
			break;
		case 6:
			deny_dev_kvm(os, false);
			os->dev_kvm_mode = S_IFCHR | 0666;
			os->dev_kvm_acl = true;
			break;
		case 7:
			os->dev_kvm_errno = EPERM;
			break;
		case 8:
			os->dev_kvm_errno = ENXIO;
			break;
		case 9:
			root_only_dev_kvm(os);
			os->uid = 0;
			snprintf(os->user, sizeof(os->user), "root");
			break;
		}
		if (vtdiag_dev_kvm_access(&report) != cases[i].access ||
		    vtdiag_exit_status(&report) != VTDIAG_EXIT_OS_NOT_READY ||
		    vtdiag_kvm_ready(&report)) {
			printf("#   %s: access %s, exit %d\n", cases[i].name,
			       vtdiag_dev_kvm_access_name(vtdiag_dev_kvm_access(&report)),
			       vtdiag_exit_status(&report));
			test_failed = 1;
		}
		ids = advice_ids(&report, &advice);
		EXPECT_STR(ids, cases[i].ids);
		EXPECT(advice.count > 0);
		if (advice.count)
			EXPECT_CONTAINS(advice.items[0].text, cases[i].text);
		free(ids);
		vtdiag_advice_free(&advice);
		vtdiag_report_free(&report);
	}

	/* Readable and writable by everyone, but missing: not an access problem. */
	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.dev_kvm_exists = false;
	report.os.dev_kvm_errno = ENOENT;
	EXPECT(vtdiag_dev_kvm_access(&report) == VTDIAG_DEV_KVM_MISSING);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_OS_NOT_READY);
	vtdiag_report_free(&report);
}

static void test_text_dev_kvm_root_only(void)
{
	struct vtdiag_report report;
	char *text;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	root_only_dev_kvm(&report.os);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  /dev/kvm               present, crw------- root root\n");
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm access        nobody: permission denied by owner and mode:\n"
			"                             crw------- root root\n");
	EXPECT_CONTAINS(text, "Set it now:\n"
			"         sudo chown root:kvm /dev/kvm\n"
			"         sudo chmod 0660 /dev/kvm\n");
	EXPECT_CONTAINS(text, "  2. Give nobody access to /dev/kvm:\n"
			"         sudo usermod -aG kvm nobody\n");
	free(text);
	vtdiag_report_free(&report);
}

/* VMXE/SVME on: by KVM, by another hypervisor, or not known. */
static void test_virt_in_use_other_hypervisor(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	const char *text;
	char *ids, *report_text;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.kvm_core = VTDIAG_KVM_ABSENT;
	report.os.kvm_amd = VTDIAG_KVM_ABSENT;
	report.os.dev_kvm_exists = false;
	report.os.dev_kvm_errno = ENOENT;
	/* The module's count alone is enough. */
	report.host.has_cpus_active = true;
	report.host.cpus_active = 2;
	EXPECT(vtdiag_report_cpus_active(&report) == 2);
	EXPECT(vtdiag_virt_holder(&report) == VTDIAG_HOLDER_OTHER);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_OS_NOT_READY);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " other_hypervisor_active kvm_not_loaded ");
	text = advice_text(&advice, "other_hypervisor_active");
	EXPECT_CONTAINS(text, "AMD-V is in use on 2 of 2 CPUs, but KVM (kvm_amd) is not loaded");
	EXPECT_CONTAINS(text, "for example VirtualBox or VMware");
	EXPECT_CONTAINS(text, "`sudo modprobe -r vboxnetadp vboxnetflt vboxdrv`");
	EXPECT_CONTAINS(text, "`sudo modprobe -r vmmon`");
	free(ids);
	vtdiag_advice_free(&advice);
	report_text = render_text(&report, false);
	EXPECT_CONTAINS(report_text, "WARN  Virtualization in use  AMD-V on, 2 of 2 CPUs, not by KVM: by another\n"
			"                             hypervisor (VirtualBox, VMware...)\n");
	free(report_text);

	/* A known driver is named, and only its own command given. */
	report.os.other_hv = VTDIAG_OTHER_HV_VIRTUALBOX;
	vtdiag_advise(&report, &advice);
	text = advice_text(&advice, "other_hypervisor_active");
	EXPECT_CONTAINS(text, "holds it, VirtualBox (vboxdrv loaded)");
	EXPECT(text && !strstr(text, "vmmon"));
	vtdiag_advice_free(&advice);

	/* Per-CPU bits without the count (an older module). */
	report.host.has_cpus_active = false;
	report.cpus[1].active = 1;
	EXPECT(vtdiag_report_cpus_active(&report) == 1);
	vtdiag_advise(&report, &advice);
	EXPECT_CONTAINS(advice_text(&advice, "other_hypervisor_active"),
			"in use on 1 of 2 CPUs");
	vtdiag_advice_free(&advice);

	/* No live bits at all: not known, and no guess. */
	report.cpus[0].active = -1;
	report.cpus[1].active = -1;
	EXPECT(vtdiag_report_cpus_active(&report) == -1);
	EXPECT(vtdiag_virt_holder(&report) == VTDIAG_HOLDER_UNKNOWN);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kvm_not_loaded ");
	free(ids);
	vtdiag_advice_free(&advice);
	report_text = render_text(&report, false);
	EXPECT_CONTAINS(report_text, "WARN  Virtualization in use  not known\n");
	free(report_text);
	vtdiag_report_free(&report);
}

static void test_virt_in_use_by_kvm(void)
{
	struct vtdiag_advice_list advice;
	struct json_object *root;
	struct vtdiag_report report;
	char *ids, *text;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.host.has_cpus_active = true;
	report.host.cpus_active = 2;
	EXPECT(vtdiag_virt_holder(&report) == VTDIAG_HOLDER_KVM);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	/* Before 6.12 (no parameter) KVM takes it only for its VMs: no note. */
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " ");
	free(ids);
	vtdiag_advice_free(&advice);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  Virtualization in use  AMD-V on, 2 of 2 CPUs, by KVM (kvm_amd)\n");
	free(text);

	report.os.enable_virt_at_load = 0;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " ");
	free(ids);
	vtdiag_advice_free(&advice);

	/* 6.12+: held from load; a note, KVM still ready. */
	report.os.enable_virt_at_load = 1;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kvm_holds_virtualization ");
	EXPECT_CONTAINS(advice.items[0].text, "VERR_SVM_IN_USE");
	EXPECT_CONTAINS(advice.items[0].text, "kvm.enable_virt_at_load=0");
	free(ids);
	vtdiag_advice_free(&advice);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "\nNotes:\n  1. If you also run VirtualBox or VMware");
	free(text);

	root = render_json(&report);
	EXPECT(json_object_get_int(jget(root, "cpus_active")) == 2);
	EXPECT_STR(jstr(root, "virtualization_holder"), "kvm");
	EXPECT(json_object_get_boolean(jget(jget(root, "kvm"), "enable_virt_at_load")));
	json_object_put(root);

	/* Not switched on now: nothing to note. */
	report.host.cpus_active = 0;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " ");
	free(ids);
	vtdiag_advice_free(&advice);

	set_vendor(&report, VTDIAG_VENDOR_INTEL, "GenuineIntel");
	report.host.cpus_active = 1;
	vtdiag_advise(&report, &advice);
	EXPECT_CONTAINS(advice_text(&advice, "kvm_holds_virtualization"),
			"VERR_VMX_IN_VMX_ROOT_MODE");
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

static void test_advice_module_missing_is_last(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *ids;

	vtdiag_report_init(&report);
	ready_os(&report.os);
	report.os.kvm_core = VTDIAG_KVM_ABSENT;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " module_not_loaded ");
	EXPECT_CONTAINS(advice.items[0].text, "sudo modprobe vtdiag");
	EXPECT_CONTAINS(advice.items[0].text, "sudo insmod kmod/vtdiag.ko");
	free(ids);
	vtdiag_advice_free(&advice);

	report.module = VTDIAG_MODULE_FAILED;
	snprintf(report.module_error, sizeof(report.module_error),
		 "GET_HOST: Invalid argument");
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " module_query_failed ");
	EXPECT_CONTAINS(advice.items[0].text, "GET_HOST: Invalid argument");
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

/* "{name}" left in a text; JSON in a command ({"Attributes": ...}) is not one. */
static bool unfilled_placeholder(const char *text)
{
	const char *open;
	size_t len;

	for (open = strchr(text, '{'); open; open = strchr(open + 1, '{')) {
		len = strspn(open + 1, "abcdefghijklmnopqrstuvwxyz_");
		if (len && open[1 + len] == '}')
			return true;
	}
	return false;
}

/* Every rule: unique id, every {placeholder} known. */
static void test_advice_table(void)
{
	size_t nr_rules;
	const struct vtdiag_advice_rule *const *rules = vtdiag_advice_rules(&nr_rules);
	struct vtdiag_report report;
	char *text;
	size_t i, j;

	make_report(&report, VTDIAG_STATE_INCONSISTENT, VTDIAG_VENDOR_INTEL, 3);
	report.cpus[1].state = VTDIAG_STATE_UNKNOWN;
	report.cpus[1].feat_ctl_err = -EIO;
	set_hypervisor(&report, "Microsoft Hv");
	for (i = 0; i < nr_rules; i++) {
		for (j = i + 1; j < nr_rules; j++)
			EXPECT(strcmp(rules[i]->id,
				      rules[j]->id));
		text = vtdiag_expand(rules[i]->text, &report);
		if (!text || unfilled_placeholder(text)) {
			printf("#   rule %s: %s\n", rules[i]->id,
			       text ? text : "(null)");
			test_failed = 1;
		}
		free(text);
	}
	text = vtdiag_expand("a {nope} {tech}", &report);
	EXPECT_STR(text, "a {nope} VT-x");
	free(text);
	vtdiag_report_free(&report);
}

/* Every signature docs/design.md names gets a product and a complete how-to. */
static void test_advice_known_hypervisors(void)
{
	static const char *const signatures[] = {
		"KVMKVMKVM", "Microsoft Hv", "VMwareVMware", "XenVMMXenVMM",
		"VBoxVBoxVBox", "TCGTCGTCGTCG",
	};
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	const char *text;
	size_t i;

	make_report(&report, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		    VTDIAG_VENDOR_AMD, 1);
	for (i = 0; i < ARRAY_SIZE(signatures); i++) {
		set_hypervisor(&report, signatures[i]);
		EXPECT(vtdiag_hypervisor_product(signatures[i]) != NULL);
		if (vtdiag_advise(&report, &advice)) {
			test_failed = 1;
			continue;
		}
		text = advice_text(&advice, "hidden_by_hypervisor");
		EXPECT_CONTAINS(text, signatures[i]);
		if (text && strchr(text, '{')) {
			printf("#   %s\n", text);
			test_failed = 1;
		}
		vtdiag_advice_free(&advice);
	}
	set_hypervisor(&report, "KVMKVMKVM");
	vtdiag_advise(&report, &advice);
	EXPECT_CONTAINS(advice_text(&advice, "nested_kvm"),
			"/sys/module/kvm_amd/parameters/nested");
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

/* --- text report ------------------------------------------------------- */

static void test_text_ready(void)
{
	static const char *const lines[] = {
		"PASS  CPU virtualization     VT-x enabled (GenuineIntel)\n",
		"PASS  CPU consistency        all 4 CPUs: enabled\n",
		"PASS  Hypervisor             none (bare metal)\n",
		"PASS  KVM core module        kvm: loaded\n",
		"PASS  KVM vendor module      kvm_intel: loaded\n",
		"PASS  Virtualization in use  no: VT-x is off on all 4 CPUs\n",
		"PASS  /dev/kvm               present, crw-rw---- root kvm\n",
		"PASS  /dev/kvm access        alice can open it\n",
		"\nKVM is ready: this machine can run KVM guests now.\n",
	};
	struct vtdiag_report report;
	char *text;
	size_t i;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_INTEL, 4);
	text = render_text(&report, false);
	for (i = 0; i < ARRAY_SIZE(lines); i++)
		EXPECT_CONTAINS(text, lines[i]);
	EXPECT(text && !strstr(text, "What to do"));
	EXPECT(text && !strchr(text, '\033'));
	free(text);
	vtdiag_report_free(&report);
}

static void test_text_failures_and_steps(void)
{
	struct vtdiag_report report;
	char *text;

	make_report(&report, VTDIAG_STATE_INCONSISTENT, VTDIAG_VENDOR_AMD, 4);
	report.cpus[3].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	report.os.kvm_amd = VTDIAG_KVM_ABSENT;
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  CPU virtualization     AMD-V differs between CPUs (AuthenticAMD)\n");
	EXPECT_CONTAINS(text, "FAIL  CPU consistency        CPU 3: disabled in the BIOS/UEFI setup, 3 others:\n                             enabled\n");
	/* A consequence of the firmware, not the thing to fix: WARN. */
	EXPECT_CONTAINS(text, "WARN  KVM vendor module      kvm_amd: not loaded\n");
	EXPECT_CONTAINS(text, "\nWhat to do:\n  1. The CPUs of this machine");
	/* Then into the setup, check the switch, power off fully: no KVM step. */
	EXPECT_CONTAINS(text, "\n  4. Save the settings");
	EXPECT(text && !strstr(text, "  5. "));
	free(text);

	report.host.verdict = VTDIAG_STATE_HIDDEN_BY_HYPERVISOR;
	set_hypervisor(&report, "TCGTCGTCGTCG");
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  Hypervisor             QEMU TCG (signature \"TCGTCGTCGTCG\"): hides AMD-V\n");
	EXPECT_CONTAINS(text, "no hardware virtualization");
	free(text);
	vtdiag_report_free(&report);
}

static void test_text_os_not_ready(void)
{
	struct vtdiag_report report;
	char *text;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.kvm_amd = VTDIAG_KVM_ABSENT;
	report.os.dev_kvm_exists = false;
	report.os.dev_kvm_errno = ENOENT;
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  CPU virtualization     AMD-V enabled (AuthenticAMD)\n");
	EXPECT_CONTAINS(text, "FAIL  KVM vendor module      kvm_amd: not loaded\n");
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm               missing\n");
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm access        not checked: /dev/kvm is missing\n");
	EXPECT_CONTAINS(text, "operating system is not\nready");
	/* Commands stand on lines of their own, whole. */
	EXPECT_CONTAINS(text, "  1. Load KVM (the kvm core module comes with it):\n"
			"         sudo modprobe kvm_amd\n"
			"     To load it at every boot:\n"
			"         echo kvm_amd | sudo tee /etc/modules-load.d/kvm.conf\n");
	free(text);

	report.os.kvm_amd = VTDIAG_KVM_LOADED;
	report.os.dev_kvm_exists = true;
	deny_dev_kvm(&report.os, false);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm access        alice: permission denied: not in group kvm\n");
	free(text);

	deny_dev_kvm(&report.os, true);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm access        alice: permission denied: in group kvm, but not\n"
			"                             in this login session\n");
	free(text);
	vtdiag_report_free(&report);
}

static void test_text_colour(void)
{
	struct vtdiag_report report;
	char *text;

	make_report(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_VENDOR_INTEL, 1);
	text = render_text(&report, true);
	EXPECT_CONTAINS(text, "\033[1;31mFAIL\033[0m  CPU virtualization");
	EXPECT_CONTAINS(text, "\033[32mPASS\033[0m  Hypervisor");
	free(text);
	vtdiag_report_free(&report);
}

static void test_text_wrap(void)
{
	char *text = NULL;
	size_t size = 0, col = 0;
	const char *p;
	FILE *out = open_memstream(&text, &size);

	if (!out) {
		test_failed = 1;
		return;
	}
	vtdiag_print_wrapped(out, "one two three four five six seven eight nine ten "
			     "an-unbreakable-command-line-longer-than-width end",
			     4, 4, 20);
	fclose(out);
	/* Starts at column 4, so "one two three" already reaches 17. */
	EXPECT_STR(text, "one two three\n    four five six\n    seven eight nine\n"
		   "    ten\n    an-unbreakable-command-line-longer-than-width\n"
		   "    end\n");
	for (p = text; p && *p; p++) {
		col = *p == '\n' ? 0 : col + 1;
		EXPECT(col <= 20 || strstr(text, "an-unbreakable"));
	}
	free(text);

	text = NULL;
	out = open_memstream(&text, &size);
	if (!out) {
		test_failed = 1;
		return;
	}
	vtdiag_print_wrapped(out, "Run `a b`, then `c d`.", 0, 2, 20);
	vtdiag_print_wrapped(out, "`unterminated x", 0, 2, 20);
	fclose(out);
	EXPECT_STR(text, "Run\n      a b\n  then\n      c d\n`unterminated x\n");
	free(text);
}

/* --- JSON -------------------------------------------------------------- */

static void test_json_contract_keys(void)
{
	static const char *const keys[] = {
		"schema", "source", "verdict", "kvm_ready", "cpu", "hypervisor",
		"cpus", "kvm", "advice",
	};
	struct json_object *root, *cpu0, *kvm;
	struct vtdiag_report report;
	size_t i;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 3);
	deny_dev_kvm(&report.os, false);
	root = render_json(&report);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		EXPECT(jhas(root, keys[i]));
	EXPECT(json_object_get_int(jget(root, "schema")) == 1);
	EXPECT_STR(jstr(root, "source"), "module");
	EXPECT_STR(jstr(root, "verdict"), "enabled");
	EXPECT(json_object_is_type(jget(root, "kvm_ready"), json_type_boolean));
	EXPECT(!json_object_get_boolean(jget(root, "kvm_ready")));
	EXPECT_STR(jstr(jget(root, "cpu"), "vendor"), "AuthenticAMD");
	EXPECT_STR(jstr(jget(root, "cpu"), "technology"), "svm");
	EXPECT(jget(root, "hypervisor") == NULL);
	EXPECT(json_object_array_length(jget(root, "cpus")) == 3);

	cpu0 = json_object_array_get_idx(jget(root, "cpus"), 0);
	EXPECT(json_object_get_int(jget(cpu0, "cpu")) == 0);
	EXPECT_STR(jstr(cpu0, "state"), "enabled");
	EXPECT_STR(jstr(cpu0, "vm_cr"), "0x8");
	EXPECT(!jhas(cpu0, "feature_control"));
	EXPECT(json_object_is_type(jget(cpu0, "active"), json_type_boolean));

	kvm = jget(root, "kvm");
	EXPECT_STR(jstr(kvm, "core"), "loaded");
	EXPECT_STR(jstr(kvm, "vendor_module"), "kvm_amd");
	EXPECT_STR(jstr(kvm, "vendor_state"), "loaded");
	EXPECT(json_object_get_boolean(jget(kvm, "dev_kvm")));
	EXPECT_STR(jstr(kvm, "dev_kvm_error"), "EACCES");
	EXPECT_STR(jstr(kvm, "dev_kvm_problem"), "not_in_group");
	EXPECT_STR(jstr(kvm, "dev_kvm_mode"), "0660");
	EXPECT_STR(jstr(kvm, "dev_kvm_group"), "kvm");
	EXPECT_STR(jstr(kvm, "source"), "sysfs");
	EXPECT(jhas(kvm, "enable_virt_at_load") &&
	       jget(kvm, "enable_virt_at_load") == NULL);
	EXPECT(json_object_get_int(jget(root, "cpus_active")) == 0);
	EXPECT_STR(jstr(root, "virtualization_holder"), "none");

	EXPECT(json_object_array_length(jget(root, "advice")) == 1);
	EXPECT_STR(jstr(json_object_array_get_idx(jget(root, "advice"), 0),
			"id"), "dev_kvm_add_group");
	EXPECT(jstr(json_object_array_get_idx(jget(root, "advice"), 0), "text"));
	json_object_put(root);
	vtdiag_report_free(&report);
}

static void test_json_intel_cpus(void)
{
	struct json_object *root, *cpus, *cpu;
	struct vtdiag_report report;

	make_report(&report, VTDIAG_STATE_INCONSISTENT, VTDIAG_VENDOR_INTEL, 2);
	report.cpus[1].state = VTDIAG_STATE_UNKNOWN;
	report.cpus[1].has_feat_ctl = false;
	report.cpus[1].feat_ctl_err = -EIO;
	report.cpus[1].active = -1;
	set_hypervisor(&report, "");
	root = render_json(&report);
	EXPECT_STR(jstr(root, "verdict"), "inconsistent");
	EXPECT(json_object_get_int(jget(root, "exit_status")) == 2);
	EXPECT_STR(jstr(jget(root, "cpu"), "technology"), "vmx");
	EXPECT_STR(jstr(jget(root, "hypervisor"), "signature"), "");
	cpus = jget(root, "cpus");
	cpu = json_object_array_get_idx(cpus, 0);
	EXPECT_STR(jstr(cpu, "feature_control"), "0x5");
	EXPECT(!jhas(cpu, "vm_cr"));
	EXPECT(!jhas(cpu, "msr_error"));
	cpu = json_object_array_get_idx(cpus, 1);
	EXPECT_STR(jstr(cpu, "state"), "unknown");
	EXPECT(jhas(cpu, "feature_control") &&
	       jget(cpu, "feature_control") == NULL);
	EXPECT_STR(jstr(cpu, "msr_error"), "EIO");
	EXPECT(jhas(cpu, "active") && jget(cpu, "active") == NULL);
	EXPECT_STR(jstr(jget(root, "kvm"), "vendor_module"), "kvm_intel");
	json_object_put(root);
	vtdiag_report_free(&report);
}

static void test_json_unknown_vendor(void)
{
	struct json_object *root;
	struct vtdiag_report report;

	make_report(&report, VTDIAG_STATE_UNKNOWN, VTDIAG_VENDOR_OTHER, 1);
	root = render_json(&report);
	EXPECT(jhas(jget(root, "cpu"), "technology") &&
	       jget(jget(root, "cpu"), "technology") == NULL);
	EXPECT(jhas(jget(root, "kvm"), "vendor_module") &&
	       jget(jget(root, "kvm"), "vendor_module") == NULL);
	EXPECT(json_object_get_int(jget(root, "exit_status")) == 4);
	json_object_put(root);
	vtdiag_report_free(&report);
}

static void test_json_module_missing(void)
{
	struct json_object *root, *advice;
	struct vtdiag_report report;

	vtdiag_report_init(&report);
	ready_os(&report.os);
	root = render_json(&report);
	EXPECT_STR(jstr(root, "verdict"), "unknown");
	EXPECT_STR(jstr(root, "source"), "module");
	EXPECT(!json_object_get_boolean(jget(root, "kvm_ready")));
	EXPECT(json_object_array_length(jget(root, "cpus")) == 0);
	advice = jget(root, "advice");
	EXPECT(json_object_array_length(advice) == 1);
	EXPECT_STR(jstr(json_object_array_get_idx(advice, 0), "id"),
		   "module_not_loaded");
	json_object_put(root);
	vtdiag_report_free(&report);
}

/* --- netlink parsers --------------------------------------------------- */

#define FAKE_FAMILY	0x20

static struct nl_msg *genl_message(__u8 cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, 0, 1, FAKE_FAMILY, 0, 0, cmd,
				VTDIAG_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void put_state_counts(struct nl_msg *msg)
{
	struct nlattr *counts, *count;

	counts = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNTS);
	count = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNT);
	nla_put_u32(msg, VTDIAG_A_COUNT_STATE, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_COUNT_CPUS, 3);
	nla_nest_end(msg, count);
	count = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNT);
	nla_put_u32(msg, VTDIAG_A_COUNT_STATE, 99);	/* from the future */
	nla_put_u32(msg, VTDIAG_A_COUNT_CPUS, 1);
	nla_nest_end(msg, count);
	nla_nest_end(msg, counts);
}

static void test_parse_host(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct vtdiag_host host;

	if (!msg) {
		test_failed = 1;
		return;
	}
	nla_put_string(msg, VTDIAG_A_HOST_VERSION, "1.2.3");
	nla_put_u32(msg, VTDIAG_A_HOST_GENERATION, 42);
	nla_put_u32(msg, VTDIAG_A_HOST_VENDOR, VTDIAG_VENDOR_AMD);
	nla_put_string(msg, VTDIAG_A_HOST_VENDOR_ID, "AuthenticAMD");
	nla_put_u32(msg, VTDIAG_A_HOST_TECH, VTDIAG_TECH_SVM);
	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ONLINE, 4);
	put_state_counts(msg);
	nla_put_flag(msg, VTDIAG_A_HOST_HYPERVISOR);
	nla_put_string(msg, VTDIAG_A_HOST_HV_SIGNATURE, "KVMKVMKVM");
	nla_put_u32(msg, VTDIAG_A_HOST_KVM_CORE, VTDIAG_KVM_BUILTIN);
	nla_put_u32(msg, VTDIAG_A_HOST_KVM_VENDOR, VTDIAG_KVM_LOADED);
	nla_put_string(msg, VTDIAG_A_HOST_KVM_VENDOR_MODULE, "kvm_amd");
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ACTIVE, 3);
	nla_put_u64(msg, 200, 1);	/* an attribute from a newer module */

	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT_STR(host.module_version, "1.2.3");
	EXPECT(host.has_generation && host.generation == 42);
	EXPECT(host.vendor == VTDIAG_VENDOR_AMD);
	EXPECT_STR(host.vendor_id, "AuthenticAMD");
	EXPECT(host.tech == VTDIAG_TECH_SVM);
	EXPECT(host.verdict == VTDIAG_STATE_ENABLED);
	EXPECT(host.cpus_online == 4);
	EXPECT(host.state_counts[VTDIAG_STATE_ENABLED] == 3);
	EXPECT(host.hypervisor && host.has_hv_signature);
	EXPECT_STR(host.hv_signature, "KVMKVMKVM");
	EXPECT(host.has_kvm_core && host.kvm_core == VTDIAG_KVM_BUILTIN);
	EXPECT(host.has_kvm_vendor && host.kvm_vendor == VTDIAG_KVM_LOADED);
	EXPECT_STR(host.kvm_vendor_module, "kvm_amd");
	EXPECT(host.has_cpus_active && host.cpus_active == 3);
	nlmsg_free(msg);

	/* Nothing but an empty nest: defaults, no stale fields. */
	msg = genl_message(VTDIAG_CMD_GET_HOST);
	nla_nest_end(msg, nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNTS));
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT(host.verdict == VTDIAG_STATE_UNKNOWN);
	EXPECT(!host.hypervisor && !host.has_kvm_core && !host.has_generation);
	EXPECT(!host.has_cpus_active);
	EXPECT(host.module_version[0] == '\0');
	nlmsg_free(msg);
}

static void test_parse_host_rejects_bad_count(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct nlattr *counts, *count;
	struct vtdiag_host host;

	counts = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNTS);
	count = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNT);
	nla_put_u32(msg, VTDIAG_A_COUNT_STATE, VTDIAG_STATE_ENABLED);
	nla_nest_end(msg, count);
	nla_nest_end(msg, counts);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == -EPROTO);
	nlmsg_free(msg);
}

static void test_parse_cpu(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_CPU);
	struct vtdiag_report report;
	struct vtdiag_cpu *cpu;
	__u16 short_u32 = 1;

	vtdiag_report_init(&report);
	cpu = vtdiag_report_add_cpu(&report);
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 5);
	nla_put_u32(msg, VTDIAG_A_CPU_STATE, VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	nla_put_u32(msg, VTDIAG_A_CPU_VENDOR, VTDIAG_VENDOR_INTEL);
	nla_put_string(msg, VTDIAG_A_CPU_VENDOR_ID, "GenuineIntel");
	nla_put_u32(msg, VTDIAG_A_CPU_FLAGS, VTDIAG_F_VMX | VTDIAG_F_LOCKED);
	nla_put_u64(msg, VTDIAG_A_CPU_FEAT_CTL, 0x1);
	nla_put_s32(msg, VTDIAG_A_CPU_VM_CR_ERR, -EIO);
	nla_put_u8(msg, VTDIAG_A_CPU_ACTIVE, 1);
	nla_put_u32(msg, 999, 7);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), cpu) == 0);
	EXPECT(cpu->id == 5);
	EXPECT(cpu->state == VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	EXPECT(cpu->has_vendor && cpu->vendor == VTDIAG_VENDOR_INTEL);
	EXPECT(cpu->has_flags && cpu->flags == (VTDIAG_F_VMX | VTDIAG_F_LOCKED));
	EXPECT(cpu->has_feat_ctl && cpu->feat_ctl == 0x1);
	EXPECT(!cpu->has_vm_cr && cpu->vm_cr_err == -EIO);
	EXPECT(cpu->active == 1);
	nlmsg_free(msg);

	/* No ACTIVE attribute: unknown, not "off". */
	cpu = vtdiag_report_add_cpu(&report);
	msg = genl_message(VTDIAG_CMD_GET_CPU);
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 6);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), cpu) == 0);
	EXPECT(cpu->active == -1 && cpu->state == VTDIAG_STATE_UNKNOWN);
	nlmsg_free(msg);

	/* A record without CPU id is rejected. */
	msg = genl_message(VTDIAG_CMD_GET_CPU);
	nla_put_u32(msg, VTDIAG_A_CPU_STATE, VTDIAG_STATE_ENABLED);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), cpu) == -EPROTO);
	nlmsg_free(msg);

	/* A u32 attribute two bytes long is rejected, not over-read. */
	msg = genl_message(VTDIAG_CMD_GET_CPU);
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 1);
	nla_put(msg, VTDIAG_A_CPU_STATE, sizeof(short_u32), &short_u32);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), cpu) == -EPROTO);
	nlmsg_free(msg);
	vtdiag_report_free(&report);
}

/* The host part of an event, as the module sends it: 2 AMD CPUs. */
static void put_event_host(struct nl_msg *msg, __u32 verdict, __u32 kvm_core,
			   __u32 kvm_amd, __u32 cpus_online, __u32 cpus_active)
{
	nla_put_string(msg, VTDIAG_A_HOST_VERSION, "0.1.0");
	nla_put_u32(msg, VTDIAG_A_HOST_GENERATION, 9);
	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, verdict);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ONLINE, cpus_online);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ACTIVE, cpus_active);
	put_state_counts(msg);
	nla_put_u32(msg, VTDIAG_A_HOST_KVM_CORE, kvm_core);
	nla_put_u32(msg, VTDIAG_A_HOST_KVM_VENDOR, kvm_amd);
	nla_put_string(msg, VTDIAG_A_HOST_KVM_VENDOR_MODULE, "kvm_amd");
	nla_put_u32(msg, VTDIAG_A_HOST_VENDOR, VTDIAG_VENDOR_AMD);
	nla_put_string(msg, VTDIAG_A_HOST_VENDOR_ID, "AuthenticAMD");
	nla_put_u32(msg, VTDIAG_A_HOST_TECH, VTDIAG_TECH_SVM);
}

/* "kvm_amd loaded" etc.; cpu < 0: no CPU attribute. */
static struct nl_msg *event_message(__u32 type, int cpu, const char *module,
				    __u32 module_state, __u32 verdict)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_EVENT);

	if (!msg)
		return NULL;
	put_event_host(msg, verdict, VTDIAG_KVM_LOADED,
		       module && module_state == VTDIAG_KVM_ABSENT ?
		       VTDIAG_KVM_ABSENT : VTDIAG_KVM_LOADED, 2, 0);
	nla_put_u32(msg, VTDIAG_A_HOST_EVENT, type);
	if (cpu >= 0)
		nla_put_u32(msg, VTDIAG_A_HOST_EVENT_CPU, cpu);
	if (module) {
		nla_put_string(msg, VTDIAG_A_HOST_EVENT_MODULE, module);
		nla_put_u32(msg, VTDIAG_A_HOST_EVENT_MODULE_STATE, module_state);
	}
	return msg;
}

static void test_parse_event(void)
{
	struct vtdiag_event_info ev;
	struct nl_msg *msg;
	__u16 short_u32 = 1;

	msg = event_message(VTDIAG_EVENT_KVM, -1, "kvm_amd", VTDIAG_KVM_LOADED,
			    VTDIAG_STATE_ENABLED);
	EXPECT(msg && vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev) == 0);
	EXPECT(ev.type == VTDIAG_EVENT_KVM && !ev.has_cpu);
	EXPECT_STR(ev.module, "kvm_amd");
	EXPECT(ev.has_module_state && ev.module_state == VTDIAG_KVM_LOADED);
	EXPECT(ev.host.verdict == VTDIAG_STATE_ENABLED);
	EXPECT(ev.host.has_generation && ev.host.generation == 9);
	EXPECT(ev.host.cpus_online == 2);
	EXPECT(ev.host.has_cpus_active && ev.host.cpus_active == 0);
	EXPECT(ev.host.has_kvm_core && ev.host.kvm_core == VTDIAG_KVM_LOADED);
	EXPECT(ev.host.has_kvm_vendor && ev.host.kvm_vendor == VTDIAG_KVM_LOADED);
	nlmsg_free(msg);

	/* A kind from a newer module is kept, with what it carries. */
	msg = event_message(42, 3, NULL, 0, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, 300, 1);
	EXPECT(vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev) == 0);
	EXPECT(ev.type == 42 && ev.has_cpu && ev.cpu == 3);
	EXPECT(ev.module[0] == '\0' && !ev.has_module_state);
	nlmsg_free(msg);

	/* No event attribute at all: UNSPEC, not an error. */
	msg = genl_message(VTDIAG_CMD_EVENT);
	put_event_host(msg, VTDIAG_STATE_ENABLED, VTDIAG_KVM_ABSENT,
		       VTDIAG_KVM_ABSENT, 2, 0);
	EXPECT(vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev) == 0);
	EXPECT(ev.type == VTDIAG_EVENT_UNSPEC);
	nlmsg_free(msg);

	/* A truncated CPU attribute is rejected, not over-read. */
	msg = genl_message(VTDIAG_CMD_EVENT);
	nla_put_u32(msg, VTDIAG_A_HOST_EVENT, VTDIAG_EVENT_CPU_ONLINE);
	nla_put(msg, VTDIAG_A_HOST_EVENT_CPU, sizeof(short_u32), &short_u32);
	EXPECT(vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev) == -EPROTO);
	nlmsg_free(msg);
}

/* 2025-11-25 15:04:05.123 UTC */
static const struct timespec event_time = { 1764083045, 123456789 };

/* The event line for a crafted message, printed as --watch prints it. */
static char *event_text(struct nl_msg *msg)
{
	struct vtdiag_event_info ev;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (!msg || vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev)) {
		nlmsg_free(msg);
		return NULL;
	}
	nlmsg_free(msg);
	out = open_memstream(&text, &size);
	if (!out)
		return NULL;
	EXPECT(vtdiag_print_event_text(out, &ev, &event_time) == 0);
	fclose(out);
	return text;
}

static void test_event_text(void)
{
	static const struct {
		__u32 type;
		int cpu;
		const char *module;
		__u32 module_state;
		__u32 verdict;
		const char *line;
	} cases[] = {
		{ VTDIAG_EVENT_KVM, -1, "kvm_amd", VTDIAG_KVM_LOADED,
		  VTDIAG_STATE_ENABLED,
		  "2025-11-25 15:04:05.123  kvm module kvm_amd loaded         verdict enabled; CPUs: 2 online, 0 active; kvm loaded, kvm_amd loaded\n" },
		{ VTDIAG_EVENT_KVM, -1, "kvm_amd", VTDIAG_KVM_ABSENT,
		  VTDIAG_STATE_ENABLED,
		  "2025-11-25 15:04:05.123  kvm module kvm_amd unloaded       verdict enabled; CPUs: 2 online, 0 active; kvm loaded, kvm_amd not loaded\n" },
		{ VTDIAG_EVENT_CPU_OFFLINE, 1, NULL, 0, VTDIAG_STATE_ENABLED,
		  "  CPU 1 offline  " },
		{ VTDIAG_EVENT_CPU_ONLINE, 1, NULL, 0, VTDIAG_STATE_ENABLED,
		  "  CPU 1 online  " },
		{ VTDIAG_EVENT_RESAMPLE, 0, NULL, 0, VTDIAG_STATE_ENABLED,
		  "  CPU 0 re-sampled  " },
		{ VTDIAG_EVENT_ACTIVE, -1, NULL, 0, VTDIAG_STATE_ENABLED,
		  "  virtualization in use changed  " },
		{ VTDIAG_EVENT_VERDICT, -1, NULL, 0,
		  VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  "  verdict changed -> disabled in the BIOS/UEFI setup  verdict disabled in the BIOS/UEFI setup;" },
		{ 42, 3, NULL, 0, VTDIAG_STATE_ENABLED,
		  "  event 42 on CPU 3                 verdict enabled;" },
	};
	char *text;
	size_t i;

	/* The text shows local time: pin the zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		text = event_text(event_message(cases[i].type, cases[i].cpu,
						cases[i].module,
						cases[i].module_state,
						cases[i].verdict));
		if (cases[i].line[0] == ' ')
			EXPECT_CONTAINS(text, cases[i].line);
		else
			EXPECT_STR(text, cases[i].line);
		/* One line, flushed whole. */
		EXPECT(text && strchr(text, '\n') == text + strlen(text) - 1);
		free(text);
	}
	unsetenv("TZ");
	tzset();
}

/* The JSON line for a crafted message: exactly one compact object. */
static struct json_object *event_json(struct nl_msg *msg)
{
	struct vtdiag_event_info ev;
	struct json_object *obj = NULL;
	struct json_tokener *tokener;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (!msg || vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev)) {
		nlmsg_free(msg);
		return NULL;
	}
	nlmsg_free(msg);
	out = open_memstream(&text, &size);
	if (!out)
		return NULL;
	EXPECT(vtdiag_print_event_json(out, &ev, &event_time) == 0);
	fclose(out);
	EXPECT(text && strchr(text, '\n') == text + strlen(text) - 1);
	EXPECT(text && !strstr(text, ": ") && !strstr(text, ", "));
	tokener = json_tokener_new();
	if (tokener && text) {
		obj = json_tokener_parse_ex(tokener, text, strlen(text));
		EXPECT(obj && json_tokener_get_parse_end(tokener) ==
		       strlen(text));
		json_tokener_free(tokener);
	}
	free(text);
	return obj;
}

static void test_event_json(void)
{
	static const char *const keys[] = {
		"time", "event", "cpu", "module", "module_state", "verdict",
		"generation", "cpus_online", "cpus_active", "kvm",
	};
	struct json_object *obj, *kvm;
	size_t i;

	obj = event_json(event_message(VTDIAG_EVENT_KVM, -1, "kvm", VTDIAG_KVM_LOADED,
				       VTDIAG_STATE_ENABLED));
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		EXPECT(jhas(obj, keys[i]));
	EXPECT_STR(jstr(obj, "time"), "2025-11-25T15:04:05.123Z");
	EXPECT_STR(jstr(obj, "event"), "kvm");
	EXPECT(jget(obj, "cpu") == NULL);
	EXPECT_STR(jstr(obj, "module"), "kvm");
	EXPECT_STR(jstr(obj, "module_state"), "loaded");
	EXPECT_STR(jstr(obj, "verdict"), "enabled");
	EXPECT(json_object_get_int(jget(obj, "generation")) == 9);
	EXPECT(json_object_get_int(jget(obj, "cpus_online")) == 2);
	EXPECT(json_object_is_type(jget(obj, "cpus_active"), json_type_int));
	kvm = jget(obj, "kvm");
	EXPECT_STR(jstr(kvm, "core"), "loaded");
	EXPECT_STR(jstr(kvm, "vendor_module"), "kvm_amd");
	EXPECT_STR(jstr(kvm, "vendor_state"), "loaded");
	json_object_put(obj);

	obj = event_json(event_message(VTDIAG_EVENT_CPU_OFFLINE, 1, NULL, 0,
				       VTDIAG_STATE_ENABLED));
	EXPECT_STR(jstr(obj, "event"), "cpu_offline");
	EXPECT(json_object_get_int(jget(obj, "cpu")) == 1);
	EXPECT(jhas(obj, "module") && jget(obj, "module") == NULL);
	json_object_put(obj);

	obj = event_json(event_message(VTDIAG_EVENT_VERDICT, -1, NULL, 0,
				       VTDIAG_STATE_INCONSISTENT));
	EXPECT_STR(jstr(obj, "event"), "verdict");
	EXPECT_STR(jstr(obj, "verdict"), "inconsistent");
	json_object_put(obj);

	/* Unknown kinds are printed, named "unknown", with their number. */
	obj = event_json(event_message(42, 3, NULL, 0, VTDIAG_STATE_ENABLED));
	EXPECT_STR(jstr(obj, "event"), "unknown");
	EXPECT(json_object_get_int(jget(obj, "event_type")) == 42);
	EXPECT(json_object_get_int(jget(obj, "cpu")) == 3);
	json_object_put(obj);

	for (i = VTDIAG_EVENT_KVM; i <= VTDIAG_EVENT_MAX; i++) {
		obj = event_json(event_message(i, 0, NULL, 0,
					       VTDIAG_STATE_ENABLED));
		if (!obj || !strcmp(jstr(obj, "event") ?: "unknown", "unknown")) {
			printf("#   event %zu has no name\n", i);
			test_failed = 1;
		}
		json_object_put(obj);
	}
}

/* An NLMSG_ERROR/NLMSG_DONE as the kernel builds it, extack included. */
static struct nl_msg *kernel_error(int type, int flags, bool echo)
{
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags | NLM_F_ACK_TLVS);
	struct nlmsgerr nlerr = { .error = -EINVAL };
	char request[8] = "request";
	int done_err = -EINVAL;

	if (type == NLMSG_ERROR) {
		nlerr.msg.nlmsg_len = NLMSG_LENGTH(echo ? sizeof(request) : 0);
		nlmsg_append(msg, &nlerr, sizeof(nlerr), NLMSG_ALIGNTO);
		if (echo)
			nlmsg_append(msg, request, sizeof(request),
				     NLMSG_ALIGNTO);
	} else {
		nlmsg_append(msg, &done_err, sizeof(done_err), NLMSG_ALIGNTO);
	}
	nla_put_string(msg, NLMSGERR_ATTR_MSG, "bad VTDIAG_A_CPU_ID");
	nla_put_u32(msg, NLMSGERR_ATTR_OFFS, 20);
	return msg;
}

static void test_parse_extack(void)
{
	char extack[VTDIAG_NL_EXTACK_LEN];
	struct nl_msg *msg;

	msg = kernel_error(NLMSG_ERROR, NLM_F_CAPPED, false);
	vtdiag_nl_parse_extack(nlmsg_hdr(msg), extack, sizeof(extack));
	EXPECT_STR(extack, "bad VTDIAG_A_CPU_ID");
	nlmsg_free(msg);

	msg = kernel_error(NLMSG_ERROR, 0, true);
	vtdiag_nl_parse_extack(nlmsg_hdr(msg), extack, sizeof(extack));
	EXPECT_STR(extack, "bad VTDIAG_A_CPU_ID");
	nlmsg_free(msg);

	msg = kernel_error(NLMSG_DONE, NLM_F_MULTI, false);
	vtdiag_nl_parse_extack(nlmsg_hdr(msg), extack, sizeof(extack));
	EXPECT_STR(extack, "bad VTDIAG_A_CPU_ID");
	nlmsg_free(msg);

	/* Without NLM_F_ACK_TLVS there is no message to show. */
	msg = kernel_error(NLMSG_ERROR, NLM_F_CAPPED, false);
	nlmsg_hdr(msg)->nlmsg_flags &= ~NLM_F_ACK_TLVS;
	vtdiag_nl_parse_extack(nlmsg_hdr(msg), extack, sizeof(extack));
	EXPECT_STR(extack, "");
	nlmsg_free(msg);
}

static int count_reply(struct nlmsghdr *nlh, void *arg)
{
	int *replies = arg;

	(void)nlh;
	(*replies)++;
	return 0;
}

/*
 * The send/receive helper against a real kernel: the always-present
 * "nlctrl" family answers a dump with NLMSG_DONE and rejects a
 * GETFAMILY without a name with an error (and an extack message).
 */
static const char *family_to_ask;

static int fill_family_name(struct nl_msg *msg, void *arg)
{
	(void)arg;
	return nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, family_to_ask) ?
	       -EMSGSIZE : 0;
}

static void test_nl_request_real_kernel(void)
{
	struct vtdiag_nl_request request = {
		.cmd = CTRL_CMD_GETFAMILY, .parse = count_reply,
	};
	struct vtdiag_nl nl;
	int replies = 0;
	int err;

	if (vtdiag_nl_open_family(&nl, "nlctrl")) {
		snprintf(test_skip, sizeof(test_skip), "no generic netlink: %s",
			 nl.error_text);
		vtdiag_nl_close(&nl);
		return;
	}
	request.arg = &replies;
	request.nlm_flags = NLM_F_DUMP;
	err = vtdiag_nl_request(&nl, &request);
	EXPECT(err == 0);
	EXPECT(replies >= 1 && !request.interrupted);

	/* A name longer than GENL_NAMSIZ fails the policy, with extack. */
	replies = 0;
	request.nlm_flags = 0;
	request.fill = fill_family_name;
	family_to_ask = "vtdiag-test-name-too-long";
	err = vtdiag_nl_request(&nl, &request);
	EXPECT(err == -EINVAL && nl.error == EINVAL);
	EXPECT(replies == 0);
	EXPECT(nl.extack[0] != '\0');
	printf("#   %s; kernel reports: %s\n", nl.error_text, nl.extack);

	/* A do for an unknown family: ENOENT; the stale extack is gone. */
	family_to_ask = "vtdiag-nofam";
	err = vtdiag_nl_request(&nl, &request);
	EXPECT(err == -ENOENT && replies == 0);
	EXPECT(!strstr(nl.extack, "policy"));

	/* A do that succeeds: one reply, then the ACK. */
	family_to_ask = "nlctrl";
	err = vtdiag_nl_request(&nl, &request);
	EXPECT(err == 0 && replies == 1);

	/* The socket is still in step after the error. */
	replies = 0;
	request.nlm_flags = NLM_F_DUMP;
	request.fill = NULL;
	err = vtdiag_nl_request(&nl, &request);
	EXPECT(err == 0 && replies >= 1);
	vtdiag_nl_close(&nl);

	/* The vtdiag family itself: found, or the "not loaded" path. */
	err = vtdiag_nl_open(&nl);
	EXPECT(err == 0 || err == -ENOENT);
	if (err == -ENOENT)
		EXPECT_CONTAINS(nl.error_text, "\"vtdiag\" not found");
	vtdiag_nl_close(&nl);
}

/* --- OS side ----------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	file = fopen(path, "w");
	if (!file)
		return -1;
	fputs(text, file);
	return fclose(file);
}

static int make_dir(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return mkdir(path, 0755);
}

static void remove_entry(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (unlink(path) && errno == EISDIR)
		rmdir(path);
}

/* A named group other than root that @path can be given; 0 if none. */
static gid_t spare_group(void)
{
	const struct group *group;
	gid_t gid = 0;

	if (geteuid() != 0)
		return getegid() != 0 && getgrgid(getegid()) ? getegid() : 0;
	setgrent();
	while ((group = getgrent()))
		if (group->gr_gid != 0) {
			gid = group->gr_gid;
			break;
		}
	endgrent();
	return gid;
}

/* A device whose own group has rw: that group is the one to join. */
static void test_probe_access_group(const char *dev_kvm,
				    const struct vtdiag_os_paths *paths)
{
	gid_t gid = spare_group();
	const struct group *group;
	struct vtdiag_os os;
	char name[VTDIAG_GROUP_LEN];

	if (!gid || chown(dev_kvm, -1, gid) || chmod(dev_kvm, 0660)) {
		printf("#   no group other than root to test with\n");
		return;
	}
	group = getgrgid(gid);
	if (!group) {
		test_failed = 1;
		return;
	}
	snprintf(name, sizeof(name), "%s", group->gr_name);
	vtdiag_os_probe(&os, paths);
	EXPECT_STR(os.dev_kvm_group, name);
	EXPECT_STR(os.kvm_group, name);
	/* Membership is looked up only when the open was refused. */
	EXPECT(os.kvm_group_exists == (os.dev_kvm_errno == EACCES ||
				       os.dev_kvm_errno == EPERM));
	EXPECT(os.dev_kvm_gid == gid && (os.dev_kvm_mode & 07777) == 0660);
}

/*
 * Names of ids from /etc/passwd and /etc/group directly whenever they have
 * the id, from NSS otherwise or for "compat" entries (tool/host.c).
 */
static void test_os_probe_names(void)
{
	char scratch[] = "/tmp/vtdiag-test.XXXXXX";
	struct vtdiag_os_paths paths = { 0 };
	char dev_kvm[64], line[160], passwd[160];
	struct vtdiag_os os;

	if (!mkdtemp(scratch)) {
		test_failed = 1;
		return;
	}
	EXPECT(write_file(scratch, "dev-kvm", "") == 0);
	snprintf(dev_kvm, sizeof(dev_kvm), "%s/dev-kvm", scratch);
	paths.sys_module = scratch;
	paths.dev_kvm = dev_kvm;
	paths.kvm_group = "kvm";
	paths.etc = scratch;

	/* Listed names that NSS would never give: proof the file was read. */
	snprintf(passwd, sizeof(passwd),
		 "bad line\ndecoy:x:12345x:0::/:/bin/false\n"
		 "vt-user:x:%u:%u::/:/bin/sh\n",
		 (unsigned int)geteuid(), (unsigned int)getegid());
	EXPECT(write_file(scratch, "passwd", passwd) == 0);
	snprintf(line, sizeof(line), "x:x:notanumber:\nvt-group:x:%u:\n",
		 (unsigned int)getegid());
	EXPECT(write_file(scratch, "group", line) == 0);
	EXPECT(write_file(scratch, "nsswitch.conf",
			  "# comment\npasswd:\tfiles systemd\n"
			  "group: files [NOTFOUND=return] ldap\n") == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT_STR(os.dev_kvm_owner, "vt-user");
	EXPECT_STR(os.dev_kvm_group, "vt-group");
	EXPECT_STR(os.user, "vt-user");

	/* Another source first: the files still name their own ids... */
	EXPECT(write_file(scratch, "nsswitch.conf",
			  "passwd: sss files\ngroup: filesx\n") == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT_STR(os.dev_kvm_owner, "vt-user");
	EXPECT_STR(os.dev_kvm_group, "vt-group");
	EXPECT_STR(os.user, "vt-user");
	/* ...but an id they lack, or "compat" entries: NSS answers. */
	snprintf(line, sizeof(line), "x:x:notanumber:\nother:x:%u:\n",
		 (unsigned int)getegid() + 1);
	EXPECT(write_file(scratch, "group", line) == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT(strcmp(os.dev_kvm_group, "vt-group") != 0);
	EXPECT(os.dev_kvm_group[0]);
	snprintf(line, sizeof(line), "x:x:notanumber:\nvt-group:x:%u:\n",
		 (unsigned int)getegid());
	EXPECT(write_file(scratch, "group", line) == 0);
	EXPECT(write_file(scratch, "nsswitch.conf",
			  "passwd: files\ngroup: files\n") == 0);
	EXPECT(write_file(scratch, "passwd", "+::::::\n") == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT(strcmp(os.dev_kvm_owner, "vt-user") != 0);
	EXPECT_STR(os.dev_kvm_group, "vt-group");

	/* getent(1): the system's NSS in a process of its own. */
	{
		char out[64];

		EXPECT(vtdiag_getent("passwd", "0", out, sizeof(out)));
		EXPECT(!strncmp(out, "root:", 5) && !strchr(out, '\n'));
		EXPECT(!vtdiag_getent("passwd", "vtdiag-no-such-user", out,
				      sizeof(out)));
		EXPECT(!vtdiag_getent("no-such-database", "0", out,
				      sizeof(out)));
		/* Cut to the buffer, still a string. */
		EXPECT(vtdiag_getent("passwd", "0", out, 6));
		EXPECT_STR(out, "root:");
		EXPECT(vtdiag_getent("initgroups", "root", out, sizeof(out)));
		EXPECT(!strncmp(out, "root", 4));
	}

	/* No nsswitch.conf at all: still the files' names of their ids. */
	remove_entry(scratch, "nsswitch.conf");
	EXPECT(write_file(scratch, "passwd", passwd) == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT_STR(os.dev_kvm_owner, "vt-user");

	remove_entry(scratch, "passwd");
	remove_entry(scratch, "group");
	remove_entry(scratch, "dev-kvm");
	EXPECT(rmdir(scratch) == 0);
}

static void test_os_probe(void)
{
	char scratch[] = "/tmp/vtdiag-test.XXXXXX";
	struct vtdiag_os_paths paths = { 0 };
	struct vtdiag_os os;
	char dev_kvm[64];

	if (!mkdtemp(scratch)) {
		test_failed = 1;
		return;
	}
	EXPECT(make_dir(scratch, "kvm") == 0);
	EXPECT(write_file(scratch, "kvm/initstate", "live\n") == 0);
	EXPECT(make_dir(scratch, "kvm_amd") == 0);	/* built in */
	EXPECT(make_dir(scratch, "kvm_intel") == 0);
	EXPECT(write_file(scratch, "kvm_intel/initstate", "going\n") == 0);
	EXPECT(write_file(scratch, "dev-kvm", "") == 0);
	snprintf(dev_kvm, sizeof(dev_kvm), "%s/dev-kvm", scratch);
	EXPECT(chmod(dev_kvm, 0600) == 0);

	paths.sys_module = scratch;
	paths.dev_kvm = dev_kvm;
	paths.kvm_group = "vtdiag-test-no-such-group";
	vtdiag_os_probe(&os, &paths);
	EXPECT(os.kvm_core == VTDIAG_KVM_LOADED);
	EXPECT(os.kvm_amd == VTDIAG_KVM_BUILTIN);
	EXPECT(os.kvm_intel == VTDIAG_KVM_ABSENT);
	EXPECT(os.dev_kvm_exists && os.dev_kvm_errno == 0);
	EXPECT(!os.kvm_group_exists && !os.user_in_kvm_group);
	EXPECT(os.user[0] != '\0');
	EXPECT(vtdiag_sysfs_module_state(scratch, "kvm_other") ==
	       VTDIAG_KVM_ABSENT);

	/* Before 6.12 there is no such parameter; no other hypervisor. */
	EXPECT(os.enable_virt_at_load == -1 && os.other_hv == 0);
	EXPECT(S_ISREG(os.dev_kvm_mode) && (os.dev_kvm_mode & 07777) == 0600);
	EXPECT(os.dev_kvm_uid == geteuid() && os.uid == geteuid());
	EXPECT(os.dev_kvm_owner[0] && os.dev_kvm_group[0] && !os.dev_kvm_acl);
	/* The group grants nothing: the one to use is the configured one. */
	EXPECT_STR(os.kvm_group, "vtdiag-test-no-such-group");

	EXPECT(make_dir(scratch, "kvm/parameters") == 0);
	EXPECT(write_file(scratch, "kvm/parameters/enable_virt_at_load",
			  "Y\n") == 0);
	EXPECT(make_dir(scratch, "vboxdrv") == 0);
	EXPECT(write_file(scratch, "vboxdrv/initstate", "live\n") == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT(os.enable_virt_at_load == 1);
	EXPECT(os.other_hv == VTDIAG_OTHER_HV_VIRTUALBOX);
	EXPECT(write_file(scratch, "kvm/parameters/enable_virt_at_load",
			  "N\n") == 0);
	vtdiag_os_probe(&os, &paths);
	EXPECT(os.enable_virt_at_load == 0);

	test_probe_access_group(dev_kvm, &paths);

	paths.dev_kvm = "/nonexistent/vtdiag-test/kvm";
	vtdiag_os_probe(&os, &paths);
	EXPECT(!os.dev_kvm_exists && os.dev_kvm_errno == ENOENT);

	remove_entry(scratch, "vboxdrv/initstate");
	remove_entry(scratch, "vboxdrv");
	remove_entry(scratch, "kvm/parameters/enable_virt_at_load");
	remove_entry(scratch, "kvm/parameters");
	remove_entry(scratch, "dev-kvm");
	remove_entry(scratch, "kvm/initstate");
	remove_entry(scratch, "kvm_intel/initstate");
	remove_entry(scratch, "kvm");
	remove_entry(scratch, "kvm_intel");
	remove_entry(scratch, "kvm_amd");
	EXPECT(rmdir(scratch) == 0);
}

/*
 * The kernel's own view (/proc/cpuinfo): Linux drops vmx/svm when firmware
 * disabled them, which is why other tools say "no VT-x/AMD-V". The flags
 * line of the first CPU is read; the advice says so only when it is gone.
 */
static void test_kernel_flag(void)
{
	char scratch[] = "/tmp/vtdiag-test.XXXXXX";
	struct vtdiag_os_paths paths = { 0 };
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	struct json_object *root;
	char cpuinfo[64];
	struct vtdiag_os os;
	char *ids;

	if (!mkdtemp(scratch)) {
		test_failed = 1;
		return;
	}
	snprintf(cpuinfo, sizeof(cpuinfo), "%s/cpuinfo", scratch);
	paths.sys_module = scratch;
	paths.dev_kvm = cpuinfo;
	paths.kvm_group = "kvm";
	paths.etc = scratch;
	paths.cpuinfo = cpuinfo;
	EXPECT(write_file(scratch, "cpuinfo",
			  "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
			  "flags\t\t: fpu vme svm_lock svm lahf_lm\n"
			  "processor\t: 1\nflags\t\t: fpu vmx\n") == 0);
	vtdiag_os_probe_access(&os, &paths);
	EXPECT(os.kernel_flags == VTDIAG_KERNEL_FLAG_SVM);
	/* "svm_lock" and a later CPU's "vmx" are no flag of the first CPU. */
	EXPECT(write_file(scratch, "cpuinfo",
			  "processor\t: 0\nflags\t\t: fpu svm_lock npt\n"
			  "processor\t: 1\nflags\t\t: fpu vmx\n") == 0);
	vtdiag_os_probe_access(&os, &paths);
	EXPECT(os.kernel_flags == 0);
	EXPECT(write_file(scratch, "cpuinfo", "processor\t: 0\n") == 0);
	vtdiag_os_probe_access(&os, &paths);
	EXPECT(os.kernel_flags == -1);
	EXPECT(unlink(cpuinfo) == 0);
	vtdiag_os_probe_access(&os, &paths);
	EXPECT(os.kernel_flags == -1);
	EXPECT(rmdir(scratch) == 0);

	make_report(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE, VTDIAG_VENDOR_AMD, 2);
	report.os.kernel_flags = 0;
	EXPECT(vtdiag_report_kernel_flag(&report) == 0);
	ids = advice_ids(&report, &advice);
	EXPECT_CONTAINS(ids, " kernel_hides_flag ");
	free(ids);
	EXPECT_CONTAINS(advice_text(&advice, "kernel_hides_flag"),
			"Linux left the svm flag out of /proc/cpuinfo");
	vtdiag_advice_free(&advice);
	root = render_json(&report);
	EXPECT(jhas(jget(root, "cpu"), "kernel_flag") &&
	       !json_object_get_boolean(jget(jget(root, "cpu"), "kernel_flag")));
	json_object_put(root);

	/* The flag still there (svm before Linux 6.7): nothing to say. */
	report.os.kernel_flags = VTDIAG_KERNEL_FLAG_SVM;
	EXPECT(vtdiag_report_kernel_flag(&report) == 1);
	ids = advice_ids(&report, &advice);
	EXPECT(!strstr(ids, "kernel_hides_flag"));
	free(ids);
	vtdiag_advice_free(&advice);
	/* VT-x goes by vmx; unread is unknown, and null in JSON. */
	report.host.vendor = VTDIAG_VENDOR_INTEL;
	report.host.tech = VTDIAG_TECH_VMX;
	EXPECT(vtdiag_report_kernel_flag(&report) == 0);
	report.os.kernel_flags = -1;
	EXPECT(vtdiag_report_kernel_flag(&report) == -1);
	root = render_json(&report);
	EXPECT(jhas(jget(root, "cpu"), "kernel_flag") &&
	       json_object_get_type(jget(jget(root, "cpu"), "kernel_flag")) == json_type_null);
	json_object_put(root);
	vtdiag_report_free(&report);

	/* Enabled: nothing is said, whatever the flag. */
	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.kernel_flags = 0;
	ids = advice_ids(&report, &advice);
	EXPECT(!strstr(ids, "kernel_hides_flag"));
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

/* --- KVM registered, vendor modules, the new host attributes ---------- */

/* Every report these tests render goes here too, for the schema check. */
static void save_json(const char *name, const struct vtdiag_report *report)
{
	const char *dir = getenv("VTDIAG_TEST_JSON_DIR");
	struct vtdiag_advice_list advice;
	char path[512];
	FILE *out;

	if (!dir || !dir[0] || vtdiag_advise(report, &advice))
		return;
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	out = fopen(path, "w");
	EXPECT(out != NULL);
	if (out) {
		EXPECT(vtdiag_print_json(out, report, &advice) == 0);
		EXPECT(fclose(out) == 0);
	}
	vtdiag_advice_free(&advice);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *dir)
{
	EXPECT(nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
}

/* @dir/@path (with parents), a directory. */
static int make_dirs(const char *dir, const char *path)
{
	char sub[256], *slash;

	snprintf(sub, sizeof(sub), "%s", path);
	for (slash = strchr(sub, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (make_dir(dir, sub) && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	return make_dir(dir, sub) && errno != EEXIST ? -1 : 0;
}

static int make_link(const char *dir, const char *name, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return symlink(target, path);
}

/*
 * A machine as sysfs shows it, under @root: sys/module, sys/class/misc
 * and dev/kvm (a regular file this user can open), and the paths into it.
 */
struct fake_sys {
	char root[64];
	char sys_module[128];
	char misc[128];
	char dev_kvm[128];
	struct vtdiag_os_paths paths;
};

static bool fake_sys_init(struct fake_sys *fs)
{
	snprintf(fs->root, sizeof(fs->root), "/tmp/vtdiag-test.XXXXXX");
	if (!mkdtemp(fs->root))
		return false;
	snprintf(fs->sys_module, sizeof(fs->sys_module), "%s/sys/module",
		 fs->root);
	snprintf(fs->misc, sizeof(fs->misc), "%s/sys/class/misc", fs->root);
	snprintf(fs->dev_kvm, sizeof(fs->dev_kvm), "%s/dev/kvm", fs->root);
	memset(&fs->paths, 0, sizeof(fs->paths));
	fs->paths.sys_module = fs->sys_module;
	fs->paths.dev_kvm = fs->dev_kvm;
	fs->paths.kvm_group = "kvm";
	fs->paths.etc = fs->root;
	fs->paths.sys_class_misc = fs->misc;
	return !make_dirs(fs->root, "sys/module") &&
	       !make_dirs(fs->root, "sys/class/misc/cpu_dma_latency") &&
	       !make_dir(fs->root, "dev") && !write_file(fs->root, "dev/kvm", "");
}

/* What the probe found, in a report whose CPUs say @verdict. */
static void probed_report(struct vtdiag_report *report, const struct fake_sys *fs,
			  __u32 verdict, __u32 vendor)
{
	make_report(report, verdict, vendor, 2);
	vtdiag_os_probe(&report->os, &fs->paths);
	/* The user and group as ready_os() has them: the file is ours. */
	snprintf(report->os.user, sizeof(report->os.user), "alice");
	if (verdict == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR)
		set_hypervisor(report, "KVMKVMKVM");
}

/*
 * kvm_pvm as a PVM sandbox has it (kvm and kvm_pvm loaded, kvm_pvm holds
 * kvm, /dev/kvm registered and open), in a VM that hides AMD-V: KVM is
 * ready through kvm_pvm, and nothing says otherwise.
 */
static void test_kvm_pvm_loaded(void)
{
	struct vtdiag_advice_list advice;
	struct json_object *root, *kvm, *provider;
	struct vtdiag_report report;
	struct fake_sys fs;
	char *text, *ids;

	if (!fake_sys_init(&fs)) {
		test_failed = 1;
		return;
	}
	EXPECT(make_dirs(fs.root, "sys/module/kvm/holders") == 0);
	EXPECT(write_file(fs.sys_module, "kvm/initstate", "live\n") == 0);
	EXPECT(make_dirs(fs.root, "sys/module/kvm_pvm/parameters") == 0);
	EXPECT(write_file(fs.sys_module, "kvm_pvm/initstate", "live\n") == 0);
	EXPECT(make_link(fs.sys_module, "kvm/holders/kvm_pvm", "../../kvm_pvm") == 0);
	/* kvmgt uses kvm too, but registers no /dev/kvm. */
	EXPECT(make_dir(fs.sys_module, "kvmgt") == 0);
	EXPECT(write_file(fs.sys_module, "kvmgt/initstate", "live\n") == 0);
	EXPECT(make_link(fs.sys_module, "kvm/holders/kvmgt", "../../kvmgt") == 0);
	EXPECT(make_link(fs.misc, "kvm", "../../devices/virtual/misc/kvm") == 0);

	probed_report(&report, &fs, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		      VTDIAG_VENDOR_AMD);
	EXPECT(report.os.kvm_registered_known && report.os.kvm_registered);
	EXPECT(report.os.nr_kvm_providers == 1);
	EXPECT_STR(report.os.kvm_providers[0].module, "kvm_pvm");
	EXPECT(report.os.kvm_providers[0].state == VTDIAG_KVM_LOADED);
	EXPECT(report.os.kvm_core == VTDIAG_KVM_LOADED);
	EXPECT(report.os.kvm_amd == VTDIAG_KVM_ABSENT);
	EXPECT(report.os.dev_kvm_exists && report.os.dev_kvm_errno == 0);
	EXPECT_STR(vtdiag_kvm_other_vendor(&report), "kvm_pvm");

	EXPECT(vtdiag_kvm_ready(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  KVM vendor module      kvm_pvm: loaded (PVM, paravirtual: needs no\n"
			"                             VT-x/AMD-V)\n");
	EXPECT_CONTAINS(text, "WARN  CPU virtualization     AMD-V hidden by the hypervisor (AuthenticAMD);\n"
			"                             KVM runs through kvm_pvm instead\n");
	EXPECT_CONTAINS(text, "WARN  Hypervisor             KVM (signature \"KVMKVMKVM\"): hides AMD-V\n");
	EXPECT_CONTAINS(text, "KVM is ready: this machine can run KVM guests now, through kvm_pvm.\n");
	EXPECT_CONTAINS(text, "\nNotes:\n  1. KVM runs here through kvm_pvm: PVM");
	EXPECT(text && !strstr(text, "cannot run guests"));
	EXPECT(text && !strstr(text, "kvm_amd: not loaded"));
	EXPECT(text && !strstr(text, "modprobe"));
	EXPECT(text && !strstr(text, "FAIL"));
	EXPECT(text && !strstr(text, "nested=1") && !strstr(text, "BIOS"));
	free(text);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kvm_paravirtual ");
	free(ids);
	vtdiag_advice_free(&advice);

	root = render_json(&report);
	EXPECT(json_object_get_boolean(jget(root, "kvm_ready")));
	EXPECT(json_object_get_int(jget(root, "exit_status")) == 0);
	EXPECT_STR(jstr(root, "verdict"), "hidden_by_hypervisor");
	kvm = jget(root, "kvm");
	EXPECT(json_object_get_boolean(jget(kvm, "registered")));
	EXPECT_STR(jstr(kvm, "vendor_module"), "kvm_amd");
	EXPECT_STR(jstr(kvm, "vendor_state"), "absent");
	EXPECT(json_object_array_length(jget(kvm, "providers")) == 1);
	provider = json_object_array_get_idx(jget(kvm, "providers"), 0);
	EXPECT_STR(jstr(provider, "module"), "kvm_pvm");
	EXPECT_STR(jstr(provider, "state"), "loaded");
	EXPECT(json_object_is_type(jget(provider, "hardware_virtualization"),
				   json_type_boolean) &&
	       !json_object_get_boolean(jget(provider, "hardware_virtualization")));
	json_object_put(root);
	save_json("kvm-pvm-loaded", &report);

	/* Not this user's: exit 1, the OS side's steps, still no nesting. */
	EXPECT(chmod(fs.dev_kvm, 0) == 0);
	report.os.dev_kvm_errno = EACCES;
	report.os.uid = 1000;
	report.os.dev_kvm_uid = 0;
	report.os.dev_kvm_gid = 107;
	report.os.dev_kvm_mode = S_IFCHR | 0660;
	report.os.session_in_dev_kvm_group = false;
	snprintf(report.os.dev_kvm_group, sizeof(report.os.dev_kvm_group), "kvm");
	snprintf(report.os.kvm_group, sizeof(report.os.kvm_group), "kvm");
	report.os.kvm_group_exists = true;
	EXPECT(!vtdiag_kvm_ready(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_OS_NOT_READY);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kvm_paravirtual dev_kvm_add_group ");
	free(ids);
	vtdiag_advice_free(&advice);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  /dev/kvm access        alice: permission denied: not in group kvm\n");
	EXPECT_CONTAINS(text, "KVM runs here through kvm_pvm, but the operating system is not ready for KVM\nguests yet.\n");
	EXPECT(text && !strstr(text, "cannot run guests"));
	free(text);
	save_json("kvm-pvm-denied", &report);
	vtdiag_report_free(&report);
	remove_tree(fs.root);
}

/*
 * The same built in, as on the sandbox the bug was seen on: no holders,
 * no initstate, the vendor module found by name. Then its initialisation
 * failed (no /sys/class/misc/kvm): not ready, said so.
 */
static void test_kvm_pvm_builtin(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	struct json_object *root;
	struct fake_sys fs;
	char *text, *ids;

	if (!fake_sys_init(&fs)) {
		test_failed = 1;
		return;
	}
	EXPECT(make_dirs(fs.root, "sys/module/kvm/parameters") == 0);
	EXPECT(make_dirs(fs.root, "sys/module/kvm_pvm/parameters") == 0);
	EXPECT(make_dir(fs.misc, "kvm") == 0);
	probed_report(&report, &fs, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		      VTDIAG_VENDOR_AMD);
	EXPECT(report.os.kvm_core == VTDIAG_KVM_BUILTIN);
	EXPECT(report.os.nr_kvm_providers == 1 &&
	       report.os.kvm_providers[0].state == VTDIAG_KVM_BUILTIN);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	/* Without the vtdiag module and with no CPU read, still ready. */
	report.module = VTDIAG_MODULE_MISSING;
	vtdiag_report_clear_cpus(&report);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " module_not_loaded kvm_paravirtual ");
	free(ids);
	vtdiag_advice_free(&advice);
	report.module = VTDIAG_MODULE_OK;
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "kvm_pvm: built into the kernel (PVM, paravirtual:");
	free(text);
	vtdiag_report_free(&report);

	remove_entry(fs.misc, "kvm");
	probed_report(&report, &fs, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		      VTDIAG_VENDOR_AMD);
	EXPECT(report.os.kvm_registered_known && !report.os.kvm_registered);
	EXPECT(!vtdiag_kvm_other_vendor(&report));
	EXPECT(!vtdiag_kvm_ready(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_NO_HW_VIRT);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  KVM vendor module      kvm_pvm: built into the kernel (PVM, paravirtual:\n"
			"                             needs no VT-x/AMD-V), but this machine offers no\n"
			"                             AMD-V, so KVM did not start (no /dev/kvm)\n");
	free(text);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " hidden_by_hypervisor nested_kvm kvm_init_failed ");
	EXPECT_CONTAINS(advice_text(&advice, "kvm_init_failed"),
			"KVM (kvm_pvm) is in the kernel, but its initialisation failed");
	free(ids);
	vtdiag_advice_free(&advice);
	root = render_json(&report);
	EXPECT(!json_object_get_boolean(jget(jget(root, "kvm"), "registered")));
	json_object_put(root);
	save_json("kvm-pvm-not-started", &report);
	vtdiag_report_free(&report);

	/* No sysfs to tell: registration unknown, null in JSON. */
	fs.paths.sys_class_misc = "/nonexistent/vtdiag-test/misc";
	probed_report(&report, &fs, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD);
	EXPECT(!report.os.kvm_registered_known);
	root = render_json(&report);
	EXPECT(jhas(jget(root, "kvm"), "registered") &&
	       jget(jget(root, "kvm"), "registered") == NULL);
	json_object_put(root);
	vtdiag_report_free(&report);
	remove_tree(fs.root);
}

/*
 * kvm_intel built in, its initialisation failed: /sys/module/kvm_intel is
 * there, /dev/kvm is not. "Built in" alone no longer reads as ready.
 */
static void test_kvm_builtin_not_started(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	struct fake_sys fs;
	char *text, *ids;

	if (!fake_sys_init(&fs)) {
		test_failed = 1;
		return;
	}
	EXPECT(make_dirs(fs.root, "sys/module/kvm/parameters") == 0);
	EXPECT(make_dirs(fs.root, "sys/module/kvm_intel/parameters") == 0);
	remove_entry(fs.root, "dev/kvm");
	probed_report(&report, &fs, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		      VTDIAG_VENDOR_INTEL);
	EXPECT(report.os.kvm_intel == VTDIAG_KVM_BUILTIN);
	EXPECT(report.os.nr_kvm_providers == 1);
	EXPECT_STR(report.os.kvm_providers[0].module, "kvm_intel");
	EXPECT(!vtdiag_report_other_provider(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_FIRMWARE_OFF);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "WARN  KVM vendor module      kvm_intel: built into the kernel, but\n"
			"                             virtualization is disabled in the firmware, so\n"
			"                             KVM did not start (no /dev/kvm)\n");
	free(text);
	ids = advice_ids(&report, &advice);
	EXPECT(!strstr(ids, "kvm_init_failed") && !strstr(ids, "dev_kvm_missing"));
	free(ids);
	vtdiag_advice_free(&advice);
	save_json("kvm-intel-builtin-firmware-off", &report);

	/* The firmware allows it, yet it did not start: the kernel log. */
	report.host.verdict = VTDIAG_STATE_ENABLED;
	report.cpus[0].state = report.cpus[1].state = VTDIAG_STATE_ENABLED;
	EXPECT(!vtdiag_kvm_ready(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_OS_NOT_READY);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "FAIL  KVM vendor module      kvm_intel: built into the kernel, but KVM did not\n"
			"                             start: it registered no /dev/kvm\n");
	free(text);
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kvm_init_failed ");
	EXPECT_CONTAINS(advice_text(&advice, "kvm_init_failed"),
			"sudo dmesg | grep -i kvm");
	free(ids);
	vtdiag_advice_free(&advice);
	save_json("kvm-intel-builtin-not-started", &report);

	/* A stale /dev/kvm node does not make it ready either. */
	report.os.dev_kvm_exists = true;
	report.os.dev_kvm_errno = 0;
	EXPECT(!vtdiag_kvm_ready(&report));
	/* Registered: ready, as before. */
	report.os.kvm_registered = true;
	EXPECT(vtdiag_kvm_ready(&report));
	vtdiag_report_free(&report);
	remove_tree(fs.root);
}

/* A loadable kvm_amd holds kvm: one provider, not counted twice. */
static void test_kvm_providers_probe(void)
{
	struct vtdiag_os os;
	struct fake_sys fs;

	if (!fake_sys_init(&fs)) {
		test_failed = 1;
		return;
	}
	EXPECT(make_dirs(fs.root, "sys/module/kvm/holders") == 0);
	EXPECT(write_file(fs.sys_module, "kvm/initstate", "live\n") == 0);
	EXPECT(make_dir(fs.sys_module, "kvm_amd") == 0);
	EXPECT(write_file(fs.sys_module, "kvm_amd/initstate", "live\n") == 0);
	EXPECT(make_link(fs.sys_module, "kvm/holders/kvm_amd", "../../kvm_amd") == 0);
	/* A holder still coming up provides nothing yet. */
	EXPECT(make_dir(fs.sys_module, "kvm_zz") == 0);
	EXPECT(write_file(fs.sys_module, "kvm_zz/initstate", "coming\n") == 0);
	EXPECT(make_link(fs.sys_module, "kvm/holders/kvm_zz", "../../kvm_zz") == 0);
	EXPECT(make_dir(fs.sys_module, "a_vendor") == 0);
	EXPECT(write_file(fs.sys_module, "a_vendor/initstate", "live\n") == 0);
	EXPECT(make_link(fs.sys_module, "kvm/holders/a_vendor", "../../a_vendor") == 0);
	vtdiag_os_probe(&os, &fs.paths);
	EXPECT(os.nr_kvm_providers == 2);
	EXPECT_STR(os.kvm_providers[0].module, "a_vendor");
	EXPECT_STR(os.kvm_providers[1].module, "kvm_amd");
	EXPECT(os.kvm_providers[1].state == VTDIAG_KVM_LOADED);
	EXPECT(os.kvm_registered_known && !os.kvm_registered);

	/* No kvm at all: none. */
	fs.paths.sys_module = "/nonexistent/vtdiag-test/module";
	vtdiag_os_probe(&os, &fs.paths);
	EXPECT(os.nr_kvm_providers == 0);
	remove_tree(fs.root);
}

/* The new GET_HOST and GET_CPU attributes; an older module has none. */
static void test_parse_new_attributes(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct vtdiag_event_info ev;
	struct vtdiag_host host;
	struct vtdiag_cpu cpu;
	__u16 short_u32 = 1;

	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED, 2);
	nla_put_u32(msg, VTDIAG_A_HOST_LIVE_AGE_MS, 42000);
	nla_put_flag(msg, VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL);
	nla_put_flag(msg, VTDIAG_A_HOST_TBOOT);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT(host.has_cpus_isolated && host.cpus_isolated == 2);
	EXPECT(host.has_live_age && host.live_age_ms == 42000);
	EXPECT(host.has_kernel_policy && host.kernel_locks_feat_ctl);
	EXPECT(!host.kernel_enables_vmx && host.tboot);
	nlmsg_free(msg);

	/* The module's answer with no flag set: known, all "no". */
	msg = genl_message(VTDIAG_CMD_GET_HOST);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED, 0);
	nla_put_u32(msg, VTDIAG_A_HOST_LIVE_AGE_MS, 10);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT(host.has_kernel_policy && !host.kernel_locks_feat_ctl &&
	       !host.kernel_enables_vmx && !host.tboot);
	nlmsg_free(msg);

	/* An older module: nothing of it known. */
	msg = genl_message(VTDIAG_CMD_GET_HOST);
	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ACTIVE, 1);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT(!host.has_cpus_isolated && !host.has_live_age &&
	       !host.has_kernel_policy);
	nlmsg_free(msg);

	/* A truncated age is rejected, not over-read. */
	msg = genl_message(VTDIAG_CMD_GET_HOST);
	nla_put(msg, VTDIAG_A_HOST_LIVE_AGE_MS, sizeof(short_u32), &short_u32);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == -EPROTO);
	nlmsg_free(msg);

	/* Events carry them as well. */
	msg = event_message(VTDIAG_EVENT_ACTIVE, -1, NULL, 0, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED, 1);
	nla_put_flag(msg, VTDIAG_A_HOST_KERNEL_ENABLES_VMX);
	EXPECT(vtdiag_nl_parse_event(nlmsg_hdr(msg), &ev) == 0);
	EXPECT(ev.host.has_cpus_isolated && ev.host.cpus_isolated == 1);
	EXPECT(ev.host.kernel_enables_vmx && ev.host.has_kernel_policy);
	nlmsg_free(msg);

	memset(&cpu, 0, sizeof(cpu));
	msg = genl_message(VTDIAG_CMD_GET_CPU);
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 3);
	nla_put_flag(msg, VTDIAG_A_CPU_ISOLATED);
	cpu.active = -1;
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), &cpu) == 0);
	EXPECT(cpu.isolated && cpu.active == -1);
	nlmsg_free(msg);
	msg = genl_message(VTDIAG_CMD_GET_CPU);
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 0);
	nla_put_u8(msg, VTDIAG_A_CPU_ACTIVE, 0);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), &cpu) == 0);
	EXPECT(!cpu.isolated && cpu.active == 0);
	nlmsg_free(msg);
}

/* 4 CPUs, 2 and 3 isolated (nohz_full=2-3): their live bit never read. */
static void isolate_cpus(struct vtdiag_report *report)
{
	report->host.has_cpus_isolated = true;
	report->host.cpus_isolated = 2;
	report->host.has_cpus_active = true;
	report->host.cpus_active = 0;
	report->host.has_live_age = true;
	report->host.live_age_ms = 300;
	report->host.has_kernel_policy = true;
	report->host.kernel_locks_feat_ctl = true;
	report->host.kernel_enables_vmx = true;
	report->cpus[2].isolated = report->cpus[3].isolated = true;
	report->cpus[2].active = report->cpus[3].active = -1;
}

static void test_isolated_and_live_age(void)
{
	struct json_object *root, *kernel;
	struct vtdiag_report report;
	char *text;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 4);
	isolate_cpus(&report);
	EXPECT(vtdiag_report_cpus_active(&report) == 0);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  Virtualization in use  no: AMD-V is off on 2 of 4 CPUs; CPUs 2-3\n"
			"                             isolated (nohz_full=, isolcpus=): their live\n"
			"                             state is not sampled, vtdiag never interrupts\n"
			"                             them\n");
	EXPECT(text && !strstr(text, "s ago"));
	free(text);
	root = render_json(&report);
	EXPECT(json_object_get_int(jget(root, "cpus_isolated")) == 2);
	EXPECT(json_object_get_int(jget(root, "live_age_ms")) == 300);
	EXPECT(!json_object_get_boolean(jget(json_object_array_get_idx(jget(root, "cpus"), 0),
					     "isolated")));
	EXPECT(json_object_get_boolean(jget(json_object_array_get_idx(jget(root, "cpus"), 3),
					    "isolated")));
	kernel = jget(root, "kernel");
	EXPECT(json_object_get_boolean(jget(kernel, "locks_feature_control")));
	EXPECT(json_object_get_boolean(jget(kernel, "enables_vmx")));
	EXPECT(json_object_is_type(jget(kernel, "tboot"), json_type_boolean) &&
	       !json_object_get_boolean(jget(kernel, "tboot")));
	json_object_put(root);
	save_json("isolated", &report);

	/* A stale sample for a caller who cannot renew it: say how old. */
	report.host.live_age_ms = 42999;
	report.os.cap_sys_admin = false;
	report.cpus[0].active = 1;
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "AMD-V on, 1 of 4 CPUs, by KVM (kvm_amd); CPUs 2-3");
	EXPECT_CONTAINS(text, "them; read 42 s ago: run vtdiag as root to read\n"
			"                             it afresh\n");
	free(text);
	/* Root gets it afresh anyway. */
	report.os.cap_sys_admin = true;
	text = render_text(&report, false);
	EXPECT(text && !strstr(text, "s ago"));
	free(text);
	/* Every CPU isolated: nothing sampled, the count says nothing. */
	report.host.cpus_isolated = 4;
	report.host.cpus_online = 4;
	report.cpus[0].active = report.cpus[1].active = -1;
	report.cpus[0].isolated = report.cpus[1].isolated = true;
	EXPECT(vtdiag_report_cpus_active(&report) == -1);
	vtdiag_report_free(&report);

	/* An older module: unknown, null, and the report as it was. */
	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	root = render_json(&report);
	EXPECT(jhas(root, "cpus_isolated") && jget(root, "cpus_isolated") == NULL);
	EXPECT(jhas(root, "live_age_ms") && jget(root, "live_age_ms") == NULL);
	EXPECT(jget(json_object_array_get_idx(jget(root, "cpus"), 0), "isolated") == NULL);
	kernel = jget(root, "kernel");
	EXPECT(jhas(kernel, "tboot") && jget(kernel, "tboot") == NULL);
	EXPECT(jhas(kernel, "enables_vmx") && jget(kernel, "enables_vmx") == NULL);
	json_object_put(root);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "PASS  Virtualization in use  no: AMD-V is off on all 2 CPUs\n");
	free(text);
	save_json("old-module", &report);
	vtdiag_report_free(&report);
}

/*
 * VT-x locked off, and the kernel says it locks an unlocked register
 * with VT-x off itself (built without KVM_INTEL): that kernel first.
 * tboot: the inside-SMX bit is the one, said in words.
 */
static void test_kernel_policy_advice(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;
	char *text, *ids;

	make_report(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_VENDOR_INTEL, 2);
	report.host.has_kernel_policy = true;
	report.host.kernel_locks_feat_ctl = true;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " kernel_locked_vmx_off open_firmware_setup disabled_by_firmware firmware_cold_boot ");
	free(ids);
	vtdiag_advice_free(&advice);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "  1. IA32_FEATURE_CONTROL is locked with VT-x off, and that may be this");
	EXPECT_CONTAINS(text, "CONFIG_KVM_INTEL");
	EXPECT_CONTAINS(text, "  2. Open the firmware (BIOS/UEFI) setup.");
	free(text);
	save_json("kernel-locked-vmx-off", &report);

	report.host.tboot = true;
	report.host.kernel_enables_vmx = true;
	ids = advice_ids(&report, &advice);
	EXPECT_STR(ids, " open_firmware_setup disabled_by_firmware txt_vmx_disabled firmware_cold_boot ");
	EXPECT_CONTAINS(advice_text(&advice, "txt_vmx_disabled"),
			"enables VT-x for Intel TXT (inside SMX");
	EXPECT_CONTAINS(advice_text(&advice, "txt_vmx_disabled"),
			"start Linux without tboot");
	free(ids);
	vtdiag_advice_free(&advice);
	text = render_text(&report, false);
	EXPECT_CONTAINS(text, "(GenuineIntel); Linux was started through");
	free(text);
	save_json("tboot", &report);

	/* The fallback cannot tell: nothing said, null in JSON. */
	report.module = VTDIAG_MODULE_MISSING;
	report.fallback = true;
	report.host.has_kernel_policy = false;
	report.host.tboot = false;
	ids = advice_ids(&report, &advice);
	EXPECT(!strstr(ids, "txt_") && !strstr(ids, "kernel_locked"));
	free(ids);
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
}

/* --- watch ------------------------------------------------------------- */

static long long test_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

struct fake_watch {
	int pipe[2];
	int ticks, reads;
	int stop_after_ticks;	/* SIGTERM to ourselves at this tick */
	int end_after_ticks;	/* safety: return 99 from the tick */
	int end_reads_with;	/* the read's status */
	long long tick_at[16];
	volatile int writer_stop;
};

static int fake_tick(void *arg)
{
	struct fake_watch *fw = arg;

	if (fw->ticks < (int)ARRAY_SIZE(fw->tick_at))
		fw->tick_at[fw->ticks] = test_now_ms();
	fw->ticks++;
	if (fw->ticks == fw->stop_after_ticks)
		kill(getpid(), SIGTERM);	/* blocked: seen at the next wait */
	return fw->ticks >= fw->end_after_ticks ? 99 : 0;
}

static int fake_read(void *arg)
{
	struct fake_watch *fw = arg;
	char buf[64];

	if (read(fw->pipe[0], buf, sizeof(buf)) > 0)
		fw->reads++;
	if (!fw->stop_after_ticks && fw->reads == 1 && !fw->end_reads_with)
		kill(getpid(), SIGTERM);
	return fw->end_reads_with;
}

/* Events much more often than the ticks: a write every 10 ms. */
static void *fake_events(void *arg)
{
	struct fake_watch *fw = arg;
	const struct timespec pause = { 0, 10 * 1000000 };

	while (!fw->writer_stop) {
		if (write(fw->pipe[1], "e", 1) < 0)
			break;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/*
 * The loop of --watch with a pipe for the socket: the poll keeps its beat
 * of a tick a second (here 50 ms) however many events come in between, a
 * signal stops it with 0 between ticks, a failed read ends it with its
 * status, and without a tick function nothing ticks.
 */
static void test_watch_loop(void)
{
	struct fake_watch fw = { .end_after_ticks = 40 };
	struct vtdiag_watch_loop loop = {
		.read = fake_read, .tick = fake_tick, .tick_ms = 50, .arg = &fw,
	};
	struct sigaction old_term, old_int;
	sigset_t old_mask, wait_mask;
	long long start, took;
	pthread_t writer;
	int status, i;

	sigaction(SIGTERM, NULL, &old_term);
	sigaction(SIGINT, NULL, &old_int);
	if (old_term.sa_handler == SIG_IGN) {
		snprintf(test_skip, sizeof(test_skip), "SIGTERM is ignored here");
		return;
	}
	sigprocmask(SIG_BLOCK, NULL, &old_mask);
	if (pipe(fw.pipe)) {
		test_failed = 1;
		return;
	}
	loop.fd = fw.pipe[0];
	EXPECT(vtdiag_watch_signals(&wait_mask) == 0);

	/* Ticks alone, then SIGTERM: 0, at the fourth tick. */
	fw.stop_after_ticks = 4;
	start = test_now_ms();
	status = vtdiag_watch_run(&loop, &wait_mask);
	took = test_now_ms() - start;
	EXPECT(status == 0);
	EXPECT(fw.ticks == 4 && fw.reads == 0);
	EXPECT(took >= 190 && took < 5000);

	/* Events every 10 ms do not hold the ticks back. */
	EXPECT(vtdiag_watch_signals(&wait_mask) == 0);
	fw.ticks = fw.reads = 0;
	fw.stop_after_ticks = 6;
	EXPECT(pthread_create(&writer, NULL, fake_events, &fw) == 0);
	start = test_now_ms();
	status = vtdiag_watch_run(&loop, &wait_mask);
	took = test_now_ms() - start;
	fw.writer_stop = 1;
	pthread_join(writer, NULL);
	EXPECT(status == 0 && fw.ticks == 6);
	EXPECT(fw.reads >= 6);
	/*
	 * Held back by events (the timer restarted by each), it would never
	 * tick: events come every 10 ms. A busy host only makes ticks late,
	 * so the bounds are: never before the beat, and an upper one with
	 * seconds of margin.
	 */
	EXPECT(took >= 290 && took < 5000);
	for (i = 0; i < fw.ticks; i++)
		EXPECT(fw.tick_at[i] - start >= (i + 1) * 50 - 2);
	/* Empty the pipe of what the writer left. */
	EXPECT(fcntl(fw.pipe[0], F_SETFL, O_NONBLOCK) == 0);
	while (read(fw.pipe[0], &status, sizeof(status)) > 0)
		;
	EXPECT(fcntl(fw.pipe[0], F_SETFL, 0) == 0);

	/* A read that fails ends the watch with its status. */
	EXPECT(vtdiag_watch_signals(&wait_mask) == 0);
	fw.ticks = fw.reads = 0;
	fw.stop_after_ticks = 0;
	fw.end_reads_with = VTDIAG_EXIT_UNDETERMINED;
	EXPECT(write(fw.pipe[1], "e", 1) == 1);
	EXPECT(vtdiag_watch_run(&loop, &wait_mask) == VTDIAG_EXIT_UNDETERMINED);
	EXPECT(fw.reads == 1);

	/* No tick (an unprivileged watcher): it only waits for events. */
	EXPECT(vtdiag_watch_signals(&wait_mask) == 0);
	fw.ticks = fw.reads = 0;
	fw.end_reads_with = 0;
	loop.tick = NULL;
	EXPECT(write(fw.pipe[1], "e", 1) == 1);
	EXPECT(vtdiag_watch_run(&loop, &wait_mask) == 0);
	EXPECT(fw.ticks == 0 && fw.reads == 1);

	close(fw.pipe[0]);
	close(fw.pipe[1]);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
}

/* CapEff of /proc/self/status: the kernel's word, to check capget against. */
static int status_has_cap(unsigned int cap)
{
	char buf[4096], *line;
	unsigned long long eff;

	if (!vtdiag_read_small_file("/proc/self/status", buf, sizeof(buf)))
		return -1;
	line = strstr(buf, "\nCapEff:");
	if (!line || sscanf(line + 8, "%llx", &eff) != 1)
		return -1;
	return !!(eff & (1ULL << cap));
}

/*
 * Whether --watch polls: CAP_SYS_ADMIN in the effective set, as capget(2)
 * says, the same as /proc/self/status; dropped from it, false, even for
 * uid 0.
 */
static void test_capability(void)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int in_status = status_has_cap(CAP_SYS_ADMIN);
	int status;
	pid_t child;

	EXPECT(in_status >= 0);
	EXPECT(vtdiag_has_capability(CAP_SYS_ADMIN) == (in_status == 1));
	EXPECT(!vtdiag_has_capability(1000));
	if (in_status != 1) {
		snprintf(test_skip, sizeof(test_skip),
			 "no CAP_SYS_ADMIN to drop (not root)");
		return;
	}
	child = fork();
	if (child == 0) {
		if (syscall(SYS_capget, &header, data))
			_exit(2);
		data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &header, data))
			_exit(2);
		_exit(vtdiag_has_capability(CAP_SYS_ADMIN) || geteuid() != 0 ||
		      status_has_cap(CAP_SYS_ADMIN) != 0);
	}
	EXPECT(child > 0 && waitpid(child, &status, 0) == child);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* An event's new state names the isolated CPUs; JSON has the count. */
static void test_event_isolated(void)
{
	struct json_object *obj;
	struct nl_msg *msg;
	char *text;

	setenv("TZ", "UTC", 1);
	tzset();
	msg = event_message(VTDIAG_EVENT_ACTIVE, -1, NULL, 0, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED, 1);
	text = event_text(msg);
	EXPECT_CONTAINS(text, "verdict enabled; CPUs: 2 online, 0 active, 1 isolated; kvm loaded");
	free(text);
	unsetenv("TZ");
	tzset();
	msg = event_message(VTDIAG_EVENT_ACTIVE, -1, NULL, 0, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED, 1);
	obj = event_json(msg);
	EXPECT(json_object_get_int(jget(obj, "cpus_isolated")) == 1);
	json_object_put(obj);
	/* An older module: null, and no word of it in the text. */
	obj = event_json(event_message(VTDIAG_EVENT_ACTIVE, -1, NULL, 0,
				       VTDIAG_STATE_ENABLED));
	EXPECT(jhas(obj, "cpus_isolated") && jget(obj, "cpus_isolated") == NULL);
	json_object_put(obj);
	text = event_text(event_message(VTDIAG_EVENT_ACTIVE, -1, NULL, 0,
					VTDIAG_STATE_ENABLED));
	EXPECT(text && !strstr(text, "isolated"));
	free(text);
}

/* The check table: ids unique and snake_case, every rule owned, steps in band order. */
static void test_check_table(void)
{
	size_t nr_rules, i, j;
	const struct vtdiag_advice_rule *const *rules = vtdiag_advice_rules(&nr_rules);
	const char *id;

	EXPECT(vtdiag_nr_checks >= 13);
	for (i = 0; i < vtdiag_nr_checks; i++) {
		id = vtdiag_checks[i]->id;
		EXPECT(id[0] >= 'a' && id[0] <= 'z' &&
		       strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		       strlen(id));
		EXPECT(vtdiag_check_find(id) == vtdiag_checks[i]);
		EXPECT(vtdiag_checks[i]->judge && vtdiag_checks[i]->title);
		for (j = i + 1; j < vtdiag_nr_checks; j++)
			EXPECT(strcmp(id, vtdiag_checks[j]->id));
	}
	EXPECT(!vtdiag_check_find("nope"));
	EXPECT(rules && nr_rules > 50);
	for (i = 0; rules && i < nr_rules; i++) {
		EXPECT(vtdiag_rule_check(rules[i]) != NULL);
		EXPECT(rules[i]->band < __VTDIAG_STEP_MAX);
		if (i)
			EXPECT(rules[i - 1]->band <= rules[i]->band);
	}
	/* The rule masks and vtdiag_state_allows() say the same. */
	for (i = 0; i < __VTDIAG_STATE_MAX; i++)
		EXPECT(vtdiag_state_allows(i) ==
		       !!(VTDIAG_FIRMWARE_ALLOWS & VTDIAG_VERDICT(i)));
}

/*
 * The errno names of <errno.h> (errnames.h), which the tool uses where
 * glibc has no strerrorname_np(): where it has, the two agree on every
 * number either names.
 */
static void test_errno_table(void)
{
	char buf[32];
	int e;

	EXPECT(!strcmp(vtdiag_errno_table_name(EIO), "EIO"));
	EXPECT(!strcmp(vtdiag_errno_table_name(EAGAIN), "EAGAIN"));
	EXPECT(!strcmp(vtdiag_errno_table_name(EOPNOTSUPP), "EOPNOTSUPP"));
	EXPECT(!vtdiag_errno_table_name(0) && !vtdiag_errno_table_name(-1) &&
	       !vtdiag_errno_table_name(100000));
	EXPECT(!strcmp(vtdiag_errno_name(-ENODEV, buf, sizeof(buf)), "ENODEV"));
	EXPECT(!strcmp(vtdiag_errno_name(4000, buf, sizeof(buf)), "errno 4000"));
#if VTDIAG_HAVE_STRERRORNAME_NP
	/* glibc names 0 "0"; the tool never asks for it. */
	for (e = 1; e < 4096; e++) {
		const char *libc = strerrorname_np(e), *ours = vtdiag_errno_table_name(e);

		if (!libc != !ours || (libc && strcmp(libc, ours))) {
			fprintf(stderr, "  errno %d: libc %s, errnames.h %s\n", e,
				libc ? libc : "(none)", ours ? ours : "(none)");
			EXPECT(0);
		}
	}
#else
	(void)e;
#endif
}

/* checks[] of --json: every check in table order, as the text judged it. */
static void test_json_checks(void)
{
	static const char *const statuses[] = { "pass", "warn", "fail", "skip" };
	struct vtdiag_report report;
	struct json_object *root, *checks, *item, *field;
	struct vtdiag_results results;
	size_t i;

	make_report(&report, VTDIAG_STATE_ENABLED, VTDIAG_VENDOR_AMD, 2);
	report.os.kvm_amd = VTDIAG_KVM_ABSENT;
	root = render_json(&report);
	EXPECT(root && json_object_object_get_ex(root, "checks", &checks));
	EXPECT(!vtdiag_judge(&report, &results));
	if (root && checks) {
		EXPECT(json_object_array_length(checks) == vtdiag_nr_checks);
		for (i = 0; i < json_object_array_length(checks) &&
		     i < results.count; i++) {
			item = json_object_array_get_idx(checks, i);
			EXPECT(json_object_object_get_ex(item, "id", &field));
			EXPECT_STR(json_object_get_string(field),
				   vtdiag_checks[i]->id);
			EXPECT(json_object_object_get_ex(item, "status", &field));
			EXPECT_STR(json_object_get_string(field),
				   statuses[results.items[i].status]);
			EXPECT(json_object_object_get_ex(item, "detail", &field));
			EXPECT_STR(json_object_get_string(field),
				   results.items[i].detail);
		}
	}
	/* kvm_amd absent with the firmware allowing it: the vendor check fails. */
	for (i = 0; i < results.count; i++)
		if (!strcmp(results.items[i].check->id, "kvm_vendor"))
			break;
	EXPECT(i < results.count && results.items[i].status == VTDIAG_FAIL);
	EXPECT_STR(results.count ? results.items[0].detail : NULL,
		   "vtdiag module 1.0");
	vtdiag_results_free(&results);
	json_object_put(root);
	vtdiag_report_free(&report);
}

/* The human report says what states mean, never their enum names. */
static void test_text_no_enum_names(void)
{
	static const char *const raw[] = {
		"disabled_by_firmware", "disabled_outside_smx", "enabled_unlocked",
		"hidden_by_hypervisor", ": unsupported", ": unknown",
	};
	struct vtdiag_report report;
	__u32 state;
	char *text;
	size_t i;

	for (state = 0; state < __VTDIAG_STATE_MAX; state++) {
		make_report(&report, state, VTDIAG_VENDOR_INTEL, 4);
		if (state == VTDIAG_STATE_INCONSISTENT)
			report.cpus[2].state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
		text = render_text(&report, false);
		EXPECT(text != NULL);
		for (i = 0; text && i < ARRAY_SIZE(raw); i++)
			EXPECT_LACKS(text, raw[i]);
		free(text);
		vtdiag_report_free(&report);
	}
}

static const struct test_case tests[] = {
	{ "errno names: errnames.h and the C library agree", test_errno_table },
	{ "checks: the table, its rules and their order", test_check_table },
	{ "checks: --json checks[] as judged", test_json_checks },
	{ "checks: the text says states in words", test_text_no_enum_names },
	{ "exit status for every verdict", test_exit_status_every_verdict },
	{ "exit status 1 when the OS is not ready", test_exit_status_os_not_ready },
	{ "exit status 4 without the module", test_exit_status_module },
	{ "KVM state: module attributes before /sys/module", test_kvm_state_sources },
	{ "advice per verdict", test_advice_per_verdict },
	{ "advice: firmware, cold boot", test_advice_firmware_cold_boot },
	{ "advice: hypervisor and nested virtualization", test_advice_hypervisor },
	{ "advice: inconsistent CPUs are named", test_advice_inconsistent_names_cpus },
	{ "advice: MSR read fault", test_advice_msr_fault },
	{ "advice: OS side", test_advice_os_side },
	{ "/dev/kvm: why it cannot be opened, the fix, exit 1", test_dev_kvm_access },
	{ "text: /dev/kvm only root may open", test_text_dev_kvm_root_only },
	{ "virtualization in use by another hypervisor", test_virt_in_use_other_hypervisor },
	{ "virtualization in use by KVM, enable_virt_at_load", test_virt_in_use_by_kvm },
	{ "advice: module missing or failed stops the list", test_advice_module_missing_is_last },
	{ "advice table: unique ids, known placeholders", test_advice_table },
	{ "advice: every known hypervisor", test_advice_known_hypervisors },
	{ "text: ready machine", test_text_ready },
	{ "text: failures and numbered steps", test_text_failures_and_steps },
	{ "text: OS not ready, commands on their own lines", test_text_os_not_ready },
	{ "text: colour", test_text_colour },
	{ "text: wrapping", test_text_wrap },
	{ "json: contract keys", test_json_contract_keys },
	{ "json: Intel CPUs, MSR fault, empty signature", test_json_intel_cpus },
	{ "json: unknown vendor", test_json_unknown_vendor },
	{ "json: module missing", test_json_module_missing },
	{ "netlink: GET_HOST reply", test_parse_host },
	{ "netlink: incomplete state count", test_parse_host_rejects_bad_count },
	{ "netlink: GET_CPU reply", test_parse_cpu },
	{ "netlink: EVENT message", test_parse_event },
	{ "watch: event lines (text)", test_event_text },
	{ "watch: event lines (JSON)", test_event_json },
	{ "netlink: extack message", test_parse_extack },
	{ "netlink: request helper against the kernel", test_nl_request_real_kernel },
	{ "host: /sys/module and /dev/kvm probe", test_os_probe },
	{ "host: user and group names without NSS", test_os_probe_names },
	{ "host: the kernel's vmx/svm flag, and what it means", test_kernel_flag },
	{ "kvm_pvm loaded, /dev/kvm registered: ready without AMD-V", test_kvm_pvm_loaded },
	{ "kvm_pvm built in; not started: not ready, said so", test_kvm_pvm_builtin },
	{ "kvm_intel built in, not started: why, exit status", test_kvm_builtin_not_started },
	{ "host: vendor modules among kvm's holders", test_kvm_providers_probe },
	{ "netlink: isolated CPUs, live age, kernel policy, tboot", test_parse_new_attributes },
	{ "text and JSON: isolated CPUs, age of the live bits", test_isolated_and_live_age },
	{ "advice: the kernel's own FEATURE_CONTROL lock, tboot", test_kernel_policy_advice },
	{ "watch: the poll keeps its beat, signals stop it", test_watch_loop },
	{ "watch: CAP_SYS_ADMIN decides the poll", test_capability },
	{ "watch: event lines with isolated CPUs", test_event_isolated },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
