#!/usr/bin/env bash
# Issue 15: the weekly report runs its independent families two at a time,
# the second connection inside the report's snapshot (reports/snapshot.h).
# Where no second connection can be opened -- here a role the server lets
# hold one connection -- every family runs on the report's own connection,
# and the report must come out as it does with two.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture
export PRODOPS_NOW=2026-11-18T09:00:00Z

expect_exit 0 P report weekly --out "$TMP/two"
assert_match '"usage_previous": \{' "$(cat "$TMP"/two/*.json)" \
  "the report has the usage families (the second connection's)"

# A reader limited to one connection (a non-superuser role: superusers are
# not held to connection limits).
ROLE=${DBNAME}_one
psql -XqAt "$ADMIN_URI" -c "DROP ROLE IF EXISTS $ROLE" \
  -c "CREATE ROLE $ROLE LOGIN CONNECTION LIMIT 1" \
  -c "GRANT pg_read_all_data TO $ROLE" >/dev/null
ONE_DSN=${PRODOPS_DSN/prodops@/$ROLE@}

# The limit holds: a second session of the role is refused while one is open.
psql -XqAt "$ONE_DSN" -c "SELECT pg_sleep(3)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE usename = '$ROLE'")" = 1 ] && break
    sleep 0.05
done
if psql -XqAt "$ONE_DSN" -c "SELECT 1" >/dev/null 2>"$TMP/refused"; then
    fail "a second connection of $ROLE was let in"
else
    assert_match "too many connections for role" "$(cat "$TMP/refused")" "a second connection of the role is refused"
fi
wait $holder

PRODOPS_DSN=$ONE_DSN expect_exit 0 P report weekly --out "$TMP/one"
for f in "$TMP"/two/*.json "$TMP"/two/*.md "$TMP"/two/*.txt "$TMP"/two/*.html; do
    assert_eq "" "$(cmp "$f" "$TMP/one/$(basename "$f")" 2>&1)" \
      "one connection writes the same $(basename "$f")"
done

psql -XqAt "$ADMIN_URI" -c "DROP OWNED BY $ROLE" -c "DROP ROLE $ROLE" >/dev/null
done_testing
