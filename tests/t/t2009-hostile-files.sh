#!/usr/bin/env bash
# Issue 12, "nothing lost, nothing silent": hostile file systems and names.
# Symbolic link loops list each file once and end; FIFOs, devices and
# links to /dev/zero are never opened (skipped with a warning in folders,
# a usage error when named); a name that is not UTF-8 loads like any other
# and is stored and printed with \xHH; control characters in file and
# source names never reach a terminal raw; what cannot be read is an
# environment failure (exit 4), not a rejected file.  Regression cases of
# 2026-12-05.  Commands that used to hang run under timeout(1): a hang
# fails the exit-code assertion (124) instead of the suite.
. "$(dirname "$0")/../lib/test-lib.sh"
H='Id,Subject,Status,Priority,Via,Created at,Updated at'
# tickets FILE FIRST LAST: a small Zendesk export with ids FIRST..LAST.
tickets() {
    { echo "$H"; for i in $(seq "$2" "$3"); do
        echo "$i,subject $i,Open,Low,Mail,2026-11-02 09:00:00,2026-11-02 10:00:00"; done; } > "$1"
}
T=20 # seconds: a walk or read that takes longer is the bug coming back
ESC=$(printf '\033')
# Tests run as root, where file modes do not stop reads: without
# capabilities root is an ordinary owner, and mode 000 stops it too.  Such
# a process cannot reach the cluster's socket (mode 0700, user postgres)
# either, so it talks to it through a relay on a socket of our own.
NOCAPS_DSN=$PRODOPS_DSN
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$TMP/sock"
    python3 - "$PRODOPS_DSN" "$TMP/sock" <<'PY' &
import os, socket, sys, threading, urllib.parse
q = urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)
port = q.get("port", ["5432"])[0]
target = "%s/.s.PGSQL.%s" % (q["host"][0], port)
path = "%s/.s.PGSQL.%s" % (sys.argv[2], port)
srv = socket.socket(socket.AF_UNIX)
srv.bind(path + ".tmp"); os.chmod(path + ".tmp", 0o777); srv.listen(16)
os.rename(path + ".tmp", path)
def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    c, _ = srv.accept()
    u = socket.socket(socket.AF_UNIX)
    u.connect(target)
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
PY
    RELAY=$!
    trap 'kill $RELAY 2>/dev/null; rm -rf "$TMP"' EXIT
    for _ in $(seq 100); do ls "$TMP"/sock/.s.PGSQL.* >/dev/null 2>&1 && break; sleep 0.05; done
    NOCAPS_DSN=$(printf '%s' "$PRODOPS_DSN" | sed "s|host=[^&]*|host=$TMP/sock|")
fi
nocaps() {
    if [ "$(id -u)" = 0 ]; then
        PRODOPS_DSN=$NOCAPS_DSN setpriv --bounding-set=-all --inh-caps=-all -- "$@"
    else
        "$@"
    fi
}

# ---- 2: symbolic link loops ----------------------------------------------
mkdir -p "$TMP/loop/sub"
tickets "$TMP/loop/a.csv" 1 3
ln -s . "$TMP/loop/s1"             # a loop, twice: used to run for minutes
ln -s . "$TMP/loop/s2"
ln -s .. "$TMP/loop/sub/up"        # a loop from below
ln "$TMP/loop/a.csv" "$TMP/loop/hard.csv"  # the same file, another name
ln -s a.csv "$TMP/loop/soft.csv"           # and through a link
expect_exit 0 timeout $T "$PRODOPS_BIN" ingest "$TMP/loop"
assert_eq 1 "$(printf '%s\n' "$OUT" | grep -c '^loaded a.csv ')" "the file loads once"
assert_eq 0 "$(printf '%s\n' "$OUT" | grep -c '^skipped')" "and is not listed again under other names"
assert_eq "1|3" "$(sql "SELECT count(*), sum(rows_read) FROM prodops.files")" "one files row, 3 rows"
assert_match "warning: skipped '$TMP/loop/s1': leads back to '$TMP/loop' \(a loop of symbolic links\)" "$ERR" "loop s1 reported"
assert_match "skipped '$TMP/loop/sub/up': leads back to '$TMP/loop'" "$ERR" "loop from below reported"
assert_eq 3 "$(printf '%s\n' "$ERR" | grep -c 'a loop of symbolic links')" "each loop reported once"

# ---- 10: FIFOs and devices -----------------------------------------------
mkdir -p "$TMP/dev"
tickets "$TMP/dev/b.csv" 101 102
mkfifo "$TMP/dev/pipe.csv"
ln -s /dev/zero "$TMP/dev/zero.csv"
ln -s "$TMP/nowhere.csv" "$TMP/dev/dangling.csv"
expect_exit 0 timeout $T "$PRODOPS_BIN" ingest "$TMP/dev"
assert_match "^loaded b.csv " "$OUT" "the regular file loads"
assert_match "warning: skipped '$TMP/dev/pipe.csv': a FIFO, not a regular file" "$ERR" "FIFO skipped with a warning"
assert_match "warning: skipped '$TMP/dev/zero.csv': a character device, not a regular file" "$ERR" "/dev/zero link skipped"
assert_match "warning: skipped '$TMP/dev/dangling.csv': a link to nothing" "$ERR" "dangling link said"
expect_exit 2 timeout $T "$PRODOPS_BIN" ingest "$TMP/dev/pipe.csv"
assert_match "error: cannot read '$TMP/dev/pipe.csv': a FIFO, not a file or folder" "$ERR" "a FIFO named: one clear error"
expect_exit 2 timeout $T "$PRODOPS_BIN" ingest "$TMP/dev/zero.csv" "$TMP/dev/b.csv"
assert_match "a character device, not a file or folder" "$ERR" "/dev/zero named: usage error before any load"
expect_exit 1 timeout $T "$PRODOPS_BIN" check "$TMP/dev/pipe.csv"
assert_match "cannot read '$TMP/dev/pipe.csv': not a regular file" "$ERR" "prodops check does not hang on a FIFO"
assert_eq 2 "$(sql "SELECT count(*) FROM prodops.files")" "nothing recorded for them"

# ---- 4: names that are not UTF-8 -----------------------------------------
mkdir -p "$TMP/latin"
LATIN="$TMP/latin/$(printf 'caf\351.csv')"   # "café" in Latin-1
tickets "$LATIN" 201 204
expect_exit 0 prodops ingest "$TMP/latin"
assert_match '^loaded caf\\xe9.csv as file [0-9]+ .*4 read, 4 new' "$OUT" "loads, printed with \\xe9"
assert_eq 'caf\xe9.csv' "$(sql "SELECT name FROM prodops.files WHERE name LIKE 'caf%'")" "stored name printable"
assert_eq "$TMP/latin/caf\\xe9.csv" "$(sql "SELECT path FROM prodops.files WHERE name LIKE 'caf%'")" "stored path printable"
assert_eq "$(printf '%s' "$LATIN" | od -An -tx1 | tr -d ' \n')" \
    "$(sql "SELECT encode(path_bytes, 'hex') FROM prodops.files WHERE name LIKE 'caf%'")" "raw bytes kept"
expect_exit 0 prodops ingest "$LATIN"
assert_match '^skipped caf\\xe9.csv: already loaded as file' "$OUT" "second time: skipped, no database error"
# A rejected file with such a name records its reason too.
printf 'foo,bar\n1,2\n' > "$TMP/latin/$(printf 'x\377.csv')"
expect_exit 1 prodops ingest "$TMP/latin"
assert_match "error: $TMP/latin/x\\\\xff.csv: file rejected: unknown format" "$ERR" "rejected, named printably"
assert_eq "rejected" "$(sql "SELECT status FROM prodops.files WHERE name = 'x\\xff.csv'")" "recorded as rejected"

# ---- 8: control characters in names --------------------------------------
mkdir -p "$TMP/ctl"
EVIL="$TMP/ctl/$(printf 'e\033[31mred\rx.csv')"
tickets "$EVIL" 301 302
expect_exit 0 prodops ingest --source "$(printf 'desk\033[2J')" "$TMP/ctl"
assert_eq 0 "$(printf '%s%s' "$OUT" "$ERR" | grep -c "$ESC")" "no ESC reaches the terminal"
assert_eq 0 "$(printf '%s' "$OUT" | tr -cd '\r' | wc -c)" "no CR either"
assert_match '^loaded e\\x1b\[31mred\\rx.csv as file [0-9]+ \(desk\\x1b\[2J tickets' "$OUT" "summary line escaped"
expect_exit 0 prodops files
assert_eq 0 "$(printf '%s' "$OUT" | grep -c "$ESC")" "prodops files prints no ESC"
assert_match 'e\\x1b\[31mred\\rx.csv +desk\\x1b\[2J' "$OUT" "prodops files shows the names escaped"
# A row written raw by an older prodops still prints escaped.
sql "UPDATE prodops.files SET name = E'old\\033]0;title\\007.csv' WHERE name LIKE 'a.csv'"
expect_exit 0 prodops files
assert_eq 0 "$(printf '%s' "$OUT" | grep -c "$ESC")" "an old raw name prints escaped"
assert_match 'old\\x1b\]0;title\\x07.csv' "$OUT" "as \\xHH"
# The weekly summary's data-quality line names stale sources: a source
# stored raw by an older prodops prints escaped there too.
sql "UPDATE prodops.tickets SET source = E'raw\\033[2J' WHERE source = 'desk\\x1b[2J'"
expect_exit 0 prodops report weekly --week 2026-W47 --tz UTC --out "$TMP/rep"
assert_eq 0 "$(cat "$TMP"/rep/weekly-2026-W47.txt "$TMP"/rep/weekly-2026-W47.md | grep -c "$ESC")" "no ESC in the summaries"
assert_match 'raw\\x1b\[2J \(tickets\) stale since 2026-11-02' "$(cat "$TMP/rep/weekly-2026-W47.txt")" "the stale source shown escaped"
# A newline in a name cannot forge a log line.
NL="$TMP/ctl2/$(printf 'n\nprodops: error: forged.csv')"
mkdir -p "$TMP/ctl2"
printf 'foo,bar\n1,2\n' > "$NL"
expect_exit 1 prodops ingest "$TMP/ctl2"
assert_eq 1 "$(printf '%s\n' "$ERR" | grep -c '^prodops: error:')" "one error line for one file"
assert_match 'n\\nprodops: error: forged.csv: file rejected' "$ERR" "the newline shows as \\n"

# ---- 7: what cannot be read ----------------------------------------------
# An unreadable folder: exit 4 (file system), not 2.
mkdir -p "$TMP/closed"
tickets "$TMP/closed/c.csv" 401 402
chmod 000 "$TMP/closed"
expect_exit 4 nocaps "$PRODOPS_BIN" ingest "$TMP/closed"
assert_match "error: cannot read folder '$TMP/closed': Permission denied" "$ERR" "unreadable folder: one line"
chmod 755 "$TMP/closed"
# A missing path stays a usage error.
expect_exit 2 prodops ingest "$TMP/no-such-folder"
# An unreadable file (open fails; and one whose read fails with EIO, which
# stops root too): exit 4, the others load, nothing recorded for it.
mkdir -p "$TMP/env/sub"
tickets "$TMP/env/good.csv" 501 503
tickets "$TMP/env/locked.csv" 504 505
chmod 000 "$TMP/env/locked.csv"
ln -s /proc/self/mem "$TMP/env/mem.csv"
tickets "$TMP/env/sub/hidden.csv" 506 506
chmod 000 "$TMP/env/sub"
before=$(sql "SELECT count(*) FROM prodops.files")
for attempt in 1 2; do
    expect_exit 4 nocaps "$PRODOPS_BIN" ingest "$TMP/env"
    assert_match "error: cannot read '$TMP/env/sub': Permission denied" "$ERR" "unreadable subfolder: error ($attempt)"
    assert_match "error: cannot open '$TMP/env/locked.csv': Permission denied" "$ERR" "unreadable file: error ($attempt)"
    assert_match "error: cannot read '$TMP/env/mem.csv': Input/output error" "$ERR" "I/O error: error ($attempt)"
    assert_eq 0 "$(printf '%s\n' "$ERR" | grep -c 'file rejected')" "not called rejected ($attempt)"
    assert_eq "$((before + 1))" "$(sql "SELECT count(*) FROM prodops.files")" "only good.csv recorded ($attempt)"
done
assert_eq "loaded" "$(sql "SELECT status FROM prodops.files WHERE name = 'good.csv'")" "the readable file loaded"
chmod 755 "$TMP/env/sub"; chmod 644 "$TMP/env/locked.csv"

# The same in a job's inbox: the run fails with exit 4 after loading the
# rest, every time, and never records the file as rejected; loops and
# FIFOs are passed over with a warning; names print escaped.
mkdir -p "$TMP/job/inbox"
cd "$TMP/job" || exit 1
cat > prodops.conf <<'CONF'
[source "desk"]
path   = inbox
kind   = tickets
settle = 0

[job "j"]
schedule = @daily
sources  = desk
retries  = 0
CONF
tickets inbox/ok.csv 601 602
tickets "inbox/$(printf 'j\351\033.csv')" 603 603
ln -s . inbox/again
mkfifo inbox/pipe.csv
ln -s /proc/self/mem inbox/mem.csv
for attempt in 1 2; do
    expect_exit 4 timeout $T "$PRODOPS_BIN" run j
    assert_match "desk: skipped '$TMP/job/inbox/again': leads back to" "$ERR" "job: loop passed over ($attempt)"
    assert_match "desk: skipped '$TMP/job/inbox/pipe.csv': a FIFO" "$ERR" "job: FIFO passed over ($attempt)"
    assert_match "j\[[0-9]+\]: cannot read '$TMP/job/inbox/mem.csv': Input/output error" "$ERR" "job: unreadable file named ($attempt)"
    assert_match "1 file or folder of the inbox could not be read" "$ERR" "job: the run fails for it ($attempt)"
    assert_eq 0 "$(printf '%s' "$ERR" | grep -c "$ESC")" "job: no ESC in the log ($attempt)"
    assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE name = 'mem.csv'")" "job: not recorded ($attempt)"
done
assert_eq "1|1" "$(sql "SELECT count(*) FILTER (WHERE name = 'ok.csv'), count(*) FILTER (WHERE name = 'j\\xe9\\x1b.csv') FROM prodops.files WHERE status = 'loaded'")" \
    "job: the readable files loaded once each"
rm inbox/mem.csv
expect_exit 0 timeout $T "$PRODOPS_BIN" run j
assert_match "ok" "$(sql "SELECT status FROM prodops.runs WHERE job = 'j' ORDER BY run_id DESC LIMIT 1")" "job: fine once the file is gone"
done_testing
