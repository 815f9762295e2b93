// The execution worker (see execution_worker.hpp and docs/venue-kit.md, "The execution worker").
#include <tradehost/venue/execution_worker.hpp>
#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/ports.hpp>
#include <tradehost/venue/sign.hpp>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>

namespace tradehost::venue {
namespace {

bool ends_order(uint8_t s) { return s == TH_STATUS_CANCELED || s == TH_STATUS_EXPIRED || s == TH_STATUS_REJECTED; }
bool is_terminal(uint8_t s) { return s == TH_STATUS_FILLED || ends_order(s); }

uint8_t exec_type_for(uint8_t status) {
    switch (status) {
    case TH_STATUS_CANCELED: return TH_EXEC_CANCELED;
    case TH_STATUS_EXPIRED: return TH_EXEC_EXPIRED;
    case TH_STATUS_REJECTED: return TH_EXEC_REJECTED;
    default: return TH_EXEC_NEW;
    }
}

// A placement that threw (an answer the dialect could not read, a bug of its own) may still
// have reached the venue: its outcome is unknown, as a lost answer's, so the order is looked
// up. Left as it was, it would stay PENDING_NEW and unreported until the next reconciliation,
// which with the order stream up comes only at a reconnect or a gap.
Outcome thrown_outcome(const std::exception& e) {
    Outcome r;
    r.error.kind = ErrorKind::server;
    r.error.message = std::string("no readable answer: ") + e.what();
    return r;
}

std::string text(std::string_view prefix, std::string_view rest) {
    std::string s(prefix);
    s += ' ';
    s += rest;
    return s;
}

}  // namespace

std::string id_of(const char (&field)[TH_ID_LEN]) { return std::string(field, strnlen(field, TH_ID_LEN)); }

std::vector<Outcome> ExecutionDialect::place_batch(const std::vector<const th_order_request*>& reqs,
                                                   const std::vector<const LedgerOrder*>& orders) {
    std::vector<Outcome> out;
    for (std::size_t i = 0; i < reqs.size() && i < orders.size(); ++i) out.push_back(place(*reqs[i], *orders[i]));
    return out;
}

std::vector<Outcome> ExecutionDialect::cancel_batch(const std::vector<const LedgerOrder*>& orders) {
    std::vector<Outcome> out;
    for (const LedgerOrder* o : orders) out.push_back(cancel(*o));
    return out;
}

ExecutionWorker::ExecutionWorker(Host host, ExecutionDialect& dialect, WorkerOptions options)
    : host_(host), dialect_(dialect), options_(std::move(options)) {}

ExecutionWorker::~ExecutionWorker() { stop(); }

// ---------------------------------------------------------------------------------------
// Executor thread
// ---------------------------------------------------------------------------------------

void ExecutionWorker::start() {
    if (thread_.joinable()) return;
    // Absent or empty saved state is a fresh ledger (a new journal), not an unreadable one.
    // The ledger is saved as a head and sealed segments (Ledger::take_writes).
    std::string head;
    bool have = false;
    try {
        have = host_.state_get(options_.ledger_key, head) && !head.empty();
    } catch (const std::exception& e) {
        host_.warn(options_.venue + ": reading the saved ledger failed (" + e.what() + "): starting with an empty one");
    }
    if (have) {
        bool loaded = false;
        try {
            loaded = ledger_.load([&](const std::string& suffix) -> std::optional<std::string> {
                if (suffix.empty()) return head;
                std::string blob;
                if (!host_.state_get(options_.ledger_key + suffix, blob)) return std::nullopt;
                return blob;
            });
        } catch (const std::exception& e) {
            host_.warn(options_.venue + ": reading the saved ledger failed (" + e.what() + ")");
        }
        if (!loaded)
            host_.warn(options_.venue +
                       ": the saved ledger is unreadable: starting with an empty one; reconciliation asks the venue");
    } else {
        host_.info(options_.venue + ": no saved ledger: starting with a fresh one");
    }
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = false;
        started_ = true;
        queue_.clear();
    }
    stream_ = StreamState::none;
    reconcile_why_.reset();
    reconciled_once_ = false;
    cancel_checks_.clear();
    stream_connects_ = 0;
    thread_ = std::thread([this] { run(); });
}

void ExecutionWorker::stop() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (!started_) return;
        stopping_ = true;
        started_ = false;
    }
    cv_.notify_all();
    dialect_.interrupt();
    if (thread_.joinable()) thread_.join();
    // The stream's callbacks only queue (a no-op once stopping), so closing it cannot deadlock.
    dialect_.close_stream();
    persist();
}

void ExecutionWorker::submit(const th_order_request& req) {
    // What needs neither the ledger nor the venue is refused at once, on the caller's thread.
    if (req.action == TH_ORDER_NEW) {
        if (auto why = stateless_check(req)) return reject(req, id_of(req.client_order_id), *why);
    }
    enqueue(req);
}

std::optional<std::string> ExecutionWorker::stateless_check(const th_order_request& req) {
    if (id_of(req.client_order_id).empty()) return std::string(reject_text::kMissingClientOrderId);
    if (host_.kill_switch_engaged()) return std::string(reject_text::kKillSwitch);
    if (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL) return std::string(reject_text::kInvalidSide);
    if (req.qty <= 0) return std::string(reject_text::kInvalidQty);
    if (host_.symbol(req.instrument).empty())
        return text(reject_text::kUnknownInstrument, std::to_string(req.instrument));
    return std::nullopt;
}
void ExecutionWorker::post(std::function<void()> job) { enqueue(std::move(job)); }
void ExecutionWorker::request_reconcile(std::string why) { enqueue(Reconcile{std::move(why)}); }
void ExecutionWorker::stream_up() { enqueue(StreamUp{}); }
void ExecutionWorker::stream_down(std::string reason) { enqueue(StreamDown{std::move(reason)}); }
void ExecutionWorker::stream_message(std::string text) { enqueue(StreamText{std::move(text)}); }
void ExecutionWorker::stream_updates(Outcome updates) { enqueue(std::move(updates)); }

void ExecutionWorker::enqueue(Task t) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (stopping_ || !started_) return;
        queue_.push_back(std::move(t));
    }
    cv_.notify_one();
}

std::string ExecutionWorker::describe(const VenueError& e) const {
    std::string out = options_.venue + " ";
    if (!e.code.empty()) out += e.code + " ";
    if (e.message.empty()) return out + error_kind_name(e.kind);
    return out + e.message;
}

// ---------------------------------------------------------------------------------------
// Worker loop
// ---------------------------------------------------------------------------------------

void ExecutionWorker::run() {
    place_batch_max_ = std::max<std::size_t>(1, dialect_.max_place_batch());
    cancel_batch_max_ = std::max<std::size_t>(1, dialect_.max_cancel_batch());
    if (!connect_with_retry()) return;
    for (;;) {
        std::optional<Task> task;
        std::vector<th_order_request> batch;  // two or more requests that go out as one
        {
            std::unique_lock<std::mutex> lk(mu_);
            // The earliest timer: stream deadline, next poll, a deferred reconciliation.
            std::optional<Clock::time_point> wake;
            auto earliest = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };
            if (stream_ == StreamState::connecting) earliest(stream_deadline_);
            if (stream_ == StreamState::down || stream_ == StreamState::none) earliest(next_poll_);
            if (reconcile_why_) earliest(reconcile_due_);
            for (const auto& [cid, check] : cancel_checks_) earliest(check.due);
            auto ready = [this] { return stopping_ || !queue_.empty(); };
            if (wake) cv_.wait_until(lk, *wake, ready);
            else cv_.wait(lk, ready);
            if (stopping_) return;
            if (!queue_.empty()) {
                task = std::move(queue_.front());
                queue_.pop_front();
                if (auto* req = std::get_if<th_order_request>(&*task)) take_batch(*req, batch);
            }
        }
        try {
            if (batch.size() > 1 && batch.front().action == TH_ORDER_NEW) handle_new_batch(batch);
            else if (batch.size() > 1) handle_cancel_batch(batch);
            else if (task) run_task(*task);
            on_timers();
            bool idle;
            {
                std::lock_guard<std::mutex> lk(mu_);
                idle = queue_.empty();
            }
            // Positions and balances once per burst of fills, not once per fill (rate limits).
            if (idle && account_dirty_) {
                account_dirty_ = false;
                dialect_.refresh_account();
            }
        } catch (const std::exception& e) {
            {
                std::lock_guard<std::mutex> lk(mu_);
                if (stopping_) return;  // a venue call woken by stop(): nothing more to do
            }
            host_.error(options_.venue + " execution: " + e.what());
        }
    }
}

bool ExecutionWorker::connect_with_retry() {
    std::mt19937_64 rng(std::random_device{}());
    auto delay = options_.connect_retry_min;
    for (;;) {
        std::string why;
        bool ok = false;
        try {
            ok = dialect_.connect(why);
        } catch (const std::exception& e) {
            why = e.what();
        }
        {
            std::lock_guard<std::mutex> lk(mu_);
            if (stopping_) return false;
        }
        if (ok) break;
        host_.warn(options_.venue + ": not ready: " + why);
        // Orders must not wait for an outage of unknown length and go out minutes late.
        reject_queued_orders(text(reject_text::kNotReady, why));
        // Growth with jitter: many instances that lost the venue together do not return together.
        std::uniform_int_distribution<int64_t> jitter(delay.count() / 2, std::max<int64_t>(delay.count(), 1));
        const auto wait = std::chrono::milliseconds(jitter(rng));
        std::unique_lock<std::mutex> lk(mu_);
        if (cv_.wait_for(lk, wait, [this] { return stopping_; })) return false;
        delay = std::min(delay * 2, options_.connect_retry_max);
    }
    bool has_stream = false;
    try {
        has_stream = dialect_.open_stream(*this);
    } catch (const std::exception& e) {
        host_.error(options_.venue + ": opening the " + options_.stream_label + " failed: " + e.what());
        has_stream = true;
        handle_stream_down(e.what());
    }
    const auto now = Clock::now();
    if (has_stream) {
        if (stream_ == StreamState::none) {
            stream_ = StreamState::connecting;
            stream_deadline_ = now + options_.stream_connect_timeout;
        }
    } else {
        stream_ = StreamState::none;
        next_poll_ = now + options_.poll_interval;
        schedule_reconcile("start");
    }
    return true;
}

void ExecutionWorker::reject_queued_orders(const std::string& reason) {
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
    for (const auto& req : orders) reject(req, id_of(req.client_order_id), reason);
}

namespace {
// A cancel of one order (not "*" nor "market:<id>", which are mass cancels).
bool cancels_one(const th_order_request& r) {
    const std::string orig = id_of(r.orig_client_order_id);
    return orig != reject_text::kCancelAll && orig.rfind(reject_text::kCancelMarketPrefix, 0) != 0;
}
}  // namespace

void ExecutionWorker::take_batch(const th_order_request& first, std::vector<th_order_request>& batch) {
    const bool is_new = first.action == TH_ORDER_NEW;
    const std::size_t max = is_new ? place_batch_max_ : first.action == TH_ORDER_CANCEL ? cancel_batch_max_ : 1;
    if (max < 2 || (!is_new && !cancels_one(first))) return;
    // Only the requests right behind the first, of the same kind: nothing overtakes what
    // was queued before it (a cancel stays behind the new order it cancels).
    std::set<std::string> origs{id_of(first.orig_client_order_id)};
    batch.push_back(first);
    while (batch.size() < max && !queue_.empty()) {
        auto* next = std::get_if<th_order_request>(&queue_.front());
        if (!next || next->action != first.action) break;
        // Two cancels of one order are not one request: the second waits for the first's answer.
        if (!is_new && (!cancels_one(*next) || !origs.insert(id_of(next->orig_client_order_id)).second)) break;
        batch.push_back(*next);
        queue_.pop_front();
    }
}

void ExecutionWorker::run_task(Task& t) {
    std::visit(
        [this](auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, th_order_request>) {
                switch (v.action) {
                case TH_ORDER_NEW: handle_new(v); break;
                case TH_ORDER_CANCEL: handle_cancel(v); break;
                case TH_ORDER_REPLACE: handle_replace(v); break;
                default:
                    reject(v, id_of(v.client_order_id), text(reject_text::kInvalidAction, std::to_string(v.action)));
                }
            } else if constexpr (std::is_same_v<T, StreamUp>) {
                handle_stream_up();
            } else if constexpr (std::is_same_v<T, StreamDown>) {
                handle_stream_down(v.reason);
            } else if constexpr (std::is_same_v<T, StreamText>) {
                handle_stream_text(v.text);
            } else if constexpr (std::is_same_v<T, Outcome>) {
                apply(v, true);
                persist();
            } else if constexpr (std::is_same_v<T, Reconcile>) {
                schedule_reconcile(std::move(v.why));
            } else {
                v();
            }
        },
        t);
}

void ExecutionWorker::on_timers() {
    const auto now = Clock::now();
    if (stream_ == StreamState::connecting && now >= stream_deadline_)
        handle_stream_down("did not connect within " + std::to_string(options_.stream_connect_timeout.count()) + " ms");
    if ((stream_ == StreamState::down || stream_ == StreamState::none) && now >= next_poll_) {
        next_poll_ = now + options_.poll_interval;
        schedule_reconcile(stream_ == StreamState::none ? "poll" : "polling while the " + options_.stream_label + " is down");
    }
    confirm_cancels(now);
    if (reconcile_why_ && Clock::now() >= reconcile_due_) {
        const std::string why = std::move(*reconcile_why_);
        reconcile_why_.reset();
        last_reconcile_ = Clock::now();
        reconciled_once_ = true;
        reconcile(why);
    }
}

void ExecutionWorker::confirm_cancels(Clock::time_point now) {
    for (auto it = cancel_checks_.begin(); it != cancel_checks_.end();) {
        if (now < it->second.due) {
            ++it;
            continue;
        }
        const std::string cid = it->first;
        LedgerOrder* o = ledger_.order(cid);
        if (!o || o->terminal()) {  // the stream (or a reconciliation) said it first
            it = cancel_checks_.erase(it);
            continue;
        }
        Lookup q = dialect_.query_order(*o);
        if (q.found == Lookup::Found::yes) {
            q.order.client_order_id = cid;
            apply_order(q.order, true);
            persist();
        } else {
            host_.warn(options_.venue + ": confirming the cancel of " + cid + ": " + describe(q.error));
        }
        o = ledger_.order(cid);
        if (!o || o->terminal() || ++it->second.tries >= 3) {
            it = cancel_checks_.erase(it);
        } else {
            it->second.due = now + options_.cancel_confirm_timeout;  // pending_cancel at the venue
            ++it;
        }
    }
}

void ExecutionWorker::schedule_reconcile(std::string why) {
    if (reconcile_why_) return;  // one is due already: it covers this request too
    reconcile_why_ = std::move(why);
    const auto now = Clock::now();
    reconcile_due_ = reconciled_once_ ? std::max(now, last_reconcile_ + options_.min_reconcile_interval) : now;
}

// ---------------------------------------------------------------------------------------
// Stream
// ---------------------------------------------------------------------------------------

void ExecutionWorker::handle_stream_up() {
    const bool reconnect = ++stream_connects_ > 1;
    if (reconnect) host_.metric_add("reconnects", 1);
    status(TH_VENUE_CONNECTED, options_.stream_label + (reconnect ? " reconnected" : " connected"));
    stream_ = StreamState::up;
    // Whatever happened while we were away: fills, endings.
    schedule_reconcile(reconnect ? options_.stream_label + " reconnected" : "start");
}

void ExecutionWorker::handle_stream_down(const std::string& reason) {
    if (stream_ != StreamState::down) {
        host_.warn(options_.venue + ": " + options_.stream_label + " down (" + reason + "): polling the venue every " +
                   std::to_string(options_.poll_interval.count()) + " ms until it is back");
        status(TH_VENUE_DISCONNECTED, options_.stream_label + ": " + reason);
        // Fills keep arriving without the stream: polls until it is back. A stream that
        // reconnects at once (the usual case) never gets to the first one.
        next_poll_ = Clock::now() + options_.poll_interval;
    }
    stream_ = StreamState::down;
}

void ExecutionWorker::handle_stream_text(const std::string& msg) {
    StreamOutcome s;
    try {
        s = dialect_.on_stream_message(msg);
    } catch (const std::exception& e) {
        host_.warn(options_.venue + ": " + options_.stream_label + ": unreadable message skipped: " + e.what());
        return;
    }
    apply(s.updates, true);
    persist();
    if (s.gap.empty()) return;
    host_.metric_add("sequence_gaps", 1);
    status(TH_VENUE_GAP, options_.stream_label + ": " + s.gap);
    schedule_reconcile(options_.stream_label + " gap");
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

void ExecutionWorker::handle_new(const th_order_request& req) {
    if (!admit_new(req)) return;
    persist();  // before sending: after a crash the next start still knows the order
    handle_admitted(req);
}

bool ExecutionWorker::stopping_now() {
    std::lock_guard<std::mutex> lk(mu_);
    return stopping_;
}

void ExecutionWorker::handle_admitted(const th_order_request& req) {
    const std::string cid = id_of(req.client_order_id);
    host_.metric_add("orders_sent", 1);
    Outcome r;
    try {
        r = dialect_.place(req, *ledger_.order(cid));
    } catch (const std::exception& e) {
        if (stopping_now()) throw;  // a venue call woken by stop(): run() ends quietly
        host_.error(options_.venue + ": placing order " + cid + " failed (" + e.what() + "): looking it up");
        r = thrown_outcome(e);
    }
    after_place(req, cid, r);
}

bool ExecutionWorker::admit_new(const th_order_request& req) {
    const std::string cid = id_of(req.client_order_id);
    // Again here: the kill switch may have been engaged while the request was queued.
    if (auto why = stateless_check(req)) {
        reject(req, cid, *why);
        return false;
    }
    if (auto why = dialect_.check_new(req)) {
        reject(req, cid, *why);
        return false;
    }

    LedgerOrder lo;
    lo.client_order_id = cid;
    lo.instrument = req.instrument;
    lo.side = req.side;
    lo.order_qty = req.qty;
    lo.status = TH_STATUS_PENDING_NEW;
    // Never send a client order id twice: the venue might accept a duplicate.
    if (ledger_.client_id_taken(cid)) {
        reject(req, cid, text(reject_text::kDuplicate, cid));
        return false;
    }
    lo.venue_client_id = venue_client_id_for(cid);
    if (!ledger_.add_order(lo)) {
        reject(req, cid, text(reject_text::kDuplicate, cid));
        return false;
    }
    return true;
}

void ExecutionWorker::after_place(const th_order_request& req, const std::string& cid, const Outcome& r) {
    LedgerOrder* o = ledger_.order(cid);
    if (!o) return;
    if (r.ok()) {
        apply(r, false);
    } else if (r.error.outcome_unknown()) {
        // The venue may or may not hold the order: ask by client order id instead of resending.
        Lookup q = dialect_.query_order(*o);
        if (q.found == Lookup::Found::yes) {
            q.order.client_order_id = cid;
            apply_order(q.order, true);
        } else if (q.found == Lookup::Found::no && q.error.kind == ErrorKind::unknown_order) {
            // It was never placed. A venue that refuses a duplicate client id makes a resend safe.
            Outcome again;
            if (dialect_.dedupes_client_order_ids()) {
                again = dialect_.place(req, *ledger_.order(cid));
                if (again.ok()) {
                    apply(again, false);
                    persist();
                    return;
                }
            }
            const VenueError& why = again.error ? again.error : r.error;
            if (dialect_.dedupes_client_order_ids() && why.outcome_unknown()) {
                host_.warn(options_.venue + ": order " + cid + " outcome unknown (" + describe(why) +
                           "); reconciliation will tell");
            } else if ((o = ledger_.order(cid)) && !o->terminal()) {
                finish(*o, TH_STATUS_REJECTED, text(reject_text::kNotPlaced, describe(why)), host_.now());
            }
        } else {
            // Not found in a list is no proof (the venue may not show it yet): reconciliation
            // decides, rejecting it only if it is still missing then.
            host_.warn(options_.venue + ": order " + cid + " outcome unknown (" + describe(r.error) +
                       "); reconciliation will tell");
        }
    } else if (!o->terminal()) {
        finish(*o, TH_STATUS_REJECTED, describe(r.error), host_.now());
    }
    persist();
}

// A batch of new orders: each is checked and entered in the ledger as handle_new does, the
// ledger is saved once, one request sends them all, and each order's share of the answer is
// applied as a single placement's answer is (a lost answer: each order is looked up).
void ExecutionWorker::handle_new_batch(const std::vector<th_order_request>& reqs) {
    std::vector<const th_order_request*> sent;
    for (const th_order_request& req : reqs)
        if (admit_new(req)) sent.push_back(&req);
    if (sent.empty()) return;
    persist();  // before sending, as for one order
    if (sent.size() == 1) return handle_admitted(*sent[0]);
    std::vector<const LedgerOrder*> orders;
    for (const th_order_request* req : sent) orders.push_back(ledger_.order(id_of(req->client_order_id)));
    host_.metric_add("orders_sent", static_cast<int64_t>(sent.size()));
    host_.metric_add("order_batches", 1);
    std::vector<Outcome> answers;
    try {
        answers = dialect_.place_batch(sent, orders);
    } catch (const std::exception& e) {
        if (stopping_now()) throw;  // a venue call woken by stop(): run() ends quietly
        host_.error(options_.venue + ": placing a batch of " + std::to_string(sent.size()) + " orders failed (" +
                    e.what() + "): looking each up");
        answers.assign(sent.size(), thrown_outcome(e));
    }
    if (answers.size() != sent.size()) {
        // A dialect bug, not a venue answer: what happened to each order is unknown.
        host_.error(options_.venue + ": place_batch answered " + std::to_string(answers.size()) + " outcomes for " +
                    std::to_string(sent.size()) + " orders: looking each up");
        Outcome unknown;
        unknown.error.kind = ErrorKind::server;
        unknown.error.message = "batch answer does not match the batch";
        answers.assign(sent.size(), unknown);
    }
    for (std::size_t i = 0; i < sent.size(); ++i) after_place(*sent[i], id_of(sent[i]->client_order_id), answers[i]);
}

// A batch of cancels of single orders (take_batch leaves mass cancels and repeats out).
void ExecutionWorker::handle_cancel_batch(const std::vector<th_order_request>& reqs) {
    struct One { const th_order_request* req; std::string who, orig; };
    std::vector<One> sent;
    std::vector<const LedgerOrder*> orders;
    for (const th_order_request& req : reqs) {
        const std::string orig = id_of(req.orig_client_order_id), own = id_of(req.client_order_id);
        const std::string who = own.empty() ? orig : own;
        if (const LedgerOrder* o = admit_cancel(req, who)) {
            sent.push_back({&req, who, orig});
            orders.push_back(o);
        }
    }
    if (sent.empty()) return;
    std::vector<Outcome> answers;
    if (sent.size() == 1) {
        answers.push_back(dialect_.cancel(*orders[0]));
    } else {
        host_.metric_add("cancel_batches", 1);
        answers = dialect_.cancel_batch(orders);
    }
    if (answers.size() != sent.size()) {
        host_.error(options_.venue + ": cancel_batch answered " + std::to_string(answers.size()) + " outcomes for " +
                    std::to_string(sent.size()) + " cancels");
        Outcome unknown;
        unknown.error.kind = ErrorKind::server;
        unknown.error.message = "batch answer does not match the batch";
        answers.assign(sent.size(), unknown);
    }
    for (std::size_t i = 0; i < sent.size(); ++i) after_cancel(*sent[i].req, sent[i].who, sent[i].orig, answers[i]);
}

void ExecutionWorker::handle_cancel(const th_order_request& req) {
    const std::string orig = id_of(req.orig_client_order_id);
    const std::string own = id_of(req.client_order_id);
    const std::string who = own.empty() ? orig : own;
    // "*" and "market:<id>" name no order: every open one, or one market's (mass cancel).
    if (orig == reject_text::kCancelAll) return handle_mass_cancel(req, who, "");
    if (orig.rfind(reject_text::kCancelMarketPrefix, 0) == 0 && orig.size() > reject_text::kCancelMarketPrefix.size())
        return handle_mass_cancel(req, who, orig.substr(reject_text::kCancelMarketPrefix.size()));
    LedgerOrder* o = admit_cancel(req, who);
    if (!o) return;
    Outcome r = dialect_.cancel(*o);
    after_cancel(req, who, orig, r);
}

LedgerOrder* ExecutionWorker::admit_cancel(const th_order_request& req, const std::string& who) {
    const std::string orig = id_of(req.orig_client_order_id);
    LedgerOrder* o = orig.empty() ? nullptr : ledger_.order(orig);
    if (!o) {
        reject(req, who, text(reject_text::kUnknownOrder, orig));
        return nullptr;
    }
    if (o->terminal()) {
        reject(req, who, text(reject_text::kAlreadyDone, orig));
        return nullptr;
    }
    if (dialect_.cancels_by_venue_id() && o->venue_order_id.empty())
        {
        reject(req, who, text(reject_text::kNotAcknowledged, orig));
        return nullptr;
    }
    return o;
}

void ExecutionWorker::after_cancel(const th_order_request& req, const std::string& who, const std::string& orig,
                                   const Outcome& r) {
    if (!r.ok()) return reject(req, who, text(reject_text::kCancelRefused, describe(r.error)));
    apply(r, false);
    persist();
    // Accepted but not ended in the answer: the stream should say so soon; if it does not
    // (down, or slow), the venue is asked directly rather than leaving the cancel unreported.
    LedgerOrder* o = ledger_.order(orig);
    if (o && !o->terminal() && options_.cancel_confirm_timeout.count() > 0)
        cancel_checks_[orig] = CancelCheck{Clock::now() + options_.cancel_confirm_timeout, 0};
}

// A mass cancel: one venue call; each order it canceled is reported CANCELED as the venue's
// answer (or, later, its stream) says. Orders of other clients on the account are not ours
// and are not reported. A venue that cannot refuses the request.
void ExecutionWorker::handle_mass_cancel(const th_order_request& req, const std::string& who,
                                         const std::string& market) {
    std::optional<Outcome> r = dialect_.cancel_all(market);
    if (!r) return reject(req, who, std::string(reject_text::kMassCancelUnsupported));
    if (!r->ok()) return reject(req, who, text(reject_text::kCancelRefused, describe(r->error)));
    host_.info(options_.venue + ": mass cancel " + (market.empty() ? std::string("of every open order") : "of market " + market) +
               ": " + std::to_string(r->orders.size()) + " canceled");
    apply(*r, false);
    persist();
}

void ExecutionWorker::handle_replace(const th_order_request& req) {
    const std::string orig = id_of(req.orig_client_order_id);
    const std::string nid = id_of(req.client_order_id);
    const std::string who = nid.empty() ? orig : nid;
    if (!dialect_.supports_replace()) return reject(req, who, reject_text::kReplaceUnsupported);
    if (nid.empty()) return reject(req, who, reject_text::kMissingClientOrderId);
    LedgerOrder* old = orig.empty() ? nullptr : ledger_.order(orig);
    if (!old) return reject(req, nid, text(reject_text::kUnknownOrder, orig));
    if (old->terminal()) return reject(req, nid, text(reject_text::kAlreadyDone, orig));
    if (dialect_.cancels_by_venue_id() && old->venue_order_id.empty())
        return reject(req, nid, text(reject_text::kNotAcknowledged, orig));
    if (host_.kill_switch_engaged()) return reject(req, nid, reject_text::kKillSwitch);
    if (req.qty <= 0) return reject(req, nid, reject_text::kInvalidQty);

    LedgerOrder next;
    next.client_order_id = nid;
    next.instrument = old->instrument;
    next.side = old->side;
    next.order_qty = req.qty;
    next.status = TH_STATUS_PENDING_NEW;
    if (dialect_.replace_keeps_fills()) {
        next.cum_qty = old->cum_qty;
        next.notional = old->notional;
    }
    if (ledger_.client_id_taken(nid)) return reject(req, nid, text(reject_text::kDuplicate, nid));
    next.venue_client_id = venue_client_id_for(nid);
    if (!ledger_.add_order(next)) return reject(req, nid, text(reject_text::kDuplicate, nid));
    persist();

    host_.metric_add("orders_sent", 1);
    Outcome r = dialect_.replace(req, *ledger_.order(orig), *ledger_.order(nid));
    LedgerOrder* n = ledger_.order(nid);
    if (!n) return;
    if (!r.ok()) {
        finish(*n, TH_STATUS_REJECTED, text(reject_text::kReplaceRefused, describe(r.error)), host_.now());
        persist();
        return;
    }
    // The old order is done; the new one carries on, reported REPLACED (not CANCELED + NEW).
    if (LedgerOrder* o = ledger_.order(orig); o && !o->terminal()) o->status = TH_STATUS_CANCELED;
    int64_t ts = 0;
    for (const OrderUpdate& u : r.orders) {
        if (u.client_order_id != nid) continue;
        if (n->venue_order_id.empty() && !u.venue_order_id.empty()) ledger_.set_venue_id(nid, u.venue_order_id);
        ts = u.ts_ns;
    }
    if ((n = ledger_.order(nid)) && n->status == TH_STATUS_PENDING_NEW) {
        n->status = n->cum_qty > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
        report(*n, TH_EXEC_REPLACED, 0, 0, "", ts ? ts : host_.now());
    }
    apply(r, false);
    persist();
}

// ---------------------------------------------------------------------------------------
// Applying what the venue said
// ---------------------------------------------------------------------------------------

void ExecutionWorker::apply(const Outcome& o, bool recover_fills) {
    // Acknowledgements, then fills, then endings: reports in the order things happened.
    for (const OrderUpdate& u : o.orders)
        if (!ends_order(u.status)) apply_order(u, recover_fills);
    apply_fills(o.fills);
    for (const OrderUpdate& u : o.orders)
        if (ends_order(u.status)) apply_order(u, recover_fills);
}

std::string ExecutionWorker::venue_client_id_for(const std::string& cid) {
    const ClientIdFormat format = dialect_.client_id_format();
    std::string id = venue_client_id(format, cid);
    // A derived id that another order already holds (as its own or its venue's id): salt it.
    for (unsigned salt = 1; id != cid && ledger_.client_id_taken(id) && salt < 1000; ++salt)
        id = venue_client_id(format, cid, salt);
    if (id != cid) host_.info(options_.venue + ": order " + cid + " goes to the venue as " + id);
    return id;
}

LedgerOrder* ExecutionWorker::find(const std::string& cid, const std::string& venue_id) {
    LedgerOrder* o = cid.empty() ? nullptr : ledger_.order_by_venue_client_id(cid);
    if (!o && !cid.empty()) o = ledger_.order(cid);
    if (!o && !venue_id.empty()) o = ledger_.order_by_venue_id(venue_id);
    return o;
}

void ExecutionWorker::apply_order(const OrderUpdate& u, bool recover_fills) {
    LedgerOrder* o = find(u.client_order_id, u.venue_order_id);
    if (!o) return;  // not one of ours (another client on the same account)
    const std::string cid = o->client_order_id;
    if (o->venue_order_id.empty() && !u.venue_order_id.empty()) {
        ledger_.set_venue_id(cid, u.venue_order_id);
        persist();  // the id mapping is durable before anyone hears of the order
    }
    const int64_t ts = u.ts_ns ? u.ts_ns : host_.now();
    // The venue says more was executed than the ledger has fills for (a stream without
    // per-fill ids, or a lost fill message): fetch the fills first, so an ending follows them.
    if (recover_fills && u.executed_qty > o->cum_qty && !o->venue_order_id.empty()) {
        if (auto r = dialect_.query_order_fills(*o)) {
            if (!r->ok()) host_.warn(options_.venue + ": fills of order " + cid + ": " + describe(r->error));
            apply_fills(r->fills);
        }
        if (!(o = ledger_.order(cid))) return;
    }
    if (o->status == TH_STATUS_PENDING_NEW && !is_terminal(u.status)) {
        o->status = TH_STATUS_NEW;
        report(*o, TH_EXEC_NEW, 0, 0, "", ts);
    }
    // Fills change the status through apply_fill; here only the venue's own endings.
    if (ends_order(u.status) && !o->terminal()) {
        if (u.replaced) {
            o->status = TH_STATUS_CANCELED;  // its replacement carries on under the new id
            return;
        }
        finish(*o, u.status, u.reason, ts);
    }
}

int ExecutionWorker::apply_fills(std::vector<FillUpdate> fills) {
    std::stable_sort(fills.begin(), fills.end(),
                     [](const FillUpdate& a, const FillUpdate& b) { return a.ts_ns < b.ts_ns; });
    int n = 0;
    for (const FillUpdate& f : fills) n += apply_fill(f) ? 1 : 0;
    return n;
}

std::string bust_fill_id(std::string_view fill_id) {
    std::string id = "x:" + std::string(fill_id);
    if (id.size() < TH_ID_LEN) return id;
    return "x-" + hex_encode(sha256(Ledger::reversal_id(fill_id))).substr(0, 37);
}

bool ExecutionWorker::apply_fill(const FillUpdate& f) {
    if (f.reversal) return apply_reversal(f);
    LedgerOrder* o = find(f.client_order_id, f.venue_order_id);
    if (!o || f.fill_id.empty()) return false;
    const int64_t ts = f.ts_ns ? f.ts_ns : host_.now();
    if (ledger_.has_fill(f.fill_id, ts)) return false;
    if (f.order_cum_qty > 0 && o->cum_qty >= f.order_cum_qty) return false;  // covered under another id
    const std::string cid = o->client_order_id;
    if (o->venue_order_id.empty() && !f.venue_order_id.empty()) ledger_.set_venue_id(cid, f.venue_order_id);
    if (!ledger_.record_fill(f.fill_id, ts, cid, f.px, f.qty)) return false;
    if (!(o = ledger_.order(cid))) return false;
    o->status = o->cum_qty >= o->order_qty ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
    // Published first, saved after (every caller persists once its batch is applied): the
    // host's journal commits this fill no later than the ledger that records it, so the
    // ledger never holds a fill the journal lacks. A crash between the two publishes the
    // fill again at the next start, and the journal keeps it once (its fill id is the key).

    th_fill e = make_event<th_fill>(ts);
    e.instrument = o->instrument;
    e.side = o->side;
    e.liquidity = f.liquidity;
    e.px = f.px;
    e.qty = f.qty;
    e.fee = f.fee;
    copy_str(e.client_order_id, cid);
    copy_str(e.venue_order_id, f.venue_order_id.empty() ? o->venue_order_id : f.venue_order_id);
    copy_str(e.fill_id, f.fill_id);
    host_.try_publish(ports::kPortFills, e.hdr);
    host_.metric_add("fills", 1);
    report(*o, o->status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, f.px, f.qty, "", ts);
    account_dirty_ = true;
    return true;
}

// A bust (docs/venue-kit.md, "Reversed fills"): the fill comes back off the order once, a
// fill of -qty says so to every consumer that sums fills (journal, positions, PnL), and a
// report restates the order. A filled order whose fill is busted does not come back to the
// book (the venue matched it; its trade failed): it ends CANCELED. An open order stays open
// with less filled.
bool ExecutionWorker::apply_reversal(const FillUpdate& f) {
    LedgerOrder* o = find(f.client_order_id, f.venue_order_id);
    if (!o || f.fill_id.empty()) return false;
    const std::string cid = o->client_order_id;
    if (!ledger_.reverse_fill(f.fill_id, cid, f.px, f.qty)) return false;  // never counted, or done
    if (!(o = ledger_.order(cid))) return false;
    const int64_t ts = f.ts_ns ? f.ts_ns : host_.now();
    uint8_t exec_type = TH_EXEC_PARTIAL_FILL;
    if (o->status == TH_STATUS_FILLED && o->cum_qty < o->order_qty) {
        o->status = TH_STATUS_CANCELED;
        exec_type = TH_EXEC_CANCELED;
    } else if (o->terminal()) {
        exec_type = exec_type_for(o->status);
    } else {
        o->status = o->cum_qty > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
        exec_type = o->cum_qty > 0 ? TH_EXEC_PARTIAL_FILL : TH_EXEC_NEW;
    }
    th_fill e = make_event<th_fill>(ts);
    e.instrument = o->instrument;
    e.side = o->side;
    e.liquidity = f.liquidity;
    e.px = f.px;
    e.qty = -f.qty;
    e.fee = -f.fee;
    copy_str(e.client_order_id, cid);
    copy_str(e.venue_order_id, f.venue_order_id.empty() ? o->venue_order_id : f.venue_order_id);
    copy_str(e.fill_id, bust_fill_id(f.fill_id));
    host_.try_publish(ports::kPortFills, e.hdr);
    host_.metric_add("fills_reversed", 1);
    host_.warn(options_.venue + ": fill " + f.fill_id + " of order " + cid + " reversed by the venue");
    report(*o, exec_type, f.px, -f.qty, "fill " + f.fill_id + " reversed by the venue", ts);
    account_dirty_ = true;
    return true;
}

void ExecutionWorker::finish(LedgerOrder& o, uint8_t status, std::string_view reason, int64_t ts) {
    o.status = status;
    report(o, exec_type_for(status), 0, 0, reason, ts);
}

// ---------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------

void ExecutionWorker::reconcile(const std::string& why) {
    std::vector<std::string> open;
    for (const LedgerOrder* o : ledger_.open_orders()) open.push_back(o->client_order_id);

    // 1. Open orders: the venue's list where it has one, a lookup for each order it lacks.
    std::vector<OrderUpdate> states;
    std::set<std::string> listed;
    if (auto all = dialect_.query_open_orders()) {
        if (!all->ok()) {
            host_.warn(options_.venue + ": reconciliation: open orders: " + describe(all->error));
            // Once per outage; the next poll, reconnect or start tries again.
            if (!reconcile_failed_) status(TH_VENUE_DISCONNECTED, "reconciliation failed: " + describe(all->error));
            reconcile_failed_ = true;
            return;
        }
        for (OrderUpdate& u : all->orders) {
            LedgerOrder* o = find(u.client_order_id, u.venue_order_id);
            if (!o) continue;
            if (o->venue_order_id.empty() && !u.venue_order_id.empty())
                ledger_.set_venue_id(o->client_order_id, u.venue_order_id);
            u.client_order_id = o->client_order_id;
            listed.insert(u.client_order_id);
            states.push_back(std::move(u));
        }
    }
    for (const std::string& cid : open) {
        if (listed.count(cid)) continue;
        LedgerOrder* o = ledger_.order(cid);
        if (!o || o->terminal()) continue;
        Lookup q = dialect_.query_order(*o);
        if (!(o = ledger_.order(cid))) continue;
        if (q.found == Lookup::Found::yes) {
            // The venue id first: the fills below are matched to ledger orders by it.
            if (o->venue_order_id.empty() && !q.order.venue_order_id.empty())
                ledger_.set_venue_id(cid, q.order.venue_order_id);
            q.order.client_order_id = cid;
            states.push_back(std::move(q.order));
        } else if (q.found == Lookup::Found::no && o->status == TH_STATUS_PENDING_NEW) {
            // No request is in flight during reconciliation (one worker): it never arrived.
            finish(*o, TH_STATUS_REJECTED, reject_text::kNotFoundAfterSend, host_.now());
        } else if (q.found == Lookup::Found::no) {
            host_.warn(options_.venue + ": reconciliation: order " + cid + " not found at the venue");
        } else {
            host_.warn(options_.venue + ": reconciliation: order " + cid + ": " + describe(q.error));
        }
    }

    // 2. Fills since the watermark, minus an overlap; the ledger drops those already published.
    int recovered = 0;
    const int64_t wm = ledger_.fill_watermark_ns();
    if (!open.empty() || wm > 0 || dialect_.reads_transaction_log()) {
        const int64_t since = wm > 0 ? std::max<int64_t>(0, wm - options_.fill_overlap.count()) : 0;
        Outcome f = dialect_.query_fills_since(since, ledger_.open_orders());
        if (!f.ok()) host_.warn(options_.venue + ": reconciliation: fills: " + describe(f.error));
        // A transaction log's acknowledgements come before its fills, its endings after them.
        for (const OrderUpdate& u : f.orders)
            if (!ends_order(u.status)) apply_order(u, false);
        recovered = apply_fills(std::move(f.fills));
        for (OrderUpdate& u : f.orders)
            if (ends_order(u.status)) states.push_back(std::move(u));
    }

    // 3. The venue's endings, after the fills that preceded them.
    for (const OrderUpdate& u : states) apply_order(u, false);
    persist();
    // A venue without a stream polls all the time: a routine poll that found nothing new and
    // follows a good one is not announced (nor does it refresh the account).
    const bool routine = why == "poll" && recovered == 0 && !reconcile_failed_;
    reconcile_failed_ = false;
    if (routine) return;
    status(TH_VENUE_RECONCILED, why + ": " + std::to_string(open.size()) + " open orders checked, " +
                                    std::to_string(recovered) + " fills recovered");
    account_dirty_ = true;
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

void ExecutionWorker::reject(const th_order_request& req, std::string_view cid, std::string_view reason) {
    host_.metric_add("orders_rejected", 1);
    th_execution_report r = rejection_of(req, cid, reason, host_.now());
    host_.try_publish(ports::kPortExecReports, r.hdr);
}

void ExecutionWorker::report(const LedgerOrder& o, uint8_t exec_type, th_fixed last_px, th_fixed last_qty,
                             std::string_view reason, int64_t ts) {
    if (exec_type == TH_EXEC_REJECTED) host_.metric_add("orders_rejected", 1);
    th_execution_report r = make_event<th_execution_report>(ts ? ts : host_.now());
    r.instrument = o.instrument;
    r.exec_type = exec_type;
    r.status = o.status;
    r.side = o.side;
    r.order_qty = o.order_qty;
    r.cum_qty = o.cum_qty;
    r.leaves_qty = o.terminal() ? 0 : std::max<th_fixed>(0, o.order_qty - o.cum_qty);
    r.avg_px = o.cum_qty > 0 ? fixed_div(o.notional, o.cum_qty) : 0;
    r.last_px = last_px;
    r.last_qty = last_qty;
    copy_str(r.client_order_id, o.client_order_id);
    copy_str(r.venue_order_id, o.venue_order_id);
    copy_str(r.reason, reason);
    host_.try_publish(ports::kPortExecReports, r.hdr);
}

void ExecutionWorker::status(uint32_t state, const std::string& what) {
    th_venue_status s = make_event<th_venue_status>(host_.now());
    s.state = state;
    copy_str(s.venue, options_.venue);
    copy_str(s.text, what);
    host_.try_publish(ports::kPortStatus, s.hdr);
}

void ExecutionWorker::persist() {
    // Terminal orders are only needed to recognise late fills; keep a bounded tail of them.
    // What is written is the head and any segment sealed since (each once), so a save costs
    // what is open, not the session's history; the head goes last.
    try {
        for (const Ledger::Write& w : ledger_.take_writes(options_.keep_terminal))
            host_.state_put(options_.ledger_key + w.suffix, w.blob);
        persist_failed_ = false;
        dialect_.after_persist();
    } catch (const std::exception& e) {
        if (!persist_failed_) host_.error(options_.venue + ": saving the ledger failed: " + e.what());
        persist_failed_ = true;
    }
}

}  // namespace tradehost::venue
