// The tree_model instance; see tree_model.hpp.
#include "tree_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tradehost::tree_model {

TreeModel::TreeModel(Host host, const Config& cfg) : host_(host), cfg_(cfg), settings_(initial_settings()) {}

void TreeModel::start() {
    const Forest& f = settings_.forest;
    host_.info("model " + settings_.model_path + ": " + f.objective + ", " + std::to_string(f.roots.size()) +
               " trees, " + std::to_string(f.num_feature) + " features; expects schema hash " +
               std::to_string(settings_.schema_hash) + " (" + settings_.schema_text + ")");
    if (!settings_.registry.empty()) poll_timer_ = host_.timer_start(settings_.registry_poll_ns, settings_.registry_poll_ns);
}

bool TreeModel::accepts(const th_features& f) {
    if (f.schema_hash == settings_.schema_hash && f.cols == settings_.forest.num_feature &&
        f.hdr.size >= th_features_size(f.rows, f.cols, f.instrument == 0))
        return true;
    host_.metric_add("schema_mismatch", 1);
    if (warned_.insert(f.schema_hash).second)
        host_.warn("features of schema '" + std::string(f.schema, strnlen(f.schema, sizeof f.schema)) + "' (hash " +
                   std::to_string(f.schema_hash) + ", " + std::to_string(f.cols) +
                   " columns) do not match the model's schema (hash " + std::to_string(settings_.schema_hash) + ", " +
                   std::to_string(settings_.forest.num_feature) + " columns: " + settings_.schema_text +
                   "); such events are dropped");
    return false;
}

void TreeModel::on_event(uint32_t port, const th_event_header& ev) {
    if (port != kPortFeatures) throw InvalidArgument("no input port " + std::to_string(port));
    th_features scratch;
    const th_features* f = event_as<th_features>(ev, scratch);
    if (!f) throw InvalidArgument("port features: unexpected event type " + std::to_string(ev.type));
    if (settings_.forest.roots.empty()) {  // registry: nothing promoted yet
        host_.metric_add("no_model", f->rows);
        return;
    }
    if (f->rows == 0 || !accepts(*f)) return;

    const size_t outs = settings_.forest.outputs();
    out_.resize(static_cast<size_t>(f->rows) * outs);
    const float* values = th_features_values(f);
    if (!settings_.registry.empty()) remember_rows(values, f->rows);
    if (f->rows == 1) settings_.forest.predict(values, out_.data());
    else settings_.forest.predict_batch(values, f->rows, out_.data());
    host_.metric_add("rows", f->rows);

    if (settings_.signals) {
        const th_instrument* ids = th_features_instruments(f);
        for (size_t r = 0; r < f->rows; ++r)
            publish_signal(ids ? ids[r] : f->instrument, f->hdr.ts, out_.data() + r * outs);
    }
    if (settings_.predictions) publish_predictions(*f, out_.data());
}

void TreeModel::publish_signal(th_instrument id, th_time_ns ts, const float* out) {
    const Forest& fo = settings_.forest;
    double value = 0, strength = 0;
    if (fo.transform == Transform::Softprob) {
        for (size_t k = 0; k < fo.num_group; ++k) value += out[k] * settings_.class_values[k];
        strength = *std::max_element(out, out + fo.num_group);  // the winning class's probability
    } else if (fo.transform == Transform::Argmax) {
        value = settings_.class_values.at(static_cast<size_t>(out[0]));
        strength = 1.0;  // softmax models give the class alone, no probability
    } else {
        value = out[0] - settings_.center;
        strength = std::min(1.0, std::fabs(value) / settings_.scale);
    }
    if (!std::isfinite(value) || !std::isfinite(strength)) {
        host_.metric_add("non_finite_outputs", 1);
        return;
    }
    th_signal s = make_event<th_signal>(ts);
    s.instrument = id;
    s.value = value;
    s.strength = strength;
    copy_str(s.name, settings_.signal_name);
    const th_status st = host_.try_publish(kPortSignals, s.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish signal");
    host_.metric_add("signals", 1);
}

// The outputs as th_features with the input's shape: the same instruments, batch number and
// parts, one column per output ("prediction", or "p0".."pK-1" for class probabilities).
void TreeModel::publish_predictions(const th_features& in, const float* out) {
    const uint16_t cols = static_cast<uint16_t>(settings_.prediction_columns.size());
    const bool batch = in.instrument == 0;
    auto* f = reinterpret_cast<th_features*>(buf_);
    *f = make_event<th_features>(in.hdr.ts);
    f->instrument = in.instrument;
    f->rows = in.rows;
    f->cols = cols;
    f->schema_hash = settings_.prediction_hash;
    f->batch_seq = in.batch_seq;
    f->part = in.part;
    f->parts = in.parts;
    copy_str(f->schema, "predictions");
    f->hdr.size = th_features_size(in.rows, cols, batch);
    if (f->hdr.size > TH_EVENT_MAX_SIZE) {
        host_.metric_add("predictions_too_large", 1);
        return;  // more outputs than inputs per row: a batch this large does not fit one event
    }
    if (batch) std::memcpy(th_features_instruments_mut(f), th_features_instruments(&in), in.rows * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), out, static_cast<size_t>(in.rows) * cols * sizeof(float));
    const th_status st = host_.try_publish(kPortPredictions, f->hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish predictions");
}

}  // namespace tradehost::tree_model
