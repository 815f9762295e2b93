# The hardening flags Debian builds its packages with (`dpkg-buildflags` under
# DEB_BUILD_MAINT_OPTIONS=hardening=+all): stack protector and clash protection, control-flow
# protection, format-string checks, fortified libc calls, full RELRO with immediate binding
# (lintian's hardening-no-bindnow / hardening-no-fortify-functions). The packaged targets (the
# host, its libraries, the plugins and the SDK's static libraries) link `tradehost_hardening`;
# tests do not need it. Off under the sanitizers and the fuzzers, which bring their own
# instrumentation, and _FORTIFY_SOURCE only where the build optimizes (it needs -O).
include_guard(GLOBAL)

set(_tradehost_harden_default ON)
if(TRADEHOST_SANITIZE OR TRADEHOST_FUZZ)
  set(_tradehost_harden_default OFF)
endif()
option(TRADEHOST_HARDEN "Build packaged targets with Debian's hardening flags" ${_tradehost_harden_default})

# Debian adds -fcf-protection on amd64 and i386 only.
string(REGEX MATCH "^(x86_64|AMD64|i.86)$" _tradehost_x86 "${CMAKE_SYSTEM_PROCESSOR}")
add_library(tradehost_hardening INTERFACE)
if(TRADEHOST_HARDEN)
  target_compile_options(tradehost_hardening INTERFACE
    -fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security
    $<$<BOOL:${_tradehost_x86}>:-fcf-protection>
    $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
  target_link_options(tradehost_hardening INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()
