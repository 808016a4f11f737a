-- SPEC §10 attention, reopen rate: the tickets solved in the report week
-- ending at $1 and in the 13 ISO weeks before it (zone $2) whose export
-- reports reopens (reopens IS NOT NULL: Freshdesk and Jira exports have
-- no such column, SPEC §6), per week and combination of the tickets'
-- cells (as attention_tickets.sql), n those tickets and the promoters
-- column the reopened ones: reopen_rate_pct = 100 reopened / n, a
-- binomial rate whose change reports/attention_judge.c splits into mix
-- and rate.  $3: the tickets' data_through.
SELECT w.i, w.covered, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       count(t.reopens)::float8 AS n,
       count(*) FILTER (WHERE t.reopens > 0)::float8 AS reopened,
       0::float8, w.label
  FROM prodops.attention_weeks(
           $1::timestamptz, $2,
           (SELECT (min(created_at) AT TIME ZONE $2)::date
              FROM prodops.tickets), $3::date) w
  LEFT JOIN prodops.attention_tickets t
         ON t.solved_time >= w.start AND t.solved_time < w.stop
        AND t.reopens IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
