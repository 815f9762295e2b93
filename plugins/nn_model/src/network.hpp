// The network of a weights file made ready for inference on Eigen: a universe of inputs
// (B rows, each T steps of F features) scored in one call, layer by layer over the whole
// batch, so every dense and recurrent step is one matrix product.
#pragma once

#include "weights_file.hpp"

#include <memory>

namespace tradehost::nn {

class Model {
public:
    explicit Model(const Network& net);
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    size_t inputs() const { return inputs_; }
    size_t outputs() const { return outputs_; }
    uint32_t steps() const { return steps_; }

    /// x: `rows` inputs, each steps() x inputs() floats row-major (oldest step first);
    /// out: rows x outputs(). Not thread-safe: it reuses its scratch matrices.
    void predict(const float* x, size_t rows, float* out);

private:
    struct Impl;  ///< the layers and scratch matrices, in network.cpp (Eigen stays out of this header)
    std::unique_ptr<Impl> impl_;
    size_t inputs_ = 0;
    size_t outputs_ = 0;
    uint32_t steps_ = 1;
};

}  // namespace tradehost::nn
