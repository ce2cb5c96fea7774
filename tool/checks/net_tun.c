// SPDX-License-Identifier: GPL-2.0
/*
 * Check net_tun: /dev/net/tun, through which QEMU and libvirt give guests
 * their network interfaces (tap devices). virt-host-validate fails
 * without it; so does this check, but KVM itself runs without it, so the
 * exit status does not change.
 */
#include <stdlib.h>

#include "i18n.h"
#include "kmodinfo.h"
#include "report.h"

/* The misc device the tun driver registers. */
#define TUN_MAJOR	10
#define TUN_MINOR	200

extern const struct vtdiag_check vtdiag_check_net_tun;

static void *probe(const struct vtdiag_report *report)
{
	struct vtdiag_kmod_dev *facts = calloc(1, sizeof(*facts));

	(void)report;
	if (facts)
		vtdiag_kmod_dev_probe(facts, "/dev/net/tun", TUN_MAJOR,
				      TUN_MINOR, "tun");
	return facts;
}

static const struct vtdiag_kmod_dev *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_net_tun);
}

static bool tun_missing(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_missing(facts_of(report));
}

static bool tun_not_loaded(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_not_loaded(facts_of(report));
}

/* The driver is there, the node is not: no devtmpfs, or a container. */
static bool tun_node_missing(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_node_missing(facts_of(report));
}

static bool tun_not_built(const struct vtdiag_report *report)
{
	return facts_of(report) && vtdiag_kmod_dev_not_built(facts_of(report));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "load_tun", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE, tun_not_loaded,
	  false,
	  N_("Guests get their network through /dev/net/tun, which is missing because the tun module is not loaded. Load it: `sudo modprobe tun`. To load it at every boot: `echo tun | sudo tee /etc/modules-load.d/tun.conf`."),
	},
	{ "create_tun_node", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  tun_node_missing, false,
	  N_("The tun driver is in the kernel, but /dev/net/tun is missing or not the tun device. In a container, pass it in, for example with `docker run --device /dev/net/tun`. Otherwise create it: `sudo mkdir -p /dev/net` `sudo mknod -m 0666 /dev/net/tun c 10 200` and check that /dev is a devtmpfs mount: `findmnt /dev`."),
	},
	{ "tun_not_built", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE, tun_not_built,
	  false,
	  N_("This kernel was built without the tun driver (CONFIG_TUN), so guests can get no tap network interface. Boot a kernel built with it; distribution kernels are."),
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
	vtdiag_kmod_dev_describe(detail, facts, "tun");
	/* Guests need it only once KVM can run: until then it only warns. */
	return vtdiag_os_status(report, !tun_missing(report));
}

/* Only what was looked at: a report of crafted facts has no such line. */
static bool in_text(const struct vtdiag_report *report)
{
	return facts_of(report) != NULL;
}

const struct vtdiag_check vtdiag_check_net_tun = {
	.id = "net_tun",
	.title = "/dev/net/tun",
	.probe = probe,
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
