/*
 * The demo's driver: checks the options, makes the model in a fixed order
 * (accounts, tickets, NPS, usage) and writes each kind's files.  How the
 * data is made is in model.h; each kind's module lists its own files.
 */
#include "jobs/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/archive.h"
#include "jobs/demo/exposures.h"
#include "jobs/demo/launches.h"
#include "jobs/demo/model.h"
#include "jobs/demo/nps.h"
#include "jobs/demo/requests.h"
#include "jobs/demo/tickets.h"
#include "jobs/demo/usage.h"
#include "jobs/demo/usage_export.h"
#include "jobs/demo/writer.h"

static void
write_header(struct pd_demo_wr *w, const struct pd_demo_gen *g)
{
    if (g->head) {
        g->head(w, g);
    } else if (g->header) {
        pd_demo_wr_raw(w, g->header, strlen(g->header)); /* already CSV */
        pd_demo_wr_eol(w);
    }
    /* JSON lines: no header. */
}

static int
write_zip(struct pd_demo *d, const struct pd_demo_gen *g,
          struct pd_demo_file *f, struct pd_err *err)
{
    struct pd_demo_zip z;
    size_t rows = 0;
    int failed;

    if (pd_demo_zip_open(&z, f->path, d->end, err) < 0)
        return -1;
    failed = g->members(d, &z, &rows, err) < 0;
    if (pd_demo_zip_close(&z, failed, err) < 0)
        return -1;
    f->rows = f->events = rows;
    f->members = z.members;
    return 0;
}

static int
write_text(struct pd_demo *d, const struct pd_demo_gen *g,
           struct pd_demo_file *f, struct pd_err *err)
{
    struct pd_demo_wr w;

    if (pd_demo_wr_open(&w, f->path, g->eol, err) < 0)
        return -1;
    d->events = 0;
    write_header(&w, g);
    f->rows = g->rows(d, g, &w);
    f->events = d->events;
    return pd_demo_wr_close(&w, err);
}

static int
write_file(struct pd_demo *d, const struct pd_demo_gen *g,
           struct pd_demo_stats *st, struct pd_err *err)
{
    struct pd_demo_file *f = &st->files[st->nfiles];
    char name[PD_DEMO_NAME_MAX];
    int n;

    if (st->nfiles == PD_DEMO_MAX_FILES)
        PD_BUG("more demo files than PD_DEMO_MAX_FILES");
    memset(f, 0, sizeof(*f));
    if (g->name_fn)
        g->name_fn(d, name, sizeof(name));
    else
        (void)snprintf(name, sizeof(name), "%s", g->name);
    memcpy(f->name, name, sizeof(name));
    n = snprintf(f->path, sizeof(f->path), "%s/%s", d->o->out_dir, name);
    /* Room for the ".parts/part-NNNNNN.json.gz.tmp" of zip members too. */
    if (n < 0 || (size_t)n + 32 >= sizeof(f->path))
        return pd_err_set(err, PD_E_LIMIT,
                          "output directory name too long: \"%s\"",
                          d->o->out_dir);
    if ((g->members ? write_zip(d, g, f, err) : write_text(d, g, f, err)) < 0)
        return -1;
    f->source = g->source;
    f->kind = g->kind;
    st->nfiles++;
    return 0;
}

/* ---- entry points ------------------------------------------------------ */

void
pd_demo_opts_init(struct pd_demo_opts *o, int64_t end_us)
{
    memset(o, 0, sizeof(*o));
    o->out_dir = "demo";
    o->seed = PD_DEMO_DEFAULT_SEED;
    o->end_us = end_us;
    o->accounts = PD_DEMO_DEFAULT_ACCOUNTS;
    o->tickets = (size_t)PD_DEMO_TICKETS_PER_WEEK * PD_DEMO_WEEKS;
    o->nps_per_week = PD_DEMO_NPS_PER_WEEK;
    o->events_per_day = PD_DEMO_EVENTS_PER_DAY;
}

static int
check_opts(const struct pd_demo_opts *o, struct pd_err *err)
{
    int64_t span = PD_DEMO_SPAN;

    if (!o->out_dir || !o->out_dir[0])
        return pd_err_set(err, PD_E_USAGE, "no output directory given");
    /* Four-digit years keep the hand-written date formatter simple. */
    if (o->end_us < span || o->end_us > pd_time_make(9999, 1, 1, 0, 0, 0, 0))
        return pd_err_set(
            err, PD_E_USAGE,
            "demo end date is out of range (1970-07-02 to 9999-01-01)");
    if (o->accounts > PD_DEMO_MAX_ACCOUNTS)
        return pd_err_set(err, PD_E_LIMIT,
                          "too many demo accounts: %zu (limit %d)", o->accounts,
                          PD_DEMO_MAX_ACCOUNTS);
    if (o->nps_per_week > PD_DEMO_MAX_NPS_PER_WEEK)
        return pd_err_set(err, PD_E_LIMIT,
                          "too many NPS responses a week: %zu (limit %d)",
                          o->nps_per_week, PD_DEMO_MAX_NPS_PER_WEEK);
    if (o->events_per_day > PD_DEMO_MAX_EVENTS_PER_DAY) {
        pd_err_set(err, PD_E_LIMIT,
                   "too many usage events a day: %zu (limit %d)",
                   o->events_per_day, PD_DEMO_MAX_EVENTS_PER_DAY);
        return pd_err_hint(err, "bench mode writes any number of events");
    }
    if (o->tickets > PD_DEMO_MAX_TICKETS) {
        pd_err_set(err, PD_E_LIMIT, "too many demo tickets: %zu (limit %d)",
                   o->tickets, PD_DEMO_MAX_TICKETS);
        return pd_err_hint(err, "bench mode writes any number of rows");
    }
    return 0;
}

static int
generate_bench(struct pd_demo *d, struct pd_demo_stats *st, struct pd_err *err)
{
    int rc = 0;

    if (d->o->bench_tickets > 0)
        rc = write_file(d, &pd_demo_tickets_bench_gen, st, err);
    if (d->o->bench_events == 0 || rc < 0)
        return rc;
    pd_demo_accounts_mark(d);
    pd_demo_users_make(d);
    for (size_t i = 0; i < pd_demo_usage_bench_ngens && rc == 0; i++)
        rc = write_file(d, &pd_demo_usage_bench_gens[i], st, err);
    return rc;
}

/* The files in the order they are written and listed: the CRM first, as
 * the ingest wants the accounts before the rest. */
static const struct {
    const struct pd_demo_gen *gens;
    const size_t *n;
} kinds[] = {
    {pd_demo_accounts_gens, &pd_demo_accounts_ngens},
    {pd_demo_tickets_gens, &pd_demo_tickets_ngens},
    {pd_demo_nps_gens, &pd_demo_nps_ngens},
    {pd_demo_usage_gens, &pd_demo_usage_ngens},
    {pd_demo_launches_gens, &pd_demo_launches_ngens},
    {pd_demo_requests_gens, &pd_demo_requests_ngens},
};

static int
generate_demo(struct pd_demo *d, struct pd_demo_stats *st, struct pd_err *err)
{
    int rc = 0;

    pd_demo_tickets_make(d);
    /* NPS and usage draw from their own generators (model.h). */
    pd_demo_accounts_mark(d);
    pd_demo_nps_make(d);
    pd_demo_users_make(d);
    pd_demo_usage_plan(d);
    /* The experiments add rows from their own stream (exposures.h). */
    pd_demo_exposures_make(d);
    st->experiment_tickets = d->xtickets;
    /* So do the launches (launches.h). */
    st->launch_nps = pd_demo_launches_make(d);
    st->launch_tickets = d->ltickets;
    for (size_t k = 0; k < PD_DEMO_NELEM(kinds) && rc == 0; k++)
        for (size_t i = 0; i < *kinds[k].n && rc == 0; i++)
            rc = write_file(d, &kinds[k].gens[i], st, err);
    return rc;
}

int
pd_demo_generate(const struct pd_demo_opts *o, struct pd_demo_stats *st,
                 struct pd_err *err)
{
    struct pd_demo d;
    int rc;

    memset(st, 0, sizeof(*st));
    if (check_opts(o, err) < 0)
        return -1;
    memset(&d, 0, sizeof(d));
    d.o = o;
    d.end = o->end_us;
    d.start = d.end - PD_DEMO_SPAN;
    /* Export-1 was taken on the Wednesday 09:00 three weeks before the end
     * (when the end is a Monday). */
    d.t1 = d.end - 19 * PD_US_PER_DAY + 9 * PD_US_PER_HOUR;
    d.rng.s = o->seed;
    d.project = 300000 + (uint32_t)(pd_demo_mix64(o->seed) % 600000);
    pd_demo_accounts_make(&d,
                          o->accounts ? o->accounts : PD_DEMO_DEFAULT_ACCOUNTS);
    if (o->bench_tickets > 0 || o->bench_events > 0)
        rc = generate_bench(&d, st, err);
    else
        rc = generate_demo(&d, st, err);
    free(d.acc);
    free(d.tk);
    free(d.nps);
    free(d.users);
    free(d.ucum);
    free(d.ev);
    free(d.xev);
    return rc;
}
