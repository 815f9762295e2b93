// bench_feed: publishes `count` bench events as fast as possible (rate 0) or paced at
// `rate` events/s, from one timer callback, then says it finished. Stamps the steady clock
// into the first, the last and every `stamp_every`-th event.
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

    void start() { host_.timer_start(0, 0); }

    void on_timer(uint64_t, th_time_ns) {
        const int64_t period = rate_ > 0 ? 1000000000 / rate_ : 0;
        const int64_t t0 = bench::steady_ns();
        bench::Event ev;
        for (uint64_t i = 0; i < count_; ++i) {
            bench::feed_fill(ev, i, count_);
            if (period) {
                const int64_t due = t0 + static_cast<int64_t>(i) * period;
                while (bench::steady_ns() < due) {
                }
            }
            if (bench::stamped(i, count_, stamp_every_)) ev.t_pub = bench::steady_ns();
            th_status s = host_.try_publish(0, ev.c.hdr);
            if (s == TH_ERR_AGAIN) break;
            if (s != TH_OK) tradehost::throw_status(s, "publish");
        }
        host_.source_finished();
    }

private:
    tradehost::Host host_;
    uint64_t count_;
    int64_t rate_;
    uint64_t stamp_every_;
};

}  // namespace

TRADEHOST_PLUGIN(Feed, "bench_feed", "1.0.0", "feed", "benchmark feed: 64-byte events, unpaced or paced", kPorts,
                 kConfig)
