#include "feature_events.hpp"

#include <tradehost/plugin.hpp>

#include <cstring>

namespace tradehost::features {

namespace {
static_assert(sizeof(th_features) % alignof(float) == 0, "values follow the struct");

th_features* header(unsigned char* buf, const FeatureSchema& schema, th_time_ns ts) {
    auto* f = reinterpret_cast<th_features*>(buf);
    *f = make_event<th_features>(ts);
    f->cols = schema.cols;
    f->schema_hash = schema.hash;
    copy_str(f->schema, schema.name);
    return f;
}
}  // namespace

th_features* write_feature_row(unsigned char* buf, const FeatureSchema& schema, th_time_ns ts, th_instrument id,
                               const float* values) {
    th_features* f = header(buf, schema, ts);
    f->instrument = id;
    f->rows = 1;
    f->parts = 1;
    f->hdr.size = th_features_size(1, f->cols, 0);
    std::memcpy(th_features_values_mut(f), values, size_t(f->cols) * sizeof(float));
    return f;
}

th_features* write_feature_batch(unsigned char* buf, const FeatureSchema& schema, th_time_ns ts, uint32_t seq,
                                 const th_instrument* ids, const float* values, size_t rows, uint16_t part,
                                 uint16_t parts) {
    th_features* f = header(buf, schema, ts);
    f->instrument = 0;
    f->rows = static_cast<uint16_t>(rows);
    f->batch_seq = seq;
    f->part = part;
    f->parts = parts;
    f->hdr.size = th_features_size(f->rows, f->cols, 1);
    std::memcpy(th_features_instruments_mut(f), ids, rows * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), values, rows * size_t(f->cols) * sizeof(float));
    return f;
}

}  // namespace tradehost::features
