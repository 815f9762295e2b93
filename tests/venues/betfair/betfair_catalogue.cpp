// The double's listMarketCatalogue (Betting API reference, "listMarketCatalogue",
// "MarketFilter", "MarketProjection", "MarketSort", "Market Data Request Limits", read
// 2026-12-03): maxResults is required (1..1000); the projection's data weight
// (MARKET_DESCRIPTION and RUNNER_METADATA 1 point, the others 0) times maxResults over 200
// answers TOO_MUCH_DATA; the filter's sets match by membership, textQuery by the words of the
// market, event and competition names (a trailing * as wildcard), marketStartTime inclusive;
// fields come back only when their projection is asked for.
#include "betfair/betfair_double.hpp"

#include <algorithm>
#include <cctype>

namespace tradehost::doubles {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool in(const json& filter, const char* key, const std::string& value) {
    auto it = filter.find(key);
    if (it == filter.end() || !it->is_array() || it->empty()) return true;  // absent: no restriction
    for (const auto& v : *it)
        if (v.is_string() && v.get<std::string>() == value) return true;
    return false;
}

std::string at(const json& m, const char* obj, const char* key) {
    auto o = m.find(obj);
    if (o == m.end() || !o->is_object()) return "";
    return o->value(key, "");
}

}  // namespace

void BetfairDouble::add_catalogue_market(json market) {
    std::lock_guard lk(mu_);
    catalogue_.push_back(std::move(market));
}

void BetfairDouble::fail_calls(const std::string& op, const std::string& code) {
    std::lock_guard lk(mu_);
    if (code.empty()) failing_.erase(op);
    else failing_[op] = code;
}

std::string BetfairDouble::catalogue(const json& p, std::string& error, std::string& details) const {
    if (!p.contains("filter") || !p["filter"].is_object()) {
        error = "INVALID_INPUT_DATA";
        details = "filter is required";
        return "";
    }
    if (!p.contains("maxResults") || !p["maxResults"].is_number_integer() || p["maxResults"].get<int>() < 1 ||
        p["maxResults"].get<int>() > 1000) {
        error = "INVALID_INPUT_DATA";
        details = "maxResults is required, 1 to 1000";
        return "";
    }
    const int max = p["maxResults"].get<int>();
    std::vector<std::string> proj;
    if (auto it = p.find("marketProjection"); it != p.end() && it->is_array())
        for (const auto& v : *it) proj.push_back(v.get<std::string>());
    auto asked = [&](const char* what) { return std::find(proj.begin(), proj.end(), what) != proj.end(); };
    const int weight = (asked("MARKET_DESCRIPTION") ? 1 : 0) + (asked("RUNNER_METADATA") ? 1 : 0);
    if (weight * max > 200) {
        error = "TOO_MUCH_DATA";
        details = "data weight " + std::to_string(weight) + " x " + std::to_string(max) + " markets is over 200";
        return "";
    }
    const json& f = p["filter"];
    std::string text = lower(f.value("textQuery", ""));
    if (!text.empty() && text.back() == '*') text.pop_back();
    std::string from, to;
    if (auto t = f.find("marketStartTime"); t != f.end() && t->is_object()) {
        from = t->value("from", "");
        to = t->value("to", "");
    }
    std::vector<json> hits;
    {
        std::lock_guard lk(mu_);
        for (const json& m : catalogue_) {
            const std::string start = m.value("marketStartTime", "");
            // ISO 8601 in UTC with the same precision compares as text.
            if (!in(f, "marketIds", m.value("marketId", "")) || !in(f, "eventTypeIds", at(m, "eventType", "id")) ||
                !in(f, "eventIds", at(m, "event", "id")) || !in(f, "competitionIds", at(m, "competition", "id")) ||
                !in(f, "marketCountries", at(m, "event", "countryCode")) ||
                !in(f, "marketTypeCodes", at(m, "description", "marketType")) ||
                !in(f, "marketBettingTypes", at(m, "description", "bettingType")) || (!from.empty() && start < from) ||
                (!to.empty() && start > to))
                continue;
            if (!text.empty()) {
                const std::string hay = lower(m.value("marketName", "") + " " + at(m, "event", "name") + " " +
                                              at(m, "competition", "name"));
                if (hay.find(text) == std::string::npos) continue;
            }
            hits.push_back(m);
        }
    }
    const std::string sort = p.value("sort", "MINIMUM_TRADED");
    if (sort == "FIRST_TO_START" || sort == "LAST_TO_START")
        std::stable_sort(hits.begin(), hits.end(), [&](const json& a, const json& b) {
            const auto x = a.value("marketStartTime", ""), y = b.value("marketStartTime", "");
            return sort == "FIRST_TO_START" ? x < y : y < x;
        });
    if (static_cast<int>(hits.size()) > max) hits.resize(static_cast<std::size_t>(max));
    json out = json::array();
    for (const json& m : hits) {
        json o{{"marketId", m.value("marketId", "")}, {"marketName", m.value("marketName", "")},
               {"totalMatched", m.value("totalMatched", 0.0)}};
        if (asked("MARKET_START_TIME")) o["marketStartTime"] = m.value("marketStartTime", "");
        if (asked("MARKET_DESCRIPTION") && m.contains("description")) o["description"] = m["description"];
        if (asked("EVENT_TYPE") && m.contains("eventType")) o["eventType"] = m["eventType"];
        if (asked("COMPETITION") && m.contains("competition")) o["competition"] = m["competition"];
        if (asked("EVENT") && m.contains("event")) o["event"] = m["event"];
        if (asked("RUNNER_DESCRIPTION") && m.contains("runners")) o["runners"] = m["runners"];
        out.push_back(std::move(o));
    }
    return out.dump();
}

}  // namespace tradehost::doubles
