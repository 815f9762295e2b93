// The emulated device; see host_device.hpp.
#include "host_device.hpp"

#include "kernels.hpp"

#include <algorithm>
#include <vector>

namespace tradehost::cuda_accel {

namespace {

class HostDevice final : public Device {
public:
    explicit HostDevice(int index) : index_(index) {}

    std::string name() const override { return "host:" + std::to_string(index_); }

    // The device keeps its own copy of the model, as the CUDA device does of its weights.
    void load(const Model& m) override {
        model_ = m;
        if (m.kind == Model::Kind::Tree) {
            const auto& f = model_.forest;
            flat_ = FlatForest{f.nodes.data(), f.roots.data(), f.groups.data(), static_cast<uint32_t>(f.roots.size()),
                               f.depth, f.num_feature, f.num_group, static_cast<uint32_t>(f.transform), f.base_margin};
        }
    }

    void begin(const float* rows, size_t n, float* out) override {
        const size_t ins = model_.inputs(), outs = model_.outputs();
        if (model_.kind == Model::Kind::Tree) {
            for (size_t r = 0; r < n; ++r) tree_row(flat_, rows + r * ins, out + r * outs);
            return;
        }
        // The GEMM of each layer, then the fused bias/activation over its outputs, as the
        // kernels do; a layer's outputs are the next one's inputs.
        a_.assign(rows, rows + n * ins);
        for (const Layer& l : model_.mlp.layers) {
            if (l.kind != Layer::Kind::Dense) {
                for (size_t r = 0; r < n; ++r) elementwise_row(l.kind, l.activation, a_.data() + r * l.out, l.out, l.weights.data(), l.bias.data(),
                                    l.eps);
                continue;
            }
            b_.assign(n * l.out, 0.0f);
            for (size_t r = 0; r < n; ++r)
                for (uint32_t o = 0; o < l.out; ++o) {
                    const float* w = l.weights.data() + static_cast<size_t>(o) * l.in;
                    const float* x = a_.data() + r * l.in;
                    float s = 0.0f;
                    for (uint32_t i = 0; i < l.in; ++i) s += w[i] * x[i];
                    b_[r * l.out + o] = bias_activate(s, l.bias[o], l.activation);
                }
            std::swap(a_, b_);
        }
        std::copy(a_.begin(), a_.begin() + static_cast<std::ptrdiff_t>(n * outs), out);
    }

    void finish() override {}

private:
    int index_;
    Model model_;
    FlatForest flat_{};
    std::vector<float> a_, b_;
};

}  // namespace

std::unique_ptr<Device> make_host_device(int index) { return std::make_unique<HostDevice>(index); }

}  // namespace tradehost::cuda_accel
