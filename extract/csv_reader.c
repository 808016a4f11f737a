#include "extract/csv_reader.h"

#include <csv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/*
 * libcsv is a push parser without line numbers (STYLE rule 2).  We pull
 * CHUNK bytes from the source and push them into libcsv one *piece* at a
 * time, where a piece ends at the chunk's end or just after a line
 * terminator.  A row can only end on a terminator, so each csv_parse()
 * call completes at most one row, the row is complete exactly when the call
 * returns, and the line counter is exact: it advances once per '\n' fed.
 *
 * Whether a record is in progress between pieces is read from libcsv's
 * (public) parser struct: pstate 0 is ROW_NOT_BEGUN in libcsv 3.0.x.  That
 * is the only way to tell a blank line from an open quoted field that
 * began at the start of a line, which no callback reports.
 */

enum {
    CHUNK = 64 * 1024,
    DEFAULT_MAX_FIELD = 4 * 1024 * 1024,
    MIN_MAX_RECORD = 1024 * 1024,
    LIBCSV_BLOCK = 64 * 1024,
    LIBCSV_ROW_NOT_BEGUN = 0, /* libcsv.c's parser states */
    LIBCSV_FIELD_BEGUN = 2
};

struct span {
    size_t off, len;
};

struct pd_csv_reader {
    struct pd_source *src;
    struct csv_parser p;
    size_t max_field;
    size_t max_record; /* field bytes + per-field overhead of one record */
    char delim;
    bool started; /* first chunk read and delimiter chosen */
    bool src_eof;
    bool finished; /* csv_fini done: no more records */
    bool failed;
    struct pd_err ferr;

    char *chunk; /* CHUNK bytes from the source */
    size_t pos, len;
    size_t cr_at; /* next '\r' at or after pos, or len */

    long line;       /* physical line of the next byte fed */
    long rec_line;   /* line the current record started on */
    long field_line; /* line the current field started on */

    /* The record being assembled: field bytes, each NUL-terminated, and
     * their spans; fields[] is filled from spans[] once the row ends,
     * because fbuf may move while the row grows. */
    char *fbuf;
    size_t flen, fcap;
    struct span *spans;
    size_t nfields, spans_cap;
    struct pd_field *fields;
    size_t fields_cap;
    bool row_done;
    enum { OVER_NONE, OVER_FIELD, OVER_RECORD } overflow;

    char raw[PD_RECORD_RAW_MAX];
    size_t raw_len;
    bool raw_cut; /* raw text was longer than PD_RECORD_RAW_MAX */
};

/*
 * libcsv grows its field buffer through this hook.  Refusing past the cap
 * makes csv_parse() stop with CSV_ENOMEM at a known line instead of
 * swallowing a 2 GB file into one field after a stray quote (STYLE rule
 * 12).  The hook takes no context pointer, so the cap is a file-static set
 * before every call into libcsv; the reader is single-threaded.
 */
static size_t libcsv_cap;

static void *
capped_realloc(void *p, size_t n)
{
    if (n > libcsv_cap)
        return NULL;
    return pd_xrealloc(p, n);
}

/*
 * libcsv trims spaces and tabs around unquoted fields by default (SPEC §2
 * wants text trimmed anyway, and `a, "b"` then reads as a quoted b).  But
 * it tests for a space before the delimiter, so with tab-delimited input
 * an empty field would vanish: tab files trim spaces only.  The default
 * test stays for the other delimiters because it is inlined; a space
 * function costs a call per byte (-20% rows/s on the bench file).
 */
static int
space_only(unsigned char c)
{
    return c == ' ';
}

/* Grow an array of size-byte elements to hold need of them (doubling). */
static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 16;

    if (need <= *cap)
        return p;
    while (n < need)
        n *= 2;
    *cap = n;
    return pd_xrealloc(p, n * size);
}

/* Bytes a record may hold: field text plus per-field bookkeeping. */
static size_t
record_cost(size_t flen, size_t nfields)
{
    return flen + nfields * (sizeof(struct span) + sizeof(struct pd_field));
}

/* libcsv reuses its field buffer, so each field is copied out; the copy
 * goes into one buffer reused from record to record, never a malloc per
 * field. */
static void
on_field(void *s, size_t n, void *data)
{
    struct pd_csv_reader *r = data;

    if (r->overflow)
        return;
    /* libcsv's cap stops a runaway field within a byte or two; this makes
     * the limit exact. */
    if (n > r->max_field) {
        r->overflow = OVER_FIELD;
        return;
    }
    r->field_line = r->line; /* the next field starts on this line */
    if (record_cost(r->flen + n + 1, r->nfields + 1) > r->max_record) {
        r->overflow = OVER_RECORD;
        return;
    }
    if (r->flen + n + 1 > r->fcap || r->nfields == r->spans_cap) {
        r->fbuf = grow(r->fbuf, &r->fcap, r->flen + n + 1, 1);
        r->spans =
            grow(r->spans, &r->spans_cap, r->nfields + 1, sizeof(struct span));
    }
    if (n)
        memcpy(r->fbuf + r->flen, s, n);
    r->fbuf[r->flen + n] = '\0';
    r->spans[r->nfields].off = r->flen;
    r->spans[r->nfields].len = n;
    r->nfields++;
    r->flen += n + 1;
}

static void
on_row(int c, void *data)
{
    struct pd_csv_reader *r = data;

    (void)c;
    r->row_done = true;
}

struct pd_csv_reader *
pd_csv_open(struct pd_source *src, const struct pd_csv_opts *opts)
{
    struct pd_csv_reader *r = pd_xcalloc(1, sizeof(*r));

    r->src = src;
    if (opts)
        r->delim = opts->delim;
    r->max_field =
        opts && opts->max_field ? opts->max_field : DEFAULT_MAX_FIELD;
    r->max_record = r->max_field <= SIZE_MAX / 4 ? 4 * r->max_field : SIZE_MAX;
    if (r->max_record < MIN_MAX_RECORD)
        r->max_record = MIN_MAX_RECORD;
    r->chunk = pd_xmalloc(CHUNK);
    r->line = 1;
    if (csv_init(&r->p, 0) != 0)
        PD_BUG("csv_init failed");
    csv_set_realloc_func(&r->p, capped_realloc);
    csv_set_blk_size(&r->p, r->max_field < LIBCSV_BLOCK ? r->max_field + 2
                                                        : LIBCSV_BLOCK);
    return r;
}

void
pd_csv_close(struct pd_csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    free(r->chunk);
    free(r->fbuf);
    free(r->spans);
    free(r->fields);
    free(r);
}

char
pd_csv_delimiter(const struct pd_csv_reader *r)
{
    if (r->delim)
        return r->delim;
    return ',';
}

char
pd_csv_detect_delimiter(const char *line, size_t n)
{
    static const char cands[] = {',', ';', '\t'};
    size_t count[3] = {0, 0, 0}, best = 0;
    bool quoted = false;

    for (size_t i = 0; i < n; i++) {
        char c = line[i];

        if (c == '"')
            quoted = !quoted;
        else if (!quoted)
            for (size_t k = 0; k < 3; k++)
                count[k] += c == cands[k];
    }
    /* Ties go to the earlier candidate: comma is the common case. */
    for (size_t k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return cands[best];
}

static int
fail(struct pd_csv_reader *r, struct pd_err *err)
{
    r->failed = true;
    if (err)
        r->ferr = *err;
    return -1;
}

/* Position the cached '\r' search at pos. */
static void
find_cr(struct pd_csv_reader *r)
{
    const char *cr = memchr(r->chunk + r->pos, '\r', r->len - r->pos);

    r->cr_at = cr ? (size_t)(cr - r->chunk) : r->len;
}

/* Read the next chunk: 1 data, 0 end of member, -1 error. */
static int
read_chunk(struct pd_csv_reader *r, struct pd_err *err)
{
    ssize_t n = pd_source_read(r->src, r->chunk, CHUNK, err);

    if (n < 0)
        return fail(r, err);
    r->pos = 0;
    r->len = (size_t)n;
    if (n == 0) {
        r->src_eof = true;
        return 0;
    }
    return 1;
}

/* The first line (up to a newline outside quotes), blank lines skipped. */
static void
choose_delimiter(struct pd_csv_reader *r)
{
    const char *s = r->chunk, *end = r->chunk + r->len, *e;
    bool quoted = false;

    while (s < end && (*s == '\n' || *s == '\r'))
        s++;
    for (e = s; e < end; e++) {
        if (*e == '"')
            quoted = !quoted;
        else if (*e == '\n' && !quoted)
            break;
    }
    r->delim = pd_csv_detect_delimiter(s, (size_t)(e - s));
}

/* Fill the first chunk as far as it goes, so the header line is whole
 * for delimiter detection even when the source returns short reads. */
static int
start(struct pd_csv_reader *r, struct pd_err *err)
{
    r->started = true;
    r->len = 0;
    while (r->len < CHUNK) {
        ssize_t n =
            pd_source_read(r->src, r->chunk + r->len, CHUNK - r->len, err);
        if (n < 0)
            return fail(r, err);
        if (n == 0)
            break;
        r->len += (size_t)n;
    }
    r->pos = 0;
    r->src_eof = r->len == 0;
    find_cr(r);
    if (!r->delim)
        choose_delimiter(r);
    csv_set_delim(&r->p, (unsigned char)r->delim);
    if (r->delim == '\t')
        csv_set_space_func(&r->p, space_only);
    return 0;
}

/*
 * End of the next piece: just after the next '\n', or after a bare '\r'
 * (old Mac line ends) so that no piece can complete two rows, or at the
 * chunk's end.  The '\r' search is cached per chunk: LF files pay for one
 * memchr per chunk.
 */
static size_t
piece_end(struct pd_csv_reader *r)
{
    const char *s = r->chunk;
    const char *nl = memchr(s + r->pos, '\n', r->len - r->pos);
    size_t end = nl ? (size_t)(nl - s) + 1 : r->len;

    if (r->cr_at < r->pos)
        find_cr(r);
    if (r->cr_at < end && !(nl && r->cr_at + 2 == end))
        end = r->cr_at + 1;
    return end;
}

static void
raw_append(struct pd_csv_reader *r, const char *s, size_t n)
{
    size_t room = PD_RECORD_RAW_MAX - r->raw_len;

    if (n > room) {
        n = room;
        r->raw_cut = true;
    }
    memcpy(r->raw + r->raw_len, s, n);
    r->raw_len += n;
}

static void
begin_record(struct pd_csv_reader *r)
{
    r->rec_line = r->line;
    r->field_line = r->line;
    r->raw_len = 0;
    r->raw_cut = false;
}

static int
field_too_big(struct pd_csv_reader *r, struct pd_err *err)
{
    pd_err_set(err, PD_E_LIMIT, "field larger than %zu bytes at line %ld",
               r->max_field, r->field_line);
    pd_err_at(err, NULL, r->field_line);
    return fail(r, err);
}

static int
parse_error(struct pd_csv_reader *r, struct pd_err *err)
{
    if (r->p.quoted) {
        pd_err_set(err, PD_E_PARSE,
                   "unterminated quoted field starting at line %ld",
                   r->field_line);
        pd_err_detail(err,
                      "the field grew past %zu bytes without a closing "
                      "quote",
                      r->max_field);
        pd_err_at(err, NULL, r->field_line);
        return fail(r, err);
    }
    return field_too_big(r, err);
}

/* A field callback refused a field or record over its cap. */
static int
overflow_error(struct pd_csv_reader *r, struct pd_err *err)
{
    if (r->overflow == OVER_FIELD)
        return field_too_big(r, err);
    pd_err_set(err, PD_E_LIMIT, "record larger than %zu bytes at line %ld",
               r->max_record, r->rec_line);
    pd_err_at(err, NULL, r->rec_line);
    return fail(r, err);
}

/* Push one piece into libcsv; 0 or -1. */
static int
feed_piece(struct pd_csv_reader *r, struct pd_err *err)
{
    size_t end = piece_end(r), n = end - r->pos;
    const char *s = r->chunk + r->pos;

    if (r->p.pstate == LIBCSV_ROW_NOT_BEGUN)
        begin_record(r);
    raw_append(r, s, n);
    libcsv_cap = r->max_field + 2; /* + closing quote + next byte */
    if (csv_parse(&r->p, s, n, on_field, on_row, r) != n)
        return parse_error(r, err);
    if (r->overflow)
        return overflow_error(r, err);
    r->pos = end;
    if (s[n - 1] == '\n')
        r->line++;
    return 0;
}

static void
strip_terminator(struct pd_csv_reader *r)
{
    if (r->raw_cut)
        return;
    if (r->raw_len && r->raw[r->raw_len - 1] == '\n')
        r->raw_len--;
    if (r->raw_len && r->raw[r->raw_len - 1] == '\r')
        r->raw_len--;
}

static void
emit(struct pd_csv_reader *r, struct pd_record *rec)
{
    r->fields =
        grow(r->fields, &r->fields_cap, r->nfields, sizeof(struct pd_field));
    for (size_t i = 0; i < r->nfields; i++) {
        r->fields[i].s = r->fbuf + r->spans[i].off;
        r->fields[i].len = r->spans[i].len;
    }
    strip_terminator(r);
    rec->fields = r->fields;
    rec->names = NULL; /* CSV fields are named by the header row */
    rec->nfields = r->nfields;
    rec->line = r->rec_line;
    rec->raw = r->raw;
    rec->raw_len = r->raw_len;
    rec->reject = NULL;
}

/* End of input: flush a last record without a final newline. */
static int
finish(struct pd_csv_reader *r, struct pd_err *err)
{
    r->finished = true;
    if (r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted) {
        pd_err_set(err, PD_E_PARSE,
                   "unterminated quoted field starting at line %ld",
                   r->field_line);
        pd_err_at(err, NULL, r->field_line);
        return fail(r, err);
    }
    libcsv_cap = r->max_field + 2;
    csv_fini(&r->p, on_field, on_row, r);
    if (r->overflow)
        return overflow_error(r, err);
    return r->row_done ? 1 : 0;
}

int
pd_csv_next(struct pd_csv_reader *r, struct pd_record *rec, struct pd_err *err)
{
    if (r->failed) {
        if (err)
            *err = r->ferr;
        return -1;
    }
    if (!r->started && start(r, err) < 0)
        return -1;
    r->flen = r->nfields = 0;
    r->row_done = false;
    while (!r->row_done) {
        if (r->finished)
            return 0;
        if (r->pos == r->len) {
            int rc = r->src_eof ? 0 : read_chunk(r, err);

            if (rc < 0)
                return -1;
            if (rc == 0) {
                if (finish(r, err) < 0)
                    return -1;
                continue;
            }
            find_cr(r);
        }
        if (feed_piece(r, err) < 0)
            return -1;
    }
    emit(r, rec);
    return 1;
}
