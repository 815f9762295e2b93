// betfair: market discovery through listMarketCatalogue (Betting API reference, "MarketFilter",
// "listMarketCatalogue" and "Market Data Request Limits", read 2026-12-03). Pure: builds the
// requests and reads the answers; the plugin sends them (discoverer.hpp).
//
// The filter is the documented MarketFilter object, given as JSON in the `market_filter` key;
// only its documented fields are accepted, each with its documented type, so a misspelt key is
// a config error naming it instead of a filter that silently matches every market.
//
// Limits: at most 1000 results per call, and the data weight of the projection times the
// results must stay within 200 points (MARKET_DESCRIPTION and RUNNER_METADATA weigh 1;
// EVENT, EVENT_TYPE, COMPETITION, RUNNER_DESCRIPTION, MARKET_START_TIME weigh 0), else
// TOO_MUCH_DATA. So a page asks for 200 / weight markets sorted FIRST_TO_START, and the next
// page starts at the last start time seen (the catalogue has no paging of its own); markets
// already seen are dropped, until `max_results` markets or a short page.
#pragma once

#include <tradehost/plugin.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::betfair {

/// The projection we ask for: names, market type and event.
inline const std::vector<std::string> kCatalogueProjection = {"MARKET_DESCRIPTION", "RUNNER_DESCRIPTION", "EVENT",
                                                             "MARKET_START_TIME"};
inline constexpr int kCatalogueMaxResults = 1000;   ///< per call, documented
inline constexpr int kDataWeightLimit = 200;        ///< points per request, documented

/// The documented data weight of one market in a listMarketCatalogue answer.
int catalogue_weight(const std::vector<std::string>& projection);

/// Checks `text` as a MarketFilter (JSON object with documented fields and types); throws
/// ConfigError naming `key`.field on the first fault. Returns the parsed object.
nlohmann::json parse_market_filter(const std::string& key, const std::string& text);

struct CatalogueRunner {
    int64_t selection_id = 0;
    th_fixed handicap = 0;
    std::string name;
    int sort_priority = 0;
};

struct CatalogueMarket {
    std::string market_id, market_name, market_type, event_id, event_name, country_code;
    std::string start_time;      ///< ISO 8601 as given (marketStartTime)
    th_time_ns start_ns = 0;     ///< the same, parsed; 0 if absent
    std::vector<CatalogueRunner> runners;
};

/// Params of one page: `filter` (parse_market_filter's), sorted FIRST_TO_START, from
/// `from_iso` (empty: the filter's own marketStartTime), `max_results` (<= 200 / weight).
nlohmann::json catalogue_params(const nlohmann::json& filter, const std::string& from_iso, int max_results);

/// Reads a listMarketCatalogue result; malformed entries are skipped with where and why in
/// `errors` ("result[3].runners[1]: selectionId missing").
std::vector<CatalogueMarket> parse_catalogue(const nlohmann::json& result, std::vector<std::string>& errors);

/// Walks the pages. `call` sends one listMarketCatalogue and returns its result, or nullopt
/// (the error is the caller's). Returns the markets found, at most `max_results`, or nullopt
/// if a call failed.
std::optional<std::vector<CatalogueMarket>> discover(
    const nlohmann::json& filter, int max_results,
    const std::function<std::optional<nlohmann::json>(const nlohmann::json& params)>& call,
    std::vector<std::string>& errors);

}  // namespace tradehost::betfair
