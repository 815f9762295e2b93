// The paper betting venue: a back matched at the better price on offer and paid stake x odds;
// a fill-or-kill back finding no price; a lay matched against an exchange's lay price, its
// liability held and its winnings paid net of commission; a void returning the stake;
// rejects (funds, duplicate ids, odds); and open bets, matched and resting, surviving a
// restart and settled after it.
#include "paper_book_helpers.hpp"
#include <map>


TEST(PaperBook, BackMatchedAtTheBetterPriceAndPaid) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("odds", price(*h, kA, "other", TH_SIDE_BUY, 2.3, 1 * kSec));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 2.4, 10, 2 * kSec));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(reps[0].avg_px, to_fixed(2.5));
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].px, to_fixed(2.5));
    EXPECT_EQ(fills[0].qty, to_fixed(10));
    th_balance b = last_balance(*h);
    EXPECT_EQ(b.available, to_fixed(990));
    EXPECT_EQ(b.total, to_fixed(1000));

    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].kind, TH_SETTLE_BET_RESULT);
    EXPECT_EQ(st[0].price, to_fixed(2.5));
    EXPECT_EQ(std::string(st[0].text), "b1 won 15 (back 10 at 2.5)");
    b = last_balance(*h);
    EXPECT_EQ(b.available, to_fixed(1015));
    auto pos = h->take<th_position>("positions");
    ASSERT_FALSE(pos.empty());
    EXPECT_EQ(pos.back().qty, 0);
    EXPECT_EQ(pos.back().realized_pnl, to_fixed(15));
    EXPECT_EQ(h->metric("bets_won"), 1);
}

TEST(PaperBook, FillOrKillWithoutAPriceExpires) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 2.6, 10, 2 * kSec));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_EXPIRED);
    EXPECT_EQ(std::string(reps[0].reason), "no price at or above 2.6");
    EXPECT_EQ(last_balance(*h).available, to_fixed(1000));
}

TEST(PaperBook, LayHoldsItsLiabilityAndPaysNetOfCommission) {
    auto h = make("0.05");
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "exchange", TH_SIDE_SELL, 2.6, 1 * kSec));
    h->send("orders", bet(*h, "l1", kA, TH_SIDE_SELL, 2.7, 10, 2 * kSec));
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(fills[0].px, to_fixed(2.6));  // the lower lay price on offer
    EXPECT_EQ(last_balance(*h).available, to_fixed(984));  // liability 10 x 1.6
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 0, 3 * kSec));  // A lost: the lay won
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    // 10 less 5 % commission, taken when the market's last bet settled
    EXPECT_EQ(std::string(st[0].text), "l1 won 10 (lay 10 at 2.6), commission 0.5 on the market's 10");
    EXPECT_EQ(st[0].price, to_fixed(2.55));  // (16 liability + 10 won - 0.5) / 10 staked
    EXPECT_EQ(last_balance(*h).available, to_fixed(1009.5));
}

// Betfair charges commission on a market's net winnings, not on each winning bet: back A 10
// at 3.0 and back B 10 at 2.5 in one market; A wins 20, B loses 10, so 5 % of the net 10 is
// 0.5, where per-bet commission would take 5 % of 20 = 1. Charged once, with the settlement
// that closes the market (B's here, so its price is below 0 per unit: -10.5 on 10 staked).
// A restart between the two results keeps what the market has netted so far.
class MarketCommission : public ::testing::TestWithParam<bool> {};

TEST_P(MarketCommission, NetWinningsOfTheMarketPayItOnceWhenItsLastBetSettles) {
    const bool restart = GetParam();
    const std::string kB = "ev1/h2h/B";
    auto h = make("0.05");
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "exchange", TH_SIDE_BUY, 3.0, 1 * kSec));
    h->send("odds", price(*h, kB, "exchange", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("orders", bet(*h, "a", kA, TH_SIDE_BUY, 3.0, 10, 2 * kSec));
    h->send("orders", bet(*h, "b", kB, TH_SIDE_BUY, 2.5, 10, 2 * kSec));
    ASSERT_EQ(h->take<th_fill>("fills").size(), 2u);
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "a won 20 (back 10 at 3)");  // B still open: nothing charged yet
    EXPECT_EQ(last_balance(*h).available, to_fixed(1010));
    if (restart) {
        h->stop();
        auto saved = h->state();
        h->destroy();
        h = make("0.05");
        h->state() = saved;
        h->create();
        h->start();
    }
    h->send("results", result(*h, kB, TH_SETTLE_RESOLVED, 0, 4 * kSec));
    st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "b lost -10 (back 10 at 2.5), commission 0.5 on the market's 10");
    EXPECT_EQ(st[0].price, to_fixed(-0.05));
    EXPECT_EQ(last_balance(*h).available, to_fixed(1009.5));
}

INSTANTIATE_TEST_SUITE_P(Restart, MarketCommission, ::testing::Values(false, true));

TEST(PaperBook, CommissionPerBetTakesItFromEachWinningBet) {
    const std::string kB = "ev1/h2h/B";
    auto h = make("0.05");
    h->set("commission_on", "bet");
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "exchange", TH_SIDE_BUY, 3.0, 1 * kSec));
    h->send("odds", price(*h, kB, "exchange", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("orders", bet(*h, "a", kA, TH_SIDE_BUY, 3.0, 10, 2 * kSec));
    h->send("orders", bet(*h, "b", kB, TH_SIDE_BUY, 2.5, 10, 2 * kSec));
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    h->send("results", result(*h, kB, TH_SETTLE_RESOLVED, 0, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(std::string(st[0].text), "a won 19 (back 10 at 3)");  // 20 less 1
    EXPECT_EQ(std::string(st[1].text), "b lost -10 (back 10 at 2.5)");
    EXPECT_EQ(last_balance(*h).available, to_fixed(1009));
}

TEST(PaperBook, AnUnknownCommissionBasisIsRefused) {
    auto h = make("0.05");
    h->set("commission_on", "event");
    std::string why;
    try {
        h->create();
    } catch (const std::exception& e) {
        why = e.what();
    }
    EXPECT_NE(why.find("commission_on: expected 'market' or 'bet', got 'event'"), std::string::npos) << why;
}

TEST(PaperBook, VoidReturnsTheStakeAndRejectsSayWhy) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 1.9, 1 * kSec));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 1.9, 100, 2 * kSec));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 1.9, 100, 2 * kSec));
    h->send("orders", bet(*h, "b2", kA, TH_SIDE_BUY, 1.9, 5000, 2 * kSec));
    h->send("orders", bet(*h, "b3", kA, TH_SIDE_BUY, 1.0, 5, 2 * kSec));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 4u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(std::string(reps[1].reason), "duplicate client_order_id b1");
    EXPECT_EQ(std::string(reps[2].reason), "insufficient funds: stake 5000 > cash 900");
    EXPECT_EQ(std::string(reps[3].reason), "rejected locally: odds 1 must be above 1");
    h->send("results", result(*h, kA, TH_SETTLE_VOID, 0, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].kind, TH_SETTLE_VOID);
    EXPECT_EQ(st[0].price, to_fixed(1));
    EXPECT_EQ(last_balance(*h).available, to_fixed(1000));
}

TEST(PaperBook, OpenBetsSurviveARestart) {
    std::map<std::string, std::string> saved;
    const std::string kB = "ev1/h2h/B";
    {
        auto h = make();
        h->create();
        h->start();
        h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 3.0, 1 * kSec));
        h->send("orders", bet(*h, "m1", kA, TH_SIDE_BUY, 3.0, 20, 2 * kSec));                  // matched
        h->send("orders", bet(*h, "r1", kB, TH_SIDE_BUY, 2.2, 30, 2 * kSec, TH_TIF_GTC));      // rests: no price yet
        auto reps = h->take<th_execution_report>("exec_reports");
        ASSERT_EQ(reps.size(), 2u);
        EXPECT_EQ(reps[1].exec_type, TH_EXEC_NEW);
        EXPECT_EQ(last_balance(*h).available, to_fixed(950));
        h->stop();
        saved = h->state();
        h->destroy();
    }
    auto h = make();
    h->state() = saved;
    h->create();
    h->start();
    th_balance b = last_balance(*h);  // published at start, from the saved book
    EXPECT_EQ(b.available, to_fixed(950));
    EXPECT_EQ(b.total, to_fixed(1000));
    // The resting bet matches on the first price after the restart...
    h->send("odds", price(*h, kB, "bookie", TH_SIDE_BUY, 2.25, 3 * kSec));
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(std::string(fills[0].client_order_id), "r1");
    EXPECT_EQ(fills[0].px, to_fixed(2.25));
    // ...and both settle: m1 won 20 x 3, r1 lost.
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 4 * kSec));
    h->send("results", result(*h, kB, TH_SETTLE_RESOLVED, 0, 4 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(std::string(st[0].text), "m1 won 40 (back 20 at 3)");
    EXPECT_EQ(std::string(st[1].text), "r1 lost -30 (back 30 at 2.25)");
    EXPECT_EQ(last_balance(*h).available, to_fixed(1010));
    // Two bets on one selection settle as one: price = returned per unit staked.
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.0, 5 * kSec));
    h->send("orders", bet(*h, "x1", kA, TH_SIDE_BUY, 2.0, 10, 5 * kSec));
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 3.0, 5 * kSec));
    h->send("orders", bet(*h, "x2", kA, TH_SIDE_BUY, 3.0, 30, 5 * kSec));
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 6 * kSec));
    st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "2 bets won 70");
    EXPECT_EQ(st[0].price, to_fixed(2.75));  // (20 + 90) / 40
    // Settled once: the same result again pays nothing.
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 7 * kSec));
    EXPECT_TRUE(h->take<th_settlement>("settlements").empty());
}

// Asian quarter lines: the feed's result is the selection's score (1 won, 0.75 half won, 0.5
// push, 0.25 half lost, 0 lost). Worked example (asianhandicappro.com, "+0.25"): 100 staked at
// 2.00, a half win returns 150. A lay is the other side: half the liability lost, or half the
// backer's stake won.
struct AsianCase {
    uint8_t side;
    double score;
    const char* what;
    double returned;  // of 100 staked at 2.0 (a lay's liability is 100 too)
};

class AsianSettlement : public ::testing::TestWithParam<AsianCase> {};

TEST_P(AsianSettlement, EveryResultOfBackAndLay) {
    const AsianCase c = GetParam();
    const std::string sym = "ev1/spreads/-0.25/A";
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, sym, "book", c.side, 2.0, 1 * kSec));
    h->send("orders", bet(*h, "b1", sym, c.side, 2.0, 100, 2 * kSec));
    ASSERT_EQ(h->take<th_fill>("fills").size(), 1u);
    EXPECT_EQ(last_balance(*h).available, to_fixed(900));
    h->send("results", result(*h, sym, TH_SETTLE_RESOLVED, c.score, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    const double pnl = c.returned - 100;
    const std::string pnl_text = tradehost::format_fixed(to_fixed(pnl));
    EXPECT_EQ(std::string(st[0].text), std::string("b1 ") + c.what + " " + pnl_text + " (" +
                                           (c.side == TH_SIDE_BUY ? "back" : "lay") + " 100 at 2)");
    EXPECT_EQ(st[0].price, to_fixed(c.returned / 100));
    EXPECT_EQ(last_balance(*h).available, to_fixed(900 + c.returned));
    auto pos = h->take<th_position>("positions");
    ASSERT_FALSE(pos.empty());
    EXPECT_EQ(pos.back().realized_pnl, to_fixed(pnl));
}

INSTANTIATE_TEST_SUITE_P(PaperBook, AsianSettlement,
                         ::testing::Values(AsianCase{TH_SIDE_BUY, 1, "won", 200}, AsianCase{TH_SIDE_BUY, 0.75, "half won", 150},
                                           AsianCase{TH_SIDE_BUY, 0.5, "push", 100}, AsianCase{TH_SIDE_BUY, 0.25, "half lost", 50},
                                           AsianCase{TH_SIDE_BUY, 0, "lost", 0}, AsianCase{TH_SIDE_SELL, 1, "lost", 0},
                                           AsianCase{TH_SIDE_SELL, 0.75, "half lost", 50}, AsianCase{TH_SIDE_SELL, 0.5, "push", 100},
                                           AsianCase{TH_SIDE_SELL, 0.25, "half won", 150}, AsianCase{TH_SIDE_SELL, 0, "won", 200}));

// richpunter.com's double handicap example: 1 staked at 1.80 that half wins returns the stake
// plus half the net odds, 1 x 1.40. A half-won lay pays commission on its net winnings of the
// market: lay 10 at 1.8 (liability 8), half lost by the backer: wins 5, 5 % commission 0.25.
TEST(PaperBook, HalfWinPaysHalfTheNetOddsAndCommissionOnTheNet) {
    auto h = make("0.05");
    h->create();
    h->start();
    const std::string sym = "ev1/totals/2.25/Over";
    h->send("odds", price(*h, sym, "book", TH_SIDE_BUY, 1.8, 1 * kSec));
    h->send("orders", bet(*h, "b1", sym, TH_SIDE_BUY, 1.8, 1, 2 * kSec));
    h->send("results", result(*h, sym, TH_SETTLE_RESOLVED, 0.75, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    // 1.40 returned less 5 % of the market's net 0.40
    EXPECT_EQ(std::string(st[0].text), "b1 half won 0.4 (back 1 at 1.8), commission 0.02 on the market's 0.4");
    EXPECT_EQ(st[0].price, to_fixed(1.38));
    EXPECT_EQ(h->metric("bets_half_won"), 1);

    const std::string under = "ev1/totals/2.25/Under";
    h->send("odds", price(*h, under, "exchange", TH_SIDE_SELL, 1.8, 4 * kSec));
    h->send("orders", bet(*h, "l1", under, TH_SIDE_SELL, 1.8, 10, 5 * kSec));
    h->send("results", result(*h, under, TH_SETTLE_RESOLVED, 0.25, 6 * kSec));
    st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "l1 half won 5 (lay 10 at 1.8), commission 0.25 on the market's 5");
    EXPECT_EQ(st[0].price, to_fixed(1.275));  // (8 liability + 5 won - 0.25) / 10 staked
    EXPECT_EQ(h->metric("bets_half_won"), 2);
}

// A back and a lay on one selection settle in one event; their results differ, so its text
// says "settled" with the net, and each bet's own result is in the log.
TEST(PaperBook, MixedResultsOnOneSelectionSaySettled) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.0, 1 * kSec));
    h->send("odds", price(*h, kA, "exchange", TH_SIDE_SELL, 2.1, 1 * kSec));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 2.0, 10, 2 * kSec));
    h->send("orders", bet(*h, "l1", kA, TH_SIDE_SELL, 2.1, 10, 2 * kSec));
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "2 bets settled -1");  // back won 10, lay lost its liability 11
    bool back = false, lay = false;
    for (const std::string& line : h->log_lines()) {
        back |= line.find("b1 won 10 (back 10 at 2)") != std::string::npos;
        lay |= line.find("l1 lost -11 (lay 10 at 2.1)") != std::string::npos;
    }
    EXPECT_TRUE(back && lay);
}
