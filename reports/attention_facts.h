/*
 * attention_facts - the facts of SPEC §10's metric families read from the
 * warehouse: one query per family (reports/sql/attention_<family>.sql),
 * its rows turned into struct pd_att_fact for attention_judge.h.
 *
 * The families table (metric, query, kind, good direction, minimum count,
 * dimensions) lives here: adding a family is a row and a query, and it
 * flows through ranking, the JSON and the renderers unchanged.
 *
 * Ownership: struct pd_att_week owns the query results, the ticket
 * streams (reports/attention_stream.h, attention_users.h) and the fact
 * arrays; every string of a
 * fact borrows from them and lives until pd_attention_facts_release().
 * The caller owns the struct itself.
 * Errors: the statements' errors are their run's (reports/snapshot.h);
 * pd_attention_facts_end() of a failed run releases what was read
 * (release is still safe).
 * Limits: every query runs in the caller's snapshot, among the caller's
 * own statements (pd_report_snapshot_run(): two at once on connections
 * sharing the snapshot); the facts of a family are as many
 * as its query's rows (~one per week and combination of dimension
 * values; a level's, one per week and cell).
 */
#ifndef PD_ATTENTION_FACTS_H
#define PD_ATTENTION_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "reports/attention_judge.h"
#include "reports/hygiene.h"
#include "reports/period.h"
#include "reports/snapshot.h"

#define PD_ATT_MAXFAM 16

struct pg_conn;
struct pg_result;
struct pd_att_stream;
struct pd_att_users;

/* Whose data_through (reports/sql/data_through.sql's rows) a family's
 * coverage follows. */
enum pd_att_source { PD_ATT_SRC_TICKETS, PD_ATT_SRC_NPS, PD_ATT_SRC_USAGE };

/* SPEC §6 "As of": each family's data_through and the first day of its
 * data, tickets, NPS and usage (enum pd_att_source's order), as day
 * numbers (days since 1970-01-01; -1: no data), as
 * reports/sql/data_through.sql has them (the weekly report reads them
 * with its quality line, weekly_quality.sql). */
struct pd_att_dates {
    int64_t through[3], first[3];
};

/* Every family of one report week, in the families table's order. */
struct pd_att_week {
    struct pd_att_dates dates; /* the ones its statements were sent with */
    struct pd_att_family fams[PD_ATT_MAXFAM];
    size_t nfams;
    struct pg_result *res[PD_ATT_MAXFAM];
    struct pd_att_fact *facts[PD_ATT_MAXFAM];
    /* A ticket statement's rows grouped (the facts' strings), at its
     * first family's index. */
    struct pd_att_stream *streams[PD_ATT_MAXFAM];
    /* The usage statement's rows grouped, likewise. */
    struct pd_att_users *users[PD_ATT_MAXFAM];
};

/* The dates of a run from the result of the statement it waits on:
 * d filled, 0; or -1 with *err. */
typedef int pd_att_dates_fn(const struct pg_result *res, struct pd_att_dates *d,
                            struct pd_err *err);

/* The families' statements for the week of p, to run among the caller's
 * own in one pd_report_snapshot_run() (the weekly report runs them
 * beside its families, issue 15): at most PD_ATT_MAXSTMT written to st,
 * *nst their count (the longest first), each sent once the
 * caller's statement `after` has ended (pd_report_stmt.after: 1 + its
 * index, which must come before st's place in the caller's array).
 * dates_of(its result) gives the dates they are sent with when the
 * first of them is, and wk->dates keeps them.  h: the [usage]
 * ignore_events left out of adoption (NULL: none).  The rows fill wk as
 * they arrive; wk and the run are the run's until
 * pd_attention_facts_end(). */
enum { PD_ATT_MAXSTMT = 4 };
struct pd_att_run;
struct pd_att_run *
pd_attention_facts_begin(const struct pd_period *p, const struct pd_hygiene *h,
                         size_t after, pd_att_dates_fn *dates_of,
                         struct pd_att_week *wk, struct pd_report_stmt *st,
                         size_t *nst);

/* After the run: res its statements' results in st's order, taken over,
 * and every family's facts made in wk; res NULL (the run failed): what
 * wk read is released.  Frees run. */
void pd_attention_facts_end(struct pd_att_run *run, struct pg_result **res,
                            struct pd_att_week *wk);

/* The facts of the family whose headline key is metric
 * ("tickets_created") from a result with the columns of the families read
 * as results (attention_nps.sql's), as pd_attention_facts_end() reads
 * those (in a report a ticket family's facts come from
 * reports/attention_stream.h; read this way they follow the same order
 * rule): f and facts (PQntuples(res) + 1 entries, the caller's) filled,
 * strings borrowed from res, the facts in one order (week, then each
 * dimension's value, NULL first, then the rest of the row) whatever the
 * order of the rows within a week.  0, or -1 when no family has that
 * metric. */
int pd_attention_facts_from_result(const struct pg_result *res,
                                   const char *metric, struct pd_att_family *f,
                                   struct pd_att_fact *facts);

/* Free the results and facts; wk zeroed, safe on a zeroed struct. */
void pd_attention_facts_release(struct pd_att_week *wk);

/* Per report week (0 the report week, PD_ATT_WEEKS of them), what the
 * streams counted while reading: the tickets created in it, solved in it,
 * or its active users (the weekly families' 13-week trends, issue 15).
 * false when wk has no such stream. */
enum pd_att_count {
    PD_ATT_TICKETS_CREATED,
    PD_ATT_TICKETS_SOLVED,
    PD_ATT_ACTIVE_USERS
};
bool pd_attention_facts_week_counts(const struct pd_att_week *wk,
                                    enum pd_att_count what,
                                    size_t n[PD_ATT_WEEKS]);

/* The family of metric in wk, or NULL. */
const struct pd_att_family *
pd_attention_facts_family(const struct pd_att_week *wk, const char *metric);

#endif
