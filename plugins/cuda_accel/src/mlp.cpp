// The MLP's CPU reference; see mlp.hpp.
#include "mlp.hpp"

#include "kernels.hpp"

#include <algorithm>
#include <stdexcept>

namespace tradehost::cuda_accel {

size_t Mlp::widest() const {
    size_t w = inputs();
    for (const auto& l : layers) w = std::max<size_t>(w, l.out);
    return w;
}

void Mlp::check() const {
    if (layers.empty()) throw std::runtime_error("the network has no layers");
    for (size_t k = 0; k < layers.size(); ++k) {
        const Layer& l = layers[k];
        if (l.in == 0 || l.out == 0) throw std::runtime_error("layer " + std::to_string(k) + " has a zero dimension");
        const size_t w = l.kind == Layer::Kind::Dense ? static_cast<size_t>(l.in) * l.out
                         : l.kind == Layer::Kind::LayerNorm ? l.out : 0;
        const size_t b = l.kind == Layer::Kind::Activation ? 0 : l.out;
        if (l.kind != Layer::Kind::Dense && l.in != l.out)
            throw std::runtime_error("layer " + std::to_string(k) + ": an elementwise layer keeps its width");
        if (l.weights.size() != w || l.bias.size() != b)
            throw std::runtime_error("layer " + std::to_string(k) + ": weights or bias do not match " +
                                     std::to_string(l.out) + "x" + std::to_string(l.in));
        if (k > 0 && layers[k - 1].out != l.in)
            throw std::runtime_error("layer " + std::to_string(k) + " takes " + std::to_string(l.in) +
                                     " inputs, the previous layer gives " + std::to_string(layers[k - 1].out));
    }
}

void Mlp::predict_batch(const float* rows, size_t n, float* out) const {
    std::vector<float> a(widest()), b(widest());
    for (size_t r = 0; r < n; ++r) {
        std::copy(rows + r * inputs(), rows + (r + 1) * inputs(), a.begin());
        for (const Layer& l : layers) {
            if (l.kind != Layer::Kind::Dense) {
                elementwise_row(l.kind, l.activation, a.data(), l.out, l.weights.data(), l.bias.data(), l.eps);
                continue;
            }
            for (uint32_t o = 0; o < l.out; ++o) {
                const float* w = l.weights.data() + static_cast<size_t>(o) * l.in;
                float s = 0.0f;
                for (uint32_t i = 0; i < l.in; ++i) s += w[i] * a[i];
                b[o] = bias_activate(s, l.bias[o], l.activation);
            }
            std::swap(a, b);
        }
        std::copy(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(outputs()), out + r * outputs());
    }
}

}  // namespace tradehost::cuda_accel
