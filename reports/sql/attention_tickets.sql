-- SPEC §10 attention, tickets: the tickets created in the report week
-- ending at $1 (timestamptz) and in each of the 13 ISO weeks before it,
-- in zone $2, counted per cell of every breakdown at once (one row per
-- week and combination; reports/attention.c adds up the marginals and the
-- cross-splits of the drivers).  $3: the tickets' data_through (a date,
-- NULL without data).  w is 0 for the report week, 1-13 before it;
-- covered is false for a week the data does not cover completely (before
-- the first ticket's day, or past data_through), which the baseline
-- leaves out and the JSON names (the last column is the week's label).
-- An empty week still has one row (n = 0).  A ticket without an account
-- is in no account cell.  The theme is the ticket's first one: a ticket
-- counts once in every dimension.
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
       count(t.created_at)::float8 AS n, 0::float8, 0::float8, w.label
  FROM w CROSS JOIN f
  LEFT JOIN prodops.tickets t
         ON t.created_at >= w.start AND t.created_at < w.stop
  LEFT JOIN prodops.accounts a ON a.account_id = t.account_id
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
