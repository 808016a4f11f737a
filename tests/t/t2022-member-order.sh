#!/usr/bin/env bash
# Issue 15: the members of an archive are read on worker threads
# (extract/members.c) but reach the loader in archive order, so the later
# row still wins an updated_at tie across members (SPEC §4), a reject
# names its member and line, and a truncated member is rejected alone.
# The same archive read sequentially (PRODOPS_TEST_READ_THREADS=1) gives
# the same table and the same rejects.
. "$(dirname "$0")/../lib/test-lib.sh"

# Six Zendesk members of 3000 rows (more than the workers queue ahead);
# ticket 7 is in members 1 and 4 with the same updated_at; member 2 has a
# bad date on its line 1501; member 5 is a truncated gzip.
python3 - "$TMP/tickets.zip" <<'PY'
import gzip, sys, zipfile
head = ("Id,Requester,Requester email,Subject,Tags,Status,Priority,Via,"
        "Created at,Updated at,Organization\n")
def row(i, subject, updated="2026-11-03 08:00:00"):
    return ("%d,Ann Lee,ann@acme.example,%s,login,Open,High,Mail,"
            "2026-11-02 09:00:00,%s,Acme Corp\n" % (i, subject, updated))
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for m in range(6):
        rows = [head]
        for j in range(3000):
            i = 100000 + m * 3000 + j
            if m in (1, 4) and j == 10:
                rows.append(row(7, "from member %d" % m))
            elif m == 2 and j == 1499:
                rows.append(row(i, "bad", "not a date"))
            else:
                rows.append(row(i, "m%d r%d" % (m, j)))
        data = "".join(rows).encode()
        if m == 5:
            data = gzip.compress(data)[:5000]
        z.writestr("export/part-%d.csv%s" % (m, ".gz" if m == 5 else ""), data)
PY
cp "$TMP/tickets.zip" "$TMP/tickets-seq.zip"
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$TMP/tickets.zip"
assert_match "15001 read, 14998 new, 0 updated, 1 duplicate, 2 rejected" "$OUT" "five members load, ticket 7 twice; the cut member is one reject"
assert_eq "from member 4" "$(sql "SELECT subject FROM prodops.tickets WHERE external_id = '7'")" \
  "equal updated_at: the later member's row wins"
assert_eq "export/part-2.csv|1501|Updated at" \
  "$(sql "SELECT member, line_no, column_name FROM prodops.rejects WHERE member LIKE '%part-2%'")" "a reject names its member and line"
assert_match "unexpected end of gzip data" "$(sql "SELECT reason FROM prodops.rejects WHERE member LIKE '%part-5%'")" \
  "the truncated member is rejected alone"

expect_exit 1 env PRODOPS_TEST_READ_THREADS=1 "$PRODOPS_BIN" check "$TMP/tickets-seq.zip"
seq_out=$OUT
expect_exit 1 prodops check "$TMP/tickets-seq.zip"
assert_eq "$(printf '%s\n' "$seq_out" | sed 's/ in [0-9.]* s.*//')" \
  "$(printf '%s\n' "$OUT" | sed 's/ in [0-9.]* s.*//')" "check reads the same with one thread"

done_testing
