// The log_sink instance: one readable line per event it receives, of any kind, to the
// host's log or a file of its own; counts per kind; flags signals whose strength is not a
// confidence in [0, 1].
#pragma once

#include <tradehost/plugin.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

namespace tradehost::log_sink {

class LogSink {
public:
    LogSink(Host host, const Config& cfg);
    ~LogSink();
    LogSink(const LogSink&) = delete;
    LogSink& operator=(const LogSink&) = delete;

    void on_event(uint32_t port, const th_event_header& ev);
    void stop();

private:
    // Event kinds are small numbers except TH_EV_CUSTOM; it counts in the last slot.
    static constexpr size_t kSlots = TH_EV_SETTLEMENT + 2;
    static size_t slot(uint16_t type) { return type <= TH_EV_SETTLEMENT ? type : kSlots - 1; }

    Host host_;
    std::array<bool, kSlots> wanted_{};
    std::array<int64_t, kSlots> seen_{};
    int64_t every_ = 1;
    int64_t out_of_range_ = 0;
    std::string path_;
    std::FILE* file_ = nullptr;
};

}  // namespace tradehost::log_sink
