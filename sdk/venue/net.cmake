# HTTP client, line stream and WebSocket client: sources and tests (owned by the net part).
target_sources(tradehost_venue PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/src/net_curl.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/net_backoff.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/net_ws_url.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/http_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/line_stream.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/ws_client.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/tls_line_client.cpp)

if(TRADEHOST_BUILD_TESTS)
  # Real HTTP and WebSocket over loopback against the shared double server (th_venue_double,
  # defined later under tests/venues/double; target names resolve at generate time).
  add_executable(test_venue_net
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_http_client.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_line_stream.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_ws_client.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_backoff.cpp)
  target_link_libraries(test_venue_net PRIVATE tradehost_venue th_venue_double GTest::gtest_main
                                               Threads::Threads tradehost_warnings)
  # "net." prefix: `ctest -R net` selects this part's tests.
  gtest_discover_tests(test_venue_net TEST_PREFIX "net." DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "venue-kit")
endif()
