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
SELECT w.i, w.covered,
       coalesce(r.survey, 'unknown'), coalesce(r.themes[1], 'none'),
       '-', '-',
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), r.account_id,
       coalesce(a.name, r.account_id, 'unknown'), a.arr::float8,
       count(r.score)::float8 AS n,
       count(*) FILTER (WHERE r.score >= 9)::float8 AS promoters,
       count(*) FILTER (WHERE r.score <= 6)::float8 AS detractors, w.label
  FROM prodops.attention_weeks(
           $1::timestamptz, $2,
           (SELECT $4::date), $3::date) w
  LEFT JOIN prodops.nps_responses r
         ON r.responded_at >= w.start AND r.responded_at < w.stop
  LEFT JOIN prodops.accounts a ON a.account_id = r.account_id
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
