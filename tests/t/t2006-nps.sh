#!/usr/bin/env bash
# NPS responses (SPEC §3-4): cumulative Delighted exports converge, edits
# update, scores outside 0-10 are rejected with a reason, responses without
# an id are keyed by (email, time, score), accounts resolve by domain.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/nps

expect_exit 0 prodops ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
expect_exit 0 prodops ingest "$FX/delighted-1.csv"
assert_match "\(delighted nps, utf-8\): 4 read, 4 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "detected as Delighted NPS"
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$FX/delighted-2.csv"
assert_match "7 read, 1 new, 1 updated, 3 duplicate, 2 rejected" "$OUT" "cumulative export: 1 new, 1 edited, 3 unchanged"
assert_eq "106|Score|\"11\" is not an NPS score (an integer 0-10)
107|Score|no answer to the NPS question (blank score)" \
  "$(sql "SELECT split_part(raw, ',', 1), column_name, reason FROM prodops.rejects ORDER BY line_no")" "bad scores rejected with reasons"
assert_eq "101:10:ACC-1 102:6:ACC-2 103:9: 104:7:ACC-3 105:3:ACC-1" \
  "$(sql "SELECT string_agg(external_id || ':' || score || ':' || coalesce(account_id, ''), ' ' ORDER BY external_id) FROM prodops.nps_responses")" \
  "scores (9.0 read as 9) and accounts by email domain; gmail maps to none"
assert_eq "Invoices are confusing and slow. Fixed now?" "$(sql "SELECT comment FROM prodops.nps_responses WHERE external_id = '102'")" "the edited comment won"
assert_eq "Love it, truly|2026-11-02 10:00:00+00|{\"Name\": \"Ann Lee\", \"Plan\": \"Enterprise\", \"Permalink\": \"https://app.delighted.example/r/101\"}" \
  "$(sql "SELECT comment, responded_at, extra FROM prodops.nps_responses WHERE external_id = '101'")" "values and extra"

# A generic mapping without response ids: the key is (email, time, score),
# so the same response in a later cumulative export is a duplicate.
cat > "$TMP/prodops.conf" <<CONF
[profile "unrelated"]
kind        = tickets
external_id = Case No
created_at  = Opened

[profile "inapp"]
kind             = nps
respondent_email = user
score            = rating
responded_at     = when
comment          = why
CONF
printf 'user,rating,when,why\nann@acme.example,8,2026-11-10T08:00:00Z,good\nbob@globex.example,2,2026-11-10T09:00:00+01:00,bad\n' > "$TMP/inapp-1.csv"
{ cat "$TMP/inapp-1.csv"; printf 'cy@gmail.com,10,2026-11-11T08:00:00Z,great\n'; } > "$TMP/inapp-2.csv"
# No --profile: the second of two configured mappings is detected.
expect_exit 0 prodops --config "$TMP/prodops.conf" ingest --source inapp "$TMP/inapp-1.csv" "$TMP/inapp-2.csv"
assert_match "inapp-2.csv as file [0-9]+ \(inapp nps, utf-8\): 3 read, 1 new, 0 updated, 2 duplicate" "$OUT" "id-less cumulative export"
assert_eq "3" "$(sql "SELECT count(*) FROM prodops.nps_responses WHERE source = 'inapp' AND external_id LIKE 'h:%'")" "derived keys"
assert_eq "2026-11-10 08:00:00+00" "$(sql "SELECT responded_at FROM prodops.nps_responses WHERE source = 'inapp' AND score = 2")" "offset applied"
# Survey tools: the NPS question and its follow-up are found by wording.
expect_exit 0 prodops ingest "$FX/surveymonkey.csv"
assert_match "\(surveymonkey nps, utf-8\): 2 read, 2 new" "$OUT" "SurveyMonkey's two header rows"
assert_eq "118111109131|9|Great support, fast answers|2026-11-02 09:55:27+00|Satisfied" \
  "$(sql "SELECT external_id, score, replace(comment, E'\n', ' '), responded_at, extra->>'How satisfied are you with: - Billing' FROM prodops.nps_responses WHERE source = 'surveymonkey' ORDER BY external_id LIMIT 1")" \
  "score, comment and matrix sub-labels from combined headers"
# A partial response (NPS question unanswered) is a reject that says so,
# but no sign of a mapping problem: it does not count toward the 5 %.
expect_exit 1 prodops ingest "$FX/typeform.csv"
assert_match "\(typeform nps, utf-8\): 3 read, 2 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "Typeform; the partial response rejected"
assert_eq "9|2026-11-02 09:15:47+00|a@acme.example" \
  "$(sql "SELECT score, responded_at, respondent_email FROM prodops.nps_responses WHERE external_id = 'q0w1e2r3t4y5u6i7o8p9a0s1d2f3g4h5'")" "Typeform token as the key"
expect_exit 0 prodops ingest "$FX/qualtrics.csv"
assert_match "\(qualtrics nps, utf-8\): 2 read, 2 new" "$OUT" "Qualtrics' three header rows (the import row is no data)"
assert_eq "R_2x9Kq0CykTxNh7j:2:2026-07-18 14:03:00+00:Too slow, crashes R_u8Geu0CykTxNh6h:8:2026-07-18 00:59:24+00:Good value" \
  "$(sql "SELECT string_agg(external_id || ':' || score || ':' || responded_at || ':' || comment, ' ' ORDER BY external_id) FROM prodops.nps_responses WHERE source = 'qualtrics'")" \
  "Q1 is the score (not Q1_NPS_GROUP); Denver times from row 3 to UTC"
# Pendo poll events: the follow-up text row is kept as an expected reject,
# a score of 12 is a real one; rows carry source "pendo".
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$FX/pendo-nps.csv"
assert_match "\(pendo nps, utf-8\): 4 read, 2 new, 0 updated, 0 duplicate, 2 rejected" "$OUT" "Pendo NPS poll events"
assert_eq "9:ACC-1:2025-11-04 12:00:00+00 4:ACC-2:2025-11-04 13:00:00+00" \
  "$(sql "SELECT string_agg(score || ':' || account_id || ':' || responded_at, ' ' ORDER BY responded_at) FROM prodops.nps_responses WHERE source = 'pendo'")" "visitor ids key, epoch ms times, accounts"
assert_eq "pollResponse|a poll's follow-up text, not a score
pollResponse|\"12\" is not an NPS score (an integer 0-10)" \
  "$(sql "SELECT r.column_name, r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'pendo-nps.csv' ORDER BY r.line_no")" "poll rejects"
# Help Scout: the API's wrapped JSON; value is a string.
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$FX/helpscout-surveys.json"
assert_match "\(helpscout nps, utf-8\): 3 read, 2 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "Help Scout survey JSON"
assert_eq "9001:10:ann@acme.example:ACC-1:Fast, kind answers 9002:6:bob@globex.example:ACC-2:" \
  "$(sql "SELECT string_agg(external_id || ':' || score || ':' || respondent_email || ':' || account_id || ':' || coalesce(comment, ''), ' ' ORDER BY external_id) FROM prodops.nps_responses WHERE source = 'helpscout'")" "Help Scout rows"
# An export without response times: refused with a hint, then loaded with
# --as-of; without emails the respondent id keeps people apart.
cat > "$TMP/asof.conf" <<CONF
[profile "inapp-notime"]
kind          = nps
respondent_id = user_id
score         = NPS_Score
comment       = text
CONF
printf 'user_id,text,NPS_Score\n1,great,9\n2,great,9\n1,great,9\n3,NA,NA\n' > "$TMP/notime.csv"
expect_exit 1 prodops --config "$TMP/asof.conf" ingest --profile inapp-notime "$TMP/notime.csv"
assert_match "no response time column \(responded_at\) for profile 'inapp-notime'" "$ERR" "asks for --as-of"
assert_match "--as-of" "$ERR" "hint names the option"
expect_exit 1 prodops --config "$TMP/asof.conf" ingest --profile inapp-notime --as-of 2025-11-20 "$TMP/notime.csv"
assert_match "4 read, 2 new, 0 updated, 1 duplicate, 1 rejected" "$OUT" "two people, one verbatim repeat, one NA score"
assert_eq "2025-11-20 00:00:00+00|2" "$(sql "SELECT responded_at, count(*) FROM prodops.nps_responses WHERE source = 'inapp-notime' GROUP BY 1")" "the as-of date"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE status = 'loaded' AND rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected")" "files reconcile"
done_testing
