// exchange: market data: one stream for the configured `symbols`, publishing quotes and
// trades; a reconnect publishes a GAP status (prints during the outage are lost).
#pragma once

#include "config.hpp"
#include "dialect.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <memory>
#include <string>
#include <unordered_map>

namespace tradehost::exchange {

class MarketData {
public:
    MarketData(Host host, const Dialect& dialect, const ExchangeConfig& cfg);
    ~MarketData();
    void start();
    void stop();

private:
    void on_message(std::string_view text);
    th_instrument instrument(const std::string& symbol);

    Host host_;
    const Dialect& dialect_;
    const ExchangeConfig& cfg_;
    venue::json::Decoder decoder_;  // used on the stream's thread only
    std::unordered_map<std::string, th_instrument> ids_;
    std::unique_ptr<StreamLink> link_;
};

}  // namespace tradehost::exchange
