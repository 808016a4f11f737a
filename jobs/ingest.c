#include "ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/printable.h"
#include "common/sha256.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "extract/csv_reader.h"
#include "extract/jsonl_reader.h"
#include "extract/source.h"
#include "load/db.h"
#include "load/stage.h"
#include "transform/profile.h"
#include "transform/survey.h"

enum { MAX_CONFIG_PROFILES = 64 };

/* How one attempt at a file ended. */
enum attempt {
    ATTEMPT_DONE,    /* committed, or skipped */
    ATTEMPT_STAGED,  /* a direct load met a repeated key: load via staging */
    ATTEMPT_BAD,     /* the file is rejected as a whole: l->bad says why */
    ATTEMPT_RESTART, /* day/month order was wrong: run again flipped */
    ATTEMPT_ENV      /* environment failure: *err */
};

struct load {
    PGconn *conn;
    const struct pd_config *cfg;
    const struct pd_ingest_opts *o;
    struct pd_file_result *r;
    int64_t run_id;
    struct pd_file_info fi;
    char sha[65];
    const struct pd_config_source *src_cfg;
    struct pd_tz *tz;
    struct pd_time_ctx tctx;
    bool ignore_contradiction;
    bool day_first; /* the order a file starts with */
    double max_ratio;
    const struct pd_profile *profile;
    /* Profiles built from the config's mappings (detection candidates). */
    struct pd_profile *owned[MAX_CONFIG_PROFILES];
    size_t nowned;
    enum pd_kind kind;
    struct pd_binding binding;
    bool bound;
    struct pd_row_ctx rctx;
    struct pd_arena arena;        /* per row */
    struct pd_arena header_arena; /* per member: header rows */
    struct pd_copy copy;
    bool copying;
    bool direct;        /* COPY straight into the core table */
    bool force_staging; /* direct load failed once: stage this file */
    FILE *spool;
    int64_t ord;
    char first_reject[300];
    int64_t expected_rejects; /* not counted toward max_reject_ratio */
    struct pd_err bad;        /* why the file is bad */
    struct timespec t0;
    /* Archives: the current member, and where its rows and rejects start,
     * so that a corrupt member can be taken back whole. */
    const char *member; /* member_name, or NULL */
    char member_name[1024];
    bool archive;
    int64_t member_ord, member_read, member_rejected, member_expected;
    long member_spool;
    int64_t forget[64][2]; /* staged ord ranges of corrupt members */
    size_t nforget;
    int64_t previous_id; /* --reprocess: the load this one replaces */
    bool dry_run;        /* no database: prodops check */
    bool parse_only;     /* count records, transform nothing */
    size_t progress_shown;
};

const char *
pd_file_outcome_name(enum pd_file_outcome o)
{
    switch (o) {
    case PD_FILE_LOADED:
        return "loaded";
    case PD_FILE_SKIPPED:
        return "skipped";
    case PD_FILE_REJECTED:
        return "rejected";
    case PD_FILE_UNREADABLE:
        return "unreadable";
    }
    return "?";
}

/* ---- fingerprint ------------------------------------------------------ */

/* Opened without blocking and checked to be a regular file: a FIFO put
 * in the file's place after the listing must not hang the run. */
static int
hash_file(const char *path, char hex[65], struct pd_err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f;
    struct stat st;
    struct pd_sha256 c;
    unsigned char digest[32];
    static char chunk[1 << 20];
    size_t n;

    if (fd < 0 || fstat(fd, &st) != 0) {
        pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return pd_err_set(err, PD_E_IO, "cannot read '%s': not a regular file",
                          path);
    }
    f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return pd_err_set(err, PD_E_IO, "cannot open '%s': %s", path,
                          strerror(errno));
    }
    pd_sha256_init(&c);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        pd_sha256_update(&c, chunk, n);
    if (ferror(f)) {
        fclose(f);
        return pd_err_set(err, PD_E_IO, "cannot read '%s': %s", path,
                          strerror(errno));
    }
    fclose(f);
    pd_sha256_final(&c, digest);
    pd_sha256_hex(digest, hex);
    return 0;
}

static double
elapsed(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1 skipped (r filled), 0 go on, -1 env error.  With --reprocess a
 * loaded file goes on, to replace its earlier load (usage files too since
 * issue 15: the earlier load's events are taken out first, so events keyed
 * by a hash of their time cannot come back as a second copy). */
static int
already_loaded(struct load *l, bool may_reprocess, struct pd_err *err)
{
    char loaded_at[40], kind[16];
    int64_t id;
    int rc = pd_ledger_find_sha(l->conn, l->sha, &id, loaded_at, kind, err);

    if (rc <= 0)
        return rc;
    if (l->o->reprocess && may_reprocess) {
        l->previous_id = l->fi.reprocess_of = l->r->reprocess_of = id;
        l->force_staging = true; /* the merge is what replaces rows */
        return 0;
    }
    l->r->outcome = PD_FILE_SKIPPED;
    l->r->file_id = id;
    snprintf(l->r->reason, sizeof(l->r->reason),
             "already loaded as file %" PRId64 " on %s", id, loaded_at);
    return 1;
}

/* ---- options ---------------------------------------------------------- */

static int
resolve_options(struct load *l, struct pd_err *err)
{
    const struct pd_ingest_opts *o = l->o;
    const char *zone = o->timezone;
    bool day_first = l->cfg->day_first;

    l->src_cfg = o->source ? pd_config_source(l->cfg, o->source) : NULL;
    if (!zone && l->src_cfg && l->src_cfg->timezone)
        zone = l->src_cfg->timezone;
    if (!zone)
        zone = l->cfg->timezone;
    l->tz = pd_tz_open(zone, err);
    if (!l->tz)
        return -1;
    if (l->src_cfg && l->src_cfg->day_first_set)
        day_first = l->src_cfg->day_first;
    if (o->day_first >= 0)
        day_first = o->day_first != 0;
    l->day_first = day_first;
    pd_time_ctx_init(&l->tctx, l->tz, day_first);
    l->max_ratio = o->max_reject_ratio >= 0 ? o->max_reject_ratio
                                            : l->cfg->max_reject_ratio;
    return 0;
}

static const char *
wanted_profile(const struct load *l)
{
    if (l->o->profile)
        return l->o->profile;
    return l->src_cfg ? l->src_cfg->profile : NULL;
}

static enum pd_kind
wanted_kind(const struct load *l)
{
    if (l->o->kind != PD_KIND_NONE)
        return l->o->kind;
    return l->src_cfg ? pd_kind_parse(l->src_cfg->kind) : PD_KIND_NONE;
}

static struct pd_profile *
config_profile(const struct pd_config_profile *cp, struct pd_err *err)
{
    const char **fields = pd_xcalloc(cp->nmap + 1, sizeof(*fields));
    const char **headers = pd_xcalloc(cp->nmap + 1, sizeof(*headers));
    struct pd_profile *p;

    for (size_t i = 0; i < cp->nmap; i++) {
        fields[i] = cp->map[i].field;
        headers[i] = cp->map[i].column;
    }
    p = pd_profile_from_mapping(cp->name, pd_kind_parse(cp->kind), fields,
                                headers, cp->nmap, err);
    free(fields);
    free(headers);
    return p;
}

static void
free_owned_profiles(struct load *l)
{
    for (size_t i = 0; i < l->nowned; i++)
        pd_profile_free(l->owned[i]);
    l->nowned = 0;
}

/* Build the config's mappings (only the one named, if a name is given) as
 * profiles the load owns.  0, or -1 with *err for a bad mapping. */
static int
build_config_profiles(struct load *l, const char *name, struct pd_err *err)
{
    free_owned_profiles(l);
    for (size_t i = 0; i < l->cfg->nprofiles && l->nowned < MAX_CONFIG_PROFILES;
         i++) {
        const struct pd_config_profile *cp = &l->cfg->profiles[i];
        struct pd_profile *p;
        if (name && strcmp(cp->name, name) != 0)
            continue;
        p = config_profile(cp, err);
        if (!p)
            return -1;
        l->owned[l->nowned++] = p;
    }
    return 0;
}

/* The candidates for detection: every configured mapping (they win a tie:
 * the user wrote them for these files), then the built-ins.  Returns NULL
 * with *err when nothing fits. */
static const struct pd_profile *
choose_profile(struct load *l, const struct pd_record *header,
               struct pd_err *err)
{
    const char *name = wanted_profile(l);
    const struct pd_profile *cands[MAX_CONFIG_PROFILES + 32];
    size_t n = 0;

    if (build_config_profiles(l, name, err) < 0)
        return NULL;
    if (name) {
        const struct pd_profile *p =
            l->nowned ? l->owned[0] : pd_profile_find(name);
        if (!p)
            pd_err_set(err, PD_E_USAGE, "unknown profile '%s'", name);
        return p;
    }
    for (size_t i = 0; i < l->nowned; i++)
        cands[n++] = l->owned[i];
    for (size_t i = 0; pd_profiles[i] && n + 1 < sizeof(cands) / sizeof(*cands);
         i++)
        cands[n++] = pd_profiles[i];
    cands[n] = NULL;
    return pd_profile_detect(cands, wanted_kind(l), header, err);
}

/* ---- rows ------------------------------------------------------------- */

static int
spool_reject(struct load *l, const struct pd_record *rec,
             const struct pd_row_reject *rej)
{
    struct pd_buf raw = PD_BUF_INIT;
    int rc;

    pd_utf8_repair(&raw, rec->raw ? rec->raw : "", rec->raw_len);
    rc = pd_stage_spool_reject(l->spool, l->archive ? l->member : NULL,
                               rec->line, rej->column, rej->reason, raw.buf,
                               raw.len);
    pd_buf_release(&raw);
    if (!l->first_reject[0] && !rej->expected)
        snprintf(l->first_reject, sizeof(l->first_reject), "line %ld%s%s%s: %s",
                 rec->line, rej->column ? ", '" : "",
                 rej->column ? rej->column : "", rej->column ? "'" : "",
                 rej->reason);
    l->r->n.rejected++;
    l->expected_rejects += rej->expected;
    return rc;
}

/* The rejects spool is a temporary file: failing to write it is an
 * environment failure (disk full), not bad input. */
static enum attempt
spool_failed(struct pd_err *err)
{
    pd_err_set(err, PD_E_IO, "cannot write the rejects spool: %s",
               strerror(errno));
    return ATTEMPT_ENV;
}

static int
handle_record(struct load *l, const struct pd_record *in)
{
    struct pd_row_reject rej;
    struct pd_record laid;
    const struct pd_record *rec = in;
    int ok;

    l->r->n.read++;
    if (l->parse_only)
        return 0;
    pd_arena_reset(&l->arena);
    /* A JSON record names its fields: lay it out in the binding's columns
     * and it reads like a CSV row. */
    if (in->names && !in->reject) {
        if (pd_binding_layout(&l->binding, in, &l->arena, &laid) < 0) {
            memset(&rej, 0, sizeof(rej));
            rej.reason = "the file has more distinct keys than prodops "
                         "keeps apart (4096)";
            return spool_reject(l, in, &rej);
        }
        rec = &laid;
    }
    if (l->kind == PD_KIND_USAGE) {
        struct pd_event e;
        ok = pd_row_event(&l->rctx, rec, &l->arena, &e, &rej);
        if (ok && !l->dry_run)
            pd_stage_event(&l->copy, ++l->ord, l->r->source, &e);
    } else if (l->kind == PD_KIND_TICKETS) {
        struct pd_ticket t;
        ok = pd_row_ticket(&l->rctx, rec, &l->arena, &t, &rej);
        if (ok && !l->dry_run)
            pd_stage_ticket(&l->copy, l->direct ? l->r->file_id : ++l->ord,
                            l->direct ? -1 : rec->line, l->r->source, &t);
    } else if (l->kind == PD_KIND_NPS) {
        struct pd_nps r;
        ok = pd_row_nps(&l->rctx, rec, &l->arena, &r, &rej);
        if (ok && !l->dry_run)
            pd_stage_nps(&l->copy, ++l->ord, rec->line, l->r->source, &r);
    } else {
        struct pd_account a;
        ok = pd_row_account(&l->rctx, rec, &l->arena, &a, &rej);
        if (ok && !l->dry_run)
            pd_stage_account(&l->copy, ++l->ord, rec->line, &a);
    }
    if (ok && l->dry_run)
        l->r->n.loaded++;
    if (!ok && spool_reject(l, rec, &rej) < 0)
        return -1;
    return 0;
}

static void
show_progress(struct load *l, struct pd_source *src, bool done)
{
    uint64_t total = pd_source_bytes_total(src);

    /* Only for files worth watching, and only on a terminal (rule 19). */
    if (!l->o->progress || total < (8u << 20))
        return;
    if (done) {
        if (l->progress_shown)
            fprintf(stderr, "\r\033[K");
        return;
    }
    if ((l->r->n.read & 0xffff) != 0)
        return;
    fprintf(stderr, "\r%s: %3.0f%%  %" PRId64 " rows  %.0f rows/s", l->r->name,
            100.0 * (double)pd_source_bytes_done(src) / (double)total,
            l->r->n.read, (double)l->r->n.read / (elapsed(&l->t0) + 1e-9));
    l->progress_shown++;
}

/* ---- members ---------------------------------------------------------- */

/* Vendors whose zone-less times are UTC by definition (Amplitude) ignore
 * the configured zone and --tz: a folder of mixed exports loaded with --tz
 * for its ticket files must not shift the events. */
static void
use_utc(struct load *l)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct pd_tz *utc = pd_tz_open("UTC", &ignored);

    if (!utc)
        return;
    pd_tz_free(l->tz);
    l->tz = utc;
    pd_time_ctx_init(&l->tctx, l->tz, l->day_first);
}

/* First member: pick the profile and kind, start the staging COPY. */
static enum attempt
start_copy(struct load *l, const struct pd_record *header, struct pd_err *err)
{
    int rc;

    l->profile = choose_profile(l, header, &l->bad);
    if (!l->profile)
        return l->bad.code == PD_E_CONFIG || l->bad.code == PD_E_USAGE
                   ? (*err = l->bad, ATTEMPT_ENV)
                   : ATTEMPT_BAD;
    l->kind = l->profile->kind;
    snprintf(l->r->profile, sizeof(l->r->profile), "%s", l->profile->name);
    snprintf(l->r->kind, sizeof(l->r->kind), "%s", pd_kind_name(l->kind));
    /* Stored in every row and printed by reports: printable, like names. */
    pd_printable(l->o->source         ? l->o->source
                 : l->profile->source ? l->profile->source
                                      : l->profile->name,
                 l->r->source, sizeof(l->r->source));
    if (l->profile->times_utc)
        use_utc(l);
    if (l->dry_run)
        return ATTEMPT_DONE;
    rc = l->force_staging ? 0
                          : pd_stage_begin_direct(l->conn, l->kind,
                                                  l->r->source, &l->copy, err);
    if (rc == 0)
        rc = pd_stage_begin(l->conn, l->kind, &l->copy, err) < 0 ? -1 : 0;
    else
        l->direct = true;
    if (rc < 0)
        return ATTEMPT_ENV;
    l->copying = true;
    return ATTEMPT_DONE;
}

/* A member's records, from a CSV or a JSON reader. */
struct reader {
    struct pd_csv_reader *csv;
    struct pd_jsonl_reader *json;
};

static int
reader_next(struct reader *rd, struct pd_record *rec, struct pd_err *err)
{
    return rd->csv ? pd_csv_next(rd->csv, rec, err)
                   : pd_jsonl_next(rd->json, rec, err);
}

static enum attempt
read_rows(struct load *l, struct reader *rd, struct pd_source *src,
          struct pd_err *err)
{
    struct pd_record rec;
    int rc;

    while ((rc = reader_next(rd, &rec, &l->bad)) == 1) {
        if (handle_record(l, &rec) < 0)
            return spool_failed(err);
        if (l->tctx.contradiction && !l->ignore_contradiction)
            return ATTEMPT_RESTART;
        if (!l->dry_run && l->copy.failed) {
            *err = l->copy.err;
            return ATTEMPT_ENV;
        }
        show_progress(l, src, false);
    }
    show_progress(l, src, true);
    return rc < 0 ? ATTEMPT_BAD : ATTEMPT_DONE;
}

/* A member's header: its names, and for Qualtrics the question texts of
 * row 2; pending is a data row read while looking for more header rows. */
struct member_header {
    struct pd_record names;
    struct pd_record texts;
    bool has_texts;
    struct pd_record pending; /* borrowed from the reader */
    bool has_pending;
};

/* A deep copy of rec in a, its fields taken from fields (rec->fields, or a
 * JSON record's names as a header row): reader records die at the next
 * read.  The copy is a CSV-style record, named by position. */
static void
copy_fields(struct pd_arena *a, const struct pd_record *rec,
            const struct pd_field *fields, struct pd_record *out)
{
    struct pd_field *f = pd_arena_alloc(a, (rec->nfields + 1) * sizeof(*f));

    for (size_t i = 0; i < rec->nfields; i++) {
        f[i].s = pd_arena_strndup(a, fields[i].s, fields[i].len);
        f[i].len = fields[i].len;
    }
    *out = *rec;
    out->fields = f;
    out->names = NULL;
    out->raw = pd_arena_strndup(a, rec->raw ? rec->raw : "", rec->raw_len);
}

static void
copy_record(struct pd_arena *a, const struct pd_record *rec,
            struct pd_record *out)
{
    copy_fields(a, rec, rec->fields, out);
}

/* Qualtrics writes the zone of its dates into the import row; it applies
 * unless --tz said otherwise. */
static void
apply_file_zone(struct load *l, const char *zone)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct pd_tz *tz;

    if (!zone || l->o->timezone)
        return;
    tz = pd_tz_open(zone, &ignored);
    if (!tz) {
        pd_log_debug("%s: ignoring unknown zone \"%s\"", l->r->name, zone);
        return;
    }
    pd_tz_free(l->tz);
    l->tz = tz;
    pd_time_ctx_init(&l->tctx, l->tz, l->day_first);
}

/* Survey exports carry more than one header row (formats.md §2.2-2.4). */
static int
read_more_header_rows(struct load *l, struct pd_csv_reader *rd,
                      struct member_header *h, bool surveymonkey)
{
    struct pd_record row;
    struct pd_record row1 = h->names;
    int rc = pd_csv_next(rd, &row, &l->bad);

    if (rc <= 0)
        return rc;
    if (surveymonkey) {
        struct pd_record combined;
        if (pd_survey_combine(&row1, &row, &l->header_arena, &combined) == 0)
            h->names = combined;
        return 1;
    }
    copy_record(&l->header_arena, &row, &h->texts);
    h->has_texts = true;
    rc = pd_csv_next(rd, &row, &l->bad);
    if (rc <= 0)
        return rc;
    if (pd_survey_is_qualtrics_import_row(&row)) {
        apply_file_zone(l,
                        pd_survey_qualtrics_timezone(&row, &l->header_arena));
    } else {
        h->pending = row;
        h->has_pending = true;
    }
    return 1;
}

/* A configured mapping with header = false (a header-less export such as
 * a raw clickstream): its columns are named 1, 2, ... */
static bool
headerless(const struct load *l)
{
    const char *name = wanted_profile(l);

    for (size_t i = 0; name && i < l->cfg->nprofiles; i++)
        if (strcmp(l->cfg->profiles[i].name, name) == 0)
            return !l->cfg->profiles[i].header;
    return false;
}

static void
number_columns(struct pd_arena *a, size_t n, struct pd_record *out)
{
    struct pd_field *f = pd_arena_alloc(a, (n + 1) * sizeof(*f));

    for (size_t i = 0; i < n; i++) {
        char *s = pd_arena_printf(a, "%zu", i + 1);
        f[i].s = s;
        f[i].len = strlen(s);
    }
    memset(out, 0, sizeof(*out));
    out->fields = f;
    out->nfields = n;
    out->raw = "";
}

/* 1 header read, 0 empty member, -1 error (l->bad). */
static int
read_header(struct load *l, struct pd_csv_reader *rd, struct member_header *h)
{
    struct pd_record row;
    int rc = pd_csv_next(rd, &row, &l->bad);
    bool sm, qx;

    memset(h, 0, sizeof(*h));
    if (rc <= 0)
        return rc;
    pd_arena_reset(&l->header_arena);
    if (headerless(l)) {
        number_columns(&l->header_arena, row.nfields, &h->names);
        h->pending = row;
        h->has_pending = true;
        return 1;
    }
    copy_record(&l->header_arena, &row, &h->names);
    sm = pd_survey_is_surveymonkey(&h->names);
    qx = !sm && pd_survey_is_qualtrics(&h->names);
    if (!sm && !qx)
        return 1;
    return read_more_header_rows(l, rd, h, sm) < 0 ? -1 : 1;
}

/* NPS exports without a response time need --as-of (R and in-app exports
 * often drop it): say so once rather than reject every row. */
static enum attempt
check_times(struct load *l)
{
    if (l->kind != PD_KIND_NPS || l->binding.json || l->o->has_as_of ||
        l->binding.field_col[PD_F_RESPONDED_AT] >= 0)
        return ATTEMPT_DONE;
    pd_err_set(&l->bad, PD_E_FORMAT,
               "no response time column (responded_at) for profile '%s'",
               l->profile->name);
    pd_err_hint(&l->bad, "give the export's date with --as-of YYYY-MM-DD, "
                         "or map responded_at in a [profile] section");
    return ATTEMPT_BAD;
}

static enum attempt
read_csv_member(struct load *l, struct pd_source *src, bool first,
                struct pd_err *err)
{
    struct pd_csv_opts opts = {0, 0};
    struct reader rd = {pd_csv_open(src, &opts), NULL};
    struct member_header h;
    enum attempt a = ATTEMPT_DONE;
    int rc = read_header(l, rd.csv, &h);

    if (rc < 0) {
        pd_csv_close(rd.csv);
        return ATTEMPT_BAD;
    }
    if (rc == 0) {
        pd_csv_close(rd.csv);
        if (!first)
            return ATTEMPT_DONE;
        pd_err_set(&l->bad, PD_E_FORMAT, "empty file: no header line");
        return ATTEMPT_BAD;
    }
    if (first)
        a = start_copy(l, &h.names, err);
    if (a == ATTEMPT_DONE && l->binding.json) {
        pd_err_set(&l->bad, PD_E_FORMAT,
                   "member '%s' is CSV, the archive's first member JSON",
                   l->member);
        a = ATTEMPT_BAD;
    }
    if (a == ATTEMPT_DONE) {
        if (l->bound)
            pd_binding_release(&l->binding);
        l->bound =
            pd_binding_init_texts(&l->binding, l->profile, &h.names,
                                  h.has_texts ? &h.texts : NULL, &l->bad) == 0;
        /* Counting records (check --parse-only) needs no binding. */
        a = l->bound || l->parse_only ? ATTEMPT_DONE : ATTEMPT_BAD;
    }
    if (a == ATTEMPT_DONE && !l->parse_only)
        a = check_times(l);
    if (a == ATTEMPT_DONE) {
        l->rctx.binding = &l->binding;
        l->rctx.time = &l->tctx;
        if (h.has_pending && handle_record(l, &h.pending) < 0)
            a = ATTEMPT_ENV;
    }
    if (a == ATTEMPT_DONE)
        a = read_rows(l, &rd, src, err);
    pd_csv_close(rd.csv);
    return a;
}

/* JSON members share one binding: keys add columns as they appear. */
static enum attempt
start_json(struct load *l, const struct pd_record *rec, bool first,
           struct pd_err *err)
{
    struct pd_record header;
    enum attempt a;

    if (!first) {
        if (l->bound && l->binding.json)
            return ATTEMPT_DONE;
        pd_err_set(&l->bad, PD_E_FORMAT,
                   "member '%s' is JSON, the archive's first member CSV",
                   l->member);
        return ATTEMPT_BAD;
    }
    pd_arena_reset(&l->header_arena);
    copy_fields(&l->header_arena, rec, rec->names, &header);
    a = start_copy(l, &header, err);
    if (a != ATTEMPT_DONE)
        return a;
    l->bound =
        pd_binding_init_json(&l->binding, l->profile, &header, &l->bad) == 0;
    if (!l->bound)
        return ATTEMPT_BAD;
    l->rctx.binding = &l->binding;
    l->rctx.time = &l->tctx;
    return check_times(l);
}

static enum attempt
read_json_member(struct load *l, struct pd_source *src, bool first,
                 struct pd_err *err)
{
    struct reader rd = {NULL, pd_jsonl_open(src, NULL)};
    struct pd_record rec;
    enum attempt a = ATTEMPT_DONE;
    int rc;

    /* Lines that do not parse before the first record: rejects, kept
     * before anything is known of the file. */
    while ((rc = pd_jsonl_next(rd.json, &rec, &l->bad)) == 1 && rec.reject) {
        struct pd_row_reject rej = {NULL, rec.reject, false};
        l->r->n.read++;
        if (spool_reject(l, &rec, &rej) < 0) {
            pd_jsonl_close(rd.json);
            return spool_failed(err);
        }
    }
    if (rc < 0)
        a = ATTEMPT_BAD;
    else if (rc == 0 && first && !l->bound) {
        pd_err_set(&l->bad, PD_E_FORMAT, "no JSON record in the file");
        a = ATTEMPT_BAD;
    }
    if (rc == 1 && a == ATTEMPT_DONE)
        a = start_json(l, &rec, first, err);
    if (rc == 1 && a == ATTEMPT_DONE && handle_record(l, &rec) < 0)
        a = spool_failed(err);
    if (rc == 1 && a == ATTEMPT_DONE)
        a = read_rows(l, &rd, src, err);
    pd_jsonl_close(rd.json);
    return a;
}

static enum attempt
read_member(struct load *l, struct pd_source *src, bool first,
            struct pd_err *err)
{
    char c;
    int rc = pd_source_peek(src, &c, &l->bad);

    if (rc < 0)
        return ATTEMPT_BAD;
    if (rc > 0 && (c == '{' || c == '['))
        return read_json_member(l, src, first, err);
    return read_csv_member(l, src, first, err);
}

static void
begin_member(struct load *l, const char *name)
{
    /* A member's name is stored with its rejects and printed: printable
     * (zip names are whatever the archiver wrote). */
    l->member = name
                    ? pd_printable(name, l->member_name, sizeof(l->member_name))
                    : NULL;
    l->member_ord = l->ord + 1;
    l->member_read = l->r->n.read;
    l->member_rejected = l->r->n.rejected;
    l->member_expected = l->expected_rejects;
    if (l->spool) {
        fflush(l->spool);
        l->member_spool = ftell(l->spool);
    }
}

/* A corrupt archive member (truncated gzip, bad JSON array, bad CRC) is
 * taken back whole -- its rows staged so far are dropped before the merge
 * and its rejects unspooled -- and becomes one reject naming the member;
 * the other members still load (issue 3). */
static enum attempt
take_back_member(struct load *l, struct pd_err *err)
{
    struct pd_row_reject rej = {NULL, NULL, false};
    char why[4 * sizeof(l->bad.msg)];
    struct pd_record rec;
    int64_t lost = l->r->n.read - l->member_read;

    /* Rows COPYed straight into the core table cannot be taken back. */
    if (l->direct)
        return ATTEMPT_STAGED;
    if (l->nforget == sizeof(l->forget) / sizeof(l->forget[0]))
        return ATTEMPT_BAD;
    if (l->ord >= l->member_ord) {
        l->forget[l->nforget][0] = l->member_ord;
        l->forget[l->nforget][1] = l->ord;
        l->nforget++;
    }
    l->r->n.read = l->member_read + 1;
    l->r->n.rejected = l->member_rejected;
    l->expected_rejects = l->member_expected;
    if (fflush(l->spool) != 0 ||
        ftruncate(fileno(l->spool), l->member_spool) != 0 ||
        fseek(l->spool, l->member_spool, SEEK_SET) != 0)
        return pd_err_set(err, PD_E_IO, "cannot rewind the rejects spool"),
               ATTEMPT_ENV;
    memset(&rec, 0, sizeof(rec));
    rec.line = l->bad.line;
    pd_printable(l->bad.msg, why, sizeof(why));
    rej.reason = pd_arena_printf(&l->arena,
                                 "corrupt archive member '%s' (%s): none of "
                                 "its %" PRId64 " records read are loaded",
                                 l->member ? l->member : "?", why, lost);
    pd_log_warning("%s: %s", l->r->name, rej.reason);
    pd_err_clear(&l->bad);
    return spool_reject(l, &rec, &rej) < 0 ? spool_failed(err) : ATTEMPT_DONE;
}

static enum attempt
read_file(struct load *l, struct pd_err *err)
{
    struct pd_source *src = pd_source_open(l->r->path, &l->bad);
    const char *member;
    enum attempt a = ATTEMPT_DONE;
    bool first = true;
    int rc;

    if (!src)
        return ATTEMPT_BAD;
    l->archive = pd_source_compression(src) == PD_COMP_ZIP;
    while (a == ATTEMPT_DONE &&
           (rc = pd_source_next_member(src, &member, &l->bad)) != 0) {
        if (rc < 0 && !(l->archive && member && l->bound)) {
            a = ATTEMPT_BAD;
            break;
        }
        begin_member(l, member);
        if (rc > 0 && first)
            snprintf(l->r->encoding, sizeof(l->r->encoding), "%s",
                     pd_encoding_name(pd_source_encoding(src)));
        a = rc > 0 ? read_member(l, src, first, err) : ATTEMPT_BAD;
        if (a == ATTEMPT_BAD && l->archive && l->bound)
            a = take_back_member(l, err);
        if (rc > 0)
            first = false;
    }
    if (a == ATTEMPT_DONE && first) {
        pd_err_set(&l->bad, PD_E_FORMAT, "no data file inside the archive");
        a = ATTEMPT_BAD;
    }
    l->r->doubts = *pd_source_doubts(src);
    pd_source_close(src);
    return a;
}

/* ---- decoding doubts (issue 12.15) ------------------------------------- */

const char *
pd_ingest_encoding_label(const struct pd_file_result *r, char *buf, size_t n)
{
    const struct pd_source_doubts *d = &r->doubts;

    if (!d->bytes)
        snprintf(buf, n, "%s", r->encoding);
    else if (d->as_cp1252)
        snprintf(buf, n, "%s, %" PRIu64 " byte%s not UTF-8 read as cp1252",
                 r->encoding, d->bytes, d->bytes == 1 ? "" : "s");
    else
        snprintf(buf, n, "%s, %" PRIu64 " UTF-8 characters read as UTF-8",
                 r->encoding, d->bytes);
    return buf;
}

void
pd_ingest_warn_doubts(const struct pd_file_result *r)
{
    const struct pd_source_doubts *d = &r->doubts;

    if (!d->bytes)
        return;
    if (d->as_cp1252)
        pd_log_warning("%s: %" PRIu64 " byte%s not valid UTF-8 (the first on "
                       "line %ld of '%s'): read as Windows-1252 characters; "
                       "check those rows",
                       r->name, d->bytes, d->bytes == 1 ? " is" : "s are",
                       d->first_line, d->first_member);
    else
        pd_log_warning("%s: read as Windows-1252, but from line %ld of '%s' "
                       "on %" PRIu64 " characters are valid UTF-8 and were "
                       "read as UTF-8",
                       r->name, d->first_line, d->first_member, d->bytes);
}

/* ---- commit ----------------------------------------------------------- */

static char *
warnings_json(const struct pd_row_stats *s, const struct pd_source_doubts *d)
{
    struct pd_buf b = PD_BUF_INIT, list = PD_BUF_INIT;
    const struct {
        const char *key;
        size_t v;
    } w[] = {{"status_other", s->status_other},
             {"priority_other", s->priority_other},
             {"channel_other", s->channel_other},
             {"satisfaction_other", s->satisfaction_other},
             {"tags_truncated", s->tags_truncated},
             {"text_repaired", s->text_repaired}};
    size_t k = 0;

    pd_buf_addch(&b, '{');
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        if (w[i].v)
            pd_buf_addf(&b, "%s\"%s\": %zu", k++ ? ", " : "", w[i].key, w[i].v);
    /* Issue 12.15: what the decoder read against the file's label. */
    if (d->bytes)
        pd_buf_addf(&b, "%s\"%s\": %" PRIu64 ", \"first_decoded_line\": %ld",
                    k++ ? ", " : "",
                    d->as_cp1252 ? "bytes_not_utf8" : "utf8_in_cp1252",
                    d->bytes, d->first_line);
    /* Issue 13: which values landed in other (or NULL), not only how many
     * (load/README.md, "Unmapped values"). */
    if (pd_unmapped_json(&s->unmapped, &list))
        pd_buf_addf(&b, "%s\"unmapped\": [%s]", k++ ? ", " : "", list.buf);
    pd_buf_release(&list);
    pd_buf_addch(&b, '}');
    return pd_buf_detach(&b, NULL);
}

static bool
too_many_rejects(struct load *l)
{
    const struct pd_file_counts *n = &l->r->n;
    int64_t bad = n->rejected - l->expected_rejects;

    if (bad <= 0 || n->read == 0)
        return false;
    if ((double)bad <= l->max_ratio * (double)n->read)
        return false;
    pd_err_set(&l->bad, PD_E_REJECTED,
               "%" PRId64 " of %" PRId64 " rows rejected (%.1f%%, more than "
               "max_reject_ratio %.0f%%): a mapping problem, not dirty data; "
               "first: %s",
               bad, n->read, 100.0 * (double)bad / (double)n->read,
               100.0 * l->max_ratio, l->first_reject);
    return true;
}

/* Merge, rejects, ledger: the file's transaction is still open. */
static enum attempt
finish_load(struct load *l, struct pd_err *err)
{
    struct pd_merge_counts m;
    struct pd_file_counts *n = &l->r->n;
    char *warn;
    int rc;

    for (size_t i = 0; i < l->nforget; i++)
        if (pd_stage_forget(l->conn, l->kind, l->forget[i][0], l->forget[i][1],
                            err) < 0)
            return ATTEMPT_ENV;
    if (l->direct) {
        /* A first load went straight into the table: all rows are new. */
        m.staged = m.distinct = m.inserted = l->copy.server_rows;
        m.updated = 0;
        if (pd_stage_direct_finish(l->conn, l->kind, l->r->file_id,
                                   l->r->source, err) < 0)
            return ATTEMPT_ENV;
    } else if (pd_stage_merge(l->conn, l->kind, l->r->file_id, l->previous_id,
                              &m, err) < 0) {
        /* PD_E_PARSE: the file's data cannot load (two event keys with one
         * hash), not the database: reject the file, load the others. */
        if (err->code != PD_E_PARSE)
            return ATTEMPT_ENV;
        l->bad = *err;
        pd_err_clear(err);
        return ATTEMPT_BAD;
    }
    /* SPEC §5: a file that does not reconcile is a bug and fails loudly. */
    if (m.staged != n->read - n->rejected) {
        pd_err_set(err, PD_E_INTERNAL,
                   "'%s' does not reconcile: %" PRId64 " rows read, %" PRId64
                   " rejected, but %" PRId64 " staged",
                   l->r->name, n->read, n->rejected, m.staged);
        return ATTEMPT_ENV;
    }
    n->loaded = m.inserted;
    n->updated = m.updated;
    n->duplicate = m.staged - m.inserted - m.updated;
    n->withdrawn = m.withdrawn;
    if (n->rejected &&
        pd_stage_load_rejects(l->conn, l->spool, l->r->file_id, err) < 0)
        return ATTEMPT_ENV;
    if (l->kind == PD_KIND_ACCOUNTS &&
        pd_stage_reresolve_accounts(l->conn, err) < 0)
        return ATTEMPT_ENV;
    l->r->stats = l->rctx.stats;
    l->r->seconds = elapsed(&l->t0);
    warn = warnings_json(&l->rctx.stats, &l->r->doubts);
    rc = pd_ledger_file_finish(l->conn, l->r->file_id, &l->fi, n, warn,
                               l->r->seconds, err);
    free(warn);
    if (rc < 0 || pd_db_run(l->conn, "COMMIT", 0, NULL, err) < 0)
        return ATTEMPT_ENV;
    l->r->outcome = PD_FILE_LOADED;
    return ATTEMPT_DONE;
}

static void
reset_attempt(struct load *l)
{
    memset(&l->r->n, 0, sizeof(l->r->n));
    memset(&l->rctx, 0, sizeof(l->rctx));
    l->rctx.as_of = l->o->as_of;
    l->rctx.has_as_of = l->o->has_as_of;
    l->rctx.now = pd_now_us();
    l->rctx.themes = l->o->themes;
    if (l->src_cfg) {
        l->rctx.keep_properties =
            (const char *const *)l->src_cfg->keep_properties;
        l->rctx.nkeep_properties = l->src_cfg->nkeep_properties;
    }
    l->nforget = 0;
    l->ord = 0;
    l->first_reject[0] = '\0';
    l->expected_rejects = 0;
    l->copying = false;
    l->direct = false;
    pd_err_clear(&l->bad);
    if (l->spool)
        fclose(l->spool);
    l->spool = tmpfile();
}

static void
rollback(struct load *l)
{
    if (l->copying) {
        pd_copy_abort(&l->copy, "file abandoned");
        l->copying = false;
    }
    PQclear(PQexec(l->conn, "ROLLBACK"));
}

static enum attempt
attempt(struct load *l, struct pd_err *err)
{
    enum attempt a;
    int rc;

    reset_attempt(l);
    if (!l->spool)
        return pd_err_set(err, PD_E_IO, "cannot create a temporary file: %s",
                          strerror(errno)),
               ATTEMPT_ENV;
    if (pd_db_run(l->conn, "BEGIN", 0, NULL, err) < 0)
        return ATTEMPT_ENV;
    if (l->previous_id &&
        (rc = pd_ledger_file_supersede(l->conn, l->previous_id, err)) <= 0) {
        rollback(l);
        if (rc < 0)
            return ATTEMPT_ENV;
        l->r->outcome = PD_FILE_SKIPPED;
        snprintf(l->r->reason, sizeof(l->r->reason),
                 "file %" PRId64 " was reprocessed by another run meanwhile",
                 l->previous_id);
        return ATTEMPT_DONE;
    }
    rc = pd_ledger_file_begin(l->conn, &l->fi, l->run_id, &l->r->file_id, err);
    if (rc <= 0) {
        rollback(l);
        if (rc < 0)
            return ATTEMPT_ENV;
        /* Loaded by a concurrent run meanwhile. */
        return already_loaded(l, false, err) < 0 ? ATTEMPT_ENV : ATTEMPT_DONE;
    }
    a = read_file(l, err);
    if (a == ATTEMPT_DONE && l->copying) {
        l->copying = false;
        if (pd_copy_end(&l->copy, err) < 0)
            a = l->direct && pd_stage_is_duplicate_key(err) ? ATTEMPT_STAGED
                                                            : ATTEMPT_ENV;
    }
    if (a == ATTEMPT_DONE && too_many_rejects(l))
        a = ATTEMPT_BAD;
    if (a == ATTEMPT_DONE)
        a = finish_load(l, err);
    if (a != ATTEMPT_DONE)
        rollback(l);
    return a;
}

/* Run attempts until one settles: a direct load that met a repeated key
 * goes again through staging; a file whose day/month order was read wrong
 * goes again the other way (a second contradiction is left to per-row
 * rejects).  Each retry starts from a rolled-back transaction. */
static enum attempt
attempt_until_settled(struct load *l, struct pd_err *err)
{
    enum attempt a = ATTEMPT_ENV;

    for (int tries = 0; tries < 3; tries++) {
        a = attempt(l, err);
        if (a == ATTEMPT_STAGED) {
            pd_log_debug("%s: repeated keys: loading through staging",
                         l->r->name);
            pd_err_clear(err);
            l->force_staging = true;
        } else if (a == ATTEMPT_RESTART) {
            l->day_first = !l->day_first;
            pd_log_debug("%s: restarting with day_first = %d", l->r->name,
                         l->day_first);
            pd_time_ctx_init(&l->tctx, l->tz, l->day_first);
            l->ignore_contradiction = true;
        } else {
            return a;
        }
    }
    pd_err_set(err, PD_E_INTERNAL, "'%s' did not settle after 3 attempts",
               l->r->name);
    return ATTEMPT_ENV;
}

/* Why the file failed, printable: the message may quote the raw path or
 * an archive member's name, and it is stored as text. */
static void
set_reason(struct pd_file_result *r, const struct pd_err *bad)
{
    char msg[sizeof(r->reason)];

    snprintf(msg, sizeof(msg), "%s", bad->msg);
    if (bad->line > 0 && !strstr(msg, "line"))
        snprintf(msg, sizeof(msg), "%s (line %ld)", bad->msg, bad->line);
    pd_printable(msg, r->reason, sizeof(r->reason));
    pd_printable(bad->hint, r->hint, sizeof(r->hint));
}

/* The file is rejected as a whole: record why, with its row rejects. */
static int
record_rejected(struct load *l, struct pd_err *err)
{
    struct pd_file_result *r = l->r;
    int64_t id;

    if (l->bad.file[0] == '\0' && l->bad.line > 0)
        pd_err_at(&l->bad, r->name, l->bad.line);
    set_reason(r, &l->bad);
    r->outcome = PD_FILE_REJECTED;
    r->seconds = elapsed(&l->t0);
    if (pd_db_run(l->conn, "BEGIN", 0, NULL, err) < 0)
        return -1;
    if (pd_ledger_file_rejected(l->conn, &l->fi, l->run_id, r->reason, &r->n,
                                &id, err) < 0 ||
        (r->n.rejected &&
         pd_stage_load_rejects(l->conn, l->spool, id, err) < 0) ||
        pd_db_run(l->conn, "COMMIT", 0, NULL, err) < 0) {
        PQclear(PQexec(l->conn, "ROLLBACK"));
        return -1;
    }
    r->file_id = id;
    return 0;
}

static void
release(struct load *l)
{
    if (l->bound)
        pd_binding_release(&l->binding);
    free_owned_profiles(l);
    pd_tz_free(l->tz);
    pd_arena_release(&l->arena);
    pd_arena_release(&l->header_arena);
    if (l->spool)
        fclose(l->spool);
}

static int
fingerprint(struct load *l, const char *path, struct stat *st,
            struct pd_err *err)
{
    int rc;

    l->fi.size = (int64_t)st->st_size;
    l->fi.mtime_ns =
        (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    /* Same path, size and mtime as a loaded file: no need to hash it. */
    rc = pd_ledger_find_stat(l->conn, path, l->fi.size, l->fi.mtime_ns, l->sha,
                             err);
    if (rc < 0)
        return -1;
    if (rc == 0 && hash_file(path, l->sha, &l->bad) < 0)
        return 0; /* unreadable: a bad file, reported by the caller */
    return already_loaded(l, true, err);
}

static void
init_load(struct load *l, PGconn *conn, const struct pd_config *cfg,
          const struct pd_ingest_opts *o, int64_t run_id, const char *path,
          struct pd_file_result *r)
{
    const char *base = strrchr(path, '/');

    memset(l, 0, sizeof(*l));
    memset(r, 0, sizeof(*r));
    l->conn = conn;
    l->cfg = cfg;
    l->o = o;
    l->r = r;
    l->run_id = run_id;
    snprintf(r->path, sizeof(r->path), "%s", path);
    /* Names go to the ledger (text: UTF-8 only) and to terminals: their
     * printable forms.  The raw path is what the file system knows, and
     * what the skip-by-path check compares (files.path_bytes). */
    pd_printable(path, r->shown, sizeof(r->shown));
    pd_printable(base ? base + 1 : path, r->name, sizeof(r->name));
    pd_arena_init(&l->arena, 0);
    pd_arena_init(&l->header_arena, 0);
    clock_gettime(CLOCK_MONOTONIC, &l->t0);
    l->fi.sha256 = l->sha;
    l->fi.name = r->name;
    l->fi.path = r->shown;
    l->fi.path_bytes = r->path;
    l->fi.source = r->source;
    l->fi.kind = r->kind;
    l->fi.profile = r->profile;
    l->fi.encoding = r->encoding;
    l->fi.mapping_version = PD_MAPPING_VERSION;
}

/* The file could not be read (gone, no permission, an I/O error, not a
 * regular file any more): the environment's fault, not the file's.  It is
 * not recorded in prodops.files -- a rejected row there would say the data
 * is bad, and would be added again at every attempt -- and the caller
 * reports it (exit 4, SPEC §5). */
static int
unreadable(struct load *l)
{
    set_reason(l->r, &l->bad);
    l->r->outcome = PD_FILE_UNREADABLE;
    l->r->seconds = elapsed(&l->t0);
    return 0;
}

int
pd_ingest_file(PGconn *conn, const struct pd_config *cfg,
               const struct pd_ingest_opts *o, int64_t run_id, const char *path,
               struct pd_file_result *r, struct pd_err *err)
{
    struct load l;
    struct stat st;
    enum attempt a = ATTEMPT_BAD;
    int rc = 0;

    init_load(&l, conn, cfg, o, run_id, path, r);
    if (stat(path, &st) != 0) {
        pd_err_set(&l.bad, PD_E_IO, "cannot open '%s': %s", path,
                   strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        pd_err_set(&l.bad, PD_E_IO, "cannot read '%s': not a regular file",
                   path);
    } else if ((rc = fingerprint(&l, path, &st, err)) != 0) {
        release(&l);
        return rc < 0 ? -1 : 0;
    } else if (!l.bad.msg[0] && resolve_options(&l, err) < 0) {
        release(&l);
        return -1;
    } else if (!l.bad.msg[0]) {
        a = attempt_until_settled(&l, err);
    }
    if (a == ATTEMPT_BAD && l.bad.code == PD_E_IO)
        rc = unreadable(&l);
    else if (a == ATTEMPT_BAD)
        rc = record_rejected(&l, err);
    else if (a == ATTEMPT_ENV)
        rc = -1;
    release(&l);
    return rc;
}

int
pd_ingest_check(const struct pd_config *cfg, const struct pd_ingest_opts *o,
                const char *path, bool parse_only, struct pd_file_result *r,
                struct pd_err *err)
{
    struct load l;
    enum attempt a;

    init_load(&l, NULL, cfg, o, 0, path, r);
    l.dry_run = true;
    l.parse_only = parse_only;
    l.ignore_contradiction = true;
    if (resolve_options(&l, err) < 0) {
        release(&l);
        return -1;
    }
    reset_attempt(&l);
    a = read_file(&l, err);
    r->stats = l.rctx.stats;
    r->seconds = elapsed(&l.t0);
    if (a == ATTEMPT_BAD) {
        *err = l.bad;
        snprintf(r->reason, sizeof(r->reason), "%s", l.bad.msg);
    }
    release(&l);
    return a == ATTEMPT_DONE ? 0 : -1;
}
