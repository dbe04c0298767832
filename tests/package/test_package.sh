#!/usr/bin/env bash
# Builds the Debian package in its own release build folder, checks what it
# holds and what lintian says of it, then (as root) installs it, uses the
# installed ferry on 127.0.0.1, removes it and checks that nothing is left.
# Whatever happens, it leaves no package installed and no server running.
#   tests/package/test_package.sh [BUILD_DIR]     (default: build-package)
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(realpath -m "${1:-$source_dir/build-package}")
work=$(mktemp -d)
installed_by_us=false
server_pid=
skipped=
# Bounded: apt waits at most a minute for another apt to finish.
apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 -y -qq)

steps=0
step() {
    steps=$((steps + 1))
    echo "== $*"
}
die() {
    echo "FAIL: $*" >&2
    exit 1
}

cleanup() {
    local status=$?
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if $installed_by_us; then
        echo "== cleaning up: purging the ferry package" >&2
        "${apt_get[@]}" purge ferry >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
    # Each step is a group of checks; a failed one stops the script.
    if [ $status -eq 0 ]; then
        echo "package: $steps passed, 0 failed${skipped:+, 1 skipped}"
    else
        echo "package: $((steps - 1)) passed, 1 failed"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "configuring and building a release build in $build_dir"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DBUILD_TESTING=OFF -DFERRY_WERROR=ON >"$work/configure.log" || { cat "$work/configure.log"; die "configure failed"; }
cmake --build "$build_dir"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
app_id=$(sed -n 's/^set(FERRY_APP_ID \(.*\))$/\1/p' "$source_dir/CMakeLists.txt")
arch=$(dpkg --print-architecture)
deb=$build_dir/ferry_${version}_${arch}.deb
[ -n "$version" ] && [ -n "$app_id" ] || die "cannot read the version or the application id"

step "building $(basename "$deb")"
rm -f "$build_dir"/ferry_*.deb
(cd "$build_dir" && cpack -G DEB >"$work/cpack.log") || { cat "$work/cpack.log"; die "cpack failed"; }
[ -f "$deb" ] || die "cpack did not make $deb: $(ls "$build_dir"/*.deb 2>/dev/null)"

step "checking the package's fields"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = ferry ] || die "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || die "Version: $(field Version), project: $version"
[ "$(field Section)" = net ] || die "Section: $(field Section)"
[ "$(field Architecture)" = "$arch" ] || die "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || die "no Maintainer"
[ -n "$(field Homepage)" ] || die "no Homepage"
field Description | sed -n 2p | grep -q . || die "no long description"
# Computed by dpkg-shlibdeps, with the run-time plugins added by hand.
for dependency in libqt6core6 libqt6network6 libqt6widgets6 libc6 libqt6svg6 qt6-qpa-plugins; do
    field Depends | grep -qw "$dependency" || die "Depends lacks $dependency: $(field Depends)"
done

step "checking the package's contents"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/contents"
expected=(
    /usr/bin/ferry
    "/usr/share/applications/$app_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    /usr/share/icons/hicolor/scalable/apps/ferry.svg
    /usr/share/man/man1/ferry.1.gz
    /usr/share/ferry/translations/ferry_zh_CN.qm
    /usr/share/bash-completion/completions/ferry
    /usr/share/doc/ferry/copyright
    /usr/share/doc/ferry/changelog.gz
)
for size in 16 22 24 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/ferry.png")
done
for path in "${expected[@]}"; do
    grep -qxF "$path" "$work/contents" || die "the package lacks $path"
done
outside=$(grep -vxE '/|/usr/.*' "$work/contents" || true)
[ -z "$outside" ] || die "the package installs outside /usr: $outside"
dpkg-deb -x "$deb" "$work/root"
file "$work/root/usr/bin/ferry" | grep -q ', stripped' || die "the binary is not stripped"
desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$app_id.metainfo.xml"
for size in 16 256; do
    file "$work/root/usr/share/icons/hicolor/${size}x${size}/apps/ferry.png" | grep -q "PNG image data, $size x $size" \
        || die "the ${size}x${size} icon is not a ${size}x${size} PNG"
done
zcat "$work/root/usr/share/man/man1/ferry.1.gz" | grep -q "Ferry $version" || die "the man page does not carry version $version"

step "lintian"
# Errors fail the test; warnings are printed for whoever reads the log.
timeout 300 lintian --fail-on error "$deb"

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: installing the package needs root (CI runs as root); the build, contents and lintian checks passed"
    skipped=yes
    exit 0
fi
if dpkg-query -W -f='${Status}' ferry 2>/dev/null | grep -q "install ok installed"; then
    echo "SKIP: a ferry package is already installed here; not replacing it with the test's"
    skipped=yes
    exit 0
fi

step "installing it"
installed_by_us=true
"${apt_get[@]}" install --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; die "apt-get install failed"; }
dpkg -L ferry | sort >"$work/installed"
[ "$(/usr/bin/ferry --version)" = "ferry $version" ] || die "/usr/bin/ferry --version says '$(/usr/bin/ferry --version)'"
LANG=zh_CN.UTF-8 LANGUAGE=zh_CN /usr/bin/ferry --help | grep -q '用法' || die "the installed ferry does not speak zh_CN"

step "ferry serve and ferry get on 127.0.0.1"
mkdir -p "$work/share/docs" "$work/downloads"
head -c 300000 /dev/urandom >"$work/share/docs/blob.bin"
(cd "$work" && exec timeout 60 /usr/bin/ferry serve share --bind 127.0.0.1 --port 0 >"$work/serve.out" 2>"$work/serve.err") &
server_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
address=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$address" ] || { cat "$work/serve.err"; die "ferry serve did not start"; }
timeout 30 /usr/bin/ferry get "$address" docs/blob.bin -d "$work/downloads"
cmp "$work/share/docs/blob.bin" "$work/downloads/blob.bin" || die "the downloaded file differs"
timeout 30 /usr/bin/ferry list "$address" docs | grep -q "^blob.bin	300000$" || die "ferry list does not show the file"
status=0
timeout 30 /usr/bin/ferry get "$address" missing.txt -d "$work/downloads" 2>/dev/null || status=$?
[ $status -eq 3 ] || die "a missing file exits $status, not 3"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[ $status -eq 0 ] || die "ferry serve exited $status on SIGTERM"

step "desktop integration"
if command -v man >/dev/null; then
    [ "$(man -w ferry)" = /usr/share/man/man1/ferry.1.gz ] || die "man -w ferry finds '$(man -w ferry 2>&1)'"
else
    echo "man-db is not installed: not checking man -w ferry"
fi
if [ -r /usr/share/bash-completion/bash_completion ]; then
    bash -c 'source /usr/share/bash-completion/bash_completion && __load_completion ferry && complete -p ferry' | grep -q _ferry \
        || die "bash-completion does not load the ferry completion"
fi

step "removing it"
"${apt_get[@]}" purge ferry >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; die "apt-get purge failed"; }
installed_by_us=false
! dpkg-query -W -f='${Status}' ferry 2>/dev/null | grep -q "install ok installed" || die "ferry is still installed"
left=0
while read -r path; do
    if [ -e "$path" ] && [ ! -d "$path" ]; then
        echo "left behind: $path" >&2
        left=$((left + 1))
    fi
done <"$work/installed"
[ $left -eq 0 ] || die "$left file(s) left after removal"
for dir in /usr/share/ferry /usr/share/doc/ferry; do
    [ ! -e "$dir" ] || die "$dir is left after removal"
done
echo "installed $(grep -c . "$work/installed") paths, all gone after removal"
