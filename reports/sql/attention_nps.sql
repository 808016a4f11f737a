-- SPEC §10 attention, NPS: the responses of the report week ending at $1
-- and of the 13 ISO weeks before it (zone $2), per week and combination
-- of survey, plan, segment, region and account, with promoters and
-- detractors, so that reports/attention_judge.c computes any cell's NPS,
-- its margin of error (SPEC §6) and the mix/rate split.  $3: the
-- responses' data_through, $4 their first day (data_through.sql); the
-- weeks and their coverage are attention_weeks() (migration 013).  The
-- columns match attention_tickets.sql's: survey and first theme in the
-- first two dimension columns, '-' in the two that are not NPS
-- dimensions.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
-- Issue 15: grouped by the account's id, its cells and name are joined to
-- the 6 k groups, not to each of 270 k responses; grouped by every text
-- column at once, the responses were sorted on disk (1.4 s, 0.75 s now).
-- Ordered as that grouping was.
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), x AS (
    SELECT w.i, coalesce(r.survey, 'unknown') AS survey,
           coalesce(r.themes[1], 'none') AS theme, r.account_id,
           count(r.score) AS n,
           count(*) FILTER (WHERE r.score >= 9) AS promoters,
           count(*) FILTER (WHERE r.score <= 6) AS detractors
      FROM w
      JOIN prodops.nps_responses r
        ON r.responded_at >= w.start AND r.responded_at < w.stop
     GROUP BY 1, 2, 3, 4
)
SELECT w.i, w.covered,
       coalesce(x.survey, 'unknown'), coalesce(x.theme, 'none'),
       '-', '-',
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), x.account_id,
       coalesce(a.name, x.account_id, 'unknown'), a.arr::float8,
       coalesce(x.n, 0)::float8 AS n,
       coalesce(x.promoters, 0)::float8 AS promoters,
       coalesce(x.detractors, 0)::float8 AS detractors, w.label
  FROM w
  LEFT JOIN x ON x.i = w.i
  LEFT JOIN prodops.accounts a ON a.account_id = x.account_id
 ORDER BY 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 16;
