// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag fix: makes the changes the report asks for that Linux can make
 * itself, and nothing else.
 *
 *   firmware   the virtualization setting the firmware-attributes class
 *              exposes (fwattr.h), set to the possible value that means
 *              on, by writing that one current_value: opened through the
 *              root (openat2 RESOLVE_IN_ROOT under --root), O_WRONLY and
 *              never O_CREAT. Then re-read, and the power cycle it needs
 *              said. Refused, with the reason, where the driver will not
 *              take it (read-only, a BIOS administrator password, no
 *              value meaning on).
 *   os         once the firmware allows virtualization: the KVM vendor
 *              module loaded (modprobe) and loaded at every boot
 *              (/etc/modules-load.d/vtdiag-kvm.conf, a new file only),
 *              and a user added to /dev/kvm's group (usermod, else
 *              gpasswd). Programs run through vtdiag_run() only, and
 *              never under a captured tree.
 *
 * Every step is listed first, then asked for on the terminal one by one,
 * unless --yes; --dry-run lists them and stops. With no terminal and no
 * --yes it changes nothing. Root is needed on this machine; under
 * --root DIR the writes go into DIR, so tests run on a copy as any user.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "firmware_setting.h"
#include "fix.h"
#include "i18n.h"
#include "readfile.h"
#include "report.h"
#include "root.h"
#include "run.h"
#include "util.h"

#define MODULES_LOAD_FILE	"/etc/modules-load.d/vtdiag-kvm.conf"
#define USERMOD_TIMEOUT_MS	10000

static const char usage_text[] = N_(
"Usage: vtdiag fix [--dry-run] [--yes] [--firmware-only] [--user NAME]\n"
"                  [--root DIR]\n"
"Make the changes vtdiag's report asks for that Linux can make itself:\n"
"  - switch virtualization on in the firmware, where a firmware-attributes\n"
"    driver (dell-wmi-sysman, thinklmi, hp-bioscfg) exposes the setting and\n"
"    takes changes; it counts after the machine was switched off and on;\n"
"  - once the firmware allows virtualization: load the KVM vendor module\n"
"    now and at every boot, and add a user to the group of /dev/kvm.\n"
"Nothing else is changed. Each step is shown and asked for first.\n"
"\n"
"Options:\n"
"      --dry-run        show each step and exactly what it would write or\n"
"                       run, and change nothing\n"
"  -y, --yes            do every step without asking\n"
"      --firmware-only  only the firmware setting, no operating system step\n"
"      --user NAME      the user to add to /dev/kvm's group (default: the\n"
"                       user who ran sudo, SUDO_USER; none for root)\n"
"      --root DIR       change the tree DIR instead of this machine (tests);\n"
"                       no program is run there\n"
"  -h, --help           show this help and exit\n"
"\n"
"Exit status:\n"
"  0   done: every step was made, or nothing was needed (or --dry-run)\n"
"  1   not confirmed: a step was declined, or there is no terminal to ask\n"
"      on and no --yes; nothing unconfirmed was changed\n"
"  2   refused: Linux cannot change the firmware setting here (not\n"
"      exposed, read-only, guarded by a BIOS password); use the firmware\n"
"      setup or the server's BMC, as vtdiag's report says\n"
"  3   a change failed\n"
"  64  usage error, or not run as root on this machine\n");

enum fix_exit {
	FIX_DONE = 0,
	FIX_DECLINED = 1,
	FIX_REFUSED = 2,
	FIX_FAILED = 3,
	FIX_USAGE = 64,
};

struct fix_options {
	bool dry_run;
	bool yes;
	bool firmware_only;
	const char *user;
	const char *root;
};

enum step_kind {
	STEP_FIRMWARE,
	STEP_MODPROBE,
	STEP_MODULES_LOAD,
	STEP_GROUP,
};

struct step {
	enum step_kind kind;
	char what[512];			/* as listed and asked */
	char arg[VTDIAG_FW_VALUE_LEN];	/* value, module or user */
	char group[VTDIAG_FW_VALUE_LEN];	/* the user's new group */
};

#define MAX_STEPS	4

struct plan {
	const struct vtdiag_fwattr *fw;
	const struct vtdiag_fw_setting *sw;
	struct step steps[MAX_STEPS];
	size_t nr_steps;
	enum fix_exit status;		/* the worst so far */
	bool power_cycle;		/* a firmware change awaits it */
};

static void worst(struct plan *plan, enum fix_exit status)
{
	/* Failed over refused over declined over done. */
	if (status > plan->status)
		plan->status = status;
}

static struct step *add_step(struct plan *plan, enum step_kind kind)
{
	struct step *step = &plan->steps[plan->nr_steps++];

	memset(step, 0, sizeof(*step));
	step->kind = kind;
	return step;
}

/* "vtdiag fix: WHAT 'WORD'", the word's unprintable bytes as \xNN. */
static void usage_error(const char *what, const char *word)
{
	size_t i;

	fprintf(stderr, "vtdiag fix: %s", what);
	if (word) {
		fputs(" '", stderr);
		for (i = 0; word[i] && i < 64; i++) {
			unsigned char byte = word[i];

			if (byte >= 0x20 && byte < 0x7f && byte != '\\')
				fputc(byte, stderr);
			else
				fprintf(stderr, "\\x%02x", byte);
		}
		fputs(word[i] ? "...'" : "'", stderr);
	}
	fputc('\n', stderr);
	fputs(_("Try 'vtdiag fix --help' for more information.\n"), stderr);
}

static const char user_chars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-$";

static int parse(int argc, char **argv, struct fix_options *opts)
{
	static const struct option longs[] = {
		{ "dry-run",		no_argument,		NULL, 'n' },
		{ "yes",		no_argument,		NULL, 'y' },
		{ "firmware-only",	no_argument,		NULL, 'f' },
		{ "user",		required_argument,	NULL, 'u' },
		{ "root",		required_argument,	NULL, 'r' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool help = false;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+yh", longs, NULL)) != -1) {
		switch (opt) {
		case 'n':
			opts->dry_run = true;
			break;
		case 'y':
			opts->yes = true;
			break;
		case 'f':
			opts->firmware_only = true;
			break;
		case 'u':
			opts->user = optarg;
			break;
		case 'r':
			opts->root = optarg;
			break;
		case 'h':
			help = true;
			break;
		default:
			usage_error(_("bad option"), argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		usage_error(_("unexpected argument"), argv[optind]);
		return -1;
	}
	if (opts->dry_run && opts->yes) {
		usage_error(_("--dry-run and --yes cannot be combined"), NULL);
		return -1;
	}
	/* A user name as useradd takes it: no option, no path, no blank. */
	if (opts->user && (!opts->user[0] || opts->user[0] == '-' ||
			   strlen(opts->user) > 32 ||
			   strspn(opts->user, user_chars) != strlen(opts->user))) {
		usage_error(_("--user needs a user name, not"), opts->user);
		return -1;
	}
	if (help) {
		fputs(_(usage_text), stdout);
		return 1;
	}
	return 0;
}

static int set_root(struct fix_options *opts)
{
	int err;

	if (!opts->root)
		opts->root = getenv("VTDIAG_ROOT");
	if (!opts->root)
		return 0;
	if (!opts->root[0]) {
		usage_error(_("--root needs a directory"), NULL);
		return -1;
	}
	err = vtdiag_root_set(opts->root);
	if (err) {
		usage_error(_("--root: no directory to open at"), opts->root);
		return -1;
	}
	return 0;
}

/* --- the plan ----------------------------------------------------------- */

/* Verdicts the firmware setup fixes: as the firmware_setting advice. */
static bool firmware_off(__u32 verdict)
{
	return verdict == VTDIAG_STATE_DISABLED_BY_FIRMWARE ||
	       verdict == VTDIAG_STATE_DISABLED_OUTSIDE_SMX ||
	       verdict == VTDIAG_STATE_INCONSISTENT;
}

static void plan_firmware(struct plan *plan, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = plan->sw;
	__u32 verdict = vtdiag_report_verdict(report);
	bool known = vtdiag_report_sampled(report) &&
		     verdict != VTDIAG_STATE_UNKNOWN;
	struct strbuf path = STRBUF_INIT;
	const char *why;

	/* Under a hypervisor the firmware is virtual: its host changes it. */
	if (report->host.hypervisor) {
		printf(_("Firmware: this machine runs under a hypervisor, whose settings decide; vtdiag's report says where to change them. Nothing to write here.\n"));
		if (known && firmware_off(verdict))
			worst(plan, FIX_REFUSED);
		return;
	}
	if (known && !firmware_off(verdict) && (!sw || sw->state == VTDIAG_FW_ON)) {
		printf(_("Firmware: virtualization is not switched off by the firmware; nothing to change there.\n"));
		return;
	}
	if (!sw) {
		printf(_("Firmware: no firmware-attributes driver exposes the virtualization setting here, so Linux cannot change it. Change it in the firmware setup, or on a server through its BMC (see vtdiag's report).\n"));
		worst(plan, FIX_REFUSED);
		return;
	}
	if (sw->state == VTDIAG_FW_ON ||
	    vtdiag_fw_setting_driver(plan->fw, sw)->pending_reboot > 0) {
		printf(_("Firmware: '%s' (%s) reads %s and needs no change; the CPUs take it at the next power-on.\n"),
		       sw->name, vtdiag_fw_setting_driver(plan->fw, sw)->name,
		       sw->value[0] ? sw->value : "?");
		plan->power_cycle = known && firmware_off(verdict);
		return;
	}
	if (known && !firmware_off(verdict)) {
		printf(_("Firmware: '%s' reads %s, but the CPUs have virtualization on: left alone.\n"),
		       sw->name, sw->value[0] ? sw->value : "?");
		return;
	}
	why = vtdiag_fw_setting_refusal(plan->fw, sw);
	if (why) {
		printf(_("Firmware: '%s' (%s) cannot be changed from Linux: %s. Change it in the firmware setup.\n"),
		       sw->name, vtdiag_fw_setting_driver(plan->fw, sw)->name, _(why));
		worst(plan, FIX_REFUSED);
		return;
	}
	vtdiag_fw_setting_path(&path, plan->fw, sw, "current_value");
	snprintf(add_step(plan, STEP_FIRMWARE)->what, sizeof(plan->steps[0].what),
		 _("set the firmware setting '%s' from %s to %s: write \"%s\" to %s"),
		 sw->name, sw->value[0] ? sw->value : "?", sw->on_value,
		 sw->on_value, strbuf_str(&path));
	snprintf(plan->steps[plan->nr_steps - 1].arg,
		 sizeof(plan->steps[0].arg), "%s", sw->on_value);
	strbuf_release(&path);
}

/* Whether @user is in @group by /etc/group or by its primary group. */
static int user_in_group(const char *user, const char *group)
{
	char *buf = vtdiag_read_whole_file("/etc/group", 1 << 20);
	char *save = NULL, *text, *rest, *gid, *members, *member, *pw;
	size_t len = strlen(user);
	long group_id = -1;
	int found = -1;

	if (!buf)
		return -1;
	/* name:password:gid:members, fields possibly empty (strsep, not strtok). */
	for (text = strtok_r(buf, "\n", &save); text; text = strtok_r(NULL, "\n", &save)) {
		rest = text;
		if (strcmp(strsep(&rest, ":"), group))
			continue;
		strsep(&rest, ":");
		gid = strsep(&rest, ":");
		members = strsep(&rest, ":");
		group_id = gid && *gid ? strtol(gid, NULL, 10) : -1;
		found = 0;
		while (members && (member = strsep(&members, ",")))
			if (!strcmp(member, user))
				found = 1;
		break;
	}
	free(buf);
	if (found != 0)
		return found;
	/* Its primary group: name:password:uid:gid:... in /etc/passwd. */
	pw = vtdiag_read_whole_file("/etc/passwd", 1 << 20);
	save = NULL;
	for (text = pw ? strtok_r(pw, "\n", &save) : NULL; text;
	     text = strtok_r(NULL, "\n", &save)) {
		if (strncmp(text, user, len) || text[len] != ':')
			continue;
		rest = text + len + 1;
		strsep(&rest, ":");
		strsep(&rest, ":");
		gid = strsep(&rest, ":");
		if (gid && *gid && group_id >= 0 && strtol(gid, NULL, 10) == group_id)
			found = 1;
		break;
	}
	free(pw);
	return found;
}

static void plan_os(struct plan *plan, const struct vtdiag_report *report,
		    const struct fix_options *opts)
{
	const char *module = vtdiag_report_vendor_module(report);
	const char *group = report->os.kvm_group[0] ? report->os.kvm_group : "kvm";
	const char *user = opts->user ? opts->user : getenv("SUDO_USER");
	struct step *step;
	__u32 state;
	int member;

	if (!vtdiag_firmware_allows(report)) {
		if (!report->host.hypervisor &&
		    firmware_off(vtdiag_report_verdict(report)))
			printf(_("Operating system: nothing to do before the firmware allows virtualization; run vtdiag fix again after the power cycle.\n"));
		else
			printf(_("Operating system: nothing to do while this machine has no hardware virtualization to use (see vtdiag's report).\n"));
		return;
	}
	if (module && vtdiag_report_kvm_vendor(report, &state) &&
	    !vtdiag_kvm_usable(state)) {
		step = add_step(plan, STEP_MODPROBE);
		snprintf(step->what, sizeof(step->what),
			 _("load the KVM module %s now: run modprobe %s"), module, module);
		snprintf(step->arg, sizeof(step->arg), "%s", module);
	}
	if (module && vtdiag_root_access(MODULES_LOAD_FILE, F_OK)) {
		step = add_step(plan, STEP_MODULES_LOAD);
		snprintf(step->what, sizeof(step->what),
			 _("load %s at every boot: create %s holding \"%s\""),
			 module, MODULES_LOAD_FILE, module);
		snprintf(step->arg, sizeof(step->arg), "%s", module);
	}
	if (!user || !strcmp(user, "root"))
		return;
	member = user_in_group(user, group);
	if (member < 0) {
		printf(_("Operating system: group %s or user %s not found in /etc/group and /etc/passwd; not changing membership.\n"),
		       group, user);
		return;
	}
	if (member)
		return;
	step = add_step(plan, STEP_GROUP);
	snprintf(step->what, sizeof(step->what),
		 _("let %s open /dev/kvm: add it to the group %s (usermod -aG %s %s); it counts from the next login"),
		 user, group, group, user);
	snprintf(step->arg, sizeof(step->arg), "%s", user);
	snprintf(step->group, sizeof(step->group), "%s", group);
}

/* --- doing it ----------------------------------------------------------- */

/* The one write: the named current_value, no other file, never created. */
static int write_firmware(struct plan *plan, const struct step *step)
{
	struct strbuf path = STRBUF_INIT;
	size_t len = strlen(step->arg);
	struct stat st;
	ssize_t done;
	int fd, err = 0;

	vtdiag_fw_setting_path(&path, plan->fw, plan->sw, "current_value");
	fd = vtdiag_root_open(strbuf_str(&path), O_WRONLY | O_TRUNC | O_NOFOLLOW);
	if (fd < 0) {
		err = -errno;
	} else if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		err = -EINVAL;
	} else {
		do
			done = write(fd, step->arg, len);
		while (done < 0 && errno == EINTR);
		if (done < 0)
			err = -errno;
		else if ((size_t)done != len)
			err = -EIO;
	}
	if (fd >= 0 && close(fd) && !err)
		err = -errno;
	if (err)
		fprintf(stderr, _("vtdiag fix: writing %s: %s\n"), strbuf_str(&path),
			strerror(-err));
	strbuf_release(&path);
	return err;
}

/* What the driver says now: the value and whether a restart is pending. */
static void reread_firmware(struct plan *plan)
{
	struct vtdiag_fwattr *now = calloc(1, sizeof(*now));
	const struct vtdiag_fw_driver *driver =
		vtdiag_fw_setting_driver(plan->fw, plan->sw);
	const struct vtdiag_fw_setting *setting = NULL;
	size_t i;

	if (!now)
		return;
	vtdiag_fwattr_probe(now);
	for (i = 0; i < now->nr_settings; i++)
		if (!strcmp(now->settings[i].dir_name, plan->sw->dir_name) &&
		    !strcmp(now->drivers[now->settings[i].driver].dir_name,
			    driver->dir_name))
			setting = &now->settings[i];
	if (!setting) {
		printf(_("  The setting cannot be read back.\n"));
	} else {
		printf(_("  '%s' now reads %s.\n"), setting->name,
		       setting->has_value ? setting->value : "?");
		driver = vtdiag_fw_setting_driver(now, setting);
		if (driver->pending_reboot > 0)
			printf(_("  The driver reports the change pending a reboot.\n"));
		else if (driver->pending_reboot == 0)
			printf(_("  The driver reports no change pending (pending_reboot 0): some firmware updates it only later.\n"));
	}
	free(now);
}

static const char *const program_dirs[] = {
	"/usr/sbin", "/sbin", "/usr/bin", "/bin", NULL,
};

static bool run_program(const char *name, char *const *argv)
{
	struct vtdiag_run_req req = { .argv = argv, .capture_stderr = true,
				      .timeout_ms = VTDIAG_MODPROBE_TIMEOUT_MS };
	struct vtdiag_run_result res;
	char path[PATH_MAX], out[512] = "";

	if (vtdiag_run_find(name, program_dirs, path, sizeof(path))) {
		fprintf(stderr, _("vtdiag fix: %s not found\n"), name);
		return false;
	}
	req.path = path;
	req.out = out;
	req.out_size = sizeof(out);
	if (strcmp(name, "modprobe"))
		req.timeout_ms = USERMOD_TIMEOUT_MS;
	if (!vtdiag_run(&req, &res))
		return true;
	vtdiag_first_line(out);
	if (res.outcome == VTDIAG_RUN_TIMED_OUT)
		fprintf(stderr, _("vtdiag fix: %s did not finish within %u s\n"),
			name, req.timeout_ms / 1000);
	else
		fprintf(stderr, _("vtdiag fix: %s failed%s%s\n"), name,
			out[0] ? ": " : "", out);
	return false;
}

static bool write_modules_load(const struct step *step)
{
	char line[VTDIAG_FW_VALUE_LEN + 2];
	int fd = vtdiag_root_open(MODULES_LOAD_FILE,
				  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW);
	int len = snprintf(line, sizeof(line), "%s\n", step->arg);
	bool ok;

	if (fd < 0) {
		fprintf(stderr, _("vtdiag fix: creating %s: %s\n"),
			MODULES_LOAD_FILE, strerror(errno));
		return false;
	}
	ok = fchmod(fd, 0644) == 0 && write(fd, line, len) == len;
	ok = !close(fd) && ok;
	if (!ok)
		fprintf(stderr, _("vtdiag fix: writing %s failed\n"), MODULES_LOAD_FILE);
	return ok;
}

/* usermod (shadow), else gpasswd where a system has only that. */
static bool add_to_group(const struct step *step)
{
	char *usermod[] = { "usermod", "-aG", (char *)step->group,
			    (char *)step->arg, NULL };
	char *gpasswd[] = { "gpasswd", "-a", (char *)step->arg,
			    (char *)step->group, NULL };
	char path[PATH_MAX];

	if (!vtdiag_run_find("usermod", program_dirs, path, sizeof(path)))
		return run_program("usermod", usermod);
	return run_program("gpasswd", gpasswd);
}

/* 1 done, 0 not run (a tree), -1 failed. */
static int do_step(struct plan *plan, const struct step *step)
{
	char *modprobe[] = { "modprobe", (char *)step->arg, NULL };

	switch (step->kind) {
	case STEP_FIRMWARE:
		if (write_firmware(plan, step))
			return -1;
		plan->power_cycle = true;
		reread_firmware(plan);
		return 1;
	case STEP_MODULES_LOAD:
		return write_modules_load(step) ? 1 : -1;
	default:
		break;
	}
	/* Programs act on this machine: never on behalf of a tree. */
	if (!vtdiag_root_is_host()) {
		printf(_("  Not run: --root names a tree, and programs act on this machine.\n"));
		return 0;
	}
	if (step->kind == STEP_MODPROBE)
		return run_program("modprobe", modprobe) ? 1 : -1;
	return add_to_group(step) ? 1 : -1;
}

/* y or yes; anything else, end of input included, is no. */
static bool confirmed(const struct step *step)
{
	char answer[16];

	printf(_("Do this: %s? [y/N] "), step->what);
	fflush(stdout);
	if (!fgets(answer, sizeof(answer), stdin)) {
		putchar('\n');
		return false;
	}
	answer[strcspn(answer, "\n")] = '\0';
	return !strcasecmp(answer, "y") || !strcasecmp(answer, "yes");
}

static void carry_out(struct plan *plan, const struct fix_options *opts)
{
	size_t i;

	for (i = 0; i < plan->nr_steps; i++) {
		const struct step *step = &plan->steps[i];

		if (!opts->yes && !confirmed(step)) {
			printf(_("  Skipped.\n"));
			worst(plan, FIX_DECLINED);
			continue;
		}
		if (opts->yes)
			printf(_("Doing: %s\n"), step->what);
		switch (do_step(plan, step)) {
		case 1:
			printf(_("  Done.\n"));
			break;
		case -1:
			worst(plan, FIX_FAILED);
			break;
		}
	}
}

int vtdiag_fix_main(int argc, char **argv,
		    void (*gather)(struct vtdiag_report *report))
{
	struct fix_options opts = { 0 };
	struct vtdiag_report report;
	struct plan plan = { 0 };
	size_t i;
	int status = parse(argc, argv, &opts);

	if (status)
		return status < 0 ? FIX_USAGE : 0;
	if (set_root(&opts))
		return FIX_USAGE;
	if (vtdiag_root_is_host() && geteuid() && !opts.dry_run) {
		fputs(_("vtdiag fix: changing this machine needs root: run it with sudo (--dry-run shows the steps without it)\n"),
		      stderr);
		return FIX_USAGE;
	}
	vtdiag_report_init(&report);
	gather(&report);
	plan.fw = vtdiag_report_fwattr(&report);
	plan.sw = vtdiag_report_fw_switch(&report);
	if (!vtdiag_root_is_host())
		printf(_("Changing the tree %s, not this machine.\n"), vtdiag_root_name());
	plan_firmware(&plan, &report);
	if (!opts.firmware_only)
		plan_os(&plan, &report, &opts);
	if (!plan.nr_steps) {
		printf(_("Nothing for vtdiag fix to change.\n"));
	} else {
		printf(P_("%zu step:\n", "%zu steps:\n", plan.nr_steps), plan.nr_steps);
		for (i = 0; i < plan.nr_steps; i++)
			printf("  %zu. %s\n", i + 1, plan.steps[i].what);
		if (opts.dry_run) {
			printf(_("Dry run: nothing was changed.\n"));
		} else if (!opts.yes && !isatty(STDIN_FILENO)) {
			fputs(_("vtdiag fix: standard input is not a terminal to ask on, so nothing was changed; run it with --yes to make these steps without asking\n"),
			      stderr);
			worst(&plan, FIX_DECLINED);
		} else {
			carry_out(&plan, &opts);
		}
	}
	if (plan.power_cycle)
		printf(_("The firmware takes the new setting at the next power-on: shut the machine down, wait until it is completely off, and switch it on again (a restart is not enough). Then run vtdiag again.\n"));
	vtdiag_report_free(&report);
	if (fflush(stdout) || ferror(stdout))
		return FIX_FAILED;
	return plan.status;
}
