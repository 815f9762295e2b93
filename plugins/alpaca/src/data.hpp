// alpaca: market data. Subscribes `symbols` on the Market Data v2 stream and publishes quotes,
// trades and minute bars; venue status on connect/disconnect, and a gap after every reconnect
// (Alpaca does not replay what was sent while the connection was down).
#ifndef TRADEHOST_PLUGINS_ALPACA_DATA_HPP
#define TRADEHOST_PLUGINS_ALPACA_DATA_HPP

#include "config.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>

namespace tradehost::alpaca {

class MarketData {
public:
    MarketData(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret);
    ~MarketData();
    void start();
    void stop();

private:
    void on_ready();
    void on_data(const DataMessage& m);
    th_instrument instrument(const std::string& symbol);  // stream thread only

    Host host_;
    th_fixed lot_size_;
    std::unique_ptr<DataStream> stream_;
    std::unordered_map<std::string, th_instrument> ids_;
    std::atomic<uint64_t> ready_count_{0};
    std::atomic<bool> down_{false};
};

}  // namespace tradehost::alpaca

#endif
