-- Issue 17, the request roll-up: one row per request, best first by the
-- ARR of the distinct accounts asking.  The rule matches come from C
-- (transform/themes.h: pcre2 is transform's alone) as parallel arrays $4
-- kind, $5 source, $6 external_id, $7 request name; an ask counts when it
-- was made before the end $2 (posts by created_at, tickets by created_at,
-- NPS by responded_at), and "period" counts those made in [$1, $2).  $3 is
-- the report zone (the 13 trend weeks end at $2).  $8/$9: the area's
-- product areas and themes, NULL for every request: a request belongs to
-- the area when one of its asks does (a ticket by product area or theme,
-- an NPS response by theme, a post by a tag naming either).
-- Accounts: post authors' companies, ticket and NPS accounts, each once; an
-- exported vote count adds to votes, never to accounts.  ARR, segment and
-- plan mix are over those accounts.  Detractors: asking accounts with an
-- NPS response 0-6 in the 90 days before the end.  Status: the most
-- advanced of the request's posts (parse_value.h's order).  Columns: name,
-- then the request as a JSON object (the verbatims are added in C).
WITH m AS (
    SELECT DISTINCT * FROM unnest($4::text[], $5::text[], $6::text[],
                                  $7::text[]) AS m (kind, source, id, name)
), asks AS (
    SELECT m.name, 'ticket' AS via, t.account_id, t.created_at AS at,
           NULL::bigint AS votes, NULL::int AS score, NULL::text AS status,
           (lower(t.product_area) = ANY (SELECT lower(x)
                                           FROM unnest($8::text[]) x)
            OR t.themes && $9::text[]) AS in_area
      FROM m JOIN prodops.tickets t
        ON m.kind = 'ticket' AND t.source = m.source AND t.external_id = m.id
    UNION ALL
    SELECT m.name, 'nps', n.account_id, n.responded_at, NULL, n.score, NULL,
           n.themes && $9::text[]
      FROM m JOIN prodops.nps_responses n
        ON m.kind = 'nps' AND n.source = m.source AND n.external_id = m.id
    UNION ALL
    SELECT m.name, 'post', r.account_id, r.created_at, r.votes, NULL, r.status,
           (r.tags && (SELECT array_agg(lower(x)) FROM unnest($8::text[]) x)
            OR r.tags && $9::text[])
      FROM m JOIN prodops.requests r
        ON m.kind = 'post' AND r.source = m.source AND r.external_id = m.id
), kept AS (
    SELECT a.* FROM asks a
     WHERE a.at < $2::timestamptz
       AND ($8::text[] IS NULL AND $9::text[] IS NULL
            OR a.name IN (SELECT name FROM asks WHERE in_area
                                                 AND at < $2::timestamptz))
), who AS (
    SELECT DISTINCT k.name, k.account_id, ac.arr, ac.segment, ac.plan,
           EXISTS (SELECT 1 FROM prodops.nps_responses d
                    WHERE d.account_id = k.account_id AND d.score <= 6
                      AND d.responded_at >= $2::timestamptz - interval '90 days'
                      AND d.responded_at < $2::timestamptz) AS detractor
      FROM kept k
      JOIN prodops.accounts ac ON ac.account_id = k.account_id
), per_account AS (
    SELECT name,
           array_agg(account_id ORDER BY arr DESC NULLS LAST, account_id)
               AS accounts,
           sum(arr) AS arr,
           count(*) FILTER (WHERE detractor) AS detractors
      FROM who GROUP BY name
), mix AS (
    SELECT name, json_object_agg(coalesce(segment, 'unknown'), n
                                 ORDER BY coalesce(segment, 'unknown'))
               FILTER (WHERE kind = 's') AS segments,
           json_object_agg(coalesce(plan, 'unknown'), n
                           ORDER BY coalesce(plan, 'unknown'))
               FILTER (WHERE kind = 'p') AS plans
      FROM (SELECT name, 's' AS kind, segment, NULL AS plan, count(*) AS n
              FROM who GROUP BY name, segment
            UNION ALL
            SELECT name, 'p', NULL, plan, count(*)
              FROM who GROUP BY name, plan) x
     GROUP BY name
), counts AS (
    SELECT name,
           coalesce(sum(votes) FILTER (WHERE via = 'post'), 0) AS votes,
           count(*) FILTER (WHERE via = 'post') AS posts,
           count(*) FILTER (WHERE via = 'ticket') AS tickets,
           count(*) FILTER (WHERE via = 'nps') AS nps,
           count(*) FILTER (WHERE via = 'nps' AND score <= 6)
               AS detractor_comments,
           count(*) FILTER (WHERE at >= $1::timestamptz) AS period_mentions,
           count(DISTINCT account_id) FILTER (WHERE at >= $1::timestamptz)
               AS period_accounts,
           max(CASE status WHEN 'completed' THEN 6 WHEN 'started' THEN 5
                           WHEN 'planned' THEN 4 WHEN 'declined' THEN 3
                           WHEN 'open' THEN 2 WHEN 'duplicate' THEN 1
                           WHEN 'other' THEN 0 END) AS status_rank,
           min(at) AS first_asked, max(at) AS last_asked
      FROM kept GROUP BY name
), trend AS (
    SELECT c.name,
           json_agg(json_build_object(
                        'week', w.label,
                        'mentions', (SELECT count(*) FROM kept k
                                      WHERE k.name = c.name
                                        AND k.at >= w.start
                                        AND k.at < w.stop))
                    ORDER BY w.start) AS weeks
      FROM counts c
     CROSS JOIN prodops.report_weeks($2::timestamptz, $3, 13) w
     GROUP BY c.name
)
SELECT c.name, json_build_object(
           'name', c.name,
           'accounts', coalesce(to_json(p.accounts), '[]'::json),
           'arr', coalesce(p.arr, 0),
           'mentions', json_build_object('votes', c.votes, 'posts', c.posts,
                                         'tickets', c.tickets, 'nps', c.nps),
           'status', (ARRAY['other', 'duplicate', 'open', 'declined',
                            'planned', 'started', 'completed'])
                         [c.status_rank + 1],
           'segments', coalesce(x.segments, '{}'::json),
           'plans', coalesce(x.plans, '{}'::json),
           'detractors', coalesce(p.detractors, 0),
           'detractor_comments', c.detractor_comments,
           'period', json_build_object('mentions', c.period_mentions,
                                       'accounts', c.period_accounts),
           'first_asked', to_char(c.first_asked AT TIME ZONE 'UTC',
                                  'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'last_asked', to_char(c.last_asked AT TIME ZONE 'UTC',
                                 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'trend', t.weeks)::text
  FROM counts c
  LEFT JOIN per_account p USING (name)
  LEFT JOIN mix x USING (name)
  JOIN trend t USING (name)
 ORDER BY coalesce(p.arr, 0) DESC, coalesce(cardinality(p.accounts), 0) DESC,
          c.votes + c.posts + c.tickets + c.nps DESC, c.name;
