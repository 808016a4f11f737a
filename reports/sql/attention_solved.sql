-- SPEC §10 attention, the rates of solved tickets (solved_time, migration
-- 005), per week of the report week ending at $1 and the 13 ISO weeks
-- before it (zone $2) and combination of the tickets' cells (as
-- attention_tickets.sql), n the tickets the rate is over and the
-- promoters column those counted for it.  $4 picks the rate (SPEC §6):
--   csat:   csat_pct, the rated (satisfaction good or bad) and the good;
--   reopen: reopen_rate_pct, those whose export reports reopens (reopens
--           IS NOT NULL: Freshdesk and Jira exports have no such column)
--           and the reopened.
-- Both are binomial rates whose change reports/attention_judge.c splits
-- into mix and rate.  $3: the tickets' data_through.
SELECT w.i, w.covered, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       count(t.solved_time)::float8 AS n,
       count(*) FILTER (WHERE CASE $4::text WHEN 'csat'
                                   THEN t.satisfaction = 'good'
                                   ELSE t.reopens > 0 END)::float8,
       0::float8, w.label
  FROM prodops.attention_weeks(
           $1::timestamptz, $2,
           (SELECT (min(created_at) AT TIME ZONE $2)::date
              FROM prodops.tickets), $3::date) w
  LEFT JOIN prodops.attention_tickets t
         ON t.solved_time >= w.start AND t.solved_time < w.stop
        AND CASE $4::text WHEN 'csat'
                 THEN t.satisfaction IN ('good', 'bad')
                 ELSE t.reopens IS NOT NULL END
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
