/*
 * fuzz_csv_reader - extract/csv_reader over arbitrary bytes.
 *
 * The input is a whole file as an inbox would hold it (plain, gzip or zip,
 * any encoding): it goes through pd_source_open_mem() and every member is
 * read to the end three times:
 *
 *   A  default options (delimiter detected, 4 MiB fields);
 *   B  the delimiter A detected, given explicitly: the same records;
 *   C  max_field = SMALL_FIELD: the same records as A until C stops, and
 *      if C reaches the end cleanly, A ended there too.
 *
 * Per record: every field is NUL-terminated at len and valid UTF-8, no
 * field is over max_field, CSV records carry no key names, raw_len <=
 * PD_RECORD_RAW_MAX, lines start at 1, never decrease and never pass the
 * input's newline count + 1.  Per run: 1/0/-1 only, an error has a code
 * and a message and is sticky, the end stays the end.
 */
#include <string.h>

#include "common/err.h"
#include "extract/csv_reader.h"
#include "extract/source.h"
#include "tests/fuzz/fuzz.h"

enum {
    SMALL_FIELD = 24,
    MAX_MEMBERS = 8,   /* of a zip archive */
    MAX_RECORDS = 4096 /* compared by the differential checks */
};

/* What one run saw: one fingerprint per record, and how it ended. */
struct trace {
    uint64_t rec[MAX_RECORDS];
    size_t n;
    int end; /* 0 clean end, -1 error (the run stops at the first) */
    enum pd_errcode code;
    char delim; /* of the first member, after its first record */
    enum pd_compression comp;
};

static struct trace runs[3];

static uint64_t
fingerprint(const struct pd_record *rec)
{
    uint64_t h = pd_fuzz_hash(PD_FUZZ_HASH0, &rec->line, sizeof(rec->line));

    h = pd_fuzz_hash(h, &rec->nfields, sizeof(rec->nfields));
    for (size_t i = 0; i < rec->nfields; i++) {
        h = pd_fuzz_hash(h, &rec->fields[i].len, sizeof(rec->fields[i].len));
        h = pd_fuzz_hash(h, rec->fields[i].s, rec->fields[i].len);
    }
    /* The raw text too: it is the same whatever the options, and hashing
     * it reads every byte of it under ASan. */
    return rec->raw_len ? pd_fuzz_hash(h, rec->raw, rec->raw_len) : h;
}

static void
check_record(const struct pd_record *rec, size_t max_field, long prev_line,
             long max_line)
{
    PD_FUZZ_CHECK(rec->names == NULL);
    PD_FUZZ_CHECK(rec->nfields == 0 || rec->fields != NULL);
    for (size_t i = 0; i < rec->nfields; i++) {
        pd_fuzz_check_text(&rec->fields[i]);
        PD_FUZZ_CHECK(rec->fields[i].len <= max_field);
    }
    PD_FUZZ_CHECK(rec->raw_len <= PD_RECORD_RAW_MAX);
    PD_FUZZ_CHECK(rec->raw_len == 0 || rec->raw != NULL);
    PD_FUZZ_CHECK(rec->line >= 1);
    PD_FUZZ_CHECK(rec->line >= prev_line);
    PD_FUZZ_CHECK(rec->line <= max_line);
}

/* Read one member to its end, filling t. */
static void
read_member(struct pd_source *src, const struct pd_csv_opts *opts,
            long max_line, struct trace *t)
{
    struct pd_csv_reader *r = pd_csv_open(src, opts);
    struct pd_record rec;
    struct pd_err err = PD_ERR_INIT;
    size_t max_field = opts->max_field ? opts->max_field : 4u << 20;
    long prev = 1;
    int rc;

    PD_FUZZ_CHECK(r != NULL);
    while ((rc = pd_csv_next(r, &rec, &err)) == 1) {
        check_record(&rec, max_field, prev, max_line);
        prev = rec.line;
        if (t->n < MAX_RECORDS)
            t->rec[t->n] = fingerprint(&rec);
        t->n++;
        if (t->n == 1)
            t->delim = pd_csv_delimiter(r);
    }
    PD_FUZZ_CHECK(rc == 0 || rc == -1);
    t->end = rc;
    if (rc < 0) {
        PD_FUZZ_CHECK(err.code != PD_E_OK);
        PD_FUZZ_CHECK(err.msg[0] != '\0');
        t->code = err.code;
        /* Errors are sticky. */
        PD_FUZZ_CHECK(pd_csv_next(r, &rec, &err) == -1);
        PD_FUZZ_CHECK(err.code == t->code);
    } else {
        PD_FUZZ_CHECK(pd_csv_next(r, &rec, &err) == 0);
    }
    pd_csv_close(r);
}

/* One run over every member; false when the source itself failed. */
static bool
run(const uint8_t *data, size_t size, const struct pd_csv_opts *opts,
    struct trace *t)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_source *src = pd_source_open_mem("fuzz.csv", data, size, &err);
    long max_line = pd_fuzz_max_line(data, size);
    const char *name;
    int rc = 0;

    t->n = 0;
    t->end = 0;
    t->code = PD_E_OK;
    t->delim = 0;
    if (!src)
        return false;
    t->comp = pd_source_compression(src);
    /* A compressed member's lines are not the input's: no line bound. */
    if (t->comp != PD_COMP_NONE)
        max_line = (long)(~0UL >> 1);
    for (int m = 0; m < MAX_MEMBERS && t->end == 0; m++) {
        rc = pd_source_next_member(src, &name, &err);
        PD_FUZZ_CHECK(rc == 1 || rc == 0 || rc == -1);
        if (rc < 0) {
            t->end = -1;
            t->code = err.code;
        }
        if (rc <= 0)
            break;
        PD_FUZZ_CHECK(name != NULL);
        read_member(src, opts, max_line, t);
    }
    PD_FUZZ_CHECK(pd_source_close(src) == 0);
    return true;
}

/* Records of b equal those of a as far as both go. */
static size_t
same_prefix(const struct trace *a, const struct trace *b)
{
    size_t n = a->n < b->n ? a->n : b->n;

    n = n < MAX_RECORDS ? n : MAX_RECORDS;
    for (size_t i = 0; i < n; i++)
        PD_FUZZ_CHECK(a->rec[i] == b->rec[i]);
    return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pd_csv_opts dflt = {0, 0}, small = {0, SMALL_FIELD}, fixed;

    if (!run(data, size, &dflt, &runs[0]))
        return 0;
    /* B: only single-member plain input, where A's delimiter is the one
     * delimiter of the whole run. */
    if (runs[0].n > 0 && runs[0].comp == PD_COMP_NONE) {
        fixed.delim = runs[0].delim;
        fixed.max_field = 0;
        PD_FUZZ_CHECK(run(data, size, &fixed, &runs[1]));
        PD_FUZZ_CHECK(runs[1].n == runs[0].n);
        PD_FUZZ_CHECK(runs[1].end == runs[0].end);
        same_prefix(&runs[0], &runs[1]);
    }
    PD_FUZZ_CHECK(run(data, size, &small, &runs[2]));
    same_prefix(&runs[0], &runs[2]);
    if (runs[2].end == 0) {
        PD_FUZZ_CHECK(runs[0].end == 0);
        PD_FUZZ_CHECK(runs[0].n == runs[2].n);
    } else {
        PD_FUZZ_CHECK(runs[2].code == PD_E_LIMIT ||
                      runs[2].code == PD_E_PARSE || runs[2].code == PD_E_IO);
        PD_FUZZ_CHECK(runs[2].n <= runs[0].n);
    }
    return 0;
}
