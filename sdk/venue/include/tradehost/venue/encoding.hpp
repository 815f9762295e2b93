// Encodings venues use in signatures and URLs. Pure functions, no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue {

/// Lower-case hex of `bytes`.
std::string hex_encode(std::string_view bytes);
/// Standard base64 (RFC 4648 §4) with '=' padding.
std::string base64_encode(std::string_view bytes);
/// base64 decode; nullopt on a malformed input (bad character, bad length or padding).
std::optional<std::string> base64_decode(std::string_view text);
/// base64url (RFC 4648 §5) without padding, as JWTs use it.
std::string base64url_encode(std::string_view bytes);
/// Percent-encoding of everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string url_encode(std::string_view text);

using QueryParams = std::vector<std::pair<std::string, std::string>>;
/// `k1=v1&k2=v2` in the given order, keys and values url-encoded. Venues that sign the query
/// (Binance) sign exactly this string, so the order given is the order sent.
std::string query_string(const QueryParams& params);
/// The same with the parameters sorted by key (then value), for venues that sign a canonical form.
std::string canonical_query_string(QueryParams params);

}  // namespace tradehost::venue
