# bash completion for prodops(1).
#
# Commands, options and subcommands come from the binary's own --help (run
# with -c /dev/null, so a broken prodops.conf cannot get in the way), so
# this file does not drift from the code; job names come from
# `prodops jobs next --json`, which reads the configuration only and never
# connects to the database.  Installed as
# $(datadir)/bash-completion/completions/prodops.

# The prodops being completed, as typed (./build/prodops, prodops).
_prodops_bin() {
    local bin=${COMP_WORDS[0]}
    case $bin in
    */*) [ -x "$bin" ] || bin=prodops ;;
    esac
    printf '%s' "$bin"
}

# _prodops_help [CMD [SUB]]: that --help text.
_prodops_help() {
    "$(_prodops_bin)" -c /dev/null "$@" --help 2>/dev/null
}

_prodops_commands() {
    _prodops_help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Long options of a command's option lines ("  -o, --out=DIR  ...").
_prodops_options() {
    _prodops_help "$@" |
        sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'
}

# Options that take a value ("--out=DIR"), long and short.
_prodops_valued() {
    _prodops_help "$@" |
        sed -n 's/^ *\(-[A-Za-z]\)\{0,1\}[, ]*\(--[a-z][a-z0-9-]*\)=.*/\1 \2/p' |
        tr '\n' ' '
}

# Subcommands: the "prodops CMD SUB" usage lines (db, jobs, report).
_prodops_subcommands() {
    _prodops_help "$1" | sed -n "s/^ \{1,\}prodops $1 \([a-z][a-z-]*\).*/\1/p"
}

# Job names of the configuration the command line would read.
_prodops_jobs() {
    local cfg=$1
    "$(_prodops_bin)" ${cfg:+-c "$cfg"} jobs next --json 2>/dev/null |
        sed -n 's/.*"job": *"\([^"]*\)".*/\1/p'
}

_prodops() {
    local cur prev cfg="" cmd="" sub="" i w
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    # COMP_WORDBREAKS splits --out=DIR into "--out" "=" "DIR".
    if [ "$cur" = "=" ]; then
        cur=""
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        -c | --config)
            [ -z "$cmd" ] || continue
            [ "${COMP_WORDS[i + 1]}" = "=" ] && i=$((i + 1))
            cfg=${COMP_WORDS[i + 1]}
            i=$((i + 1))
            continue
            ;;
        =) continue ;;
        -*) continue ;;
        esac
        if [ "${COMP_WORDS[i - 1]}" = "=" ]; then continue; fi
        if [ -z "$cmd" ]; then cmd=$w; elif [ -z "$sub" ]; then sub=$w; fi
    done

    # Whose --help lists the options: these subcommands have their own;
    # the others share their command's (and `prodops db start --help`
    # would start the server, so it is never asked).
    local -a hargs=("$cmd")
    case $cmd:$sub in
    report:handoff | db:backup | db:restore | db:prune | db:size) hargs+=("$sub") ;;
    esac

    COMPREPLY=()
    if [ -z "$cmd" ]; then
        if [ "$prev" = -c ] || [ "$prev" = --config ]; then
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        elif [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "-c --config -v --verbose -q --quiet
                -V --version -h --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_prodops_commands)" -- "$cur"))
        fi
        return
    fi
    # An option's value: a few are known, the others only the user knows.
    case $prev in
    -o | --out)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    -k | --kind)
        COMPREPLY=($(compgen -W "tickets nps usage accounts" -- "$cur"))
        return
        ;;
    -*)
        [[ " $(_prodops_valued "${hargs[@]}") " != *" $prev "* ]] || return
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_prodops_options "${hargs[@]}")" -- "$cur"))
        return
    fi
    case $cmd in
    db | report | jobs)
        if [ -z "$sub" ]; then
            COMPREPLY=($(compgen -W "$(_prodops_subcommands "$cmd")" -- "$cur"))
        elif [ "$cmd" = jobs ] && [ "$sub" != list ]; then
            COMPREPLY=($(compgen -W "$(_prodops_jobs "$cfg")" -- "$cur"))
        fi
        ;;
    run | cron)
        [ -n "$sub" ] ||
            COMPREPLY=($(compgen -W "$(_prodops_jobs "$cfg")" -- "$cur"))
        ;;
    schedule)
        COMPREPLY=($(compgen -W "$(_prodops_jobs "$cfg")" -- "$cur"))
        ;;
    ingest | check)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
    init)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        ;;
    esac
}

complete -F _prodops prodops
