// The news_dedup plugin: passes on each story once, across feeds and time; duplicates are
// counted, and what it remembers survives hot reload and restart.
#ifndef TRADEHOST_NEWS_DEDUP_NEWS_DEDUP_HPP
#define TRADEHOST_NEWS_DEDUP_NEWS_DEDUP_HPP

#include "deduper.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::news_dedup {

enum Port : uint32_t { kNewsIn = 0, kNewsOut = 1 };

class NewsDedup {
public:
    NewsDedup(Host host, const Config& cfg);
    /// Loads the saved window, unless a hot reload restored one. In start, not create:
    /// `tradehost validate` creates instances without a journal.
    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    Host host_;
    Deduper dedup_;
    bool loaded_ = false;  // restored by hot reload or loaded once
};

}  // namespace tradehost::news_dedup

#endif
