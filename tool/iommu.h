/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The advice placeholders of the iommu check (checks/iommu.c): which
 * firmware switch, the kernel's default, and the distribution's way to
 * change the kernel command line, from what its probe found.
 */
#ifndef VTDIAG_IOMMU_H
#define VTDIAG_IOMMU_H

#include "model.h"
#include "strbuf.h"

void vtdiag_iommu_fill_firmware(struct strbuf *sb,
				const struct vtdiag_report *report);
void vtdiag_iommu_fill_table(struct strbuf *sb,
			     const struct vtdiag_report *report);
void vtdiag_iommu_fill_default(struct strbuf *sb,
			       const struct vtdiag_report *report);
void vtdiag_iommu_fill_off_params(struct strbuf *sb,
				  const struct vtdiag_report *report);
void vtdiag_iommu_fill_cmdline_add(struct strbuf *sb,
				   const struct vtdiag_report *report);
void vtdiag_iommu_fill_cmdline_remove(struct strbuf *sb,
				      const struct vtdiag_report *report);

#endif /* VTDIAG_IOMMU_H */
