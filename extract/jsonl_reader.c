#include "extract/jsonl_reader.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include <yajl/yajl_version.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/buf.h"
#include "common/json.h"
#include "common/utf8.h"
#include "common/xalloc.h"

/*
 * yajl is a push parser without positions (STYLE rule 2).  As in
 * csv_reader, we pull CHUNK bytes from the source and push them into yajl
 * one *piece* at a time, a piece ending just after a '\n' or at the chunk's
 * end, so the line counter is exact and a bad line can be dropped whole.
 * Inside a callback yajl_get_bytes_consumed() is the offset just past the
 * current token in the piece, which gives each record's first and last
 * byte for its raw text.
 *
 * yajl cannot be paused, and one piece may complete several records (a
 * compact array on one line, or several values per line), so completed
 * records wait in a queue (pend[]) until pd_jsonl_next() hands them out.
 * Their fields live in one text buffer, reset when the queue is empty; a
 * record still open at that point is moved to the front.  Memory is thus
 * one piece's worth of records plus the record in progress.
 */

enum {
    CHUNK = 64 * 1024,
    DEFAULT_MAX_RECORD = 4 * 1024 * 1024,
    DEFAULT_MAX_DEPTH = 4,
    MIN_MAX_FLAT = 1024 * 1024,
    WRAPPER_MAX_KEYS = 3 /* key path length of a wrapped records array */
};

#define NO_REASON SIZE_MAX

/* How records are laid out in the file. */
enum mode {
    M_LINES,  /* every top-level value is a record */
    M_ARRAY,  /* the elements of top-level arrays are records */
    M_WRAPPED /* the elements of one array inside the top-level object */
};

/* Where the parser stands relative to the records. */
enum where {
    W_TOP,     /* array/wrapped mode: outside every top-level value */
    W_NAV,     /* wrapped mode: inside the wrapper, outside its records */
    W_BETWEEN, /* at record level, between records */
    W_RECORD   /* inside a record */
};

/* Why the record in progress is skipped instead of stored. */
enum skip { SKIP_NONE, SKIP_NOT_OBJECT, SKIP_TOO_BIG, SKIP_FLAT_TOO_BIG };

enum kind { K_STRING, K_NUMBER, K_BOOL, K_NULL };

/* One field: offsets of its NUL-terminated name and value in text,
 * relative to the record's base (the record may move to the front). */
struct slot {
    size_t name, nlen, val, vlen;
};

/* A completed record waiting to be handed out. */
struct pending {
    long line;
    size_t base, first, n; /* text base; slots[first, first + n) */
    const char *raw;       /* into the input, or NULL: text at raw_off */
    size_t raw_off, raw_len;
    size_t reason; /* reject reason's offset in text, or NO_REASON */
};

/*
 * Finds the records array of a wrapped file: an array directly under
 * object keys at most WRAPPER_MAX_KEYS deep whose first element is an
 * object.  Arrays inside arrays never qualify.
 */
struct nav {
    size_t array_at; /* depth of the outermost open array, 0 if none */
    bool pending;    /* a qualifying array was just opened */
    unsigned found;  /* arrays of objects seen */
};

/* The first top-level object, parsed once before the real parse. */
struct sniff {
    struct nav nav;
    size_t depth;
    bool done;
};

struct pd_jsonl_reader {
    struct pd_source *src;
    yajl_handle h;
    size_t max_record, max_depth, max_flat;
    bool yajl_only;
    enum mode mode;
    bool started, src_eof, finished, failed;
    struct pd_err ferr;

    char *in;         /* the sniff's input bytes (then freed) */
    const char *data; /* in, or the source's window; [pos, len) not fed */
    size_t in_cap, pos, len;
    const char *piece;   /* the piece being fed */
    const char *fast_at; /* fast_line(): just past the token, else NULL */
    size_t piece_len;
    size_t piece_mark; /* end of the last value completed in the piece */
    long line;         /* physical line of the piece */
    bool skip_line;    /* resynchronizing: drop input up to a '\n' */
    bool last_eol;     /* the last piece ended with a '\n' */
    bool h_used;       /* the handle has seen something besides blanks */
    unsigned long events;
    size_t quiet; /* bytes of this line fed since the last callback */

    enum where where;
    size_t depth;     /* containers open */
    size_t rec_level; /* depth at which records start */
    struct nav nav;
    bool wrapper_done;

    /* The record in progress. */
    enum skip skip;
    long rec_line;
    size_t rec_base, rec_first; /* its text and slots */
    size_t rec_start;           /* its first byte in the current piece */
    size_t rec_bytes;           /* its bytes in earlier pieces */
    bool rec_spanning;          /* it began in an earlier piece */
    size_t lvl;    /* flattening level: the record's own keys are 1 */
    size_t cdepth; /* containers open inside a field kept as JSON */
    size_t *plen;  /* [max_depth + 1] name prefix length per level */
    char *name;    /* prefix + key of the current field (not terminated) */
    size_t name_len, name_cap;
    const char *name_at; /* its bytes: name, or a record's own key in the
                            piece, not copied (own_name()) */
    struct pd_buf fix;   /* a string with repaired UTF-8 */
    char raw_acc[PD_RECORD_RAW_MAX]; /* raw text of a spanning record */
    size_t raw_acc_len;

    /* Records completed since the queue was last empty. */
    struct pd_buf text;
    struct slot *slots;
    size_t nslots, slots_cap;
    struct pending *pend;
    size_t npend, pend_cap, pend_next;

    struct pd_field *fields, *names;
    size_t out_cap;
};

static bool
is_blank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
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

/* ---- yajl plumbing ---------------------------------------------------- */

/* yajl does not check its allocations; ours exit on OOM (STYLE rule 9). */
static void *
ya_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return pd_xmalloc(n);
}

static void *
ya_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return pd_xrealloc(p, n);
}

static void
ya_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

/*
 * Several values per handle (JSON lines).  String validation is off: the
 * source already hands out valid UTF-8, so yajl's check is a second pass
 * (~7% per yajl's docs); only strings yajl decoded need a look
 * (fix_utf8()).
 */
static yajl_handle
new_handle(const yajl_callbacks *cb, void *ctx)
{
    yajl_alloc_funcs af = {ya_malloc, ya_realloc, ya_free, NULL};
    yajl_handle h = yajl_alloc(cb, &af, ctx);

    if (!h)
        PD_BUG("yajl_alloc failed");
    yajl_config(h, yajl_allow_multiple_values, 1);
    yajl_config(h, yajl_dont_validate_strings, 1);
    return h;
}

/* yajl's one-line message ("lexical error: invalid char in json text")
 * without its newline and full stop (STYLE rule 8). */
static void
yajl_message(yajl_handle h, char *dst, size_t cap)
{
    unsigned char *e = yajl_get_error(h, 0, NULL, 0);
    size_t n;

    snprintf(dst, cap, "%s", e ? (const char *)e : "unknown error");
    if (e)
        yajl_free_error(h, e);
    n = strlen(dst);
    while (n && (is_blank(dst[n - 1]) || dst[n - 1] == '.'))
        dst[--n] = '\0';
}

/* ---- wrapper navigation and the first-object sniff --------------------- */

/* A container opens with d already open.  True when it is the first
 * element, an object, of a qualifying array: the records array. */
static bool
nav_open(struct nav *n, size_t d, bool is_map)
{
    bool first_object = n->pending && is_map;

    n->pending = false;
    if (first_object)
        n->found++;
    if (!is_map && !n->array_at) {
        n->array_at = d + 1;
        n->pending = d >= 1 && d <= WRAPPER_MAX_KEYS;
    }
    return first_object;
}

/* A container closed, leaving d open. */
static void
nav_close(struct nav *n, size_t d)
{
    n->pending = false;
    if (d < n->array_at)
        n->array_at = 0;
}

static int
sn_open(struct sniff *s, bool is_map)
{
    nav_open(&s->nav, s->depth, is_map);
    s->depth++;
    return 1;
}

/* Closing the top-level object ends the sniff: the 0 cancels the parse. */
static int
sn_close(struct sniff *s)
{
    s->depth--;
    nav_close(&s->nav, s->depth);
    s->done = s->depth == 0;
    return !s->done;
}

static int
sn_null(void *ctx)
{
    ((struct sniff *)ctx)->nav.pending = false;
    return 1;
}

static int
sn_bool(void *ctx, int b)
{
    (void)b;
    return sn_null(ctx);
}

static int
sn_number(void *ctx, const char *s, size_t n)
{
    (void)s;
    (void)n;
    return sn_null(ctx);
}

static int
sn_string(void *ctx, const unsigned char *s, size_t n)
{
    (void)s;
    (void)n;
    return sn_null(ctx);
}

static int
sn_key(void *ctx, const unsigned char *s, size_t n)
{
    (void)ctx;
    (void)s;
    (void)n;
    return 1;
}

static int
sn_start_map(void *ctx)
{
    return sn_open(ctx, true);
}

static int
sn_start_array(void *ctx)
{
    return sn_open(ctx, false);
}

static int
sn_end(void *ctx)
{
    return sn_close(ctx);
}

static const yajl_callbacks sniff_cbs = {
    sn_null,      sn_bool, NULL,   NULL,           sn_number, sn_string,
    sn_start_map, sn_key,  sn_end, sn_start_array, sn_end};

/* ---- field storage ------------------------------------------------------ */

static size_t
flat_cost(const struct pd_jsonl_reader *r, size_t more)
{
    return r->text.len + more +
           r->nslots * (sizeof(struct slot) + 2 * sizeof(struct pd_field));
}

/* Stop storing the record in progress; it will come out as a reject. */
static void
skip_record(struct pd_jsonl_reader *r, enum skip why)
{
    r->skip = why;
    pd_buf_setlen(&r->text, r->rec_base);
    r->nslots = r->rec_first;
    r->cdepth = 0;
}

/* Room for n more bytes of fields, or the record is skipped (STYLE rule
 * 12: a key repeated as the prefix of many fields multiplies its size). */
static bool
room(struct pd_jsonl_reader *r, size_t n)
{
    if (flat_cost(r, n) <= r->max_flat)
        return true;
    skip_record(r, SKIP_FLAT_TOO_BIG);
    return false;
}

static struct slot *
new_slot(struct pd_jsonl_reader *r)
{
    r->slots =
        grow(r->slots, &r->slots_cap, r->nslots + 1, sizeof(struct slot));
    return &r->slots[r->nslots++];
}

/*
 * Append "name\0value\0" to text and record it as a field.  This is the
 * hot path (~20 fields per Amplitude record), so it checks capacity once
 * and copies directly, keeping pd_buf's invariant that buf[len] is NUL;
 * the pd_buf_add()/addch() calls it replaces were 13% of the profile.
 */
static struct slot *
put_field(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    struct slot *sl = new_slot(r);
    size_t at = r->text.len;
    char *p;

    /* Uncapped, so growing cannot fail; the test is pd_buf_grow()'s own,
     * made here because the call was 1 % of an Amplitude check's
     * instructions and is needed once in a few hundred fields. */
    if (at + r->name_len + n + 3 > r->text.alloc)
        pd_buf_grow(&r->text, r->name_len + n + 2);
    p = r->text.buf + at;
    if (r->name_len)
        memcpy(p, r->name_at, r->name_len);
    p[r->name_len] = '\0';
    p += r->name_len + 1;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    r->text.len = at + r->name_len + n + 2;
    r->text.buf[r->text.len] = '\0';
    sl->name = at - r->rec_base;
    sl->nlen = r->name_len;
    sl->val = sl->name + r->name_len + 1;
    sl->vlen = n;
    return sl;
}

static void
add_field(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    if (room(r, r->name_len + n + 2))
        put_field(r, s, n);
}

/*
 * A string yajl unescaped can be invalid UTF-8 (yajl 2.1 encodes a lone
 * low surrogate "\udc00" as the three bytes of the surrogate itself) or
 * hold a NUL byte ("\u0000"), which neither C strings nor PostgreSQL text
 * can carry.  Strings that point into the piece are input bytes, valid
 * already; others are checked, and each bad sequence or NUL becomes U+FFFD.
 */
static __attribute__((noinline)) void
repair_utf8(struct pd_jsonl_reader *r, const char **s, size_t *n)
{
    const char *p = *s;
    size_t left = *n;

    if (!memchr(p, '\0', left) && pd_utf8_valid(p, left))
        return;
    pd_buf_reset(&r->fix);
    while (left) {
        size_t ok = pd_utf8_valid_prefix(p, left, false);
        const char *nul = memchr(p, '\0', ok);
        size_t bad = 1;

        if (nul)
            ok = (size_t)(nul - p);
        pd_buf_add(&r->fix, p, ok);
        p += ok;
        left -= ok;
        if (!left)
            break;
        if (left >= 3 && (unsigned char)p[0] == 0xED &&
            ((unsigned char)p[1] & 0xE0) == 0xA0)
            bad = 3; /* one surrogate, one replacement */
        pd_buf_add(&r->fix, "\xEF\xBF\xBD", 3);
        p += bad;
        left -= bad;
    }
    *s = r->fix.buf;
    *n = r->fix.len;
}

/* Whether s points into the piece being fed (not into yajl's buffers). */
static bool
in_piece(const struct pd_jsonl_reader *r, const void *s)
{
    uintptr_t p = (uintptr_t)r->piece, q = (uintptr_t)s;

    return q >= p && q - p < r->piece_len;
}

/* Inline: it runs for every key and string (~80 per Amplitude event), and
 * as a call its frame cost more than its test (issue 15). */
static inline void
fix_utf8(struct pd_jsonl_reader *r, const char **s, size_t *n)
{
    if (!in_piece(r, *s))
        repair_utf8(r, s, n);
}

/* ---- fields kept as compact JSON text ----------------------------------- */

/* A comma before a value or key unless the container or key just began
 * (the last byte written tells which). */
static void
compact_sep(struct pd_jsonl_reader *r)
{
    char last = r->text.buf[r->text.len - 1];

    if (last != '[' && last != '{' && last != ':')
        pd_buf_addch(&r->text, ',');
}

static void
begin_compact(struct pd_jsonl_reader *r, bool is_map)
{
    if (!room(r, r->name_len + 3))
        return;
    put_field(r, is_map ? "{" : "[", 1);
    pd_buf_setlen(&r->text, r->text.len - 1); /* the value grows on */
    r->cdepth = 1;
}

static void
compact_open(struct pd_jsonl_reader *r, bool is_map)
{
    if (!room(r, 2))
        return;
    compact_sep(r);
    pd_buf_addch(&r->text, is_map ? '{' : '[');
    r->cdepth++;
}

static void
compact_close(struct pd_jsonl_reader *r, bool is_map)
{
    struct slot *sl;

    if (!room(r, 2))
        return;
    pd_buf_addch(&r->text, is_map ? '}' : ']');
    if (--r->cdepth)
        return;
    /* The open field is the last slot: nothing else adds slots meanwhile. */
    sl = &r->slots[r->nslots - 1];
    sl->vlen = r->text.len - r->rec_base - sl->val;
    pd_buf_addch(&r->text, '\0');
}

static void
compact_key(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    if (!room(r, 6 * n + 4))
        return;
    compact_sep(r);
    pd_json_strn(&r->text, s, n);
    pd_buf_addch(&r->text, ':');
}

static void
compact_scalar(struct pd_jsonl_reader *r, enum kind k, const char *s, size_t n)
{
    if (!room(r, 6 * n + 3))
        return;
    compact_sep(r);
    if (k == K_STRING)
        pd_json_strn(&r->text, s, n);
    else
        pd_buf_add(&r->text, s, n);
}

/* ---- records ------------------------------------------------------------ */

static struct pending *
push_pending(struct pd_jsonl_reader *r, long line)
{
    struct pending *p;

    r->pend = grow(r->pend, &r->pend_cap, r->npend + 1, sizeof(*r->pend));
    p = &r->pend[r->npend++];
    p->line = line;
    p->base = r->text.len;
    p->first = r->nslots;
    p->n = 0;
    p->raw = NULL;
    p->raw_off = 0;
    p->raw_len = 0;
    p->reason = NO_REASON;
    return p;
}

static size_t add_reason(struct pd_jsonl_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static size_t
add_reason(struct pd_jsonl_reader *r, const char *fmt, ...)
{
    size_t off = r->text.len;
    va_list ap;

    va_start(ap, fmt);
    pd_buf_vaddf(&r->text, fmt, ap);
    va_end(ap);
    pd_buf_addch(&r->text, '\0');
    return off;
}

static size_t
skip_reason(struct pd_jsonl_reader *r, enum skip why)
{
    switch (why) {
    case SKIP_NONE:
        break;
    case SKIP_NOT_OBJECT:
        return add_reason(r, "not a JSON object");
    case SKIP_TOO_BIG:
        return add_reason(r, "record larger than %zu bytes", r->max_record);
    case SKIP_FLAT_TOO_BIG:
        return add_reason(r, "record larger than %zu bytes once flattened",
                          r->max_flat);
    }
    return NO_REASON;
}

/* Copy raw text into text for p, capped, without surrounding blanks. */
static void
set_raw_copy(struct pd_jsonl_reader *r, struct pending *p, const char *s,
             size_t n)
{
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    while (n && is_blank(s[n - 1]))
        n--;
    if (n > PD_RECORD_RAW_MAX)
        n = PD_RECORD_RAW_MAX;
    p->raw = NULL;
    p->raw_off = r->text.len;
    p->raw_len = n;
    pd_buf_add(&r->text, s, n);
}

static void
raw_add(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    size_t left = PD_RECORD_RAW_MAX - r->raw_acc_len;

    if (n > left)
        n = left;
    memcpy(r->raw_acc + r->raw_acc_len, s, n);
    r->raw_acc_len += n;
}

/* The offset just past the current token in the piece: yajl's, or
 * fast_line()'s. */
static size_t
consumed(const struct pd_jsonl_reader *r)
{
    return r->fast_at ? (size_t)(r->fast_at - r->piece)
                      : yajl_get_bytes_consumed(r->h);
}

/* An object or array opens at record level. */
static void
begin_record(struct pd_jsonl_reader *r, bool is_map)
{
    size_t used = consumed(r);

    r->where = W_RECORD;
    r->skip = is_map ? SKIP_NONE : SKIP_NOT_OBJECT;
    r->rec_line = r->line;
    r->rec_base = r->text.len;
    r->rec_first = r->nslots;
    r->rec_start = used ? used - 1 : 0; /* the '{' or '[' just lexed */
    r->rec_bytes = 0;
    r->rec_spanning = false;
    r->raw_acc_len = 0;
    r->lvl = 1;
    r->cdepth = 0;
    r->plen[1] = 0;
    r->name_len = 0;
    r->name_at = r->name;
}

/* The record's closing brace was just lexed: queue it. */
static void
end_record(struct pd_jsonl_reader *r)
{
    size_t end = consumed(r);
    struct pending *p;

    if (r->rec_bytes + (end - r->rec_start) > r->max_record)
        skip_record(r, SKIP_TOO_BIG);
    p = push_pending(r, r->rec_line);
    p->base = r->rec_base;
    p->first = r->rec_first;
    p->n = r->nslots - r->rec_first;
    p->reason = skip_reason(r, r->skip);
    if (r->rec_spanning) {
        raw_add(r, r->piece, end);
        set_raw_copy(r, p, r->raw_acc, r->raw_acc_len);
    } else {
        p->raw = r->piece + r->rec_start;
        p->raw_len = end - r->rec_start;
        if (p->raw_len > PD_RECORD_RAW_MAX)
            p->raw_len = PD_RECORD_RAW_MAX;
    }
    r->where = W_BETWEEN;
    r->piece_mark = end;
}

/* A bare string, number, true, false or null at record level. */
static void
scalar_record(struct pd_jsonl_reader *r, enum kind k, const char *s, size_t n)
{
    struct pending *p = push_pending(r, r->line);
    size_t m = n < PD_RECORD_RAW_MAX ? n : PD_RECORD_RAW_MAX, off;

    p->reason = add_reason(r, "not a JSON object");
    off = r->text.len;
    if (k == K_STRING)
        pd_json_strn(&r->text, s, m);
    else
        pd_buf_add(&r->text, s, m);
    p->raw_off = off;
    p->raw_len = r->text.len - off;
    if (p->raw_len > PD_RECORD_RAW_MAX)
        p->raw_len = PD_RECORD_RAW_MAX;
    r->piece_mark = consumed(r);
}

/* A file error found inside a callback: the 0 cancels the parse. */
static int
fail_cb(struct pd_jsonl_reader *r, const char *what)
{
    pd_err_set(&r->ferr, PD_E_PARSE, "%s at line %ld", what, r->line);
    pd_err_at(&r->ferr, NULL, r->line);
    return 0;
}

/* ---- callbacks ---------------------------------------------------------- */

static void own_name(struct pd_jsonl_reader *r);

/* The field name becomes its first at bytes followed by s. */
static void
set_name(struct pd_jsonl_reader *r, size_t at, const char *s, size_t n)
{
    if (at && r->name_at != r->name)
        own_name(r);
    if (at + n > r->name_cap) {
        r->name_cap = 2 * (at + n) + 64;
        r->name = pd_xrealloc(r->name, r->name_cap);
    }
    if (n)
        memcpy(r->name + at, s, n);
    r->name_len = at + n;
    r->name_at = r->name;
}

/* Copy a borrowed key into name: before a prefix grows on it, and before
 * the piece it points into may go (after_piece()). */
static void
own_name(struct pd_jsonl_reader *r)
{
    const char *key = r->name_at;

    r->name_at = r->name;
    set_name(r, 0, key, r->name_len);
}

/* Inside a record: objects above max_depth flatten, the rest is text. */
static void
rec_open(struct pd_jsonl_reader *r, bool is_map)
{
    if (r->skip)
        return;
    if (r->cdepth) {
        compact_open(r, is_map);
        return;
    }
    if (is_map && r->lvl < r->max_depth) {
        r->lvl++;
        set_name(r, r->name_len, ".", 1);
        r->plen[r->lvl] = r->name_len;
        return;
    }
    begin_compact(r, is_map);
}

static void
rec_close(struct pd_jsonl_reader *r, bool is_map)
{
    if (r->skip)
        return;
    if (r->cdepth)
        compact_close(r, is_map);
    else
        r->lvl--;
}

/* Outside records: the top level of array and wrapped files. */
static int
outer_open(struct pd_jsonl_reader *r, bool is_map)
{
    if (r->where == W_NAV) {
        if (!nav_open(&r->nav, r->depth, is_map))
            return 1;
        if (r->nav.found > 1)
            return fail_cb(r, "second array of records in the top-level "
                              "JSON object");
        r->where = W_BETWEEN;
        r->rec_level = r->depth;
        begin_record(r, true);
        return 1;
    }
    if (r->mode == M_ARRAY && !is_map) {
        r->where = W_BETWEEN;
        r->rec_level = 1;
        return 1;
    }
    if (r->mode == M_WRAPPED && is_map && !r->wrapper_done) {
        r->where = W_NAV;
        return 1;
    }
    return fail_cb(r, r->mode == M_ARRAY
                          ? "unexpected JSON value after the top-level array"
                          : "unexpected JSON value after the top-level "
                            "object");
}

static int
on_open(struct pd_jsonl_reader *r, bool is_map)
{
    r->events++;
    if (r->where == W_RECORD)
        rec_open(r, is_map);
    else if (r->where == W_BETWEEN)
        begin_record(r, is_map);
    else if (!outer_open(r, is_map))
        return 0;
    r->depth++;
    return 1;
}

static int
on_close(struct pd_jsonl_reader *r, bool is_map)
{
    r->events++;
    r->depth--;
    if (r->where == W_RECORD) {
        rec_close(r, is_map);
        if (r->depth == r->rec_level)
            end_record(r);
        return 1;
    }
    nav_close(&r->nav, r->depth);
    if (r->where == W_BETWEEN) /* the records array closed */
        r->where = r->mode == M_ARRAY ? W_TOP : W_NAV;
    else if (r->depth == 0) { /* the wrapper closed */
        r->where = W_TOP;
        r->wrapper_done = true;
    }
    return 1;
}

static int
on_scalar(struct pd_jsonl_reader *r, enum kind k, const char *s, size_t n)
{
    r->events++;
    switch (r->where) {
    case W_RECORD:
        if (r->skip)
            return 1;
        if (k == K_STRING)
            fix_utf8(r, &s, &n);
        if (r->cdepth)
            compact_scalar(r, k, s, n);
        else if (k != K_NULL) /* absent == null */
            add_field(r, s, n);
        return 1;
    case W_BETWEEN:
        if (k == K_STRING)
            fix_utf8(r, &s, &n);
        scalar_record(r, k, s, n);
        return 1;
    case W_NAV:
        r->nav.pending = false;
        return 1;
    case W_TOP:
        break;
    }
    return fail_cb(r, r->mode == M_ARRAY
                          ? "unexpected JSON value after the top-level array"
                          : "unexpected JSON value after the top-level "
                            "object");
}

static int
on_null(void *ctx)
{
    return on_scalar(ctx, K_NULL, "null", 4);
}

static int
on_bool(void *ctx, int b)
{
    return on_scalar(ctx, K_BOOL, b ? "true" : "false", b ? 4 : 5);
}

/* Numbers keep their literal text: 19-digit ids and "1540919166796.0"
 * must survive byte for byte, which a double would not. */
static int
on_number(void *ctx, const char *s, size_t n)
{
    return on_scalar(ctx, K_NUMBER, s, n);
}

static int
on_string(void *ctx, const unsigned char *s, size_t n)
{
    return on_scalar(ctx, K_STRING, (const char *)s, n);
}

static int
on_key(void *ctx, const unsigned char *key, size_t n)
{
    struct pd_jsonl_reader *r = ctx;
    const char *s = (const char *)key;

    r->events++;
    if (r->where != W_RECORD || r->skip)
        return 1;
    fix_utf8(r, &s, &n);
    if (r->cdepth) {
        compact_key(r, s, n);
        return 1;
    }
    /* A record's own key (most of them) is used where yajl lexed it: it
     * was copied here, then into the field (issue 15: 2 % of an Amplitude
     * check's instructions). */
    if (r->lvl == 1 && in_piece(r, s)) {
        r->name_at = s;
        r->name_len = n;
        return 1;
    }
    set_name(r, r->plen[r->lvl], s, n);
    return 1;
}

static int
on_start_map(void *ctx)
{
    return on_open(ctx, true);
}

static int
on_start_array(void *ctx)
{
    return on_open(ctx, false);
}

static int
on_end_map(void *ctx)
{
    return on_close(ctx, true);
}

static int
on_end_array(void *ctx)
{
    return on_close(ctx, false);
}

static const yajl_callbacks main_cbs = {
    on_null,      on_bool, NULL,       NULL,           on_number,   on_string,
    on_start_map, on_key,  on_end_map, on_start_array, on_end_array};

/* ---- input -------------------------------------------------------------- */

static void
fail(struct pd_jsonl_reader *r)
{
    r->failed = true;
}

/* Append up to CHUNK more bytes to in (the sniff keeps what it reads):
 * >0 bytes, 0 end of member, -1 error. */
static ssize_t
fill_more(struct pd_jsonl_reader *r)
{
    ssize_t n;

    if (r->in_cap - r->len < CHUNK) {
        r->in_cap =
            r->len + CHUNK > 2 * r->in_cap ? r->len + CHUNK : 2 * r->in_cap;
        r->in = pd_xrealloc(r->in, r->in_cap);
    }
    r->data = r->in;
    n = pd_source_read(r->src, r->in + r->len, CHUNK, &r->ferr);
    if (n < 0)
        fail(r);
    else
        r->len += (size_t)n;
    if (n == 0)
        r->src_eof = true;
    return n;
}

/* Replace the consumed input with the source's next window: 1, 0 end, -1
 * error.  Only called with the queue empty: nothing points into data.
 * Borrowed, not copied (issue 15: the copy was 1.8 % of an Amplitude
 * check's instructions); the end leaves the last window, and so the last
 * piece, readable for finish(). */
static int
read_chunk(struct pd_jsonl_reader *r)
{
    const char *p = NULL;
    ssize_t n;

    if (r->src_eof)
        return 0;
    n = pd_source_view(r->src, &p, CHUNK, &r->ferr);
    if (n <= 0) {
        r->src_eof = true;
        if (n < 0)
            fail(r);
        return (int)n;
    }
    free(r->in); /* the sniff's buffer is no longer needed */
    r->in = NULL;
    r->in_cap = 0;
    r->data = p;
    r->pos = 0;
    r->len = (size_t)n;
    return 1;
}

/*
 * Decide the layout of a file whose first value is an object (at in[at]):
 * parse that object alone, counting arrays of objects (struct nav), then
 * look past it.  Exactly one such array and nothing after the object:
 * wrapped.  Anything else: JSON lines, whose first record this object is.
 * An object still open after max_record bytes cannot be a record, so it is
 * a wrapper if an array of objects has begun by then.
 */
static int
sniff_object(struct pd_jsonl_reader *r, size_t at)
{
    struct sniff sn = {{0, false, 0}, 0, false};
    yajl_handle h = new_handle(&sniff_cbs, &sn);
    const unsigned char *in;
    size_t fed = at, end;
    int mode = M_LINES;

    for (;;) {
        in = (const unsigned char *)r->in;
        if (yajl_parse(h, in + fed, r->len - fed) != yajl_status_ok && !sn.done)
            goto out; /* invalid: the main parse rejects the line */
        if (sn.done)
            break;
        fed = r->len;
        if (r->len - at > r->max_record) {
            mode = sn.nav.found == 1 ? M_WRAPPED : M_LINES;
            goto out;
        }
        if (fill_more(r) <= 0)
            goto out; /* truncated, or a read error (r->failed) */
    }
    end = fed + yajl_get_bytes_consumed(h);
    for (;;) {
        while (end < r->len && is_blank(r->in[end]))
            end++;
        if (end < r->len)
            goto out; /* another value follows: JSON lines */
        if (r->len - at > r->max_record + CHUNK || fill_more(r) <= 0)
            break;
    }
    mode = sn.nav.found == 1 ? M_WRAPPED : M_LINES;
out:
    yajl_free(h);
    return mode;
}

/* Read until the first non-blank byte and choose the mode from it. */
static void
start(struct pd_jsonl_reader *r)
{
    size_t i = 0;

    r->started = true;
    for (;;) {
        while (i < r->len && is_blank(r->in[i]))
            i++;
        if (i < r->len || fill_more(r) <= 0)
            break;
    }
    if (i < r->len && r->in[i] == '[')
        r->mode = M_ARRAY;
    else if (i < r->len && r->in[i] == '{')
        r->mode = (enum mode)sniff_object(r, i);
    r->where = r->mode == M_LINES ? W_BETWEEN : W_TOP;
    r->h = new_handle(&main_cbs, r);
}

/* ---- feeding ------------------------------------------------------------ */

/* JSON lines: a fresh handle after a bad line. */
static void
reset_parser(struct pd_jsonl_reader *r)
{
    yajl_free(r->h);
    r->h = new_handle(&main_cbs, r);
    r->where = W_BETWEEN;
    r->depth = 0;
    r->skip = SKIP_NONE;
    r->cdepth = 0;
    r->quiet = 0;
    r->h_used = false;
    r->name_at = r->name; /* the bad line's key, if any, is gone */
    r->name_len = 0;
}

/* JSON lines: queue a reject for the record in progress, or for the rest
 * of the piece when none is, and resume at the next line. */
static void reject_line(struct pd_jsonl_reader *r, bool eol, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));

static void
reject_line(struct pd_jsonl_reader *r, bool eol, const char *fmt, ...)
{
    bool in_rec = r->where == W_RECORD;
    struct pending *p;
    va_list ap;

    if (in_rec)
        skip_record(r, SKIP_NONE);
    p = push_pending(r, in_rec ? r->rec_line : r->line);
    p->reason = r->text.len;
    va_start(ap, fmt);
    pd_buf_vaddf(&r->text, fmt, ap);
    va_end(ap);
    pd_buf_addch(&r->text, '\0');
    if (in_rec)
        set_raw_copy(r, p, r->raw_acc, r->raw_acc_len);
    else if (r->piece_mark < r->piece_len)
        set_raw_copy(r, p, r->piece + r->piece_mark,
                     r->piece_len - r->piece_mark);
    reset_parser(r);
    r->skip_line = !eol;
}

static void
bad_json(struct pd_jsonl_reader *r, bool eol)
{
    char msg[160];

    yajl_message(r->h, msg, sizeof(msg));
    if (r->mode != M_LINES) {
        /* Without lines to resynchronize on, the file is bad. */
        pd_err_set(&r->ferr, PD_E_PARSE, "invalid JSON at line %ld", r->line);
        pd_err_detail(&r->ferr, "%s", msg);
        pd_err_at(&r->ferr, NULL, r->line);
        fail(r);
        return;
    }
    if (r->where == W_RECORD)
        raw_add(r, r->piece + r->rec_start, r->piece_len - r->rec_start);
    reject_line(r, eol, "invalid JSON: %s", msg);
}

/*
 * After a piece: keep the raw text of a record that goes on, and enforce
 * the caps.  yajl buffers a token that spans pieces without limit, so
 * "quiet" counts the bytes of a line fed without any callback.
 */
static void
after_piece(struct pd_jsonl_reader *r, unsigned long events_before, bool eol)
{
    bool big;

    if (r->where == W_RECORD && r->name_at != r->name)
        own_name(r);
    if (r->where == W_RECORD) {
        raw_add(r, r->piece + r->rec_start, r->piece_len - r->rec_start);
        r->rec_bytes += r->piece_len - r->rec_start;
        r->rec_start = 0;
        r->rec_spanning = true;
    }
    if (r->events != events_before) {
        r->h_used = true;
        r->quiet = 0;
    } else {
        for (size_t i = 0; !r->h_used && i < r->piece_len; i++)
            r->h_used = !is_blank(r->piece[i]);
        r->quiet = eol ? 0 : r->quiet + r->piece_len;
    }
    big = r->quiet > r->max_record ||
          (r->where == W_RECORD && r->rec_bytes > r->max_record);
    if (!big)
        return;
    if (r->mode == M_LINES) {
        reject_line(r, eol, "record larger than %zu bytes", r->max_record);
    } else if (r->quiet > r->max_record) {
        pd_err_set(&r->ferr, PD_E_LIMIT,
                   "JSON value larger than %zu bytes at line %ld",
                   r->max_record, r->line);
        pd_err_at(&r->ferr, NULL, r->line);
        fail(r);
    } else if (r->skip != SKIP_TOO_BIG) {
        skip_record(r, SKIP_TOO_BIG); /* parsed to its end, not stored */
    }
}

/* ---- one-line records without yajl ------------------------------------ */

/*
 * Issue 15: yajl was ~45 % of an Amplitude check's instructions (its
 * lexer takes each byte through tables and branches, ~28 instructions a
 * byte).  A JSON-lines record alone on its line, with no escapes -- every
 * line of the vendors' exports we have seen -- is parsed here instead,
 * calling the same callbacks with the same text and offsets.  Anything
 * else (an escape or a control character in a string, a number or word
 * yajl might read otherwise, nesting deeper than FAST_DEPTH, a second
 * value or a top-level scalar) makes the line bail out: what the
 * callbacks did is rolled back and yajl reads the line as before, so its
 * rejects and messages do not change.
 */

enum { FAST_DEPTH = 32 };

struct fast {
    const char *p, *end;
};

/* Inline, and the common case (no blank: exports are written compact)
 * one test: as a call it ran between every two tokens and was 3.5 % of an
 * Amplitude check's instructions (issue 15). */
static inline void
fast_blanks(struct fast *f)
{
    if (f->p == f->end || !is_blank(*f->p))
        return;
    while (f->p < f->end && is_blank(*f->p))
        f->p++;
}

static bool
fast_is(const struct fast *f, char c)
{
    return f->p < f->end && *f->p == c;
}

/* After a number or word: a byte that also ends yajl's token. */
static bool
fast_ended(const struct fast *f)
{
    return f->p < f->end &&
           (*f->p == ',' || *f->p == '}' || *f->p == ']' || is_blank(*f->p));
}

/*
 * The first of q[0..16) that is a quote, a backslash or a control
 * character, 16 if none (q + 16 <= the end).  The string scan was 18 % of
 * an Amplitude check's instructions at ~5 a byte (issue 15); SSE2, part
 * of every x86-64, tests 16 bytes in a few.  A byte >= 0x80 is no control
 * character: the test is unsigned (min(c, 0x1F) == c).  Other targets
 * take the byte loop below, which gives the same answer.
 */
#ifdef __SSE2__
static inline unsigned
string_stop16(const char *q)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
    unsigned mask = (unsigned)_mm_movemask_epi8(stop);

    return mask ? (unsigned)__builtin_ctz(mask) : 16;
}
#endif

/* A string (f->p at its quote) without escapes or control characters.
 * Inline: a key and most values are one each. */
static inline bool
fast_string(struct fast *f, const char **s, size_t *n)
{
    const char *q = f->p + 1;

#ifdef __SSE2__
    while (f->end - q >= 16) {
        unsigned k = string_stop16(q);

        q += k;
        if (k < 16)
            break;
    }
#endif
    for (; q < f->end; q++) {
        unsigned char c = (unsigned char)*q;

        if (c == '"') {
            *s = f->p + 1;
            *n = (size_t)(q - f->p - 1);
            f->p = q + 1;
            return true;
        }
        if (c == '\\' || c < 0x20)
            return false;
    }
    return false;
}

static const char *
fast_digits(const char *p, const char *end)
{
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    return p;
}

/*
 * The callbacks' common case inline: a key or scalar of the record's own
 * object, outside compact text, in a record not being skipped.  Its
 * strings point into the piece, so fix_utf8() has nothing to do, and
 * on_key() and on_scalar() would do exactly this; anything else goes to
 * them.  As calls they were 9 % of an Amplitude check's instructions,
 * a third of it their frames (issue 15).
 */
static inline bool
plain_field(const struct pd_jsonl_reader *r)
{
    return r->where == W_RECORD && !r->skip && !r->cdepth;
}

static inline bool
fast_key(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    if (!plain_field(r) || r->lvl != 1)
        return on_key(r, (const unsigned char *)s, n) != 0;
    r->events++;
    r->name_at = s;
    r->name_len = n;
    return true;
}

static inline bool
fast_scalar(struct pd_jsonl_reader *r, enum kind k, const char *s, size_t n)
{
    if (!plain_field(r))
        return on_scalar(r, k, s, n) != 0;
    r->events++;
    if (k != K_NULL) /* absent == null */
        add_field(r, s, n);
    return true;
}

/* A number as JSON's grammar has it: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
static bool
fast_number(struct pd_jsonl_reader *r, struct fast *f)
{
    const char *s = f->p, *p = f->p, *e = f->end, *q;

    if (p < e && *p == '-')
        p++;
    if (p < e && *p == '0')
        p++;
    else if ((q = fast_digits(p, e)) > p)
        p = q;
    else
        return false;
    if (p < e && *p == '.') {
        if ((q = fast_digits(p + 1, e)) == p + 1)
            return false;
        p = q;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p += p + 1 < e && (p[1] == '+' || p[1] == '-') ? 2 : 1;
        if ((q = fast_digits(p, e)) == p)
            return false;
        p = q;
    }
    f->p = p;
    if (!fast_ended(f))
        return false;
    r->fast_at = p;
    return fast_scalar(r, K_NUMBER, s, (size_t)(p - s));
}

/* null, true or false: the value's first byte (f->p, one of n t f) picks
 * the word, then its bytes are compared in place (issue 15: a strlen and a
 * memcmp call per word tried were 1 % of an Amplitude check's
 * instructions; its records are a quarter nulls). */
static bool
fast_word(struct pd_jsonl_reader *r, struct fast *f)
{
    const char *w = *f->p == 'n' ? "null" : *f->p == 't' ? "true" : "false";
    size_t n = *f->p == 'f' ? 5 : 4;

    if ((size_t)(f->end - f->p) <= n)
        return false;
    for (size_t i = 1; i < n; i++)
        if (f->p[i] != w[i])
            return false;
    f->p += n;
    if (!fast_ended(f))
        return false;
    r->fast_at = f->p;
    if (w[0] == 'n')
        return fast_scalar(r, K_NULL, "null", 4);
    return w[0] == 't' ? fast_scalar(r, K_BOOL, "true", 4)
                       : fast_scalar(r, K_BOOL, "false", 5);
}

static bool fast_value(struct pd_jsonl_reader *r, struct fast *f, size_t depth);

/* The '}' or ']' at f->p. */
static bool
fast_close(struct pd_jsonl_reader *r, struct fast *f, bool is_map)
{
    f->p++;
    r->fast_at = f->p;
    return (is_map ? on_end_map(r) : on_end_array(r)) != 0;
}

/* The members of an object or elements of an array, '{' or '[' at f->p. */
static bool
fast_container(struct pd_jsonl_reader *r, struct fast *f, bool is_map,
               size_t depth)
{
    char close = is_map ? '}' : ']';
    const char *s;
    size_t n;

    f->p++;
    r->fast_at = f->p;
    if (!(is_map ? on_start_map(r) : on_start_array(r)))
        return false;
    fast_blanks(f);
    if (fast_is(f, close))
        return fast_close(r, f, is_map);
    for (;;) {
        if (is_map) {
            if (!fast_is(f, '"') || !fast_string(f, &s, &n))
                return false;
            r->fast_at = f->p;
            if (!fast_key(r, s, n))
                return false;
            fast_blanks(f);
            if (!fast_is(f, ':'))
                return false;
            f->p++;
            fast_blanks(f);
        }
        if (!fast_value(r, f, depth))
            return false;
        fast_blanks(f);
        if (fast_is(f, close))
            return fast_close(r, f, is_map);
        if (!fast_is(f, ','))
            return false;
        f->p++;
        fast_blanks(f);
    }
}

static bool
fast_value(struct pd_jsonl_reader *r, struct fast *f, size_t depth)
{
    const char *s;
    size_t n;

    if (f->p == f->end || depth >= FAST_DEPTH)
        return false;
    switch (*f->p) {
    case '{':
        return fast_container(r, f, true, depth + 1);
    case '[':
        return fast_container(r, f, false, depth + 1);
    case '"':
        if (!fast_string(f, &s, &n))
            return false;
        r->fast_at = f->p;
        return fast_scalar(r, K_STRING, s, n);
    case 'n':
    case 't':
    case 'f':
        return fast_word(r, f);
    default:
        return fast_number(r, f);
    }
}

/* Parse the piece s[0..n), a whole line, when it is one object and
 * blanks: true.  false leaves the reader as it was, for yajl. */
static bool
fast_line(struct pd_jsonl_reader *r, const char *s, size_t n)
{
    struct fast f = {s, s + n};
    unsigned long events = r->events;
    size_t npend = r->npend, text = r->text.len, nslots = r->nslots;
    bool ok;

    fast_blanks(&f);
    if (!fast_is(&f, '{'))
        return false;
    ok = fast_value(r, &f, 0);
    r->fast_at = NULL;
    fast_blanks(&f);
    if (ok && f.p == f.end)
        return true;
    r->events = events;
    r->npend = npend;
    pd_buf_setlen(&r->text, text);
    r->nslots = nslots;
    r->where = W_BETWEEN;
    r->depth = 0;
    r->skip = SKIP_NONE;
    r->cdepth = 0;
    r->piece_mark = 0;
    return false;
}

/* Feed the next line (or the rest of the chunk) to yajl. */
static void
feed_piece(struct pd_jsonl_reader *r)
{
    const char *s = r->data + r->pos;
    const char *nl = memchr(s, '\n', r->len - r->pos);
    size_t n = nl ? (size_t)(nl - s) + 1 : r->len - r->pos;
    unsigned long events_before = r->events;
    bool after_eol = r->last_eol, h_used = r->h_used;
    yajl_status st;

    r->pos += n;
    r->last_eol = nl != NULL;
    if (r->skip_line) {
        r->skip_line = !nl;
        r->line += nl != NULL;
        return;
    }
    r->piece = s;
    r->piece_len = n;
    r->piece_mark = 0;
    /* After a line break yajl holds no partial token; between records it
     * waits for a value: a whole line may skip it. */
    if (r->mode == M_LINES && r->where == W_BETWEEN && after_eol && nl &&
        !r->yajl_only && fast_line(r, s, n)) {
        after_piece(r, events_before, true);
        r->h_used = h_used; /* yajl saw nothing of the line */
        r->line++;
        return;
    }
    st = yajl_parse(r->h, (const unsigned char *)s, n);
    if (st == yajl_status_client_canceled) /* only fail_cb() cancels */
        fail(r);
    else if (st != yajl_status_ok)
        bad_json(r, nl != NULL);
    else
        after_piece(r, events_before, nl != NULL);
    r->line += nl != NULL;
}

/* End of the member: flush yajl (a number may be pending) and report a
 * value left open. */
static void
finish(struct pd_jsonl_reader *r)
{
    yajl_status st;
    char msg[160];

    r->finished = true;
    if (r->skip_line || !r->h_used)
        return;      /* yajl would call a blank input a premature EOF */
    if (r->last_eol) /* errors name the last line, not the one after it */
        r->line--;
    st = yajl_complete_parse(r->h);
    if (st == yajl_status_client_canceled) {
        fail(r);
        return;
    }
    if (st == yajl_status_ok)
        return;
    yajl_message(r->h, msg, sizeof(msg));
    if (r->mode != M_LINES) {
        pd_err_set(&r->ferr, PD_E_PARSE, "%s JSON at line %ld",
                   strstr(msg, "premature EOF") ? "truncated" : "invalid",
                   r->line);
        pd_err_detail(&r->ferr, "%s", msg);
        pd_err_at(&r->ferr, NULL, r->line);
        fail(r);
    } else if (r->where == W_RECORD || strstr(msg, "premature EOF")) {
        reject_line(r, true, "truncated JSON");
    } else {
        reject_line(r, true, "invalid JSON: %s", msg);
    }
}

/* The queue is empty: drop its storage, keeping a record in progress
 * (moved to the front once, so a long record is not moved per line). */
static void
new_batch(struct pd_jsonl_reader *r)
{
    size_t keep;

    r->npend = r->pend_next = 0;
    if (r->where != W_RECORD) {
        pd_buf_setlen(&r->text, 0);
        r->nslots = 0;
        return;
    }
    if (!r->rec_base && !r->rec_first)
        return;
    keep = r->text.len - r->rec_base;
    memmove(r->text.buf, r->text.buf + r->rec_base, keep);
    pd_buf_setlen(&r->text, keep);
    /* No slots yet (r->slots NULL): NULL + 0 is undefined behaviour. */
    if (r->rec_first)
        memmove(r->slots, r->slots + r->rec_first,
                (r->nslots - r->rec_first) * sizeof(*r->slots));
    r->nslots -= r->rec_first;
    r->rec_base = r->rec_first = 0;
}

static void
emit(struct pd_jsonl_reader *r, struct pd_record *rec)
{
    const struct pending *p = &r->pend[r->pend_next++];
    const char *base = r->text.buf + p->base;

    if (p->n > r->out_cap) {
        r->out_cap = p->n * 2;
        r->fields = pd_xrealloc(r->fields, r->out_cap * sizeof(*r->fields));
        r->names = pd_xrealloc(r->names, r->out_cap * sizeof(*r->names));
    }
    for (size_t i = 0; i < p->n; i++) {
        const struct slot *sl = &r->slots[p->first + i];

        r->names[i].s = base + sl->name;
        r->names[i].len = sl->nlen;
        r->fields[i].s = base + sl->val;
        r->fields[i].len = sl->vlen;
    }
    rec->fields = r->fields;
    rec->names = r->names;
    rec->nfields = p->n;
    rec->line = p->line;
    rec->raw = p->raw ? p->raw : r->text.buf + p->raw_off;
    rec->raw_len = p->raw_len;
    rec->reject = p->reason == NO_REASON ? NULL : r->text.buf + p->reason;
    /* The source hands out valid UTF-8; strings that yajl unescaped went
     * through fix_utf8() (no NUL, no lone surrogate), numbers and words are
     * ASCII, compact JSON is written from those strings, and a prefixed
     * name joins valid names with '.'.  fuzz_jsonl_reader checks it. */
    rec->utf8 = true;
}

/* ---- public ------------------------------------------------------------- */

struct pd_jsonl_reader *
pd_jsonl_open(struct pd_source *src, const struct pd_jsonl_opts *opts)
{
    struct pd_jsonl_reader *r = pd_xcalloc(1, sizeof(*r));

    r->src = src;
    r->max_record =
        opts && opts->max_record ? opts->max_record : DEFAULT_MAX_RECORD;
    r->max_depth =
        opts && opts->max_depth ? opts->max_depth : DEFAULT_MAX_DEPTH;
    r->max_flat = r->max_record <= SIZE_MAX / 4 ? 4 * r->max_record : SIZE_MAX;
    r->yajl_only = opts && opts->yajl_only;
    if (r->max_flat < MIN_MAX_FLAT)
        r->max_flat = MIN_MAX_FLAT;
    r->plen = pd_xcalloc(r->max_depth + 1, sizeof(*r->plen));
    r->in = pd_xmalloc(CHUNK);
    r->in_cap = CHUNK;
    r->data = r->in;
    r->line = 1;
    r->mode = M_LINES;
    pd_buf_init(&r->fix, 0);
    pd_buf_init(&r->text, 0);
    return r;
}

void
pd_jsonl_close(struct pd_jsonl_reader *r)
{
    if (!r)
        return;
    if (r->h)
        yajl_free(r->h);
    free(r->plen);
    free(r->in);
    free(r->name);
    pd_buf_release(&r->fix);
    pd_buf_release(&r->text);
    free(r->slots);
    free(r->pend);
    free(r->fields);
    free(r->names);
    free(r);
}

int
pd_jsonl_next(struct pd_jsonl_reader *r, struct pd_record *rec,
              struct pd_err *err)
{
    for (;;) {
        if (r->pend_next < r->npend) {
            emit(r, rec);
            return 1;
        }
        if (r->failed) {
            if (err)
                *err = r->ferr;
            return -1;
        }
        if (r->finished)
            return 0;
        if (!r->started) {
            start(r);
            continue;
        }
        new_batch(r);
        if (r->pos < r->len)
            feed_piece(r);
        else if (read_chunk(r) == 0)
            finish(r);
    }
}

void
pd_jsonl_yajl_version(char *buf, size_t n)
{
    /* YAJL_VERSION's encoding: major * 10000 + minor * 100 + micro. */
    int v = yajl_version();

    snprintf(buf, n, "%d.%d.%d", v / 10000, v / 100 % 100, v % 100);
}
