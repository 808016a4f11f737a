#!/usr/bin/env bash
# Encodings (UTF-16 with BOM, Windows-1252, UTF-8 BOM), semicolons, and
# account resolution that is re-evaluated when accounts arrive later.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets

expect_exit 0 prodops ingest "$FX/zendesk-a.csv" "$FX/zendesk-b.csv"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE account_id IS NOT NULL")" "no accounts yet"
expect_exit 0 prodops ingest --kind accounts "$FX/accounts.csv"
assert_match "4 read, 4 new" "$OUT" "accounts loaded"
assert_eq "1:ACC-1 2:ACC-2 3: 4:ACC-3 5:ACC-1 6:ACC-2" \
  "$(sql "SELECT string_agg(external_id || ':' || coalesce(account_id, ''), ' ' ORDER BY external_id) FROM prodops.tickets")" \
  "accounts re-resolved; free-mail gmail.com maps to none"
assert_eq "acme.example|120000.00" "$(sql "SELECT domain, arr FROM prodops.accounts WHERE account_id = 'ACC-1'")" \
  "website stripped to a domain, ARR parsed"

# Windows-1252 with semicolons.
expect_exit 0 prodops ingest "$FX/freshdesk-cp1252.csv"
assert_match "freshdesk tickets, cp1252" "$OUT" "detected freshdesk and cp1252"
assert_eq "Café menu broken|solved|web|ACC-1" "$(sql "SELECT subject, status, channel, account_id FROM prodops.tickets WHERE source='freshdesk' AND external_id='101'")" "cp1252 decoded"
assert_eq "Naïve question € price|pending" "$(sql "SELECT subject, status FROM prodops.tickets WHERE external_id='102'")" "euro sign from 0x80"

# Issue 12.15: one Windows-1252 byte among UTF-8 text in the sampled first
# 64 KiB read the whole file as Windows-1252 (mojibake, exit 0).  Now the
# UTF-8 text wins, the byte is read as Windows-1252 and counted: in the
# summary, in a warning naming its line, and in prodops.files.warnings.
{ echo 'Ticket ID,Subject,Status,Created time,Last update time'
  echo '301,Crème brûlée,Open,2026-11-03 10:00:00,2026-11-03 10:00:00'
  printf '302,na\xefve,Open,2026-11-03 10:00:00,2026-11-03 10:00:00\n'
  for i in $(seq 303 340); do echo "$i,Résumé café,Open,2026-11-03 10:00:00,2026-11-03 10:00:00"; done; } > "$TMP/mixed.csv"
expect_exit 0 prodops ingest --source mixed "$TMP/mixed.csv"
assert_match "mixed tickets, utf-8, 1 byte not UTF-8 read as cp1252\): 40 read, 40 new" "$OUT" "summary counts the byte"
assert_match "mixed.csv: 1 byte is not valid UTF-8 \(the first on line 3 of 'mixed.csv'\)" "$ERR" "warning names the line"
assert_eq "Crème brûlée|naïve|Résumé café" "$(sql "SELECT string_agg(subject, '|' ORDER BY first) FROM (SELECT subject, min(external_id::int) AS first FROM prodops.tickets WHERE source='mixed' GROUP BY subject) s")" "no mojibake"
assert_eq "1|3" "$(sql "SELECT warnings->>'bytes_not_utf8', warnings->>'first_decoded_line' FROM prodops.files WHERE name = 'mixed.csv'")" "counted in prodops.files"

# UTF-16LE with BOM (Excel "Unicode text") and UTF-8 with BOM.
printf 'Ticket ID,Subject,Status,Created time,Last update time\n201,Ünïcode ☃ test,Open,2026-11-03 10:00:00,2026-11-03 10:00:00\n' > "$TMP/u8.csv"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$TMP/u8.csv"; } > "$TMP/u16.csv"
expect_exit 0 prodops ingest --source fd16 "$TMP/u16.csv"
assert_eq "Ünïcode ☃ test" "$(sql "SELECT subject FROM prodops.tickets WHERE source='fd16'")" "utf-16 decoded"
{ printf '\xef\xbb\xbf'; sed 's/201/202/' "$TMP/u8.csv"; } > "$TMP/bom.csv"
expect_exit 0 prodops ingest --source fdbom "$TMP/bom.csv"
assert_eq "202" "$(sql "SELECT external_id FROM prodops.tickets WHERE source='fdbom'")" "BOM stripped from the first header"

# Day/month order settled by a later value: the file is read again.
{ echo 'Id,Subject,Created at,Updated at,Status'
  echo '1,a,03/04/2026 10:00,03/04/2026 10:00,Open'
  echo '2,b,25/04/2026 10:00,25/04/2026 10:00,Open'; } > "$TMP/dayfirst.csv"
expect_exit 0 prodops ingest --source df --profile zendesk "$TMP/dayfirst.csv"
assert_eq "2026-04-03 10:00:00+00" "$(sql "SELECT created_at FROM prodops.tickets WHERE source='df' AND external_id='1'")" \
  "a value > 12 settles day-first for the whole file"

# Naive times in the source's time zone (--tz).
printf 'Id,Created at,Updated at,Via\n1,2026-07-01 12:00:00,2026-07-01 12:00:00,Mail\n' > "$TMP/tz.csv"
expect_exit 0 prodops ingest --source berlin --tz Europe/Berlin "$TMP/tz.csv"
assert_eq "2026-07-01 10:00:00+00" "$(sql "SELECT created_at FROM prodops.tickets WHERE source='berlin'")" "Berlin summer time to UTC"
done_testing
