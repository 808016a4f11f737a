-- SPEC §10 attention, CSAT: the tickets solved (solved_time, migration
-- 005) in the report week ending at $1 and in the 13 ISO weeks before it
-- (zone $2) and rated (satisfaction good or bad), per week and
-- combination of the tickets' dimensions (as attention_tickets.sql), n
-- the rated and the promoters column the good ones: csat_pct = 100 good /
-- rated (SPEC §6).  $3: the tickets' data_through; covered and the last
-- column as in attention_tickets.sql.
WITH w AS (
    SELECT (14 - row_number() OVER (ORDER BY start))::int AS i, label, start,
           stop, first_day, last_day
      FROM prodops.report_weeks($1::timestamptz, $2, 14)
), f AS (
    SELECT (min(created_at) AT TIME ZONE $2)::date AS first_day
      FROM prodops.tickets
)
SELECT w.i,
       coalesce(f.first_day <= w.first_day
                AND $3::date >= w.last_day - 1, false) AS covered,
       coalesce(t.product_area, 'unknown'), coalesce(t.themes[1], 'none'),
       coalesce(t.channel, 'unknown'), coalesce(t.priority, 'unknown'),
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), t.account_id,
       coalesce(a.name, t.account_id, 'unknown'), a.arr::float8,
       count(t.satisfaction)::float8 AS n,
       count(*) FILTER (WHERE t.satisfaction = 'good')::float8 AS good,
       0::float8, w.label
  FROM w CROSS JOIN f
  LEFT JOIN prodops.tickets t
         ON t.solved_time >= w.start AND t.solved_time < w.stop
        AND t.satisfaction IN ('good', 'bad')
  LEFT JOIN prodops.accounts a ON a.account_id = t.account_id
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
