// Money in integer cents and pool units in integer micro-units (1 unit = 1,000,000), so the
// ledger's arithmetic is exact and a statement matches a hand-computed table to the cent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syndicate {

using Cents = int64_t;
using MicroUnits = int64_t;

constexpr MicroUnits kUnit = 1000000;

// "1234.5", "-12.34", "7" -> cents; nullopt for anything else (more than two decimals too).
std::optional<Cents> parse_cents(std::string_view text);
std::string format_cents(Cents c);        // "-1,234.50"
std::string format_units(MicroUnits u);   // "1,234.567890"

// a * b / c rounded half away from zero, floor or ceiling, in 128 bits (c > 0).
int64_t mul_div_round(int64_t a, int64_t b, int64_t c);
int64_t mul_div_floor(int64_t a, int64_t b, int64_t c);
int64_t mul_div_ceil(int64_t a, int64_t b, int64_t c);

}  // namespace syndicate
