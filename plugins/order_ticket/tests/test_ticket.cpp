// order_ticket through the SDK harness: the request it sends, the answer it records.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class TicketTest : public ::testing::Test {
protected:
    tradehost::testing::Harness h{PLUGIN_PATH};
    std::string result = "/tmp/order_ticket_test_" + std::to_string(::getpid()) + ".txt";
    void TearDown() override { std::remove(result.c_str()); }

    th_execution_report report(const char* id, uint8_t type, const char* reason = "") {
        auto r = tradehost::make_event<th_execution_report>(5);
        r.instrument = h.intern("AAPL");
        r.exec_type = type;
        r.status = type == TH_EXEC_REJECTED ? TH_STATUS_REJECTED : TH_STATUS_NEW;
        r.order_qty = 10 * TH_FIXED_SCALE;
        r.leaves_qty = r.order_qty;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.venue_order_id, "V-1");
        tradehost::copy_str(r.reason, reason);
        return r;
    }
};

TEST_F(TicketTest, SendsALimitBuyAndRecordsTheAck) {
    h.set("action", "buy");
    h.set("symbol", "AAPL");
    h.set("qty", "10");
    h.set("limit", "187.25");
    h.set("tif", "gtc");
    h.set("client_order_id", "ops-check-1");
    h.set("result_file", result);
    h.create();
    h.start();
    auto sent = h.take<th_order_request>("orders");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].action, TH_ORDER_NEW);
    EXPECT_EQ(sent[0].side, TH_SIDE_BUY);
    EXPECT_EQ(sent[0].order_type, TH_ORDER_LIMIT);
    EXPECT_EQ(sent[0].tif, TH_TIF_GTC);
    EXPECT_EQ(sent[0].qty, 10 * TH_FIXED_SCALE);
    EXPECT_EQ(sent[0].limit_px, 18725000000);
    EXPECT_STREQ(sent[0].client_order_id, "ops-check-1");
    EXPECT_EQ(h.symbol(sent[0].instrument), "AAPL");

    // Someone else's report is not the answer.
    h.send("exec_reports", report("other", TH_EXEC_NEW));
    EXPECT_EQ(read_file(result), "");
    h.send("exec_reports", report("ops-check-1", TH_EXEC_NEW));
    EXPECT_EQ(read_file(result),
              "exec_type=NEW client_order_id=ops-check-1 venue_order_id=V-1 symbol=AAPL cum_qty=0 leaves_qty=10 avg_px=0\n");
}

TEST_F(TicketTest, MarketSellWithoutIdGetsASessionScopedIdAndARejectKeepsItsReason) {
    h.set("action", "sell");
    h.set("symbol", "AAPL");
    h.set("qty", "3");
    h.set("result_file", result);
    h.set_session_id(42);
    h.create();
    h.start();
    auto sent = h.take<th_order_request>("orders");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(sent[0].side, TH_SIDE_SELL);
    EXPECT_EQ(std::strncmp(sent[0].client_order_id, "tkt-42-", 7), 0) << sent[0].client_order_id;
    h.send("exec_reports", report(sent[0].client_order_id, TH_EXEC_REJECTED, "insufficient buying power"));
    EXPECT_NE(read_file(result).find("exec_type=REJECTED"), std::string::npos);
    EXPECT_NE(read_file(result).find("reason=\"insufficient buying power\""), std::string::npos);
}

TEST_F(TicketTest, CancelNamesTheOrderAndAcceptsTheCanceledOrdersReport) {
    h.set("action", "cancel");
    h.set("symbol", "AAPL");
    h.set("cancel_id", "ops-check-1");
    h.set("client_order_id", "ops-cancel-1");
    h.set("result_file", result);
    h.create();
    h.start();
    auto sent = h.take<th_order_request>("orders");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].action, TH_ORDER_CANCEL);
    EXPECT_STREQ(sent[0].orig_client_order_id, "ops-check-1");
    h.send("exec_reports", report("ops-check-1", TH_EXEC_CANCELED));
    EXPECT_NE(read_file(result).find("exec_type=CANCELED client_order_id=ops-check-1"), std::string::npos);
}

TEST_F(TicketTest, BadConfigSaysWhichKey) {
    h.set("action", "hold");
    h.set("symbol", "AAPL");
    try {
        h.create();
        FAIL() << "create accepted action 'hold'";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("action: 'hold' is not buy, sell or cancel"), std::string::npos) << e.what();
    }
}

}  // namespace

// ABI 1.2: good-till-date with an ISO 8601 expiry, and post-only.
TEST_F(TicketTest, SendsAGtdPostOnlyOrderWithItsExpiry) {
    h.set("action", "buy");
    h.set("symbol", "AAPL");
    h.set("qty", "10");
    h.set("limit", "0.55");
    h.set("tif", "gtd");
    h.set("expire", "2026-12-31T18:59:00.5-05:00");
    h.set("post_only", "true");
    h.set("result_file", result);
    h.create();
    h.start();
    auto sent = h.take<th_order_request>("orders");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].tif, TH_TIF_GTD);
    // 2026-12-31T23:59:00.5Z: 1798761540 s since the epoch (2027-01-01 is 1798761600).
    EXPECT_EQ(sent[0].expire_time_ns, 1798761540LL * 1000000000LL + 500000000LL);
    EXPECT_EQ(sent[0].flags, static_cast<uint32_t>(TH_ORDER_FLAG_POST_ONLY));
}

// The expiry as the ticket reads it: ISO 8601 with its zone, anything else refused.
TEST(TicketExpiry, ParsesIso8601WithItsZoneAndRefusesTheRest) {
    auto sent_expiry = [](const char* text, th_time_ns& out) {
        tradehost::testing::Harness h{PLUGIN_PATH};
        h.set("action", "buy");
        h.set("symbol", "AAPL");
        h.set("qty", "1");
        h.set("tif", "gtd");
        h.set("expire", text);
        try {
            h.create();
        } catch (const std::exception&) {
            return false;
        }
        h.start();
        auto sent = h.take<th_order_request>("orders");
        if (sent.size() != 1) return false;
        out = sent[0].expire_time_ns;
        return true;
    };
    th_time_ns t = -1;
    ASSERT_TRUE(sent_expiry("1970-01-01T00:00:01Z", t));
    EXPECT_EQ(t, 1000000000LL);
    ASSERT_TRUE(sent_expiry("2000-03-01T00:00:01.000000001Z", t));
    EXPECT_EQ(t, 951868801LL * 1000000000LL + 1);  // after a leap day
    for (const char* bad : {"2026-12-31T23:59:00", "2026-02-30T00:00:00Z", "2026-12-31T24:00:00Z", "tomorrow",
                            "2026-12-31T23:59:00Zjunk", "2026-12-31T23:59:00.Z"})
        EXPECT_FALSE(sent_expiry(bad, t)) << bad;
}

TEST_F(TicketTest, GtdWithoutAnExpiryAndAnExpiryWithoutGtdAreRefused) {
    h.set("action", "buy");
    h.set("symbol", "AAPL");
    h.set("qty", "1");
    h.set("tif", "gtd");
    EXPECT_THROW(h.create(), std::exception);
    h.set("tif", "gtc");
    h.set("expire", "2026-12-31T23:59:00Z");
    EXPECT_THROW(h.create(), std::exception);
    h.set("tif", "gtd");
    h.set("expire", "next week");
    EXPECT_THROW(h.create(), std::exception);
}
