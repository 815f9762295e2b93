// Positions of the pool's instruments and the profit or loss their fills and settlements
// realise, in exact integers (1e-16 of the currency: a fixed-point price times a fixed-point
// quantity). Betting selections follow the ABI's convention: quantity is the stake, price
// the decimal odds, back = buy, lay = sell; a settlement's price is the odds paid per unit of
// stake (0 for a loser). Everything else: cost is quantity x price, paid out at the
// settlement price, and closing fills realise against the average cost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace syndicate {

__extension__ typedef __int128 Wide;

constexpr Wide kWideCent = static_cast<Wide>(100000000) * 1000000;  // 1e-16 units per cent

struct Position {
    Wide qty = 0;   // fixed-point 1e-8, signed: long/back > 0
    Wide cost = 0;  // 1e-16 of the currency, signed: what the open position cost
};

// Realised P&L (1e-16 units) of a fill of `qty` (> 0) at `px` on `side_buy`, moving `pos`.
// `fee` (fixed 1e-8, a cost when positive) is always realised.
Wide apply_fill(Position& pos, bool betting, bool side_buy, int64_t px, int64_t qty, int64_t fee);

// Realised P&L of settling `pos` at `price` (fixed 1e-8 per unit); void returns the cost.
// The position is closed.
Wide apply_settlement(Position& pos, int64_t price, bool void_settlement);

std::string encode(const Position& p);
bool decode(std::string_view text, Position& out);

}  // namespace syndicate
