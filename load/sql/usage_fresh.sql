-- Can none of the staged events conflict?  True when no event and no
-- rollup row of the file's sources lies in the UTC days the file spans
-- ($1, $2: its first and last event time).  Whole days, because the
-- rollups are kept by UTC day: an earlier file's event late on the
-- file's first day would own a rollup row the file adds to.  Then
-- usage_insert_fresh.sql and usage_rollup_fresh.sql insert without ON
-- CONFLICT (stage.c merge_usage_fresh()).  Both probes are range scans of a
-- primary key that leads with the time or the day.
WITH src AS (
    SELECT source_id FROM prodops.usage_sources
     WHERE source IN (SELECT DISTINCT source FROM stage_usage)
), span AS (
    SELECT ($1::timestamptz AT TIME ZONE 'UTC')::date AS d0,
           ($2::timestamptz AT TIME ZONE 'UTC')::date AS d1
)
SELECT NOT EXISTS (SELECT 1
                     FROM prodops.events e, span
                    WHERE e.event_time >= span.d0::timestamp AT TIME ZONE 'UTC'
                      AND e.event_time < (span.d1 + 1)::timestamp
                                         AT TIME ZONE 'UTC'
                      AND e.source_id IN (SELECT source_id FROM src))
   AND NOT EXISTS (SELECT 1
                     FROM prodops.rollup_user_days r, span
                    WHERE r.day BETWEEN span.d0 AND span.d1
                      AND r.source_id IN (SELECT source_id FROM src));
