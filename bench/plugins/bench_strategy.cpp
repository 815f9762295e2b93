// bench_strategy: a strategy-like stage. Integer moving average, side from price vs
// average; publishes one 64-byte event per event received.
#include "stages.hpp"

#include <tradehost/plugin.hpp>

#include <cstring>
#include <string>
#include <string_view>

namespace {

const th_port_desc kPorts[] = {
    tradehost::in_port("in", TH_EV_CUSTOM, "bench events"),
    tradehost::out_port("out", TH_EV_CUSTOM, "bench events with a side"),
};

class Strategy {
public:
    Strategy(tradehost::Host host, const tradehost::Config&) : host_(host) {}

    void on_event(uint32_t, const th_event_header& h) {
        const auto& in = reinterpret_cast<const bench::Event&>(h);
        bench::Event out;
        bench::strategy_step(state_, in, out);
        th_status s = host_.try_publish(1, out.c.hdr);
        if (s != TH_OK && s != TH_ERR_AGAIN) tradehost::throw_status(s, "publish");
    }

    // State handover for hot reload (reload_bench swaps this stage mid-stream).
    std::string snapshot() const {
        return std::string(reinterpret_cast<const char*>(&state_), sizeof state_);
    }
    void restore(std::string_view blob) {
        if (blob.size() != sizeof state_) throw tradehost::Error(TH_ERR_INVALID_ARGUMENT, "bad bench_strategy state");
        std::memcpy(&state_, blob.data(), sizeof state_);
    }

private:
    tradehost::Host host_;
    bench::StrategyState state_;
};

}  // namespace

TRADEHOST_PLUGIN(Strategy, "bench_strategy", "1.0.0", "strategy", "benchmark strategy-like stage", kPorts, nullptr)
