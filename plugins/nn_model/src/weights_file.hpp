// Reads a neural network weights file (docs/nn-weights-format.md): the layers, their float32
// tensors and the input/output schema. Plain C++ with no Eigen, so the CUDA plugin shares it.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::nn {

/// Version of the format this reader reads (the header's "version").
constexpr int kWeightsFormatVersion = 1;

/// A row-major float32 tensor as PyTorch holds it.
struct Tensor {
    std::vector<uint32_t> shape;
    std::vector<float> values;
};

enum class LayerType { Dense, Activation, LayerNorm, Lstm, Gru, Attention, Last, Mean };

enum class Activation { Identity, Relu, Tanh, Sigmoid, Gelu };

struct Layer {
    LayerType type = LayerType::Dense;
    Activation activation = Activation::Identity;  ///< dense (fused) and activation layers
    uint32_t in = 0;           ///< width in per time step
    uint32_t out = 0;          ///< width out per time step (dense out, hidden, size)
    uint32_t heads = 0;        ///< attention
    float eps = 1e-5f;         ///< layer_norm, attention's norm
    bool norm_first = false;   ///< attention: x + MHA(LN(x)) instead of LN(x + MHA(x))
    bool causal = false;       ///< attention: step t attends to steps <= t only
    std::map<std::string, Tensor> tensors;

    /// The tensor `name`; throws std::out_of_range naming it when absent.
    const Tensor& tensor(const std::string& name) const;
};

struct Network {
    std::vector<std::string> features;  ///< input columns in order
    int64_t schema_version = 1;
    std::vector<std::string> outputs;   ///< one name per output value
    uint32_t sequence_length = 1;       ///< rows of one instrument per input, oldest first
    std::string source;                 ///< what made the file (free text)
    std::vector<Layer> layers;

    size_t inputs() const { return features.size(); }
};

/// The file's problem: its path, and the layer and what is wrong.
class WeightsFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads and checks the whole file: magic, version, every layer's keys, tensor shapes that
/// agree with the layer and with the widths before it, finite weights, the final shape
/// [B, 1, outputs]. Throws WeightsFileError("<path>: layers[3] (lstm): ...").
Network read_weights_file(const std::string& path);

/// The same from the file's bytes; `name` is used in messages.
Network parse_weights(const std::string& bytes, const std::string& name);

const char* to_string(LayerType t);
const char* to_string(Activation a);

}  // namespace tradehost::nn
