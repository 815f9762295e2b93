// exchange: port indexes, the venue kit's shared ones (see plugin.cpp for the table).
#pragma once

#include <tradehost/venue/ports.hpp>

namespace tradehost::exchange {

using namespace venue::ports;

}  // namespace tradehost::exchange
