# SPDX-License-Identifier: GPL-2.0
#
# The kselftest collection "vtdiag": a plain lib.mk collection Makefile,
# as in the kernel's tools/testing/selftests/<collection>/. Built with the
# kernel's own lib.mk and harness (unpacked from Debian's linux-source by
# the top-level Makefile into KSFT_DIR; never copied into this tree).
# Driven by ./Makefile; use that one.

KSFT_DIR ?= $(abspath ../.build/linux-source/tools/testing/selftests)
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)

# Every *_test.c here is one test program; nothing else to register.
TEST_GEN_PROGS := $(sort $(patsubst %.c,%,$(wildcard *_test.c)))
# lib.mk only defaults OUTPUT when make is not nested; we always are.
OUTPUT ?= $(CURDIR)

CFLAGS += -O2 -g -Wall -Werror -D_GNU_SOURCE \
	  -I$(TOP)/include/uapi -I$(TOP)/include -isystem $(KSFT_DIR)

include $(KSFT_DIR)/lib.mk

HDRS := $(wildcard *.h) $(TOP)/include/vtdiag/decode.h \
	$(TOP)/include/uapi/linux/vtdiag.h
$(OUTPUT)/%_test: %_test.c $(HDRS)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(LDLIBS) -o $@

# inject_test reads the tool's --json report with json-c.
$(OUTPUT)/inject_test: CFLAGS += $(shell pkg-config --cflags json-c)
$(OUTPUT)/inject_test: LDLIBS += $(shell pkg-config --libs json-c)
