#!/usr/bin/env bash
# Installs what building, running and testing Ferry needs on Debian 12 or
# Ubuntu 24.04, and nothing that is already there. Safe to run repeatedly.
# With --bench it also installs what tests/bench compares Ferry with (nginx,
# wrk, aria2, wget) and what draws its plots; with --look, what takes
# screenshots of the window (Xvfb, ImageMagick).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkgconf
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    qt6-qpa-plugins libssl-dev
    libqrencode-dev # the Serve tab's QR code
    zbar-tools # zbarimg: the tests decode that QR code
    libqt6svg6 # the SVG icon engine and image plugin: the window's icons are SVG
    python3
    # the Debian package and its checks (tests/package): icons drawn from the
    # SVG, dependencies computed, lintian, desktop file, AppStream, completion
    librsvg2-bin dpkg-dev file lintian desktop-file-utils appstream bash-completion
    iproute2 # ip netns: the nearby-shares test builds a private network of two namespaces
    clang-format-14 # tools/check-format.sh: CI fails on code not formatted as .clang-format says
    git # the format check lists the tracked sources
    openssl # tst_httpclient runs openssl s_server as a real HTTPS server
    tinyproxy # tst_proxyrules and the download tests run a real HTTP proxy of their own (never its service)
)

for option in "$@"; do
    case "$option" in
    --bench) packages+=(nginx-light wrk aria2 wget curl python3-matplotlib) ;;
    --look) packages+=(xvfb xauth imagemagick) ;;
    *) echo "usage: $0 [--bench] [--look]" >&2 && exit 2 ;;
    esac
done

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
