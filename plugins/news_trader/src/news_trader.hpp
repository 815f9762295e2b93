// The news_trader strategy: trades on sentiment per instrument, with a weight per news
// source, a decay of the signal over time, a minimum score and mention count, a cooldown
// per instrument, and orders sent through the risk gate.
#ifndef TRADEHOST_NEWS_TRADER_NEWS_TRADER_HPP
#define TRADEHOST_NEWS_TRADER_NEWS_TRADER_HPP

#include "signal_book.hpp"

#include <tradehost/plugin.hpp>

#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace tradehost::news_trader {

enum Port : uint32_t { kSentimentIn = 0, kNewsIn, kFillsIn, kExecReportsIn, kPositionsIn, kOrdersOut };

struct Settings {
    th_fixed order_qty = 0;
    double min_score = 0;
    int64_t min_mentions = 1;
    int64_t mention_window_ns = 0;
    int64_t half_life_ns = 0;
    int64_t cooldown_ns = 0;
    bool allow_short = true;
    double min_confidence = 0;
    double default_weight = 1;
    std::map<std::string, double> source_weights;
    std::set<std::string> instruments;  // empty: all
};

Settings read_settings(const Config& cfg);

class NewsTrader {
public:
    NewsTrader(Host host, const Config& cfg);
    /// Loads the saved signals, unless a hot reload restored them. In start, not create:
    /// `tradehost validate` creates instances without a journal.
    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    struct Book {  // what the venue says this strategy holds
        th_fixed position = 0;
        bool open = false;
    };
    void on_sentiment(const th_sentiment& s);
    void on_news(const th_news& n);
    void on_fill(const th_fill& f);
    void on_report(const th_execution_report& r);
    void send(th_instrument id, const std::string& sym, th_fixed qty, th_time_ns ts);
    bool own(const char* client_order_id) const;
    void save();

    Host host_;
    Settings s_;
    SignalBook signals_;
    std::map<th_instrument, Book> books_;
    std::unordered_map<std::string, std::string> source_of_;  // news id -> source (recent)
    std::deque<std::string> source_order_;
    std::string prefix_;  // "<instance>-<session>-"
    uint64_t next_id_ = 1;
    bool loaded_ = false;  // restored by hot reload or loaded once
};

}  // namespace tradehost::news_trader

#endif
