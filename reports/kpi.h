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

struct pd_doc; /* reports/doc.h */

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

/*
 * How each format is shown, the one table every renderer reads: decimals
 * of the value, its unit, the change's decimals and unit, the factor from
 * the stored value to the shown one (a 0-1 share is shown x 100), and the
 * Excel number formats of the value and of the change (in shown units).
 *
 * The change rule: both values are rounded (pd_kpi_round) to the change's
 * decimals and the change is their difference, so it is what a reader gets
 * subtracting the figures at that precision; it is signed "+" or "-" (ASCII
 * hyphen-minus everywhere, also in the workbook), and a change that rounds
 * to zero shows unsigned ("0.0 pts"), never "+0" or "-0".  Change decimals
 * equal the value's except for NPS: SPEC §6 shows NPS as an integer, yet a
 * move from 17.3 to 16.8 is real, so its change has one decimal ("-0.5")
 * while the two values read 17 and 17.  NPS carries its 95 % margin of
 * error, shown to the same integer: "17 ± 9".
 */
struct pd_kpi_style {
    int decimals;
    const char *unit; /* after the number: " h", " %", "" */
    int change_decimals;
    const char *change_unit; /* " pts" for percentages and shares */
    double scale;            /* stored -> shown */
    const char *xlsx_num, *xlsx_change;
};

/* The style of format f. */
const struct pd_kpi_style *pd_kpi_style_of(enum pd_kpi_format f);

struct pd_kpi {
    const char *label;
    const char *family; /* "tickets": the previous week is "tickets_previous" */
    const char *key;
    enum pd_kpi_format format;
    enum pd_better better;
    /* Needs configuration ([business_hours], [sla]): the headline tables
     * leave it out when neither week has a value. */
    bool optional;
    /* A margin of error shown beside the value ("17 ± 9"), key of the
     * same family; NULL for none. */
    const char *moe_key;
};

/* The metric catalogue: every headline of the weekly report, in the
 * order the tables show them.  Also what the summary's rules read. */
extern const struct pd_kpi pd_weekly_kpis[];
extern const size_t pd_weekly_nkpis;

struct pd_kpi_value {
    bool has, has_prev;
    double cur, prev;
    bool has_moe, has_moe_prev; /* k->moe_key's values */
    double moe, moe_prev;
};

void pd_kpi_read(const struct pd_kpi *k, const struct pd_doc *doc,
                 struct pd_kpi_value *v);

/* Does a headline table show k?  Not an optional one without values. */
bool pd_kpi_shown(const struct pd_kpi *k, const struct pd_kpi_value *v);

/* The catalogue entry of a metric of SPEC §6 (a key of the metric
 * families, adoption:<event>, red_accounts): a headline or one of the
 * other metrics an OKR may name; NULL for adoption and unknown names. */
const struct pd_kpi *pd_kpi_find(const char *metric);

/* The human label of a metric ("Weekly active users", "Adoption of
 * Report Created"); the id itself only for a name the catalogue lacks.
 * Truncated to n. */
void pd_kpi_label(const char *metric, char *buf, size_t n);

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

/* SPEC §7's notice of a cut table, "20 of 4,312 rows": both counts as
 * the catalogue shows a count (PD_FMT_COUNT's thousands separator).
 * Truncated to n. */
void pd_kpi_cut_notice(size_t shown, size_t total, char *buf, size_t n);

/* This week's (prev false) or last week's value of k as shown, with its
 * margin of error when k has one ("17 ± 9"). */
void pd_kpi_show_value(const struct pd_kpi *k, const struct pd_kpi_value *v,
                       bool prev, char *buf, size_t n);

/* The change of v by the rule above, in shown units (a share's change in
 * points); false when either value is missing. */
bool pd_kpi_delta(const struct pd_kpi *k, const struct pd_kpi_value *v,
                  double *d);

/* The week-over-week change as shown ("+12 (+2.1 %)", "+3.2 pts"), and
 * its sense: 1 good, -1 bad, 0 no change, none, or no good direction. */
int pd_kpi_change(const struct pd_kpi *k, const struct pd_kpi_value *v,
                  char *buf, size_t n);

#endif
