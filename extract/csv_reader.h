/*
 * csv_reader - stream records out of a delimited text file.
 *
 * Reads a source member the way Python's csv.reader does with its default
 * dialect and the detected delimiter (issue 12: that reader is the
 * reference); each pd_csv_next() yields one record and the physical line it
 * started on.  Handles comma, semicolon and tab delimiters (detected from
 * the header line when opts->delim is 0), quoted fields with delimiters,
 * doubled quotes and line breaks, LF, CRLF and CR line ends, and a missing
 * final newline.  Blank lines are skipped.
 *
 * Ownership: the reader owns its buffers.  Record fields are borrowed and
 * valid until the next pd_csv_next() call.  The reader borrows the source;
 * close the reader before the source.
 * Errors: pd_csv_next returns 1 record, 0 end, -1 error with *err filled
 * (a field over opts->max_field, e.g. an unterminated quote swallowing the
 * file, is a file error naming the line where the field started).  A record
 * that Python would read as it stands but that merged lines behind a stray
 * quote (see csv_reader.c), or that holds a NUL byte, comes back with
 * rec->reject set: it counts as a row, and is never loaded.
 * Limits: memory does not grow with file size: one record at a time.
 */
#ifndef PD_CSV_READER_H
#define PD_CSV_READER_H

#include <stddef.h>

#include "common/err.h"
#include "extract/record.h"
#include "extract/source.h"

struct pd_csv_opts {
    char delim;       /* ',', ';', '\t', or 0 to detect from the first line */
    size_t max_field; /* bytes; 0 means 4 MiB */
};

struct pd_csv_reader;

struct pd_csv_reader *pd_csv_open(struct pd_source *src,
                                  const struct pd_csv_opts *opts);
void pd_csv_close(struct pd_csv_reader *r);

int pd_csv_next(struct pd_csv_reader *r, struct pd_record *rec,
                struct pd_err *err);

/* The delimiter in use (valid after the first pd_csv_next). */
char pd_csv_delimiter(const struct pd_csv_reader *r);

/* Which of ',', ';', '\t' occurs most often outside quotes in line; ','
 * when none does. */
char pd_csv_detect_delimiter(const char *line, size_t n);

#endif
