// alpaca_news: Alpaca news JSON -> plain structs. Pure functions (no host, no I/O), unit-tested
// on the payloads in test_data/, which are copied from Alpaca's documentation:
//  - stream frames of wss://stream.data.alpaca.markets/v1beta1/news: arrays whose news
//    elements are {"T":"n","id":..,"headline":..,"summary":..,"author":..,"created_at":..,
//    "updated_at":..,"url":..,"content":..,"symbols":[..],"source":..};
//  - pages of GET /v1beta1/news: {"news":[..same fields, no "T"..],"next_page_token":..}.
#ifndef TRADEHOST_ALPACA_NEWS_NEWS_MESSAGE_HPP
#define TRADEHOST_ALPACA_NEWS_NEWS_MESSAGE_HPP

#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::alpaca_news {

struct Story {
    int64_t id = 0;            ///< Alpaca's article id (unique across the feed)
    std::string headline;
    std::string summary;
    std::string author;
    std::string url;
    std::string source;        ///< "benzinga", ...
    std::vector<std::string> symbols;
    int64_t created_ns = 0;    ///< created_at; 0 if absent or unreadable
    int64_t updated_ns = 0;    ///< updated_at; 0 if absent or unreadable
};

/// The news ("n") elements of one stream frame, in order; other elements (success,
/// subscription, error) are skipped: the shared handshake reads those. Throws
/// simdjson_error on malformed JSON.
std::vector<Story> parse_stream_news(venue::json::Decoder& dec, std::string_view frame);

struct NewsPage {
    std::vector<Story> stories;
    std::string next_page_token;  ///< "" when this was the last page (null or absent)
};
/// One page of GET /v1beta1/news. Throws simdjson_error on malformed JSON or a body that is
/// not a news page.
NewsPage parse_news_page(venue::json::Decoder& dec, std::string_view body);

/// The REST error body {"message":"..."} (Alpaca's data API), or the body's first 200 bytes.
std::string error_text(venue::json::Decoder& dec, std::string_view body);

/// "YYYY-MM-DDTHH:MM:SSZ" (whole seconds, rounded down), the `start` parameter's format.
std::string rfc3339_seconds(int64_t ns);

}  // namespace tradehost::alpaca_news

#endif
