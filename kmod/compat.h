/* SPDX-License-Identifier: GPL-2.0 */
/*
 * All kernel-version shims of vtdiag, and only here. The .c files are
 * written against the newest API; older kernels are adapted below, each
 * shim chosen by a probe of the target's headers in Kbuild.
 *
 * Supported kernels: Linux 6.1 and newer, x86-64 (tested: Debian 12,
 * 6.1). README.md and dkms.conf state the same window.
 */
#ifndef _VTDIAG_COMPAT_H
#define _VTDIAG_COMPAT_H

#include <asm/msr.h>

#ifndef CONFIG_X86
#error "vtdiag reads x86 MSRs and CPUID: it builds for x86 only"
#endif

/* 6.16 renamed the 64-bit MSR accessors from rdmsrl_* to rdmsrq_*. */
#ifndef VTDIAG_HAVE_RDMSRQ
#define rdmsrq_safe(msr, q) rdmsrl_safe(msr, q)
#define rdmsrq_safe_on_cpu(cpu, msr, q) rdmsrl_safe_on_cpu(cpu, msr, q)
#endif

#endif /* _VTDIAG_COMPAT_H */
