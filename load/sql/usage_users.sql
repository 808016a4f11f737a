-- The file's people (migration 014: '' is absent), after
-- usage_dictionaries.sql made the source and the user key (migration
-- 015: person_id).
INSERT INTO prodops.usage_users (source_id, user_id, device_id, email,
                                 account_ref, email_domain, account_id,
                                 person_id)
SELECT p.source_id, p.user_id, p.device_id, p.email, p.account_ref,
       p.email_domain, coalesce(a1.account_id, a3.account_id), k.person_id
  FROM (SELECT DISTINCT src.source_id, coalesce(s.user_id, '') AS user_id,
               coalesce(s.device_id, '') AS device_id,
               coalesce(s.email, '') AS email,
               coalesce(s.account_ref, '') AS account_ref,
               coalesce(s.email_domain, '') AS email_domain
          FROM stage_usage s
          JOIN prodops.usage_sources src ON src.source = s.source) p
  LEFT JOIN prodops.accounts a1 ON a1.account_id = nullif(p.account_ref, '')
  LEFT JOIN prodops.account_by_domain a3
         ON a3.domain = nullif(p.email_domain, '')
  JOIN prodops.usage_people k
    ON k.user_key = coalesce(nullif(p.user_id, ''), p.device_id)
 ORDER BY 1, 2, 3
ON CONFLICT DO NOTHING;
