// Reading and checking the scanner's config.
#include "settings.hpp"

#include <set>
#include <sstream>

namespace tradehost::arb_scanner {

NamedSet parse_set(const std::string& item, size_t index) {
    const std::string where = "sets[" + std::to_string(index) + "] '" + item + "': ";
    const size_t colon = item.find(':');
    if (colon == std::string::npos) throw ConfigError(where + "expected 'NAME: SYMBOL SYMBOL ...'");
    NamedSet s;
    std::istringstream name(item.substr(0, colon));
    name >> s.name;
    std::string extra;
    if (s.name.empty() || (name >> extra)) throw ConfigError(where + "expected one word before ':' as the set's name");
    std::istringstream syms(item.substr(colon + 1));
    std::set<std::string> seen;
    for (std::string sym; syms >> sym;) {
        if (!seen.insert(sym).second) throw ConfigError(where + sym + " listed twice");
        s.symbols.push_back(sym);
    }
    if (s.symbols.size() < 2) throw ConfigError(where + "a set needs at least 2 outcomes");
    return s;
}

std::pair<std::string, FeeModel> parse_fee(const std::string& item, size_t index) {
    const std::string where = "taker_fees[" + std::to_string(index) + "] '" + item + "': ";
    std::istringstream in(item);
    std::string venue, extra;
    FeeModel f;
    in >> venue >> f.rate;
    if (venue.empty() || in.fail() || !(f.rate >= 0 && f.rate < 1))
        throw ConfigError(where + "expected 'VENUE RATE [EXPONENT]' with RATE in 0..1, e.g. 'polymarket 0.02 1'");
    if (in >> f.exponent) {
        if (f.exponent < 1 || f.exponent > 4) throw ConfigError(where + "EXPONENT must be 1..4");
    } else if (!in.eof()) {
        throw ConfigError(where + "EXPONENT must be a whole number");
    }
    in.clear();
    if (in >> extra) throw ConfigError(where + "unexpected '" + extra + "'");
    return {venue == "*" ? std::string() : venue, f};
}

Settings read_settings(const Config& cfg) {
    Settings s;
    if (cfg.has("sets")) {
        const auto list = cfg.get_list("sets");
        std::set<std::string> names;
        for (size_t i = 0; i < list.size(); ++i) {
            s.sets.push_back(parse_set(list[i], i));
            if (!names.insert(s.sets.back().name).second)
                throw ConfigError("sets[" + std::to_string(i) + "]: the name " + s.sets.back().name + " is used twice");
        }
    }
    s.group_outcomes = cfg.get_int("group_outcomes");
    if (s.group_outcomes == 1 || s.group_outcomes < 0) throw ConfigError("group_outcomes: 0 (off) or at least 2");
    if (cfg.has("taker_fees")) {
        const auto list = cfg.get_list("taker_fees");
        for (size_t i = 0; i < list.size(); ++i) {
            auto [venue, model] = parse_fee(list[i], i);
            if (!s.taker_fees.emplace(venue, model).second)
                throw ConfigError("taker_fees[" + std::to_string(i) + "]: venue '" + venue + "' listed twice");
        }
    }
    s.min_profit = cfg.get_fixed("min_profit");
    s.min_size = cfg.get_fixed("min_size");
    s.max_size = cfg.get_fixed("max_size");
    s.min_edge = cfg.get_float("min_edge");
    s.max_book_age_ns = cfg.get_duration_ns("max_book_age");
    const std::string out = cfg.get_string("output");
    if (out == "signals") s.output = Output::signals;
    else if (out == "orders") s.output = Output::orders;
    else if (out == "both") s.output = Output::both;
    else throw ConfigError("output: expected 'signals', 'orders' or 'both', got '" + out + "'");
    const std::string tif = cfg.get_string("order_tif");
    if (tif == "fok") s.order_tif = TH_TIF_FOK;
    else if (tif == "ioc") s.order_tif = TH_TIF_IOC;
    else throw ConfigError("order_tif: expected 'fok' or 'ioc', got '" + tif + "'");
    if (s.min_profit < 0) throw ConfigError("min_profit: must be >= 0");
    if (s.min_size <= 0) throw ConfigError("min_size: must be > 0");
    if (s.max_size < 0 || (s.max_size > 0 && s.max_size < s.min_size))
        throw ConfigError("max_size: 0 (no cap) or at least min_size");
    if (s.max_book_age_ns <= 0) throw ConfigError("max_book_age: must be > 0");
    if (s.sets.empty() && s.group_outcomes == 0)
        throw ConfigError("nothing to scan: no sets and group_outcomes 0");
    return s;
}

}  // namespace tradehost::arb_scanner
