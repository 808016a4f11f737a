# Sourced by tests/t/*.sh: a fresh database per script on the suite's
# private cluster, helpers to run prodops and assert real outcomes.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${PRODOPS_SHARED:-$ROOT/../shared}
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/prodops-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

: "${PRODOPS_TEST_URI:?run through tests/run (it starts the cluster)}"
DBNAME=$(printf '%s' "t_$TEST_NAME" | tr -c 'a-zA-Z0-9_\n' '_')
ADMIN_URI=$PRODOPS_TEST_URI
export PRODOPS_DSN=${ADMIN_URI/\/prodops\?//$DBNAME?}
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" \
    -c "CREATE DATABASE $DBNAME" >/dev/null || { echo "cannot create $DBNAME"; exit 1; }

fails=0
prodops() { "$PRODOPS_BIN" "$@"; }
sql() { psql -XqAt "$PRODOPS_DSN" -c "$1"; }
# The mask bits the rollups keep for an event at event_time (migration
# 031), from the epoch rather than prodops.half_hour_bit(): the UTC half
# hour's bit and, in the half hours 10:00, 11:00, 15:00 and 18:00 (k = 0..3),
# bit 48 + 2k or 49 + 2k for their first or second quarter hour.
MASK_BITS="(1::bigint << (floor(extract(epoch FROM event_time) / 1800)::bigint % 48)::int | coalesce(1::bigint << (46 + 2 * array_position('{20,22,30,36}'::bigint[], floor(extract(epoch FROM event_time) / 1800)::bigint % 48) + floor(extract(epoch FROM event_time) / 900)::bigint % 2)::int, 0))"
fail() { echo "not ok: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# json_check FILE PATH=EXPECTED...: each dotted PATH of the JSON file (list
# indexes are numbers) equals the python expression EXPECTED, numbers within
# 1e-9, None = null.  Prints ok / not ok per path; fails if any differs.
json_check() {
    python3 - "$@" <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
bad = 0
for spec in sys.argv[2:]:
    path, want = spec.split("=", 1)
    v = doc
    for k in path.split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    w = eval(want)
    ok = (v is None and w is None) or (isinstance(w, str) and v == w) or \
         (isinstance(w, bool) and v is w) or \
         (isinstance(w, (dict, list)) and v == w) or \
         (isinstance(w, (int, float)) and not isinstance(w, bool) and v is not None and math.isclose(v, w, rel_tol=1e-9, abs_tol=1e-9))
    print(("ok: " if ok else "not ok: ") + f"{path} = {v!r}, by hand {w!r}")
    bad += not ok
sys.exit(1 if bad else 0)
PY
}

# assert_eq EXPECTED ACTUAL MESSAGE
assert_eq() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3: expected '$1', got '$2'"; fi
}
# assert_match REGEX TEXT MESSAGE
assert_match() {
    if printf '%s' "$2" | grep -qE -- "$1"; then pass "$3"; else fail "$3: '$2' does not match /$1/"; fi
}
# run_db_program NAME COUNT: the cmocka program tests/unit/NAME.c (built
# by make unit beside prodops) against this script's database; passes
# when all COUNT of its tests pass, each test's line shown.
run_db_program() {
    local bin out rc
    bin=$(dirname "$PRODOPS_BIN")/tests/$1
    [ -x "$bin" ] || { fail "$bin is not built (make unit)"; return; }
    out=$("$bin" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E '^\[ +(OK|FAILED|PASSED|ERROR|SKIPPED) +\]' | sed 's/^/  /'
    assert_eq 0 "$rc" "$1 exits 0"
    assert_match "\[  PASSED  \] $2 test" "$out" "all $2 tests of $1 pass"
}
# expect_exit CODE CMD...: run, keep stdout in $OUT and stderr in $ERR.
# hold_locks TABLES: a second session (psql reading its statements from a
# FIFO) takes ACCESS EXCLUSIVE locks on TABLES ("prodops.a, prodops.b")
# and holds them until release_locks; returns once the first is granted.
hold_locks() {
    rm -f "$TMP/lock.fifo"; mkfifo "$TMP/lock.fifo"
    psql -XqAt "$PRODOPS_DSN" < "$TMP/lock.fifo" > "$TMP/lock.out" 2>&1 &
    LOCKER=$!
    exec 9> "$TMP/lock.fifo"
    echo "BEGIN; LOCK TABLE $1 IN ACCESS EXCLUSIVE MODE;" >&9
    for _ in $(seq 300); do
        [ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = '${1%%,*}'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && return 0
        sleep 0.1
    done
    return 1
}
release_locks() {
    echo "COMMIT;" >&9
    exec 9>&-
    wait "$LOCKER"
}
expect_exit() {
    local want=$1; shift
    "$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
    OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
    if [ "$rc" = "$want" ]; then pass "exit $want: $*"; else
        fail "exit of '$*': expected $want, got $rc"; sed 's/^/    /' "$TMP/err" | tail -5; fi
}
# A checksum of a table's contents (order-independent), for convergence.
table_digest() {
    sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ($1) t"
}
# html_renders FILE WHAT: Chromium renders the HTML file at 1000 and
# 400 px wide, a screenshot of that size each (asserted); then, at 400 px,
# nothing runs past the right edge: a copy of the page whose one script
# narrows the document to 400 px (headless Chromium keeps a wider window
# for --dump-dom) and writes the rightmost edge of any element into the
# DOM.  Sets FIT to "fits" or that edge in pixels, and CHARTS to the
# number of <svg> charts drawn wider than 200 px.
html_renders() {
    local f=$1 what=$2 w
    FIT=none CHARTS=0
    command -v chromium >/dev/null 2>&1 || { fail "chromium missing: run scripts/install-deps.sh"; return; }
    for w in 1000 400; do
        HOME=$TMP chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
            --window-size=$w,1400 --screenshot="$TMP/w$w.png" "file://$f" >"$TMP/chromium.log" 2>&1
        assert_eq "0" "$?" "Chromium renders $what at $w px"
        assert_eq "PNG ${w}x1400" "$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("PNG %dx%d" % struct.unpack(">II", d[16:24]))' "$TMP/w$w.png")" "$what: a ${w}x1400 screenshot"
    done
    cat >"$TMP/probe.js" <<'JS'
<script>
document.documentElement.style.width = "400px";
var m = 0, n = 0;
document.querySelectorAll("body *").forEach(function (e) {
    m = Math.max(m, e.getBoundingClientRect().right);
});
document.querySelectorAll("svg").forEach(function (e) {
    n += e.getBoundingClientRect().width > 200;
});
document.body.setAttribute("data-w", (m <= 400 ? "fits" : String(Math.ceil(m))) + " " + n);
</script>
JS
    sed -e "/<\/body>/{r $TMP/probe.js" -e '}' "$f" >"$TMP/probe.html"
    HOME=$TMP chromium --headless=new --no-sandbox --disable-gpu --window-size=1000,1400 \
        --dump-dom "file://$TMP/probe.html" >"$TMP/dom.html" 2>"$TMP/chromium.log"
    read -r FIT CHARTS <<<"$(sed -n 's/.*data-w="\([a-z0-9]*\) \([0-9]*\)".*/\1 \2/p' "$TMP/dom.html" | head -1)"
}
# load_report_fixture: the hand-made report warehouse (tests/fixtures/report)
# -- CRM accounts, tickets, NPS answers, events -- loaded through the
# script's P (prodops with its config).
load_report_fixture() {
    local fx=$ROOT/tests/fixtures/report
    expect_exit 0 P ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
    expect_exit 0 P ingest --profile fixture-tickets --source desk "$fx/tickets.csv"
    expect_exit 0 P ingest --profile fixture-nps --source survey "$fx/nps.csv"
    expect_exit 0 P ingest "$fx/events.jsonl"
}

done_testing() {
    if [ "$fails" -gt 0 ]; then echo "$fails assertion(s) failed"; exit 1; fi
    exit 0
}
skip_all() { echo "$*"; exit 77; }
