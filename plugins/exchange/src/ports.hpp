// exchange: port indexes, the venue kit's shared ones (see plugin.cpp for the table).
#pragma once

#include <tradehost/venue/ports.hpp>

namespace tradehost::exchange {

using namespace venue::ports;

/// out: TH_EV_BOOK, top `book_depth` levels of each symbol's book (ABI 1.1).
inline constexpr uint32_t kPortBooks = kFirstExtraPort;

}  // namespace tradehost::exchange
