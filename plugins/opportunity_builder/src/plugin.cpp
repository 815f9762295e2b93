// Exports opportunity_builder: a cycle's picks (top_k's NAME:i/n signals, or any signal as a
// cycle of one) become quantity targets: each view's expected alpha net of fees, half-spread
// and square-root impact sets its size; gross, net, sector, name and turnover limits bound
// the portfolio; lots round toward zero. Targets go to exec_algos (TH_TARGET_QTY).
#include "builder.hpp"

#include <tradehost/agent.hpp>
#include <tradehost/plugin.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace tradehost::opportunity_builder {

enum : uint32_t { kPortPicks = 0, kPortQuotes, kPortBooks, kPortTargets, kPortFills };

BuilderSettings settings_from(const Config& cfg) {
    BuilderSettings s;
    s.costs.fee_bps = cfg.get_float("fee_bps");
    s.costs.impact_coef = cfg.get_float("impact_coef");
    s.costs.daily_vol = cfg.get_float("daily_vol");
    s.costs.daily_volume = cfg.get_float("daily_volume");
    s.alpha_bps = cfg.get_float("alpha_bps");
    s.limits.max_name = cfg.get_float("max_name");
    s.limits.max_sector = cfg.get_float("max_sector");
    s.limits.max_gross = cfg.get_float("max_gross");
    s.limits.max_net = cfg.get_float("max_net");
    s.limits.max_turnover = cfg.get_float("max_turnover");
    s.hold_unpicked = cfg.get_bool("hold_unpicked");
    s.lot = cfg.get_float("lot_size");
    const std::string model = cfg.get_string("impact_model");
    if (model != "sqrt" && model != "kyle") throw ConfigError("impact_model: '" + model + "' is not sqrt or kyle");
    s.costs.kyle = model == "kyle";
    s.kyle_window = static_cast<size_t>(cfg.get_int("kyle_window"));
    s.kyle_min_fills = static_cast<size_t>(cfg.get_int("kyle_min_fills"));
    if (s.kyle_min_fills > s.kyle_window)
        throw ConfigError("kyle_min_fills: " + std::to_string(s.kyle_min_fills) + " is more than kyle_window " + std::to_string(s.kyle_window));
    if (s.costs.impact_coef == 0 && s.limits.max_name == 0)
        throw ConfigError("max_name: required when impact_coef is 0 (without impact, nothing else bounds a name's size)");
    return s;
}

class OpportunityBuilder {
public:
    OpportunityBuilder(Host host, const Config& cfg)
        : host_(host), b_(settings_from(cfg)), strategy_(cfg.has("strategy") ? cfg.get_string("strategy") : host.instance_name()) {
        if (strategy_.size() > 31) throw ConfigError("strategy: '" + strategy_ + "' is longer than 31 characters");
        if (cfg.has("sectors")) {
            std::unordered_map<std::string, int32_t> ids;
            for (const std::string& e : cfg.get_list("sectors")) {
                const size_t colon = e.find(':');
                if (colon == std::string::npos || colon == 0 || colon + 1 == e.size())
                    throw ConfigError("sectors: '" + e + "' is not SYMBOL:SECTOR");
                b_.set_sector(host_.intern(e.substr(0, colon)), ids.emplace(e.substr(colon + 1), static_cast<int32_t>(ids.size())).first->second);
            }
        }
    }

    void start() {
        std::string blob;
        if (!host_.state_get("targets", blob)) return;
        std::istringstream in(blob);
        std::string sym;
        double qty = 0;
        while (in >> sym >> qty) b_.set_position(host_.intern(sym), qty);
        host_.info("last targets restored for " + std::to_string(b_.positions().size()) + " instruments");
    }

    void stop() { flush(); }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortQuotes && ev.type == TH_EV_QUOTE) {
            th_quote scratch;
            const th_quote* q = event_as<th_quote>(ev, scratch);
            b_.on_touch(q->instrument, to_double(q->bid_px), to_double(q->ask_px));
        } else if (port == kPortBooks && ev.type == TH_EV_BOOK) {
            const auto& bk = reinterpret_cast<const th_book&>(ev);
            // snapshots only: a delta's levels are changes, not the touch
            if (bk.snapshot && bk.bid_count > 0 && bk.ask_count > 0 && ev.size >= th_book_size(bk.bid_count, bk.ask_count))
                b_.on_touch(bk.instrument, to_double(bk.levels[0].px), to_double(bk.levels[bk.bid_count].px));
        } else if (port == kPortFills && ev.type == TH_EV_FILL) {
            th_fill scratch;
            const th_fill* f = event_as<th_fill>(ev, scratch);
            const double q = to_double(f->qty);
            b_.on_fill(f->instrument, to_double(f->px), f->side == TH_SIDE_SELL ? -q : q);
        } else if (port == kPortPicks && ev.type == TH_EV_SIGNAL) {
            th_signal scratch;
            const th_signal* s = event_as<th_signal>(ev, scratch);
            if (s->instrument == 0) return;
            on_pick(*s);
        }
    }

private:
    void on_pick(const th_signal& s) {
        if (!batch_.empty() && s.hdr.ts != batch_ts_) flush();  // a new cycle began without the last one's end
        batch_ts_ = s.hdr.ts;
        if (lot_checked_.insert(s.instrument).second)
            if (auto info = host_.instrument_info(s.instrument); info && info->lot_size > 0)
                b_.set_lot(s.instrument, to_double(info->lot_size));  // the venue's lot wins over lot_size
        Opportunity o{s.instrument, agent::score(s), s.horizon_ns};
        bool merged = false;
        for (Opportunity& b : batch_)
            if (b.id == o.id) {  // views of one instrument merge: the latest wins
                b = o;
                merged = true;
            }
        if (!merged) batch_.push_back(o);
        pick_ids_[s.instrument] = s.decision_id;  // the latest view's id: the target's cause
        // top_k names its picks NAME:i/n: the cycle is complete at i == n
        const std::string name(agent::name(s));
        const size_t colon = name.rfind(':'), slash = name.rfind('/');
        bool last = true;
        if (colon != std::string::npos && slash != std::string::npos && slash > colon)
            last = std::atoi(name.c_str() + colon + 1) >= std::atoi(name.c_str() + slash + 1);
        if (last) flush();
    }

    void flush() {
        if (batch_.empty()) return;
        unsigned bound = 0;
        int unpriced = 0;
        const std::vector<Target> targets = b_.build(batch_, &bound, &unpriced);
        batch_.clear();
        const std::map<th_instrument, uint64_t> picks = std::move(pick_ids_);
        pick_ids_.clear();
        host_.metric_add("cycles", 1);
        if (unpriced) host_.metric_add("picks_unpriced", unpriced);
        for (unsigned bit = 0; bit < 5; ++bit)
            if (bound & (1u << bit)) host_.metric_add(kBoundNames[bit], 1);
        for (const Target& t : targets) {
            th_target out = make_event<th_target>(batch_ts_);
            out.instrument = t.id;
            out.kind = TH_TARGET_QTY;
            out.urgency = static_cast<uint8_t>(std::lround(255 * std::fabs(t.score)));
            out.value = to_fixed(t.qty);
            out.horizon_ns = t.horizon;
            std::snprintf(out.strategy, sizeof out.strategy, "%s", strategy_.c_str());
            if (auto p = picks.find(t.id); p != picks.end()) out.cause_ids[0] = p->second;  // an exit has no pick
            if (t.alpha_bps > 0)
                std::snprintf(out.reason, sizeof out.reason, "view %.3f: alpha %.2f bps, expected cost %.2f bps", t.score,
                              t.alpha_bps, t.cost_bps);
            else
                std::snprintf(out.reason, sizeof out.reason, "not picked this cycle: exit, expected cost %.2f bps", t.cost_bps);
            host_.metric_add("targets", 1);
            host_.publish(kPortTargets, out);
        }
        std::string blob;
        for (const auto& [id, qty] : b_.positions()) {
            char line[96];
            std::snprintf(line, sizeof line, " %.17g\n", qty);
            blob += host_.symbol(id) + line;
        }
        host_.state_put("targets", blob);
    }

    static constexpr const char* kBoundNames[5] = {"bound_name", "bound_sector", "bound_gross", "bound_net", "bound_turnover"};

    Host host_;
    std::map<th_instrument, uint64_t> pick_ids_;  // this cycle's picks' decision ids (ABI 1.3)
    Builder b_;
    std::string strategy_;
    std::vector<Opportunity> batch_;
    th_time_ns batch_ts_ = 0;
    std::unordered_set<th_instrument> lot_checked_;
};

}  // namespace tradehost::opportunity_builder

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("picks", TH_EV_SIGNAL, "The cycle's views (top_k's NAME:i/n picks; any other signal is a cycle of one)"),
    tradehost::in_port("quotes", TH_EV_QUOTE, "The touch: mid and half-spread"),
    tradehost::in_port("books", TH_EV_BOOK, "Book snapshots: the touch from the best levels"),
    tradehost::out_port("targets", TH_EV_TARGET, "Quantity targets (TH_TARGET_QTY) of the names whose target changes"),
    tradehost::in_port("fills", TH_EV_FILL, "Fills (any venue's or a router's) for Kyle's lambda (impact_model: kyle)"),
};

constexpr th_config_field kConfig[] = {
    field("alpha_bps", TH_CFG_FLOAT, "20", "Expected return over the horizon of a view of strength 1, bps", 0, 0, 1e5),
    field("fee_bps", TH_CFG_FLOAT, "1", "Venue fee, bps of notional", 0, 0, 1e4),
    field("impact_coef", TH_CFG_FLOAT, "1", "Y of the square-root impact Y sigma sqrt(Q/V); 0: no impact", 0, 0, 100),
    field("impact_model", TH_CFG_STRING, "sqrt",
          "sqrt: Y sigma sqrt(Q/V); kyle: lambda Q^2 with lambda fitted on fills (sqrt until fitted)"),
    field("kyle_window", TH_CFG_INT, "100", "Fills per instrument in Kyle's regression", 0, 2, 1e6),
    field("kyle_min_fills", TH_CFG_INT, "20", "Fill pairs needed before the fitted lambda is used", 0, 2, 1e6),
    field("daily_vol", TH_CFG_FLOAT, "0.02", "sigma: daily volatility of returns", 0, 0, 10),
    field("daily_volume", TH_CFG_FLOAT, "1000000", "V: units traded a day", 0, 0, 1e15),
    field("max_name", TH_CFG_FLOAT, "0", "Most |notional| in one name; 0: no cap", 0, 0, 1e15),
    field("max_sector", TH_CFG_FLOAT, "0", "Most gross notional in one sector; 0: no cap", 0, 0, 1e15),
    field("max_gross", TH_CFG_FLOAT, "0", "Most gross notional; 0: no cap", 0, 0, 1e15),
    field("max_net", TH_CFG_FLOAT, "0", "Most |net notional|; 0: no cap", 0, 0, 1e15),
    field("max_turnover", TH_CFG_FLOAT, "0", "Most notional traded per cycle; 0: no cap", 0, 0, 1e15),
    field("sectors", TH_CFG_STRING_LIST, nullptr, "SYMBOL:SECTOR entries for max_sector; unlisted names are in no sector"),
    field("hold_unpicked", TH_CFG_BOOL, "false", "Keep names not picked this cycle (true) or take them to 0 (false)"),
    field("lot_size", TH_CFG_FLOAT, "1", "Quantities are whole multiples of this", 0, 1e-8, 1e9),
    field("strategy", TH_CFG_STRING, nullptr, "th_target::strategy (may end in @twap etc. for exec_algos); unset: the instance name"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::opportunity_builder::OpportunityBuilder, "opportunity_builder", "1.0.0", "strategy",
                 "A cycle's views into quantity targets net of costs within gross, net, sector, name and turnover limits",
                 kPorts, kConfig)
