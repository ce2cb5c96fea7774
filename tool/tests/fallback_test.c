// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the fallback (fallback.c): crafted CPUID/MSR samples ->
 * CPU records, host verdict, what was unavailable, advice, text and JSON;
 * CPU lists; the SecureBoot variable and the module trees in scratch
 * directories. No hardware, no module. TAP output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <json.h>

#include "vtdiag/decode.h"
#include "fallback.h"
#include "print.h"
#include "report.h"
#include "util.h"

#include "harness.h"

/* CPUID.0 EBX, EDX, ECX of a vendor string. */
static void set_vendor(struct vtdiag_fallback_sample *s, const char *id)
{
	memcpy(s->vendor, id, VTDIAG_VENDOR_ID_LEN);
}

static void set_hv_sig(struct vtdiag_fallback_sample *s, const char *sig)
{
	memset(s->hv_sig, 0, sizeof(s->hv_sig));
	memcpy(s->hv_sig, sig, strlen(sig));
}

/* An EPYC under QEMU TCG, as the VM shows it: SVM, VM_CR 0, EFER 0. */
static struct vtdiag_fallback_sample epyc(__u32 cpu)
{
	struct vtdiag_fallback_sample s = { .cpu = cpu };

	set_vendor(&s, "AuthenticAMD");
	s.cpuid1_ecx = VTDIAG_CPUID1_ECX_HYPERVISOR;
	s.max_ext = 0x8000001f;
	s.ext1_ecx = VTDIAG_EXT1_ECX_SVM;
	s.svm_edx = VTDIAG_SVM_EDX_SVML;
	set_hv_sig(&s, "TCGTCGTCGTCG");
	return s;
}

/* A Skylake: VMX, SMX, bare metal, FEATURE_CONTROL locked on. */
static struct vtdiag_fallback_sample skylake(__u32 cpu)
{
	struct vtdiag_fallback_sample s = { .cpu = cpu };

	set_vendor(&s, "GenuineIntel");
	s.cpuid1_ecx = VTDIAG_CPUID1_ECX_VMX | VTDIAG_CPUID1_ECX_SMX;
	s.max_ext = 0x80000008;
	s.msr = 0x5;
	return s;
}

static __u32 decoded_state(const struct vtdiag_fallback_sample *s)
{
	struct vtdiag_cpu cpu;

	vtdiag_fallback_cpu(s, &cpu);
	return cpu.state;
}

static void test_cpu_list(void)
{
	__u32 *cpus;
	char text[32];
	int count;

	count = vtdiag_parse_cpu_list("0-3,8,10-11\n", &cpus);
	EXPECT(count == 7);
	if (count == 7) {
		EXPECT(cpus[0] == 0 && cpus[3] == 3 && cpus[4] == 8);
		EXPECT(cpus[5] == 10 && cpus[6] == 11);
		vtdiag_format_cpu_list(text, sizeof(text), cpus, count);
		EXPECT_STR(text, "0-3,8,10-11");
		vtdiag_format_cpu_list(text, 12, cpus, count);
		EXPECT_STR(text, "0-3,8,10-11");
		/* Cut at a range boundary, never mid-number, and marked. */
		vtdiag_format_cpu_list(text, 11, cpus, count);
		EXPECT_STR(text, "0-3,8,...");
		vtdiag_format_cpu_list(text, 8, cpus, count);
		EXPECT_STR(text, "0-3,...");
		vtdiag_format_cpu_list(text, 6, cpus, count);
		EXPECT_STR(text, "...");
	}
	free(cpus);
	count = vtdiag_parse_cpu_list("5", &cpus);
	EXPECT(count == 1 && cpus[0] == 5);
	free(cpus);
	EXPECT(vtdiag_parse_cpu_list("\n", &cpus) == 0 && !cpus);

	static const char *const bad[] = {
		"3-1", "a", "0,,1", "0-", "1,0", "0-3,2", "0,", "-1",
		"0-70000", "0 1", "0\n1", "99999999999999999999",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		count = vtdiag_parse_cpu_list(bad[i], &cpus);
		if (count != -EINVAL || cpus) {
			printf("#   \"%s\" gave %d\n", bad[i], count);
			test_failed = 1;
		}
	}
}

/* The per-CPU states (docs/design.md) through the fallback's sample handling. */
static void test_decode_shapes(void)
{
	struct vtdiag_fallback_sample s;
	struct vtdiag_cpu cpu;

	s = epyc(0);
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_ENABLED);
	EXPECT(cpu.has_vm_cr && cpu.vm_cr == 0 && !cpu.vm_cr_err);
	EXPECT(!cpu.has_feat_ctl && cpu.active == 0);
	EXPECT(cpu.has_vendor && cpu.vendor == VTDIAG_VENDOR_AMD);
	EXPECT(cpu.flags == (VTDIAG_F_HYPERVISOR | VTDIAG_F_SVM |
			     VTDIAG_F_SVML));

	s.efer = VTDIAG_EFER_SVME;
	s.msr = VTDIAG_VM_CR_LOCK | VTDIAG_VM_CR_SVMDIS;
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	EXPECT(cpu.active == 1 && (cpu.flags & VTDIAG_F_LOCKED));

	/* Not root: the MSR is needed, so unknown; EFER too. */
	s = epyc(0);
	s.msr_err = -EACCES;
	s.efer_err = -EACCES;
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_UNKNOWN);
	EXPECT(!cpu.has_vm_cr && cpu.vm_cr_err == -EACCES && cpu.active == -1);
	EXPECT(!(cpu.flags & VTDIAG_F_LOCKED));

	/* ... but capability needs no MSR: EPYC,-svm is hidden regardless. */
	s.ext1_ecx = 0;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR);
	s.cpuid1_ecx = 0;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_UNSUPPORTED);

	/* No extended leaves: 0x80000000 echoes garbage, SVM bits ignored. */
	s = epyc(0);
	s.max_ext = 0x0000000d;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR);
	s.max_ext = 0x80000001;		/* leaf 0x8000000A absent: no SVML */
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_ENABLED);
	EXPECT(!(cpu.flags & VTDIAG_F_SVML));

	s = skylake(0);
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_ENABLED);
	EXPECT(cpu.has_feat_ctl && cpu.feat_ctl == 0x5 && !cpu.has_vm_cr);
	/* CR4.VMXE is out of userspace's reach. */
	EXPECT(cpu.active == -1);
	s.efer = VTDIAG_EFER_SVME;	/* read or not, EFER means nothing here */
	EXPECT(decoded_state(&s) == VTDIAG_STATE_ENABLED);
	s.msr = 0x1;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	s.msr = 0x3;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_DISABLED_OUTSIDE_SMX);
	s.msr = 0x0;
	EXPECT(decoded_state(&s) == VTDIAG_STATE_ENABLED_UNLOCKED);
	s.msr_err = -EIO;
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_UNKNOWN && cpu.feat_ctl_err == -EIO);

	/* A vendor we do not know: unknown, and no MSR is looked at. */
	s = skylake(0);
	set_vendor(&s, "VIA VIA VIA ");
	s.msr_err = -EIO;
	vtdiag_fallback_cpu(&s, &cpu);
	EXPECT(cpu.state == VTDIAG_STATE_UNKNOWN);
	EXPECT(!cpu.feat_ctl_err && !cpu.vm_cr_err && cpu.vendor == VTDIAG_VENDOR_OTHER);
}

/* A report around @samples: the OS side ready for root. */
static void fallback_report(struct vtdiag_report *report,
			    struct vtdiag_fallback_sample *samples, size_t n,
			    bool root)
{
	struct vtdiag_fallback fb = {
		.samples = samples, .nr_samples = n, .nr_online = n,
		.root = root,
	};

	vtdiag_report_init(report);
	report->os.kvm_core = VTDIAG_KVM_LOADED;
	report->os.kvm_amd = VTDIAG_KVM_LOADED;
	report->os.kvm_intel = VTDIAG_KVM_LOADED;
	report->os.dev_kvm_exists = true;
	report->os.dev_kvm_mode = S_IFCHR | 0660;
	snprintf(report->os.user, sizeof(report->os.user), "%s",
		 root ? "root" : "alice");
	report->os.uid = root ? 0 : 1000;
	EXPECT(vtdiag_fallback_report(report, &fb) == 0);
}

static char *render_text(const struct vtdiag_report *report)
{
	struct vtdiag_advice_list advice;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (vtdiag_advise(report, &advice))
		return NULL;
	out = open_memstream(&text, &size);
	if (out) {
		vtdiag_print_text(out, report, &advice, false);
		fclose(out);
	}
	vtdiag_advice_free(&advice);
	return text;
}

static struct json_object *render_json(const struct vtdiag_report *report)
{
	struct vtdiag_advice_list advice;
	struct json_object *root;

	if (vtdiag_advise(report, &advice))
		return NULL;
	root = vtdiag_report_json(report, &advice);
	vtdiag_advice_free(&advice);
	return root;
}

static const char *jstr(struct json_object *obj, const char *key)
{
	struct json_object *value;

	if (!obj || !json_object_object_get_ex(obj, key, &value) || !value)
		return NULL;
	return json_object_get_string(value);
}

static bool has_advice(const struct vtdiag_report *report, const char *id)
{
	struct vtdiag_advice_list advice;
	bool found = false;
	size_t i;

	if (vtdiag_advise(report, &advice))
		return false;
	for (i = 0; i < advice.count; i++)
		found |= !strcmp(advice.items[i].id, id);
	vtdiag_advice_free(&advice);
	return found;
}

static void test_report_root(void)
{
	struct vtdiag_fallback_sample samples[2] = { epyc(0), epyc(1) };
	struct json_object *root, *cpus, *unavailable;
	struct vtdiag_report report;
	char *text;

	fallback_report(&report, samples, 2, true);
	EXPECT(report.fallback && vtdiag_report_sampled(&report));
	EXPECT(report.host.verdict == VTDIAG_STATE_ENABLED);
	EXPECT(report.host.vendor == VTDIAG_VENDOR_AMD);
	EXPECT(report.host.tech == VTDIAG_TECH_SVM);
	EXPECT_STR(report.host.vendor_id, "AuthenticAMD");
	EXPECT(report.host.hypervisor && report.host.has_hv_signature);
	EXPECT_STR(report.host.hv_signature, "TCGTCGTCGTCG");
	EXPECT(report.host.cpus_online == 2);
	EXPECT(report.host.state_counts[VTDIAG_STATE_ENABLED] == 2);
	EXPECT(report.host.has_cpus_active && report.host.cpus_active == 0);
	/* Not from the module: KVM comes from /sys/module. */
	EXPECT(!report.host.has_kvm_core && !report.host.has_generation);
	EXPECT(report.msr_access == VTDIAG_MSR_READ);
	EXPECT(report.nr_unavailable == 1);
	EXPECT_STR(vtdiag_report_unavailable(&report, "module"), "not loaded");
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);

	text = render_text(&report);
	EXPECT_CONTAINS(text, "WARN  Data source            fallback: vtdiag module not loaded\n");
	EXPECT_CONTAINS(text, "PASS  CPU virtualization     AMD-V enabled (AuthenticAMD)\n");
	EXPECT_CONTAINS(text, "PASS  Virtualization in use  no: AMD-V is off on all 2 CPUs\n");
	EXPECT(text && !strstr(text, "Firmware registers"));
	free(text);

	root = render_json(&report);
	EXPECT_STR(jstr(root, "source"), "fallback");
	EXPECT_STR(jstr(root, "verdict"), "enabled");
	EXPECT(json_object_object_get_ex(root, "cpus", &cpus) &&
	       json_object_array_length(cpus) == 2);
	EXPECT_STR(jstr(json_object_array_get_idx(cpus, 1), "vm_cr"), "0x0");
	EXPECT(json_object_object_get_ex(root, "unavailable", &unavailable) &&
	       json_object_array_length(unavailable) == 1);
	EXPECT_STR(jstr(json_object_array_get_idx(unavailable, 0), "what"),
		   "module");
	json_object_put(root);
	vtdiag_report_free(&report);
}

static void test_report_not_root(void)
{
	struct vtdiag_fallback_sample samples[2] = { epyc(0), epyc(1) };
	struct json_object *root, *cpu;
	struct vtdiag_report report;
	char *text;
	size_t i;

	for (i = 0; i < 2; i++) {
		samples[i].msr_err = -EACCES;
		samples[i].efer_err = -EACCES;
	}
	fallback_report(&report, samples, 2, false);
	EXPECT(report.host.verdict == VTDIAG_STATE_UNKNOWN);
	EXPECT(report.msr_access == VTDIAG_MSR_NOT_ROOT);
	EXPECT_STR(vtdiag_report_unavailable(&report, "msr"),
		   "not root (run with sudo)");
	EXPECT_STR(vtdiag_report_unavailable(&report, "active"),
		   "EFER.SVME not read: not root (run with sudo)");
	EXPECT(!report.host.has_cpus_active);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_UNDETERMINED);
	EXPECT(has_advice(&report, "module_not_loaded"));
	EXPECT(has_advice(&report, "fallback_needs_root"));
	/* Not the module's "the read faulted" nor the generic unknown. */
	EXPECT(!has_advice(&report, "msr_unreadable"));
	EXPECT(!has_advice(&report, "unknown"));

	text = render_text(&report);
	EXPECT_CONTAINS(text, "WARN  Firmware registers     unknown: not root (run with sudo)\n");
	EXPECT_CONTAINS(text, "WARN  CPU virtualization     AMD-V could not be determined");
	EXPECT_CONTAINS(text, "sudo vtdiag");
	free(text);

	root = render_json(&report);
	EXPECT_STR(jstr(root, "verdict"), "unknown");
	EXPECT(json_object_object_get_ex(root, "cpus", &cpu));
	cpu = json_object_array_get_idx(cpu, 0);
	EXPECT_STR(jstr(cpu, "msr_error"), "EACCES");
	EXPECT(!jstr(cpu, "vm_cr") && !jstr(cpu, "active"));
	json_object_put(root);
	vtdiag_report_free(&report);

	/* Without the driver, a user is still told to become root first. */
	for (i = 0; i < 2; i++) {
		samples[i].msr_err = -ENOENT;
		samples[i].efer_err = -ENOENT;
	}
	fallback_report(&report, samples, 2, false);
	EXPECT(report.msr_access == VTDIAG_MSR_NOT_ROOT);
	vtdiag_report_free(&report);

	/* EPYC,-svm: hidden needs no MSR, so nobody gets the answer too. */
	for (i = 0; i < 2; i++)
		samples[i].ext1_ecx = 0;
	fallback_report(&report, samples, 2, false);
	EXPECT(report.host.verdict == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_NO_HW_VIRT);
	EXPECT(has_advice(&report, "hidden_by_hypervisor"));
	EXPECT(!has_advice(&report, "fallback_needs_root"));
	vtdiag_report_free(&report);
}

static void test_report_no_driver(void)
{
	struct vtdiag_fallback_sample samples[1] = { epyc(0) };
	struct vtdiag_fallback fb = {
		.samples = samples, .nr_samples = 1, .nr_online = 1,
		.root = true,
		.msr_driver = "this kernel has none built in and cannot load modules",
	};
	struct vtdiag_report report;
	char *text;

	samples[0].msr_err = -ENOENT;
	samples[0].efer_err = -ENOENT;
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(report.msr_access == VTDIAG_MSR_NO_DRIVER);
	EXPECT_STR(vtdiag_report_unavailable(&report, "msr"),
		   "msr driver not available: this kernel has none built in and cannot load modules");
	EXPECT(has_advice(&report, "fallback_msr_unavailable"));
	EXPECT(!has_advice(&report, "fallback_needs_root"));
	text = render_text(&report);
	EXPECT_CONTAINS(text, "WARN  Firmware registers     unknown: msr driver not available");
	EXPECT_CONTAINS(text, "which is not usable here (msr driver not");
	free(text);
	vtdiag_report_free(&report);

	/* Root in a container: the devices are there, CAP_SYS_RAWIO is not. */
	samples[0].msr_err = -EPERM;
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(report.msr_access == VTDIAG_MSR_NO_PERMISSION);
	EXPECT_CONTAINS(vtdiag_report_unavailable(&report, "msr"),
			"CAP_SYS_RAWIO");
	vtdiag_report_free(&report);
}

static void test_report_vmx(void)
{
	struct vtdiag_fallback_sample samples[4];
	struct vtdiag_report report;
	char *text;
	__u32 i;

	for (i = 0; i < 4; i++)
		samples[i] = skylake(i);
	samples[2].msr = 0x1;		/* firmware forgot one core */
	samples[3].msr_err = -EIO;	/* and one read faulted */
	fallback_report(&report, samples, 4, true);
	EXPECT(report.host.verdict == VTDIAG_STATE_INCONSISTENT);
	EXPECT(!report.host.hypervisor && !report.host.has_hv_signature);
	EXPECT(report.msr_access == VTDIAG_MSR_READ);
	EXPECT_STR(vtdiag_report_unavailable(&report, "msr"),
		   "the read faulted on CPU 3 (EIO)");
	EXPECT_STR(vtdiag_report_unavailable(&report, "active"),
		   "CR4.VMXE cannot be read from userspace");
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_FIRMWARE_OFF);
	EXPECT(has_advice(&report, "inconsistent"));
	EXPECT(has_advice(&report, "msr_unreadable"));
	text = render_text(&report);
	EXPECT_CONTAINS(text, "WARN  Virtualization in use  not known: CR4.VMXE cannot be read from userspace\n");
	EXPECT_CONTAINS(text, "CPU 3: could not be determined, CPU 2: disabled\n                             in the BIOS/UEFI setup");
	free(text);
	vtdiag_report_free(&report);

	/* Skylake-Client under TCG: no VMX in CPUID, hypervisor bit set. */
	for (i = 0; i < 2; i++) {
		samples[i] = skylake(i);
		samples[i].cpuid1_ecx = VTDIAG_CPUID1_ECX_HYPERVISOR;
		samples[i].msr = 0;
		set_hv_sig(&samples[i], "TCGTCGTCGTCG");
	}
	fallback_report(&report, samples, 2, true);
	EXPECT(report.host.verdict == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_NO_HW_VIRT);
	EXPECT(report.host.tech == VTDIAG_TECH_VMX);
	vtdiag_report_free(&report);
}

static void test_report_gaps(void)
{
	struct vtdiag_fallback_sample samples[2] = { epyc(0), epyc(1) };
	struct vtdiag_fallback fb = {
		.samples = samples, .nr_samples = 2, .nr_online = 4,
		.root = true, .unreachable = "2-3", .unreachable_err = -EINVAL,
	};
	struct vtdiag_report report;
	char *text;

	vtdiag_report_init(&report);
	report.module = VTDIAG_MODULE_FAILED;
	snprintf(report.module_error, sizeof(report.module_error),
		 "GET_HOST: no answer from the kernel");
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(report.host.cpus_online == 2);
	EXPECT_STR(vtdiag_report_unavailable(&report, "cpuid"),
		   "CPU 2-3 not read: outside this process's CPU set (cpuset, taskset)");
	EXPECT_STR(vtdiag_report_unavailable(&report, "module"),
		   "did not answer (GET_HOST: no answer from the kernel)");
	/* The module's advice comes first, and the rest still follows. */
	EXPECT(has_advice(&report, "module_query_failed"));
	EXPECT(has_advice(&report, "kvm_not_loaded"));
	text = render_text(&report);
	EXPECT_CONTAINS(text, "WARN  CPUID                  CPU 2-3 not read");
	EXPECT_CONTAINS(text, "WARN  Data source            fallback: vtdiag module did not answer");
	free(text);
	vtdiag_report_free(&report);

	/* Nothing read: the report stays the module's, unknown, exit 4. */
	fb.nr_samples = 0;
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == -ENODATA);
	EXPECT(!report.fallback && !vtdiag_report_sampled(&report));
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_UNDETERMINED);
	vtdiag_report_free(&report);
}

static void test_secure_boot_advice(void)
{
	struct vtdiag_fallback_sample samples[1] = { epyc(0) };
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;

	fallback_report(&report, samples, 1, true);
	report.secure_boot_rejected = true;
	snprintf(report.module_file, sizeof(report.module_file),
		 "/lib/modules/6.1.0-13-amd64/updates/dkms/vtdiag.ko.xz");
	EXPECT(vtdiag_advise(&report, &advice) == 0);
	EXPECT(advice.count >= 1);
	if (advice.count) {
		EXPECT_STR(advice.items[0].id, "secure_boot_module_rejected");
		EXPECT_CONTAINS(advice.items[0].text,
				"/lib/modules/6.1.0-13-amd64/updates/dkms/vtdiag.ko.xz");
		EXPECT_CONTAINS(advice.items[0].text,
				"`sudo mokutil --import /var/lib/dkms/mok.pub`");
		EXPECT_CONTAINS(advice.items[0].text, "Key was rejected by service");
	}
	vtdiag_advice_free(&advice);
	EXPECT(!has_advice(&report, "module_not_loaded"));
	vtdiag_report_free(&report);
}

/* A scratch tree under $TMPDIR, removed with rm -rf at the end. */
static char scratch[256];

static void write_file(const char *rel, const void *data, size_t len)
{
	char path[512], dir[512], *slash;
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(scratch) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	file = fopen(path, "wb");
	EXPECT(file && fwrite(data, 1, len, file) == len);
	if (file)
		fclose(file);
}

#define SB_VAR "efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

static void test_secure_boot_detection(void)
{
	static const unsigned char on[] = { 0x06, 0, 0, 0, 1 };
	static const unsigned char off[] = { 0x06, 0, 0, 0, 0 };
	char efivars[512];

	snprintf(efivars, sizeof(efivars), "%s/efivars", scratch);
	EXPECT(vtdiag_secure_boot_efivars(efivars) == -ENOENT);
	write_file(SB_VAR, on, sizeof(on));
	EXPECT(vtdiag_secure_boot_efivars(efivars) == 1);
	write_file(SB_VAR, off, sizeof(off));
	EXPECT(vtdiag_secure_boot_efivars(efivars) == 0);
	write_file(SB_VAR, on, 3);
	EXPECT(vtdiag_secure_boot_efivars(efivars) == -EINVAL);

	EXPECT(vtdiag_secure_boot_mokutil("SecureBoot enabled\n") == 1);
	EXPECT(vtdiag_secure_boot_mokutil("SecureBoot disabled\n") == 0);
	EXPECT(vtdiag_secure_boot_mokutil("This system doesn't support Secure Boot\n") == 0);
	EXPECT(vtdiag_secure_boot_mokutil("EFI variables are not supported on this system\n") == -EINVAL);
}

static void test_module_file_and_rejection(void)
{
	static const unsigned char on[] = { 0x06, 0, 0, 0, 1 };
	struct vtdiag_fallback_paths paths = vtdiag_fallback_default_paths;
	char lib_modules[512], efivars[512], rel[512], found[256];
	struct vtdiag_report report;
	struct utsname uts;

	EXPECT(uname(&uts) == 0);
	snprintf(lib_modules, sizeof(lib_modules), "%s/lib/modules", scratch);
	snprintf(efivars, sizeof(efivars), "%s/efivars", scratch);
	paths.lib_modules = lib_modules;
	paths.efivars = efivars;

	/* Only updates/ and extra/ count; kernel/ is the distribution's. */
	snprintf(rel, sizeof(rel), "lib/modules/%s/kernel/vtdiag.ko", uts.release);
	write_file(rel, "x", 1);
	snprintf(rel, sizeof(rel), "lib/modules/%s/updates/vtdiag.ko.bak", uts.release);
	write_file(rel, "x", 1);
	snprintf(rel, sizeof(rel), "%s/lib/modules/%s", scratch, uts.release);
	EXPECT(!vtdiag_find_module_file(rel, found, sizeof(found)));

	write_file(SB_VAR, on, sizeof(on));
	vtdiag_report_init(&report);
	vtdiag_probe_module_rejection(&report, &paths);
	EXPECT(!report.secure_boot_rejected);

	snprintf(rel, sizeof(rel), "lib/modules/%s/updates/dkms/vtdiag.ko.xz",
		 uts.release);
	write_file(rel, "x", 1);
	vtdiag_probe_module_rejection(&report, &paths);
	EXPECT(report.secure_boot_rejected);
	EXPECT_CONTAINS(report.module_file, "/updates/dkms/vtdiag.ko.xz");
	/*
	 * The certificate to enrol, and whether DKMS made it: this machine's
	 * (a rejection is probed on the host only; dkms_test reads trees).
	 */
	EXPECT(report.mok_certificate[0] == '/');
	EXPECT(report.mok_certificate_missing ==
	       (access(report.mok_certificate, F_OK) != 0));

	/* Loaded fine: nothing was rejected. */
	report.module = VTDIAG_MODULE_OK;
	vtdiag_probe_module_rejection(&report, &paths);
	EXPECT(!report.secure_boot_rejected);
	vtdiag_report_free(&report);
}

static const struct test_case tests[] = {
	{ "CPU lists: parse and format", test_cpu_list },
	{ "decoding: every shape, as the module decodes it", test_decode_shapes },
	{ "report as root: enabled, vm_cr 0x0, source fallback", test_report_root },
	{ "report as a user: unknown where the MSR is needed, sudo", test_report_not_root },
	{ "report without the msr driver, or CAP_SYS_RAWIO", test_report_no_driver },
	{ "report on Intel: inconsistent, EIO, CR4.VMXE unknown", test_report_vmx },
	{ "report: unreachable CPUs, module failed, nothing read", test_report_gaps },
	{ "advice: Secure Boot rejected the module", test_secure_boot_advice },
	{ "Secure Boot: efivarfs and mokutil", test_secure_boot_detection },
	{ "installed module file, Secure Boot rejection", test_module_file_and_rejection },
};

int main(void)
{
	char command[300];
	int status;

	snprintf(scratch, sizeof(scratch), "%s/vtdiag-fallback.XXXXXX",
		 getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(scratch)) {
		perror("mkdtemp");
		return 1;
	}
	status = run_tests(tests, ARRAY_SIZE(tests));
	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	if (system(command))
		printf("# could not remove %s\n", scratch);
	return status;
}
