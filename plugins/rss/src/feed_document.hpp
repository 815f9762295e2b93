// Parsing one fetched feed document, RSS 2.0 (and RSS 1.0/RDF) or Atom 1.0 (RFC 4287),
// with libexpat (namespace-aware), into plain items.
#ifndef TRADEHOST_RSS_FEED_DOCUMENT_HPP
#define TRADEHOST_RSS_FEED_DOCUMENT_HPP

#include <tradehost/plugin.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::rss {

struct FeedItem {
    std::string id;       // RSS guid / Atom id, as written (trimmed)
    std::string link;     // RSS link / Atom link rel="alternate" (or without rel)
    std::string title;    // plain text (HTML titles stripped)
    std::string summary;  // plain text of description / summary (else content)
    std::optional<th_time_ns> published;  // pubDate, dc:date, published (else updated)
    std::optional<th_time_ns> updated;    // Atom updated
    std::string bad_date;                 // a date text that did not parse, for the log
};

struct FeedDocument {
    std::string format;  // "rss" or "atom"
    std::string title;   // the channel's / feed's title
    std::vector<FeedItem> items;  // in document order
};

/// Parse `xml`. Throws std::runtime_error "line L, column C: <expat's message>" for
/// malformed XML, or "not an RSS or Atom feed (root element <x>)".
FeedDocument parse_feed(std::string_view xml);

/// Text of an HTML fragment: tags dropped, character references decoded, whitespace runs
/// collapsed to one space. RSS descriptions are escaped HTML; Atom text may be type="html".
std::string html_to_text(std::string_view html);

}  // namespace tradehost::rss

#endif
