// Converting an nn_model network; see nn_network.hpp.
#include "nn_network.hpp"

#include <stdexcept>

namespace tradehost::cuda_accel {

namespace {

Activation activation(nn::Activation a) {
    switch (a) {
    case nn::Activation::Identity:
        return Activation::Identity;
    case nn::Activation::Relu:
        return Activation::Relu;
    case nn::Activation::Tanh:
        return Activation::Tanh;
    case nn::Activation::Sigmoid:
        return Activation::Sigmoid;
    case nn::Activation::Gelu:
        return Activation::Gelu;
    }
    throw std::runtime_error("unknown activation");
}

}  // namespace

Mlp mlp_from_network(const nn::Network& net) {
    if (net.sequence_length != 1)
        throw std::runtime_error("the network reads sequences of " + std::to_string(net.sequence_length) +
                                 " rows; cuda_accel runs feed-forward networks (sequence_length 1): use nn_model");
    Mlp m;
    m.feature_names = net.features;
    uint32_t width = static_cast<uint32_t>(net.inputs());
    for (size_t k = 0; k < net.layers.size(); ++k) {
        const nn::Layer& l = net.layers[k];
        Layer out;
        out.in = width;
        out.out = width;
        out.activation = activation(l.activation);
        switch (l.type) {
        case nn::LayerType::Dense:
            out.kind = Layer::Kind::Dense;
            out.in = l.in;
            out.out = l.out;
            out.weights = l.tensor("weight").values;
            out.bias = l.tensor("bias").values;
            break;
        case nn::LayerType::Activation:
            // Folded into the dense layer before it when that one has none: one kernel fewer.
            if (!m.layers.empty() && m.layers.back().kind == Layer::Kind::Dense &&
                m.layers.back().activation == Activation::Identity) {
                m.layers.back().activation = out.activation;
                continue;
            }
            out.kind = Layer::Kind::Activation;
            break;
        case nn::LayerType::LayerNorm:
            out.kind = Layer::Kind::LayerNorm;
            out.weights = l.tensor("weight").values;
            out.bias = l.tensor("bias").values;
            out.eps = l.eps;
            break;
        default:
            throw std::runtime_error("layers[" + std::to_string(k) + "] (" + nn::to_string(l.type) +
                                     ") is not feed-forward; cuda_accel runs dense, activation and layer_norm: use nn_model");
        }
        width = out.out;
        m.layers.push_back(std::move(out));
    }
    m.check();
    return m;
}

}  // namespace tradehost::cuda_accel
