/*
 * jsonl_reader - stream flattened records out of a JSON export.
 *
 * Wraps yajl's streaming parser as a pull iterator over a source member, in
 * the same record shape as csv_reader (a JSON-lines record alone on its
 * line without escapes is parsed without yajl, to the same result).  Reads JSON
 * lines (one value per line, or several, or one spanning lines), a top-level
 * array of records, or one top-level object wrapping its records in an array
 * (Help Scout's
 * {"_embedded":{"surveys":[...]}}; the rule is in extract/README.md).
 * Each record object is flattened: nested keys join with '.'
 * ("event_properties.plan") down to opts->max_depth; arrays and deeper
 * objects become one field holding their compact JSON text; numbers keep
 * their literal text; true/false read "true"/"false"; nulls and empty
 * objects make no field.
 *
 * Ownership: the reader owns its buffers.  Field text, names, raw text and
 * reject reasons are borrowed, valid until the next pd_jsonl_next() call.
 * The reader borrows the source; close the reader before the source.
 * Errors: pd_jsonl_next returns 1 record, 0 end, -1 error with *err filled.
 * In JSON lines a bad line is not an error: it comes back with rec->reject
 * set ("invalid JSON: ...", "truncated JSON", "not a JSON object", "record
 * larger than N bytes") and reading resumes at the next line.  In an array
 * or wrapped file a syntax error or truncation is a file error ("invalid
 * JSON at line N"); an oversize element is still a reject.
 * Limits: memory does not grow with file size: the raw text of a record is
 * capped by opts->max_record, its flattened fields by four times that (at
 * least 1 MiB), and a single JSON token by max_record (a reject in JSON
 * lines, a file error otherwise).
 */
#ifndef PD_JSONL_READER_H
#define PD_JSONL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "extract/record.h"
#include "extract/source.h"

struct pd_jsonl_opts {
    size_t max_record; /* bytes of one record's JSON text; 0 means 4 MiB */
    size_t max_depth;  /* name components before objects stay JSON text;
                          0 means 4 */
    bool yajl_only;    /* tests: every line through yajl, none through the
                          reader's own one-line parse */
};

struct pd_jsonl_reader;

/* A reader over the current member of src (pd_source_next_member() must
 * have returned 1).  opts may be NULL.  Never returns NULL; nothing is read
 * before the first pd_jsonl_next().  Free with pd_jsonl_close(). */
struct pd_jsonl_reader *pd_jsonl_open(struct pd_source *src,
                                      const struct pd_jsonl_opts *opts);

/* Free the reader; NULL is accepted.  The source stays open. */
void pd_jsonl_close(struct pd_jsonl_reader *r);

/*
 * The next record: 1 with *rec filled, 0 at the end of the member, -1 with
 * *err filled (source error, or a syntax error in an array or wrapped
 * file).  Errors are sticky: later calls repeat them.  rec->names[i] names
 * rec->fields[i]; rec->line is the physical line the record starts on;
 * rec->raw is its JSON text (at most PD_RECORD_RAW_MAX bytes).  A record
 * with rec->reject set has no fields.
 */
int pd_jsonl_next(struct pd_jsonl_reader *r, struct pd_record *rec,
                  struct pd_err *err);

/* The yajl library's run-time version, "2.1.0", into buf of n bytes
 * (prodops --version). */
void pd_jsonl_yajl_version(char *buf, size_t n);

#endif
