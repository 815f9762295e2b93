// JSON helpers: the reusable Decoder (no allocation once warm), exact decimals in both
// directions, field accessors on venue-shaped payloads, RFC 3339 time stamps and quoting.
#include <tradehost/venue/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

// Counts every global operator new in this test binary, so a test below can prove that a warm
// Decoder parses without allocating. Every plain, array and nothrow form is replaced, so that
// allocation and release always pair up (sanitizer runtimes check that); noinline keeps GCC
// from flagging malloc/free inside inlined new/delete (-Wmismatched-new-delete).
namespace {
std::atomic<long> g_allocations{0};
void* counted_malloc(std::size_t n) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n == 0 ? 1 : n);
}
}  // namespace
__attribute__((noinline)) void* operator new(std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
__attribute__((noinline)) void* operator new[](std::size_t n) {
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
__attribute__((noinline)) void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
__attribute__((noinline)) void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
__attribute__((noinline)) void operator delete(void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete[](void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete(void* p, std::size_t) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace tradehost::venue::json;

namespace {
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
}  // namespace

// Decoder ---------------------------------------------------------------------------------

TEST(JsonDecoder, ParsesAndReusesForTheNextMessage) {
    Decoder decoder;
    {
        document& doc = decoder.parse(R"({"e":"trade","p":"0.1","q":"2"})");
        object obj = doc.get_object();
        EXPECT_EQ(string_field(obj, "e"), std::optional<std::string_view>("trade"));
        EXPECT_EQ(fixed_field(obj, "p"), std::optional<th_fixed>(10'000'000));
        EXPECT_EQ(fixed_field(obj, "q"), std::optional<th_fixed>(200'000'000));
    }
    {
        document& doc = decoder.parse(R"({"e":"depth","u":7})");
        object obj = doc.get_object();
        EXPECT_EQ(string_field(obj, "e"), std::optional<std::string_view>("depth"));
        EXPECT_EQ(int_field(obj, "u"), std::optional<int64_t>(7));
    }
}

TEST(JsonDecoder, GrowsForLargeMessages) {
    Decoder decoder;
    std::string big = R"({"pad":")" + std::string(100'000, 'x') + R"(","v":"12.5"})";
    object obj = decoder.parse(big).get_object();
    EXPECT_EQ(fixed_field(obj, "v"), std::optional<th_fixed>(1'250'000'000));
    // And back to a small one with the grown buffer.
    object small = decoder.parse(R"({"v":1})").get_object();
    EXPECT_EQ(fixed_field(small, "v"), std::optional<th_fixed>(100'000'000));
}

TEST(JsonDecoder, ThrowsOnMalformedJson) {
    Decoder decoder;
    // On-Demand validates lazily: the error surfaces when the broken part is reached.
    EXPECT_THROW(
        {
            document& doc = decoder.parse(R"({"a":)");
            object obj = doc.get_object();
            value v = obj["a"];
            (void)v.get_int64().value();
        },
        simdjson::simdjson_error);
    EXPECT_THROW((void)decoder.parse("").get_object().value(), simdjson::simdjson_error);
    // The decoder still works afterwards.
    object ok = decoder.parse(R"({"a":"1"})").get_object();
    EXPECT_EQ(fixed_field(ok, "a"), std::optional<th_fixed>(100'000'000));
}

TEST(JsonDecoder, WarmDecoderDoesNotAllocate) {
    Decoder decoder;
    const std::string msg = R"({"s":"BTCUSDT","p":"43000.12","q":"0.5","t":123456789,"b":[["1.5","2"],["1.4","3"]]})";
    auto decode = [&] {
        object obj = decoder.parse(msg).get_object();
        th_fixed sum = 0;
        sum += fixed_field(obj, "p").value_or(0);
        sum += fixed_field(obj, "q").value_or(0);
        sum += int_field(obj, "t").value_or(0);
        simdjson::ondemand::array levels = obj["b"].get_array();
        for (auto level : levels) {
            simdjson::ondemand::array pair = level.get_array();
            for (auto x : pair) sum += fixed_from(x.value()).value_or(0);
        }
        return sum;
    };
    const th_fixed first = decode();  // warms the parser and buffer
    const long before = g_allocations.load();
    const th_fixed second = decode();
    const long after = g_allocations.load();
    EXPECT_EQ(first, second);
    EXPECT_EQ(first, 4'300'012'000'000 + 50'000'000 + 123'456'789 + 150'000'000 + 200'000'000 + 140'000'000 +
                         300'000'000);
    EXPECT_EQ(after - before, 0) << "parse allocated once warm";
}

// Decimals --------------------------------------------------------------------------------

TEST(JsonFixed, FromTextAcceptsPlainDecimals) {
    EXPECT_EQ(fixed_from_text("123.45"), std::optional<th_fixed>(12'345'000'000));
    EXPECT_EQ(fixed_from_text("-0.001"), std::optional<th_fixed>(-100'000));
    EXPECT_EQ(fixed_from_text("+1"), std::optional<th_fixed>(100'000'000));
    EXPECT_EQ(fixed_from_text("0.1"), std::optional<th_fixed>(10'000'000));
    EXPECT_EQ(fixed_from_text("0.00000001"), std::optional<th_fixed>(1));
    EXPECT_EQ(fixed_from_text("007"), std::optional<th_fixed>(700'000'000));
    EXPECT_EQ(fixed_from_text(".5"), std::optional<th_fixed>(50'000'000));
    EXPECT_EQ(fixed_from_text("5."), std::optional<th_fixed>(500'000'000));
    EXPECT_EQ(fixed_from_text("-0"), std::optional<th_fixed>(0));
    EXPECT_EQ(fixed_from_text("0"), std::optional<th_fixed>(0));
    // Venues pad to their own precision: extra decimals are fine when they are zeros.
    EXPECT_EQ(fixed_from_text("4.000001000000"), std::optional<th_fixed>(400'000'100));
    EXPECT_EQ(fixed_from_text("1.12345678000"), std::optional<th_fixed>(112'345'678));
}

TEST(JsonFixed, FromTextRefusesWhatIsNotAPlainDecimal) {
    for (const char* bad : {"", ".", "-", "+", "-.", "1e-3", "1E5", " 1", "1 ", "1.2.3", "--1", "+-1", "0x10", "nan",
                            "inf", "1,5", "1.123456789", "0.000000001", "1_000", "\"1\""}) {
        EXPECT_FALSE(fixed_from_text(bad).has_value()) << bad;
    }
}

TEST(JsonFixed, FromTextGuardsOverflow) {
    EXPECT_EQ(fixed_from_text("92233720368.54775807"), std::optional<th_fixed>(kMax));
    EXPECT_FALSE(fixed_from_text("92233720368.54775808").has_value());
    EXPECT_EQ(fixed_from_text("-92233720368.54775808"), std::optional<th_fixed>(kMin));
    EXPECT_FALSE(fixed_from_text("-92233720368.54775809").has_value());
    EXPECT_FALSE(fixed_from_text("92233720369").has_value());
    EXPECT_FALSE(fixed_from_text("99999999999999999999").has_value());
    EXPECT_FALSE(fixed_from_text("184467440737095516160").has_value());  // wraps uint64 by 10x
    EXPECT_FALSE(fixed_from_text(std::string(400, '9')).has_value());
}

TEST(JsonFixed, ToTextIsShortestAndRoundTrips) {
    EXPECT_EQ(fixed_to_text(10'000'000), "0.1");
    EXPECT_EQ(fixed_to_text(10'000'000'000), "100");
    EXPECT_EQ(fixed_to_text(-250'000'000), "-2.5");
    EXPECT_EQ(fixed_to_text(0), "0");
    EXPECT_EQ(fixed_to_text(1), "0.00000001");
    EXPECT_EQ(fixed_to_text(-1), "-0.00000001");
    EXPECT_EQ(fixed_to_text(kMax), "92233720368.54775807");
    EXPECT_EQ(fixed_to_text(kMin), "-92233720368.54775808");
    for (th_fixed v : {th_fixed{0}, th_fixed{1}, th_fixed{-1}, th_fixed{123'456'789}, th_fixed{-987'654'321'000},
                       kMax, kMin, th_fixed{100'000'000}, th_fixed{3'750'000'000'000}}) {
        EXPECT_EQ(fixed_from_text(fixed_to_text(v)), std::optional<th_fixed>(v)) << v;
    }
}

TEST(JsonFixed, FromValueReadsStringsAndNumberTokensExactly) {
    Decoder decoder;
    object obj = decoder.parse(R"({"s":"0.1","n" : 0.1 ,"neg":-2.5,"i":42,"exp":1e-3,"big":1.5e300,
                                   "null":null,"b":true,"arr":[1],"o":{},"word":"abc","last":7.25  })")
                     .get_object();
    EXPECT_EQ(fixed_field(obj, "s"), std::optional<th_fixed>(10'000'000));
    EXPECT_EQ(fixed_field(obj, "n"), std::optional<th_fixed>(10'000'000));  // whitespace around the token
    EXPECT_EQ(fixed_field(obj, "neg"), std::optional<th_fixed>(-250'000'000));
    EXPECT_EQ(fixed_field(obj, "i"), std::optional<th_fixed>(4'200'000'000));
    EXPECT_FALSE(fixed_field(obj, "exp").has_value());
    EXPECT_FALSE(fixed_field(obj, "big").has_value());
    EXPECT_FALSE(fixed_field(obj, "null").has_value());
    EXPECT_FALSE(fixed_field(obj, "b").has_value());
    EXPECT_FALSE(fixed_field(obj, "arr").has_value());
    EXPECT_FALSE(fixed_field(obj, "o").has_value());
    EXPECT_FALSE(fixed_field(obj, "word").has_value());
    EXPECT_FALSE(fixed_field(obj, "missing").has_value());
    EXPECT_EQ(fixed_field(obj, "last"), std::optional<th_fixed>(725'000'000));  // token before '}'
}

// Binance REST depth: levels are arrays of decimal strings.
// https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md (Order book)
TEST(JsonFixed, FromValueInArrays) {
    Decoder decoder;
    object obj = decoder.parse(R"({"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"]],
                                   "asks":[["4.00000200","12.00000000"]]})")
                     .get_object();
    EXPECT_EQ(int_field(obj, "lastUpdateId"), std::optional<int64_t>(1027024));
    simdjson::ondemand::array bids = obj["bids"].get_array();
    for (auto level : bids) {
        simdjson::ondemand::array pair = level.get_array();
        auto it = pair.begin();
        EXPECT_EQ(fixed_from((*it).value()), std::optional<th_fixed>(400'000'000));
        ++it;
        EXPECT_EQ(fixed_from((*it).value()), std::optional<th_fixed>(43'100'000'000));
    }
    simdjson::ondemand::array asks = obj["asks"].get_array();
    for (auto level : asks) {
        simdjson::ondemand::array pair = level.get_array();
        EXPECT_EQ(fixed_from((*pair.begin()).value()), std::optional<th_fixed>(400'000'200));
    }
}

TEST(JsonFields, StringAndIntFields) {
    Decoder decoder;
    object obj = decoder.parse(R"({"id":"abc\"d","n":-17,"sn":"123","sneg":"-5","frac":1.5,"huge":92233720368547758070,
                                   "sbad":"12a","splus":"+3","null":null,"arr":[]})")
                     .get_object();
    EXPECT_EQ(string_field(obj, "id"), std::optional<std::string_view>("abc\"d"));
    EXPECT_FALSE(string_field(obj, "n").has_value());
    EXPECT_FALSE(string_field(obj, "null").has_value());
    EXPECT_FALSE(string_field(obj, "missing").has_value());
    EXPECT_EQ(int_field(obj, "n"), std::optional<int64_t>(-17));
    EXPECT_EQ(int_field(obj, "sn"), std::optional<int64_t>(123));
    EXPECT_EQ(int_field(obj, "sneg"), std::optional<int64_t>(-5));
    EXPECT_FALSE(int_field(obj, "frac").has_value());
    EXPECT_FALSE(int_field(obj, "huge").has_value());
    EXPECT_FALSE(int_field(obj, "sbad").has_value());
    EXPECT_FALSE(int_field(obj, "splus").has_value());
    EXPECT_FALSE(int_field(obj, "null").has_value());
    EXPECT_FALSE(int_field(obj, "arr").has_value());
    EXPECT_FALSE(int_field(obj, "missing").has_value());
}

TEST(JsonFields, AFrameCutShortThrowsInsteadOfTouchingADeadDocument) {
    // A stream frame missing its last brace: simdjson abandons the document at the first
    // lookup that runs into the end, and the next lookup must not touch it (it crashed).
    Decoder decoder;
    object obj = decoder.parse(R"({"stream":"authorization","data":{"status":"authorized","action":"authenticate"})")
                     .get_object();
    bool threw = false;
    try {
        (void)string_field(obj, "action");  // absent at top level: scans to the cut end
        (void)string_field(obj, "stream");
        (void)fixed_field(obj, "px");
        (void)int_field(obj, "n");
    } catch (const simdjson::simdjson_error&) {
        threw = true;
    }
    EXPECT_TRUE(threw);
    // The decoder stays usable for the next message.
    object next = decoder.parse(R"({"stream":"trade_updates"})").get_object();
    EXPECT_EQ(string_field(next, "stream"), std::optional<std::string_view>("trade_updates"));
}

// One pass over the fields: keys compared in place, values visited once in document order.
TEST(JsonEachField, VisitsEveryFieldInOrderWithKeysComparedInPlace) {
    Decoder decoder;
    object obj = decoder.parse(R"({"T":"q","bp":87.66 , "b\"q":1,"":"empty","nested":{"x":1},"px":"0.5","last":true})")
                     .get_object();
    std::vector<std::string> keys;
    th_fixed bp = 0, px = 0;
    bool last = false;
    each_field(obj, [&](Key k, simdjson::ondemand::value& v) {
        keys.emplace_back(k.view());
        if (k == "bp") bp = fixed_from(v).value_or(-1);
        else if (k == "px") px = fixed_from(v).value_or(-1);
        else if (k == "last") last = bool(v);
        EXPECT_FALSE(k == "b");   // a prefix of "bp" is not "bp"
        EXPECT_FALSE(k == "bpx"); // nor is a longer key
        // "nested" is not consumed: the iteration skips it.
    });
    EXPECT_EQ(keys, (std::vector<std::string>{"T", "bp", "b\\\"q", "", "nested", "px", "last"}));
    EXPECT_EQ(bp, 8'766'000'000);
    EXPECT_EQ(px, 50'000'000);
    EXPECT_TRUE(last);
}

TEST(JsonEachField, KeyFrontDispatchesAndEmptyKeysAreSafe) {
    Decoder decoder;
    object obj = decoder.parse(R"({"":1,"price":2})").get_object();
    std::vector<char> fronts;
    each_field(obj, [&](Key k, simdjson::ondemand::value&) {
        fronts.push_back(k.front());
        EXPECT_FALSE(k == "p");
    });
    EXPECT_EQ(fronts, (std::vector<char>{'"', 'p'}));
}

TEST(JsonEachField, AFrameCutShortThrows) {
    Decoder decoder;
    object obj = decoder.parse(R"({"a":1,"b":{"c":2})").get_object();
    int seen = 0;
    EXPECT_THROW(each_field(obj, [&](Key, simdjson::ondemand::value& v) {
                     ++seen;
                     (void)fixed_from(v);
                 }),
                 simdjson::simdjson_error);
    EXPECT_GE(seen, 1);
}

// fixed_from reads a quoted decimal from the raw token; an escaped one still decodes.
TEST(JsonFixed, FromValueUnescapesOnlyWhenItMust) {
    Decoder decoder;
    object obj = decoder.parse(R"({"plain":"12.5" ,"escaped":"\u0031.5","quote":"1\"2","empty":""})").get_object();
    EXPECT_EQ(fixed_field(obj, "plain"), std::optional<th_fixed>(1'250'000'000));
    EXPECT_EQ(fixed_field(obj, "escaped"), std::optional<th_fixed>(150'000'000));
    EXPECT_FALSE(fixed_field(obj, "quote").has_value());
    EXPECT_FALSE(fixed_field(obj, "empty").has_value());
}

// Time ------------------------------------------------------------------------------------

TEST(JsonTime, ParsesUtcWithFractions) {
    EXPECT_EQ(parse_rfc3339_ns("1970-01-01T00:00:00Z"), std::optional<int64_t>(0));
    // The example in json.hpp (Alpaca/Coinbase style, microseconds).
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T18:38:01.942282Z"), std::optional<int64_t>(1'615'919'881'942'282'000));
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T18:38:01.9Z"), std::optional<int64_t>(1'615'919'881'900'000'000));
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T18:38:01.000000001Z"), std::optional<int64_t>(1'615'919'881'000'000'001));
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16t18:38:01z"), std::optional<int64_t>(1'615'919'881'000'000'000));
    EXPECT_EQ(parse_rfc3339_ns("1969-12-31T23:59:59.5Z"), std::optional<int64_t>(-500'000'000));
}

TEST(JsonTime, AppliesOffsets) {
    const int64_t utc = 1'615'919'881'942'282'000;
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T18:38:01.942282+00:00"), std::optional<int64_t>(utc));
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T20:38:01.942282+02:00"), std::optional<int64_t>(utc));
    EXPECT_EQ(parse_rfc3339_ns("2021-03-16T13:08:01.942282-05:30"), std::optional<int64_t>(utc));
    // Crossing midnight and a year boundary through the offset.
    EXPECT_EQ(parse_rfc3339_ns("2020-12-31T23:30:00-01:00"), parse_rfc3339_ns("2021-01-01T00:30:00Z"));
    EXPECT_EQ(parse_rfc3339_ns("2021-01-01T00:30:00+01:00"), parse_rfc3339_ns("2020-12-31T23:30:00Z"));
}

TEST(JsonTime, LeapYears) {
    EXPECT_EQ(parse_rfc3339_ns("2024-02-29T12:00:00Z"), std::optional<int64_t>(1'709'208'000'000'000'000));
    EXPECT_EQ(parse_rfc3339_ns("2000-02-29T23:59:59Z"), std::optional<int64_t>(951'868'799'000'000'000));
    EXPECT_FALSE(parse_rfc3339_ns("2023-02-29T00:00:00Z").has_value());
    EXPECT_FALSE(parse_rfc3339_ns("1900-02-29T00:00:00Z").has_value());  // century, not leap
    EXPECT_FALSE(parse_rfc3339_ns("2024-02-30T00:00:00Z").has_value());
}

TEST(JsonTime, RefusesMalformedOrOutOfRange) {
    for (const char* bad : {"", "2021-03-16", "2021-03-16T18:38:01", "2021-03-16 18:38:01Z", "2021-3-16T18:38:01Z",
                            "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z", "2021-04-31T00:00:00Z",
                            "2021-04-00T00:00:00Z", "2021-04-01T24:00:00Z", "2021-04-01T00:60:00Z",
                            "2021-04-01T00:00:60Z", "2021-04-01T00:00:00.Z", "2021-04-01T00:00:00.1234567890Z",
                            "2021-04-01T00:00:00+2:00", "2021-04-01T00:00:00+0200", "2021-04-01T00:00:00+24:00",
                            "2021-04-01T00:00:00+02:60", "2021-04-01T00:00:00Zjunk", "2021-04-01T00:00:00ZZ",
                            "2021-04-01T00:00:00UTC", "x021-04-01T00:00:00Z", "2021-04-01T00:00:00+02:00 "}) {
        EXPECT_FALSE(parse_rfc3339_ns(bad).has_value()) << bad;
    }
}

TEST(JsonTime, GuardsTheInt64NanosecondRange) {
    EXPECT_EQ(parse_rfc3339_ns("2262-04-11T23:47:16.854775807Z"), std::optional<int64_t>(kMax));
    EXPECT_FALSE(parse_rfc3339_ns("2262-04-11T23:47:16.854775808Z").has_value());
    EXPECT_EQ(parse_rfc3339_ns("1677-09-21T00:12:43.145224192Z"), std::optional<int64_t>(kMin));
    EXPECT_FALSE(parse_rfc3339_ns("1677-09-21T00:12:43.145224191Z").has_value());
    EXPECT_FALSE(parse_rfc3339_ns("9999-12-31T23:59:59Z").has_value());
    EXPECT_FALSE(parse_rfc3339_ns("0000-01-01T00:00:00Z").has_value());
}

TEST(JsonTime, FormatIsTheInverse) {
    EXPECT_EQ(format_rfc3339_ns(0), "1970-01-01T00:00:00.000000000Z");
    EXPECT_EQ(format_rfc3339_ns(1'615'919'881'942'282'000), "2021-03-16T18:38:01.942282000Z");
    EXPECT_EQ(format_rfc3339_ns(-500'000'000), "1969-12-31T23:59:59.500000000Z");
    EXPECT_EQ(format_rfc3339_ns(1'709'208'000'000'000'000), "2024-02-29T12:00:00.000000000Z");
    EXPECT_EQ(format_rfc3339_ns(kMax), "2262-04-11T23:47:16.854775807Z");
    EXPECT_EQ(format_rfc3339_ns(kMin), "1677-09-21T00:12:43.145224192Z");
    for (int64_t ns : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{951'868'799'123'456'789}, kMax, kMin,
                       int64_t{-86'400'000'000'001}}) {
        EXPECT_EQ(parse_rfc3339_ns(format_rfc3339_ns(ns)), std::optional<int64_t>(ns)) << ns;
    }
}

// Quoting ---------------------------------------------------------------------------------

TEST(JsonQuote, EscapesAndParsesBack) {
    EXPECT_EQ(quote("plain"), "\"plain\"");
    EXPECT_EQ(quote(""), "\"\"");
    EXPECT_EQ(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(quote("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
    EXPECT_EQ(quote(std::string("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
    EXPECT_EQ(quote("caf\xC3\xA9 /"), "\"caf\xC3\xA9 /\"");  // UTF-8 and '/' pass through

    const std::string nasty = std::string("k\"ey\\\n\x02\x7f end", 12) + "\xE2\x82\xAC";
    Decoder decoder;
    const std::string doc_text = "{\"v\":" + quote(nasty) + "}";
    object obj = decoder.parse(doc_text).get_object();
    EXPECT_EQ(string_field(obj, "v"), std::optional<std::string_view>(nasty));
}
