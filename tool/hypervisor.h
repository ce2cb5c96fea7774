/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which hypervisor this machine runs under: the CPUID 0x40000000
 * signature (docs/remediation.md, "Hypervisor signatures"), corrected by
 * DMI where a product presents another's paravirtual interface (VirtualBox
 * offers KVM's and Hyper-V's, QEMU/KVM offers Hyper-V's to guests that
 * want it). Pure lookups.
 */
#ifndef VTDIAG_HYPERVISOR_H
#define VTDIAG_HYPERVISOR_H

#include "model.h"

enum vtdiag_hv_kind {
	VTDIAG_HV_OTHER,		/* no signature, or one without how-to */
	VTDIAG_HV_KVM,
	VTDIAG_HV_TCG,			/* QEMU without KVM: pure emulation */
	VTDIAG_HV_HYPERV,
	VTDIAG_HV_VMWARE,
	VTDIAG_HV_VIRTUALBOX,
	VTDIAG_HV_XEN,
	VTDIAG_HV_BHYVE,
	VTDIAG_HV_PARALLELS,
};

struct vtdiag_hv_identity {
	enum vtdiag_hv_kind kind;
	const char *product;		/* "KVM", "QEMU TCG"; NULL: not known */
};

struct vtdiag_hv_identity vtdiag_hypervisor_identify(const char *signature,
						     const struct vtdiag_dmi *dmi);
/* "kvm", "tcg", "hyperv", ... "other": stable, for JSON. */
const char *vtdiag_hv_kind_id(enum vtdiag_hv_kind kind);

#endif /* VTDIAG_HYPERVISOR_H */
