// exchange: the dialects' order-book messages parsed from the venues' documented examples
// (Binance web-socket-streams "Diff. Depth Stream", Kraken websocket-v2 book and its checksum
// guide, Coinbase Advanced Trade level2), and the subscriptions that ask for them.
#include "registry.hpp"
#include "test_util.hpp"

#include <tradehost/venue/book.hpp>

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;
namespace json = tradehost::venue::json;
namespace venue = tradehost::venue;

namespace {

std::unique_ptr<Dialect> make_coinbase() { return make_dialect("coinbase"); }

TEST(BookParse, BinanceDiffDepthEvent) {
    auto d = make_binance_dialect();
    json::Decoder dec;
    EXPECT_EQ(d->book_sync(), BookSync::rest_snapshot);
    EXPECT_EQ(d->book_stream_url("wss://stream.binance.com:9443", {"BNBBTC"}, 20),
              "wss://stream.binance.com:9443/stream?streams=bnbbtc@bookTicker/bnbbtc@trade/bnbbtc@depth@100ms");
    // Binance's documented payload, in the combined-stream wrapper.
    MarketMessage m = d->parse_market_message(
        dec, R"({"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,)"
             R"("u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}})");
    ASSERT_EQ(m.books(), 1u);
    const BookUpdate& b = m.book(0);
    EXPECT_EQ(b.symbol, "BNBBTC");
    EXPECT_FALSE(b.snapshot);
    EXPECT_EQ(b.first_seq, 157u);
    EXPECT_EQ(b.last_seq, 160u);
    ASSERT_EQ(b.bids.size(), 1u);
    EXPECT_EQ(b.bids[0].px, fx("0.0024"));
    EXPECT_EQ(b.bids[0].qty, fx("10"));
    ASSERT_EQ(b.asks.size(), 1u);
    EXPECT_EQ(b.asks[0].px, fx("0.0026"));
    EXPECT_EQ(b.asks[0].qty, fx("100"));
    EXPECT_FALSE(b.checksum);
    // A message without U/u is not a depth event we can sequence: refused, not zeroed.
    EXPECT_THROW(d->parse_market_message(dec, R"({"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","s":"BNBBTC","b":[],"a":[]}})"),
                 std::exception);
}

TEST(BookParse, KrakenV2BookAndItsChecksum) {
    auto d = make_kraken_dialect();
    json::Decoder dec;
    EXPECT_EQ(d->book_sync(), BookSync::stream);
    EXPECT_EQ(d->book_window(20), 25);
    EXPECT_EQ(d->book_window(10), 10);
    auto subs = d->book_subscribe({"XBTUSD"}, 20);
    ASSERT_EQ(subs.size(), 3u);
    EXPECT_EQ(subs[2], R"({"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":true}})");
    auto again = d->book_resubscribe("XBTUSD", 20);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0], R"({"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25}})");

    // The update example of api-reference websocket-v2/book.
    MarketMessage u = d->parse_market_message(
        dec, R"({"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5657,"qty":1098.3947558}],)"
             R"("asks":[],"checksum":2114181697,"timestamp":"2023-10-06T17:35:55.440295Z"}]})");
    ASSERT_EQ(u.books(), 1u);
    EXPECT_FALSE(u.book(0).snapshot);
    EXPECT_EQ(u.book(0).bids[0].px, fx("0.5657"));
    EXPECT_EQ(u.book(0).bids[0].qty, fx("1098.3947558"));
    EXPECT_EQ(*u.book(0).checksum, 2114181697u);
    EXPECT_EQ(u.book(0).price_decimals, 4);
    EXPECT_EQ(u.book(0).qty_decimals, 7);

    // The checksum guide's snapshot: parsed, kept in a Book, checksummed by the dialect with
    // the precision read from the text, equals Kraken's documented 3310070434.
    MarketMessage s = d->parse_market_message(
        dec,
        R"({"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[)"
        R"({"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},)"
        R"({"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},)"
        R"({"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},)"
        R"({"price":45276.6,"qty":0.15445238}],"asks":[)"
        R"({"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},)"
        R"({"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},)"
        R"({"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},)"
        R"({"price":45299.5,"qty":0.18772827}],"checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]})");
    ASSERT_EQ(s.books(), 1u);
    const BookUpdate& b = s.book(0);
    EXPECT_TRUE(b.snapshot);
    EXPECT_EQ(b.symbol, "XBTUSD");  // our altname for BTC/USD
    EXPECT_EQ(b.price_decimals, 1);
    EXPECT_EQ(b.qty_decimals, 8);
    venue::Book book;
    book.begin_snapshot();
    for (const auto& l : b.bids) book.snapshot_level(venue::BookSide::bid, l.px, l.qty);
    for (const auto& l : b.asks) book.snapshot_level(venue::BookSide::ask, l.px, l.qty);
    book.end_snapshot();
    EXPECT_EQ(d->book_checksum(book, b.price_decimals, b.qty_decimals), std::optional<uint32_t>(3310070434u));
    EXPECT_EQ(*b.checksum, 3310070434u);
}

TEST(BookParse, CoinbaseLevel2) {
    auto d = make_coinbase();
    ASSERT_TRUE(d);
    json::Decoder dec;
    EXPECT_EQ(d->book_sync(), BookSync::stream);
    auto subs = d->book_subscribe({"BTC-USD"}, 10);
    EXPECT_EQ(subs.back(), R"({"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"})");
    // The example of the level2 channel documentation.
    MarketMessage m = d->parse_market_message(
        dec, R"({"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":0,)"
             R"("events":[{"type":"snapshot","product_id":"BTC-USD","updates":[)"
             R"({"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.73","new_quantity":"0.06317902"},)"
             R"({"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.3","new_quantity":"0.02"},)"
             R"({"side":"offer","event_time":"1970-01-01T00:00:00Z","price_level":"21921.74","new_quantity":"0.5"}]}]})");
    ASSERT_TRUE(m.sequence);
    EXPECT_EQ(*m.sequence, 0);
    ASSERT_EQ(m.books(), 1u);
    const BookUpdate& b = m.book(0);
    EXPECT_TRUE(b.snapshot);
    EXPECT_EQ(b.symbol, "BTC-USD");
    ASSERT_EQ(b.bids.size(), 2u);
    EXPECT_EQ(b.bids[1].px, fx("21921.3"));
    EXPECT_EQ(b.bids[1].qty, fx("0.02"));
    ASSERT_EQ(b.asks.size(), 1u);
    EXPECT_EQ(b.asks[0].px, fx("21921.74"));
    MarketMessage u = d->parse_market_message(
        dec, R"({"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:51Z","sequence_num":1,)"
             R"("events":[{"type":"update","product_id":"BTC-USD","updates":[)"
             R"({"side":"offer","event_time":"2023-02-09T20:32:50.7Z","price_level":"21921.74","new_quantity":"0"}]}]})");
    ASSERT_EQ(u.books(), 1u);
    EXPECT_FALSE(u.book(0).snapshot);
    EXPECT_EQ(u.book(0).asks[0].qty, 0);
}

}  // namespace
