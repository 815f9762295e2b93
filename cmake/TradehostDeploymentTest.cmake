# tradehost_add_deployment_test(TEST_NAME SOURCES src... PLUGINS name... [TOOLS target...]
#                               LABEL label [TIMEOUT seconds])
#
# A GoogleTest program that runs a shipped deployment (config/*.yaml) through the built host
# and reads its journal (tests/venues/double/deployment_copy.hpp). It exists only when the
# tests, the host, the TOOLS and every plugin the deployment loads are built: plugin folders
# are added in name order, so a later folder's target does not exist yet, and TRADEHOST_PLUGINS
# is asked instead. TRADEHOST_EXE and SOURCE_DIR reach the test as macros; the plugins and tools
# are built before it. In the tradehost tree only (it is not installed with the SDK).
include_guard(GLOBAL)

function(tradehost_add_deployment_test test_name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "SOURCES;PLUGINS;TOOLS" ${ARGN})
  if(NOT ARG_SOURCES OR NOT ARG_PLUGINS OR NOT ARG_LABEL)
    message(FATAL_ERROR "tradehost_add_deployment_test(${test_name}): SOURCES, PLUGINS and LABEL are required")
  endif()
  if(NOT TRADEHOST_BUILD_TESTS OR NOT TARGET tradehost)
    return()
  endif()
  foreach(p IN LISTS ARG_PLUGINS)
    if(NOT TRADEHOST_PLUGINS STREQUAL "all" AND NOT p IN_LIST TRADEHOST_PLUGINS)
      return()
    endif()
  endforeach()
  foreach(t IN LISTS ARG_TOOLS)
    if(NOT TARGET ${t})
      return()
    endif()
  endforeach()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  find_package(SQLite3 REQUIRED)
  add_executable(${test_name} ${ARG_SOURCES})
  target_include_directories(${test_name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/venues)
  target_link_libraries(${test_name} PRIVATE SQLite::SQLite3 GTest::gtest_main tradehost_warnings)
  target_compile_definitions(${test_name} PRIVATE
    TRADEHOST_EXE="$<TARGET_FILE:tradehost>" SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  list(TRANSFORM ARG_PLUGINS PREPEND th_ OUTPUT_VARIABLE plugin_targets)
  add_dependencies(${test_name} tradehost ${ARG_TOOLS} ${plugin_targets})
  gtest_discover_tests(${test_name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
