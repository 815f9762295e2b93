// Eigen inference for each layer kind; see network.hpp and docs/nn-weights-format.md. The
// activations between layers are one row-major matrix of (rows x steps) x width, row
// b*steps + t holding step t of input b, so a dense layer is one GEMM over the universe.
#include "network.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <vector>

namespace tradehost::nn {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<float, 1, Eigen::Dynamic>;

struct Op {
    virtual ~Op() = default;
    /// x: (rows * steps) x width in; `steps` changes for the pooling layers.
    virtual void run(const Mat& x, Mat& y, size_t rows, size_t& steps) = 0;
};

namespace {

Mat matrix(const Tensor& t) {
    return Eigen::Map<const Mat>(t.values.data(), t.shape.at(0), t.shape.at(1));
}

Vec vector(const Tensor& t) { return Eigen::Map<const Vec>(t.values.data(), static_cast<Eigen::Index>(t.values.size())); }

// The same expressions as PyTorch's float kernels: sigmoid 1 / (1 + e^-x), exact GELU.
template <typename M>
void activate(M&& m, Activation a) {
    switch (a) {
    case Activation::Identity: return;
    case Activation::Relu: m = m.cwiseMax(0.0f); return;
    case Activation::Tanh: m = m.array().tanh(); return;
    case Activation::Sigmoid: m = (1.0f + (-m.array()).exp()).inverse(); return;
    case Activation::Gelu:
        m = m.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::erf(v * static_cast<float>(M_SQRT1_2))); });
        return;
    }
}

// Layer norm of every row in place, biased variance, as torch.nn.LayerNorm.
void layer_norm(Mat& m, const Vec& w, const Vec& b, float eps) {
    const float n = static_cast<float>(m.cols());
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        auto row = m.row(r);
        const float mean = row.sum() / n;
        row.array() -= mean;
        const float var = row.squaredNorm() / n;
        row = (row.array() * (1.0f / std::sqrt(var + eps)) * w.array() + b.array()).matrix();
    }
}

struct Dense : Op {
    Mat wt;  // [in, out]: x * wt is x * W^T
    Vec b;
    Activation act;
    explicit Dense(const Layer& l)
        : wt(matrix(l.tensor("weight")).transpose()), b(vector(l.tensor("bias"))), act(l.activation) {}
    void run(const Mat& x, Mat& y, size_t, size_t&) override {
        y.noalias() = x * wt;
        y.rowwise() += b;
        activate(y, act);
    }
};

struct Act : Op {
    Activation act;
    explicit Act(const Layer& l) : act(l.activation) {}
    void run(const Mat& x, Mat& y, size_t, size_t&) override {
        y = x;
        activate(y, act);
    }
};

struct LayerNorm : Op {
    Vec w, b;
    float eps;
    explicit LayerNorm(const Layer& l) : w(vector(l.tensor("weight"))), b(vector(l.tensor("bias"))), eps(l.eps) {}
    void run(const Mat& x, Mat& y, size_t, size_t&) override {
        y = x;
        layer_norm(y, w, b, eps);
    }
};

// LSTM and GRU: the input projection of every step at once, then one (rows x hidden) GEMM
// per step for the recurrence.
struct Recurrent : Op {
    bool lstm;
    Eigen::Index h;
    Mat wih_t, whh_t;
    Vec bih, bhh;
    Mat xp, g, hp, state, cell;
    explicit Recurrent(const Layer& l)
        : lstm(l.type == LayerType::Lstm), h(l.out), wih_t(matrix(l.tensor("weight_ih")).transpose()),
          whh_t(matrix(l.tensor("weight_hh")).transpose()), bih(vector(l.tensor("bias_ih"))),
          bhh(vector(l.tensor("bias_hh"))) {}

    template <typename A>
    static auto sigmoid(const A& a) { return (1.0f + (-a).exp()).inverse(); }

    // Each step works on the gate matrix in place (i, f, g, o or r, z, n column blocks), so
    // the recurrence allocates nothing.
    void run(const Mat& x, Mat& y, size_t rows, size_t& steps) override {
        const auto b = static_cast<Eigen::Index>(rows);
        const auto t_n = static_cast<Eigen::Index>(steps);
        xp.noalias() = x * wih_t;
        xp.rowwise() += lstm ? Vec(bih + bhh) : bih;  // a GRU keeps b_hn inside r * (...)
        state.setZero(b, h);
        cell.setZero(b, h);
        y.resize(b * t_n, h);
        g.resize(b, xp.cols());
        for (Eigen::Index t = 0; t < t_n; ++t) {
            for (Eigen::Index r = 0; r < b; ++r) g.row(r) = xp.row(r * t_n + t);
            if (lstm) {
                g.noalias() += state * whh_t;
                g.leftCols(2 * h).array() = sigmoid(g.leftCols(2 * h).array());  // i, f
                g.middleCols(2 * h, h).array() = g.middleCols(2 * h, h).array().tanh();
                g.rightCols(h).array() = sigmoid(g.rightCols(h).array());  // o
                cell.array() = g.middleCols(h, h).array() * cell.array() +
                               g.leftCols(h).array() * g.middleCols(2 * h, h).array();
                state.array() = g.rightCols(h).array() * cell.array().tanh();
            } else {
                hp.noalias() = state * whh_t;
                hp.rowwise() += bhh;
                g.leftCols(2 * h).array() = sigmoid((g.leftCols(2 * h) + hp.leftCols(2 * h)).array());  // r, z
                g.rightCols(h).array() = (g.rightCols(h).array() + g.leftCols(h).array() * hp.rightCols(h).array()).tanh();
                state.array() = (1.0f - g.middleCols(h, h).array()) * g.rightCols(h).array() +
                                g.middleCols(h, h).array() * state.array();
            }
            for (Eigen::Index r = 0; r < b; ++r) y.row(r * t_n + t) = state.row(r);
        }
    }
};

struct Attention : Op {
    Eigen::Index e, heads, d;
    bool norm_first, causal;
    float eps;
    Mat win_t, wout_t;
    Vec bin, bout, nw, nb;
    Mat in, qkv, o, scores, attn;
    explicit Attention(const Layer& l)
        : e(l.in), heads(l.heads), d(l.in / l.heads), norm_first(l.norm_first), causal(l.causal), eps(l.eps),
          win_t(matrix(l.tensor("in_proj_weight")).transpose()), wout_t(matrix(l.tensor("out_proj_weight")).transpose()),
          bin(vector(l.tensor("in_proj_bias"))), bout(vector(l.tensor("out_proj_bias"))), nw(vector(l.tensor("norm_weight"))),
          nb(vector(l.tensor("norm_bias"))) {}

    void run(const Mat& x, Mat& y, size_t rows, size_t& steps) override {
        const auto t_n = static_cast<Eigen::Index>(steps);
        in = x;
        if (norm_first) layer_norm(in, nw, nb, eps);
        qkv.noalias() = in * win_t;  // q, k, v of every step of every row: one GEMM
        qkv.rowwise() += bin;
        o.resize(x.rows(), e);
        const float scale = 1.0f / std::sqrt(static_cast<float>(d));
        for (Eigen::Index r = 0; r < static_cast<Eigen::Index>(rows); ++r) {
            const auto block = qkv.middleRows(r * t_n, t_n);
            for (Eigen::Index hd = 0; hd < heads; ++hd) {
                const Mat q = block.middleCols(hd * d, d) * scale;  // PyTorch scales q before q·kᵀ
                scores.noalias() = q * block.middleCols(e + hd * d, d).transpose();
                for (Eigen::Index i = 0; i < t_n; ++i) {
                    auto s = scores.row(i);
                    if (causal) s.tail(t_n - 1 - i).setConstant(-std::numeric_limits<float>::infinity());
                    s.array() = (s.array() - s.maxCoeff()).exp();
                    s /= s.sum();
                }
                o.block(r * t_n, hd * d, t_n, d).noalias() = scores * block.middleCols(2 * e + hd * d, d);
            }
        }
        attn.noalias() = o * wout_t;
        attn.rowwise() += bout;
        y = x + attn;
        if (!norm_first) layer_norm(y, nw, nb, eps);
    }
};

struct Pool : Op {
    bool mean;
    explicit Pool(const Layer& l) : mean(l.type == LayerType::Mean) {}
    void run(const Mat& x, Mat& y, size_t rows, size_t& steps) override {
        const auto t_n = static_cast<Eigen::Index>(steps);
        y.resize(static_cast<Eigen::Index>(rows), x.cols());
        for (Eigen::Index r = 0; r < y.rows(); ++r)
            y.row(r) = mean ? Vec(x.middleRows(r * t_n, t_n).colwise().sum() / static_cast<float>(t_n))
                            : Vec(x.row(r * t_n + t_n - 1));
        steps = 1;
    }
};

std::unique_ptr<Op> make_op(const Layer& l) {
    switch (l.type) {
    case LayerType::Dense: return std::make_unique<Dense>(l);
    case LayerType::Activation: return std::make_unique<Act>(l);
    case LayerType::LayerNorm: return std::make_unique<LayerNorm>(l);
    case LayerType::Lstm:
    case LayerType::Gru: return std::make_unique<Recurrent>(l);
    case LayerType::Attention: return std::make_unique<Attention>(l);
    case LayerType::Last:
    case LayerType::Mean: return std::make_unique<Pool>(l);
    }
    return nullptr;
}

}  // namespace

// The layers, and the two scratch matrices they pass between them (ping-pong), kept across
// calls so a steady batch size allocates nothing after the first call.
struct Model::Impl {
    std::vector<std::unique_ptr<Op>> ops;
    Mat a, b;
};

Model::Model(const Network& net)
    : impl_(std::make_unique<Impl>()), inputs_(net.inputs()), outputs_(net.outputs.size()),
      steps_(net.sequence_length) {
    for (const Layer& l : net.layers) impl_->ops.push_back(make_op(l));
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

void Model::predict(const float* x, size_t rows, float* out) {
    if (rows == 0) return;
    size_t steps = steps_;
    impl_->a = Eigen::Map<const Mat>(x, static_cast<Eigen::Index>(rows * steps), static_cast<Eigen::Index>(inputs_));
    Mat* cur = &impl_->a;
    Mat* next = &impl_->b;
    for (const auto& op : impl_->ops) {
        op->run(*cur, *next, rows, steps);
        std::swap(cur, next);
    }
    // The reader guarantees the network leaves the time axis (or never had one): rows x outputs.
    Eigen::Map<Mat>(out, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(outputs_)) = *cur;
}

}  // namespace tradehost::nn
