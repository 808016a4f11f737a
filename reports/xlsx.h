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

#include "common/err.h"

struct pd_doc; /* reports/doc.h */

int pd_xlsx_weekly(const struct pd_doc *doc, const char *path,
                   struct pd_err *err);

/* The OKR review (reports/okr.h's document): Key results, Trajectory (a
 * native chart per key result, actual against target), Quarter over
 * quarter, Accounts, Themes and Launches sheets. */
int pd_xlsx_okr(const struct pd_doc *doc, const char *path, struct pd_err *err);

/* The launch review (reports/launch.h's document): Adoption (one row per
 * week since the launch: users, accounts, active accounts, share, and a
 * native line chart of the share) and Summary (verdict, time to first
 * use, retention, mentions before and after with their themes). */
int pd_xlsx_launch(const struct pd_doc *doc, const char *path,
                   struct pd_err *err);

/* An experiment's readout (reports/experiment_report.h's document):
 * Results (each variant and metric test, the caveats), Daily (cumulative
 * users and primary mean per variant, two native line charts) and SRM
 * (users against the configured shares, the chi-square p). */
int pd_xlsx_experiment(const struct pd_doc *doc, const char *path,
                       struct pd_err *err);

/*
 * Streaming tables (the PM handoff's sheets): a workbook in libxlsxwriter's
 * constant-memory mode, one sheet after another, each a bold frozen header
 * row over rows written strictly in order, with an autofilter over the
 * written range and column widths fitted to what was written (8-60
 * characters).  Memory stays flat whatever the row count.
 *
 * Cells come as text (NULL: an empty cell) and are written by column type:
 * PD_XLSX_TEXT always with worksheet_write_string(), so "=1+1" stays text
 * and no cell is ever a formula; numbers as numbers (a cell that is not a
 * number is written as text); datetimes "YYYY-MM-DDTHH:MM:SS[.f]Z" as Excel
 * dates (UTC, shown yyyy-mm-dd hh:mm:ss); days "YYYY-MM-DD" as Excel dates
 * (shown yyyy-mm-dd).  Every sheet prints landscape, one page wide, with
 * its header row repeated on each page.
 *
 * Ownership: pd_xlsx_book_open() returns a heap book that
 * pd_xlsx_book_close() frees (NULL accepted); header names and types are
 * copied.  Errors: sticky (STYLE rule 13): the first failure turns later
 * calls into no-ops returning -1, and pd_xlsx_book_close() reports it
 * (PD_E_IO for the file, PD_E_INTERNAL for a bad sheet name or shape).
 * Limits: 1,048,575 data rows per sheet (Excel's 1,048,576 with the
 * header): later rows are dropped and counted, not an error; text is cut
 * to 32,767 bytes at a character boundary; 256 columns.
 */
enum pd_xlsx_col {
    PD_XLSX_TEXT,     /* a string, whatever it looks like */
    PD_XLSX_INTEGER,  /* a number shown #,##0 */
    PD_XLSX_DECIMAL,  /* a number shown #,##0.00 */
    PD_XLSX_PERCENT,  /* a fraction shown 0.0% */
    PD_XLSX_DATETIME, /* ISO 8601 UTC text shown as a date and time */
    PD_XLSX_DATE,     /* a day "YYYY-MM-DD" shown as an Excel date */
};

struct pd_xlsx_book;

/* Create the workbook at path (an empty file now, the workbook at close).
 * NULL with *err when the file cannot be created. */
struct pd_xlsx_book *pd_xlsx_book_open(const char *path, struct pd_err *err);

/* Start a sheet (and finish the one before): a name of 1-31 characters
 * without []:*?/\, unlike the others in any case (32 sheets at most),
 * and ncols headers and types. */
int pd_xlsx_book_sheet(struct pd_xlsx_book *b, const char *name, size_t ncols,
                       const char *const *headers,
                       const enum pd_xlsx_col *types);

/* The next row of the current sheet: ncols cells.  0 written, 1 dropped
 * (the sheet is full), -1 error (sticky). */
int pd_xlsx_book_row(struct pd_xlsx_book *b, const char *const *cells);

/* Rows dropped from the current sheet because it was full. */
size_t pd_xlsx_book_dropped(const struct pd_xlsx_book *b);

/* Finish the last sheet, write the file and free the book.  0, or -1 with
 * *err for the first failure of the book's life. */
int pd_xlsx_book_close(struct pd_xlsx_book *b, struct pd_err *err);

/* The libxlsxwriter version prodops was built with (LXW_VERSION: the
 * library has no run-time query), a static string (prodops --version). */
const char *pd_xlsx_lib_version(void);

#endif
