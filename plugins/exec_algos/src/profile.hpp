// exec_algos: the intraday volume profile VWAP slices by: volume per UTC time-of-day bucket,
// from a history file or learned from the trade prints the plugin sees.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_PROFILE_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_PROFILE_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::exec_algos {

class VolumeProfile {
public:
    explicit VolumeProfile(int64_t bucket_ns = 300000000000LL);

    /// Read "HH:MM,volume" lines ('#' comments and blank lines skipped) into buckets.
    /// Throws ConfigError "file:line: what" on a malformed line.
    static VolumeProfile load_csv(const std::string& path, int64_t bucket_ns);

    /// Count `qty` traded at event time `ts` in its bucket.
    void add(th_time_ns ts, double qty);
    bool empty() const noexcept;
    /// Weight of each of `slices` equal slices of [start, start + duration): the profile's
    /// volume over the slice, buckets cut pro rata where a slice covers part of one.
    std::vector<double> slice_weights(th_time_ns start, int64_t duration_ns, int slices) const;

    int64_t bucket_ns() const noexcept { return bucket_ns_; }
    const std::vector<double>& volumes() const noexcept { return vol_; }
    std::vector<double>& volumes() noexcept { return vol_; }

private:
    /// Volume over [a, b) of time of day, a < b, possibly past midnight (wraps).
    double volume_between(int64_t a, int64_t b) const;
    int64_t bucket_ns_;
    std::vector<double> vol_;
};

}  // namespace tradehost::exec_algos

#endif
