// The `features` config list: each entry "kind:param:param" names one indicator and its
// parameters, and gives its output columns' names (schema order = list order).
#pragma once

#include "indicator.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tradehost::features {

struct FeatureSpec {
    std::string text;                  ///< as written, e.g. "macd:12:26:9"
    std::string kind;                  ///< e.g. "macd"
    std::vector<double> params;        ///< after defaults are filled in
    std::vector<std::string> columns;  ///< e.g. macd_12_26_9, macd_signal_12_26_9, macd_hist_12_26_9
};

/// Parses one entry; throws ConfigError naming the entry and what is wrong.
FeatureSpec parse_spec(const std::string& text);

/// A fresh indicator (empty state) for the spec.
std::unique_ptr<Indicator> make_indicator(const FeatureSpec& spec);

/// Every known kind with its parameters, for errors and the README.
std::string known_kinds();

}  // namespace tradehost::features
