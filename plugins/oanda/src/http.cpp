// oanda: REST request building and sending under OANDA's documented limits.
#include "http.hpp"

#include "parse.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>

#include <chrono>
#include <cstring>

namespace tradehost::oanda {

namespace json = venue::json;

namespace {

const char* tif_for(uint8_t order_type, uint8_t tif) {
    if (order_type == TH_ORDER_MARKET) {
        // Market orders take only FOK or IOC (order-df MarketOrder.timeInForce); FOK is
        // OANDA's default, used for DAY/GTC market requests too.
        return tif == TH_TIF_IOC ? "IOC" : "FOK";
    }
    switch (tif) {
    case TH_TIF_DAY: return "GFD";
    case TH_TIF_IOC: return "IOC";
    case TH_TIF_FOK: return "FOK";
    default: return "GTC";
    }
}

}  // namespace

std::string build_order_spec(const th_order_request& req, uint8_t side, std::string_view symbol,
                             const OandaConfig& cfg, th_fixed reference_px, OrderSpec& out) {
    if (symbol.empty()) return "unknown instrument";
    if (symbol.find('_') == std::string_view::npos)
        return "instrument " + std::string(symbol) + " is not an OANDA instrument (BASE_QUOTE)";
    if (req.qty <= 0) return "invalid qty " + format_fixed(req.qty) + ": must be > 0";
    if (side != TH_SIDE_BUY && side != TH_SIDE_SELL) return "invalid side";
    out = OrderSpec{};
    out.instrument = std::string(symbol);
    out.units = side == TH_SIDE_SELL ? -req.qty : req.qty;
    out.client_order_id = std::string(req.client_order_id, strnlen(req.client_order_id, TH_ID_LEN));
    th_fixed ref = 0;
    switch (req.order_type) {
    case TH_ORDER_MARKET:
        out.type = "MARKET";
        ref = reference_px;
        break;
    case TH_ORDER_LIMIT:
        if (req.limit_px <= 0) return "LIMIT order needs limit_px > 0";
        out.type = "LIMIT";
        out.price = ref = req.limit_px;
        break;
    case TH_ORDER_STOP:
        if (req.stop_px <= 0) return "STOP order needs stop_px > 0";
        out.type = "STOP";
        out.price = ref = req.stop_px;
        break;
    default:
        // OANDA's STOP with priceBound does not rest the remainder like a stop-limit does.
        return "unsupported order type " + std::to_string(req.order_type) + " (OANDA: MARKET, LIMIT, STOP)";
    }
    out.time_in_force = tif_for(req.order_type, req.tif);
    // Take-profit / stop-loss on fill: our 1.0 order request has no such fields, so the
    // instance's configured distances are applied from the order's price (or, for a market
    // order, the last quote of the side it trades).
    if (cfg.take_profit_distance > 0 || cfg.stop_loss_distance > 0) {
        if (ref <= 0) return "take_profit/stop_loss distance set but no quote yet for " + out.instrument;
        const bool buy = side == TH_SIDE_BUY;
        if (cfg.take_profit_distance > 0)
            out.take_profit_price = buy ? ref + cfg.take_profit_distance : ref - cfg.take_profit_distance;
        if (cfg.stop_loss_distance > 0)
            out.stop_loss_price = buy ? ref - cfg.stop_loss_distance : ref + cfg.stop_loss_distance;
        if (out.take_profit_price < 0 || out.stop_loss_price < 0)
            return "take_profit/stop_loss distance larger than the price";
    }
    return {};
}

std::string order_body(const OrderSpec& s) {
    std::string b = "{\"order\":{\"type\":" + json::quote(s.type) +
                    ",\"instrument\":" + json::quote(s.instrument) +
                    ",\"units\":" + json::quote(json::fixed_to_text(s.units));
    if (s.type != "MARKET") b += ",\"price\":" + json::quote(json::fixed_to_text(s.price));
    b += ",\"timeInForce\":" + json::quote(s.time_in_force);
    b += ",\"positionFill\":\"DEFAULT\"";
    b += ",\"clientExtensions\":{\"id\":" + json::quote(s.client_order_id) + "}";
    if (s.take_profit_price > 0)
        b += ",\"takeProfitOnFill\":{\"price\":" + json::quote(json::fixed_to_text(s.take_profit_price)) + "}";
    if (s.stop_loss_price > 0)
        b += ",\"stopLossOnFill\":{\"price\":" + json::quote(json::fixed_to_text(s.stop_loss_price)) + "}";
    b += "}}";
    return b;
}

std::string client_order_specifier(std::string_view client_order_id) {
    return "@" + venue::url_encode(client_order_id);
}

std::string error_text(const venue::HttpResponse& resp) {
    if (resp.status == 0) return resp.error.empty() ? "no response" : resp.error;
    std::string out;
    try {
        json::Decoder dec;
        ApiError e = parse_error(dec, resp.body);
        if (!e.code.empty() && !e.message.empty()) out = e.code + ": " + e.message;
        else if (!e.message.empty()) out = e.message;
        else if (!e.code.empty()) out = e.code;
    } catch (const std::exception&) {
        // not a JSON error body (a proxy's HTML page): fall through to the status
    }
    return out.empty() ? "HTTP " + std::to_string(resp.status) : out;
}

OandaRest::OandaRest(const OandaConfig& cfg, std::string token, std::function<void()> on_rate_limited)
    : cfg_(cfg),
      token_(std::move(token)),
      account_(cfg.account_id),
      client_([&] {
          venue::HttpOptions o;
          o.verify_tls = cfg.verify_tls;
          o.timeout = cfg.request_timeout;
          o.retry_429 = false;  // handled here, with the venue's terms
          o.user_agent = "tradehost-oanda/1";
          return o;
      }()),
      on_rate_limited_(std::move(on_rate_limited)) {
    limiter_.add_window("requests", cfg.requests_per_second, std::chrono::seconds(1));
}

OandaRest::~OandaRest() { venue::secure_clear(token_); }

venue::Headers OandaRest::headers() const {
    return {{"Authorization", "Bearer " + token_},
            {"Accept-Datetime-Format", "RFC3339"},
            {"Content-Type", "application/json"}};
}

std::string OandaRest::account_path() const { return "/v3/accounts/" + venue::url_encode(account_); }

venue::HttpRequest OandaRest::make(std::string method, std::string path, std::string body, bool idempotent) const {
    venue::HttpRequest r;
    r.method = std::move(method);
    r.url = cfg_.rest_url + path;
    r.headers = headers();
    r.body = std::move(body);
    r.idempotent = idempotent;
    return r;
}

venue::HttpRequest OandaRest::get_accounts() const { return make("GET", "/v3/accounts", "", true); }

venue::HttpRequest OandaRest::create_order(const OrderSpec& spec) const {
    // Not idempotent for the transport: OANDA refuses a second pending order with the same
    // client id, but not one that already filled. After a lost response the caller looks the
    // order up by client id instead of sending it again.
    return make("POST", account_path() + "/orders", order_body(spec), false);
}

venue::HttpRequest OandaRest::replace_order(std::string_view orig_client_id, const OrderSpec& spec) const {
    return make("PUT", account_path() + "/orders/" + client_order_specifier(orig_client_id), order_body(spec), false);
}

venue::HttpRequest OandaRest::cancel_order(std::string_view client_order_id) const {
    return make("PUT", account_path() + "/orders/" + client_order_specifier(client_order_id) + "/cancel", "", true);
}

venue::HttpRequest OandaRest::get_order(std::string_view client_order_id) const {
    return make("GET", account_path() + "/orders/" + client_order_specifier(client_order_id), "", true);
}

venue::HttpRequest OandaRest::pending_orders() const {
    return make("GET", account_path() + "/orders?state=PENDING&count=500", "", true);
}

venue::HttpRequest OandaRest::open_trades() const { return make("GET", account_path() + "/openTrades", "", true); }

venue::HttpRequest OandaRest::open_positions() const {
    return make("GET", account_path() + "/openPositions", "", true);
}

venue::HttpRequest OandaRest::summary() const { return make("GET", account_path() + "/summary", "", true); }

venue::HttpRequest OandaRest::transactions_since(int64_t id) const {
    return make("GET", account_path() + "/transactions/sinceid?id=" + std::to_string(id), "", true);
}

std::string OandaRest::pricing_stream_url(const std::vector<std::string>& instruments) const {
    std::string list;
    for (const std::string& i : instruments) list += (list.empty() ? "" : ",") + i;
    return cfg_.stream_url + account_path() + "/pricing/stream?instruments=" + venue::url_encode(list);
}

std::string OandaRest::transaction_stream_url() const {
    return cfg_.stream_url + account_path() + "/transactions/stream";
}

venue::HttpResponse OandaRest::send(const venue::HttpRequest& req, bool retry_on_429) {
    for (int attempt = 0;; ++attempt) {
        limiter_.acquire("requests");
        venue::HttpResponse resp = client_.send(req);
        if (resp.status != 429) return resp;
        if (on_rate_limited_) on_rate_limited_();
        std::chrono::nanoseconds delay = cfg_.rate_limit_backoff;
        if (const std::string* ra = resp.header("Retry-After")) {
            auto d = venue::RateLimiter::parse_retry_after(*ra, std::chrono::system_clock::now());
            if (d.count() > 0) delay = d;
        }
        limiter_.back_off(delay);
        if (!retry_on_429 || attempt >= cfg_.max_rate_limit_retries) return resp;
    }
}

}  // namespace tradehost::oanda
