// The quote arithmetic on hand-computed cases: mid and microprice of a touch, quotes around
// them with and without inventory skew, tick rounding away from the fair value, the minimum
// spread, no crossing of the book, and the instrument's price bounds.
#include "quote_math.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

using namespace tradehost::market_maker;

namespace {

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

// bid 0.45 x 100, ask 0.55 x 300
Touch touch() {
    Touch t;
    t.bid_px = fx("0.45");
    t.bid_qty = fx("100");
    t.ask_px = fx("0.55");
    t.ask_qty = fx("300");
    return t;
}

QuoteParams params() {
    QuoteParams p;
    p.half_spread = fx("0.02");
    p.min_spread = fx("0.02");
    p.tick = fx("0.01");
    p.min_price = fx("0.01");
    p.max_price = fx("0.99");
    return p;
}

}  // namespace

TEST(QuoteMath, MidAndMicroprice) {
    EXPECT_EQ(*mid_price(touch()), fx("0.5"));
    // (0.45 * 300 + 0.55 * 100) / 400 = 190 / 400 = 0.475: toward the thinner bid.
    EXPECT_EQ(*micro_price(touch()), fx("0.475"));
    Touch one = touch();
    one.ask_qty = 0;
    EXPECT_FALSE(mid_price(one));
    EXPECT_FALSE(micro_price(one));
}

TEST(QuoteMath, FlatQuotesAroundTheMid) {
    const Quotes q = make_quotes(fx("0.5"), 0, params(), touch());
    EXPECT_EQ(q.bid, fx("0.48"));
    EXPECT_EQ(q.ask, fx("0.52"));
}

TEST(QuoteMath, OffTickFairValueRoundsAwayFromIt) {
    // Microprice 0.475: 0.455 rounds down to 0.45, 0.495 up to 0.50.
    const Quotes q = make_quotes(fx("0.475"), 0, params(), touch());
    EXPECT_EQ(q.bid, fx("0.45"));
    EXPECT_EQ(q.ask, fx("0.5"));
}

TEST(QuoteMath, LongInventorySkewsBothQuotesDown) {
    QuoteParams p = params();
    p.skew_per_unit = fx("0.001");
    // +10 held: center 0.50 - 10 * 0.001 = 0.49 -> 0.47 / 0.51.
    Quotes q = make_quotes(fx("0.5"), fx("10"), p, touch());
    EXPECT_EQ(q.bid, fx("0.47"));
    EXPECT_EQ(q.ask, fx("0.51"));
    // -25 short: center 0.525 -> bid 0.505 floors to 0.50, ask 0.545 ceils to 0.55.
    q = make_quotes(fx("0.5"), fx("-25"), p, touch());
    EXPECT_EQ(q.bid, fx("0.5"));
    EXPECT_EQ(q.ask, fx("0.55"));
}

TEST(QuoteMath, MinimumSpreadWidensAskFirst) {
    QuoteParams p = params();
    p.half_spread = fx("0.005");
    p.min_spread = fx("0.03");
    // 0.495 -> 0.49, 0.505 -> 0.51: 0.02 wide, one tick short; the odd tick goes to the ask.
    Quotes q = make_quotes(fx("0.5"), 0, p, touch());
    EXPECT_EQ(q.bid, fx("0.49"));
    EXPECT_EQ(q.ask, fx("0.52"));
    p.min_spread = fx("0.05");  // three ticks short: ask +2, bid -1
    q = make_quotes(fx("0.5"), 0, p, touch());
    EXPECT_EQ(q.bid, fx("0.48"));
    EXPECT_EQ(q.ask, fx("0.53"));
}

TEST(QuoteMath, NeverCrossesTheBook) {
    // A model says 0.60 while the book offers at 0.55: the bid rests one tick under it.
    Quotes q = make_quotes(fx("0.6"), 0, params(), touch());
    EXPECT_EQ(q.bid, fx("0.54"));
    EXPECT_EQ(q.ask, fx("0.62"));
    q = make_quotes(fx("0.4"), 0, params(), touch());
    EXPECT_EQ(q.bid, fx("0.38"));
    EXPECT_EQ(q.ask, fx("0.46"));  // 0.42 would sell into the 0.45 bid
}

TEST(QuoteMath, SidesOutsideThePriceBoundsAreNotQuoted) {
    Touch t;
    t.bid_px = fx("0.97");
    t.bid_qty = fx("5");
    t.ask_px = fx("0.99");
    t.ask_qty = fx("5");
    const Quotes q = make_quotes(fx("0.98"), 0, params(), t);
    EXPECT_EQ(q.bid, fx("0.96"));
    EXPECT_EQ(q.ask, 0);  // 1.00 is above max_price 0.99
    const Quotes low = make_quotes(fx("0.02"), 0, params(), Touch{});
    EXPECT_EQ(low.bid, 0);  // 0.00
    EXPECT_EQ(low.ask, fx("0.04"));
}

TEST(QuoteMath, TickRounding) {
    EXPECT_EQ(floor_tick(fx("0.4549"), fx("0.01")), fx("0.45"));
    EXPECT_EQ(ceil_tick(fx("0.4501"), fx("0.01")), fx("0.46"));
    EXPECT_EQ(ceil_tick(fx("0.45"), fx("0.01")), fx("0.45"));
    EXPECT_EQ(floor_tick(fx("0.12345"), fx("0.001")), fx("0.123"));
    EXPECT_EQ(floor_tick(fx("-0.005"), fx("0.01")), fx("-0.01"));
}
