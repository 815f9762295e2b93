// exec_algos: the algorithms by name, and the algo tag that picks one per parent.
//
// The ABI has no algo field, so the tag travels in text the sender already owns, without an
// ABI change: an order request's client_order_id or a target's `strategy` ending in
// "@<algo>" (e.g. "strat-1-7@vwap", "momentum@is"). Text without a known tag keeps all of
// itself and gets the instance's default algo.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_ALGO_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_ALGO_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::exec_algos {

enum class Algo : uint8_t { Twap = 1, Vwap = 2, Pov = 3, Is = 4, Iceberg = 5, Sniper = 6 };

/// "twap", "vwap", "pov", "is", "iceberg", "sniper".
const char* algo_name(Algo a) noexcept;
/// The algo named `name`, or nullopt.
std::optional<Algo> parse_algo(std::string_view name) noexcept;
/// The algo a text's "@<algo>" suffix names, or nullopt when it has none (or an unknown one).
std::optional<Algo> algo_tag(std::string_view text) noexcept;
/// True for the algorithms that follow a time schedule (TWAP, VWAP, IS).
inline bool scheduled(Algo a) noexcept { return a == Algo::Twap || a == Algo::Vwap || a == Algo::Is; }

}  // namespace tradehost::exec_algos

#endif
