-- $4: whether to compute the 13-week trend (the week before's report
-- leaves it null: nobody reads it).
-- $11: [report] ignore_tags as LIKE patterns, left out of the top tags;
-- $12, $13: [product_areas] aliases and the names they are shown as
-- (reports/hygiene.h).  The stored rows keep what the vendor sent.
-- $5-$10: SPEC §6 "Support operations" (reports/support.h): the business
-- zone (NULL without [business_hours]), opens and closes by ISO weekday
-- (interval[], NULL = closed), holidays (date[]); the priorities with a
-- first-reply target and their hours (NULL without [sla]).
-- SPEC §6 tickets over the period [$1, $2) (timestamptz), as one JSON
-- object, with the 13-week trend of created and solved in zone $3.  Counts
-- are counts (0 in an empty week); medians, percentiles and percentages
-- are null when nothing qualifies.  solved_time is the solved time, else
-- the updated_at of a solved or closed ticket (migration 005).  Every part
-- reads an index range: created_at, solved_time, or both for the backlog.
WITH created AS (
    -- Only the columns read below: the CTE is materialized, and a quarter
    -- (the OKR review) holds hundreds of thousands of rows.
    SELECT created_at, first_reply_at, channel, priority, product_area, tags,
           themes, first_reply_business_secs, first_reply_reported
      FROM prodops.tickets
     WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
), solved AS (
    SELECT satisfaction, reopens, replies, created_at, solved_time,
           resolution_business_secs,
           extract(epoch FROM solved_time - created_at)::float8 / 3600 AS hours
      FROM prodops.tickets
     WHERE solved_time >= $1::timestamptz AND solved_time < $2::timestamptz
), replied AS (
    SELECT extract(epoch FROM first_reply_at - created_at)::float8 / 3600
               AS hours
      FROM created WHERE first_reply_at IS NOT NULL
), backlog AS (
    -- SPEC §6 backlog_end, with its age: one pass over the index range.
    SELECT count(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY date_part('epoch', $2::timestamptz - created_at))
               / 86400 AS age_median_days,
           count(*) FILTER (WHERE created_at < $2::timestamptz
                                               - interval '168 hours')
               AS older_7d
      FROM prodops.tickets
     WHERE created_at < $2::timestamptz
       AND (solved_time IS NULL OR solved_time >= $2::timestamptz)
), cal AS (
    -- The business calendar (migration 012) over every day a duration
    -- below starts or ends on; empty without [business_hours] ($5::text NULL).
    SELECT * FROM prodops.business_days(
        (least($1::timestamptz, (SELECT min(created_at) FROM solved),
               (SELECT min(first_reply_at) FROM created))
             AT TIME ZONE $5::text)::date,
        (greatest($2::timestamptz, (SELECT max(first_reply_at) FROM created))
             AT TIME ZONE $5::text)::date,
        $5::text, $6::interval[], $7::interval[], $8::date[])
), support_created AS (
    -- Per ticket created in P: its first reply (replied), the first-reply
    -- time and the time it has been waiting by end, in business hours
    -- when [business_hours] exists (the vendor's own figure first), else
    -- calendar hours.  A reply known only by its business duration has no
    -- calendar one.
    SELECT c.priority, c.first_reply_reported,
           c.first_reply_at IS NOT NULL
               OR c.first_reply_business_secs IS NOT NULL AS replied,
           CASE WHEN $5::text IS NULL
                THEN date_part('epoch', c.first_reply_at - c.created_at)
                ELSE coalesce(c.first_reply_business_secs,
                              prodops.business_at(c.first_reply_at, r.before,
                                                  r.opens_at, r.closes_at)
                              - prodops.business_at(c.created_at, a.before,
                                                    a.opens_at, a.closes_at))
           END / 3600 AS reply_hours,
           CASE WHEN $5::text IS NULL
                THEN date_part('epoch', $2::timestamptz - c.created_at)
                ELSE prodops.business_at($2::timestamptz, e.before, e.opens_at,
                                         e.closes_at)
                     - prodops.business_at(c.created_at, a.before, a.opens_at,
                                           a.closes_at)
           END / 3600 AS waiting_hours
      FROM created c
      LEFT JOIN cal a ON a.day = (c.created_at AT TIME ZONE $5::text)::date
      LEFT JOIN cal r ON r.day = (c.first_reply_at AT TIME ZONE $5::text)::date
      LEFT JOIN cal e ON e.day = ($2::timestamptz AT TIME ZONE $5::text)::date
), business_replied AS (
    SELECT reply_hours AS hours FROM support_created
     WHERE $5::text IS NOT NULL AND reply_hours IS NOT NULL
), business_solved AS (
    SELECT coalesce(s.resolution_business_secs,
                    prodops.business_at(s.solved_time, b.before, b.opens_at,
                                        b.closes_at)
                    - prodops.business_at(s.created_at, a.before, a.opens_at,
                                          a.closes_at)) / 3600 AS hours
      FROM solved s
      JOIN cal a ON a.day = (s.created_at AT TIME ZONE $5::text)::date
      JOIN cal b ON b.day = (s.solved_time AT TIME ZONE $5::text)::date
), sla AS (
    SELECT * FROM unnest($9::text[], $10::float8[]) AS t(priority, hours)
), weeks AS (
    SELECT * FROM prodops.report_weeks($2::timestamptz, $3, 13)
)
SELECT json_build_object(
    'tickets_created', (SELECT count(*) FROM created),
    'tickets_solved', (SELECT count(*) FROM solved),
    'backlog_end', (SELECT n FROM backlog),
    'first_reply_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM replied),
    'first_reply_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FROM replied),
    'resolution_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM solved),
    'resolution_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FROM solved),
    'csat_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good')
                / nullif(count(satisfaction), 0) FROM solved),
    'reopen_rate_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE reopens > 0)
                / nullif(count(reopens), 0) FROM solved),
    'first_reply_business_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)
           FROM business_replied),
    'first_reply_business_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)
           FROM business_replied),
    'resolution_business_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)
           FROM business_solved),
    'resolution_business_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)
           FROM business_solved),
    -- A breach: the reply came later than the target, or there is none
    -- and the target had passed by end.  Only exports with a first-reply
    -- column count (unknown is not a breach); a reply of unknown duration
    -- is none.
    'sla_breach_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE CASE WHEN c.replied
                                                    THEN c.reply_hours > s.hours
                                                    ELSE c.waiting_hours > s.hours
                                               END)
                / nullif(count(*), 0)
           FROM support_created c JOIN sla s USING (priority)
          WHERE c.first_reply_reported),
    'backlog_age_median_days', (SELECT age_median_days FROM backlog),
    'backlog_older_7d', (SELECT older_7d FROM backlog),
    'one_touch_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE replies = 1)
                / nullif(count(replies), 0) FROM solved),
    'by_channel', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                     FROM (SELECT coalesce(channel, 'unknown') AS k, count(*) AS n
                             FROM created GROUP BY 1) x),
    'by_priority', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                      FROM (SELECT coalesce(priority, 'unknown') AS k, count(*) AS n
                              FROM created GROUP BY 1) x),
    'by_product_area', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                          FROM (SELECT coalesce(
                                           (SELECT m.t FROM unnest($12::text[], $13::text[]) m(f, t)
                                             WHERE lower(m.f) = lower(product_area)),
                                           product_area, 'unknown') AS k,
                                       count(*) AS n
                                  FROM created GROUP BY 1) x),
    'top_tags', (SELECT coalesce(json_agg(json_build_object('tag', k, 'count', n)
                                          ORDER BY n DESC, k), '[]')
                   FROM (SELECT k, count(*) AS n FROM created, unnest(tags) k
                          WHERE NOT k ILIKE ANY ($11::text[])
                          GROUP BY k ORDER BY n DESC, k LIMIT 10) x),
    'top_themes', (SELECT coalesce(json_agg(json_build_object('theme', k, 'count', n)
                                            ORDER BY n DESC, k), '[]')
                     FROM (SELECT k, count(*) AS n FROM created, unnest(themes) k
                            GROUP BY k ORDER BY n DESC, k LIMIT 10) x),
    'trend', CASE WHEN $4::boolean THEN (SELECT json_agg(json_build_object(
                         'week', w.label,
                         'tickets_created', (SELECT count(*) FROM prodops.tickets
                                              WHERE created_at >= w.start
                                                AND created_at < w.stop),
                         'tickets_solved', (SELECT count(*) FROM prodops.tickets
                                             WHERE solved_time >= w.start
                                               AND solved_time < w.stop))
                     ORDER BY w.start)
                FROM weeks w) END
);
