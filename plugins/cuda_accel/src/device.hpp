// One accelerator as the dispatcher sees it: the model resident on it, and a batch run in
// two halves (enqueue, then wait) so several devices work on their shares at once.
#pragma once

#include "model.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tradehost::cuda_accel {

/// Any failure of a device (allocation, copy, launch, a fault injected on purpose): the
/// instance moves to the CPU path and scores the batch there.
struct DeviceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Device {
public:
    virtual ~Device() = default;
    /// e.g. "cuda:0 NVIDIA H200" or "host:0".
    virtual std::string name() const = 0;
    /// Copies the model's weights to the device, where they stay. Throws DeviceError.
    virtual void load(const Model& m) = 0;
    /// Enqueues `n` rows (row-major, model inputs each; borrowed until finish) for scoring
    /// into `out` (n * outputs). Throws DeviceError.
    virtual void begin(const float* rows, size_t n, float* out) = 0;
    /// Waits for the enqueued work; `out` is complete after it returns. Throws DeviceError.
    virtual void finish() = 0;
};

}  // namespace tradehost::cuda_accel
