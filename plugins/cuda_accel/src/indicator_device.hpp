// An accelerator for the indicator program: the universe's state resident on it, one pass
// per batch of observations (one thread per instrument), and the state copied back on demand
// so the CPU path can continue from it.
#pragma once

#include "device.hpp"
#include "indicator_program.hpp"

#include <memory>
#include <string>

namespace tradehost::cuda_accel {

struct DeviceInfo;

class IndicatorDevice {
public:
    virtual ~IndicatorDevice() = default;
    virtual std::string name() const = 0;
    /// Takes the program and the whole state (p.slots x stride doubles, SoA), which stays
    /// on the device from now on. Throws DeviceError.
    virtual void load(const Program& p, const double* state, size_t stride) = 0;
    /// One pass: instrument slot[i] takes obs[i] (distinct slots); rows (n x cols) and
    /// ready (n) come back. Throws DeviceError.
    virtual void step(const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready) = 0;
    /// Copies the whole state back into `state` (p.slots x stride). Throws DeviceError.
    virtual void pull(double* state) = 0;
};

/// The emulated device: its own copy of the state, soa_step over it (tests, drills).
std::unique_ptr<IndicatorDevice> make_host_indicator_device(int index);

/// CUDA device `info.index` (indicator_cuda.cu). Throws DeviceError.
std::unique_ptr<IndicatorDevice> make_cuda_indicator_device(const DeviceInfo& info);

}  // namespace tradehost::cuda_accel
