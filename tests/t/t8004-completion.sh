#!/usr/bin/env bash
# Shell completion (issue 18): completion/prodops.bash sourced in bash and
# its function called with COMP_WORDS set, as bash does on TAB; the zsh
# function the same way with compadd stubbed out (when zsh is installed).
# Job names come from the configuration only: the database is pointed
# nowhere, so a completion that reached for it would come back empty.
. "$(dirname "$0")/../lib/test-lib.sh"

mkdir -p "$TMP/bin"
ln -s "$PRODOPS_BIN" "$TMP/bin/prodops"
export PATH="$TMP/bin:$PATH"
export PRODOPS_DSN="host=$TMP/nowhere dbname=none connect_timeout=1"
expect_exit 0 prodops init "$TMP/team"
CFG=$TMP/team/prodops.conf

# complete WORD...: the candidates bash offers for the last word (the
# words split as bash splits them: --config=X is "--config" "=" "X").
complete_bash() {
    bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _prodops; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$ROOT/completion/prodops.bash" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
check_bash() {
    local want=$1; shift
    assert_eq "$want" "$(complete_bash "$@")" "bash: prodops ${*:2}<TAB>"
}

commands=$(prodops --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
check_bash "$commands" prodops ''
check_bash "rejects report retheme run" prodops -c "$CFG" r
check_bash "--verbose --version" prodops --ver
check_bash "--reprocess" prodops ingest --re
check_bash "experiment experiments handoff launch okr requests weekly" prodops report ''
check_bash "--no-redact" prodops report handoff --no
assert_match "^(.* )?psql .*start status stop url( .*)?$" "$(complete_bash prodops db '')" \
    "bash: prodops db <TAB>"
check_bash "--events-months" prodops db prune --ev
check_bash "--email" prodops forget --em
check_bash "history list next" prodops jobs ''
check_bash "quarterly weekly" prodops -c "$CFG" run ''
check_bash "quarterly" prodops --config = "$CFG" jobs next q
check_bash "quarterly weekly" prodops -c "$CFG" schedule weekly ''
check_bash "accounts nps tickets usage" prodops ingest --kind ''
check_bash "" prodops report --week ''
check_bash "" prodops -c "$CFG" run weekly ''
# ./prodops.conf is the default configuration, as for prodops itself.
assert_eq "quarterly weekly" "$(cd "$TMP/team" && complete_bash prodops cron '')" \
    "bash: job names from ./prodops.conf"
assert_eq "inbox" "$(cd "$TMP/team" && complete_bash prodops ingest inb)" \
    "bash: ingest completes paths"
[ ! -e "$TMP/team/.prodops" ] && pass "no embedded cluster was started" ||
    fail "completion started an embedded cluster"

if command -v zsh >/dev/null 2>&1; then
    cat >"$TMP/z.zsh" <<'EOF'
compadd() { if [[ $1 == -a ]]; then print -l -- ${(P)2}; else [[ $1 == -- ]] && shift; print -l -- "$@"; fi }
_files() { print -- "_files$*" }
words=("${(@)argv[2,-1]}"); CURRENT=$#words; PREFIX=${words[-1]}
source $argv[1]
EOF
    complete_zsh() {
        zsh -f "$TMP/z.zsh" "$ROOT/completion/_prodops" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
    }
    assert_eq "$commands" "$(complete_zsh prodops '')" "zsh: commands"
    assert_eq "experiment experiments handoff launch okr requests weekly" "$(complete_zsh prodops report '')" "zsh: report kinds"
    assert_eq "quarterly weekly" "$(complete_zsh prodops -c "$CFG" run '')" "zsh: job names"
    assert_eq "quarterly weekly" "$(complete_zsh prodops --config="$CFG" jobs history '')" \
        "zsh: job names, --config=FILE"
    assert_match "--no-redact" "$(complete_zsh prodops report handoff --no)" "zsh: handoff options"
    assert_eq "_files-/" "$(complete_zsh prodops report --out '')" "zsh: --out takes a folder"
else
    echo "zsh not installed: zsh completion not exercised"
fi
[ $fails -eq 0 ]
