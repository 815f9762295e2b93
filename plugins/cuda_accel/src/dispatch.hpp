// The device path of one instance: a batch is cut into one contiguous share per device (in
// proportion, so rows keep their order), every share is enqueued before any is waited on,
// and the first failure of any device is raised as DeviceError once every device is idle
// again, so the caller can score the whole batch on the CPU with no row lost.
#pragma once

#include "device.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace tradehost::cuda_accel {

class Dispatch {
public:
    /// `fault_after`: if > 0, the batch after that many fails with an injected DeviceError
    /// (the fault-injection switch; 0 = off).
    Dispatch(std::vector<std::unique_ptr<Device>> devices, uint64_t fault_after);

    bool empty() const { return devices_.empty(); }
    const std::vector<std::unique_ptr<Device>>& devices() const { return devices_; }
    /// Loads the model on every device. Throws DeviceError.
    void load(const Model& m);
    /// Scores `n` rows into `out` (n * outs values). Throws DeviceError.
    void run(const float* rows, size_t n, size_t ins, size_t outs, float* out);
    uint64_t batches() const { return batches_; }

private:
    std::vector<std::unique_ptr<Device>> devices_;
    uint64_t fault_after_;
    uint64_t batches_ = 0;
};

}  // namespace tradehost::cuda_accel
