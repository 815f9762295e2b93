// Feed state and its persisted form; see feed_state.hpp.
#include "feed_state.hpp"

#include "length_prefixed.hpp"  // plugins/news_common

#include <stdexcept>

namespace tradehost::rss {


void FeedState::remember(const std::string& id, size_t limit) {
    if (!seen_.insert(id).second) return;
    order_.push_back(id);
    while (order_.size() > limit) {
        seen_.erase(order_.front());
        order_.pop_front();
    }
}

std::string encode_state(const std::map<std::string, FeedState>& feeds) {
    std::string out = "rss_state 1\n";
    for (const auto& [url, f] : feeds) {
        out += "feed ";
        news::put_string(out, url);
        out.push_back(' ');
        news::put_string(out, f.etag);
        out.push_back(' ');
        news::put_string(out, f.last_modified);
        out.push_back('\n');
        for (const std::string& id : f.order_) {
            out += "seen ";
            news::put_string(out, id);
            out.push_back('\n');
        }
    }
    return out;
}

void decode_state(std::string_view blob, std::map<std::string, FeedState>& feeds, size_t limit) {
    news::LengthPrefixedReader r(blob, "rss state");
    if (r.word() != "rss_state" || r.word() != "1") throw std::runtime_error("rss state: unknown format");
    FeedState* cur = nullptr;
    FeedState dropped;  // state of a feed no longer configured: read and discarded
    while (!r.done()) {
        const std::string_view tag = r.word();
        if (tag.empty()) break;
        if (tag == "feed") {
            const std::string url = r.str();
            const auto it = feeds.find(url);
            cur = it == feeds.end() ? &dropped : &it->second;
            cur->etag = r.str();
            cur->last_modified = r.str();
        } else if (tag == "seen" && cur != nullptr) {
            cur->remember(r.str(), limit);
        } else {
            throw std::runtime_error("rss state: unexpected '" + std::string(tag) + "'");
        }
    }
}

}  // namespace tradehost::rss
