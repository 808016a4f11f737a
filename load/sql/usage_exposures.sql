-- SPEC §9: the exposures of the file's exposure events ($1 = file_id), after
-- the events merge.  Read from the staging table -- the file's rows, a few
-- of them exposure events -- rather than from the events the file inserted,
-- which would scan the partitions of the file's whole time span on every
-- load.  An event the warehouse held already (an overlapping export)
-- yields the exposure it brought then, which the conflict keeps with its
-- file.  Exposure events without an experiment or a variant go to
-- exposure_rejects with the reason (migration 017 says why they are no row
-- rejects); one with no properties at all names neither.  Returns the
-- exposures inserted.
WITH x AS (
    SELECT s.event_time, src.source_id,
           s.key_hash, u.user_ref,
           s.event_name, (prodops.exposure_of(s.event_name, s.properties)).*
      FROM stage_usage s
      JOIN prodops.usage_sources src ON src.source = s.source
      JOIN prodops.usage_users u
        ON u.source_id = src.source_id
       AND u.user_id = coalesce(s.user_id, '')
       AND u.device_id = coalesce(s.device_id, '')
       AND u.email = coalesce(s.email, '')
       AND u.account_ref = coalesce(s.account_ref, '')
       AND u.email_domain = coalesce(s.email_domain, '')
     WHERE prodops.is_exposure_event(s.event_name)
), bad AS (
    INSERT INTO prodops.exposure_rejects (event_time, source_id, key_hash,
                                          user_ref, event_name, experiment,
                                          file_id, reason)
    SELECT event_time, source_id, key_hash, user_ref, event_name,
           experiment, $1::integer,
           CASE WHEN experiment IS NULL THEN 'no experiment'
                ELSE 'no variant' END
      FROM x
     WHERE experiment IS NULL OR variant IS NULL
    ON CONFLICT DO NOTHING
)
INSERT INTO prodops.exposures (experiment, source_id, user_ref, exposed_at,
                               variant, file_id)
SELECT experiment, source_id, user_ref, event_time, variant, $1::integer
  FROM x
 WHERE experiment IS NOT NULL AND variant IS NOT NULL
ON CONFLICT DO NOTHING;
