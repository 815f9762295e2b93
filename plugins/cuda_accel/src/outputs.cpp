// Signals and predictions; see outputs.hpp. The arithmetic is tree_model's, so a strategy
// sees the same values from either plugin.
#include "outputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tradehost::cuda_accel {

void Outputs::publish(const th_features& in, const float* out) {
    if (s_.signals) {
        const th_instrument* ids = th_features_instruments(&in);
        const size_t outs = s_.model.outputs();
        for (size_t r = 0; r < in.rows; ++r) signal(ids ? ids[r] : in.instrument, in.hdr.ts, out + r * outs);
    }
    if (s_.predictions) predictions(in, out);
}

void Outputs::signal(th_instrument id, th_time_ns ts, const float* out) {
    double value = 0, strength = 0;
    const size_t groups = s_.model.forest.num_group;
    if (s_.transform == tree_model::Transform::Softprob) {
        for (size_t k = 0; k < groups; ++k) value += out[k] * s_.class_values[k];
        strength = *std::max_element(out, out + groups);
    } else if (s_.transform == tree_model::Transform::Argmax) {
        value = s_.class_values.at(static_cast<size_t>(out[0]));
        strength = 1.0;
    } else {
        value = out[0] - s_.center;
        strength = std::min(1.0, std::fabs(value) / s_.scale);
    }
    if (!std::isfinite(value) || !std::isfinite(strength)) {
        host_.metric_add("non_finite_outputs", 1);
        return;
    }
    th_signal sig = make_event<th_signal>(ts);
    sig.instrument = id;
    sig.value = value;
    sig.strength = strength;
    copy_str(sig.name, s_.signal_name);
    const th_status st = host_.try_publish(kPortSignals, sig.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish signal");
    host_.metric_add("signals", 1);
}

void Outputs::predictions(const th_features& in, const float* out) {
    const uint16_t cols = static_cast<uint16_t>(s_.prediction_columns.size());
    const bool batch = in.instrument == 0;
    auto* f = reinterpret_cast<th_features*>(buf_);
    *f = make_event<th_features>(in.hdr.ts);
    f->instrument = in.instrument;
    f->rows = in.rows;
    f->cols = cols;
    f->schema_hash = s_.prediction_hash;
    f->batch_seq = in.batch_seq;
    f->part = in.part;
    f->parts = in.parts;
    copy_str(f->schema, "predictions");
    f->hdr.size = th_features_size(in.rows, cols, batch);
    if (f->hdr.size > TH_EVENT_MAX_SIZE) {
        host_.metric_add("predictions_too_large", 1);
        return;
    }
    if (batch) std::memcpy(th_features_instruments_mut(f), th_features_instruments(&in), in.rows * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), out, static_cast<size_t>(in.rows) * cols * sizeof(float));
    const th_status st = host_.try_publish(kPortPredictions, f->hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish predictions");
}

}  // namespace tradehost::cuda_accel
