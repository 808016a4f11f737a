-- Issue 17, the request roll-up's input: every text the request rules
-- read, asked before the period's end $1 -- tickets (subject and tags)
-- and NPS comments whose theme is "feature request" (SPEC §8), and every
-- post.  A post merged into another (merged_into, Fider's
-- original_number) is read as its root post -- the end of its chain of
-- merges, when that post is loaded -- so its votes and askers count for
-- the original.  Columns: kind (ticket, nps, post), source, external_id,
-- the text to match, and for posts the root's title (the request's name
-- when no rule matches).
WITH RECURSIVE chain (source, external_id, root, depth) AS (
    SELECT r.source, r.external_id, r.external_id, 0
      FROM prodops.requests r
     WHERE r.created_at < $1::timestamptz
    UNION ALL
    SELECT c.source, c.external_id, p.merged_into, c.depth + 1
      FROM chain c
      JOIN prodops.requests p
        ON p.source = c.source AND p.external_id = c.root
     WHERE p.merged_into IS NOT NULL AND p.merged_into <> p.external_id
       AND c.depth < 16
       AND EXISTS (SELECT 1 FROM prodops.requests o
                    WHERE o.source = p.source
                      AND o.external_id = p.merged_into)
), roots AS (
    SELECT DISTINCT ON (source, external_id) source, external_id, root
      FROM chain
     ORDER BY source, external_id, depth DESC
)
SELECT 'ticket', t.source, t.external_id,
       concat_ws(' ', t.subject, array_to_string(t.tags, ' ')), NULL
  FROM prodops.tickets t
 WHERE 'feature request' = ANY (t.themes) AND t.created_at < $1::timestamptz
UNION ALL
SELECT 'nps', n.source, n.external_id, n.comment, NULL
  FROM prodops.nps_responses n
 WHERE 'feature request' = ANY (n.themes)
   AND n.responded_at < $1::timestamptz AND n.comment IS NOT NULL
UNION ALL
SELECT 'post', o.source, o.external_id,
       concat_ws(E'\n', p.title, p.description), p.title
  FROM roots o
  JOIN prodops.requests p ON p.source = o.source AND p.external_id = o.root
 ORDER BY 1, 2, 3;
