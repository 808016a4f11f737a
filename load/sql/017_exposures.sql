-- Issue 16: experiment exposures (SPEC §9), one row per exposure event
-- that names its experiment and variant, read from the lean event rows of
-- migration 014 (exposure events keep their properties).  Kept as their
-- own table so that a readout reads a few thousand exposure rows by
-- experiment instead of every event's jsonb; the rows are made at load
-- (load/sql/usage_exposures.sql, after the events merge) and, for the
-- events already stored, below.
--
-- Where each vendor puts the experiment and the variant.  Properties are
-- stored under their flattened names (transform/README.md): Amplitude's
-- "event_properties.flag_key", Mixpanel's "properties.Experiment name", a
-- PostHog CSV's "properties.$feature_flag", Segment's
-- "properties.experiment_name"; a bare name (a mapped export) is read too.
CREATE FUNCTION prodops.exposure_prop(p jsonb, k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(btrim(coalesce(p->>('event_properties.' || k),
                                 p->>('properties.' || k), p->>k)), '')
$$;

-- SPEC §9's table: the experiment and variant of an exposure event (NULL
-- where the event does not carry one).
CREATE FUNCTION prodops.exposure_of(name text, p jsonb, OUT experiment text,
                                    OUT variant text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE name
           WHEN '$exposure' THEN prodops.exposure_prop(p, 'flag_key')
           WHEN '[Experiment] Exposure' THEN prodops.exposure_prop(p, 'flag_key')
           WHEN '$experiment_started'
               THEN prodops.exposure_prop(p, 'Experiment name')
           WHEN '$feature_flag_called'
               THEN prodops.exposure_prop(p, '$feature_flag')
           WHEN 'Experiment Viewed'
               THEN coalesce(prodops.exposure_prop(p, 'experiment_name'),
                             prodops.exposure_prop(p, 'experiment_id'))
           END,
           CASE name
           WHEN '$exposure' THEN prodops.exposure_prop(p, 'variant')
           WHEN '[Experiment] Exposure' THEN prodops.exposure_prop(p, 'variant')
           WHEN '$experiment_started'
               THEN prodops.exposure_prop(p, 'Variant name')
           WHEN '$feature_flag_called'
               THEN prodops.exposure_prop(p, '$feature_flag_response')
           WHEN 'Experiment Viewed'
               THEN coalesce(prodops.exposure_prop(p, 'variation_name'),
                             prodops.exposure_prop(p, 'variation_id'))
           END
$$;

-- The user is the event's person as the export named it (usage_users:
-- user id, device, email); the readout assigns by person (usage_people),
-- the user key SPEC §6 counts.  Deduped: one exposure per person record,
-- experiment, variant and instant, whichever file brought it first.
CREATE TABLE prodops.exposures (
    experiment text NOT NULL,
    source_id  smallint NOT NULL,
    user_ref   integer NOT NULL,
    exposed_at timestamptz NOT NULL,
    variant    text NOT NULL,
    file_id    integer NOT NULL,
    PRIMARY KEY (experiment, source_id, user_ref, exposed_at, variant)
);

-- An exposure event that names no experiment or no variant is counted
-- here with the reason, never dropped silently: the event itself stays a
-- usage event (it is one), so it is not a row reject of its file.
CREATE TABLE prodops.exposure_rejects (
    event_time timestamptz NOT NULL,
    source_id  smallint NOT NULL,
    key_hash   uuid NOT NULL,
    user_ref   integer NOT NULL,
    event_name text NOT NULL,
    experiment text, -- when the event names one (no variant)
    file_id    integer NOT NULL,
    reason     text NOT NULL,
    PRIMARY KEY (event_time, source_id, key_hash)
);

-- Readable, as prodops.usage_events is.
CREATE VIEW prodops.exposure_events AS
SELECT x.experiment, s.source,
       coalesce(nullif(u.user_id, ''), u.device_id) AS user_key,
       nullif(u.email, '') AS email, u.person_id, x.variant, x.exposed_at,
       x.file_id
  FROM prodops.exposures x
  JOIN prodops.usage_sources s ON s.source_id = x.source_id
  JOIN prodops.usage_users u ON u.user_ref = x.user_ref;

-- The exposure events already stored.
INSERT INTO prodops.exposures (experiment, source_id, user_ref, exposed_at,
                               variant, file_id)
SELECT x.experiment, e.source_id, e.user_ref, e.event_time, x.variant,
       e.file_id
  FROM prodops.events e
  JOIN prodops.usage_names n ON n.name_id = e.name_id,
       LATERAL prodops.exposure_of(n.event_name, e.properties) x
 WHERE prodops.is_exposure_event(n.event_name)
   AND x.experiment IS NOT NULL AND x.variant IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO prodops.exposure_rejects (event_time, source_id, key_hash,
                                      user_ref, event_name, experiment,
                                      file_id, reason)
SELECT e.event_time, e.source_id, e.key_hash, e.user_ref, n.event_name,
       x.experiment, e.file_id,
       CASE WHEN x.experiment IS NULL THEN 'no experiment'
            ELSE 'no variant' END
  FROM prodops.events e
  JOIN prodops.usage_names n ON n.name_id = e.name_id,
       LATERAL prodops.exposure_of(n.event_name, e.properties) x
 WHERE prodops.is_exposure_event(n.event_name)
   AND (x.experiment IS NULL OR x.variant IS NULL)
ON CONFLICT DO NOTHING;
