#!/usr/bin/env bash
# test_regression_2026_12_05_markdown_injection (issue 12 item 9): text
# from the data (account names and ids, tags, key result names and owners)
# reaches the weekly and OKR Markdown escaped, so that a chat client or a
# wiki rendering the .md shows it as text: no link to javascript:, no raw
# HTML.  The HTML page already escaped it; it is checked too.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

LINK='[x](javascript:alert(1))'
TAG1='[y](javascript:alert(2))'
TAG2='<script>alert(3)</script>'
cp "$FX/profiles.conf" "$TMP/prodops.conf"
cat >> "$TMP/prodops.conf" <<'CONF'

[okr "<script>alert(4)</script> *k* _x_ | #1"]
quarter   = 2026Q4
metric    = tickets_created
direction = <=
target    = 1
baseline  = 2
owner     = <img src=x onerror=alert(6)> *bold*
CONF
cat > "$TMP/accounts.csv" <<CSV
Account ID,Account Name,Website,Plan,Segment,Region,ARR,Account Owner
ACC-9,"$LINK <script>alert(7)</script> | # _u_",evil.example,Starter,SMB,NA,100,Lou
CSV
# An urgent ticket makes ACC-9 red (health 0.5*0 + 0.3*50 + 0.2*90 = 33),
# so its name is listed among the at-risk accounts; its tags are the top
# tags of the week.
cat > "$TMP/tickets.csv" <<CSV
id,created,first_reply,solved,updated,status,priority,channel,satisfaction,reopens,tags,email
E1,2026-11-10T10:00:00Z,,,2026-11-10T10:00:00Z,open,urgent,email,,,$TAG1 $TAG2,mal@evil.example
E2,2026-11-11T10:00:00Z,,,2026-11-11T10:00:00Z,open,normal,email,,,$TAG1 $TAG2,mal@evil.example
CSV
P() { prodops --config "$TMP/prodops.conf" "$@"; }
expect_exit 0 P ingest --kind accounts "$TMP/accounts.csv"
expect_exit 0 P ingest --profile fixture-tickets --source desk "$TMP/tickets.csv"
export PRODOPS_NOW=2026-11-18T09:00:00Z
expect_exit 0 P report weekly --out "$TMP/rep"
expect_exit 0 P report okr --out "$TMP/rep"
W=$TMP/rep/weekly-2026-W46.md O=$TMP/rep/okr-2026Q4.md
name=$(sql "SELECT name FROM prodops.accounts WHERE account_id = 'ACC-9'")
tags=$(sql "SELECT array_to_string(tags, ' ') FROM prodops.tickets WHERE external_id = 'E1'")
assert_eq "$LINK <script>alert(7)</script> | # _u_" "$name" "the warehouse holds the name as exported"

# md_escape TEXT: the escaping of reports/markdown.h, written again here
# (by its rules, not by the code): a backslash before \ ` * _ ~ [ ] < > &
# | # (not an _ between two letters or digits), a leading - + =.
md_escape() {
    python3 - "$1" <<'PY'
import re, sys
s = sys.argv[1]
out = []
for i, c in enumerate(s):
    inert = c == "_" and 0 < i < len(s) - 1 and s[i-1].isascii() and s[i-1].isalnum() and s[i+1].isascii() and s[i+1].isalnum()
    if (c in "\\`*_~[]<>&|#" and not inert) or (i == 0 and c in "-+="):
        out.append("\\")
    out.append(c)
print("".join(out))
PY
}
WMD=$(cat "$W")
assert_match "" "$WMD" "weekly .md written"
grep -qF -- "- $(md_escape "$name") ($(md_escape ACC-9)): health 33" "$W" \
    && pass "weekly .md: the account name read back escaped in the at-risk list" \
    || { fail "account name not escaped"; grep -F "ACC-9" "$W" | sed 's/^/    /'; }
for t in $tags; do
    grep -qF -- "$(md_escape "$t") (2)" "$W" && pass "weekly .md: tag '$t' escaped in the top tags" \
        || { fail "tag '$t' not escaped"; grep "Top tags" "$W" | sed 's/^/    /'; }
done
# Whatever the renderer: no [, ], < or > of the data is left unescaped
# (none of ours is in the weekly summary), so no link, autolink or tag.
assert_eq "0" "$(grep -cE '(^|[^\\])[][<>]' "$W")" "weekly .md: no unescaped [ ] < > on any line"
assert_eq "0" "$(grep -cE '(^|[^\\])\]\(javascript:' "$W")" "weekly .md: no link to javascript:"

kr=$(sed -n 's/^\[okr "\(.*\)"\]$/\1/p' "$TMP/prodops.conf")
owner=$(sed -n 's/^owner *= *//p' "$TMP/prodops.conf")
grep -qF -- "| $(md_escape "$kr") | Tickets created |" "$O" \
    && pass "okr .md: the key result's name escaped in its table row" \
    || { fail "key result name not escaped"; grep -F "alert(4)" "$O" | sed 's/^/    /'; }
grep -qF -- "| $(md_escape "$owner") |" "$O" && pass "okr .md: the owner escaped" \
    || { fail "owner not escaped"; grep -F "alert(6)" "$O" | sed 's/^/    /'; }
grep -qF -- "- $(md_escape "$kr"): off track (owner: $(md_escape "$owner"))." "$O" \
    && pass "okr .md: name and owner escaped in the at-risk list" \
    || { fail "okr at-risk not escaped"; grep -F "off track" "$O" | sed 's/^/    /'; }
grep -qF -- "- $(md_escape "$name") ($(md_escape ACC-9)): health" "$O" \
    && pass "okr .md: the account name escaped" || fail "okr account name not escaped"
# Ours: the "<=" of a target; nothing else may open a tag or a link.
assert_eq "0" "$(grep -cE '(^|[^\\])(\[|<[a-zA-Z/!?])' "$O")" "okr .md: no unescaped [ and no tag start"

# The HTML pages: escaped as HTML (no tag of the data).
assert_eq "0" "$(cat "$TMP/rep/weekly-2026-W46.html" "$TMP/rep/okr-2026Q4.html" | grep -ciE '<script|<img')" "HTML: no script or img tag"
done_testing
