/*
 * fuzz_stream - extract/stream over arbitrary bytes: the one record stream
 * the loader reads (every member of a plain, gzip or zip file, CSV or
 * JSON), read to the end twice: with a header row and header-less.
 *
 * The item sequence keeps stream.h's contract: a MEMBER opens each member
 * before anything of it; a member has at most one HEADER, and only
 * rejects come before it; an END closes each member that opened; every
 * record is either a reject with a non-empty reason and no fields, or
 * fields whose names and values are NUL-terminated, valid UTF-8 text.
 * Per run: 1/0/-1 only; an error has a code and a message; an error
 * confined to an archive member can be skipped and the stream goes on,
 * any other is sticky; the end stays the end; the stream ends.
 */
#include <string.h>

#include "common/err.h"
#include "extract/stream.h"
#include "tests/fuzz/fuzz.h"

/* A record of the stream (RECORD items: lines from 1; the HEADER is the
 * stream's copy of a row, its line not kept).  A JSON reject carries no
 * fields; a CSV reject keeps the fields Python's reader would have read. */
static void
check_record(const struct pd_stream_item *it, bool is_record)
{
    const struct pd_record *rec = &it->rec;

    PD_FUZZ_CHECK(rec->raw_len <= PD_RECORD_RAW_MAX);
    PD_FUZZ_CHECK(!is_record || rec->line >= 1);
    if (rec->reject) {
        PD_FUZZ_CHECK(rec->reject[0] != '\0');
        PD_FUZZ_CHECK(it->format != PD_STREAM_JSON || rec->nfields == 0);
    }
    PD_FUZZ_CHECK(rec->nfields == 0 || rec->fields != NULL);
    /* JSON records vouch for their text (transform does not check it
     * again, issue 15); CSV records leave it to transform. */
    PD_FUZZ_CHECK(!is_record || rec->utf8 == (it->format == PD_STREAM_JSON));
    for (size_t i = 0; i < rec->nfields; i++) {
        pd_fuzz_check_text(&rec->fields[i]);
        if (rec->names)
            pd_fuzz_check_text(&rec->names[i]);
        if (!rec->utf8)
            continue;
        PD_FUZZ_CHECK(!memchr(rec->fields[i].s, 0, rec->fields[i].len));
        PD_FUZZ_CHECK(!rec->names ||
                      !memchr(rec->names[i].s, 0, rec->names[i].len));
    }
}

static void
read_all(const uint8_t *data, size_t size, bool headerless)
{
    struct pd_stream_opts opts = {headerless};
    struct pd_err err = PD_ERR_INIT;
    struct pd_stream *st =
        pd_stream_open_mem("fuzz.input", data, size, &opts, &err);
    struct pd_stream_item it;
    bool open = false, header = false, record = false;
    /* Every item consumes input, a skip a member: a generous bound that
     * a loop would break. */
    size_t budget = 64 + 8 * size;
    int rc;

    if (!st) {
        PD_FUZZ_CHECK(err.code != PD_E_OK && err.msg[0] != '\0');
        return;
    }
    while ((rc = pd_stream_next(st, &it, &err)) != 0) {
        PD_FUZZ_CHECK(budget-- > 0);
        if (rc < 0) {
            PD_FUZZ_CHECK(rc == -1);
            PD_FUZZ_CHECK(err.code != PD_E_OK && err.msg[0] != '\0');
            if (!pd_stream_can_skip(st)) {
                pd_err_clear(&err);
                /* Sticky: the file's error stays. */
                PD_FUZZ_CHECK(pd_stream_next(st, &it, &err) == -1);
                break;
            }
            pd_err_clear(&err);
            pd_stream_skip(st);
            open = false;
            continue;
        }
        PD_FUZZ_CHECK(rc == 1);
        switch (it.type) {
        case PD_STREAM_MEMBER:
            PD_FUZZ_CHECK(!open);
            PD_FUZZ_CHECK(it.member != NULL);
            open = true;
            header = record = false;
            break;
        case PD_STREAM_HEADER:
            PD_FUZZ_CHECK(open && !header && !record);
            check_record(&it, false);
            header = true;
            break;
        case PD_STREAM_RECORD:
            PD_FUZZ_CHECK(open);
            /* Before the header only rejects (JSON lines that do not
             * parse ahead of the first record) or the header's own row. */
            PD_FUZZ_CHECK(header || it.rec.reject || it.with_header);
            check_record(&it, true);
            record = !it.rec.reject || record;
            break;
        case PD_STREAM_END:
            PD_FUZZ_CHECK(open);
            open = false;
            break;
        default: /* an item type stream.h does not name */
            PD_FUZZ_CHECK(it.type >= PD_STREAM_MEMBER &&
                          it.type <= PD_STREAM_END);
        }
    }
    if (rc == 0)
        PD_FUZZ_CHECK(pd_stream_next(st, &it, &err) == 0); /* end stays */
    pd_stream_close(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, false);
    read_all(data, size, true);
    return 0;
}
