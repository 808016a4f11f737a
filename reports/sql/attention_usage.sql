-- SPEC §10 attention, usage: the active users of the report week ending
-- at $1 and of the 13 ISO weeks before it (zone $2), per week and
-- account with its plan, segment and region (a user's account is the one
-- its events name; one with none is in no account cell but in the
-- total).  $3: usage's data_through, $4 its first day
-- (data_through.sql); the weeks and their coverage are
-- attention_weeks() (migration 013), the first day being the rollup's
-- first.  The columns match attention_tickets.sql's, '-' in the four
-- that are not usage dimensions.  Every event makes its user active:
-- [usage] ignore_events applies to attention_adoption.sql only (SPEC §6).
-- Users are counted by person_id (migration 023) and a local day's week
-- is arithmetic, (the report week's end - 1 - day) / 7, as in
-- attention_adoption.sql: joined to the weeks by range, the user days
-- were rescanned 14 times (issue 15).
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), u AS (
    -- One row per week and user: a user is active once a week.
    SELECT (($1::timestamptz AT TIME ZONE $2)::date - 1 - d.day) / 7 AS i, d.person_id,
                   max(d.account_id) AS account_id
      FROM prodops.usage_person_days(($1::timestamptz AT TIME ZONE $2)::date - 98,
                       ($1::timestamptz AT TIME ZONE $2)::date, $2) d
     GROUP BY 1, 2
)
SELECT w.i, w.covered,
       '-', '-', '-', '-',
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), u.account_id,
       coalesce(a.name, u.account_id, 'unknown'), a.arr::float8,
       count(u.person_id)::float8 AS n, 0::float8, 0::float8, w.label
  FROM w
  LEFT JOIN u ON u.i = w.i
  LEFT JOIN prodops.accounts a ON a.account_id = u.account_id
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, w.label
 ORDER BY 1;
