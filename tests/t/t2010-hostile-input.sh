#!/usr/bin/env bash
# Issue 12 ("Nothing lost, nothing silent"), hostile input: a header of
# 16 384 columns loads (each repeated name kept under its own extra key)
# and one column more rejects the file with its reason.
. "$(dirname "$0")/../lib/test-lib.sh"

# wide FILE NX: a Zendesk export whose header ends in NX columns named x.
wide() {
    python3 - "$1" "$2" <<'PY'
import sys
path, nx = sys.argv[1], int(sys.argv[2])
cols = ["Id", "Created at", "Via"] + ["x"] * nx
row = ["1", "2026-11-20 10:00", "web"] + [str(i + 1) for i in range(nx)]
open(path, "w").write(",".join(cols) + "\n" + ",".join(row) + "\n")
PY
}

# ---- item 3: wide headers ------------------------------------------------
wide "$TMP/wide.csv" 16381
wide "$TMP/wider.csv" 16382
expect_exit 0 prodops ingest "$TMP/wide.csv"
assert_match "1 read, 1 new" "$OUT" "16 384 columns load"
assert_eq "16381|1|16381|16381" \
    "$(sql "SELECT count(*), min((value #>> '{}')::int), max((value #>> '{}')::int),
                   count(DISTINCT key) FROM prodops.tickets, jsonb_each(extra)")" \
    "every x column is kept in extra under its own key"
assert_eq "1|2|16381" "$(sql "SELECT extra->>'x', extra->>'x (2)', extra->>'x (16381)'
                              FROM prodops.tickets")" "named x, x (2), ... x (16381)"
expect_exit 1 prodops ingest "$TMP/wider.csv"
assert_match "header has 16385 columns, more than 16384" "$OUT$ERR" "16 385 columns: the reason is printed"
assert_eq "rejected|header has 16385 columns, more than 16384" \
    "$(sql "SELECT status, reason FROM prodops.files WHERE name = 'wider.csv'")" \
    "and recorded in files"

done_testing
