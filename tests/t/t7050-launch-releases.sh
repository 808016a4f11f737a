#!/usr/bin/env bash
# The releases source (issue 17): prodops' releases CSV and a Jira version
# export read with kind = releases, the later file winning on re-ingest,
# never detected among the event kinds; `prodops init` writes an example
# releases.csv that its own config loads.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/launch

echo "[report]" > "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }

# ---- the releases source ---------------------------------------------------
expect_exit 0 P ingest --kind releases "$FX/releases.csv"
assert_eq "releases|Bulk export|2026-10-21|Reporting|{\"Export Started\",\"Export Downloaded\"}|export
releases|Dark mode|2026-11-10|UX|{\"Theme Changed\"}|" \
    "$(sql "SELECT source, name, released_on, product_area, events, pattern FROM prodops.releases ORDER BY name")" \
    "releases.csv: events split on ';' and trimmed, date, area, pattern"
# Jira versions: dd/MMM/yy dates; no events.
expect_exit 0 P ingest --kind releases "$FX/jira-versions.csv"
assert_eq "jira_versions|2026.11 hotfix|2026-11-05|{}
jira_versions|Bulk export|2026-10-21|{}" \
    "$(sql "SELECT source, name, released_on, events FROM prodops.releases WHERE source = 'jira_versions' ORDER BY name")" \
    "a Jira version export is read as releases"
# A later file of the same source moves Dark mode: the later file wins,
# no second launch.
expect_exit 0 P ingest --kind releases --source releases "$FX/releases-v2.csv"
assert_eq "2026-11-11|{\"Theme Changed\",\"Theme Reset\"}|https://example.com/changelog/dark-mode|4" \
    "$(sql "SELECT released_on, events, link, (SELECT count(*) FROM prodops.releases) FROM prodops.releases WHERE source = 'releases' AND name = 'Dark mode'")" \
    "re-ingest: the later file's row replaces the earlier one"
# Releases are never detected among the event kinds.
sed 's/Dark mode/Dark mode 2/' "$FX/releases.csv" > "$TMP/releases-copy.csv"
expect_exit 1 P ingest "$TMP/releases-copy.csv"
assert_match "unknown format" "$OUT$ERR" "a releases file is no usage, ticket or NPS export"
assert_match "hint: it looks like releases: load it with --kind releases" "$ERR" \
    "the error names the kind that would load it"
printf 'account_id,name,arr\nACC-1,Acme,100\n' > "$TMP/crm.csv"
expect_exit 1 P ingest "$TMP/crm.csv"
assert_match "hint: it looks like accounts: load it with --kind accounts" "$ERR" \
    "an accounts file's error names its kind"

# ---- prodops init ----------------------------------------------------------
expect_exit 0 prodops init "$TMP/team"
assert_match "releases.csv" "$OUT" "init names releases.csv"
assert_eq "name,date,product area,events,flag,link,pattern" \
    "$(head -1 "$TMP/team/releases.csv")" "init writes an example releases.csv"
assert_match '\[source "releases"\]' "$(cat "$TMP/team/prodops.conf")" "with a source for it"
( cd "$TMP/team" && prodops --config prodops.conf ingest --source releases releases.csv ) \
    >"$TMP/out" 2>&1 && pass "its releases.csv loads through its source" || { fail "init's releases.csv"; cat "$TMP/out"; }
assert_eq "2" "$(sql "SELECT count(*) FROM prodops.releases WHERE name IN ('CSV export', 'Integrations hub')")" \
    "the example's two launches are loaded"
done_testing
