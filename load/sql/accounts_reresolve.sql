-- SPEC §3: accounts loaded after the rows they own still apply.  Set-based
-- with the lookups of migration 002; only rows whose account changes are
-- written.
UPDATE prodops.tickets t
   SET account_id = r.account_id
  FROM (SELECT x.source, x.external_id,
               coalesce(a1.account_id, a2.account_id, a3.account_id)
                   AS account_id
          FROM prodops.tickets x
          LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
          LEFT JOIN prodops.account_by_name a2
                 ON a2.lname = lower(x.organization)
          LEFT JOIN prodops.account_by_domain a3
                 ON a3.domain = x.requester_domain) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;

UPDATE prodops.nps_responses t
   SET account_id = r.account_id
  FROM (SELECT x.source, x.external_id,
               coalesce(a1.account_id, a2.account_id, a3.account_id)
                   AS account_id
          FROM prodops.nps_responses x
          LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
          LEFT JOIN prodops.account_by_name a2
                 ON a2.lname = lower(x.organization)
          LEFT JOIN prodops.account_by_domain a3
                 ON a3.domain = x.respondent_domain) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;

-- Usage: the events whose account changes, then their rows in both
-- rollups.
WITH r AS (
    SELECT x.source, x.event_key, x.event_time,
           coalesce(a1.account_id, a3.account_id) AS account_id
      FROM prodops.usage_events x
      LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
      LEFT JOIN prodops.account_by_domain a3 ON a3.domain = x.email_domain
), changed AS (
    UPDATE prodops.usage_events t
       SET account_id = r.account_id
      FROM r
     WHERE t.source = r.source AND t.event_key = r.event_key
       AND t.event_time = r.event_time
       AND t.account_id IS DISTINCT FROM r.account_id
    RETURNING (t.event_time AT TIME ZONE 'UTC')::date AS day, t.source,
              t.user_key, t.event_name, t.account_id
), daily AS (
    UPDATE prodops.usage_daily d
       SET account_id = c.account_id
      FROM (SELECT day, source, user_key, event_name,
                   max(account_id) AS account_id
              FROM changed
             GROUP BY 1, 2, 3, 4) c
     WHERE d.day = c.day AND d.source = c.source AND d.user_key = c.user_key
       AND d.event_name = c.event_name
)
UPDATE prodops.usage_user_days u
   SET account_id = c.account_id
  FROM (SELECT day, source, user_key, max(account_id) AS account_id
          FROM changed
         GROUP BY 1, 2, 3) c
 WHERE u.day = c.day AND u.source = c.source AND u.user_key = c.user_key;
