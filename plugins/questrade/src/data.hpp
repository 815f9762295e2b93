// questrade: market data by polling GET v1/markets/quotes?ids=... on a timer.
//
// Questrade's streaming quotes need a per-day port from ...quotes?stream=true&mode=WebSocket
// and a second socket; this adapter polls instead (documented in README.md): each poll
// publishes one th_quote per symbol, plus a th_trade when lastTradeTime moved. A failed
// poll publishes DISCONNECTED once; the next good poll publishes GAP (quotes were missed).
#ifndef TRADEHOST_PLUGINS_QUESTRADE_DATA_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_DATA_HPP

#include "shared.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace tradehost::questrade {

class DataPoller {
public:
    explicit DataPoller(Shared& shared) : sh_(shared) {}
    ~DataPoller() { stop(); }
    DataPoller(const DataPoller&) = delete;
    DataPoller& operator=(const DataPoller&) = delete;

    void start();
    void stop();

private:
    void run();
    bool wait(int64_t ns);  // false when stopping
    bool resolve(Rest& rest);
    bool poll(Rest& rest);

    Shared& sh_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;

    std::string ids_query_;                                // "38738,8049"
    std::unordered_map<int64_t, th_instrument> instruments_;  // symbolId -> interned id
    std::unordered_map<int64_t, int64_t> last_trade_ns_;      // symbolId -> last trade time published
    bool down_ = false;
};

}  // namespace tradehost::questrade

#endif
