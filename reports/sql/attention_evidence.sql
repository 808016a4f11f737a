-- SPEC §10 evidence: up to three texts of an attention item's top driver
-- in the week [$1, $2): detractor comments first, then ticket subjects,
-- of the rows in the item's cell ($3 = $4) and its driver's cell
-- ($5 = $6); dimension names are reports/attention_facts.c's, 'total' matches
-- every row, and a dimension a family lacks matches none of its rows.
-- Newest first within each kind, each text once, its white space runs
-- made one space (a list item is one line); the caller redacts them.
WITH c AS (
    SELECT 1 AS kind, r.responded_at AS at, r.comment AS text,
           jsonb_build_object(
               'total', 'all', 'survey', coalesce(r.survey, 'unknown'),
               'theme', coalesce(r.themes[1], 'none'),
               'plan', coalesce(a.plan, 'unknown'),
               'segment', coalesce(a.segment, 'unknown'),
               'region', coalesce(a.region, 'unknown'),
               'account', r.account_id) AS cells
      FROM prodops.nps_responses r
      LEFT JOIN prodops.accounts a ON a.account_id = r.account_id
     WHERE r.responded_at >= $1::timestamptz AND r.responded_at < $2::timestamptz
       AND r.score <= 6 AND coalesce(btrim(r.comment), '') <> ''
    UNION ALL
    SELECT 2, t.created_at, t.subject,
           jsonb_build_object(
               'total', 'all', 'product_area', t.product_area,
               'theme', t.theme, 'channel', t.channel,
               'priority', t.priority, 'plan', t.plan,
               'segment', t.segment, 'region', t.region,
               'account', t.account_id)
      FROM prodops.attention_tickets t
     WHERE t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
       AND coalesce(btrim(t.subject), '') <> ''
)
SELECT regexp_replace(btrim(text), '\s+', ' ', 'g') AS text
  FROM c
 WHERE cells ->> $3::text = $4::text AND cells ->> $5::text = $6::text
 GROUP BY 1
 ORDER BY min(kind), max(at) DESC, 1
 LIMIT 3;
