#include "attention.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/attention_facts.h"
#include "reports/kpi.h"
#include "transform/redact.h"

static const char *const dim_labels[][2] = {
    {"product_area", "product area"},
    {"theme", "theme"},
    {"channel", "channel"},
    {"priority", "priority"},
    {"plan", "plan"},
    {"segment", "segment"},
    {"region", "region"},
    {"account", "account"},
    {"survey", "survey"},
    {"event", "event"},
    {"total", "all"},
};

const char *
pd_attention_dim_label(const char *dim)
{
    for (size_t i = 0; i < sizeof(dim_labels) / sizeof(dim_labels[0]); i++)
        if (strcmp(dim_labels[i][0], dim) == 0)
            return dim_labels[i][1];
    return dim;
}

/* What a headline says of a metric beyond the catalogue (kpi.h, which
 * gives its label): what its count counts and its unit. */
static const struct {
    const char *metric, *noun, *unit;
} wording[] = {
    {"csat_pct", "rated", " %"},
    {"reopen_rate_pct", "solved", " %"},
    {"adoption_pct", "active users", " %"},
    {"first_reply_hours_median", "replied", " h"},
    {"resolution_hours_median", "solved", " h"},
    {"backlog_end", "open", ""},
};

static size_t
wording_of(const char *metric)
{
    size_t i = 0;

    while (i < sizeof(wording) / sizeof(wording[0]) &&
           strcmp(wording[i].metric, metric) != 0)
        i++;
    return i;
}

static const char *
metric_word(const char *metric, bool unit)
{
    size_t w = wording_of(metric);

    if (w == sizeof(wording) / sizeof(wording[0]))
        return unit ? "" : "counted";
    return unit ? wording[w].unit : wording[w].noun;
}

/* SPEC §10's noise model of a kind, named in the JSON ("noise"). */
static const char *
noise_name(enum pd_att_kind k)
{
    switch (k) {
    case PD_ATT_COUNT:
        return "poisson";
    case PD_ATT_RATE:
        return "binomial";
    case PD_ATT_NPS:
        return "nps_moe";
    case PD_ATT_LEVEL:
        return "weeks_sd";
    }
    return "?";
}

/* JSON number, null for NaN. */
static void
jnum(struct pd_buf *out, const char *key, double v)
{
    if (isfinite(v))
        pd_buf_addf(out, "\"%s\": %.17g", key, v);
    else
        pd_buf_addf(out, "\"%s\": null", key);
}

/* "Tickets created, product area Billing: 60 this week against 20.0 a
 * week over the last 13 whole weeks (+40, 3.0x normal)." and the NPS
 * form with its margin. */
static void
headline(const struct pd_att_item *it, struct pd_buf *s)
{
    const struct pd_att_judgement *j = &it->j;
    char label[80];

    pd_kpi_label(it->family->metric, label, sizeof(label));
    pd_buf_addstr(s, label);
    if (it->name)
        pd_buf_addf(s, ", account %s (%s)", it->name, it->value);
    else if (strcmp(it->dimension, "total") != 0)
        pd_buf_addf(s, ", %s %s", pd_attention_dim_label(it->dimension),
                    it->value);
    if (it->family->kind == PD_ATT_COUNT) {
        pd_buf_addf(s,
                    ": %.0f this week against %.1f a week over the last %zu "
                    "whole weeks (%+.0f",
                    j->this_week, j->baseline, j->weeks,
                    pd_kpi_round(j->change, 0));
        if (j->baseline > 0)
            pd_buf_addf(s, ", %.1f\u00d7 normal",
                        pd_kpi_round(j->this_week / j->baseline, 1));
        pd_buf_addstr(s, ").");
        return;
    }
    if (it->family->kind == PD_ATT_RATE) {
        pd_buf_addf(s,
                    ": %.1f %% this week (%.0f %s) against %.1f %% over the "
                    "last %zu whole weeks, %+.1f points against a range of "
                    "%.1f-%.1f %%.",
                    pd_kpi_round(j->this_week, 1), j->count,
                    metric_word(it->family->metric, false),
                    pd_kpi_round(j->baseline, 1), j->weeks,
                    pd_kpi_round(j->change, 1), pd_kpi_round(j->lo, 1),
                    pd_kpi_round(j->hi, 1));
        return;
    }
    if (it->family->kind == PD_ATT_LEVEL) {
        const char *u = metric_word(it->family->metric, true);
        /* Hours to a tenth, a backlog whole; the range's low end is
         * shown no lower than 0, which no level goes below. */
        int dec = *u ? 1 : 0;
        pd_buf_addf(s, ": %.*f%s this week", dec,
                    pd_kpi_round(j->this_week, dec), u);
        if (*u)
            pd_buf_addf(s, " (%.0f %s)", j->count,
                        metric_word(it->family->metric, false));
        pd_buf_addf(s,
                    " against %.1f%s over the last %zu whole weeks (%+.*f%s, "
                    "normal range %.*f-%.*f%s).",
                    pd_kpi_round(j->baseline, 1), u, j->weeks, dec,
                    pd_kpi_round(j->change, dec), u, dec,
                    pd_kpi_round(fmax(j->lo, 0), dec), dec,
                    pd_kpi_round(j->hi, dec), u);
        return;
    }
    pd_buf_addf(s,
                ": %+.0f this week (%.0f responses) against %+.0f over the "
                "last %zu whole weeks, %+.0f points against a \u00b1%.0f-point "
                "margin.",
                pd_kpi_round(j->this_week, 0), j->count,
                pd_kpi_round(j->baseline, 0), j->weeks,
                pd_kpi_round(j->change, 0),
                pd_kpi_round(j->hi - j->baseline, 0));
}

static void
drivers_json(const struct pd_att_item *it, struct pd_buf *out)
{
    pd_buf_addstr(out, "\"drivers\": [");
    for (size_t i = 0; i < it->ndrivers; i++) {
        const struct pd_att_driver *d = &it->drivers[i];
        pd_buf_addstr(out, i ? ", {\"dimension\": " : "{\"dimension\": ");
        pd_json_str(out, d->dimension);
        pd_buf_addstr(out, ", \"value\": ");
        pd_json_str(out, d->value);
        if (d->name) {
            pd_buf_addstr(out, ", \"name\": ");
            pd_json_str(out, d->name);
        }
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", d->this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", d->baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "delta", d->delta);
        if (it->family->kind == PD_ATT_RATE || it->family->kind == PD_ATT_NPS) {
            pd_buf_addstr(out, ", ");
            jnum(out, "mix", d->mix);
            pd_buf_addstr(out, ", ");
            jnum(out, "rate", d->rate);
        }
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "], \"accounts\": [");
    for (size_t i = 0; i < it->naccounts; i++) {
        const struct pd_att_account *a = &it->accounts[i];
        pd_buf_addstr(out, i ? ", {\"account_id\": " : "{\"account_id\": ");
        pd_json_str(out, a->account_id);
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, a->name);
        pd_buf_addstr(out, ", ");
        jnum(out, "arr", a->arr >= 0 ? a->arr : NAN);
        pd_buf_addstr(out, ", ");
        jnum(out, "delta", a->delta);
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "]");
}

/* SPEC §10 evidence: every item's top driver's texts, one statement for
 * all (reports/sql/attention_evidence.sql): rows of (item number from 1,
 * text), at most three an item.  NULL with *err when it fails. */
static PGresult *
evidence_read(PGconn *conn, const struct pd_period *p,
              const struct pd_att_item *items, size_t n, struct pd_err *err)
{
    char a[40], b[40];
    struct pd_buf arr[4] = {PD_BUF_INIT, PD_BUF_INIT, PD_BUF_INIT, PD_BUF_INIT};
    const char *params[6] = {a, b};
    PGresult *res;

    pd_time_format_iso(p->start, a, sizeof(a));
    pd_time_format_iso(p->end, b, sizeof(b));
    for (size_t i = 0; i < n; i++) {
        const struct pd_att_item *it = &items[i];
        const char *v[4] = {it->dimension, it->value,
                            it->ndrivers ? it->drivers[0].dimension : "total",
                            it->ndrivers ? it->drivers[0].value : "all"};

        for (int k = 0; k < 4; k++)
            pd_buf_pg_array_add(&arr[k], v[k]);
    }
    for (int k = 0; k < 4; k++) {
        pd_buf_pg_array_end(&arr[k]);
        params[2 + k] = arr[k].buf;
    }
    res = pd_db_exec_resource(conn, "reports/sql/attention_evidence.sql", 6,
                              params, err);
    for (int k = 0; k < 4; k++)
        pd_buf_release(&arr[k]);
    return res;
}

/* ", \"evidence\": [...]": item number's texts of ev (evidence_read()),
 * redacted as the PM handoff redacts them (transform/redact.h). */
static void
evidence_json(const PGresult *ev, size_t number, struct pd_redact *rd,
              struct pd_buf *out)
{
    struct pd_buf t = PD_BUF_INIT;
    int k = 0;

    pd_buf_addstr(out, ", \"evidence\": [");
    for (int i = 0; i < PQntuples(ev); i++) {
        const char *s = PQgetvalue(ev, i, 1);
        struct pd_err ignored;

        if (strtoull(PQgetvalue(ev, i, 0), NULL, 10) != number)
            continue;
        pd_buf_reset(&t);
        /* Fail closed: a text we cannot redact is left out. */
        if (pd_redact_text(rd, s, strlen(s), &t, &ignored) < 0)
            continue;
        pd_buf_addstr(out, k++ ? ", " : "");
        pd_json_str(out, t.buf);
    }
    pd_buf_addstr(out, "]");
    pd_buf_release(&t);
}

/* Item number (from 1) it, its evidence from ev (evidence_read()). */
static void
item_json(const struct pd_att_item *it, size_t number, const PGresult *ev,
          struct pd_redact *rd, struct pd_buf *out)
{
    const struct pd_att_judgement *j = &it->j;
    bool up = j->change > 0;
    struct pd_buf s = PD_BUF_INIT;

    headline(it, &s);
    pd_buf_addstr(out, "{\"metric\": ");
    pd_json_str(out, it->family->metric);
    pd_buf_addstr(out, ", \"dimension\": ");
    pd_json_str(out, it->dimension);
    pd_buf_addstr(out, ", \"value\": ");
    pd_json_str(out, it->value);
    if (it->name) {
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, it->name);
    }
    pd_buf_addstr(out, ", \"headline\": ");
    pd_json_str(out, s.buf);
    pd_buf_release(&s);
    pd_buf_addstr(out, ",\n     ");
    jnum(out, "this_week", j->this_week);
    pd_buf_addstr(out, ", ");
    jnum(out, "baseline", j->baseline);
    pd_buf_addstr(out, ", ");
    jnum(out, "change", j->change);
    pd_buf_addstr(out, ", ");
    jnum(out, "spread", j->spread);
    pd_buf_addf(out, ", \"range\": [%.17g, %.17g], \"weeks\": %zu, ", j->lo,
                j->hi, j->weeks);
    jnum(out, "count", j->count);
    pd_buf_addstr(out, ", ");
    jnum(out, "score", j->score);
    pd_buf_addf(out, ", \"direction\": \"%s\", \"noise\": \"%s\"",
                up == it->family->higher_is_good ? "good" : "bad",
                noise_name(it->family->kind));
    if (it->family->kind == PD_ATT_RATE || it->family->kind == PD_ATT_NPS) {
        pd_buf_addstr(out, ", ");
        jnum(out, "mix", it->mix);
        pd_buf_addstr(out, ", ");
        jnum(out, "rate", it->rate);
    }
    pd_buf_addstr(out, ",\n     ");
    drivers_json(it, out);
    evidence_json(ev, number, rd, out);
    pd_buf_addstr(out, "}");
}

/* SPEC §6 "As of": "data_through": {"tickets": "2026-11-29", ...} as of
 * the week's end, from d. */
static void
data_through(const struct pd_att_dates *d, struct pd_buf *out)
{
    static const char *const names[3] = {"tickets", "nps", "usage"};

    pd_buf_addstr(out, ",\n  \"data_through\": {");
    for (int i = 0; i < 3; i++) {
        int64_t y;
        unsigned m, day;

        pd_buf_addf(out, "%s\"%s\": ", i ? ", " : "", names[i]);
        if (d->through[i] < 0) {
            pd_buf_addstr(out, "null");
            continue;
        }
        pd_civil_from_days(d->through[i], &y, &m, &day);
        pd_buf_addf(out, "\"%04lld-%02u-%02u\"", (long long)y, m, day);
    }
    pd_buf_addstr(out, "}");
}

/* "inside_noise": the headlines that moved but stayed inside their range. */
static void
inside_noise(const struct pd_att_family *fams, size_t n, struct pd_buf *out)
{
    size_t k = 0;

    pd_buf_addstr(out, ",\n  \"inside_noise\": [");
    for (size_t i = 0; i < n; i++) {
        struct pd_att_judgement j;
        if (fams[i].first_dim_only)
            continue; /* no headline: adoption is per event */
        pd_attention_judge(&fams[i], -1, NULL, &j);
        if (!j.usable || !j.enough || j.outside || j.change == 0)
            continue;
        pd_buf_addstr(out, k++ ? ", {\"metric\": " : "{\"metric\": ");
        pd_json_str(out, fams[i].metric);
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", j.this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", j.baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "change", j.change);
        pd_buf_addf(out, ", \"range\": [%.17g, %.17g]}", j.lo, j.hi);
    }
    pd_buf_addstr(out, "]");
}

/* Issue 14: "the accounts whose usage fell most, with their health and
 * ARR": every account's active users against its baseline, the largest
 * falls by |change| / spread (the Poisson range of the engine), at most
 * PD_ATT_MAXITEM; health is the document's accounts[] (the summary joins
 * them by account_id). */
static void
usage_falls(const struct pd_att_family *f, struct pd_buf *out)
{
    struct pd_att_fall falls[PD_ATT_MAXITEM];
    size_t n = f ? pd_attention_falls(f, falls, PD_ATT_MAXITEM) : 0;

    pd_buf_addstr(out, ",\n  \"usage_falls\": [");
    for (size_t k = 0; k < n; k++) {
        const struct pd_att_fall *x = &falls[k];
        pd_buf_addstr(out, k ? ",\n    {\"account_id\": "
                             : "\n    {\"account_id\": ");
        pd_json_str(out, x->account_id);
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, x->name);
        pd_buf_addstr(out, ", ");
        jnum(out, "arr", x->arr >= 0 ? x->arr : NAN);
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", x->j.this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", x->j.baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "change", x->j.change);
        pd_buf_addstr(out, ", ");
        jnum(out, "spread", x->j.spread);
        pd_buf_addf(out, ", \"inside_noise\": %s}",
                    x->j.outside ? "false" : "true");
    }
    pd_buf_addstr(out, "]");
}

/* SPEC §10: the baseline weeks left out are named, per family:
 * "left_out": {"tickets_created": ["2026-W32"], ...}. */
static void
left_out(const struct pd_att_family *fams, size_t n, struct pd_buf *out)
{
    pd_buf_addstr(out, ",\n  \"left_out\": {");
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        pd_buf_addf(out, "%s\"%s\": [", i ? ", " : "", fams[i].metric);
        for (int w = 1; w < PD_ATT_WEEKS; w++)
            if (!fams[i].covered[w] && fams[i].week_label[w]) {
                pd_buf_addstr(out, k++ ? ", " : "");
                pd_json_str(out, fams[i].week_label[w]);
            }
        pd_buf_addstr(out, "]");
    }
    pd_buf_addstr(out, "}");
}

/* The weekly families' trends: the report week and the 12 before it. */
enum { TREND_WEEKS = 13 };
_Static_assert(TREND_WEEKS <= PD_ATT_WEEKS, "the trend's weeks are read");

/* What pd_attention_end() found, for pd_attention_write(). */
struct pd_attention {
    struct pd_att_run *run; /* until pd_attention_end() */
    struct pd_att_week wk;
    struct pd_att_item items[PD_ATT_MAXITEM];
    size_t n;
};

struct pd_attention *
pd_attention_begin(const struct pd_period *p, const struct pd_hygiene *h,
                   size_t after, pd_att_dates_fn *dates_of,
                   struct pd_report_stmt *st, size_t *nst)
{
    struct pd_attention *a = pd_xcalloc(1, sizeof(*a));

    a->run = pd_attention_facts_begin(p, h, after, dates_of, &a->wk, st, nst);
    return a;
}

void
pd_attention_end(struct pd_attention *a, PGresult **res, struct pd_buf *out)
{
    pd_attention_facts_end(a->run, res, &a->wk);
    a->run = NULL;
    if (!res)
        return;
    data_through(&a->wk.dates, out);
    a->n = pd_attention_rank(a->wk.fams, a->wk.nfams, a->items, PD_ATT_MAXITEM);
}

int
pd_attention_write(PGconn *conn, const struct pd_period *p,
                   const struct pd_attention *a, struct pd_buf *out,
                   struct pd_err *err)
{
    struct pd_redact *rd = pd_redact_new(err);
    PGresult *ev;

    if (!rd)
        return -1;
    ev = evidence_read(conn, p, a->items, a->n, err);
    if (!ev) {
        pd_redact_free(rd);
        return -1;
    }
    pd_buf_addstr(out, ",\n  \"attention\": [");
    for (size_t i = 0; i < a->n; i++) {
        pd_buf_addstr(out, i ? ",\n    " : "\n    ");
        item_json(&a->items[i], i + 1, ev, rd, out);
    }
    pd_buf_addstr(out, "]");
    PQclear(ev);
    inside_noise(a->wk.fams, a->wk.nfams, out);
    left_out(a->wk.fams, a->wk.nfams, out);
    usage_falls(pd_attention_facts_family(&a->wk, "active_users"), out);
    pd_redact_free(rd);
    return 0;
}

int
pd_attention_trend_json(const struct pd_attention *a, const char *family,
                        struct pd_buf *out)
{
    bool tickets = strcmp(family, "tickets") == 0;
    const struct pd_att_family *f = pd_attention_facts_family(
        &a->wk, tickets ? "tickets_created" : "active_users");
    size_t first[PD_ATT_WEEKS], second[PD_ATT_WEEKS];

    if (!f || (!tickets && strcmp(family, "usage") != 0) ||
        !pd_attention_facts_week_counts(
            &a->wk, tickets ? PD_ATT_TICKETS_CREATED : PD_ATT_ACTIVE_USERS,
            first) ||
        (tickets && !pd_attention_facts_week_counts(
                        &a->wk, PD_ATT_TICKETS_SOLVED, second)))
        return -1;
    for (int w = TREND_WEEKS - 1; w >= 0; w--)
        if (!f->week_label[w])
            return -1;
    /* As the query's json_agg(json_build_object(...)) wrote it. */
    pd_buf_addstr(out, "[");
    for (int w = TREND_WEEKS - 1; w >= 0; w--) {
        pd_buf_addstr(out,
                      w < TREND_WEEKS - 1 ? ", {\"week\" : " : "{\"week\" : ");
        pd_json_str(out, f->week_label[w]);
        if (tickets)
            pd_buf_addf(out,
                        ", \"tickets_created\" : %zu, \"tickets_solved\" : "
                        "%zu}",
                        first[w], second[w]);
        else
            pd_buf_addf(out, ", \"active_users\" : %zu}", first[w]);
    }
    pd_buf_addstr(out, "]");
    return 0;
}

void
pd_attention_free(struct pd_attention *a)
{
    if (!a)
        return;
    if (a->run)
        pd_attention_facts_end(a->run, NULL, &a->wk);
    pd_attention_facts_release(&a->wk);
    free(a);
}
