-- SPEC §9: the exposures of the events this file inserted ($1 = file_id,
-- its events between $2 and $3, so that only their months' partitions are
-- read), after the events merge: an event already stored by another file
-- brought its exposure then.  Exposure events without an experiment or a
-- variant go to exposure_rejects with the reason (migration 017 says why
-- they are no row rejects); an exposure event with no properties at all
-- names neither.  Returns the exposures inserted.
WITH x AS (
    SELECT e.event_time, e.source_id, e.key_hash, e.user_ref, e.file_id,
           n.event_name, (prodops.exposure_of(n.event_name, e.properties)).*
      FROM prodops.events e
      JOIN prodops.usage_names n ON n.name_id = e.name_id
     WHERE e.file_id = $1::integer
       AND e.event_time BETWEEN $2::timestamptz AND $3::timestamptz
       AND prodops.is_exposure_event(n.event_name)
), bad AS (
    INSERT INTO prodops.exposure_rejects (event_time, source_id, key_hash,
                                          user_ref, event_name, experiment,
                                          file_id, reason)
    SELECT event_time, source_id, key_hash, user_ref, event_name,
           experiment, file_id,
           CASE WHEN experiment IS NULL THEN 'no experiment'
                ELSE 'no variant' END
      FROM x
     WHERE experiment IS NULL OR variant IS NULL
    ON CONFLICT DO NOTHING
)
INSERT INTO prodops.exposures (experiment, source_id, user_ref, exposed_at,
                               variant, file_id)
SELECT experiment, source_id, user_ref, event_time, variant, file_id
  FROM x
 WHERE experiment IS NOT NULL AND variant IS NOT NULL
ON CONFLICT DO NOTHING;
