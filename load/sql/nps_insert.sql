-- New responses: the winners whose key is not in the table.  $1 = file_id.
INSERT INTO prodops.nps_responses (
    source, external_id, account_id, account_ref, organization,
    respondent_email, respondent_domain, score, comment, responded_at,
    updated_at, survey, extra, themes, file_id)
SELECT s.source, s.external_id,
       coalesce(a1.account_id, a2.account_id, a3.account_id),
       s.account_ref, s.organization, s.respondent_email, s.respondent_domain,
       s.score, s.comment, s.responded_at, s.updated_at, s.survey, s.extra, s.themes,
       $1::bigint
  FROM stage_winners w
  JOIN stage_nps s USING (ord)
  LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
  LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(s.organization)
  LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.respondent_domain
 WHERE NOT EXISTS (SELECT 1 FROM prodops.nps_responses t
                    WHERE t.source = s.source
                      AND t.external_id = s.external_id);
