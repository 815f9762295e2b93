// A feature definition: the features plugin's schema (name, version, the indicator specs
// with their parameters, the columns in order). Its content hash (SHA-256 of a canonical
// text) is the definition's version: any change of a name, an order or a parameter gives
// another hash, so a model records what it was trained on and refuses anything else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::store {

struct Definition {
    std::string schema = "features";       ///< the features plugin's `schema`
    int64_t version = 1;                   ///< its `version`
    std::vector<std::string> specs;        ///< its `features` list, e.g. "rsi:14", as written
    std::vector<std::string> columns;      ///< output columns in order, e.g. rsi_14

    /// "schema=NAME\nversion=N\nspecs=a|b\ncolumns=c,d\n": what is hashed.
    std::string canonical() const;
    /// Hex SHA-256 of canonical().
    std::string sha256() const;
    /// "c,d;vN": the text whose th_features_schema_hash every features event carries.
    std::string schema_text() const;
    /// th_features_schema_hash(schema_text()).
    uint64_t event_hash() const;
};

}  // namespace tradehost::store
