/*
 * csv_writer - RFC 4180 CSV out, to a stdio stream or a memory buffer,
 * with spreadsheet formula injection neutralized.
 *
 * Cells go left to right and pd_csv_writer_end_row() ends each row.
 * Text is quoted only when it must be (it holds a comma, a double quote,
 * CR or LF; quotes are doubled).  Text that a spreadsheet would run as a
 * formula, i.e. whose first byte is '=', '+', '-', '@', TAB, CR (OWASP
 * "CSV Injection") or NUL (OWASP ASVS 1.2.10), gets a leading single
 * quote: "=1+1" is written '=1+1.  Numbers written through the number
 * functions are never neutralized: "-12.5" stays a negative number.
 *
 * Format choices: UTF-8, bytes written as given; rows end with LF, not
 * RFC 4180's CRLF (Excel, LibreOffice, Python's csv module, pandas and
 * PostgreSQL's COPY all read LF; line breaks inside quoted text are kept
 * as they are).  PD_CSV_BOM starts the output with a UTF-8 byte order
 * mark, which Excel needs to read UTF-8 rather than the ANSI code page
 * (other readers may then see U+FEFF in the first header cell).  An empty
 * text is written "" and a null as nothing, so a reader that tells them
 * apart (PostgreSQL's COPY ... CSV) sees the difference.
 *
 * Ownership: pd_csv_writer_open*() return a heap writer; always
 * pd_csv_writer_close() it.  The FILE or pd_buf and the struct pd_err are
 * borrowed and must outlive the writer; the caller still fclose()s its
 * stream (and checks the result).
 * Errors: sticky (STYLE rule 13).  The first failure fills *err
 * (PD_E_IO naming the output and the OS error; PD_E_LIMIT when a pd_buf
 * cap is hit) and makes that call and every later one return -1 without
 * writing.  stdio buffers, so a full disk may only show at close, which
 * flushes: check it.
 * Limits: no column count check (rows may differ in length); a row of
 * one null cell is an empty line, which some readers skip.  Doubles are
 * written as the shortest of %.15g, %.16g and %.17g that reads back to
 * the same value: exact, short for everyday values, but not always the
 * shortest string possible (5e-324 comes out 4.94065645841247e-324).
 * NaN and infinities are written as null (a spreadsheet would read "inf"
 * as text and "-inf" as a formula).  The "C" LC_NUMERIC is assumed; a
 * decimal comma from another locale is turned back into a point.
 */
#ifndef PD_CSV_WRITER_H
#define PD_CSV_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/buf.h"
#include "common/err.h"

enum pd_csv_flags {
    PD_CSV_BOM = 1 << 0 /* start with EF BB BF, for Excel */
};

struct pd_csv_writer;

/* Write to fp (opened for writing by the caller).  name is the output's
 * name in error messages ("handoff.csv"; copied; NULL: "CSV output").
 * Never returns NULL: a failure to write the BOM is the writer's first,
 * sticky, error. */
struct pd_csv_writer *pd_csv_writer_open(FILE *fp, const char *name,
                                         unsigned flags, struct pd_err *err);
/* Append to b; its cap, if any, is the output's cap. */
struct pd_csv_writer *pd_csv_writer_open_buf(struct pd_buf *b, const char *name,
                                             unsigned flags,
                                             struct pd_err *err);

/* A text cell: s[0..n) (never NULL), quoted when needed, neutralized
 * when it starts with a formula character. */
int pd_csv_writer_text(struct pd_csv_writer *w, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL writes a null cell. */
int pd_csv_writer_str(struct pd_csv_writer *w, const char *s);

/* A number already in text form (a PostgreSQL numeric, say), written raw
 * when it is a plain decimal number: -?digits[.digits][e[+-]digits].
 * Anything else ("NaN", "1,5", "=1") is written as text would be. */
int pd_csv_writer_number(struct pd_csv_writer *w, const char *s, size_t n);
int pd_csv_writer_int(struct pd_csv_writer *w, int64_t v);
/* Round-trip form ("0.1", "0.30000000000000004", "1e+300", "-2.5e-07");
 * NaN and +-infinity are written as null. */
int pd_csv_writer_double(struct pd_csv_writer *w, double v);

/* An empty cell (NULL in the data). */
int pd_csv_writer_null(struct pd_csv_writer *w);

/* End the current row with LF. */
int pd_csv_writer_end_row(struct pd_csv_writer *w);

/* Flush (for a stream) and free.  Returns 0, or -1 if this flush or any
 * earlier write failed (*err says which).  NULL is accepted (returns 0).
 * An unfinished row is not ended. */
int pd_csv_writer_close(struct pd_csv_writer *w);

#endif
