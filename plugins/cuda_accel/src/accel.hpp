// The cuda_accel instance: scores each th_features event (a row or a universe batch) on the
// device path when it has devices, else on the CPU path; a device failure moves the instance
// to the CPU path for good (until a reload), re-scores that batch there, and says so in a
// venue status, a metric and the log.
#pragma once

#include "dispatch.hpp"
#include "outputs.hpp"
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace tradehost::cuda_accel {

class Accel {
public:
    Accel(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    /// Scores a batch whose parts did not all arrive.
    void stop();

    /// "device" or "cpu", and the devices in use (for logs and tests).
    std::string path() const;

private:
    void pick_devices();
    bool accepts(const th_features& f);
    void gather(const th_features& f);
    void flush_parts();
    void score(const float* rows, size_t n, float* out);
    void to_cpu(const std::string& why);
    void publish_status(uint32_t state, const std::string& text);

    Host host_;
    Settings settings_;
    std::unique_ptr<Dispatch> dispatch_;  ///< null on the CPU path
    std::string cpu_reason_;              ///< why the CPU path is in use
    Outputs outputs_;
    std::vector<float> out_;
    std::set<uint64_t> warned_;
    /// The parts of one batch (a universe larger than one event), held until the last part
    /// arrives so the whole batch is one device call: each part's bytes and all their rows.
    std::vector<std::vector<unsigned char>> parts_;
    std::vector<float> part_rows_;
};

}  // namespace tradehost::cuda_accel
