-- SPEC §10 attention, adoption per event (SPEC §6 adoption(e) = users of
-- event e / active users), the usage "event" dimension: per week, event
-- and plan x segment x region cell, n the cell's active users and the
-- promoters column those with the event, so that summing a week's rows
-- of one event gives its adoption and the cells split a change into mix
-- and rate.  Every event of the 14 weeks has a row in every active cell
-- of every week (0 users when nobody used it).  $5: [usage]
-- ignore_events (text[]), left out here only: an ignored event still
-- makes its user active (hygiene.h).  $1 the report week's end, $2 the
-- zone, $3 usage's data_through, $4 its first day (data_through.sql).
-- Columns as attention_tickets.sql's: event first, '-' where usage has
-- no dimension, no account.
-- Users are counted by person_id and events by name_id (migration 023),
-- and a local day's week is arithmetic, (the report week's end - 1 -
-- day) / 7, the weeks being 7 local days back from $1: joined to the
-- weeks by range, the user days were rescanned 14 times and 1.5 M event
-- days sorted by their text keys on disk (issue 15).  20 M events, on a
-- loaded 2-core machine: 10-13 s, 19.3 s before.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), u AS (
    -- One row per week and active user with the cell of its account.
    SELECT x.i, x.person_id, coalesce(a.plan, 'unknown') AS plan,
           coalesce(a.segment, 'unknown') AS segment,
           coalesce(a.region, 'unknown') AS region
      FROM (SELECT (($1::timestamptz AT TIME ZONE $2)::date - 1 - d.day) / 7 AS i, d.person_id,
                   max(d.account_id) AS account_id
              FROM prodops.usage_person_days(($1::timestamptz AT TIME ZONE $2)::date - 98,
                       ($1::timestamptz AT TIME ZONE $2)::date, $2) d
             GROUP BY 1, 2) x
      LEFT JOIN prodops.accounts a ON a.account_id = x.account_id
), active AS (
    SELECT i, plan, segment, region, count(*) AS n
      FROM u GROUP BY 1, 2, 3, 4
), ev AS (
    -- Each user's events of each week, once.
    SELECT DISTINCT (($1::timestamptz AT TIME ZONE $2)::date - 1 - d.day) / 7 AS i,
           d.person_id, d.name_id
      FROM prodops.usage_person_events(($1::timestamptz AT TIME ZONE $2)::date - 98,
                       ($1::timestamptz AT TIME ZONE $2)::date, $2) d
), e AS (
    -- Users of each event per week and cell.
    SELECT u.i, n.event_name, u.plan, u.segment, u.region,
           count(*) AS users
      FROM ev
      JOIN u ON u.i = ev.i AND u.person_id = ev.person_id
      JOIN prodops.usage_names n ON n.name_id = ev.name_id
     WHERE n.event_name <> ALL ($5::text[])
     GROUP BY 1, 2, 3, 4, 5
), names AS (
    SELECT DISTINCT event_name FROM e
)
SELECT w.i, w.covered, names.event_name, '-', '-', '-',
       c.plan, c.segment, c.region, NULL::text, NULL::text, NULL::float8,
       coalesce(c.n, 0)::float8 AS n, coalesce(e.users, 0)::float8 AS users,
       0::float8, w.label
  FROM w
  LEFT JOIN active c ON c.i = w.i
  LEFT JOIN names ON c.i IS NOT NULL
  LEFT JOIN e ON e.i = w.i AND e.event_name = names.event_name
             AND e.plan = c.plan AND e.segment = c.segment
             AND e.region = c.region
 ORDER BY 1;
