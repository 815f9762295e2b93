// What every streaming indicator offers the feature set: one update per observation, O(1);
// whether it is defined yet (warm-up); and its columns' values.
#pragma once

#include "observation.hpp"
#include "state_io.hpp"

#include <cstddef>

namespace tradehost::features {

class Indicator {
public:
    virtual ~Indicator() = default;
    virtual void update(const Observation& o) = 0;
    /// True once every column is defined (the warm-up is over).
    virtual bool ready() const = 0;
    /// Writes `columns()` values; only meaningful when ready().
    virtual void write(double* out) const = 0;
    virtual size_t columns() const = 0;
    /// Writes or reads the whole state (hot reload), field by field.
    virtual void io(StateIo& a) = 0;
};

}  // namespace tradehost::features
