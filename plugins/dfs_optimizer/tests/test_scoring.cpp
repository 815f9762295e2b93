// Scoring tables against the sites' published tables and worked statements (README.md lists
// the pages). Expected values are in centi-points and computed by hand in the comments.
#include <gtest/gtest.h>

#include "scoring.hpp"

using namespace dfs;

namespace {
NflStatLine qb_line() {
    // 325 passing yards, 3 passing TDs, 1 interception, 24 rushing yards, 1 fumble lost
    NflStatLine l;
    l.passing_yards = 325;
    l.passing_tds = 3;
    l.interceptions_thrown = 1;
    l.rushing_yards = 24;
    l.fumbles_lost = 1;
    return l;
}
}  // namespace

TEST(DfsScoring, DraftKingsNflEachTableEntry) {
    auto one = [](auto set) {
        NflStatLine l;
        set(l);
        return nfl_points(Site::draftkings, NflRole::offense, l);
    };
    EXPECT_EQ(one([](NflStatLine& l) { l.passing_tds = 1; }), 400);
    EXPECT_EQ(one([](NflStatLine& l) { l.passing_yards = 25; }), 100);  // 25 passing yards = +1
    EXPECT_EQ(one([](NflStatLine& l) { l.interceptions_thrown = 1; }), -100);
    EXPECT_EQ(one([](NflStatLine& l) { l.rushing_yards = 10; }), 100);
    EXPECT_EQ(one([](NflStatLine& l) { l.rushing_tds = 1; }), 600);
    EXPECT_EQ(one([](NflStatLine& l) { l.receiving_yards = 10; }), 100);
    EXPECT_EQ(one([](NflStatLine& l) { l.receptions = 1; }), 100);
    EXPECT_EQ(one([](NflStatLine& l) { l.receiving_tds = 1; }), 600);
    EXPECT_EQ(one([](NflStatLine& l) { l.return_tds = 1; }), 600);
    EXPECT_EQ(one([](NflStatLine& l) { l.fumbles_lost = 1; }), -100);
    EXPECT_EQ(one([](NflStatLine& l) { l.two_point_conversions = 1; }), 200);
    EXPECT_EQ(one([](NflStatLine& l) { l.offensive_fumble_recovery_tds = 1; }), 600);
}

TEST(DfsScoring, DraftKingsNflBonusesStartAtTheThreshold) {
    NflStatLine l;
    l.passing_yards = 299;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 1196);
    l.passing_yards = 300;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 1200 + 300);
    l = {};
    l.rushing_yards = 100;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 1000 + 300);
    l = {};
    l.receiving_yards = 99;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 990);
    l.receiving_yards = 100;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 1000 + 300);
}

TEST(DfsScoring, QuarterbackLineOnBothSites) {
    // DK: 325*0.04=13 + 3*4=12 - 1 + 2.4 - 1 + 3 (300+ bonus) = 28.40
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, qb_line()), 2840);
    // FD: 13 + 12 - 1 + 2.4 - 2 (fumble lost) = 24.40, no yardage bonus
    EXPECT_EQ(nfl_points(Site::fanduel, NflRole::offense, qb_line()), 2440);
}

TEST(DfsScoring, ReceiverIsFullPprOnDraftKingsAndHalfOnFanDuel) {
    // 8 receptions, 112 yards, 1 TD, 1 two-point conversion
    NflStatLine l;
    l.receptions = 8;
    l.receiving_yards = 112;
    l.receiving_tds = 1;
    l.two_point_conversions = 1;
    // DK: 8 + 11.2 + 6 + 2 + 3 = 30.20; FD: 4 + 11.2 + 6 + 2 = 23.20
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::offense, l), 3020);
    EXPECT_EQ(nfl_points(Site::fanduel, NflRole::offense, l), 2320);
}

TEST(DfsScoring, DefensePointsAllowedBrackets) {
    const std::pair<int, int> brackets[] = {{0, 1000}, {1, 700},  {6, 700},   {7, 400},  {13, 400}, {14, 100},
                                            {20, 100}, {21, 0},   {27, 0},    {28, -100}, {34, -100}, {35, -400},
                                            {56, -400}};
    for (auto [pa, pts] : brackets) EXPECT_EQ(points_allowed_score(pa), pts) << pa;
}

TEST(DfsScoring, DefenseLine) {
    // 4 sacks, 2 INT, 1 fumble recovery, 1 pick-six, 1 safety, 1 blocked kick, 17 allowed
    NflStatLine l;
    l.sacks = 4;
    l.interceptions = 2;
    l.fumble_recoveries = 1;
    l.defensive_tds = 1;
    l.safeties = 1;
    l.blocked_kicks = 1;
    l.points_allowed = 17;
    // 4 + 4 + 2 + 6 + 2 + 2 + 1 = 21
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::defense, l), 2100);
    EXPECT_EQ(nfl_points(Site::fanduel, NflRole::defense, l), 2100);
    // offensive stats of a defense line never count
    l.passing_yards = 500;
    EXPECT_EQ(nfl_points(Site::draftkings, NflRole::defense, l), 2100);
}

TEST(DfsScoring, FanDuelKicker) {
    NflStatLine l;
    l.field_goals_0_39 = 2;
    l.field_goals_40_49 = 1;
    l.field_goals_50_plus = 1;
    l.extra_points_made = 3;
    EXPECT_EQ(nfl_points(Site::fanduel, NflRole::kicker, l), 600 + 400 + 500 + 300);
}

TEST(DfsScoring, DraftKingsMadeThreeIsWorthThreeAndAHalf) {
    // dknation.draftkings.com: "a 3-point shot ... is worth 3.5 fantasy points"
    NbaStatLine l;
    l.points = 3;
    l.three_pointers_made = 1;
    EXPECT_EQ(nba_points(Site::draftkings, l), 350);
    // FanDuel: "a three-pointer is worth three fantasy points" (numberfire's FanDuel guide)
    EXPECT_EQ(nba_points(Site::fanduel, l), 300);
}

TEST(DfsScoring, DraftKingsNbaDoubleAndTripleDouble) {
    NbaStatLine l;
    l.points = 25;
    l.three_pointers_made = 2;
    l.rebounds = 11;
    l.assists = 7;
    l.steals = 1;
    l.blocks = 1;
    l.turnovers = 3;
    // 25 + 1 + 13.75 + 10.5 + 2 + 2 - 1.5 = 52.75, double-double +1.5 = 54.25
    EXPECT_EQ(nba_points(Site::draftkings, l), 5425);
    l.assists = 10;
    // assists +4.5, triple-double earns both bonuses: 52.75 + 4.5 + 1.5 + 3 = 61.75
    EXPECT_EQ(nba_points(Site::draftkings, l), 6175);
    // ten blocks count toward the bonuses too (points, rebounds, assists, blocks, steals)
    NbaStatLine big;
    big.points = 12;
    big.blocks = 10;
    EXPECT_EQ(nba_points(Site::draftkings, big), 1200 + 2000 + 150);
    // nine of something is not ten
    big.blocks = 9;
    EXPECT_EQ(nba_points(Site::draftkings, big), 1200 + 1800);
}

TEST(DfsScoring, FanDuelNbaHasNoBonuses) {
    NbaStatLine l;
    l.points = 25;
    l.three_pointers_made = 2;
    l.rebounds = 11;
    l.assists = 10;
    l.steals = 1;
    l.blocks = 1;
    l.turnovers = 3;
    // 25 + 13.2 + 15 + 3 + 3 - 3 = 56.20
    EXPECT_EQ(nba_points(Site::fanduel, l), 5620);
}

TEST(DfsScoring, NamesParse) {
    EXPECT_EQ(parse_site("dk"), Site::draftkings);
    EXPECT_EQ(parse_site("fanduel"), Site::fanduel);
    EXPECT_FALSE(parse_site("yahoo"));
    EXPECT_EQ(parse_sport("NBA"), Sport::nba);
    EXPECT_FALSE(parse_sport("mlb"));
}
