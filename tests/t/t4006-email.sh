#!/usr/bin/env bash
# The weekly email and PDF (issue 14, SPEC §7): the .eml parses as MIME
# with a text and an HTML alternative whose cid: images are PNG parts of
# the message; [email] headers land and injection is refused; the PDF is
# one page that is not blank; the HTML page renders at 1000 and 400 px
# wide without running off the right edge.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
cat >>"$TMP/prodops.conf" <<'CONF'

[email]
from = Product Ops <reports@example.com>
to = leadership@example.com, vp@example.com
subject = Wochenbericht – Überblick
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture

export PRODOPS_NOW=2026-11-18T09:00:00Z
expect_exit 0 P report weekly --tz Europe/Berlin --out "$TMP/rep"
E=$TMP/rep/weekly-2026-W46.eml

# The message, read by Python's email package as a mail client would.
out=$(python3 - "$E" <<'PY'
import email, email.policy, re, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
ok = lambda c, what: print(("ok: " if c else "not ok: ") + what)
ok(all(l.endswith(b"\r") or l == b"" for l in raw.split(b"\n")[:-1]), "every line ends in CRLF")
ok(max(len(l) for l in raw.split(b"\r\n")) <= 78, "no line longer than 78 characters")
ok(m["From"] == "Product Ops <reports@example.com>", "From from [email]")
ok(m["To"] == "leadership@example.com, vp@example.com", "To from [email]")
ok(m["Subject"] == "Wochenbericht – Überblick 2026-W46", "UTF-8 subject decodes: %r" % m["Subject"])
ok(m["MIME-Version"] == "1.0" and m["Date"] and re.match(r"<[^@>]+@example\.com>$", m["Message-ID"]),
   "Date, MIME-Version and Message-ID")
ok(m.get_content_type() == "multipart/related", "multipart/related on top")
alt = m.get_payload()[0]
ok(alt.get_content_type() == "multipart/alternative", "then multipart/alternative")
kinds = [p.get_content_type() for p in alt.get_payload()]
ok(kinds == ["text/plain", "text/html"], "text and HTML alternatives: %s" % kinds)
text, html = (p.get_content() for p in alt.get_payload())
pngs = {p["Content-ID"].strip("<>"): p.get_content() for p in m.get_payload()[1:]}
ok(len(pngs) == 3, "three image parts")
ok(all(d[:8] == b"\x89PNG\r\n\x1a\n" and len(d) > 2000 for d in pngs.values()), "each is a PNG")
cids = re.findall(r'src="cid:([^"]+)"', html)
ok(sorted(cids) == sorted(pngs), "every cid: resolves and every PNG is shown: %s" % cids)
ok("<svg" not in html and "<script" not in html.lower(), "no inline SVG or script in the email")
body_text = re.sub(r"<[^>]*>", "", html.split("<body", 1)[1].split(">", 1)[1]).strip()
ok(body_text.startswith("Week 2026-W46, 2026-11-09 to 2026-11-15, report time zone Europe/Berlin; data as of"),
   "the HTML's first line: period, zone, data as of")
ok(text.startswith("Week 2026-W46, 2026-11-09 to 2026-11-15, report time zone Europe/Berlin; data as of"),
   "the text's first line too")
ok("Tickets created" in text and "<table" in html, "neither part is empty")
ok("+25.0&nbsp;%" in html or "&nbsp;%" in html, "no break before a percent sign")
PY
) || fail "python could not read the message"
echo "$out"
case $out in *"not ok"*) fail "the .eml" ;; esac

# Without to, no To: header.
grep -v '^to = ' "$TMP/prodops.conf" >"$TMP/noto.conf"
expect_exit 0 prodops --config "$TMP/noto.conf" report weekly --out "$TMP/noto"
assert_eq "0" "$(grep -c '^To:' "$TMP/noto/weekly-2026-W46.eml")" "no To: without [email] to"

# Header values are checked when the config is read.
printf '[email]\nfrom = nobody\nsubject = a\x01b\nreply = x\n' >"$TMP/bad.conf"
expect_exit 2 prodops --config "$TMP/bad.conf" report weekly --out "$TMP/bad"
assert_match "\[email\] from: 'nobody' is not an email address" "$ERR" "an address without @ is refused"
assert_match "\[email\] subject: control characters" "$ERR" "a control character is refused"
assert_match "unknown key 'reply' in \[email\]" "$ERR" "an unknown key is refused"

# The PDF: one page, not blank.
PDF=$TMP/rep/weekly-2026-W46.pdf
if command -v pdftoppm >/dev/null 2>&1; then
    assert_match "^Pages: +1$" "$(pdfinfo "$PDF" 2>&1)" "the PDF has one page"
    pdftoppm -r 50 -gray "$PDF" "$TMP/pdf"
    assert_eq "1" "$(ls "$TMP"/pdf*.pgm | wc -l)" "pdftoppm renders one page"
    assert_eq "inked" "$(python3 - "$TMP"/pdf*.pgm <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
# Binary PGM: "P5", width, height, maxval, one byte per pixel.
magic, w, h, mx, px = d.split(maxsplit=4)
dark = sum(1 for b in px if b < 160)
print("inked" if magic == b"P5" and dark > int(w) * int(h) // 100 else "blank (%d dark pixels)" % dark)
PY
)" "the PDF page is not blank"
else
    fail "pdftoppm missing: run scripts/install-deps.sh"
fi

# The HTML page at 1000 and 400 px: renders, and at 400 px nothing runs
# past the right edge (the screenshot's last columns are background).
H=$TMP/rep/weekly-2026-W46.html
assert_eq "3" "$(grep -c '<svg' "$H")" "the HTML keeps its charts as SVG"
html_renders "$H" "the page"
assert_eq "fits 3" "$FIT $CHARTS" "at 400 px the three charts are drawn and every element fits the width"
done_testing
