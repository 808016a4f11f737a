#!/usr/bin/env bash
# The weekly email as Outlook's Word engine and Gmail need it (SPEC §7,
# issue 14 "Email that renders everywhere"), read with Python's email
# package: multipart/alternative with PNG parts the HTML shows by cid:;
# HTML laid out with tables and inline styles only (no <style>, no class,
# no flex or grid, no SVG, no lists or divs); the period, the report time
# zone and the data-as-of day in the first lines of both parts; and a cut
# list says so, thousands separated as the catalogue shows a count
# ("5 of 1,302 rows"), in the .eml and in every summary format.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }

# 1,300 accounts without any data: usage 0, NPS score 50, support 100,
# so health round(0.5 x 0 + 0.3 x 50 + 0.2 x 100) = 35, red (SPEC §6).
# With the fixture's Initech (26) and Gmail Users Inc (35): 1,302 red
# accounts, of which the summaries name five.
python3 - >"$TMP/accounts.csv" <<'PY'
print("Account ID,Account Name,Website,Plan,Segment,Region,ARR,Account Owner")
for i in range(1300):
    print("Q%04d,Quiet %04d,quiet%04d.example,Starter,SMB,NA,1000,Kim" % (i, i, i))
PY
expect_exit 0 P ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
expect_exit 0 P ingest --kind accounts "$TMP/accounts.csv"
expect_exit 0 P ingest --profile fixture-tickets --source desk "$FX/tickets.csv"
expect_exit 0 P ingest --profile fixture-nps --source survey "$FX/nps.csv"
expect_exit 0 P ingest "$FX/events.jsonl"

export PRODOPS_NOW=2026-11-18T09:00:00Z
expect_exit 0 P report weekly --tz America/New_York --out "$TMP/rep"
E=$TMP/rep/weekly-2026-W46.eml
assert_eq "1302" "$(python3 -c 'import json,sys; print(sum(a["rag"] == "red" for a in json.load(open(sys.argv[1]))["accounts"]))' "$TMP/rep/weekly-2026-W46.json")" "1,302 red accounts in the document"

out=$(python3 - "$E" <<'PY'
import email, email.policy, html.parser, re, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
ok = lambda c, what: print(("ok: " if c else "not ok: ") + what)
alt = m.get_payload()[0]
ok(alt.get_content_type() == "multipart/alternative", "multipart/alternative")
text, body = (p.get_content() for p in alt.get_payload())
pngs = {p["Content-ID"].strip("<>"): p for p in m.get_payload()[1:]}
ok(len(pngs) == 3 and all(p.get_content_type() == "image/png" and
                          p.get_content()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs.values()),
   "three PNG parts")
cids = re.findall(r'<img [^>]*src="cid:([^"]+)"', body)
ok(sorted(cids) == sorted(pngs), "each PNG part is shown by cid: %s" % cids)
ok(all(re.search(r'<img [^>]*width="\d+" height="\d+"', t) for t in re.findall(r"<img [^>]*>", body)),
   "images carry width and height attributes (Outlook sizes by them)")

# What Outlook's Word engine draws as laid out: tables, cells, headings,
# paragraphs, emphasis and images; no <style> block, no class, no
# flex/grid, no SVG, no lists or divs whose layout it makes up.
class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = set(); self.attrs = set(); self.styles = []
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            self.attrs.add(k)
            if k == "style": self.styles.append(v)
t = Tags(); t.feed(body)
allowed = {"html", "head", "meta", "title", "body", "table", "tr", "td", "th",
           "h1", "h2", "p", "strong", "img", "br"}
ok(t.tags <= allowed, "tables and text only: %s" % sorted(t.tags - allowed))
ok("class" not in t.attrs and "<style" not in body.lower(), "no class, no <style>")
ok(not any(re.search(r"display\s*:\s*(flex|grid)|position\s*:", s) for s in t.styles), "no flex, grid or positioning")
ok("<svg" not in body, "no inline SVG")

lead = "Week 2026-W46, 2026-11-09 to 2026-11-15, report time zone America/New_York; data as of"
first = re.sub(r"<[^>]*>", "", body.split("<body", 1)[1].split(">", 1)[1]).strip()
ok(first.startswith(lead), "the HTML's first line: period, zone, data as of: %r" % first[:100])
ok(text.startswith(lead), "the text's first line too")
ok("5 of 1,302 rows" in body and "5 of 1,302 rows" in text, "the cut list says 5 of 1,302 rows")
PY
) || fail "python could not read the message"
echo "$out"
case $out in *"not ok"*) fail "the .eml" ;; esac

# The same notice in every format that cuts the list.
for ext in md txt html; do
    assert_match "Red accounts: 5 of 1,302 rows shown" "$(cat "$TMP/rep/weekly-2026-W46.$ext")" ".$ext: the cut list says so"
done
done_testing
