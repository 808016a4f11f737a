/*
 * attention_stream - the facts of SPEC §10's ticket families made here
 * from one row per ticket, streamed from reports/sql/attention_tickets.sql
 * (one statement for the three time axes).
 *
 * Each ticket row says where the ticket falls on each time axis: the
 * week it was created in gives the ticket counts and the first reply
 * median, the week it was solved in CSAT, the reopen rate and the
 * resolution median, the weeks it is open at the end of the backlog.
 * The server grouped each family itself, one read of the same tickets
 * per family, then one per axis (issue 15: six reads, then three, of 14
 * weeks of the wide tickets table, for the weekly report's 10 s goal).
 *
 * Two shapes of facts:
 * - combinations (the counts and the rates, which the judge adds up over
 *   cells): one fact per week and combination of product area, theme,
 *   channel, priority and account, with the account's plan, segment,
 *   region, name and ARR, as a GROUP BY of those five would give; a week
 *   without any has one fact of n 0, every dimension NULL;
 * - levels (a median or the backlog, which do not add up): one fact per
 *   week and cell of each dimension and per week (the total), the value
 *   in promoters.  Medians are PostgreSQL's percentile_cont(0.5) in float8
 *   to the bit (linear interpolation, lo + 0.5 * (hi - lo)): the tickets
 *   are sorted by hours once, and each cell's median is picked from that
 *   order.  A ticket without an account is in no account cell.
 *
 * Ownership: struct pd_att_stream owns the rows read, the strings and the
 * facts it makes; the facts' strings live until pd_attention_stream_free().
 * Errors: pd_attention_stream_row() fails (PD_E_DB) on a row of an unknown
 * kind, a week outside the 14, hours, ARR, bits or open weeks that do not
 * parse, an account row without an account, or a row whose column count
 * is not the statement's, rather than leave a ticket out.
 * Limits: memory is ~64 bytes per ticket and axis it falls on (per open
 * week for the backlog) until the last row, when the facts are made and
 * the rows freed; the facts are ~one per week and combination (or cell)
 * of each output.
 */
#ifndef PD_ATTENTION_STREAM_H
#define PD_ATTENTION_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "load/db_rows.h"
#include "reports/attention_judge.h"

struct pd_att_stream;

/* What a family makes of a stream's tickets. */
enum pd_att_out {
    PD_ATT_OUT_TICKETS, /* combinations: n tickets */
    PD_ATT_OUT_CSAT,    /* combinations: n rated, promoters rated good */
    PD_ATT_OUT_REOPEN,  /* combinations: n reported, promoters reopened */
    PD_ATT_OUT_MEDIAN,  /* levels: the median hours of the tickets with hours */
    PD_ATT_OUT_COUNT,   /* levels: n tickets, also the value */
    PD_ATT_NOUT
};

/* The time axes of a ticket (attention_tickets.sql). */
enum pd_att_axis {
    PD_ATT_AXIS_CREATED, /* the week it was created in */
    PD_ATT_AXIS_SOLVED,  /* the week it was solved in */
    PD_ATT_AXIS_OPEN,    /* each week it is open at the end of */
    PD_ATT_NAXES
};

/* The bit of wants (pd_attention_stream_new()) asking for out's facts of
 * the tickets on axis. */
#define PD_ATT_WANT(axis, out) \
    (1u << ((unsigned)(axis)*PD_ATT_NOUT + (unsigned)(out)))

/* The bits of a ticket row's solved axis (attention_tickets.sql). */
enum {
    PD_ATT_RATED = 1,
    PD_ATT_GOOD = 2,
    PD_ATT_REPORTED = 4,
    PD_ATT_REOPENED = 8
};

/* An empty stream that will make the facts of each axis and output
 * whose bit (PD_ATT_WANT()) is set in wants. */
struct pd_att_stream *pd_attention_stream_new(unsigned wants);

/* A pd_db_row_fn (load/db_rows.h) taking one row of the statement, in any
 * order: a week row (kind 0: the week's number, coverage and label), an
 * account row (kind 1: its plan, segment, region, id, name and ARR) or a
 * ticket row (kind 2: its own four cells, its account id, its created
 * week and first reply hours, solved week, resolution hours and bits,
 * the first and last week it is open at the end of; NULL for none).
 * row NULL: the rows ended; each
 * ticket takes its account's cells, name and ARR ('unknown' cells, its
 * account id as the name, no ARR for an account without a row; 'unknown'
 * for all but ARR without an account), the facts are made and the rows
 * freed.  0, or -1 with *err. */
int pd_attention_stream_row(const struct pd_db_row *row, void *stream,
                            struct pd_err *err);

/* The facts of out of the tickets on axis (which must have been asked
 * for) made after the last row, their count in *n; covered[] and label[]
 * the weeks'. */
const struct pd_att_fact *pd_attention_stream_facts(
    const struct pd_att_stream *s, enum pd_att_axis axis, enum pd_att_out out,
    size_t *n, bool covered[PD_ATT_WEEKS], const char *label[PD_ATT_WEEKS]);

/* The tickets of week (0 the report week) on axis: created in it, solved
 * in it, or open at its end. */
size_t pd_attention_stream_week_rows(const struct pd_att_stream *s,
                                     enum pd_att_axis axis, int week);

/* Free everything; NULL is fine. */
void pd_attention_stream_free(struct pd_att_stream *s);

#endif
