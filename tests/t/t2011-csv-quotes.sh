#!/usr/bin/env bash
# Issue 12.1: a stray quote never merges rows silently.  Python's csv.reader
# (default dialect) is the reference: rows read equal its rows, and a record
# that merged lines behind a stray quote is a reject with its line numbers.
# Every file reconciles: read = new + updated + duplicate + rejected.
. "$(dirname "$0")/../lib/test-lib.sh"
H='Id,Subject,Status,Priority,Via,Created at,Updated at'
T='Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00'

# Rows Python's csv module reads after the header (blank lines skipped).
python_rows() {
    python3 -c 'import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")) if r and any(f.strip() for f in r)]
print(len(rows) - 1)' "$1"
}
reconciles() { # FILE-NAME: read = new + updated + duplicate + rejected
    sql "SELECT rows_read = rows_loaded + rows_updated + rows_duplicate + rows_rejected
         FROM prodops.files WHERE name = '$1' ORDER BY file_id DESC LIMIT 1"
}

# The reported case: `"12" monitor` is `12 monitor`, and rows 92-93 stay rows
# (libcsv read 2 rows, both new, 0 rejected, exit 0).
printf '%s\n' "$H" "91,\"12\" monitor,$T" "92,keyboard,$T" "93,mouse,$T" > "$TMP/quote-text.csv"
assert_eq 3 "$(python_rows "$TMP/quote-text.csv")" "Python reads 3 rows"
expect_exit 0 prodops ingest "$TMP/quote-text.csv"
assert_match "3 read, 3 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "3 rows read, as Python reads them"
assert_eq "91|12 monitor
92|keyboard
93|mouse" "$(sql "SELECT external_id, subject FROM prodops.tickets ORDER BY external_id")" "subjects as Python reads them"

# At scale: 1000 rows whose subjects start with a quoted number (libcsv: 501).
{ echo "$H"; for i in $(seq 1001 2000); do echo "$i,\"$((i % 24))\" monitor,$T"; done; } > "$TMP/quote-scale.csv"
expect_exit 0 prodops ingest "$TMP/quote-scale.csv"
assert_match "1000 read, 1000 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "1000 rows read as 1000"
assert_eq "$(python_rows "$TMP/quote-scale.csv")" "$(sql "SELECT rows_read FROM prodops.files WHERE name = 'quote-scale.csv'")" "rows read = Python's rows"

# A stray opening quote swallows two lines up to the next quote: Python reads
# one merged record; prodops reads the same record and rejects it with both
# line numbers, the other 40 rows load, and the file reconciles.
{ echo "$H"; for i in $(seq 3001 3020); do echo "$i,ok $i,$T"; done
  echo "3021,\"12 monitor,$T"; echo "3022,keyboard,$T"; echo "3023,\"mouse\",$T"
  for i in $(seq 3024 3043); do echo "$i,ok $i,$T"; done; } > "$TMP/stray-open.csv"
PYROWS=$(python_rows "$TMP/stray-open.csv")
expect_exit 1 prodops ingest --max-reject-ratio 0.05 "$TMP/stray-open.csv"
assert_match "$PYROWS read, 40 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "the merged record is one reject ($PYROWS rows as Python)"
assert_eq "22|quoted field runs from line 22 to line 24 and holds line 23, which reads as a row of its own: a stray quote?" \
  "$(sql "SELECT line_no, r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'stray-open.csv'")" "reject names the lines"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE external_id IN ('3021', '3022', '3023')")" "nothing of the merge loaded"
assert_eq t "$(reconciles stray-open.csv)" "stray-open.csv reconciles"

# An open quote that runs to the end of the file: one reject, the rows
# before it load.
{ echo "$H"; for i in $(seq 4001 4040); do echo "$i,ok $i,$T"; done
  echo "4041,\"never closed,$T"; echo "4042,x,$T"; } > "$TMP/open-end.csv"
expect_exit 1 prodops ingest "$TMP/open-end.csv"
assert_match "41 read, 40 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "open quote at the end: one reject"
assert_match "never closed: it runs to the end of the file \(line 43\)" \
  "$(sql "SELECT r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'open-end.csv'")" "reason says so"

# Property: generated files with hostile subjects (quotes inside and after
# text, quoted delimiters and line breaks, stray quotes) -- rows read equal
# Python's rows and every file reconciles; rejects carry a reason.
python3 - "$TMP/gen" <<'PY'
import os, random, sys
out = sys.argv[1]; os.makedirs(out)
rnd = random.Random(12)
words = ['monitor', '"12" inch', 'a"b', 'x, y', '""', 'été', 'line\nbreak', '"quoted, comma"', ' "lead"', 'ok']
for n in range(12):
    with open(f'{out}/gen-{n:02d}.csv', 'w', newline='') as f:
        f.write('Id,Subject,Status,Priority,Via,Created at,Updated at\r\n')
        for i in range(rnd.randint(20, 200)):
            w = rnd.choice(words)
            if '\n' in w or ',' in w and not w.startswith('"') or w == '""':
                subj = '"' + w.replace('"', '""') + '"'
            else:
                subj = w
            if rnd.random() < 0.01:
                subj = '"' + subj  # a stray opening quote
            f.write(f'{n * 1000 + i + 10000},{subj},Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00\r\n')
PY
for f in "$TMP"/gen/*.csv; do
    name=$(basename "$f")
    prodops ingest --max-reject-ratio 1 "$f" >/dev/null 2>&1
    read_db=$(sql "SELECT rows_read FROM prodops.files WHERE name = '$name'")
    assert_eq "$(python_rows "$f")" "$read_db" "$name: rows read = Python's rows"
    assert_eq t "$(reconciles "$name")" "$name reconciles"
done
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.rejects WHERE coalesce(reason, '') = ''")" "every reject has a reason"
assert_eq t "$(sql "SELECT count(*) > 0 FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name LIKE 'gen-%'")" "the stray quotes planted were rejected"

done_testing
