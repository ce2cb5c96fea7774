// SPDX-License-Identifier: GPL-2.0
/*
 * DKMS's signing certificate (dkms.c), the path the Secure Boot step
 * names: the distribution's default, then framework.conf, then
 * framework.conf.d/ *.conf in name order, read under a scratch root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkms.h"
#include "harness.h"
#include "model.h"
#include "root.h"

static char root[] = "/tmp/vtdiag-dkms-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f) {
		printf("#   cannot write %s: %s\n", path, strerror(errno));
		test_failed = 1;
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void reset_tree(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/etc' && mkdir -p '%s/etc/dkms/framework.conf.d'",
		 root, root);
	if (system(cmd))
		test_failed = 1;
}

static const char *cert_for(const char *os_id, const char *id_like)
{
	static char buf[256];
	struct vtdiag_platform platform;

	memset(&platform, 0, sizeof(platform));
	snprintf(platform.os_id, sizeof(platform.os_id), "%s", os_id);
	snprintf(platform.os_id_like, sizeof(platform.os_id_like), "%s", id_like);
	vtdiag_dkms_mok_certificate(&platform, buf, sizeof(buf));
	return buf;
}

static void test_defaults(void)
{
	reset_tree();
	EXPECT_STR(cert_for("debian", ""), "/var/lib/dkms/mok.pub");
	EXPECT_STR(cert_for("fedora", ""), "/var/lib/dkms/mok.pub");
	EXPECT_STR(cert_for("ubuntu", "debian"), "/var/lib/shim-signed/mok/MOK.der");
	EXPECT_STR(cert_for("linuxmint", "ubuntu debian"),
		   "/var/lib/shim-signed/mok/MOK.der");
}

static void test_framework_conf(void)
{
	reset_tree();
	put("etc/dkms/framework.conf",
	    "## the shipped file, all comments\n"
	    "# mok_certificate=/commented/out.der\n"
	    "#mok_certificate=\"/also/commented\"\n"
	    "sign_tool=\"/etc/dkms/sign_helper.sh\"\n");
	EXPECT_STR(cert_for("ubuntu", ""), "/var/lib/shim-signed/mok/MOK.der");
	put("etc/dkms/framework.conf",
	    "  mok_certificate=\"/root/keys/mok.der\"  \n"
	    "mok_signing_key=/root/keys/mok.key\n");
	EXPECT_STR(cert_for("debian", ""), "/root/keys/mok.der");
	put("etc/dkms/framework.conf", "mok_certificate='/q/single.pem'\r\n");
	EXPECT_STR(cert_for("debian", ""), "/q/single.pem");
}

/* What a shell would expand, or a relative path, is not taken. */
static void test_not_plain_paths(void)
{
	reset_tree();
	put("etc/dkms/framework.conf",
	    "mok_certificate=/good/first.der\n"
	    "mok_certificate=$HOME/mok.der\n"
	    "mok_certificate=relative/mok.der\n"
	    "mok_certificate=\n"
	    "mok_certificate=\"/unterminated\n");
	EXPECT_STR(cert_for("debian", ""), "/good/first.der");
}

static void test_conf_d_order(void)
{
	reset_tree();
	put("etc/dkms/framework.conf", "mok_certificate=/from/framework.conf\n");
	put("etc/dkms/framework.conf.d/20-late.conf", "mok_certificate=/from/20-late\n");
	put("etc/dkms/framework.conf.d/10-early.conf", "mok_certificate=/from/10-early\n");
	put("etc/dkms/framework.conf.d/99-ignored.conf.dpkg-old",
	    "mok_certificate=/not/a/conf\n");
	EXPECT_STR(cert_for("debian", ""), "/from/20-late");
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "distribution defaults", test_defaults },
		{ "framework.conf, comments and quotes", test_framework_conf },
		{ "values that are not plain absolute paths", test_not_plain_paths },
		{ "framework.conf.d in name order, .conf only", test_conf_d_order },
	};
	char cmd[600];
	int status;

	if (!mkdtemp(root) || vtdiag_root_set(root)) {
		perror("dkms_test: scratch root");
		return 1;
	}
	status = run_tests(tests, ARRAY_SIZE(tests));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		status = 1;
	return status;
}
