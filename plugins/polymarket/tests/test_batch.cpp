// polymarket batches (docs/venue-kit.md, "Batches"): new orders queued behind one another go
// out as POST /orders of up to 15, cancels as one DELETE /orders; each order's share of the
// answer is applied as a single order's answer is: one refused order is rejected alone, and a
// batch whose answer is lost is looked up order by order, never sent twice.
//
// To queue a burst deterministically the worker is held in a venue call first: the double
// answers that call 429 with Retry-After: 1, and the adapter waits out the second before
// sending it again, while the burst queues up behind it.
#include "rest_fixture.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;
using tt::NewOrder;

namespace {

using namespace polymarket_test;

class PolymarketBatch : public PolymarketRestTest {
protected:
    /// The next request of `method` is answered 429 (retry after 1 s): the worker waits in it.
    void hold_next(const std::string& method) {
        venue.server().inject(doubles::Response{429, {{"Retry-After", "1"}}, R"({"error":"Too Many Requests"})"}, 1,
                              method);
    }
    void send_new(const std::string& cid, const std::string& px) {
        h->send("orders", NewOrder(*h, kYes, cid).buy().qty("10").limit(px).request());
    }
    bool has(const std::string& cid, uint8_t exec_type) {
        return rec.wait(*h, [&] { return rec.count_reports(cid, exec_type) == 1; }, std::chrono::seconds(20));
    }
    std::size_t posts(const char* path) { return venue.server().requests("POST", path).size(); }
    /// Sends `cid` alone and waits until the worker is in its (held) POST /order.
    void send_held(const std::string& cid, const std::string& px) {
        hold_next("POST");
        send_new(cid, px);
        ASSERT_TRUE(doubles::eventually([&] { return posts("/order") >= 1; })) << diagnostics();
    }
};

TEST_F(PolymarketBatch, ABurstGoesOutAsBatchesOfFifteenAndIsCanceledInOneRequest) {
    make();
    start();
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) ids.push_back("b" + std::to_string(i));
    send_held(ids[0], "0.45");
    for (std::size_t i = 1; i < ids.size(); ++i) send_new(ids[i], "0.45");
    for (const auto& id : ids) ASSERT_TRUE(has(id, TH_EXEC_NEW)) << id << "\n" << diagnostics();

    // b0 alone through POST /order (429, then again); the 29 behind it as 15 + 14.
    EXPECT_EQ(posts("/order"), 2u);
    EXPECT_EQ(venue.batch_sizes(), (std::vector<int>{15, 14}));
    EXPECT_EQ(posts("/orders"), 2u);
    EXPECT_EQ(venue.order_count(), 30u);
    EXPECT_EQ(venue.l2_failures(), 0);
    // Every entry was a POST /order body: signed order, owner, order type.
    for (const auto& r : venue.server().requests("POST", "/orders")) {
        auto b = nlohmann::json::parse(r.body);
        ASSERT_TRUE(b.is_array());
        for (const auto& e : b) {
            EXPECT_EQ(e.value("owner", ""), doubles::PolymarketDouble::kApiKey);
            EXPECT_EQ(e.value("orderType", ""), "GTC");
            EXPECT_FALSE(e["order"].value("signature", "").empty());
        }
    }

    // Cancels: the first holds the worker, the other 29 go as one DELETE /orders.
    hold_next("DELETE");
    h->send("orders", tt::cancel_request(*h, kYes, "c" + ids[0], ids[0]));
    ASSERT_TRUE(doubles::eventually([&] { return venue.server().requests("DELETE", "/order").size() >= 1; }));
    for (std::size_t i = 1; i < ids.size(); ++i) h->send("orders", tt::cancel_request(*h, kYes, "c" + ids[i], ids[i]));
    for (const auto& id : ids) ASSERT_TRUE(has(id, TH_EXEC_CANCELED)) << id << "\n" << diagnostics();
    EXPECT_EQ(venue.cancel_batches(), 1);
    EXPECT_EQ(venue.server().requests("DELETE", "/order").size(), 2u);
    for (const auto& vid : venue.order_ids()) EXPECT_EQ(venue.order_status(vid), "CANCELED");
    EXPECT_EQ(rec.count_reports("cb3", TH_EXEC_REJECTED), 0);
}

TEST_F(PolymarketBatch, AnOrderTheVenueRefusesInABatchIsRejectedAlone) {
    make();
    start();
    venue.set_balance("4");  // 10 at 0.30 costs 3 pUSD; 10 at 0.50 costs 5: refused
    send_held("h0", "0.3");
    send_new("a1", "0.3");
    send_new("a2", "0.5");
    send_new("a3", "0.3");
    ASSERT_TRUE(has("h0", TH_EXEC_NEW) && has("a1", TH_EXEC_NEW) && has("a3", TH_EXEC_NEW)) << diagnostics();
    ASSERT_TRUE(has("a2", TH_EXEC_REJECTED)) << diagnostics();
    const std::string reason = rec.last_report("a2", TH_EXEC_REJECTED)->reason;
    EXPECT_NE(reason.find("not enough balance / allowance"), std::string::npos) << reason;
    EXPECT_EQ(rec.count_reports("a2", TH_EXEC_NEW), 0);
    EXPECT_EQ(venue.batch_sizes(), (std::vector<int>{3}));
    EXPECT_EQ(venue.order_count(), 3u);
    // The accepted ones are live and cancelable by the id the batch answer gave them.
    h->send("orders", tt::cancel_request(*h, kYes, "x1", "a1"));
    ASSERT_TRUE(has("a1", TH_EXEC_CANCELED)) << diagnostics();
}

TEST_F(PolymarketBatch, ABatchWhoseAnswerIsLostIsLookedUpNotResent) {
    make();
    start();
    venue.lose_next_batch_answer();
    send_held("h0", "0.41");
    for (int i = 1; i <= 4; ++i) send_new("l" + std::to_string(i), "0.42");
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(has("l" + std::to_string(i), TH_EXEC_NEW)) << diagnostics();
    ASSERT_TRUE(has("h0", TH_EXEC_NEW));
    EXPECT_EQ(posts("/orders"), 1u);  // never sent again
    EXPECT_EQ(venue.batch_sizes(), (std::vector<int>{4}));
    EXPECT_EQ(venue.order_count(), 5u);
    EXPECT_GE(venue.server().requests("GET", "/data/order/*").size(), 4u);
    // Reconciliation afterwards finds nothing to add: still one NEW each, no duplicate order.
    const auto polls = venue.server().requests("GET", "/data/orders").size();
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.server().requests("GET", "/data/orders").size() >= polls + 2; }));
    for (int i = 1; i <= 4; ++i) EXPECT_EQ(rec.count_reports("l" + std::to_string(i), TH_EXEC_NEW), 1);
    EXPECT_EQ(venue.order_count(), 5u);
}

TEST_F(PolymarketBatch, ARestartWithABatchInFlightFindsItsOrdersByHash) {
    make();
    start();
    // What the plugin had saved when POST /orders reached the venue: the state a crash at that
    // moment leaves behind (the worker is waiting on the answer, so nothing writes meanwhile).
    std::mutex mu;
    std::map<std::string, std::string> in_flight;
    venue.server().on_request([&](const doubles::Request& r) {
        if (r.method != "POST" || r.path != "/orders") return;
        std::lock_guard lk(mu);
        in_flight = h->state();
    });
    send_held("h0", "0.41");
    for (int i = 1; i <= 4; ++i) send_new("r" + std::to_string(i), "0.42");
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(has("r" + std::to_string(i), TH_EXEC_NEW)) << diagnostics();
    venue.server().on_request(nullptr);
    h->stop();
    std::map<std::string, std::string> saved;
    {
        std::lock_guard lk(mu);
        saved = in_flight;
    }
    ASSERT_FALSE(saved.empty());
    // Every order of the batch had its hash saved before the request.
    auto hashes = nlohmann::json::parse(saved.at("order_hashes"));
    for (int i = 1; i <= 4; ++i) EXPECT_TRUE(hashes.contains("r" + std::to_string(i))) << hashes.dump();

    // The restart: the orders are pending in the ledger; reconciliation finds each at the
    // venue by its hash and acknowledges it, once, without sending anything again.
    rec = tt::VenueRecorder{};
    make();
    h->state() = saved;
    start();
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(has("r" + std::to_string(i), TH_EXEC_NEW)) << diagnostics();
    EXPECT_EQ(posts("/orders"), 1u);
    EXPECT_EQ(venue.order_count(), 5u);
    for (int i = 1; i <= 4; ++i) EXPECT_EQ(rec.count_reports("r" + std::to_string(i), TH_EXEC_REJECTED), 0);
}

TEST_F(PolymarketBatch, ABatchThatNeverArrivedIsRejectedAfterTheLookupsFindNothing) {
    make();
    start();
    send_new("h0", "0.4");
    ASSERT_TRUE(has("h0", TH_EXEC_NEW)) << diagnostics();
    // The worker waits in a cancel; the batch behind it is answered 503 without being processed.
    hold_next("DELETE");
    h->send("orders", tt::cancel_request(*h, kYes, "ch0", "h0"));
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.server().requests("DELETE", "/order").size() == 1; }));
    venue.server().inject(doubles::Response{503, {{"Content-Type", "text/html"}}, "<html>503</html>"}, 1, "POST");
    for (int i = 1; i <= 3; ++i) send_new("g" + std::to_string(i), "0.4");
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(has("g" + std::to_string(i), TH_EXEC_REJECTED)) << diagnostics();
    ASSERT_TRUE(has("h0", TH_EXEC_CANCELED)) << diagnostics();
    EXPECT_EQ(posts("/orders"), 1u);
    EXPECT_EQ(venue.order_count(), 1u);
    for (int i = 1; i <= 3; ++i) EXPECT_EQ(rec.count_reports("g" + std::to_string(i), TH_EXEC_NEW), 0);
}

// A stop during a long back-off (429 with Retry-After: 120) ends at once: the worker's stop()
// interrupts the rate-limit wait instead of sitting out two minutes, and nothing is sent after.
TEST_F(PolymarketBatch, AStopDuringALongBackOffReturnsAtOnce) {
    make();
    start();
    venue.server().inject(doubles::Response{429, {{"Retry-After", "120"}}, R"({"error":"Too Many Requests"})"}, 1,
                          "POST");
    send_new("w0", "0.45");
    ASSERT_TRUE(doubles::eventually([&] { return posts("/order") >= 1; })) << diagnostics();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is in the wait now
    const auto t0 = std::chrono::steady_clock::now();
    h->stop();
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_LT(took, std::chrono::seconds(5)) << diagnostics();
    EXPECT_EQ(posts("/order"), 1u);  // the 429'd request was not sent again
    h.reset();
}

}  // namespace
