// Per-instrument news signal: a weighted sum of sentiment scores that decays with a
// half-life, the stories that mentioned the instrument recently, and its order cooldown.
#ifndef TRADEHOST_NEWS_TRADER_SIGNAL_BOOK_HPP
#define TRADEHOST_NEWS_TRADER_SIGNAL_BOOK_HPP

#include <tradehost/plugin.h>

#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace tradehost::news_trader {

struct InstrumentSignal {
    double value = 0;              // decayed weighted score as of `at`
    th_time_ns at = 0;             // time of the last update
    std::deque<th_time_ns> mentions;  // story times within the mention window
    th_time_ns last_order = 0;     // 0: never
};

class SignalBook {
public:
    SignalBook(int64_t half_life_ns, int64_t mention_window_ns)
        : half_life_ns_(half_life_ns), mention_window_ns_(mention_window_ns) {}

    /// Decay the instrument's signal to `ts` and add `weighted_score`; count the mention.
    /// Returns the updated state. Events older than the last update add without decaying
    /// backwards.
    const InstrumentSignal& add(const std::string& symbol, th_time_ns ts, double weighted_score);
    InstrumentSignal& at(const std::string& symbol) { return book_[symbol]; }

    /// Versioned text by symbol (instrument ids are per host session).
    std::string save() const;
    void restore(std::string_view blob);  // throws std::runtime_error if malformed

private:
    int64_t half_life_ns_;
    int64_t mention_window_ns_;
    std::map<std::string, InstrumentSignal> book_;
};

}  // namespace tradehost::news_trader

#endif
