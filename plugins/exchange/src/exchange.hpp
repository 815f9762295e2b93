// exchange: the plugin instance: picks the dialect named by config, wires market data and
// execution, and turns host callbacks into their queues (never blocking the executor).
#pragma once

#include "config.hpp"
#include "data.hpp"
#include "dialect.hpp"
#include "execution.hpp"

#include <tradehost/plugin.hpp>

#include <memory>

namespace tradehost::exchange {

class ExchangeVenue {
public:
    ExchangeVenue(Host host, const Config& cfg);
    ~ExchangeVenue();
    void start();
    void stop();
    void on_event(uint32_t port, const th_event_header& ev);
    void on_timer(uint64_t id, th_time_ns now);

private:
    Host host_;
    Config config_;
    std::unique_ptr<Dialect> dialect_;
    ExchangeConfig cfg_;
    std::unique_ptr<MarketData> data_;
    std::unique_ptr<Execution> exec_;
    uint64_t keepalive_timer_ = 0;
};

}  // namespace tradehost::exchange
