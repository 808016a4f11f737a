-- SPEC §10 attention, tickets: the tickets created in the report week
-- ending at $1 (timestamptz) and in each of the 13 ISO weeks before it,
-- in zone $2, counted per cell of every breakdown at once (one row per
-- week and combination; reports/attention_judge.c adds up the marginals
-- and the cross-splits of the drivers).  $3: the tickets' data_through (a
-- date, NULL without data).  The weeks and their coverage are
-- attention_weeks(), the tickets' cells attention_tickets (migration
-- 013).  An empty week still has one row (n = 0, its cells NULL).
SELECT w.i, w.covered, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       count(t.created_at)::float8 AS n, 0::float8, 0::float8, w.label
  FROM prodops.attention_weeks(
           $1::timestamptz, $2,
           (SELECT (min(created_at) AT TIME ZONE $2)::date
              FROM prodops.tickets), $3::date) w
  LEFT JOIN prodops.attention_tickets t
         ON t.created_at >= w.start AND t.created_at < w.stop
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
