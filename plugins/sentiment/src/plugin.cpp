// Exports the sentiment plugin: its ports, its config schema and the entry symbol.
#include "sentiment.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("news", TH_EV_NEWS, "News stories to score"),
    tradehost::out_port("sentiment", TH_EV_SENTIMENT,
                        "One score per instrument the story names (or one for the story)"),
};

constexpr th_config_field kConfig[] = {
    field("scorer", TH_CFG_STRING, "vader", "vader, lexicon or model"),
    field("text", TH_CFG_STRING, "headline", "What is scored: headline, summary or headline_summary"),
    field("whole_story", TH_CFG_BOOL, "true", "A story naming no instrument gets one score with instrument 0"),
    field("vader_lexicon", TH_CFG_STRING, "", "VADER word lexicon; empty: the one shipped next to the plugin"),
    field("vader_emoji_lexicon", TH_CFG_STRING, "",
          "VADER emoji lexicon; empty: the one shipped next to the plugin"),
    field("word_list", TH_CFG_STRING, "",
          "lexicon scorer: file of word<TAB>positive|negative|uncertainty lines"),
    field("model", TH_CFG_STRING, "",
          "model scorer: XGBoost JSON model over hashed-words-v1 features; empty: the shipped headline model"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::sentiment::SentimentPlugin, "sentiment", "1.0.0", "model",
                 "Scores news stories (VADER, a finance word list or a text model) per instrument", kPorts, kConfig)
