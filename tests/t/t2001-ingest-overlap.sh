#!/usr/bin/env bash
# Overlapping Zendesk exports converge to one table state whatever the load
# order; counts reconcile; re-ingest is a no-op; values are normalized as
# SPEC §3 says.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets

# Every column but file_id (which records load order, by design).
STATE="SELECT source, external_id, account_id, requester_email, requester_domain,
  subject, status, priority, channel, product_area, tags, created_at, first_reply_at,
  solved_at, updated_at, reopens, replies, satisfaction, extra FROM prodops.tickets"

expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
assert_match "5 read, 5 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "first export: 5 new"
expect_exit 0 prodops ingest "$FX/zendesk-b.csv"
assert_match "4 read, 1 new, 1 updated, 2 duplicate, 0 rejected" "$OUT" "overlap: 1 new, 1 updated, 2 unchanged"
digest_ab=$(table_digest "$STATE")

assert_eq 6 "$(sql "SELECT count(*) FROM prodops.tickets")" "six distinct tickets"
assert_eq "solved|good|{billing,refund}|Billing" \
  "$(sql "SELECT status, satisfaction, tags, product_area FROM prodops.tickets WHERE external_id='2'")" \
  "newer row of ticket 2 won"
assert_eq "on_hold|urgent|chat|1|Export to CSV times out" \
  "$(sql "SELECT status, priority, channel, reopens, subject FROM prodops.tickets WHERE external_id='3'")" \
  "older row of ticket 3 did not overwrite the newer one"
assert_eq "ann.lee@acme.example|acme.example|open|high|email|{billing,login}||" \
  "$(sql "SELECT requester_email, requester_domain, status, priority, channel, tags, solved_at, satisfaction FROM prodops.tickets WHERE external_id='1'")" \
  "ticket 1 normalized; 1900-01-01 sentinel and Offered are NULL"
assert_eq "2026-11-02 09:30:00+00|Login" \
  "$(sql "SELECT first_reply_at, product_area FROM prodops.tickets WHERE external_id='1'")" \
  "first reply from minutes"
assert_eq 'Ann Lee|{"Favourite colour": "blue"}' \
  "$(sql "SELECT requester_name, extra FROM prodops.tickets WHERE external_id='1'")" \
  "unknown columns kept in extra (the requester's name has a column: issue 15)"
assert_eq "phone|bad|closed|2026-11-06 10:00:00+00" \
  "$(sql "SELECT channel, satisfaction, status, solved_at FROM prodops.tickets WHERE external_id='5'")" \
  "ticket 5 enums"
assert_eq "zendesk" "$(sql "SELECT DISTINCT source FROM prodops.tickets")" "source is the profile name"

assert_eq "zendesk|tickets|zendesk|utf-8" "$(sql "SELECT source, kind, profile, encoding FROM prodops.files WHERE file_id = 1")" \
  "the ledger records what reading found"
# Every file reconciles in the ledger.
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected")" \
  "files reconcile"

# Re-ingest: skipped, nothing changes.
expect_exit 0 prodops ingest "$FX/zendesk-a.csv" "$FX/zendesk-b.csv"
assert_match "skipped zendesk-a.csv: already loaded as file 1 on" "$OUT" "same file skipped with its file id"
assert_eq "$digest_ab" "$(table_digest "$STATE")" "re-ingest is a no-op"
# A copy under another name has the same content: skipped by SHA-256.
cp "$FX/zendesk-b.csv" "$TMP/renamed.csv"
expect_exit 0 prodops ingest "$TMP/renamed.csv"
assert_match "skipped renamed.csv: already loaded as file 2" "$OUT" "same content, other name: skipped"

# The other order converges to the same state.
export PRODOPS_DSN=${PRODOPS_DSN/\/$DBNAME\?//${DBNAME}_ba?}
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS ${DBNAME}_ba" -c "CREATE DATABASE ${DBNAME}_ba" >/dev/null
expect_exit 0 prodops ingest "$FX/zendesk-b.csv"
expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
assert_match "5 read, 2 new, 1 updated, 2 duplicate, 0 rejected" "$OUT" "reverse order counts"
assert_eq "$digest_ab" "$(table_digest "$STATE")" "b-then-a converges to a-then-b"

# Three overlapping exports in all six orders converge to one state, and in
# each the newest row of every ticket is the one kept.
digests=""
for order in "a b c" "a c b" "b a c" "b c a" "c a b" "c b a"; do
    db=${DBNAME}_$(echo "$order" | tr -d ' ')
    psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    for f in $order; do
        PRODOPS_DSN=${ADMIN_URI/\/prodops\?//$db?} prodops ingest "$FX/zendesk-$f.csv" >/dev/null
    done
    digests="$digests $(PRODOPS_DSN=${ADMIN_URI/\/prodops\?//$db?} table_digest "$STATE")"
    assert_eq "3:solved:2026-11-08 12:00:00+00 5:closed:2026-11-06 10:00:00+00" \
      "$(psql -XqAt "${ADMIN_URI/\/prodops\?//$db?}" -c "SELECT string_agg(external_id || ':' || status || ':' || solved_at, ' ' ORDER BY external_id) FROM prodops.tickets WHERE external_id IN ('3', '5')")" \
      "order $order: newest rows kept"
    psql -XqAt "$ADMIN_URI" -c "DROP DATABASE $db" >/dev/null
done
assert_eq 1 "$(printf '%s\n' $digests | sort -u | wc -l)" "all six load orders give the same table"

# A first load of a source goes straight into the table; a key repeated
# inside the file sends it through staging instead, where the newest row wins.
printf '%s\n' 'Id,Subject,Status,Via,Created at,Updated at' \
  '9,first,Open,Mail,2026-11-02 09:00:00,2026-11-02 09:00:00' \
  '9,second,Solved,Mail,2026-11-02 09:00:00,2026-11-03 09:00:00' \
  '10,other,Open,Mail,2026-11-02 09:00:00,2026-11-02 09:00:00' > "$TMP/dups.csv"
expect_exit 0 prodops ingest --source dupsrc "$TMP/dups.csv"
assert_match "3 read, 2 new, 0 updated, 1 duplicate, 0 rejected" "$OUT" "in-file repeat counted as duplicate"
assert_eq "second|solved" "$(sql "SELECT subject, status FROM prodops.tickets WHERE source='dupsrc' AND external_id='9'")" \
  "the newer of two rows in one file wins"

# Two runs loading the same new file at once: each hashes it beside its
# load (load/file.c); the second one's hash waits on the first's row in
# the unique index, and is then rolled back and reported as already
# loaded.  One loaded row, the tickets once.
python3 - "$TMP/race.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Id,Subject,Status,Via,Created at,Updated at\n")
    for i in range(1, 20001):
        f.write(f"{i},race {i},Open,Mail,2026-11-02 09:00:00,2026-11-02 09:00:00\n")
PY
prodops ingest --no-progress --source race "$TMP/race.csv" >"$TMP/race1.out" 2>&1 &
first=$!
prodops ingest --no-progress --source race "$TMP/race.csv" >"$TMP/race2.out" 2>&1 &
second=$!
wait $first; rc1=$?
wait $second; rc2=$?
assert_eq "0 0" "$rc1 $rc2" "both runs succeed"
assert_eq "1" "$(cat "$TMP/race1.out" "$TMP/race2.out" | grep -c 'loaded race.csv as file')" "one run loads the file"
assert_eq "1" "$(cat "$TMP/race1.out" "$TMP/race2.out" | grep -c 'skipped race.csv: already loaded as file')" \
  "the other reports it already loaded"
assert_eq "1|20000" "$(sql "SELECT count(*), max(rows_loaded) FROM prodops.files WHERE name = 'race.csv'")" "one row in the ledger"
assert_eq "20000" "$(sql "SELECT count(*) FROM prodops.tickets WHERE source = 'race'")" "the tickets once"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.files WHERE sha256 LIKE 'pending:%'")" "no placeholder hash left"

# JSON for machines.
cp "$FX/zendesk-a.csv" "$TMP/a-copy.csv"; printf '\r\n' >> "$TMP/a-copy.csv"
expect_exit 0 prodops ingest --json "$TMP/a-copy.csv"
assert_eq "loaded 5 0 0 5" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; f=json.load(sys.stdin)["files"][0]; print(f["outcome"], f["rows_read"], f["rows_new"], f["rows_updated"], f["rows_duplicate"])')" \
  "--json reports the file's counts"
done_testing
