// The execution worker's contract (docs/venue-kit.md, "The execution worker" and "Batches"),
// pinned with a scripted dialect instead of a venue: what it sends (place, place_batch,
// cancel, cancel_batch, cancel_all, lookups) in which order, and what it reports.
//
// To queue a burst deterministically the worker is held inside a venue call (the dialect's
// place of a "hold" order waits on a gate, as a rate-limit wait would) while the test queues
// the requests behind it.
#include "fake_host.hpp"

#include <tradehost/venue/execution_worker.hpp>
#include <tradehost/venue/ledger.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::venue {
namespace {

using testing::FakeHost;
using namespace std::chrono_literals;

VenueError error_of(ErrorKind kind, std::string code, std::string message) {
    VenueError e;
    e.kind = kind;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
}

Outcome accepted(const LedgerOrder& o) {
    Outcome r;
    OrderUpdate u;
    u.client_order_id = o.venue_client_id;
    u.venue_order_id = "v-" + o.client_order_id;
    u.status = TH_STATUS_NEW;
    r.orders.push_back(u);
    return r;
}

Outcome canceled(const LedgerOrder& o) {
    Outcome r;
    OrderUpdate u;
    u.client_order_id = o.venue_client_id;
    u.venue_order_id = o.venue_order_id;
    u.status = TH_STATUS_CANCELED;
    r.orders.push_back(u);
    return r;
}

/// A dialect whose answers the test scripts per client order id; every venue call is logged
/// ("place A", "place_batch A,B", "cancel A", "cancel_batch A,B", "cancel_all", "query A").
class ScriptedDialect : public ExecutionDialect {
public:
    std::size_t place_max = 1, cancel_max = 1;
    bool dedupes = false;                              ///< dedupes_client_order_ids()
    std::map<std::string, VenueError> place_errors;    ///< cid -> its refusal (else accepted)
    std::map<std::string, VenueError> cancel_errors;
    std::set<std::string> cancel_silent;               ///< accepted without ending (Alpaca's 204)
    std::optional<VenueError> batch_error;             ///< the whole place_batch request fails
    std::optional<std::size_t> batch_answers;          ///< answer this many outcomes (a dialect bug)
    std::map<std::string, Lookup> lookups;             ///< cid -> query_order's answer (else unknown)
    /// place (or place_batch holding it) of these throws, as a dialect does on an answer it
    /// cannot read (json::parse on a garbled 200).
    std::set<std::string> place_throws;
    /// Called inside place/place_batch with the cids sent: what a crash there would leave.
    std::function<void(const std::vector<std::string>&)> on_send;

    std::vector<std::string> calls() const {
        std::lock_guard<std::mutex> lk(mu_);
        return calls_;
    }
    /// place of `cid` waits until release() (or interrupt()).
    void hold(const std::string& cid) {
        std::lock_guard<std::mutex> lk(mu_);
        held_ = cid;
        released_ = false;
    }
    void release() {
        {
            std::lock_guard<std::mutex> lk(mu_);
            released_ = true;
        }
        cv_.notify_all();
    }
    bool holding() const {
        std::lock_guard<std::mutex> lk(mu_);
        return in_hold_;
    }
    int interrupts() const {
        std::lock_guard<std::mutex> lk(mu_);
        return interrupts_;
    }

    void interrupt() override {
        {
            std::lock_guard<std::mutex> lk(mu_);
            ++interrupts_;
            interrupted_ = true;
        }
        cv_.notify_all();
    }
    std::size_t max_place_batch() const override { return place_max; }
    std::size_t max_cancel_batch() const override { return cancel_max; }
    bool dedupes_client_order_ids() const override { return dedupes; }

    Outcome place(const th_order_request&, const LedgerOrder& o) override {
        log("place " + o.client_order_id);
        if (on_send) on_send({o.client_order_id});
        if (wait_if_held(o.client_order_id)) {
            Outcome r;
            r.error = error_of(ErrorKind::transport, "", "interrupted while waiting for the rate limit");
            return r;
        }
        if (place_throws.count(o.client_order_id)) throw std::runtime_error("unreadable answer");
        return answer_place(o);
    }
    std::vector<Outcome> place_batch(const std::vector<const th_order_request*>&,
                                     const std::vector<const LedgerOrder*>& orders) override {
        std::vector<std::string> ids;
        for (const LedgerOrder* o : orders) ids.push_back(o->client_order_id);
        log("place_batch " + join(ids));
        if (on_send) on_send(ids);
        for (const auto& id : ids)
            if (place_throws.count(id)) throw std::runtime_error("unreadable answer");
        std::vector<Outcome> out;
        for (const LedgerOrder* o : orders) {
            Outcome r = answer_place(*o);
            if (batch_error) r = Outcome{*batch_error, {}, {}};
            out.push_back(r);
        }
        if (batch_answers) out.resize(*batch_answers);
        return out;
    }
    Outcome cancel(const LedgerOrder& o) override {
        log("cancel " + o.client_order_id);
        return answer_cancel(o);
    }
    std::vector<Outcome> cancel_batch(const std::vector<const LedgerOrder*>& orders) override {
        std::vector<std::string> ids;
        for (const LedgerOrder* o : orders) ids.push_back(o->client_order_id);
        log("cancel_batch " + join(ids));
        std::vector<Outcome> out;
        for (const LedgerOrder* o : orders) out.push_back(answer_cancel(*o));
        return out;
    }
    std::optional<Outcome> cancel_all(std::string_view market) override {
        log(market.empty() ? "cancel_all" : "cancel_all " + std::string(market));
        return Outcome{};
    }
    Lookup query_order(const LedgerOrder& o) override {
        log("query " + o.client_order_id);
        std::lock_guard<std::mutex> lk(mu_);
        if (interrupted_) {  // stopping: venue calls fail fast, as a stopped rate limiter's do
            Lookup q;
            q.error = error_of(ErrorKind::transport, "", "interrupted");
            return q;
        }
        auto it = lookups.find(o.client_order_id);
        if (it != lookups.end()) return it->second;
        Lookup q;
        q.found = Lookup::Found::no;
        q.error = error_of(ErrorKind::unknown_order, "404", "order not found");
        return q;
    }
    Outcome query_fills_since(int64_t, const std::vector<const LedgerOrder*>&) override { return {}; }

private:
    static std::string join(const std::vector<std::string>& ids) {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : ",") + id;
        return s;
    }
    void log(std::string call) {
        std::lock_guard<std::mutex> lk(mu_);
        calls_.push_back(std::move(call));
    }
    /// True when interrupted instead of released.
    bool wait_if_held(const std::string& cid) {
        std::unique_lock<std::mutex> lk(mu_);
        if (cid != held_) return false;
        in_hold_ = true;
        cv_.wait(lk, [&] { return released_ || interrupted_; });
        in_hold_ = false;
        held_.clear();
        return !released_;
    }
    Outcome answer_place(const LedgerOrder& o) {
        auto it = place_errors.find(o.client_order_id);
        if (it == place_errors.end()) return accepted(o);
        Outcome r;
        r.error = it->second;
        return r;
    }
    Outcome answer_cancel(const LedgerOrder& o) {
        if (cancel_silent.count(o.client_order_id)) return {};
        auto it = cancel_errors.find(o.client_order_id);
        if (it == cancel_errors.end()) return canceled(o);
        Outcome r;
        r.error = it->second;
        return r;
    }

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::string> calls_;
    std::string held_;
    bool released_ = false, in_hold_ = false, interrupted_ = false;
    int interrupts_ = 0;
};

using Calls = std::vector<std::string>;

class ExecutionWorkerTest : public ::testing::Test {
protected:
    FakeHost fake;
    ScriptedDialect dialect;
    std::unique_ptr<ExecutionWorker> worker;
    th_instrument btc = 0;
    WorkerOptions options = [] {
        WorkerOptions o;
        o.venue = "fake";
        o.poll_interval = 1h;
        o.cancel_confirm_timeout = 0ms;
        return o;
    }();

    void SetUp() override { btc = fake.intern("BTC-USD"); }
    void TearDown() override {
        dialect.release();
        if (worker) worker->stop();
    }

    /// Starts the worker and waits for its start reconciliation (no stream: it polls, here
    /// once an hour, so no poll interleaves with the test).
    void start() {
        worker = std::make_unique<ExecutionWorker>(fake.host(), dialect, options);
        worker->start();
        ASSERT_TRUE(FakeHost::eventually([&] {
            for (const auto& s : fake.statuses())
                if (s.state == TH_VENUE_RECONCILED) return true;
            return false;
        }));
    }
    th_order_request new_order(const std::string& cid) {
        auto r = make_event<th_order_request>(fake.host().now());
        r.instrument = btc;
        r.action = TH_ORDER_NEW;
        r.side = TH_SIDE_BUY;
        r.order_type = TH_ORDER_LIMIT;
        r.tif = TH_TIF_GTC;
        r.qty = to_fixed(1);
        r.limit_px = to_fixed(100);
        copy_str(r.client_order_id, cid);
        return r;
    }
    void submit_new(const std::string& cid) { worker->submit(new_order(cid)); }
    void submit_cancel(const std::string& orig, const std::string& own = "") {
        auto r = make_event<th_order_request>(fake.host().now());
        r.instrument = btc;
        r.action = TH_ORDER_CANCEL;
        copy_str(r.orig_client_order_id, orig);
        copy_str(r.client_order_id, own);
        worker->submit(r);
    }
    /// Sends `cid`, held inside its place until release(): what is submitted meanwhile queues.
    void send_held(const std::string& cid) {
        dialect.hold(cid);
        submit_new(cid);
        ASSERT_TRUE(FakeHost::eventually([&] { return dialect.holding(); }));
    }
    /// Waits until the queue is worked off: every named order has a last report of `t`.
    void expect_last(const std::vector<std::string>& cids, uint8_t t) {
        for (const auto& cid : cids) EXPECT_TRUE(fake.wait_report(cid, t)) << cid << " " << describe();
    }
    std::string reason_of(const std::string& cid) {
        auto r = fake.reports_of(cid);
        return r.empty() ? "" : std::string(r.back().reason, strnlen(r.back().reason, TH_TEXT_LEN));
    }
    std::string describe() const {
        std::string s = "calls:";
        for (const auto& c : dialect.calls()) s += " [" + c + "]";
        return s;
    }
    /// The orders a saved ledger (state as state_put left it) holds, by client order id.
    static std::map<std::string, LedgerOrder> saved_orders(const std::map<std::string, std::string>& state,
                                                           const std::vector<std::string>& cids) {
        Ledger l;
        const bool loaded = l.load([&](const std::string& suffix) -> std::optional<std::string> {
            auto it = state.find("ledger" + suffix);
            if (it == state.end()) return std::nullopt;
            return it->second;
        });
        std::map<std::string, LedgerOrder> out;
        if (!loaded) return out;
        for (const auto& cid : cids)
            if (const LedgerOrder* o = l.order(cid)) out[cid] = *o;
        return out;
    }
};

TEST_F(ExecutionWorkerTest, OneOrderGoesThroughPlaceAndOneCancelThroughCancel) {
    dialect.place_max = 5;  // batching on, but a lone order still uses place
    dialect.cancel_max = 5;
    start();
    submit_new("A");
    ASSERT_TRUE(fake.wait_report("A", TH_EXEC_NEW)) << describe();
    auto r = fake.reports_of("A").back();
    EXPECT_EQ(std::string(r.venue_order_id), "v-A");
    EXPECT_EQ(r.status, TH_STATUS_NEW);
    submit_cancel("A");
    ASSERT_TRUE(fake.wait_report("A", TH_EXEC_CANCELED)) << describe();
    EXPECT_EQ(dialect.calls(), (Calls{"place A", "cancel A"}));
    EXPECT_EQ(fake.metric("orders_sent"), 1);
    EXPECT_EQ(fake.metric("order_batches"), 0);
    EXPECT_EQ(fake.metric("cancel_batches"), 0);
}

TEST_F(ExecutionWorkerTest, NewOrdersQueuedBehindOneAnotherGoOutInBatchesUpToTheMaximum) {
    dialect.place_max = 3;
    start();
    // The ledger is saved once before each request, holding every order of the batch.
    std::vector<std::map<std::string, LedgerOrder>> seen;
    std::vector<std::vector<std::string>> sent;
    dialect.on_send = [&](const std::vector<std::string>& ids) {
        seen.push_back(saved_orders(fake.state(), ids));
        sent.push_back(ids);
    };
    send_held("H");
    for (const char* id : {"B1", "B2", "B3", "B4", "B5"}) submit_new(id);
    dialect.release();
    expect_last({"H", "B1", "B2", "B3", "B4", "B5"}, TH_EXEC_NEW);
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "place_batch B1,B2,B3", "place_batch B4,B5"}));
    EXPECT_EQ(fake.metric("orders_sent"), 6);
    EXPECT_EQ(fake.metric("order_batches"), 2);
    ASSERT_EQ(seen.size(), 3u);
    for (std::size_t i = 0; i < seen.size(); ++i)
        for (const auto& id : sent[i]) {
            ASSERT_EQ(seen[i].count(id), 1u) << id << " not saved before its request";
            EXPECT_EQ(seen[i][id].status, TH_STATUS_PENDING_NEW) << id;
        }
    for (const auto& id : {"B1", "B4"}) EXPECT_EQ(std::string(fake.reports_of(id).back().venue_order_id), "v-" + std::string(id));
}

TEST_F(ExecutionWorkerTest, ACancelOrAMassCancelInBetweenEndsTheBatchAndALoneOrderUsesPlace) {
    dialect.place_max = 10;
    dialect.cancel_max = 10;
    start();
    send_held("H");
    submit_new("B1");
    submit_new("B2");
    submit_cancel("H", "c-H");   // behind B1, B2; B3 may not overtake it
    submit_new("B3");
    submit_new("B4");
    submit_cancel("*", "c-all");  // a mass cancel is never part of a batch
    submit_new("B5");
    dialect.release();
    expect_last({"B1", "B2", "B3", "B4", "B5"}, TH_EXEC_NEW);
    ASSERT_TRUE(fake.wait_report("H", TH_EXEC_CANCELED)) << describe();
    EXPECT_EQ(dialect.calls(),
              (Calls{"place H", "place_batch B1,B2", "cancel H", "place_batch B3,B4", "cancel_all", "place B5"}));
}

TEST_F(ExecutionWorkerTest, EachOrderOfABatchHasItsOwnOutcomeAndARefusalRejectsThatOrderAlone) {
    dialect.place_max = 5;
    dialect.place_errors["B2"] = error_of(ErrorKind::insufficient_funds, "INSUFFICIENT", "not enough balance");
    start();
    send_held("H");
    for (const char* id : {"B1", "B2", "B3"}) submit_new(id);
    dialect.release();
    expect_last({"B1", "B3"}, TH_EXEC_NEW);
    ASSERT_TRUE(fake.wait_report("B2", TH_EXEC_REJECTED)) << describe();
    EXPECT_EQ(reason_of("B2"), "fake INSUFFICIENT not enough balance");
    EXPECT_EQ(fake.reports_of("B2").size(), 1u);  // never acknowledged
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "place_batch B1,B2,B3"}));  // no lookups, no resend
}

TEST_F(ExecutionWorkerTest, ALostBatchAnswerIsLookedUpOrderByOrderNeverSentAgain) {
    dialect.place_max = 5;
    dialect.batch_error = error_of(ErrorKind::transport, "", "timeout after 10 s");
    Lookup found;
    found.found = Lookup::Found::yes;
    found.order.venue_order_id = "v-B1";
    found.order.status = TH_STATUS_NEW;
    dialect.lookups["B1"] = found;  // B2: the venue does not know it
    Lookup failed;
    failed.found = Lookup::Found::failed;
    failed.error = error_of(ErrorKind::server, "503", "unavailable");
    dialect.lookups["B3"] = failed;
    start();
    send_held("H");
    for (const char* id : {"B1", "B2", "B3"}) submit_new(id);
    dialect.release();
    ASSERT_TRUE(fake.wait_report("B1", TH_EXEC_NEW)) << describe();
    ASSERT_TRUE(fake.wait_report("B2", TH_EXEC_REJECTED)) << describe();
    EXPECT_EQ(reason_of("B2"), "not placed: fake timeout after 10 s");
    EXPECT_EQ(std::string(fake.reports_of("B1").back().venue_order_id), "v-B1");
    ASSERT_TRUE(FakeHost::eventually([&] { return dialect.calls().size() >= 5; }));
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "place_batch B1,B2,B3", "query B1", "query B2", "query B3"}));
    // B3's outcome is still unknown: no report yet (reconciliation decides), and it is said.
    EXPECT_TRUE(fake.reports_of("B3").empty());
    ASSERT_TRUE(FakeHost::eventually([&] {
        for (const auto& l : fake.logs())
            if (l.find("order B3 outcome unknown") != std::string::npos) return true;
        return false;
    }));
}

// The one exception to "never resend": a venue that refuses a second order under the same
// client order id, after a lookup that says it never got the order.
TEST_F(ExecutionWorkerTest, AfterALostBatchAVenueThatDedupesClientIdsGetsEachUnknownOrderOnceMore) {
    dialect.place_max = 5;
    dialect.dedupes = true;
    dialect.batch_error = error_of(ErrorKind::server, "502", "bad gateway");
    Lookup found;
    found.found = Lookup::Found::yes;
    found.order.venue_order_id = "v-B1";
    found.order.status = TH_STATUS_NEW;
    dialect.lookups["B1"] = found;  // B2: unknown, so sent again, alone
    start();
    send_held("H");
    submit_new("B1");
    submit_new("B2");
    dialect.release();
    expect_last({"B1", "B2"}, TH_EXEC_NEW);
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "place_batch B1,B2", "query B1", "query B2", "place B2"}));
    EXPECT_EQ(fake.reports_of("B2").size(), 1u);
}

// The kill switch engaged while orders wait in the queue: they are refused when taken, and
// the batch they would have formed is never sent.
TEST_F(ExecutionWorkerTest, OrdersQueuedWhenTheKillSwitchEngagesAreRejectedNotSent) {
    dialect.place_max = 5;
    start();
    send_held("H");
    submit_new("B1");
    submit_new("B2");
    fake.set_kill_switch(true);
    dialect.release();
    ASSERT_TRUE(fake.wait_report("B1", TH_EXEC_REJECTED)) << describe();
    ASSERT_TRUE(fake.wait_report("B2", TH_EXEC_REJECTED)) << describe();
    EXPECT_EQ(reason_of("B2"), "kill switch engaged");
    EXPECT_TRUE(fake.wait_report("H", TH_EXEC_NEW));  // already at the venue: acknowledged
    EXPECT_EQ(dialect.calls(), (Calls{"place H"}));
}

TEST_F(ExecutionWorkerTest, ABatchAnswerOfTheWrongLengthIsTreatedAsLostNotGuessed) {
    dialect.place_max = 5;
    dialect.batch_answers = 1;  // two orders sent, one outcome back
    Lookup found;
    found.found = Lookup::Found::yes;
    found.order.status = TH_STATUS_NEW;
    found.order.venue_order_id = "v-B2";
    dialect.lookups["B2"] = found;
    start();
    send_held("H");
    submit_new("B1");
    submit_new("B2");
    dialect.release();
    ASSERT_TRUE(fake.wait_report("B1", TH_EXEC_REJECTED)) << describe();
    ASSERT_TRUE(fake.wait_report("B2", TH_EXEC_NEW)) << describe();
    EXPECT_EQ(reason_of("B1"), "not placed: fake batch answer does not match the batch");
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "place_batch B1,B2", "query B1", "query B2"}));
}

// A dialect that throws out of place (an answer it could not read) may have placed the order:
// the worker treats it as a lost answer and looks the order up, rather than leaving it
// PENDING_NEW, unreported, until the next reconciliation (with a stream up, its next reconnect).
TEST_F(ExecutionWorkerTest, APlaceThatThrowsIsALostAnswerLookedUpNotLeftPending) {
    dialect.place_max = 5;
    dialect.place_throws = {"T", "B2"};
    Lookup found;
    found.found = Lookup::Found::yes;
    found.order.venue_order_id = "v-T";
    found.order.status = TH_STATUS_NEW;
    dialect.lookups["T"] = found;  // the venue took it; B1 and B2 (a batch that threw): not
    start();
    submit_new("T");
    ASSERT_TRUE(fake.wait_report("T", TH_EXEC_NEW, 2s)) << describe();
    EXPECT_EQ(std::string(fake.reports_of("T").back().venue_order_id), "v-T");

    send_held("H");
    submit_new("B1");
    submit_new("B2");
    dialect.release();
    ASSERT_TRUE(fake.wait_report("B1", TH_EXEC_REJECTED, 2s)) << describe();
    ASSERT_TRUE(fake.wait_report("B2", TH_EXEC_REJECTED, 2s)) << describe();
    EXPECT_EQ(reason_of("B2"), "not placed: fake no readable answer: unreadable answer");
    EXPECT_EQ(dialect.calls(), (Calls{"place T", "query T", "place H", "place_batch B1,B2", "query B1", "query B2"}));
}

TEST_F(ExecutionWorkerTest, CancelsQueuedBehindOneAnotherGoOutAsOneRequestEachWithItsOwnOutcome) {
    dialect.place_max = 5;
    dialect.cancel_max = 5;
    dialect.cancel_errors["A4"] = error_of(ErrorKind::invalid_request, "TOO_LATE", "order is matching");
    start();
    send_held("H0");
    for (const char* id : {"A1", "A2", "A3", "A4"}) submit_new(id);
    dialect.release();
    expect_last({"H0", "A1", "A2", "A3", "A4"}, TH_EXEC_NEW);

    send_held("H");
    submit_cancel("A1", "c1");
    submit_cancel("A2", "c2");
    submit_cancel("A1", "c1b");  // a second cancel of A1 ends the batch (and finds it done)
    submit_cancel("A3", "c3");
    submit_cancel("A4", "c4");
    dialect.release();
    expect_last({"A1", "A2", "A3"}, TH_EXEC_CANCELED);
    ASSERT_TRUE(fake.wait_report("c4", TH_EXEC_REJECTED)) << describe();
    EXPECT_EQ(reason_of("c4"), "cancel refused: fake TOO_LATE order is matching");
    ASSERT_TRUE(fake.wait_report("c1b", TH_EXEC_REJECTED)) << describe();
    EXPECT_EQ(reason_of("c1b"), "order already done: A1");
    EXPECT_EQ(fake.reports_of("A4").back().exec_type, TH_EXEC_NEW);  // still open
    EXPECT_EQ(dialect.calls(), (Calls{"place H0", "place_batch A1,A2,A3,A4", "place H", "cancel_batch A1,A2",
                                      "cancel_batch A3,A4"}));
    EXPECT_EQ(fake.metric("cancel_batches"), 2);
}

// A cancel the venue accepted without ending the order: the worker asks the venue after
// cancel_confirm_timeout (the stream did not say) and reports what it says.
TEST_F(ExecutionWorkerTest, ACancelAcceptedWithoutAnEndingIsConfirmedByALookup) {
    options.cancel_confirm_timeout = 50ms;
    dialect.cancel_silent = {"A"};
    Lookup ended;
    ended.found = Lookup::Found::yes;
    ended.order.venue_order_id = "v-A";
    ended.order.status = TH_STATUS_CANCELED;
    dialect.lookups["A"] = ended;
    start();
    submit_new("A");
    ASSERT_TRUE(fake.wait_report("A", TH_EXEC_NEW)) << describe();
    submit_cancel("A");
    ASSERT_TRUE(fake.wait_report("A", TH_EXEC_CANCELED)) << describe();
    EXPECT_EQ(dialect.calls(), (Calls{"place A", "cancel A", "query A"}));
}

// The worker's own pacing: reconciliations asked for in a burst are coalesced into one, no
// sooner than min_reconcile_interval after the last.
TEST_F(ExecutionWorkerTest, ReconciliationsAskedForInABurstAreOneNoSoonerThanTheMinimumInterval) {
    options.min_reconcile_interval = 300ms;
    Lookup open;
    open.found = Lookup::Found::yes;
    open.order.venue_order_id = "v-A";
    open.order.status = TH_STATUS_NEW;
    dialect.lookups["A"] = open;
    const auto t0 = std::chrono::steady_clock::now();  // before the start reconciliation
    start();
    submit_new("A");
    ASSERT_TRUE(fake.wait_report("A", TH_EXEC_NEW)) << describe();
    for (int i = 0; i < 5; ++i) worker->request_reconcile("test " + std::to_string(i));
    auto queries = [&] {
        int n = 0;
        for (const auto& c : dialect.calls()) n += c == "query A";
        return n;
    };
    ASSERT_TRUE(FakeHost::eventually([&] { return queries() == 1; }, 2s)) << describe();
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 300ms);
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(queries(), 1) << describe();
    int reconciled = 0;
    for (const auto& st : fake.statuses()) reconciled += st.state == TH_VENUE_RECONCILED;
    EXPECT_EQ(reconciled, 2);  // start, and the burst's one
}

// The worker has no rate limiter of its own: the dialect waits inside its venue call (the
// venue's limits are in its own units). stop() must wake such a wait through interrupt()
// and end without sending what was queued behind it.
TEST_F(ExecutionWorkerTest, StopWakesADialectWaitingOnItsRateLimitAndSendsNothingQueued) {
    dialect.place_max = 5;
    start();
    send_held("H");
    submit_new("B1");
    submit_new("B2");
    const auto t0 = std::chrono::steady_clock::now();
    worker->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
    EXPECT_GE(dialect.interrupts(), 1);
    // H's answer is lost (interrupted): looked up (failing fast), never resent; B1 and B2
    // were never entered in the ledger, so nothing is lost by dropping them.
    EXPECT_EQ(dialect.calls(), (Calls{"place H", "query H"}));
    EXPECT_TRUE(fake.reports_of("B1").empty());
    EXPECT_TRUE(fake.reports_of("H").empty());
    // H stays in the saved ledger, PENDING_NEW: the next start asks the venue about it.
    auto saved = saved_orders(fake.state(), {"H", "B1"});
    ASSERT_EQ(saved.count("H"), 1u);
    EXPECT_EQ(saved["H"].status, TH_STATUS_PENDING_NEW);
    EXPECT_EQ(saved.count("B1"), 0u);
}

// A crash inside the request: the ledger saved before it holds the order, so the next start
// looks it up (no resend) and reports what the venue says.
TEST_F(ExecutionWorkerTest, ARestartAfterACrashInsideTheRequestLooksTheOrdersUpNeverResends) {
    dialect.place_max = 5;
    start();
    std::map<std::string, std::string> at_crash;
    dialect.on_send = [&](const std::vector<std::string>& ids) {
        if (ids.size() > 1) at_crash = fake.state();
    };
    send_held("H");
    for (const char* id : {"B1", "B2"}) submit_new(id);
    dialect.release();
    expect_last({"H", "B1", "B2"}, TH_EXEC_NEW);
    worker->stop();
    worker.reset();

    FakeHost after;
    after.intern("BTC-USD");
    after.set_state(at_crash);  // the state the crash left: H acknowledged, B1 and B2 pending
    ScriptedDialect venue;
    Lookup b1;
    b1.found = Lookup::Found::yes;
    b1.order.venue_order_id = "v-B1";
    b1.order.status = TH_STATUS_NEW;
    venue.lookups["B1"] = b1;
    Lookup h;
    h.found = Lookup::Found::yes;
    h.order.venue_order_id = "v-H";
    h.order.status = TH_STATUS_NEW;
    venue.lookups["H"] = h;
    WorkerOptions o;
    o.venue = "fake";
    o.poll_interval = 1h;
    ExecutionWorker again(after.host(), venue, o);
    again.start();
    ASSERT_TRUE(after.wait_report("B1", TH_EXEC_NEW));
    ASSERT_TRUE(after.wait_report("B2", TH_EXEC_REJECTED));
    EXPECT_EQ(std::string(after.reports_of("B2").back().reason), "not found at the venue after send");
    again.stop();
    auto calls = venue.calls();
    std::set<std::string> got(calls.begin(), calls.end());
    EXPECT_EQ(got, (std::set<std::string>{"query H", "query B1", "query B2"}));
    for (const auto& c : calls) EXPECT_EQ(c.rfind("place", 0), std::string::npos) << c;
    EXPECT_TRUE(after.reports_of("H").empty());  // acknowledged before the crash: nothing new to say
}

}  // namespace
}  // namespace tradehost::venue
