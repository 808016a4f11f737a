#!/usr/bin/env bash
# The lean event row (issue 15, migration 014): a warehouse holding
# old-shape events migrates them (readable columns unchanged, properties
# only for exposures, rollups still equal to the events); two different
# event keys with one hash fail their file instead of losing an event;
# keep_properties is validated.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/usage

# ---- a warehouse of migrations 001-012 with old-shape events -------------
{
    echo "CREATE SCHEMA prodops;"
    echo "CREATE TABLE prodops.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
    for f in "$ROOT"/load/sql/0[01][0-9]_*.sql; do
        n=$(basename "$f"); v=$((10#${n%%_*}))
        [ "$v" -le 12 ] || continue
        cat "$f"; echo ";"
        echo "INSERT INTO prodops.schema_migrations VALUES ($v, '$n');"
    done
} >"$TMP/old.sql"
psql -XqAt -v ON_ERROR_STOP=1 "$PRODOPS_DSN" -f "$TMP/old.sql" >/dev/null 2>"$TMP/old.err" ||
    { cat "$TMP/old.err"; fail "migrations 001-012 apply"; }
# File ids of loads this warehouse no longer lists (above any new one).
sql "SELECT prodops.ensure_usage_partitions('2025-11-04', '2025-12-01')" >/dev/null
sql "INSERT INTO prodops.usage_events (source, event_key, user_id, device_id, user_key, account_id, account_ref, email_domain, event_name, event_time, event_count, properties, file_id) VALUES
 ('mixpanel', 'mp-1', 'ann@acme.example', NULL, 'ann@acme.example', NULL, NULL, 'acme.example', 'Login', '2025-11-04 09:00+00', 1, '{\"properties.city\": \"Oslo\"}', 101),
 ('mixpanel', 'mp-2', NULL, 'd-77', 'd-77', NULL, NULL, NULL, 'Report Viewed', '2025-11-04 10:00+00', 1, '{}', 101),
 ('mixpanel', 'mp-3', 'ann@acme.example', NULL, 'ann@acme.example', 'ACC-1', 'ACC-1', 'acme.example', '\$experiment_started', '2025-11-04 11:00+00', 1, '{\"properties.Experiment name\": \"checkout\", \"properties.Variant name\": \"b\"}', 101),
 ('pendo', 'h:abc', 'v1', NULL, 'v1', NULL, NULL, NULL, 'Feature', '2025-12-01 00:00+00', 5, '{}', 102)" >/dev/null
# The rollups as the old loader grew them.
sql "INSERT INTO prodops.usage_daily SELECT (event_time AT TIME ZONE 'UTC')::date, source, user_key, event_name, max(account_id), sum(event_count), bit_or(prodops.half_hour_bit(event_time)) FROM prodops.usage_events GROUP BY 1, 2, 3, 4" >/dev/null
sql "INSERT INTO prodops.usage_user_days SELECT (event_time AT TIME ZONE 'UTC')::date, source, user_key, max(account_id), sum(event_count), bit_or(prodops.half_hour_bit(event_time)) FROM prodops.usage_events GROUP BY 1, 2, 3" >/dev/null
COLS="source, user_id, device_id, user_key, account_id, account_ref, email_domain, event_name, event_time, event_count, file_id"
before=$(table_digest "SELECT encode(substr(sha256(convert_to(event_key, 'UTF8')), 1, 16), 'hex')::uuid::text AS k, $COLS FROM prodops.usage_events")
# Their half hours (migration 031 adds the quarter hours of split ones,
# checked against the events below).
HALVES="half_hours & ((1::bigint << 48) - 1) AS half_hours"
rollups=$(table_digest "SELECT day, source, user_key, event_name, account_id, events, $HALVES FROM prodops.usage_daily")$(table_digest "SELECT day, source, user_key, account_id, events, $HALVES FROM prodops.usage_user_days")

# Any command that connects migrates.
expect_exit 0 prodops files
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.schema_migrations WHERE version = 14")" "migration 014 applied"
# Migration 026: every month's events key has full leaves, the months
# made before the migration and those made by the loads since.
LEAVES="SELECT count(*) || ' ' || count(*) FILTER (WHERE c.reloptions @> '{fillfactor=100}') FROM pg_inherits i JOIN pg_constraint k ON k.conrelid = i.inhrelid AND k.contype = 'p' JOIN pg_class c ON c.oid = k.conindid WHERE i.inhparent = 'prodops.events'::regclass"
assert_eq "2 2" "$(sql "$LEAVES")" "the months made before migration 026 have keys with full leaves"
assert_eq "$before" "$(table_digest "SELECT event_key AS k, $COLS FROM prodops.usage_events")" "old events: every readable column kept (the key as its hash)"
assert_eq "$rollups" "$(table_digest "SELECT day, source, user_key, event_name, account_id, events, $HALVES FROM prodops.usage_daily")$(table_digest "SELECT day, source, user_key, account_id, events, $HALVES FROM prodops.usage_user_days")" "the rollups are as they were"
assert_eq "checkout|b" "$(sql "SELECT properties->>'properties.Experiment name', properties->>'properties.Variant name' FROM prodops.usage_events WHERE event_key = prodops.event_key_hash('mp-3')::text")" "an exposure keeps its properties"
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.events WHERE properties IS NOT NULL")" "other events keep none"
assert_eq "ann@acme.example" "$(sql "SELECT DISTINCT email FROM prodops.usage_events WHERE event_key = prodops.event_key_hash('mp-1')::text")" "an email user id is the user's email"
assert_eq "events_202511,events_202512" "$(sql "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'prodops.events'::regclass")" "old months' partitions made"
assert_eq "" "$(sql "SELECT to_regclass('prodops.usage_events_202511')")" "old table gone"

# Loading goes on: mp-2 and mp-3 were there already.
expect_exit 0 prodops ingest "$FX/mixpanel-2.jsonl"
assert_match "3 read, 1 new, 0 updated, 2 duplicate, 0 rejected" "$OUT" "a new file after the migration dedupes against migrated events"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, sum(event_count) AS events, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3, 4) e FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "rollup = events after migration and load"

# Accounts re-resolve through the people dictionary (SPEC §3).
expect_exit 0 prodops ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_daily d WHERE account_id IS DISTINCT FROM (SELECT max(account_id) FROM prodops.usage_events e WHERE (e.event_time AT TIME ZONE 'UTC')::date = d.day AND e.source = d.source AND e.user_key = d.user_key AND e.event_name = d.event_name)")" "rollup accounts follow the events'"

# ---- hash collisions ------------------------------------------------------
# A deliberately weak hash (the first three characters) makes col-1 and
# col-2 collide; at one time they would be one event.
export PRODOPS_TEST_WEAK_KEY_HASH=3
cat >"$TMP/collide.jsonl" <<'EOF'
{"event":"A","properties":{"time":1762250400,"distinct_id":"cy@initech.example","$insert_id":"col-1"}}
{"event":"B","properties":{"time":1762250400,"distinct_id":"cy@initech.example","$insert_id":"col-2"}}
EOF
expect_exit 1 prodops ingest --source collide "$TMP/collide.jsonl"
assert_match "event keys 'col-1' and 'col-2' at 2025-11-04 10:00:00\+00 have the same hash" "$ERR$OUT" "the collision is named"
assert_eq "rejected|0" "$(sql "SELECT status, (SELECT count(*) FROM prodops.usage_events WHERE source = 'collide') FROM prodops.files WHERE name = 'collide.jsonl'")" "the file is rejected whole, no event lost silently"
# The same keys at different times do not collide (the time is part of
# the key), and a true repeat is still a duplicate.
cat >"$TMP/apart.jsonl" <<'EOF'
{"event":"A","properties":{"time":1762250400,"distinct_id":"cy@initech.example","$insert_id":"col-1"}}
{"event":"A","properties":{"time":1762250400,"distinct_id":"cy@initech.example","$insert_id":"col-1"}}
{"event":"B","properties":{"time":1762250401,"distinct_id":"cy@initech.example","$insert_id":"col-2"}}
EOF
expect_exit 0 prodops ingest --source collide "$TMP/apart.jsonl"
assert_match "3 read, 2 new, 0 updated, 1 duplicate, 0 rejected" "$OUT" "different times, or the same key: no collision"
unset PRODOPS_TEST_WEAK_KEY_HASH

# ---- keep_properties is validated -----------------------------------------
C=$TMP/keep.conf
{
    printf '[source "desk"]\nkind = tickets\nkeep_properties = plan\n'
    printf '[source "ev"]\nkind = usage\nkeep_properties = plan, $os, plan\n'
    printf '[source "e2"]\nkeep_properties = ,\n'
    printf '[source "e3"]\nkeep_properties = %s\n' "$(seq -s, 1 33)"
} >"$C"
expect_exit 2 prodops --config "$C" check "$FX/posthog.csv"
for want in \
    "$C:6: \\[source \"ev\"\\] keep_properties: 'plan' named twice" \
    "$C:8: \\[source \"e2\"\\] keep_properties: no property names" \
    "$C:10: \\[source \"e3\"\\] keep_properties: more than 32 names" \
    "$C:3: \\[source \"desk\"\\] keep_properties: only a usage source keeps event properties \\(kind is tickets\\)"; do
    assert_match "$want" "$ERR" "reported: ${want#*: }"
done
assert_match "invalid configuration: 4 problems" "$ERR" "four problems"
done_testing
