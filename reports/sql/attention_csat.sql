-- SPEC §10 attention, CSAT: the tickets solved (solved_time, migration
-- 005) in the report week ending at $1 and in the 13 ISO weeks before it
-- (zone $2) and rated (satisfaction good or bad), per week and
-- combination of the tickets' cells (as attention_tickets.sql), n the
-- rated and the promoters column the good ones: csat_pct = 100 good /
-- rated (SPEC §6).  $3: the tickets' data_through.
SELECT w.i, w.covered, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       count(t.satisfaction)::float8 AS n,
       count(*) FILTER (WHERE t.satisfaction = 'good')::float8 AS good,
       0::float8, w.label
  FROM prodops.attention_weeks(
           $1::timestamptz, $2,
           (SELECT (min(created_at) AT TIME ZONE $2)::date
              FROM prodops.tickets), $3::date) w
  LEFT JOIN prodops.attention_tickets t
         ON t.solved_time >= w.start AND t.solved_time < w.stop
        AND t.satisfaction IN ('good', 'bad')
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
