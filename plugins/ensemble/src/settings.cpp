// Reading the ensemble's config; see settings.hpp.
#include "settings.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

namespace tradehost::ensemble {

namespace {
double number(const std::string& key, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        throw ConfigError(key + ": '" + text + "' is not a number");
    return v;
}
}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.members = cfg.get_list("members");
    if (s.members.size() < 2) throw ConfigError("members: an ensemble needs at least 2 members");
    std::set<std::string> seen;
    for (const auto& m : s.members) {
        if (m.empty() || m.size() >= sizeof(th_signal{}.name))
            throw ConfigError("members: '" + m + "' is not a signal name (1 to 31 characters)");
        if (!seen.insert(m).second) throw ConfigError("members: '" + m + "' is listed twice");
    }
    s.method_name = cfg.get_string("method");
    try {
        s.method = method_from_name(s.method_name);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("method: ") + e.what());
    }
    if (cfg.has("weights")) {
        for (const auto& t : cfg.get_list("weights")) {
            const double w = number("weights", t);
            if (w < 0) throw ConfigError("weights: " + t + " is negative");
            s.weights.push_back(w);
        }
        if (s.weights.size() != s.members.size())
            throw ConfigError("weights: " + std::to_string(s.weights.size()) + " weights for " +
                              std::to_string(s.members.size()) + " members");
        double sum = 0;
        for (double w : s.weights) sum += w;
        if (!(sum > 0)) throw ConfigError("weights: at least one must be > 0");
    } else {
        s.weights.assign(s.members.size(), 1.0);
    }
    if (s.method == Method::Stacking) {
        if (!cfg.has("stacking_model")) throw ConfigError("stacking_model: method stacking needs the meta-model file");
        try {
            s.stacker = load_stacker(cfg.get_string("stacking_model"), s.members);
        } catch (const std::runtime_error& e) {
            throw ConfigError(std::string("stacking_model: ") + e.what());
        }
    }
    s.max_age_ns = cfg.get_duration_ns("max_age");
    s.horizon_ns = cfg.get_duration_ns("horizon");
    if (s.horizon_ns <= 0) throw ConfigError("horizon: must be > 0");
    s.window = static_cast<std::size_t>(cfg.get_int("window"));
    s.min_outcomes = static_cast<std::size_t>(cfg.get_int("min_outcomes"));
    if (s.min_outcomes > s.window) throw ConfigError("min_outcomes: larger than window");
    s.floor = cfg.get_float("floor");
    s.cap = cfg.get_float("cap");
    const double n = static_cast<double>(s.members.size());
    if (s.floor < 0 || s.cap > 1 || s.floor > s.cap || s.floor * n > 1 || s.cap * n < 1)
        throw ConfigError("floor/cap: need 0 <= floor <= cap <= 1 with floor * members <= 1 <= cap * members");
    s.signal_name = cfg.get_string("signal_name");
    if (s.signal_name.empty() || s.signal_name.size() >= sizeof(th_signal{}.name))
        throw ConfigError("signal_name: 1 to 31 characters");
    return s;
}

}  // namespace tradehost::ensemble
