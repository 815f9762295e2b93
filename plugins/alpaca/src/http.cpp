// alpaca: Trading API v2 requests. Endpoints and bodies: https://docs.alpaca.markets/reference/postorder,
// /reference/deleteorderbyorderid, /reference/patchorderbyorderid-1, /reference/getallorders,
// /reference/getorderbyclientorderid, /reference/getaccount-1, /reference/getallopenpositions,
// /docs/account-activities. Auth: APCA-API-KEY-ID / APCA-API-SECRET-KEY headers
// (https://docs.alpaca.markets/docs/authentication). Rate limit: 200 requests/min per account,
// answered with 429 and X-RateLimit-Limit / -Remaining / -Reset (epoch seconds).
#include "http.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>

#include <cstdlib>

namespace tradehost::alpaca {

namespace json = venue::json;

const char* order_type_text(uint8_t t) {
    switch (t) {
    case TH_ORDER_MARKET: return "market";
    case TH_ORDER_LIMIT: return "limit";
    case TH_ORDER_STOP: return "stop";
    case TH_ORDER_STOP_LIMIT: return "stop_limit";
    default: return nullptr;
    }
}

const char* tif_text(uint8_t tif) {
    switch (tif) {
    case TH_TIF_DAY: return "day";
    case TH_TIF_GTC: return "gtc";
    case TH_TIF_IOC: return "ioc";
    case TH_TIF_FOK: return "fok";
    default: return nullptr;
    }
}

std::string new_order_body(const NewOrder& o) {
    const char* type = order_type_text(o.order_type);
    const char* tif = tif_text(o.tif);
    std::string b = "{\"symbol\":" + json::quote(o.symbol);
    b += ",\"qty\":" + json::quote(json::fixed_to_text(o.qty));
    b += ",\"side\":" + json::quote(o.side == TH_SIDE_SELL ? "sell" : "buy");
    b += ",\"type\":" + json::quote(type ? type : "");
    b += ",\"time_in_force\":" + json::quote(tif ? tif : "");
    if (o.order_type == TH_ORDER_LIMIT || o.order_type == TH_ORDER_STOP_LIMIT)
        b += ",\"limit_price\":" + json::quote(json::fixed_to_text(o.limit_px));
    if (o.order_type == TH_ORDER_STOP || o.order_type == TH_ORDER_STOP_LIMIT)
        b += ",\"stop_price\":" + json::quote(json::fixed_to_text(o.stop_px));
    b += ",\"client_order_id\":" + json::quote(o.client_order_id) + "}";
    return b;
}

std::string replace_body(th_fixed qty, th_fixed limit_px, th_fixed stop_px, std::string_view new_client_order_id) {
    std::string b = "{\"qty\":" + json::quote(json::fixed_to_text(qty));
    if (limit_px > 0) b += ",\"limit_price\":" + json::quote(json::fixed_to_text(limit_px));
    if (stop_px > 0) b += ",\"stop_price\":" + json::quote(json::fixed_to_text(stop_px));
    b += ",\"client_order_id\":" + json::quote(new_client_order_id) + "}";
    return b;
}

namespace {

venue::HttpOptions http_options(const RestOptions& o) {
    venue::HttpOptions h;
    h.verify_tls = o.verify_tls;
    h.timeout = o.timeout;
    h.max_attempts = 3;     // only idempotent requests are ever retried by the client
    h.retry_429 = false;    // our RateLimiter owns 429s
    h.user_agent = "tradehost-alpaca/1";
    return h;
}

}  // namespace

AlpacaRest::AlpacaRest(RestOptions options, std::function<void(std::chrono::milliseconds)> on_rate_limited)
    : opt_(std::move(options)), on_rate_limited_(std::move(on_rate_limited)), http_(http_options(opt_)) {
    limiter_.add_window("requests", opt_.requests_per_minute, std::chrono::minutes(1));
}

AlpacaRest::~AlpacaRest() = default;

void AlpacaRest::observe(const venue::HttpResponse& r) {
    const std::string* limit = r.header("X-RateLimit-Limit");
    const std::string* remaining = r.header("X-RateLimit-Remaining");
    if (!limit || !remaining) return;
    const long l = std::strtol(limit->c_str(), nullptr, 10), rem = std::strtol(remaining->c_str(), nullptr, 10);
    if (l > 0 && rem >= 0 && rem <= l) limiter_.observe_used("requests", static_cast<uint32_t>(l - rem));
}

std::chrono::nanoseconds AlpacaRest::wait_after_429(const venue::HttpResponse& r) const {
    using namespace std::chrono;
    nanoseconds wait{0};
    if (const std::string* ra = r.header("Retry-After"))
        wait = venue::RateLimiter::parse_retry_after(*ra, system_clock::now());
    if (wait <= nanoseconds(0)) {
        if (const std::string* reset = r.header("X-RateLimit-Reset")) {
            const long long at = std::strtoll(reset->c_str(), nullptr, 10);
            const long long now_s = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
            if (at > now_s) wait = seconds(at - now_s);
        }
    }
    if (wait <= nanoseconds(0)) wait = opt_.backoff_fallback;
    return wait;
}

venue::HttpResponse AlpacaRest::send(venue::HttpRequest request) {
    request.headers.emplace_back("APCA-API-KEY-ID", opt_.key_id);
    request.headers.emplace_back("APCA-API-SECRET-KEY", opt_.secret);
    request.headers.emplace_back("Accept", "application/json");
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    venue::HttpResponse r;
    for (int attempt = 0;; ++attempt) {
        limiter_.acquire("requests");
        r = http_.send(request);
        // A 429 carries Remaining 0 for a window the back-off below already waits out.
        if (r.status != 429) observe(r);
        if (r.status != 429 || attempt >= opt_.max_429_retries) return r;
        const auto wait = wait_after_429(r);
        if (on_rate_limited_) on_rate_limited_(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        limiter_.back_off(wait);
    }
}

venue::HttpResponse AlpacaRest::submit_order(const NewOrder& o) {
    venue::HttpRequest req;
    req.method = "POST";
    req.url = opt_.base_url + "/v2/orders";
    req.body = new_order_body(o);
    req.idempotent = false;  // after a transport error we ask by client_order_id instead
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::cancel_order(std::string_view order_id) {
    venue::HttpRequest req;
    req.method = "DELETE";
    req.url = opt_.base_url + "/v2/orders/" + venue::url_encode(order_id);
    req.idempotent = true;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::replace_order(std::string_view order_id, const std::string& body) {
    venue::HttpRequest req;
    req.method = "PATCH";
    req.url = opt_.base_url + "/v2/orders/" + venue::url_encode(order_id);
    req.body = body;
    req.idempotent = false;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::open_orders() {
    venue::HttpRequest req;
    req.url = opt_.base_url + "/v2/orders?" + venue::query_string({{"status", "open"}, {"limit", "500"}});
    req.idempotent = true;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::order_by_client_id(std::string_view client_order_id) {
    venue::HttpRequest req;
    req.url = opt_.base_url + "/v2/orders:by_client_order_id?" +
              venue::query_string({{"client_order_id", std::string(client_order_id)}});
    req.idempotent = true;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::account() {
    venue::HttpRequest req;
    req.url = opt_.base_url + "/v2/account";
    req.idempotent = true;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::positions() {
    venue::HttpRequest req;
    req.url = opt_.base_url + "/v2/positions";
    req.idempotent = true;
    return send(std::move(req));
}

venue::HttpResponse AlpacaRest::fill_activities(int64_t after_ns, std::string_view page_token) {
    venue::QueryParams q{{"direction", "asc"}, {"page_size", "100"}};
    if (after_ns > 0) q.emplace_back("after", json::format_rfc3339_ns(after_ns));
    if (!page_token.empty()) q.emplace_back("page_token", std::string(page_token));
    venue::HttpRequest req;
    req.url = opt_.base_url + "/v2/account/activities/FILL?" + venue::query_string(q);
    req.idempotent = true;
    return send(std::move(req));
}

}  // namespace tradehost::alpaca
