/*
 * record - one input record as extract/ hands it to transform/.
 *
 * A record is the fields of one CSV row (or one flattened JSON record) and
 * the physical line it started on, plus its raw text for the rejects table.
 * CSV fields are named by the file's header row, so names is NULL; a JSON
 * record carries its own key names, names[i] naming fields[i]
 * ("properties.time").
 *
 * Ownership: borrowed; every pointer is valid until the next call to the
 * reader that produced it.  Field text is NUL-terminated UTF-8.
 * pd_record_copy() makes a copy that lives as long as an arena.
 * Errors: a malformed record is not an error: it arrives with reject set.
 * Limits: raw is capped (PD_RECORD_RAW_MAX bytes), fields by the reader.
 */
#ifndef PD_RECORD_H
#define PD_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"

#define PD_RECORD_RAW_MAX 8192

struct pd_field {
    const char *s; /* NUL-terminated */
    size_t len;
};

struct pd_record {
    struct pd_field *fields;
    /* names[i] is the key of fields[i] (JSON); NULL for CSV. */
    const struct pd_field *names;
    size_t nfields;
    long line;       /* 1-based physical line where the record starts */
    const char *raw; /* raw text of the record, at most RAW_MAX bytes */
    size_t raw_len;
    const char *reject; /* non-NULL: why this record is malformed */
    /* Every field and name is valid UTF-8 without a NUL byte before its
     * len: the reader that made the record checked (or repaired) each
     * one, so transform need not check again.  false: transform checks. */
    bool utf8;
};

/* A deep copy of rec in a (fields, raw text), for a record that must
 * outlive the next read (a header row).  The copy is a CSV-style record:
 * names is NULL. */
void pd_record_copy(struct pd_arena *a, const struct pd_record *rec,
                    struct pd_record *out);

/* The same with rec's key names as the copy's fields: a JSON record's
 * names as a header row (rec->names must not be NULL). */
void pd_record_copy_names(struct pd_arena *a, const struct pd_record *rec,
                          struct pd_record *out);

/* A header of n columns named "1", "2", ... (a header-less export), in a. */
void pd_record_numbered(struct pd_arena *a, size_t n, struct pd_record *out);

#endif
