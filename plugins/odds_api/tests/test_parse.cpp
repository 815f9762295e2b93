// The Odds API bodies from the v4 documentation: odds in both formats (American converted to
// decimal exactly), spreads and totals lines, lay markets, scores with null fields, the
// error body, and malformed documents refused with a message that names what is wrong.
#include "odds_api_double.hpp"
#include "parse.hpp"

#include <gtest/gtest.h>

using namespace tradehost::odds_api;
using tradehost::odds_api::testing::read_test_file;

namespace {
constexpr int64_t kSec = 1000000000;
th_fixed fx(double v) { return static_cast<th_fixed>(v * TH_FIXED_SCALE + (v < 0 ? -0.5 : 0.5)); }
}  // namespace

TEST(OddsApiParse, AmericanOddsBecomeExactDecimals) {
    EXPECT_EQ(american_to_decimal_fixed(240 * TH_FIXED_SCALE), fx(3.4));
    EXPECT_EQ(american_to_decimal_fixed(100 * TH_FIXED_SCALE), fx(2.0));
    EXPECT_EQ(american_to_decimal_fixed(-100 * TH_FIXED_SCALE), fx(2.0));
    EXPECT_EQ(american_to_decimal_fixed(-200 * TH_FIXED_SCALE), fx(1.5));
    EXPECT_EQ(american_to_decimal_fixed(-303 * TH_FIXED_SCALE), 133003300);  // 1.330033003...
    EXPECT_EQ(american_to_decimal_fixed(-110 * TH_FIXED_SCALE), 190909091);  // 1.909090909... rounds up
    EXPECT_EQ(american_to_decimal_fixed(-109 * TH_FIXED_SCALE), 191743119);  // 1.917431192...
    EXPECT_THROW(american_to_decimal_fixed(50 * TH_FIXED_SCALE), std::invalid_argument);
}

TEST(OddsApiParse, TheDocumentedAmericanExample) {
    const auto rows = parse_odds(read_test_file("odds_nfl_american.json"), OddsFormat::American);
    ASSERT_EQ(rows.size(), 6u);
    const OddsRow& r = rows[0];
    EXPECT_EQ(r.event_id, "bda33adca828c09dc3cac3a856aef176");
    EXPECT_EQ(r.sport_key, "americanfootball_nfl");
    EXPECT_EQ(r.home_team, "Tampa Bay Buccaneers");
    EXPECT_EQ(r.away_team, "Dallas Cowboys");
    EXPECT_EQ(r.commence_ns, 1631233200 * kSec);  // 2021-09-10T00:20:00Z
    EXPECT_EQ(r.bookmaker, "unibet");
    EXPECT_EQ(r.last_update_ns, 1623331998 * kSec);  // 2021-06-10T13:33:18Z
    EXPECT_EQ(r.market_key, "h2h");
    EXPECT_EQ(r.outcome, "Dallas Cowboys");
    EXPECT_EQ(r.price, fx(3.4));
    EXPECT_FALSE(r.has_point);
    EXPECT_EQ(rows[1].price, 133003300);
    // Spreads carry the line of the named team.
    EXPECT_EQ(rows[2].market_key, "spreads");
    EXPECT_TRUE(rows[2].has_point);
    EXPECT_EQ(rows[2].point, fx(6.5));
    EXPECT_EQ(rows[2].price, 191743119);
    EXPECT_EQ(rows[3].point, fx(-6.5));
    EXPECT_EQ(rows[4].bookmaker, "fanduel");
    EXPECT_EQ(rows[4].last_update_ns, 1623321969 * kSec);  // 2021-06-10T10:46:09Z
}

TEST(OddsApiParse, DecimalOddsLinesAndLayMarkets) {
    const auto rows = parse_odds(read_test_file("odds_nba_decimal.json"), OddsFormat::Decimal);
    ASSERT_EQ(rows.size(), 16u);
    EXPECT_EQ(rows[0].bookmaker, "pinnacle");
    EXPECT_EQ(rows[0].outcome, "Oklahoma City Thunder");
    EXPECT_EQ(rows[0].price, fx(2.6));  // from the number's own text: exactly 260000000
    EXPECT_EQ(rows[4].market_key, "totals");
    EXPECT_EQ(rows[4].outcome, "Over");
    EXPECT_EQ(rows[4].point, 216 * TH_FIXED_SCALE);
    EXPECT_EQ(rows[12].market_key, "h2h_lay");
    EXPECT_EQ(rows[12].price, fx(2.72));
    EXPECT_EQ(rows[15].event_id, "e2296d1cf1a3e7ce3bd8e1fa0c4ed1ea");
}

TEST(OddsApiParse, ScoresWithNulls) {
    const auto rows = parse_scores(read_test_file("scores_nba.json"));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(rows[0].completed);
    ASSERT_EQ(rows[0].scores.size(), 2u);
    EXPECT_EQ(rows[0].scores[0], (std::pair<std::string, std::string>{"Sacramento Kings", "113"}));
    EXPECT_EQ(rows[0].scores[1], (std::pair<std::string, std::string>{"Oklahoma City Thunder", "103"}));
    EXPECT_EQ(rows[0].last_update_ns, 1644124699 * kSec);  // 2022-02-06T05:18:19Z
    EXPECT_FALSE(rows[1].completed);
    EXPECT_FALSE(rows[2].has_scores);
    EXPECT_EQ(rows[2].last_update_ns, 0);
}

TEST(OddsApiParse, ErrorBodies) {
    const ApiError e = parse_error(read_test_file("error_invalid_key.json"));
    EXPECT_EQ(e.code, "INVALID_KEY");
    EXPECT_NE(e.message.find("not valid"), std::string::npos);
    EXPECT_EQ(parse_error("<html>bad gateway</html>").code, "");
}

TEST(OddsApiParse, MalformedDocumentsSayWhat) {
    try {
        parse_odds(R"([{"id":"e1","bookmakers":[{"key":"b","markets":[{"key":"h2h","outcomes":[{"name":"A"}]}]}]}])",
                   OddsFormat::Decimal);
        FAIL() << "no throw";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "outcome 'A' of b/h2h has no price");
    }
    EXPECT_THROW(parse_odds(R"([{"id":"e1","bookmakers":[{"key":"b","markets":[{"key":"h2h","outcomes":[{"name":"A","price":0.9}]}]}]}])",
                            OddsFormat::Decimal),
                 std::runtime_error);
    EXPECT_THROW(parse_odds(R"([{"id":"e1","bookmakers":[{"key":"b","markets":[{"key":"h2h","outcomes":[{"name":"A","price":50}]}]}]}])",
                            OddsFormat::American),
                 std::runtime_error);
    EXPECT_THROW(parse_odds("[{\"id\":", OddsFormat::Decimal), std::exception);
    EXPECT_THROW(parse_scores(R"([{"completed":"yes"}])"), std::runtime_error);
}
