#include "ingest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/xalloc.h"

/* The configured mappings as transform/rows.h takes them; built into
 * profiles only when a file's first header is read. */
struct mappings {
    struct pd_rows_mapping *m;
    size_t n;
    const char **names; /* every mapping's fields, then its headers */
};

static void
mappings_init(struct mappings *ms, const struct pd_config *cfg)
{
    size_t total = 0, k = 0;

    for (size_t i = 0; i < cfg->nprofiles; i++)
        total += 2 * cfg->profiles[i].nmap;
    ms->n = cfg->nprofiles;
    ms->m = pd_xcalloc(ms->n + 1, sizeof(*ms->m));
    ms->names = pd_xcalloc(total + 1, sizeof(*ms->names));
    for (size_t i = 0; i < ms->n; i++) {
        const struct pd_config_profile *cp = &cfg->profiles[i];
        const char **fields = ms->names + k;
        const char **headers = fields + cp->nmap;
        for (size_t j = 0; j < cp->nmap; j++) {
            fields[j] = cp->map[j].field;
            headers[j] = cp->map[j].column;
        }
        k += 2 * cp->nmap;
        ms->m[i].name = cp->name;
        ms->m[i].kind = pd_kind_parse(cp->kind);
        ms->m[i].fields = fields;
        ms->m[i].headers = headers;
        ms->m[i].n = cp->nmap;
    }
}

static void
mappings_release(struct mappings *ms)
{
    free(ms->names);
    free(ms->m);
}

/* The progress line: only for files worth watching, and only when asked
 * (a terminal, rule 19). */
struct progress {
    size_t shown;
};

static void
draw_progress(void *ctx, const struct pd_file_result *r, uint64_t done,
              uint64_t total, double seconds, bool finished)
{
    struct progress *p = ctx;

    if (total < (8u << 20))
        return;
    if (finished) {
        if (p->shown)
            fprintf(stderr, "\r\033[K");
        return;
    }
    fprintf(stderr, "\r%s: %3.0f%%  %" PRId64 " rows  %.0f rows/s", r->name,
            100.0 * (double)done / (double)total, r->n.read,
            (double)r->n.read / (seconds + 1e-9));
    p->shown++;
}

/* --profile, else the source's. */
static const char *
wanted_profile(const struct pd_ingest_opts *o,
               const struct pd_config_source *src)
{
    if (o->profile)
        return o->profile;
    return src ? src->profile : NULL;
}

/* A configured mapping with header = false (a header-less export such as
 * a raw clickstream): its columns are named 1, 2, ... */
static bool
headerless(const struct pd_config *cfg, const char *name)
{
    for (size_t i = 0; name && i < cfg->nprofiles; i++)
        if (strcmp(cfg->profiles[i].name, name) == 0)
            return !cfg->profiles[i].header;
    return false;
}

/* The command's options and the configuration, resolved: --tz, else the
 * source's zone, else the config's; likewise the day/month order, the
 * reject ratio, the profile and the kind. */
static void
resolve_options(const struct pd_config *cfg, const struct pd_ingest_opts *o,
                const struct mappings *ms, struct pd_file_opts *fo)
{
    const struct pd_config_source *src =
        o->source ? pd_config_source(cfg, o->source) : NULL;
    struct pd_rows_opts *ro = &fo->rows;

    memset(fo, 0, sizeof(*fo));
    ro->timezone = o->timezone;
    if (!ro->timezone && src && src->timezone)
        ro->timezone = src->timezone;
    if (!ro->timezone)
        ro->timezone = cfg->timezone;
    ro->zone_given = o->timezone != NULL;
    ro->day_first = cfg->day_first;
    if (src && src->day_first_set)
        ro->day_first = src->day_first;
    if (o->day_first >= 0)
        ro->day_first = o->day_first != 0;
    ro->profile = wanted_profile(o, src);
    ro->kind = o->kind != PD_KIND_NONE ? o->kind
               : src                   ? pd_kind_parse(src->kind)
                                       : PD_KIND_NONE;
    ro->mappings = ms->m;
    ro->nmappings = ms->n;
    ro->as_of = o->as_of;
    ro->has_as_of = o->has_as_of;
    ro->themes = o->themes;
    if (src) {
        ro->keep_properties = (const char *const *)src->keep_properties;
        ro->nkeep_properties = src->nkeep_properties;
    }
    fo->stream.headerless = headerless(cfg, ro->profile);
    fo->source = o->source;
    fo->max_reject_ratio =
        o->max_reject_ratio >= 0 ? o->max_reject_ratio : cfg->max_reject_ratio;
    fo->reprocess = o->reprocess;
}

int
pd_ingest_file(PGconn *conn, const struct pd_config *cfg,
               const struct pd_ingest_opts *o, int64_t run_id, const char *path,
               struct pd_file_result *r, struct pd_err *err)
{
    struct mappings ms;
    struct pd_file_opts fo;
    struct progress p = {0};
    int rc;

    mappings_init(&ms, cfg);
    resolve_options(cfg, o, &ms, &fo);
    if (o->progress) {
        fo.progress = draw_progress;
        fo.progress_ctx = &p;
    }
    rc = pd_file_load(conn, &fo, run_id, path, r, err);
    mappings_release(&ms);
    return rc;
}

int
pd_ingest_check(const struct pd_config *cfg, const struct pd_ingest_opts *o,
                const char *path, bool parse_only, struct pd_file_result *r,
                struct pd_err *err)
{
    struct mappings ms;
    struct pd_file_opts fo;
    int rc;

    mappings_init(&ms, cfg);
    resolve_options(cfg, o, &ms, &fo);
    fo.rows.parse_only = parse_only;
    rc = pd_file_check(&fo, path, r, err);
    mappings_release(&ms);
    return rc;
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
