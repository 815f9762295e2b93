// exchange: the unified kind of a venue error, from the dialect's error table (data, as CCXT's
// `exceptions`), so that no dialect maps codes with if/else chains of its own.
#pragma once

#include <tradehost/venue/errors.hpp>

#include <string_view>
#include <vector>

namespace tradehost::exchange {

/// The kind of an answer the dialect found to be an error, `code` and `message` as the venue
/// said them ("" where it gave none). No answer is transport and a 5xx is server whatever the
/// body says: the request's outcome is unknown, and the worker must look it up. Then the first
/// matching row of `table`; then `in_2xx` for an error the venue answered with a 2xx (Kraken's
/// error list, Coinbase's success:false); then the HTTP status (venue::classify's fallback).
inline venue::ErrorKind classify_error(const std::vector<venue::ErrorRule>& table, int status, std::string_view code,
                                       std::string_view message,
                                       venue::ErrorKind in_2xx = venue::ErrorKind::other) noexcept {
    if (status == 0) return venue::ErrorKind::transport;
    if (status >= 500) return venue::ErrorKind::server;
    const venue::ErrorKind k = venue::classify(table, status, code, message);
    if (k == venue::ErrorKind::none) return in_2xx;
    return k;
}

}  // namespace tradehost::exchange
