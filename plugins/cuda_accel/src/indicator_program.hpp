// The indicator program of one instance: the features plugin's specs as device ops, the
// per-instrument state size, and the CPU step every path shares.
#pragma once

#include "indicator_kernels.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::features {
struct FeatureSpec;
}

namespace tradehost::cuda_accel {

struct Program {
    std::vector<ind::Op> ops;
    uint32_t slots = 0;  ///< doubles of state per instrument
    uint32_t cols = 0;   ///< values per row
};

/// The program for `specs` (features' parse_spec results, schema order). Every kind of the
/// features plugin is supported; throws ConfigError for one that is not.
Program make_program(const std::vector<features::FeatureSpec>& specs);

/// One pass on the CPU: instrument slot[i] takes obs[i] (slots distinct); rows (n * cols)
/// and ready (n) are written. The emulated device and the CPU path both run this.
void cpu_step(const Program& p, double* state, size_t stride, const uint32_t* slot, const ind::Obs* obs, size_t n,
              double* rows, uint8_t* ready);

}  // namespace tradehost::cuda_accel
