// The news_replay source: publishes a recorded session of news and quotes in file order,
// as fast as the pipeline takes them, then finishes.
#ifndef TRADEHOST_NEWS_REPLAY_NEWS_REPLAY_HPP
#define TRADEHOST_NEWS_REPLAY_NEWS_REPLAY_HPP

#include "recording.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::news_replay {

enum Port : uint32_t { kNewsOut = 0, kQuotesOut = 1 };

class NewsReplay {
public:
    NewsReplay(Host host, const Config& cfg);
    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);

private:
    Host host_;
    std::vector<Record> records_;
    size_t cursor_ = 0;
    int64_t batch_;
    uint64_t timer_ = 0;
    bool timer_on_ = false;
    bool finished_ = false;
};

}  // namespace tradehost::news_replay

#endif
