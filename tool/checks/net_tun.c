// SPDX-License-Identifier: GPL-2.0
/*
 * Check net_tun: /dev/net/tun, through which QEMU and libvirt give guests
 * their network interfaces (tap devices). virt-host-validate fails
 * without it; so does this check, but KVM itself runs without it, so the
 * exit status does not change.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "i18n.h"
#include "kmodinfo.h"
#include "report.h"
#include "root.h"

/* The misc device the tun driver registers. */
#define TUN_MAJOR	10
#define TUN_MINOR	200

struct tun_facts {
	int dev_err;			/* 0: /dev/net/tun is the tun device */
	bool dev_other;			/* it exists, but is something else */
	enum vtdiag_kmod_avail module;
};

extern const struct vtdiag_check vtdiag_check_net_tun;

static void *probe(const struct vtdiag_report *report)
{
	struct tun_facts *facts = calloc(1, sizeof(*facts));
	struct stat st;

	(void)report;
	if (!facts)
		return NULL;
	if (vtdiag_root_stat("/dev/net/tun", &st))
		facts->dev_err = errno;
	else if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != TUN_MAJOR ||
		 minor(st.st_rdev) != TUN_MINOR)
		/* A captured tree keeps a placeholder: only a device is judged. */
		facts->dev_other = vtdiag_root_is_host();
	/* The device there means the driver is: no need for the module lists. */
	facts->module = facts->dev_err || facts->dev_other ?
			vtdiag_kmod_find("tun") : vtdiag_kmod_present("tun");
	return facts;
}

static const struct tun_facts *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_net_tun);
}

static bool tun_missing(const struct vtdiag_report *report)
{
	const struct tun_facts *facts = facts_of(report);

	return facts && (facts->dev_err || facts->dev_other);
}

static bool tun_not_loaded(const struct vtdiag_report *report)
{
	return tun_missing(report) &&
	       facts_of(report)->module == VTDIAG_KMOD_AVAILABLE;
}

/* The driver is there, the node is not: no devtmpfs, or a container. */
static bool tun_node_missing(const struct vtdiag_report *report)
{
	const struct tun_facts *facts = facts_of(report);

	return tun_missing(report) && (facts->module == VTDIAG_KMOD_LOADED ||
				       facts->module == VTDIAG_KMOD_BUILTIN);
}

static bool tun_not_built(const struct vtdiag_report *report)
{
	return tun_missing(report) &&
	       facts_of(report)->module == VTDIAG_KMOD_MISSING;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "load_tun", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE, tun_not_loaded,
	  false,
	  N_("Guests get their network through /dev/net/tun, which is missing because the tun module is not loaded. Load it: `sudo modprobe tun`. To load it at every boot: `echo tun | sudo tee /etc/modules-load.d/tun.conf`."),
	},
	{ "create_tun_node", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  tun_node_missing,
	  false,
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
	const struct tun_facts *facts = facts_of(report);

	if (!facts) {
		strbuf_adds(detail, _("not checked"));
		return VTDIAG_SKIP;
	}
	if (facts->dev_other)
		strbuf_adds(detail, _("not the tun device"));
	else if (facts->dev_err == ENOENT)
		strbuf_adds(detail, _("missing"));
	else if (facts->dev_err)
		strbuf_addf(detail, _("cannot be looked at: %s"),
			    strerror(facts->dev_err));
	else
		strbuf_adds(detail, _("present"));
	/* TRANSLATORS: "; tun module: installed, not loaded" */
	if (facts->module != VTDIAG_KMOD_UNKNOWN || tun_missing(report))
		strbuf_addf(detail, _("; tun module: %s"),
			    vtdiag_kmod_phrase(facts->module));
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
