#!/usr/bin/env bash
# Fails, naming the files, when a C++ source or test is not formatted as
# .clang-format says. clang-format 14 is the one both Debian 12 and Ubuntu
# 24.04 package (tools/install-deps.sh installs it); other versions format
# a few constructs differently, so they are not used.
#   tools/check-format.sh          check every tracked .cpp/.h
#   tools/check-format.sh --fix    format them in place
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=$(command -v clang-format-14 || true)
if [ -z "$formatter" ]; then
    echo "clang-format-14 is not installed (./tools/install-deps.sh installs it)" >&2
    exit 1
fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' 2>/dev/null || find app net widgets tests \( -name '*.cpp' -o -name '*.h' \))
if [ "${1:-}" = "--fix" ]; then
    "$formatter" -i "${files[@]}"
    exit 0
fi
unformatted=()
for file in "${files[@]}"; do
    "$formatter" --dry-run --Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
    printf 'not formatted as .clang-format says (tools/check-format.sh --fix):\n' >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
