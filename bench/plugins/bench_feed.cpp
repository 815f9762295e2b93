// bench_feed: publishes `count` bench events as fast as possible (rate 0, from one timer
// callback) or paced at `rate` events/s, then says it finished. A paced feed publishes in
// slices of at most 200 us from a periodic timer (re-arming a periodic timer allocates
// nothing; a new one-shot timer per slice would), so its executor runs other work (a
// reload's quiesce and swap, timers) while the feed goes on, as with a real feed driven by
// its socket. Stamps the steady clock into the first, the last and every
// `stamp_every`-th event.
#include "stages.hpp"

#include <tradehost/plugin.hpp>

namespace {

const th_port_desc kPorts[] = {
    tradehost::out_port("out", TH_EV_CUSTOM, "bench events (64 bytes)"),
};
const th_config_field kConfig[] = {
    tradehost::field("count", TH_CFG_INT, "1000000", "events to publish", 0, 1, 1e12),
    tradehost::field("rate", TH_CFG_INT, "0", "events per second; 0: as fast as possible", 0, 0, 1e10),
    tradehost::field("stamp_every", TH_CFG_INT, "0",
                     "stamp publish time into every Nth event (0: only the first and the last)", 0, 0, 1e12),
};

class Feed {
public:
    Feed(tradehost::Host host, const tradehost::Config& cfg)
        : host_(host),
          count_(static_cast<uint64_t>(cfg.get_int("count"))),
          rate_(cfg.get_int("rate")),
          stamp_every_(static_cast<uint64_t>(cfg.get_int("stamp_every"))) {}

    void start() { timer_ = host_.timer_start(0, rate_ > 0 ? kSliceNs : 0); }

    void on_timer(uint64_t, th_time_ns) {
        const int64_t period = rate_ > 0 ? 1000000000 / rate_ : 0;
        if (t0_ == 0) t0_ = bench::steady_ns();
        const int64_t slice_end = period ? bench::steady_ns() + kSliceNs : INT64_MAX;
        bench::Event ev;
        for (; next_ < count_; ++next_) {
            if (period) {
                const int64_t due = t0_ + static_cast<int64_t>(next_) * period;
                if (due > slice_end) return;  // the rest in the next slice
                while (bench::steady_ns() < due) {
                }
            }
            bench::feed_fill(ev, next_, count_);
            if (bench::stamped(next_, count_, stamp_every_)) ev.t_pub = bench::steady_ns();
            th_status s = host_.try_publish(0, ev.c.hdr);
            if (s == TH_ERR_AGAIN) break;
            if (s != TH_OK) tradehost::throw_status(s, "publish");
        }
        if (period) host_.timer_cancel(timer_);
        host_.source_finished();
    }

private:
    tradehost::Host host_;
    uint64_t count_;
    int64_t rate_;
    uint64_t stamp_every_;
    static constexpr int64_t kSliceNs = 200'000;
    uint64_t timer_ = 0;
    int64_t t0_ = 0;     // steady time of the first event (paced: event i is due at t0_ + i * period)
    uint64_t next_ = 0;  // the next event to publish
};

}  // namespace

TRADEHOST_PLUGIN(Feed, "bench_feed", "1.0.0", "feed", "benchmark feed: 64-byte events, unpaced or paced", kPorts,
                 kConfig)
