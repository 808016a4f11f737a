-- SPEC §3 for a direct load: the new rows of file $1 (all of source $2)
-- get their accounts.  Run only when accounts exist and the loader could
-- not resolve them as it COPYed the rows (load/account_map.h: a database
-- whose lower() folds more than ASCII letters, or a very large CRM); the
-- lookups here are the ones account_map.c reads.
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
                 ON a3.domain = x.requester_domain
         WHERE x.source = $2 AND x.file_id = $1::bigint) r
 WHERE r.account_id IS NOT NULL
   AND t.source = r.source AND t.external_id = r.external_id;
