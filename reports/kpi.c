#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/doc.h"

const struct pd_kpi pd_weekly_kpis[] = {
    {"Tickets created", "tickets", "tickets_created", PD_FMT_COUNT,
     PD_BETTER_LOWER, false},
    {"Tickets solved", "tickets", "tickets_solved", PD_FMT_COUNT,
     PD_BETTER_HIGHER, false},
    {"Backlog at week end", "tickets", "backlog_end", PD_FMT_COUNT,
     PD_BETTER_LOWER, false},
    {"First reply, median", "tickets", "first_reply_hours_median", PD_FMT_HOURS,
     PD_BETTER_LOWER, false},
    {"First reply, p90", "tickets", "first_reply_hours_p90", PD_FMT_HOURS,
     PD_BETTER_LOWER, false},
    {"Resolution, median", "tickets", "resolution_hours_median", PD_FMT_HOURS,
     PD_BETTER_LOWER, false},
    {"Resolution, p90", "tickets", "resolution_hours_p90", PD_FMT_HOURS,
     PD_BETTER_LOWER, false},
    {"CSAT", "tickets", "csat_pct", PD_FMT_PCT, PD_BETTER_HIGHER, false},
    {"Reopen rate", "tickets", "reopen_rate_pct", PD_FMT_PCT, PD_BETTER_LOWER,
     false},
    /* SPEC §6 "Support operations"; business hours and SLA need their
     * configuration. */
    {"First reply (business), median", "tickets",
     "first_reply_business_hours_median", PD_FMT_HOURS, PD_BETTER_LOWER, true},
    {"First reply (business), p90", "tickets", "first_reply_business_hours_p90",
     PD_FMT_HOURS, PD_BETTER_LOWER, true},
    {"Resolution (business), median", "tickets",
     "resolution_business_hours_median", PD_FMT_HOURS, PD_BETTER_LOWER, true},
    {"Resolution (business), p90", "tickets", "resolution_business_hours_p90",
     PD_FMT_HOURS, PD_BETTER_LOWER, true},
    {"SLA breach rate", "tickets", "sla_breach_pct", PD_FMT_PCT,
     PD_BETTER_LOWER, true},
    {"Backlog age, median", "tickets", "backlog_age_median_days", PD_FMT_DAYS,
     PD_BETTER_LOWER, false},
    {"Backlog older than 7 days", "tickets", "backlog_older_7d", PD_FMT_COUNT,
     PD_BETTER_LOWER, false},
    {"One-touch resolution", "tickets", "one_touch_pct", PD_FMT_PCT,
     PD_BETTER_HIGHER, false},
    {"NPS", "nps", "nps", PD_FMT_NPS, PD_BETTER_HIGHER, false},
    {"NPS responses", "nps", "responses", PD_FMT_COUNT, PD_BETTER_NEITHER,
     false},
    {"Active users", "usage", "active_users", PD_FMT_COUNT, PD_BETTER_HIGHER,
     false},
    {"DAU, average", "usage", "dau_avg", PD_FMT_DEC, PD_BETTER_HIGHER, false},
    {"MAU", "usage", "mau", PD_FMT_COUNT, PD_BETTER_HIGHER, false},
    {"Stickiness (DAU/MAU)", "usage", "stickiness", PD_FMT_SHARE,
     PD_BETTER_HIGHER, false},
};
const size_t pd_weekly_nkpis =
    sizeof(pd_weekly_kpis) / sizeof(pd_weekly_kpis[0]);

enum pd_kpi_format
pd_kpi_format_of(const char *metric)
{
    for (size_t i = 0; i < pd_weekly_nkpis; i++)
        if (strcmp(pd_weekly_kpis[i].key, metric) == 0)
            return pd_weekly_kpis[i].format;
    if (strncmp(metric, "adoption:", 9) == 0)
        return PD_FMT_SHARE;
    if (strcmp(metric, "nps_moe95") == 0)
        return PD_FMT_DEC;
    return PD_FMT_COUNT;
}

bool
pd_kpi_shown(const struct pd_kpi *k, const struct pd_kpi_value *v)
{
    return !k->optional || v->has || v->has_prev;
}

void
pd_kpi_read(const struct pd_kpi *k, yajl_val root, struct pd_kpi_value *v)
{
    char path[96];

    snprintf(path, sizeof(path), "%s.%s", k->family, k->key);
    v->has = pd_doc_num(root, path, &v->cur);
    snprintf(path, sizeof(path), "%s_previous.%s", k->family, k->key);
    v->has_prev = pd_doc_num(root, path, &v->prev);
}

double
pd_kpi_round(double v, int decimals)
{
    double scale = pow(10, decimals), s = v * scale, f = floor(s);
    double tol = 1e-12 * fmax(1, fabs(s));

    if (!isfinite(s))
        return v;
    /* + 0.0: a negative value that rounds to zero shows as 0, not -0. */
    if (fabs(s - f - 0.5) <= tol) /* a tie: away from zero */
        return (s < 0 ? f : f + 1) / scale + 0.0;
    return round(s) / scale + 0.0;
}

/* 1234567 -> "1,234,567". */
static void
thousands(long long v, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof(digits), "%lld", v < 0 ? -v : v);
    size_t o = 0;

    if (v < 0 && o + 1 < n)
        buf[o++] = '-';
    for (int i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 1 < n)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void
pd_kpi_show(enum pd_kpi_format f, bool has, double v, char *buf, size_t n)
{
    if (!has) {
        snprintf(buf, n, "\u2013");
        return;
    }
    switch (f) {
    case PD_FMT_COUNT:
        thousands(llround(pd_kpi_round(v, 0)), buf, n);
        break;
    case PD_FMT_HOURS:
        snprintf(buf, n, "%.1f h", pd_kpi_round(v, 1));
        break;
    case PD_FMT_PCT:
        snprintf(buf, n, "%.1f %%", pd_kpi_round(v, 1));
        break;
    case PD_FMT_SHARE:
        snprintf(buf, n, "%.1f %%", pd_kpi_round(100 * v, 1));
        break;
    case PD_FMT_NPS:
        /* SPEC §6: an integer, half away from zero. */
        snprintf(buf, n, "%.0f", pd_kpi_round(v, 0));
        break;
    case PD_FMT_DEC:
        snprintf(buf, n, "%.1f", pd_kpi_round(v, 1));
        break;
    case PD_FMT_DAYS:
        snprintf(buf, n, "%.1f d", v);
        break;
    }
}

int
pd_kpi_change(const struct pd_kpi *k, const struct pd_kpi_value *v, char *buf,
              size_t n)
{
    double d;
    int sense;

    if (!v->has || !v->has_prev) {
        snprintf(buf, n, "\u2013");
        return 0;
    }
    /* NPS is shown as an integer: its change is that of the shown values. */
    d = k->format == PD_FMT_NPS
            ? pd_kpi_round(v->cur, 0) - pd_kpi_round(v->prev, 0)
            : v->cur - v->prev;
    switch (k->format) {
    case PD_FMT_PCT:
        snprintf(buf, n, "%+.1f pts", pd_kpi_round(d, 1));
        break;
    case PD_FMT_SHARE:
        snprintf(buf, n, "%+.1f pts", pd_kpi_round(100 * d, 1));
        break;
    case PD_FMT_NPS:
        snprintf(buf, n, "%+.0f", d);
        break;
    case PD_FMT_HOURS:
        snprintf(buf, n, "%+.1f h", pd_kpi_round(d, 1));
        break;
    case PD_FMT_DAYS:
        snprintf(buf, n, "%+.1f d", d);
        break;
    case PD_FMT_DEC:
    case PD_FMT_COUNT:
        if (v->prev != 0)
            snprintf(buf, n,
                     k->format == PD_FMT_DEC ? "%+.1f (%+.1f %%)"
                                             : "%+.0f (%+.1f %%)",
                     pd_kpi_round(d, k->format == PD_FMT_DEC),
                     pd_kpi_round(100 * d / v->prev, 1));
        else
            snprintf(buf, n, k->format == PD_FMT_DEC ? "%+.1f" : "%+.0f",
                     pd_kpi_round(d, k->format == PD_FMT_DEC));
        break;
    }
    if (fabs(d) < 1e-9 || k->better == PD_BETTER_NEITHER)
        return 0;
    sense = d > 0 ? 1 : -1;
    return k->better == PD_BETTER_HIGHER ? sense : -sense;
}
