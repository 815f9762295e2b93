// exchange: strict accessors over tradehost::venue::json for dialect parsers: a documented
// field that is missing or malformed is an error, never a silent zero.
#pragma once

#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tradehost::exchange::jsonu {

namespace json = tradehost::venue::json;

inline th_fixed need_fixed(json::object o, std::string_view key) {
    auto v = json::fixed_field(o, key);
    if (!v) throw std::runtime_error("field '" + std::string(key) + "' missing or not a decimal");
    return *v;
}
inline th_fixed opt_fixed(json::object o, std::string_view key) {
    auto v = json::fixed_field(o, key);
    return v ? *v : 0;
}
inline std::string need_str(json::object o, std::string_view key) {
    auto v = json::string_field(o, key);
    if (!v) throw std::runtime_error("field '" + std::string(key) + "' missing or not a string");
    return std::string(*v);
}
inline std::string opt_str(json::object o, std::string_view key) {
    auto v = json::string_field(o, key);
    return v ? std::string(*v) : std::string();
}
inline int64_t need_int(json::object o, std::string_view key) {
    auto v = json::int_field(o, key);
    if (!v) throw std::runtime_error("field '" + std::string(key) + "' missing or not an integer");
    return *v;
}
inline int64_t opt_int(json::object o, std::string_view key, int64_t def = 0) {
    auto v = json::int_field(o, key);
    return v ? *v : def;
}
inline bool opt_bool(json::object o, std::string_view key, bool def = false) {
    auto f = o.find_field_unordered(key);
    if (f.error()) return def;
    bool b = def;
    if (f.get_bool().get(b)) return def;
    return b;
}

/// Field `key` if present, nullopt if absent. Any other error (malformed JSON) throws:
/// simdjson On-Demand leaves the document unusable after one, and reading on from it
/// dereferences a parser it no longer has (found by fuzz/fuzz_exchange).
inline std::optional<json::value> opt_field(json::object& o, std::string_view key) {
    json::value v;
    const auto err = o.find_field_unordered(key).get(v);
    if (err == simdjson::NO_SUCH_FIELD) return std::nullopt;
    if (err) throw simdjson::simdjson_error(err);
    return v;
}

}  // namespace tradehost::exchange::jsonu
