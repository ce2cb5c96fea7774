/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What DKMS on this machine signs modules with, for the Secure Boot
 * enrolment step (docs/remediation.md, "Secure Boot").
 */
#ifndef VTDIAG_DKMS_H
#define VTDIAG_DKMS_H

#include <stddef.h>

struct vtdiag_platform;

/*
 * The certificate `mokutil --import` needs: mok_certificate= of DKMS's
 * framework.conf (then framework.conf.d/ *.conf in name order, the last
 * setting wins), else the distribution's default: Ubuntu's DKMS uses
 * shim-signed's /var/lib/shim-signed/mok/MOK.der, Debian's and upstream
 * DKMS 3 /var/lib/dkms/mok.pub. Read under the root.
 */
void vtdiag_dkms_mok_certificate(const struct vtdiag_platform *platform,
				 char *buf, size_t size);

#endif /* VTDIAG_DKMS_H */
