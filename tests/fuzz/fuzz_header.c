/*
 * fuzz_header - header keys, profile detection and binding (transform/
 * header.h, transform/profile.h) over arbitrary header lines.
 *
 * The first byte picks the mode: bits 0-2 the kind asked for (none,
 * tickets, accounts, nps, usage), bit 3 a JSON binding instead of a CSV
 * one, bit 4 two configured mappings among the candidates.  The rest is
 * lines, repaired to UTF-8 as extract/ would: line 1 is the header, split
 * on ','; in CSV mode line 2 is the question texts (Qualtrics' second
 * row); in JSON mode each further line is a record whose keys are its
 * ','-separated names, laid out with pd_binding_layout().
 *
 * Invariants: a key is NUL-terminated, shorter than PD_HEADER_KEY_MAX and
 * its own key; pd_header_same() is symmetric.  Detection returns a profile
 * of the kind asked for (never accounts unasked) or NULL with a format
 * error.  A binding has one column per header field, field_col[] and
 * col_field[] agree (only tags may feed from several columns), column
 * names are unique, list fields are flagged, and a CSV binding that
 * succeeds has every required field.  A JSON layout has one field per
 * column, and each key's value sits in the column of that name.
 */
#include <string.h>

#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/strmap.h"
#include "common/xalloc.h"
#include "tests/fuzz/fuzz.h"
#include "transform/header.h"
#include "transform/profile.h"

enum { MAX_FIELDS = 4096, MAX_CANDIDATES = 64 };

/* A line split into fields that point into its own NUL-separated copy. */
struct line {
    char *text;
    struct pd_field *fields;
    struct pd_record rec;
};

static void
split(struct line *l, const char *s, size_t n, long line_no)
{
    size_t start = 0, k = 0;

    l->text = pd_xmalloc(n + 1);
    l->fields = pd_xmalloc(MAX_FIELDS * sizeof(*l->fields));
    memcpy(l->text, s, n);
    l->text[n] = '\0';
    for (size_t i = 0; i <= n && k < MAX_FIELDS; i++) {
        if (i < n && l->text[i] != ',')
            continue;
        l->text[i] = '\0';
        l->fields[k].s = l->text + start;
        l->fields[k].len = i - start;
        k++;
        start = i + 1;
    }
    memset(&l->rec, 0, sizeof(l->rec));
    l->rec.fields = l->fields;
    l->rec.nfields = k;
    l->rec.line = line_no;
    l->rec.raw = s;
    l->rec.raw_len = n < PD_RECORD_RAW_MAX ? n : PD_RECORD_RAW_MAX;
}

static void
line_free(struct line *l)
{
    free(l->text);
    free(l->fields);
}

static void
check_keys(const struct pd_record *h)
{
    char key[PD_HEADER_KEY_MAX], again[PD_HEADER_KEY_MAX];

    for (size_t i = 0; i < h->nfields; i++) {
        size_t k = pd_header_key(h->fields[i].s, h->fields[i].len, key);

        PD_FUZZ_CHECK(k < PD_HEADER_KEY_MAX);
        PD_FUZZ_CHECK(key[k] == '\0');
        PD_FUZZ_CHECK(pd_header_key(key, k, again) == k);
        PD_FUZZ_CHECK(memcmp(key, again, k + 1) == 0);
        (void)pd_header_is_list_field(h->fields[i].s, h->fields[i].len);
        if (i > 0)
            PD_FUZZ_CHECK(pd_header_same(h->fields[i].s, h->fields[i - 1].s) ==
                          pd_header_same(h->fields[i - 1].s, h->fields[i].s));
    }
}

static void
check_binding(const struct pd_binding *b, const struct pd_record *h, bool json)
{
    struct pd_strmap names;

    PD_FUZZ_CHECK(json ? b->ncols >= h->nfields : b->ncols == h->nfields);
    pd_strmap_init(&names);
    for (size_t i = 0; i < b->ncols; i++) {
        enum pd_field_id f = b->col_field[i];

        PD_FUZZ_CHECK((size_t)f < PD_F__COUNT);
        PD_FUZZ_CHECK(b->col_name[i] != NULL);
        PD_FUZZ_CHECK(
            pd_strmap_put(&names, b->col_name[i], strlen(b->col_name[i]), 0));
        if (i < h->nfields)
            PD_FUZZ_CHECK(
                b->col_list[i] ==
                pd_header_is_list_field(h->fields[i].s, h->fields[i].len));
        if (f == PD_F_NONE)
            continue;
        PD_FUZZ_CHECK(b->field_col[f] >= 0);
        PD_FUZZ_CHECK((size_t)b->field_col[f] <= i);
        PD_FUZZ_CHECK(f == PD_F_TAGS || (size_t)b->field_col[f] == i);
    }
    pd_strmap_release(&names);
    for (size_t f = 0; f < PD_F__COUNT; f++) {
        int c = b->field_col[f];

        PD_FUZZ_CHECK(c >= -1);
        PD_FUZZ_CHECK(c < 0 || ((size_t)c < b->ncols && b->col_field[c] == f));
    }
    PD_FUZZ_CHECK(b->field_col[PD_F_NONE] < 0);
    if (json)
        return;
    for (size_t i = 0; i < b->profile->nrequired; i++)
        PD_FUZZ_CHECK(b->field_col[b->profile->required[i]] >= 0);
}

/* The column named exactly like key, or -1. */
static int
column_named(const struct pd_binding *b, const struct pd_field *key)
{
    for (size_t c = 0; c < b->ncols; c++)
        if (strlen(b->col_name[c]) == key->len &&
            memcmp(b->col_name[c], key->s, key->len) == 0)
            return (int)c;
    return -1;
}

/* Lay one record out; its keys double as its values, so that where each
 * value landed can be checked by pointer. */
static void
layout(struct pd_binding *b, struct line *l, struct pd_arena *a)
{
    struct pd_record rec = l->rec, out;

    rec.names = l->fields;
    if (pd_binding_layout(b, &rec, a, &out) < 0) {
        PD_FUZZ_CHECK(b->ncols >= PD_BINDING_MAX_KEYS);
        return;
    }
    PD_FUZZ_CHECK(out.nfields == b->ncols);
    PD_FUZZ_CHECK(out.names == NULL);
    PD_FUZZ_CHECK(out.line == rec.line);
    for (size_t i = 0; i < rec.nfields; i++) {
        const struct pd_field *key = &rec.names[i];
        size_t last = i;
        int c;

        for (size_t j = i + 1; j < rec.nfields; j++)
            if (rec.names[j].len == key->len &&
                memcmp(rec.names[j].s, key->s, key->len) == 0)
                last = j;
        c = column_named(b, key);
        PD_FUZZ_CHECK(c >= 0);
        PD_FUZZ_CHECK(out.fields[c].s == rec.fields[last].s);
        PD_FUZZ_CHECK(out.fields[c].len == rec.fields[last].len);
    }
}

static const struct pd_profile *mappings[2];

static void
init_once(void)
{
    static const char *const tf[] = {"external_id", "created_at", "status",
                                     "tags"};
    static const char *const th[] = {"id", "created", "status", "tags"};
    static const char *const nf[] = {"respondent_email", "responded_at",
                                     "comment"};
    static const char *const nh[] = {"email", "when", "comment"};
    struct pd_err err = PD_ERR_INIT;

    if (mappings[0])
        return;
    mappings[0] = pd_profile_from_mapping("fuzz-tickets", PD_KIND_TICKETS, tf,
                                          th, PD_COUNT_OF(tf), &err);
    mappings[1] = pd_profile_from_mapping("fuzz-nps", PD_KIND_NPS, nf, nh,
                                          PD_COUNT_OF(nf), &err);
    PD_FUZZ_CHECK(mappings[0] && mappings[1]);
}

static void
bind(const struct pd_profile *p, struct line *lines, size_t nlines, bool json)
{
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    struct pd_arena a;
    int rc;

    if (json)
        rc = pd_binding_init_json(&b, p, &lines[0].rec, &err);
    else
        rc = pd_binding_init_texts(&b, p, &lines[0].rec,
                                   nlines > 1 ? &lines[1].rec : NULL, &err);
    if (rc < 0) {
        PD_FUZZ_CHECK(!json);
        PD_FUZZ_CHECK(err.code == PD_E_FORMAT && err.msg[0] != '\0');
        return;
    }
    PD_FUZZ_CHECK(rc == 0);
    check_binding(&b, &lines[0].rec, json);
    if (json) {
        pd_arena_init(&a, 0);
        for (size_t i = 1; i < nlines; i++) {
            layout(&b, &lines[i], &a);
            check_binding(&b, &lines[0].rec, true);
        }
        pd_arena_release(&a);
    }
    pd_binding_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum pd_kind kinds[8] = {
        PD_KIND_NONE,  PD_KIND_TICKETS,  PD_KIND_ACCOUNTS, PD_KIND_NPS,
        PD_KIND_USAGE, PD_KIND_RELEASES, PD_KIND_NONE,     PD_KIND_NONE};
    const struct pd_profile *cands[MAX_CANDIDATES + 3], *p;
    struct line lines[16];
    struct pd_buf text;
    struct pd_err err = PD_ERR_INIT;
    enum pd_kind kind;
    size_t nlines = 0, ncand = 0, pos = 0;
    bool json;

    if (size == 0)
        return 0;
    init_once();
    kind = kinds[data[0] & 7];
    json = data[0] & 8;
    if (data[0] & 16) {
        cands[ncand++] = mappings[0];
        cands[ncand++] = mappings[1];
    }
    for (size_t i = 0; pd_profiles[i] && ncand < MAX_CANDIDATES; i++)
        cands[ncand++] = pd_profiles[i];
    cands[ncand] = NULL;

    /* What extract/ hands on is valid UTF-8; JSON keys never hold a NUL
     * (the JSON reader makes "\u0000" U+FFFD; CSV fields may hold one). */
    pd_buf_init(&text, 0);
    if (pd_utf8_repair(&text, (const char *)data + 1, size - 1) < 0)
        PD_BUG("uncapped buffer refused to grow");
    for (size_t i = 0; json && i < text.len; i++)
        if (text.buf[i] == '\0')
            text.buf[i] = '?';
    while (nlines < PD_COUNT_OF(lines) && (pos < text.len || nlines == 0)) {
        const char *s = text.len ? text.buf + pos : "";
        const char *nl = memchr(s, '\n', text.len - pos);
        size_t n = nl ? (size_t)(nl - s) : text.len - pos;

        split(&lines[nlines], s, n, (long)nlines + 1);
        nlines++;
        pos += n + 1;
    }

    check_keys(&lines[0].rec);
    p = pd_profile_detect(cands, kind, &lines[0].rec, &err);
    if (p) {
        PD_FUZZ_CHECK(kind == PD_KIND_NONE ? p->kind != PD_KIND_ACCOUNTS &&
                                                 p->kind != PD_KIND_RELEASES
                                           : p->kind == kind);
    } else {
        PD_FUZZ_CHECK(err.code == PD_E_FORMAT && err.msg[0] != '\0');
        /* Bind anyway, to a profile the input picks. */
        p = cands[(size > 1 ? data[1] : 0) % ncand];
    }
    bind(p, lines, nlines, json);

    for (size_t i = 0; i < nlines; i++)
        line_free(&lines[i]);
    pd_buf_release(&text);
    return 0;
}
