-- SPEC §10 attention, tickets: the tickets created in the report week
-- ending at $1 (timestamptz) and in each of the 13 ISO weeks before it,
-- in zone $2, counted per cell of every breakdown at once (one row per
-- week and combination; reports/attention_judge.c adds up the marginals
-- and the cross-splits of the drivers).  $3: the tickets' data_through (a
-- date, NULL without data), $4 their first day (data_through.sql).  The
-- weeks and their coverage are attention_weeks(), the tickets' cells
-- attention_tickets (migration 013).  An empty week still has one row (n = 0, its cells NULL).
-- Grouped by the ticket's own cells and its account: plan, segment,
-- region, name and ARR follow from the account, so they are taken after
-- (min) rather than grouped by -- 6 narrow keys where 12 text keys
-- sorted 570 k wide rows on disk.  Issue 15, 1 M tickets: 3.0-6.0 s on a
-- loaded 2-core machine (load average 5-8) with a covering index since
-- left out (migration 023 says why), 7.8 s before.
-- (SELECT $4): the first day as a sub-select, as the scan of the tickets
-- it replaces was: with a plain parameter the planner inlines
-- attention_weeks(), and its estimates then pick other plans (here a
-- nested loop over all the tickets: 1.1 -> 1.5 s at a fifth of the report
-- bench warehouse) and other row orders within a week, which the judge's
-- tie-breaks read.
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), c AS (
    SELECT w.i, t.product_area, t.theme,
           t.channel, t.priority,
           min(t.plan) AS plan, min(t.segment) AS segment,
           min(t.region) AS region, t.account_id,
           min(t.account_name) AS account_name, min(t.arr) AS arr,
           count(*) AS n
      FROM w JOIN prodops.attention_tickets t
        ON t.created_at >= w.start AND t.created_at < w.stop
     GROUP BY w.i, t.product_area, t.theme,
              t.channel, t.priority,
              t.account_id
)
SELECT w.i, w.covered, c.product_area, c.theme, c.channel, c.priority,
       c.plan, c.segment, c.region, c.account_id, c.account_name, c.arr,
       coalesce(c.n, 0)::float8 AS n, 0::float8, 0::float8, w.label
  FROM w LEFT JOIN c ON c.i = w.i
 ORDER BY 1;
