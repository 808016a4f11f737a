/*
 * kpi - the headline numbers of the weekly report: where each lives in the
 * JSON document, how it is shown, and which direction is good, so that the
 * workbook and the summaries show the same figures the same way.
 *
 * Ownership: static tables; values are plain data.
 * Errors: none.
 * Limits: display rounding only; the JSON keeps full precision.
 */
#ifndef PD_KPI_H
#define PD_KPI_H

#include <stdbool.h>
#include <stddef.h>
#include <yajl/yajl_tree.h>

enum pd_better { PD_BETTER_HIGHER, PD_BETTER_LOWER, PD_BETTER_NEITHER };
enum pd_kpi_format {
    PD_FMT_COUNT, /* 1,234 */
    PD_FMT_HOURS, /* 2.6 h */
    PD_FMT_PCT,   /* 87.8 % (the value is a percentage) */
    PD_FMT_SHARE, /* 44.3 % (the value is a 0-1 share) */
    PD_FMT_NPS,   /* an integer, half away from zero (SPEC §6) */
    PD_FMT_DEC,   /* 359.7 */
    PD_FMT_DAYS   /* 4.5 d */
};

struct pd_kpi {
    const char *label;
    const char *family; /* "tickets": the previous week is "tickets_previous" */
    const char *key;
    enum pd_kpi_format format;
    enum pd_better better;
    /* Needs configuration ([business_hours], [sla]): the headline tables
     * leave it out when neither week has a value. */
    bool optional;
};

/* The metric catalogue: every headline of the weekly report, in the
 * order the tables show them.  Also what the summary's rules read. */
extern const struct pd_kpi pd_weekly_kpis[];
extern const size_t pd_weekly_nkpis;

struct pd_kpi_value {
    bool has, has_prev;
    double cur, prev;
};

void pd_kpi_read(const struct pd_kpi *k, yajl_val root, struct pd_kpi_value *v);

/* Does a headline table show k?  Not an optional one without values. */
bool pd_kpi_shown(const struct pd_kpi *k, const struct pd_kpi_value *v);

/* How a metric of SPEC §6 (a key of the metric families, adoption:<event>
 * or red_accounts) is shown: as its headline when it is one, else a share
 * for adoption, one decimal for the margin of error, a count otherwise. */
enum pd_kpi_format pd_kpi_format_of(const char *metric);

/* v rounded to decimals places by SPEC §6's rule: half away from zero on
 * exact decimals (92.5 -> 93, -0.25 -> -0.3 at one place).  A double
 * holds most decimals approximately (4.3 is 4.29999...), so a value within
 * a relative 1e-12 of a tie counts as the tie it stands for; printf's
 * "%.0f" would round the binary value half to even instead (92.5 -> 92). */
double pd_kpi_round(double v, int decimals);

/* The value as shown ("2.6 h"); an en dash when there is none. */
void pd_kpi_show(enum pd_kpi_format f, bool has, double v, char *buf, size_t n);

/* The week-over-week change as shown ("+12 (+2.1 %)", "+3.2 pts"), and
 * its sense: 1 good, -1 bad, 0 no change, none, or no good direction. */
int pd_kpi_change(const struct pd_kpi *k, const struct pd_kpi_value *v,
                  char *buf, size_t n);

#endif
