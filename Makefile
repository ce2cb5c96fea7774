# SPDX-License-Identifier: GPL-2.0
#
# vtdiag top-level Makefile.
#
#   make               build kmod/vtdiag.ko and tool/vtdiag
#   sudo make run      install what is missing, build, load, report
#   sudo make check    install what is missing, build, run every test
#   sudo make check-packages  the Debian packages built in each matrix
#                      kernel's suite and installed, autoloaded and purged
#                      in the VM on every one of them (make check: oldest
#                      and newest): ~20 min
#   sudo make debug-lane  the tests on a debug kernel (KASAN, lockdep,
#                      kmemleak), zero reports: ~7 min, +9 min the first time
#   make style         checkpatch --strict over kmod/ and include/
#   make sparse        sparse (C=2) over the module, warnings are errors
#   make install       module (+ depmod), tool; DESTDIR, PREFIX, KVER
#   make uninstall     the same files removed
#   make dkms-install  register, build and install the module with DKMS
#   make rpm           RPMs of the tool and the DKMS sources (.build/rpm)
#   make deb           Debian packages vtdiag and vtdiag-dkms (.build/deb)
#   make bench         measure in the test VM (minutes): vtdiag vs kvm-ok and
#                      virt-host-validate, kernel side, IPIs, module memory
#
# KDIR: the kernel build tree to build against. Default: the running
# kernel's, when it has one, else the newest installed Debian
# linux-headers-*-amd64 (the test VM then boots that same kernel).

KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))

VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
DESTDIR ?=
# The kernel release to install for: KVER when given, else the release
# the built module is for (the headers' release, which need not be the
# running kernel's).
ifneq ($(filter command line environment,$(origin KVER)),)
INSTALL_KVER := $(KVER)
else
INSTALL_KVER = $(shell modinfo -F vermagic kmod/vtdiag.ko 2>/dev/null | cut -d' ' -f1)
endif
MODULE_DIR = $(DESTDIR)/lib/modules/$(INSTALL_KVER)/updates
BINDIR := $(DESTDIR)$(PREFIX)/bin
DATADIR := $(DESTDIR)$(PREFIX)/share
TOOL_DATA := $(DATADIR)/man/man8/vtdiag.8 \
	$(DATADIR)/bash-completion/completions/vtdiag \
	$(DATADIR)/vtdiag/vtdiag-report.schema.json
# The message catalogues (po/LANG.po, compiled by make into tool/locale/),
# where the tool built with this PREFIX looks for them.
LINGUAS := $(basename $(notdir $(wildcard po/*.po)))
LOCALEDIR := $(PREFIX)/share/locale
TOOL_MO := $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/vtdiag.mo)
TOOL_DATA += $(TOOL_MO)

BUILD := $(CURDIR)/.build
LINUX_SOURCE ?= /usr/src/linux-source-6.1.tar.xz
# The kselftest harness, the kernel's runner and checkpatch come from
# Debian's linux-source tarball, unpacked here at build time, never copied
# into the tree.
KSRC := $(BUILD)/linux-source
KSFT_DIR := $(KSRC)/tools/testing/selftests
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl

KMOD_SRCS := $(filter-out %.mod.c,$(wildcard kmod/*.c kmod/*.h include/uapi/linux/*.h include/vtdiag/*.h))

.PHONY: all module module-inject tool selftests deps run check check-packages debug-lane style sparse clean help \
	install install-module install-tool uninstall dkms-src dkms-install dkms-uninstall rpm deb bench

all: module tool

help:
	@sed -n '3,/^$$/p' Makefile

define need_kdir
	@if [ -z "$(KDIR)" ] || [ ! -e "$(KDIR)/Makefile" ]; then \
		echo "No kernel build tree found (KDIR='$(KDIR)')." >&2; \
		echo "Install the headers: sudo scripts/install-deps, or pass KDIR=..." >&2; \
		exit 1; \
	fi
endef

module:
	$(need_kdir)
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror modules

# The test-only injection build (docs/design.md, Test-only injection),
# kept apart from the normal module so that both stay incremental:
# .build/inject/kmod/vtdiag.ko.
INJECT_DIR := $(BUILD)/inject
module-inject:
	$(need_kdir)
	@mkdir -p $(INJECT_DIR)/kmod $(INJECT_DIR)/include
	@cp -pu Kbuild $(INJECT_DIR)/
	@cp -pu kmod/Kbuild kmod/*.c kmod/*.h $(INJECT_DIR)/kmod/
	@cp -rpu include/. $(INJECT_DIR)/include/
	@cp -pu VERSION $(INJECT_DIR)/
	$(MAKE) -C $(KDIR) M=$(INJECT_DIR) W=1 KCFLAGS=-Werror VTDIAG_INJECT=1 modules

tool:
	$(MAKE) -C tool

$(KSRC)/.stamp: $(LINUX_SOURCE)
	@echo "  UNPACK  kselftest harness, runner and checkpatch from $(LINUX_SOURCE)"
	@rm -rf $(KSRC).tmp && mkdir -p $(KSRC).tmp
	@tar -xJf $(LINUX_SOURCE) -C $(KSRC).tmp --strip-components=1 \
		--wildcards \
		'*/tools/testing/selftests/lib.mk' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest/*' \
		'*/tools/testing/selftests/run_kselftest.sh' \
		'*/scripts/checkpatch.pl' \
		'*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	@rm -rf $(KSRC) && mv $(KSRC).tmp $(KSRC) && touch $@

$(LINUX_SOURCE):
	@echo "$(LINUX_SOURCE) is missing: run sudo scripts/install-deps" >&2
	@exit 1

selftests: $(KSRC)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR)

deps:
	scripts/install-deps

style: $(KSRC)/.stamp
	$(CHECKPATCH) --no-tree --strict --terse --show-types \
		-f $(KMOD_SRCS) $(wildcard selftests/*.c selftests/*.h)

sparse:
	$(need_kdir)
	@mkdir -p $(BUILD)
	@{ $(MAKE) -s -C $(KDIR) M=$(CURDIR) W=1 C=2 modules && \
	   $(MAKE) -s module-inject C=2; } 2>&1 | tee $(BUILD)/sparse.log; \
	if grep -E '(warning|error):' $(BUILD)/sparse.log >/dev/null; then \
		echo "sparse: warnings above are errors" >&2; exit 1; fi

run: deps all
	scripts/run

check: deps
	scripts/check

# The robustness lane (also the last step of check): builds, once per
# machine, a debug kernel from linux-source-6.1 into /var/cache/vtdiag and
# runs the selftests, the fuzzer and the stress test on it in the test VM,
# then a kmemleak scan: any KASAN, lockdep, WARN or leak report fails it.
debug-lane: deps
	scripts/debug-lane

# The package test of the kernel matrix on every kernel (scripts/check,
# VTDIAG_DEB_VM): each suite builds the packages, the VM installs them in
# that suite's system on that kernel.
check-packages: deps
	VTDIAG_DEB_VM=all VTDIAG_CHECK_STEPS='^matrix-.*-(prepare|deb-build|deb-install-purge)$$' \
		scripts/check

# install builds first; install-module and install-tool install what is
# built (the test VM, whose root is read-only, installs that way).
install: all
	$(MAKE) --no-print-directory install-module install-tool

install-module:
	@test -e kmod/vtdiag.ko || { echo "kmod/vtdiag.ko is not built: run make" >&2; exit 1; }
	@test -n "$(INSTALL_KVER)" || { echo "cannot tell the kernel release: pass KVER=" >&2; exit 1; }
	install -D -m 0644 kmod/vtdiag.ko $(MODULE_DIR)/vtdiag.ko
	$(if $(DESTDIR),@echo "DESTDIR set: run depmod $(INSTALL_KVER) on the target",depmod -a $(INSTALL_KVER))

install-tool:
	@test -e tool/vtdiag || { echo "tool/vtdiag is not built: run make" >&2; exit 1; }
	@test "$$(cat tool/.localedir 2>/dev/null)" = "$(LOCALEDIR)" || { \
		echo "tool/vtdiag looks for its translations in $$(cat tool/.localedir 2>/dev/null)," \
			"not $(LOCALEDIR): run make PREFIX=$(PREFIX)" >&2; exit 1; }
	install -D -m 0755 tool/vtdiag $(BINDIR)/vtdiag
	install -D -m 0644 tool/vtdiag.8 $(DATADIR)/man/man8/vtdiag.8
	install -D -m 0644 tool/vtdiag.bash-completion \
		$(DATADIR)/bash-completion/completions/vtdiag
	install -D -m 0644 tool/vtdiag-report.schema.json \
		$(DATADIR)/vtdiag/vtdiag-report.schema.json
	$(foreach lang,$(LINGUAS),install -D -m 0644 \
		tool/locale/$(lang)/LC_MESSAGES/vtdiag.mo \
		$(DESTDIR)$(LOCALEDIR)/$(lang)/LC_MESSAGES/vtdiag.mo;)

uninstall:
	rm -f $(MODULE_DIR)/vtdiag.ko $(BINDIR)/vtdiag $(TOOL_DATA)
	-rmdir $(DATADIR)/vtdiag 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(INSTALL_KVER))

# DKMS builds the module from /usr/src/vtdiag-VERSION with the same
# Kbuild, for every kernel the machine gets (dkms.conf).
DKMS_SRC = $(DESTDIR)/usr/src/vtdiag-$(VERSION)
DKMS_FILES := dkms.conf Kbuild VERSION kmod include
dkms-src:
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	cp -r $(DKMS_FILES) $(DKMS_SRC)/
	rm -f $(DKMS_SRC)/kmod/*.o $(DKMS_SRC)/kmod/*.ko $(DKMS_SRC)/kmod/*.mod* \
		$(DKMS_SRC)/kmod/.*.cmd $(DKMS_SRC)/kmod/modules.order

dkms-install: dkms-src
	dkms add vtdiag/$(VERSION)
	dkms build vtdiag/$(VERSION) -k $(INSTALL_KVER)
	dkms install vtdiag/$(VERSION) -k $(INSTALL_KVER)

dkms-uninstall:
	-dkms remove vtdiag/$(VERSION) --all
	rm -rf $(DKMS_SRC)

bench: all
	scripts/bench

# RPMs (tool + DKMS sources) of the committed tree (HEAD), in .build/rpm.
# --nodeps: a Debian build host has no RPM database of the BuildRequires.
RPM_TOP := $(BUILD)/rpm
rpm:
	rm -rf $(RPM_TOP) && mkdir -p $(RPM_TOP)/SOURCES
	git archive --format=tar.gz --prefix=vtdiag-$(VERSION)/ \
		-o $(RPM_TOP)/SOURCES/vtdiag-$(VERSION).tar.gz HEAD
	rpmbuild -ba --nodeps --define '_topdir $(RPM_TOP)' \
		--define 'debug_package %{nil}' scripts/rpm/vtdiag.spec

# Debian packages (vtdiag, vtdiag-dkms) of the committed tree (HEAD), in
# .build/deb, built by dpkg-buildpackage from debian/ (scripts/build-deb).
deb:
	scripts/build-deb

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tool clean
	$(MAKE) -C bench clean
	-$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) clean
	rm -rf $(BUILD)
