// alpaca: the order path's dialect for the kit's execution worker (see execution.hpp).
// Event semantics: https://docs.alpaca.markets/docs/websocket-streaming (trade_updates events),
// https://docs.alpaca.markets/docs/orders-at-alpaca (statuses, replace), /docs/account-activities.
#include "execution.hpp"

#include "ports.hpp"

#include <cstring>

namespace tradehost::alpaca {

const std::vector<venue::ErrorRule>& error_table() {
    static const std::vector<venue::ErrorRule> table = {
        {0, "40310000", "insufficient", venue::ErrorKind::insufficient_funds},
        {0, "40410000", "", venue::ErrorKind::unknown_order},
        {0, "42910000", "", venue::ErrorKind::rate_limited},
        {422, "", "client_order_id must be unique", venue::ErrorKind::duplicate_order},
        {0, "40010001", "", venue::ErrorKind::invalid_request},
        {0, "42210000", "", venue::ErrorKind::invalid_request},
    };
    return table;
}

namespace {

venue::WorkerOptions worker_options(const AlpacaConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = "alpaca";
    o.stream_label = "trade_updates";
    o.connect_retry_min = cfg.reconnect_min;
    o.connect_retry_max = cfg.reconnect_max;
    o.poll_interval = cfg.poll_interval;
    return o;
}

venue::OrderUpdate to_update(const Order& o) {
    venue::OrderUpdate u;
    u.client_order_id = o.client_order_id;
    u.venue_order_id = o.id;
    u.status = map_status(o.status);
    u.executed_qty = o.filled_qty;
    if (u.status == TH_STATUS_REJECTED) u.reason = "rejected by Alpaca";
    u.replaced = o.status == "replaced";  // replaced elsewhere: its successor carries on
    return u;
}

}  // namespace

Execution::Execution(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret)
    : host_(host), cfg_(cfg), worker_(host, *this, worker_options(cfg)) {
    RestOptions ro;
    ro.base_url = cfg.rest_url;
    ro.key_id = key_id;
    ro.secret = secret;
    ro.verify_tls = cfg.verify_tls;
    ro.requests_per_minute = cfg.requests_per_minute;
    ro.backoff_fallback = cfg.rate_limit_backoff;
    ro.timeout = cfg.http_timeout;
    rest_ = std::make_unique<AlpacaRest>(std::move(ro), [this](std::chrono::milliseconds wait) {
        host_.metric_add("rate_limited", 1);
        host_.warn("alpaca answered 429: backing off " + std::to_string(wait.count()) + " ms");
    });

    StreamOptions so;
    so.url = cfg.stream_url;
    so.key_id = key_id;
    so.secret = secret;
    so.verify_tls = cfg.verify_tls;
    so.reconnect_min = cfg.reconnect_min;
    so.reconnect_max = cfg.reconnect_max;
    TradeStream::Handlers h;
    h.on_ready = [this] { worker_.stream_up(); };
    h.on_update = [this](TradeUpdate u) {
        if (u.event == "order_cancel_rejected" || u.event == "order_replace_rejected")
            host_.warn("order " + u.order.client_order_id + ": " + u.event);
        worker_.stream_updates(update_outcome(u));
    };
    h.on_down = [this](std::string reason) { worker_.stream_down(std::move(reason)); };
    h.on_auth_failed = [this](std::string reason) {
        host_.error(reason + "; check the credentials named by key_env/secret_env");
        worker_.stream_down(std::move(reason));
    };
    stream_ = std::make_unique<TradeStream>(std::move(so), std::move(h));
}

Execution::~Execution() { worker_.stop(); }

bool Execution::open_stream(venue::ExecutionWorker&) {
    stream_->start();
    return true;
}

venue::VenueError Execution::error_of(const venue::HttpResponse& r) {
    if (r.status == 0) return venue::venue_error(error_table(), 0, "", "no response: " + r.error);
    if (auto e = parse_error(dec_, r.body))
        return venue::venue_error(error_table(), static_cast<int>(r.status), std::to_string(e->code),
                                  e->message + " (HTTP " + std::to_string(r.status) + ")");
    return venue::venue_error(error_table(), static_cast<int>(r.status), "", "HTTP " + std::to_string(r.status));
}

// One trade_updates event in unified terms (stream thread: no state touched).
venue::Outcome Execution::update_outcome(const TradeUpdate& u) {
    venue::Outcome out;
    const std::string& ev = u.event;
    if ((ev == "fill" || ev == "partial_fill") && u.has_fill) {
        // Fills are named by Alpaca's execution_id; the ledger drops one it has already seen.
        venue::FillUpdate f;
        f.fill_id = u.execution_id;
        f.client_order_id = u.order.client_order_id;
        f.venue_order_id = u.order.id;
        f.px = u.price;
        f.qty = u.qty;
        f.ts_ns = u.ts_ns;  // commission-free equities: fee 0; Alpaca does not say the liquidity
        out.fills.push_back(std::move(f));
        return out;
    }
    venue::OrderUpdate o;
    o.client_order_id = u.order.client_order_id;
    o.venue_order_id = u.order.id;
    o.ts_ns = u.ts_ns;
    if (ev == "new" || ev == "accepted" || ev == "pending_new") {
        o.status = TH_STATUS_NEW;
    } else if (ev == "canceled") {
        o.status = TH_STATUS_CANCELED;
    } else if (ev == "expired") {
        o.status = TH_STATUS_EXPIRED;
    } else if (ev == "rejected") {
        o.status = TH_STATUS_REJECTED;
        o.reason = "rejected by Alpaca";
    } else {
        // replaced, done_for_day, pending_cancel, pending_replace, calculated, ...: no state
        // change our reports carry (the replace itself was reported when PATCH answered).
        return out;
    }
    out.orders.push_back(std::move(o));
    return out;
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    if (!order_type_text(req.order_type)) return std::string("unsupported order type");
    if (!tif_text(req.tif)) return std::string("unsupported time in force");
    return std::nullopt;
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    NewOrder o;
    o.symbol = host_.symbol(req.instrument);
    o.client_order_id = order.venue_client_id;
    o.side = req.side;
    o.order_type = req.order_type;
    o.tif = req.tif;
    o.qty = req.qty;
    o.limit_px = req.limit_px;
    o.stop_px = req.stop_px;
    venue::HttpResponse r = rest_->submit_order(o);
    venue::Outcome out;
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    venue::OrderUpdate u = to_update(parse_order(dec_, r.body));
    u.status = TH_STATUS_NEW;  // accepted: whatever Alpaca's first status, the order is live
    out.orders.push_back(std::move(u));
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    // 204: the cancel is accepted; the `canceled` trade update reports it, or, when the stream
    // says nothing within the worker's cancel_confirm_timeout, a GET of the order does.
    venue::HttpResponse r = rest_->cancel_order(order.venue_order_id);
    venue::Outcome out;
    if (!r.ok()) out.error = error_of(r);
    return out;
}

venue::Outcome Execution::replace(const th_order_request& req, const venue::LedgerOrder& old,
                                  const venue::LedgerOrder& next) {
    venue::HttpResponse r = rest_->replace_order(
        old.venue_order_id, replace_body(req.qty, req.limit_px, req.stop_px, next.venue_client_id));
    venue::Outcome out;
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    // Alpaca's replace is a new order that `replaces` the old one.
    venue::OrderUpdate u = to_update(parse_order(dec_, r.body));
    u.client_order_id = next.client_order_id;
    u.status = TH_STATUS_NEW;
    out.orders.push_back(std::move(u));
    return out;
}

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    venue::HttpResponse q = rest_->order_by_client_id(order.venue_client_id);
    venue::Lookup out;
    if (q.ok()) {
        out.found = venue::Lookup::Found::yes;
        out.order = to_update(parse_order(dec_, q.body));
        return out;
    }
    out.error = error_of(q);
    out.found = q.status == 404 ? venue::Lookup::Found::no : venue::Lookup::Found::failed;
    return out;
}

std::optional<venue::Outcome> Execution::query_open_orders() {
    venue::HttpResponse r = rest_->open_orders();
    venue::Outcome out;
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    for (const Order& o : parse_orders(dec_, r.body)) out.orders.push_back(to_update(o));
    return out;
}

venue::Outcome Execution::query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>&) {
    venue::Outcome out;
    std::string page;
    for (int pages = 0; pages < 100; ++pages) {
        venue::HttpResponse r = rest_->fill_activities(since_ns, page);
        if (!r.ok()) {
            out.error = error_of(r);
            return out;
        }
        const std::vector<FillActivity> acts = parse_fill_activities(dec_, r.body);
        for (const FillActivity& a : acts) {
            venue::FillUpdate f;
            f.fill_id = a.execution_id();
            f.venue_order_id = a.order_id;
            f.px = a.price;
            f.qty = a.qty;
            f.ts_ns = a.ts_ns;
            // If the ledger already has this much of the order, the fill came over the stream.
            f.order_cum_qty = a.cum_qty;
            out.fills.push_back(std::move(f));
        }
        if (acts.size() < 100) break;
        page = acts.back().id;
    }
    return out;
}

void Execution::refresh_account() {
    venue::HttpResponse p = rest_->positions();
    if (p.ok()) {
        std::map<std::string, th_fixed> now;
        for (const Position& pos : parse_positions(dec_, p.body)) {
            th_position ev = make_event<th_position>(host_.now());
            ev.instrument = host_.intern(pos.symbol);
            ev.qty = pos.qty;
            ev.avg_px = pos.avg_entry_price;
            ev.unrealized_pnl = pos.unrealized_pl;
            host_.try_publish(kPortPositions, ev.hdr);
            now[pos.symbol] = pos.qty;
        }
        for (const auto& [sym, qty] : published_positions_) {
            if (qty == 0 || now.count(sym)) continue;
            th_position ev = make_event<th_position>(host_.now());  // closed since we last said
            ev.instrument = host_.intern(sym);
            host_.try_publish(kPortPositions, ev.hdr);
        }
        published_positions_ = std::move(now);
    } else {
        host_.warn("GET /v2/positions failed: " + worker_.describe(error_of(p)));
    }
    venue::HttpResponse a = rest_->account();
    if (a.ok()) {
        const Account acct = parse_account(dec_, a.body);
        th_balance b = make_event<th_balance>(host_.now());
        copy_str(b.currency, acct.currency.empty() ? "USD" : acct.currency);
        b.total = acct.cash;
        b.available = acct.buying_power;
        host_.try_publish(kPortBalances, b.hdr);
    } else {
        host_.warn("GET /v2/account failed: " + worker_.describe(error_of(a)));
    }
}

}  // namespace tradehost::alpaca
