// The agent contract (docs/plugin-author-guide.md, "Agents"): an agent is a plugin that
// publishes th_signal per instrument with the direction in `value`'s sign, a confidence in
// `strength` (0..1) and, from ABI 1.2, how far ahead the view is meant in `horizon_ns`.
// These helpers keep every agent and every consumer (meta_weighter, top_k, ...) reading
// and writing that contract the same way. Header-only, C++17, no state.
#pragma once

#include <tradehost/plugin.hpp>

#include <cmath>
#include <cstdio>
#include <string_view>

namespace tradehost::agent {

/** One agent's view of one instrument, before it becomes an event. */
struct View {
    double value = 0;        ///< signed: the direction; the magnitude is the agent's scale
    double strength = 0;     ///< confidence in [0, 1]
    th_time_ns horizon_ns = 0;  ///< how far ahead the view is meant; 0 = unstated
};

/** Clamps a confidence into [0, 1]; NaN becomes 0 (no view) rather than a publisher error. */
inline double clamp_strength(double s) noexcept {
    if (!(s > 0)) return 0;  // NaN and negatives
    return s > 1 ? 1 : s;
}

/** The signal an agent publishes: name (truncated to 31 bytes), value, clamped strength and
 *  the horizon (ABI 1.2). */
inline th_signal make_signal(th_time_ns ts, th_instrument instrument, std::string_view name, const View& v) noexcept {
    th_signal s = make_event<th_signal>(ts);
    s.instrument = instrument;
    s.value = std::isfinite(v.value) ? v.value : 0;
    s.strength = clamp_strength(v.strength);
    std::snprintf(s.name, sizeof s.name, "%.*s", static_cast<int>(name.size()), name.data());
    s.horizon_ns = v.horizon_ns;
    return s;
}

/** sign(value) * strength: one score in [-1, 1] comparable across agents whatever their
 *  value scales (plugin.h, th_signal). */
inline double score(const th_signal& s) noexcept {
    const double st = clamp_strength(s.strength);
    return s.value > 0 ? st : s.value < 0 ? -st : 0.0;
}

/** The signal's horizon, or `fallback` when it states none (a 1.1 publisher's signal reads as
 *  0: the host copies min(size, sizeof) into a zeroed struct). */
inline th_time_ns horizon(const th_signal& s, th_time_ns fallback) noexcept {
    return s.horizon_ns > 0 ? s.horizon_ns : fallback;
}

/** The signal's name as a string (the field need not be NUL-terminated at 32 bytes). */
inline std::string_view name(const th_signal& s) noexcept {
    size_t n = 0;
    while (n < sizeof s.name && s.name[n] != '\0') ++n;
    return {s.name, n};
}

}  // namespace tradehost::agent
