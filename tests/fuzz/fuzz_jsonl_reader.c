/*
 * fuzz_jsonl_reader - extract/jsonl_reader over arbitrary bytes.
 *
 * The input is a whole file (JSON lines, a JSON array, a wrapped array;
 * plain, gzip or zip) read through pd_source_open_mem(), every member to
 * the end, twice: with the default options, and with tiny ones
 * (max_record SMALL_RECORD, max_depth 1) so that the reject and limit
 * paths run on small inputs too; and each of them again with yajl_only:
 * the reader's own one-line parse must give exactly what yajl gives
 * (a digest of every record, error and end is compared).
 *
 * Per record: a reject has a non-empty reason and no fields; otherwise
 * every field has a name, and every name and value is NUL-terminated at
 * len, holds no other NUL and is valid UTF-8; raw_len <= PD_RECORD_RAW_MAX;
 * lines start at 1, never decrease and never pass the input's newline count
 * + 1.  Per run: 1/0/-1 only, an error has a code and a message and is sticky,
 * the end stays the end.
 */
#include <string.h>

#include "common/err.h"
#include "extract/jsonl_reader.h"
#include "extract/source.h"
#include "tests/fuzz/fuzz.h"

enum { SMALL_RECORD = 64, MAX_MEMBERS = 8 };

/* Everything a record says, into the run's digest. */
static uint64_t
digest_record(uint64_t h, const struct pd_record *rec)
{
    h = pd_fuzz_hash(h, &rec->line, sizeof(rec->line));
    h = pd_fuzz_hash(h, &rec->nfields, sizeof(rec->nfields));
    h = pd_fuzz_hash(h, rec->raw, rec->raw_len);
    if (rec->reject)
        h = pd_fuzz_hash(h, rec->reject, strlen(rec->reject) + 1);
    for (size_t i = 0; i < rec->nfields; i++) {
        h = pd_fuzz_hash(h, rec->names[i].s, rec->names[i].len + 1);
        h = pd_fuzz_hash(h, rec->fields[i].s, rec->fields[i].len + 1);
    }
    return h;
}

static void
check_record(const struct pd_record *rec, long prev_line, long max_line)
{
    PD_FUZZ_CHECK(rec->raw_len <= PD_RECORD_RAW_MAX);
    PD_FUZZ_CHECK(rec->raw_len == 0 || rec->raw != NULL);
    if (rec->raw_len)
        (void)pd_fuzz_hash(PD_FUZZ_HASH0, rec->raw, rec->raw_len);
    PD_FUZZ_CHECK(rec->line >= 1);
    PD_FUZZ_CHECK(rec->line >= prev_line);
    PD_FUZZ_CHECK(rec->line <= max_line);
    if (rec->reject) {
        PD_FUZZ_CHECK(rec->reject[0] != '\0');
        PD_FUZZ_CHECK(rec->nfields == 0);
        return;
    }
    PD_FUZZ_CHECK(rec->nfields == 0 ||
                  (rec->fields != NULL && rec->names != NULL));
    /* The reader vouches for its text (transform then skips its own UTF-8
     * check, issue 15): the checks below hold it to that. */
    PD_FUZZ_CHECK(rec->utf8);
    for (size_t i = 0; i < rec->nfields; i++) {
        pd_fuzz_check_text(&rec->names[i]);
        pd_fuzz_check_text(&rec->fields[i]);
        /* "\u0000" becomes U+FFFD: names and values are C strings. */
        PD_FUZZ_CHECK(!memchr(rec->names[i].s, 0, rec->names[i].len));
        PD_FUZZ_CHECK(!memchr(rec->fields[i].s, 0, rec->fields[i].len));
    }
}

static uint64_t
read_member(struct pd_source *src, const struct pd_jsonl_opts *opts,
            long max_line, uint64_t h)
{
    struct pd_jsonl_reader *r = pd_jsonl_open(src, opts);
    struct pd_record rec;
    struct pd_err err = PD_ERR_INIT;
    enum pd_errcode code;
    long prev = 1;
    int rc;

    PD_FUZZ_CHECK(r != NULL);
    while ((rc = pd_jsonl_next(r, &rec, &err)) == 1) {
        check_record(&rec, prev, max_line);
        h = digest_record(h, &rec);
        prev = rec.line;
    }
    PD_FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc < 0) {
        PD_FUZZ_CHECK(err.code != PD_E_OK);
        PD_FUZZ_CHECK(err.msg[0] != '\0');
        code = err.code;
        h = pd_fuzz_hash(h, &code, sizeof(code));
        h = pd_fuzz_hash(h, err.msg, strlen(err.msg));
        /* Errors are sticky. */
        PD_FUZZ_CHECK(pd_jsonl_next(r, &rec, &err) == -1);
        PD_FUZZ_CHECK(err.code == code);
    } else {
        PD_FUZZ_CHECK(pd_jsonl_next(r, &rec, &err) == 0);
    }
    pd_jsonl_close(r);
    return h;
}

static uint64_t
run(const uint8_t *data, size_t size, const struct pd_jsonl_opts *opts)
{
    uint64_t h = PD_FUZZ_HASH0;
    struct pd_err err = PD_ERR_INIT;
    struct pd_source *src = pd_source_open_mem("fuzz.jsonl", data, size, &err);
    long max_line = pd_fuzz_max_line(data, size);
    const char *name;
    int rc;

    if (!src)
        return h;
    /* A compressed member's lines are not the input's: no line bound. */
    if (pd_source_compression(src) != PD_COMP_NONE)
        max_line = (long)(~0UL >> 1);
    for (int m = 0; m < MAX_MEMBERS; m++) {
        rc = pd_source_next_member(src, &name, &err);
        PD_FUZZ_CHECK(rc == 1 || rc == 0 || rc == -1);
        if (rc <= 0)
            break;
        PD_FUZZ_CHECK(name != NULL);
        h = read_member(src, opts, max_line, h);
    }
    h = pd_fuzz_hash(h, &rc, sizeof(rc));
    PD_FUZZ_CHECK(pd_source_close(src) == 0);
    return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pd_jsonl_opts dflt = {0, 0, false}, tiny = {SMALL_RECORD, 1, false};
    struct pd_jsonl_opts dflt_y = {0, 0, true},
                         tiny_y = {SMALL_RECORD, 1, true};

    PD_FUZZ_CHECK(run(data, size, &dflt) == run(data, size, &dflt_y));
    PD_FUZZ_CHECK(run(data, size, &tiny) == run(data, size, &tiny_y));
    return 0;
}
