// echo: republishes the quotes it receives, optionally only those of one instrument.
// A complete tradehost plugin in C++ (docs/plugin-author-guide.md).
#include <tradehost/plugin.hpp>

#include <string>

namespace {

// Port indexes are positions in kPorts, inputs and outputs counted together.
constexpr uint32_t kPortQuotes = 0;
constexpr uint32_t kPortOut = 1;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "Quotes to echo"),
    tradehost::out_port("out", TH_EV_QUOTE, "The quotes that pass the filter, unchanged"),
};

constexpr th_config_field kConfig[] = {
    tradehost::field("symbol", TH_CFG_STRING, nullptr, "Echo only this instrument; unset: every instrument"),
    tradehost::field("min_spread", TH_CFG_DECIMAL, "0", "Skip quotes whose ask - bid is below this", 0, 0, 1e6),
};

class Echo {
public:
    // Runs in create, on the control thread. A throw becomes create's error message.
    Echo(tradehost::Host host, const tradehost::Config& cfg)
        : host_(host), min_spread_(cfg.get_fixed("min_spread")) {
        if (cfg.has("symbol")) only_ = host_.intern(cfg.get_string("symbol"));
    }

    // Runs on the instance's executor thread; `ev` is borrowed until this returns.
    void on_event(uint32_t port, const th_event_header& ev) {
        th_quote scratch;
        const th_quote* q = tradehost::event_as<th_quote>(ev, scratch);
        if (port != kPortQuotes || q == nullptr)
            throw tradehost::InvalidArgument("unexpected event type " + std::to_string(ev.type) + " on port " +
                                             std::to_string(port));
        if ((only_ != 0 && q->instrument != only_) || q->ask_px - q->bid_px < min_spread_) {
            host_.metric_add("skipped", 1);  // tradehost_plugin_skipped_total{instance="..."}
            return;
        }
        th_quote out = *q;            // the input is const and borrowed: publish a copy
        out.hdr.size = sizeof out;    // the publisher's struct may have been larger or smaller
        host_.publish(kPortOut, out);
    }

private:
    tradehost::Host host_;
    th_fixed min_spread_;
    th_instrument only_ = 0;  // 0: no filter
};

}  // namespace

TRADEHOST_PLUGIN(Echo, "echo", "1.0.0", "other", "Republishes quotes, optionally of one instrument", kPorts, kConfig)
