// The technical agent: votes of indicator columns of the features plugin's rows.
#pragma once

#include <tradehost/agent.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::agents {

/** One rule: which column, and how its value becomes a vote in [-1, 1].
 *  rsi:   (50 - x) / 50          oversold (low RSI) votes up
 *  pctb:  1 - 2x, clipped        below the lower Bollinger band votes up
 *  zscore: -tanh(x / 2)          far above the mean votes down
 *  trend: tanh(x / scale)        the sign of a MACD histogram or a return votes with it */
struct Rule {
    enum Kind { Rsi, Pctb, Zscore, Trend } kind = Trend;
    size_t column = 0;
    double scale = 1;
};

class Technical {
public:
    /** `columns`: the features schema's column names in order; `version`: its version;
     *  `rules`: "COLUMN:KIND" or "COLUMN:trend:SCALE". Throws ConfigError naming the entry. */
    Technical(const std::vector<std::string>& columns, int64_t version, const std::vector<std::string>& rules);

    uint64_t schema_hash() const { return hash_; }
    size_t cols() const { return ncols_; }

    /** The mean vote of one row as value, its magnitude as strength; nullopt on a NaN column. */
    std::optional<agent::View> row(const float* values) const;

private:
    std::vector<Rule> rules_;
    uint64_t hash_ = 0;
    size_t ncols_ = 0;
};

}  // namespace tradehost::agents
