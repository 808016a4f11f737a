#include "extract/csv_reader.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/*
 * The reference reader is Python's csv.reader with its default dialect and
 * the detected delimiter (issue 12): the states and transitions below are
 * those of CPython's Modules/_csv.c, parse_process_char(), non-strict:
 *
 *   - a quote opens a quoted field only as the field's first byte;
 *   - a quote inside an unquoted field is literal text (37°36'37.8"N);
 *   - in a quoted field "" is one quote; a closing quote followed by
 *     anything but the delimiter or a line end ends the quoted part and
 *     the field goes on unquoted: `"12" monitor` is `12 monitor`;
 *   - a record ends at \n, \r\n or a bare \r outside quotes;
 *   - at the end of input an open quoted field is saved as it stands.
 *
 * libcsv (the first reader) differs on the third point: after `"12"` it
 * keeps the field quoted, so ` monitor,...` and every following line up to
 * the next quote became one field -- rows merged with "0 rejected".  Its
 * strict mode can only refuse such a file, so the state machine is ours.
 *
 * Where Python would silently merge lines too -- an opening quote that is
 * never closed where it should be -- the record is read as Python reads it
 * but rejected (rec->reject set) when its quoted field spans a line break
 * and the record does not look like the rows around it: fewer fields than
 * the header's last non-empty one, non-empty cells past the header, or an
 * inner line that reads as a row of its own (swallowed_row()); and when an
 * open quote runs to the end of the input.  Rows read still equal Python's
 * rows; a merge is counted as a reject, never loaded.
 *
 * Spaces (and tabs, unless tab is the delimiter) around unquoted text are
 * trimmed after the record is read (SPEC §2 trims text anyway): trimming
 * never changes where a field or record ends.
 */

enum {
    CHUNK = 64 * 1024,
    DEFAULT_MAX_FIELD = 4 * 1024 * 1024,
    MIN_MAX_RECORD = 1024 * 1024
};

enum state {
    START_RECORD,    /* no byte of a record yet */
    START_FIELD,     /* after a delimiter */
    IN_FIELD,        /* unquoted text */
    IN_QUOTED,       /* inside quotes */
    QUOTE_IN_QUOTED, /* a quote inside quotes: "" or the closing quote */
    EAT_LF           /* a record ended at \r: a \n right after belongs to it */
};

/* One field of the record being read: where its bytes start in fbuf, and
 * how much of it the quoted part covers (trailing spaces after it are
 * trimmed, the quoted text never). */
struct span {
    size_t off, len;
    size_t quoted_len; /* bytes up to the closing quote; 0 if unquoted */
    long line;         /* the physical line the field starts on */
    bool quoted;
};

struct pd_csv_reader {
    struct pd_source *src;
    size_t max_field;
    size_t max_record; /* field bytes + per-field overhead of one record */
    char delim;
    bool started; /* first chunk read and delimiter chosen */
    bool src_eof;
    bool failed;
    struct pd_err ferr;
    enum state state;
    unsigned char special[256]; /* bytes that end an unquoted run */

    char *chunk; /* CHUNK bytes from the source */
    size_t pos, len;
    /* A NUL byte in this chunk, and in a chunk the current record read:
     * only then are its fields searched for one (suspect()). */
    bool chunk_nul, rec_nul;
    size_t raw_from; /* where this chunk's part of the record's raw starts */

    long line;            /* physical line of the next byte */
    long rec_line;        /* line the current record started on */
    long field_line;      /* line the current field started on */
    long end_line;        /* line the current record ended on */
    long quote_line;      /* line the open quoted field started on */
    bool seen_header;     /* the first record was read */
    size_t header_fields; /* its field count; 0 if it spanned lines */
    size_t header_width;  /* up to its last non-empty field */

    /* The record being assembled: field bytes, each NUL-terminated, and
     * their spans; fields[] is filled from spans[] once the row ends,
     * because fbuf may move while the row grows. */
    char *fbuf;
    size_t flen, fcap;
    size_t fstart; /* where the open field starts in fbuf */
    bool fquoted;
    size_t fquoted_len;
    struct span *spans;
    size_t nfields, spans_cap;
    struct pd_field *fields;
    size_t fields_cap;
    bool row_done;
    bool spans_lines; /* a quoted field of this record holds a line break */
    bool unterminated;
    char reason[200];

    char raw[PD_RECORD_RAW_MAX];
    size_t raw_len;
    bool raw_cut; /* raw text was longer than PD_RECORD_RAW_MAX */
};

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
    r->state = START_RECORD;
    return r;
}

void
pd_csv_close(struct pd_csv_reader *r)
{
    if (!r)
        return;
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
    r->chunk_nul = memchr(r->chunk, '\0', r->len) != NULL;
    if (!r->delim)
        choose_delimiter(r);
    r->special[(unsigned char)r->delim] = 1;
    r->special['\n'] = 1;
    r->special['\r'] = 1;
    return 0;
}

/* Read the next chunk: 1 data, 0 end of member, -1 error. */
static int
read_chunk(struct pd_csv_reader *r, struct pd_err *err)
{
    ssize_t n = pd_source_read(r->src, r->chunk, CHUNK, err);

    if (n < 0)
        return fail(r, err);
    r->pos = r->raw_from = 0;
    r->len = (size_t)n;
    if (n == 0) {
        r->src_eof = true;
        return 0;
    }
    r->chunk_nul = memchr(r->chunk, '\0', r->len) != NULL;
    r->rec_nul |= r->chunk_nul;
    return 1;
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

/* The raw text of the record so far in this chunk, up to (not including)
 * chunk[upto]. */
static void
raw_flush(struct pd_csv_reader *r, size_t upto)
{
    if (upto > r->raw_from)
        raw_append(r, r->chunk + r->raw_from, upto - r->raw_from);
    r->raw_from = upto;
}

static void
begin_record(struct pd_csv_reader *r)
{
    r->rec_line = r->line;
    r->field_line = r->line;
    r->raw_len = 0;
    r->raw_cut = false;
    r->raw_from = r->pos;
    r->flen = r->nfields = 0;
    r->fstart = 0;
    r->fquoted = false;
    r->fquoted_len = 0;
    r->spans_lines = false;
    r->unterminated = false;
    r->rec_nul = r->chunk_nul;
}

static int
field_too_big(struct pd_csv_reader *r, struct pd_err *err)
{
    if (r->state == IN_QUOTED) {
        pd_err_set(err, PD_E_PARSE,
                   "unterminated quoted field starting at line %ld",
                   r->field_line);
        pd_err_detail(err,
                      "the field grew past %zu bytes without a closing "
                      "quote",
                      r->max_field);
    } else {
        pd_err_set(err, PD_E_LIMIT, "field larger than %zu bytes at line %ld",
                   r->max_field, r->field_line);
    }
    pd_err_at(err, NULL, r->field_line);
    return fail(r, err);
}

static int
record_too_big(struct pd_csv_reader *r, struct pd_err *err)
{
    pd_err_set(err, PD_E_LIMIT, "record larger than %zu bytes at line %ld",
               r->max_record, r->rec_line);
    pd_err_at(err, NULL, r->rec_line);
    return fail(r, err);
}

/* Append n bytes to the open field: 0, or -1 past a cap. */
static int
add_bytes(struct pd_csv_reader *r, const char *s, size_t n, struct pd_err *err)
{
    if (r->flen - r->fstart + n > r->max_field)
        return field_too_big(r, err);
    if (record_cost(r->flen + n + 1, r->nfields + 1) > r->max_record)
        return record_too_big(r, err);
    r->fbuf = grow(r->fbuf, &r->fcap, r->flen + n + 1, 1);
    memcpy(r->fbuf + r->flen, s, n);
    r->flen += n;
    return 0;
}

static bool
is_blank(const struct pd_csv_reader *r, char c)
{
    return c == ' ' || (c == '\t' && r->delim != '\t');
}

/* Close the open field: record its trimmed span and NUL-terminate it.
 * Room for the NUL and the span is already made; the one place that
 * decides how a field is trimmed. */
static void
close_field(struct pd_csv_reader *r)
{
    struct span *sp = &r->spans[r->nfields++];
    size_t keep;

    sp->off = r->fstart;
    sp->len = r->flen - r->fstart;
    sp->quoted = r->fquoted;
    sp->quoted_len = r->fquoted_len;
    sp->line = r->field_line;
    keep = sp->quoted ? sp->quoted_len : 0;
    while (sp->len > keep && is_blank(r, r->fbuf[sp->off + sp->len - 1]))
        sp->len--;
    while (!sp->quoted && sp->len && is_blank(r, r->fbuf[sp->off])) {
        sp->off++;
        sp->len--;
    }
    r->fbuf[r->flen++] = '\0';
    r->fbuf[sp->off + sp->len] = '\0';
    r->fstart = r->flen;
    r->fquoted = false;
    r->fquoted_len = 0;
    r->field_line = r->line;
}

/* Close the open field: 0, or -1 past the record cap. */
static int
save_field(struct pd_csv_reader *r, struct pd_err *err)
{
    if (record_cost(r->flen + 1, r->nfields + 1) > r->max_record)
        return record_too_big(r, err);
    r->fbuf = grow(r->fbuf, &r->fcap, r->flen + 1, 1);
    r->spans =
        grow(r->spans, &r->spans_cap, r->nfields + 1, sizeof(struct span));
    close_field(r);
    return 0;
}

/* add_bytes(s, n) then save_field() for an unquoted field read whole
 * (the open field empty): the same checks, with one grow of each array
 * instead of three calls. */
static int
save_plain(struct pd_csv_reader *r, const char *s, size_t n, struct pd_err *err)
{
    if (n > r->max_field)
        return field_too_big(r, err);
    if (record_cost(r->flen + n + 1, r->nfields + 1) > r->max_record)
        return record_too_big(r, err);
    r->fbuf = grow(r->fbuf, &r->fcap, r->flen + n + 1, 1);
    r->spans =
        grow(r->spans, &r->spans_cap, r->nfields + 1, sizeof(struct span));
    memcpy(r->fbuf + r->flen, s, n);
    r->flen += n;
    close_field(r);
    return 0;
}

/* A record whose only field is empty after trimming is a blank line. */
static bool
record_blank(const struct pd_csv_reader *r)
{
    return r->nfields == 1 && r->spans[0].len == 0;
}

/* Fields in one line of text, delimiters inside quotes not counted (the
 * delimiter detection's reading of a line). */
static size_t
line_fields(const struct pd_csv_reader *r, const char *s, size_t n)
{
    size_t count = 1;
    bool quoted = false;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (s[i] == r->delim && !quoted)
            count++;
    }
    return count;
}

/* The shape of a key: runs of digits, letters and other bytes collapsed
 * to one class each ("91" and "4711" are "9", "PROJ-99" is "A-9"); false
 * when it does not fit (a long text is no key). */
static bool
key_shape(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char cls = c >= '0' && c <= '9'                     ? '9'
                   : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 'A'
                   : c == ' '                               ? ' '
                                                            : (char)c;

        if (k && out[k - 1] == cls)
            continue;
        if (k + 1 >= cap)
            return false;
        out[k++] = cls;
    }
    out[k] = '\0';
    return k > 0;
}

/*
 * A quoted field that holds whole lines which read as rows swallowed them:
 * `91,"12 monitor,low` / `92,keyboard,high` / `93,"mouse",normal` is one
 * record of three fields in Python's reading, and line 92 inside it is a
 * row.  An inner line is taken for a row when it has the header's width and
 * its first field has the shape of the record's own first field (a ticket
 * id like 91): an ordinary comment line with commas rarely starts with an
 * id.  Returns that line's number, or 0.  Only the lines strictly inside a
 * field are looked at (its first and last are pieces of the record).
 */
static long
swallowed_row(const struct pd_csv_reader *r)
{
    char key[16], inner[16];

    if (r->header_fields < 2 || !key_shape(r->fbuf + r->spans[0].off,
                                           r->spans[0].len, key, sizeof(key)))
        return 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const struct span *sp = &r->spans[i];
        const char *s = r->fbuf + sp->off, *end = s + sp->len, *nl;
        long line = sp->line;

        if (!sp->quoted)
            continue;
        nl = memchr(s, '\n', (size_t)(end - s));
        while (nl) {
            const char *row = nl + 1;
            const char *next = memchr(row, '\n', (size_t)(end - row));
            const char *cut;

            line++;
            if (next &&
                line_fields(r, row, (size_t)(next - row)) == r->header_fields) {
                cut = memchr(row, r->delim, (size_t)(next - row));
                if (cut &&
                    key_shape(row, (size_t)(cut - row), inner, sizeof(inner)) &&
                    strcmp(inner, key) == 0)
                    return line;
            }
            nl = next;
        }
    }
    return 0;
}

/* Cells past the header's width that are not empty. */
static bool
surplus(const struct pd_csv_reader *r)
{
    for (size_t i = r->header_fields; i < r->nfields; i++)
        if (r->spans[i].len)
            return true;
    return false;
}

/* Why a record that Python would read as it stands is still not trusted
 * (see the top of this file), or NULL. */
static const char *
suspect(struct pd_csv_reader *r)
{
    const char *why = NULL;
    long line;

    for (size_t i = 0; i < r->nfields && r->rec_nul && !why; i++)
        if (memchr(r->fbuf + r->spans[i].off, '\0', r->spans[i].len))
            why = "a NUL byte";
    if (why) {
        snprintf(r->reason, sizeof(r->reason),
                 "field holds %s (line %ld): not text", why, r->rec_line);
        return r->reason;
    }
    if (r->unterminated) {
        snprintf(r->reason, sizeof(r->reason),
                 "quoted field opened on line %ld is never closed: it runs "
                 "to the end of the file (line %ld)",
                 r->quote_line, r->end_line);
        return r->reason;
    }
    if (!r->spans_lines || !r->header_fields)
        return NULL;
    if (r->nfields < r->header_width || surplus(r)) {
        snprintf(r->reason, sizeof(r->reason),
                 "quoted field runs from line %ld to line %ld and the row has "
                 "%zu fields, the header %zu: a stray quote?",
                 r->rec_line, r->end_line, r->nfields, r->header_fields);
        return r->reason;
    }
    if ((line = swallowed_row(r)) != 0) {
        snprintf(r->reason, sizeof(r->reason),
                 "quoted field runs from line %ld to line %ld and holds line "
                 "%ld, which reads as a row of its own: a stray quote?",
                 r->rec_line, r->end_line, line);
        return r->reason;
    }
    return NULL;
}

/* The record ends before chunk[at]; at is the terminator or the chunk's
 * end. */
static void
end_record(struct pd_csv_reader *r, size_t at)
{
    raw_flush(r, at);
    r->row_done = true;
}

/* Count the line breaks of a quoted run. */
static void
count_lines(struct pd_csv_reader *r, const char *s, size_t n)
{
    const char *e = s + n;

    while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
        r->line++;
        s++;
        r->spans_lines = true;
    }
}

/* Eight bytes at p, unaligned, read little-endian. */
static inline uint64_t
load_le64(const char *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

/* The bytes of v (little-endian) equal to b, as the top bit of each:
 * the has-zero-byte test on v ^ b.  Bytes above the first match may be
 * flagged falsely (the borrow); the lowest flag is always exact. */
static inline uint64_t
bytes_equal(uint64_t v, uint64_t b)
{
    static const uint64_t ones = 0x0101010101010101u;
    uint64_t x = v ^ (b * ones);

    return (x - ones) & ~x & (ones << 7);
}

/* Where unquoted text from i ends: the first delimiter, \r or \n at or
 * after i, or r->len.  Eight bytes at a time: the byte loop was a sixth of
 * the reader's instructions on the bench file. */
static size_t
unquoted_end(const struct pd_csv_reader *r, size_t i)
{
    const uint64_t d = (unsigned char)r->delim;

    while (i + 8 <= r->len) {
        uint64_t v = load_le64(r->chunk + i), m;

        m = bytes_equal(v, d) | bytes_equal(v, '\n') | bytes_equal(v, '\r');
        if (m)
            return i + (size_t)(__builtin_ctzll(m) >> 3);
        i += 8;
    }
    while (i < r->len && !r->special[(unsigned char)r->chunk[i]])
        i++;
    return i;
}

/* Unquoted text from pos up to the next delimiter or line end. */
static int
scan_unquoted(struct pd_csv_reader *r, struct pd_err *err)
{
    size_t i = unquoted_end(r, r->pos);

    if (add_bytes(r, r->chunk + r->pos, i - r->pos, err) < 0)
        return -1;
    r->pos = i;
    return 0;
}

/*
 * At the start of a field that is not quoted: the common case, unquoted
 * text ending at a delimiter in this chunk, is read here field after field
 * without a trip through step() for each of its three states (about a
 * quarter of the reader's instructions on the bench file).  Returns in
 * START_FIELD before a quote, a line end or the chunk's end, or in
 * IN_FIELD inside text that runs on; the machine takes it from there, with
 * the same result as if it had read every byte itself.
 */
static int
plain_fields(struct pd_csv_reader *r, struct pd_err *err)
{
    while (r->pos < r->len) {
        char c = r->chunk[r->pos];
        size_t i;

        if (c == '"' || c == '\n' || c == '\r')
            return 0;
        i = unquoted_end(r, r->pos);
        if (i == r->len || r->chunk[i] != r->delim) {
            if (add_bytes(r, r->chunk + r->pos, i - r->pos, err) < 0)
                return -1;
            r->pos = i;
            r->state = IN_FIELD;
            return 0;
        }
        if (save_plain(r, r->chunk + r->pos, i - r->pos, err) < 0)
            return -1;
        r->pos = i + 1;
    }
    return 0;
}

/* Quoted text from pos up to the next quote. */
static int
scan_quoted(struct pd_csv_reader *r, struct pd_err *err)
{
    const char *s = r->chunk + r->pos;
    const char *q = memchr(s, '"', r->len - r->pos);
    size_t n = q ? (size_t)(q - s) : r->len - r->pos;

    if (add_bytes(r, s, n, err) < 0)
        return -1;
    count_lines(r, s, n);
    if (memchr(s, '\r', n))
        r->spans_lines = true;
    r->pos += n;
    return 0;
}

/* A line end outside quotes at pos: the record is complete. */
static int
line_end(struct pd_csv_reader *r, char c, struct pd_err *err)
{
    if (save_field(r, err) < 0)
        return -1;
    r->end_line = r->line;
    end_record(r, r->pos);
    r->pos++;
    if (c == '\n') {
        r->line++;
        r->state = START_RECORD;
    } else {
        r->state = EAT_LF;
    }
    return 0;
}

/* One step of the state machine at chunk[pos]: 0 or -1. */
static int
step(struct pd_csv_reader *r, struct pd_err *err)
{
    char c = r->chunk[r->pos];

    switch (r->state) {
    case EAT_LF:
        r->state = START_RECORD;
        if (c == '\n') {
            r->pos++;
            r->line++;
            return 0;
        }
        return 0;
    case START_RECORD:
        if (c == '\n' || c == '\r') { /* a blank line */
            r->pos++;
            r->line += c == '\n';
            r->state = c == '\r' ? EAT_LF : START_RECORD;
            return 0;
        }
        begin_record(r);
        r->state = START_FIELD;
        return 0;
    case START_FIELD:
        if (c == '\n' || c == '\r')
            return line_end(r, c, err);
        if (c == '"') {
            r->pos++;
            r->fquoted = true;
            r->quote_line = r->line;
            r->state = IN_QUOTED;
            return 0;
        }
        return plain_fields(r, err);
    case IN_FIELD:
        if (c == '\n' || c == '\r')
            return line_end(r, c, err);
        if (c == r->delim) {
            r->pos++;
            r->state = START_FIELD;
            return save_field(r, err);
        }
        return scan_unquoted(r, err);
    case IN_QUOTED:
        if (c == '"') {
            r->pos++;
            r->state = QUOTE_IN_QUOTED;
            return 0;
        }
        return scan_quoted(r, err);
    case QUOTE_IN_QUOTED:
        r->fquoted_len = r->flen - r->fstart;
        if (c == '"') { /* "" is one quote */
            r->pos++;
            r->state = IN_QUOTED;
            return add_bytes(r, &c, 1, err);
        }
        if (c == r->delim) {
            r->pos++;
            r->state = START_FIELD;
            return save_field(r, err);
        }
        if (c == '\n' || c == '\r')
            return line_end(r, c, err);
        /* Python, non-strict: the quoted part is over, the field goes on
         * as unquoted text. */
        r->state = IN_FIELD;
        return 0;
    }
    PD_BUG("csv reader state %d", (int)r->state);
}

/* End of input: the last record without a final line end. */
static int
finish(struct pd_csv_reader *r, struct pd_err *err)
{
    switch (r->state) {
    case START_RECORD:
    case EAT_LF:
        return 0;
    case IN_QUOTED:
        r->unterminated = true;
        break;
    case QUOTE_IN_QUOTED:
        r->fquoted_len = r->flen - r->fstart;
        break;
    case START_FIELD:
    case IN_FIELD:
        break;
    }
    /* The last line is the one before the count when the input ended on
     * a line break inside the open quote. */
    r->end_line = r->line;
    if (r->flen > r->fstart && r->fbuf[r->flen - 1] == '\n')
        r->end_line--;
    if (save_field(r, err) < 0)
        return -1;
    end_record(r, r->len);
    r->state = START_RECORD;
    return 1;
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
    rec->fields = r->fields;
    rec->names = NULL; /* CSV fields are named by the header row */
    rec->nfields = r->nfields;
    rec->line = r->rec_line;
    rec->raw = r->raw;
    rec->raw_len = r->raw_len;
    rec->reject = suspect(r);
    if (!r->seen_header) {
        r->seen_header = true;
        r->header_fields = r->spans_lines ? 0 : r->nfields;
        r->header_width = r->header_fields;
        while (r->header_width && !r->spans[r->header_width - 1].len)
            r->header_width--;
    }
}

/* Run the machine until a record is complete: 1 record, 0 end, -1. */
static int
read_record(struct pd_csv_reader *r, struct pd_err *err)
{
    r->row_done = false;
    while (!r->row_done) {
        if (r->pos == r->len) {
            int rc;

            if (r->state != START_RECORD && r->state != EAT_LF)
                raw_flush(r, r->len);
            rc = r->src_eof ? 0 : read_chunk(r, err);
            if (rc < 0)
                return -1;
            if (rc == 0)
                return r->src_eof ? finish(r, err) : 0;
            continue;
        }
        if (step(r, err) < 0)
            return -1;
    }
    return 1;
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
    for (;;) {
        int rc = read_record(r, err);

        if (rc <= 0)
            return rc;
        if (!record_blank(r))
            break;
    }
    emit(r, rec);
    return 1;
}
