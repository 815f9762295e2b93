// The CUDA side, behind a plain C++ interface so only cuda_devices.cu includes CUDA headers:
// what devices the machine has, and a Device (device.hpp) on one of them.
#pragma once

#include "device.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tradehost::cuda_accel {

struct DeviceInfo {
    int index = 0;
    std::string name;
    size_t memory = 0;  ///< bytes
    int major = 0, minor = 0;
};

struct Inventory {
    std::vector<DeviceInfo> devices;
    std::string error;  ///< why there are none, from the runtime (e.g. no driver); "" if fine
};

/// The devices the CUDA runtime reports; never throws.
Inventory cuda_probe();

/// The runtime version this plugin was built against, e.g. "13.0".
std::string cuda_runtime_version();

/// A device on CUDA device `index`: one stream, a cuBLAS handle on it, pinned host buffers
/// and device buffers that grow to the largest batch seen. Throws DeviceError.
std::unique_ptr<Device> make_cuda_device(const DeviceInfo& info);

}  // namespace tradehost::cuda_accel
