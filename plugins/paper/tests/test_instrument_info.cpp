// Instrument metadata (ABI 1.1): the paper venue registers none, but refuses what a real
// venue would refuse when another plugin registered the instrument's tick, lot, minimum
// quantity and price bounds; without metadata, or in a 1.0 host, it checks nothing.
#include "paper_fixture.hpp"

using namespace paper_test;

namespace {

/// A betting selection: decimal odds 1.01..1000 in ticks of 0.01, stakes in cents, at least 2.
th_instrument_info selection_info() {
    th_instrument_info i{};
    i.size = sizeof i;
    i.asset_class = TH_ASSET_BETTING_SELECTION;
    i.tick_size = fx("0.01");
    i.lot_size = fx("0.01");
    i.min_qty = fx(2);
    i.min_price = fx("1.01");
    i.max_price = fx(1000);
    tradehost::copy_str(i.currency, "GBP");
    return i;
}

}  // namespace

TEST_F(Paper, RegistersNoInstrumentMetadata) {
    make();
    quote(T0, fx("2.5"), fx(100), fx("2.52"), fx(100));
    limit(T0, "a", TH_SIDE_BUY, fx(10), fx("2.5"));
    EXPECT_FALSE(h->instrument_info(sym).has_value());
}

TEST_F(Paper, RefusesOrdersThatBreakTheRegisteredRules) {
    make();
    h->set_instrument_info(sym, selection_info());
    auto expect_reject = [&](const std::string& id, th_fixed qty, th_fixed px, const std::string& reason) {
        limit(T0, id, TH_SIDE_BUY, qty, px);
        auto rs = reports();
        ASSERT_EQ(rs.size(), 1u) << id;
        EXPECT_EQ(rs[0].exec_type, TH_EXEC_REJECTED) << id;
        EXPECT_STREQ(rs[0].client_order_id, id.c_str());
        EXPECT_EQ(rs[0].reason, reason);
    };
    expect_reject("t", fx(10), fx("2.505"), "tick_size: limit price 2.505 is not a multiple of tick 0.01 on AAPL");
    expect_reject("lo", fx(10), fx("1.001"), "price_range: limit price 1.001 below min_price 1.01 on AAPL");
    expect_reject("hi", fx(10), fx(1001), "price_range: limit price 1001 above max_price 1000 on AAPL");
    expect_reject("min", fx(1), fx("2.5"), "min_qty: qty 1 below min_qty 2 on AAPL");
    expect_reject("lot", fx("2.005"), fx("2.5"), "lot_size: qty 2.005 is not a multiple of lot 0.01 on AAPL");
    EXPECT_EQ(h->metric("orders_rejected"), 5);

    limit(T0, "ok", TH_SIDE_BUY, fx("2.5"), fx("2.5"));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
}

TEST_F(Paper, RefusesAReplaceOffTheTickAndNamesTheOrder) {
    make();
    h->set_instrument_info(sym, selection_info());
    limit(T0, "a", TH_SIDE_BUY, fx(10), fx("2.5"));
    ASSERT_EQ(of_type(reports(), TH_EXEC_NEW).size(), 1u);

    replace(T0, "a2", "a", fx(10), fx("2.555"));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(std::string(rs[0].reason), "tick_size: limit price 2.555 is not a multiple of tick 0.01 on AAPL");
    EXPECT_STREQ(rs[0].orig_client_order_id, "a");

    replace(T0, "a3", "a", fx(12), fx("2.56"));
    rs = of_type(reports(), TH_EXEC_REPLACED);
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_STREQ(rs[0].client_order_id, "a3");
    EXPECT_STREQ(rs[0].orig_client_order_id, "a");  // ABI 1.1: the order it replaced
}

TEST_F(Paper, WithoutMetadataOrInA10HostNothingIsChecked) {
    make();
    limit(T0, "a", TH_SIDE_BUY, fx("2.005"), fx("2.505"));
    EXPECT_EQ(of_type(reports(), TH_EXEC_NEW).size(), 1u);

    auto old = std::make_unique<Harness>(PLUGIN_PATH);
    old->emulate_host_abi_1_0();
    old->create();
    old->start();
    const th_instrument id = old->intern("AAPL");
    old->set_instrument_info(id, selection_info());  // not reachable through a 1.0 table
    auto r = request(id, T0, "b", TH_SIDE_BUY, TH_ORDER_LIMIT, fx("2.005"), fx("2.505"));
    ASSERT_EQ(old->send("orders", r), TH_OK) << old->last_error();
    auto rs = old->take<th_execution_report>("exec_reports");
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
}
