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
