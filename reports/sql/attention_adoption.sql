-- SPEC §10 attention, adoption per event (SPEC §6 adoption(e) = users of
-- event e / active users), the usage "event" dimension: per week, event
-- and plan x segment x region cell, n the cell's active users and the
-- promoters column those with the event, so that summing a week's rows
-- of one event gives its adoption and the cells split a change into mix
-- and rate.  Every event of the 14 weeks has a row in every active cell
-- of every week (0 users when nobody used it).  $4: [usage]
-- ignore_events (text[]), left out here only: an ignored event still
-- makes its user active (hygiene.h).  $1 the report week's end, $2 the
-- zone, $3 usage's data_through.  Columns as attention_tickets.sql's:
-- event first, '-' where usage has no dimension, no account.
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT min(day) FROM prodops.rollup_user_days), $3::date)
), u AS (
    -- One row per week and active user with the cell of its account.
    SELECT x.i, x.user_key, coalesce(a.plan, 'unknown') AS plan,
           coalesce(a.segment, 'unknown') AS segment,
           coalesce(a.region, 'unknown') AS region
      FROM (SELECT w.i, d.user_key, max(d.account_id) AS account_id
              FROM w, prodops.usage_user_days(
                          (SELECT min(first_day) FROM w),
                          (SELECT max(last_day) FROM w), $2) d
             WHERE d.day >= w.first_day AND d.day < w.last_day
             GROUP BY w.i, d.user_key) x
      LEFT JOIN prodops.accounts a ON a.account_id = x.account_id
), active AS (
    SELECT i, plan, segment, region, count(*) AS n
      FROM u GROUP BY 1, 2, 3, 4
), e AS (
    -- Users of each event per week and cell.
    SELECT u.i, d.event_name, u.plan, u.segment, u.region,
           count(DISTINCT d.user_key) AS users
      FROM w JOIN prodops.usage_days(
                      (SELECT min(first_day) FROM w),
                      (SELECT max(last_day) FROM w), $2) d
             ON d.day >= w.first_day AND d.day < w.last_day
      JOIN u ON u.i = w.i AND u.user_key = d.user_key
     WHERE d.event_name <> ALL ($4::text[])
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
