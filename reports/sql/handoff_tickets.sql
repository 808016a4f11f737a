-- PM handoff tickets.csv: the tickets created in [$1, $2) that belong to
-- the area, i.e. whose product area is one of $3 (case-insensitive) or
-- whose themes meet $4.  Columns in the order of reports/handoff.c's
-- ticket_cols[]; the requester's email comes only to be turned into a
-- pseudonym in C and is never written.  Solved time falls back to
-- updated_at for solved/closed tickets (SPEC §6, solved_time).
SELECT t.source, t.external_id,
       to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       to_char(t.solved_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       t.status, t.priority, t.channel, t.product_area, t.subject,
       array_to_string(t.tags, ', '), array_to_string(t.themes, ', '),
       coalesce(a.name, t.organization), a.plan, a.arr,
       lower(btrim(t.requester_email)),
       round((extract(epoch FROM t.first_reply_at - t.created_at)
              / 3600)::numeric, 2),
       round((extract(epoch FROM t.solved_time - t.created_at)
              / 3600)::numeric, 2),
       t.satisfaction
  FROM prodops.tickets t
  LEFT JOIN prodops.accounts a ON a.account_id = t.account_id
 WHERE t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
   AND (lower(t.product_area) = ANY (SELECT lower(x)
                                       FROM unnest($3::text[]) x)
        OR t.themes && $4::text[])
 ORDER BY t.created_at, t.source, t.external_id;
