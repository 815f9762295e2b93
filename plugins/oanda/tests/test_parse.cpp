// Payloads from OANDA's documentation (test_data/) decoded into exact values and events, and
// the request bodies the adapter builds.
#include "config.hpp"
#include "http.hpp"
#include "parse.hpp"

#include <tradehost/testing/venue.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace tradehost::oanda;
namespace json = tradehost::venue::json;

namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines(const std::string& name) {
    std::vector<std::string> out;
    std::istringstream in(read(name));
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}

using tradehost::testing::fx;  // exact decimals (the SDK's venue test helpers)

constexpr int64_t kSec = 1000000000;

}  // namespace

TEST(OandaParse, PricingStreamLinesBecomeQuotesAndHeartbeats) {
    json::Decoder dec;
    auto ls = lines("pricing_stream.jsonl");
    ASSERT_EQ(ls.size(), 3u);

    StreamLine a = parse_stream_line(dec, ls[0]);
    ASSERT_EQ(a.kind, StreamLine::kPrice);
    EXPECT_EQ(a.price.instrument, "EUR_JPY");
    EXPECT_EQ(a.price.time_ns, 1477557523 * kSec + 94548890);
    EXPECT_EQ(a.price.bid_px, fx("114.295"));
    EXPECT_EQ(a.price.bid_qty, fx("1000000"));
    EXPECT_EQ(a.price.ask_px, fx("114.312"));
    EXPECT_EQ(a.price.ask_qty, fx("1000000"));
    EXPECT_TRUE(a.price.tradeable);

    StreamLine hb = parse_stream_line(dec, ls[1]);
    EXPECT_EQ(hb.kind, StreamLine::kHeartbeat);
    EXPECT_EQ(hb.last_transaction_id, 0);

    StreamLine c = parse_stream_line(dec, ls[2]);
    ASSERT_EQ(c.kind, StreamLine::kPrice);
    th_quote q = to_quote(c.price, 7);
    EXPECT_EQ(q.hdr.type, TH_EV_QUOTE);
    EXPECT_EQ(q.hdr.ts, 1477557525 * kSec + 664613867);
    EXPECT_EQ(q.instrument, 7u);
    EXPECT_EQ(q.bid_px, 109177000);
    EXPECT_EQ(q.bid_qty, INT64_C(10000000) * TH_FIXED_SCALE);
    EXPECT_EQ(q.ask_px, 109188000);
    EXPECT_EQ(q.ask_qty, INT64_C(10000000) * TH_FIXED_SCALE);
}

TEST(OandaParse, TransactionStreamLines) {
    json::Decoder dec;
    auto ls = lines("transactions_stream.jsonl");
    ASSERT_EQ(ls.size(), 3u);

    StreamLine create = parse_stream_line(dec, ls[0]);
    ASSERT_EQ(create.kind, StreamLine::kTransaction);
    EXPECT_EQ(create.txn.type, "LIMIT_ORDER");
    EXPECT_TRUE(create.txn.is_order_create());
    EXPECT_EQ(create.txn.seq, 6356);
    EXPECT_EQ(create.txn.client_order_id, "sell-1");
    EXPECT_EQ(create.txn.units, fx("-100"));
    EXPECT_EQ(create.txn.price, fx("1.2"));

    StreamLine hb = parse_stream_line(dec, ls[1]);
    ASSERT_EQ(hb.kind, StreamLine::kHeartbeat);
    EXPECT_EQ(hb.last_transaction_id, 6356);

    StreamLine fill = parse_stream_line(dec, ls[2]);
    ASSERT_EQ(fill.kind, StreamLine::kTransaction);
    EXPECT_EQ(fill.txn.type, "ORDER_FILL");
    EXPECT_EQ(fill.txn.order_id, "6356");
    EXPECT_EQ(fill.txn.trade_opened_id, "6357");
    EXPECT_EQ(fill.txn.account_balance, fx("43650.78835"));
    th_fill f = to_fill(fill.txn, 3, "sell-1");
    EXPECT_EQ(f.hdr.type, TH_EV_FILL);
    EXPECT_EQ(f.hdr.ts, 1466620911 * kSec + 911413427);
    EXPECT_EQ(f.side, TH_SIDE_SELL);
    EXPECT_EQ(f.qty, fx("100"));
    EXPECT_EQ(f.px, fx("1.2"));
    EXPECT_EQ(f.fee, 0);
    EXPECT_STREQ(f.fill_id, "6357");
    EXPECT_STREQ(f.venue_order_id, "6356");
    EXPECT_STREQ(f.client_order_id, "sell-1");
}

TEST(OandaParse, MarketOrderFilledAtOnce) {
    json::Decoder dec;
    OrderResponse r = parse_order_response(dec, read("order_create_market_201.json"));
    ASSERT_TRUE(r.create.present());
    EXPECT_EQ(r.create.type, "MARKET_ORDER");
    EXPECT_EQ(r.create.id, "6367");
    EXPECT_EQ(r.create.client_order_id, "mkt-1");
    ASSERT_TRUE(r.fill.present());
    EXPECT_FALSE(r.cancel.present());
    EXPECT_EQ(r.last_transaction_id, 6368);
    th_fill f = to_fill(r.fill, 1, "mkt-1");
    EXPECT_EQ(f.side, TH_SIDE_BUY);
    EXPECT_EQ(f.qty, fx("10000"));
    EXPECT_EQ(f.px, fx("1.13033"));
    EXPECT_EQ(f.fee, fx("0.25"));
    EXPECT_EQ(f.liquidity, TH_LIQ_TAKER);
    EXPECT_STREQ(f.fill_id, "6368");
    EXPECT_STREQ(f.venue_order_id, "6367");
    EXPECT_EQ(f.hdr.ts, 1466620908 * kSec + 258142231);
}

TEST(OandaParse, LimitOrderResting) {
    json::Decoder dec;
    OrderResponse r = parse_order_response(dec, read("order_create_limit_201.json"));
    ASSERT_TRUE(r.create.present());
    EXPECT_EQ(r.create.type, "LIMIT_ORDER");
    EXPECT_EQ(r.create.client_order_id, "lim-1");
    EXPECT_EQ(r.create.units, fx("-100"));
    EXPECT_EQ(r.create.price, fx("1.2"));
    EXPECT_FALSE(r.fill.present());
    EXPECT_EQ(r.last_transaction_id, 2304);
}

TEST(OandaParse, InsufficientMarginCancel) {
    json::Decoder dec;
    OrderResponse r = parse_order_response(dec, read("order_create_insufficient_margin_201.json"));
    ASSERT_TRUE(r.cancel.present());
    EXPECT_EQ(r.cancel.reason, "INSUFFICIENT_MARGIN");
    EXPECT_EQ(r.cancel.client_order_id, "big-1");
    EXPECT_EQ(r.cancel.order_id, "6372");
    EXPECT_FALSE(r.fill.present());
}

TEST(OandaParse, RejectAndErrorBodies) {
    json::Decoder dec;
    OrderResponse r = parse_order_response(dec, read("order_create_400.json"));
    ASSERT_TRUE(r.reject.present());
    EXPECT_TRUE(r.reject.is_order_reject());
    EXPECT_EQ(r.reject.reject_reason, "UNITS_PRECISION_EXCEEDED");
    EXPECT_EQ(r.error_code, "UNITS_PRECISION_EXCEEDED");
    EXPECT_EQ(r.error_message, "The units specified has more precision than is allowed");

    tradehost::venue::HttpResponse resp;
    resp.status = 400;
    resp.body = read("order_create_400.json");
    EXPECT_EQ(error_text(resp), "UNITS_PRECISION_EXCEEDED: The units specified has more precision than is allowed");
    resp.status = 401;
    resp.body = read("error_401.json");
    EXPECT_EQ(error_text(resp), "Insufficient authorization to perform request.");
    resp.body = "<html>bad gateway</html>";
    resp.status = 502;
    EXPECT_EQ(error_text(resp), "HTTP 502");

    OrderResponse c404 = parse_order_response(dec, read("order_cancel_404.json"));
    EXPECT_EQ(c404.reject.type, "ORDER_CANCEL_REJECT");
    EXPECT_EQ(c404.error_code, "ORDER_DOESNT_EXIST");
    OrderResponse c200 = parse_order_response(dec, read("order_cancel_200.json"));
    EXPECT_EQ(c200.cancel.reason, "CLIENT_REQUEST");
    EXPECT_EQ(c200.cancel.client_order_id, "lim-1");
}

TEST(OandaParse, OrdersPositionsSummaryAccounts) {
    json::Decoder dec;
    auto orders = parse_orders(dec, read("orders_pending.json"));
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].id, "2125");
    EXPECT_EQ(orders[0].client_order_id, "lim-7");
    EXPECT_EQ(orders[0].state, "PENDING");
    EXPECT_EQ(orders[0].units, fx("-100"));
    EXPECT_EQ(orders[0].price, fx("1.2"));

    auto pos = parse_positions(dec, read("open_positions.json"));
    ASSERT_EQ(pos.size(), 2u);
    EXPECT_EQ(pos[0].instrument, "DE30_EUR");
    EXPECT_EQ(pos[0].units, fx("-20"));
    EXPECT_EQ(pos[0].avg_px, fx("10581.5"));
    EXPECT_EQ(pos[0].pl, fx("-13554.8"));
    EXPECT_EQ(pos[0].unrealized_pl, fx("870"));
    th_position p = to_position(pos[1], 9, 5);
    EXPECT_EQ(p.instrument, 9u);
    EXPECT_EQ(p.qty, fx("10000"));
    EXPECT_EQ(p.avg_px, fx("1.13033"));
    EXPECT_EQ(p.realized_pnl, fx("-12.872"));
    EXPECT_EQ(p.unrealized_pnl, fx("-2.53"));

    AccountSummary a = parse_account_summary(dec, read("account_summary.json"));
    EXPECT_EQ(a.id, "101-004-1435156-002");
    EXPECT_EQ(a.last_transaction_id, 6356);
    th_balance b = to_balance(a, 5);
    EXPECT_STREQ(b.currency, "CHF");
    EXPECT_EQ(b.total, fx("43650.78835"));
    EXPECT_EQ(b.available, fx("43650.78835"));

    auto ids = parse_account_ids(dec, read("accounts.json"));
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[0], "101-004-1435156-002");
}

TEST(OandaParse, TransactionsSinceId) {
    json::Decoder dec;
    TransactionPage page = parse_transactions(dec, read("transactions_sinceid.json"));
    EXPECT_EQ(page.last_transaction_id, 2308);
    ASSERT_EQ(page.transactions.size(), 3u);
    EXPECT_EQ(page.transactions[0].type, "ORDER_CLIENT_EXTENSIONS_MODIFY");
    EXPECT_EQ(page.transactions[1].reason, "CLIENT_REQUEST_REPLACED");
    EXPECT_EQ(page.transactions[1].replaced_by_order_id, "2307");
    const Transaction& f = page.transactions[2];
    EXPECT_EQ(f.seq, 2308);
    EXPECT_EQ(f.client_order_id, "myID2");
    EXPECT_EQ(f.units, fx("-50"));
    EXPECT_EQ(f.price, fx("1.25"));
    EXPECT_EQ(f.commission, fx("0.1"));
    EXPECT_EQ(f.pl, fx("1.2"));
    EXPECT_EQ(f.time_ns, 1477424762 * kSec + 120000000);
}

TEST(OandaRequest, OrderBodiesCarryClientIdAndProtection) {
    OandaConfig cfg;
    cfg.take_profit_distance = fx("0.005");
    cfg.stop_loss_distance = fx("0.0025");
    th_order_request req = tradehost::make_event<th_order_request>(0);
    req.action = TH_ORDER_NEW;
    req.side = TH_SIDE_SELL;
    req.order_type = TH_ORDER_LIMIT;
    req.tif = TH_TIF_DAY;
    req.qty = fx("100");
    req.limit_px = fx("1.2");
    tradehost::copy_str(req.client_order_id, "lim-1");
    OrderSpec spec;
    ASSERT_EQ(build_order_spec(req, TH_SIDE_SELL, "EUR_USD", cfg, 0, spec), "");
    EXPECT_EQ(order_body(spec),
              R"({"order":{"type":"LIMIT","instrument":"EUR_USD","units":"-100","price":"1.2","timeInForce":"GFD",)"
              R"("positionFill":"DEFAULT","clientExtensions":{"id":"lim-1"},"takeProfitOnFill":{"price":"1.195"},)"
              R"("stopLossOnFill":{"price":"1.2025"}}})");

    req.order_type = TH_ORDER_MARKET;
    req.side = TH_SIDE_BUY;
    req.tif = TH_TIF_GTC;
    EXPECT_EQ(build_order_spec(req, TH_SIDE_BUY, "EUR_USD", cfg, 0, spec),
              "take_profit/stop_loss distance set but no quote yet for EUR_USD");
    ASSERT_EQ(build_order_spec(req, TH_SIDE_BUY, "EUR_USD", cfg, fx("1.1001"), spec), "");
    EXPECT_EQ(order_body(spec),
              R"({"order":{"type":"MARKET","instrument":"EUR_USD","units":"100","timeInForce":"FOK",)"
              R"("positionFill":"DEFAULT","clientExtensions":{"id":"lim-1"},"takeProfitOnFill":{"price":"1.1051"},)"
              R"("stopLossOnFill":{"price":"1.0976"}}})");

    req.order_type = TH_ORDER_STOP_LIMIT;
    EXPECT_NE(build_order_spec(req, TH_SIDE_BUY, "EUR_USD", OandaConfig{}, 0, spec), "");
    req.order_type = TH_ORDER_MARKET;
    EXPECT_EQ(build_order_spec(req, TH_SIDE_BUY, "AAPL", OandaConfig{}, 0, spec),
              "instrument AAPL is not an OANDA instrument (BASE_QUOTE)");
    EXPECT_EQ(client_order_specifier("my id"), "@my%20id");
}
