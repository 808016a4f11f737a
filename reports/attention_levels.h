/*
 * attention_levels - SPEC §10's levels per week and cell (the medians of
 * first reply and resolution hours, the backlog) computed here from one
 * row per ticket, streamed from reports/sql/attention_levels.sql.
 *
 * Why not the server: a level does not add up over cells, so the server
 * computed it per cell in nine grouping sets, re-sorting every ticket
 * row for each and feeding every row nine percentile sorts: 3.5-5.5 s of
 * backend CPU per median at 1 M tickets, against 1.2-1.7 s to send the
 * rows.  Here the tickets are sorted by hours once, and each cell's
 * median is picked from that order (issue 15).  The values are the
 * server's: PostgreSQL's percentile_cont(0.5) in float8 (linear
 * interpolation, lo + 0.5 * (hi - lo)), the count as n, the greatest
 * account name and ARR of the cell.
 *
 * Ownership: struct pd_att_levels owns the rows read, the strings and
 * the facts it makes; the facts' strings live until
 * pd_attention_levels_free().
 * Errors: pd_attention_levels_row() fails (PD_E_DB) on a row whose week
 * is outside the 14 or whose hours do not parse, rather than leave it
 * out of a median.
 * Limits: memory is ~56 bytes per ticket row of one level, plus its
 * distinct strings; the facts are ~one per week and cell.
 */
#ifndef PD_ATTENTION_LEVELS_H
#define PD_ATTENTION_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "reports/attention_judge.h"

struct pg_result;
struct pd_att_levels;

/* An empty level: count true for the backlog (its value is n), false
 * for a median of the rows' hours. */
struct pd_att_levels *pd_attention_levels_new(bool count);

/* A pd_db_row_fn (load/db.h) taking one row of
 * reports/sql/attention_levels.sql: a week row (covered not NULL: the
 * week's number, coverage and label) or a ticket row (its week, cells,
 * account name, ARR and hours).  row NULL: the rows ended, the facts
 * are made.  0, or -1 with *err. */
int pd_attention_levels_row(const struct pg_result *row, void *levels,
                            struct pd_err *err);

/* The facts made after the last row: one per week (the total, every
 * dimension NULL; n 0 and value 0 for a week without tickets) and one
 * per week and value of each dimension (only that dimension set; the
 * account's only where the ticket has one), the value in promoters;
 * their count in *n.  covered[] and label[] the weeks'. */
const struct pd_att_fact *
pd_attention_levels_facts(const struct pd_att_levels *lv, size_t *n,
                          bool covered[PD_ATT_WEEKS],
                          const char *label[PD_ATT_WEEKS]);

/* Free everything; NULL is fine. */
void pd_attention_levels_free(struct pd_att_levels *lv);

#endif
