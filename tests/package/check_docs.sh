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

for code in 0 1 2 3; do
    grep -qx "\.B $code" "$manpage" || fail "ferry.1 does not explain exit code $code"
done

if [ "$failures" -gt 0 ]; then
    echo "$failures problem(s)" >&2
    exit 1
fi
echo "the man page and the completion cover every command and option"
