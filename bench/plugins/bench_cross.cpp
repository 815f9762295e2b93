// bench_cross: the wire benchmark's strategy. On every quote it crosses the spread: a buy
// limit IOC of `qty` at the ask, so each market-data frame becomes exactly one order.
// With `stamps` set it also notes when each quote reached it (steady clock, by ask price)
// and writes them there at stop, so wire_bench can split the latency at the strategy.
#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace {

const th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "quotes to cross on"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "one buy limit IOC at the ask per quote"),
};

constexpr th_config_field kConfig[] = {
    tradehost::field("qty", TH_CFG_DECIMAL, "0.001", "quantity of each order", 0, 0, 9e10),
    tradehost::field("stamps", TH_CFG_STRING, "", "file for (ask, steady-clock ns) of each quote, written at stop"),
};

class Cross {
public:
    Cross(tradehost::Host host, const tradehost::Config& cfg)
        : host_(host), qty_(cfg.get_fixed("qty")), stamps_path_(cfg.get_string("stamps")) {
        if (!stamps_path_.empty()) stamps_.reserve(1u << 16);
    }

    void on_event(uint32_t, const th_event_header& h) {
        const auto& q = reinterpret_cast<const th_quote&>(h);
        if (q.ask_px <= 0) return;
        if (!stamps_path_.empty() && stamps_.size() < stamps_.capacity())
            stamps_.emplace_back(q.ask_px, std::chrono::steady_clock::now().time_since_epoch().count());
        auto r = tradehost::make_event<th_order_request>(q.hdr.ts);
        r.instrument = q.instrument;
        r.action = TH_ORDER_NEW;
        r.side = TH_SIDE_BUY;
        r.order_type = TH_ORDER_LIMIT;
        r.tif = TH_TIF_IOC;
        r.qty = qty_;
        r.limit_px = q.ask_px;
        tradehost::copy_str(r.client_order_id, "w" + std::to_string(++n_));
        host_.publish(1, r);
    }

    void stop() {
        if (stamps_path_.empty()) return;
        if (std::FILE* f = std::fopen(stamps_path_.c_str(), "w")) {
            for (const auto& [px, t] : stamps_) std::fprintf(f, "%lld %lld\n", static_cast<long long>(px), static_cast<long long>(t));
            std::fclose(f);
        }
    }

private:
    tradehost::Host host_;
    th_fixed qty_;
    std::string stamps_path_;
    std::vector<std::pair<th_fixed, int64_t>> stamps_;
    uint64_t n_ = 0;
};

}  // namespace

TRADEHOST_PLUGIN(Cross, "bench_cross", "1.0.0", "strategy", "wire benchmark: crosses the spread on every quote", kPorts,
                 kConfig)
