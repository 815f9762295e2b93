// finnhub_news: Finnhub's news JSON -> plain structs. Pure functions (no host, no I/O),
// unit-tested on test_data/. Both endpoints answer an array of the same object:
// {"category","datetime" (Unix seconds),"headline","id","image","related","source",
// "summary","url"} (https://finnhub.io/docs/api/market-news, /company-news).
#ifndef TRADEHOST_FINNHUB_NEWS_FINNHUB_MESSAGE_HPP
#define TRADEHOST_FINNHUB_NEWS_FINNHUB_MESSAGE_HPP

#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::finnhub_news {

struct Article {
    int64_t id = 0;
    int64_t datetime_ns = 0;           ///< published, from Unix seconds
    std::string category;
    std::string headline;
    std::string summary;
    std::string url;
    std::string source;
    std::vector<std::string> related;  ///< `related`, split at commas ("AAPL" or "AAPL,MSFT" or "")
};

/// An answer of /news or /company-news. Throws simdjson_error when it is not an array of
/// articles (an error object, HTML, malformed JSON).
std::vector<Article> parse_articles(venue::json::Decoder& dec, std::string_view body);

/// Finnhub's error body {"error":"..."}, else the body's first 200 bytes.
std::string error_text(venue::json::Decoder& dec, std::string_view body);

/// "YYYY-MM-DD" (UTC) of `ns`, the from/to format of /company-news.
std::string ymd(int64_t ns);

}  // namespace tradehost::finnhub_news

#endif
