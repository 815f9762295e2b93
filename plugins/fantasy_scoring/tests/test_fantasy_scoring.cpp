// The fantasy_scoring feed through the SDK harness: a stats file in, one signal per player
// out with the site's points, config errors with the file's line, hot-reload snapshot.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

using tradehost::testing::Harness;

namespace {

const std::string kData = TEST_DATA_DIR;

std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "create accepted";
}

std::vector<th_signal> run(Harness& h) {
    h.create();
    h.start();
    for (int i = 0; i < 10 && !h.source_finished(); ++i) h.advance(1000000);
    EXPECT_TRUE(h.source_finished());
    return h.take<th_signal>("points");
}

}  // namespace

TEST(FantasyScoring, DraftKingsNflActualsMatchTheTable) {
    Harness h(PLUGIN_PATH);
    h.set("file", kData + "/nfl_week1_actuals.csv");
    h.set("site", "draftkings");
    h.set("symbol_prefix", "DK:");
    const auto s = run(h);
    ASSERT_EQ(s.size(), 3u);
    // the values test_scoring.cpp computes by hand: QB 28.40, WR 30.20, DST 21.00
    EXPECT_EQ(h.symbol(s[0].instrument), "DK:38200281");
    EXPECT_DOUBLE_EQ(s[0].value, 28.40);
    EXPECT_DOUBLE_EQ(s[1].value, 30.20);
    EXPECT_DOUBLE_EQ(s[2].value, 21.00);
    EXPECT_STREQ(s[0].name, "fpts_draftkings_nfl");
    EXPECT_EQ(s[0].strength, 1.0);
    EXPECT_EQ(h.metric("scored"), 3);
}

TEST(FantasyScoring, FanDuelNflAndBothSitesNba) {
    Harness fd(PLUGIN_PATH);
    fd.set("file", kData + "/nfl_week1_actuals.csv");
    fd.set("site", "fanduel");
    const auto s = run(fd);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_DOUBLE_EQ(s[0].value, 24.40);
    EXPECT_DOUBLE_EQ(s[1].value, 23.20);

    Harness dk(PLUGIN_PATH);
    dk.set("file", kData + "/nba_actuals.csv");
    dk.set("sport", "nba");
    const auto n = run(dk);
    ASSERT_EQ(n.size(), 2u);
    EXPECT_DOUBLE_EQ(n[0].value, 61.75);  // triple-double: both bonuses
    EXPECT_DOUBLE_EQ(n[1].value, 40.00);  // 12 + 4 x 1.25 + 1.5 + 10 x 2 (blocks) + double-double 1.5
    EXPECT_STREQ(n[0].name, "fpts_draftkings_nba");
}

TEST(FantasyScoring, BadFilesAndSettingsFailCreateWithWhereAndWhat) {
    const std::string bad = (std::filesystem::temp_directory_path() / ("fs_bad_" + std::to_string(::getpid()) + ".csv")).string();
    std::ofstream(bad) << "player_id,points,rebouns\n1,10,4\n";
    Harness h(PLUGIN_PATH);
    h.set("file", bad);
    h.set("sport", "nba");
    std::string err = create_error(h);
    EXPECT_NE(err.find("file: " + bad + ":1: unknown column \"rebouns\" for nba"), std::string::npos) << err;

    std::ofstream(bad) << "player_id,points\n1,ten\n";
    Harness h2(PLUGIN_PATH);
    h2.set("file", bad);
    h2.set("sport", "nba");
    err = create_error(h2);
    EXPECT_NE(err.find(bad + ":2: \"ten\" is not a stat count"), std::string::npos) << err;

    Harness h3(PLUGIN_PATH);
    h3.set("file", kData + "/nba_actuals.csv");
    h3.set("site", "yahoo");
    err = create_error(h3);
    EXPECT_NE(err.find("site: expected draftkings or fanduel, got 'yahoo'"), std::string::npos) << err;
    std::remove(bad.c_str());
}

TEST(FantasyScoring, SnapshotCarriesWhatWasPublished) {
    Harness h(PLUGIN_PATH);
    h.set("file", kData + "/nba_actuals.csv");
    h.set("sport", "nba");
    run(h);
    const std::string blob = h.snapshot();
    EXPECT_EQ(blob, "fantasy_scoring 1 2");
    Harness again(PLUGIN_PATH);
    again.set("file", kData + "/nba_actuals.csv");
    again.set("sport", "nba");
    again.create();
    again.restore(blob);
    again.start();
    for (int i = 0; i < 10 && !again.source_finished(); ++i) again.advance(1000000);
    EXPECT_TRUE(again.source_finished());
    EXPECT_TRUE(again.take<th_signal>("points").empty());  // nothing published twice
}

// A contest settled from the actual stat lines. By hand, with DraftKings' NFL points
// QB 28.40, WR 30.20, DST 21.00 (test_scoring.cpp):
//   entry 1 QB+WR 58.60, entry 2 WR+DST 51.20, entry 3 QB+DST 49.40;
//   the field (standings without our entry 2): 60.00, 58.60, 50.00, 40.00; 7 entries in all.
//   entry 1: one above, tied with one: ranks 2-3 share 50 + 20: 35.00
//   entry 2: 60, 58.60, 58.60 above: rank 4: 10.00;  entry 3: five above: rank 6: nothing.
TEST(FantasyScoring, SettlesTheContestFromActualPoints) {
    Harness h(PLUGIN_PATH);
    h.set("file", kData + "/nfl_week1_actuals.csv");
    h.set("symbol_prefix", "DK:");
    h.set("entries", kData + "/week1_entries.csv");
    h.set("payouts", "1=100,2=50,3=20,4-5=10");
    h.set("field_points", kData + "/week1_standings.csv");
    EXPECT_EQ(run(h).size(), 3u);
    const auto fills = h.take<th_fill>("entries");
    const auto settled = h.take<th_settlement>("settlements");
    ASSERT_EQ(fills.size(), 3u);
    ASSERT_EQ(settled.size(), 3u);
    EXPECT_EQ(h.symbol(fills[0].instrument), "DK:entry:3100000001");
    EXPECT_EQ(fills[0].px, 5 * TH_FIXED_SCALE);
    EXPECT_EQ(fills[0].qty, TH_FIXED_SCALE);
    EXPECT_EQ(fills[0].side, TH_SIDE_BUY);
    EXPECT_STREQ(fills[0].fill_id, "entry-3100000001");
    const int64_t want[] = {35 * TH_FIXED_SCALE, 10 * TH_FIXED_SCALE, 0};
    const char* text[] = {"rank 2 (tied) of 7, 58.60 points", "rank 4 of 7, 51.20 points", "rank 6 of 7, 49.40 points"};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(settled[i].instrument, fills[i].instrument);
        EXPECT_EQ(settled[i].kind, TH_SETTLE_BET_RESULT);
        EXPECT_EQ(settled[i].price, want[i]) << i;
        EXPECT_STREQ(settled[i].event_id, "170000001");
        EXPECT_STREQ(settled[i].text, text[i]);
    }
    EXPECT_EQ(h.metric("entries"), 3);
    EXPECT_EQ(h.metric("settled"), 3);
    EXPECT_EQ(h.snapshot(), "fantasy_scoring 1 9");

    // without the field, ranked among the entries: 1st 100.00, 2nd 50.00, 3rd 20.00
    Harness alone(PLUGIN_PATH);
    alone.set("file", kData + "/nfl_week1_actuals.csv");
    alone.set("entries", kData + "/week1_entries.csv");
    alone.set("payouts", "1=100,2=50,3=20");
    run(alone);
    const auto s2 = alone.take<th_settlement>("settlements");
    ASSERT_EQ(s2.size(), 3u);
    EXPECT_EQ(s2[0].price, 100 * TH_FIXED_SCALE);
    EXPECT_EQ(s2[1].price, 50 * TH_FIXED_SCALE);
    EXPECT_EQ(s2[2].price, 20 * TH_FIXED_SCALE);
}

TEST(FantasyScoring, BadContestSettingsFailCreate) {
    Harness h(PLUGIN_PATH);
    h.set("file", kData + "/nfl_week1_actuals.csv");
    h.set("entries", kData + "/week1_entries.csv");
    std::string err = create_error(h);
    EXPECT_NE(err.find("payouts: entries need the contest's payout table"), std::string::npos) << err;

    Harness h2(PLUGIN_PATH);
    h2.set("file", kData + "/nfl_week1_actuals.csv");
    h2.set("entries", kData + "/week1_entries.csv");
    h2.set("payouts", "1=100,1-3=20");
    err = create_error(h2);
    EXPECT_NE(err.find("payouts: \"1-3=20\" overlaps an earlier range"), std::string::npos) << err;

    Harness h3(PLUGIN_PATH);
    h3.set("file", kData + "/nfl_week1_actuals.csv");
    h3.set("entries", kData + "/nba_actuals.csv");
    h3.set("payouts", "1=10");
    err = create_error(h3);
    EXPECT_NE(err.find("entries: " + kData + "/nba_actuals.csv:1: the header needs Entry ID, Contest ID and Entry Fee"),
              std::string::npos)
        << err;
}
