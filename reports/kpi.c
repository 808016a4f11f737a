#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/doc.h"

const struct pd_kpi pd_weekly_kpis[] = {
    {"Tickets created", "tickets", "tickets_created", PD_FMT_COUNT,
     PD_BETTER_LOWER, false, NULL},
    {"Tickets solved", "tickets", "tickets_solved", PD_FMT_COUNT,
     PD_BETTER_HIGHER, false, NULL},
    {"Backlog at week end", "tickets", "backlog_end", PD_FMT_COUNT,
     PD_BETTER_LOWER, false, NULL},
    {"First reply, median", "tickets", "first_reply_hours_median", PD_FMT_HOURS,
     PD_BETTER_LOWER, false, NULL},
    {"First reply, p90", "tickets", "first_reply_hours_p90", PD_FMT_HOURS,
     PD_BETTER_LOWER, false, NULL},
    {"Resolution, median", "tickets", "resolution_hours_median", PD_FMT_HOURS,
     PD_BETTER_LOWER, false, NULL},
    {"Resolution, p90", "tickets", "resolution_hours_p90", PD_FMT_HOURS,
     PD_BETTER_LOWER, false, NULL},
    {"CSAT", "tickets", "csat_pct", PD_FMT_PCT, PD_BETTER_HIGHER, false, NULL},
    {"Reopen rate", "tickets", "reopen_rate_pct", PD_FMT_PCT, PD_BETTER_LOWER,
     false, NULL},
    /* SPEC §6 "Support operations"; business hours and SLA need their
     * configuration. */
    {"First reply (business), median", "tickets",
     "first_reply_business_hours_median", PD_FMT_HOURS, PD_BETTER_LOWER, true,
     NULL},
    {"First reply (business), p90", "tickets", "first_reply_business_hours_p90",
     PD_FMT_HOURS, PD_BETTER_LOWER, true, NULL},
    {"Resolution (business), median", "tickets",
     "resolution_business_hours_median", PD_FMT_HOURS, PD_BETTER_LOWER, true,
     NULL},
    {"Resolution (business), p90", "tickets", "resolution_business_hours_p90",
     PD_FMT_HOURS, PD_BETTER_LOWER, true, NULL},
    {"SLA breach rate", "tickets", "sla_breach_pct", PD_FMT_PCT,
     PD_BETTER_LOWER, true, NULL},
    {"Backlog age, median", "tickets", "backlog_age_median_days", PD_FMT_DAYS,
     PD_BETTER_LOWER, false, NULL},
    {"Backlog older than 7 days", "tickets", "backlog_older_7d", PD_FMT_COUNT,
     PD_BETTER_LOWER, false, NULL},
    {"One-touch resolution", "tickets", "one_touch_pct", PD_FMT_PCT,
     PD_BETTER_HIGHER, false, NULL},
    {"NPS", "nps", "nps", PD_FMT_NPS, PD_BETTER_HIGHER, false, "nps_moe95"},
    {"NPS responses", "nps", "responses", PD_FMT_COUNT, PD_BETTER_NEITHER,
     false, NULL},
    {"Active users", "usage", "active_users", PD_FMT_COUNT, PD_BETTER_HIGHER,
     false, NULL},
    {"DAU, average", "usage", "dau_avg", PD_FMT_DEC, PD_BETTER_HIGHER, false,
     NULL},
    {"MAU", "usage", "mau", PD_FMT_COUNT, PD_BETTER_HIGHER, false, NULL},
    {"Stickiness (DAU/MAU)", "usage", "stickiness", PD_FMT_SHARE,
     PD_BETTER_HIGHER, false, NULL},
};
const size_t pd_weekly_nkpis =
    sizeof(pd_weekly_kpis) / sizeof(pd_weekly_kpis[0]);

/* The metrics of SPEC §6 that are no headline but that an OKR may name
 * (reports/okr.c's list), so that no renderer shows a raw id. */
static const struct pd_kpi others[] = {
    {"NPS promoters", "nps", "promoters", PD_FMT_COUNT, PD_BETTER_HIGHER, false,
     NULL},
    {"NPS passives", "nps", "passives", PD_FMT_COUNT, PD_BETTER_NEITHER, false,
     NULL},
    {"NPS detractors", "nps", "detractors", PD_FMT_COUNT, PD_BETTER_LOWER,
     false, NULL},
    {"NPS margin of error (95 %)", "nps", "nps_moe95", PD_FMT_DEC,
     PD_BETTER_LOWER, false, NULL},
    {"Events", "usage", "events", PD_FMT_COUNT, PD_BETTER_HIGHER, false, NULL},
    {"Weekly active users", "usage", "wau", PD_FMT_COUNT, PD_BETTER_HIGHER,
     false, NULL},
    {"Red accounts", "accounts", "red_accounts", PD_FMT_COUNT, PD_BETTER_LOWER,
     false, NULL},
    /* "Needs attention"'s adoption of one event, in percent. */
    {"Adoption", "usage", "adoption_pct", PD_FMT_PCT, PD_BETTER_HIGHER, false,
     NULL},
};
enum { NOTHERS = sizeof(others) / sizeof(others[0]) };

/* Indexed by enum pd_kpi_format; see the contract in kpi.h. */
static const struct pd_kpi_style styles[] = {
    [PD_FMT_COUNT] = {0, "", 0, "", 1, "#,##0", "+#,##0;-#,##0;0"},
    [PD_FMT_HOURS] = {1, " h", 1, " h", 1, "#,##0.0\" h\"",
                      "+#,##0.0\" h\";-#,##0.0\" h\";0.0\" h\""},
    [PD_FMT_PCT] = {1, " %", 1, " pts", 1, "0.0\" %\"",
                    "+0.0\" pts\";-0.0\" pts\";0.0\" pts\""},
    [PD_FMT_SHARE] = {1, " %", 1, " pts", 100, "0.0%",
                      "+0.0\" pts\";-0.0\" pts\";0.0\" pts\""},
    [PD_FMT_NPS] = {0, "", 1, "", 1, "0", "+0.0;-0.0;0.0"},
    [PD_FMT_DEC] = {1, "", 1, "", 1, "#,##0.0", "+#,##0.0;-#,##0.0;0.0"},
    [PD_FMT_DAYS] = {1, " d", 1, " d", 1, "#,##0.0\" d\"",
                     "+#,##0.0\" d\";-#,##0.0\" d\";0.0\" d\""},
};

const struct pd_kpi_style *
pd_kpi_style_of(enum pd_kpi_format f)
{
    return &styles[f];
}

const struct pd_kpi *
pd_kpi_find(const char *metric)
{
    for (size_t i = 0; i < pd_weekly_nkpis; i++)
        if (strcmp(pd_weekly_kpis[i].key, metric) == 0)
            return &pd_weekly_kpis[i];
    for (size_t i = 0; i < NOTHERS; i++)
        if (strcmp(others[i].key, metric) == 0)
            return &others[i];
    return NULL;
}

void
pd_kpi_label(const char *metric, char *buf, size_t n)
{
    const struct pd_kpi *k = pd_kpi_find(metric);

    if (k)
        snprintf(buf, n, "%s", k->label);
    else if (strncmp(metric, "adoption:", 9) == 0)
        snprintf(buf, n, "Adoption of %s", metric + 9);
    else
        snprintf(buf, n, "%s", metric);
}

enum pd_kpi_format
pd_kpi_format_of(const char *metric)
{
    const struct pd_kpi *k = pd_kpi_find(metric);

    if (k)
        return k->format;
    return strncmp(metric, "adoption:", 9) == 0 ? PD_FMT_SHARE : PD_FMT_COUNT;
}

bool
pd_kpi_shown(const struct pd_kpi *k, const struct pd_kpi_value *v)
{
    return !k->optional || v->has || v->has_prev;
}

void
pd_kpi_read(const struct pd_kpi *k, const struct pd_doc *doc,
            struct pd_kpi_value *v)
{
    yajl_val root = doc->root;
    char path[96];

    snprintf(path, sizeof(path), "%s.%s", k->family, k->key);
    v->has = pd_doc_num(root, path, &v->cur);
    snprintf(path, sizeof(path), "%s_previous.%s", k->family, k->key);
    v->has_prev = pd_doc_num(root, path, &v->prev);
    v->has_moe = v->has_moe_prev = false;
    if (!k->moe_key)
        return;
    snprintf(path, sizeof(path), "%s.%s", k->family, k->moe_key);
    v->has_moe = pd_doc_num(root, path, &v->moe);
    snprintf(path, sizeof(path), "%s_previous.%s", k->family, k->moe_key);
    v->has_moe_prev = pd_doc_num(root, path, &v->moe_prev);
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
    const struct pd_kpi_style *y = &styles[f];
    char num[32];

    if (!has) {
        snprintf(buf, n, "\u2013");
        return;
    }
    if (f == PD_FMT_COUNT)
        thousands(llround(pd_kpi_round(v, 0)), num, sizeof(num));
    else
        snprintf(num, sizeof(num), "%.*f", y->decimals,
                 pd_kpi_round(y->scale * v, y->decimals));
    snprintf(buf, n, "%s%s", num, y->unit);
}

void
pd_kpi_cut_notice(size_t shown, size_t total, char *buf, size_t n)
{
    char a[32], b[32];

    pd_kpi_show(PD_FMT_COUNT, true, (double)shown, a, sizeof(a));
    pd_kpi_show(PD_FMT_COUNT, true, (double)total, b, sizeof(b));
    snprintf(buf, n, "%s of %s rows", a, b);
}

void
pd_kpi_show_value(const struct pd_kpi *k, const struct pd_kpi_value *v,
                  bool prev, char *buf, size_t n)
{
    const struct pd_kpi_style *y = &styles[k->format];
    bool has = prev ? v->has_prev : v->has;
    bool has_moe = prev ? v->has_moe_prev : v->has_moe;
    size_t len;

    pd_kpi_show(k->format, has, prev ? v->prev : v->cur, buf, n);
    len = strlen(buf);
    if (has && has_moe && len < n)
        snprintf(buf + len, n - len, " \u00b1 %.*f", y->decimals,
                 pd_kpi_round(y->scale * (prev ? v->moe_prev : v->moe),
                              y->decimals));
}

bool
pd_kpi_delta(const struct pd_kpi *k, const struct pd_kpi_value *v, double *d)
{
    const struct pd_kpi_style *y = &styles[k->format];
    int cd = y->change_decimals;

    if (!v->has || !v->has_prev)
        return false;
    /* Rounded again: the difference of two rounded doubles carries binary
     * noise (80.3 - 80.0 = 0.29999...). */
    *d = pd_kpi_round(pd_kpi_round(y->scale * v->cur, cd) -
                          pd_kpi_round(y->scale * v->prev, cd),
                      cd);
    return true;
}

/* "+1.5", "-0.5", "0.0": signed unless zero. */
static void
signed_num(double d, int decimals, char *buf, size_t n)
{
    snprintf(buf, n, d == 0 ? "%.*f" : "%+.*f", decimals, d);
}

int
pd_kpi_change(const struct pd_kpi *k, const struct pd_kpi_value *v, char *buf,
              size_t n)
{
    const struct pd_kpi_style *y = &styles[k->format];
    char num[32], rel[32];
    double d;
    int sense;

    if (!pd_kpi_delta(k, v, &d)) {
        snprintf(buf, n, "\u2013");
        return 0;
    }
    signed_num(d, y->change_decimals, num, sizeof(num));
    /* Counts and plain numbers also say the relative change. */
    if ((k->format == PD_FMT_COUNT || k->format == PD_FMT_DEC) &&
        v->prev != 0) {
        signed_num(pd_kpi_round(100 * (v->cur - v->prev) / v->prev, 1), 1, rel,
                   sizeof(rel));
        snprintf(buf, n, "%s (%s %%)", num, rel);
    } else
        snprintf(buf, n, "%s%s", num, y->change_unit);
    if (d == 0 || k->better == PD_BETTER_NEITHER)
        return 0;
    sense = d > 0 ? 1 : -1;
    return k->better == PD_BETTER_HIGHER ? sense : -sense;
}
