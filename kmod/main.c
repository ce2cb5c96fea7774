// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag: tells whether this machine can run KVM guests and, if not, why.
 * This file only wires the parts together; init is undone in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "vtdiag.h"

static int __init vtdiag_init(void)
{
	int err;

	/* Injections must exist before the first sample reads them. */
	err = vtdiag_inject_init();
	if (err)
		return err;

	err = vtdiag_sample_init();
	if (err)
		goto err_inject_exit;

	err = vtdiag_kvm_init();
	if (err)
		goto err_sample_exit;

	err = vtdiag_netlink_init();
	if (err)
		goto err_kvm_exit;

	vtdiag_inject_expose();
	pr_info("version %s loaded\n", VTDIAG_VERSION);
	return 0;

err_kvm_exit:
	vtdiag_kvm_exit();
err_sample_exit:
	vtdiag_sample_exit();
err_inject_exit:
	vtdiag_inject_exit();
	return err;
}

static void __exit vtdiag_exit(void)
{
	/* Each step waits for its requests in flight before samples go. */
	vtdiag_inject_hide();
	vtdiag_netlink_exit();
	vtdiag_kvm_exit();
	vtdiag_sample_exit();
	vtdiag_inject_exit();
}

module_init(vtdiag_init);
module_exit(vtdiag_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Firmware and KVM state of hardware virtualization (VT-x/AMD-V), over generic netlink");
MODULE_AUTHOR("vtdiag developers");
MODULE_VERSION(VTDIAG_VERSION);
MODULE_ALIAS_GENL_FAMILY(VTDIAG_GENL_NAME);
