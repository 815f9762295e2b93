// Views paired with realised forward returns; see outcomes.hpp.
#include "outcomes.hpp"

namespace tradehost::ensemble {

void Outcomes::view(th_instrument id, th_time_ns ts, const std::vector<double>& x) {
    Book& b = books_[id];
    if (!(b.last_px > 0)) return;  // no price yet: nothing to measure the return from
    if (b.pending.size() >= max_pending_) {
        b.pending.pop_front();
        ++dropped_;
    }
    b.pending.push_back({ts, b.last_px, x});
}

std::size_t Outcomes::price(th_instrument id, th_time_ns ts, double px,
                            const std::function<void(const std::vector<double>&, double)>& realised) {
    if (!(px > 0)) return 0;
    Book& b = books_[id];
    b.last_px = px;
    std::size_t n = 0;
    // Views are in time order: realise from the front while their horizon has passed.
    while (!b.pending.empty() && b.pending.front().ts + horizon_ <= ts) {
        const View& v = b.pending.front();
        realised(v.x, px / v.px - 1.0);
        b.pending.pop_front();
        ++n;
    }
    return n;
}

}  // namespace tradehost::ensemble
