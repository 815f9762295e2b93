// The paper venue with a wired book (ABI 1.1): market and marketable limit orders take from
// the book level by level, partially when it is thin; resting limits and stops keep quote
// matching; liquidity taken is gone until the feed updates the level.
#include "paper_fixture.hpp"

#include <cstring>
#include <utility>

using namespace paper_test;

namespace {

using Levels = std::vector<std::pair<th_fixed, th_fixed>>;  // (px, qty), best first

class PaperBook : public Paper {
protected:
    // A book event of `bids` and `asks`; a snapshot unless `delta`.
    void book(th_time_ns ts, const Levels& bids, const Levels& asks, bool delta = false) {
        th_book b;
        std::memset(&b, 0, sizeof b);
        b.hdr.type = TH_EV_BOOK;
        b.hdr.version = 1;
        b.hdr.ts = ts;
        b.instrument = sym;
        b.snapshot = delta ? 0 : 1;
        b.bid_count = static_cast<uint16_t>(bids.size());
        b.ask_count = static_cast<uint16_t>(asks.size());
        size_t i = 0;
        for (const auto& [px, q] : bids) b.levels[i++] = {px, q};
        for (const auto& [px, q] : asks) b.levels[i++] = {px, q};
        b.hdr.size = th_book_size(b.bid_count, b.ask_count);
        ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    }
    static std::vector<std::pair<th_fixed, th_fixed>> taken(const std::vector<th_fill>& fs) {
        std::vector<std::pair<th_fixed, th_fixed>> out;
        for (const auto& f : fs) {
            EXPECT_EQ(f.liquidity, TH_LIQ_TAKER);
            out.emplace_back(f.px, f.qty);
        }
        return out;
    }
};

const Levels kBids = {{fx("99.9"), fx(2)}, {fx("99.8"), fx(3)}};
const Levels kAsks = {{fx(100), fx(1)}, {fx(101), fx(2)}, {fx(102), fx(5)}};

}  // namespace

TEST_F(PaperBook, AMarketBuyWalksTheAsksLevelByLevel) {
    make();
    book(T0, kBids, kAsks);
    market(T0 + 1, "b1", TH_SIDE_BUY, fx(4));
    const auto fs = fills();
    EXPECT_EQ(taken(fs), (Levels{{fx(100), fx(1)}, {fx(101), fx(2)}, {fx(102), fx(1)}}));
    const auto rs = reports();
    ASSERT_EQ(of_type(rs, TH_EXEC_FILL).size(), 1u);
    EXPECT_EQ(of_type(rs, TH_EXEC_PARTIAL_FILL).size(), 2u);
    EXPECT_EQ(of_type(rs, TH_EXEC_FILL)[0].avg_px, fx("101"));  // (100 + 202 + 102) / 4
}

TEST_F(PaperBook, AMarketSellWalksTheBids) {
    make();
    book(T0, kBids, kAsks);
    market(T0 + 1, "s1", TH_SIDE_SELL, fx(3));
    EXPECT_EQ(taken(fills()), (Levels{{fx("99.9"), fx(2)}, {fx("99.8"), fx(1)}}));
}

TEST_F(PaperBook, AThinBookFillsPartlyAndTheRestTakesTheNextBook) {
    make();
    book(T0, kBids, kAsks);
    market(T0 + 1, "b1", TH_SIDE_BUY, fx(10));
    EXPECT_EQ(taken(fills()), (Levels{{fx(100), fx(1)}, {fx(101), fx(2)}, {fx(102), fx(5)}}));
    EXPECT_EQ(of_type(reports(), TH_EXEC_FILL).size(), 0u);
    // The feed refills a level: the open market order takes it.
    book(T0 + 2, {}, {{fx(103), fx(4)}}, /*delta=*/true);
    EXPECT_EQ(taken(fills()), (Levels{{fx(103), fx(2)}}));
    EXPECT_EQ(of_type(reports(), TH_EXEC_FILL).size(), 1u);
}

TEST_F(PaperBook, AMarketableLimitTakesUpToItsLimitThenRestsOnQuotes) {
    make();
    book(T0, kBids, kAsks);
    limit(T0 + 1, "l1", TH_SIDE_BUY, fx(4), fx(101));
    EXPECT_EQ(taken(fills()), (Levels{{fx(100), fx(1)}, {fx(101), fx(2)}}));
    // The remainder rests at 101 and fills as maker on a quote that crosses it.
    quote(T0 + 2, fx("100.5"), fx(5), fx("100.9"), fx(5));
    const auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_MAKER);
    EXPECT_EQ(fs[0].px, fx(101));
    EXPECT_EQ(fs[0].qty, fx(1));
}

TEST_F(PaperBook, TakenLiquidityIsGoneUntilTheFeedUpdatesTheLevel) {
    make();
    book(T0, kBids, kAsks);
    market(T0 + 1, "b1", TH_SIDE_BUY, fx(2));
    EXPECT_EQ(taken(fills()), (Levels{{fx(100), fx(1)}, {fx(101), fx(1)}}));
    market(T0 + 2, "b2", TH_SIDE_BUY, fx(2));
    EXPECT_EQ(taken(fills()), (Levels{{fx(101), fx(1)}, {fx(102), fx(1)}}));
    book(T0 + 3, {}, {{fx(100), fx(7)}}, /*delta=*/true);  // the venue says level 100 holds 7 again
    market(T0 + 4, "b3", TH_SIDE_BUY, fx(3));
    EXPECT_EQ(taken(fills()), (Levels{{fx(100), fx(3)}}));
}

TEST_F(PaperBook, IocTakesWhatTheBookHoldsAndFokTakesAllOrNothing) {
    make();
    book(T0, kBids, kAsks);
    market(T0 + 1, "fok", TH_SIDE_BUY, fx(9), TH_TIF_FOK);
    EXPECT_TRUE(fills().empty());
    auto rs = of_type(reports(), TH_EXEC_CANCELED);
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_NE(std::string(rs[0].reason).find("FOK"), std::string::npos);
    market(T0 + 2, "ioc", TH_SIDE_BUY, fx(9), TH_TIF_IOC);
    EXPECT_EQ(taken(fills()), (Levels{{fx(100), fx(1)}, {fx(101), fx(2)}, {fx(102), fx(5)}}));
    rs = of_type(reports(), TH_EXEC_CANCELED);
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].cum_qty, fx(8));
}

TEST_F(PaperBook, ADeltaBeforeTheFirstSnapshotLeavesQuoteMatching) {
    make();
    book(T0, {}, {{fx(100), fx(50)}}, /*delta=*/true);
    quote(T0 + 1, fx(99), fx(5), fx("100.5"), fx(5));
    market(T0 + 2, "b1", TH_SIDE_BUY, fx(3));
    EXPECT_EQ(taken(fills()), (Levels{{fx("100.5"), fx(3)}}));
}

TEST_F(PaperBook, WithLatencyTheOrderMeetsTheFirstBookAfterItIsLive) {
    make({{"latency", "10ms"}});
    book(T0, kBids, kAsks);
    market(T0, "b1", TH_SIDE_BUY, fx(1));
    book(T0 + 5 * kMs, kBids, {{fx(105), fx(1)}});  // before the order is live: not its market
    EXPECT_TRUE(fills().empty());
    book(T0 + 11 * kMs, kBids, {{fx(106), fx(1)}});
    EXPECT_EQ(taken(fills()), (Levels{{fx(106), fx(1)}}));
}

TEST_F(PaperBook, ABookEventThatCannotHoldItsLevelsIsRefused) {
    make();
    th_book b;
    std::memset(&b, 0, sizeof b);
    b.hdr.type = TH_EV_BOOK;
    b.hdr.size = th_book_size(0, 0);
    b.instrument = sym;
    b.ask_count = 3;  // claims levels its size does not carry
    EXPECT_NE(h->send("books", b.hdr), TH_OK);
    EXPECT_NE(h->last_error().find("cannot hold"), std::string::npos) << h->last_error();
}
