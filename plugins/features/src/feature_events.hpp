// The th_features events the features plugin publishes (and cuda_features, which must publish
// exactly the same bytes): one instrument's row, or one part of a timestamp's batch.
#pragma once

#include <tradehost/plugin.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tradehost::features {

/// What every th_features of one instance carries.
struct FeatureSchema {
    uint16_t cols = 0;
    uint64_t hash = 0;  ///< FNV-1a 64 of the schema text
    std::string_view name;  ///< the schema's name (settings' schema_name), not owned
};

/// Writes one instrument's row into `buf` (TH_EVENT_MAX_SIZE bytes, 8-aligned) and returns
/// the event in it.
th_features* write_feature_row(unsigned char* buf, const FeatureSchema& schema, th_time_ns ts, th_instrument id,
                               const float* values);

/// Writes part `part` of `parts` of batch `seq`: `rows` instruments and their rows.
th_features* write_feature_batch(unsigned char* buf, const FeatureSchema& schema, th_time_ns ts, uint32_t seq,
                                 const th_instrument* ids, const float* values, size_t rows, uint16_t part,
                                 uint16_t parts);

}  // namespace tradehost::features
