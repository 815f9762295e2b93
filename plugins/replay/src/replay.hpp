// The replay feed instance: holds the loaded rows and publishes them from a host timer.
#pragma once

#include "book_loader.hpp"
#include "loader.hpp"
#include "odds_symbol.hpp"
#include <tradehost/pacer.hpp>

#include <tradehost/plugin.hpp>
#include <tradehost/venue/book.hpp>

#include <unordered_map>

#include <string>
#include <string_view>
#include <vector>

namespace tradehost::replay {

/// Output port indices; must match kPorts in plugin.cpp.
enum : uint32_t { kPortQuotes = 0, kPortBars = 1, kPortBooks = 2, kPortOdds = 3 };

class Replay {
public:
    /// Loads and validates the whole file; throws ConfigError on any problem.
    Replay(Host host, const Config& cfg);

    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    th_status publish(const Row& r);
    /// The book's top after update `u` as a quote (what the paper venue matches resting
    /// orders against), then the update itself.
    th_status publish(const BookUpdate& u);
    /// With `exchange` set: the book's best back (bid) and lay (ask) as odds events.
    th_status publish_odds(const BookUpdate& u, const venue::Book& book);
    size_t size() const { return format_ == Format::Books ? updates_.size() : rows_.size(); }
    void finish();

    Host host_;
    std::string path_;
    Format format_;
    uint32_t interval_s_;
    Pacer pacer_;
    std::vector<Row> rows_;
    std::vector<BookUpdate> updates_;                     ///< format: books
    std::unordered_map<th_instrument, venue::Book> books_;  ///< the replayed books, for their tops
    std::string exchange_;                                ///< bookmaker name of odds events; "" publishes none
    std::unordered_map<th_instrument, OddsSymbol> selections_;  ///< exchange: each book's selection
    size_t cursor_ = 0;
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    bool finished_ = false;
};

}  // namespace tradehost::replay
