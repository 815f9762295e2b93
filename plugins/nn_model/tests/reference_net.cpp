// The plain-loop network; see reference_net.hpp. Activations are a vector of steps, each a
// vector of floats.
#include "reference_net.hpp"

#include <cmath>
#include <limits>

namespace nn_reference {

using tradehost::nn::Activation;
using tradehost::nn::Layer;
using tradehost::nn::LayerType;
using tradehost::nn::Network;
using tradehost::nn::Tensor;
using Seq = std::vector<std::vector<float>>;

namespace {

float act(float v, Activation a) {
    switch (a) {
    case Activation::Identity: return v;
    case Activation::Relu: return v > 0 ? v : 0;
    case Activation::Tanh: return std::tanh(v);
    case Activation::Sigmoid: return 1.0f / (1.0f + std::exp(-v));
    case Activation::Gelu: return 0.5f * v * (1.0f + std::erf(v / std::sqrt(2.0f)));
    }
    return v;
}

float sigmoid(float v) { return act(v, Activation::Sigmoid); }

// y[o] = b[o] + sum_i W[o][i] x[i], W row-major [out, in].
std::vector<float> affine(const Tensor& w, const Tensor& b, const std::vector<float>& x) {
    const size_t out = w.shape[0], in = w.shape[1];
    std::vector<float> y(out);
    for (size_t o = 0; o < out; ++o) {
        float s = 0;
        for (size_t i = 0; i < in; ++i) s += w.values[o * in + i] * x[i];
        y[o] = s + b.values[o];
    }
    return y;
}

std::vector<float> norm(const std::vector<float>& x, const Tensor& w, const Tensor& b, float eps) {
    float mean = 0, var = 0;
    for (float v : x) mean += v;
    mean /= static_cast<float>(x.size());
    for (float v : x) var += (v - mean) * (v - mean);
    var /= static_cast<float>(x.size());
    std::vector<float> y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = (x[i] - mean) / std::sqrt(var + eps) * w.values[i] + b.values[i];
    return y;
}

Seq recurrent(const Layer& l, const Seq& x) {
    const size_t h = l.out;
    std::vector<float> state(h, 0), cell(h, 0);
    Seq y;
    for (const auto& xt : x) {
        const auto gi = affine(l.tensor("weight_ih"), l.tensor("bias_ih"), xt);
        const auto gh = affine(l.tensor("weight_hh"), l.tensor("bias_hh"), state);
        for (size_t k = 0; k < h; ++k) {
            if (l.type == LayerType::Lstm) {
                const float i = sigmoid(gi[k] + gh[k]), f = sigmoid(gi[h + k] + gh[h + k]);
                const float g = std::tanh(gi[2 * h + k] + gh[2 * h + k]), o = sigmoid(gi[3 * h + k] + gh[3 * h + k]);
                cell[k] = f * cell[k] + i * g;
                state[k] = o * std::tanh(cell[k]);
            } else {
                const float r = sigmoid(gi[k] + gh[k]), z = sigmoid(gi[h + k] + gh[h + k]);
                const float n = std::tanh(gi[2 * h + k] + r * gh[2 * h + k]);
                state[k] = (1 - z) * n + z * state[k];
            }
        }
        y.push_back(state);
    }
    return y;
}

Seq attention(const Layer& l, const Seq& x) {
    const size_t t_n = x.size(), e = l.in, heads = l.heads, d = e / heads;
    Seq in = x, qkv, o(t_n, std::vector<float>(e, 0));
    if (l.norm_first)
        for (auto& v : in) v = norm(v, l.tensor("norm_weight"), l.tensor("norm_bias"), l.eps);
    for (const auto& v : in) qkv.push_back(affine(l.tensor("in_proj_weight"), l.tensor("in_proj_bias"), v));
    const float scale = 1.0f / std::sqrt(static_cast<float>(d));
    for (size_t hd = 0; hd < heads; ++hd)
        for (size_t i = 0; i < t_n; ++i) {
            std::vector<float> p(t_n, 0);
            float mx = -std::numeric_limits<float>::infinity();
            const size_t last = l.causal ? i + 1 : t_n;
            for (size_t j = 0; j < last; ++j) {
                float s = 0;
                for (size_t k = 0; k < d; ++k) s += qkv[i][hd * d + k] * scale * qkv[j][e + hd * d + k];
                p[j] = s;
                mx = std::max(mx, s);
            }
            float sum = 0;
            for (size_t j = 0; j < last; ++j) sum += p[j] = std::exp(p[j] - mx);
            for (size_t j = 0; j < last; ++j)
                for (size_t k = 0; k < d; ++k) o[i][hd * d + k] += p[j] / sum * qkv[j][2 * e + hd * d + k];
        }
    Seq y;
    for (size_t i = 0; i < t_n; ++i) {
        auto a = affine(l.tensor("out_proj_weight"), l.tensor("out_proj_bias"), o[i]);
        for (size_t k = 0; k < e; ++k) a[k] += x[i][k];
        y.push_back(l.norm_first ? a : norm(a, l.tensor("norm_weight"), l.tensor("norm_bias"), l.eps));
    }
    return y;
}

}  // namespace

std::vector<float> predict(const Network& net, const float* x) {
    const size_t f = net.inputs();
    Seq s;
    for (size_t t = 0; t < net.sequence_length; ++t) s.emplace_back(x + t * f, x + (t + 1) * f);
    for (const Layer& l : net.layers) {
        switch (l.type) {
        case LayerType::Dense:
            for (auto& v : s) {
                v = affine(l.tensor("weight"), l.tensor("bias"), v);
                for (float& a : v) a = act(a, l.activation);
            }
            break;
        case LayerType::Activation:
            for (auto& v : s)
                for (float& a : v) a = act(a, l.activation);
            break;
        case LayerType::LayerNorm:
            for (auto& v : s) v = norm(v, l.tensor("weight"), l.tensor("bias"), l.eps);
            break;
        case LayerType::Lstm:
        case LayerType::Gru: s = recurrent(l, s); break;
        case LayerType::Attention: s = attention(l, s); break;
        case LayerType::Last: s = {s.back()}; break;
        case LayerType::Mean: {
            std::vector<float> m(s[0].size(), 0);
            for (const auto& v : s)
                for (size_t k = 0; k < m.size(); ++k) m[k] += v[k];
            for (float& a : m) a /= static_cast<float>(s.size());
            s = {m};
            break;
        }
        }
    }
    return s.back();
}

}  // namespace nn_reference
