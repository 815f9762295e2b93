// One instrument's indicators, updated together; a row is complete once every indicator
// has warmed up.
#pragma once

#include "feature_spec.hpp"

#include <memory>
#include <vector>

namespace tradehost::features {

class FeatureRow {
public:
    explicit FeatureRow(const std::vector<FeatureSpec>& specs) {
        for (const auto& s : specs) indicators_.push_back(make_indicator(s));
    }
    /// Updates every indicator; true if all are defined (the row may be emitted).
    bool update(const Observation& o) {
        bool all = true;
        for (auto& ind : indicators_) {
            ind->update(o);
            all = all && ind->ready();
        }
        return all;
    }
    /// Writes or reads every indicator's state, in schema order.
    void io(StateIo& a) {
        for (auto& ind : indicators_) ind->io(a);
    }
    /// Writes every column, schema order.
    void write(double* out) const {
        for (const auto& ind : indicators_) {
            ind->write(out);
            out += ind->columns();
        }
    }

private:
    std::vector<std::unique_ptr<Indicator>> indicators_;
};

}  // namespace tradehost::features
