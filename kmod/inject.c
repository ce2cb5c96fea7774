// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only injection, built only with `make VTDIAG_INJECT=1`: QEMU's TCG
 * reads 0 for FEATURE_CONTROL and VM_CR, so the states that matter most
 * (virtualization locked off by the BIOS) can only be tested this way.
 *
 * Root-only debugfs file /sys/kernel/debug/vtdiag/inject, one line a write:
 *
 *	cpu=<N|all> key=value [key=value ...]
 *	reset
 *
 * Keys: vendor=intel|amd|hygon|centaur|zhaoxin|other, vmx=0|1, smx=0|1,
 * svm=0|1, svml=0|1, hypervisor=0|1, hv_sig=<up to 12 chars>,
 * feat_ctl=<u64>|fault, vm_cr=<u64>|fault, vmxe=0|1, svme=0|1, tboot=0|1
 * (the kernel runs inside SMX), live_delay_ms=<0-10000> (every live round
 * then takes that long, whichever CPU the line names); for confidential
 * computing the raw CPUID words cpuid7_ecx=<u32> (leaf 7 then exists) and
 * memenc_eax=, memenc_ebx=, memenc_ecx=, memenc_edx=<u32> (leaf
 * 0x8000001F then exists), and the MSRs syscfg=, hwcr=, rmp_base=,
 * rmp_end=, mtrrcap=, tme_activate=, keyid_part=, seamrr_mask=<u64>|fault
 * (each used only where the CPUID says the MSR exists). Unset keys keep
 * the real hardware value; reset returns all to real hardware. A
 * write takes effect (re-sample) before it returns; a malformed line fails
 * with -EINVAL and changes nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vtdiag.h"

/* Longest line accepted; every key once comes to about 700 bytes. */
#define INJECT_LINE_MAX 1024

enum inject_key {
	INJ_VENDOR,
	INJ_VMX,
	INJ_SMX,
	INJ_SVM,
	INJ_SVML,
	INJ_HYPERVISOR,
	INJ_HV_SIG,
	INJ_FEAT_CTL,
	INJ_VM_CR,
	INJ_VMXE,
	INJ_SVME,
	INJ_TBOOT,
	INJ_LIVE_DELAY,
	INJ_CPUID7_ECX,
	INJ_MEMENC_EAX,
	INJ_MEMENC_EBX,
	INJ_MEMENC_ECX,
	INJ_MEMENC_EDX,
	INJ_SYSCFG,
	INJ_HWCR,
	INJ_RMP_BASE,
	INJ_RMP_END,
	INJ_MTRRCAP,
	INJ_TME_ACTIVATE,
	INJ_KEYID_PART,
	INJ_SEAMRR_MASK,
	INJ_NR_KEYS,
};

static const char *const inject_key_names[INJ_NR_KEYS] = {
	[INJ_VENDOR] = "vendor",
	[INJ_VMX] = "vmx",
	[INJ_SMX] = "smx",
	[INJ_SVM] = "svm",
	[INJ_SVML] = "svml",
	[INJ_HYPERVISOR] = "hypervisor",
	[INJ_HV_SIG] = "hv_sig",
	[INJ_FEAT_CTL] = "feat_ctl",
	[INJ_VM_CR] = "vm_cr",
	[INJ_VMXE] = "vmxe",
	[INJ_SVME] = "svme",
	[INJ_TBOOT] = "tboot",
	[INJ_LIVE_DELAY] = "live_delay_ms",
	[INJ_CPUID7_ECX] = "cpuid7_ecx",
	[INJ_MEMENC_EAX] = "memenc_eax",
	[INJ_MEMENC_EBX] = "memenc_ebx",
	[INJ_MEMENC_ECX] = "memenc_ecx",
	[INJ_MEMENC_EDX] = "memenc_edx",
	[INJ_SYSCFG] = "syscfg",
	[INJ_HWCR] = "hwcr",
	[INJ_RMP_BASE] = "rmp_base",
	[INJ_RMP_END] = "rmp_end",
	[INJ_MTRRCAP] = "mtrrcap",
	[INJ_TME_ACTIVATE] = "tme_activate",
	[INJ_KEYID_PART] = "keyid_part",
	[INJ_SEAMRR_MASK] = "seamrr_mask",
};

/* The MSR keys and the MSRs they stand for. */
static const struct {
	enum inject_key key;
	u32 msr;
} inject_msrs[] = {
	{ INJ_FEAT_CTL, VTDIAG_MSR_FEAT_CTL },
	{ INJ_VM_CR, VTDIAG_MSR_VM_CR },
	{ INJ_SYSCFG, VTDIAG_MSR_SYSCFG },
	{ INJ_HWCR, VTDIAG_MSR_HWCR },
	{ INJ_RMP_BASE, VTDIAG_MSR_RMP_BASE },
	{ INJ_RMP_END, VTDIAG_MSR_RMP_END },
	{ INJ_MTRRCAP, VTDIAG_MSR_MTRRCAP },
	{ INJ_TME_ACTIVATE, VTDIAG_MSR_TME_ACTIVATE },
	{ INJ_KEYID_PART, VTDIAG_MSR_KEYID_PART },
	{ INJ_SEAMRR_MASK, VTDIAG_MSR_SEAMRR_MASK },
};

static bool is_msr_key(int key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(inject_msrs); i++)
		if (inject_msrs[i].key == key)
			return true;
	return false;
}

static bool is_cpuid_word_key(int key)
{
	return key >= INJ_CPUID7_ECX && key <= INJ_MEMENC_EDX;
}

/* Longest injected live round. */
#define INJECT_LIVE_DELAY_MAX_MS 10000

/* The CPUID.0 string each injected vendor answers with. */
static const char *const inject_vendor_ids[] = {
	[VTDIAG_VENDOR_OTHER] = "VtdiagOther!",
	[VTDIAG_VENDOR_INTEL] = "GenuineIntel",
	[VTDIAG_VENDOR_AMD] = "AuthenticAMD",
	[VTDIAG_VENDOR_HYGON] = "HygonGenuine",
	[VTDIAG_VENDOR_CENTAUR] = "CentaurHauls",
	[VTDIAG_VENDOR_ZHAOXIN] = "  Shanghai  ",
};

/* What one CPU is told to pretend; only keys in @set apply. */
struct vtdiag_inject {
	unsigned long set;		/* BIT(enum inject_key) */
	u32 vendor;
	bool flag[INJ_NR_KEYS];		/* the 0|1 keys */
	bool fault[INJ_NR_KEYS];	/* MSR keys = fault */
	u64 value[INJ_NR_KEYS];		/* MSR, CPUID-word and delay values */
	char hv_sig[VTDIAG_HV_SIG_LEN + 1];
};

/* One per possible CPU, guarded by inject_lock. */
static struct vtdiag_inject __percpu *injects;
static DEFINE_MUTEX(inject_lock);
static unsigned int live_delay_ms;	/* guarded by inject_lock */
/*
 * One write at a time, from merge to publication: two writers must not
 * publish samples in the opposite order of their merges.
 */
static DEFINE_MUTEX(inject_write_lock);
static struct dentry *inject_dir;

static bool injected(const struct vtdiag_inject *inj, enum inject_key key)
{
	return test_bit(key, &inj->set);
}

static void set_cpuid_bit(u32 *reg, u32 bit, bool on)
{
	*reg = on ? (*reg | bit) : (*reg & ~bit);
}

void vtdiag_inject_cpuid(unsigned int cpu, struct vtdiag_cpu_sample *s)
{
	struct vtdiag_raw *raw = &s->raw;
	struct vtdiag_inject inj;
	int key;

	mutex_lock(&inject_lock);
	inj = *per_cpu_ptr(injects, cpu);
	mutex_unlock(&inject_lock);
	if (!inj.set)
		return;

	if (injected(&inj, INJ_TBOOT))
		raw->in_smx = inj.flag[INJ_TBOOT];

	if (injected(&inj, INJ_VENDOR)) {
		raw->vendor = inj.vendor;
		strscpy(s->vendor_id, inject_vendor_ids[inj.vendor],
			sizeof(s->vendor_id));
	}
	if (injected(&inj, INJ_VMX))
		set_cpuid_bit(&raw->cpuid1_ecx, VTDIAG_CPUID1_ECX_VMX,
			      inj.flag[INJ_VMX]);
	if (injected(&inj, INJ_SMX))
		set_cpuid_bit(&raw->cpuid1_ecx, VTDIAG_CPUID1_ECX_SMX,
			      inj.flag[INJ_SMX]);
	if (injected(&inj, INJ_HYPERVISOR))
		set_cpuid_bit(&raw->cpuid1_ecx, VTDIAG_CPUID1_ECX_HYPERVISOR,
			      inj.flag[INJ_HYPERVISOR]);
	/* Setting a bit of an extended leaf makes that leaf exist. */
	if (injected(&inj, INJ_SVM)) {
		if (inj.flag[INJ_SVM] && raw->max_ext < VTDIAG_LEAF_EXT1)
			raw->max_ext = VTDIAG_LEAF_EXT1;
		set_cpuid_bit(&raw->ext1_ecx, VTDIAG_EXT1_ECX_SVM,
			      inj.flag[INJ_SVM]);
	}
	if (injected(&inj, INJ_SVML)) {
		if (inj.flag[INJ_SVML] && raw->max_ext < VTDIAG_LEAF_SVM)
			raw->max_ext = VTDIAG_LEAF_SVM;
		set_cpuid_bit(&raw->svm_edx, VTDIAG_SVM_EDX_SVML,
			      inj.flag[INJ_SVML]);
	}
	/* A word of leaf 7 or 0x8000001F makes that leaf exist. */
	if (injected(&inj, INJ_CPUID7_ECX)) {
		s->cc.max_basic = max_t(u32, s->cc.max_basic,
					VTDIAG_LEAF_EXT_FEATURES);
		s->cc.cpuid7_ecx = inj.value[INJ_CPUID7_ECX];
	}
	for (key = INJ_MEMENC_EAX; key <= INJ_MEMENC_EDX; key++) {
		if (!injected(&inj, key))
			continue;
		if (raw->max_ext < VTDIAG_LEAF_MEMENC)
			raw->max_ext = VTDIAG_LEAF_MEMENC;
		s->cc.memenc[key - INJ_MEMENC_EAX] = inj.value[key];
	}
	/* Leaf 0x40000000 is only read under a hypervisor. */
	if (!(raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR))
		s->hv_sig[0] = '\0';
	else if (injected(&inj, INJ_HV_SIG))
		strscpy(s->hv_sig, inj.hv_sig, sizeof(s->hv_sig));
}

bool vtdiag_inject_msr(unsigned int cpu, u32 msr, u64 *val, s32 *err)
{
	const struct vtdiag_inject *inj;
	enum inject_key key;
	unsigned int i;
	bool hit;

	for (i = 0; i < ARRAY_SIZE(inject_msrs); i++)
		if (inject_msrs[i].msr == msr)
			break;
	if (i == ARRAY_SIZE(inject_msrs))
		return false;
	key = inject_msrs[i].key;

	mutex_lock(&inject_lock);
	inj = per_cpu_ptr(injects, cpu);
	hit = injected(inj, key);
	if (hit) {
		*err = inj->fault[key] ? -EIO : 0;
		*val = inj->fault[key] ? 0 : inj->value[key];
	}
	mutex_unlock(&inject_lock);
	return hit;
}

bool vtdiag_inject_active(unsigned int cpu, u32 vendor, s32 *active)
{
	enum vtdiag_tech tech = vtdiag_vendor_tech(vendor);
	enum inject_key key = tech == VTDIAG_TECH_VMX ? INJ_VMXE : INJ_SVME;
	bool hit;

	if (tech == VTDIAG_TECH_NONE)
		return false;
	mutex_lock(&inject_lock);
	hit = injected(per_cpu_ptr(injects, cpu), key);
	if (hit)
		*active = per_cpu_ptr(injects, cpu)->flag[key];
	mutex_unlock(&inject_lock);
	return hit;
}

/*
 * A slow live round, for the test that a request waiting for one does not
 * hold up other netlink families. Called with the sample lock held.
 */
void vtdiag_inject_delay_live_round(void)
{
	unsigned int ms;

	mutex_lock(&inject_lock);
	ms = live_delay_ms;
	mutex_unlock(&inject_lock);
	if (ms)
		msleep(ms);
}

/* Decimal, or hexadecimal with 0x: no sign, no octal, no blanks. */
static int parse_u64(const char *val, u64 *out)
{
	if (val[0] == '0' && (val[1] == 'x' || val[1] == 'X'))
		return isxdigit(val[2]) ? kstrtou64(val + 2, 16, out) : -EINVAL;
	return isdigit(val[0]) ? kstrtou64(val, 10, out) : -EINVAL;
}

static int parse_bool01(const char *val, bool *out)
{
	if (!strcmp(val, "0") || !strcmp(val, "1")) {
		*out = val[0] == '1';
		return 0;
	}
	return -EINVAL;
}

static int parse_vendor(const char *val, u32 *vendor)
{
	static const char *const names[] = {
		[VTDIAG_VENDOR_OTHER] = "other",
		[VTDIAG_VENDOR_INTEL] = "intel",
		[VTDIAG_VENDOR_AMD] = "amd",
		[VTDIAG_VENDOR_HYGON] = "hygon",
		[VTDIAG_VENDOR_CENTAUR] = "centaur",
		[VTDIAG_VENDOR_ZHAOXIN] = "zhaoxin",
	};
	int i = match_string(names, ARRAY_SIZE(names), val);

	if (i < 0)
		return -EINVAL;
	*vendor = i;
	return 0;
}

static int parse_hv_sig(const char *val, char *sig)
{
	size_t i, len = strlen(val);

	if (len > VTDIAG_HV_SIG_LEN)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (val[i] < 0x20 || val[i] >= 0x7f)
			return -EINVAL;
	strscpy(sig, val, VTDIAG_HV_SIG_LEN + 1);
	return 0;
}

/* Parses one "key=value" into @inj; refuses unknown and repeated keys. */
static int parse_pair(char *pair, struct vtdiag_inject *inj)
{
	char *val = strchr(pair, '=');
	int key, err;

	if (!val)
		return -EINVAL;
	*val++ = '\0';
	key = match_string(inject_key_names, INJ_NR_KEYS, pair);
	if (key < 0 || injected(inj, key))
		return -EINVAL;

	switch (key) {
	case INJ_VENDOR:
		err = parse_vendor(val, &inj->vendor);
		break;
	case INJ_HV_SIG:
		err = parse_hv_sig(val, inj->hv_sig);
		break;
	case INJ_LIVE_DELAY:
		err = parse_u64(val, &inj->value[key]);
		if (!err && inj->value[key] > INJECT_LIVE_DELAY_MAX_MS)
			err = -EINVAL;
		break;
	default:
		if (is_msr_key(key)) {
			inj->fault[key] = !strcmp(val, "fault");
			err = inj->fault[key] ? 0 :
			      parse_u64(val, &inj->value[key]);
		} else if (is_cpuid_word_key(key)) {
			err = parse_u64(val, &inj->value[key]);
			if (!err && inj->value[key] > U32_MAX)
				err = -EINVAL;
		} else {
			err = parse_bool01(val, &inj->flag[key]);
		}
		break;
	}
	if (err)
		return -EINVAL;
	__set_bit(key, &inj->set);
	return 0;
}

/* Merges the keys set in @add into @dst. */
static void merge_inject(struct vtdiag_inject *dst,
			 const struct vtdiag_inject *add)
{
	int key;

	for_each_set_bit(key, &add->set, INJ_NR_KEYS) {
		dst->flag[key] = add->flag[key];
		dst->fault[key] = add->fault[key];
		dst->value[key] = add->value[key];
	}
	if (injected(add, INJ_VENDOR))
		dst->vendor = add->vendor;
	if (injected(add, INJ_HV_SIG))
		strscpy(dst->hv_sig, add->hv_sig, sizeof(dst->hv_sig));
	dst->set |= add->set;
}

/*
 * Parses @line completely before anything changes, so a malformed line
 * leaves every CPU as it was. Returns the CPU (or -1 for all, -2 for
 * reset) and the keys in @add.
 */
static int parse_line(char *line, struct vtdiag_inject *add, int *target)
{
	char *tok, *cpu_tok;
	unsigned int cpu;
	int err;

	line = strim(line);
	if (!strcmp(line, "reset")) {
		*target = -2;
		return 0;
	}
	cpu_tok = strsep(&line, " ");
	if (!cpu_tok || strncmp(cpu_tok, "cpu=", 4))
		return -EINVAL;
	if (!strcmp(cpu_tok + 4, "all")) {
		*target = -1;
	} else {
		err = isdigit(cpu_tok[4]) ? kstrtouint(cpu_tok + 4, 10, &cpu) : -EINVAL;
		if (err || cpu >= nr_cpu_ids || !cpu_possible(cpu))
			return -EINVAL;
		*target = cpu;
	}

	memset(add, 0, sizeof(*add));
	while ((tok = strsep(&line, " ")) != NULL) {
		if (!*tok)
			continue;	/* runs of spaces */
		err = parse_pair(tok, add);
		if (err)
			return err;
	}
	return add->set ? 0 : -EINVAL;
}

static ssize_t inject_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct vtdiag_inject add;
	unsigned int cpu;
	int target, err;
	char *line, *nl;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count == 0 || count >= INJECT_LINE_MAX)
		return -EINVAL;
	line = memdup_user_nul(ubuf, count);
	if (IS_ERR(line))
		return PTR_ERR(line);
	/* One line: a single trailing newline at most, no NULs inside. */
	nl = strchr(line, '\n');
	if (strlen(line) != count || (nl && nl != line + count - 1)) {
		err = -EINVAL;
		goto out_free;
	}
	err = parse_line(line, &add, &target);
	if (err)
		goto out_free;

	/* No CPU comes or goes until every CPU has been re-sampled. */
	mutex_lock(&inject_write_lock);
	cpus_read_lock();
	mutex_lock(&inject_lock);
	for_each_possible_cpu(cpu) {
		struct vtdiag_inject *inj = per_cpu_ptr(injects, cpu);

		if (target == -2)
			memset(inj, 0, sizeof(*inj));
		else if (target == -1 || target == cpu)
			merge_inject(inj, &add);
	}
	if (target == -2)
		live_delay_ms = 0;
	else if (injected(&add, INJ_LIVE_DELAY))
		live_delay_ms = add.value[INJ_LIVE_DELAY];
	mutex_unlock(&inject_lock);
	err = vtdiag_resample_cpus(target < 0 ? cpu_possible_mask :
				   cpumask_of(target));
	cpus_read_unlock();
	mutex_unlock(&inject_write_lock);
	if (!err)
		err = count;

out_free:
	kfree(line);
	return err;
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = inject_write,
};

/* Before the first sample: the sampler consults the (empty) table. */
int vtdiag_inject_init(void)
{
	injects = alloc_percpu(struct vtdiag_inject);
	return injects ? 0 : -ENOMEM;
}

/* Last at load, first at unload: a write re-samples, so samples must exist. */
void vtdiag_inject_expose(void)
{
	inject_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("inject", 0200, inject_dir, NULL, &inject_fops);
	pr_notice("test-only injection enabled: /sys/kernel/debug/%s/inject\n",
		  KBUILD_MODNAME);
}

/* Waits for writes in flight. */
void vtdiag_inject_hide(void)
{
	debugfs_remove_recursive(inject_dir);
	inject_dir = NULL;
}

void vtdiag_inject_exit(void)
{
	free_percpu(injects);
	injects = NULL;
}
