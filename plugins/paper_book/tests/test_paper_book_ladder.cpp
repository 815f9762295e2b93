// paper_book against an exchange ladder: commission per venue (the exchange's on its own net
// market winnings, none at a bookmaker) and bets matched in parts against the size on offer,
// the rest resting, lapsing (IOC, settlement) or cancelled, across a restart.
#include "paper_book_helpers.hpp"

#include <map>

namespace {

const char* const kEx = "betfair_exchange";

std::unique_ptr<Harness> exchange_book() {
    auto h = make("0");
    h->set_list("commission_by_venue", {"betfair_exchange 0.05"});
    return h;
}

}  // namespace

// Worked example: back A 10 at 2.5 at a bookmaker, lay A 10 at 2.6 on the exchange; A loses.
// The back loses 10, the lay wins 10. The bettor is level, but the exchange sees only its own
// market: net winnings 10, Market Base Rate 5 % -> commission 0.5 (Betfair's rule, and what
// surebet's back/lay stakes assume). One rate for every venue netted across both would take 0.
TEST(PaperBookLadder, CommissionIsTheExchangesOnItsOwnMarketOnly) {
    auto h = exchange_book();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("odds", price(*h, kA, kEx, TH_SIDE_SELL, 2.6, 1 * kSec, 500));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 2.5, 10, 2 * kSec));
    h->send("orders", bet(*h, "l1", kA, TH_SIDE_SELL, 2.6, 10, 2 * kSec));
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 2u);
    EXPECT_EQ(std::string(fills[1].fill_id), "B2-F1");
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 0, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "2 bets settled -0.5, commission 0.5 on the market's 10");
    EXPECT_EQ(last_balance(*h).available, to_fixed(999.5));
}

// The same bets won by the bookmaker's back: the bookmaker charges nothing, the exchange's
// market lost 16, so no commission anywhere.
TEST(PaperBookLadder, ABookmakersWinningsPayNoCommission) {
    auto h = exchange_book();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.5, 1 * kSec));
    h->send("odds", price(*h, kA, kEx, TH_SIDE_SELL, 2.6, 1 * kSec, 500));
    h->send("orders", bet(*h, "b1", kA, TH_SIDE_BUY, 2.5, 10, 2 * kSec));
    h->send("orders", bet(*h, "l1", kA, TH_SIDE_SELL, 2.6, 10, 2 * kSec));
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "2 bets settled -1");  // +15 - 16
    EXPECT_EQ(last_balance(*h).available, to_fixed(999));
}

TEST(PaperBookLadder, ABadVenueRateIsRefusedSayingWhich) {
    auto h = make("0");
    h->set_list("commission_by_venue", {"betfair_exchange 5%"});
    std::string why;
    try {
        h->create();
    } catch (const std::exception& e) {
        why = e.what();
    }
    EXPECT_NE(why.find("commission_by_venue[0] 'betfair_exchange 5%': expected 'VENUE RATE'"), std::string::npos) << why;
}

// A GTC lay of 100 at 2.6 against 30 on offer: 30 matched, 70 rest. After a restart, 50 at
// 2.5 match more (fill 2, average (30 x 2.6 + 50 x 2.5) / 80 = 2.5375); the level is used up,
// so a second lay there rests; the first's last 20 are cancelled, the second lapses at the
// result. A loses: the parts win 30 + 50, the exchange takes 5 % of 80 once.
TEST(PaperBookLadder, ALayMatchesInPartsAcrossARestartNothingLostOrDoubled) {
    std::map<std::string, std::string> saved;
    {
        auto h = exchange_book();
        h->create();
        h->start();
        h->send("odds", price(*h, kA, kEx, TH_SIDE_SELL, 2.6, 1 * kSec, 30));
        h->send("orders", bet(*h, "L", kA, TH_SIDE_SELL, 2.6, 100, 2 * kSec, TH_TIF_GTC));
        auto reps = h->take<th_execution_report>("exec_reports");
        ASSERT_EQ(reps.size(), 1u);
        EXPECT_EQ(reps[0].exec_type, TH_EXEC_PARTIAL_FILL);
        EXPECT_EQ(reps[0].status, TH_STATUS_PARTIALLY_FILLED);
        EXPECT_EQ(reps[0].order_qty, to_fixed(100));
        EXPECT_EQ(reps[0].last_qty, to_fixed(30));
        EXPECT_EQ(reps[0].cum_qty, to_fixed(30));
        EXPECT_EQ(reps[0].leaves_qty, to_fixed(70));
        EXPECT_EQ(reps[0].last_px, to_fixed(2.6));
        auto fills = h->take<th_fill>("fills");
        ASSERT_EQ(fills.size(), 1u);
        EXPECT_EQ(std::string(fills[0].fill_id), "B1-F1");
        EXPECT_EQ(fills[0].qty, to_fixed(30));
        EXPECT_EQ(last_balance(*h).available, to_fixed(840));  // liability 30 x 1.6 + 70 x 1.6
        h->stop();
        saved = h->state();
        h->destroy();
    }
    auto h = exchange_book();
    h->state() = saved;
    h->create();
    h->start();
    EXPECT_EQ(last_balance(*h).available, to_fixed(840));
    h->send("odds", price(*h, kA, kEx, TH_SIDE_SELL, 2.5, 3 * kSec, 50));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(reps[0].last_qty, to_fixed(50));
    EXPECT_EQ(reps[0].cum_qty, to_fixed(80));
    EXPECT_EQ(reps[0].leaves_qty, to_fixed(20));
    EXPECT_EQ(reps[0].avg_px, to_fixed(2.5375));
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);  // the 30 before the restart are not filled again
    EXPECT_EQ(std::string(fills[0].fill_id), "B1-F2");
    EXPECT_EQ(last_balance(*h).available, to_fixed(845));  // 48 + 75 + 20 x 1.6 held
    // The 50 at 2.5 are taken: a second lay there finds nothing until the ladder moves.
    h->send("orders", bet(*h, "L2", kA, TH_SIDE_SELL, 2.5, 10, 3 * kSec, TH_TIF_GTC));
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_NEW);
    th_order_request cancel = tradehost::make_event<th_order_request>(4 * kSec);
    cancel.instrument = h->intern(kA);
    cancel.action = TH_ORDER_CANCEL;
    std::strcpy(cancel.client_order_id, "L-c");
    std::strcpy(cancel.orig_client_order_id, "L");
    h->send("orders", cancel);
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(reps[0].cum_qty, to_fixed(80));
    EXPECT_EQ(reps[0].leaves_qty, 0);
    EXPECT_EQ(last_balance(*h).available, to_fixed(862));  // 845 - 15 (L2) + 32 (L's rest)
    h->send("results", result(*h, kA, TH_SETTLE_RESOLVED, 0, 5 * kSec));
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(std::string(reps[0].client_order_id), "L2");
    EXPECT_EQ(std::string(reps[0].reason), "market settled unmatched");
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "2 bets won 76, commission 4 on the market's 80");
    EXPECT_EQ(st[0].price, to_fixed(2.4875));  // (48 + 30 + 75 + 50 - 4) / 80
    const th_balance b = last_balance(*h);
    EXPECT_EQ(b.available, to_fixed(1076));
    EXPECT_EQ(b.total, to_fixed(1076));
}

// IOC takes what is on offer and lapses the rest; FOK matches whole or not at all, and a FOK
// that found too little leaves the size for the next bet.
TEST(PaperBookLadder, ImmediateBetsTakeTheSizeOnOffer) {
    auto h = exchange_book();
    h->create();
    h->start();
    h->send("odds", price(*h, kA, kEx, TH_SIDE_BUY, 2.4, 1 * kSec, 20));
    h->send("odds", price(*h, kA, "bookie", TH_SIDE_BUY, 2.3, 1 * kSec));  // a bookmaker: no size, taken whole
    h->send("orders", bet(*h, "i1", kA, TH_SIDE_BUY, 2.4, 50, 2 * kSec, TH_TIF_IOC));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 2u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(reps[0].last_qty, to_fixed(20));
    EXPECT_EQ(reps[1].exec_type, TH_EXEC_EXPIRED);
    EXPECT_EQ(reps[1].cum_qty, to_fixed(20));
    EXPECT_EQ(reps[1].leaves_qty, 0);
    EXPECT_EQ(std::string(reps[1].reason), "lapsed: 30 unmatched, no more size at or above 2.4");
    EXPECT_EQ(last_balance(*h).available, to_fixed(980));  // only the matched 20 held
    h->send("orders", bet(*h, "f1", kA, TH_SIDE_BUY, 2.4, 10, 2 * kSec));  // 2.4's 20 are gone
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(std::string(reps[0].reason), "no price at or above 2.4");
    h->send("orders", bet(*h, "f2", kA, TH_SIDE_BUY, 2.3, 10, 2 * kSec));  // the bookmaker's 2.3, whole
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(reps[0].last_px, to_fixed(2.3));
    h->send("odds", price(*h, kA, kEx, TH_SIDE_BUY, 2.5, 3 * kSec, 5));
    h->send("orders", bet(*h, "f3", kA, TH_SIDE_BUY, 2.5, 10, 3 * kSec));  // 5 on offer: not whole
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_EXPIRED);
    EXPECT_EQ(reps[0].cum_qty, 0);
    h->send("orders", bet(*h, "i2", kA, TH_SIDE_BUY, 2.5, 5, 3 * kSec, TH_TIF_IOC));  // the 5 are still there
    reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(reps[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(reps[0].cum_qty, to_fixed(5));
    EXPECT_EQ(last_balance(*h).available, to_fixed(965));
}

// The handicap lines of an event are one market at an exchange (Betfair's Asian handicap
// market): back A -0.25 10 at 2.0 and back B +0.5 10 at 2.0; A wins by 2: the first wins 10,
// the second loses 10, net 0, no commission. Keyed by the absolute point they were two
// markets, and the first paid 0.5 on its 10.
TEST(PaperBookLadder, HandicapLinesAreOneMarketAtTheExchange) {
    auto h = exchange_book();
    h->create();
    h->start();
    const std::string a = "ev1/spreads/-0.25/A", b = "ev1/spreads/0.5/B";
    for (const auto& [sym, point] : {std::pair{a, -0.25}, std::pair{b, 0.5}}) {
        th_odds o = price(*h, sym, kEx, TH_SIDE_BUY, 2.0, 1 * kSec, 100);
        o.market = TH_ODDS_SPREAD;
        o.has_point = 1;
        o.point = to_fixed(point);
        std::strcpy(o.market_key, "spreads");
        h->send("odds", o);
    }
    h->send("orders", bet(*h, "b1", a, TH_SIDE_BUY, 2.0, 10, 2 * kSec));
    h->send("orders", bet(*h, "b2", b, TH_SIDE_BUY, 2.0, 10, 2 * kSec));
    h->send("results", result(*h, a, TH_SETTLE_RESOLVED, 1, 3 * kSec));
    h->send("results", result(*h, b, TH_SETTLE_RESOLVED, 0, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(std::string(st[0].text), "b1 won 10 (back 10 at 2)");
    EXPECT_EQ(std::string(st[1].text), "b2 lost -10 (back 10 at 2)");
    EXPECT_EQ(last_balance(*h).available, to_fixed(1000));
}

// A book saved before parts and venues (one line per bet, a market's net without its venue)
// loads: the net goes to the venue of the market's open bet, which then pays the commission.
TEST(PaperBookLadder, ABookSavedBeforePartsAndVenuesLoads) {
    auto fx = [](double v) { return std::to_string(to_fixed(v)); };
    auto h = exchange_book();
    h->state()["bets"] = "cash\t" + fx(990) + "\nnext\t3\n" +
                         "bet\tb\tB2\tev1/h2h/B\tev1\t1\t1\t" + fx(10) + "\t" + fx(2.5) + "\t" + fx(2.5) +
                         "\tbetfair_exchange\t2000000000\t2000000000\tev1/h2h\n" +
                         "net\tev1/h2h\t" + fx(20) + "\nid\ta\n";
    h->create();
    h->start();
    EXPECT_EQ(last_balance(*h).total, to_fixed(1000));
    h->send("results", result(*h, "ev1/h2h/B", TH_SETTLE_RESOLVED, 0, 3 * kSec));
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(std::string(st[0].text), "b lost -10 (back 10 at 2.5), commission 0.5 on the market's 10");
    EXPECT_EQ(last_balance(*h).available, to_fixed(989.5));
    h->send("orders", bet(*h, "a", kA, TH_SIDE_BUY, 2.0, 1, 4 * kSec));
    auto reps = h->take<th_execution_report>("exec_reports");
    ASSERT_EQ(reps.size(), 1u);
    EXPECT_EQ(std::string(reps[0].reason), "duplicate client_order_id a");
}
