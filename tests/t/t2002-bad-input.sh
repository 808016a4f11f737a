#!/usr/bin/env bash
# SPEC §5: bad rows are quarantined with line numbers; too many bad rows,
# missing columns, unknown formats, truncated gzip and broken quoting reject
# the file whole; other files still load; exit codes follow the table.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets
H='Id,Subject,Status,Priority,Via,Created at,Updated at'

# 40 good rows and one bad date (2.4 %): the row is rejected, the rest load.
{ echo "$H"; for i in $(seq 1 40); do echo "$i,ok $i,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00"; done
  echo "41,bad,Open,Low,Mail,2026-13-45 09:00:00,2026-11-02 10:00:00"; } > "$TMP/some-bad.csv"
expect_exit 1 prodops ingest "$TMP/some-bad.csv"
assert_match "41 read, 40 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "one bad row rejected"
assert_match "1 rows rejected; see 'prodops rejects --file 1'" "$ERR" "stderr points at the rejects"
assert_eq "42|Created at|cannot parse 'created_at': \"2026-13-45 09:00:00\" is not a timestamp" \
  "$(sql "SELECT line_no, column_name, reason FROM prodops.rejects")" "reject has line, column, reason"
assert_match '^41,bad,Open' "$(sql "SELECT raw FROM prodops.rejects")" "reject keeps the raw line"
expect_exit 0 prodops rejects --file 1
assert_match "some-bad.csv:42" "$OUT" "prodops rejects lists it"

# 10 % bad: the whole file is rejected, nothing of it loads.
{ echo "$H"; for i in $(seq 101 118); do echo "$i,ok,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00"; done
  echo "119,bad,Open,Low,Mail,yesterday,2026-11-02 10:00:00"; echo "120,bad,Open,Low,Mail,,2026-11-02 10:00:00"; } > "$TMP/many-bad.csv"
expect_exit 1 prodops ingest "$TMP/many-bad.csv"
assert_match "many-bad.csv: file rejected: 2 of 20 rows rejected \(10.0%, more than max_reject_ratio 5%\)" "$ERR" "file rejected over the threshold"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE external_id::int > 100")" "nothing of it loaded"
assert_eq "rejected|20|2" "$(sql "SELECT status, rows_read, rows_rejected FROM prodops.files WHERE name = 'many-bad.csv'")" "recorded as rejected"
# A rejected file is not "already loaded": a larger threshold loads it.
expect_exit 1 prodops ingest --max-reject-ratio 0.2 "$TMP/many-bad.csv"
assert_match "20 read, 18 new, 0 updated, 0 duplicate, 2 rejected" "$OUT" "reloads once the threshold allows"

# Missing required column: one line naming the column and the profile.
printf 'Id,Subject,Status,Via,Updated at\n1,x,Open,Mail,2026-11-02 10:00:00\n' > "$TMP/no-created.csv"
expect_exit 1 prodops ingest --profile zendesk "$TMP/no-created.csv"
assert_match "missing required column 'Created at' \(created_at\) for profile 'zendesk'" "$ERR" "missing column named"

# Unknown format.
printf 'foo,bar\n1,2\n' > "$TMP/unknown.csv"
expect_exit 1 prodops ingest "$TMP/unknown.csv"
assert_match "unknown format: the header matches no" "$ERR" "unknown format"
assert_match "hint: name one with --profile" "$ERR" "with a hint"

# Truncated gzip: rejected whole; the good file of the same run still loads.
{ echo "$H"; for i in $(seq 201 3000); do echo "$i,subject $i,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00"; done; } | gzip > "$TMP/full.csv.gz"
head -c 9000 "$TMP/full.csv.gz" > "$TMP/truncated.csv.gz"
printf '%s\n' "$H" "5001,fine,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00" > "$TMP/zz-good.csv"
expect_exit 1 prodops ingest "$TMP/truncated.csv.gz" "$TMP/zz-good.csv"
assert_match "truncated.csv.gz: file rejected: .*gzip" "$ERR" "truncated gzip rejected"
assert_match "loaded zz-good.csv" "$OUT" "the other file still loads"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE external_id::int BETWEEN 201 AND 3000")" "no partial gzip load"
expect_exit 0 prodops ingest "$TMP/full.csv.gz"
assert_match "2800 read, 2800 new" "$OUT" "the whole gzip loads"

# Broken quoting: an unterminated quote is a file error with a line.
printf '%s\n' "$H" '7001,"never closed,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00' "7002,x,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00" > "$TMP/quote.csv"
expect_exit 1 prodops ingest "$TMP/quote.csv"
assert_match "quote.csv: file rejected: .*(quot|field)" "$ERR" "unterminated quote rejected"

# Usage errors exit 2; a database that is down exits 3.
expect_exit 2 prodops ingest --kind nonsense "$TMP/zz-good.csv"
assert_match "Try 'prodops ingest --help'" "$ERR" "usage hint"
expect_exit 2 prodops ingest
expect_exit 0 prodops ingest --help
PRODOPS_DSN="postgresql:///nodb?host=$TMP/nowhere" expect_exit 3 prodops ingest "$TMP/zz-good.csv"
assert_match "cannot connect to the database" "$ERR" "database down: one line"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected AND status = 'loaded'")" "files reconcile"
done_testing
