-- Issue 17, the roll-up's verbatims: up to three texts per request, asked
-- before the end $1 -- detractor comments first (SPEC §10's evidence
-- order), then by the asking account's ARR, then the newest.  The rule
-- matches come as arrays as in requests_rollup.sql ($2 kind, $3 source,
-- $4 external_id, $5 request name).  Texts are redacted in C; the
-- account is shown by name, never an email.  Columns: name, via,
-- account, text.
WITH m AS (
    SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[],
                                  $5::text[]) AS m (kind, source, id, name)
), v AS (
    SELECT m.name, 'nps' AS via, n.account_id, n.organization,
           n.comment AS text, n.score <= 6 AS detractor,
           n.responded_at AS at
      FROM m JOIN prodops.nps_responses n
        ON m.kind = 'nps' AND n.source = m.source AND n.external_id = m.id
    UNION ALL
    SELECT m.name, 'ticket', t.account_id, t.organization, t.subject, false,
           t.created_at
      FROM m JOIN prodops.tickets t
        ON m.kind = 'ticket' AND t.source = m.source AND t.external_id = m.id
     WHERE t.subject IS NOT NULL
    UNION ALL
    SELECT m.name, 'post', r.account_id, r.organization,
           coalesce(r.description, r.title), false, r.created_at
      FROM m JOIN prodops.requests r
        ON m.kind = 'post' AND r.source = m.source AND r.external_id = m.id
), ranked AS (
    SELECT v.name, v.via, coalesce(a.name, v.organization) AS account,
           v.text,
           row_number() OVER (PARTITION BY v.name
                              ORDER BY v.detractor DESC,
                                       a.arr DESC NULLS LAST, v.at DESC,
                                       v.text) AS rn
      FROM v LEFT JOIN prodops.accounts a ON a.account_id = v.account_id
     WHERE v.at < $1::timestamptz AND btrim(v.text) <> ''
)
SELECT name, via, account, text FROM ranked WHERE rn <= 3
 ORDER BY name, rn;
