// The synthetic feed instance: owns the generator and drives it from a host timer.
#pragma once

#include "book_view.hpp"
#include "generator.hpp"
#include <tradehost/pacer.hpp>
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::synthetic {

/// Output port indices; must match kPorts in plugin.cpp.
enum : uint32_t { kPortQuotes = 0, kPortTrades = 1, kPortBooks = 2, kPortAltQuotes = 3, kPortAltBooks = 4 };

class Synthetic {
public:
    Synthetic(Host host, const Config& cfg);

    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    void finish();
    /// Publish the books and the second venue's view of step_.quote (book_levels > 0).
    th_status publish_books();

    Host host_;
    Settings settings_;
    Generator gen_;
    Pacer pacer_;
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    bool finished_ = false;
    Step step_{};
    th_book book_;  ///< 16 KB each: members, not on the stack; only used levels are sent
    th_book alt_book_;
};

}  // namespace tradehost::synthetic
