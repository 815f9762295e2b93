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

/// Decimal text ("123.45", "-0.001", "1e-3" is refused) to th_fixed; nullopt if it is not a
/// plain decimal or has more than 8 decimals that are not zeros.
std::optional<th_fixed> fixed_from_text(std::string_view text);
/// A JSON value that is a decimal string or a number, to th_fixed (number tokens are read
/// from their raw text). nullopt if missing, null or not decimal.
std::optional<th_fixed> fixed_from(value v);
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
