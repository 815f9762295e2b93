// exchange: the Binance dialect signs a request exactly as the worked example of Binance's
// docs (rest-api/request-security, "SIGNED Endpoint Examples for POST /api/v3/order", HMAC
// keys). The key and secret are the docs' published example values, not real credentials.
#include "registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;

namespace {

const Credentials kDocExample{"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                              "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"};
constexpr int64_t kDocTimestamp = 1499827319559;

TEST(BinanceSign, DocExampleOrderRequestIsSignedExactly) {
    auto d = make_dialect("binance");
    Endpoint ep;
    ep.method = "POST";
    ep.path = "/api/v3/order";
    ep.is_signed = true;
    ep.params = {{"symbol", "LTCBTC"}, {"side", "BUY"},   {"type", "LIMIT"},
                 {"timeInForce", "GTC"}, {"quantity", "1"}, {"price", "0.1"}};
    auto req = d->sign(ep, "https://api.binance.com", kDocExample, kDocTimestamp);
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.url,
              "https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1"
              "&price=0.1&recvWindow=5000&timestamp=1499827319559"
              "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    ASSERT_EQ(req.headers.size(), 1u);
    EXPECT_EQ(req.headers[0].first, "X-MBX-APIKEY");
    EXPECT_EQ(req.headers[0].second, kDocExample.key);
    EXPECT_TRUE(req.body.empty());
}

TEST(BinanceSign, CreateOrderBuildsTheDocExampleParametersFromAnOrder) {
    auto d = make_dialect("binance");
    OrderSpec o;
    o.symbol = "LTCBTC";
    o.client_order_id = "my-order-1";
    o.side = TH_SIDE_BUY;
    o.type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_GTC;
    o.qty = fx("1");
    o.limit_px = fx("0.1");
    Endpoint ep = d->create_order(o);
    EXPECT_EQ(ep.method, "POST");
    EXPECT_TRUE(ep.is_signed);
    EXPECT_FALSE(ep.idempotent);
    auto req = d->sign(ep, "https://api.binance.com", kDocExample, kDocTimestamp);
    // The doc's parameters, in the doc's order, then our client order id and response type.
    EXPECT_EQ(req.url.rfind("https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
                            "&quantity=1&price=0.1&newClientOrderId=my-order-1&newOrderRespType=RESULT"
                            "&recvWindow=5000&timestamp=1499827319559&signature=",
                            0),
              0u)
        << req.url;
}

TEST(BinanceSign, PublicEndpointsCarryNoKeyAndUserStreamOnlyTheKey) {
    auto d = make_dialect("binance");
    auto pub = d->sign(d->ticker("BTCUSDT"), "https://api.binance.com", kDocExample, kDocTimestamp);
    EXPECT_EQ(pub.url, "https://api.binance.com/api/v3/ticker/bookTicker?symbol=BTCUSDT");
    EXPECT_TRUE(pub.headers.empty());
    auto ks = d->sign(*d->user_stream_keepalive("abc"), "https://api.binance.com", kDocExample, kDocTimestamp);
    EXPECT_EQ(ks.method, "PUT");
    EXPECT_EQ(ks.url, "https://api.binance.com/api/v3/userDataStream?listenKey=abc");
    ASSERT_EQ(ks.headers.size(), 1u);
    EXPECT_EQ(ks.headers[0].first, "X-MBX-APIKEY");
}

TEST(BinanceSign, OrderTypesMapToBinanceParameters) {
    auto d = make_dialect("binance");
    OrderSpec o;
    o.symbol = "BTCUSDT";
    o.client_order_id = "x";
    o.side = TH_SIDE_SELL;
    o.type = TH_ORDER_STOP_LIMIT;
    o.tif = TH_TIF_IOC;
    o.qty = fx("0.5");
    o.limit_px = fx("99.5");
    o.stop_px = fx("100");
    auto q = tradehost::venue::query_string(d->create_order(o).params);
    EXPECT_EQ(q, "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=IOC&quantity=0.5&price=99.5&stopPrice=100"
                 "&newClientOrderId=x&newOrderRespType=RESULT");
    o.type = TH_ORDER_MARKET;
    q = tradehost::venue::query_string(d->create_order(o).params);
    EXPECT_EQ(q, "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.5&newClientOrderId=x&newOrderRespType=RESULT");
    o.type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_DAY;
    EXPECT_TRUE(d->unsupported(o).has_value());
}

TEST(BinanceStreams, CombinedStreamUrlAndUserStreamUrl) {
    auto d = make_dialect("binance");
    EXPECT_EQ(d->market_stream_url("wss://stream.binance.com:9443", {"BTCUSDT", "ETHBTC"}),
              "wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker/btcusdt@trade/ethbtc@bookTicker/"
              "ethbtc@trade");
    EXPECT_EQ(d->user_stream_url("wss://stream.binance.com:9443", "KEY"), "wss://stream.binance.com:9443/ws/KEY");
    EXPECT_EQ(d->user_stream_keepalive_interval(), std::chrono::minutes(30));
}

}  // namespace
