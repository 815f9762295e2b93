// oanda: the order path's dialect for the kit's execution worker (see execution.hpp).
// Transaction semantics: developer.oanda.com/rest-live-v20/transaction-df (ORDER_FILL,
// ORDER_CANCEL and its reasons, *_ORDER_REJECT), order-ep (responses), transaction-ep (sinceid,
// stream and TransactionHeartbeat).
#include "execution.hpp"

#include "stream.hpp"

#include <tradehost/venue/sign.hpp>

#include <cstring>

namespace tradehost::oanda {

const std::vector<venue::ErrorRule>& error_table() {
    static const std::vector<venue::ErrorRule> table = {
        {0, "INSUFFICIENT_MARGIN", "", venue::ErrorKind::insufficient_funds},
        {0, "INSUFFICIENT_LIQUIDITY", "", venue::ErrorKind::invalid_request},
        {0, "CLIENT_ORDER_ID_ALREADY_EXISTS", "", venue::ErrorKind::duplicate_order},
        {0, "ORDER_DOESNT_EXIST", "", venue::ErrorKind::unknown_order},
        {0, "NO_SUCH_ORDER", "", venue::ErrorKind::unknown_order},
        {0, "ACCOUNT_LOCKED", "", venue::ErrorKind::auth},
        {0, "MARKET_HALTED", "", venue::ErrorKind::invalid_request},
    };
    return table;
}

namespace {

constexpr const char* kWatermarkKey = "last_transaction_id";
constexpr const char* kWatermarkPrefix = "oanda-v1:";

venue::WorkerOptions worker_options(const OandaConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = "oanda";
    o.stream_label = "transaction stream";
    o.connect_retry_min = cfg.reconnect_min;
    o.connect_retry_max = cfg.reconnect_max;
    o.min_reconcile_interval = cfg.min_reconcile_interval;
    return o;
}

th_fixed absolute(th_fixed v) { return v < 0 ? -v : v; }

/// The state of GET .../orders/@id in the kit's terms (order-df OrderState).
uint8_t status_of(const std::string& state) {
    if (state == "FILLED") return TH_STATUS_FILLED;
    if (state == "CANCELLED") return TH_STATUS_CANCELED;
    return TH_STATUS_NEW;  // PENDING, TRIGGERED
}

venue::OrderUpdate ending_of(const Transaction& t) {
    venue::OrderUpdate u;
    u.client_order_id = t.client_order_id;
    u.venue_order_id = t.order_id;
    u.ts_ns = t.time_ns;
    u.status = t.reason == "TIME_IN_FORCE_EXPIRED" ? TH_STATUS_EXPIRED : TH_STATUS_CANCELED;
    // Our own cancel needs no reason; the venue's (MARKET_HALTED, ...) says why it ended.
    if (t.reason != "CLIENT_REQUEST") u.reason = t.reason;
    u.replaced = t.reason == "CLIENT_REQUEST_REPLACED";  // its replacement carries on
    return u;
}

}  // namespace

Execution::Execution(Host host, const OandaConfig& cfg, MarketData& data)
    : host_(host), cfg_(cfg), data_(data), worker_(host, *this, worker_options(cfg)) {}

Execution::~Execution() { worker_.stop(); }

// ---------------------------------------------------------------------------------------
// Executor thread
// ---------------------------------------------------------------------------------------

void Execution::start(std::string token) {
    rest_ = std::make_unique<OandaRest>(cfg_, token, [this] { host_.metric_add("rate_limited", 1); });
    venue::secure_clear(token);
    std::string blob;
    if (host_.state_get(kWatermarkKey, blob) && blob.rfind(kWatermarkPrefix, 0) == 0)
        last_txn_ = txn_seq(std::string_view(blob).substr(std::strlen(kWatermarkPrefix)));
    saved_txn_ = last_txn_;
    worker_.start();
}

void Execution::stop() { worker_.stop(); }

// ---------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------

bool Execution::connect(std::string& why) {
    if (rest_->account().empty()) {
        venue::HttpResponse resp = rest_->send(rest_->get_accounts(), true);
        std::vector<std::string> ids;
        if (resp.ok()) ids = parse_account_ids(dec_, resp.body);
        if (ids.empty()) {
            why = "REST GET /v3/accounts: " + (resp.ok() ? std::string("no v20 account for this token") : error_text(resp));
            publish_status(host_, TH_VENUE_DISCONNECTED, why);
            return false;
        }
        rest_->set_account(ids.front());
        host_.info("using OANDA account " + ids.front());
    }
    if (last_txn_ == 0) {
        // First start: the account's history is not ours to replay; start from now.
        venue::HttpResponse resp = rest_->send(rest_->summary(), true);
        if (!resp.ok()) {
            why = "REST account summary: " + error_text(resp);
            publish_status(host_, TH_VENUE_DISCONNECTED, why);
            return false;
        }
        last_txn_ = parse_account_summary(dec_, resp.body).last_transaction_id;
        after_persist();
    }
    return true;
}

bool Execution::open_stream(venue::ExecutionWorker& worker) {
    venue::LineStream::Handlers h;
    h.on_open = [&worker] { worker.stream_up(); };
    h.on_line = [&worker](std::string_view line) { worker.stream_message(std::string(line)); };
    h.on_close = [&worker](std::string_view reason, bool) { worker.stream_down(std::string(reason)); };
    txn_stream_ = std::make_unique<venue::LineStream>(
        stream_options(cfg_, rest_->transaction_stream_url(), rest_->headers()), std::move(h));
    txn_stream_->start();
    data_.start(rest_->pricing_stream_url(cfg_.symbols), rest_->headers());
    return true;
}

void Execution::close_stream() {
    if (txn_stream_) txn_stream_->stop();
    txn_stream_.reset();
}

venue::VenueError Execution::error_of(const venue::HttpResponse& r) {
    if (r.status == 0) return venue::venue_error(error_table(), 0, "", r.error.empty() ? "no response" : r.error);
    ApiError e;
    try {
        e = parse_error(dec_, r.body);
    } catch (const std::exception&) {
        // not a JSON error body (a proxy's page): the status says it
    }
    std::string message = e.message.empty() ? "HTTP " + std::to_string(r.status) : e.message;
    return venue::venue_error(error_table(), static_cast<int>(r.status), e.code, std::move(message));
}

// ---------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------

bool Execution::order_spec(const th_order_request& req, uint8_t side, OrderSpec& spec, std::string& why) {
    const std::string symbol = host_.symbol(req.instrument);
    th_fixed ref = 0;
    if (req.order_type == TH_ORDER_MARKET) {
        // Take-profit/stop-loss of a market order are priced off the side's last quote.
        Price p = data_.last(symbol);
        ref = side == TH_SIDE_SELL ? p.bid_px : p.ask_px;
    }
    why = build_order_spec(req, side, symbol, cfg_, ref, spec);
    return why.empty();
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    OrderSpec spec;
    std::string why;
    if (!order_spec(req, req.side, spec, why)) return why;
    return std::nullopt;
}

venue::Outcome Execution::response_outcome(const OrderResponse& r, const std::string& client_id) {
    venue::Outcome out;
    const bool filled = r.fill.present();
    const bool cancelled = r.cancel.present();
    // Created and cancelled at once without a fill (INSUFFICIENT_MARGIN, FOK not met, ...):
    // the venue refused the order, so it is REJECTED with OANDA's reason and never NEW.
    if (r.create.present() && !(cancelled && !filled)) add_transaction(r.create, out);
    if (r.reject.present()) add_transaction(r.reject, out);
    if (filled) add_transaction(r.fill, out);
    if (cancelled) {
        venue::OrderUpdate u = ending_of(r.cancel);
        if (u.client_order_id.empty()) u.client_order_id = client_id;
        if (!filled && !u.replaced) u.status = TH_STATUS_REJECTED;
        out.orders.push_back(std::move(u));
    }
    if (!r.create.present() && !r.reject.present()) {
        venue::OrderUpdate u;
        u.client_order_id = client_id;
        u.status = TH_STATUS_REJECTED;
        u.reason = r.error_message.empty() ? "no order in OANDA's response" : r.error_message;
        out.orders.push_back(std::move(u));
    }
    return out;
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    OrderSpec spec;
    std::string why;
    venue::Outcome out;
    if (!order_spec(req, req.side, spec, why)) {
        out.error = venue::venue_error(error_table(), 0, "", why);
        out.error.kind = venue::ErrorKind::invalid_request;
        return out;
    }
    spec.client_order_id = order.venue_client_id;
    venue::HttpResponse resp = rest_->send(rest_->create_order(spec), false);
    if (resp.status == 200 || resp.status == 201)
        return response_outcome(parse_order_response(dec_, resp.body), order.venue_client_id);
    out.error = error_of(resp);
    // OANDA does not say whether a 429'd order request was refused before it was acted on:
    // like no answer, the worker looks the order up by client id and sends again only if
    // OANDA has no order with it.
    if (resp.status == 429) out.error.kind = venue::ErrorKind::server;
    if (resp.status == 401 || resp.status == 403)
        publish_status(host_, TH_VENUE_DISCONNECTED, "REST order: " + error_text(resp));
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    venue::HttpResponse resp = rest_->send(rest_->cancel_order(order.venue_client_id), true);
    venue::Outcome out;
    if (!resp.ok()) {
        out.error = error_of(resp);
        return out;
    }
    OrderResponse r = parse_order_response(dec_, resp.body);
    if (r.cancel.present()) {
        venue::OrderUpdate u = ending_of(r.cancel);
        if (u.client_order_id.empty()) u.client_order_id = order.client_order_id;
        out.orders.push_back(std::move(u));
    }
    return out;
}

venue::Outcome Execution::replace(const th_order_request& req, const venue::LedgerOrder& old,
                                  const venue::LedgerOrder& next) {
    th_order_request r = req;
    r.instrument = old.instrument;
    if (r.order_type == 0) r.order_type = req.stop_px > 0 ? TH_ORDER_STOP : TH_ORDER_LIMIT;
    OrderSpec spec;
    std::string why;
    venue::Outcome out;
    if (!order_spec(r, old.side, spec, why)) {
        out.error = venue::venue_error(error_table(), 0, "", why);
        out.error.kind = venue::ErrorKind::invalid_request;
        return out;
    }
    spec.client_order_id = next.venue_client_id;
    venue::HttpResponse resp = rest_->send(rest_->replace_order(old.venue_client_id, spec), false);
    if (resp.status != 200 && resp.status != 201) {
        out.error = error_of(resp);
        return out;
    }
    OrderResponse o = parse_order_response(dec_, resp.body);
    if (o.cancel.present()) {
        venue::OrderUpdate u = ending_of(o.cancel);
        u.client_order_id = old.client_order_id;
        u.replaced = true;  // reported as REPLACED under the new id
        out.orders.push_back(std::move(u));
    }
    if (o.create.present()) add_transaction(o.create, out);
    for (venue::OrderUpdate& u : out.orders)
        if (u.client_order_id.empty()) u.client_order_id = next.client_order_id;
    if (o.fill.present()) add_transaction(o.fill, out);
    return out;
}

// ---------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    venue::HttpResponse resp = rest_->send(rest_->get_order(order.venue_client_id), true);
    venue::Lookup out;
    if (resp.ok()) {
        PendingOrder po = parse_order(dec_, resp.body);
        out.found = venue::Lookup::Found::yes;
        out.order.client_order_id = order.client_order_id;
        out.order.venue_order_id = po.id;
        out.order.status = status_of(po.state);
        if (out.order.status == TH_STATUS_FILLED) out.order.executed_qty = absolute(po.units);
        if (out.order.status == TH_STATUS_CANCELED) out.order.reason = "cancelled while disconnected";
        return out;
    }
    out.error = error_of(resp);
    if (resp.status == 404) out.error.kind = venue::ErrorKind::unknown_order;
    out.found = resp.status == 404 ? venue::Lookup::Found::no : venue::Lookup::Found::failed;
    return out;
}

std::optional<venue::Outcome> Execution::query_open_orders() {
    venue::HttpResponse resp = rest_->send(rest_->pending_orders(), true);
    venue::Outcome out;
    if (!resp.ok()) {
        out.error = error_of(resp);
        return out;
    }
    for (const PendingOrder& po : parse_orders(dec_, resp.body)) {
        if (po.client_order_id.empty()) continue;  // not placed by a client order id: not ours
        venue::OrderUpdate u;
        u.client_order_id = po.client_order_id;
        u.venue_order_id = po.id;
        u.status = TH_STATUS_NEW;
        out.orders.push_back(std::move(u));
    }
    return out;
}

venue::Outcome Execution::query_fills_since(int64_t, const std::vector<const venue::LedgerOrder*>&) {
    // Every transaction after the watermark, in order (sinceid pages up to 1000).
    venue::Outcome out;
    for (int page = 0; page < 100; ++page) {
        venue::HttpResponse resp = rest_->send(rest_->transactions_since(last_txn_), true);
        if (!resp.ok()) {
            out.error = error_of(resp);
            return out;
        }
        TransactionPage p = parse_transactions(dec_, resp.body);
        const int64_t before = last_txn_;
        for (const Transaction& t : p.transactions) {
            if (t.seq <= last_txn_) continue;
            add_transaction(t, out);
            last_txn_ = t.seq;
        }
        if (p.transactions.empty() || last_txn_ == before || last_txn_ >= p.last_transaction_id) {
            last_txn_ = std::max(last_txn_, p.last_transaction_id);
            break;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------

void Execution::add_transaction(const Transaction& t, venue::Outcome& out) {
    if (t.type == "ORDER_FILL") {
        venue::Ledger& ledger = worker_.ledger();
        const bool ours = (!t.client_order_id.empty() && (ledger.order_by_venue_client_id(t.client_order_id) ||
                                                           ledger.order(t.client_order_id))) ||
                          (!t.order_id.empty() && ledger.order_by_venue_id(t.order_id));
        const th_fill f = to_fill(t, instrument(t.instrument), t.client_order_id);
        if (!ours) {
            // Fills of orders we did not send (take-profit/stop-loss on fill, orders placed
            // elsewhere) change the position too: published without a client order id, once.
            if (t.id.empty() || !ledger.record_fill(t.id, t.time_ns, "", t.price, absolute(t.units))) return;
            th_fill foreign = to_fill(t, instrument(t.instrument), "");
            host_.try_publish(kPortFills, foreign.hdr);
            host_.metric_add("fills", 1);
            return;
        }
        venue::FillUpdate u;
        u.fill_id = t.id;
        u.client_order_id = t.client_order_id;
        u.venue_order_id = t.order_id;
        u.px = f.px;
        u.qty = f.qty;
        u.fee = f.fee;
        u.liquidity = f.liquidity;
        u.ts_ns = t.time_ns;
        out.fills.push_back(std::move(u));
    } else if (t.type == "ORDER_CANCEL") {
        out.orders.push_back(ending_of(t));
    } else if (t.is_order_create()) {
        venue::OrderUpdate u;
        u.client_order_id = t.client_order_id;
        u.venue_order_id = t.id;  // an order's id is the id of the transaction that created it
        u.status = TH_STATUS_NEW;
        u.ts_ns = t.time_ns;
        out.orders.push_back(std::move(u));
    } else if (t.is_order_reject()) {
        venue::OrderUpdate u;
        u.client_order_id = t.client_order_id;
        u.status = TH_STATUS_REJECTED;
        u.reason = t.reject_reason;
        u.ts_ns = t.time_ns;
        out.orders.push_back(std::move(u));
    }
}

venue::StreamOutcome Execution::on_stream_message(std::string_view text) {
    venue::StreamOutcome out;
    StreamLine msg = parse_stream_line(dec_, text);
    if (msg.kind == StreamLine::kHeartbeat) {
        if (msg.last_transaction_id > last_txn_)
            out.gap = "heartbeat at " + std::to_string(msg.last_transaction_id) + ", applied up to " +
                      std::to_string(last_txn_);
        return out;
    }
    if (msg.kind != StreamLine::kTransaction || msg.txn.seq <= last_txn_) return out;
    if (msg.txn.seq > last_txn_ + 1) {
        // Transaction ids of an account are consecutive: one is missing; reconciliation reads
        // the range (this one included) with sinceid.
        out.gap = "ids " + std::to_string(last_txn_ + 1) + ".." + std::to_string(msg.txn.seq - 1) + " missed";
        return out;
    }
    add_transaction(msg.txn, out.updates);
    last_txn_ = msg.txn.seq;
    return out;
}

void Execution::after_persist() {
    if (last_txn_ == saved_txn_) return;
    try {
        host_.state_put(kWatermarkKey, kWatermarkPrefix + std::to_string(last_txn_));
        saved_txn_ = last_txn_;
    } catch (const std::exception& e) {
        host_.warn(std::string("saving the transaction watermark failed: ") + e.what());
    }
}

void Execution::refresh_account() {
    const th_time_ns now = host_.now();
    venue::HttpResponse resp = rest_->send(rest_->open_positions(), true);
    if (resp.ok()) {
        std::set<std::string> still_open;
        for (const VenuePosition& p : parse_positions(dec_, resp.body)) {
            th_position e = to_position(p, instrument(p.instrument), now);
            host_.try_publish(kPortPositions, e.hdr);
            if (p.units != 0) still_open.insert(p.instrument);
        }
        for (const std::string& gone : open_positions_) {
            if (still_open.count(gone)) continue;
            th_position e = to_position(VenuePosition{gone, 0, 0, 0, 0}, instrument(gone), now);
            host_.try_publish(kPortPositions, e.hdr);
        }
        open_positions_ = std::move(still_open);
    } else {
        host_.warn("openPositions: " + error_text(resp));
    }
    resp = rest_->send(rest_->summary(), true);
    if (resp.ok()) {
        th_balance b = to_balance(parse_account_summary(dec_, resp.body), now);
        host_.try_publish(kPortBalances, b.hdr);
    } else {
        host_.warn("account summary: " + error_text(resp));
    }
}

th_instrument Execution::instrument(const std::string& symbol) {
    if (symbol.empty()) return 0;
    auto it = ids_.find(symbol);
    if (it == ids_.end()) it = ids_.emplace(symbol, host_.intern(symbol)).first;
    return it->second;
}

}  // namespace tradehost::oanda
