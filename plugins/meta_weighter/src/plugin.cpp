// Exports meta_weighter: agents' signals in, each calibrated (Platt or isotonic, refitted on a
// schedule of event time) and blended per instrument with weights from each agent's rolling
// out-of-sample record; one blended signal out per incoming view. Weights are metrics.
#include "weighter.hpp"

#include <tradehost/agent.hpp>
#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <string>

namespace tradehost::meta_weighter {

enum : uint32_t { kPortSignals = 0, kPortQuotes, kPortOut };

WeighterSettings settings_from(const Config& cfg) {
    WeighterSettings s;
    const std::string m = cfg.get_string("calibration");
    if (m == "platt") s.method = Calibrator::PlattMethod;
    else if (m == "isotonic") s.method = Calibrator::IsotonicMethod;
    else throw ConfigError("calibration: '" + m + "' is not platt or isotonic");
    s.rules.prior = cfg.get_float("prior");
    s.rules.prior_n = cfg.get_float("prior_n");
    s.rules.floor = cfg.get_float("floor");
    s.rules.cap = cfg.get_float("cap");
    s.rules.window = static_cast<size_t>(cfg.get_int("performance_window"));
    if (s.rules.floor > s.rules.cap)
        throw ConfigError("floor: " + std::to_string(s.rules.floor) + " is above cap " + std::to_string(s.rules.cap));
    s.history = static_cast<size_t>(cfg.get_int("history"));
    s.min_samples = static_cast<size_t>(cfg.get_int("min_samples"));
    s.refit_every = cfg.get_duration_ns("refit_interval");
    s.default_horizon = cfg.get_duration_ns("horizon");
    s.ttl = cfg.get_duration_ns("ttl");
    return s;
}

class MetaWeighter {
public:
    MetaWeighter(Host host, const Config& cfg) : host_(host), w_(settings_from(cfg)), name_(cfg.get_string("name")) {
        if (name_.empty() || name_.size() > 31) throw ConfigError("name: '" + name_ + "' must be 1 to 31 characters");
    }

    void start() {
        std::string blob;
        if (!host_.state_get("history", blob)) return;
        try {
            w_.decode(blob);
            host_.info("calibration history restored for " + std::to_string(w_.agents().size()) + " agents");
        } catch (const std::exception& e) {
            host_.warn(std::string("saved calibration history ignored, calibrating afresh: ") + e.what());
        }
    }

    void stop() { host_.state_put("history", w_.encode()); }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortQuotes && ev.type == TH_EV_QUOTE) {
            th_quote scratch;
            const th_quote* q = event_as<th_quote>(ev, scratch);
            if (q->bid_px <= 0 || q->ask_px <= 0) return;
            if (const int closed = w_.on_price(q->instrument, q->hdr.ts, (to_double(q->bid_px) + to_double(q->ask_px)) / 2))
                host_.metric_add("outcomes", closed);
            refit(q->hdr.ts);
        } else if (port == kPortSignals && ev.type == TH_EV_SIGNAL) {
            th_signal scratch;
            const th_signal* s = event_as<th_signal>(ev, scratch);
            if (s->instrument == 0) return;
            const std::string agent(agent::name(*s));
            if (agent.empty() || agent == name_) return;  // unnamed, or our own blend fed back
            const Blend b = w_.on_signal(agent, s->instrument, s->hdr.ts, agent::score(*s), agent::horizon(*s, 0),
                                       s->decision_id);
            if (b.agents == 0) return;
            th_signal out = agent::make_signal(s->hdr.ts, s->instrument, name_, {b.value, std::fabs(b.value), b.horizon});
            std::copy(std::begin(b.causes), std::end(b.causes), std::begin(out.cause_ids));
            host_.metric_add("blends", 1);
            host_.publish(kPortOut, out);
        }
    }

private:
    void refit(th_time_ns now) {
        if (!w_.maybe_refit(now)) return;
        host_.metric_add("refits", 1);
        host_.state_put("history", w_.encode());
        // weights as metrics: parts per million per agent, moved by deltas (metrics only add)
        const std::vector<double> weights = w_.weights();
        for (size_t i = 0; i < weights.size(); ++i) {
            const int64_t ppm = static_cast<int64_t>(std::llround(weights[i] * 1e6));
            int64_t& last = published_ppm_[w_.agents()[i]];
            if (ppm != last) host_.metric_add(("weight_ppm_" + w_.agents()[i]).c_str(), ppm - last);
            last = ppm;
        }
    }

    Host host_;
    Weighter w_;
    std::string name_;
    std::map<std::string, int64_t> published_ppm_;
};

}  // namespace tradehost::meta_weighter

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("signals", TH_EV_SIGNAL, "Agents' views; the signal name is the agent"),
    tradehost::in_port("quotes", TH_EV_QUOTE, "Mids: the outcome of each view at its horizon"),
    tradehost::out_port("blended", TH_EV_SIGNAL, "One blended view per incoming view: value in [-1, 1], strength |value|"),
};

constexpr th_config_field kConfig[] = {
    field("name", TH_CFG_STRING, "meta", "Name of the blended signals"),
    field("calibration", TH_CFG_STRING, "platt", "platt (logistic on the score) or isotonic (PAV)"),
    field("history", TH_CFG_INT, "2000", "Outcomes per agent kept for fitting", 0, 10, 10000000),
    field("min_samples", TH_CFG_INT, "50", "No fit before an agent has this many outcomes", 0, 2, 10000000),
    field("refit_interval", TH_CFG_DURATION, "1h", "Event time between refits; 0s: after every new outcome", 0, 0, 365 * 86400e9),
    field("horizon", TH_CFG_DURATION, "5m", "Outcome horizon of a signal that states none", 0, 1, 365 * 86400e9),
    field("ttl", TH_CFG_DURATION, "0s", "A view older than this leaves the blend; 0s: its horizon", 0, 0, 365 * 86400e9),
    field("prior", TH_CFG_FLOAT, "0.1", "Skill assumed before evidence (reward c x direction, -1..1)", 0, -1, 1),
    field("prior_n", TH_CFG_FLOAT, "50", "Outcomes the prior counts as", 0, 0, 1e9),
    field("floor", TH_CFG_FLOAT, "0.02", "Least weight of an agent", 0, 0, 1),
    field("cap", TH_CFG_FLOAT, "0.6", "Most weight of an agent", 0, 0, 1),
    field("performance_window", TH_CFG_INT, "500", "Outcomes in each agent's rolling record", 0, 1, 10000000),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::meta_weighter::MetaWeighter, "meta_weighter", "1.0.0", "model",
                 "Calibrates agents' signals (Platt or isotonic) and blends them by out-of-sample skill", kPorts, kConfig)
