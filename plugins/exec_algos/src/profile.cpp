#include "profile.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace tradehost::exec_algos {

namespace {
constexpr int64_t kDay = 86400000000000LL;
int64_t time_of_day(th_time_ns ts) { return ((ts % kDay) + kDay) % kDay; }
}  // namespace

VolumeProfile::VolumeProfile(int64_t bucket_ns)
    : bucket_ns_(bucket_ns > 0 ? bucket_ns : 300000000000LL), vol_(static_cast<size_t>(kDay / bucket_ns_), 0.0) {}

VolumeProfile VolumeProfile::load_csv(const std::string& path, int64_t bucket_ns) {
    std::ifstream in(path);
    if (!in) throw ConfigError("vwap_profile: cannot open " + path);
    VolumeProfile p(bucket_ns);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::string where = path + ":" + std::to_string(n) + ": ";
        int hh = -1, mm = -1;
        char colon = 0, comma = 0;
        double v = -1;
        if (std::sscanf(line.c_str(), "%d%c%d%c%lf", &hh, &colon, &mm, &comma, &v) != 5 || colon != ':' || comma != ',')
            throw ConfigError(where + "expected 'HH:MM,volume', got '" + line + "'");
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59) throw ConfigError(where + "time of day out of range in '" + line + "'");
        if (!(v >= 0)) throw ConfigError(where + "volume must be >= 0 in '" + line + "'");
        p.add((hh * 60LL + mm) * 60000000000LL, v);
    }
    if (p.empty()) throw ConfigError("vwap_profile: " + path + " holds no volume");
    return p;
}

void VolumeProfile::add(th_time_ns ts, double qty) {
    if (!(qty > 0)) return;
    vol_[static_cast<size_t>(time_of_day(ts) / bucket_ns_)] += qty;
}

bool VolumeProfile::empty() const noexcept {
    return std::none_of(vol_.begin(), vol_.end(), [](double v) { return v > 0; });
}

double VolumeProfile::volume_between(int64_t a, int64_t b) const {
    double sum = 0;
    while (a < b) {
        const int64_t tod = time_of_day(a);
        const int64_t idx = tod / bucket_ns_;
        const int64_t bucket_end = a + (bucket_ns_ - tod % bucket_ns_);
        const int64_t upto = std::min(b, bucket_end);
        sum += vol_[static_cast<size_t>(idx)] * static_cast<double>(upto - a) / static_cast<double>(bucket_ns_);
        a = upto;
    }
    return sum;
}

std::vector<double> VolumeProfile::slice_weights(th_time_ns start, int64_t duration_ns, int slices) const {
    std::vector<double> w(static_cast<size_t>(std::max(slices, 1)), 0.0);
    for (size_t k = 0; k < w.size(); ++k) {
        const int64_t a = start + duration_ns * static_cast<int64_t>(k) / static_cast<int64_t>(w.size());
        const int64_t b = start + duration_ns * static_cast<int64_t>(k + 1) / static_cast<int64_t>(w.size());
        w[k] = volume_between(a, b);
    }
    return w;
}

}  // namespace tradehost::exec_algos
