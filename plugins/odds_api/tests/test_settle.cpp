// Settling selections from final scores, on the documentation's completed game (Sacramento
// Kings 113, Oklahoma City Thunder 103): h2h, spreads either side of the margin, a total
// landing on its line (a push), draws, and what scores cannot settle. Plus the selection
// store's blob, which carries open selections across a restart.
#include "odds_api_double.hpp"
#include "selections.hpp"
#include "settle.hpp"

#include <gtest/gtest.h>

using namespace tradehost::odds_api;
using tradehost::odds_api::testing::read_test_file;

namespace {

ScoreRow final_score() { return parse_scores(read_test_file("scores_nba.json"))[0]; }

Selection sel(const std::string& market, const std::string& outcome, double point = 0, bool has_point = false) {
    Selection s;
    s.market = market;
    s.outcome = outcome;
    s.has_point = has_point;
    s.point = static_cast<th_fixed>(point * TH_FIXED_SCALE);
    return s;
}

}  // namespace

TEST(OddsApiSettle, HeadToHead) {
    const ScoreRow s = final_score();
    EXPECT_EQ(settle(sel("h2h", "Sacramento Kings"), s), Result::Won);
    EXPECT_EQ(settle(sel("h2h", "Oklahoma City Thunder"), s), Result::Lost);
    EXPECT_EQ(settle(sel("h2h", "Draw"), s), Result::Lost);
    EXPECT_EQ(settle(sel("h2h", "Boston Celtics"), s), std::nullopt);  // names no team that played
}

TEST(OddsApiSettle, SpreadsAcrossTheTenPointMargin) {
    const ScoreRow s = final_score();
    EXPECT_EQ(settle(sel("spreads", "Oklahoma City Thunder", 4.5, true), s), Result::Lost);   // 107.5 < 113
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -4.5, true), s), Result::Won);        // 108.5 > 103
    EXPECT_EQ(settle(sel("spreads", "Oklahoma City Thunder", 10.5, true), s), Result::Won);   // 113.5 > 113
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -10, true), s), Result::Push);        // 103 = 103
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -9.8, true), s), std::nullopt);       // not a quarter
}

TEST(OddsApiSettle, TotalsOnAndOffTheLine) {
    const ScoreRow s = final_score();  // 216 points
    EXPECT_EQ(settle(sel("totals", "Over", 216, true), s), Result::Push);
    EXPECT_EQ(settle(sel("totals", "Under", 216, true), s), Result::Push);
    EXPECT_EQ(settle(sel("totals", "Over", 215.5, true), s), Result::Won);
    EXPECT_EQ(settle(sel("totals", "Under", 215.5, true), s), Result::Lost);
    EXPECT_EQ(settle(sel("outrights", "Sacramento Kings"), s), std::nullopt);
}

TEST(OddsApiSettle, TiesAndUnfinishedGames) {
    ScoreRow tie = final_score();
    tie.scores[1].second = "113";
    Selection kings = sel("h2h", "Sacramento Kings");
    EXPECT_EQ(settle(kings, tie), Result::Push);  // two-way market: the tie is voided
    kings.market_has_draw = true;
    EXPECT_EQ(settle(kings, tie), Result::Lost);  // three-way: the draw won
    EXPECT_EQ(settle(sel("h2h", "Draw"), tie), Result::Won);
    const ScoreRow live = parse_scores(read_test_file("scores_nba.json"))[1];
    EXPECT_EQ(settle(sel("h2h", "Denver Nuggets"), live), std::nullopt);
    tie.scores[0].second = "abc";
    EXPECT_EQ(settle(kings, tie), std::nullopt);
}

TEST(OddsApiSelections, BlobRoundTripAndSettledOnce) {
    Selections a;
    const Selection over = sel("totals", "Over", 216, true);
    EXPECT_EQ(selection_symbol("e1", over), "e1/totals/216/Over");
    EXPECT_TRUE(a.add("e1", selection_symbol("e1", over), over));
    EXPECT_FALSE(a.add("e1", selection_symbol("e1", over), over));
    const Selection draw = sel("h2h", "Draw");
    a.add("e2", selection_symbol("e2", draw), draw);
    a.add("e2", "e2/h2h/Home", sel("h2h", "Home"));
    a.settled("e0", 10);
    Selections b;
    b.decode(a.encode());
    EXPECT_EQ(b.encode(), a.encode());
    EXPECT_TRUE(b.is_settled("e0"));
    ASSERT_EQ(b.of("e1").size(), 1u);
    EXPECT_EQ(b.of("e1").begin()->second.point, 216 * TH_FIXED_SCALE);
    EXPECT_TRUE(b.of("e2").at("e2/h2h/Home").market_has_draw);
    b.settled("e1", 2);
    EXPECT_TRUE(b.of("e1").empty());
    EXPECT_FALSE(b.add("e1", "e1/h2h/X", sel("h2h", "X")));  // a settled event takes no new selections
    b.settled("e3", 2);
    EXPECT_FALSE(b.is_settled("e0"));  // the oldest is forgotten past `remember`
    EXPECT_THROW(b.decode("x\ty\n"), std::runtime_error);
}

// Quarter lines are two half stakes on the neighbouring lines. The game's 10-point margin and
// 216 total put one half on a push: -9.75 is -9.5 (won) and -10 (push), a half win; -10.25 is
// -10 (push) and -10.5 (lost), a half loss; lines a quarter further away win or lose whole.
TEST(OddsApiSettle, QuarterSpreadsSplitIntoHalfResults) {
    const ScoreRow s = final_score();
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -9.25, true), s), Result::Won);         // -9 and -9.5 both won
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -9.75, true), s), Result::HalfWon);
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -10.25, true), s), Result::HalfLost);
    EXPECT_EQ(settle(sel("spreads", "Sacramento Kings", -10.75, true), s), Result::Lost);       // -10.5 and -11 both lost
    EXPECT_EQ(settle(sel("spreads", "Oklahoma City Thunder", 9.75, true), s), Result::HalfLost);  // +9.5 lost, +10 push
    EXPECT_EQ(settle(sel("spreads", "Oklahoma City Thunder", 10.25, true), s), Result::HalfWon);  // +10 push, +10.5 won
}

TEST(OddsApiSettle, QuarterTotalsSplitIntoHalfResults) {
    const ScoreRow s = final_score();  // 216 points
    EXPECT_EQ(settle(sel("totals", "Over", 215.75, true), s), Result::HalfWon);    // 215.5 won, 216 push
    EXPECT_EQ(settle(sel("totals", "Under", 215.75, true), s), Result::HalfLost);
    EXPECT_EQ(settle(sel("totals", "Over", 216.25, true), s), Result::HalfLost);   // 216 push, 216.5 lost
    EXPECT_EQ(settle(sel("totals", "Under", 216.25, true), s), Result::HalfWon);
    EXPECT_EQ(settle(sel("totals", "Over", 214.75, true), s), Result::Won);
    EXPECT_EQ(settle(sel("totals", "Under", 217.25, true), s), Result::Won);
}

// bet365's published Asian handicap rules (help.nj.bet365.com, soccer, "Asian Handicap"), case
// by case, on football scores: "0,0.5 ball" is -0.25 / +0.25, "0.5,1 ball" -0.75 / +0.75,
// "2,2.5" total 2.25.
TEST(OddsApiSettle, Bet365AsianHandicapRules) {
    auto score = [](int home, int away) {
        ScoreRow r;
        r.completed = r.has_scores = true;
        r.scores = {{"Home", std::to_string(home)}, {"Away", std::to_string(away)}};
        return r;
    };
    // Team giving 0,0.5: win -> won; draw -> half the stake refunded, half lost; lose -> lost.
    EXPECT_EQ(settle(sel("spreads", "Home", -0.25, true), score(1, 0)), Result::Won);
    EXPECT_EQ(settle(sel("spreads", "Home", -0.25, true), score(1, 1)), Result::HalfLost);
    EXPECT_EQ(settle(sel("spreads", "Home", -0.25, true), score(0, 1)), Result::Lost);
    // Team receiving 0,0.5: draw -> half settled at the price, half refunded.
    EXPECT_EQ(settle(sel("spreads", "Away", 0.25, true), score(1, 1)), Result::HalfWon);
    EXPECT_EQ(settle(sel("spreads", "Away", 0.25, true), score(1, 0)), Result::Lost);
    // Team giving 0.5,1: win by 2+ -> won; by exactly 1 -> half won; draw or lose -> lost.
    EXPECT_EQ(settle(sel("spreads", "Home", -0.75, true), score(3, 1)), Result::Won);
    EXPECT_EQ(settle(sel("spreads", "Home", -0.75, true), score(2, 1)), Result::HalfWon);
    EXPECT_EQ(settle(sel("spreads", "Home", -0.75, true), score(1, 1)), Result::Lost);
    // Team receiving 0.5,1: draw or win -> won; lose by exactly 1 -> half lost; by 2+ -> lost.
    EXPECT_EQ(settle(sel("spreads", "Away", 0.75, true), score(1, 1)), Result::Won);
    EXPECT_EQ(settle(sel("spreads", "Away", 0.75, true), score(2, 1)), Result::HalfLost);
    EXPECT_EQ(settle(sel("spreads", "Away", 0.75, true), score(3, 1)), Result::Lost);
    // Whole line 1 ball: win by exactly 1 -> void.
    EXPECT_EQ(settle(sel("spreads", "Home", -1, true), score(2, 1)), Result::Push);
    // Totals 2.25 (2 and 2.5): 3+ goals over wins; 2 goals over half lost, under half won.
    EXPECT_EQ(settle(sel("totals", "Over", 2.25, true), score(2, 1)), Result::Won);
    EXPECT_EQ(settle(sel("totals", "Over", 2.25, true), score(1, 1)), Result::HalfLost);
    EXPECT_EQ(settle(sel("totals", "Under", 2.25, true), score(1, 1)), Result::HalfWon);
    EXPECT_EQ(settle(sel("totals", "Under", 2.25, true), score(0, 1)), Result::Won);
    // Over 2.75 on 2-1: 2.5 won, 3 pushed -> half won.
    EXPECT_EQ(settle(sel("totals", "Over", 2.75, true), score(2, 1)), Result::HalfWon);
}

TEST(OddsApiSettle, ResultScoresAreTheSettlementPrice) {
    EXPECT_EQ(result_score(Result::Won), TH_FIXED_SCALE);
    EXPECT_EQ(result_score(Result::HalfWon), TH_FIXED_SCALE * 3 / 4);
    EXPECT_EQ(result_score(Result::Push), TH_FIXED_SCALE / 2);
    EXPECT_EQ(result_score(Result::HalfLost), TH_FIXED_SCALE / 4);
    EXPECT_EQ(result_score(Result::Lost), 0);
    EXPECT_STREQ(result_name(Result::HalfWon), "half won");
    EXPECT_STREQ(result_name(Result::HalfLost), "half lost");
}
