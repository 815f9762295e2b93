// Plugin timers (the host table's timer_start/timer_cancel): each belongs to its
// instance's executor thread, fires as one journal unit, and dies with the instance's stop.
#include "pipeline/runtime.hpp"
#include "pipeline/timer.hpp"

#include <chrono>

namespace tradehost {

th_status Runtime::timer_start(Instance& in, int64_t delay, int64_t period, uint64_t* out) {
    if (!out || delay < 0 || period < 0) return TH_ERR_INVALID_ARGUMENT;
    // Timers belong to the executor thread, from start() on.
    if (!in.started || Executor::current() != in.exec) return TH_ERR_STATE;
    uint64_t id = in.next_timer++;
    auto t = std::make_unique<Timer>(in.exec->io());
    t->period = period;
    t->t.expires_after(std::chrono::nanoseconds(delay));
    t->t.async_wait([this, &in, id](const boost::system::error_code& ec) {
        if (!ec) fire_timer(in, id);
    });
    in.timers[id] = std::move(t);
    *out = id;
    return TH_OK;
}

th_status Runtime::timer_cancel(Instance& in, uint64_t id) {
    if (Executor::current() != in.exec) return TH_ERR_STATE;
    auto it = in.timers.find(id);
    if (it == in.timers.end()) return TH_ERR_NOT_FOUND;
    it->second->t.cancel();
    in.timers.erase(it);
    return TH_OK;
}

void Runtime::fire_timer(Instance& in, uint64_t id) {
    auto it = in.timers.find(id);
    if (it == in.timers.end() || in.stopped || in.isolated || !in.lib->entry().on_timer) return;
    Timer& t = *it->second;
    if (t.period > 0) {
        // From the previous expiry, not from now: a periodic timer does not drift.
        t.t.expires_at(t.t.expiry() + std::chrono::nanoseconds(t.period));
        t.t.async_wait([this, &in, id](const boost::system::error_code& ec) {
            if (!ec) fire_timer(in, id);
        });
    } else {
        in.timers.erase(it);
    }
    JournalUnit unit(journal_.get());
    ++in.in_call;
    th_status s = in.lib->entry().on_timer(in.handle, id, api_.clock_now(nullptr));
    --in.in_call;
    if (s != TH_OK) faults_.failed(in, "on_timer", s);
    else in.consecutive_errors = 0;
}

void Runtime::cancel_timers(Instance& in) {
    for (auto& [id, t] : in.timers) t->t.cancel();
    in.timers.clear();
}

}  // namespace tradehost
