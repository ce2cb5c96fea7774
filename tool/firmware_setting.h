/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware_setting check (checks/firmware_setting.c): what its probe
 * found, for vtdiag fix and the JSON and metrics printers, and its advice
 * placeholders.
 */
#ifndef VTDIAG_FIRMWARE_SETTING_H
#define VTDIAG_FIRMWARE_SETTING_H

#include "fwattr.h"
#include "model.h"
#include "strbuf.h"

/* The firmware-attributes found; NULL when the probe did not run. */
const struct vtdiag_fwattr *vtdiag_report_fwattr(const struct vtdiag_report *report);
/* The virtualization switch for this report's CPU; NULL: none found. */
const struct vtdiag_fw_setting *vtdiag_report_fw_switch(const struct vtdiag_report *report);
/* /sys/class/dmi/id/chassis_type; 0 when unreadable. */
int vtdiag_report_chassis_type(const struct vtdiag_report *report);

void vtdiag_fw_fill_setting(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_driver(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_value(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_on_value(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_refusal(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_bmc_name(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_bmc_commands(struct strbuf *sb, const struct vtdiag_report *report);
void vtdiag_fw_fill_bmc_source(struct strbuf *sb, const struct vtdiag_report *report);

#endif /* VTDIAG_FIRMWARE_SETTING_H */
