-- SPEC §10 attention, the rates of solved tickets (solved_time, migration
-- 005), per week of the report week ending at $1 and the 13 ISO weeks
-- before it (zone $2) and combination of the tickets' cells (as
-- attention_tickets.sql), n the tickets the rate is over and the
-- promoters column those counted for it.  $5 picks the rate (SPEC §6):
--   csat:   csat_pct, the rated (satisfaction good or bad) and the good;
--   reopen: reopen_rate_pct, those whose export reports reopens (reopens
--           IS NOT NULL: Freshdesk and Jira exports have no such column)
--           and the reopened.
-- Both are binomial rates whose change reports/attention_judge.c splits
-- into mix and rate.  $3: the tickets' data_through, $4 their first
-- day (data_through.sql).
-- Grouped by the ticket's own cells and its account, the account's
-- plan, segment, region, name and ARR taken after (min), as
-- attention_tickets.sql.  Issue 15, 1 M tickets: 1.4-3.3 s on a loaded
-- 2-core machine with a covering index since left out (migration 023
-- says why), 4.6 and 6.6 s before.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), c AS (
    SELECT w.i, t.product_area, t.theme, t.channel, t.priority,
           min(t.plan) AS plan, min(t.segment) AS segment,
           min(t.region) AS region, t.account_id,
           min(t.account_name) AS account_name, min(t.arr) AS arr,
           count(t.solved_time) AS n,
           count(*) FILTER (WHERE CASE $5::text WHEN 'csat'
                                       THEN t.satisfaction = 'good'
                                       ELSE t.reopens > 0 END) AS counted
      FROM w JOIN prodops.attention_tickets t
        ON t.solved_time >= w.start AND t.solved_time < w.stop
       AND CASE $5::text WHEN 'csat'
                THEN t.satisfaction IN ('good', 'bad')
                ELSE t.reopens IS NOT NULL END
     GROUP BY w.i, t.product_area, t.theme, t.channel, t.priority,
              t.account_id
)
SELECT w.i, w.covered, c.product_area, c.theme, c.channel, c.priority,
       c.plan, c.segment, c.region, c.account_id, c.account_name, c.arr,
       coalesce(c.n, 0)::float8 AS n, coalesce(c.counted, 0)::float8,
       0::float8, w.label
  FROM w LEFT JOIN c ON c.i = w.i
 ORDER BY 1;
