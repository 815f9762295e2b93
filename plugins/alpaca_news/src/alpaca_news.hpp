// The alpaca_news plugin: Alpaca's real-time news stream as th_news events, each story once.
// The stream's handshake and reconnects are the Alpaca market-data stream's own (DataStream
// from plugins/alpaca, compiled in): connected -> auth -> subscribe {"news":[..]} ->
// subscription, then "n" messages. After a disconnect (or a restart) the stories created
// meanwhile are read back over REST before live ones; ids already published are skipped, and
// the ids and the backfill owed are saved, so a restart loses none and repeats none.
#ifndef TRADEHOST_ALPACA_NEWS_ALPACA_NEWS_HPP
#define TRADEHOST_ALPACA_NEWS_ALPACA_NEWS_HPP

#include "backfill.hpp"
#include "news_message.hpp"
#include "seen_stories.hpp"

#include <tradehost/plugin.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost::alpaca {
class DataStream;
}

namespace tradehost::alpaca_news {

enum Port : uint32_t { kNewsOut = 0, kStatusOut = 1 };

struct Settings {
    std::string stream_url;
    std::string rest_url;             // no trailing slash
    std::string key_env, secret_env;
    std::vector<std::string> symbols; // empty: "*" (all news)
    std::string language;
    bool verify_tls = true;
    std::chrono::milliseconds reconnect_min{250}, reconnect_max{30000};
    std::chrono::milliseconds http_timeout{10000}, rate_limit_backoff{5000};
    int max_rate_limit_waits = 5;
    int64_t overlap_ns = 0;           // backfill starts this much before the newest story seen
    int64_t max_backfill_ns = 0;      // and never further back than this
    bool backfill_on_start = true;
    size_t remember = 10000;
};

/// Read and check the config; errors name the key.
Settings read_settings(const Config& cfg);
/// {"action":"subscribe","news":["*"]} or the configured symbols.
std::string news_subscribe_message(const std::vector<std::string>& symbols);

class AlpacaNews {
public:
    AlpacaNews(Host host, const Config& cfg);
    ~AlpacaNews();
    void start();
    void stop();

private:
    // All of these run on the stream's thread.
    void on_ready();
    void on_down(const std::string& reason);
    void on_error(int64_t code, const std::string& msg);
    void on_frame(std::string_view frame);
    void backfill(int64_t from_ns);
    /// Publish the stories not seen before, oldest first (`any`: one was); false when the
    /// host takes no more events.
    bool publish_new(std::vector<Story>& stories, bool& any);
    void status(th_venue_state state, const std::string& text);
    void save();
    bool wait_for(std::chrono::milliseconds d);  // false when stopping

    Host host_;
    Settings s_;
    std::string name_;
    SeenStories seen_;
    bool loaded_ = false;
    bool first_ready_ = true;
    venue::json::Decoder dec_;
    std::unique_ptr<Backfill> backfill_;
    std::unique_ptr<alpaca::DataStream> stream_;
    std::mutex wait_mu_;
    std::condition_variable wait_cv_;
    std::atomic<bool> stopping_{false};
};

}  // namespace tradehost::alpaca_news

#endif
