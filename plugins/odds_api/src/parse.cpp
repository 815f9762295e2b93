// The Odds API v4 bodies, read in one pass each with the venue kit's simdjson helpers; see
// parse.hpp. Prices come from the JSON number's own text, so 2.4 is exactly 240000000.
#include "parse.hpp"

#include <tradehost/venue/json.hpp>

#include <stdexcept>

namespace tradehost::odds_api {

namespace json = venue::json;
using simdjson::ondemand::array;

// 128-bit products of fixed-point amounts (a GCC/Clang extension, hence __extension__).
__extension__ typedef __int128 i128;

namespace {

std::string text_of(json::value& v, const char* what) {
    std::string_view s;
    if (v.get_string().get(s)) throw std::runtime_error(std::string(what) + ": expected a string");
    return std::string(s);
}

int64_t time_of(json::value& v, const char* what) {
    if (v.is_null()) return 0;
    std::string_view s;
    if (v.get_string().get(s)) throw std::runtime_error(std::string(what) + ": expected an ISO 8601 time");
    const auto ns = json::parse_rfc3339_ns(s);
    if (!ns) throw std::runtime_error(std::string(what) + ": '" + std::string(s) + "' is not an ISO 8601 time");
    return *ns;
}

th_fixed price_of(json::value& v, OddsFormat format) {
    const auto p = json::fixed_from(v);
    if (!p) throw std::runtime_error("price: expected a number");
    if (format == OddsFormat::American) return american_to_decimal_fixed(*p);
    if (*p <= TH_FIXED_SCALE) throw std::runtime_error("price: decimal odds must be above 1");
    return *p;
}

// One outcome of one market: appends a row copied from `base`.
void read_outcome(json::object o, const OddsRow& base, OddsFormat format, std::vector<OddsRow>& out) {
    OddsRow r = base;
    bool has_name = false, has_price = false;
    json::each_field(o, [&](json::Key k, json::value& v) {
        if (k == "name") r.outcome = text_of(v, "outcome name"), has_name = true;
        else if (k == "price") r.price = price_of(v, format), has_price = true;
        else if (k == "point") {
            if (v.is_null()) return;
            const auto p = json::fixed_from(v);
            if (!p) throw std::runtime_error("point: expected a number");
            r.point = *p;
            r.has_point = true;
        } else if (k == "description") r.description = v.is_null() ? "" : text_of(v, "description");
    });
    if (!has_name) throw std::runtime_error("an outcome of " + r.bookmaker + "/" + r.market_key + " has no name");
    if (!has_price) throw std::runtime_error("outcome '" + r.outcome + "' of " + r.bookmaker + "/" + r.market_key + " has no price");
    out.push_back(std::move(r));
}

// One bookmaker's markets. The bookmaker's last_update comes before its markets in the
// documented order, but a market's own last_update (newer responses) wins when present.
void read_bookmaker(json::object b, OddsRow base, OddsFormat format, std::vector<OddsRow>& out) {
    json::each_field(b, [&](json::Key k, json::value& v) {
        if (k == "key") base.bookmaker = text_of(v, "bookmaker key");
        else if (k == "last_update") base.last_update_ns = time_of(v, "bookmaker last_update");
        else if (k == "markets") {
            if (base.bookmaker.empty()) throw std::runtime_error("event " + base.event_id + ": a bookmaker's markets come before its key");
            for (auto m : v.get_array()) {
                OddsRow mb = base;
                json::object mo = m.get_object();
                const size_t first = out.size();
                bool market_update = false;
                json::each_field(mo, [&](json::Key mk, json::value& mv) {
                    if (mk == "key") mb.market_key = text_of(mv, "market key");
                    else if (mk == "last_update") {
                        const int64_t t = time_of(mv, "market last_update");
                        if (t != 0) mb.last_update_ns = t, market_update = true;
                    } else if (mk == "outcomes") {
                        if (mb.market_key.empty()) throw std::runtime_error("event " + base.event_id + ": a market's outcomes come before its key");
                        for (auto oc : mv.get_array()) read_outcome(oc.get_object(), mb, format, out);
                    }
                });
                // A last_update written after the outcomes still dates them.
                if (market_update)
                    for (size_t i = first; i < out.size(); ++i) out[i].last_update_ns = mb.last_update_ns;
            }
        }
    });
}

}  // namespace

th_fixed american_to_decimal_fixed(th_fixed american) {
    const th_fixed hundred = 100 * TH_FIXED_SCALE;
    if (american >= hundred) return TH_FIXED_SCALE + american / 100;  // +240 -> 1 + 2.40, exact
    if (american <= -hundred) {
        // 1 + 100/|a|, rounded half up at 1e-8.
        const i128 num = static_cast<i128>(hundred) * TH_FIXED_SCALE;
        const i128 den = -static_cast<i128>(american);
        return TH_FIXED_SCALE + static_cast<th_fixed>((2 * num + den) / (2 * den));
    }
    throw std::invalid_argument("American odds must be at least +100 or at most -100");
}

std::vector<OddsRow> parse_odds(std::string_view body, OddsFormat format) {
    json::Decoder dec;
    std::vector<OddsRow> out;
    parse_odds(dec, body, format, out);
    return out;
}

void parse_odds(json::Decoder& dec, std::string_view body, OddsFormat format, std::vector<OddsRow>& out) {
    out.clear();
    json::document& doc = dec.parse(body);
    for (auto e : doc.get_array()) {
        OddsRow base;
        json::each_field(e.get_object(), [&](json::Key k, json::value& v) {
            if (k == "id") base.event_id = text_of(v, "id");
            else if (k == "sport_key") base.sport_key = text_of(v, "sport_key");
            else if (k == "home_team") base.home_team = v.is_null() ? "" : text_of(v, "home_team");
            else if (k == "away_team") base.away_team = v.is_null() ? "" : text_of(v, "away_team");
            else if (k == "commence_time") base.commence_ns = time_of(v, "commence_time");
            else if (k == "bookmakers") {
                if (base.event_id.empty()) throw std::runtime_error("an event's bookmakers come before its id");
                for (auto b : v.get_array()) {
                    try {
                        read_bookmaker(b.get_object(), base, format, out);
                    } catch (const std::invalid_argument& x) {
                        throw std::runtime_error("event " + base.event_id + ": " + x.what());
                    }
                }
            }
        });
        if (base.event_id.empty()) throw std::runtime_error("an event has no id");
    }
}

std::vector<ScoreRow> parse_scores(std::string_view body) {
    json::Decoder dec;
    std::vector<ScoreRow> out;
    json::document& doc = dec.parse(body);
    for (auto e : doc.get_array()) {
        ScoreRow r;
        json::each_field(e.get_object(), [&](json::Key k, json::value& v) {
            if (k == "id") r.event_id = text_of(v, "id");
            else if (k == "sport_key") r.sport_key = text_of(v, "sport_key");
            else if (k == "home_team") r.home_team = text_of(v, "home_team");
            else if (k == "away_team") r.away_team = text_of(v, "away_team");
            else if (k == "commence_time") r.commence_ns = time_of(v, "commence_time");
            else if (k == "completed") {
                bool b = false;
                if (v.get_bool().get(b)) throw std::runtime_error("completed: expected true or false");
                r.completed = b;
            } else if (k == "last_update") r.last_update_ns = time_of(v, "last_update");
            else if (k == "scores") {
                if (v.is_null()) return;
                r.has_scores = true;
                for (auto s : v.get_array()) {
                    std::string name, score;
                    json::each_field(s.get_object(), [&](json::Key sk, json::value& sv) {
                        if (sk == "name") name = text_of(sv, "score name");
                        else if (sk == "score") score = sv.is_null() ? "" : text_of(sv, "score");
                    });
                    r.scores.emplace_back(std::move(name), std::move(score));
                }
            }
        });
        if (r.event_id.empty()) throw std::runtime_error("an event in scores has no id");
        out.push_back(std::move(r));
    }
    return out;
}

ApiError parse_error(std::string_view body) {
    ApiError e;
    try {
        json::Decoder dec;
        json::document& doc = dec.parse(body);
        json::each_field(doc.get_object(), [&](json::Key k, json::value& v) {
            std::string_view s;
            if (v.get_string().get(s)) return;
            if (k == "error_code") e.code = std::string(s);
            else if (k == "message") e.message = std::string(s);
        });
    } catch (const std::exception&) {
        e = ApiError{};  // not JSON: the status alone says what happened
    }
    return e;
}

}  // namespace tradehost::odds_api
