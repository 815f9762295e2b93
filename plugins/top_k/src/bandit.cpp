// Bandit (bandit.hpp). Rewards live on [-1, 1] (a pick's direction against the move), the
// same scale as the signals' strengths, so the index and the signal add.
#include "bandit.hpp"

#include "correlation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace tradehost::top_k {

double Bandit::mean(uint32_t arm) const {
    if (arm >= arms_.size()) return 0;
    const Arm& a = arms_[arm];
    return a.sum / (a.n + s_.prior_n);  // prior: prior_n pulls at 0
}

double Bandit::index(uint32_t arm) {
    if (arm >= arms_.size()) arms_.resize(arm + 1);
    const Arm& a = arms_[arm];
    const double n = a.n + s_.prior_n;
    if (s_.policy == BanditSettings::Ucb) {
        if (n <= 0) return std::numeric_limits<double>::infinity();  // untried, no prior: try it
        const double t = static_cast<double>(t_) + 1;
        return mean(arm) + s_.exploration * std::sqrt(2 * std::log(t + 1) / n);
    }
    // Thompson with a normal posterior: sample mean +- sd / sqrt(n), sd of the rewards seen
    // (1 until two rewards: the widest a [-1, 1] reward's sd can be)
    double sd = 1;
    if (a.n >= 2) sd = std::sqrt(std::max((a.sumsq - a.sum * a.sum / a.n) / (a.n - 1), 1e-4));
    return mean(arm) + s_.exploration * sd / std::sqrt(n) * normal_(rng_);
}

std::vector<uint32_t> Bandit::select(const std::vector<Candidate>& c, size_t k, const ReturnCorrelation* corr) {
    ++t_;
    score_.resize(c.size());
    int32_t groups = 0;
    for (size_t i = 0; i < c.size(); ++i) {
        score_[i] = c[i].base + index(c[i].arm);
        groups = std::max(groups, c[i].group + 1);
    }
    picked_per_group_.assign(static_cast<size_t>(groups), 0);
    corr_pen_.assign(c.size(), 0.0);
    const bool by_corr = corr && s_.corr_penalty > 0;
    std::vector<uint32_t> out;
    std::vector<char> taken(c.size(), 0);
    k = std::min(k, c.size());
    for (size_t round = 0; round < k; ++round) {
        size_t best = c.size();
        double best_score = -std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < c.size(); ++i) {
            if (taken[i]) continue;
            double s = score_[i];
            if (c[i].group >= 0) s -= s_.penalty * picked_per_group_[static_cast<size_t>(c[i].group)];
            s -= corr_pen_[i];
            if (s > best_score || best == c.size()) {
                best_score = s;
                best = i;
            }
        }
        taken[best] = 1;
        if (c[best].group >= 0) ++picked_per_group_[static_cast<size_t>(c[best].group)];
        out.push_back(c[best].arm);
        if (!by_corr || round + 1 == k) continue;
        // n correlations per pick, not n x picks per round: each candidate's penalty accrues
        for (size_t i = 0; i < c.size(); ++i) {
            double r = 0;
            if (taken[i] || !corr->corr(c[i].arm, c[best].arm, &r)) continue;
            r *= static_cast<double>(c[i].dir) * static_cast<double>(c[best].dir);
            if (r > 0) corr_pen_[i] += s_.corr_penalty * r;
        }
    }
    return out;
}

void Bandit::update(uint32_t arm, double reward) {
    if (arm >= arms_.size()) arms_.resize(arm + 1);
    if (!std::isfinite(reward)) return;
    Arm& a = arms_[arm];
    a.n += 1;
    a.sum += reward;
    a.sumsq += reward * reward;
}

std::string Bandit::encode() const {
    std::ostringstream o;
    o.precision(17);
    o << "top_k v1 " << t_ << ' ' << arms_.size() << '\n';
    for (const Arm& a : arms_) o << a.n << ' ' << a.sum << ' ' << a.sumsq << '\n';
    return o.str();
}

void Bandit::decode(const std::string& blob) {
    std::istringstream in(blob);
    std::string word, version;
    uint64_t t = 0;
    size_t n = 0;
    if (!(in >> word >> version >> t >> n) || word != "top_k" || version != "v1")
        throw std::runtime_error("not a top_k v1 state");
    std::vector<Arm> arms(n);
    for (size_t i = 0; i < n; ++i)
        if (!(in >> arms[i].n >> arms[i].sum >> arms[i].sumsq) || arms[i].n < 0)
            throw std::runtime_error("arm " + std::to_string(i) + " of " + std::to_string(n) + " unreadable");
    arms_ = std::move(arms);
    t_ = t;
}

}  // namespace tradehost::top_k
