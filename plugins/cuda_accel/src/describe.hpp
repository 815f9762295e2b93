// The description line `tradehost inspect` prints for the plugins of this folder: what the
// plugin does, the CUDA runtime, the devices the runtime reports (or none, and why) and the
// path a new instance takes. Probed once per call; each plugin calls it once at load.
#pragma once

#include <string>

namespace tradehost::cuda_accel {

std::string describe_devices(const std::string& what);

}  // namespace tradehost::cuda_accel
