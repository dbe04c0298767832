#!/usr/bin/env bash
# The man page and the bash completion cover the command line: every command
# `ferry --help` lists and every option `ferry COMMAND --help` shows must be
# documented in ferry.1 and offered by the completion.
#   check_docs.sh FERRY_BINARY FERRY_1 BASH_COMPLETION
set -euo pipefail
ferry=$1 manpage=$2 completion=$3
bash_completion=/usr/share/bash-completion/bash_completion
# The help is parsed in English, whatever the language of the machine.
export LC_ALL=C.UTF-8 LANGUAGE=

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# What the completion offers after "ferry WORD... CUR", one candidate a line.
complete_line() {
    bash -c '
        source "$1" && source "$2" || exit 1
        shift 2
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _ferry ferry "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"
    ' complete_line "$bash_completion" "$completion" "$@"
}

[ -r "$bash_completion" ] || { echo "bash-completion is not installed (./tools/install-deps.sh installs it)" >&2; exit 1; }
bash -n "$completion" || fail "$completion is not valid bash"

# The commands: the lines under "Commands:" in the overview.
commands=$("$ferry" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands found in 'ferry --help'"
offered_commands=$(complete_line ferry "")
for command in $commands; do
    grep -q "^\.SS \"ferry $command" "$manpage" || fail "ferry.1 has no section for 'ferry $command'"
    grep -qx "$command" <<<"$offered_commands" || fail "the completion does not offer '$command'"
    # Every long option the command's help shows, descriptions included.
    # Only the option list: descriptions may mention other commands' options.
    options=$("$ferry" "$command" --help | sed -n '/^Options:/,$p' | grep -oE -- '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' \
        | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    [ -n "$options" ] || fail "no options found in 'ferry $command --help'"
    offered=$(complete_line ferry "$command" --)
    for option in $options; do
        grep -qF -- "${option//-/\\-}" "$manpage" || fail "ferry.1 does not document 'ferry $command $option'"
        grep -qx -- "$option" <<<"$offered" || fail "the completion does not offer '$option' after 'ferry $command'"
    done
    echo "ferry $command: $(wc -w <<<"$options") options documented and completed"
done

# The ranges and defaults an option's help states ("1 to 86400, default
# 10") are the engine's bounds; the man page must state the same ones, in
# that command's section.
ranges_differ=$(python3 - "$manpage" "$ferry" $commands <<'PY'
import re, subprocess, sys
manpage, ferry, commands = sys.argv[1], sys.argv[2], sys.argv[3:]
man = open(manpage, encoding="utf-8").read().replace("\\-", "-")
sections = re.split(r'^\.SS "ferry ', man, flags=re.M)
facts = re.compile(r"(\d+ to \d+|default \d+)")
for command in commands:
    # A command may have several sections (ferry get HOST:PORT NAME, ferry get URL...).
    section = "".join(s for s in sections if s.startswith(command))
    # The man page's paragraphs, keyed by the long option they describe.
    paragraphs = {}
    for block in re.split(r"^\.TP\n", section, flags=re.M)[1:]:
        names = re.findall(r"--[a-z][a-z0-9-]*", block.split("\n", 1)[0])
        if names:
            paragraphs[names[-1]] = " ".join(block.split("\n")[1:])
    help_text = subprocess.run([ferry, command, "--help"], capture_output=True, text=True,
                               env={"LC_ALL": "C.UTF-8", "LANGUAGE": ""}).stdout
    # Each option starts a line with two spaces; its description follows
    # the first run of spaces, wrapped onto deeper-indented lines.
    for option in re.split(r"^  (?=-)", help_text.split("Options:", 1)[-1], flags=re.M):
        names_part, _, description = option.strip().partition("  ")
        names = re.findall(r"--[a-z][a-z0-9-]*", names_part)
        if not names:
            continue
        for fact in facts.findall(" ".join(description.split())):
            if fact not in " ".join(paragraphs.get(names[-1], "").split()):
                print("ferry %s %s: the help says '%s', the man page does not" % (command, names[-1], fact))
PY
)
[ -z "$ranges_differ" ] || fail "$ranges_differ"

for code in 0 1 2 3; do
    grep -qx "\.B $code" "$manpage" || fail "ferry.1 does not explain exit code $code"
done

if [ "$failures" -gt 0 ]; then
    echo "$failures problem(s)" >&2
    exit 1
fi
echo "the man page and the completion cover every command and option"
