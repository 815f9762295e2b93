// The indicator program; see indicator_program.hpp.
#include "indicator_program.hpp"

#include "feature_spec.hpp"

#include <tradehost/plugin.hpp>

#include <map>

namespace tradehost::cuda_accel {

Program make_program(const std::vector<features::FeatureSpec>& specs) {
    using ind::Kind;
    static const std::map<std::string, Kind> kinds = {
        {"sma", Kind::Sma},   {"ema", Kind::Ema}, {"wma", Kind::Wma},       {"rsi", Kind::Rsi}, {"macd", Kind::Macd},
        {"bb", Kind::Bb},     {"atr", Kind::Atr}, {"adx", Kind::Adx},       {"stoch", Kind::Stoch}, {"obv", Kind::Obv},
        {"vwap", Kind::Vwap}, {"zscore", Kind::ZScore}, {"vol", Kind::Vol}, {"ret", Kind::Ret}, {"tod", Kind::Tod},
    };
    Program p;
    for (const auto& s : specs) {
        const auto it = kinds.find(s.kind);
        if (it == kinds.end()) throw ConfigError("features: '" + s.text + "' has no device form");
        ind::Op op{it->second, 0, 0, 0, 0.0, p.slots, p.cols};
        auto len = [&](size_t i) { return i < s.params.size() ? static_cast<uint32_t>(s.params[i]) : 0u; };
        op.n1 = len(0);
        op.n2 = len(1);
        op.n3 = len(2);
        if (op.kind == Kind::Bb) op.k = s.params.at(1);
        p.slots += ind::op_slots(op);
        p.cols += ind::op_columns(op.kind);
        if (p.cols != s.columns.size() + op.col)
            throw InvalidArgument("cuda_features: '" + s.text + "': column count differs from the features plugin's");
        p.ops.push_back(op);
    }
    return p;
}

void cpu_step(const Program& p, double* state, const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows,
              uint8_t* ready) {
    const auto n_ops = static_cast<uint32_t>(p.ops.size());
    for (size_t i = 0; i < n; ++i)
        ready[i] = ind::update_instrument(p.ops.data(), n_ops, state + static_cast<size_t>(slot[i]) * p.slots, 1, obs[i],
                                          rows + i * p.cols);
}

void soa_step(const Program& p, double* state, size_t stride, const uint32_t* slot, const ind::Obs* obs, size_t n,
              double* rows, uint8_t* ready) {
    const auto n_ops = static_cast<uint32_t>(p.ops.size());
    for (size_t i = 0; i < n; ++i)
        ready[i] = ind::update_instrument(p.ops.data(), n_ops, state + slot[i], stride, obs[i], rows + i * p.cols);
}

void to_soa(const Program& p, const double* aos, size_t count, double* soa, size_t stride) {
    for (size_t k = 0; k < p.slots; ++k) {
        double* col = soa + k * stride;
        for (size_t i = 0; i < count; ++i) col[i] = aos[i * p.slots + k];
        for (size_t i = count; i < stride; ++i) col[i] = 0.0;
    }
}

void from_soa(const Program& p, const double* soa, size_t stride, double* aos, size_t count) {
    for (size_t k = 0; k < p.slots; ++k)
        for (size_t i = 0; i < count; ++i) aos[i * p.slots + k] = soa[k * stride + i];
}

}  // namespace tradehost::cuda_accel
