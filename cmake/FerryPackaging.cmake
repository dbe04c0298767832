# `cpack -G DEB` in a build folder configured with -DCMAKE_INSTALL_PREFIX=/usr
# builds ferry_VERSION_ARCH.deb from the install rules: binary, translations,
# icons, desktop file, metainfo, man page, bash completion, copyright and
# changelog. tests/package/test_package.sh builds, checks and installs it.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ferry)
set(CPACK_PACKAGE_VENDOR "The Ferry developers")
set(CPACK_PACKAGE_CONTACT "${FERRY_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "download manager with an embedded file server")
set(CPACK_PACKAGE_DESCRIPTION
"Ferry shares a folder on one port and downloads files from other computers
with a progress bar, speed and time left. A share answers another Ferry, a
browser, a phone, curl or wget, and the classic Python socket tutorial's
client; Ferry downloads from Ferry shares, tutorial servers and any HTTP
server. Interrupted downloads resume without splicing two versions of a
file, and a half-downloaded file is never presented as complete.
.
The ferry command also serves, downloads and lists headless, for scripts.")
# Strip the binary, as Debian's packages are (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
# The prefix the build was configured for; FerryCPackOptions.cmake refuses
# to make a .deb for any other than /usr.
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/FerryCPackOptions.cmake")

set(CPACK_DEBIAN_PACKAGE_NAME ferry)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FERRY_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# Libraries the binary links come from dpkg-shlibdeps; the plugins Qt loads
# at run time it cannot see: the SVG icon engine (the window's icons) and the
# platform plugins (xcb, wayland...) without which no window opens.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins")
# Qt's own strings (dialog buttons...) in the user's language.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
# Folders 0755 and files 0644 whatever the umask of the build (lintian:
# non-standard-dir-perm, non-standard-file-perm).
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

include(CPack)
