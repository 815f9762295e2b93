// What the market maker keeps across a restart and a hot reload: the position of every
// outcome it traded (from its own fills) and its open orders, as versioned text with
// length-prefixed strings ("4:AAPL") so symbols and ids may hold any character.
//
//   market_maker 1
//   pos <symbol> <qty>
//   order <id> <symbol> <side> <px> <leaves> <acked 0|1> <canceling 0|1>
//   end
#pragma once

#include <tradehost/plugin.hpp>

#include <map>
#include <string>
#include <string_view>

namespace tradehost::market_maker {

/// One of this instance's orders that is not done yet.
struct OpenOrder {
    std::string symbol;
    th_side side = TH_SIDE_NONE;
    th_fixed px = 0;
    th_fixed leaves = 0;
    bool acked = false;      ///< the venue answered NEW
    bool canceling = false;  ///< a cancel was sent: it no longer quotes, but may still fill
};

struct SavedState {
    std::map<std::string, th_fixed> positions;  ///< symbol -> signed quantity
    std::map<std::string, OpenOrder> orders;    ///< client order id -> order
};

std::string encode_state(const SavedState& s);
/// Throws InvalidArgument naming the offset of the first malformed token.
SavedState decode_state(std::string_view blob);

}  // namespace tradehost::market_maker
