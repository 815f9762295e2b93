// A stateful plugin for hot-reload tests. It forwards every quote and keeps, as state that
// must survive a reload, the number of events seen and the last input sequence number; it
// counts gaps and repeats in the input sequence. Built in three variants of one version:
//   COUNTER_VARIANT 0: works;  1: create fails;  2: restore throws.
#include <tradehost/plugin.hpp>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#ifndef COUNTER_VARIANT
#define COUNTER_VARIANT 0
#define COUNTER_VERSION "1.0.0"
#endif

namespace {

class ReloadCounter {
public:
    ReloadCounter(tradehost::Host host, const tradehost::Config& cfg) : host_(host), tag_(cfg.get_int("tag")) {
        if (COUNTER_VARIANT == 1) throw tradehost::ConfigError("this build cannot be created (variant 1)");
    }

    void start() {
        host_.metric_add("starts", 1);
        host_.metric_add("tag_sum", tag_);  // shows which config each started version read
    }
    void stop() { host_.metric_add("final_count", count_ - reported_), reported_ = count_; }

    void on_event(uint32_t, const th_event_header& ev) {
        if (last_seq_ != 0 && ev.seq != last_seq_ + 1) host_.metric_add(ev.seq <= last_seq_ ? "seq_repeats" : "seq_gaps", 1);
        last_seq_ = ev.seq;
        ++count_;
        th_quote q;
        std::memcpy(&q, &ev, sizeof q);
        host_.publish(1, q);
    }

    std::string snapshot() {
        char buf[64];
        std::snprintf(buf, sizeof buf, "v1 %llu %llu %llu", static_cast<unsigned long long>(count_),
                      static_cast<unsigned long long>(last_seq_), static_cast<unsigned long long>(reported_));
        return buf;
    }
    void restore(std::string_view blob) {
        if (COUNTER_VARIANT == 2) throw std::runtime_error("restore refused (variant 2)");
        unsigned long long c = 0, s = 0, r = 0;
        if (std::sscanf(std::string(blob).c_str(), "v1 %llu %llu %llu", &c, &s, &r) != 3)
            throw std::runtime_error("bad snapshot");
        count_ = c;
        last_seq_ = s;
        reported_ = r;
    }

private:
    tradehost::Host host_;
    int64_t tag_;
    uint64_t count_ = 0, last_seq_ = 0, reported_ = 0;
};

constexpr th_config_field kConfig[] = {
    tradehost::field("tag", TH_CFG_INT, "0", "a value to reconfigure"),
};
constexpr th_port_desc kPorts[] = {
    tradehost::in_port("in", TH_EV_QUOTE, "quotes"),
    tradehost::out_port("out", TH_EV_QUOTE, "the same quotes"),
};

}  // namespace

TRADEHOST_PLUGIN(ReloadCounter, "reload_counter", COUNTER_VERSION, "other", "stateful counter for reload tests",
                 kPorts, kConfig)
