#!/usr/bin/env bash
# The OKR review gets the weekly report's treatment (issue 14): its HTML
# draws one trajectory chart per key result (the weekly values through
# the quarter, the target as a line; reports/chart.c's cairo path, inline
# SVG), titled with the metric catalogue's labels, never metric ids; "What
# moved" names only key results that moved; and the page renders in
# Chromium at 1000 and 400 px with everything inside a 400 px screen.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/okr

cp "$ROOT/tests/fixtures/report/profiles.conf" "$TMP/prodops.conf"
cat "$FX/key-results.conf" >>"$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
expect_exit 0 P ingest --profile fixture-tickets --source desk "$FX/tickets.csv"
expect_exit 0 P ingest --profile fixture-nps --source survey "$FX/nps.csv"
expect_exit 0 P ingest "$FX/events.jsonl"

# As t5001: Thursday 2026-10-22, whole weeks W40-W42 to date.
export PRODOPS_NOW=2026-10-22T09:00:00Z
expect_exit 0 P report okr --out "$TMP/rep"
H=$TMP/rep/okr-2026Q4.html

# One chart per key result, in their order, titled "name: label".
assert_eq "4" "$(grep -o '<svg' "$H" | wc -l)" "four key results, four charts"
assert_eq "Customers love the product: NPS|Faster first replies: First reply, median|Reports are adopted: Adoption of Report Created|Happy after a solve: CSAT" \
    "$(grep -o '<svg [^>]*aria-label="[^"]*"' "$H" | sed 's/.*aria-label="//; s/"$//' | paste -sd'|')" \
    "each chart titled with the catalogue's label"
assert_match '<h2[^>]*>Trajectory</h2>' "$(cat "$H")" "a Trajectory section"
for ext in md txt html; do
    ids=$(sed 's/<svg.*<\/svg>//g' "$TMP/rep/okr-2026Q4.$ext" | grep -oE '\b(first_reply_hours_median|csat_pct|tickets_created|active_users|adoption:)' | head -3)
    assert_eq "" "$ids" "okr .$ext: labels, no metric ids"
done

# "What moved": only key results whose shown value changed between their
# first and last week with data (NPS 100 -> 50); CSAT has no data and
# stays out, as does any flat one.
moved=$(sed -n '/^What moved$/,/^At risk$/p' "$TMP/rep/okr-2026Q4.txt")
assert_match "Customers love the product \(NPS\): 100 after 2026-W40, 50 after 2026-W42" "$moved" "a key result that moved is named"
case $moved in *"Happy after a solve"*) fail "a key result without data is in What moved" ;; *) pass "no key result without data in What moved" ;; esac
python3 - "$TMP/rep/okr-2026Q4.json" "$moved" <<'PY' >"$TMP/moved.out"
import json, sys
doc, moved = json.load(open(sys.argv[1])), sys.argv[2]
for kr in doc["key_results"]:
    vals = [p["value"] for p in kr["trajectory"] if p["value"] is not None]
    flat = len(vals) < 2 or round(vals[0], 1) == round(vals[-1], 1)
    if flat and kr["name"] + " (" in moved:
        print("not ok: %s did not move but is listed" % kr["name"])
print("checked")
PY
assert_eq "checked" "$(cat "$TMP/moved.out")" "no flat key result in What moved"

# At 400 px nothing runs past the right edge, the key-result table
# included, and the four charts are drawn.
html_renders "$H" "the OKR page"
assert_eq "fits 4" "$FIT $CHARTS" "at 400 px the four charts are drawn and every element fits the width"
done_testing
