// Weighter (weighter.hpp): the meta_weighter's logic, host-free so tests and the bench drive it.
#include "weighter.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tradehost::meta_weighter {

size_t Weighter::agent_index(const std::string& name) {
    auto it = index_.find(name);
    if (it != index_.end()) return it->second;
    const size_t i = names_.size();
    names_.push_back(name);
    agents_.emplace_back(s_.method);
    index_.emplace(name, i);
    weights_dirty_ = true;
    return i;
}

void Weighter::add_sample(Agent& a, Sample s) {
    if (a.history.size() < s_.history) a.history.push_back(s);
    else a.history[a.next] = s;
    a.next = (a.next + 1) % std::max<size_t>(s_.history, 1);
}

std::vector<double> Weighter::weights() const {
    if (weights_dirty_ || weights_.size() != agents_.size()) {
        std::vector<double> skills;
        skills.reserve(agents_.size());
        for (const Agent& a : agents_) skills.push_back(a.perf.skill(s_.rules));
        weights_ = blend_weights(skills, s_.rules);
        weights_dirty_ = false;
    }
    return weights_;
}

Blend Weighter::on_signal(const std::string& agent, th_instrument id, th_time_ns ts, double score, th_time_ns horizon,
                          uint64_t decision) {
    const size_t ai = agent_index(agent);
    Instrument& ins = inst_[id];
    if (ins.views.size() < agents_.size()) ins.views.resize(agents_.size());
    View& v = ins.views[ai];
    const double c = 2 * agents_[ai].cal.prob(score) - 1;
    v.c = c;
    v.x = score;
    v.ts = ts;
    v.decision = decision;
    v.horizon = horizon > 0 ? horizon : s_.default_horizon;
    if (!v.open && ins.mid > 0 && score != 0) {
        v.open = true;
        v.due = ts + v.horizon;
        v.mid0 = ins.mid;
        v.oos_c = c;
    }
    if (weights_dirty_ || weights_.size() != agents_.size()) weights();
    Blend b;
    size_t n_causes = 0;
    double num = 0, den = 0, hz = 0;
    for (size_t i = 0; i < ins.views.size(); ++i) {
        const View& w = ins.views[i];
        if (w.ts == 0) continue;
        const th_time_ns ttl = s_.ttl > 0 ? s_.ttl : w.horizon;
        if (ts - w.ts > ttl) continue;
        num += weights_[i] * w.c;
        den += weights_[i];
        hz += weights_[i] * static_cast<double>(w.horizon);
        ++b.agents;
        if (w.decision != 0 && n_causes < TH_CAUSE_MAX) b.causes[n_causes++] = w.decision;
    }
    if (den > 0) {
        b.value = num / den;
        b.horizon = static_cast<th_time_ns>(hz / den);
    }
    return b;
}

int Weighter::on_price(th_instrument id, th_time_ns ts, double mid) {
    if (!(mid > 0)) return 0;
    Instrument& ins = inst_[id];
    ins.mid = mid;
    int closed = 0;
    for (size_t i = 0; i < ins.views.size(); ++i) {
        View& v = ins.views[i];
        if (!v.open || ts < v.due) continue;
        v.open = false;
        if (mid == v.mid0) continue;  // no move: no label
        const int y = mid > v.mid0 ? 1 : 0;
        add_sample(agents_[i], {v.x, y});
        agents_[i].perf.add(v.oos_c * (y ? 1.0 : -1.0), s_.rules.window);
        weights_dirty_ = true;
        outcomes_since_refit_ = true;
        ++closed;
    }
    return closed;
}

void Weighter::refit_all() {
    for (Agent& a : agents_)
        if (a.history.size() >= s_.min_samples) a.cal.fit(a.history);
    outcomes_since_refit_ = false;
}

bool Weighter::maybe_refit(th_time_ns now) {
    if (!outcomes_since_refit_) return false;
    if (last_refit_ != 0 && now - last_refit_ < s_.refit_every) return false;
    last_refit_ = now;
    refit_all();
    return true;
}

std::string Weighter::encode() const {
    // v1, then per agent: "agent NAME NSAMPLES" and one "x y" line per sample, oldest first.
    std::ostringstream o;
    o.precision(17);
    o << "meta_weighter v1\n";
    for (size_t i = 0; i < agents_.size(); ++i) {
        const Agent& a = agents_[i];
        o << "agent " << names_[i] << ' ' << a.history.size() << '\n';
        const size_t n = a.history.size();
        const size_t start = n < s_.history ? 0 : a.next;
        for (size_t k = 0; k < n; ++k) {
            const Sample& s = a.history[(start + k) % n];
            o << s.x << ' ' << s.y << '\n';
        }
    }
    return o.str();
}

void Weighter::decode(const std::string& blob) {
    std::istringstream in(blob);
    std::string word, version;
    if (!(in >> word >> version) || word != "meta_weighter" || version != "v1")
        throw std::runtime_error("not a meta_weighter v1 state (starts '" + blob.substr(0, 20) + "')");
    while (in >> word) {
        std::string name;
        size_t n = 0;
        if (word != "agent" || !(in >> name >> n)) throw std::runtime_error("bad agent line in meta_weighter state");
        Agent& a = agents_[agent_index(name)];
        for (size_t k = 0; k < n; ++k) {
            Sample s{};
            if (!(in >> s.x >> s.y) || (s.y != 0 && s.y != 1) || !std::isfinite(s.x))
                throw std::runtime_error("bad sample " + std::to_string(k) + " of agent " + name + " in meta_weighter state");
            add_sample(a, s);
        }
    }
    refit_all();
}

}  // namespace tradehost::meta_weighter
