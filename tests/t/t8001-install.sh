#!/usr/bin/env bash
# make install / make uninstall (issue 18): GNU directory variables under a
# DESTDIR, the installed binary runs, its man pages render, and uninstall
# leaves nothing behind.
. "$(dirname "$0")/../lib/test-lib.sh"
cd "$ROOT"
command -v scdoc >/dev/null 2>&1 || { echo "scdoc missing (scripts/install-deps.sh)"; exit 77; }
# The build under test (tests/run's BUILD); a sanitizer build's flags come
# through MAKEFLAGS, so nothing is rebuilt differently.
B=$(basename "$(dirname "$PRODOPS_BIN")")
mk() { make --no-print-directory -s BUILD="$B" "$@"; }

D=$TMP/dest
mk install DESTDIR="$D" PREFIX=/usr >"$TMP/install.log" 2>&1 ||
    { cat "$TMP/install.log"; fail "make install"; }
(cd "$D" && find . -type f -o -type l | sort) >"$TMP/files"
assert_eq "./usr/bin/prodops
./usr/share/bash-completion/completions/prodops
./usr/share/man/man1/prodops.1
./usr/share/man/man5/prodops.conf.5
./usr/share/prodops/prodops.conf
./usr/share/prodops/requests.conf
./usr/share/prodops/themes.conf
./usr/share/zsh/vendor-completions/_prodops" "$(cat "$TMP/files")" "the files install puts under PREFIX=/usr"
[ -x "$D/usr/bin/prodops" ] && pass "the binary is executable" || fail "binary mode"
assert_eq "-rw-r--r--" "$(stat -c %A "$D/usr/share/man/man1/prodops.1")" "man page mode 644"

expect_exit 0 "$D/usr/bin/prodops" --version
assert_match "^prodops [0-9a-f.]" "$OUT" "--version names the version"
assert_match "libpq [0-9]+\.[0-9]+, libxlsxwriter [0-9.]+, pcre2 [0-9.]+.*, yajl [0-9.]+, zlib [0-9.]+" \
    "$OUT" "--version names the libraries' versions"
expect_exit 0 "$D/usr/bin/prodops" --help
assert_match "ingest +load export files" "$OUT" "the installed binary's --help"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$D/usr/share/man/man1/prodops.1" >"$TMP/man1" 2>"$TMP/man.err"
    assert_match "EXIT STATUS" "$(cat "$TMP/man1")" "prodops(1) renders"
    MANWIDTH=80 man -l "$D/usr/share/man/man5/prodops.conf.5" >"$TMP/man5" 2>>"$TMP/man.err"
    assert_match "max_reject_ratio" "$(cat "$TMP/man5")" "prodops.conf(5) renders"
    assert_eq "" "$(grep -v '^$' "$TMP/man.err")" "no warnings from man"
fi

mk uninstall DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1 || fail "make uninstall"
assert_eq "" "$(cd "$D" && find . -type f -o -type l)" "uninstall leaves no file"
assert_eq "" "$(find "$D" -depth -type d -name prodops)" "nor the share/prodops folder"

# BINDIR and MANDIR move just those (the default PREFIX is /usr/local).
mk install DESTDIR="$D" BINDIR=/opt/pd/bin MANDIR=/opt/pd/man >/dev/null 2>&1 ||
    fail "make install with BINDIR and MANDIR"
for f in /opt/pd/bin/prodops /opt/pd/man/man1/prodops.1 /opt/pd/man/man5/prodops.conf.5 \
    /usr/local/share/prodops/themes.conf /usr/local/share/bash-completion/completions/prodops \
    /usr/local/share/zsh/site-functions/_prodops; do
    [ -f "$D$f" ] && pass "installed $f" || fail "missing $f"
done
mk uninstall DESTDIR="$D" BINDIR=/opt/pd/bin MANDIR=/opt/pd/man >/dev/null 2>&1
assert_eq "" "$(cd "$D" && find . -type f -o -type l)" "uninstall with the same variables"
[ $fails -eq 0 ]
