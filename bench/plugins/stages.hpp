// The 4-stage work every pipeline benchmark runs: feed -> strategy -> risk -> sink, on one
// 64-byte event. The bench plugins (loaded through the ABI by the host cases) and the
// in-process cases (direct calls, oneTBB flow graph) all call these same functions, so the
// cases differ only in how the event travels between stages.
#pragma once

#include <tradehost/plugin.h>

#include <chrono>
#include <cstdint>

namespace bench {

/// TH_EV_CUSTOM payload tag of the bench event.
constexpr uint32_t kCustomType = 0xBE7C0001u;

/// One cache line: the common header, the custom header and 24 payload bytes.
struct Event {
    th_custom c;      // hdr (32 bytes), custom_type, payload_size
    int64_t t_pub;    // steady-clock ns at publish by the feed; 0 if this event is not stamped
    int64_t px;       // price in ticks
    int32_t qty;      // signed: the strategy's side, the risk gate's decision
    uint32_t flags;   // kLast on the feed's last event
};
static_assert(sizeof(Event) == 64, "the bench event is one 64-byte cache line");

constexpr uint32_t kLast = 1u << 0;
constexpr uint32_t kRejected = 1u << 1;

inline int64_t steady_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Is event `i` of `count` stamped? The first and the last always are (they bound the
/// throughput window); `stamp_every` > 0 stamps every that many events (latency samples).
inline bool stamped(uint64_t i, uint64_t count, uint64_t stamp_every) noexcept {
    return i == 0 || i + 1 == count || (stamp_every != 0 && i % stamp_every == 0);
}

// ---- feed: build event i ----------------------------------------------------------------
inline void feed_fill(Event& ev, uint64_t i, uint64_t count) noexcept {
    ev.c.hdr.size = sizeof(Event);
    ev.c.hdr.type = TH_EV_CUSTOM;
    ev.c.hdr.version = 1;
    ev.c.hdr.ts = static_cast<th_time_ns>(i);
    ev.c.hdr.seq = 0;
    ev.c.hdr.source = 0;
    ev.c.hdr.flags = 0;
    ev.c.custom_type = kCustomType;
    ev.c.payload_size = sizeof(Event) - sizeof(th_custom);
    ev.t_pub = 0;
    ev.px = 1000000 + static_cast<int64_t>((i * 7) & 63);
    ev.qty = 1 + static_cast<int32_t>(i & 7);
    ev.flags = i + 1 == count ? kLast : 0u;
}

// ---- strategy: a moving average in integers, side from price vs average ------------------
struct StrategyState {
    int64_t avg = 1000000;
    uint64_t buys = 0;
};
inline void strategy_step(StrategyState& s, const Event& in, Event& out) noexcept {
    s.avg += (in.px - s.avg) / 8;
    out = in;
    out.qty = in.px >= s.avg ? in.qty : -in.qty;
    s.buys += out.qty > 0;
}

// ---- risk: position limit; rejected events are flagged, not dropped ---------------------
struct RiskState {
    int64_t position = 0;
    int64_t limit = 1000;
    int64_t max_notional = 1000000000;
    uint64_t rejected = 0;
};
inline void risk_step(RiskState& s, const Event& in, Event& out) noexcept {
    out = in;
    const int64_t next = s.position + in.qty;
    const int64_t notional = in.px * (in.qty < 0 ? -in.qty : in.qty);
    if (next > s.limit || next < -s.limit || notional > s.max_notional) {
        out.flags |= kRejected;
        ++s.rejected;
    } else {
        s.position = next;
    }
}

// ---- sink: a checksum ------------------------------------------------------------------
struct SinkState {
    uint64_t received = 0;
    int64_t checksum = 0;
};
inline void sink_step(SinkState& s, const Event& in) noexcept {
    ++s.received;
    s.checksum += in.px * in.qty + static_cast<int64_t>(in.flags);
}

/// Layout of the report the bench sink writes at stop (then `n_latency` int64 samples).
struct SinkReport {
    uint64_t magic;            // kReportMagic
    uint64_t received;
    int64_t checksum;
    int64_t first_pub_ns;      // t_pub of the first event received (the feed's first publish)
    int64_t last_arrival_ns;   // steady clock when the event flagged kLast arrived
    uint64_t n_latency;        // samples that follow (publish -> arrival, ns)
    uint64_t dropped_samples;  // stamped events beyond the preallocated capacity
    int64_t max_gap_ns;        // longest time between consecutive arrivals (track_gaps only)
    uint64_t gaps_over_1ms;    // arrivals more than 1 ms after the previous one (track_gaps only)
};
constexpr uint64_t kReportMagic = 0x3254524F50454254ull;  // "TBEPORT2"

}  // namespace bench
