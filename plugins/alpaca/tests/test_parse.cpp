// alpaca: the documented payloads in test_data/ decode to exact fixed-point values.
#include "parse.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace tradehost::alpaca {
namespace {

std::string load(const std::string& name) {
    std::ifstream f(std::string(TEST_DATA_DIR) + "/" + name);
    EXPECT_TRUE(f.good()) << name;
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

constexpr th_fixed X(int64_t whole) { return whole * TH_FIXED_SCALE; }

TEST(AlpacaParse, TradeUpdateFillFromDocs) {
    venue::json::Decoder dec;
    TradeStreamMessage m = parse_trade_stream(dec, load("trade_updates_fill.json"));
    ASSERT_EQ(m.kind, TradeStreamMessage::Kind::trade_update);
    const TradeUpdate& u = m.update;
    EXPECT_EQ(u.event, "fill");
    EXPECT_EQ(u.execution_id, "2f63ea93-423d-4169-b3f6-3fdafc10c418");
    EXPECT_TRUE(u.has_fill);
    EXPECT_EQ(u.price, 10589884750);  // "105.8988475"
    EXPECT_EQ(u.qty, 179086000000);   // "1790.86"
    EXPECT_EQ(u.position_qty, 0);
    EXPECT_EQ(u.ts_ns, 1650390305024916716);  // 2022-04-19T17:45:05.024916716Z
    EXPECT_EQ(u.order.id, "a5be8f5e-fdfa-41f5-a644-7a74fe947a8f");
    EXPECT_EQ(u.order.client_order_id, "4642fd68-d59a-47d7-a9ac-e22f536828d1");
    EXPECT_EQ(u.order.symbol, "SOLUSD");
    EXPECT_EQ(u.order.side, TH_SIDE_SELL);
    EXPECT_EQ(u.order.status, "filled");
    EXPECT_EQ(u.order.type, "market");
    EXPECT_EQ(u.order.time_in_force, "gtc");
    EXPECT_EQ(u.order.qty, 179086000000);
    EXPECT_EQ(u.order.filled_qty, 179086000000);
    EXPECT_EQ(u.order.filled_avg_price, 10589884750);
    EXPECT_EQ(u.order.limit_price, 0);  // null
    EXPECT_EQ(u.order.replaced_by, "");  // null
    EXPECT_EQ(map_status(u.order.status), TH_STATUS_FILLED);
}

TEST(AlpacaParse, TradeStreamControlMessages) {
    venue::json::Decoder dec;
    TradeStreamMessage a = parse_trade_stream(dec, load("trade_updates_authorized.json"));
    EXPECT_EQ(a.kind, TradeStreamMessage::Kind::authorization);
    EXPECT_TRUE(a.authorized);
    EXPECT_EQ(a.action, "authenticate");
    TradeStreamMessage u = parse_trade_stream(dec, load("trade_updates_unauthorized.json"));
    EXPECT_EQ(u.kind, TradeStreamMessage::Kind::authorization);
    EXPECT_FALSE(u.authorized);
    TradeStreamMessage l = parse_trade_stream(dec, load("trade_updates_listening.json"));
    EXPECT_EQ(l.kind, TradeStreamMessage::Kind::listening);
    ASSERT_EQ(l.streams.size(), 1u);
    EXPECT_EQ(l.streams[0], "trade_updates");
    TradeStreamMessage e = parse_trade_stream(dec, load("trade_updates_error.json"));
    EXPECT_EQ(e.kind, TradeStreamMessage::Kind::error);
    EXPECT_EQ(e.error, "internal server error");
}

TEST(AlpacaParse, OrderObject) {
    venue::json::Decoder dec;
    Order o = parse_order(dec, load("order.json"));
    EXPECT_EQ(o.id, "904837e3-3b76-47ec-b432-046db621571b");
    EXPECT_EQ(o.symbol, "AAPL");
    EXPECT_EQ(o.side, TH_SIDE_BUY);
    EXPECT_EQ(o.qty, X(15));
    EXPECT_EQ(o.filled_qty, 0);
    EXPECT_EQ(o.limit_price, X(107));
    EXPECT_EQ(o.stop_price, X(106));
    EXPECT_EQ(o.status, "accepted");
    EXPECT_EQ(o.replaces, "");
    EXPECT_EQ(o.replaced_by, "904837e3-3b76-47ec-b432-046db621571b");
    EXPECT_EQ(o.updated_ns, 1538718539000000000);  // 2018-10-05T05:48:59Z
    EXPECT_EQ(map_status(o.status), TH_STATUS_PENDING_NEW);
}

TEST(AlpacaParse, FillActivity) {
    venue::json::Decoder dec;
    auto acts = parse_fill_activities(dec, load("account_activities_fill.json"));
    ASSERT_EQ(acts.size(), 1u);
    const FillActivity& a = acts[0];
    EXPECT_EQ(a.id, "20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74");
    EXPECT_EQ(a.execution_id(), "8efc7b9a-8b2b-4000-9955-d36e7db0df74");
    EXPECT_EQ(a.order_id, "904837e3-3b76-47ec-b432-046db621571b");
    EXPECT_EQ(a.symbol, "LPCN");
    EXPECT_EQ(a.side, TH_SIDE_BUY);
    EXPECT_EQ(a.price, 163000000);
    EXPECT_EQ(a.qty, X(1));
    EXPECT_EQ(a.cum_qty, X(1));
    EXPECT_EQ(a.leaves_qty, 0);
    EXPECT_EQ(a.type, "fill");
    EXPECT_EQ(a.ts_ns, 1558712046977000000);  // 2019-05-24T15:34:06.977Z
}

TEST(AlpacaParse, AccountAndPositions) {
    venue::json::Decoder dec;
    Account a = parse_account(dec, load("account.json"));
    EXPECT_EQ(a.currency, "USD");
    EXPECT_EQ(a.cash, 12208650000000);          // "122086.5"
    EXPECT_EQ(a.buying_power, 24543261000000);  // "245432.61"
    EXPECT_EQ(a.equity, 12334611000000);        // "123346.11"
    auto ps = parse_positions(dec, load("positions.json"));
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].symbol, "AAPL");
    EXPECT_EQ(ps[0].qty, X(5));
    EXPECT_EQ(ps[0].avg_entry_price, X(100));
    EXPECT_EQ(ps[0].unrealized_pl, X(100));
}

TEST(AlpacaParse, ErrorBodies) {
    venue::json::Decoder dec;
    auto e = parse_error(dec, load("error_insufficient_buying_power.json"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 40310000);
    EXPECT_EQ(e->message, "insufficient buying power");
    auto n = parse_error(dec, load("error_order_not_found.json"));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, 40410000);
    auto i = parse_error(dec, load("error_invalid_request.json"));
    ASSERT_TRUE(i);
    EXPECT_EQ(i->code, 40010001);
    EXPECT_EQ(i->message, "invalid activity type: FFFFF");
    EXPECT_FALSE(parse_error(dec, "not json"));
    EXPECT_FALSE(parse_error(dec, "[]"));
}

TEST(AlpacaParse, MarketDataControl) {
    venue::json::Decoder dec;
    auto c = parse_data_messages(dec, load("data_connected.json"));
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].kind, DataMessage::Kind::success);
    EXPECT_EQ(c[0].msg, "connected");
    auto a = parse_data_messages(dec, load("data_authenticated.json"));
    EXPECT_EQ(a[0].msg, "authenticated");
    auto f = parse_data_messages(dec, load("data_auth_failed.json"));
    EXPECT_EQ(f[0].kind, DataMessage::Kind::error);
    EXPECT_EQ(f[0].code, 402);
    EXPECT_EQ(f[0].msg, "auth failed");
    auto l = parse_data_messages(dec, load("data_connection_limit.json"));
    EXPECT_EQ(l[0].code, 406);
    auto s = parse_data_messages(dec, load("data_subscription.json"));
    EXPECT_EQ(s[0].kind, DataMessage::Kind::subscription);
}

TEST(AlpacaParse, QuoteInRoundLots) {
    venue::json::Decoder dec;
    auto q = parse_data_messages(dec, load("data_quote.json"));
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].kind, DataMessage::Kind::quote);
    EXPECT_EQ(q[0].symbol, "AMD");
    EXPECT_EQ(q[0].bid_px, 8766000000);
    EXPECT_EQ(q[0].bid_size, X(1));
    EXPECT_EQ(q[0].ask_px, 8768000000);
    EXPECT_EQ(q[0].ask_size, X(4));
    EXPECT_EQ(q[0].ts_ns, 1614009105335689322);
    th_quote ev = to_quote(q[0], 7, X(100));
    EXPECT_EQ(ev.instrument, 7u);
    EXPECT_EQ(ev.bid_qty, X(100));  // 1 round lot = 100 shares
    EXPECT_EQ(ev.ask_qty, X(400));
    EXPECT_EQ(ev.hdr.ts, 1614009105335689322);
    EXPECT_EQ(to_quote(q[0], 7, X(1)).ask_qty, X(4));  // passed through
}

TEST(AlpacaParse, TradeAndBar) {
    venue::json::Decoder dec;
    auto t = parse_data_messages(dec, load("data_trade.json"));
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].kind, DataMessage::Kind::trade);
    EXPECT_EQ(t[0].symbol, "AAPL");
    EXPECT_EQ(t[0].price, 12655000000);
    EXPECT_EQ(t[0].size, X(1));
    EXPECT_EQ(t[0].trade_id, 96921);
    EXPECT_EQ(t[0].ts_ns, 1614009104208000000);
    th_trade te = to_trade(t[0], 3);
    EXPECT_EQ(te.px, 12655000000);
    EXPECT_EQ(te.aggressor, static_cast<uint32_t>(TH_SIDE_NONE));

    auto b = parse_data_messages(dec, load("data_bar.json"));
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].kind, DataMessage::Kind::bar);
    EXPECT_EQ(b[0].symbol, "FAKEPACA");
    th_bar be = to_bar(b[0], 4);
    EXPECT_EQ(be.open, 13265000000);
    EXPECT_EQ(be.high, X(136));
    EXPECT_EQ(be.low, 13212000000);
    EXPECT_EQ(be.close, 13465000000);
    EXPECT_EQ(be.volume, X(205));
    EXPECT_EQ(be.interval_s, 60u);
    EXPECT_EQ(be.hdr.ts, 1721807760000000000 + 60000000000);  // 07:56:00Z + 1 minute
}

TEST(AlpacaParse, MalformedFramesThrowInsteadOfCrashing) {
    venue::json::Decoder dec;
    // A frame cut short (a closing brace missing) must be refused, not half-read.
    EXPECT_THROW(parse_trade_stream(dec, R"({"stream":"authorization","data":{"status":"authorized","action":"authenticate"})"),
                 simdjson::simdjson_error);
    EXPECT_THROW(parse_data_messages(dec, R"([{"T":"q","S":"AMD","bp":87.66)"), simdjson::simdjson_error);
    // The decoder is still usable afterwards.
    EXPECT_EQ(parse_trade_stream(dec, load("trade_updates_listening.json")).kind, TradeStreamMessage::Kind::listening);
}

TEST(AlpacaParse, StatusMapping) {
    EXPECT_EQ(map_status("new"), TH_STATUS_NEW);
    EXPECT_EQ(map_status("partially_filled"), TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(map_status("canceled"), TH_STATUS_CANCELED);
    EXPECT_EQ(map_status("expired"), TH_STATUS_EXPIRED);
    EXPECT_EQ(map_status("rejected"), TH_STATUS_REJECTED);
    EXPECT_EQ(map_status("pending_cancel"), 0);
}

}  // namespace
}  // namespace tradehost::alpaca
