#include "rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/log.h"
#include "common/printable.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "transform/parse_time.h"
#include "transform/survey.h"

enum { MAX_CONFIG_PROFILES = 64 };

struct pd_rows {
    struct pd_rows_opts o;
    struct pd_stream *st; /* borrowed, per attempt */
    struct pd_tz *tz;
    struct pd_time_ctx tctx;
    bool day_first; /* the order the file is read with */
    /* Profiles built from the configured mappings (detection candidates). */
    struct pd_profile *owned[MAX_CONFIG_PROFILES];
    size_t nowned;
    const struct pd_profile *profile;
    enum pd_kind kind;
    struct pd_binding binding;
    bool bound;
    struct pd_row_ctx rctx;
    struct pd_arena arena;        /* per row */
    struct pd_arena header_arena; /* per member: survey header rows */
    /* The current member. */
    char member[1024]; /* printable name, for messages */
    bool seen_member;  /* a member began before this one */
    bool member_first; /* this is the file's first member */
    bool has_header;
    struct pd_record pending; /* a data row read with the header rows */
    bool has_pending;
    bool can_skip; /* the last error was the member's */
    struct pd_record cur, laid;
};

struct pd_rows *
pd_rows_new(const struct pd_rows_opts *opts, struct pd_err *err)
{
    struct pd_rows *x;
    struct pd_tz *tz = pd_tz_open(opts->timezone, err);

    if (!tz)
        return NULL;
    x = pd_xcalloc(1, sizeof(*x));
    x->o = *opts;
    x->tz = tz;
    x->day_first = opts->day_first;
    pd_time_ctx_init(&x->tctx, x->tz, x->day_first);
    pd_arena_init(&x->arena, 0);
    pd_arena_init(&x->header_arena, 0);
    return x;
}

static void
free_owned_profiles(struct pd_rows *x)
{
    for (size_t i = 0; i < x->nowned; i++)
        pd_profile_free(x->owned[i]);
    x->nowned = 0;
}

static void
unbind(struct pd_rows *x)
{
    if (x->bound)
        pd_binding_release(&x->binding);
    x->bound = false;
}

void
pd_rows_free(struct pd_rows *x)
{
    if (!x)
        return;
    unbind(x);
    free_owned_profiles(x);
    pd_tz_free(x->tz);
    pd_arena_release(&x->arena);
    pd_arena_release(&x->header_arena);
    free(x);
}

void
pd_rows_begin(struct pd_rows *x, struct pd_stream *st)
{
    x->st = st;
    unbind(x);
    memset(&x->binding, 0, sizeof(x->binding));
    memset(&x->rctx, 0, sizeof(x->rctx));
    x->rctx.as_of = x->o.as_of;
    x->rctx.has_as_of = x->o.has_as_of;
    x->rctx.now = pd_now_us();
    x->rctx.themes = x->o.themes;
    x->rctx.keep_properties = x->o.keep_properties;
    x->rctx.nkeep_properties = x->o.nkeep_properties;
    x->seen_member = false;
    x->has_pending = false;
    x->can_skip = false;
}

/* ---- profile ------------------------------------------------------------ */

/* Build the configured mappings (only the one named, if a name is given)
 * as profiles the transformer owns.  0, or -1 with *err for a bad one. */
static int
build_config_profiles(struct pd_rows *x, const char *name, struct pd_err *err)
{
    free_owned_profiles(x);
    for (size_t i = 0; i < x->o.nmappings && x->nowned < MAX_CONFIG_PROFILES;
         i++) {
        const struct pd_rows_mapping *m = &x->o.mappings[i];
        struct pd_profile *p;
        if (name && strcmp(m->name, name) != 0)
            continue;
        p = pd_profile_from_mapping(m->name, m->kind, m->fields, m->headers,
                                    m->n, err);
        if (!p)
            return -1;
        x->owned[x->nowned++] = p;
    }
    return 0;
}

/* The candidates for detection: every configured mapping (they win a tie:
 * the user wrote them for these files), then the built-ins.  Returns NULL
 * with *err when nothing fits. */
static const struct pd_profile *
choose_profile(struct pd_rows *x, const struct pd_record *header,
               struct pd_err *err)
{
    const char *name = x->o.profile;
    const struct pd_profile *cands[MAX_CONFIG_PROFILES + 32];
    size_t n = 0;

    if (build_config_profiles(x, name, err) < 0)
        return NULL;
    if (name) {
        const struct pd_profile *p =
            x->nowned ? x->owned[0] : pd_profile_find(name);
        if (!p)
            pd_err_set(err, PD_E_USAGE, "unknown profile '%s'", name);
        return p;
    }
    for (size_t i = 0; i < x->nowned; i++)
        cands[n++] = x->owned[i];
    for (size_t i = 0; pd_profiles[i] && n + 1 < sizeof(cands) / sizeof(*cands);
         i++)
        cands[n++] = pd_profiles[i];
    cands[n] = NULL;
    return pd_profile_detect(cands, x->o.kind, header, err);
}

/* Vendors whose zone-less times are UTC by definition (Amplitude) ignore
 * the configured zone and --tz: a folder of mixed exports loaded with --tz
 * for its ticket files must not shift the events. */
static void
use_utc(struct pd_rows *x)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct pd_tz *utc = pd_tz_open("UTC", &ignored);

    if (!utc)
        return;
    pd_tz_free(x->tz);
    x->tz = utc;
    pd_time_ctx_init(&x->tctx, x->tz, x->day_first);
}

/* First member: pick the profile and kind. */
static int
start(struct pd_rows *x, const struct pd_record *header, struct pd_err *err)
{
    x->profile = choose_profile(x, header, err);
    if (!x->profile)
        return -1;
    x->kind = x->profile->kind;
    if (x->profile->times_utc)
        use_utc(x);
    return 0;
}

/* NPS exports without a response time need --as-of (R and in-app exports
 * often drop it): say so once rather than reject every row. */
static int
check_times(struct pd_rows *x, struct pd_err *err)
{
    if (x->kind != PD_KIND_NPS || x->binding.json || x->o.has_as_of ||
        x->binding.field_col[PD_F_RESPONDED_AT] >= 0)
        return 0;
    pd_err_set(err, PD_E_FORMAT,
               "no response time column (responded_at) for profile '%s'",
               x->profile->name);
    pd_err_hint(err, "give the export's date with --as-of YYYY-MM-DD, "
                     "or map responded_at in a [profile] section");
    return -1;
}

/* ---- header rows -------------------------------------------------------- */

/* A member's header: its names, and for Qualtrics the question texts of
 * row 2. */
struct member_header {
    struct pd_record names;
    struct pd_record texts;
    bool has_texts;
};

/* Qualtrics writes the zone of its dates into the import row; it applies
 * unless a zone was given. */
static void
apply_file_zone(struct pd_rows *x, const char *zone)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct pd_tz *tz;

    if (!zone || x->o.zone_given)
        return;
    tz = pd_tz_open(zone, &ignored);
    if (!tz) {
        pd_log_debug("%s: ignoring unknown zone \"%s\"", x->member, zone);
        return;
    }
    pd_tz_free(x->tz);
    x->tz = tz;
    pd_time_ctx_init(&x->tctx, x->tz, x->day_first);
}

/* The next row of the member for a header: 1 read, 0 the member ended,
 * -1 error. */
static int
header_row(struct pd_rows *x, struct pd_record *row, struct pd_err *err)
{
    struct pd_stream_item it;
    int rc = pd_stream_next(x->st, &it, err);

    if (rc <= 0)
        return rc;
    if (it.type != PD_STREAM_RECORD)
        return 0; /* PD_STREAM_END */
    *row = it.rec;
    return 1;
}

/* Survey exports carry more than one header row (formats.md §2.2-2.4);
 * a data row read while looking for them is kept as pending. */
static int
read_more_header_rows(struct pd_rows *x, struct member_header *h,
                      bool surveymonkey, struct pd_err *err)
{
    struct pd_record row;
    struct pd_record row1 = h->names;
    int rc = header_row(x, &row, err);

    if (rc <= 0)
        return rc;
    if (surveymonkey) {
        struct pd_record combined;
        if (pd_survey_combine(&row1, &row, &x->header_arena, &combined) == 0)
            h->names = combined;
        return 1;
    }
    pd_record_copy(&x->header_arena, &row, &h->texts);
    h->has_texts = true;
    rc = header_row(x, &row, err);
    if (rc <= 0)
        return rc;
    if (pd_survey_is_qualtrics_import_row(&row)) {
        apply_file_zone(x,
                        pd_survey_qualtrics_timezone(&row, &x->header_arena));
    } else {
        x->pending = row;
        x->has_pending = true;
    }
    return 1;
}

/* A CSV member's header: 1 the file's profile was chosen (PROFILE), 0
 * bound, -1 error. */
static int
csv_header(struct pd_rows *x, const struct pd_record *row1, struct pd_err *err)
{
    struct member_header h;
    bool sm, qx;

    memset(&h, 0, sizeof(h));
    pd_arena_reset(&x->header_arena);
    h.names = *row1;
    sm = pd_survey_is_surveymonkey(&h.names);
    qx = !sm && pd_survey_is_qualtrics(&h.names);
    if ((sm || qx) && read_more_header_rows(x, &h, sm, err) < 0)
        return -1;
    if (x->member_first && start(x, &h.names, err) < 0)
        return -1;
    if (x->binding.json)
        return pd_err_set(err, PD_E_FORMAT,
                          "member '%s' is CSV, the archive's first member JSON",
                          x->member);
    unbind(x);
    x->bound = pd_binding_init_texts(&x->binding, x->profile, &h.names,
                                     h.has_texts ? &h.texts : NULL, err) == 0;
    /* Counting records (check --parse-only) needs no binding. */
    if (!x->bound && !x->o.parse_only)
        return -1;
    if (!x->o.parse_only && check_times(x, err) < 0)
        return -1;
    x->rctx.binding = &x->binding;
    x->rctx.time = &x->tctx;
    return x->member_first ? 1 : 0;
}

/* JSON members share one binding: keys add columns as they appear. */
static int
json_header(struct pd_rows *x, const struct pd_record *header,
            struct pd_err *err)
{
    if (!x->member_first) {
        if (x->bound && x->binding.json)
            return 0;
        return pd_err_set(err, PD_E_FORMAT,
                          "member '%s' is JSON, the archive's first member CSV",
                          x->member);
    }
    if (start(x, header, err) < 0)
        return -1;
    unbind(x);
    x->bound = pd_binding_init_json(&x->binding, x->profile, header, err) == 0;
    if (!x->bound)
        return -1;
    x->rctx.binding = &x->binding;
    x->rctx.time = &x->tctx;
    return check_times(x, err) < 0 ? -1 : 1;
}

/* A member that ended without a header. */
static int
no_header(struct pd_rows *x, enum pd_stream_format format, struct pd_err *err)
{
    if (!x->member_first)
        return 0;
    if (format == PD_STREAM_CSV)
        return pd_err_set(err, PD_E_FORMAT, "empty file: no header line");
    if (!x->bound)
        return pd_err_set(err, PD_E_FORMAT, "no JSON record in the file");
    return 0;
}

/* ---- records ------------------------------------------------------------ */

static void
reject(struct pd_rows_item *it, const struct pd_record *rec, const char *column,
       const char *reason)
{
    it->type = PD_ROWS_REJECT;
    it->rec = rec;
    it->rej.column = column;
    it->rej.reason = reason;
    it->rej.expected = false;
}

/* One record to a row or a reject. */
static void
transform(struct pd_rows *x, struct pd_rows_item *it)
{
    const struct pd_record *rec = &x->cur;
    int ok;

    it->type = PD_ROWS_ROW;
    it->rec = rec;
    it->kind = PD_KIND_NONE;
    if (x->o.parse_only)
        return;
    pd_arena_reset(&x->arena);
    /* A JSON record names its fields: lay it out in the binding's columns
     * and it reads like a CSV row. */
    if (rec->names && !rec->reject) {
        if (pd_binding_layout(&x->binding, rec, &x->arena, &x->laid) < 0) {
            reject(it, rec, NULL,
                   "the file has more distinct keys than prodops "
                   "keeps apart (4096)");
            return;
        }
        rec = &x->laid;
    }
    it->rec = rec;
    switch (x->kind) {
    case PD_KIND_USAGE:
        ok = pd_row_event(&x->rctx, rec, &x->arena, &it->row.event, &it->rej);
        break;
    case PD_KIND_TICKETS:
        ok = pd_row_ticket(&x->rctx, rec, &x->arena, &it->row.ticket, &it->rej);
        break;
    case PD_KIND_NPS:
        ok = pd_row_nps(&x->rctx, rec, &x->arena, &it->row.nps, &it->rej);
        break;
    case PD_KIND_RELEASES:
        ok = pd_row_release(&x->rctx, rec, &x->arena, &it->row.release,
                            &it->rej);
        break;
    case PD_KIND_REQUESTS:
        ok = pd_row_request(&x->rctx, rec, &x->arena, &it->row.request,
                            &it->rej);
        break;
    default:
        ok = pd_row_account(&x->rctx, rec, &x->arena, &it->row.account,
                            &it->rej);
        break;
    }
    if (ok)
        it->kind = x->kind;
    else
        it->type = PD_ROWS_REJECT;
}

static int
record(struct pd_rows *x, const struct pd_stream_item *si,
       struct pd_rows_item *it)
{
    x->cur = si->rec;
    it->with_header = si->with_header;
    /* Lines that do not parse before a JSON member's first record:
     * rejects, kept before anything is known of the member. */
    if (!x->has_header) {
        reject(it, &x->cur, NULL, x->cur.reject);
        return 1;
    }
    transform(x, it);
    return 1;
}

static int
stream_failed(struct pd_rows *x)
{
    x->can_skip = pd_stream_can_skip(x->st);
    return -1;
}

static int
member_failed(struct pd_rows *x)
{
    x->can_skip = pd_stream_is_archive(x->st);
    return -1;
}

int
pd_rows_next(struct pd_rows *x, struct pd_rows_item *it, struct pd_err *err)
{
    struct pd_stream_item si;
    int rc;

    memset(it, 0, sizeof(*it));
    x->can_skip = false;
    if (x->has_pending) {
        x->has_pending = false;
        x->cur = x->pending;
        it->with_header = true;
        transform(x, it);
        return 1;
    }
    for (;;) {
        rc = pd_stream_next(x->st, &si, err);
        if (rc < 0)
            return stream_failed(x);
        if (rc == 0)
            return 0;
        switch (si.type) {
        case PD_STREAM_MEMBER:
            pd_printable(si.member ? si.member : "", x->member,
                         sizeof(x->member));
            x->member_first = !x->seen_member;
            x->seen_member = true;
            x->has_header = false;
            it->type = PD_ROWS_MEMBER;
            it->member = si.member;
            return 1;
        case PD_STREAM_HEADER:
            x->has_header = true;
            rc = si.format == PD_STREAM_JSON ? json_header(x, &si.rec, err)
                                             : csv_header(x, &si.rec, err);
            if (rc < 0)
                return member_failed(x);
            if (rc > 0) {
                it->type = PD_ROWS_PROFILE;
                return 1;
            }
            if (x->has_pending)
                return pd_rows_next(x, it, err);
            break;
        case PD_STREAM_RECORD:
            return record(x, &si, it);
        case PD_STREAM_END:
            if (!x->has_header && no_header(x, si.format, err) < 0)
                return member_failed(x);
            break;
        }
    }
}

bool
pd_rows_can_skip(const struct pd_rows *x)
{
    return x->can_skip && x->bound;
}

void
pd_rows_skip_member(struct pd_rows *x)
{
    x->has_pending = false;
    pd_stream_skip(x->st);
}

const struct pd_profile *
pd_rows_profile(const struct pd_rows *x)
{
    return x->profile;
}

bool
pd_rows_bound(const struct pd_rows *x)
{
    return x->bound;
}

bool
pd_rows_contradiction(const struct pd_rows *x)
{
    return x->tctx.contradiction && !x->o.ignore_contradiction;
}

bool
pd_rows_flip_order(struct pd_rows *x)
{
    x->day_first = !x->day_first;
    pd_time_ctx_init(&x->tctx, x->tz, x->day_first);
    x->o.ignore_contradiction = true;
    return x->day_first;
}

const struct pd_row_stats *
pd_rows_stats(const struct pd_rows *x)
{
    return &x->rctx.stats;
}
