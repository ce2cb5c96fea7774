// SPDX-License-Identifier: GPL-2.0
/*
 * Check vhost_net: /dev/vhost-net, through which QEMU moves guest network
 * packets in the kernel instead of in its own process. Guests have a
 * network without it, only a slower one: virt-host-validate warns, and so
 * does this check; the exit status does not change.
 *
 * A node that exists is enough, as for virt-host-validate: distributions
 * create it at boot from the module's "devname:vhost-net" alias (kmod
 * static-nodes), and opening it loads the module.
 */
#include <stdlib.h>

#include "i18n.h"
#include "kmodinfo.h"
#include "report.h"

/* The misc device vhost_net registers (VHOST_NET_MINOR). */
#define VHOST_NET_MAJOR	10
#define VHOST_NET_MINOR	238

extern const struct vtdiag_check vtdiag_check_vhost_net;

static void *probe(const struct vtdiag_report *report)
{
	struct vtdiag_kmod_dev *facts = calloc(1, sizeof(*facts));

	(void)report;
	if (facts)
		vtdiag_kmod_dev_probe(facts, "/dev/vhost-net", VHOST_NET_MAJOR,
				      VHOST_NET_MINOR, "vhost_net");
	return facts;
}

static const struct vtdiag_kmod_dev *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_vhost_net);
}

static bool vhost_net_missing(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_missing(facts_of(report));
}

static bool vhost_net_not_loaded(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_not_loaded(facts_of(report));
}

/* The driver is there, the node is not: no devtmpfs, or a container. */
static bool vhost_net_node_missing(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_node_missing(facts_of(report));
}

static bool vhost_net_not_built(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_not_built(facts_of(report));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "load_vhost_net", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  vhost_net_not_loaded, false,
	  N_("Guest networking is faster through /dev/vhost-net, which is missing because the vhost_net module is not loaded. Load it: `sudo modprobe vhost_net`. To load it at every boot: `echo vhost_net | sudo tee /etc/modules-load.d/vhost_net.conf`."),
	},
	{ "create_vhost_net_node", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  vhost_net_node_missing, false,
	  N_("The vhost_net driver is in the kernel, but /dev/vhost-net is missing or not the vhost-net device. In a container, pass it in, for example with `docker run --device /dev/vhost-net`. Otherwise create it: `sudo mknod -m 0660 /dev/vhost-net c 10 238` `sudo chgrp kvm /dev/vhost-net` and check that /dev is a devtmpfs mount: `findmnt /dev`."),
	},
	{ "vhost_net_not_built", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  vhost_net_not_built, false,
	  N_("This kernel was built without vhost-net (CONFIG_VHOST_NET): guests still get a network, through QEMU's own process, only slower. For faster guest networking boot a kernel built with it; distribution kernels are."),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct vtdiag_kmod_dev *facts = facts_of(report);

	if (!facts) {
		strbuf_adds(detail, _("not checked"));
		return VTDIAG_SKIP;
	}
	vtdiag_kmod_dev_describe(detail, facts, "vhost_net");
	return vhost_net_missing(report) ? VTDIAG_WARN : VTDIAG_PASS;
}

/* Only what was looked at: a report of crafted facts has no such line. */
static bool in_text(const struct vtdiag_report *report)
{
	return facts_of(report) != NULL;
}

const struct vtdiag_check vtdiag_check_vhost_net = {
	.id = "vhost_net",
	.title = "/dev/vhost-net",
	.probe = probe,
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
