// The emulated device: the device path's flat model layout and per-row kernels (kernels.hpp)
// run on the host. It lets the dispatcher, the fallback and the kernels' arithmetic be
// tested and rehearsed where no GPU is (`emulate_devices`); it is not faster than the CPU path.
#pragma once

#include "device.hpp"

#include <memory>

namespace tradehost::cuda_accel {

std::unique_ptr<Device> make_host_device(int index);

}  // namespace tradehost::cuda_accel
