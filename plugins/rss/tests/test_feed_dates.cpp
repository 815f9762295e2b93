// Feed dates in every form RFC 822/1123/2822 and RFC 3339 allow.
#include "feed_dates.hpp"

#include <gtest/gtest.h>

using tradehost::news::parse_feed_date;
using tradehost::news::parse_rfc3339;
using tradehost::news::parse_rfc822;

namespace {
constexpr th_time_ns kSec = 1000000000;
// Tue, 03 Jun 2003 09:39:21 GMT (the RSS 2.0 sample's first item) = 1054633161 s.
constexpr th_time_ns kStarCity = 1054633161 * kSec;
}  // namespace

TEST(FeedDates, Rfc822AllZoneForms) {
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 GMT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 UT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 Z"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 +0000"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 05:39:21 EDT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 04:39:21 EST"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 04:39:21 CDT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 03:39:21 CST"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 03:39:21 MDT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 02:39:21 MST"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 02:39:21 PDT"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 01:39:21 PST"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 11:09:21 +0130"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 00:09:21 -0930"), kStarCity);
    // Military zones: RFC 822 gave their signs backwards, so RFC 2822 reads them as -0000.
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 A"), kStarCity);
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39:21 Y"), kStarCity);
}

TEST(FeedDates, Rfc822OptionalPartsAndOldForms) {
    EXPECT_EQ(parse_rfc822("03 Jun 2003 09:39:21 GMT"), kStarCity);       // no day name
    EXPECT_EQ(parse_rfc822("Tue, 3 Jun 2003 09:39:21 GMT"), kStarCity);   // one-digit day
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 03 09:39:21 GMT"), kStarCity);    // RFC 822 two-digit year
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 09:39 GMT"), kStarCity - 21 * kSec);  // no seconds
    EXPECT_EQ(parse_rfc822("tue, 03 jun 2003 09:39:21 gmt"), kStarCity);  // case-insensitive
    EXPECT_EQ(parse_rfc822("  Tue,  03 Jun 2003\r\n 09:39:21 GMT  "), kStarCity);  // folding whitespace
    EXPECT_EQ(parse_rfc822("Tue, 03 Jun 2003 05:39:21 -0400 (EDT)"), kStarCity);   // trailing comment
    EXPECT_EQ(parse_rfc822("Fri, 31 Dec 99 23:59:59 GMT"), 946684799 * kSec);       // 99 -> 1999
    EXPECT_EQ(parse_rfc822("Thu, 29 Feb 2024 12:00:00 GMT"), 1709208000 * kSec);    // leap day
}

TEST(FeedDates, Rfc822Refusals) {
    for (const char* bad : {"", "yesterday", "Tue, 31 Jun 2003 09:39:21 GMT", "Tue, 03 Foo 2003 09:39:21 GMT",
                            "Tue, 03 Jun 2003 24:00:00 GMT", "Tue, 03 Jun 2003 09:39:21", "Tue, 03 Jun 2003 09:39:21 XYZ",
                            "Tue, 03 Jun 2003 09:39:21 +01", "Tue, 03 Jun 2003 09:39:21 GMT extra",
                            "Thu, 29 Feb 2023 12:00:00 GMT", "Tue 03 Jun 2003 09:39:21 GMT", "Tue, 03 Jun 2003 09:39:21 J"})
        EXPECT_FALSE(parse_rfc822(bad).has_value()) << bad;
}

TEST(FeedDates, Rfc3339) {
    EXPECT_EQ(parse_rfc3339("2003-06-03T09:39:21Z"), kStarCity);
    EXPECT_EQ(parse_rfc3339("2003-06-03t09:39:21z"), kStarCity);
    EXPECT_EQ(parse_rfc3339("2003-06-03 09:39:21Z"), kStarCity);
    EXPECT_EQ(parse_rfc3339("2003-06-03T05:39:21-04:00"), kStarCity);
    EXPECT_EQ(parse_rfc3339("2003-06-03T11:09:21+01:30"), kStarCity);
    EXPECT_EQ(parse_rfc3339("2003-06-03T09:39:21.5Z"), kStarCity + kSec / 2);
    EXPECT_EQ(parse_rfc3339("2003-06-03T09:39:21.123456789Z"), kStarCity + 123456789);
    EXPECT_EQ(parse_rfc3339("2003-06-03T09:39:21.1234567891Z"), kStarCity + 123456789);  // beyond ns dropped
    // RFC 3339's own examples (section 5.8)
    EXPECT_EQ(parse_rfc3339("1985-04-12T23:20:50.52Z"), 482196050 * kSec + 520000000);
    EXPECT_EQ(parse_rfc3339("1996-12-19T16:39:57-08:00"), 851042397 * kSec);
    EXPECT_EQ(parse_rfc3339("1990-12-31T23:59:60Z"), 662688000 * kSec);  // leap second: next second
    EXPECT_EQ(parse_rfc3339("1990-12-31T15:59:60-08:00"), 662688000 * kSec);
    EXPECT_EQ(parse_rfc3339("1937-01-01T12:00:27.87+00:20"), -1041336000 * kSec + 27870000000 - 20 * 60 * kSec);
    for (const char* bad : {"2003-06-03", "2003-06-03T09:39:21", "2003-13-03T09:39:21Z", "2003-06-03T09:39:21+0100",
                            "2003-06-03T09:39:21.Z", "03-06-2003T09:39:21Z"})
        EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(FeedDates, EitherForm) {
    EXPECT_EQ(parse_feed_date("2003-06-03T09:39:21Z"), kStarCity);
    EXPECT_EQ(parse_feed_date("Tue, 03 Jun 2003 09:39:21 GMT"), kStarCity);
    EXPECT_FALSE(parse_feed_date("soon").has_value());
}
