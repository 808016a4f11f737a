-- Issue 17: the launch review of release ($1 source, $2 name) as a JSON
-- document, in zone $3 (weeks start Monday 00:00 local, SPEC §6), with
-- data through the local day $4 (usage; NULL: no usage data) and $5
-- (tickets and NPS, the later of the two; NULL: none).
--
-- Use: a usage event named in the release's events on or after its
-- release day, or -- a release without events -- an exposure event
-- (SPEC §9) whose flag property is the release's flag.  Users and
-- accounts per local day come from the rollups (usage_days(), which
-- reads zone days across DST changes); exposures from the events.
--   adoption: per week from the launch week through the week holding $4,
--     users and accounts using it, the accounts with any event that week
--     (active_accounts), their share (null without active accounts);
--     complete = the data covers the whole week.
--   time_to_first_use_days_median: per adopting account, its first use
--     day minus the release day; the median (percentile_cont).
--   retention: of the accounts using it in the launch week, the share
--     using it again in week 1, 2 and 4 (null until that week is whole).
--   mentions: tickets (subject, tags) and NPS comments matching the
--     release's pattern, else its name or an event name (case-insensitive
--     ~*), in the 28 local days before the release day and the 28 from
--     it, with their themes (SPEC §8).
--   requests: the feature requests it answers, from the roll-up $6 (a
--     JSON array of reports/requests.h's short list, every request asked
--     before now; NULL: none): a request answers the launch when its name
--     matches the launch's pattern (pat.re below, as for the mentions) or
--     is the launch's name, case-insensitively.  Per request, the accounts
--     asking (the roll-up's: each once) and which of them adopted it (a
--     use since the release, as adopting_accounts counts), with their ARR;
--     request_askers: the same over the distinct accounts of all of them.
--   headline: the share at week 4, or at the latest whole week before it
--     (the launch week when none is whole); verdict says it in a line,
--     with "N of M accounts that asked for it use it" when M > 0.
WITH r AS (
    SELECT rl.*, date_trunc('week', rl.released_on)::date AS w0,
           coalesce(nullif(trim(both '-' from
                                    regexp_replace(lower(rl.name),
                                                   '[^a-z0-9]+', '-', 'g')),
                               ''), 'launch') AS slug
      FROM prodops.releases rl
     WHERE rl.source = $1 AND rl.name = $2
), b AS (
    -- Local days [w0, stop): whole weeks through the one holding $4, at
    -- most 53 (PD_LAUNCH_MAX_WEEKS).
    SELECT r.w0, r.released_on, $4::date AS through,
           CASE WHEN $4::date >= r.released_on
                THEN least(date_trunc('week', $4::date)::date + 7,
                           r.w0 + 7 * 53)
                ELSE r.w0 END AS stop
      FROM r
), days AS (
    SELECT d.* FROM b, prodops.usage_days(b.w0, b.stop, $3) d
     WHERE b.stop > b.w0
), uses AS (
    SELECT d.day, d.user_key, d.account_id
      FROM days d, r
     WHERE d.event_name = ANY (r.events) AND d.day >= r.released_on
    UNION ALL
    SELECT (e.event_time AT TIME ZONE $3)::date, e.user_key, e.account_id
      FROM r, b, prodops.usage_events e
     WHERE cardinality(r.events) = 0 AND r.flag IS NOT NULL
       AND b.stop > b.w0
       AND prodops.is_exposure_event(e.event_name)
       AND e.event_time >= r.released_on::timestamp AT TIME ZONE $3
       AND e.event_time < b.stop::timestamp AT TIME ZONE $3
       AND EXISTS (SELECT 1 FROM jsonb_each_text(e.properties) p
                    WHERE p.value = r.flag
                      AND p.key ~ '(^|\.)(\$feature_flag|flag_key|Experiment name|experiment_name|experiment_id)$')
), weeks AS (
    SELECT w::date AS week, (w::date - b.w0) / 7 AS idx,
           w::date + 6 <= b.through AS complete
      FROM b, generate_series(b.w0::timestamp, (b.stop - 7)::timestamp,
                              interval '7 days') w
     WHERE b.stop > b.w0
), used AS (
    SELECT date_trunc('week', day)::date AS week,
           count(DISTINCT user_key) AS users,
           count(DISTINCT account_id) AS accounts
      FROM uses GROUP BY 1
), active AS (
    SELECT date_trunc('week', day)::date AS week,
           count(DISTINCT account_id) AS accounts
      FROM days GROUP BY 1
), adoption AS (
    SELECT w.week, w.idx, w.complete, coalesce(u.users, 0) AS users,
           coalesce(u.accounts, 0) AS accounts,
           coalesce(a.accounts, 0) AS active_accounts,
           coalesce(u.accounts, 0)::float8 / nullif(a.accounts, 0)
               AS share
      FROM weeks w
      LEFT JOIN used u ON u.week = w.week
      LEFT JOIN active a ON a.week = w.week
), firsts AS (
    SELECT account_id, min(day) AS first_day
      FROM uses WHERE account_id IS NOT NULL GROUP BY 1
), cohort AS (
    SELECT DISTINCT u.account_id
      FROM uses u, r
     WHERE u.account_id IS NOT NULL AND u.day < r.w0 + 7
), retention AS (
    SELECT n.n AS week, count(DISTINCT c.account_id) AS cohort,
           count(DISTINCT x.account_id) AS accounts,
           bool_or(w.complete) AS complete
      FROM (VALUES (1), (2), (4)) n(n)
      CROSS JOIN r
      LEFT JOIN weeks w ON w.idx = n.n
      LEFT JOIN cohort c ON true
      LEFT JOIN uses x
             ON x.account_id = c.account_id
            AND x.day >= r.w0 + 7 * n.n AND x.day < r.w0 + 7 * n.n + 7
     GROUP BY n.n
), pat AS (
    SELECT coalesce(r.pattern,
                    (SELECT string_agg(regexp_replace(t, '([^[:alnum:][:space:]])',
                                                      '\\\1', 'g'), '|')
                       FROM unnest(array_prepend(r.name, r.events)) t))
               AS re,
           r.released_on::timestamp AT TIME ZONE $3 AS t0,
           (r.released_on - 28)::timestamp AT TIME ZONE $3 AS before0,
           (r.released_on + 28)::timestamp AT TIME ZONE $3 AS after1
      FROM r
), texts AS (
    SELECT 'tickets' AS kind, t.created_at AS at, t.themes
      FROM prodops.tickets t, pat
     WHERE t.created_at >= pat.before0 AND t.created_at < pat.after1
       AND (t.subject ~* pat.re OR array_to_string(t.tags, ' ') ~* pat.re)
    UNION ALL
    SELECT 'nps', n.responded_at, n.themes
      FROM prodops.nps_responses n, pat
     WHERE n.responded_at >= pat.before0 AND n.responded_at < pat.after1
       AND n.comment ~* pat.re
), side AS (
    SELECT s.side,
           (SELECT count(*) FROM texts x, pat
             WHERE x.kind = 'tickets' AND (x.at >= pat.t0) = (s.side = 'after'))
               AS tickets,
           (SELECT count(*) FROM texts x, pat
             WHERE x.kind = 'nps' AND (x.at >= pat.t0) = (s.side = 'after'))
               AS nps,
           (SELECT coalesce(json_agg(json_build_object('theme', th.theme,
                                                       'count', th.n)
                                     ORDER BY th.n DESC, th.theme), '[]')
              FROM (SELECT t.theme, count(*) AS n
                      FROM texts x, pat, unnest(x.themes) t(theme)
                     WHERE (x.at >= pat.t0) = (s.side = 'after')
                     GROUP BY 1) th) AS themes
      FROM (VALUES ('before'), ('after')) s(side)
), asked AS (
    SELECT q.ord, q.req
      FROM r, pat,
           json_array_elements(coalesce($6::json, '[]'::json))
               WITH ORDINALITY q(req, ord)
     WHERE q.req->>'name' ~* pat.re OR lower(q.req->>'name') = lower(r.name)
), askers AS (
    SELECT a.ord, x.i, x.account, ac.arr, f.first_day
      FROM asked a
     CROSS JOIN json_array_elements_text(a.req->'accounts')
                    WITH ORDINALITY x(account, i)
      LEFT JOIN prodops.accounts ac ON ac.account_id = x.account
      LEFT JOIN firsts f ON f.account_id = x.account
), per_request AS (
    SELECT k.ord, count(*) AS asking, count(k.first_day) AS adopted,
           coalesce(sum(k.arr), 0) AS arr,
           coalesce(sum(k.arr) FILTER (WHERE k.first_day IS NOT NULL), 0)
               AS arr_adopted,
           json_agg(json_build_object('account', k.account, 'arr', k.arr,
                                      'adopted', k.first_day IS NOT NULL,
                                      'first_use', k.first_day::text)
                    ORDER BY k.i) AS accounts
      FROM askers k GROUP BY k.ord
), answered AS (
    SELECT a.ord, json_build_object(
               'name', a.req->>'name', 'status', a.req->'status',
               'mentions', a.req->'mentions',
               'accounts_asking', coalesce(p.asking, 0),
               'accounts_adopted', coalesce(p.adopted, 0),
               'arr_asking', coalesce(p.arr, 0),
               'arr_adopted', coalesce(p.arr_adopted, 0),
               'accounts', coalesce(p.accounts, '[]'::json)) AS obj
      FROM asked a LEFT JOIN per_request p USING (ord)
), askers_all AS (
    -- An account asking in two of the requests counts once.
    SELECT count(*) AS asking, count(first_day) AS adopted,
           coalesce(sum(arr), 0) AS arr,
           coalesce(sum(arr) FILTER (WHERE first_day IS NOT NULL), 0)
               AS arr_adopted
      FROM (SELECT DISTINCT account, arr, first_day FROM askers) k
), head AS (
    SELECT a.idx, a.share
      FROM adoption a
     WHERE a.idx <= 4
     ORDER BY (a.complete OR a.idx = 0) DESC, a.idx DESC
     LIMIT 1
), tk AS (
    SELECT (SELECT tickets FROM side WHERE side = 'before') AS before,
           (SELECT tickets FROM side WHERE side = 'after') AS after,
           $5::date >= (SELECT released_on + 27 FROM r) AS after_complete
), doc AS (
    SELECT json_build_object(
        'report', 'launch',
        'name', r.name, 'slug', r.slug, 'source', r.source,
        'released_on', r.released_on::text,
        'launch_week', to_char(r.w0, 'IYYY-"W"IW'),
        'product_area', r.product_area, 'events', to_json(r.events),
        'flag', r.flag, 'link', r.link, 'pattern', (SELECT re FROM pat),
        'timezone', $3::text,
        'data_through', json_build_object('usage', $4::date::text,
                                          'tickets_nps', $5::date::text),
        'adoption', (SELECT coalesce(json_agg(json_build_object(
                         'week', to_char(a.week, 'IYYY-"W"IW'),
                         'week_start', a.week::text,
                         'weeks_since_launch', a.idx,
                         'users', a.users, 'accounts', a.accounts,
                         'active_accounts', a.active_accounts,
                         'share_of_active_accounts', a.share,
                         'complete', a.complete) ORDER BY a.week), '[]')
                       FROM adoption a),
        'adopting_accounts', (SELECT count(*) FROM firsts),
        'time_to_first_use_days_median',
            (SELECT percentile_cont(0.5) WITHIN GROUP
                        (ORDER BY f.first_day - r.released_on)
               FROM firsts f),
        'retention', (SELECT json_agg(json_build_object(
                          'week', x.week, 'cohort_accounts', x.cohort,
                          'accounts', CASE WHEN x.complete THEN x.accounts END,
                          'share', CASE WHEN x.complete AND x.cohort > 0
                                        THEN x.accounts::float8 / x.cohort END)
                          ORDER BY x.week)
                        FROM retention x),
        'mentions', json_build_object(
            'window_days', 28,
            'after_complete', coalesce((SELECT after_complete FROM tk), false),
            'before', (SELECT json_build_object('tickets', tickets, 'nps', nps,
                                                'themes', themes)
                         FROM side WHERE side = 'before'),
            'after', (SELECT json_build_object('tickets', tickets, 'nps', nps,
                                               'themes', themes)
                        FROM side WHERE side = 'after')),
        'requests', (SELECT coalesce(json_agg(obj ORDER BY ord), '[]')
                       FROM answered),
        'request_askers', (SELECT json_build_object(
                               'accounts_asking', asking,
                               'accounts_adopted', adopted,
                               'arr_asking', arr, 'arr_adopted', arr_adopted)
                             FROM askers_all),
        'headline', json_build_object(
            'weeks_since_launch', (SELECT idx FROM head),
            'share_of_active_accounts', (SELECT share FROM head)),
        'verdict', format('%s: %s; %s%s', r.name,
            CASE WHEN (SELECT share FROM head) IS NULL
                 THEN 'no usage of it yet'
                 ELSE format('%s %% of active accounts use it %s',
                             round((100 * (SELECT share FROM head))::numeric),
                             CASE (SELECT idx FROM head)
                                  WHEN 0 THEN 'in its launch week'
                                  WHEN 1 THEN 'after 1 week'
                                  ELSE format('after %s weeks',
                                              (SELECT idx FROM head)) END)
            END,
            (SELECT CASE WHEN NOT coalesce(tk.after_complete, false)
                         THEN format('tickets about it: %s in the 4 weeks before, %s since',
                                     tk.before, tk.after)
                         WHEN tk.after < tk.before
                         THEN format('tickets about it fell %s → %s', tk.before, tk.after)
                         WHEN tk.after > tk.before
                         THEN format('tickets about it rose %s → %s', tk.before, tk.after)
                         ELSE format('tickets about it held at %s', tk.before) END
               FROM tk),
            (SELECT CASE WHEN x.asking = 1
                         THEN format('; %s of 1 account that asked for it uses it',
                                     x.adopted)
                         WHEN x.asking > 1
                         THEN format('; %s of %s accounts that asked for it use it',
                                     x.adopted, x.asking)
                         ELSE '' END
               FROM askers_all x))) AS doc
      FROM r
)
SELECT doc::text, doc->>'slug',
       doc->'headline'->>'weeks_since_launch',
       doc->'headline'->>'share_of_active_accounts', doc->>'verdict',
       doc->>'released_on'
  FROM doc;
