// oanda: market data. One pricing stream for the configured `symbols`; each PRICE line becomes
// a th_quote (best bid/ask price, their liquidity as size). Keeps the last quote per instrument
// for pricing take-profit/stop-loss of market orders.
#ifndef TRADEHOST_PLUGINS_OANDA_DATA_HPP
#define TRADEHOST_PLUGINS_OANDA_DATA_HPP

#include "config.hpp"
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tradehost::oanda {

class MarketData {
public:
    MarketData(Host host, const OandaConfig& cfg);
    ~MarketData();
    MarketData(const MarketData&) = delete;
    MarketData& operator=(const MarketData&) = delete;

    /// Opens the pricing stream (no-op without symbols). Any thread; once.
    void start(const std::string& url, const venue::Headers& headers);
    void stop();
    /// Last quote seen for `symbol` (bid/ask 0 if none). Thread-safe.
    Price last(const std::string& symbol) const;

private:
    void on_line(std::string_view line);

    Host host_;
    OandaConfig cfg_;
    venue::json::Decoder decoder_;  // used only on the stream's thread
    StreamLine line_;  // reused per line (stream thread only)
    std::unique_ptr<venue::LineStream> stream_;
    mutable std::mutex mu_;
    std::map<std::string, Price> last_;
    std::map<std::string, th_instrument> ids_;  // stream thread only
    std::atomic<uint64_t> opens_{0};
};

}  // namespace tradehost::oanda

#endif
