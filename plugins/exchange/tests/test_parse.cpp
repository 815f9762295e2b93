// exchange: the Binance dialect parses each documented payload (test_data/binance, copied
// from the Binance Spot API docs) into exact unified values.
#include "registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;
using exchange_test::read_data;
namespace json = tradehost::venue::json;

namespace {

class BinanceParse : public ::testing::Test {
protected:
    std::unique_ptr<Dialect> d = make_dialect("binance");
    json::Decoder dec;
    std::string body(const char* name) { return read_data(std::string("binance/") + name); }
};

TEST_F(BinanceParse, ExchangeInfoGivesFiltersAndRateLimits) {
    ExchangeInfo info = d->parse_markets(dec, body("exchangeInfo.json"));
    ASSERT_EQ(info.markets.size(), 1u);
    const Market& m = info.markets[0];
    EXPECT_EQ(m.symbol, "ETHBTC");
    EXPECT_EQ(m.base, "ETH");
    EXPECT_EQ(m.quote, "BTC");
    EXPECT_TRUE(m.trading);
    EXPECT_EQ(m.tick_size, fx("0.000001"));
    EXPECT_EQ(m.min_price, fx("0.000001"));
    EXPECT_EQ(m.step_size, fx("0.001"));
    EXPECT_EQ(m.min_qty, fx("0.001"));
    EXPECT_EQ(m.max_qty, fx("100000"));
    EXPECT_EQ(m.min_notional, fx("10"));  // NOTIONAL wins over MIN_NOTIONAL
    EXPECT_FALSE(m.min_notional_applies_to_market);
    ASSERT_EQ(info.limits.size(), 4u);
    EXPECT_EQ(info.limits[0].bucket, "REQUEST_WEIGHT_1M");
    EXPECT_EQ(info.limits[0].limit, 6000u);
    EXPECT_EQ(info.limits[0].window, std::chrono::minutes(1));
    EXPECT_EQ(info.limits[1].bucket, "ORDERS_10S");
    EXPECT_EQ(info.limits[1].limit, 100u);
    EXPECT_EQ(info.limits[1].window, std::chrono::seconds(10));
    EXPECT_EQ(info.limits[2].bucket, "ORDERS_1D");
    EXPECT_EQ(info.limits[2].window, std::chrono::hours(24));
    EXPECT_EQ(info.limits[3].bucket, "RAW_REQUESTS_5M");
    EXPECT_EQ(info.limits[3].limit, 61000u);
}

TEST_F(BinanceParse, BookTicker) {
    Ticker t = d->parse_ticker(dec, body("bookTicker.json"));
    EXPECT_EQ(t.symbol, "LTCBTC");
    EXPECT_EQ(t.bid_px, fx("4"));
    EXPECT_EQ(t.bid_qty, fx("431"));
    EXPECT_EQ(t.ask_px, fx("4.000002"));
    EXPECT_EQ(t.ask_qty, fx("9"));
}

TEST_F(BinanceParse, Depth) {
    OrderBook b = d->parse_order_book(dec, "LTCBTC", body("depth.json"));
    EXPECT_EQ(b.update_id, 1027024);
    ASSERT_EQ(b.bids.size(), 1u);
    ASSERT_EQ(b.asks.size(), 1u);
    EXPECT_EQ(b.bids[0].px, fx("4"));
    EXPECT_EQ(b.bids[0].qty, fx("431"));
    EXPECT_EQ(b.asks[0].px, fx("4.000002"));
    EXPECT_EQ(b.asks[0].qty, fx("12"));
}

TEST_F(BinanceParse, PublicTrades) {
    auto trades = d->parse_trades(dec, "LTCBTC", body("trades.json"));
    ASSERT_EQ(trades.size(), 1u);
    EXPECT_EQ(trades[0].trade_id, "28457");
    EXPECT_EQ(trades[0].px, fx("4.000001"));
    EXPECT_EQ(trades[0].qty, fx("12"));
    EXPECT_EQ(trades[0].ts_ns, 1499865549590LL * 1000000);
    EXPECT_EQ(trades[0].aggressor, TH_SIDE_SELL);  // buyer was maker
}

TEST_F(BinanceParse, AccountBalances) {
    auto b = d->parse_balances(dec, body("account.json"));
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].asset, "BTC");
    EXPECT_EQ(b[0].free, fx("4723846.89208129"));
    EXPECT_EQ(b[0].locked, 0);
    EXPECT_EQ(b[1].asset, "LTC");
    EXPECT_EQ(b[1].free, fx("4763368.68006011"));
}

TEST_F(BinanceParse, NewOrderResult) {
    OrderState s = d->parse_order(dec, body("order_result.json"));
    EXPECT_EQ(s.symbol, "BTCUSDT");
    EXPECT_EQ(s.client_order_id, "6gCrw2kRUAF9CvJDGP16IP");
    EXPECT_EQ(s.venue_order_id, "28");
    EXPECT_EQ(s.side, TH_SIDE_SELL);
    EXPECT_EQ(s.status, TH_STATUS_FILLED);
    EXPECT_EQ(s.order_qty, fx("10"));
    EXPECT_EQ(s.executed_qty, fx("10"));
    EXPECT_EQ(s.cum_quote, fx("10"));
    EXPECT_EQ(s.ts_ns, 1507725176595LL * 1000000);
}

TEST_F(BinanceParse, CancelAnswerCarriesOurIdInOrigClientOrderId) {
    OrderState s = d->parse_order(dec, body("order_cancel.json"));
    EXPECT_EQ(s.client_order_id, "myOrder1");
    EXPECT_EQ(s.venue_order_id, "4");
    EXPECT_EQ(s.status, TH_STATUS_CANCELED);
    EXPECT_EQ(s.price, fx("2"));
    EXPECT_EQ(s.order_qty, fx("1"));
}

TEST_F(BinanceParse, QueryAndOpenOrders) {
    OrderState q = d->parse_order(dec, body("order_query.json"));
    EXPECT_EQ(q.client_order_id, "myOrder1");
    EXPECT_EQ(q.status, TH_STATUS_NEW);
    EXPECT_EQ(q.price, fx("0.1"));
    EXPECT_EQ(q.ts_ns, 1499827319559LL * 1000000);
    auto open = d->parse_open_orders(dec, body("openOrders.json"));
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].venue_order_id, "1");
    EXPECT_EQ(open[0].side, TH_SIDE_BUY);
    EXPECT_EQ(open[0].order_qty, fx("1"));
}

TEST_F(BinanceParse, MyTrades) {
    auto f = d->parse_my_trades(dec, body("myTrades.json"));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].fill_id, "BNBBTC:28457");
    EXPECT_EQ(f[0].venue_order_id, "100234");
    EXPECT_TRUE(f[0].client_order_id.empty());  // myTrades has none: the ledger maps orderId
    EXPECT_EQ(f[0].px, fx("4.000001"));
    EXPECT_EQ(f[0].qty, fx("12"));
    EXPECT_EQ(f[0].fee, fx("10.1"));
    EXPECT_EQ(f[0].fee_asset, "BNB");
    EXPECT_EQ(f[0].side, TH_SIDE_BUY);
    EXPECT_EQ(f[0].liquidity, TH_LIQ_TAKER);
    EXPECT_EQ(f[0].ts_ns, 1499865549590LL * 1000000);
}

// The WebSocket API's answers to our subscribe (web-socket-api "Response format").
TEST_F(BinanceParse, SubscribeAnswerConfirmsOrRefusesTheStream) {
    auto ok = d->parse_user_message(dec, R"({"id":"uds-1747385641636","status":200,"result":{"subscriptionId":0}})");
    EXPECT_TRUE(ok.subscribed);
    EXPECT_EQ(ok.end, UserStreamMessage::End::none);
    auto refused = d->parse_user_message(
        dec, R"({"id":"uds-1747385641636","status":400,"error":{"code":-1022,"msg":"Signature for this request is not valid."}})");
    EXPECT_FALSE(refused.subscribed);
    EXPECT_EQ(refused.end, UserStreamMessage::End::refused);
    EXPECT_NE(refused.end_reason.find("-1022 Signature for this request is not valid."), std::string::npos)
        << refused.end_reason;
    // Another request's answer (none is sent on this connection today) says nothing of the stream.
    auto other = d->parse_user_message(dec, R"({"id":"x","status":200,"result":{}})");
    EXPECT_FALSE(other.subscribed);
    EXPECT_EQ(other.end, UserStreamMessage::End::none);
    EXPECT_THROW(d->parse_user_message(dec, R"({"id":"uds-1","status":200})"), std::exception);
}

// user-data-stream "Event Stream Terminated" and web-socket-api "Server Shutdown": both ask
// for a new connection.
TEST_F(BinanceParse, TerminatedAndShutdownEventsAskForANewConnection) {
    auto t = d->parse_user_message(dec, R"({"subscriptionId":0,"event":{"e":"eventStreamTerminated","E":1728973001334}})");
    EXPECT_EQ(t.end, UserStreamMessage::End::reconnect);
    EXPECT_NE(t.end_reason.find("eventStreamTerminated"), std::string::npos);
    auto s = d->parse_user_message(dec, R"({"event":{"e":"serverShutdown","E":1770123456789}})");
    EXPECT_EQ(s.end, UserStreamMessage::End::reconnect);
    EXPECT_TRUE(s.updates.empty());
}

TEST_F(BinanceParse, CombinedStreamBookTicker) {
    MarketMessage m = d->parse_market_message(dec, body("stream_bookTicker.json"));
    ASSERT_EQ(m.tickers.size(), 1u);
    EXPECT_TRUE(m.trades.empty());
    EXPECT_FALSE(m.sequence.has_value());  // Binance streams are not numbered
    const Ticker* t = &m.tickers[0];
    EXPECT_EQ(t->symbol, "BNBUSDT");
    EXPECT_EQ(t->bid_px, fx("25.3519"));
    EXPECT_EQ(t->bid_qty, fx("31.21"));
    EXPECT_EQ(t->ask_px, fx("25.3652"));
    EXPECT_EQ(t->ask_qty, fx("40.66"));
}

TEST_F(BinanceParse, CombinedStreamTrade) {
    MarketMessage m = d->parse_market_message(dec, body("stream_trade.json"));
    ASSERT_EQ(m.trades.size(), 1u);
    const PublicTrade* t = &m.trades[0];
    EXPECT_EQ(t->symbol, "BNBBTC");
    EXPECT_EQ(t->trade_id, "12345");
    EXPECT_EQ(t->px, fx("0.001"));
    EXPECT_EQ(t->qty, fx("100"));
    EXPECT_EQ(t->ts_ns, 1672515782136LL * 1000000);
    EXPECT_EQ(t->aggressor, TH_SIDE_SELL);
}

// JSON objects are unordered: "data" before "stream" decodes the same, and a frame without its
// data, or with a field missing from it, is an error rather than a zero.
TEST_F(BinanceParse, CombinedStreamInEitherKeyOrderAndIncompleteFrames) {
    MarketMessage m;
    d->read_market_message(dec, R"({"data":{"u":1,"s":"BNBUSDT","b":"1.5","B":"2","a":"1.6","A":"3"},"stream":"bnbusdt@bookTicker"})", m);
    ASSERT_EQ(m.tickers.size(), 1u);
    EXPECT_EQ(m.tickers[0].ask_qty, fx("3"));
    // A reused message appends: the caller clears it between frames.
    d->read_market_message(dec, R"({"stream":"bnbbtc@trade","data":{"e":"trade","s":"BNBBTC","t":7,"p":"0.5","q":"1","T":5,"m":false}})", m);
    ASSERT_EQ(m.trades.size(), 1u);
    EXPECT_EQ(m.tickers.size(), 1u);
    EXPECT_EQ(m.trades[0].aggressor, TH_SIDE_BUY);
    EXPECT_EQ(m.trades[0].trade_id, "7");
    m.clear();
    EXPECT_TRUE(m.empty());
    EXPECT_THROW(d->read_market_message(dec, R"({"stream":"bnbusdt@bookTicker"})", m), std::runtime_error);
    EXPECT_THROW(d->read_market_message(dec, R"({"stream":"bnbusdt@bookTicker","data":{"s":"BNBUSDT","b":"1","B":"1","a":"1"}})", m),
                 std::runtime_error);
    EXPECT_THROW(d->read_market_message(dec, R"({"stream":"bnbbtc@trade","data":{"s":"BNBBTC","t":7,"p":"x","q":"1","T":5}})", m),
                 std::runtime_error);
}

TEST_F(BinanceParse, SubscriptionAckIsNotMarketData) {
    MarketMessage m = d->parse_market_message(dec, R"({"result":null,"id":1})");
    EXPECT_TRUE(m.empty());
}

TEST_F(BinanceParse, ExecutionReportNew) {
    auto u = d->parse_user_message(dec, body("executionReport_new.json")).updates;
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].exec_type, TH_EXEC_NEW);
    EXPECT_FALSE(u[0].fill.has_value());
    EXPECT_EQ(u[0].order.symbol, "ETHBTC");
    EXPECT_EQ(u[0].order.client_order_id, "mUvoqJxFIILMdfAW5iGSOW");
    EXPECT_EQ(u[0].order.venue_order_id, "4293153");
    EXPECT_EQ(u[0].order.status, TH_STATUS_NEW);
    EXPECT_EQ(u[0].order.price, fx("0.1026441"));
    EXPECT_EQ(u[0].order.order_qty, fx("1"));
    EXPECT_EQ(u[0].order.ts_ns, 1499405658657LL * 1000000);
}

TEST_F(BinanceParse, ExecutionReportTradeCarriesTheFill) {
    auto u = d->parse_user_message(dec, body("executionReport_trade.json")).updates;
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(u[0].order.status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(u[0].order.executed_qty, fx("0.4"));
    ASSERT_TRUE(u[0].fill.has_value());
    const Fill& f = *u[0].fill;
    EXPECT_EQ(f.fill_id, "ETHBTC:92718");
    EXPECT_EQ(f.client_order_id, "mUvoqJxFIILMdfAW5iGSOW");
    EXPECT_EQ(f.px, fx("0.102644"));
    EXPECT_EQ(f.qty, fx("0.4"));
    EXPECT_EQ(f.fee, fx("0.00004106"));
    EXPECT_EQ(f.fee_asset, "BTC");
    EXPECT_EQ(f.liquidity, TH_LIQ_MAKER);
}

TEST_F(BinanceParse, AccountEventsAreNotOrderUpdates) {
    auto m = d->parse_user_message(dec, R"({"subscriptionId":0,"event":{"e":"outboundAccountPosition","E":1564034571105,)"
                                        R"("u":1564034571073,"B":[{"a":"ETH","f":"10000.000000","l":"0.000000"}]}})");
    EXPECT_TRUE(m.updates.empty());
    EXPECT_EQ(m.end, UserStreamMessage::End::none);
}

// The retired listenKey stream's frames were bare events; the WebSocket API wraps them. A bare
// event is not a frame of this stream.
TEST_F(BinanceParse, BareEventOfTheRetiredListenKeyStreamIsNotAnUpdate) {
    auto m = d->parse_user_message(dec, R"({"e":"executionReport","E":1,"s":"ETHBTC","c":"a","S":"BUY","x":"NEW",)"
                                        R"("X":"NEW","i":1,"q":"1","z":"0","T":1})");
    EXPECT_TRUE(m.updates.empty());
}

TEST_F(BinanceParse, LimitHeadersFeedTheBuckets) {
    tradehost::venue::HttpResponse r;
    r.status = 200;
    r.headers = {{"x-mbx-used-weight-1m", "31"}, {"X-MBX-ORDER-COUNT-10S", "2"}, {"Content-Type", "application/json"}};
    auto used = d->used_weights(r);
    ASSERT_EQ(used.size(), 2u);
    EXPECT_EQ(used[0], std::make_pair(std::string("REQUEST_WEIGHT_1M"), 31u));
    EXPECT_EQ(used[1], std::make_pair(std::string("ORDERS_10S"), 2u));
}

TEST(Registry, OnlyCompleteDialectsAreRegistered) {
    EXPECT_NE(make_dialect("binance"), nullptr);
    EXPECT_EQ(make_dialect("nosuchexchange"), nullptr);
    EXPECT_NE(make_dialect("coinbase"), nullptr);
    EXPECT_EQ(dialect_names(), (std::vector<std::string>{"binance", "coinbase", "kraken"}));
}

}  // namespace
