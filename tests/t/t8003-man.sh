#!/usr/bin/env bash
# The man pages cannot drift from the code (issue 18).  What the code knows
# is read from the code itself, so a command, option, variable, section or
# key added later fails this test until man/*.scd documents it:
#   - commands: `prodops --help` (the pd_commands[] table);
#   - each command's options and subcommands: `prodops CMD --help`
#     (option lines and "prodops CMD SUB" usage lines), documented in the
#     command's "## CMD" subsection of prodops(1);
#   - every long option of every getopt_long table in jobs/ (an option the
#     help forgot), anywhere in prodops(1);
#   - environment variables: getenv()/setenv() names in the sources (but
#     HOME, PATH and PRODOPS_TEST_*, hooks for the tests);
#   - exit codes: the values of jobs/exit.h;
#   - config sections and keys: strcmp(section, "S"), split_section(section,
#     "S"), strcmp(key, "K") in jobs/config.c and every file it hands keys to
#     (any .c with strcmp(section, ...)); a key compared on the same line as
#     its section must be documented in that section.  Keys the code matches
#     from a table instead are listed in TABLE_KEYS below: add yours there.
# And back: every key prodops.conf(5) documents is fed to the parser, which
# must not call it unknown.
. "$(dirname "$0")/../lib/test-lib.sh"
cd "$ROOT"

# Keys matched from tables rather than by strcmp(key, "..."):
# reports/support.c's weekdays[] and its first_reply_hours.<priority> prefix.
TABLE_KEYS="business_hours:monday business_hours:tuesday
business_hours:wednesday business_hours:thursday business_hours:friday
business_hours:saturday business_hours:sunday sla:first_reply_hours."

P() { "$PRODOPS_BIN" -c /dev/null "$@"; }
P --help >"$TMP/help" || fail "prodops --help"
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$TMP/help")
[ -n "$cmds" ] || fail "no commands in prodops --help"
for c in $cmds; do
    P "$c" --help >"$TMP/help-$c" 2>&1 || fail "prodops $c --help exits 0"
done
# Long options of the getopt tables: {"name", no_argument, ...}.
grep -hoE '\{"[a-z][a-z0-9-]*", *(no|required|optional)_argument' jobs/*.c |
    sed 's/{"\([^"]*\)".*/\1/' | sort -u >"$TMP/getopt"
grep -rhoE '\b(get|set)env\("[A-Z_][A-Z0-9_]*"' common extract transform load reports jobs |
    sed 's/.*("//; s/"//' | grep -vxE 'HOME|PATH|PRODOPS_TEST_[A-Z0-9_]*' |
    sort -u >"$TMP/env"
sed -n 's/^ *PD_EXIT_[A-Z_]* = \([0-9]*\).*/\1/p' jobs/exit.h >"$TMP/exits"
conf_srcs=$(grep -lE 'strcmp\(section, "' jobs/config.c common/*.c extract/*.c \
    transform/*.c load/*.c reports/*.c jobs/*.c | sort -u)
echo "config sources: $conf_srcs"

CONF_SRCS=$conf_srcs TABLE_KEYS=$TABLE_KEYS python3 - "$TMP" $cmds <<'PY' || fail "the man pages document what the code knows"
import os, re, sys
tmp, cmds = sys.argv[1], sys.argv[2:]
man1 = open("man/prodops.1.scd").read()
man5 = open("man/prodops.conf.5.scd").read()
bad = 0
def miss(what):
    global bad
    bad += 1
    print("not ok: undocumented: " + what)

def blocks(text):
    """'## title' subsections -> their text (up to the next heading)."""
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith("#"):
            cur = line[3:].strip() if line.startswith("## ") else None
            if cur is not None:
                out[cur] = ""
        elif cur is not None:
            out[cur] += line + "\n"
    return out

def section(text, name):
    m = re.search(r"^# %s\n(.*?)(?=^# )" % name, text, re.S | re.M)
    return m.group(1) if m else ""

cmd_blocks = blocks(section(man1, "COMMANDS"))
for c in cmds:
    if c not in cmd_blocks:
        miss("command '%s' (a '## %s' subsection of prodops(1) COMMANDS)" % (c, c))
        continue
    b = cmd_blocks[c]
    help_text = open(os.path.join(tmp, "help-" + c)).read()
    for o in re.findall(r"^\s+(?:-\w, )?--([a-z][a-z0-9-]*)", help_text, re.M):
        if o != "help" and "*--%s*" % o not in b:
            miss("option --%s of 'prodops %s' (in its subsection, as *--%s*)" % (o, c, o))
    for s in re.findall(r"^\s+prodops %s ([a-z][a-z-]*)\b" % re.escape(c), help_text, re.M):
        if not re.search(r"\*(prodops %s )?%s\*" % (re.escape(c), re.escape(s)), b):
            miss("subcommand 'prodops %s %s'" % (c, s))
for o in open(os.path.join(tmp, "getopt")).read().split():
    if "*--%s*" % o not in man1:
        miss("long option --%s of a getopt table in jobs/" % o)
env = section(man1, "ENVIRONMENT")
for v in open(os.path.join(tmp, "env")).read().split():
    if "*%s*" % v not in env:
        miss("environment variable %s (prodops(1) ENVIRONMENT)" % v)
ex = section(man1, "EXIT STATUS")
for n in open(os.path.join(tmp, "exits")).read().split():
    if not re.search(r"^\*%s\*$" % n, ex, re.M):
        miss("exit status %s (prodops(1) EXIT STATUS)" % n)

# ---- prodops.conf(5) ----
conf_blocks = {}
for title, body in blocks(section(man5, "SECTIONS")).items():
    m = re.fullmatch(r'\[([a-z_]+)( "NAME")?\]', title)
    if m:
        conf_blocks[m.group(1)] = body
def keys_of(body):
    ks = set()
    for line in body.splitlines():
        # "*key* = ...", "*a*, *b* = ...", "*prefix.*_NAME_ = ...": the
        # bold names before the first " = ".
        if line.startswith("*") and " = " in line:
            ks.update(re.findall(r"\*([a-z_][a-z0-9_.]*)\*", line.split(" = ")[0]))
    return ks
doc_keys = {s: keys_of(b) for s, b in conf_blocks.items()}
all_keys = set().union(*doc_keys.values()) if doc_keys else set()
sections, pairs, loose = set(), set(), set()
for src in os.environ["CONF_SRCS"].split():
    for line in open(src):
        ss = re.findall(r'strcmp\(section, "([a-z_]+)"\)', line)
        ss += re.findall(r'split_section\(section, "([a-z_]+)"', line)
        ks = re.findall(r'strcmp\(key, "([a-z_][a-z0-9_.]*)"\)', line)
        sections.update(ss)
        for k in ks:
            if len(ss) == 1:
                pairs.add((ss[0], k))
            else:
                loose.add(k)
for item in os.environ["TABLE_KEYS"].split():
    s, k = item.split(":")
    pairs.add((s, k))
for s in sorted(sections):
    if s not in conf_blocks:
        miss("config section [%s] (a '## [%s]' subsection of prodops.conf(5))" % (s, s))
for s, k in sorted(pairs):
    if k not in doc_keys.get(s, ()):
        miss("config key '%s' of [%s] (a line '*%s* = ...' in its subsection)" % (k, s, k))
for k in sorted(loose):
    if k not in all_keys:
        miss("config key '%s' (a line '*%s* = ...' in its section)" % (k, k))
with open(os.path.join(tmp, "documented"), "w") as f:
    for s, ks in sorted(doc_keys.items()):
        for k in sorted(ks):
            f.write("%s %s\n" % (s, k))
print("checked %d commands, %d config sections, %d keys; %d documented keys" %
      (len(cmds), len(sections), len(pairs) + len(loose),
       sum(len(v) for v in doc_keys.values())))
sys.exit(1 if bad else 0)
PY

# Back: each documented key is one the parser knows (its value may be
# wrong, its name may not).  One file holds them all: the parser reports
# every problem at once, each at its line.
n=0 last=
while read -r s k; do
    if [ "$s" != "$last" ]; then
        case $s in source | profile | okr | job | experiment) echo "[$s \"x\"]" ;; *) echo "[$s]" ;; esac
        last=$s
    fi
    case $k in *.) k=${k}urgent ;; esac
    echo "$k = 1"
    n=$((n + 1))
done <"$TMP/documented" >"$TMP/probe.conf"
"$PRODOPS_BIN" -c "$TMP/probe.conf" cron >/dev/null 2>"$TMP/probe.err"
assert_eq "" "$(grep -iE "unknown key|unknown item" "$TMP/probe.err")" \
    "the parser knows each of the $n keys prodops.conf(5) documents"
[ "$n" -gt 40 ] || fail "only $n documented keys found in prodops.conf(5)"

# The example configuration installed beside the man pages parses.
expect_exit 2 "$PRODOPS_BIN" -c examples/prodops.conf cron
assert_match "no \[job" "$ERR" "examples/prodops.conf parses (it has no job)"
[ $fails -eq 0 ]
