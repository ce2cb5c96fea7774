// SPDX-License-Identifier: GPL-2.0
/*
 * The fallback's reading of the real machine, without the vtdiag module:
 * the CPUID instruction on each online CPU (this process pinned to it in
 * turn), else the cpuid driver; the firmware's lock MSR and EFER through
 * the msr driver, loaded with modprobe when root needs it; and whether
 * Secure Boot kept an installed module out. Nothing
 * here decides anything: fallback.c does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_CPUID_INSN	1
#endif

#include "i18n.h"
#include "vtdiag/decode.h"
#include "dkms.h"
#include "fallback.h"
#include "readfile.h"
#include "root.h"
#include "run.h"
#include "util.h"

const struct vtdiag_fallback_paths vtdiag_fallback_default_paths = {
	.cpu_online	= "/sys/devices/system/cpu/online",
	.dev_cpu	= "/dev/cpu",
	.modprobe	= "/proc/sys/kernel/modprobe",
	.sys_module	= "/sys/module",
	.efivars	= "/sys/firmware/efi/efivars",
	.lib_modules	= "/lib/modules",
};

/*
 * Runs @path with @argv through vtdiag_run(), standard output and error
 * into @output (its reason, when it fails). Returns its exit status, or
 * -errno when it could not run, -ETIMEDOUT when it did not finish in
 * @timeout_ms, -EINTR when a signal ended it.
 */
static int run_helper(const char *path, char *const argv[],
		      unsigned int timeout_ms, char *output, size_t size)
{
	struct vtdiag_run_req req = {
		.path = path, .argv = argv, .timeout_ms = timeout_ms,
		.out = output, .out_size = size, .capture_stderr = true,
	};
	struct vtdiag_run_result res;

	vtdiag_run(&req, &res);
	switch (res.outcome) {
	case VTDIAG_RUN_EXITED:
		return res.code;
	case VTDIAG_RUN_TIMED_OUT:
		return -ETIMEDOUT;
	case VTDIAG_RUN_NOT_STARTED:
		return -res.code;
	default:
		return -EINTR;
	}
}

/*
 * The modprobe to run: the kernel's own (its sysctl), when this mount
 * namespace has it (a container's or chroot's may not), else the usual
 * places. -ENOSYS when the kernel has no module support at all.
 */
static int modprobe_path(const char *proc_modprobe, char *path, size_t size)
{
	static const char *const usual[] = {
		"/sbin/modprobe", "/usr/sbin/modprobe", "/bin/modprobe",
		"/usr/bin/modprobe",
	};
	int err = vtdiag_read_first_line(AT_FDCWD, proc_modprobe, path, size);
	size_t i;

	/* No such sysctl: a kernel built without module support. */
	if (err)
		return err == -ENOENT ? -ENOSYS : err;
	if (path[0] == '/' && !vtdiag_root_access(path, X_OK))
		return 0;
	for (i = 0; i < ARRAY_SIZE(usual); i++) {
		if (!vtdiag_root_access(usual[i], X_OK)) {
			snprintf(path, size, "%s", usual[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static bool path_exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return vtdiag_root_stat(path, &st) == 0;
}

/*
 * Root needs the msr driver and /dev/cpu/@cpu/msr is missing: load it,
 * and leave it loaded, as turbostat and cpupower do. Unloading it again
 * would pull it from under a concurrent vtdiag still reading (seen in
 * the test VM: that run's MSRs then came out "unknown"). Why it is not
 * there otherwise goes into fb->msr_driver.
 */
static void load_msr_driver(struct vtdiag_fallback *fb,
			    const struct vtdiag_fallback_paths *paths,
			    __u32 cpu)
{
	char *argv[] = { "modprobe", "msr", NULL };
	char node[32], modprobe[PATH_MAX], output[512];
	int status;

	snprintf(node, sizeof(node), "%u/msr", cpu);
	if (!fb->root || path_exists(paths->dev_cpu, node))
		return;
	/* A captured tree's modprobe would load this machine's driver. */
	if (!vtdiag_root_is_host()) {
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("%s/%s is not in the captured tree"), paths->dev_cpu,
			 node);
		return;
	}
	if (path_exists(paths->sys_module, "msr")) {
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("it is loaded, but %s/%s is missing (is /dev a devtmpfs?)"),
			 paths->dev_cpu, node);
		return;
	}
	status = modprobe_path(paths->modprobe, modprobe, sizeof(modprobe));
	if (status == -ENOSYS) {
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("this kernel has none built in and cannot load modules"));
		return;
	}
	if (status) {
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("not loaded, and no modprobe found to load it"));
		return;
	}
	status = run_helper(modprobe, argv, VTDIAG_MODPROBE_TIMEOUT_MS, output,
			    sizeof(output));
	if (!status && path_exists(paths->dev_cpu, node))
		return;
	vtdiag_first_line(output);
	if (status == -ETIMEDOUT)
		vtdiag_helper_timeout_text(fb->msr_driver,
					   sizeof(fb->msr_driver),
					   "modprobe msr",
					   VTDIAG_MODPROBE_TIMEOUT_MS);
	else if (status < 0)
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("cannot run %.80s: %s"), modprobe, strerror(-status));
	else if (output[0])
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("modprobe msr failed: %.130s"), output);
	else if (status)
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("modprobe msr failed (exit status %d)"), status);
	else
		snprintf(fb->msr_driver, sizeof(fb->msr_driver),
			 _("modprobe msr made no %s/%s"), paths->dev_cpu, node);
}

/* 0 or -errno; the msr driver reads with rdmsr_safe: a fault is EIO. */
static int read_msr(const struct vtdiag_fallback_paths *paths, __u32 cpu,
		    __u32 msr, __u64 *value)
{
	char path[PATH_MAX];
	ssize_t len;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%u/msr", paths->dev_cpu, cpu);
	fd = vtdiag_root_open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = pread(fd, value, sizeof(*value), msr);
	if (len < 0)
		err = -errno;
	else if (len != sizeof(*value))
		err = -EIO;
	close(fd);
	return err;
}

/*
 * The confidential-computing MSRs this CPU has, as the module reads them:
 * what vtdiag_cc_msrs_wanted() names, asked again until it names nothing
 * new (MTRRCAP decides the TDX ones). A failed read is kept as such.
 */
static void read_cc_msrs(const struct vtdiag_fallback_paths *paths,
			 struct vtdiag_fallback_sample *sample)
{
	struct vtdiag_cc_raw *cc = &sample->cc;
	struct vtdiag_raw raw;
	unsigned int which;
	__u32 want;
	int round;

	vtdiag_fallback_raw(sample, &raw);
	for (round = 0; round < VTDIAG_CC_MSR_COUNT; round++) {
		want = vtdiag_cc_msrs_wanted(&raw, cc) & ~cc->msr_read;
		if (!want)
			break;
		for (which = 0; which < VTDIAG_CC_MSR_COUNT; which++) {
			if (!(want & (1U << which)))
				continue;
			cc->msr_err[which] = read_msr(paths, sample->cpu,
						      vtdiag_cc_msr_index(which),
						      &cc->msr[which]);
			if (cc->msr_err[which])
				cc->msr[which] = 0;
			cc->msr_read |= 1U << which;
		}
	}
}

static void read_msrs(struct vtdiag_fallback *fb,
		      const struct vtdiag_fallback_paths *paths)
{
	struct vtdiag_fallback_sample *sample;
	enum vtdiag_vendor vendor;
	__u32 msr;
	size_t i;

	for (i = 0; i < fb->nr_samples; i++) {
		sample = &fb->samples[i];
		vendor = vtdiag_vendor_from_id((const char *)sample->vendor);
		if (!sample->cc_err)
			read_cc_msrs(paths, sample);
		msr = vtdiag_vendor_msr(vendor);
		if (msr)
			sample->msr_err = read_msr(paths, sample->cpu, msr,
						   &sample->msr);
		if (vtdiag_vendor_tech(vendor) == VTDIAG_TECH_SVM)
			sample->efer_err = read_msr(paths, sample->cpu,
						    VTDIAG_MSR_EFER,
						    &sample->efer);
	}
}

/* Where CPUID answers come from: fd < 0, the instruction, here. */
struct leaf_reader {
	int fd;				/* /dev/cpu/N/cpuid */
	/*
	 * Bytes per leaf in its offsets: 1 in the driver, whose every offset
	 * answers 16 bytes; 16 in a captured tree's regular file, where
	 * leaves 0 and 1 at offsets 0 and 1 would overlap.
	 */
	off_t stride;
};

static int read_leaf(const struct leaf_reader *reader, __u32 leaf,
		     __u32 regs[4])
{
	ssize_t len;

	if (reader->fd >= 0) {
		/* The cpuid driver: offset = leaf, high half = subleaf 0. */
		len = pread(reader->fd, regs, 4 * sizeof(*regs),
			    leaf * reader->stride);
		if (len < 0)
			return -errno;
		return len == 4 * sizeof(*regs) ? 0 : -EIO;
	}
#ifdef HAVE_CPUID_INSN
	/* Subleaf 0 in ECX, like the kernel's cpuid(). */
	__cpuid_count(leaf, 0, regs[0], regs[1], regs[2], regs[3]);
	return 0;
#else
	return -EOPNOTSUPP;
#endif
}

/* The leaves kmod/sample.c reads, in the same order and conditions. */
static int read_cpuid(const struct leaf_reader *reader,
		      struct vtdiag_fallback_sample *sample)
{
	__u32 regs[4], max_ext;
	int err;

	err = read_leaf(reader, 0, regs);
	if (err)
		return err;
	sample->cc.max_basic = regs[0];
	sample->vendor[0] = regs[1];
	sample->vendor[1] = regs[3];
	sample->vendor[2] = regs[2];
	err = read_leaf(reader, 1, regs);
	if (err)
		return err;
	sample->cpuid1_ecx = regs[2];
	err = read_leaf(reader, 0x80000000, regs);
	if (err)
		return err;
	sample->max_ext = regs[0];
	max_ext = (regs[0] & 0xffff0000) == 0x80000000 ? regs[0] : 0;
	if (max_ext >= VTDIAG_LEAF_EXT1) {
		err = read_leaf(reader, VTDIAG_LEAF_EXT1, regs);
		sample->ext1_ecx = regs[2];
	}
	if (!err && max_ext >= VTDIAG_LEAF_SVM) {
		err = read_leaf(reader, VTDIAG_LEAF_SVM, regs);
		sample->svm_edx = regs[3];
	}
	/*
	 * Confidential computing's leaves: a failure costs only that (a
	 * tree captured before vtdiag read them lacks them).
	 */
	if (!err && sample->cc.max_basic >= VTDIAG_LEAF_EXT_FEATURES) {
		sample->cc_err = read_leaf(reader, VTDIAG_LEAF_EXT_FEATURES, regs);
		sample->cc.cpuid7_ecx = sample->cc_err ? 0 : regs[2];
	}
	if (!err && !sample->cc_err && max_ext >= VTDIAG_LEAF_MEMENC) {
		sample->cc_err = read_leaf(reader, VTDIAG_LEAF_MEMENC, regs);
		if (!sample->cc_err)
			memcpy(sample->cc.memenc, regs, sizeof(sample->cc.memenc));
	}
	if (!err && (sample->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR)) {
		err = read_leaf(reader, VTDIAG_LEAF_HV, regs);
		sample->hv_sig[0] = regs[1];
		sample->hv_sig[1] = regs[2];
		sample->hv_sig[2] = regs[3];
	}
	return err;
}

/* A CPU set big enough for the kernel's (its size is not known upfront). */
struct cpu_mask {
	cpu_set_t *set;
	size_t size;
	int nr_bits;
};

static int get_affinity(struct cpu_mask *mask)
{
	int nr_bits;

	for (nr_bits = 1024; nr_bits <= CPU_SETSIZE * 1024; nr_bits *= 2) {
		mask->set = CPU_ALLOC(nr_bits);
		if (!mask->set)
			return -ENOMEM;
		mask->size = CPU_ALLOC_SIZE(nr_bits);
		mask->nr_bits = nr_bits;
		if (!sched_getaffinity(0, mask->size, mask->set))
			return 0;
		CPU_FREE(mask->set);
		mask->set = NULL;
		if (errno != EINVAL)
			return -errno;
	}
	return -EINVAL;
}

static int pin_to(__u32 cpu, int nr_bits)
{
	size_t size = CPU_ALLOC_SIZE(nr_bits);
	cpu_set_t *set;
	int err = 0;

	if (cpu >= (__u32)nr_bits)
		return -EINVAL;
	set = CPU_ALLOC(nr_bits);
	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(size, set);
	CPU_SET_S(cpu, size, set);
	if (sched_setaffinity(0, size, set))
		err = -errno;
	CPU_FREE(set);
	return err;
}

/* CPUID of @cpu: pinned to it, else through the cpuid driver (root). */
static int sample_cpuid(const struct vtdiag_fallback_paths *paths, __u32 cpu,
			int nr_bits, struct vtdiag_fallback_sample *sample)
{
	struct leaf_reader reader = {
		.fd = -1, .stride = vtdiag_root_is_host() ? 1 : 16,
	};
	char path[PATH_MAX];
	int err;

	sample->cpu = cpu;
	/* A captured tree's CPUs answer only through its cpuid files. */
	err = vtdiag_root_is_host() ? pin_to(cpu, nr_bits) : -ENOENT;
	if (!err)
		return read_cpuid(&reader, sample);
	snprintf(path, sizeof(path), "%s/%u/cpuid", paths->dev_cpu, cpu);
	reader.fd = vtdiag_root_open(path, O_RDONLY);
	if (reader.fd < 0)
		return err;	/* the affinity error says more */
	err = read_cpuid(&reader, sample);
	close(reader.fd);
	return err;
}

/* The online CPUs; the ones we may run on when sysfs does not say. */
static int online_cpus(const char *cpu_online, const struct cpu_mask *mask,
		       __u32 **cpus)
{
	char text[4096];
	int count, cpu;

	if (!vtdiag_read_first_line(AT_FDCWD, cpu_online, text, sizeof(text))) {
		count = vtdiag_parse_cpu_list(text, cpus);
		if (count > 0)
			return count;
	}
	/* Our own CPU set says nothing about a captured tree's CPUs. */
	if (!vtdiag_root_is_host())
		return -ENODATA;
	*cpus = calloc(CPU_COUNT_S(mask->size, mask->set), sizeof(**cpus));
	if (!*cpus)
		return -ENOMEM;
	count = 0;
	for (cpu = 0; cpu < mask->nr_bits; cpu++)
		if (CPU_ISSET_S(cpu, mask->size, mask->set))
			(*cpus)[count++] = cpu;
	return count;
}

/* CPUID of every CPU in @cpus; the ones it could not reach, by name. */
static int sample_all(struct vtdiag_fallback *fb,
		      const struct vtdiag_fallback_paths *paths,
		      const __u32 *cpus, size_t count, int nr_bits)
{
	struct vtdiag_fallback_sample *sample;
	__u32 *unreachable;
	size_t i, nr_unreachable = 0;
	int err;

	fb->samples = calloc(count, sizeof(*fb->samples));
	unreachable = calloc(count, sizeof(*unreachable));
	if (!fb->samples || !unreachable) {
		free(unreachable);
		return -ENOMEM;
	}
	for (i = 0; i < count; i++) {
		sample = &fb->samples[fb->nr_samples];
		memset(sample, 0, sizeof(*sample));
		err = sample_cpuid(paths, cpus[i], nr_bits, sample);
		if (!err) {
			fb->nr_samples++;
			continue;
		}
		if (!nr_unreachable)
			fb->unreachable_err = err;
		unreachable[nr_unreachable++] = cpus[i];
	}
	vtdiag_format_cpu_list(fb->unreachable, sizeof(fb->unreachable),
			       unreachable, nr_unreachable);
	free(unreachable);
	return 0;
}

int vtdiag_fallback_read(struct vtdiag_fallback *fb,
			 const struct vtdiag_fallback_paths *paths)
{
	struct cpu_mask mask = { NULL, 0, 0 };
	__u32 *cpus = NULL;
	int count, err;

	memset(fb, 0, sizeof(*fb));
	/* A captured tree is root's view (scripts/capture-tree runs as root). */
	fb->root = geteuid() == 0 || !vtdiag_root_is_host();
	err = get_affinity(&mask);
	if (err)
		return err;
	count = online_cpus(paths->cpu_online, &mask, &cpus);
	if (count < 0) {
		err = count;
		goto out;
	}
	if (!count) {
		err = -ENODATA;
		goto out;
	}
	fb->nr_online = count;
	err = sample_all(fb, paths, cpus, count,
			 cpus[count - 1] + 1 > (__u32)mask.nr_bits ?
			 (int)cpus[count - 1] + 1 : mask.nr_bits);
	/* Back where the caller was allowed to run. */
	sched_setaffinity(0, mask.size, mask.set);
	if (err || !fb->nr_samples)
		goto out;
	load_msr_driver(fb, paths, fb->samples[0].cpu);
	read_msrs(fb, paths);
out:
	free(cpus);
	CPU_FREE(mask.set);
	return err;
}

void vtdiag_fallback_free(struct vtdiag_fallback *fb)
{
	free(fb->samples);
	fb->samples = NULL;
	fb->nr_samples = 0;
}

/* `mokutil --sb-state`, where efivarfs does not tell. */
static int secure_boot_mokutil(void)
{
	static const char *const candidates[] = {
		"/usr/bin/mokutil", "/bin/mokutil", "/usr/sbin/mokutil",
	};
	char *argv[] = { "mokutil", "--sb-state", NULL };
	char output[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(candidates); i++) {
		if (access(candidates[i], X_OK))
			continue;
		if (run_helper(candidates[i], argv, VTDIAG_MOKUTIL_TIMEOUT_MS,
			       output, sizeof(output)) < 0)
			return -ENOENT;
		return vtdiag_secure_boot_mokutil(output);
	}
	return -ENOENT;
}

void vtdiag_probe_module_rejection(struct vtdiag_report *report,
				   const struct vtdiag_fallback_paths *paths)
{
	char dir[PATH_MAX];
	struct utsname uts;
	int secure_boot;

	report->secure_boot_rejected = false;
	/* Whether this machine's kernel kept it out says nothing of a tree's. */
	if (report->module != VTDIAG_MODULE_MISSING ||
	    !vtdiag_root_is_host() || uname(&uts))
		return;
	snprintf(dir, sizeof(dir), "%s/%s", paths->lib_modules, uts.release);
	if (!vtdiag_find_module_file(dir, report->module_file,
				     sizeof(report->module_file)))
		return;
	/*
	 * Installed, yet resolving the family did not load it. insmod's
	 * "Key was rejected by service" is not visible from here; Secure
	 * Boot being on is the telling sign.
	 */
	secure_boot = vtdiag_secure_boot_efivars(paths->efivars);
	if (secure_boot < 0)
		secure_boot = secure_boot_mokutil();
	report->secure_boot_rejected = secure_boot == 1;
	if (report->secure_boot_rejected) {
		vtdiag_dkms_mok_certificate(&report->platform,
					    report->mok_certificate,
					    sizeof(report->mok_certificate));
		report->mok_certificate_missing =
			vtdiag_root_access(report->mok_certificate, F_OK) != 0;
	}
}

int vtdiag_fallback_probe(struct vtdiag_report *report,
			  const struct vtdiag_fallback_paths *paths)
{
	struct vtdiag_fallback fb;
	int err;

	vtdiag_probe_module_rejection(report, paths);
	err = vtdiag_fallback_read(&fb, paths);
	if (!err)
		err = vtdiag_fallback_report(report, &fb);
	vtdiag_fallback_free(&fb);
	return err;
}
