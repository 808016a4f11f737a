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
-- created_at relies on it), the old table dropped, and its keys, checks,
-- indexes and the view that reads it made again from the catalog's own
-- definitions (as load/stage.c's first load rebuilds the keys), so they
-- are what migrations 005-027 left, not a second copy of them.  Every
-- writer names its columns (load/stage.c's COPY, the staged INSERT and
-- UPDATE), so none depends on the order.
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

-- What makes the table's constraints, indexes, view, privileges and
-- comments again, in that order.  pg_get_constraintdef() leaves out a
-- key's index options (migration 024's fillfactor): they are added from
-- the index's reloptions.
CREATE TEMP TABLE tickets_again ON COMMIT DROP AS
SELECT 0 AS step,
       'ALTER TABLE prodops.tickets ADD CONSTRAINT ' || quote_ident(k.conname)
       || ' ' || pg_get_constraintdef(k.oid)
       || CASE WHEN k.contype IN ('p', 'u')
               THEN coalesce(' WITH (' || array_to_string(c.reloptions, ', ')
                             || ')', '')
               ELSE '' END AS sql
  FROM pg_constraint k LEFT JOIN pg_class c ON c.oid = k.conindid
 WHERE k.conrelid = 'prodops.tickets'::regclass
UNION ALL
SELECT 1, pg_get_indexdef(i.indexrelid)
  FROM pg_index i
 WHERE i.indrelid = 'prodops.tickets'::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                    WHERE k.conindid = i.indexrelid)
UNION ALL
SELECT 2, 'CREATE VIEW prodops.attention_tickets AS '
          || pg_get_viewdef('prodops.attention_tickets'::regclass)
UNION ALL
SELECT 3, format('GRANT %s ON %s TO %s%s', a.privilege_type, c.oid::regclass,
                 CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                      ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                 CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION'
                      ELSE '' END)
  FROM pg_class c, aclexplode(c.relacl) a
 WHERE c.oid IN ('prodops.tickets'::regclass,
                 'prodops.attention_tickets'::regclass)
   AND a.grantee <> c.relowner
UNION ALL
SELECT 4, CASE WHEN a.attname IS NULL
               THEN format('COMMENT ON TABLE prodops.tickets IS %L',
                           d.description)
               ELSE format('COMMENT ON COLUMN prodops.tickets.%I IS %L',
                           a.attname, d.description) END
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

DO $$
DECLARE
    again record;
BEGIN
    FOR again IN SELECT sql FROM tickets_again ORDER BY step, sql LOOP
        EXECUTE again.sql;
    END LOOP;
END $$;

ANALYZE prodops.tickets;
