// betfair: the order path's dialect (see execution.hpp). Operations and their reports from
// the API-NG reference (Betting API: placeOrders, cancelOrders, replaceOrders,
// listCurrentOrders, listClearedOrders; Accounts API: getAccountFunds, getAccountDetails),
// read 2026-12-02.
#include "execution.hpp"

#include "errors.hpp"
#include "ladder.hpp"

#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>
#include <tradehost/venue/ports.hpp>

#include <chrono>
#include <future>
#include <map>

namespace tradehost::betfair {
namespace {

using namespace venue::ports;

venue::WorkerOptions worker_options(const BetfairConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = "betfair";
    o.stream_label = "order stream";
    o.poll_interval = cfg.poll_interval;
    o.ledger_key = "ledger";
    return o;
}

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool persist_flag(const th_order_request& req) {
#if TH_ABI_VERSION_MINOR >= 2
    return (req.flags & TH_ORDER_FLAG_PERSIST) != 0;
#else
    (void)req;
    return false;  // ABI 1.1 has no order flags: every bet lapses at in-play
#endif
}

constexpr th_fixed kCent = TH_FIXED_SCALE / 100;
constexpr int kPageSize = 1000;  // listCurrentOrders/listClearedOrders: at most 1000 a page

}  // namespace

Execution::Execution(Host host, const BetfairConfig& cfg, Credentials creds)
    : host_(host), cfg_(cfg), tx_(cfg.max_transactions_per_hour), worker_(host, *this, worker_options(cfg)) {
    app_key_ = creds.app_key;
    api_ = std::make_unique<Api>(cfg_, std::move(creds), [this](const std::string& what) {
        host_.info("betfair identity: " + what);
        if (what.rfind("login refused", 0) == 0) host_.metric_add("login_refused", 1);
    });
    std::string saved;
    if (host_.state_get("transactions", saved) && !saved.empty()) tx_.from_text(saved);
}

Execution::~Execution() {
    stop();
    venue::secure_clear(app_key_);  // the stream's copy of the key, wiped as Credentials wipes its own
}

void Execution::start() {
    worker_.start();
    keep_alive_ = std::thread([this] { keep_alive_loop(); });
}

void Execution::stop() {
    {
        std::lock_guard lk(ka_mu_);
        ka_stop_ = true;
    }
    ka_cv_.notify_all();
    if (keep_alive_.joinable()) keep_alive_.join();
    worker_.stop();
    if (api_) api_->logout();  // the worker has joined: the executor owns the client now
}

RpcResult Execution::betting_call(const std::string& op, const nlohmann::json& params) {
    // Shared: if the wait times out, the job may still run later and must not touch the stack.
    auto done = std::make_shared<std::promise<RpcResult>>();
    std::future<RpcResult> f = done->get_future();
    worker_.post([this, done, op, params] { done->set_value(api_->betting(op, params, true)); });
    if (f.wait_for(cfg_.http_timeout * 4) != std::future_status::ready) {
        RpcResult r;
        r.error = venue::venue_error(error_table(), 0, "", op + ": the worker did not run it in time");
        return r;
    }
    return f.get();
}

void Execution::keep_alive_loop() {
    std::unique_lock lk(ka_mu_);
    while (!ka_cv_.wait_for(lk, cfg_.keep_alive_interval, [&] { return ka_stop_; })) {
        worker_.post([this] {
            if (venue::VenueError e = api_->keep_alive()) {
                host_.metric_add("keep_alive_failed", 1);
                host_.warn("betfair keepAlive failed: " + worker_.describe(e));
            } else {
                host_.metric_add("keep_alives", 1);
            }
        });
    }
}

bool Execution::connect(std::string& why) {
    if (!api_->logged_in()) {
        if (venue::VenueError e = api_->login()) {
            why = "login: " + worker_.describe(e);
            return false;
        }
    }
    {
        std::lock_guard lk(token_mu_);
        stream_token_ = api_->token();
    }
    RpcResult details = api_->account("getAccountDetails", nlohmann::json::object());
    if (!details.ok()) {
        why = "getAccountDetails: " + worker_.describe(details.error);
        return false;
    }
    currency_ = details.result.value("currencyCode", std::string());
    refresh_account();
    return true;
}

void Execution::count_transactions(uint32_t n) {
    tx_.add(n, now_s());
    host_.state_put("transactions", tx_.to_text());
    host_.metric_add("transactions", n);
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    if (req.order_type != TH_ORDER_LIMIT) return "rejected locally: Betfair takes LIMIT bets only (price = decimal odds)";
    if (req.tif != TH_TIF_GTC && req.tif != TH_TIF_FOK)
        return "rejected locally: time in force must be gtc (LAPSE or PERSIST at in-play) or fok (FILL_OR_KILL)";
#if TH_ABI_VERSION_MINOR >= 2
    if (req.flags & ~static_cast<uint32_t>(TH_ORDER_FLAG_PERSIST))
        return "rejected locally: Betfair takes no post-only or reduce-only bets (only the PERSIST flag)";
#endif
    std::string why;
    auto sel = parse_selection(host_.symbol(req.instrument), why);
    if (!sel) return "rejected locally: instrument " + host_.symbol(req.instrument) + ": " + why;
    if (sel->handicap != 0) {
        // Asian handicap and total goals markets: 1.01-1000 by 0.01.
        if (req.limit_px < ladder::kMin || req.limit_px > ladder::kMax || req.limit_px % kCent != 0)
            return "rejected locally: INVALID_ODDS Odds not on price ladder: " + format_fixed(req.limit_px) +
                   " (Asian lines: 1.01-1000 by 0.01)";
    } else if (!ladder::on_ladder(req.limit_px)) {
        return "rejected locally: " + ladder::off_ladder_reason(req.limit_px);
    }
    if (req.qty % kCent != 0)
        return "rejected locally: INVALID_BET_SIZE: stake " + format_fixed(req.qty) + " has more than 2 decimals";
    if (!tx_.allows(1, now_s())) {
        host_.metric_add("transaction_limit_refusals", 1);
        return tx_.refusal(1, now_s());
    }
    return std::nullopt;
}

venue::VenueError Execution::report_error(const nlohmann::json& report, const char* what) const {
    std::string code, instruction_code;
    if (auto it = report.find("errorCode"); it != report.end() && it->is_string()) code = it->get<std::string>();
    if (auto ir = report.find("instructionReports"); ir != report.end() && ir->is_array())
        for (const auto& r : *ir)
            if (auto c = r.find("errorCode"); c != r.end() && c->is_string()) {
                instruction_code = c->get<std::string>();
                break;
            }
    const std::string& use = instruction_code.empty() ? code : instruction_code;
    std::string status = report.value("status", std::string());
    if (status == "TIMEOUT") return venue::venue_error(error_table(), 0, "TIMEOUT", std::string(what) + " timed out at Betfair");
    return venue::venue_error(error_table(), 200, use.empty() ? "FAILURE" : use,
                              std::string(what) + " " + status + (code.empty() || code == use ? "" : " " + code));
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    venue::Outcome out;
    std::string why;
    BetRequest b;
    b.sel = *parse_selection(host_.symbol(req.instrument), why);  // check_new parsed it already
    b.side = req.side;
    b.price = req.limit_px;
    b.size = req.qty;
    b.persist = persist_flag(req);
    b.fill_or_kill = req.tif == TH_TIF_FOK;
    b.customer_order_ref = order.venue_client_id;
    b.customer_strategy_ref = cfg_.customer_strategy_ref;
    RpcResult r = api_->betting("placeOrders", place_params(b), false);
    count_transactions(1);  // a placed bet and a failed placement both count
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (r.result.value("status", std::string()) != "SUCCESS") {
        out.error = report_error(r.result, "placeOrders");
        return out;
    }
    const auto& reports = r.result["instructionReports"];
    if (!reports.is_array() || reports.empty()) {
        out.error = venue::venue_error(error_table(), 200, "FAILURE", "placeOrders answered without an instruction report");
        return out;
    }
    BetState s = place_report(reports[0], b);
    venue::OrderUpdate u = order_update(s);
    u.client_order_id = order.client_order_id;
    out.orders.push_back(u);
    if (auto f = fill_update(s, 0, 0)) {
        f->client_order_id = order.client_order_id;
        out.fills.push_back(*f);
    }
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    venue::Outcome out;
    std::string why;
    auto sel = parse_selection(host_.symbol(order.instrument), why);
    nlohmann::json p{{"marketId", sel ? sel->market_id : std::string()},
                     {"instructions", nlohmann::json::array({nlohmann::json{{"betId", order.venue_order_id}}})}};
    RpcResult r = api_->betting("cancelOrders", p, true);  // cancelling twice is harmless
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (r.result.value("status", std::string()) != "SUCCESS") {
        count_transactions(1);  // a failed cancel is a failed transaction
        out.error = report_error(r.result, "cancelOrders");
        return out;
    }
    // The unmatched stake is cancelled; what matched stays (its fills are the ledger's).
    venue::OrderUpdate u;
    u.client_order_id = order.client_order_id;
    u.venue_order_id = order.venue_order_id;
    u.status = TH_STATUS_CANCELED;
    out.orders.push_back(u);
    return out;
}

venue::Outcome Execution::replace(const th_order_request& req, const venue::LedgerOrder& old,
                                  const venue::LedgerOrder& next) {
    venue::Outcome out;
    if (req.qty != old.order_qty) {
        out.error = venue::venue_error(error_table(), 0, "LOCAL",
                                       "replaceOrders changes the price only: cancel, then place a new stake");
        out.error.kind = venue::ErrorKind::invalid_request;
        return out;
    }
    if (!ladder::on_ladder(req.limit_px)) {
        out.error = venue::venue_error(error_table(), 0, "INVALID_ODDS", ladder::off_ladder_reason(req.limit_px));
        out.error.kind = venue::ErrorKind::invalid_request;
        return out;
    }
    if (!tx_.allows(1, now_s())) {
        out.error = venue::venue_error(error_table(), 0, "LOCAL", tx_.refusal(1, now_s()));
        out.error.kind = venue::ErrorKind::invalid_request;
        return out;
    }
    std::string why;
    auto sel = parse_selection(host_.symbol(old.instrument), why);
    nlohmann::json p{{"marketId", sel ? sel->market_id : std::string()},
                     {"instructions", nlohmann::json::array({nlohmann::json{{"betId", old.venue_order_id},
                                                                            {"newPrice", number_of(req.limit_px)}}})},
                     {"customerRef", next.venue_client_id}};
    RpcResult r = api_->betting("replaceOrders", p, false);
    count_transactions(1);
    if (!r.ok()) {
        out.error = r.error;
        return out;
    }
    if (r.result.value("status", std::string()) != "SUCCESS") {
        out.error = report_error(r.result, "replaceOrders");
        return out;
    }
    const auto& reports = r.result["instructionReports"];
    if (!reports.is_array() || reports.empty() || !reports[0].contains("placeInstructionReport")) {
        out.error = venue::venue_error(error_table(), 200, "FAILURE", "replaceOrders answered without a place report");
        return out;
    }
    venue::OrderUpdate gone;
    gone.client_order_id = old.client_order_id;
    gone.venue_order_id = old.venue_order_id;
    gone.status = TH_STATUS_CANCELED;
    gone.replaced = true;
    out.orders.push_back(gone);
    BetRequest b;
    b.sel = sel ? *sel : Selection{};
    b.side = old.side;
    b.price = req.limit_px;
    b.size = old.order_qty - old.cum_qty;  // the unmatched stake moves to the new price
    b.customer_order_ref = next.venue_client_id;
    BetState s = place_report(reports[0]["placeInstructionReport"], b);
    venue::OrderUpdate u = order_update(s);
    u.client_order_id = next.client_order_id;
    out.orders.push_back(u);
    if (auto f = fill_update(s, 0, 0)) {
        f->client_order_id = next.client_order_id;
        out.fills.push_back(*f);
    }
    return out;
}

std::optional<std::vector<BetState>> Execution::current_orders(nlohmann::json params, venue::VenueError& err) {
    std::vector<BetState> out;
    for (int from = 0;; from += kPageSize) {
        params["fromRecord"] = from;
        params["recordCount"] = kPageSize;
        RpcResult r = api_->betting("listCurrentOrders", params, true);
        if (!r.ok()) {
            err = r.error;
            return std::nullopt;
        }
        for (const auto& o : r.result.value("currentOrders", nlohmann::json::array())) out.push_back(current_order(o));
        if (!r.result.value("moreAvailable", false)) return out;
    }
}

std::optional<std::vector<BetState>> Execution::cleared_orders(nlohmann::json params, const std::string& status,
                                                               venue::VenueError& err) {
    std::vector<BetState> out;
    params["betStatus"] = status;
    for (int from = 0;; from += kPageSize) {
        params["fromRecord"] = from;
        params["recordCount"] = kPageSize;
        RpcResult r = api_->betting("listClearedOrders", params, true);
        if (!r.ok()) {
            err = r.error;
            return std::nullopt;
        }
        for (const auto& o : r.result.value("clearedOrders", nlohmann::json::array()))
            out.push_back(cleared_order(o, status));
        if (!r.result.value("moreAvailable", false)) return out;
    }
}

void Execution::add_bets(venue::Outcome& out, const std::vector<BetState>& bets) {
    // One state per bet, the furthest matched: a fill's size is taken against the ledger as
    // it is now, so one bet must not yield two fills in one outcome.
    std::map<std::string, const BetState*> latest;
    for (const auto& b : bets) {
        auto [it, fresh] = latest.emplace(b.bet_id, &b);
        if (!fresh && (b.size_matched > it->second->size_matched || (b.settled && !it->second->settled))) it->second = &b;
    }
    venue::Ledger& ledger = worker_.ledger();
    for (const auto& [id, b] : latest) {
        const venue::LedgerOrder* o = ledger.order_by_venue_id(id);
        if (!o && !b->customer_order_ref.empty()) o = ledger.order_by_venue_client_id(b->customer_order_ref);
        if (!o) continue;  // not one of ours (another strategy's, or placed by hand)
        venue::OrderUpdate u = order_update(*b);
        u.client_order_id = o->client_order_id;
        if (b->settled && b->size_matched < o->order_qty) {
            u.status = TH_STATUS_CANCELED;
            u.reason = "settled; the unmatched stake was cancelled or lapsed";
        }
        if (auto f = fill_update(*b, o->cum_qty, o->notional)) {
            f->client_order_id = o->client_order_id;
            out.fills.push_back(*f);
        }
        out.orders.push_back(std::move(u));
    }
}

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    venue::Lookup l;
    nlohmann::json by = order.venue_order_id.empty()
                            ? nlohmann::json{{"customerOrderRefs", nlohmann::json::array({order.venue_client_id})}}
                            : nlohmann::json{{"betIds", nlohmann::json::array({order.venue_order_id})}};
    nlohmann::json p = by;
    p["orderProjection"] = "ALL";
    auto current = current_orders(p, l.error);
    if (!current) return l;
    std::vector<BetState> bets = *current;
    if (bets.empty()) {
        for (const char* status : {"SETTLED", "LAPSED", "CANCELLED", "VOIDED"}) {
            auto cleared = cleared_orders(by, status, l.error);
            if (!cleared) return l;
            bets.insert(bets.end(), cleared->begin(), cleared->end());
            if (!bets.empty()) break;
        }
    }
    if (bets.empty()) {
        l.found = venue::Lookup::Found::no;
        l.error = venue::venue_error(error_table(), 200, "INVALID_BET_ID", "no such bet at Betfair");
        return l;
    }
    venue::Outcome o;
    add_bets(o, bets);
    if (o.orders.empty()) {
        l.found = venue::Lookup::Found::no;
        return l;
    }
    l.found = venue::Lookup::Found::yes;
    l.order = o.orders.front();
    return l;
}

std::optional<venue::Outcome> Execution::query_order_fills(const venue::LedgerOrder& order) {
    venue::Outcome out;
    nlohmann::json p{{"betIds", nlohmann::json::array({order.venue_order_id})}, {"orderProjection", "ALL"}};
    auto bets = current_orders(p, out.error);
    if (!bets) return out;
    if (bets->empty()) {
        auto settled = cleared_orders({{"betIds", nlohmann::json::array({order.venue_order_id})}}, "SETTLED", out.error);
        if (!settled) return out;
        *bets = *settled;
    }
    add_bets(out, *bets);
    out.orders.clear();
    return out;
}

std::optional<venue::Outcome> Execution::query_open_orders() {
    venue::Outcome out;
    nlohmann::json p{{"orderProjection", "EXECUTABLE"}};
    if (!cfg_.customer_strategy_ref.empty())
        p["customerStrategyRefs"] = nlohmann::json::array({cfg_.customer_strategy_ref});
    auto bets = current_orders(p, out.error);
    if (!bets) return out;
    add_bets(out, *bets);
    return out;
}

venue::Outcome Execution::query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) {
    (void)open;
    venue::Outcome out;
    // Matched totals of every bet not yet settled (executable or complete), then the bets
    // settled since the watermark: a match made while we were away is in one or the other.
    nlohmann::json strategy = nlohmann::json::object();
    if (!cfg_.customer_strategy_ref.empty())
        strategy["customerStrategyRefs"] = nlohmann::json::array({cfg_.customer_strategy_ref});
    nlohmann::json p = strategy;
    p["orderProjection"] = "ALL";
    auto current = current_orders(p, out.error);
    if (!current) return out;
    nlohmann::json c = strategy;
    if (since_ns > 0) c["settledDateRange"] = nlohmann::json{{"from", venue::json::format_rfc3339_ns(since_ns)}};
    auto settled = cleared_orders(c, "SETTLED", out.error);
    if (!settled) return out;
    std::vector<BetState> bets = *current;
    bets.insert(bets.end(), settled->begin(), settled->end());
    add_bets(out, bets);
    out.orders.clear();  // fills only here; endings come from the open-order check
    return out;
}

void Execution::refresh_account() {
    RpcResult funds = api_->account("getAccountFunds", nlohmann::json::object());
    if (!funds.ok()) {
        host_.warn("betfair getAccountFunds failed: " + worker_.describe(funds.error));
        return;
    }
    th_balance b = make_event<th_balance>(host_.now());
    copy_str(b.currency, currency_);  // getAccountDetails' currencyCode: Betfair quotes funds in it
    b.available = fixed_of(funds.result.value("availableToBetBalance", nlohmann::json(0)));
    // exposure is negative: what the open bets may lose, held out of the available balance.
    b.total = b.available - fixed_of(funds.result.value("exposure", nlohmann::json(0)));
    host_.try_publish(kPortBalances, b.hdr);
}

bool Execution::open_stream(venue::ExecutionWorker& worker) {
    if (cfg_.stream_host.empty()) return false;
    esa::StreamOptions o;
    o.net.host = cfg_.stream_host;
    o.net.port = cfg_.stream_port;
    o.net.verify_tls = cfg_.verify_tls;
    o.session.kind = esa::Kind::order;
    o.session.heartbeat_ms = cfg_.stream_heartbeat.count();
    o.session.subscribe_timeout = cfg_.subscribe_timeout;
    o.app_key = app_key_;
    o.session_token = [this] {
        std::lock_guard lk(token_mu_);
        return stream_token_;
    };
    esa::StreamCallbacks cb;
    // Up at the subscription's acknowledgement; every connection's end is a possible gap,
    // which the worker closes by reconciling over listCurrentOrders/listClearedOrders.
    cb.on_status = [&worker](bool up, const std::string& why) {
        if (up) worker.stream_up();
        else worker.stream_down("esa " + why);
    };
    cb.on_order_line = [&worker](std::string_view line) { worker.stream_message(std::string(line)); };
    cb.on_error = [this](const std::string& what) { host_.warn("betfair " + what); };
    order_stream_ = std::make_unique<esa::Stream>(std::move(o), std::move(cb));
    order_stream_->start();
    return true;
}

void Execution::close_stream() {
    if (order_stream_) order_stream_->stop();
    order_stream_.reset();
}

venue::StreamOutcome Execution::on_stream_message(std::string_view text) {
    venue::StreamOutcome out;
    std::string why;
    auto m = esa::parse(text, why);
    if (!m || m->op != esa::Op::ocm) return out;
    const esa::OrderChanges oc = esa::apply_ocm(m->body.contains("oc") ? m->body["oc"] : nlohmann::json());
    for (const auto& e : oc.errors) host_.warn("betfair esa ocm: " + e);
    // The same path as a listing: one fill per new matched total, id <betId>:<sizeMatched>.
    add_bets(out.updates, oc.bets);
    return out;
}

}  // namespace tradehost::betfair
