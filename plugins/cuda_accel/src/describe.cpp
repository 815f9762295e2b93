// The description line; see describe.hpp.
#include "describe.hpp"

#include "cuda_devices.hpp"

namespace tradehost::cuda_accel {

std::string describe_devices(const std::string& what) {
    const auto inv = cuda_probe();
    std::string s = what + " (CUDA runtime " + cuda_runtime_version() + "); devices: ";
    if (inv.devices.empty()) return s + "none (" + inv.error + "); path: cpu";
    for (size_t i = 0; i < inv.devices.size(); ++i)
        s += (i ? ", " : "") + ("cuda:" + std::to_string(inv.devices[i].index)) + " " + inv.devices[i].name + " " +
             std::to_string(inv.devices[i].memory >> 30) + " GiB sm_" + std::to_string(inv.devices[i].major) +
             std::to_string(inv.devices[i].minor);
    return s + "; path: device";
}

}  // namespace tradehost::cuda_accel
