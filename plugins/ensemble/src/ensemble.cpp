// The ensemble instance; see ensemble.hpp.
#include "ensemble.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace tradehost::ensemble {

namespace {
constexpr const char* kStateKey = "outcomes";
constexpr std::size_t kSaveEvery = 256;  // outcomes between saves of the windows
constexpr std::size_t kMaxPending = 4096;

// The signed score every consumer of signals uses (plugin.h, th_signal).
double signed_score(const th_signal& s) {
    if (!(s.strength >= 0 && s.strength <= 1) || !std::isfinite(s.value)) return NAN;
    return s.value > 0 ? s.strength : s.value < 0 ? -s.strength : 0.0;
}
}  // namespace

Ensemble::Ensemble(Host host, const Config& cfg)
    : host_(host),
      settings_(read_settings(cfg)),
      windows_(settings_.members.size(), OutcomeWindow(settings_.window)),
      outcomes_(settings_.horizon_ns, kMaxPending),
      weight_bp_(settings_.members.size(), 0) {
    for (std::size_t i = 0; i < settings_.members.size(); ++i) index_[settings_.members[i]] = i;
}

void Ensemble::start() {
    std::string saved;
    if (host_.state_get(kStateKey, saved) && !saved.empty()) {
        try {
            restore(saved);
        } catch (const std::exception& e) {
            host_.warn(std::string("saved outcomes not used: ") + e.what());
        }
    }
    host_.info("ensemble of " + std::to_string(settings_.members.size()) + " members, method " + settings_.method_name);
    publish_weights();
}

void Ensemble::stop() { save(); }

void Ensemble::on_event(uint32_t port, const th_event_header& ev) {
    if (port == kPortMembers) {
        th_signal scratch;
        if (const th_signal* s = event_as<th_signal>(ev, scratch)) on_signal(*s);
        return;
    }
    if (port != kPortPrices) throw InvalidArgument("no input port " + std::to_string(port));
    switch (ev.type) {
    case TH_EV_QUOTE: {
        th_quote q;
        if (const th_quote* p = event_as<th_quote>(ev, q); p && p->bid_px > 0 && p->ask_px > 0)
            on_price(p->instrument, ev.ts, (to_double(p->bid_px) + to_double(p->ask_px)) / 2);
        break;
    }
    case TH_EV_TRADE: {
        th_trade t;
        if (const th_trade* p = event_as<th_trade>(ev, t)) on_price(p->instrument, ev.ts, to_double(p->px));
        break;
    }
    case TH_EV_BAR: {
        th_bar b;
        if (const th_bar* p = event_as<th_bar>(ev, b)) on_price(p->instrument, ev.ts, to_double(p->close));
        break;
    }
    default:
        break;  // other kinds carry no price
    }
}

void Ensemble::on_signal(const th_signal& s) {
    const auto it = index_.find(std::string(s.name, strnlen(s.name, sizeof s.name)));
    if (it == index_.end()) {
        host_.metric_add("unknown_member", 1);
        return;
    }
    const double x = signed_score(s);
    if (std::isnan(x)) {
        host_.metric_add("invalid_member_signal", 1);
        return;
    }
    const std::size_t n = settings_.members.size();
    Round& r = rounds_[s.instrument];
    if (r.x.empty()) {
        r.x.assign(n, 0.0);
        r.ts.assign(n, 0);
        r.spoken.assign(n, false);
    }
    const std::size_t m = it->second;
    r.x[m] = x;
    r.ts[m] = s.hdr.ts;
    if (!r.spoken[m]) {
        r.spoken[m] = true;
        ++r.count;
    }
    if (r.count < n) return;
    // Everyone has spoken since the last blend; views too far apart are not one round.
    th_time_ns lo = r.ts[0], hi = r.ts[0];
    for (th_time_ns t : r.ts) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    if (settings_.max_age_ns > 0 && hi - lo > settings_.max_age_ns) {
        host_.metric_add("stale_rounds", 1);
        return;  // wait for the stale members to speak again
    }
    blend(s.instrument, r, hi);
}

std::vector<double> Ensemble::current_weights() const {
    switch (settings_.method) {
    case Method::Bma: return bma_weights(windows_, settings_.weights, settings_.min_outcomes);
    case Method::Dynamic:
        return dynamic_weights(windows_, settings_.weights, settings_.min_outcomes, settings_.floor, settings_.cap);
    default: return settings_.weights;
    }
}

void Ensemble::blend(th_instrument id, Round& r, th_time_ns ts) {
    Blend b;
    switch (settings_.method) {
    case Method::Weighted: b = weighted(r.x, settings_.weights); break;
    case Method::SoftVote: b = soft_vote(r.x); break;
    case Method::HardVote: b = hard_vote(r.x); break;
    case Method::Stacking: b = settings_.stacker.apply(r.x); break;
    case Method::Dynamic: b = weighted(r.x, current_weights()); break;
    case Method::Bma: {
        // Each member's fitted forecast of the forward return, averaged by posterior weight.
        const std::vector<double> w = current_weights();
        double forecast = 0, scale = 0;
        for (std::size_t m = 0; m < r.x.size(); ++m) {
            forecast += w[m] * (windows_[m].intercept() + windows_[m].slope() * r.x[m]);
            scale = std::max(scale, windows_[m].r_std());
        }
        b = {forecast, scale > 0 ? std::min(1.0, std::fabs(forecast) / scale) : 0.0};
        break;
    }
    }
    outcomes_.view(id, ts, r.x);
    std::fill(r.spoken.begin(), r.spoken.end(), false);
    r.count = 0;
    if (!std::isfinite(b.value) || !std::isfinite(b.strength)) {
        host_.metric_add("non_finite_blends", 1);
        return;
    }
    th_signal out = make_event<th_signal>(ts);
    out.instrument = id;
    out.value = b.value;
    out.strength = std::clamp(b.strength, 0.0, 1.0);
    copy_str(out.name, settings_.signal_name);
    const th_status st = host_.try_publish(kPortOut, out.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish signal");
    host_.metric_add("blends", 1);
}

void Ensemble::on_price(th_instrument id, th_time_ns ts, double px) {
    const std::size_t n = outcomes_.price(id, ts, px, [&](const std::vector<double>& x, double ret) {
        for (std::size_t m = 0; m < x.size(); ++m) windows_[m].add(x[m], ret);
    });
    if (n == 0) return;
    host_.metric_add("outcomes", static_cast<int64_t>(n));
    publish_weights();
    unsaved_ += n;
    if (unsaved_ >= kSaveEvery) save();
}

// Metrics are counters: each weight is kept as "weight_bp.<member>" (basis points) by adding
// the change since it was last published.
void Ensemble::publish_weights() {
    const std::vector<double> w = current_weights();
    double sum = 0;
    for (double v : w) sum += v;
    for (std::size_t m = 0; m < w.size(); ++m) {
        const auto bp = static_cast<int64_t>(std::llround(sum > 0 ? 1e4 * w[m] / sum : 0.0));
        if (bp == weight_bp_[m]) continue;
        host_.metric_add(("weight_bp." + settings_.members[m]).c_str(), bp - weight_bp_[m]);
        weight_bp_[m] = bp;
    }
}

void Ensemble::save() {
    host_.state_put(kStateKey, snapshot());
    unsaved_ = 0;
}

// Text: "ensemble 1 <members joined by ,>\n", then per member "m <count> x r x r ...\n"
// with each double written exactly (%a), then "end\n". Views awaiting their outcome are not
// kept: after a restart they are simply not scored.
std::string Ensemble::snapshot() {
    std::string out = "ensemble 1 ";
    for (std::size_t m = 0; m < settings_.members.size(); ++m) out += (m ? "," : "") + settings_.members[m];
    out += "\n";
    char buf[64];
    for (const auto& w : windows_) {
        const auto pairs = w.pairs();
        out += "m " + std::to_string(pairs.size());
        for (const auto& [x, r] : pairs) {
            std::snprintf(buf, sizeof buf, " %a %a", x, r);
            out += buf;
        }
        out += "\n";
    }
    out += "end\n";
    return out;
}

void Ensemble::restore(std::string_view blob) {
    std::istringstream in{std::string(blob)};
    std::string line;
    std::string want = "ensemble 1 ";
    for (std::size_t m = 0; m < settings_.members.size(); ++m) want += (m ? "," : "") + settings_.members[m];
    if (!std::getline(in, line) || line.rfind("ensemble 1 ", 0) != 0)
        throw InvalidArgument("ensemble state: unknown format");
    if (line != want) {
        host_.warn("saved outcomes are for members '" + line.substr(11) + "', not these: scoring starts again");
        return;
    }
    std::vector<OutcomeWindow> restored(settings_.members.size(), OutcomeWindow(settings_.window));
    for (auto& w : restored) {
        std::string tag;
        std::size_t count = 0;
        if (!(in >> tag >> count) || tag != "m") throw InvalidArgument("ensemble state: expected a member line");
        for (std::size_t i = 0; i < count; ++i) {
            std::string xs, rs;
            if (!(in >> xs >> rs)) throw InvalidArgument("ensemble state: a member line is short");
            w.add(std::strtod(xs.c_str(), nullptr), std::strtod(rs.c_str(), nullptr));
        }
    }
    std::string end;
    if (!(in >> end) || end != "end") throw InvalidArgument("ensemble state: no end line");
    windows_ = std::move(restored);
}

}  // namespace tradehost::ensemble
