// The odds_api plugin against a loopback double of The Odds API serving the documentation's
// samples: odds and settlements published, the key sent but never logged, unchanged prices
// not republished, settlements exactly once and across a restart, 429 / 401 / 422 answered
// with backoff and a venue status, and polling paced by the quota headers.
#include "odds_api_double.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

using tradehost::odds_api::testing::OddsApiDouble;
using tradehost::odds_api::testing::read_test_file;
using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;
const std::string kKey = "tradehost-test-key-0123456789";
const std::string kSport = "basketball_nba";
const std::string kEvent = "572d984e132eddaac3da93e5db332e7e";

std::unique_ptr<Harness> make(const OddsApiDouble& api) {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_list("sports", {kSport});
    h->set("regions", "uk");
    h->set_list("markets", {"h2h", "spreads", "totals", "h2h_lay"});
    h->set("base_url", api.url());
    h->set("interval", "10s");
    h->set("scores_interval", "10s");
    h->set("max_backoff", "80s");
    h->set("quota_retry", "1h");
    h->set("timeout", "5s");
    h->set_secret("ODDS_API_KEY", kKey);
    return h;
}

std::string text(const char* s) { return std::string(s); }

}  // namespace

TEST(OddsApiPlugin, PublishesOddsAndSettlesFromScoresOnce) {
    OddsApiDouble api(kKey, 10000);
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    api.set_scores(kSport, read_test_file("scores_nba.json"));
    auto h = make(api);
    h->create();
    h->start();
    h->advance(0);

    const auto reqs = api.requests(kSport, "odds");
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(*reqs[0].param("apiKey"), kKey);
    EXPECT_EQ(*reqs[0].param("regions"), "uk");
    EXPECT_EQ(*reqs[0].param("markets"), "h2h,spreads,totals,h2h_lay");
    EXPECT_EQ(*reqs[0].param("oddsFormat"), "decimal");
    EXPECT_EQ(*api.requests(kSport, "scores")[0].param("daysFrom"), "1");

    auto odds = h->take<th_odds>("odds");
    ASSERT_EQ(odds.size(), 16u);
    const th_odds& kings = odds[1];  // pinnacle h2h
    EXPECT_EQ(text(kings.event_id), kEvent);
    EXPECT_EQ(text(kings.bookmaker), "pinnacle");
    EXPECT_EQ(text(kings.outcome), "Sacramento Kings");
    EXPECT_EQ(text(kings.market_key), "h2h");
    EXPECT_EQ(kings.market, TH_ODDS_H2H);
    EXPECT_EQ(kings.side, TH_SIDE_BUY);
    EXPECT_EQ(kings.price, 154000000);
    EXPECT_EQ(kings.hdr.ts, 1644112682 * kSec);
    EXPECT_EQ(h->symbol(kings.instrument), kEvent + "/h2h/Sacramento Kings");
    const th_odds& over = odds[4];
    EXPECT_EQ(over.market, TH_ODDS_TOTAL);
    EXPECT_EQ(over.has_point, 1);
    EXPECT_EQ(h->symbol(over.instrument), kEvent + "/totals/216/Over");
    const th_odds& lay = odds[13];  // betfair h2h_lay, Sacramento Kings
    EXPECT_EQ(lay.side, TH_SIDE_SELL);
    EXPECT_EQ(text(lay.market_key), "h2h");
    EXPECT_EQ(lay.instrument, kings.instrument);  // the same selection, the other side
    EXPECT_EQ(lay.price, 160000000);

    // The completed game settles all six selections priced; the live one none.
    auto st = h->take<th_settlement>("settlements");
    ASSERT_EQ(st.size(), 6u);
    std::map<std::string, th_settlement> by;
    for (const auto& s : st) by[h->symbol(s.instrument)] = s;
    EXPECT_EQ(by.at(kEvent + "/h2h/Sacramento Kings").kind, TH_SETTLE_RESOLVED);
    EXPECT_EQ(by.at(kEvent + "/h2h/Sacramento Kings").price, TH_FIXED_SCALE);
    EXPECT_EQ(by.at(kEvent + "/h2h/Oklahoma City Thunder").price, 0);
    EXPECT_EQ(by.at(kEvent + "/spreads/-4.5/Sacramento Kings").price, TH_FIXED_SCALE);
    EXPECT_EQ(by.at(kEvent + "/spreads/4.5/Oklahoma City Thunder").price, 0);
    EXPECT_EQ(by.at(kEvent + "/totals/216/Over").kind, TH_SETTLE_VOID);  // 216 points: a push
    EXPECT_EQ(by.at(kEvent + "/totals/216/Under").kind, TH_SETTLE_VOID);
    EXPECT_EQ(text(by.at(kEvent + "/h2h/Sacramento Kings").text), "won: Sacramento Kings 113 - Oklahoma City Thunder 103");
    EXPECT_EQ(by.at(kEvent + "/h2h/Sacramento Kings").hdr.ts, 1644124699 * kSec);

    // Quota: 4 markets x 1 region for odds, 2 for scores with daysFrom=1.
    EXPECT_EQ(h->metric("quota_remaining"), 10000 - 6);
    EXPECT_EQ(h->metric("quota_used"), 6);
    EXPECT_EQ(h->metric("quota_spent"), 6);

    // Next round: nothing changed, nothing published, nothing settled twice.
    h->advance(10 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size(), 2u);
    EXPECT_TRUE(h->take<th_odds>("odds").empty());
    EXPECT_TRUE(h->take<th_settlement>("settlements").empty());
    EXPECT_EQ(h->metric("odds_after_settlement"), 14);  // the settled game's prices: dropped
    EXPECT_EQ(h->metric("odds_unchanged"), 2);          // the live game's: unchanged
    EXPECT_EQ(h->metric("quota_remaining"), 10000 - 12);

    for (const std::string& line : h->log_lines()) EXPECT_EQ(line.find(kKey), std::string::npos) << line;
}

TEST(OddsApiPlugin, SettlesSelectionsPricedBeforeARestart) {
    OddsApiDouble api(kKey, 10000);
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    api.set_scores(kSport, "[]");
    std::map<std::string, std::string> saved;
    {
        auto h = make(api);
        h->create();
        h->start();
        h->advance(0);
        EXPECT_EQ(h->take<th_odds>("odds").size(), 16u);
        EXPECT_TRUE(h->take<th_settlement>("settlements").empty());
        h->stop();
        saved = h->state();
        h->destroy();
    }
    api.set_odds(kSport, "[]");  // the game is over: no more odds for it
    api.set_scores(kSport, read_test_file("scores_nba.json"));
    auto h = make(api);
    h->state() = saved;
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(h->take<th_settlement>("settlements").size(), 6u);
    h->stop();
    saved = h->state();
    h->destroy();

    auto h3 = make(api);  // and once settled, never again
    h3->state() = saved;
    h3->create();
    h3->start();
    h3->advance(0);
    EXPECT_TRUE(h3->take<th_settlement>("settlements").empty());
}

TEST(OddsApiPlugin, A429BacksOffForRetryAfterAndRecovers) {
    OddsApiDouble api(kKey, 10000);
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    api.set_scores(kSport, "[]");
    auto h = make(api);
    h->create();
    h->start();
    api.inject_429(1, 7);  // the odds poll, the first request, is refused
    h->advance(0);
    EXPECT_TRUE(h->take<th_odds>("odds").empty());
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_EQ(text(st[0].text).rfind("/v4/sports/basketball_nba/odds: HTTP 429 EXCEEDED_FREQ_LIMIT; retry in 7s: Requests", 0), 0u)
        << st[0].text;
    EXPECT_EQ(h->metric("rate_limited"), 1);

    h->advance(6 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size(), 1u);  // the injected answer is recorded too
    h->advance(1 * kSec);
    EXPECT_EQ(h->take<th_odds>("odds").size(), 16u);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_EQ(text(st[0].text), "/v4/sports/basketball_nba/odds: recovered");
}

TEST(OddsApiPlugin, ABadKeyWaitsTheLongestBackoffAndIsNeverLogged) {
    OddsApiDouble api("the-real-key", 10000);
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    auto h = make(api);
    h->set("scores_interval", "0s");
    h->create();
    h->start();
    h->advance(0);
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    const std::string t = st[0].text;
    EXPECT_EQ(t.rfind("/v4/sports/basketball_nba/odds: HTTP 401 INVALID_KEY; retry in 80s: API key is not valid", 0), 0u) << t;
    h->advance(79 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size(), 1u);
    h->advance(1 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size(), 2u);
    for (const std::string& line : h->log_lines()) EXPECT_EQ(line.find(kKey), std::string::npos) << line;
}

TEST(OddsApiPlugin, AnUnknownMarketIs422AndSaysWhich) {
    OddsApiDouble api(kKey, 10000);
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    auto h = make(api);
    h->set_list("markets", {"h2h", "corners"});
    h->set("scores_interval", "0s");
    h->create();
    h->start();
    h->advance(0);
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_NE(text(st[0].text).find("HTTP 422 INVALID_MARKET; retry in 80s"), std::string::npos) << st[0].text;
    bool logged = false;  // the API's words in full go to the log
    for (const std::string& line : h->log_lines()) logged |= line.find("retry in 80s: Invalid markets parameter.") != std::string::npos;
    EXPECT_TRUE(logged);
}

TEST(OddsApiPlugin, SlowsDownWhenTheQuotaIsLowAndPausesWhenSpent) {
    OddsApiDouble api(kKey, 12);  // a poll of odds costs 4, of scores 2
    api.set_odds(kSport, read_test_file("odds_nba_decimal.json"));
    api.set_scores(kSport, "[]");
    auto h = make(api);
    h->set("slow_below", "100");
    h->set("slow_factor", "3");
    h->create();
    h->start();
    h->advance(0);  // odds: 8 left -> slow; scores: 6 left
    auto st = h->take<th_venue_status>("status");
    ASSERT_GE(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_EQ(text(st[0].text), "quota low: 8 requests left (below 100), polling 3x less often");
    EXPECT_EQ(h->metric("quota_slowdowns"), 1);
    EXPECT_EQ(h->metric("quota_remaining"), 6);
    h->advance(20 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size(), 1u);  // every 30s now, not 10s
    h->advance(10 * kSec);  // t=30: odds leaves 2, below one odds poll: pause for quota_retry
    EXPECT_EQ(api.requests(kSport, "odds").size(), 2u);
    st = h->take<th_venue_status>("status");
    ASSERT_FALSE(st.empty());
    EXPECT_EQ(st.back().state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_EQ(text(st.back().text).rfind("quota spent: 2 requests left, a poll costs up to 4; next try in 3600s", 0), 0u)
        << st.back().text;
    EXPECT_EQ(h->metric("quota_pauses"), 1);
    const size_t before = api.requests(kSport, "odds").size() + api.requests(kSport, "scores").size();
    h->advance(600 * kSec);
    EXPECT_EQ(api.requests(kSport, "odds").size() + api.requests(kSport, "scores").size(), before);
}

TEST(OddsApiPlugin, AmericanOddsArriveAsDecimal) {
    OddsApiDouble api(kKey, 10000);
    api.set_odds("americanfootball_nfl", read_test_file("odds_nfl_american.json"));
    auto h = make(api);
    h->set_list("sports", {"americanfootball_nfl"});
    h->set_list("markets", {"h2h", "spreads"});
    h->set("regions", "us");
    h->set("odds_format", "american");
    h->set("scores_interval", "0s");
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(*api.requests("americanfootball_nfl", "odds")[0].param("oddsFormat"), "american");
    auto odds = h->take<th_odds>("odds");
    ASSERT_EQ(odds.size(), 6u);
    EXPECT_EQ(odds[0].price, 340000000);  // +240
    EXPECT_EQ(odds[1].price, 133003300);  // -303
    EXPECT_EQ(h->symbol(odds[3].instrument), "bda33adca828c09dc3cac3a856aef176/spreads/-6.5/Tampa Bay Buccaneers");
}

TEST(OddsApiPlugin, ReplaysRecordedResponsesOfflineAndFinishes) {
    Harness h(PLUGIN_PATH);
    h.set_list("sports", {kSport});
    h.set("replay_dir", std::string(TEST_DATA_DIR) + "/replay");
    h.create();
    h.start();  // no key in the environment: replay needs none
    h.advance(0);
    EXPECT_EQ(h.take<th_odds>("odds").size(), 16u);
    EXPECT_TRUE(h.take<th_settlement>("settlements").empty());
    h.advance(kSec);
    auto odds = h.take<th_odds>("odds");
    ASSERT_EQ(odds.size(), 2u);  // only unibet_eu's new prices
    EXPECT_EQ(text(odds[1].bookmaker), "unibet_eu");
    EXPECT_EQ(odds[1].price, 166000000);
    EXPECT_EQ(h.take<th_settlement>("settlements").size(), 6u);
    EXPECT_FALSE(h.source_finished());
    h.advance(kSec);
    EXPECT_TRUE(h.source_finished());
}

TEST(OddsApiPlugin, AMissingKeyStopsTheStartAndSaysWhichVariable) {
    OddsApiDouble api(kKey, 10000);
    Harness h(PLUGIN_PATH);
    h.set_list("sports", {kSport});
    h.set("base_url", api.url());
    h.set("key_env", "MY_ODDS_KEY");
    h.create();  // create needs no key: `tradehost validate` runs without secrets
    try {
        h.start();
        FAIL() << "started without a key";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("the environment variable MY_ODDS_KEY (The Odds API key) is not set"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(api.requests(kSport, "odds").empty());
}

// Asian quarter lines flow through exactly: the documentation's sample with its lines moved a
// quarter (spreads -9.75 / +9.75, totals 216.25) is published with the points as sent and
// settled by the 113-103 final as half results: Kings -9.75 is -9.5 won and -10 pushed (half
// won, price 0.75), Thunder +9.75 half lost (0.25), Over 216.25 is 216 pushed and 216.5 lost
// (half lost), Under half won.
TEST(OddsApiPlugin, QuarterLinesSettleAsHalfResults) {
    std::string body = read_test_file("odds_nba_decimal.json");
    auto replace = [&body](const std::string& from, const std::string& to) {
        for (size_t i = 0; (i = body.find(from, i)) != std::string::npos; i += to.size()) body.replace(i, from.size(), to);
    };
    replace("\"point\": -4.5", "\"point\": -9.75");
    replace("\"point\": 4.5", "\"point\": 9.75");
    replace("\"point\": 216.0", "\"point\": 216.25");
    OddsApiDouble api(kKey, 10000);
    api.set_odds(kSport, body);
    api.set_scores(kSport, read_test_file("scores_nba.json"));
    auto h = make(api);
    h->create();
    h->start();
    h->advance(0);

    std::map<std::string, th_odds> odds;
    for (const auto& o : h->take<th_odds>("odds")) odds[h->symbol(o.instrument)] = o;
    ASSERT_TRUE(odds.count(kEvent + "/spreads/-9.75/Sacramento Kings"));
    EXPECT_EQ(odds.at(kEvent + "/spreads/-9.75/Sacramento Kings").point, -975000000);
    ASSERT_TRUE(odds.count(kEvent + "/totals/216.25/Over"));
    EXPECT_EQ(odds.at(kEvent + "/totals/216.25/Over").point, 21625000000);

    std::map<std::string, th_settlement> by;
    for (const auto& s : h->take<th_settlement>("settlements")) by[h->symbol(s.instrument)] = s;
    ASSERT_EQ(by.size(), 6u);
    const auto& kings = by.at(kEvent + "/spreads/-9.75/Sacramento Kings");
    EXPECT_EQ(kings.kind, TH_SETTLE_RESOLVED);
    EXPECT_EQ(kings.price, TH_FIXED_SCALE * 3 / 4);
    EXPECT_EQ(text(kings.text), "half won: Sacramento Kings 113 - Oklahoma City Thunder 103");
    EXPECT_EQ(by.at(kEvent + "/spreads/9.75/Oklahoma City Thunder").price, TH_FIXED_SCALE / 4);
    EXPECT_EQ(by.at(kEvent + "/totals/216.25/Over").kind, TH_SETTLE_RESOLVED);
    EXPECT_EQ(by.at(kEvent + "/totals/216.25/Over").price, TH_FIXED_SCALE / 4);
    EXPECT_EQ(by.at(kEvent + "/totals/216.25/Under").price, TH_FIXED_SCALE * 3 / 4);
    EXPECT_EQ(h->metric("unsettled_selections"), 0);
}
