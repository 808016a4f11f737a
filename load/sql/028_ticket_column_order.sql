-- Issue 15, storage: the tickets' columns in an order that needs no
-- alignment padding.
--
-- A row's 8-byte columns (the timestamps, file_id and the seconds) start
-- at a multiple of 8 and its integers at a multiple of 4; a text of fewer
-- than 127 bytes has no alignment.  Among the texts, created_at,
-- file_id and resolution_reported_secs each waited for up to 7 bytes of
-- padding, reopens for up to 3.  The fixed-width columns first, widest
-- first, then the texts: the 1 M-row bench table's heap is 391.4 MB
-- instead of 399.4 MB (the same rows copied into both orders), the same
-- 8 MB of the warehouse total that issue 15's storage goal (2x DuckDB's
-- file) had no margin for.
--
-- PostgreSQL has no statement that moves a column, so the table is
-- rebuilt: its rows copied in their physical order (the BRIN on
-- created_at relies on it), the old table dropped, its keys, checks,
-- indexes and the view that reads it made again as migrations 005-027
-- left them.  Every writer names its columns (load/stage.c's COPY, the
-- staged INSERT and UPDATE), so none depends on the order.
--
-- What others added to the table must not vanish with it: privileges
-- granted on it or on the attention view (a BI role's SELECT) and the
-- table's comments are carried over; a view, trigger, foreign key, row
-- policy or publication of someone else's is not rebuilt here, so the
-- migration stops before touching anything and names it (dropping the
-- table would fail on the first and silently take the others along).
DO $$
DECLARE
    theirs text;
BEGIN
    SELECT string_agg(what, ', ' ORDER BY what) INTO theirs FROM (
        SELECT DISTINCT format('view %s', v.oid::regclass) AS what
          FROM pg_depend d
          JOIN pg_rewrite r ON r.oid = d.objid
          JOIN pg_class v ON v.oid = r.ev_class
         WHERE d.classid = 'pg_rewrite'::regclass
           AND d.refobjid IN ('prodops.tickets'::regclass,
                              'prodops.attention_tickets'::regclass)
           AND v.oid <> 'prodops.attention_tickets'::regclass
        UNION ALL
        SELECT format('trigger %I', t.tgname) FROM pg_trigger t
         WHERE t.tgrelid = 'prodops.tickets'::regclass AND NOT t.tgisinternal
        UNION ALL
        SELECT format('foreign key %I of %s', c.conname, c.conrelid::regclass)
          FROM pg_constraint c
         WHERE c.confrelid = 'prodops.tickets'::regclass
        UNION ALL
        SELECT format('policy %I', p.polname) FROM pg_policy p
         WHERE p.polrelid = 'prodops.tickets'::regclass
        UNION ALL
        SELECT format('publication %I', b.pubname)
          FROM pg_publication_rel pr
          JOIN pg_publication b ON b.oid = pr.prpubid
         WHERE pr.prrelid = 'prodops.tickets'::regclass) x;
    IF theirs IS NOT NULL THEN
        RAISE EXCEPTION 'migration 028 rebuilds prodops.tickets, which these depend on: %; save and drop them, run prodops again, then make them again', theirs;
    END IF;
END $$;

-- The privileges and comments to give the new table and view.
CREATE TEMP TABLE tickets_grants ON COMMIT DROP AS
SELECT c.oid::regclass::text AS rel, a.privilege_type, a.is_grantable,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC'
            ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
  FROM pg_class c, aclexplode(c.relacl) a
 WHERE c.oid IN ('prodops.tickets'::regclass,
                 'prodops.attention_tickets'::regclass)
   AND a.grantee <> c.relowner;
CREATE TEMP TABLE tickets_comments ON COMMIT DROP AS
SELECT a.attname, d.description
  FROM pg_description d
  LEFT JOIN pg_attribute a
         ON a.attrelid = d.objoid AND a.attnum = d.objsubid
 WHERE d.classoid = 'pg_class'::regclass
   AND d.objoid = 'prodops.tickets'::regclass;

CREATE TABLE prodops.tickets_reordered (
    created_at timestamptz NOT NULL,
    first_reply_at timestamptz,
    solved_at timestamptz,
    updated_at timestamptz NOT NULL,
    solved_time timestamptz,
    file_id bigint NOT NULL,
    first_reply_business_secs bigint,
    resolution_business_secs bigint,
    resolution_reported_secs bigint,
    reopens integer,
    replies integer,
    first_reply_reported boolean NOT NULL,
    source text NOT NULL,
    external_id text NOT NULL,
    account_id text,
    account_ref text,
    organization text,
    requester_email text,
    requester_domain text,
    requester_name text,
    subject text,
    status text,
    priority text,
    channel text,
    product_area text,
    ticket_type text,
    tags text[] NOT NULL DEFAULT '{}',
    themes text[] NOT NULL DEFAULT '{}',
    assignee text,
    group_name text,
    satisfaction text,
    extra jsonb NOT NULL DEFAULT '{}',
    probable_duplicate_of text
);

INSERT INTO prodops.tickets_reordered (
    created_at, first_reply_at, solved_at, updated_at, solved_time, file_id,
    first_reply_business_secs, resolution_business_secs,
    resolution_reported_secs, reopens, replies, first_reply_reported, source,
    external_id, account_id, account_ref, organization, requester_email,
    requester_domain, requester_name, subject, status, priority, channel,
    product_area, ticket_type, tags, themes, assignee, group_name,
    satisfaction, extra, probable_duplicate_of)
SELECT created_at, first_reply_at, solved_at, updated_at, solved_time, file_id,
       first_reply_business_secs, resolution_business_secs,
       resolution_reported_secs, reopens, replies, first_reply_reported,
       source, external_id, account_id, account_ref, organization,
       requester_email, requester_domain, requester_name, subject, status,
       priority, channel, product_area, ticket_type, tags, themes, assignee,
       group_name, satisfaction, extra, probable_duplicate_of
  FROM prodops.tickets;

DROP VIEW prodops.attention_tickets;
DROP TABLE prodops.tickets;
ALTER TABLE prodops.tickets_reordered RENAME TO tickets;

ALTER TABLE prodops.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (source, external_id)
        WITH (fillfactor = 100),
    ADD CONSTRAINT tickets_satisfaction_check
        CHECK (satisfaction IN ('good', 'bad')),
    ADD CONSTRAINT tickets_solved_time_rule
        CHECK (solved_time IS NOT DISTINCT FROM
               coalesce(solved_at, CASE WHEN status IN ('solved', 'closed')
                                        THEN updated_at END)),
    ADD CONSTRAINT tickets_file_id_fkey
        FOREIGN KEY (file_id) REFERENCES prodops.files (file_id);
CREATE INDEX tickets_created_at ON prodops.tickets USING brin (created_at)
    WITH (autosummarize = on);
CREATE INDEX tickets_solved_time ON prodops.tickets (solved_time)
    WITH (fillfactor = 100);

-- As migration 013 made it.
CREATE VIEW prodops.attention_tickets AS
SELECT t.created_at, t.solved_time, t.first_reply_at, t.satisfaction,
       t.reopens, t.subject,
       coalesce(t.product_area, 'unknown') AS product_area,
       coalesce(t.themes[1], 'none') AS theme,
       coalesce(t.channel, 'unknown') AS channel,
       coalesce(t.priority, 'unknown') AS priority,
       coalesce(a.plan, 'unknown') AS plan,
       coalesce(a.segment, 'unknown') AS segment,
       coalesce(a.region, 'unknown') AS region,
       t.account_id,
       coalesce(a.name, t.account_id, 'unknown') AS account_name,
       a.arr::float8 AS arr
  FROM prodops.tickets t
  LEFT JOIN prodops.accounts a ON a.account_id = t.account_id;

DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT * FROM tickets_grants LOOP
        EXECUTE format('GRANT %s ON %s TO %s%s', g.privilege_type, g.rel,
                       g.grantee,
                       CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION'
                            ELSE '' END);
    END LOOP;
    FOR g IN SELECT * FROM tickets_comments LOOP
        IF g.attname IS NULL THEN
            EXECUTE format('COMMENT ON TABLE prodops.tickets IS %L',
                           g.description);
        ELSE
            EXECUTE format('COMMENT ON COLUMN prodops.tickets.%I IS %L',
                           g.attname, g.description);
        END IF;
    END LOOP;
END $$;

ANALYZE prodops.tickets;
