// exchange: the order path's dialect for the kit's execution worker (see execution.hpp).
#include "execution.hpp"

#include "parse.hpp"
#include "ports.hpp"

#include <cstring>
#include <set>

namespace tradehost::exchange {
namespace {

RestOptions rest_options(const ExchangeConfig& cfg, Credentials creds, Host host) {
    RestOptions o;
    o.base_url = cfg.urls.rest;
    o.credentials = std::move(creds);
    o.http.verify_tls = cfg.verify_tls;
    o.http.timeout = cfg.request_timeout;
    o.max_retries = cfg.max_retries;
    o.on_rate_limited = [host](const UnifiedError& e) mutable {
        host.metric_add("rate_limited", 1);
        host.warn(std::string("rate limited (") + error_kind_name(e.kind) + "): backing off " +
                  std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(e.retry_after).count()) +
                  " ms: " + e.message);
    };
    return o;
}

venue::WorkerOptions worker_options(const Dialect& dialect, const ExchangeConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = std::string(dialect.name());
    o.fill_overlap = cfg.fill_overlap;
    o.connect_retry_min = cfg.reconnect_min;
    o.connect_retry_max = cfg.reconnect_max;
    o.poll_interval = cfg.poll_interval;
    return o;
}

venue::VenueError to_venue(const UnifiedError& e) {
    venue::VenueError v;
    v.kind = e.kind;
    if (e.code != 0) v.code = std::to_string(e.code);
    v.message = e.message;
    v.retry_after = e.retry_after;
    return v;
}

venue::OrderUpdate to_update(const OrderState& s) {
    venue::OrderUpdate u;
    u.client_order_id = s.client_order_id;
    u.venue_order_id = s.venue_order_id;
    u.status = s.status;
    u.executed_qty = s.executed_qty;
    u.ts_ns = s.ts_ns;
    u.reason = s.reject_reason;
    return u;
}

}  // namespace

Execution::Execution(Host host, const Dialect& dialect, const ExchangeConfig& cfg, Credentials creds)
    : host_(host), dialect_(dialect), cfg_(cfg), creds_(std::move(creds)),
      rest_(std::make_unique<RestSession>(dialect, rest_options(cfg, creds_, host))),
      worker_(host, *this, worker_options(dialect, cfg)) {}

Execution::~Execution() { worker_.stop(); }

bool Execution::connect(std::string& why) {
    // Market metadata and limits first: no order is checked or sent without them.
    why = "market metadata not loaded yet";
    RestResult r = rest_->call(dialect_.markets());
    if (!r.ok()) {
        host_.warn("loading markets failed: " + worker_.describe(to_venue(r.error)));
        return false;
    }
    try {
        ExchangeInfo info = dialect_.parse_markets(rest_->decoder(), r.response.body);
        rest_->configure_limits(info.limits);
        markets_.replace(std::move(info.markets));
    } catch (const std::exception& e) {
        host_.warn(std::string("markets answer unreadable: ") + e.what());
        return false;
    }
    host_.info("loaded " + std::to_string(markets_.size()) + " markets from " + std::string(dialect_.name()));
    if (!creds_.key.empty()) refresh_account();
    return true;
}

bool Execution::open_stream(venue::ExecutionWorker& worker) {
    if (creds_.key.empty()) return false;
    if (auto ep = dialect_.user_stream_open()) {
        RestResult r = rest_->call(*ep);
        if (!r.ok()) {
            // Without the stream, the worker polls; the keepalive timer tries to open it again.
            worker.stream_down("opening it failed: " + worker.describe(to_venue(r.error)));
            return true;
        }
        stream_token_ = dialect_.parse_user_stream_token(rest_->decoder(), r.response.body);
    }
    venue::WsOptions o;
    o.url = dialect_.user_stream_url(cfg_.urls.user_stream, stream_token_);
    o.verify_tls = cfg_.verify_tls;
    o.reconnect_min = cfg_.reconnect_min;
    o.reconnect_max = cfg_.reconnect_max;
    StreamLink::Hooks hooks;
    hooks.publish_status = false;  // the worker publishes the order stream's status
    // Every (re)connect may follow a gap: the worker reconciles. Sequence numbers restart.
    // Where the venue confirms the subscription, the stream is up only at its confirmation
    // (on_stream_message): a connection whose subscribe is refused carries nothing.
    hooks.opened = [this, &worker](bool) {
        worker.post([this] {
            last_user_sequence_.reset();
            connected_at_ns_ = host_.now();
        });
        if (!dialect_.user_stream_confirms()) worker.stream_up();
    };
    hooks.closed = [&worker](std::string_view reason) { worker.stream_down(std::string(reason)); };
    hooks.message = [&worker](std::string_view text) { worker.stream_message(std::string(text)); };
    // Asked at every connect (a signed subscribe expires); copies, for the stream's thread.
    StreamLink::Subscribe subscribe = [d = &dialect_, token = stream_token_, creds = creds_] {
        return d->user_subscribe(token, creds);
    };
    user_stream_ = std::make_unique<StreamLink>(host_, std::string(dialect_.name()), "order stream", std::move(o),
                                                std::move(subscribe), std::move(hooks));
    user_stream_->start();
    return true;
}

void Execution::close_stream() {
    if (user_stream_) user_stream_->stop();
    user_stream_.reset();
}

void Execution::keepalive() {
    if (creds_.key.empty()) return;
    if (!user_stream_) {
        open_stream(worker_);
        return;
    }
    // The venue cuts a connection at its age limit (Binance: 24 h); renewing it a little
    // earlier puts the gap at our time, and the new connection's subscribe reconciles.
    const auto max_age = dialect_.user_stream_max_age().count();
    if (max_age > 0 && connected_at_ns_ > 0 && host_.now() - connected_at_ns_ >= max_age) {
        host_.info("order stream: renewing the connection before the venue's age limit");
        host_.metric_add("stream_renewals", 1);
        worker_.stream_down("renewing the connection before the venue's age limit");
        close_stream();
        connected_at_ns_ = 0;
        open_stream(worker_);
        return;
    }
    auto ep = dialect_.user_stream_keepalive(stream_token_);
    if (!ep) return;
    RestResult r = rest_->call(*ep);
    if (r.ok()) return;
    // The session token expired: open a new one; its connect reconciles.
    host_.warn("order stream keepalive failed, reopening: " + worker_.describe(to_venue(r.error)));
    close_stream();
    open_stream(worker_);
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    if (creds_.key.empty()) return std::string("no API credentials configured (key_env/secret_env)");
    const std::string symbol = host_.symbol(req.instrument);
    const Market* market = markets_.find(symbol);
    if (!market) return "unknown instrument '" + symbol + "' on " + std::string(dialect_.name());
    OrderSpec spec;
    spec.symbol = symbol;
    spec.side = req.side;
    spec.type = req.order_type;
    spec.tif = req.tif;
    spec.qty = req.qty;
    spec.limit_px = req.limit_px;
    spec.stop_px = req.stop_px;
    if (auto why = dialect_.unsupported(spec)) return why;
    if (auto why = check_order(*market, spec)) return "rejected locally: " + *why;
    return std::nullopt;
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    OrderSpec spec;
    spec.symbol = host_.symbol(req.instrument);
    spec.client_order_id = order.venue_client_id;
    spec.side = req.side;
    spec.type = req.order_type;
    spec.tif = req.tif;
    spec.qty = req.qty;
    spec.limit_px = req.limit_px;
    spec.stop_px = req.stop_px;
    venue::Outcome out;
    RestResult r = rest_->call(dialect_.create_order(spec));
    if (!r.ok()) {
        out.error = to_venue(r.error);
        return out;
    }
    venue::OrderUpdate u = to_update(dialect_.parse_order(rest_->decoder(), r.response.body));
    u.client_order_id = order.client_order_id;
    out.orders.push_back(std::move(u));
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    venue::Outcome out;
    RestResult r =
        rest_->call(dialect_.cancel_order(host_.symbol(order.instrument), order.venue_client_id, order.venue_order_id));
    if (!r.ok()) {
        out.error = to_venue(r.error);
        return out;
    }
    venue::OrderUpdate u = to_update(dialect_.parse_order(rest_->decoder(), r.response.body));
    u.client_order_id = order.client_order_id;
    out.orders.push_back(std::move(u));
    return out;
}

venue::Lookup Execution::lookup_once(const Endpoint& ep, const std::string& cid) {
    venue::Lookup out;
    RestResult r = rest_->call(ep);
    if (!r.ok()) {
        out.error = to_venue(r.error);
        out.found = r.error.kind == ErrorKind::unknown_order ? venue::Lookup::Found::no : venue::Lookup::Found::failed;
        return out;
    }
    try {
        auto s = dialect_.parse_fetched_order(rest_->decoder(), r.response.body, cid);
        if (!s) {
            out.found = venue::Lookup::Found::no;
            return out;
        }
        out.order = to_update(*s);
        out.found = venue::Lookup::Found::yes;
    } catch (const std::exception& e) {
        out.error.kind = ErrorKind::other;
        out.error.message = std::string("unreadable order answer: ") + e.what();
    }
    return out;
}

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    const std::string symbol = host_.symbol(order.instrument);
    const std::string cid = order.venue_client_id, venue_id = order.venue_order_id;
    venue::Lookup first = lookup_once(dialect_.fetch_order(symbol, cid, venue_id), cid);
    if (first.found != venue::Lookup::Found::no) return first;
    // Not among the orders the first lookup sees (Kraken: open ones only): ask for closed ones.
    auto closed = dialect_.fetch_closed_order(symbol, cid, venue_id);
    if (!closed) return first;
    venue::Lookup second = lookup_once(*closed, cid);
    if (second.found == venue::Lookup::Found::no && !second.error) second.error = first.error;
    return second;
}

venue::FillUpdate Execution::to_fill_update(const Fill& f) const {
    venue::FillUpdate u;
    u.fill_id = f.fill_id;
    u.client_order_id = f.client_order_id;
    u.venue_order_id = f.venue_order_id;
    u.px = f.px;
    u.qty = f.qty;
    u.fee = fee_in_quote(f, markets_.find(f.symbol));
    u.liquidity = f.liquidity;
    u.ts_ns = f.ts_ns;
    return u;
}

void Execution::collect_fills(const std::string& symbol, const Endpoint& first, std::vector<venue::FillUpdate>& out) {
    // A bound on pages per call: a runaway venue answer must not hold the worker forever.
    constexpr int kMaxPages = 100;
    Endpoint ep = first;
    for (int page = 0; page < kMaxPages; ++page) {
        RestResult r = rest_->call(ep);
        if (!r.ok()) {
            host_.warn("reconcile: fills of " + symbol + ": " + worker_.describe(to_venue(r.error)));
            break;
        }
        std::vector<Fill> fills = dialect_.parse_my_trades(rest_->decoder(), r.response.body);
        for (const Fill& f : fills) out.push_back(to_fill_update(f));
        auto next = dialect_.my_trades_next(symbol, fills);
        if (!next) break;
        ep = std::move(*next);
    }
}

venue::Outcome Execution::query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) {
    std::set<std::string> symbols(cfg_.trade_symbols.begin(), cfg_.trade_symbols.end());
    for (const venue::LedgerOrder* o : open) symbols.insert(host_.symbol(o->instrument));
    venue::Outcome out;
    for (const auto& symbol : symbols) collect_fills(symbol, dialect_.my_trades(symbol, since_ns / 1000000), out.fills);
    return out;
}

std::optional<venue::Outcome> Execution::query_order_fills(const venue::LedgerOrder& order) {
    const std::string symbol = host_.symbol(order.instrument);
    venue::Outcome out;
    if (auto ep = dialect_.order_fills(symbol, order.venue_order_id)) {
        collect_fills(symbol, *ep, out.fills);
    } else {
        const int64_t wm = worker_.ledger().fill_watermark_ns();
        const int64_t since_ms = wm > 0 ? std::max<int64_t>(0, (wm - cfg_.fill_overlap.count()) / 1000000) : 0;
        collect_fills(symbol, dialect_.my_trades(symbol, since_ms), out.fills);
    }
    return out;
}

void Execution::stream_ended(const UserStreamMessage& m) {
    host_.warn("order stream: " + m.end_reason);
    worker_.stream_down(m.end_reason);
    close_stream();
    connected_at_ns_ = 0;
    // The venue asked for a new connection: open one now, once. Another end before a
    // subscription holds again (or a refused subscribe) waits for the upkeep timer, so a venue
    // that keeps ending the stream is not hammered; the worker polls REST meanwhile.
    if (m.end == UserStreamMessage::End::reconnect && reopen_now_allowed_) {
        reopen_now_allowed_ = false;
        open_stream(worker_);
    }
}

venue::StreamOutcome Execution::on_stream_message(std::string_view text) {
    venue::StreamOutcome out;
    UserStreamMessage m = dialect_.parse_user_message(rest_->decoder(), text);
    if (m.subscribed) {
        reopen_now_allowed_ = true;
        worker_.stream_up();
    }
    if (m.end != UserStreamMessage::End::none) {
        stream_ended(m);
        return out;
    }
    for (const OrderUpdate& u : m.updates) {
        if (u.fill) {
            venue::FillUpdate f = to_fill_update(*u.fill);
            if (f.client_order_id.empty()) f.client_order_id = u.order.client_order_id;
            if (f.venue_order_id.empty()) f.venue_order_id = u.order.venue_order_id;
            out.updates.fills.push_back(std::move(f));
        } else {
            out.updates.orders.push_back(to_update(u.order));
        }
    }
    if (!m.sequence) return out;
    // A jump in the venue's sequence means messages of this connection were lost: a gap,
    // which the worker reconciles (it finds the fills and endings those messages carried).
    const bool gap = last_user_sequence_ && *m.sequence > *last_user_sequence_ + 1;
    const int64_t expected = last_user_sequence_ ? *last_user_sequence_ + 1 : 0;
    if (!last_user_sequence_ || *m.sequence > *last_user_sequence_) last_user_sequence_ = m.sequence;
    if (gap)
        out.gap = "sequence gap, expected " + std::to_string(expected) + ", got " + std::to_string(*m.sequence);
    return out;
}

void Execution::refresh_account() {
    RestResult r = rest_->call(dialect_.balances());
    if (!r.ok()) {
        host_.warn("balances: " + worker_.describe(to_venue(r.error)));
        return;
    }
    const int64_t now = host_.now();
    for (const auto& b : dialect_.parse_balances(rest_->decoder(), r.response.body)) {
        auto e = to_balance(b, now);
        host_.try_publish(kPortBalances, e.hdr);
    }
}

}  // namespace tradehost::exchange
