// alpaca_news: remembered story ids and their persisted form; see seen_stories.hpp.
#include "seen_stories.hpp"

#include "length_prefixed.hpp"  // plugins/news_common

#include <stdexcept>

namespace tradehost::alpaca_news {

void SeenStories::remember(int64_t id, int64_t created_ns) {
    if (created_ns > newest_ns_) newest_ns_ = created_ns;
    if (!ids_.insert(id).second) return;
    order_.push_back(id);
    while (order_.size() > limit_) {
        ids_.erase(order_.front());
        order_.pop_front();
    }
}

std::string SeenStories::encode() const {
    std::string out = "alpaca_news_state 1\nnewest " + std::to_string(newest_ns_) + "\n";
    if (owed_ns_ != 0) out += "owed " + std::to_string(owed_ns_) + "\n";
    for (int64_t id : order_) out += "seen " + std::to_string(id) + "\n";
    return out;
}

void SeenStories::decode(std::string_view blob) {
    news::LengthPrefixedReader r(blob, "alpaca_news state");
    if (r.word() != "alpaca_news_state" || r.word() != "1") throw std::runtime_error("alpaca_news state: unknown format");
    SeenStories fresh(limit_);
    while (!r.done()) {
        const std::string_view tag = r.word();
        if (tag == "newest") fresh.newest_ns_ = r.integer();
        else if (tag == "owed") fresh.owed_ns_ = r.integer();
        else if (tag == "seen") fresh.remember(r.integer(), 0);
        else r.fail("'newest' or 'seen'");
    }
    *this = std::move(fresh);
}

}  // namespace tradehost::alpaca_news
