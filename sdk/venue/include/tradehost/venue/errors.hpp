// Venue errors in unified terms, and the table (data, not code) that maps one venue's error
// codes and messages to them: the CCXT way (`exceptions` / `broad` in each exchange class).
// An adapter declares its table once; the execution worker acts on the kind (retry, look the
// order up, reject) and reports the venue's own code and message in the reject text.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::venue {

/// What a venue's error means to the adapter.
enum class ErrorKind {
    none,
    rate_limited,        ///< 429 or a venue code: back off (retry_after)
    banned,              ///< 418 (IP ban): back off longer
    insufficient_funds,
    unknown_order,       ///< the venue does not know the order (never placed, or wrong id)
    duplicate_order,     ///< the venue already has an order with this client order id
    auth,                ///< bad key, bad signature, permissions
    timestamp,           ///< clock outside the venue's window
    invalid_request,     ///< filters, bad parameters, market closed
    transport,           ///< no response (timeout, connection): outcome unknown
    server,              ///< 5xx: outcome unknown
    other
};

/// "insufficient_funds", ... (logs, metrics).
const char* error_kind_name(ErrorKind kind) noexcept;

/// One row of a venue's error table. A row matches when every non-empty field matches: the
/// HTTP status (0: any), the venue's code exactly ("-2010", "EOrder:Unknown order",
/// "40310000"), and `message` as a substring of the venue's message (CCXT's "broad" match).
struct ErrorRule {
    int http_status = 0;
    std::string_view code;
    std::string_view message;
    ErrorKind kind = ErrorKind::other;
};

/// A venue error: its kind and what the venue said.
struct VenueError {
    ErrorKind kind = ErrorKind::none;
    int http_status = 0;          ///< 0: no HTTP answer (transport) or not HTTP
    std::string code;             ///< the venue's code as text; empty when it gave none
    std::string message;          ///< the venue's message (or the transport's)
    std::chrono::nanoseconds retry_after{0};
    explicit operator bool() const noexcept { return kind != ErrorKind::none; }
    /// No answer or a 5xx: the venue may or may not have acted on the request.
    bool outcome_unknown() const noexcept { return kind == ErrorKind::transport || kind == ErrorKind::server; }
};

/// The kind of a venue answer by `table` (first matching row wins). Without a match: 2xx is
/// none, 0 transport, 429 rate_limited, 418 banned, 5xx server, 401/403 auth, 404
/// unknown_order, other 4xx invalid_request.
ErrorKind classify(const std::vector<ErrorRule>& table, int http_status, std::string_view code,
                   std::string_view message) noexcept;

/// A VenueError with its kind from `table`.
VenueError venue_error(const std::vector<ErrorRule>& table, int http_status, std::string code,
                       std::string message);

}  // namespace tradehost::venue
