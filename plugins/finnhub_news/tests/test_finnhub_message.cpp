// finnhub_news: parsing Finnhub's documented response examples.
#include "finnhub_message.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace tradehost::finnhub_news {
namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(FinnhubMessage, TheMarketNewsExample) {
    venue::json::Decoder dec;
    const auto a = parse_articles(dec, read("market_news.json"));
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].id, 5085164);
    EXPECT_EQ(a[0].datetime_ns, 1596589501000000000);
    EXPECT_EQ(a[0].category, "technology");
    EXPECT_EQ(a[0].source, "CNBC");
    EXPECT_EQ(a[0].url, "https://www.cnbc.com/2020/08/04/square-sq-earnings-q2-2020.html");
    EXPECT_TRUE(a[0].related.empty());
}

TEST(FinnhubMessage, TheCompanyNewsExampleAndRelatedLists) {
    venue::json::Decoder dec;
    const auto a = parse_articles(dec, read("company_news.json"));
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].id, 25286);
    EXPECT_EQ(a[0].datetime_ns, 1569550360000000000);
    EXPECT_EQ(a[1].id, 25341);
    EXPECT_EQ(a[1].source, "TheStreet");
    EXPECT_EQ(a[0].summary.rfind("NEW DELHI | CHENNAI: India may have to offer", 0), 0u);
    EXPECT_EQ(a[0].related, std::vector<std::string>{"AAPL"});
    EXPECT_EQ(a[0].source, "The Economic Times India");
    const auto b = parse_articles(dec, R"([{"id":7,"datetime":1,"related":"AAPL, MSFT,,GOOGL"}])");
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].related, (std::vector<std::string>{"AAPL", "MSFT", "GOOGL"}));
}

TEST(FinnhubMessage, ErrorsAreNotArticles) {
    venue::json::Decoder dec;
    EXPECT_THROW(parse_articles(dec, R"({"error":"Invalid API key."})"), simdjson::simdjson_error);
    EXPECT_EQ(error_text(dec, R"({"error":"Invalid API key."})"), "Invalid API key.");
    EXPECT_EQ(error_text(dec, "<html>busy</html>"), "<html>busy</html>");
    EXPECT_TRUE(parse_articles(dec, "[]").empty());
    EXPECT_EQ(ymd(1700000000000000000), "2023-11-14");
}

}  // namespace
}  // namespace tradehost::finnhub_news
