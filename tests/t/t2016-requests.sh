#!/usr/bin/env bash
# Feature requests (issue 17, kind = requests): Fider's posts CSV detected
# by its header, cumulative exports reconcile (new + updated + duplicate +
# rejected = read), the newest updated_at wins, a bad row is rejected with
# its reason, unknown columns go to extra; Canny and Productboard load by
# mapping, with accounts resolved as tickets' are (SPEC §3).
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/requests

expect_exit 0 prodops ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
expect_exit 0 prodops ingest "$FX/fider-1.csv"
assert_match "\(fider requests, utf-8\): 4 read, 4 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "detected as Fider posts"
# The second export: post 1 unchanged, 2 answered later (newer: wins), 4
# re-exported with an older answer (loses), 5 new, 6 a bad date.
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$FX/fider-2.csv"
assert_match "5 read, 1 new, 1 updated, 2 duplicate, 1 rejected" "$OUT" "cumulative export reconciles"
assert_eq "6|created_at|cannot parse 'created_at': \"next tuesday\" is not a timestamp" \
  "$(sql "SELECT split_part(r.raw, ',', 1), r.column_name, r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'fider-2.csv'")" \
  "the bad row rejected with its reason"
assert_eq "1:open:open:12: 2:planned:planned:9: 3:duplicate:duplicate:2:1 4:started:started:5: 5:open:open:3:" \
  "$(sql "SELECT string_agg(external_id || ':' || status || ':' || status_raw || ':' || votes || ':' || coalesce(merged_into, ''), ' ' ORDER BY external_id) FROM prodops.requests WHERE source = 'fider'")" \
  "statuses, votes, the merged duplicate; the older answer to 4 lost"
assert_eq "2026-11-02 16:00:00+00|Ann Lee|{\"response\": \"Merged into Dark mode\", \"responded_by\": \"Dana PM\", \"comments_count\": \"0\", \"original_title\": \"Dark mode\"}" \
  "$(sql "SELECT (SELECT updated_at FROM prodops.requests WHERE external_id = '2'), (SELECT author FROM prodops.requests WHERE external_id = '1'), (SELECT extra FROM prodops.requests WHERE external_id = '3')")" \
  "updated_at from responded_at; author; drift kept in extra"
assert_eq "{export,reports}" "$(sql "SELECT tags FROM prodops.requests WHERE external_id = '2'")" "tags"
# Loading the same file again is skipped (SPEC §4).
expect_exit 0 prodops ingest "$FX/fider-1.csv"
assert_match "already loaded" "$OUT$ERR" "same file twice"

# Canny and Productboard by mapping (formats.md §3.7: no confirmed header).
cat > "$TMP/prodops.conf" <<CONF
[profile "canny"]
kind         = requests
external_id  = ID
title        = Title
description  = Details
status       = Status
votes        = Votes
author       = Author Name
author_email = Author Email
organization = Company Name
tags         = Tags
created_at   = Created At

[profile "productboard"]
kind         = requests
external_id  = Note ID
title        = Title
description  = Content
author_email = User email
organization = Company
tags         = Tags
created_at   = Created at
CONF
expect_exit 0 prodops --config "$TMP/prodops.conf" ingest "$FX/canny.csv" "$FX/productboard.csv"
assert_match "canny.csv as file [0-9]+ \(canny requests, utf-8\): 3 read, 3 new" "$OUT" "Canny by mapping"
assert_match "productboard.csv as file [0-9]+ \(productboard requests, utf-8\): 2 read, 2 new" "$OUT" "Productboard by mapping"
assert_eq "c-101:open:9:ACC-1 c-102:started:4:ACC-2 c-103:completed:2: pb-1:::ACC-3 pb-2:::ACC-2" \
  "$(sql "SELECT string_agg(external_id || ':' || coalesce(status, '') || ':' || coalesce(votes::text, '') || ':' || coalesce(account_id, ''), ' ' ORDER BY external_id) FROM prodops.requests WHERE source IN ('canny', 'productboard')")" \
  "statuses mapped, votes only where exported, accounts by name or domain (gmail: none)"
assert_eq "Customer asked again for dark mode, they work in a dim control room|Feature Requests" \
  "$(sql "SELECT (SELECT title FROM prodops.requests WHERE external_id = 'pb-1'), (SELECT extra->>'Board' FROM prodops.requests WHERE external_id = 'c-101')")" \
  "an untitled note is named by its text; Canny's board in extra"
# Accounts loaded later still apply (SPEC §3).
printf 'Account ID,Account Name,Website,Plan,Segment,Region,ARR\nACC-9,Jon Co,gmail.example,Starter,SMB,NA,500\n' > "$TMP/more-accounts.csv"
sql "UPDATE prodops.requests SET author_domain = 'gmail.example' WHERE external_id = 'c-103'" >/dev/null
expect_exit 0 prodops ingest --kind accounts "$TMP/more-accounts.csv"
assert_eq "ACC-9" "$(sql "SELECT account_id FROM prodops.requests WHERE external_id = 'c-103'")" "accounts re-resolved"
assert_eq "5" "$(sql "SELECT count(*) FROM prodops.requests WHERE source = 'fider'")" "five Fider posts"
# An erasure request (issue 18's forget) reaches a post's author email.
expect_exit 0 prodops forget --email HAL@acme.example
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.requests WHERE author_email ILIKE '%hal@acme.example%'")" "forget erases a post author's email"

[ "$fails" = 0 ]
