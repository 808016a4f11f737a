/*
 * xlsx - the weekly workbook (SPEC §7) with libxlsxwriter, the only module
 * that knows it: Summary first (headline KPIs, week-over-week change
 * coloured by whether it is good), then Tickets, NPS, Usage and Accounts
 * sheets as Excel tables with frozen headers and filters, number formats,
 * fitted widths, and native charts of the 13-week trends.  Every value
 * comes from the report's JSON document.
 *
 * Ownership: writes the file at path (the caller renames it into place).
 * Errors: -1 with *err (PD_E_IO) when the workbook cannot be written.
 * Limits: the workbook is built in memory (libxlsxwriter's default mode):
 * fine for these sheets, which grow only with accounts, event names and 13
 * weeks; row-level exports need constant-memory mode instead.
 */
#ifndef PD_XLSX_H
#define PD_XLSX_H

#include <yajl/yajl_tree.h>

#include "common/err.h"

int pd_xlsx_weekly(yajl_val root, const char *path, struct pd_err *err);

/* The OKR review (reports/okr.h's document): Key results, Trajectory (a
 * native chart per key result, actual against target), Quarter over
 * quarter, Accounts and Themes sheets. */
int pd_xlsx_okr(yajl_val root, const char *path, struct pd_err *err);

#endif
