-- PM handoff usage_by_feature.csv: per event name matching one of the LIKE
-- patterns $3, over the local days of [$1, $2) in zone $4 and the period
-- before it, [$5, $1).  Users come from the rollups by local day
-- (usage_days(), usage_user_days() of migration 007); event counts, which
-- a local day cannot take from a UTC-day rollup, from rollup_daily's whole
-- UTC days inside the period plus the raw events of the partial days at
-- either end (as usage_account_events() does per account).  Adoption is
-- SPEC §6 adoption(e): users with the event / every active user of the
-- period.  Event names seen only in the period before are listed too (a
-- feature that stopped being used is news).  $6: [usage] ignore_events
-- (reports/hygiene.h), left out like everywhere adoption is listed; the
-- active users stay SPEC §6's.  Columns in the order of
-- reports/handoff.c's usage_cols[].
WITH b AS (
    SELECT ($1::timestamptz AT TIME ZONE $4)::date AS p0,
           ($2::timestamptz AT TIME ZONE $4)::date AS p1,
           ($5::timestamptz AT TIME ZONE $4)::date AS q0
), cur AS (
    SELECT d.event_name, count(DISTINCT d.user_key) AS users,
           count(DISTINCT d.account_id) AS accounts
      FROM b, prodops.usage_days(b.p0, b.p1, $4) d
     WHERE d.event_name LIKE ANY ($3::text[])
     GROUP BY 1
), prev AS (
    SELECT d.event_name, count(DISTINCT d.user_key) AS users
      FROM b, prodops.usage_days(b.q0, b.p0, $4) d
     WHERE d.event_name LIKE ANY ($3::text[])
     GROUP BY 1
), active AS (
    SELECT count(DISTINCT u.user_key) AS n
      FROM b, prodops.usage_user_days(b.p0, b.p1, $4) u
), ev AS (
    SELECT x.event_name, sum(x.events)::bigint AS events
      FROM (SELECT n.event_name, d.events
              FROM prodops.rollup_daily d
              JOIN prodops.usage_names n ON n.name_id = d.name_id
             WHERE d.day >= prodops.utc_day_ceil($1::timestamptz)
                            AT TIME ZONE 'UTC'
               AND d.day < ($2::timestamptz AT TIME ZONE 'UTC')::date
               AND n.event_name LIKE ANY ($3::text[])
            UNION ALL
            SELECT e.event_name, e.event_count
              FROM prodops.usage_events e
             WHERE e.event_time >= $1::timestamptz
               AND e.event_time < least(prodops.utc_day_ceil($1::timestamptz),
                                        $2::timestamptz)
               AND e.event_name LIKE ANY ($3::text[])
            UNION ALL
            SELECT e.event_name, e.event_count
              FROM prodops.usage_events e
             WHERE e.event_time >= greatest(
                       ($2::timestamptz AT TIME ZONE 'UTC')::date::timestamp
                           AT TIME ZONE 'UTC',
                       prodops.utc_day_ceil($1::timestamptz))
               AND e.event_time < $2::timestamptz
               AND e.event_name LIKE ANY ($3::text[])) x
     GROUP BY 1
)
SELECT k.event_name, coalesce(ev.events, 0), coalesce(cur.users, 0),
       coalesce(cur.accounts, 0),
       round(coalesce(cur.users, 0)::numeric / nullif(active.n, 0), 4),
       coalesce(prev.users, 0),
       coalesce(cur.users, 0) - coalesce(prev.users, 0)
  FROM (SELECT event_name FROM cur UNION SELECT event_name FROM prev) k
  LEFT JOIN cur USING (event_name)
  LEFT JOIN prev USING (event_name)
  LEFT JOIN ev USING (event_name)
  CROSS JOIN active
 WHERE k.event_name <> ALL ($6::text[])
 ORDER BY coalesce(cur.users, 0) DESC, k.event_name;
