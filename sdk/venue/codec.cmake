# Encoding, signing, JSON, rate limiter, ledger and order book: sources and tests (owned by the codec part).
target_sources(tradehost_venue PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/src/encoding.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sign.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/rate_limiter.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/ledger.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/client_ids.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/errors.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/execution_worker.cpp)

if(TRADEHOST_BUILD_TESTS)
  add_executable(test_venue_codec
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_encoding.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_sign.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_json.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_rate_limiter.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_ledger.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_ledger_segments.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_client_ids.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_book.cpp)
  target_link_libraries(test_venue_codec PRIVATE tradehost_venue GTest::gtest_main tradehost_warnings)
  gtest_discover_tests(test_venue_codec DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "venue-kit")
endif()

if(TRADEHOST_BUILD_TESTS)
  # The execution worker against a scripted dialect (no venue, no network).
  add_executable(test_venue_worker ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_execution_worker.cpp)
  target_link_libraries(test_venue_worker PRIVATE tradehost_venue GTest::gtest_main tradehost_warnings)
  gtest_discover_tests(test_venue_worker TEST_PREFIX "worker." DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "venue-kit")
endif()
