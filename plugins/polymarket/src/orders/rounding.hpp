// polymarket: tick sizes and the rounding the official clients apply per tick
// (clob-client-v2 src/order-builder/helpers/roundingConfig.ts, commit f3e1a05, read
// 2026-12-02): decimals of the price, of the size (always 2) and of the amount
// (price decimals + 2, so size x price is always exact). The docs list 0.1, 0.01, 0.001 and
// 0.0001; the client adds 0.005 and 0.0025 (the 0.25-cent World Cup markets, changelog
// 2026-07-02).
//
// Values are the host's fixed point (1e8, th_fixed) as int64_t, so this core needs no ABI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::polymarket {

inline constexpr int64_t kFixedScale = 100000000;  // TH_FIXED_SCALE

struct RoundConfig {
    int price = 0;   ///< decimals of a price on this tick
    int size = 0;    ///< decimals a size is rounded down to
    int amount = 0;  ///< decimals of size x price
};

/// The rounding for a tick size, or nullopt for a tick the clients do not know.
std::optional<RoundConfig> round_config(int64_t tick_fixed);

/// "0.01", "0.0025", "5", "21.04": a fixed-point value as the shortest decimal text.
std::string format_fixed(int64_t v);

/// A decimal text ("0.01", "5", "21.04") as fixed point; nullopt when it is not a
/// non-negative decimal with at most 8 places.
std::optional<int64_t> parse_fixed(const std::string& text);

}  // namespace tradehost::polymarket
