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

/// One pass on the CPU over array-of-structs state (instrument i at state + i * p.slots):
/// instrument slot[i] takes obs[i] (slots distinct); rows (n * cols) and ready (n).
void cpu_step(const Program& p, double* state, const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows,
              uint8_t* ready);

/// The same pass over the device's struct-of-arrays state (slot k of instrument i at
/// state[k * stride + i]), as the kernel does it: the emulated device runs this.
void soa_step(const Program& p, double* state, size_t stride, const uint32_t* slot, const ind::Obs* obs, size_t n,
              double* rows, uint8_t* ready);

/// Array of structs (`count` instruments) to struct of arrays with room for `stride`, and back.
void to_soa(const Program& p, const double* aos, size_t count, double* soa, size_t stride);
void from_soa(const Program& p, const double* soa, size_t stride, double* aos, size_t count);

}  // namespace tradehost::cuda_accel
