/*
 * attention_users - the facts of SPEC §10's usage families (active users
 * per week and account, adoption per week, event and plan x segment x
 * region cell) made here from the rows of reports/sql/attention_users.sql:
 * one per week and active user with the user's account, one per user, day
 * and event.
 *
 * The server made both families itself, in two statements: each grouped
 * the user days of 14 weeks into active users (~0.8 s at the bench
 * warehouse's 20 M events), and adoption then sorted 1.8 M user-event days
 * into 0.9 M distinct (week, user, event) and those by five text columns,
 * on disk (3-5 s, the longest statement of the weekly report; issue 15).
 * Now the server sends the rows as its rollups have them, and the distinct
 * and the counts are two hash tables here.
 *
 * Facts, as the two queries gave them (pd_attention_facts_from_result()
 * reads the same shape):
 * - active users: one per week and account (no account: its own fact,
 *   every cell 'unknown', named 'unknown'), n the week's active users of
 *   it, the account's plan, segment, region, name and ARR; a week without
 *   users has one fact of n 0 with those of no account;
 * - adoption: per week, one per active cell (the users' accounts' plan,
 *   segment and region, 'unknown' for a user without a known account) and
 *   event (each event that has a user in some week and is not in [usage]
 *   ignore_events), n the cell's active users and promoters those of them
 *   with the event that week (0 without); a week without active users has
 *   one fact of n 0, every dimension NULL; with active users but no event
 *   at all, one per cell without an event.
 *
 * Ownership: struct pd_att_users owns the rows read, the strings and the
 * facts; the facts' strings live until pd_attention_users_free().
 * Errors: pd_attention_users_row() fails (PD_E_DB) on a row of an unknown
 * kind, a week outside the 14, an id that is not an integer, an event
 * whose name has no name row, or a column count not the statement's,
 * rather than leave a user or an event out.
 * Limits: memory is ~24 bytes per active user and week, ~32 per distinct
 * (week, user, event) until the last row, when the facts are made and
 * the rows freed (~40 MB at 20 M events a quarter).
 */
#ifndef PD_ATTENTION_USERS_H
#define PD_ATTENTION_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "load/db_rows.h"
#include "reports/attention_judge.h"

struct pd_att_users;

/* What a family makes of the usage rows. */
enum pd_att_users_out {
    PD_ATT_USERS_ACTIVE,   /* active users per week and account */
    PD_ATT_USERS_ADOPTION, /* adoption per week, event and cell */
    PD_ATT_USERS_NOUT
};

/* An empty stream that will make the facts of each output whose bit
 * (1u << out) is set in outs. */
struct pd_att_users *pd_attention_users_new(unsigned outs);

/* A pd_db_row_fn (load/db_rows.h) taking one row of attention_users.sql, in
 * any order: a week (its number, coverage and label), an account (its id,
 * plan, segment, region, name and ARR), an event name (its id, text and
 * whether it is ignored), an active user of a week (week, person id,
 * account id or NULL) or a user's event of a day (week, person id, name
 * id).  row NULL: the rows ended, the facts are made and the rows freed.
 * 0, or -1 with *err. */
int pd_attention_users_row(const struct pd_db_row *row, void *users,
                           struct pd_err *err);

/* The facts of out (which must have been asked for) made after the last
 * row, their count in *n; covered[] and label[] the weeks'. */
const struct pd_att_fact *pd_attention_users_facts(
    const struct pd_att_users *u, enum pd_att_users_out out, size_t *n,
    bool covered[PD_ATT_WEEKS], const char *label[PD_ATT_WEEKS]);

/* The active users of week (0 the report week). */
size_t pd_attention_users_active(const struct pd_att_users *u, int week);

/* Free everything; NULL is fine. */
void pd_attention_users_free(struct pd_att_users *u);

#endif
