// exchange: order worker, ledger and reconciliation (see execution.hpp).
#include "execution.hpp"

#include "parse.hpp"
#include "ports.hpp"

#include <algorithm>
#include <set>

namespace tradehost::exchange {
namespace {

bool terminal_status(uint8_t s) {
    return s == TH_STATUS_FILLED || s == TH_STATUS_CANCELED || s == TH_STATUS_REJECTED || s == TH_STATUS_EXPIRED;
}

uint8_t exec_type_for(uint8_t status) {
    switch (status) {
    case TH_STATUS_CANCELED: return TH_EXEC_CANCELED;
    case TH_STATUS_EXPIRED: return TH_EXEC_EXPIRED;
    case TH_STATUS_REJECTED: return TH_EXEC_REJECTED;
    default: return TH_EXEC_NEW;
    }
}

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

}  // namespace

Execution::Execution(Host host, const Dialect& dialect, const ExchangeConfig& cfg, Credentials creds)
    : host_(host), dialect_(dialect), cfg_(cfg), creds_(std::move(creds)),
      rest_(std::make_unique<RestSession>(dialect, rest_options(cfg, creds_, host))) {}

Execution::~Execution() { stop(); }

void Execution::start() {
    std::string blob;
    if (host_.state_get("ledger", blob) && !ledger_.deserialize(blob))
        host_.warn("persisted ledger is unreadable: starting with an empty one");
    worker_ = std::thread([this] { run(); });
}

void Execution::stop() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (stopping_ && !worker_.joinable()) return;
        stopping_ = true;
    }
    cv_.notify_all();
    rest_->stop();
    if (worker_.joinable()) worker_.join();
    if (user_stream_) user_stream_->stop();
    persist();
}

void Execution::submit(const th_order_request& req) { enqueue(req); }
void Execution::keepalive_due() { enqueue(Keepalive{}); }

void Execution::enqueue(Task t) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (stopping_) return;
        queue_.push_back(std::move(t));
    }
    cv_.notify_one();
}

void Execution::run() {
    try {
        // Market metadata and limits first: no order is checked or sent without them.
        auto delay = cfg_.reconnect_min;
        while (!initialize()) {
            // Orders must not wait for an outage of unknown length and go out minutes late.
            reject_queued_orders("venue not ready: market metadata not loaded yet");
            std::unique_lock<std::mutex> lk(mu_);
            if (cv_.wait_for(lk, delay, [this] { return stopping_; })) return;
            delay = std::min(delay * 2, cfg_.reconnect_max);
        }
        for (;;) {
            Task task;
            {
                std::unique_lock<std::mutex> lk(mu_);
                cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
                if (stopping_) {
                    if (!queue_.empty()) host_.warn(std::to_string(queue_.size()) + " queued tasks dropped at stop");
                    return;
                }
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            try {
                std::visit(
                    [this](auto& t) {
                        using T = std::decay_t<decltype(t)>;
                        if constexpr (std::is_same_v<T, th_order_request>) handle(t);
                        else if constexpr (std::is_same_v<T, UserMessage>) handle_user_message(t.text);
                        else if constexpr (std::is_same_v<T, Reconcile>) {
                            if (t.new_connection) last_user_sequence_.reset();
                            reconcile(t.why);
                        }
                        else keepalive();
                    },
                    task);
                bool idle;
                {
                    std::lock_guard<std::mutex> lk(mu_);
                    idle = queue_.empty();
                }
                if (balances_dirty_ && idle) publish_balances();
            } catch (const RestStopped&) {
                throw;
            } catch (const std::exception& e) {
                host_.error(std::string("execution: ") + e.what());
            }
        }
    } catch (const RestStopped&) {
        // stop() while a call waited for the venue's back-off: nothing more to do.
    }
}

void Execution::reject_queued_orders(const std::string& reason) {
    std::vector<th_order_request> orders;
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (auto* req = std::get_if<th_order_request>(&*it)) {
                orders.push_back(*req);
                it = queue_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto& req : orders) reject(req, req.client_order_id, reason);
}

bool Execution::initialize() {
    RestResult r = rest_->call(dialect_.markets());
    if (!r.ok()) {
        host_.warn("loading markets failed: " + describe(r.error));
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
    if (!creds_.key.empty()) {
        publish_balances();
        open_user_stream();
    }
    return true;
}

void Execution::open_user_stream() {
    if (auto ep = dialect_.user_stream_open()) {
        RestResult r = rest_->call(*ep);
        if (!r.ok()) {
            // Without the stream, fills still arrive through reconciliation; retried at keepalive.
            host_.warn("opening the order stream failed: " + describe(r.error));
            reconcile("order stream unavailable");
            return;
        }
        stream_token_ = dialect_.parse_user_stream_token(rest_->decoder(), r.response.body);
    }
    venue::WsOptions o;
    o.url = dialect_.user_stream_url(cfg_.urls.user_stream, stream_token_);
    o.verify_tls = cfg_.verify_tls;
    o.reconnect_min = cfg_.reconnect_min;
    o.reconnect_max = cfg_.reconnect_max;
    StreamLink::Hooks hooks;
    // Every (re)connect may follow a gap in which fills were missed: reconcile.
    hooks.opened = [this](bool reconnect) {
        enqueue(Reconcile{reconnect ? "order stream reconnected" : "start", true});
    };
    hooks.message = [this](std::string_view text) { enqueue(UserMessage{std::string(text)}); };
    // Asked at every connect (a signed subscribe expires); copies, for the stream's thread.
    StreamLink::Subscribe subscribe = [d = &dialect_, token = stream_token_, creds = creds_] {
        return d->user_subscribe(token, creds);
    };
    auto link = std::make_unique<StreamLink>(host_, std::string(dialect_.name()), "order stream", std::move(o),
                                             std::move(subscribe), std::move(hooks));
    std::lock_guard<std::mutex> lk(mu_);
    if (stopping_) return;
    user_stream_ = std::move(link);
    user_stream_->start();
}

void Execution::keepalive() {
    if (creds_.key.empty()) return;
    if (!user_stream_) {
        open_user_stream();
        return;
    }
    auto ep = dialect_.user_stream_keepalive(stream_token_);
    if (!ep) return;
    RestResult r = rest_->call(*ep);
    if (r.ok()) return;
    // The session expired (Binance -1125): open a new one; its connect reconciles.
    host_.warn("order stream keepalive failed, reopening: " + describe(r.error));
    user_stream_->stop();
    user_stream_.reset();
    open_user_stream();
}

void Execution::handle(const th_order_request& req) {
    switch (req.action) {
    case TH_ORDER_NEW: handle_new(req); break;
    case TH_ORDER_CANCEL: handle_cancel(req); break;
    case TH_ORDER_REPLACE:
        reject(req, req.client_order_id,
               std::string("replace is not supported by the ") + std::string(dialect_.name()) +
                   " dialect: cancel, then send a new order");
        break;
    default: reject(req, req.client_order_id, "unknown order action"); break;
    }
}

void Execution::handle_new(const th_order_request& req) {
    const std::string cid(req.client_order_id, strnlen(req.client_order_id, sizeof req.client_order_id));
    if (cid.empty()) return reject(req, cid, "client_order_id is required");
    if (creds_.key.empty()) return reject(req, cid, "no API credentials configured (key_env/secret_env)");
    if (host_.kill_switch_engaged()) return reject(req, cid, "kill switch engaged");
    const std::string symbol = host_.symbol(req.instrument);
    const Market* market = markets_.find(symbol);
    if (!market) return reject(req, cid, "unknown instrument '" + symbol + "' on " + std::string(dialect_.name()));
    OrderSpec spec;
    spec.symbol = symbol;
    spec.client_order_id = cid;
    spec.side = req.side;
    spec.type = req.order_type;
    spec.tif = req.tif;
    spec.qty = req.qty;
    spec.limit_px = req.limit_px;
    spec.stop_px = req.stop_px;
    if (spec.side != TH_SIDE_BUY && spec.side != TH_SIDE_SELL) return reject(req, cid, "side must be buy or sell");
    if (auto why = dialect_.unsupported(spec)) return reject(req, cid, *why);
    if (auto why = check_order(*market, spec)) return reject(req, cid, "rejected locally: " + *why);

    venue::LedgerOrder lo;
    lo.client_order_id = cid;
    lo.instrument = req.instrument;
    lo.side = req.side;
    lo.order_qty = req.qty;
    // Never send a client order id twice: the venue might accept a duplicate.
    if (!ledger_.add_order(lo)) return reject(req, cid, "duplicate client_order_id " + cid);
    persist();  // before sending: a crash after the send still knows the order

    host_.metric_add("orders_sent", 1);
    RestResult r = rest_->call(dialect_.create_order(spec));
    venue::LedgerOrder* order = ledger_.order(cid);
    if (r.ok()) {
        apply_state(dialect_.parse_order(rest_->decoder(), r.response.body), *order);
    } else if (r.error.kind == ErrorKind::transport || r.error.kind == ErrorKind::server) {
        // The outcome is unknown: ask the venue by client order id instead of resending
        // (open orders first, then closed ones: it may have filled at once).
        Lookup q = lookup_order(symbol, *order);
        order = ledger_.order(cid);
        if (q.found == Found::yes) {
            apply_looked_up(q.state, *order);
        } else if (q.found == Found::no && q.error.kind == ErrorKind::unknown_order) {
            // The venue says it does not know the id (Binance -2013): it was never placed.
            order->status = TH_STATUS_REJECTED;
            host_.metric_add("orders_rejected", 1);
            report(*order, TH_EXEC_REJECTED, nullptr, "not placed: " + describe(r.error), host_.now());
        } else {
            // Not found in a list is no proof (the venue may not show it yet): reconciliation
            // decides, rejecting it only if it is still missing then.
            host_.warn("order " + cid + " outcome unknown (" + describe(r.error) + "); reconciliation will tell");
        }
    } else {
        order->status = TH_STATUS_REJECTED;
        host_.metric_add("orders_rejected", 1);
        report(*order, TH_EXEC_REJECTED, nullptr, describe(r.error), host_.now());
    }
    persist();
}

void Execution::handle_cancel(const th_order_request& req) {
    const std::string cid(req.client_order_id, strnlen(req.client_order_id, sizeof req.client_order_id));
    const std::string orig(req.orig_client_order_id,
                           strnlen(req.orig_client_order_id, sizeof req.orig_client_order_id));
    if (creds_.key.empty()) return reject(req, cid, "no API credentials configured (key_env/secret_env)");
    venue::LedgerOrder* order = ledger_.order(orig);
    const std::string symbol = host_.symbol(order ? order->instrument : req.instrument);
    if (symbol.empty()) return reject(req, cid, "unknown order " + orig);
    const std::string venue_id = order ? order->venue_order_id : std::string();
    if (dialect_.cancels_by_venue_id() && venue_id.empty())
        return reject(req, cid,
                      "unknown order " + orig + ": " + std::string(dialect_.name()) +
                          " cancels by its own order id, which is not known for this order");
    RestResult r = rest_->call(dialect_.cancel_order(symbol, orig, venue_id));
    if (!r.ok()) {
        host_.metric_add("orders_rejected", 1);
        const std::string prefix = r.error.kind == ErrorKind::unknown_order ? "unknown order " + orig + ": " : "";
        return reject(req, cid, prefix + describe(r.error));
    }
    OrderState s = dialect_.parse_order(rest_->decoder(), r.response.body);
    order = ledger_.order(orig);
    if (order) {
        apply_state(s, *order);
        persist();
    }
}

void Execution::handle_user_message(std::string_view text) {
    UserStreamMessage m;
    try {
        m = dialect_.parse_user_message(rest_->decoder(), text);
    } catch (const std::exception& e) {
        host_.warn(std::string("order stream: unparsable message: ") + e.what());
        return;
    }
    for (const auto& u : m.updates) apply_update(u);
    if (!m.updates.empty()) persist();
    if (!m.sequence) return;
    // A jump in the venue's sequence means messages of this connection were lost: mark the
    // gap and reconcile (it finds the fills and endings those messages carried).
    const bool gap = last_user_sequence_ && *m.sequence > *last_user_sequence_ + 1;
    const int64_t expected = last_user_sequence_ ? *last_user_sequence_ + 1 : 0;
    if (!last_user_sequence_ || *m.sequence > *last_user_sequence_) last_user_sequence_ = m.sequence;
    if (!gap) return;
    host_.metric_add("sequence_gaps", 1);
    auto st = venue_status(TH_VENUE_GAP, dialect_.name(),
                           "order stream: sequence gap, expected " + std::to_string(expected) + ", got " +
                               std::to_string(*m.sequence),
                           host_.now());
    host_.try_publish(kPortStatus, st.hdr);
    reconcile("order stream sequence gap");
}

void Execution::apply_update(const OrderUpdate& u) {
    venue::LedgerOrder* order = ledger_.order(u.order.client_order_id);
    if (!order && !u.order.venue_order_id.empty()) order = ledger_.order_by_venue_id(u.order.venue_order_id);
    if (!order) return;  // not one of ours (another client on the same account)
    if (order->venue_order_id.empty() && !u.order.venue_order_id.empty())
        ledger_.set_venue_id(order->client_order_id, u.order.venue_order_id);
    if (u.fill) {
        apply_fill(*u.fill, *order);
        return;
    }
    // A state update that says more was executed than the ledger has fills for: the venue's
    // stream carries no per-fill ids (Coinbase user channel) or a fill message was lost.
    // Fetch the fills first, so an ending is reported after them.
    if (u.order.executed_qty > order->cum_qty && !order->venue_order_id.empty()) {
        const std::string cid = order->client_order_id;
        recover_order_fills(*order);
        order = ledger_.order(cid);
        if (!order) return;
    }
    apply_state(u.order, *order);
}

bool Execution::apply_fill(Fill f, venue::LedgerOrder& order) {
    f.client_order_id = order.client_order_id;
    if (!ledger_.record_fill(f.fill_id, f.ts_ns, order.client_order_id, f.px, f.qty)) return false;
    order.status = order.cum_qty >= order.order_qty ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
    auto fill = to_fill(f, order.instrument, order.client_order_id, fee_in_quote(f, markets_.find(f.symbol)));
    host_.try_publish(kPortFills, fill.hdr);
    host_.metric_add("fills", 1);
    report(order, order.status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, &f, "", f.ts_ns);
    balances_dirty_ = true;
    return true;
}

void Execution::apply_state(const OrderState& s, venue::LedgerOrder& order) {
    if (order.venue_order_id.empty() && !s.venue_order_id.empty())
        ledger_.set_venue_id(order.client_order_id, s.venue_order_id);
    const int64_t ts = s.ts_ns ? s.ts_ns : host_.now();
    if (order.status == TH_STATUS_PENDING_NEW && !terminal_status(s.status)) {
        order.status = TH_STATUS_NEW;
        report(order, TH_EXEC_NEW, nullptr, "", ts);
    }
    // Fills change the status through apply_fill; here only the venue's own endings.
    if ((s.status == TH_STATUS_CANCELED || s.status == TH_STATUS_EXPIRED || s.status == TH_STATUS_REJECTED) &&
        !order.terminal()) {
        order.status = s.status;
        if (s.status == TH_STATUS_REJECTED) host_.metric_add("orders_rejected", 1);
        report(order, exec_type_for(s.status), nullptr, s.reject_reason, ts);
    }
}

void Execution::reconcile(const std::string& why) {
    if (creds_.key.empty()) return;
    std::set<std::string> symbols(cfg_.trade_symbols.begin(), cfg_.trade_symbols.end());
    std::vector<std::string> open;
    for (const venue::LedgerOrder* o : ledger_.open_orders()) open.push_back(o->client_order_id);
    std::vector<OrderState> states;
    for (const auto& cid : open) {
        venue::LedgerOrder* o = ledger_.order(cid);
        const std::string symbol = host_.symbol(o->instrument);
        symbols.insert(symbol);
        Lookup q = lookup_order(symbol, *o);
        o = ledger_.order(cid);
        if (q.found == Found::yes) {
            // The venue id first: the fills below are matched to ledger orders by it.
            if (o->venue_order_id.empty() && !q.state.venue_order_id.empty())
                ledger_.set_venue_id(cid, q.state.venue_order_id);
            q.state.client_order_id = cid;
            states.push_back(std::move(q.state));
        } else if (q.found == Found::no && o->status == TH_STATUS_PENDING_NEW) {
            o->status = TH_STATUS_REJECTED;  // the send never reached the venue
            report(*o, TH_EXEC_REJECTED, nullptr, "not found at the venue after send", host_.now());
        } else if (q.found == Found::no) {
            host_.warn("reconcile: order " + cid + " not found at the venue");
        } else {
            host_.warn("reconcile: order " + cid + ": " + describe(q.error));
        }
    }
    // Fills since the watermark, minus an overlap; the ledger drops those already published.
    const int64_t since_ms = fills_since_ms();
    int recovered = 0;
    for (const auto& symbol : symbols) recovered += recover_fills(symbol, dialect_.my_trades(symbol, since_ms));
    for (const auto& s : states)
        if (venue::LedgerOrder* o = ledger_.order(s.client_order_id)) apply_state(s, *o);
    persist();
    auto st = venue_status(TH_VENUE_RECONCILED, dialect_.name(),
                           why + ": " + std::to_string(open.size()) + " open orders checked, " +
                               std::to_string(recovered) + " fills recovered",
                           host_.now());
    host_.try_publish(kPortStatus, st.hdr);
    balances_dirty_ = true;
}

int64_t Execution::fills_since_ms() const {
    const int64_t wm = ledger_.fill_watermark_ns();
    return wm > 0 ? std::max<int64_t>(0, (wm - cfg_.fill_overlap.count()) / 1000000) : 0;
}

Execution::Lookup Execution::lookup_once(const Endpoint& ep, const venue::LedgerOrder& order) {
    Lookup out;
    RestResult r = rest_->call(ep);
    if (!r.ok()) {
        out.error = r.error;
        out.found = r.error.kind == ErrorKind::unknown_order ? Found::no : Found::failed;
        return out;
    }
    try {
        auto s = dialect_.parse_fetched_order(rest_->decoder(), r.response.body, order.client_order_id);
        if (!s) {
            out.found = Found::no;
            return out;
        }
        out.state = std::move(*s);
        out.found = Found::yes;
    } catch (const std::exception& e) {
        out.error.kind = ErrorKind::other;
        out.error.message = std::string("unreadable order answer: ") + e.what();
    }
    return out;
}

Execution::Lookup Execution::lookup_order(const std::string& symbol, const venue::LedgerOrder& order) {
    const std::string cid = order.client_order_id, venue_id = order.venue_order_id;
    Lookup first = lookup_once(dialect_.fetch_order(symbol, cid, venue_id), order);
    if (first.found != Found::no) return first;
    // Not among the orders the first lookup sees (Kraken: open ones only): ask for closed ones.
    auto closed = dialect_.fetch_closed_order(symbol, cid, venue_id);
    if (!closed) return first;
    const venue::LedgerOrder* o = ledger_.order(cid);
    if (!o) return first;
    Lookup second = lookup_once(*closed, *o);
    if (second.found == Found::no && second.error.kind == ErrorKind::none) second.error = first.error;
    return second;
}

void Execution::apply_looked_up(const OrderState& s, venue::LedgerOrder& order) {
    const std::string cid = order.client_order_id;
    if (order.venue_order_id.empty() && !s.venue_order_id.empty()) ledger_.set_venue_id(cid, s.venue_order_id);
    venue::LedgerOrder* o = ledger_.order(cid);
    if (o && s.executed_qty > o->cum_qty) recover_order_fills(*o);
    if ((o = ledger_.order(cid))) apply_state(s, *o);
}

int Execution::recover_order_fills(venue::LedgerOrder& order) {
    const std::string symbol = host_.symbol(order.instrument);
    auto ep = dialect_.order_fills(symbol, order.venue_order_id);
    return recover_fills(symbol, ep ? *ep : dialect_.my_trades(symbol, fills_since_ms()));
}

int Execution::recover_fills(const std::string& symbol, const Endpoint& first) {
    // A bound on pages per call: a runaway venue answer must not hold the worker forever.
    constexpr int kMaxPages = 100;
    int recovered = 0;
    Endpoint ep = first;
    for (int page = 0; page < kMaxPages; ++page) {
        RestResult r = rest_->call(ep);
        if (!r.ok()) {
            host_.warn("reconcile: fills of " + symbol + ": " + describe(r.error));
            break;
        }
        std::vector<Fill> fills = dialect_.parse_my_trades(rest_->decoder(), r.response.body);
        std::vector<Fill> sorted = fills;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Fill& a, const Fill& b) { return a.ts_ns < b.ts_ns; });
        for (auto& f : sorted) {
            venue::LedgerOrder* o = ledger_.order_by_venue_id(f.venue_order_id);
            if (o && apply_fill(f, *o)) ++recovered;
        }
        auto next = dialect_.my_trades_next(symbol, fills);
        if (!next) break;
        ep = std::move(*next);
    }
    return recovered;
}

void Execution::publish_balances() {
    balances_dirty_ = false;
    RestResult r = rest_->call(dialect_.balances());
    if (!r.ok()) {
        host_.warn("balances: " + describe(r.error));
        return;
    }
    const int64_t now = host_.now();
    for (const auto& b : dialect_.parse_balances(rest_->decoder(), r.response.body)) {
        auto e = to_balance(b, now);
        host_.try_publish(kPortBalances, e.hdr);
    }
}

void Execution::reject(const th_order_request& req, std::string_view cid, const std::string& reason) {
    host_.metric_add("orders_rejected", 1);
    auto r = rejection_of(req, cid, reason, host_.now());
    host_.try_publish(kPortExecReports, r.hdr);
}

void Execution::report(const venue::LedgerOrder& o, uint8_t exec_type, const Fill* last, std::string_view reason,
                       int64_t ts_ns) {
    auto r = make_report(o, exec_type, last, reason, ts_ns);
    host_.try_publish(kPortExecReports, r.hdr);
}

void Execution::persist() {
    // Terminal orders are only needed to recognise late fills; keep a bounded tail of them.
    constexpr std::size_t kKeepTerminal = 4096;
    ledger_.prune_terminal(kKeepTerminal);
    try {
        host_.state_put("ledger", ledger_.serialize());
    } catch (const std::exception& e) {
        host_.error(std::string("persisting the ledger failed: ") + e.what());
    }
}

std::string Execution::describe(const UnifiedError& e) const {
    std::string out = std::string(dialect_.name()) + " ";
    if (e.code != 0) out += std::to_string(e.code) + " ";
    return out + e.message;
}

}  // namespace tradehost::exchange
