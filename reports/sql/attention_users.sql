-- SPEC §10 attention, the usage families (active users, adoption per
-- event), as rows for reports/attention_users.c, which groups them: the
-- report week ending at $1 and the 13 ISO weeks before it (zone $2).  $3:
-- usage's data_through, $4 its first day (data_through.sql); the weeks
-- and their coverage are attention_weeks() (migration 013), the first day
-- being the rollup's first.  $5: [usage] ignore_events (text[]), which
-- adoption leaves out (an ignored event still makes its user active,
-- reports/hygiene.h).  Columns: kind, week, id, name id, text, flag, then
-- an account's plan, segment, region, name and ARR; by kind:
--   0 a week:        week, label, covered;
--   1 an account:    its id (text), plan, segment, region, name, ARR;
--   2 an event name: id (its name_id), text, flag whether it is ignored;
--   3 an active user of a week: week, id (person_id), text its account
--     (the greatest of its days', NULL for none);
--   4 a user's event in a week: week, id (person_id), name id; a user
--     and event once per UTC day (and source) of the week, which the
--     stream makes distinct.
-- Users are counted by person_id and events by name_id (migration 023),
-- and a local day's week is arithmetic, (the report week's end - 1 -
-- day) / 7, the weeks being 7 local days back from $1.
-- Issue 15: the rollups are read per UTC day and report week, through the
-- mask of the week's UTC half hours in that day (wm), not per local day
-- (usage_person_days() and usage_person_events(), migration 023): a local
-- day of any zone but UTC spans two UTC days, so most rollup rows were
-- read for two local days of the same week (2.15 M rows for Los Angeles,
-- 2.37 M for Asia/Kathmandu; 1.85 and 2.02 M now, UTC's 1.79 M as
-- before; the server's time 2.8 -> 2.2 s and 3.8 -> 2.5 s in psql).  The same rows meet a week's
-- mask as meet one of its days' masks, so every user, account and event
-- of a week is the same.  A zone whose offset is not whole or half hours
-- (Asia/Kathmandu) adds the events of each local day's partial half hours
-- (edge, read once for both kinds; migration 016).
-- Each of the weeks' UTC days is read by the rollups' key (day first), in
-- a LATERAL subquery that OFFSET 0 keeps from being joined any other
-- way: the planner, which cannot tell how many (day, mask) rows wm has,
-- hashed all 2.67 M rows of rollup_daily to probe them with wm's 112
-- (1.09 s, and 0.69 s by day; the whole statement 2.3 -> 1.6 s in
-- Asia/Kathmandu, EXPLAIN ANALYZE, interleaved).
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
),
x AS (
    SELECT ($1::timestamptz AT TIME ZONE $2)::date AS last,
           prodops.zone_half_hours_align(
               ($1::timestamptz AT TIME ZONE $2)::date - 98,
               ($1::timestamptz AT TIME ZONE $2)::date, $2) AS aligned
),
wm AS (
    SELECT m.utc_day, (x.last - 1 - m.day) / 7 AS week,
           bit_or(m.half_hours) AS half_hours
      FROM x, prodops.zone_day_half_hours(x.last - 98, x.last, $2) m
     WHERE x.aligned
     GROUP BY 1, 2
    UNION ALL
    SELECT m.utc_day, (x.last - 1 - m.day) / 7,
           bit_or(m.half_hours)
      FROM x, prodops.zone_day_whole_half_hours(x.last - 98, x.last, $2) m
     WHERE NOT x.aligned
     GROUP BY 1, 2
),
edge AS (
    SELECT (x.last - 1 - e.day) / 7 AS week, u.person_id, u.account_id,
           e.name_id
      FROM x, prodops.zone_day_edge_events(x.last - 98, x.last, $2) e
      JOIN prodops.usage_users u ON u.user_ref = e.user_ref
     WHERE NOT x.aligned
)
SELECT 0, w.i, NULL::int, NULL::int, w.label, coalesce(w.covered, false),
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::float8
  FROM w
UNION ALL
SELECT 1, NULL, NULL, NULL, a.account_id, NULL,
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), coalesce(a.name, a.account_id),
       a.arr::float8
  FROM prodops.accounts a
UNION ALL
-- <> ALL as adoption's filter had it: a NULL in the list ignores all.
SELECT 2, NULL, n.name_id, NULL, n.event_name,
       NOT coalesce(n.event_name <> ALL ($5::text[]), false),
       NULL, NULL, NULL, NULL, NULL
  FROM prodops.usage_names n
UNION ALL
SELECT 3, u.week, u.person_id, NULL, max(u.account_id), NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM (SELECT m.week, d.person_id, d.account_id
          FROM wm m,
               LATERAL (SELECT d.person_id, d.account_id
                          FROM prodops.rollup_user_days d
                         WHERE d.day = m.utc_day
                           AND d.half_hours & m.half_hours <> 0
                        OFFSET 0) d
        UNION ALL
        SELECT e.week, e.person_id, e.account_id FROM edge e) u
 GROUP BY 2, 3
UNION ALL
SELECT 4, m.week, d.person_id, d.name_id, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM wm m,
       LATERAL (SELECT d.person_id, d.name_id
                  FROM prodops.rollup_daily d
                 WHERE d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
                OFFSET 0) d
UNION ALL
SELECT 4, e.week, e.person_id, e.name_id, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM edge e;
