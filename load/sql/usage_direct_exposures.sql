-- SPEC §9 for a direct usage load (load/events.c): the exposures of the
-- file's exposure events, which the loader spooled during the COPY and
-- COPYed into direct_exposures (time, key hash, user_ref, name,
-- properties); $1 = file_id, $2 = the source's id.  As usage_exposures.sql
-- does for a staged file: those naming no experiment or no variant go to
-- exposure_rejects with the reason.  Every event of a direct load is new,
-- so every exposure event yields its row here.
WITH x AS (
    SELECT d.event_time, $2::smallint AS source_id, d.key_hash, d.user_ref,
           d.event_name, (prodops.exposure_of(d.event_name, d.properties)).*
      FROM direct_exposures d
     WHERE prodops.is_exposure_event(d.event_name)
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
