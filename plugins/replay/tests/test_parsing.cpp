// Unit tests of timestamp and CSV parsing, compiled with the plugin's sources.
#include "csv.hpp"
#include "cursor.hpp"
#include "loader.hpp"
#include "timestamp.hpp"

#include <gtest/gtest.h>

using namespace tradehost::replay;

namespace {
th_time_ns ts(const char* text) {
    th_time_ns v = -1;
    std::string why;
    EXPECT_TRUE(parse_timestamp(text, v, why)) << text << ": " << why;
    return v;
}
std::string bad(const char* text) {
    th_time_ns v = 0;
    std::string why;
    EXPECT_FALSE(parse_timestamp(text, v, why)) << text << " was accepted as " << v;
    return why;
}
constexpr th_time_ns kJan2 = 1704153600000000000;  // 2024-01-02T00:00:00Z
constexpr th_time_ns kSec = 1000000000;
}  // namespace

TEST(Timestamp, DaysFromCivil) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(days_from_civil(2024, 1, 1), 19723);
    EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(Timestamp, IntegerNanoseconds) {
    EXPECT_EQ(ts("1704205800000000000"), 1704205800000000000);
    EXPECT_EQ(ts("0"), 0);
    EXPECT_NE(bad("99999999999999999999"), "");
}

TEST(Timestamp, Iso8601Forms) {
    EXPECT_EQ(ts("2024-01-02"), kJan2);
    EXPECT_EQ(ts("2024-01-02T14:30:00Z"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02t14:30:00z"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02 14:30:00"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02T14:30Z"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02T14:30:00.5Z"), kJan2 + (14 * 3600 + 30 * 60) * kSec + kSec / 2);
    EXPECT_EQ(ts("2024-01-02T14:30:00.123456789Z"), kJan2 + (14 * 3600 + 30 * 60) * kSec + 123456789);
    EXPECT_EQ(ts("2024-01-02T09:30:00-05:00"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02T15:30:00+0100"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-01-02T16:30:00+02"), kJan2 + (14 * 3600 + 30 * 60) * kSec);
    EXPECT_EQ(ts("2024-02-29T00:00:00Z"), kJan2 + 58LL * 86400 * kSec);
}

TEST(Timestamp, RejectsMalformed) {
    bad("");
    bad("yesterday");
    bad("2024-1-2");
    bad("2024-01-02T14");
    bad("2024-01-02T14:30:00.Z");
    bad("2024-01-02T14:30:00Zjunk");
    bad("2024-01-02T14:30:00 UTC");
    EXPECT_EQ(bad("2023-02-29"), "no such date");
    EXPECT_EQ(bad("2024-13-01"), "no such date");
    EXPECT_EQ(bad("2024-01-02T24:00:00Z"), "no such time of day");
    EXPECT_EQ(bad("2024-01-02T14:30:00.1234567891Z"), "more than 9 fractional digits");
    bad("-1704205800000000000");
}

TEST(Csv, SplitsTrimsAndUnquotes) {
    std::vector<std::string> f;
    ASSERT_TRUE(split_csv_line("a, b ,c", f));
    EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_TRUE(split_csv_line("\"x,y\",\"say \"\"hi\"\"\",", f));
    EXPECT_EQ(f, (std::vector<std::string>{"x,y", "say \"hi\"", ""}));
    ASSERT_TRUE(split_csv_line("", f));
    EXPECT_EQ(f, (std::vector<std::string>{""}));
    EXPECT_FALSE(split_csv_line("\"open", f));
    EXPECT_EQ(lower("Bid_Qty"), "bid_qty");
}

TEST(Cursor, RoundTripsAndChecksTheFile) {
    EXPECT_EQ(decode_cursor(encode_cursor(8, 21), 21), 8u);
    EXPECT_EQ(decode_cursor(encode_cursor(21, 21), 21), 21u);
    EXPECT_EQ(decode_cursor(encode_cursor(0, 0), 0), 0u);
    EXPECT_THROW(decode_cursor(encode_cursor(8, 21), 22), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("replay 1 22 21", 21), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("replay 2 1 21", 21), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("replay 1 -1 21", 21), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("replay 1 1 21 x", 21), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("synthetic 1", 21), tradehost::InvalidArgument);
    EXPECT_THROW(decode_cursor("", 21), tradehost::InvalidArgument);
}

TEST(Loader, InternsEachSymbolOnceAndKeepsFileOrder) {
    std::vector<std::string> interned;
    auto rows = load_file(TEST_DATA_DIR "/quotes_ns.csv", Format::Quotes, [&](const std::string& s) {
        interned.push_back(s);
        return static_cast<th_instrument>(interned.size() * 10);
    });
    EXPECT_EQ(interned, (std::vector<std::string>{"AAPL", "MSFT"}));
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0].instrument, 10u);
    EXPECT_EQ(rows[1].instrument, 20u);
    EXPECT_EQ(rows[4].v[kBid], 37012000000);
    EXPECT_EQ(rows[4].v[kAskQty], 10000000000);
    for (size_t i = 1; i < rows.size(); ++i) EXPECT_LE(rows[i - 1].ts, rows[i].ts);
}
