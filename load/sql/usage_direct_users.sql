-- A direct usage load (load/events.c): the file's person records with the
-- ids its events carry ($1 = the new source's id), each account resolved
-- once as usage_users.sql resolves it for a staged file (SPEC §3), each
-- person named (usage_direct_people.sql ran first).  The source is new,
-- so no record of it exists to conflict.  Returns each record's person and
-- account with the account's rank among the source's account ids in the
-- server's collation (0 for none), so that the loader's "greatest" is
-- max(account_id)'s when it makes the rollups (load/events.c).
WITH stored AS (
INSERT INTO prodops.usage_users (user_ref, source_id, user_id, device_id,
                                 email, account_ref, email_domain, account_id,
                                 person_id)
SELECT d.user_ref, $1::smallint, d.user_id, d.device_id, d.email,
       d.account_ref, d.email_domain, coalesce(a1.account_id, a3.account_id),
       k.person_id
  FROM direct_users d
  LEFT JOIN prodops.accounts a1 ON a1.account_id = nullif(d.account_ref, '')
  LEFT JOIN prodops.account_by_domain a3
         ON a3.domain = nullif(d.email_domain, '')
  JOIN prodops.usage_people k
    ON k.user_key = coalesce(nullif(d.user_id, ''), d.device_id)
 ORDER BY 1
RETURNING user_ref, person_id, account_id)
SELECT user_ref, person_id,
       CASE WHEN account_id IS NOT NULL
            THEN dense_rank() OVER (ORDER BY account_id) ELSE 0 END,
       account_id
  FROM stored;
