// The sentiment plugin; see sentiment.hpp.
#include "sentiment.hpp"

#include "utf8.hpp"  // plugins/news_common

#include <dlfcn.h>

namespace tradehost::sentiment {

using news::field_text;

namespace {

TextPart parse_text_part(const std::string& s) {
    if (s == "headline") return TextPart::kHeadline;
    if (s == "summary") return TextPart::kSummary;
    if (s == "headline_summary") return TextPart::kHeadlineSummary;
    throw ConfigError("text: expected 'headline', 'summary' or 'headline_summary', got '" + s + "'");
}

std::string or_default(const std::string& configured, const char* file) {
    return configured.empty() ? plugin_data_dir() + "/" + file : configured;
}

std::unique_ptr<Scorer> make_scorer(const Config& cfg) {
    const std::string kind = cfg.get_string("scorer");
    if (kind == "vader")
        return make_vader_scorer(or_default(cfg.get_string("vader_lexicon"), "vader_lexicon.txt"),
                                 or_default(cfg.get_string("vader_emoji_lexicon"), "emoji_utf8_lexicon.txt"));
    if (kind == "lexicon") {
        const std::string path = cfg.get_string("word_list");
        if (path.empty()) throw ConfigError("word_list: required when scorer is 'lexicon'");
        return make_word_list_scorer(path);
    }
    if (kind == "model") return make_model_scorer(or_default(cfg.get_string("model"), "headline_model.json"));
    throw ConfigError("scorer: expected 'vader', 'lexicon' or 'model', got '" + kind + "'");
}

}  // namespace

std::string plugin_data_dir() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<const void*>(&plugin_data_dir), &info) == 0 || info.dli_fname == nullptr)
        throw ConfigError("cannot find where the sentiment plugin was loaded from; set vader_lexicon");
    std::string path = info.dli_fname;
    const size_t slash = path.rfind('/');
    return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/sentiment_data";
}

SentimentPlugin::SentimentPlugin(Host host, const Config& cfg)
    : host_(host),
      scorer_(make_scorer(cfg)),
      part_(parse_text_part(cfg.get_string("text"))),
      whole_story_(cfg.get_bool("whole_story")) {}

std::string SentimentPlugin::text_of(const th_news& n) const {
    const std::string_view headline = field_text(n.headline), summary = field_text(n.summary);
    switch (part_) {
    case TextPart::kHeadline: return std::string(headline);
    case TextPart::kSummary: return std::string(summary);
    case TextPart::kHeadlineSummary: break;
    }
    std::string both(headline);
    if (!both.empty() && !summary.empty()) both.push_back(' ');
    both.append(summary);
    return both;
}

void SentimentPlugin::on_event(uint32_t port, const th_event_header& ev) {
    th_news scratch;
    const th_news* n = port == kNewsIn ? event_as<th_news>(ev, scratch) : nullptr;
    if (n == nullptr) throw InvalidArgument("sentiment: expected a news event on port 'news'");
    const Score s = scorer_->score(text_of(*n));
    host_.metric_add("scored", 1);

    auto out = make_event<th_sentiment>(ev.ts);
    out.score = s.score;
    out.confidence = s.confidence;
    copy_str(out.news_id, field_text(n->id));
    copy_str(out.scorer, scorer_->name());
    const size_t count = n->instrument_count < TH_NEWS_MAX_INSTRUMENTS ? n->instrument_count : TH_NEWS_MAX_INSTRUMENTS;
    if (count == 0) {
        if (whole_story_ && host_.publish(kSentimentOut, out)) host_.metric_add("published", 1);
        return;
    }
    for (size_t k = 0; k < count; ++k) {
        if (n->instruments[k] == 0) continue;
        out.instrument = n->instruments[k];
        if (!host_.publish(kSentimentOut, out)) return;
        host_.metric_add("published", 1);
    }
}

}  // namespace tradehost::sentiment
