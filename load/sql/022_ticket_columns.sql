-- Issue 15: a narrower ticket row.  Three vendor columns that every
-- export of a vendor carries used to land in extra, so each row repeated
-- their names (51 bytes of keys a Zendesk row, extra averaging 103 bytes
-- of a 468-byte row on the bench file).  They are now columns:
--   ticket_type               Zendesk "Ticket type", Freshdesk "Type", Jira
--                             "Issue Type" ("Tipo de Incidencia")
--   requester_name            Zendesk "Requester", Freshdesk "Full name":
--                             personal data, cleared by forget_email()
--                             below with the requester's address (in extra
--                             it survived `prodops forget`)
--   resolution_reported_secs  Zendesk "Full resolution time in minutes":
--                             the vendor's calendar duration, beside 012's
--                             resolution_business_secs
-- Freshdesk's "Resolution time (in hrs)" stays in extra: like its "First
-- response time (in hrs)" it is most likely business time (hh:mm:ss of
-- resolution_time_bhrs), and no report reads it.
ALTER TABLE prodops.tickets
    ADD COLUMN ticket_type text,
    ADD COLUMN requester_name text,
    ADD COLUMN resolution_reported_secs bigint;

-- Rows loaded before: the values move out of extra, read as the loader
-- now reads them.  A header matches case-, space- and punctuation-
-- insensitively (transform/header.c: ASCII letters lowered, ASCII
-- punctuation dropped), so does the extra key.  A duration that is not a
-- plain number of minutes stays in extra (the loader would now reject
-- such a row; an old row is not taken back).
WITH k AS (
    SELECT t.source, t.external_id, e.key, e.value, f.profile,
           regexp_replace(lower(e.key), '[\x01-\x2f\x3a-\x60\x7b-\x7f]', '',
                          'g') AS norm
      FROM prodops.tickets t
      JOIN prodops.files f ON f.file_id = t.file_id
     CROSS JOIN LATERAL jsonb_each_text(t.extra) e
     WHERE f.profile IN ('zendesk', 'freshdesk', 'jira')
), c AS (
    SELECT source, external_id, key, value,
           CASE WHEN (profile, norm) IN (('zendesk', 'tickettype'),
                                         ('freshdesk', 'type'),
                                         ('jira', 'issuetype'),
                                         ('jira', 'tipodeincidencia'))
                THEN 'ticket_type'
                WHEN (profile, norm) IN (('zendesk', 'requester'),
                                         ('freshdesk', 'fullname'))
                THEN 'requester_name'
                WHEN profile = 'zendesk'
                 AND norm = 'fullresolutiontimeinminutes'
                 AND value ~ '^[0-9]{1,7}(\.[0-9]+)?$'
                THEN 'resolution'
           END AS col
      FROM k
), m AS (
    SELECT source, external_id,
           max(value) FILTER (WHERE col = 'ticket_type') AS ticket_type,
           max(value) FILTER (WHERE col = 'requester_name') AS requester_name,
           max(floor(value::numeric * 60)::bigint)
               FILTER (WHERE col = 'resolution') AS secs,
           array_agg(key) AS keys
      FROM c
     WHERE col IS NOT NULL
     GROUP BY source, external_id
)
UPDATE prodops.tickets t
   SET ticket_type = m.ticket_type, requester_name = m.requester_name,
       resolution_reported_secs = m.secs, extra = t.extra - m.keys
  FROM m
 WHERE t.source = m.source AND t.external_id = m.external_id;

-- Version 3 of the mappings (transform/profile.h) differs from 2 only in
-- these columns, which the update above gave the stored rows: files read
-- by version 2 are as version 3 would read them, and `prodops files`
-- should not ask for a reprocess of each.
UPDATE prodops.files SET mapping_version = 3 WHERE mapping_version = 2;

-- `prodops forget --email` (migration 018) also clears the name of the
-- requester whose address it erases; otherwise as before.
CREATE OR REPLACE FUNCTION prodops.forget_email(address text)
RETURNS TABLE (table_name text, column_name text, action text, rows bigint)
LANGUAGE plpgsql AS $$
DECLARE
    addr text := lower(btrim(address));
    pat text;
    c record;
    expr text;
BEGIN
    IF addr !~ '^[^@[:space:]]+@[^@[:space:]]+$' THEN
        RAISE EXCEPTION 'not an email address: %', address;
    END IF;
    -- Every character but letters and digits escaped; the address must
    -- not continue on either side.
    pat := '(?<![[:alnum:]._%+-])'
           || regexp_replace(addr, '([^[:alnum:]])', '\\\1', 'g')
           || '(?![[:alnum:]_-]|\.[[:alnum:]])';

    action := 'cleared';
    table_name := 'tickets';
    column_name := 'requester_name';
    UPDATE prodops.tickets SET requester_name = NULL
     WHERE lower(requester_email) = addr AND requester_name IS NOT NULL;
    GET DIAGNOSTICS rows = ROW_COUNT;
    IF rows > 0 THEN RETURN NEXT; END IF;

    column_name := 'requester_email';
    UPDATE prodops.tickets SET requester_email = NULL
     WHERE lower(requester_email) = addr;
    GET DIAGNOSTICS rows = ROW_COUNT;
    IF rows > 0 THEN RETURN NEXT; END IF;

    table_name := 'nps_responses';
    column_name := 'respondent_email';
    UPDATE prodops.nps_responses SET respondent_email = NULL
     WHERE lower(respondent_email) = addr;
    GET DIAGNOSTICS rows = ROW_COUNT;
    IF rows > 0 THEN RETURN NEXT; END IF;

    action := 'pseudonymized';
    table_name := 'usage_users';
    FOREACH column_name IN ARRAY ARRAY['user_id', 'device_id', 'email'] LOOP
        EXECUTE format('UPDATE prodops.usage_users SET %1$I = ''erased:'' '
                       '|| user_ref WHERE lower(%1$I) = $1', column_name)
          USING addr;
        GET DIAGNOSTICS rows = ROW_COUNT;
        IF rows > 0 THEN RETURN NEXT; END IF;
    END LOOP;

    table_name := 'usage_people';
    column_name := 'user_key';
    UPDATE prodops.usage_people SET user_key = 'erased:' || person_id
     WHERE lower(user_key) = addr;
    GET DIAGNOSTICS rows = ROW_COUNT;
    IF rows > 0 THEN RETURN NEXT; END IF;

    action := 'scrubbed';
    FOR c IN
        SELECT k.relname, a.attname, t.typname
          FROM pg_class k
          JOIN pg_namespace n ON n.oid = k.relnamespace
          JOIN pg_attribute a ON a.attrelid = k.oid
          JOIN pg_type t ON t.oid = a.atttypid
         WHERE n.nspname = 'prodops' AND k.relkind IN ('r', 'p')
           AND NOT k.relispartition AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated = ''
           AND t.typname IN ('text', 'varchar', '_text', 'json', 'jsonb')
           AND k.relname <> 'schema_migrations'
         ORDER BY k.relname, a.attnum
    LOOP
        expr := CASE c.typname
            WHEN '_text' THEN format(
                'ARRAY(SELECT regexp_replace(x, $1, ''[erased]'', ''gi'') '
                'FROM unnest(%I) WITH ORDINALITY u(x, i) ORDER BY i)',
                c.attname)
            WHEN 'json' THEN format(
                'regexp_replace(%I::text, $1, ''[erased]'', ''gi'')::json',
                c.attname)
            WHEN 'jsonb' THEN format(
                'regexp_replace(%I::text, $1, ''[erased]'', ''gi'')::jsonb',
                c.attname)
            ELSE format('regexp_replace(%I, $1, ''[erased]'', ''gi'')',
                        c.attname)
        END;
        EXECUTE format('UPDATE prodops.%I SET %I = %s WHERE %I::text ~* $1',
                       c.relname, c.attname, expr, c.attname)
          USING pat;
        GET DIAGNOSTICS rows = ROW_COUNT;
        IF rows > 0 THEN
            table_name := c.relname;
            column_name := c.attname;
            RETURN NEXT;
        END IF;
    END LOOP;
END $$;

-- No statement looks tickets up by account: reports and handoffs range
-- over created_at or solved_time (tickets_created_solved,
-- tickets_solved_time) and group or join by account_id afterwards, and
-- accounts_reresolve.sql rewrites the whole table.  Its index cost a
-- first load of 1 M tickets 0.5-0.9 s to build (6 MB).
DROP INDEX prodops.tickets_account;
