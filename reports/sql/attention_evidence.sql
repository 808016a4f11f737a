-- SPEC §10 evidence: up to three texts of each attention item's top
-- driver in the week [$1, $2): detractor comments first, then ticket
-- subjects, of the rows in the item's cell ($3[n] = $4[n]) and its
-- driver's cell ($5[n] = $6[n]), n the item's number (1-based, the first
-- column); dimension names are reports/attention_facts.c's, 'total'
-- matches every row, and a dimension a family lacks matches none of its
-- rows.  Newest first within each kind, each text once, its white space
-- runs made one space (a list item is one line); the caller redacts them.
-- Issue 15: one statement for every item, each row's cells an array
-- read by position, where a jsonb of them was built for every row of the
-- week, once per item (five statements, 0.2-0.35 s each at 1 M tickets).
WITH i AS (
    -- The positions in c.cells of each item's two dimensions.
    SELECT i.n, array_position(d.names, i.d1) AS p1, i.v1,
           array_position(d.names, i.d2) AS p2, i.v2
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS i(d1, v1, d2, v2, n),
           (VALUES (ARRAY['total', 'survey', 'theme', 'product_area',
                          'channel', 'priority', 'plan', 'segment', 'region',
                          'account'])) d(names)
), c AS (
    SELECT 1 AS kind, r.responded_at AS at, r.comment AS text,
           ARRAY['all', coalesce(r.survey, 'unknown'),
                 coalesce(r.themes[1], 'none'), NULL, NULL, NULL,
                 coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
                 coalesce(a.region, 'unknown'), r.account_id] AS cells
      FROM prodops.nps_responses r
      LEFT JOIN prodops.accounts a ON a.account_id = r.account_id
     WHERE r.responded_at >= $1::timestamptz AND r.responded_at < $2::timestamptz
       AND r.score <= 6 AND coalesce(btrim(r.comment), '') <> ''
    UNION ALL
    SELECT 2, t.created_at, t.subject,
           ARRAY['all', NULL, t.theme, t.product_area, t.channel, t.priority,
                 t.plan, t.segment, t.region, t.account_id]
      FROM prodops.attention_tickets t
     WHERE t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
       AND coalesce(btrim(t.subject), '') <> ''
), m AS (
    SELECT i.n, regexp_replace(btrim(c.text), '\s+', ' ', 'g') AS text,
           min(c.kind) AS kind, max(c.at) AS at
      FROM i JOIN c ON c.cells[i.p1] = i.v1 AND c.cells[i.p2] = i.v2
     GROUP BY 1, 2
)
SELECT n, text
  FROM (SELECT n, text,
               row_number() OVER (PARTITION BY n ORDER BY kind, at DESC, text)
                   AS k
          FROM m) x
 WHERE k <= 3
 ORDER BY n, k;
