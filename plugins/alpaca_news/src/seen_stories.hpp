// alpaca_news: what the plugin remembers across reconnects and restarts: the ids of the
// stories already published (so the stream and a backfill that overlap, or a restart,
// publish none twice), the newest creation time seen, and the backfill still owed.
#ifndef TRADEHOST_ALPACA_NEWS_SEEN_STORIES_HPP
#define TRADEHOST_ALPACA_NEWS_SEEN_STORIES_HPP

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tradehost::alpaca_news {

class SeenStories {
public:
    explicit SeenStories(size_t limit) : limit_(limit) {}
    bool seen(int64_t id) const { return ids_.count(id) != 0; }
    /// Remember `id` (forgetting the oldest beyond the limit) and move the high-water mark
    /// to `created_ns` if it is newer.
    void remember(int64_t id, int64_t created_ns);
    /// Newest created_at of a remembered story; 0 if none yet.
    int64_t newest_ns() const { return newest_ns_; }
    /// Creation time from which a backfill is owed (the stream went down, or the host
    /// stopped); 0 when none is.
    int64_t owed_ns() const { return owed_ns_; }
    void set_owed(int64_t ns) { owed_ns_ = ns; }
    size_t size() const { return ids_.size(); }

    /// Versioned text: "alpaca_news_state 1", "newest <ns>", "owed <ns>" if one is, then
    /// "seen <id>" lines oldest first.
    std::string encode() const;
    /// Replace the contents with a blob from encode(). Throws std::runtime_error naming the
    /// byte where a malformed blob goes wrong.
    void decode(std::string_view blob);

private:
    size_t limit_;
    int64_t newest_ns_ = 0;
    int64_t owed_ns_ = 0;
    std::deque<int64_t> order_;  // oldest first
    std::unordered_set<int64_t> ids_;
};

}  // namespace tradehost::alpaca_news

#endif
