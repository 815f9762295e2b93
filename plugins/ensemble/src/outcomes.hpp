// What each member said, paired with what the market did next: a blend's member scores are
// kept with the price at that moment, and once the horizon has passed the realised forward
// return is paired with each member's score (the input of bma and dynamic weights).
#pragma once

#include <tradehost/plugin.h>

#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

namespace tradehost::ensemble {

class Outcomes {
public:
    /// `horizon_ns`: how long after a view its return is measured; `max_pending`: views kept
    /// per instrument awaiting their outcome (the oldest are dropped past it).
    Outcomes(th_time_ns horizon_ns, std::size_t max_pending) : horizon_(horizon_ns), max_pending_(max_pending) {}

    /// A blend was made for `id` at `ts` from member scores `x`.
    void view(th_instrument id, th_time_ns ts, const std::vector<double>& x);
    /// A price of `id` at `ts` (> 0). Views whose horizon has passed are realised against it:
    /// `realised(x, r)` gets each one's member scores and forward return. Returns how many.
    std::size_t price(th_instrument id, th_time_ns ts, double px,
                      const std::function<void(const std::vector<double>&, double)>& realised);
    /// Views dropped because an instrument had too many awaiting their outcome.
    std::size_t dropped() const { return dropped_; }

private:
    struct View {
        th_time_ns ts;
        double px;  ///< the price when the view was made
        std::vector<double> x;
    };
    struct Book {
        double last_px = 0;
        std::deque<View> pending;
    };
    th_time_ns horizon_;
    std::size_t max_pending_;
    std::size_t dropped_ = 0;
    std::unordered_map<th_instrument, Book> books_;
};

}  // namespace tradehost::ensemble
