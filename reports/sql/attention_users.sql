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
--   4 a user's event of a day: week, id (person_id), name id; a user and
--     event once per day and source, which the stream makes distinct.
-- Users are counted by person_id and events by name_id (migration 023),
-- and a local day's week is arithmetic, (the report week's end - 1 -
-- day) / 7, the weeks being 7 local days back from $1.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
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
SELECT 3, (($1::timestamptz AT TIME ZONE $2)::date - 1 - d.day) / 7,
       d.person_id, NULL, max(d.account_id), NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM prodops.usage_person_days(($1::timestamptz AT TIME ZONE $2)::date - 98,
                                 ($1::timestamptz AT TIME ZONE $2)::date, $2) d
 GROUP BY 2, 3
UNION ALL
SELECT 4, (($1::timestamptz AT TIME ZONE $2)::date - 1 - d.day) / 7,
       d.person_id, d.name_id, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM prodops.usage_person_events(($1::timestamptz AT TIME ZONE $2)::date - 98,
                                   ($1::timestamptz AT TIME ZONE $2)::date, $2) d;
