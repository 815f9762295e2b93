// exchange: the Binance dialect signs a request exactly as the worked example of Binance's
// docs (rest-api/request-security, "SIGNED Endpoint Examples for POST /api/v3/order", HMAC
// keys). The key and secret are the docs' published example values, not real credentials.
#include "dialects/binance_ws_api.hpp"
#include "registry.hpp"
#include "test_util.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>

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

TEST(BinanceSign, PublicEndpointsCarryNoKey) {
    auto d = make_dialect("binance");
    auto pub = d->sign(d->ticker("BTCUSDT"), "https://api.binance.com", kDocExample, kDocTimestamp);
    EXPECT_EQ(pub.url, "https://api.binance.com/api/v3/ticker/bookTicker?symbol=BTCUSDT");
    EXPECT_TRUE(pub.headers.empty());
}

// web-socket-api "SIGNED request example (HMAC)": the order.place example's parameters, sorted
// by name, give the published payload and signature (the docs' example keys).
TEST(BinanceSign, WebSocketApiDocExampleIsSignedExactly) {
    using tradehost::exchange::binance::WsParam;
    std::vector<WsParam> params = {{"symbol", "BTCUSDT"},
                                   {"side", "SELL"},
                                   {"type", "LIMIT"},
                                   {"timeInForce", "GTC"},
                                   {"quantity", "0.01000000"},
                                   {"price", "52000.00"},
                                   {"recvWindow", "100", true},
                                   {"timestamp", "1645423376532", true},
                                   {"apiKey", kDocExample.key}};
    EXPECT_EQ(binance::ws_signature_payload(params),
              "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00&quantity=0.01000000"
              "&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT");
    const std::string req = binance::ws_signed_request("4885f793-e5ad-4c3b-8f6c-55d891472b71", "order.place", params,
                                                       kDocExample.secret);
    tradehost::venue::json::Decoder dec;
    auto o = dec.parse(req).get_object();
    EXPECT_EQ(std::string_view(o["id"]), "4885f793-e5ad-4c3b-8f6c-55d891472b71");
    EXPECT_EQ(std::string_view(o["method"]), "order.place");
    auto p = o["params"].get_object();
    EXPECT_EQ(int64_t(p["timestamp"]), 1645423376532);  // a JSON number, as in the example
    EXPECT_EQ(int64_t(p["recvWindow"]), 100);
    EXPECT_EQ(std::string_view(p["quantity"]), "0.01000000");
    EXPECT_EQ(std::string_view(p["signature"]), "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24");
}

// The order stream's subscribe (userDataStream.subscribe.signature): apiKey and timestamp,
// signed by the same rule; asked anew at every connect, so its timestamp is always fresh.
TEST(BinanceSign, UserDataSubscribeIsASignedWebSocketApiRequest) {
    const std::string req = binance::user_data_subscribe(kDocExample, 1747385641636);
    EXPECT_EQ(req,
              "{\"id\":\"uds-1747385641636\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{"
              "\"apiKey\":\"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\",\"timestamp\":1747385641636,"
              "\"signature\":\"" +
                  tradehost::venue::hex_encode(tradehost::venue::hmac_sha256(
                      kDocExample.secret,
                      "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&timestamp=1747385641636")) +
                  "\"}}");
    auto d = make_dialect("binance");
    auto subs = d->user_subscribe("", kDocExample);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_NE(subs[0].find("\"method\":\"userDataStream.subscribe.signature\""), std::string::npos);
    EXPECT_EQ(d->user_stream_open(), std::nullopt);  // no listenKey: the endpoint is gone
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

TEST(BinanceStreams, CombinedStreamUrlAndWebSocketApiUserStream) {
    auto d = make_dialect("binance");
    EXPECT_EQ(d->market_stream_url("wss://stream.binance.com:9443", {"BTCUSDT", "ETHBTC"}),
              "wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker/btcusdt@trade/ethbtc@bookTicker/"
              "ethbtc@trade");
    EXPECT_EQ(d->user_stream_url(d->default_urls(true).user_stream, ""), "wss://ws-api.binance.com:443/ws-api/v3");
    EXPECT_EQ(d->user_stream_url(d->default_urls(false).user_stream, ""),
              "wss://ws-api.testnet.binance.vision/ws-api/v3");
    EXPECT_EQ(d->user_stream_keepalive(""), std::nullopt);
    EXPECT_TRUE(d->user_stream_confirms());
    EXPECT_LT(d->user_stream_max_age(), std::chrono::hours(24));  // renewed before Binance cuts it
}

}  // namespace
