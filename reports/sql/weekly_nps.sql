-- $4: whether to compute the 13-week trend (the week before's report
-- leaves it null: nobody reads it).
-- SPEC §6 NPS over [$1, $2), after dedupe (the table holds one row per
-- response).  $3 is the report zone: the 13-week trend's weeks are ISO weeks
-- there.  nps and nps_moe95 are null without responses.
WITH r AS (
    SELECT n.score, n.survey, n.themes, a.plan, a.segment, a.region
      FROM prodops.nps_responses n
      LEFT JOIN prodops.accounts a USING (account_id)
     WHERE n.responded_at >= $1::timestamptz AND n.responded_at < $2::timestamptz
)
SELECT json_build_object(
    'responses', (SELECT count(*) FROM r),
    'promoters', (SELECT count(*) FROM r WHERE score >= 9),
    'passives', (SELECT count(*) FROM r WHERE score BETWEEN 7 AND 8),
    'detractors', (SELECT count(*) FROM r WHERE score <= 6),
    'nps', (SELECT (100 * avg(prodops.nps_sign(score)))::float8 FROM r),
    'nps_moe95', (SELECT 196 * sqrt(var_pop(prodops.nps_sign(score)) / nullif(count(score), 0)) FROM r),
    'by_survey', (SELECT coalesce(json_object_agg(k, json_build_object(
                             'responses', n, 'nps', v) ORDER BY k), '{}')
                    FROM (SELECT coalesce(survey, 'unknown') AS k, count(*) AS n,
                                 (100 * avg(prodops.nps_sign(score)))::float8 AS v
                            FROM r GROUP BY 1) x),
    'by_plan', (SELECT coalesce(json_object_agg(k, json_build_object(
                           'responses', n, 'nps', v) ORDER BY k), '{}')
                  FROM (SELECT coalesce(plan, 'unknown') AS k, count(*) AS n,
                               (100 * avg(prodops.nps_sign(score)))::float8 AS v
                          FROM r GROUP BY 1) x),
    'by_segment', (SELECT coalesce(json_object_agg(k, json_build_object(
                              'responses', n, 'nps', v) ORDER BY k), '{}')
                     FROM (SELECT coalesce(segment, 'unknown') AS k, count(*) AS n,
                                  (100 * avg(prodops.nps_sign(score)))::float8 AS v
                             FROM r GROUP BY 1) x),
    'by_region', (SELECT coalesce(json_object_agg(k, json_build_object(
                             'responses', n, 'nps', v) ORDER BY k), '{}')
                    FROM (SELECT coalesce(region, 'unknown') AS k, count(*) AS n,
                                 (100 * avg(prodops.nps_sign(score)))::float8 AS v
                            FROM r GROUP BY 1) x),
    'top_themes', (SELECT coalesce(json_agg(json_build_object(
                                  'theme', k, 'count', c) ORDER BY c DESC, k), '[]')
                     FROM (SELECT k, count(*) AS c FROM r, unnest(themes) k
                            GROUP BY k ORDER BY c DESC, k LIMIT 10) x),
    'detractor_themes', (SELECT coalesce(json_agg(json_build_object(
                                        'theme', k, 'count', c) ORDER BY c DESC, k),
                                    '[]')
                           FROM (SELECT k, count(*) AS c
                                   FROM r, unnest(themes) k WHERE score <= 6
                                  GROUP BY k ORDER BY c DESC, k LIMIT 10) x),
    'trend', CASE WHEN $4::boolean THEN (SELECT json_agg(json_build_object(
                         'week', label, 'responses', n, 'nps', v) ORDER BY start)
                FROM (SELECT w.label, w.start, count(x.score) AS n,
                             (100 * avg(prodops.nps_sign(x.score)))::float8 AS v
                        FROM prodops.report_weeks($2::timestamptz, $3, 13) w
                        LEFT JOIN prodops.nps_responses x
                               ON x.responded_at >= w.start
                              AND x.responded_at < w.stop
                       GROUP BY w.label, w.start) t) END
);
