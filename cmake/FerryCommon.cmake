# One interface target carries the settings every Ferry target shares, so that
# nobody edits CMAKE_CXX_FLAGS by hand (the habit of qBittorrent's qbt_common_cfg).
add_library(ferry_common_cfg INTERFACE)

target_compile_options(ferry_common_cfg INTERFACE -Wall -Wextra -Wpedantic)
if(FERRY_WERROR)
    target_compile_options(ferry_common_cfg INTERFACE -Werror)
endif()

target_compile_definitions(ferry_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    FERRY_VERSION="${PROJECT_VERSION}")

if(Qt6_VERSION VERSION_GREATER_EQUAL 6.7)
    target_compile_definitions(ferry_common_cfg INTERFACE QT_NO_CONTEXTLESS_CONNECT)
endif()

# Hardened as Debian builds its packages (dpkg-buildflags): checked libc
# calls, stack protector, relocations read-only and bound at start. Ferry
# serves files to the network. _FORTIFY_SOURCE needs optimisation and is
# redefined because some compilers (Ubuntu's) predefine it.
if(NOT FERRY_SANITIZE AND NOT FERRY_FUZZ)
    set(ferry_optimised "$<CONFIG:Release,RelWithDebInfo,MinSizeRel>")
    target_compile_options(ferry_common_cfg INTERFACE
        -fstack-protector-strong
        "$<${ferry_optimised}:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
    target_link_options(ferry_common_cfg INTERFACE LINKER:-z,relro LINKER:-z,now)
endif()

# All of UndefinedBehaviorSanitizer but its dynamic-type (vptr) check: to
# tell whether an object's memory is readable, that check opens a pipe, so
# in a process out of file descriptors (what tst_sharelistener makes, on
# purpose) every first call of a virtual method reports a false "invalid
# vptr".
if(FERRY_SANITIZE)
    target_compile_options(ferry_common_cfg INTERFACE
        -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(ferry_common_cfg INTERFACE -fsanitize=address,undefined)
endif()
