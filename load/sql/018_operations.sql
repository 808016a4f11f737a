-- Issue 18: operating the warehouse.  Three functions that walk the
-- catalogue, so that they follow the schema as later migrations change it:
-- what each table holds (`prodops db size`), the removal of whole months of
-- usage events (`[retention] events_months`), and the erasure of one
-- person (`prodops forget --email`).  The C side (load/retention.c,
-- load/erase.c, load/table_size.c) binds values; identifiers come from the
-- catalogue and are quoted with format('%I').

-- Each table of the warehouse (a partitioned table once, its partitions
-- summed): exact rows, bytes with indexes and TOAST, and how many
-- partitions it has.
CREATE FUNCTION prodops.table_sizes()
RETURNS TABLE (table_name text, rows bigint, bytes bigint, partitions integer)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'prodops' AND c.relkind IN ('r', 'p')
           AND NOT c.relispartition
         ORDER BY c.relname
    LOOP
        table_name := t.relname;
        EXECUTE format('SELECT count(*) FROM prodops.%I', t.relname)
           INTO rows;
        -- pg_partition_tree() of a plain table has no rows.
        SELECT coalesce(sum(pg_total_relation_size(p.relid)),
                        pg_total_relation_size(t.oid))::bigint,
               (count(*) FILTER (WHERE p.level > 0))::integer
          INTO bytes, partitions
          FROM pg_partition_tree(t.oid) p;
        RETURN NEXT;
    END LOOP;
END $$;

-- Drop the monthly partitions of prodops.events (migration 014:
-- events_YYYYMM) whose whole month lies before `before`: a month at a
-- time, never a partial month, so that a partition goes with one DROP and
-- no DELETE leaves dead rows behind.  The rollups (rollup_daily,
-- rollup_user_days) are not touched: the reports of those months still
-- read them.  Returns the months dropped, with their events and bytes.
CREATE FUNCTION prodops.drop_event_months(before timestamptz)
RETURNS TABLE (month text, events bigint, bytes bigint)
LANGUAGE plpgsql AS $$
DECLARE
    p record;
BEGIN
    -- The loader's ensure_usage_partitions() takes the same lock.
    PERFORM pg_advisory_xact_lock(hashtext('prodops.usage_partitions'));
    FOR p IN
        SELECT c.relname, to_date(substr(c.relname, 8), 'YYYYMM') AS first
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'prodops.events'::regclass
           AND c.relname ~ '^events_[0-9]{6}$'
         ORDER BY 1
    LOOP
        CONTINUE WHEN ((p.first + interval '1 month')::timestamp
                       AT TIME ZONE 'UTC') > before;
        month := to_char(p.first, 'YYYY-MM');
        EXECUTE format('SELECT count(*) FROM prodops.%I', p.relname)
           INTO events;
        bytes := pg_total_relation_size(format('prodops.%I', p.relname));
        EXECUTE format('DROP TABLE prodops.%I', p.relname);
        RETURN NEXT;
    END LOOP;
END $$;

-- Erase one person, known by an email address, from every table: the
-- caller runs it in a transaction (and rolls back for --dry-run).  First
-- the columns that hold a person's address as their whole value: cleared
-- where nothing depends on them (tickets, NPS), replaced by 'erased:<id>'
-- where a unique key does (usage_users, usage_people: two people must stay
-- two).  Then every text, text[], json and jsonb column of every table
-- (subjects, comments, extra fields, event properties, the raw lines of
-- rejects, file names, run errors): each occurrence of the address, matched
-- case-insensitively as a whole address (not inside a longer one), becomes
-- '[erased]'.  One row per column changed: table, column, what was done,
-- rows.  The rows stay, so counts and reports are unchanged.
CREATE FUNCTION prodops.forget_email(address text)
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
