-- SPEC §10 attention, the rates of solved tickets (solved_time, migration
-- 005), per week of the report week ending at $1 and the 13 ISO weeks
-- before it (zone $2) and combination of the tickets' cells (as
-- attention_tickets.sql), n the tickets the rate is over and the
-- promoters column those counted for it, both rates from one read of the
-- tickets, each row tagged (the last column) with its rate (SPEC §6):
--   csat:   csat_pct, the rated (satisfaction good or bad) and the good;
--   reopen: reopen_rate_pct, those whose export reports reopens (reopens
--           IS NOT NULL: Freshdesk and Jira exports have no such column)
--           and the reopened.
-- A rate's rows are the combinations with tickets it counts, and a week
-- without any has its total row (n = 0), as when each rate was a query
-- of its own: two reads of the same tickets, 2.1 and 2.4 s of backend CPU
-- at 1 M tickets (issue 15).
-- Both are binomial rates whose change reports/attention_judge.c splits
-- into mix and rate.  $3: the tickets' data_through, $4 their first
-- day (data_through.sql).
-- Grouped by the ticket's own cells and its account, the account's
-- plan, segment, region, name and ARR taken after (min), as
-- attention_tickets.sql.
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
           count(*) FILTER (WHERE t.satisfaction IN ('good', 'bad'))
               AS rated,
           count(*) FILTER (WHERE t.satisfaction = 'good') AS good,
           count(*) FILTER (WHERE t.reopens IS NOT NULL) AS reported,
           count(*) FILTER (WHERE t.reopens > 0) AS reopened
      FROM w JOIN prodops.attention_tickets t
        ON t.solved_time >= w.start AND t.solved_time < w.stop
       AND (t.satisfaction IN ('good', 'bad') OR t.reopens IS NOT NULL)
     GROUP BY w.i, t.product_area, t.theme, t.channel, t.priority,
              t.account_id
)
SELECT w.i, w.covered, c.product_area, c.theme, c.channel, c.priority,
       c.plan, c.segment, c.region, c.account_id, c.account_name, c.arr,
       coalesce(c.rated, 0)::float8 AS n, coalesce(c.good, 0)::float8,
       0::float8, w.label, 'csat' AS rate
  FROM w LEFT JOIN c ON c.i = w.i AND c.rated > 0
UNION ALL
SELECT w.i, w.covered, c.product_area, c.theme, c.channel, c.priority,
       c.plan, c.segment, c.region, c.account_id, c.account_name, c.arr,
       coalesce(c.reported, 0)::float8, coalesce(c.reopened, 0)::float8,
       0::float8, w.label, 'reopen'
  FROM w LEFT JOIN c ON c.i = w.i AND c.reported > 0
 ORDER BY 1;
