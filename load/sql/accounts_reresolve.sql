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
