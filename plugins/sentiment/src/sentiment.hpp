// The sentiment plugin: scores each news story with the configured scorer and publishes a
// th_sentiment per instrument the story names (or one for the whole story).
#ifndef TRADEHOST_SENTIMENT_SENTIMENT_HPP
#define TRADEHOST_SENTIMENT_SENTIMENT_HPP

#include "scorer.hpp"

#include <tradehost/plugin.hpp>

#include <memory>
#include <string>

namespace tradehost::sentiment {

enum Port : uint32_t { kNewsIn = 0, kSentimentOut = 1 };

/// Which text of a story is scored.
enum class TextPart { kHeadline, kSummary, kHeadlineSummary };

class SentimentPlugin {
public:
    SentimentPlugin(Host host, const Config& cfg);
    void on_event(uint32_t port, const th_event_header& ev);

private:
    std::string text_of(const th_news& n) const;

    Host host_;
    std::unique_ptr<Scorer> scorer_;
    TextPart part_;
    bool whole_story_;
};

/// Where the plugin's own data files (the VADER lexicons) are: the `sentiment_data` folder
/// next to the loaded plugin library.
std::string plugin_data_dir();

}  // namespace tradehost::sentiment

#endif
