// bench_sink: the last stage. Checksums every event; for stamped events records
// (arrival - publish) in ns into an array preallocated (and touched) at create, so the hot
// path neither allocates nor page-faults. At stop it writes a bench::SinkReport followed
// by the samples to `report` (a file the benchmark reads after the run): no host change
// is needed to get the results out.
#include "stages.hpp"

#include <tradehost/plugin.hpp>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace {

const th_port_desc kPorts[] = {
    tradehost::in_port("in", TH_EV_CUSTOM, "bench events"),
};
const th_config_field kConfig[] = {
    tradehost::field("capacity", TH_CFG_INT, "1000000", "latency samples preallocated", 0, 0, 1e10),
    tradehost::field("report", TH_CFG_STRING, "", "file written at stop (empty: none)"),
    tradehost::field("track_gaps", TH_CFG_BOOL, "false",
                     "record the longest gap between consecutive arrivals (a clock read per event)"),
};

class Sink {
public:
    Sink(tradehost::Host, const tradehost::Config& cfg)
        : cap_(static_cast<uint64_t>(cfg.get_int("capacity"))),
          samples_(new int64_t[cap_ ? cap_ : 1]),
          report_(cfg.get_string("report")),
          track_gaps_(cfg.get_bool("track_gaps")) {
        std::memset(samples_.get(), 0, (cap_ ? cap_ : 1) * sizeof(int64_t));  // fault the pages in now
    }

    void on_event(uint32_t, const th_event_header& h) {
        const auto& in = reinterpret_cast<const bench::Event&>(h);
        bench::sink_step(state_, in);
        if (track_gaps_) note_arrival();
        if (in.t_pub) {
            const int64_t now = bench::steady_ns();
            if (!first_pub_) first_pub_ = in.t_pub;
            if (in.flags & bench::kLast) last_arrival_ = now;
            if (n_ < cap_) samples_[n_++] = now - in.t_pub;
            else ++dropped_;
        }
    }

    void stop() {
        if (report_.empty()) return;
        bench::SinkReport r{bench::kReportMagic, state_.received, state_.checksum, first_pub_, last_arrival_,
                            n_, dropped_, max_gap_, gaps_over_1ms_};
        std::FILE* f = std::fopen(report_.c_str(), "wb");
        if (!f) throw tradehost::Error(TH_ERR_IO, "cannot write " + report_);
        bool ok = std::fwrite(&r, sizeof r, 1, f) == 1 &&
                  (n_ == 0 || std::fwrite(samples_.get(), sizeof(int64_t), n_, f) == n_);
        ok = std::fclose(f) == 0 && ok;
        if (!ok) throw tradehost::Error(TH_ERR_IO, "short write to " + report_);
    }

private:
    void note_arrival() {
        const int64_t now = bench::steady_ns();
        if (last_seen_) {
            const int64_t gap = now - last_seen_;
            if (gap > max_gap_) max_gap_ = gap;
            if (gap > 1000000) ++gaps_over_1ms_;
        }
        last_seen_ = now;
    }

    uint64_t cap_;
    std::unique_ptr<int64_t[]> samples_;
    std::string report_;
    bool track_gaps_;
    int64_t last_seen_ = 0, max_gap_ = 0;
    uint64_t gaps_over_1ms_ = 0;
    bench::SinkState state_;
    uint64_t n_ = 0, dropped_ = 0;
    int64_t first_pub_ = 0, last_arrival_ = 0;
};

}  // namespace

TRADEHOST_PLUGIN(Sink, "bench_sink", "1.0.0", "sink", "benchmark sink: checksum and publish-to-arrival latency",
                 kPorts, kConfig)
