# Read by cpack when it runs (CPACK_PROJECT_CONFIG_FILE). The binary and the
# man page know their install prefix from configure time, so a .deb is only
# right from a build configured for /usr.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr")
    message(FATAL_ERROR "A Debian package installs into /usr, but this build is configured for "
                        "${CPACK_PACKAGING_INSTALL_PREFIX}: reconfigure with -DCMAKE_INSTALL_PREFIX=/usr")
endif()
