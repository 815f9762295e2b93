// JSON decoding for adapters: simdjson On-Demand, plus the conversions every venue needs.
// Prices and sizes are converted from the JSON text itself (string or number token), never via
// double, so "0.1" is exactly 10000000 in th_fixed.
#pragma once

#include <tradehost/plugin.h>

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::venue::json {

using simdjson::ondemand::document;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

/// A reusable parser plus padded buffer: one per thread that decodes (not thread-safe).
class Decoder {
public:
    Decoder();
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;
    /// Parse `text` (copied into an internal padded buffer). The document borrows that buffer
    /// and stays valid until the next call. Throws simdjson::simdjson_error on malformed JSON.
    document& parse(std::string_view text);

private:
    simdjson::ondemand::parser parser_;
    simdjson::padded_string buffer_;
    document doc_;
};

/// A field's key as written, without unescaping (venues' keys are plain ASCII): cheaper
/// than field::unescaped_key(), which copies every key. Valid as long as the document.
inline std::string_view raw_key(simdjson::ondemand::raw_json_string key) noexcept {
    const char* begin = key.raw();  // just after the opening quote
    const char* end = begin;
    while (*end != '"') end += *end == '\\' ? 2 : 1;  // the document passed validation: a closing quote follows
    return {begin, static_cast<std::size_t>(end - begin)};
}
inline std::string_view raw_key(const simdjson::ondemand::field& f) noexcept { return raw_key(f.key()); }
/// The same for an object iteration's result; throws simdjson_error if it holds an error.
inline std::string_view raw_key(simdjson::simdjson_result<simdjson::ondemand::field>& r) {
    simdjson::ondemand::raw_json_string key;
    if (auto e = r.key().get(key)) throw simdjson::simdjson_error(e);
    return raw_key(key);
}

/// A field's key, compared in place without unescaping or copying (venues' keys are plain
/// ASCII). `key == "price"` reads at most as many bytes as "price" has, plus one.
class Key {
public:
    explicit Key(simdjson::ondemand::raw_json_string raw) noexcept : raw_(raw) {}
    bool operator==(std::string_view s) const noexcept { return raw_.unsafe_is_equal(s); }
    bool operator!=(std::string_view s) const noexcept { return !raw_.unsafe_is_equal(s); }
    /// The first character ('"' for an empty key): for a switch before the comparisons.
    char front() const noexcept { return *raw_.raw(); }
    std::string_view view() const noexcept { return raw_key(raw_); }

private:
    simdjson::ondemand::raw_json_string raw_;
};

/// Calls `on_field(Key, value&)` for each field of `obj` in document order (On-Demand is
/// forward-only, so this is the one pass that never misses a field whatever order the venue
/// writes them in), copying neither keys nor values. A value the callback does not consume
/// is skipped. Throws simdjson_error on a structural error.
template <class F> void each_field(object obj, F&& on_field) {
    for (auto result : obj) {
        if (result.error()) throw simdjson::simdjson_error(result.error());
        simdjson::ondemand::field& f = result.value_unsafe();
        on_field(Key(f.key()), f.value());
    }
}

/// Decimal text ("123.45", "-0.001", "1e-3" is refused) to th_fixed; nullopt if it is not a
/// plain decimal or has more than 8 decimals that are not zeros.
std::optional<th_fixed> fixed_from_text(std::string_view text);
/// A JSON value that is a decimal string or a number, to th_fixed (number tokens are read
/// from their raw text). nullopt if missing, null or not decimal.
std::optional<th_fixed> fixed_from(value& v);
inline std::optional<th_fixed> fixed_from(value&& v) { return fixed_from(v); }
/// Field `key` of `obj` as th_fixed; nullopt if absent, null or not decimal.
std::optional<th_fixed> fixed_field(object obj, std::string_view key);
/// Field `key` as a string view into the document (valid as long as the document).
std::optional<std::string_view> string_field(object obj, std::string_view key);
/// Field `key` as int64 (number token, or a string of digits).
std::optional<int64_t> int_field(object obj, std::string_view key);

/// RFC 3339 / ISO 8601 UTC time ("2021-03-16T18:38:01.942282Z", "...+00:00", any number of
/// fraction digits up to 9) to ns since the epoch; nullopt if malformed.
std::optional<int64_t> parse_rfc3339_ns(std::string_view text);
/// ns since the epoch to "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ".
std::string format_rfc3339_ns(int64_t ns);

/// th_fixed to the shortest decimal text ("0.1", "100", "-2.5"), for request bodies.
std::string fixed_to_text(th_fixed v);
/// `text` as a JSON string literal, quotes included, with escapes.
std::string quote(std::string_view text);

}  // namespace tradehost::venue::json
