-- SPEC §4: an existing ticket takes the file's row when that row is newer,
-- or equally new but different (the later file wins a tie); an identical
-- row is unchanged and not written.  Accounts resolve as SPEC §3 says:
-- explicit id, organization name, then a non-free-mail email domain.
-- Themes derive from subject and tags, so they are not compared.
-- --reprocess (issue 13): a row still holding the file's earlier load ($2,
-- NULL otherwise) was read from this very content by an older mapping or
-- zone, so the file's row replaces it whatever the two updated_at say.
-- $1 = file_id.
UPDATE prodops.tickets t SET
    account_id = coalesce(a1.account_id, a2.account_id, a3.account_id),
    account_ref = s.account_ref, organization = s.organization,
    requester_email = s.requester_email,
    requester_domain = s.requester_domain, subject = s.subject,
    status = s.status, priority = s.priority, channel = s.channel,
    product_area = s.product_area, tags = s.tags, assignee = s.assignee,
    group_name = s.group_name, created_at = s.created_at,
    first_reply_at = s.first_reply_at, solved_at = s.solved_at,
    updated_at = s.updated_at, reopens = s.reopens, replies = s.replies,
    satisfaction = s.satisfaction, extra = s.extra, themes = s.themes,
    first_reply_business_secs = s.first_reply_business_secs,
    resolution_business_secs = s.resolution_business_secs,
    first_reply_reported = s.first_reply_reported,
    ticket_type = s.ticket_type, requester_name = s.requester_name,
    resolution_reported_secs = s.resolution_reported_secs,
    solved_time = s.solved_time, file_id = $1::bigint
  FROM stage_winners w
  JOIN stage_tickets s USING (ord)
  LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
  LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(s.organization)
  LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.requester_domain
 WHERE t.source = s.source AND t.external_id = s.external_id
   AND (s.updated_at > t.updated_at
        OR ((s.updated_at = t.updated_at OR t.file_id = $2::bigint)
            AND (s.updated_at, s.account_ref, s.organization,
                 s.requester_email, s.subject,
                 s.status, s.priority, s.channel, s.product_area, s.tags,
                 s.assignee, s.group_name, s.created_at, s.first_reply_at,
                 s.solved_at, s.reopens, s.replies, s.satisfaction, s.extra,
                 s.first_reply_business_secs, s.resolution_business_secs,
                 s.first_reply_reported, s.ticket_type, s.requester_name,
                 s.resolution_reported_secs)
                IS DISTINCT FROM
                (t.updated_at, t.account_ref, t.organization,
                 t.requester_email, t.subject,
                 t.status, t.priority, t.channel, t.product_area, t.tags,
                 t.assignee, t.group_name, t.created_at, t.first_reply_at,
                 t.solved_at, t.reopens, t.replies, t.satisfaction,
                 t.extra, t.first_reply_business_secs,
                 t.resolution_business_secs, t.first_reply_reported,
                 t.ticket_type, t.requester_name,
                 t.resolution_reported_secs)));
