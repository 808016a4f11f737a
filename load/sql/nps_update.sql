-- An existing response takes the file's version when it is newer, or as
-- new but different; identical versions are unchanged.  --reprocess
-- (issue 13): a response still holding the file's earlier load ($2, NULL
-- otherwise) takes the file's version whatever the two updated_at say.
-- $1 = file_id.
UPDATE prodops.nps_responses t SET
    account_id = coalesce(a1.account_id, a2.account_id, a3.account_id),
    account_ref = s.account_ref, organization = s.organization,
    respondent_email = s.respondent_email,
    respondent_domain = s.respondent_domain, score = s.score,
    comment = s.comment, responded_at = s.responded_at,
    updated_at = s.updated_at, survey = s.survey, extra = s.extra,
    themes = s.themes,
    file_id = $1::bigint
  FROM stage_winners w
  JOIN stage_nps s USING (ord)
  LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
  LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(s.organization)
  LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.respondent_domain
 WHERE t.source = s.source AND t.external_id = s.external_id
   AND (s.updated_at > t.updated_at
        OR ((s.updated_at = t.updated_at OR t.file_id = $2::bigint)
            AND (s.updated_at, s.account_ref, s.organization,
                 s.respondent_email, s.score, s.comment, s.responded_at,
                 s.survey, s.extra)
                IS DISTINCT FROM
                (t.updated_at, t.account_ref, t.organization,
                 t.respondent_email, t.score, t.comment, t.responded_at,
                 t.survey, t.extra)));
