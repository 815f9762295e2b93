// betfair: listMarketCatalogue requests and answers (see discovery.hpp).
#include "discovery.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <algorithm>
#include <set>

namespace tradehost::betfair {
namespace {

using nlohmann::json;

enum class Kind { strings, boolean, string, time_range };

// MarketFilter's documented fields (Betting API, "MarketFilter").
struct Field {
    const char* name;
    Kind kind;
};
constexpr Field kFilterFields[] = {
    {"textQuery", Kind::string},          {"exchangeIds", Kind::strings},        {"eventTypeIds", Kind::strings},
    {"eventIds", Kind::strings},          {"competitionIds", Kind::strings},     {"marketIds", Kind::strings},
    {"venues", Kind::strings},            {"bspOnly", Kind::boolean},            {"turnInPlayEnabled", Kind::boolean},
    {"inPlayOnly", Kind::boolean},        {"marketBettingTypes", Kind::strings}, {"marketCountries", Kind::strings},
    {"marketTypeCodes", Kind::strings},   {"marketStartTime", Kind::time_range}, {"withOrders", Kind::strings},
    {"raceTypes", Kind::strings},
};

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int catalogue_weight(const std::vector<std::string>& projection) {
    int w = 0;
    for (const auto& p : projection) w += (p == "MARKET_DESCRIPTION" || p == "RUNNER_METADATA") ? 1 : 0;
    return w;
}

json parse_market_filter(const std::string& key, const std::string& text) {
    json f = json::parse(text.empty() ? "{}" : text, nullptr, false);
    if (f.is_discarded() || !f.is_object())
        throw ConfigError(key + ": must be a JSON object (a MarketFilter), got '" + text.substr(0, 80) + "'");
    for (auto it = f.begin(); it != f.end(); ++it) {
        const std::string where = key + "." + it.key();
        const Field* fd = nullptr;
        for (const Field& c : kFilterFields)
            if (it.key() == c.name) fd = &c;
        if (!fd) throw ConfigError(where + ": not a MarketFilter field (eventTypeIds, competitionIds, marketTypeCodes, "
                                           "marketCountries, textQuery, marketStartTime, ...)");
        const json& v = it.value();
        switch (fd->kind) {
            case Kind::strings:
                if (!v.is_array()) throw ConfigError(where + ": must be a list of strings");
                for (std::size_t i = 0; i < v.size(); ++i)
                    if (!v[i].is_string())
                        throw ConfigError(where + "[" + std::to_string(i) + "]: must be a string, got " + v[i].dump());
                break;
            case Kind::boolean:
                if (!v.is_boolean()) throw ConfigError(where + ": must be true or false");
                break;
            case Kind::string:
                if (!v.is_string()) throw ConfigError(where + ": must be a string");
                break;
            case Kind::time_range:
                if (!v.is_object()) throw ConfigError(where + ": must be {\"from\": time, \"to\": time}");
                for (auto t = v.begin(); t != v.end(); ++t) {
                    if (t.key() != "from" && t.key() != "to") throw ConfigError(where + "." + t.key() + ": only from and to");
                    if (!t->is_string() || !venue::json::parse_rfc3339_ns(t->get<std::string>()))
                        throw ConfigError(where + "." + t.key() + ": must be an ISO 8601 time, got " + t->dump());
                }
                break;
        }
    }
    return f;
}

json catalogue_params(const json& filter, const std::string& from_iso, int max_results) {
    json f = filter;
    if (!from_iso.empty()) f["marketStartTime"]["from"] = from_iso;
    return json{{"filter", f},
                {"marketProjection", kCatalogueProjection},
                {"sort", "FIRST_TO_START"},
                {"maxResults", max_results}};
}

std::vector<CatalogueMarket> parse_catalogue(const json& result, std::vector<std::string>& errors) {
    std::vector<CatalogueMarket> out;
    if (!result.is_array()) {
        errors.push_back("result: not a list of MarketCatalogue");
        return out;
    }
    for (std::size_t i = 0; i < result.size(); ++i) {
        const json& m = result[i];
        const std::string where = "result[" + std::to_string(i) + "]";
        CatalogueMarket c;
        c.market_id = m.is_object() ? str(m, "marketId") : "";
        if (c.market_id.empty()) {
            errors.push_back(where + ": marketId missing");
            continue;
        }
        c.market_name = str(m, "marketName");
        c.start_time = str(m, "marketStartTime");
        c.start_ns = venue::json::parse_rfc3339_ns(c.start_time).value_or(0);
        if (auto d = m.find("description"); d != m.end() && d->is_object()) c.market_type = str(*d, "marketType");
        if (auto e = m.find("event"); e != m.end() && e->is_object()) {
            c.event_id = str(*e, "id");
            c.event_name = str(*e, "name");
            c.country_code = str(*e, "countryCode");
        }
        if (auto rs = m.find("runners"); rs != m.end() && rs->is_array()) {
            for (std::size_t k = 0; k < rs->size(); ++k) {
                const json& r = (*rs)[k];
                if (!r.is_object() || !r.contains("selectionId") || !r["selectionId"].is_number_integer()) {
                    errors.push_back(where + ".runners[" + std::to_string(k) + "]: selectionId missing");
                    continue;
                }
                CatalogueRunner cr;
                cr.selection_id = r["selectionId"].get<int64_t>();
                if (auto h = r.find("handicap"); h != r.end() && h->is_number())
                    cr.handicap = static_cast<th_fixed>(h->get<double>() * TH_FIXED_SCALE + (h->get<double>() < 0 ? -0.5 : 0.5));
                cr.name = str(r, "runnerName");
                if (auto s = r.find("sortPriority"); s != r.end() && s->is_number_integer()) cr.sort_priority = s->get<int>();
                c.runners.push_back(std::move(cr));
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::vector<CatalogueMarket>> discover(const json& filter, int max_results,
                                                     const std::function<std::optional<json>(const json&)>& call,
                                                     std::vector<std::string>& errors) {
    const int weight = std::max(1, catalogue_weight(kCatalogueProjection));
    const int page = std::min(kCatalogueMaxResults, kDataWeightLimit / weight);
    std::vector<CatalogueMarket> found;
    std::set<std::string> seen;
    std::string from;
    while (static_cast<int>(found.size()) < max_results) {
        const std::optional<json> result = call(catalogue_params(filter, from, page));
        if (!result) return std::nullopt;
        std::vector<CatalogueMarket> got = parse_catalogue(*result, errors);
        const std::size_t answered = result->is_array() ? result->size() : 0;
        bool progressed = false;
        for (auto& m : got) {
            if (static_cast<int>(found.size()) >= max_results) break;
            if (!seen.insert(m.market_id).second) continue;
            progressed = true;
            if (!m.start_time.empty()) from = m.start_time;
            found.push_back(std::move(m));
        }
        // A short page is the last; a full page of markets all seen means more than a page
        // starts at one instant, which start-time paging cannot split: stop there.
        if (!progressed && static_cast<int>(answered) >= page)
            errors.push_back("more than " + std::to_string(page) + " markets start at " + from +
                             ": start-time paging cannot split them, discovery stopped at " +
                             std::to_string(found.size()));
        if (static_cast<int>(answered) < page || !progressed || from.empty()) break;
    }
    return found;
}

}  // namespace tradehost::betfair
