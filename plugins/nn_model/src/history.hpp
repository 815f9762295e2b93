// The last T rows of each instrument, for networks that read a sequence (LSTM, GRU,
// attention): an event adds one row per instrument, and an instrument is scored once it has
// T rows, on its window, oldest first.
#pragma once

#include <tradehost/plugin.hpp>

#include <unordered_map>
#include <vector>

namespace tradehost::nn {

class History {
public:
    History(size_t steps, size_t width) : steps_(steps), width_(width) {}

    /// Appends a row for `id`; true when the instrument now has a full window.
    bool push(th_instrument id, const float* row);

    /// Copies `id`'s window (steps x width, oldest first) to `out`.
    void window(th_instrument id, float* out) const;

    size_t instruments() const { return rings_.size(); }

    /// For a hot reload's snapshot: the instruments held, and each one's rows (up to steps,
    /// oldest first) written to `out` (steps x width floats); returns how many.
    std::vector<th_instrument> ids() const;
    size_t rows(th_instrument id, float* out) const;

private:
    struct Ring {
        std::vector<float> values;  ///< steps x width, a circular buffer of rows
        size_t next = 0;            ///< where the next row goes
        size_t count = 0;           ///< rows held, up to steps
    };
    size_t steps_;
    size_t width_;
    std::unordered_map<th_instrument, Ring> rings_;
};

}  // namespace tradehost::nn
