-- --reprocess: how many of the earlier load's events ($2 = this load) the
-- file yielded again (updated); the rest of usage_old is withdrawn.
SELECT count(*)
  FROM usage_old o
  JOIN prodops.events e
    ON e.event_time = o.event_time AND e.source_id = o.source_id
   AND e.key_hash = o.key_hash
 WHERE e.file_id = $1::integer;
