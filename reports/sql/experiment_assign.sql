-- SPEC §9 assignment of experiment $1 (the flag): every person exposed
-- from the start day $2 to before the cut-off day $3 (local days of zone
-- $5: the day after min(end, as-of)), with the variant of their first
-- exposure, the number of variants they saw (two or more: a crossover,
-- excluded by the readout and counted), and their metrics window [first
-- exposure, min(first exposure + $4 days, cut-off)).  A person is the user
-- key SPEC §6 counts (usage_people), whichever source exposed them; their
-- email is the one their usage rows carry (SPEC §9: the user id when it is
-- an email, else the export's email property).  Into the temporary table
-- exp_people (reports/experiment_report.c makes it).
WITH x AS (
    SELECT u.person_id, count(DISTINCT x.variant) AS variants,
           (array_agg(x.variant ORDER BY x.exposed_at, x.variant))[1]
               AS variant,
           min(x.exposed_at) AS first_at
      FROM prodops.exposures x
      JOIN prodops.usage_users u ON u.user_ref = x.user_ref
     WHERE x.experiment = $1
       AND x.exposed_at >= $2::date::timestamp AT TIME ZONE $5
       AND x.exposed_at < $3::date::timestamp AT TIME ZONE $5
     GROUP BY u.person_id
), mail AS (
    SELECT u.person_id, max(u.email) AS email
      FROM prodops.usage_users u
     WHERE u.person_id IN (SELECT person_id FROM x) AND u.email <> ''
     GROUP BY 1
)
INSERT INTO exp_people (person_id, variants, variant, first_at, until, email)
SELECT x.person_id, x.variants, x.variant, x.first_at,
       least(x.first_at + make_interval(days => $4::integer),
             $3::date::timestamp AT TIME ZONE $5),
       mail.email
  FROM x
  LEFT JOIN mail USING (person_id);
