// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of --prometheus and --collect on crafted reports and a
 * scratch file tree: metric names, one-hot states and label escaping; the
 * bundle's files, kernel log filter, what it leaves out and why, the
 * scrubbing of DMI serial numbers, UUIDs and asset tags, and the archive
 * as tar itself reads it. TAP output.
 *
 *   tests/export_test [--prometheus-sample FILE]
 *
 * With --prometheus-sample, the metrics of a report with hostile strings
 * are also written to FILE, for `promtool check metrics`.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "vtdiag/decode.h"
#include "collect.h"
#include "prometheus.h"
#include "report.h"
#include "root.h"
#include "util.h"

#include "harness.h"

static char scratch[PATH_MAX];

/* Two AMD CPUs under a hypervisor: 0 enabled and active, 1 disabled. */
static void crafted_report(struct vtdiag_report *report)
{
	struct vtdiag_cpu *cpu;

	vtdiag_report_init(report);
	report->module = VTDIAG_MODULE_OK;
	report->host.vendor = VTDIAG_VENDOR_AMD;
	report->host.tech = VTDIAG_TECH_SVM;
	snprintf(report->host.vendor_id, sizeof(report->host.vendor_id),
		 "AuthenticAMD");
	report->host.verdict = VTDIAG_STATE_INCONSISTENT;
	report->host.cpus_online = 2;
	report->host.hypervisor = true;
	snprintf(report->host.hv_signature, sizeof(report->host.hv_signature),
		 "KVMKVMKVM");
	snprintf(report->host.module_version,
		 sizeof(report->host.module_version), "1.0");
	report->host.has_kvm_core = true;
	report->host.kvm_core = VTDIAG_KVM_LOADED;
	report->host.has_kvm_vendor = true;
	report->host.kvm_vendor = VTDIAG_KVM_ABSENT;
	snprintf(report->host.kvm_vendor_module,
		 sizeof(report->host.kvm_vendor_module), "kvm_amd");
	cpu = vtdiag_report_add_cpu(report);
	cpu->id = 0;
	cpu->state = VTDIAG_STATE_ENABLED;
	cpu->has_vm_cr = true;
	cpu->vm_cr = 0x8;
	cpu->active = 1;
	cpu = vtdiag_report_add_cpu(report);
	cpu->id = 1;
	cpu->state = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	cpu->has_vm_cr = true;
	cpu->vm_cr = 0x18;
	cpu->active = -1;
	report->os.dev_kvm_exists = true;
	report->os.dev_kvm_errno = EACCES;
}

static char *prometheus_text(const struct vtdiag_report *report,
			     const char *version)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	EXPECT(vtdiag_print_prometheus(out, report, version) == 0);
	fclose(out);
	return text;
}

static void test_prometheus_metrics(void)
{
	struct vtdiag_report report;
	char *text;

	crafted_report(&report);
	text = prometheus_text(&report, "0.1.0");
	EXPECT_CONTAINS(text, "# HELP vtdiag_host_verdict ");
	EXPECT_CONTAINS(text, "# TYPE vtdiag_host_verdict gauge\n");
	EXPECT_CONTAINS(text, "vtdiag_host_verdict{verdict=\"inconsistent\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_host_verdict{verdict=\"enabled\"} 0\n");
	EXPECT_CONTAINS(text, "vtdiag_cpu_state{cpu=\"0\",state=\"enabled\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cpu_state{cpu=\"1\",state=\"disabled_by_firmware\"} 1\n");
	EXPECT_LACKS(text, "vtdiag_cpu_state{cpu=\"0\",state=\"unknown\"}");
	EXPECT_CONTAINS(text, "vtdiag_cpus{state=\"enabled\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cpus{state=\"disabled_by_firmware\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cpu_virtualization_active{cpu=\"0\"} 1\n");
	EXPECT_LACKS(text, "vtdiag_cpu_virtualization_active{cpu=\"1\"}");
	EXPECT_CONTAINS(text, "vtdiag_kvm_ready 0\n");
	EXPECT_CONTAINS(text, "vtdiag_exit_status 2\n");
	EXPECT_CONTAINS(text, "vtdiag_kvm_module_state{module=\"kvm\",state=\"loaded\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_kvm_module_state{module=\"kvm_amd\",state=\"absent\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_dev_kvm_present 1\n");
	EXPECT_CONTAINS(text, "vtdiag_dev_kvm_accessible 0\n");
	EXPECT_CONTAINS(text, "vtdiag_info{tool_version=\"0.1.0\",module_version=\"1.0\",source=\"module\",cpu_vendor=\"AuthenticAMD\",technology=\"svm\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_hypervisor_info{signature=\"KVMKVMKVM\",product=\"KVM\"} 1\n");
	/* Registration not known: no such series. */
	EXPECT_LACKS(text, "vtdiag_kvm_registered");
	/* Every check, one series per status, from the same judgement as the text. */
	EXPECT_CONTAINS(text, "# TYPE vtdiag_check_status gauge\n");
	EXPECT_CONTAINS(text, "vtdiag_check_status{check=\"cpu_consistency\",status=\"fail\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_check_status{check=\"cpu_consistency\",status=\"pass\"} 0\n");
	EXPECT_CONTAINS(text, "vtdiag_check_status{check=\"dev_kvm_access\",status=\"skip\"} 0\n");
	EXPECT_CONTAINS(text, "vtdiag_check_status{check=\"data_source\",status=\"pass\"} 1\n");
	free(text);

	/* KVM through kvm_pvm: ready whatever the verdict, the module listed. */
	snprintf(report.os.kvm_providers[0].module,
		 sizeof(report.os.kvm_providers[0].module), "kvm_pvm");
	report.os.kvm_providers[0].state = VTDIAG_KVM_BUILTIN;
	report.os.nr_kvm_providers = 1;
	report.os.kvm_registered_known = true;
	report.os.kvm_registered = true;
	report.os.dev_kvm_errno = 0;
	text = prometheus_text(&report, "0.1.0");
	EXPECT_CONTAINS(text, "vtdiag_kvm_ready 1\n");
	EXPECT_CONTAINS(text, "vtdiag_exit_status 0\n");
	EXPECT_CONTAINS(text, "vtdiag_kvm_module_state{module=\"kvm_pvm\",state=\"builtin\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_kvm_registered 1\n");
	free(text);
	vtdiag_report_free(&report);
}

/* No CPU could be read: still valid metrics, verdict unknown. */
static void test_prometheus_nothing_read(void)
{
	struct vtdiag_report report;
	char *text;

	vtdiag_report_init(&report);
	text = prometheus_text(&report, "0.1.0");
	EXPECT_CONTAINS(text, "vtdiag_host_verdict{verdict=\"unknown\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cpus_online 0\n");
	EXPECT_CONTAINS(text, "vtdiag_exit_status 4\n");
	EXPECT_LACKS(text, "vtdiag_cpu_state{");
	EXPECT_LACKS(text, "vtdiag_cpu_virtualization_active");
	EXPECT_LACKS(text, "vtdiag_hypervisor_info");
	free(text);
	vtdiag_report_free(&report);
}

static void test_prometheus_escaping(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out) {
		test_failed = 1;
		return;
	}
	vtdiag_prometheus_label_value(out, "a\"b\\c\nd\te\xff\x01z");
	fclose(out);
	EXPECT(text && !strcmp(text, "a\\\"b\\\\c\\nd?e??z"));
	free(text);
}

/* The metrics of a report whose strings are hostile, for promtool. */
static int write_prometheus_sample(const char *path)
{
	struct vtdiag_report report;
	FILE *out = fopen(path, "w");
	int err;

	if (!out)
		return -errno;
	crafted_report(&report);
	snprintf(report.host.module_version, sizeof(report.host.module_version),
		 "1.0 \"q\" \\ \n\xc3\x28");
	snprintf(report.host.hv_signature, sizeof(report.host.hv_signature),
		 "a\"\\\n\x7f\xfe");
	err = vtdiag_print_prometheus(out, &report, "v\"1\\");
	if (fclose(out) && !err)
		err = -errno;
	vtdiag_report_free(&report);
	return err;
}

static void test_redact(void)
{
	char *secrets[] = { "XYZ123", "asset-77" };
	size_t count = 0;
	char *text;

	text = vtdiag_redact("serial xyz123 tag ASSET-77 root=UUID=0e6f3b2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b ok",
			     secrets, ARRAY_SIZE(secrets), &count);
	EXPECT(text && !strcmp(text, "serial [redacted] tag [redacted] root=UUID=[redacted] ok"));
	EXPECT(count == 3);
	free(text);
	count = 0;
	text = vtdiag_redact("0E6F3B2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B", NULL, 0, &count);
	EXPECT(text && !strcmp(text, "[redacted]") && count == 1);
	free(text);
	count = 0;
	text = vtdiag_redact("nothing 0e6f3b2a-1c2d here", secrets, 2, &count);
	EXPECT(text && !strcmp(text, "nothing 0e6f3b2a-1c2d here") && count == 0);
	free(text);
	/* Without dashes, as a word; not inside a longer hex string. */
	text = vtdiag_redact("id=0E6F3B2A1C2D4E5F8A9B0C1D2E3F4A5B, sha 0e6f3b2a1c2d4e5f8a9b0c1d2e3f4a5b77 x",
			     NULL, 0, &count);
	EXPECT(text && !strcmp(text, "id=[redacted], sha 0e6f3b2a1c2d4e5f8a9b0c1d2e3f4a5b77 x") &&
	       count == 1);
	free(text);
	count = 0;
	EXPECT(vtdiag_dmi_placeholder("Not Specified"));
	EXPECT(vtdiag_dmi_placeholder("To Be Filled By O.E.M."));
	EXPECT(vtdiag_dmi_placeholder("0000000000"));
	EXPECT(vtdiag_dmi_placeholder("ab"));
	EXPECT(!vtdiag_dmi_placeholder("XYZ123"));
}

static void test_top_dir(void)
{
	static const struct {
		const char *path, *top;
	} cases[] = {
		{ "/tmp/host1.tar.gz", "host1" },
		{ "case 42.tgz", "case_42" },
		{ "-", "vtdiag-bundle" },
		{ "dir/.tar.gz", "vtdiag-bundle" },
		{ "..", "vtdiag-bundle" },
		{ ".hidden.tgz", "vtdiag-bundle" },
		{ "x/b\xff;rm.tar", "b__rm" },
	};
	char top[80];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		vtdiag_bundle_top_dir(cases[i].path, top, sizeof(top));
		if (strcmp(top, cases[i].top)) {
			printf("#   %s -> %s, expected %s\n", cases[i].path, top,
			       cases[i].top);
			test_failed = 1;
		}
	}
}

static void put_file_at(const char *root, const char *name, const char *text,
			mode_t mode)
{
	char path[2 * PATH_MAX], dir[2 * PATH_MAX], *slash;
	FILE *file;

	mkdir(root, 0755);
	snprintf(path, sizeof(path), "%s%s", root, name);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	file = fopen(path, "w");
	if (!file) {
		printf("#   cannot create %s\n", path);
		test_failed = 1;
		return;
	}
	fputs(text, file);
	fclose(file);
	chmod(path, mode);
}

static void put_file(const char *name, const char *text, mode_t mode)
{
	put_file_at(scratch, name, text, mode);
}

#define SERIAL	"SN-9F8E7D6C"
#define UUID	"4c4c4544-0042-3510-8051-b4c04f4d4a32"

/* A machine with identifiers everywhere they could slip through. */
static void make_tree(void)
{
	put_file("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n", 0444);
	put_file("/sys/class/dmi/id/product_name", "PowerEdge R650 " SERIAL "\n", 0444);
	put_file("/sys/class/dmi/id/bios_version", "1.2.3\n", 0444);
	put_file("/sys/class/dmi/id/product_serial", SERIAL "\n", 0400);
	put_file("/sys/class/dmi/id/product_uuid", UUID "\n", 0400);
	put_file("/sys/class/dmi/id/board_serial", "Not Specified\n", 0400);
	put_file("/sys/class/dmi/id/chassis_asset_tag", "ASSET-4711\n", 0444);
	put_file("/etc/os-release", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", 0644);
	put_file("/proc/sys/kernel/osrelease", "6.1.0-test-amd64\n", 0444);
	put_file("/proc/sys/kernel/version", "#1 SMP Debian\n", 0444);
	put_file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=UUID=0e6f3b2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b ro quiet\n", 0444);
	put_file("/proc/sys/kernel/tainted", "0\n", 0444);
	put_file("/proc/sys/kernel/dmesg_restrict", "1\n", 0444);
	put_file("/dev/kmsg",
		 "6,1,0,-;DMI: Dell Inc. PowerEdge R650/0ABCDE, BIOS 1.2.3 " SERIAL "\n"
		 "4,2,512000,-;x86/cpu: VMX (outside TXT) disabled by BIOS\n"
		 " SUBSYSTEM=cpu\n"
		 "6,3,1000000,-;e1000e: eth0 NIC Link is Up\n"
		 "3,4,2500000,-;kvm: support for 'kvm_intel' disabled by bios, uuid " UUID "\n"
		 "6,5,3000000,-;vtdiag: loaded, version 1.0\n"
		 "garbage without a prefix kvm\n", 0444);
	put_file("/proc/modules",
		 "kvm_intel 380928 0 - Live 0xffffffffc0a00000\n"
		 "kvm 1146880 1 kvm_intel, Live 0xffffffffc0800000\n"
		 "e1000e 286720 0 - Live 0xffffffffc0700000\n", 0444);
	put_file("/sys/module/kvm_intel/initstate", "live\n", 0444);
	put_file("/sys/module/kvm_intel/parameters/nested", "Y\n", 0444);
	put_file("/sys/module/kvm_intel/parameters/secret_one", "x\n", 0000);
	put_file("/sys/module/kvm/initstate", "live\n", 0444);
	put_file("/sys/module/kvm/parameters/enable_virt_at_load", "Y\n", 0444);
	put_file("/sys/module/e1000e/parameters/debug", "0\n", 0444);
	put_file("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme\nSerial\t\t: 00000000deadbeef\n", 0444);
}

static const struct vtdiag_bundle_file *bundle_file(const struct vtdiag_bundle *bundle,
						    const char *name)
{
	size_t i;

	for (i = 0; i < bundle->nr_files; i++)
		if (!strcmp(bundle->files[i].name, name))
			return &bundle->files[i];
	return NULL;
}

static const char *file_text(const struct vtdiag_bundle *bundle,
			     const char *name)
{
	const struct vtdiag_bundle_file *file = bundle_file(bundle, name);

	if (!file)
		printf("#   no %s in the bundle\n", name);
	return file ? file->data : NULL;
}

static bool has_gap(const struct vtdiag_bundle *bundle, const char *what,
		    const char *why)
{
	size_t i;

	for (i = 0; i < bundle->nr_gaps; i++)
		if (strstr(bundle->gaps[i].what, what) &&
		    strstr(bundle->gaps[i].why, why))
			return true;
	return false;
}

/* vtdiag_bundle_gather() of the tree @dir as the root, then "/" again. */
static int gather_tree(struct vtdiag_bundle *bundle,
		       const struct vtdiag_report *report, const char *dir,
		       time_t now)
{
	int err = vtdiag_root_set(dir);

	if (err) {
		printf("#   cannot make %s the root: %s\n", dir, strerror(-err));
		memset(bundle, 0, sizeof(*bundle));
		return err;
	}
	err = vtdiag_bundle_gather(bundle, report, "0.1.0", now);
	vtdiag_root_set("/");
	return err;
}

static void test_bundle_gather(void)
{
	struct vtdiag_bundle bundle;
	struct vtdiag_report report;
	const char *klog, *modules;
	size_t i;

	make_tree();
	crafted_report(&report);
	EXPECT(gather_tree(&bundle, &report, scratch, 1764000000) == 0);
	EXPECT(bundle.nr_files >= 11);
	EXPECT(bundle.nr_files && !strcmp(bundle.files[0].name, "MANIFEST.txt"));
	EXPECT(bundle.nr_files > 1 && !strcmp(bundle.files[1].name, "manifest.json"));
	EXPECT_CONTAINS(file_text(&bundle, "dmi.txt"), "sys_vendor: Dell Inc.\n");
	EXPECT_CONTAINS(file_text(&bundle, "dmi.txt"), "product_name: PowerEdge R650 [redacted]\n");
	EXPECT_LACKS(file_text(&bundle, "dmi.txt"), "serial:");
	EXPECT_CONTAINS(file_text(&bundle, "kernel.txt"), "release: 6.1.0-test-amd64\n");
	EXPECT_CONTAINS(file_text(&bundle, "kernel.txt"), "cmdline: BOOT_IMAGE=/vmlinuz root=UUID=[redacted] ro quiet\n");
	EXPECT_CONTAINS(file_text(&bundle, "os-release"), "ID=debian");
	klog = file_text(&bundle, "kernel-log.txt");
	EXPECT_CONTAINS(klog, "[    0.512000] x86/cpu: VMX (outside TXT) disabled by BIOS\n");
	EXPECT_CONTAINS(klog, "[    2.500000] kvm: support for 'kvm_intel' disabled by bios, uuid [redacted]\n");
	EXPECT_CONTAINS(klog, "[    3.000000] vtdiag: loaded");
	EXPECT_LACKS(klog, "e1000e");
	EXPECT_LACKS(klog, "DMI:");
	EXPECT_LACKS(klog, "SUBSYSTEM");
	EXPECT_LACKS(klog, "garbage");
	modules = file_text(&bundle, "modules.txt");
	EXPECT_CONTAINS(modules, "kvm_intel 380928 0 - Live\n");
	EXPECT_CONTAINS(modules, "kvm 1146880 1 kvm_intel, Live\n");
	EXPECT_CONTAINS(modules, "kvm_intel.nested = Y\n");
	EXPECT_CONTAINS(modules, "kvm.enable_virt_at_load = Y\n");
	EXPECT_LACKS(modules, "0xffff");
	EXPECT_LACKS(modules, "e1000e");
	EXPECT_LACKS(file_text(&bundle, "cpuinfo.txt"), "deadbeef");
	EXPECT_CONTAINS(file_text(&bundle, "registers.txt"), "cpu=1 state=disabled_by_firmware vm_cr=0x0000000000000018 active=-1\n");
	EXPECT_CONTAINS(file_text(&bundle, "report.json"), "\"verdict\": \"inconsistent\"");
	EXPECT_CONTAINS(file_text(&bundle, "report.txt"), "CPU virtualization");
	EXPECT_CONTAINS(file_text(&bundle, "MANIFEST.txt"), "product_serial, product_uuid");
	EXPECT_CONTAINS(file_text(&bundle, "MANIFEST.txt"), "kernel-log.txt");
	EXPECT_CONTAINS(file_text(&bundle, "manifest.json"), "\"never_collected\"");
	/* Read from a tree: the manifest names it, uname(2) is not asked. */
	EXPECT_CONTAINS(file_text(&bundle, "manifest.json"), "\"captured_tree\": true");
	EXPECT_CONTAINS(file_text(&bundle, "MANIFEST.txt"), "the captured tree ");
	EXPECT_CONTAINS(file_text(&bundle, "MANIFEST.txt"), scratch);
	EXPECT_CONTAINS(file_text(&bundle, "kernel.txt"), "machine: ? (not in a captured tree)\n");
	/* Root reads the 0400 serial files; an unreadable parameter is told. */
	/* The name, the command line's and the kernel log's UUIDs. */
	EXPECT(bundle.nr_redacted >= 3);
	EXPECT(has_gap(&bundle, "secret_one", "") || geteuid() == 0);
	for (i = 0; i < bundle.nr_files; i++) {
		EXPECT(strlen(bundle.files[i].data) == bundle.files[i].len);
		EXPECT_LACKS(bundle.files[i].data, UUID);
		EXPECT_LACKS(bundle.files[i].data, "ASSET-4711");
		EXPECT_LACKS(bundle.files[i].data, SERIAL);
	}
	vtdiag_bundle_free(&bundle);
	vtdiag_report_free(&report);
}

/* Missing sources are left out, each with its reason. */
static void test_bundle_gaps(void)
{
	struct vtdiag_bundle bundle;
	struct vtdiag_report report;
	char empty[PATH_MAX + 8], path[PATH_MAX + 32];

	snprintf(empty, sizeof(empty), "%s/empty", scratch);
	mkdir(empty, 0755);
	vtdiag_report_init(&report);
	EXPECT(gather_tree(&bundle, &report, empty, 0) == 0);
	EXPECT(has_gap(&bundle, "dmi.txt", "no DMI"));
	EXPECT(has_gap(&bundle, "os-release", "neither"));
	EXPECT(has_gap(&bundle, "kernel-log.txt", "No such file"));
	EXPECT(has_gap(&bundle, "cpuinfo.txt", "No such file"));
	EXPECT(!bundle_file(&bundle, "dmi.txt"));
	EXPECT_CONTAINS(file_text(&bundle, "MANIFEST.txt"), "dmi.txt: no DMI");
	EXPECT_CONTAINS(file_text(&bundle, "manifest.json"), "\"left_out\"");
	/* No CPU data: the report still says what to do. */
	EXPECT(file_text(&bundle, "report.txt") && file_text(&bundle, "report.txt")[0]);
	vtdiag_bundle_free(&bundle);
	vtdiag_report_free(&report);

	/*
	 * A tree's device nodes are this machine's devices: its dev/kmsg
	 * (this machine's /dev/kmsg, 1:11) and a proc file made one are
	 * not read (mknod needs root).
	 */
	if (geteuid())
		return;
	snprintf(path, sizeof(path), "%s/dev", empty);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/kmsg", empty);
	EXPECT(mknod(path, S_IFCHR | 0600, makedev(1, 11)) == 0);
	snprintf(path, sizeof(path), "%s/proc", empty);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/cpuinfo", empty);
	EXPECT(mknod(path, S_IFCHR | 0600, makedev(1, 3)) == 0);
	vtdiag_report_init(&report);
	EXPECT(gather_tree(&bundle, &report, empty, 0) == 0);
	EXPECT(has_gap(&bundle, "kernel-log.txt", "no regular file"));
	EXPECT(has_gap(&bundle, "cpuinfo.txt", "not a regular file in the captured tree"));
	EXPECT(!bundle_file(&bundle, "kernel-log.txt"));
	vtdiag_bundle_free(&bundle);
	vtdiag_report_free(&report);
}

/* @len pseudo-random bytes, newlines and semicolons frequent. */
static char *junk(unsigned int *seed, size_t len)
{
	static const char common[] = "\n;,0123456789 kvm-";
	char *text = malloc(len + 1);
	size_t i;

	if (!text)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned int r = rand_r(seed);

		text[i] = r % 3 ? common[r % (sizeof(common) - 1)] : (char)(r >> 8);
		if (!text[i])
			text[i] = '\n';
	}
	text[len] = '\0';
	return text;
}

/* Any bytes in any source: no crash, no leak, a bundle all the same. */
static void test_bundle_hostile_sources(void)
{
	static const char *const sources[] = {
		"/dev/kmsg", "/proc/modules", "/proc/cmdline", "/proc/cpuinfo",
		"/etc/os-release", "/sys/class/dmi/id/product_name",
		"/sys/class/dmi/id/product_serial", "/sys/module/kvm/parameters/x",
		"/proc/sys/kernel/osrelease",
	};
	struct vtdiag_bundle bundle;
	struct vtdiag_report report;
	char root[PATH_MAX + 16], *text;
	unsigned int seed = 42;
	int round;
	size_t i;

	snprintf(root, sizeof(root), "%s/hostile", scratch);
	for (round = 0; round < 20; round++) {
		for (i = 0; i < ARRAY_SIZE(sources); i++) {
			text = junk(&seed, round % 5 == 4 ? 70000 : rand_r(&seed) % 3000);
			if (!text)
				continue;
			put_file_at(root, sources[i], text, 0644);
			free(text);
		}
		crafted_report(&report);
		EXPECT(gather_tree(&bundle, &report, root, 0) == 0);
		EXPECT(bundle.nr_files >= 10);
		vtdiag_bundle_free(&bundle);
		vtdiag_report_free(&report);
	}
}

static char *run_capture(const char *command)
{
	char *text = NULL, chunk[4096];
	size_t size = 0, len;
	FILE *pipe = popen(command, "r"), *out;

	if (!pipe)
		return NULL;
	out = open_memstream(&text, &size);
	while (out && (len = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
		fwrite(chunk, 1, len, out);
	if (out)
		fclose(out);
	if (pclose(pipe)) {
		free(text);
		return NULL;
	}
	return text;
}

/* What we write, GNU tar reads: names, sizes, contents, no complaint. */
static void test_targz_roundtrip(void)
{
	struct vtdiag_bundle bundle;
	struct vtdiag_report report;
	char path[PATH_MAX + 16], command[3 * PATH_MAX];
	char *listing, *content;
	int fd;

	if (system("tar --version >/dev/null 2>&1")) {
		printf("#   no tar: skipped\n");
		return;
	}
	crafted_report(&report);
	EXPECT(gather_tree(&bundle, &report, scratch, 1764000000) == 0);
	snprintf(path, sizeof(path), "%s/out.tar.gz", scratch);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	EXPECT(fd >= 0);
	EXPECT(vtdiag_bundle_write_targz(fd, &bundle, "case-1", 1764000000) == 0);
	close(fd);
	snprintf(command, sizeof(command), "gzip -t '%s' && tar -tzf '%s' 2>&1",
		 path, path);
	listing = run_capture(command);
	EXPECT_CONTAINS(listing, "case-1/\ncase-1/MANIFEST.txt\ncase-1/manifest.json\n");
	EXPECT_CONTAINS(listing, "case-1/kernel-log.txt\n");
	snprintf(command, sizeof(command), "tar -xzOf '%s' case-1/modules.txt", path);
	content = run_capture(command);
	EXPECT(content && !strcmp(content, bundle_file(&bundle, "modules.txt")->data));
	free(content);
	snprintf(command, sizeof(command),
		 "tar --utc -tvzf '%s' case-1/report.json", path);
	content = run_capture(command);
	EXPECT_CONTAINS(content, "-rw-r--r-- root/root");
	EXPECT_CONTAINS(content, "2025-11-24 16:00 case-1/report.json");
	free(content);
	free(listing);
	vtdiag_bundle_free(&bundle);
	vtdiag_report_free(&report);
}

static void remove_tree(void)
{
	char command[PATH_MAX + 16];

	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	if (system(command))
		printf("#   could not remove %s\n", scratch);
}

static const struct test_case tests[] = {
	{ "prometheus: one-hot verdict, CPU states, KVM, info", test_prometheus_metrics },
	{ "prometheus: nothing read, still valid", test_prometheus_nothing_read },
	{ "prometheus: label values escaped", test_prometheus_escaping },
	{ "collect: redaction of secrets and UUIDs", test_redact },
	{ "collect: top directory from the file name", test_top_dir },
	{ "collect: gathered files, filters, no identifiers", test_bundle_gather },
	{ "collect: missing sources are left out, with reasons", test_bundle_gaps },
	{ "collect: tar and gzip read the archive back", test_targz_roundtrip },
	{ "collect: hostile bytes in every source", test_bundle_hostile_sources },
};

int main(int argc, char **argv)
{
	int status, err;

	if (argc == 3 && !strcmp(argv[1], "--prometheus-sample")) {
		err = write_prometheus_sample(argv[2]);
		if (err)
			fprintf(stderr, "export_test: %s: %s\n", argv[2], strerror(-err));
		return err ? 1 : 0;
	}
	snprintf(scratch, sizeof(scratch), "%s/vtdiag-export.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(scratch)) {
		perror("mkdtemp");
		return 1;
	}
	status = run_tests(tests, ARRAY_SIZE(tests));
	remove_tree();
	return status;
}
