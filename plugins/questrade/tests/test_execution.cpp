// Orders against the Questrade double through the built plugin: lifecycle with partial fills
// from executions, cancel, the venue's rejection message, 429 back-off until
// X-RateLimit-Reset, a lost order answer reconciled by listing, and a restart that publishes
// no fill twice.
#include "qt_fixture.hpp"

#include <set>

using namespace qt_test;

namespace {

bool has_report(const std::vector<th_execution_report>& rs, const std::string& cid, uint8_t type) {
    for (const auto& r : rs)
        if (cid == r.client_order_id && r.exec_type == type) return true;
    return false;
}

}  // namespace

TEST_F(Questrade, OrderLifecycleWithPartialFillsFromExecutions) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    h->send("orders", order("c-1", TH_SIDE_BUY, "10", "189.5"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_NEW); }));
    ASSERT_EQ(venue.order_ids().size(), 1u);
    const int64_t oid = venue.order_ids()[0];
    EXPECT_EQ(std::string(reports[0].venue_order_id), std::to_string(oid));
    // The mapping was saved before the ack.
    EXPECT_NE(h->state().at("ledger").find(std::to_string(oid)), std::string::npos);

    const int64_t x1 = venue.fill(oid, 4, "189.5");
    ASSERT_TRUE(wait<th_fill>("fills", fills, [&] { return fills.size() == 1; }));
    const int64_t x2 = venue.fill(oid, 6, "189.25");
    ASSERT_TRUE(wait<th_fill>("fills", fills, [&] { return fills.size() == 2; }));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_FILL); }));

    EXPECT_EQ(std::string(fills[0].fill_id), std::to_string(x1));
    EXPECT_EQ(std::string(fills[1].fill_id), std::to_string(x2));
    EXPECT_EQ(fills[0].qty, fx("4"));
    EXPECT_EQ(fills[1].px, fx("189.25"));
    EXPECT_EQ(fills[0].fee, fx("4.95"));
    EXPECT_STREQ(fills[1].client_order_id, "c-1");

    const th_execution_report* partial = nullptr;
    const th_execution_report* done = nullptr;
    for (const auto& r : reports) {
        if (r.exec_type == TH_EXEC_PARTIAL_FILL) partial = &r;
        if (r.exec_type == TH_EXEC_FILL) done = &r;
    }
    ASSERT_TRUE(partial && done);
    EXPECT_EQ(partial->cum_qty, fx("4"));
    EXPECT_EQ(partial->leaves_qty, fx("6"));
    EXPECT_EQ(done->status, TH_STATUS_FILLED);
    EXPECT_EQ(done->cum_qty, fx("10"));
    EXPECT_EQ(done->avg_px, fx("189.35"));  // (4*189.5 + 6*189.25) / 10

    std::vector<th_position> positions;
    ASSERT_TRUE(wait<th_position>("positions", positions, [&] {
        for (const auto& p : positions)
            if (p.qty == fx("10")) return true;
        return false;
    }));
    EXPECT_EQ(h->metric("fills"), 2);
    EXPECT_EQ(h->metric("orders_sent"), 1);
}

TEST_F(Questrade, CancelPublishesCanceled) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    h->send("orders", order("c-1", TH_SIDE_BUY, "5", "100"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_NEW); }));
    h->send("orders", cancel("x-1", "c-1"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_CANCELED); }));
    EXPECT_EQ(venue.order_state(venue.order_ids()[0]), "Canceled");
    EXPECT_EQ(reports.back().status, TH_STATUS_CANCELED);
    EXPECT_EQ(reports.back().leaves_qty, 0);

    // A second cancel: the order is final, refused without a request.
    const size_t deletes = venue.server().requests("DELETE", "/v1/accounts/*/orders/*").size();
    h->send("orders", cancel("x-2", "c-1"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return reports.back().exec_type == TH_EXEC_REJECTED; }));
    EXPECT_EQ(venue.server().requests("DELETE", "/v1/accounts/*/orders/*").size(), deletes);
}

TEST_F(Questrade, VenueRejectionCarriesQuestradesMessage) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    venue.set_buying_power("1000");
    h->send("orders", order("c-1", TH_SIDE_BUY, "100", "189.5"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return !reports.empty(); }));
    EXPECT_EQ(reports[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(reports[0].status, TH_STATUS_REJECTED);
    EXPECT_STREQ(reports[0].reason, "Insufficient buying power");
    EXPECT_EQ(std::string(reports[0].venue_order_id), std::to_string(venue.order_ids()[0]));
    EXPECT_EQ(h->metric("orders_rejected"), 1);

    // Checked before sending: fractional shares and a duplicate client order id.
    h->send("orders", order("c-2", TH_SIDE_BUY, "1.5", "10"));
    h->send("orders", order("c-1", TH_SIDE_BUY, "1", "10"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return reports.size() == 3; }));
    EXPECT_NE(std::string(reports[1].reason).find("whole number"), std::string::npos);
    EXPECT_NE(std::string(reports[2].reason).find("duplicate"), std::string::npos);
    EXPECT_EQ(venue.order_ids().size(), 1u);
}

TEST_F(Questrade, RateLimitBacksOffUntilReset) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    // An open order, so that polls have something to ask (with nothing of ours open and no
    // fill yet, a poll sends no request at all).
    h->send("orders", order("c-1", TH_SIDE_BUY, "5", "100"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_NEW); }));
    const auto now = std::chrono::system_clock::now();
    const int64_t reset_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() + 1;
    const size_t before = venue.api_log().size();
    venue.inject_rate_limit(1, reset_s);
    // The next poll is refused with 429; the retry must wait for the reset second.
    ASSERT_TRUE(tradehost::doubles::eventually([&] {
        const auto log = venue.api_log();
        bool limited = false;
        for (size_t i = before; i < log.size(); ++i) {
            if (log[i].status == 429) limited = true;
            else if (limited && log[i].status == 200) return true;
        }
        return false;
    }));
    const auto log = venue.api_log();
    std::chrono::system_clock::time_point limited_at{}, resumed_at{};
    for (size_t i = before; i < log.size(); ++i) {
        if (log[i].status == 429) limited_at = log[i].at;
        else if (limited_at.time_since_epoch().count() && log[i].status == 200) {
            resumed_at = log[i].at;
            break;
        }
    }
    EXPECT_GE(resumed_at, std::chrono::system_clock::time_point(std::chrono::seconds(reset_s)) -
                              std::chrono::milliseconds(20));
    EXPECT_GE(h->metric("rate_limited"), 1);
}

TEST_F(Questrade, LostOrderAnswerIsReconciledByListingNotResent) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    venue.lose_next_order_answer();
    h->send("orders", order("c-1", TH_SIDE_SELL, "3", "200"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_NEW); }));
    EXPECT_EQ(venue.order_ids().size(), 1u);
    EXPECT_EQ(venue.server().requests("POST", "/v1/accounts/*/orders").size(), 1u) << "the order was resent";
    EXPECT_EQ(std::string(reports.back().venue_order_id), std::to_string(venue.order_ids()[0]));
}

TEST_F(Questrade, RestartWithPersistedLedgerPublishesNoFillTwice) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    h->send("orders", order("c-1", TH_SIDE_BUY, "10", "50"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_NEW); }));
    const int64_t oid = venue.order_ids()[0];
    venue.fill(oid, 4, "50");
    ASSERT_TRUE(wait<th_fill>("fills", fills, [&] { return fills.size() == 1; }));
    h->stop_if_started();
    const auto saved_state = h->state();

    // A fill while the adapter is down, then a restart with the saved ledger.
    venue.fill(oid, 6, "49.5");
    h = std::make_unique<H>(PLUGIN_PATH);
    h->set("login_url", venue.url());
    h->set("token_file", token_file);
    h->set("poll_interval", "50ms");
    h->set("reconnect_min", "50ms");
    h->state() = saved_state;
    h->create();
    h->start();
    h->started = true;
    statuses.clear();
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    std::vector<th_fill> after;
    ASSERT_TRUE(wait<th_fill>("fills", after, [&] { return !after.empty(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // several more polls
    for (auto& f : h->take<th_fill>("fills")) after.push_back(f);
    ASSERT_EQ(after.size(), 1u) << "a fill was published twice";
    EXPECT_NE(std::string(after[0].fill_id), std::string(fills[0].fill_id));
    EXPECT_EQ(after[0].qty, fx("6"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, "c-1", TH_EXEC_FILL); }));
    EXPECT_EQ(reports.back().cum_qty, fx("10"));
}

// A fresh journal has no saved ledger: that is a fresh ledger, never "unreadable" (state_get
// returning nothing must not be parsed), and an empty saved blob is the same.
TEST_F(Questrade, FreshJournalStartsAFreshLedger) {
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    EXPECT_FALSE(logs_contain("unreadable"));
    h->stop_if_started();
    h.reset();
    statuses.clear();
    h = std::make_unique<H>(PLUGIN_PATH);
    h->state()["ledger"] = "";
    h->set("login_url", venue.url());
    h->set("token_file", token_file);
    h->set("poll_interval", "50ms");
    h->set("reconnect_min", "50ms");
    h->set("reconnect_max", "200ms");
    h->create();
    h->start();
    h->started = true;
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    EXPECT_FALSE(logs_contain("unreadable"));
}

// A host id from a long instance name (TH_ID_LEN - 1 characters): Questrade's order has no
// client id field, so the id never reaches the venue; reports and fills carry it all the same.
TEST_F(Questrade, LongClientOrderIdStaysInTheLedgerAndComesBackOnReports) {
    const std::string id = "momentum-breakout-eu-session-tkt-170001";
    ASSERT_EQ(id.size(), TH_ID_LEN - 1u);
    make(venue.issue_refresh_token());
    ASSERT_TRUE(wait_status(TH_VENUE_RECONCILED));
    h->send("orders", order(id, TH_SIDE_BUY, "10", "189.5"));
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, id, TH_EXEC_NEW); }));
    ASSERT_EQ(venue.order_ids().size(), 1u);
    venue.fill(venue.order_ids()[0], 10, "189.5");
    ASSERT_TRUE(wait<th_execution_report>("exec_reports", reports, [&] { return has_report(reports, id, TH_EXEC_FILL); }));
    ASSERT_TRUE(wait<th_fill>("fills", fills, [&] { return fills.size() == 1; }));
    EXPECT_EQ(std::string(fills[0].client_order_id), id);
}
