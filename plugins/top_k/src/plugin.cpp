// Exports top_k: blended views in, every `cycle` of event time the k best opportunities out,
// picked by a bandit over instruments (Thompson or UCB) on top of each view's strength, with a
// penalty per pick already in the same sector. Last cycle's picks are scored against the move
// since (direction x sign of the mid's change) and teach the bandit. Choices are journaled.
#include "bandit.hpp"
#include "correlation.hpp"

#include <tradehost/agent.hpp>
#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace tradehost::top_k {

enum : uint32_t { kPortSignals = 0, kPortQuotes, kPortPicks };

BanditSettings settings_from(const Config& cfg) {
    BanditSettings s;
    const std::string p = cfg.get_string("policy");
    if (p == "thompson") s.policy = BanditSettings::Thompson;
    else if (p == "ucb") s.policy = BanditSettings::Ucb;
    else throw ConfigError("policy: '" + p + "' is not thompson or ucb");
    s.exploration = cfg.get_float("exploration");
    s.prior_n = cfg.get_float("prior_n");
    s.penalty = cfg.get_float("sector_penalty");
    s.corr_penalty = cfg.get_float("corr_penalty");
    s.seed = static_cast<uint64_t>(cfg.get_int("seed"));
    return s;
}

class TopK {
public:
    TopK(Host host, const Config& cfg)
        : host_(host), bandit_(settings_from(cfg)), k_(static_cast<size_t>(cfg.get_int("k"))),
          cycle_(cfg.get_duration_ns("cycle")), min_strength_(cfg.get_float("min_strength")), name_(cfg.get_string("name")),
          corr_(static_cast<size_t>(cfg.get_int("corr_window")), static_cast<size_t>(cfg.get_int("corr_min_cycles"))) {
        if (name_.empty() || name_.size() > 24) throw ConfigError("name: '" + name_ + "' must be 1 to 24 characters");
        if (cfg.has("sectors")) {
            std::unordered_map<std::string, int32_t> ids;
            for (const std::string& e : cfg.get_list("sectors")) {
                const size_t colon = e.find(':');
                if (colon == std::string::npos || colon == 0 || colon + 1 == e.size())
                    throw ConfigError("sectors: '" + e + "' is not SYMBOL:SECTOR");
                const int32_t g = ids.emplace(e.substr(colon + 1), static_cast<int32_t>(ids.size())).first->second;
                sector_[host_.intern(e.substr(0, colon))] = g;
            }
        }
    }

    void start() {
        std::string blob;
        if (!host_.state_get("bandit", blob)) return;
        try {
            bandit_.decode(blob);
        } catch (const std::exception& e) {
            host_.warn(std::string("saved bandit ignored, learning afresh: ") + e.what());
        }
        if (!host_.state_get("arms", blob)) return;
        try {
            decode_arms(blob);
        } catch (const std::exception& e) {  // std::stoul on a damaged line
            host_.warn(std::string("saved arm numbering unreadable, new instruments numbered afresh: ") + e.what());
        }
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port == kPortQuotes && ev.type == TH_EV_QUOTE) {
            th_quote scratch;
            const th_quote* q = event_as<th_quote>(ev, scratch);
            if (q->bid_px > 0 && q->ask_px > 0) inst(q->instrument).mid = (to_double(q->bid_px) + to_double(q->ask_px)) / 2;
            tick(q->hdr.ts);
        } else if (port == kPortSignals && ev.type == TH_EV_SIGNAL) {
            th_signal scratch;
            const th_signal* s = event_as<th_signal>(ev, scratch);
            if (s->instrument == 0) return;
            tick(s->hdr.ts);
            Inst& in = inst(s->instrument);
            in.view = agent::score(*s);
            in.value = s->value;
            in.ts = s->hdr.ts;
            in.horizon = s->horizon_ns;
            in.decision = s->decision_id;  // 0 from a publisher older than ABI 1.3
        }
    }

private:
    struct Inst {
        uint32_t arm = 0;
        double mid = 0, view = 0, value = 0;
        double cycle_mid = 0;  // the mid at the last cycle's close, for the cycle's return
        th_time_ns ts = 0, horizon = 0;
        uint64_t decision = 0;  // the decision id of the signal `view` came from: a pick's cause
    };
    struct Pick {
        th_instrument id;
        double dir, mid0;
    };

    Inst& inst(th_instrument id) {
        auto [it, added] = inst_.try_emplace(id);
        if (added) {
            auto a = arm_of_.try_emplace(id, static_cast<uint32_t>(arm_of_.size())).first;
            it->second.arm = a->second;
        }
        return it->second;
    }

    void tick(th_time_ns now) {
        if (next_ == 0) next_ = now + cycle_;
        if (now < next_) return;
        close_cycle(now);
        while (next_ <= now) next_ += cycle_;
    }

    void close_cycle(th_time_ns now) {
        // score last cycle's picks against the move since they were made
        for (const Pick& p : pending_) {
            const Inst& in = inst_.at(p.id);
            if (p.mid0 > 0 && in.mid > 0 && in.mid != p.mid0) bandit_.update(in.arm, p.dir * (in.mid > p.mid0 ? 1.0 : -1.0));
        }
        pending_.clear();
        // each arm's log return over the cycle, for the correlation penalty
        for (auto& [id, in] : inst_) {
            if (in.mid > 0 && in.cycle_mid > 0) corr_.add(cycles_, in.arm, std::log(in.mid / in.cycle_mid));
            if (in.mid > 0) in.cycle_mid = in.mid;
        }
        candidates_.clear();
        ids_.clear();
        for (auto& [id, in] : inst_) {
            if (in.ts == 0 || now - in.ts > cycle_ || std::fabs(in.view) < min_strength_) continue;
            auto g = sector_.find(id);
            candidates_.push_back({in.arm, std::fabs(in.view), g == sector_.end() ? -1 : g->second, static_cast<int8_t>(in.view > 0 ? 1 : -1)});
            ids_.push_back(id);
        }
        ++cycles_;
        host_.metric_add("cycles", 1);
        if (candidates_.empty()) return;
        // unordered_map order is not stable across runs: sort for determinism per seed
        std::vector<size_t> order(candidates_.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ids_[a] < ids_[b]; });
        std::vector<Candidate> sorted;
        std::vector<th_instrument> sorted_ids;
        for (size_t i : order) {
            sorted.push_back(candidates_[i]);
            sorted_ids.push_back(ids_[i]);
        }
        std::unordered_map<uint32_t, th_instrument> by_arm;
        for (size_t i = 0; i < sorted.size(); ++i) by_arm[sorted[i].arm] = sorted_ids[i];
        const std::vector<uint32_t> picks = bandit_.select(sorted, k_, &corr_);
        std::string record = "cycle " + std::to_string(cycles_) + " at " + std::to_string(now) + ":";
        for (size_t r = 0; r < picks.size(); ++r) {
            const th_instrument id = by_arm.at(picks[r]);
            const Inst& in = inst_.at(id);
            char name[32];
            std::snprintf(name, sizeof name, "%s:%zu/%zu", name_.c_str(), r + 1, picks.size());
            th_signal out = agent::make_signal(now, id, name, {in.value, std::fabs(in.view), in.horizon});
            out.cause_ids[0] = in.decision;
            pending_.push_back({id, in.view > 0 ? 1.0 : -1.0, in.mid});
            record += " " + host_.symbol(id) + (in.view > 0 ? "+" : "-");
            host_.metric_add("picks", 1);
            host_.publish(kPortPicks, out);
        }
        // the journal: the choice of the cycle and what the bandit knows, for audit and restart
        host_.state_put("last_choice", record);
        host_.state_put("bandit", bandit_.encode());
        host_.state_put("arms", encode_arms());
        host_.info(record);
    }

    std::string encode_arms() const {
        std::string s;
        for (const auto& [id, arm] : arm_of_) s += host_.symbol(id) + " " + std::to_string(arm) + "\n";
        return s;
    }

    void decode_arms(const std::string& blob) {
        // arms are numbered by first sight; keep the saved numbering so the statistics follow the symbol
        size_t pos = 0;
        while (pos < blob.size()) {
            const size_t nl = blob.find('\n', pos), sp = blob.find(' ', pos);
            if (nl == std::string::npos || sp == std::string::npos || sp > nl) break;
            arm_of_[host_.intern(blob.substr(pos, sp - pos))] = static_cast<uint32_t>(std::stoul(blob.substr(sp + 1, nl - sp - 1)));
            pos = nl + 1;
        }
    }

    Host host_;
    Bandit bandit_;
    size_t k_;
    th_time_ns cycle_;
    double min_strength_;
    std::string name_;
    std::unordered_map<th_instrument, int32_t> sector_;
    std::unordered_map<th_instrument, Inst> inst_;
    std::unordered_map<th_instrument, uint32_t> arm_of_;
    std::vector<Pick> pending_;
    std::vector<Candidate> candidates_;
    std::vector<th_instrument> ids_;
    ReturnCorrelation corr_;  // not saved: rebuilt over corr_min_cycles after a restart
    th_time_ns next_ = 0;
    uint64_t cycles_ = 0;
};

}  // namespace tradehost::top_k

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("signals", TH_EV_SIGNAL, "Blended views (meta_weighter): the latest per instrument is a candidate"),
    tradehost::in_port("quotes", TH_EV_QUOTE, "Mids: each pick is scored against the move by the next cycle"),
    tradehost::out_port("picks", TH_EV_SIGNAL, "The cycle's picks, best first, named NAME:i/n"),
};

constexpr th_config_field kConfig[] = {
    field("k", TH_CFG_INT, "5", "Picks per cycle", 0, 1, 100000),
    field("cycle", TH_CFG_DURATION, "1m", "Event time between picks; a view older than one cycle is not a candidate", 0, 1,
          365 * 86400e9),
    field("policy", TH_CFG_STRING, "thompson", "thompson (normal posterior sampling) or ucb (UCB1)"),
    field("exploration", TH_CFG_FLOAT, "1", "Thompson: posterior sd multiplier; ucb: c; 0: greedy", 0, 0, 100),
    field("prior_n", TH_CFG_FLOAT, "1", "Pseudo-picks at reward 0 that shrink a new instrument's mean", 0, 0, 1e9),
    field("sector_penalty", TH_CFG_FLOAT, "0.5", "Score taken off per pick already in the same sector", 0, 0, 100),
    field("corr_penalty", TH_CFG_FLOAT, "0",
          "Subtracted per pick already made, times the positive part of rho x both sides (rolling cycle-return correlation); 0: off",
          0, 0, 100),
    field("corr_window", TH_CFG_INT, "50", "Cycles of returns in the correlation", 0, 2, 100000),
    field("corr_min_cycles", TH_CFG_INT, "10", "Shared cycles needed before two names' correlation counts", 0, 2, 100000),
    field("sectors", TH_CFG_STRING_LIST, nullptr, "SYMBOL:SECTOR entries; unlisted instruments are never penalised"),
    field("min_strength", TH_CFG_FLOAT, "0", "Views weaker than this are not candidates", 0, 0, 1),
    field("seed", TH_CFG_INT, "1", "Seed of the Thompson draws: one seed, one sequence of picks", 0, 0, 9.2e18),
    field("name", TH_CFG_STRING, "top_k", "Prefix of the picks' names (at most 24 characters)"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::top_k::TopK, "top_k", "1.0.0", "strategy",
                 "The k best opportunities per cycle: a diversified bandit over instruments", kPorts, kConfig)
