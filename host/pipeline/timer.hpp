// A plugin's timer: an Asio timer on the instance's executor and its period (0: one-shot).
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>

namespace tradehost {

struct Timer {
    explicit Timer(boost::asio::io_context& io) : t(io) {}
    boost::asio::steady_timer t;
    int64_t period = 0;
};

}  // namespace tradehost
