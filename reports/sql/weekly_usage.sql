-- $5: [usage] ignore_events (reports/hygiene.h), left out of adoption
-- only: an ignored event still makes its user active (SPEC §6).
-- $4: whether to compute the 13-week trend (the week before's report
-- leaves it null: nobody reads it).
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
), u AS (
    -- One row per user and day (usage_user_days): every distinct count
    -- below reads these.
    -- A user is counted by its person_id (migration 023), the integer of
    -- its user_key: the distinct counts hash and sort ints, not text.
    SELECT d.day, d.person_id AS user_key, max(d.account_id) AS account_id
      FROM b, prodops.usage_person_days(
                  least(b.p0 - (b.p1 - b.p0),
                        b.p1 - CASE WHEN $4::boolean THEN 91 ELSE 30 END),
                  b.p1, $3) d
     GROUP BY 1, 2
), ev AS (
    -- Users per event, for adoption: the period's rows only.
    SELECT d.person_id AS user_key, n.event_name
      FROM b, prodops.usage_person_events(b.p0, b.p1, $3) d
      JOIN prodops.usage_names n ON n.name_id = d.name_id
), p AS (
    SELECT u.* FROM u, b WHERE u.day >= b.p0
), prev AS (
    SELECT u.* FROM u, b WHERE u.day >= b.p0 - (b.p1 - b.p0) AND u.day < b.p0
), ev_acc AS (
    -- Events by account in the period and the one before it.
    SELECT * FROM prodops.usage_account_events($1::timestamptz, $2::timestamptz)
), ev_acc_prev AS (
    SELECT e.* FROM b, prodops.usage_account_events(
                           (b.p0 - (b.p1 - b.p0))::timestamp AT TIME ZONE $3,
                           $1::timestamptz) e
), daily AS (
    -- Users per day over the period and the 30 days ending at its end:
    -- dau_avg reads the first, stickiness the second.  (The 30 days alone
    -- made a quarter's dau_avg a 30-day sum over 90 days.)
    SELECT u.day, count(DISTINCT u.user_key) AS users
      FROM u, b WHERE u.day >= least(b.p0, b.p1 - 30) GROUP BY u.day
), active AS (
    SELECT count(DISTINCT user_key) AS n FROM p
), mau AS (
    SELECT count(DISTINCT u.user_key) AS n FROM u, b WHERE u.day >= b.p1 - 30
)
SELECT json_build_object(
    'events', (SELECT coalesce(sum(events), 0) FROM ev_acc),
    'trend', CASE WHEN $4::boolean THEN (SELECT json_agg(json_build_object(
                         'week', w.label, 'active_users', coalesce(c.n, 0))
                     ORDER BY w.start)
                FROM prodops.report_weeks($2::timestamptz, $3, 13) w
                -- Grouped by the week's Monday, labelled after: to_char()
                -- on every user day, and a sort of them by the text,
                -- cost more than the count (issue 15).
                LEFT JOIN (SELECT to_char(m, 'IYYY-"W"IW') AS label, n
                             FROM (SELECT date_trunc('week', day) AS m,
                                          count(DISTINCT user_key) AS n
                                     FROM u GROUP BY 1) c) c USING (label)) END,
    'active_users', (SELECT n FROM active),
    'dau_avg', (SELECT coalesce(sum(d.users), 0)::float8 / (b.p1 - b.p0)
                  FROM b LEFT JOIN daily d ON d.day >= b.p0 AND d.day < b.p1
                 GROUP BY b.p0, b.p1),
    'wau', (SELECT count(DISTINCT u.user_key) FROM u, b WHERE u.day >= b.p1 - 7),
    'mau', (SELECT n FROM mau),
    'stickiness', (SELECT (SELECT coalesce(sum(d.users), 0) FROM daily d, b
                            WHERE d.day >= b.p1 - 30)::float8
                          / 30 / nullif(n, 0) FROM mau),
    'adoption', (SELECT coalesce(json_object_agg(event_name, share
                                                 ORDER BY share DESC, event_name),
                                 '{}')
                   FROM (SELECT event_name,
                                count(DISTINCT user_key)::float8
                                    / (SELECT nullif(n, 0) FROM active) AS share
                           FROM ev WHERE event_name <> ALL ($5::text[])
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
                                     FROM p WHERE account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, user_key, NULL, NULL
                                     FROM prev WHERE account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, NULL, events, NULL
                                     FROM ev_acc WHERE account_id IS NOT NULL
                                   UNION ALL
                                   SELECT account_id, NULL, NULL, NULL, events
                                     FROM ev_acc_prev
                                    WHERE account_id IS NOT NULL) y
                            GROUP BY k) x)
);
