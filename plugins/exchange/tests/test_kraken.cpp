// exchange: the Kraken dialect (registered): request signing against the
// worked example of Kraken's docs (guides/spot-rest-auth: buy 1.25 XBTUSD at 37500) and the
// parse of each documented payload in test_data/kraken. The private key is the docs' published
// example, not a real credential. ws_executions_trade.json follows the documented field list of
// the WebSocket v2 executions channel.
#include "registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;
namespace json = tradehost::venue::json;

namespace {

const Credentials kDocExample{"fake-kraken-api-key",
                              "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="};

class KrakenTest : public ::testing::Test {
protected:
    std::unique_ptr<Dialect> d = make_kraken_dialect();
    json::Decoder dec;
    std::string body(const char* name) { return exchange_test::read_data(std::string("kraken/") + name); }
    static const std::string* header(const tradehost::venue::HttpRequest& r, const char* name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return &v;
        return nullptr;
    }
};

TEST_F(KrakenTest, DocExampleAddOrderIsSignedExactly) {
    Endpoint ep;
    ep.method = "POST";
    ep.path = "/0/private/AddOrder";
    ep.is_signed = true;
    ep.params = {{"ordertype", "limit"}, {"pair", "XBTUSD"}, {"price", "37500"}, {"type", "buy"}, {"volume", "1.25"}};
    auto req = d->sign(ep, "https://api.kraken.com", kDocExample, 1616492376594);
    EXPECT_EQ(req.url, "https://api.kraken.com/0/private/AddOrder");
    EXPECT_EQ(req.body, "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
    ASSERT_NE(header(req, "API-Sign"), nullptr);
    EXPECT_EQ(*header(req, "API-Sign"),
              "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
    EXPECT_EQ(*header(req, "API-Key"), kDocExample.key);
}

TEST_F(KrakenTest, NoncesAlwaysIncrease) {
    auto a = d->sign(d->balances(), "https://api.kraken.com", kDocExample, 1000);
    auto b = d->sign(d->balances(), "https://api.kraken.com", kDocExample, 1000);  // same millisecond
    EXPECT_EQ(a.body, "nonce=1000");
    EXPECT_EQ(b.body, "nonce=1001");
}

TEST_F(KrakenTest, CreateOrderCarriesOurClientOrderId) {
    OrderSpec o;
    o.symbol = "XBTUSD";
    o.client_order_id = "my-order-1";
    o.side = TH_SIDE_SELL;
    o.type = TH_ORDER_STOP_LIMIT;
    o.tif = TH_TIF_GTC;
    o.qty = fx("0.5");
    o.limit_px = fx("29900");
    o.stop_px = fx("30000");
    EXPECT_EQ(tradehost::venue::query_string(d->create_order(o).params),
              "ordertype=stop-loss-limit&type=sell&volume=0.5&pair=XBTUSD&price=30000&price2=29900&cl_ord_id=my-order-1");
    o.tif = TH_TIF_FOK;
    EXPECT_TRUE(d->unsupported(o).has_value());
}

TEST_F(KrakenTest, AssetPairs) {
    auto info = d->parse_markets(dec, body("AssetPairs.json"));
    ASSERT_EQ(info.markets.size(), 1u);
    const Market& m = info.markets[0];
    EXPECT_EQ(m.symbol, "ETHXBT");
    EXPECT_EQ(m.base, "XETH");
    EXPECT_EQ(m.quote, "XXBT");
    EXPECT_TRUE(m.trading);
    EXPECT_EQ(m.tick_size, fx("0.00001"));
    EXPECT_EQ(m.step_size, fx("0.00000001"));  // lot_decimals 8
    EXPECT_EQ(m.min_qty, fx("0.01"));
    EXPECT_EQ(m.min_notional, fx("0.00002"));
}

TEST_F(KrakenTest, TickerDepthTrades) {
    Ticker t = d->parse_ticker(dec, body("Ticker.json"));
    EXPECT_EQ(t.symbol, "XXBTZUSD");
    EXPECT_EQ(t.bid_px, fx("30300"));
    EXPECT_EQ(t.ask_px, fx("30300.1"));
    EXPECT_EQ(t.ask_qty, fx("1"));
    OrderBook b = d->parse_order_book(dec, "XBTUSD", body("Depth.json"));
    ASSERT_EQ(b.asks.size(), 2u);
    ASSERT_EQ(b.bids.size(), 2u);
    EXPECT_EQ(b.asks[0].px, fx("30384.1"));
    EXPECT_EQ(b.asks[0].qty, fx("2.059"));
    EXPECT_EQ(b.bids[1].qty, fx("0.002"));
    auto trades = d->parse_trades(dec, "XBTUSD", body("Trades.json"));
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].px, fx("30243.4"));
    EXPECT_EQ(trades[0].qty, fx("0.34507674"));
    EXPECT_EQ(trades[0].aggressor, TH_SIDE_BUY);
    EXPECT_EQ(trades[0].trade_id, "61044952");
    EXPECT_EQ(trades[1].aggressor, TH_SIDE_SELL);
    EXPECT_EQ(trades[1].ts_ns, 1688669598280411200LL);  // 8 decimals of the time are kept
}

TEST_F(KrakenTest, BalanceAddCancelOpenOrdersTradesHistoryToken) {
    auto bal = d->parse_balances(dec, body("Balance.json"));
    ASSERT_EQ(bal.size(), 4u);
    EXPECT_EQ(bal[0].asset, "ZUSD");
    EXPECT_EQ(bal[0].free, fx("171288.6158"));
    EXPECT_EQ(bal[2].free, fx("1011.19088779"));
    OrderState added = d->parse_order(dec, body("AddOrder.json"));
    EXPECT_EQ(added.venue_order_id, "OU22CG-KLAF2-FWUDD7");
    EXPECT_EQ(added.status, TH_STATUS_NEW);
    EXPECT_EQ(d->parse_order(dec, body("CancelOrder.json")).status, TH_STATUS_CANCELED);
    auto open = d->parse_open_orders(dec, body("OpenOrders.json"));
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].venue_order_id, "OQCLML-BW3P3-BUCMWZ");
    EXPECT_EQ(open[0].symbol, "XBTUSD");
    EXPECT_EQ(open[0].side, TH_SIDE_BUY);
    EXPECT_EQ(open[0].status, TH_STATUS_NEW);
    EXPECT_EQ(open[0].order_qty, fx("1.25"));
    EXPECT_EQ(open[0].executed_qty, fx("0.375"));
    EXPECT_EQ(open[0].price, fx("30010"));
    EXPECT_EQ(open[0].ts_ns, 1688666559897400000LL);
    auto fills = d->parse_my_trades(dec, body("TradesHistory.json"));
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].fill_id, "OQCLML-BW3P3-BUCMWZ:40274859");
    EXPECT_EQ(fills[0].venue_order_id, "OQCLML-BW3P3-BUCMWZ");
    EXPECT_EQ(fills[0].px, fx("30010"));
    EXPECT_EQ(fills[0].qty, fx("0.02"));
    EXPECT_EQ(fills[0].liquidity, TH_LIQ_MAKER);
    EXPECT_EQ(fills[0].ts_ns, 1688667796880200000LL);
    EXPECT_EQ(d->parse_user_stream_token(dec, body("GetWebSocketsToken.json")),
              "1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw");
}

TEST_F(KrakenTest, WebSocketV2TickerTradeExecutions) {
    MarketMessage m = d->parse_market_message(dec, body("ws_ticker.json"));
    ASSERT_EQ(m.tickers.size(), 1u);
    const Ticker* t = &m.tickers[0];
    EXPECT_EQ(t->symbol, "ALGO/USD");
    EXPECT_EQ(t->bid_px, fx("0.10025"));
    EXPECT_EQ(t->bid_qty, fx("740"));
    EXPECT_EQ(t->ask_qty, fx("1361.44813783"));
    m = d->parse_market_message(dec, body("ws_trade.json"));
    ASSERT_EQ(m.trades.size(), 1u);
    const PublicTrade* p = &m.trades[0];
    EXPECT_EQ(p->px, fx("0.5117"));
    EXPECT_EQ(p->qty, fx("40"));
    EXPECT_EQ(p->aggressor, TH_SIDE_SELL);
    EXPECT_EQ(p->ts_ns, 1695628177708706000LL);
    auto u = d->parse_user_message(dec, body("ws_executions_trade.json")).updates;
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(u[0].order.client_order_id, "my-order-7");
    ASSERT_TRUE(u[0].fill.has_value());
    EXPECT_EQ(u[0].fill->fill_id, "OK4GJX-KSTLS-7DZZO5:61844353");
    EXPECT_EQ(u[0].fill->qty, fx("0.1"));
    EXPECT_EQ(u[0].fill->px, fx("26500"));
    EXPECT_EQ(u[0].fill->fee, fx("4.24"));
    EXPECT_EQ(u[0].fill->fee_asset, "USD");
    EXPECT_EQ(u[0].fill->liquidity, TH_LIQ_MAKER);
    auto subs = d->market_subscribe({"BTC/USD"});
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_EQ(subs[0], R"({"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]}})");
}

TEST_F(KrakenTest, IsRegistered) {
    auto k = make_dialect("kraken");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->name(), "kraken");
}

// REST altnames ("XBTUSD"), REST pair keys ("XXBTZUSD") and WebSocket v2 symbols ("BTC/USD")
// all come back as our symbol, the altname, once AssetPairs is known; before, the altname
// convention (base + quote, XBT = BTC on v2) picks the v2 name to subscribe.
TEST_F(KrakenTest, SymbolsMapBetweenRestAndWebSocketV2) {
    const std::string pairs =
        R"({"error":[],"result":{"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD",)"
        R"("lot_decimals":8,"ordermin":"0.0001","costmin":"0.5","tick_size":"0.1","status":"online"},)"
        R"("XDGUSD":{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD",)"
        R"("lot_decimals":8,"ordermin":"50","costmin":"0.5","tick_size":"0.0000001","status":"online"}}})";
    auto fresh = make_kraken_dialect();
    EXPECT_EQ(fresh->market_subscribe({"ETHUSDT"})[1],
              R"({"method":"subscribe","params":{"channel":"trade","symbol":["ETH/USDT"]}})");
    auto info = fresh->parse_markets(dec, pairs);
    ASSERT_EQ(info.limits.size(), 1u);
    EXPECT_EQ(info.limits[0].bucket, "API_COUNTER");
    EXPECT_EQ(fresh->market_subscribe({"XBTUSD", "XDGUSD"})[0],
              R"({"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD","DOGE/USD"]}})");
    MarketMessage m = fresh->parse_market_message(
        dec, R"({"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1.5,"bid_qty":2,"ask":1.6,"ask_qty":3}]})");
    ASSERT_EQ(m.tickers.size(), 1u);
    EXPECT_EQ(m.tickers[0].symbol, "XBTUSD");
    auto fills = fresh->parse_my_trades(dec, body("TradesHistory.json"));
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].symbol, "XBTUSD");  // "XXBTZUSD" in the answer
    // The call counter: trade history counts 2, orders are not on it (they use the engine's).
    auto cost = [](const Endpoint& e) { return e.costs.empty() ? 0u : e.costs[0].second; };
    EXPECT_EQ(cost(fresh->my_trades("XBTUSD", 0)), 2u);
    EXPECT_EQ(cost(fresh->balances()), 1u);
    EXPECT_EQ(cost(fresh->cancel_order("XBTUSD", "a", "")), 0u);
    // The counter is a leaky bucket (15, draining 0.33/s), not a fixed window.
    EXPECT_EQ(info.limits[0].limit, 15u);
    EXPECT_DOUBLE_EQ(info.limits[0].leak_per_second, 0.33);
}

// A trade message carries every print of the match: all of them are published.
TEST_F(KrakenTest, TradeMessageWithSeveralPrintsGivesEveryPrint) {
    MarketMessage m = d->parse_market_message(
        dec, R"({"channel":"trade","type":"update","data":[)"
             R"({"symbol":"BTC/USD","side":"buy","price":50000.1,"qty":0.5,"ord_type":"market","trade_id":11,"timestamp":"2023-09-25T07:49:37.708706Z"},)"
             R"({"symbol":"BTC/USD","side":"buy","price":50000.2,"qty":0.25,"ord_type":"market","trade_id":12,"timestamp":"2023-09-25T07:49:37.708706Z"}]})");
    ASSERT_EQ(m.trades.size(), 2u);
    EXPECT_EQ(m.trades[0].trade_id, "11");
    EXPECT_EQ(m.trades[1].trade_id, "12");
    EXPECT_EQ(m.trades[1].px, fx("50000.2"));
    EXPECT_EQ(m.trades[1].qty, fx("0.25"));
}

// The second lookup: QueryOrders by txid when the ledger knows it, else ClosedOrders by cl_ord_id
// (api-reference account-data/query-orders-info, get-closed-orders).
TEST_F(KrakenTest, ClosedOrderLookupAndItsAnswers) {
    auto by_txid = d->fetch_closed_order("XBTUSD", "ord-1", "OQCLML-BW3P3-BUCMWZ");
    ASSERT_TRUE(by_txid.has_value());
    EXPECT_EQ(by_txid->path, "/0/private/QueryOrders");
    ASSERT_EQ(by_txid->params.size(), 1u);
    EXPECT_EQ(by_txid->params[0].second, "OQCLML-BW3P3-BUCMWZ");
    auto by_cid = d->fetch_closed_order("XBTUSD", "ord-1", "");
    ASSERT_TRUE(by_cid.has_value());
    EXPECT_EQ(by_cid->path, "/0/private/ClosedOrders");
    const std::string order =
        R"({"refid":null,"userref":0,"cl_ord_id":"ord-1","status":"canceled","reason":"User requested","opentm":1688148493.7708,)"
        R"("closetm":1688148610.0482,"starttm":0,"expiretm":0,"descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit",)"
        R"("price":"23667.0","price2":"0","leverage":"none","order":"buy 0.001 XBTUSD @ limit 23667.0","close":""},)"
        R"("vol":"0.00100000","vol_exec":"0.00000000","cost":"0.00000","fee":"0.00000","price":"0.00000",)"
        R"("stopprice":"0.00000","limitprice":"0.00000","misc":"","oflags":"fciq"})";
    auto closed = d->parse_fetched_order(dec, R"({"error":[],"result":{"closed":{"O37652-RJWRT-IMO74O":)" + order + R"(},"count":1}})", "ord-1");
    ASSERT_TRUE(closed.has_value());
    EXPECT_EQ(closed->status, TH_STATUS_CANCELED);
    EXPECT_EQ(closed->venue_order_id, "O37652-RJWRT-IMO74O");
    auto queried = d->parse_fetched_order(dec, R"({"error":[],"result":{"O37652-RJWRT-IMO74O":)" + order + "}}", "ord-1");
    ASSERT_TRUE(queried.has_value());
    EXPECT_EQ(queried->venue_order_id, "O37652-RJWRT-IMO74O");
    EXPECT_FALSE(d->parse_fetched_order(dec, R"({"error":[],"result":{"closed":{},"count":0}})", "ord-1").has_value());
}

// OpenOrders filtered by cl_ord_id with nothing open is no error: the order is not in that list
// (it may have filled or been cancelled), which parse_fetched_order tells.
TEST_F(KrakenTest, ThrottledIsARateLimitAndNotOpenIsNotUnknownOrder) {
    auto answer = [](const std::string& b) {
        tradehost::venue::HttpResponse r;
        r.status = 200;
        r.body = b;
        return r;
    };
    // "EService: Throttled: [UNIX timestamp]" is a rate limit until that time.
    const auto soon = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count() + 30;
    auto t = d->parse_error(dec, answer(R"({"error":["EService: Throttled: )" + std::to_string(soon) + R"("]})"));
    EXPECT_EQ(t.kind, ErrorKind::rate_limited);
    EXPECT_GE(t.retry_after, std::chrono::seconds(28));
    EXPECT_LE(t.retry_after, std::chrono::seconds(30));
    EXPECT_FALSE(d->parse_error(dec, answer(R"({"error":[],"result":{"open":{}}})")));
    EXPECT_FALSE(d->parse_fetched_order(dec, R"({"error":[],"result":{"open":{}}})", "x").has_value());
    EXPECT_FALSE(d->parse_error(dec, answer(body("OpenOrders.json"))));
}

}  // namespace
