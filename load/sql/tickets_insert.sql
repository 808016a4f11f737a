-- New tickets: a plain INSERT of the winners whose key is not in the table
-- (an anti-join on the primary key).  Faster than INSERT ... ON CONFLICT,
-- whose speculative insertion nearly doubled the merge.  $1 = file_id.
INSERT INTO prodops.tickets (
    source, external_id, account_id, account_ref, organization,
    requester_email, requester_domain, subject, status, priority, channel,
    product_area, tags, assignee, group_name, created_at, first_reply_at,
    solved_at, updated_at, reopens, replies, satisfaction, extra, themes,
    first_reply_business_secs, resolution_business_secs, first_reply_reported,
    ticket_type, requester_name, resolution_reported_secs, solved_time,
    file_id)
SELECT s.source, s.external_id,
       coalesce(a1.account_id, a2.account_id, a3.account_id),
       s.account_ref, s.organization, s.requester_email, s.requester_domain,
       s.subject, s.status, s.priority, s.channel, s.product_area, s.tags,
       s.assignee, s.group_name, s.created_at, s.first_reply_at, s.solved_at,
       s.updated_at, s.reopens, s.replies, s.satisfaction, s.extra, s.themes,
       s.first_reply_business_secs, s.resolution_business_secs,
       s.first_reply_reported, s.ticket_type, s.requester_name,
       s.resolution_reported_secs, s.solved_time, $1::bigint
  FROM stage_winners w
  JOIN stage_tickets s USING (ord)
  LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
  LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(s.organization)
  LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.requester_domain
 WHERE NOT EXISTS (SELECT 1 FROM prodops.tickets t
                    WHERE t.source = s.source
                      AND t.external_id = s.external_id);
