-- $5: [usage] ignore_events (reports/hygiene.h), left out of adoption
-- only: an ignored event still makes its user active (SPEC §6).
-- $4: whether to compute the 13-week trend of $1's period (the period
-- before's is null: nobody reads it).
-- $6: the start of the period before (which ends at $1), or NULL: the
-- second column is that period's usage, as this statement with $6's
-- period gives it in the first.  Issue 15: the weekly report ran the
-- statement twice, once per week, and each read the rollups' user days
-- of its 30 days again (1.4-2.2 s of the server's time each at the report
-- bench warehouse); both weeks now read one 37-day span.
-- SPEC §6 usage over the local days of [$1, $2) in zone $3.  A user is
-- user_id, else the device (user_key).  dau_avg averages over every day of
-- the period (a day without events counts 0); stickiness and adoption are
-- null / empty without active users.  The trend counts active users per
-- ISO week of the zone over the last 13 weeks.  Users come from the
-- rollups by local day (usage_person_days(), usage_person_events(),
-- migration 023: 8.2 s with the text user keys at 20 M events, issue
-- 15); events, which a
-- local day cannot take from a UTC-day rollup, from usage_account_events().
WITH b AS (
    SELECT ($1::timestamptz AT TIME ZONE $3)::date AS p0,
           ($2::timestamptz AT TIME ZONE $3)::date AS p1
), per AS (
    -- The periods: 0 $1's, 1 the one before it (ending where 0 starts),
    -- each with its local days [p0, p1), its instants [t0, t1) and the
    -- first day its own previous period (by_account) begins.
    SELECT 0 AS k, b.p0, b.p1, $1::timestamptz AS t0, $2::timestamptz AS t1,
           b.p0 - (b.p1 - b.p0) AS pp0
      FROM b
    UNION ALL
    SELECT 1, x.q0, b.p0, $6::timestamptz, $1::timestamptz,
           x.q0 - (b.p0 - x.q0)
      FROM b, (SELECT ($6::timestamptz AT TIME ZONE $3)::date AS q0) x
     WHERE $6::timestamptz IS NOT NULL
), u AS (
    -- One row per user and day (usage_user_days): every distinct count
    -- below reads these.
    -- A user is counted by its person_id (migration 023), the integer of
    -- its user_key: the distinct counts hash and sort ints, not text.
    SELECT d.day, d.person_id AS user_key, max(d.account_id) AS account_id
      FROM (SELECT min(least(per.pp0,
                             per.p1 - CASE WHEN $4::boolean AND per.k = 0
                                           THEN 91 ELSE 30 END)) AS lo,
                   max(per.p1) AS hi
              FROM per) r,
           prodops.usage_person_days(r.lo, r.hi, $3) d
     GROUP BY 1, 2
), ev AS MATERIALIZED (
    -- Users per event, for adoption: the periods' rows only, read once
    -- (inlined, each period's adoption read both periods' rows).
    SELECT d.day, d.person_id AS user_key, n.event_name
      FROM (SELECT min(p0) AS lo, max(p1) AS hi FROM per) r,
           prodops.usage_person_events(r.lo, r.hi, $3) d
      JOIN prodops.usage_names n ON n.name_id = d.name_id
), acc_spans AS (
    -- Events by account: each period's and the one before it, each span
    -- once (the period before's own is 0's previous).
    SELECT DISTINCT s.t0, s.t1
      FROM per, LATERAL (VALUES (per.t0, per.t1),
                                (per.pp0::timestamp AT TIME ZONE $3,
                                 per.t0)) s(t0, t1)
), acc AS (
    SELECT s.t0, s.t1, e.*
      FROM acc_spans s, LATERAL prodops.usage_account_events(s.t0, s.t1) e
), daily AS (
    -- Users per day, which dau_avg (the period's days) and stickiness
    -- (the 30 days ending at its end) sum.  (The 30 days alone made a
    -- quarter's dau_avg a 30-day sum over 90 days.)
    SELECT u.day, count(DISTINCT u.user_key) AS users FROM u GROUP BY u.day
), o AS (
    SELECT per.k, json_build_object(
    'events', (SELECT coalesce(sum(a.events), 0) FROM acc a
                WHERE a.t0 = per.t0 AND a.t1 = per.t1),
    'trend', CASE WHEN $4::boolean AND per.k = 0 THEN (SELECT json_agg(json_build_object(
                         'week', w.label, 'active_users', coalesce(c.n, 0))
                     ORDER BY w.start)
                FROM prodops.report_weeks($2::timestamptz, $3, 13) w
                -- Grouped by the week's Monday, labelled after: to_char()
                -- on every user day, and a sort of them by the text,
                -- cost more than the count (issue 15).
                LEFT JOIN (SELECT to_char(m, 'IYYY-"W"IW') AS label, n
                             FROM (SELECT date_trunc('week', day) AS m,
                                          count(DISTINCT user_key) AS n
                                     FROM u WHERE u.day < per.p1
                                    GROUP BY 1) c) c USING (label)) END,
    'active_users', act.n,
    'dau_avg', (SELECT coalesce(sum(d.users), 0)::float8 / (per.p1 - per.p0)
                  FROM daily d WHERE d.day >= per.p0 AND d.day < per.p1),
    'wau', (SELECT count(DISTINCT u.user_key) FROM u
             WHERE u.day >= per.p1 - 7 AND u.day < per.p1),
    'mau', mau.n,
    'stickiness', (SELECT coalesce(sum(d.users), 0) FROM daily d
                    WHERE d.day >= per.p1 - 30 AND d.day < per.p1)::float8
                  / 30 / nullif(mau.n, 0),
    'adoption', (SELECT coalesce(json_object_agg(event_name, share
                                                 ORDER BY share DESC, event_name),
                                 '{}')
                   FROM (SELECT event_name,
                                count(DISTINCT user_key)::float8
                                    / nullif(act.n, 0) AS share
                           FROM ev
                          WHERE ev.day >= per.p0 AND ev.day < per.p1
                            AND event_name <> ALL ($5::text[])
                          GROUP BY event_name) x),
    'by_account', (SELECT coalesce(json_agg(json_build_object(
                              'account_id', k, 'active_users', cu,
                              'events', ce, 'active_users_previous', pu,
                              'events_previous', pe,
                              'active_users_change', cu - pu,
                              'events_change', ce - pe)
                          ORDER BY cu DESC, k), '[]')
                     FROM (SELECT k, count(DISTINCT c_user) AS cu,
                                  coalesce(max(c_events), 0) AS ce,
                                  count(DISTINCT p_user) AS pu,
                                  coalesce(max(p_events), 0) AS pe
                             FROM (SELECT account_id AS k, user_key AS c_user,
                                          NULL AS p_user, NULL::bigint AS c_events,
                                          NULL::bigint AS p_events
                                     FROM u
                                    WHERE u.day >= per.p0 AND u.day < per.p1
                                      AND account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, user_key, NULL, NULL
                                     FROM u
                                    WHERE u.day >= per.pp0 AND u.day < per.p0
                                      AND account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, NULL, events, NULL
                                     FROM acc a
                                    WHERE a.t0 = per.t0 AND a.t1 = per.t1
                                      AND account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, NULL, NULL, events
                                     FROM acc a
                                    WHERE a.t0 = per.pp0::timestamp AT TIME ZONE $3
                                      AND a.t1 = per.t0
                                      AND account_id IS NOT NULL) y
                            GROUP BY k) x)
    ) AS usage
      FROM per,
           LATERAL (SELECT count(DISTINCT u.user_key) AS n FROM u
                     WHERE u.day >= per.p0 AND u.day < per.p1) act,
           LATERAL (SELECT count(DISTINCT u.user_key) AS n FROM u
                     WHERE u.day >= per.p1 - 30 AND u.day < per.p1) mau
)
SELECT (SELECT usage FROM o WHERE k = 0), (SELECT usage FROM o WHERE k = 1);
