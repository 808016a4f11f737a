-- SPEC §3: accounts loaded after the rows they own still apply.
UPDATE prodops.tickets t
   SET account_id = r.account_id
  FROM (SELECT source, external_id,
               prodops.resolve_account(account_ref, organization,
                                       requester_domain) AS account_id
          FROM prodops.tickets) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;
