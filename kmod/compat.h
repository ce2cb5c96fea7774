/* SPDX-License-Identifier: GPL-2.0 */
/*
 * All kernel-version shims of vtdiag, and only here. The .c files are
 * written against the newest API; older kernels are adapted below, each
 * shim chosen by a probe of the target's headers in Kbuild (VTDIAG_HAVE_*)
 * or by the presence of the macro it stands in for.
 *
 * Supported kernels: Linux 5.10 and newer, x86-64; tested by the kernel
 * matrix of `make check` (scripts/kernels.conf). README.md and dkms.conf
 * state the same window.
 */
#ifndef _VTDIAG_COMPAT_H
#define _VTDIAG_COMPAT_H

#include <asm/msr.h>
#include <asm/processor.h>
#include <net/genetlink.h>

#ifndef CONFIG_X86
#error "vtdiag reads x86 MSRs and CPUID: it builds for x86 only"
#endif

/*
 * cpuid() and friends moved to <asm/cpuid/api.h> (6.16), and by 7.2
 * <asm/processor.h> includes only <asm/cpuid/types.h>: take them from
 * api.h wherever it exists.
 */
#ifdef VTDIAG_HAVE_CPUID_API
#include <asm/cpuid/api.h>
#endif

/* 6.16 renamed the 64-bit MSR accessors from rdmsrl_* to rdmsrq_*. */
#ifndef VTDIAG_HAVE_RDMSRQ
#define rdmsrq_safe(msr, q) rdmsrl_safe(msr, q)
#define rdmsrq_safe_on_cpu(cpu, msr, q) rdmsrl_safe_on_cpu(cpu, msr, q)
#endif

/*
 * 6.6 gave dumps a struct genl_info (genl_info_dump()); before, the
 * parsed attributes sat in struct genl_dumpit_info itself. Both have
 * ->attrs, which is all vtdiag reads.
 */
#ifndef VTDIAG_HAVE_GENL_INFO_DUMP
#define genl_info_dump(cb) genl_dumpit_info(cb)
#endif

/*
 * 6.0 added GENL_REQ_ATTR_CHECK(), which also tells the caller which
 * attribute is missing (extack miss_type); 5.10 to 5.19 get the check and
 * a message.
 */
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) ({				\
	const struct genl_info *__info = (info);			\
	bool __missing = !__info->attrs[(attr)];			\
									\
	if (__missing)							\
		NL_SET_ERR_MSG(__info->extack, "missing attribute " #attr); \
	__missing;							\
})
#endif

/*
 * 5.19 renamed the housekeeping flags (HK_FLAG_TICK, a bit mask) to types
 * (HK_TYPE_TICK, an index); 6.15+ keep HK_TYPE_TICK as an alias.
 */
#ifndef VTDIAG_HAVE_HK_TYPE
#define HK_TYPE_TICK HK_FLAG_TICK
#define HK_TYPE_DOMAIN HK_FLAG_DOMAIN
#endif

#endif /* _VTDIAG_COMPAT_H */
