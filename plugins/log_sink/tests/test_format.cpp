// The formatter alone: one line per kind, and malformed events read as such.
#include "format.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>

using namespace tradehost;
using namespace tradehost::log_sink;

namespace {

std::string sym_of(th_instrument id) { return id == 1 ? "AAPL" : id == 2 ? "MSFT" : "#" + std::to_string(id); }

th_fixed fxd(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(parse_fixed(s, v)) << s;
    return v;
}

}  // namespace

TEST(LogSinkFormat, TimeIsUtcWithNanoseconds) {
    EXPECT_EQ(format_time(1704067205250000000), "2024-01-01T00:00:05.250000000Z");
}

TEST(LogSinkFormat, KindNamesRoundTrip) {
    for (uint16_t t : {TH_EV_QUOTE, TH_EV_SIGNAL, TH_EV_BOOK, TH_EV_SETTLEMENT, TH_EV_CUSTOM})
        EXPECT_EQ(kind_of(kind_name(t)), t);
    EXPECT_EQ(kind_of("quotes"), -1);
    EXPECT_STREQ(kind_name(999), "");
}

TEST(LogSinkFormat, OrderFlowReadsLikeATicket) {
    auto q = make_event<th_quote>(1);
    q.instrument = 1;
    q.bid_px = fxd("99.99");
    q.bid_qty = fxd("100");
    q.ask_px = fxd("100.01");
    q.ask_qty = fxd("120");
    EXPECT_EQ(format_body(q.hdr, sym_of), "AAPL bid 99.99 x 100 ask 100.01 x 120");

    auto o = make_event<th_order_request>(1);
    o.instrument = 2;
    o.action = TH_ORDER_NEW;
    o.side = TH_SIDE_SELL;
    o.order_type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_GTC;
    o.qty = fxd("5");
    o.limit_px = fxd("410.5");
    std::strcpy(o.client_order_id, "s-1-7");
    EXPECT_EQ(format_body(o.hdr, sym_of), "new MSFT sell 5 limit @ 410.5 gtc id s-1-7");

    auto f = make_event<th_fill>(1);
    f.instrument = 1;
    f.side = TH_SIDE_BUY;
    f.liquidity = TH_LIQ_TAKER;
    f.qty = fxd("10");
    f.px = fxd("100.01");
    f.fee = fxd("0.05");
    std::strcpy(f.client_order_id, "s-1-1");
    std::strcpy(f.fill_id, "F9");
    EXPECT_EQ(format_body(f.hdr, sym_of), "AAPL buy 10 @ 100.01 fee 0.05 taker id s-1-1 fill F9");

    auto r = make_event<th_execution_report>(1);
    r.instrument = 1;
    r.exec_type = TH_EXEC_REJECTED;
    r.status = TH_STATUS_REJECTED;
    r.side = TH_SIDE_BUY;
    r.order_qty = fxd("10");
    std::strcpy(r.client_order_id, "s-1-2");
    std::strcpy(r.reason, "max_order_qty: 10 > 5 on AAPL");
    EXPECT_EQ(format_body(r.hdr, sym_of), "AAPL rejected rejected buy cum 0 of 10 avg 0 id s-1-2: max_order_qty: 10 > 5 on AAPL");
}

TEST(LogSinkFormat, SignalsShowValueStrengthAndAFlagWhenOutOfRange) {
    auto g = make_event<th_signal>(1);
    g.instrument = 1;
    g.value = -1;
    g.strength = 0.75;
    std::strcpy(g.name, "sma_death_cross");
    EXPECT_EQ(format_body(g.hdr, sym_of), "AAPL sma_death_cross value -1 strength 0.75");
    EXPECT_FALSE(signal_strength_out_of_range(g.hdr));
    g.strength = -0.75;  // a direction put in strength
    EXPECT_EQ(format_body(g.hdr, sym_of), "AAPL sma_death_cross value -1 strength -0.75 (strength outside [0, 1])");
    EXPECT_TRUE(signal_strength_out_of_range(g.hdr));
    g.strength = std::nan("");
    EXPECT_TRUE(signal_strength_out_of_range(g.hdr));
    g.strength = 1.0;
    EXPECT_FALSE(signal_strength_out_of_range(g.hdr));
}

TEST(LogSinkFormat, TheKindsOfAbi11) {
    auto n = make_event<th_news>(1);
    std::strcpy(n.source, "wire");
    std::strcpy(n.id, "n1");
    std::strcpy(n.headline, "Apple beats");
    n.instrument_count = 2;
    n.instruments[0] = 1;
    n.instruments[1] = 2;
    EXPECT_EQ(format_body(n.hdr, sym_of), "wire n1: \"Apple beats\" [AAPL, MSFT]");

    auto m = make_event<th_sentiment>(1);
    m.instrument = 1;
    m.score = -0.5;
    m.confidence = 0.9;
    std::strcpy(m.news_id, "n1");
    std::strcpy(m.scorer, "lexicon");
    EXPECT_EQ(format_body(m.hdr, sym_of), "AAPL score -0.5 confidence 0.9 news n1 by lexicon");

    auto t = make_event<th_target>(1);
    t.instrument = 2;
    t.kind = TH_TARGET_WEIGHT;
    t.value = fxd("-0.25");
    std::strcpy(t.strategy, "agent");
    std::strcpy(t.reason, "rebalance");
    EXPECT_EQ(format_body(t.hdr, sym_of), "MSFT weight -0.25 by agent: rebalance");

    auto o = make_event<th_odds>(1);
    o.market = TH_ODDS_H2H;
    o.side = TH_SIDE_BUY;
    o.price = fxd("2.5");
    std::strcpy(o.event_id, "E1");
    std::strcpy(o.outcome, "Home");
    std::strcpy(o.bookmaker, "pinnacle");
    EXPECT_EQ(format_body(o.hdr, sym_of), "E1 h2h \"Home\" back 2.5 at pinnacle");

    auto s = make_event<th_settlement>(1);
    s.instrument = 1;
    s.kind = TH_SETTLE_RESOLVED;
    s.price = fxd("1");
    std::strcpy(s.text, "Yes");
    EXPECT_EQ(format_body(s.hdr, sym_of), "AAPL resolved at 1: Yes");
}

TEST(LogSinkFormat, BooksAreReadInPlaceAndCheckedAgainstTheirSize) {
    auto b = std::make_unique<th_book>();  // zeroed; only th_book_size(1, 1) bytes count
    b->hdr.type = TH_EV_BOOK;
    b->hdr.size = th_book_size(1, 1);
    b->instrument = 1;
    b->snapshot = 1;
    b->bid_count = 1;
    b->ask_count = 1;
    b->levels[0] = {fxd("99"), fxd("3")};
    b->levels[1] = {fxd("101"), fxd("4")};
    b->venue_seq = 42;
    b->checksum = TH_BOOK_CHECKSUM_VERIFIED;
    EXPECT_EQ(format_body(b->hdr, sym_of), "AAPL snapshot 1 bids 1 asks best bid 99 x 3 best ask 101 x 4 venue_seq 42 checksum verified");
    b->ask_count = 5;  // more levels than the event carries
    EXPECT_EQ(format_body(b->hdr, sym_of).rfind("malformed: 1 bids and 5 asks do not fit", 0), 0u);
}

TEST(LogSinkFormat, AnOlderShorterStructIsReadAsZeroes) {
    // A 1.0 publisher's execution report lacks orig_client_order_id (264 bytes).
    auto r = make_event<th_execution_report>(1);
    r.hdr.size = offsetof(th_execution_report, orig_client_order_id);
    r.instrument = 1;
    r.exec_type = TH_EXEC_NEW;
    r.status = TH_STATUS_NEW;
    r.side = TH_SIDE_BUY;
    std::strcpy(r.client_order_id, "x");
    EXPECT_EQ(format_body(r.hdr, sym_of), "AAPL new new buy cum 0 of 0 avg 0 id x");
    th_event_header tiny{};
    tiny.type = TH_EV_QUOTE;
    tiny.size = 8;
    EXPECT_EQ(format_body(tiny, sym_of), "malformed: size 8");
}
