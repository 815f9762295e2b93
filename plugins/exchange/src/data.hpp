// exchange: market data: one stream for the configured `symbols`, publishing quotes and
// trades; a reconnect publishes a GAP status (prints during the outage are lost), and so does
// a jump in the venue's message sequence number where it has one.
#pragma once

#include "config.hpp"
#include "dialect.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <memory>
#include <optional>
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
    void check_sequence(int64_t seq);
    th_instrument instrument(const std::string& symbol);

    Host host_;
    const Dialect& dialect_;
    const ExchangeConfig& cfg_;
    venue::json::Decoder decoder_;  // used on the stream's thread only
    MarketMessage message_;  // reused per message (stream thread only)
    std::unordered_map<std::string, th_instrument> ids_;
    std::optional<int64_t> last_sequence_;  // stream thread only; reset at each connect
    std::unique_ptr<StreamLink> link_;
};

}  // namespace tradehost::exchange
