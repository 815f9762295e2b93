// bench_cross: the wire benchmark's strategy. On every quote it crosses the spread: a buy
// limit IOC of `qty` at the ask, so each market-data frame becomes exactly one order.
#include <tradehost/plugin.hpp>

#include <string>

namespace {

const th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "quotes to cross on"),
    tradehost::out_port("orders", TH_EV_ORDER_REQUEST, "one buy limit IOC at the ask per quote"),
};

constexpr th_config_field kConfig[] = {
    tradehost::field("qty", TH_CFG_DECIMAL, "0.001", "quantity of each order", 0, 0, 9e10),
};

class Cross {
public:
    Cross(tradehost::Host host, const tradehost::Config& cfg) : host_(host), qty_(cfg.get_fixed("qty")) {}

    void on_event(uint32_t, const th_event_header& h) {
        const auto& q = reinterpret_cast<const th_quote&>(h);
        if (q.ask_px <= 0) return;
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

private:
    tradehost::Host host_;
    th_fixed qty_;
    uint64_t n_ = 0;
};

}  // namespace

TRADEHOST_PLUGIN(Cross, "bench_cross", "1.0.0", "strategy", "wire benchmark: crosses the spread on every quote", kPorts,
                 kConfig)
