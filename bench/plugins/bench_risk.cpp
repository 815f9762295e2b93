// bench_risk: a risk-like stage. Position limit and notional check; rejected events are
// flagged and still forwarded, so every event reaches the sink.
#include "stages.hpp"

#include <tradehost/plugin.hpp>

namespace {

const th_port_desc kPorts[] = {
    tradehost::in_port("in", TH_EV_CUSTOM, "bench events"),
    tradehost::out_port("out", TH_EV_CUSTOM, "bench events, checked"),
};
const th_config_field kConfig[] = {
    tradehost::field("limit", TH_CFG_INT, "1000", "position limit", 0, 0, 1e15),
};

class Risk {
public:
    Risk(tradehost::Host host, const tradehost::Config& cfg) : host_(host) { state_.limit = cfg.get_int("limit"); }

    void on_event(uint32_t, const th_event_header& h) {
        const auto& in = reinterpret_cast<const bench::Event&>(h);
        bench::Event out;
        bench::risk_step(state_, in, out);
        th_status s = host_.try_publish(1, out.c.hdr);
        if (s != TH_OK && s != TH_ERR_AGAIN) tradehost::throw_status(s, "publish");
    }

private:
    tradehost::Host host_;
    bench::RiskState state_;
};

}  // namespace

TRADEHOST_PLUGIN(Risk, "bench_risk", "1.0.0", "risk", "benchmark risk-like stage", kPorts, kConfig)
