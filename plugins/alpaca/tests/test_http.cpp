// alpaca: request bodies and stream messages are built in Alpaca's documented shapes.
#include "http.hpp"
#include "websocket.hpp"

#include <gtest/gtest.h>

namespace tradehost::alpaca {
namespace {

TEST(AlpacaRequests, LimitOrderBody) {
    NewOrder o;
    o.symbol = "AAPL";
    o.client_order_id = "s1-42";
    o.side = TH_SIDE_BUY;
    o.order_type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_GTC;
    o.qty = 10 * TH_FIXED_SCALE;
    o.limit_px = 10125000000;  // 101.25
    o.stop_px = 99 * TH_FIXED_SCALE;  // ignored for a limit order
    EXPECT_EQ(new_order_body(o),
              R"({"symbol":"AAPL","qty":"10","side":"buy","type":"limit","time_in_force":"gtc","limit_price":"101.25","client_order_id":"s1-42"})");
}

TEST(AlpacaRequests, StopLimitAndMarketBodies) {
    NewOrder o;
    o.symbol = "MSFT";
    o.client_order_id = "c";
    o.side = TH_SIDE_SELL;
    o.order_type = TH_ORDER_STOP_LIMIT;
    o.tif = TH_TIF_DAY;
    o.qty = 50000000;  // 0.5 (fractional)
    o.limit_px = 300 * TH_FIXED_SCALE;
    o.stop_px = 301 * TH_FIXED_SCALE;
    EXPECT_EQ(new_order_body(o),
              R"({"symbol":"MSFT","qty":"0.5","side":"sell","type":"stop_limit","time_in_force":"day","limit_price":"300","stop_price":"301","client_order_id":"c"})");
    o.order_type = TH_ORDER_MARKET;
    o.tif = TH_TIF_IOC;
    EXPECT_EQ(new_order_body(o),
              R"({"symbol":"MSFT","qty":"0.5","side":"sell","type":"market","time_in_force":"ioc","client_order_id":"c"})");
}

TEST(AlpacaRequests, Mappings) {
    EXPECT_STREQ(order_type_text(TH_ORDER_STOP), "stop");
    EXPECT_EQ(order_type_text(9), nullptr);
    EXPECT_STREQ(tif_text(TH_TIF_FOK), "fok");
    EXPECT_EQ(tif_text(0), nullptr);
}

TEST(AlpacaRequests, ReplaceBody) {
    EXPECT_EQ(replace_body(20 * TH_FIXED_SCALE, 10150000000, 0, "r-2"),
              R"({"qty":"20","limit_price":"101.5","client_order_id":"r-2"})");
}

TEST(AlpacaRequests, StreamMessages) {
    EXPECT_EQ(auth_message("PKTEST", "s\"x"), R"({"action":"auth","key":"PKTEST","secret":"s\"x"})");
    EXPECT_EQ(listen_message(), R"({"action":"listen","data":{"streams":["trade_updates"]}})");
    EXPECT_EQ(subscribe_message({"AAPL"}, {"AMD", "CLDR"}, {}),
              R"({"action":"subscribe","trades":["AAPL"],"quotes":["AMD","CLDR"]})");
}

}  // namespace
}  // namespace tradehost::alpaca
