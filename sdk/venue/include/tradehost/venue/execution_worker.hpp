// The execution worker: the order algorithm every venue adapter shares, written once.
//
// It owns the work queue and its thread, the fill ledger (loaded at start, saved with
// state_put after every change; absent or empty saved state is a fresh ledger), the unified
// pre-checks of new/cancel/replace requests and their reject texts, execution reports and
// fills, the venue status of the order stream, and reconciliation: at start, after every
// (re)connect of the order stream, after a gap, and by polling while the stream is down or
// never came up (rate-limited, coalesced). The adapter supplies only its dialect
// (ExecutionDialect): place, cancel, replace, look up, list open orders, list fills since a
// time, parse its stream, and its error table. See docs/venue-kit.md, "The execution worker".
//
// Threads: submit/post/stream_* may be called from any thread (they only queue); every
// ExecutionDialect method except open_stream's stream callbacks and interrupt() runs on the
// worker thread. The dialect must outlive the worker (declare it first).
#pragma once

#include <tradehost/plugin.hpp>
#include <tradehost/venue/client_ids.hpp>
#include <tradehost/venue/errors.hpp>
#include <tradehost/venue/ledger.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

namespace tradehost::venue {

/// The unified reject texts (execution report `reason`), the same on every venue. Texts that
/// name an order end with its client order id.
namespace reject_text {
inline constexpr std::string_view kMissingClientOrderId = "missing client_order_id";
inline constexpr std::string_view kKillSwitch = "kill switch engaged";
inline constexpr std::string_view kInvalidSide = "invalid side: must be buy or sell";
inline constexpr std::string_view kInvalidQty = "invalid qty: must be > 0";
inline constexpr std::string_view kInvalidAction = "invalid action";
inline constexpr std::string_view kUnknownInstrument = "unknown instrument";
inline constexpr std::string_view kDuplicate = "duplicate client_order_id";   ///< + " <id>"
inline constexpr std::string_view kUnknownOrder = "unknown order";            ///< + " <orig id>"
inline constexpr std::string_view kAlreadyDone = "order already done:";       ///< + " <orig id>"
inline constexpr std::string_view kNotAcknowledged = "order not acknowledged by the venue yet:";  ///< + " <orig id>"
inline constexpr std::string_view kReplaceUnsupported = "replace not supported by the venue: cancel, then send a new order";
inline constexpr std::string_view kNotReady = "venue not ready:";             ///< + " <why>"
inline constexpr std::string_view kCancelRefused = "cancel refused:";         ///< + " <venue error>"
inline constexpr std::string_view kReplaceRefused = "replace refused:";       ///< + " <venue error>"
inline constexpr std::string_view kNotPlaced = "not placed:";                 ///< + " <venue error>"
inline constexpr std::string_view kNotFoundAfterSend = "not found at the venue after send";
inline constexpr std::string_view kMassCancelUnsupported = "mass cancel not supported by the venue";
/// orig_client_order_id of a cancel of every open order; "market:<id>" cancels one market's.
inline constexpr std::string_view kCancelAll = "*";
inline constexpr std::string_view kCancelMarketPrefix = "market:";
}  // namespace reject_text

/// What the venue says about one of our orders (an answer, a listing, a stream message).
struct OrderUpdate {
    std::string client_order_id;   ///< ours (the host's or the venue client id), where the venue carries it
    std::string venue_order_id;
    /// The venue's state as th_order_status. Non-terminal states acknowledge the order;
    /// CANCELED, EXPIRED and REJECTED end it; FILLED/PARTIALLY_FILLED change nothing by
    /// themselves (fills do).
    uint8_t status = TH_STATUS_NEW;
    th_fixed executed_qty = 0;     ///< cumulative, when the venue says (0: unknown)
    int64_t ts_ns = 0;             ///< 0: now
    std::string reason;            ///< the venue's reject/cancel reason
    bool replaced = false;         ///< canceled because replaced: ends it without a report
};

/// One of our executions.
struct FillUpdate {
    std::string fill_id;           ///< unique per venue (the ledger dedupes on it)
    std::string client_order_id;   ///< empty when the venue's record does not carry it
    std::string venue_order_id;
    th_fixed px = 0, qty = 0;
    th_fixed fee = 0;              ///< in the quote currency; 0 unknown
    uint8_t liquidity = TH_LIQ_UNKNOWN;
    int64_t ts_ns = 0;             ///< 0: now
    /// The order's cumulative quantity after this fill, when the record says it (0:
    /// unknown). A fill the ledger already covers by quantity (it came on the stream under an
    /// id this record does not repeat) is skipped.
    th_fixed order_cum_qty = 0;
    /// A bust: the venue reversed the fill `fill_id` it reported before (px and qty as then).
    /// The ledger takes it back off the order once (Ledger::reverse_fill), and the worker
    /// publishes a fill of -qty under bust_fill_id(fill_id) and a correcting execution report
    /// (last_qty -qty). A reversal of a fill never counted changes nothing.
    bool reversal = false;
};

/// The fill id a bust of `fill_id` is published under: "x:" + the id when that fits
/// TH_ID_LEN, else "x-" + 37 hex digits of its SHA-256.
std::string bust_fill_id(std::string_view fill_id);

/// What an answer or stream message carried.
struct Outcome {
    VenueError error;              ///< kind none: the venue accepted the request
    std::vector<OrderUpdate> orders;
    std::vector<FillUpdate> fills;
    bool ok() const noexcept { return !error; }
};

/// A lookup of one order.
struct Lookup {
    enum class Found { yes, no, failed } found = Found::failed;
    OrderUpdate order;             ///< when yes
    VenueError error;              ///< why it failed; for no, the venue's "unknown order" if any
};

/// What a stream message carried, plus a gap (messages lost) when the dialect saw one.
struct StreamOutcome {
    Outcome updates;
    std::string gap;               ///< non-empty: publish GAP with this text and reconcile
};

class ExecutionWorker;

/// The venue's half: one implementation per venue (or per exchange dialect). Worker thread
/// unless said otherwise. Methods that talk to the venue return its error in unified terms.
class ExecutionDialect {
public:
    virtual ~ExecutionDialect() = default;

    /// Everything needed before the first order (markets and limits, the account). Called
    /// until it returns true, with backoff; `why` says what is missing (orders queued
    /// meanwhile are rejected "venue not ready: <why>").
    virtual bool connect(std::string& why) { (void)why; return true; }
    /// Opens the order/fill stream, whose threads report through worker.stream_up /
    /// stream_down / stream_message / stream_updates. False: the venue has none (the worker
    /// polls instead).
    virtual bool open_stream(ExecutionWorker& worker) { (void)worker; return false; }
    /// Closes it; no callback runs after it returns. Executor thread, after the worker joined.
    virtual void close_stream() {}
    /// Wakes any wait inside a venue call (rate-limit back-off). Any thread.
    virtual void interrupt() {}

    /// The venue's documented client order id format. The worker sends each order under
    /// LedgerOrder::venue_client_id (the host's id when it fits, else one derived from it),
    /// which place/cancel/replace/query_order must use; updates may carry either id.
    virtual ClientIdFormat client_id_format() const { return {}; }
    /// Venue-specific checks of a new order (type, TIF, limits, lot size); a reason to
    /// reject it, or nullopt.
    virtual std::optional<std::string> check_new(const th_order_request& req) { (void)req; return std::nullopt; }
    /// Sends a new order (the ledger already holds it, PENDING_NEW) under order.venue_client_id.
    virtual Outcome place(const th_order_request& req, const LedgerOrder& order) = 0;
    /// Cancels `order` (not terminal; acknowledged if cancels_by_venue_id()).
    virtual Outcome cancel(const LedgerOrder& order) = 0;
    /// A mass cancel (docs/venue-kit.md, "Mass cancels"): every open order of the account
    /// (`market` empty) or of one market (the venue's market id, th_instrument_info.group).
    /// The answer's updates end the orders it canceled (found by venue id). nullopt: the
    /// venue has none (the request is rejected).
    virtual std::optional<Outcome> cancel_all(std::string_view market) { (void)market; return std::nullopt; }
    /// True when cancel and replace address the venue's order id (no cancel by ours).
    virtual bool cancels_by_venue_id() const { return false; }
    virtual bool supports_replace() const { return false; }
    /// True when the replacement carries the old order's fills on (Questrade's order chain):
    /// the new order starts with the old one's cum_qty and notional.
    virtual bool replace_keeps_fills() const { return false; }
    /// Replaces `old` with `req` (new client order id `next.client_order_id`). The answer's
    /// order update for the new order acknowledges it (reported REPLACED).
    virtual Outcome replace(const th_order_request& req, const LedgerOrder& old, const LedgerOrder& next) {
        (void)req, (void)old, (void)next;
        return {};
    }
    /// Batches (docs/venue-kit.md, "Batches"): the most new orders one place_batch call
    /// sends. 1 (the default): every order goes through place. Above 1, the worker drains up
    /// to this many consecutive queued new orders into one call (one order alone still goes
    /// through place).
    virtual std::size_t max_place_batch() const { return 1; }
    /// Sends `reqs[i]` as `orders[i]` (each in the ledger, PENDING_NEW, under its
    /// venue_client_id) in one request. The answer holds one Outcome per order, in the same
    /// order, each read as place's answer is: a refusal of one order is that order's error
    /// alone; a failure of the whole request (no answer, 5xx: outcome unknown; a 4xx) is the
    /// same error in every Outcome, and each order is then looked up as after a lost place.
    /// The default calls place for each.
    virtual std::vector<Outcome> place_batch(const std::vector<const th_order_request*>& reqs,
                                             const std::vector<const LedgerOrder*>& orders);
    /// The most cancels of single orders one cancel_batch call takes; 1 (default): cancel.
    virtual std::size_t max_cancel_batch() const { return 1; }
    /// Cancels `orders` (each as cancel would: not terminal, acknowledged if
    /// cancels_by_venue_id()) in one request; one Outcome per order, as place_batch. The
    /// default calls cancel for each.
    virtual std::vector<Outcome> cancel_batch(const std::vector<const LedgerOrder*>& orders);
    /// True when the venue refuses a second order with the same client order id: after a
    /// lost answer and a lookup that says "unknown", the worker sends once more instead of
    /// rejecting.
    virtual bool dedupes_client_order_ids() const { return false; }

    /// The venue's view of one of our orders (by client order id, or venue id).
    virtual Lookup query_order(const LedgerOrder& order) = 0;
    /// All open orders, when the venue lists them in one call; nullopt: it does not (the
    /// worker looks up each open ledger order instead). An error aborts the reconciliation.
    virtual std::optional<Outcome> query_open_orders() { return std::nullopt; }
    /// Our fills since `since_ns` (0: the venue's default window), every page. `open` are
    /// the ledger's open orders (some venues ask per symbol).
    virtual Outcome query_fills_since(int64_t since_ns, const std::vector<const LedgerOrder*>& open) = 0;
    /// True when query_fills_since reads the venue's transaction log from a watermark of the
    /// dialect's own (OANDA's transaction ids): it is asked at every reconciliation, even with
    /// no open order and no fill yet (the log moves the watermark on), and the order updates
    /// it returns (acks before its fills, endings after them) are applied too.
    virtual bool reads_transaction_log() const { return false; }
    /// Fills of one order whose state says more was executed than the ledger has (a stream
    /// without per-fill ids); nullopt: not supported.
    virtual std::optional<Outcome> query_order_fills(const LedgerOrder& order) { (void)order; return std::nullopt; }

    /// One order-stream message (from stream_message), parsed on the worker thread.
    virtual StreamOutcome on_stream_message(std::string_view text) { (void)text; return {}; }
    /// Positions and balances, published by the dialect; called when the worker is idle
    /// after fills or a reconciliation.
    virtual void refresh_account() {}
    /// Called after each save of the ledger: the dialect saves what it keeps beside it (a
    /// transaction watermark) here, so that it never runs ahead of the ledger it covers.
    virtual void after_persist() {}
};

struct WorkerOptions {
    std::string venue;                 ///< in statuses ("binance") and logs
    std::string stream_label = "order stream";
    std::string ledger_key = "ledger";
    /// Fills are asked for from the ledger's watermark minus this overlap.
    std::chrono::nanoseconds fill_overlap{std::chrono::seconds(2)};
    std::chrono::milliseconds connect_retry_min{250}, connect_retry_max{30000};
    /// No stream_up by then: the stream is reported down and polling starts.
    std::chrono::milliseconds stream_connect_timeout{10000};
    /// Reconciliation period while the stream is down (always, for a venue without one).
    std::chrono::milliseconds poll_interval{5000};
    /// At most one reconciliation per this interval; requests in between are coalesced.
    std::chrono::milliseconds min_reconcile_interval{1000};
    std::size_t keep_terminal = 4096;  ///< terminal orders kept in the ledger (late fills)
    /// A cancel the venue accepted without ending the order in its answer (Alpaca's 204):
    /// when the order stream has not ended it by then, the worker looks the order up over
    /// REST and reports what the venue says (up to 3 times). 0: wait for the stream.
    std::chrono::milliseconds cancel_confirm_timeout{2000};
};

class ExecutionWorker {
public:
    ExecutionWorker(Host host, ExecutionDialect& dialect, WorkerOptions options);
    ~ExecutionWorker();  ///< stops
    ExecutionWorker(const ExecutionWorker&) = delete;
    ExecutionWorker& operator=(const ExecutionWorker&) = delete;

    /// Loads the ledger and starts the thread, which connects, opens the stream and
    /// reconciles. Executor thread.
    void start();
    /// Stops the thread (queued work is dropped), closes the stream, saves the ledger.
    /// Executor thread. Idempotent.
    void stop();

    /// Queues an order request; a new order that fails the checks needing neither ledger nor
    /// venue (client order id, kill switch, side, qty, instrument) is rejected at once, on
    /// the caller's thread. Any thread; never blocks on the venue.
    void submit(const th_order_request& req);
    /// Runs `job` on the worker thread (keepalives, venue-specific chores). Any thread.
    void post(std::function<void()> job);
    /// Asks for a reconciliation (rate-limited, coalesced). Any thread.
    void request_reconcile(std::string why);

    // The order stream's events. Stream threads.
    void stream_up();
    void stream_down(std::string reason);
    void stream_message(std::string text);
    void stream_updates(Outcome updates);

    // Worker thread only (from dialect methods).
    Ledger& ledger() noexcept { return ledger_; }
    Host& host() noexcept { return host_; }
    const WorkerOptions& options() const noexcept { return options_; }
    /// "<venue> <code> <message>": how a venue error reads in a reject.
    std::string describe(const VenueError& e) const;

private:
    struct StreamUp {};
    struct StreamDown { std::string reason; };
    struct StreamText { std::string text; };
    struct Reconcile { std::string why; };
    using Task = std::variant<th_order_request, StreamUp, StreamDown, StreamText, Outcome, Reconcile,
                              std::function<void()>>;
    using Clock = std::chrono::steady_clock;
    enum class StreamState { none, connecting, up, down };

    void enqueue(Task t);
    void run();
    bool connect_with_retry();
    void run_task(Task& t);
    void on_timers();
    void reject_queued_orders(const std::string& reason);

    std::optional<std::string> stateless_check(const th_order_request& req);
    void handle_new(const th_order_request& req);
    void handle_cancel(const th_order_request& req);
    /// Moves the queued requests that can join `first` in one batch into `batch` (after it).
    /// mu_ held.
    void take_batch(const th_order_request& first, std::vector<th_order_request>& batch);
    void handle_new_batch(const std::vector<th_order_request>& reqs);
    void handle_cancel_batch(const std::vector<th_order_request>& reqs);
    /// handle_new's checks and ledger entry; false when the order was rejected instead.
    bool admit_new(const th_order_request& req);
    /// Sends one admitted (and saved) order through place and applies the answer; a place
    /// that throws is a lost answer (the order is looked up).
    void handle_admitted(const th_order_request& req);
    bool stopping_now();  ///< stop() was called (takes mu_)
    /// What place (or its share of place_batch) answered, applied to the order.
    void after_place(const th_order_request& req, const std::string& cid, const Outcome& r);
    /// handle_cancel's checks for a cancel of one order; the order, or null when rejected.
    LedgerOrder* admit_cancel(const th_order_request& req, const std::string& who);
    void after_cancel(const th_order_request& req, const std::string& who, const std::string& orig, const Outcome& r);
    void handle_replace(const th_order_request& req);
    void handle_stream_up();
    void handle_stream_down(const std::string& reason);
    void handle_stream_text(const std::string& text);
    void schedule_reconcile(std::string why);
    void confirm_cancels(Clock::time_point now);
    void reconcile(const std::string& why);

    void apply(const Outcome& o, bool recover_fills);
    LedgerOrder* find(const std::string& client_order_id, const std::string& venue_order_id);
    void apply_order(const OrderUpdate& u, bool recover_fills);
    bool apply_fill(const FillUpdate& f);
    bool apply_reversal(const FillUpdate& f);
    void handle_mass_cancel(const th_order_request& req, const std::string& who, const std::string& market);
    int apply_fills(std::vector<FillUpdate> fills);
    void finish(LedgerOrder& o, uint8_t status, std::string_view reason, int64_t ts);
    /// The venue client id for a new order: the dialect's format, never one the ledger holds.
    std::string venue_client_id_for(const std::string& client_order_id);

    void reject(const th_order_request& req, std::string_view client_order_id, std::string_view reason);
    void report(const LedgerOrder& o, uint8_t exec_type, th_fixed last_px, th_fixed last_qty,
                std::string_view reason, int64_t ts);
    void status(uint32_t state, const std::string& text);
    void persist();

    Host host_;
    ExecutionDialect& dialect_;
    WorkerOptions options_;
    Ledger ledger_;                          // worker thread (start/stop: before/after it)

    // Worker thread only.
    StreamState stream_ = StreamState::none;
    Clock::time_point stream_deadline_{};    // connecting: reported down at this time
    Clock::time_point next_poll_{};          // down: reconcile at this time
    struct CancelCheck { Clock::time_point due; int tries = 0; };
    std::map<std::string, CancelCheck> cancel_checks_;  // client order id -> next lookup
    std::optional<std::string> reconcile_why_;
    Clock::time_point reconcile_due_{};
    Clock::time_point last_reconcile_{};
    bool reconciled_once_ = false;
    bool account_dirty_ = false;
    uint64_t stream_connects_ = 0;
    bool persist_failed_ = false;
    bool reconcile_failed_ = false;
    std::size_t place_batch_max_ = 1, cancel_batch_max_ = 1;  // the dialect's, read at start

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Task> queue_;
    bool stopping_ = false;
    bool started_ = false;
    std::thread thread_;
};

/// The order request's client order id (the fixed char field) as a string.
std::string id_of(const char (&field)[TH_ID_LEN]);

}  // namespace tradehost::venue
