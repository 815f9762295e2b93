// cvar_sizer: per-instrument returns on a common time grid, so that the portfolio's loss in one
// interval adds the returns of the same interval.
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_RETURNS_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_RETURNS_HPP

#include <tradehost/plugin.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <utility>

namespace tradehost {
class BlobWriter;
class BlobReader;
}  // namespace tradehost

namespace tradehost::cvar_sizer {

/// Prices sampled at the last observation of each interval (bucket = floor(ts / interval));
/// when a bucket closes, its simple return against the previous closed bucket is recorded
/// under the bucket's number. A gap of empty buckets is one return (over the gap).
class ReturnSeries {
public:
    ReturnSeries(int64_t interval_ns, size_t window) : interval_(interval_ns), window_(window) {}

    /// A price at `ts` (a quote mid or a bar close). True if a bucket closed and a return was
    /// recorded. Prices <= 0 are ignored. Out-of-order observations older than the open bucket
    /// are ignored too.
    bool observe(th_time_ns ts, double px);

    /// Returns by bucket, oldest first; at most `window` of them.
    const std::deque<std::pair<int64_t, double>>& returns() const noexcept { return returns_; }
    /// The last price seen (0 if none).
    double last() const noexcept { return open_px_; }

    /// Hot reload: the whole series.
    void write(BlobWriter& w) const;
    void read(BlobReader& r);

private:
    int64_t interval_;
    size_t window_;
    bool open_ = false;
    int64_t open_bucket_ = 0;
    double open_px_ = 0;
    double closed_px_ = 0;  ///< close of the previous bucket; 0 before the first
    std::deque<std::pair<int64_t, double>> returns_;
};

}  // namespace tradehost::cvar_sizer

#endif
