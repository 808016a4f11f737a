-- SPEC §9's metrics of every assigned person (exp_people with one
-- variant) for the metrics $1, over their window [first_at, until); with
-- $2 (CUPED) also the same metric over the $3 days before first exposure
-- (the pre-period, x).  Set-based: one pass over the events of the
-- metrics' names in the experiment's span, one over the tickets and one
-- over the NPS responses of the people's emails.
--   conversion:<event>  1 if at least one such event, else 0
--   count:<event>       the number of such events (event_count: a
--                       pre-aggregated export counts its rows' counts)
--   tickets             tickets created whose requester email is theirs
--   detractor           1 if their email answered NPS 0-6
-- People without an email have no tickets or detractor value (not 0):
-- those metrics count only the people they can be joined for.
WITH m AS (
    SELECT metric, split_part(metric, ':', 1) AS kind,
           CASE WHEN strpos(metric, ':') > 0
                THEN substr(metric, strpos(metric, ':') + 1) END AS event
      FROM unnest($1::text[]) AS metric
), a AS (
    SELECT person_id, variant, first_at, until, email,
           CASE WHEN $2::boolean
                THEN first_at - make_interval(days => $3::integer)
                ELSE first_at END AS from_at
      FROM exp_people
     WHERE variants = 1
), span AS (
    SELECT min(from_at) AS lo, max(until) AS hi FROM a
), ev AS (
    SELECT a.person_id, m.metric,
           sum(e.event_count) FILTER (WHERE e.event_time >= a.first_at) AS y,
           sum(e.event_count) FILTER (WHERE e.event_time < a.first_at) AS x
      FROM m
      JOIN prodops.usage_names n ON n.event_name = m.event
      JOIN prodops.events e ON e.name_id = n.name_id
      JOIN prodops.usage_users u ON u.user_ref = e.user_ref
      JOIN a ON a.person_id = u.person_id, span
     WHERE m.kind IN ('conversion', 'count')
       AND e.event_time >= span.lo AND e.event_time < span.hi
       AND e.event_time >= a.from_at AND e.event_time < a.until
     GROUP BY 1, 2
), tk AS (
    SELECT a.person_id,
           count(*) FILTER (WHERE t.created_at >= a.first_at) AS y,
           count(*) FILTER (WHERE t.created_at < a.first_at) AS x
      FROM a
      JOIN prodops.tickets t ON t.requester_email = a.email
     WHERE t.created_at >= a.from_at AND t.created_at < a.until
     GROUP BY 1
), np AS (
    SELECT a.person_id,
           max(CASE WHEN r.responded_at >= a.first_at THEN 1 ELSE 0 END) AS y,
           max(CASE WHEN r.responded_at < a.first_at THEN 1 ELSE 0 END) AS x
      FROM a
      JOIN prodops.nps_responses r
        ON r.respondent_email = a.email AND r.score <= 6
     WHERE r.responded_at >= a.from_at AND r.responded_at < a.until
     GROUP BY 1
)
INSERT INTO exp_values (person_id, variant, first_at, metric, y, x)
SELECT a.person_id, a.variant, a.first_at, m.metric,
       CASE m.kind WHEN 'conversion' THEN (coalesce(ev.y, 0) > 0)::integer
                   WHEN 'count' THEN coalesce(ev.y, 0)
                   WHEN 'tickets' THEN coalesce(tk.y, 0)
                   ELSE coalesce(np.y, 0) END,
       CASE m.kind WHEN 'conversion' THEN (coalesce(ev.x, 0) > 0)::integer
                   WHEN 'count' THEN coalesce(ev.x, 0)
                   WHEN 'tickets' THEN coalesce(tk.x, 0)
                   ELSE coalesce(np.x, 0) END
  FROM a
 CROSS JOIN m
  LEFT JOIN ev ON ev.person_id = a.person_id AND ev.metric = m.metric
  LEFT JOIN tk ON m.kind = 'tickets' AND tk.person_id = a.person_id
  LEFT JOIN np ON m.kind = 'detractor' AND np.person_id = a.person_id
 WHERE m.kind IN ('conversion', 'count') OR a.email IS NOT NULL;
