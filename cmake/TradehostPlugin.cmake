# The same functions serve in-tree plugins and, installed with the SDK package, third-party
# plugins: in-tree and out-of-tree CMakeLists.txt read the same.
include_guard(GLOBAL)
include(GNUInstallDirs)

# Out of the tradehost tree there is no `tradehost_warnings` target: the plugins get the same
# flags from this one, so a scaffolded project is held to what the repository's plugins are.
# -DTRADEHOST_PLUGIN_WERROR=OFF keeps the warnings but stops them failing the build.
option(TRADEHOST_PLUGIN_WERROR "Out-of-tree plugins: treat compiler warnings as errors" ON)
if(NOT TARGET tradehost_warnings AND NOT TARGET tradehost_plugin_warnings)
  add_library(tradehost_plugin_warnings INTERFACE)
  target_compile_options(tradehost_plugin_warnings INTERFACE -Wall -Wextra -Wpedantic
                         $<$<BOOL:${TRADEHOST_PLUGIN_WERROR}>:-Werror>
                         $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>)
endif()

# The warnings target a plugin or a plugin test links: the repository's, or the one above.
function(_tradehost_link_warnings target)
  if(TARGET tradehost_warnings)
    target_link_libraries(${target} PRIVATE tradehost_warnings)
  else()
    target_link_libraries(${target} PRIVATE tradehost_plugin_warnings)
  endif()
endfunction()

# The flags of all code that ends up inside a plugin: warnings, hardening in the tradehost tree,
# hidden visibility (only the entry symbol is exported) and -fno-gnu-unique (see above).
function(_tradehost_plugin_code_flags t)
  _tradehost_link_warnings(${t})
  if(TARGET tradehost_hardening)  # in the tradehost tree: plugins are packaged, so hardened
    target_link_libraries(${t} PRIVATE tradehost_hardening)
  endif()
  set_target_properties(${t} PROPERTIES
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${t} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-gnu-unique>)
  endif()
endfunction()

# tradehost_add_plugin(NAME SOURCES src... [UNITS src...] [LIBRARIES lib...] [NO_INSTALL])
#
# Builds plugin NAME as a loadable module named th_NAME.so, the name the host's registry
# scans for; the CMake target is th_NAME too (target_link_libraries(th_NAME ...) adds to
# it). Hidden visibility (only the entry symbol is exported) and -fno-gnu-unique let the
# host really unload an old build during hot reload. The file lands in
# TRADEHOST_PLUGIN_OUTPUT_DIR, by default `plugins/` under the top build folder, so every
# plugin of one build sits in one folder the host can search.
#
# UNITS are the plugin's pure units (parsers, signing, maths) that its tests, benchmarks or
# fuzzers call directly, without the ABI. They are compiled once, into the static library
# th_NAME_units (position-independent, same flags as the plugin), which the plugin links and
# tradehost_add_plugin_test links for the plugin's tests; a benchmark or fuzzer links it too.
# Listing such a source again in a test would compile it once more per target, which is what
# this avoids. The units' folder `src/` is on their public include path.
function(tradehost_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "" "SOURCES;UNITS;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tradehost_add_plugin(${name}): SOURCES is required")
  endif()
  set(target th_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE TradehostSDK::sdk ${ARG_LIBRARIES})
  set(_built ${target})
  if(ARG_UNITS)
    set(units th_${name}_units)
    add_library(${units} STATIC ${ARG_UNITS})
    target_link_libraries(${units} PUBLIC TradehostSDK::sdk ${ARG_LIBRARIES})
    target_include_directories(${units} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}/src")
    set_target_properties(${units} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(${target} PRIVATE ${units})
    list(APPEND _built ${units})
  endif()
  foreach(t IN LISTS _built)
    _tradehost_plugin_code_flags(${t})
  endforeach()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME th_${name})
  set(out_dir "${TRADEHOST_PLUGIN_OUTPUT_DIR}")
  if(NOT out_dir)
    set(out_dir "${CMAKE_BINARY_DIR}/plugins")
  endif()
  set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${out_dir}")
  if(NOT TRADEHOST_SANITIZE)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/tradehost/plugins COMPONENT runtime)
  endif()
endfunction()

# tradehost_add_plugin_library(NAME SOURCES src... [LIBRARIES lib...])
# Code that several of your plugins share, compiled once: a static, position-independent
# library NAME with the plugins' own flags, whose folder is on its users' include path. A
# plugin links it with LIBRARIES NAME (its tests get it through the plugin's units or by name).
function(tradehost_add_plugin_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tradehost_add_plugin_library(${name}): SOURCES is required")
  endif()
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC TradehostSDK::sdk ${ARG_LIBRARIES})
  target_include_directories(${name} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  _tradehost_plugin_code_flags(${name})
endfunction()

# tradehost_add_plugin_test(TEST_NAME PLUGIN name SOURCES src...)
#
# A GoogleTest program for plugin `name`, linked with the SDK's test harness and the plugin's
# UNITS library when it has one. The plugin's path reaches the test as the PLUGIN_PATH macro;
# test data folders as TEST_DATA_DIR.
function(tradehost_add_plugin_test test_name)
  cmake_parse_arguments(ARG "" "PLUGIN" "SOURCES" ${ARGN})
  if(NOT TARGET GTest::gtest_main)
    find_package(GTest REQUIRED)
  endif()
  include(GoogleTest)
  add_executable(${test_name} ${ARG_SOURCES})
  target_link_libraries(${test_name} PRIVATE TradehostSDK::testing GTest::gtest_main)
  _tradehost_link_warnings(${test_name})
  target_compile_definitions(${test_name} PRIVATE
    PLUGIN_PATH="$<TARGET_FILE:th_${ARG_PLUGIN}>"
    TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/test_data")
  add_dependencies(${test_name} th_${ARG_PLUGIN})
  if(TARGET th_${ARG_PLUGIN}_units)  # the plugin's pure units, compiled once for both
    target_link_libraries(${test_name} PRIVATE th_${ARG_PLUGIN}_units)
  endif()
  gtest_discover_tests(${test_name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "plugin:${ARG_PLUGIN}")
endfunction()

# tradehost_add_plugin_c_test(TEST_NAME PLUGIN name SOURCES src...)
#
# A test of plugin `name` written in C against the C harness (tradehost/testing/harness.h):
# a plain program whose exit status is the verdict, registered with CTest. The harness is a
# C++ library, so the project needs CXX enabled for the link (project(... LANGUAGES C CXX)).
# PLUGIN_PATH and TEST_DATA_DIR reach the test as for tradehost_add_plugin_test.
function(tradehost_add_plugin_c_test test_name)
  cmake_parse_arguments(ARG "" "PLUGIN" "SOURCES" ${ARGN})
  if(NOT ARG_PLUGIN OR NOT ARG_SOURCES)
    message(FATAL_ERROR "tradehost_add_plugin_c_test(${test_name}): PLUGIN and SOURCES are required")
  endif()
  add_executable(${test_name} ${ARG_SOURCES})
  target_link_libraries(${test_name} PRIVATE TradehostSDK::testing)
  _tradehost_link_warnings(${test_name})
  set_target_properties(${test_name} PROPERTIES LINKER_LANGUAGE CXX)
  target_compile_definitions(${test_name} PRIVATE
    PLUGIN_PATH="$<TARGET_FILE:th_${ARG_PLUGIN}>"
    TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/test_data")
  add_dependencies(${test_name} th_${ARG_PLUGIN})
  add_test(NAME ${test_name} COMMAND ${test_name})
  set_tests_properties(${test_name} PROPERTIES LABELS "plugin:${ARG_PLUGIN}")
endfunction()
