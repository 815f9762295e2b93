// Venue errors and error tables (see errors.hpp).
#include <tradehost/venue/errors.hpp>

namespace tradehost::venue {

const char* error_kind_name(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::banned: return "banned";
    case ErrorKind::insufficient_funds: return "insufficient_funds";
    case ErrorKind::unknown_order: return "unknown_order";
    case ErrorKind::duplicate_order: return "duplicate_order";
    case ErrorKind::auth: return "auth";
    case ErrorKind::timestamp: return "timestamp";
    case ErrorKind::invalid_request: return "invalid_request";
    case ErrorKind::transport: return "transport";
    case ErrorKind::server: return "server";
    case ErrorKind::other: return "other";
    }
    return "other";
}

ErrorKind classify(const std::vector<ErrorRule>& table, int status, std::string_view code,
                   std::string_view message) noexcept {
    for (const ErrorRule& r : table) {
        if (r.http_status != 0 && r.http_status != status) continue;
        if (!r.code.empty() && r.code != code) continue;
        if (!r.message.empty() && message.find(r.message) == std::string_view::npos) continue;
        return r.kind;
    }
    if (status == 0) return ErrorKind::transport;
    if (status >= 200 && status < 300) return ErrorKind::none;
    if (status == 429) return ErrorKind::rate_limited;
    if (status == 418) return ErrorKind::banned;
    if (status >= 500) return ErrorKind::server;
    if (status == 401 || status == 403) return ErrorKind::auth;
    if (status == 404) return ErrorKind::unknown_order;
    if (status >= 400) return ErrorKind::invalid_request;
    return ErrorKind::other;
}

VenueError venue_error(const std::vector<ErrorRule>& table, int status, std::string code, std::string message) {
    VenueError e;
    e.kind = classify(table, status, code, message);
    e.http_status = status;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
}

}  // namespace tradehost::venue
