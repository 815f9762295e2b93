// What the plugin remembers of each feed across polls and restarts: its validators (ETag,
// Last-Modified) for conditional requests, its failure count for backoff, and the ids of
// the stories already published, so a restart publishes no story twice.
#ifndef TRADEHOST_RSS_FEED_STATE_HPP
#define TRADEHOST_RSS_FEED_STATE_HPP

#include <tradehost/plugin.h>

#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tradehost::rss {

struct FeedState {
    std::string url;
    int64_t interval_ns = 0;
    std::string etag;
    std::string last_modified;
    th_time_ns next_due = 0;
    int failures = 0;       // consecutive failed polls
    bool reported_down = false;

    /// True if `id` was published before.
    bool seen(const std::string& id) const { return seen_.count(id) != 0; }
    /// Remember `id`, forgetting the oldest beyond `limit`.
    void remember(const std::string& id, size_t limit);
    size_t seen_count() const { return seen_.size(); }

    std::deque<std::string> order_;  // oldest first
    std::unordered_set<std::string> seen_;
};

/// Versioned text: "rss_state 1", then per feed "feed <url> <etag> <last_modified>" and its
/// "seen <id>" lines, each string as <length>:<bytes>. Validators and seen ids only:
/// intervals and backoff come from config and the clock.
std::string encode_state(const std::map<std::string, FeedState>& feeds);
/// Apply a blob from encode_state to the configured feeds (unknown feeds are dropped).
/// Throws std::runtime_error on a malformed blob.
void decode_state(std::string_view blob, std::map<std::string, FeedState>& feeds, size_t limit);

}  // namespace tradehost::rss

#endif
