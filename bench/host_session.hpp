// One host session of the bench pipeline (feed -> strategy -> risk -> sink, the bench plugins
// loaded through the ABI from a YAML deployment), shared by pipeline_bench and reload_bench.
#pragma once

#include "plugins/stages.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tradehost {
class Runtime;
}

namespace bench {

/// A temporary folder removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct HostCase {
    const char* key = "";      // names the case in the calibration cache
    bool two_threads = false;  // feed+strategy on executor a, risk+sink on executor b
    int64_t rate = 0;          // events/s, 0: as fast as possible
    uint64_t stamp_every = 0;  // latency sample every Nth event (0: only first and last)
    bool track_gaps = false;   // the sink records the longest gap between consecutive arrivals
};

struct SessionResult {
    bool ok = false;
    std::string error;
    SinkReport rep{};
    std::vector<int64_t> samples;
    uint64_t allocs = 0;
    double wall_s = 0;
};

/// One session of `count` events. With `during`, the runtime runs on a thread of its own and
/// `during` is called on this one while it runs (to reload, for instance).
SessionResult run_session(const std::string& dir, const HostCase& c, uint64_t count, uint64_t capacity,
                          bool keep_samples, const std::function<void(tradehost::Runtime&)>& during = {});

/// Allocations of a session's setup and teardown (a session of `small` events after a
/// warm-up), per case key; -1 if a session failed.
double calibrate_setup_allocs(const std::string& key, const std::string& dir, const HostCase& c, uint64_t small,
                              uint64_t capacity);

/// The p-quantile of `v` (reorders it).
double percentile(std::vector<int64_t>& v, double p);

inline double ns_to_s(int64_t ns) { return static_cast<double>(ns) * 1e-9; }

}  // namespace bench
