// exchange: market metadata from exchangeInfo refuses orders the venue's filters would
// refuse (tick, step, minimum quantity, minimum notional), naming the rule.
#include "market_meta.hpp"
#include "registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;

namespace {

Market eth_btc() {
    tradehost::venue::json::Decoder dec;
    auto info = make_dialect("binance")->parse_markets(dec, exchange_test::read_data("binance/exchangeInfo.json"));
    return info.markets.at(0);  // tick 0.000001, step 0.001, minQty 0.001, minNotional 10
}

OrderSpec limit(const char* qty, const char* px) {
    OrderSpec o;
    o.symbol = "ETHBTC";
    o.type = TH_ORDER_LIMIT;
    o.qty = fx(qty);
    o.limit_px = fx(px);
    return o;
}

TEST(Metadata, PassesAnOrderOnTheGrid) {
    EXPECT_EQ(check_order(eth_btc(), limit("200", "0.05")), std::nullopt);
}

TEST(Metadata, PriceOffTheTick) {
    auto r = check_order(eth_btc(), limit("200", "0.0500005"));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "price 0.0500005 is not a multiple of tick size 0.000001");
}

TEST(Metadata, QuantityOffTheStepAndBelowMinimum) {
    auto r = check_order(eth_btc(), limit("200.0005", "0.05"));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "quantity 200.0005 is not a multiple of step size 0.001");
    r = check_order(eth_btc(), limit("0.0005", "0.05"));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "quantity 0.0005 below minimum quantity 0.001");
}

TEST(Metadata, NotionalBelowMinimum) {
    auto r = check_order(eth_btc(), limit("100", "0.05"));  // 5 < 10
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, "notional 5 below minimum notional 10");
}

TEST(Metadata, MarketOrdersLeaveNotionalToTheVenue) {
    OrderSpec o = limit("1", "0");
    o.type = TH_ORDER_MARKET;
    EXPECT_EQ(check_order(eth_btc(), o), std::nullopt);
}

TEST(Metadata, TableFindsBySymbol) {
    MarketTable t;
    t.replace({eth_btc()});
    EXPECT_NE(t.find("ETHBTC"), nullptr);
    EXPECT_EQ(t.find("BTCUSDT"), nullptr);
}

}  // namespace
