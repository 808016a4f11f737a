#!/usr/bin/env bash
# Issue 12 item 5: every query of one report reads one snapshot.  A load
# is committed in the middle of each report (weekly, okr, handoff): a
# second session holds an ACCESS EXCLUSIVE lock on nps_responses, so the
# report stops at its first NPS query after its ticket queries ran; the
# test then ingests more tickets (the ingest never reads NPS), waits for the
# commit, and releases the lock.  The report must come out exactly as one
# made before the load (R1 = R0), and one made after must differ (R2 != R0:
# the load does change what the later queries read, so R1 = R0 is not
# vacuous).  Run one query at a time in autocommit, the account health,
# the data-quality line, the OKR trajectory and the handoff's trend and
# accounts would see the new tickets while the ticket counts do not.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
cat >> "$TMP/prodops.conf" <<'CONF'

[okr "Fewer tickets"]
quarter   = 2026Q4
metric    = tickets_created
direction = <=
target    = 10
baseline  = 20

[areas]
Billing = billing, theme:billing, theme:bugs, theme:performance
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture
export PRODOPS_NOW=2026-11-18T09:00:00Z # W46 and 2026Q4 to date

# more_tickets NAME: a new tickets file (new ids, so never "already
# loaded"): urgent billing tickets of accounts ACC-1..3 in W44, W45, W46.
more_tickets() {
    local f=$TMP/$1.csv
    echo "id,created,first_reply,solved,updated,status,priority,channel,satisfaction,reopens,tags,email" > "$f"
    for d in 2026-10-27 2026-11-03 2026-11-10 2026-11-11; do
        for who in ann@acme.example bob@globex.example y@initech.example; do
            echo "$1-$d-${who%%@*},${d}T10:00:00Z,,,${d}T10:00:00Z,open,urgent,email,,,billing,$who"
        done
    done >> "$f"
    echo "$f"
}

# The second session holds the lock until the test writes COMMIT.
lock_nps() { hold_locks prodops.nps_responses; }
unlock_nps() { release_locks; }
# wait_for QUERY: until it returns 1 (at most 30 s).
wait_for() {
    for _ in $(seq 300); do
        [ "$(sql "$1")" = 1 ] && return 0
        sleep 0.1
    done
    return 1
}
# 1 when the report waits for the lock: on one of its connections or
# both (the weekly report's second reads NPS too, for account health).
BLOCKED="SELECT (count(*) > 0)::int FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prodops' AND wait_event_type = 'Lock'"

# race WHAT FILE CMD...: run CMD with a tickets load committed while it
# waits for the lock; then the load must be in the warehouse.
race() {
    local what=$1 file=$2; shift 2
    lock_nps
    "$@" > "$TMP/race.out" 2> "$TMP/race.err" &
    local rp=$!
    if wait_for "$BLOCKED"; then pass "$what: the report waits at its NPS query"
    else fail "$what: the report never waited for the lock"; fi
    expect_exit 0 timeout 60 "$PRODOPS_BIN" --config "$TMP/prodops.conf" ingest --profile fixture-tickets --source desk "$file"
    unlock_nps
    wait "$rp"; local rc=$?
    assert_eq "0" "$rc" "$what: the report finishes once the lock is gone"
    [ "$rc" = 0 ] || sed 's/^/    /' "$TMP/race.err"
}

# same A B: the two report documents are equal (generated_at aside).
same() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("generated_at", None)
print("same" if a == b else "differ")
PY
}

# ---- weekly ------------------------------------------------------------
expect_exit 0 P report weekly --out "$TMP/w0"
race weekly "$(more_tickets weekly)" P report weekly --out "$TMP/w1"
expect_exit 0 P report weekly --out "$TMP/w2"
W=weekly-2026-W46.json
assert_eq "same" "$(same "$TMP/w0/$W" "$TMP/w1/$W")" "weekly: the raced report equals the one before the load"
assert_eq "differ" "$(same "$TMP/w0/$W" "$TMP/w2/$W")" "weekly: the load changes the report made after it"
out=$(json_check "$TMP/w1/$W" \
  "tickets.trend.11.tickets_created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tickets_previous"]["tickets_created"])' "$TMP/w1/$W")" \
  "tickets.trend.12.tickets_created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tickets"]["tickets_created"])' "$TMP/w1/$W")") \
  && pass "weekly: the trend's last two weeks equal tickets and tickets_previous" \
  || { fail "weekly trend vs previous"; echo "$out" | grep "not ok"; }

# ---- okr ---------------------------------------------------------------
expect_exit 0 P report okr --out "$TMP/o0"
race okr "$(more_tickets okr)" P report okr --out "$TMP/o1"
expect_exit 0 P report okr --out "$TMP/o2"
O=okr-2026Q4.json
assert_eq "same" "$(same "$TMP/o0/$O" "$TMP/o1/$O")" "okr: the raced review equals the one before the load"
assert_eq "differ" "$(same "$TMP/o0/$O" "$TMP/o2/$O")" "okr: the load changes the review made after it"

# ---- handoff -----------------------------------------------------------
# Every CSV of the folder, as one digest.
folder_digest() { (cd "$1" && cat tickets.csv nps_verbatims.csv usage_by_feature.csv accounts.csv trend.csv | md5sum); }
H=handoff-billing-2026-W46
expect_exit 0 P report handoff --out "$TMP/h0"
race handoff "$(more_tickets handoff)" P report handoff --out "$TMP/h1"
expect_exit 0 P report handoff --out "$TMP/h2"
assert_eq "$(folder_digest "$TMP/h0/$H")" "$(folder_digest "$TMP/h1/$H")" "handoff: the raced folder equals the one before the load"
[ "$(folder_digest "$TMP/h0/$H")" != "$(folder_digest "$TMP/h2/$H")" ] \
    && pass "handoff: the load changes the folder made after it" \
    || fail "handoff: the load changed nothing"
last_week() { tail -1 "$1/trend.csv" | cut -d, -f3; }
assert_eq "$(($(wc -l < "$TMP/h1/$H/tickets.csv") - 1))" "$(last_week "$TMP/h1/$H")" "handoff: the trend's last week counts the rows of tickets.csv"

# A report never writes: the snapshot is read-only.
assert_eq "0" "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prodops'")" "no report session left behind"
done_testing
