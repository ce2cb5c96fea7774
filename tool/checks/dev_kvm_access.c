// SPDX-License-Identifier: GPL-2.0
/*
 * Check dev_kvm_access: whether the calling user can open /dev/kvm, and
 * if not, which of owner, mode, group, login session, ACL or a security
 * module is in the way (report.c, vtdiag_dev_kvm_access()).
 */
#include <string.h>

#include "i18n.h"
#include "report.h"

static bool dev_kvm_is(const struct vtdiag_report *report,
		       enum vtdiag_dev_kvm_access access)
{
	return vtdiag_dev_kvm_access(report) == access;
}

static bool dev_kvm_bad_permissions(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_PERMISSIONS);
}

static bool kvm_group_missing(const struct vtdiag_report *report)
{
	return dev_kvm_bad_permissions(report) && !report->os.kvm_group_exists;
}

/* Also once the permissions are fixed: the group must then let the user in. */
static bool needs_kvm_group(const struct vtdiag_report *report)
{
	const struct vtdiag_os *os = &report->os;

	return dev_kvm_is(report, VTDIAG_DEV_KVM_NOT_IN_GROUP) ||
	       (dev_kvm_bad_permissions(report) && os->uid != 0 &&
		!os->user_in_kvm_group);
}

static bool needs_relogin(const struct vtdiag_report *report)
{
	const struct vtdiag_os *os = &report->os;

	return dev_kvm_is(report, VTDIAG_DEV_KVM_RELOGIN) ||
	       (dev_kvm_bad_permissions(report) && os->uid != 0 &&
		os->user_in_kvm_group && !os->session_in_kvm_group);
}

static bool dev_kvm_acl_denies(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_ACL);
}

/* Mode and ACL allow it, yet it was refused: an LSM or a device cgroup. */
static bool dev_kvm_refused(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_OTHER) &&
	       vtdiag_errno_denied(report->os.dev_kvm_errno);
}

static bool dev_kvm_unopenable(const struct vtdiag_report *report)
{
	return !vtdiag_kvm_missing(report) && dev_kvm_is(report, VTDIAG_DEV_KVM_OTHER) &&
	       !vtdiag_errno_denied(report->os.dev_kvm_errno) &&
	       vtdiag_kvm_registered(report) != 0;
}

static enum vtdiag_status access_state(const struct vtdiag_report *report,
				       struct strbuf *detail)
{
	const struct vtdiag_os *os = &report->os;
	const char *user = os->user[0] ? os->user : _("this user");

	switch (vtdiag_dev_kvm_access(report)) {
	case VTDIAG_DEV_KVM_OK:
		strbuf_addf(detail, _("%s can open it"), user);
		return VTDIAG_PASS;
	case VTDIAG_DEV_KVM_MISSING:
		strbuf_adds(detail, _("not checked: /dev/kvm is missing"));
		break;
	case VTDIAG_DEV_KVM_NOT_IN_GROUP:
		strbuf_addf(detail, _("%s: permission denied: not in group %s"),
			    user, os->kvm_group);
		break;
	case VTDIAG_DEV_KVM_RELOGIN:
		strbuf_addf(detail, _("%s: permission denied: in group %s, %s"),
			    user, os->kvm_group, _("but not in this login session"));
		break;
	case VTDIAG_DEV_KVM_PERMISSIONS:
		strbuf_addf(detail, _("%s: permission denied by owner and mode: "),
			    user);
		vtdiag_describe_dev_kvm(detail, os);
		break;
	case VTDIAG_DEV_KVM_ACL:
		strbuf_addf(detail, _("%s: permission denied by the ACL of /dev/kvm"),
			    user);
		break;
	default:
		strbuf_addf(detail, _("%s cannot open it: %s"), user,
			    strerror(os->dev_kvm_errno));
	}
	return vtdiag_os_status(report, false);
}

/* getent timed out: who the user is and which groups it has is unknown. */
static void add_getent_timeout(struct strbuf *detail, const struct vtdiag_os *os)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];

	if (!os->getent_timeout_ms)
		return;
	vtdiag_helper_timeout_text(why, sizeof(why), "getent",
				   os->getent_timeout_ms);
	strbuf_addf(detail, _(" (%s: group membership not checked)"), why);
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	enum vtdiag_status status = access_state(report, detail);

	add_getent_timeout(detail, &report->os);
	return status;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "kvm_group_missing", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE,
	  kvm_group_missing, false,
	  N_("There is no group {kvm_group} on this system. Create it: `sudo groupadd --system {kvm_group}`."),
	},
	{ "dev_kvm_permissions", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE,
	  dev_kvm_bad_permissions, false,
	  N_("/dev/kvm is {dev_kvm}: its owner and mode let no ordinary user in. It should be crw-rw---- root {kvm_group}, which udev sets up when KVM loads. Set it now: `sudo chown root:{kvm_group} /dev/kvm` `sudo chmod 0660 /dev/kvm`. If a reboot undoes it, udev is not running or has no rule for kvm; check: `systemctl status systemd-udevd` `grep -rs kvm /usr/lib/udev/rules.d /etc/udev/rules.d`."),
	},
	{ "dev_kvm_add_group", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE,
	  needs_kvm_group, false,
	  N_("Give {user} access to /dev/kvm: `sudo usermod -aG {kvm_group} {user}`. Then log out and back in: group membership is read at login."),
	},
	{ "dev_kvm_relogin", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE, needs_relogin,
	  false,
	  N_("{user} is in group {kvm_group}, but this login session started before that. Log out and back in, or run `newgrp {kvm_group}` in this shell."),
	},
	{ "dev_kvm_acl", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE, dev_kvm_acl_denies,
	  false,
	  N_("The owner and mode of /dev/kvm ({dev_kvm}) would let {user} in, but its access control list does not. Show it: `getfacl /dev/kvm`. Grant {user} access: `sudo setfacl -m u:{user}:rw /dev/kvm`."),
	},
	{ "dev_kvm_refused", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE, dev_kvm_refused,
	  false,
	  N_("{user} may open /dev/kvm by its owner and mode ({dev_kvm}), yet opening it failed ({dev_kvm_error}): a security module (SELinux, AppArmor) or a container's device rules refuse it. Look for denials: `sudo dmesg | grep -i -e denied -e apparmor`. In a container, pass the device in, for example with `docker run --device /dev/kvm`."),
	},
	{ "dev_kvm_unopenable", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE,
	  dev_kvm_unopenable, false,
	  N_("{user} cannot open /dev/kvm ({dev_kvm_error}). Look for KVM messages in the kernel log: `sudo dmesg | grep -i kvm`."),
	},
};

const struct vtdiag_check vtdiag_check_dev_kvm_access = {
	.id = "dev_kvm_access",
	.title = N_("/dev/kvm access"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
