-- PM handoff nps_verbatims.csv: the responses of [$1, $2) with a comment
-- whose themes meet the area's themes $3.  Columns in the order of
-- reports/handoff.c's nps_cols[]; the email becomes a pseudonym in C.
SELECT to_char(n.responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       n.score,
       CASE WHEN n.score >= 9 THEN 'promoter'
            WHEN n.score >= 7 THEN 'passive' ELSE 'detractor' END,
       n.comment, array_to_string(n.themes, ', '), n.survey,
       coalesce(a.name, n.organization), a.plan, a.segment,
       lower(btrim(n.respondent_email))
  FROM prodops.nps_responses n
  LEFT JOIN prodops.accounts a ON a.account_id = n.account_id
 WHERE n.responded_at >= $1::timestamptz AND n.responded_at < $2::timestamptz
   AND n.themes && $3::text[]
   AND btrim(n.comment) <> ''
 ORDER BY n.responded_at, n.source, n.external_id;
