-- SPEC §10 attention, the tickets solved (solved_time, migration 005) in
-- the report week ending at $1 and in each of the 13 ISO weeks before it
-- (zone $2): one row per week (i, covered, label; every other column
-- NULL), then one per ticket (covered and label NULL) with its week, its
-- cells (attention_tickets), account name, ARR, resolution hours
-- (solved_time - created_at) and what the rates count of it, bits of the
-- last column: 1 rated (satisfaction good or bad), 2 rated good, 4 its
-- export reports reopens (reopens IS NOT NULL: Freshdesk and Jira exports
-- have no such column), 8 reopened.  reports/attention_stream.c groups
-- them into three families (SPEC §6): csat_pct and reopen_rate_pct per
-- week and combination of cells, resolution_hours_median per week and
-- cell.  $3: the tickets' data_through, $4 their first day
-- (data_through.sql).
-- Issue 15: the two rates grouped by the server (2.4 s at 1 M tickets,
-- itself one read for both) and the resolution hours sent per ticket
-- (1.8 s) were two reads of the same tickets; one read now serves all
-- three.
-- (SELECT $4): see attention_created.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
)
-- covered NOT NULL marks a week row (the stream reads NULL as false).
SELECT w.i, coalesce(w.covered, false), w.label, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::float8, NULL::float8, NULL::int
  FROM w
UNION ALL
SELECT w.i, NULL, NULL, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       extract(epoch FROM t.solved_time - t.created_at)::float8 / 3600,
       CASE t.satisfaction WHEN 'good' THEN 3 WHEN 'bad' THEN 1 ELSE 0 END
       + CASE WHEN t.reopens > 0 THEN 12
              WHEN t.reopens IS NOT NULL THEN 4 ELSE 0 END
  FROM w JOIN prodops.attention_tickets t
    ON t.solved_time >= w.start AND t.solved_time < w.stop;
