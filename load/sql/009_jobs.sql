-- Issue 6: scheduled jobs.  A job run is a prodops.runs row like an
-- ingest run, with what the scheduler and the history need: the instant
-- it ran for (catch-up and "never twice" compare it), the attempt number
-- (one row per attempt, so retries are visible), the last error, the
-- files it wrote (retention deletes only these) and who ran it (host and
-- pid, also in the lock holder's application_name).  Rows of `prodops
-- ingest` keep these NULL: trigger IS NOT NULL marks a job run.

ALTER TABLE prodops.runs
    ADD COLUMN scheduled_for timestamptz,
    ADD COLUMN trigger       text CHECK (trigger IN ('manual', 'schedule',
                                                     'catchup')),
    ADD COLUMN attempt       integer,
    ADD COLUMN error         text,
    ADD COLUMN outputs       text[] NOT NULL DEFAULT '{}',
    ADD COLUMN outputs_removed boolean NOT NULL DEFAULT false,
    ADD COLUMN host          text,
    ADD COLUMN pid           integer;

CREATE INDEX runs_job_started ON prodops.runs (job, started_at);
