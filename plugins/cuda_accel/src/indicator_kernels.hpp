// The features plugin's indicators (plugins/features/src: averages, oscillators, ranges,
// flows) rewritten as functions over one instrument's state in struct-of-arrays buffers,
// compiled for the host and for the device (TH_HD): the CPU path and the kernel run these
// very functions. Each one repeats the features class's arithmetic operation for operation
// (same order, same recompute-every-n points), so in IEEE double on the host the values
// equal the features plugin's bit for bit (tests/test_indicators.cpp checks every kind).
//
// State layout: every instrument owns `slots` doubles. On the device slot k of instrument i
// lives at state[k * instruments + i] (a warp's threads read neighbouring doubles); on the
// CPU path at state[i * slots + k] (see update_instrument). Counters and indexes
// are held as doubles too (exact below 2^53). A zeroed slot range is a fresh indicator.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#ifdef __CUDACC__
#define TH_HD __host__ __device__
#else
#define TH_HD
#endif

namespace tradehost::cuda_accel::ind {

enum class Kind : uint32_t { Sma, Ema, Wma, Rsi, Macd, Bb, Atr, Adx, Stoch, Obv, Vwap, ZScore, Vol, Ret, Tod };

/// One indicator of the program: its kind, window lengths, real parameter, where its state
/// starts (slot) and where its columns start in the row.
struct Op {
    Kind kind;
    uint32_t n1, n2, n3;
    double k;
    uint32_t slot;
    uint32_t col;
};

/// One observation of one instrument (features' Observation, flattened).
struct Obs {
    int64_t ts;
    double high, low, close, volume;
};

/// One instrument's view of a slot range.
struct St {
    double* p;
    size_t stride;
    TH_HD double& operator[](uint32_t k) const { return p[static_cast<size_t>(k) * stride]; }
    TH_HD St at(uint32_t k) const { return St{p + static_cast<size_t>(k) * stride, stride}; }
};

TH_HD inline size_t uz(double v) { return static_cast<size_t>(v); }

// ---- Ring(n): buf[0..n), head, count -------------------------------------------------
TH_HD inline uint32_t ring_slots(uint32_t n) { return n + 2; }
TH_HD inline bool ring_full(St s, uint32_t n) { return uz(s[n + 1]) == n; }
TH_HD inline double ring_push(St s, uint32_t n, double x) {
    size_t head = uz(s[n]);
    const double out = ring_full(s, n) ? s[static_cast<uint32_t>(head)] : 0.0;
    s[static_cast<uint32_t>(head)] = x;
    head = (head + 1) % n;
    s[n] = static_cast<double>(head);
    if (uz(s[n + 1]) < n) s[n + 1] += 1.0;
    return out;
}
TH_HD inline double ring_at(St s, uint32_t n, size_t i) {
    const size_t head = uz(s[n]), count = uz(s[n + 1]);
    return s[static_cast<uint32_t>((head + n - count + i) % n)];
}
TH_HD inline bool ring_wrapped(St s, uint32_t n) { return uz(s[n]) == 0; }
TH_HD inline size_t ring_size(St s, uint32_t n) { return uz(s[n + 1]); }

// ---- RollingStats(n): ring, mean, m2 -------------------------------------------------
TH_HD inline uint32_t stats_slots(uint32_t n) { return ring_slots(n) + 2; }
TH_HD inline void stats_push(St s, uint32_t n, double x) {
    double& mean = s[n + 2];
    double& m2 = s[n + 3];
    if (!ring_full(s, n)) {
        ring_push(s, n, x);
        const double d = x - mean;
        mean += d / static_cast<double>(ring_size(s, n));
        m2 += d * (x - mean);
    } else {
        const double old = ring_push(s, n, x);
        const double prev = mean;
        mean += (x - old) / static_cast<double>(ring_size(s, n));
        m2 += (x - old) * (x - mean + old - prev);
    }
    if (ring_full(s, n) && ring_wrapped(s, n)) {
        double sum = 0;
        for (size_t i = 0; i < ring_size(s, n); ++i) sum += ring_at(s, n, i);
        mean = sum / static_cast<double>(ring_size(s, n));
        double acc = 0;
        for (size_t i = 0; i < ring_size(s, n); ++i) acc += (ring_at(s, n, i) - mean) * (ring_at(s, n, i) - mean);
        m2 = acc;
    }
}
TH_HD inline double stats_var_pop(St s, uint32_t n) {
    return s[n + 3] > 0 ? s[n + 3] / static_cast<double>(ring_size(s, n)) : 0.0;
}
TH_HD inline double stats_var_sample(St s, uint32_t n) {
    return s[n + 3] > 0 && ring_size(s, n) > 1 ? s[n + 3] / static_cast<double>(ring_size(s, n) - 1) : 0.0;
}

// ---- SmaCalc(n): ring, sum -------------------------------------------------------------
TH_HD inline uint32_t sma_slots(uint32_t n) { return ring_slots(n) + 1; }
TH_HD inline void sma_push(St s, uint32_t n, double x) {
    double& sum = s[n + 2];
    sum += x - ring_push(s, n, x);
    if (ring_full(s, n) && ring_wrapped(s, n)) {
        double t = 0;
        for (size_t i = 0; i < ring_size(s, n); ++i) t += ring_at(s, n, i);
        sum = t;
    }
}
TH_HD inline double sma_value(St s, uint32_t n) { return s[n + 2] / static_cast<double>(ring_size(s, n)); }

// ---- EmaCalc(n) and WilderAvg(n): count, sum, value ---------------------------------------
constexpr uint32_t kAvgSlots = 3;
TH_HD inline bool avg_ready(St s, uint32_t n) { return uz(s[0]) == n; }
TH_HD inline void ema_push(St s, uint32_t n, double x) {
    if (uz(s[0]) < n) {
        s[1] += x;
        s[0] += 1.0;
        if (uz(s[0]) == n) s[2] = s[1] / static_cast<double>(n);
        return;
    }
    const double k = 2.0 / (static_cast<double>(n) + 1.0);
    s[2] += (x - s[2]) * k;
}
TH_HD inline void wilder_push(St s, uint32_t n, double x) {
    if (uz(s[0]) < n) {
        s[1] += x;
        s[0] += 1.0;
        if (uz(s[0]) == n) s[2] = s[1] / static_cast<double>(n);
        return;
    }
    s[2] = (s[2] * (static_cast<double>(n) - 1.0) + x) / static_cast<double>(n);
}

// ---- WmaCalc(n): ring, weighted, total ------------------------------------------------
TH_HD inline void wma_push(St s, uint32_t n, double x) {
    double& weighted = s[n + 2];
    double& total = s[n + 3];
    const double nn = static_cast<double>(n);
    if (!ring_full(s, n)) {
        ring_push(s, n, x);
        weighted += static_cast<double>(ring_size(s, n)) * x;
        total += x;
    } else {
        weighted += nn * x - total;
        total += x - ring_push(s, n, x);
    }
    if (ring_full(s, n) && ring_wrapped(s, n)) {
        weighted = total = 0;
        for (size_t i = 0; i < ring_size(s, n); ++i) {
            weighted += static_cast<double>(i + 1) * ring_at(s, n, i);
            total += ring_at(s, n, i);
        }
    }
}

// ---- TrueRange: prev_close, has_prev ----------------------------------------------------
TH_HD inline double true_range(St s, const Obs& o) {
    double tr = o.high - o.low;
    if (s[1] != 0) {
        // std::max({a, b, c}) keeps the first of equal maxima; the value is the same.
        const double b = fabs(o.high - s[0]), c = fabs(o.low - s[0]);
        if (tr < b) tr = b;
        if (tr < c) tr = c;
    }
    s[0] = o.close;
    s[1] = 1;
    return tr;
}

// ---- RollingExtreme<Max>(n): seq[n], val[n], front, size, next ------------------------
TH_HD inline uint32_t extreme_slots(uint32_t n) { return 2 * n + 3; }
TH_HD inline void extreme_push(St s, uint32_t n, bool max, double x) {
    St seq = s, val = s.at(n);
    double& front = s[2 * n];
    double& size = s[2 * n + 1];
    double& next = s[2 * n + 2];
    auto back = [&] { return static_cast<uint32_t>((uz(front) + uz(size) - 1) % n); };
    auto pop_front = [&] {
        front = static_cast<double>((uz(front) + 1) % n);
        size -= 1.0;
    };
    while (uz(size) > 0 && (max ? val[back()] <= x : val[back()] >= x)) size -= 1.0;
    if (uz(size) > 0 && uz(seq[static_cast<uint32_t>(uz(front))]) + n <= uz(next)) pop_front();
    const uint32_t at = static_cast<uint32_t>((uz(front) + uz(size)) % n);
    seq[at] = next;
    val[at] = x;
    size += 1.0;
    next += 1.0;
    if (uz(seq[static_cast<uint32_t>(uz(front))]) + n < uz(next)) pop_front();
}
TH_HD inline bool extreme_full(St s, uint32_t n) { return uz(s[2 * n + 2]) >= n; }
TH_HD inline double extreme_value(St s, uint32_t n) { return s.at(n)[static_cast<uint32_t>(uz(s[2 * n]))]; }

// ---- each kind's state size, update, readiness and columns ----------------------------

TH_HD inline uint32_t op_slots(const Op& op) {
    switch (op.kind) {
    case Kind::Sma: return sma_slots(op.n1);
    case Kind::Ema: return kAvgSlots;
    case Kind::Wma: return ring_slots(op.n1) + 2;
    case Kind::Rsi: return 2 * kAvgSlots + 2;                       // gain, loss, prev, has_prev
    case Kind::Macd: return 3 * kAvgSlots + 1;                      // fast, slow, signal, line
    case Kind::Bb: case Kind::ZScore: case Kind::Vol: return stats_slots(op.n1) + 1;  // + close/prev
    case Kind::Atr: return 2 + kAvgSlots;                           // true range, Wilder
    case Kind::Adx: return 2 + kAvgSlots + 8;                       // tr, adx, 7 values, count
    case Kind::Stoch: return 2 * extreme_slots(op.n1) + sma_slots(op.n2) + 1;
    case Kind::Obv: return 3;
    case Kind::Vwap: return 4;                                      // day, seen, pv, vol
    case Kind::Ret: return ring_slots(op.n1 + 1);
    case Kind::Tod: return 3;
    }
    return 0;
}

TH_HD inline uint32_t op_columns(Kind k) {
    switch (k) {
    case Kind::Macd: case Kind::Adx: return 3;
    case Kind::Bb: return 4;
    case Kind::Stoch: case Kind::Tod: return 2;
    default: return 1;
    }
}

TH_HD inline void adx_accumulate(St s, uint32_t n, double tr, double pdm, double mdm) {
    St adx = s.at(2);
    double& str = s[7];
    double& spdm = s[8];
    double& smdm = s[9];
    double& pdi = s[10];
    double& mdi = s[11];
    double& count = s[12];
    const double nn = static_cast<double>(n);
    if (uz(count) < n) {
        str += tr;
        spdm += pdm;
        smdm += mdm;
        count += 1.0;
        if (uz(count) < n) return;
    } else {
        str = str - str / nn + tr;
        spdm = spdm - spdm / nn + pdm;
        smdm = smdm - smdm / nn + mdm;
    }
    pdi = str > 0 ? 100.0 * spdm / str : 0.0;
    mdi = str > 0 ? 100.0 * smdm / str : 0.0;
    const double sum = pdi + mdi;
    wilder_push(adx, n, sum > 0 ? 100.0 * fabs(pdi - mdi) / sum : 0.0);
}

TH_HD inline void op_update(const Op& op, St s, const Obs& o) {
    const uint32_t n = op.n1;
    switch (op.kind) {
    case Kind::Sma: sma_push(s, n, o.close); return;
    case Kind::Ema: ema_push(s, n, o.close); return;
    case Kind::Wma: wma_push(s, n, o.close); return;
    case Kind::Rsi:
        if (s[7] != 0) {
            const double d = o.close - s[6];
            wilder_push(s, n, d > 0 ? d : 0.0);
            wilder_push(s.at(kAvgSlots), n, d < 0 ? -d : 0.0);
        }
        s[6] = o.close;
        s[7] = 1;
        return;
    case Kind::Macd:
        ema_push(s, op.n1, o.close);
        ema_push(s.at(kAvgSlots), op.n2, o.close);
        if (!avg_ready(s.at(kAvgSlots), op.n2)) return;
        s[9] = s[2] - s[kAvgSlots + 2];
        ema_push(s.at(2 * kAvgSlots), op.n3, s[9]);
        return;
    case Kind::Bb: case Kind::ZScore:
        stats_push(s, n, o.close);
        s[stats_slots(n)] = o.close;
        return;
    case Kind::Vol: {
        double& prev = s[stats_slots(n)];
        if (prev > 0 && o.close > 0) stats_push(s, n, log(o.close / prev));
        prev = o.close;
        return;
    }
    case Kind::Atr: wilder_push(s.at(2), n, true_range(s, o)); return;
    case Kind::Adx: {
        const bool second = s[1] != 0;
        const double tr = true_range(s, o);
        if (second) {
            const double up = o.high - s[5];
            const double down = s[6] - o.low;
            adx_accumulate(s, n, tr, up > down && up > 0 ? up : 0.0, down > up && down > 0 ? down : 0.0);
        }
        s[5] = o.high;
        s[6] = o.low;
        return;
    }
    case Kind::Stoch: {
        St high = s, low = s.at(extreme_slots(n)), d = s.at(2 * extreme_slots(n));
        double& k = s[2 * extreme_slots(n) + sma_slots(op.n2)];
        extreme_push(high, n, true, o.high);
        extreme_push(low, n, false, o.low);
        if (!extreme_full(high, n)) return;
        const double range = extreme_value(high, n) - extreme_value(low, n);
        k = range > 0 ? 100.0 * (o.close - extreme_value(low, n)) / range : 50.0;
        sma_push(d, op.n2, k);
        return;
    }
    case Kind::Obv:
        if (s[2] != 0) s[0] += o.close > s[1] ? o.volume : (o.close < s[1] ? -o.volume : 0.0);
        s[1] = o.close;
        s[2] = 1;
        return;
    case Kind::Vwap: {
        // features' day_ starts at -1 so the first observation resets the (empty) sums; the
        // `seen` slot does the same from a zeroed state.
        const int64_t day = o.ts / (86400LL * 1000000000LL);
        if (s[1] == 0 || static_cast<double>(day) != s[0]) {
            s[0] = static_cast<double>(day);
            s[1] = 1;
            s[2] = s[3] = 0;
        }
        s[2] += (o.high + o.low + o.close) / 3.0 * o.volume;
        s[3] += o.volume;
        return;
    }
    case Kind::Ret: ring_push(s, n + 1, o.close); return;
    case Kind::Tod: {
        const int64_t minute = (o.ts / 60000000000LL) % 1440;
        const double angle = 2.0 * M_PI * static_cast<double>(minute) / 1440.0;
        s[0] = sin(angle);
        s[1] = cos(angle);
        s[2] = 1;
        return;
    }
    }
}

TH_HD inline bool op_ready(const Op& op, St s) {
    const uint32_t n = op.n1;
    switch (op.kind) {
    case Kind::Sma: case Kind::Wma: return ring_full(s, n);
    case Kind::Ema: return avg_ready(s, n);
    case Kind::Rsi: return avg_ready(s, n);
    case Kind::Macd: return avg_ready(s.at(2 * kAvgSlots), op.n3);
    case Kind::Bb: case Kind::ZScore: case Kind::Vol: return ring_full(s, n);
    case Kind::Atr: case Kind::Adx: return avg_ready(s.at(2), n);
    case Kind::Stoch: return ring_full(s.at(2 * extreme_slots(n)), op.n2);
    case Kind::Obv: return s[2] != 0;
    case Kind::Vwap: return s[3] > 0;
    case Kind::Ret: return ring_full(s, n + 1) && ring_at(s, n + 1, 0) != 0;
    case Kind::Tod: return s[2] != 0;
    }
    return false;
}

TH_HD inline void op_write(const Op& op, St s, double* out) {
    const uint32_t n = op.n1;
    switch (op.kind) {
    case Kind::Sma: out[0] = sma_value(s, n); return;
    case Kind::Ema: out[0] = s[2]; return;
    case Kind::Wma: {
        const double nn = static_cast<double>(n);
        out[0] = s[n + 2] / (nn * (nn + 1.0) / 2.0);
        return;
    }
    case Kind::Rsi: {
        const double gain = s[2], loss = s[kAvgSlots + 2];
        out[0] = loss == 0 ? 100.0 : 100.0 - 100.0 / (1.0 + gain / loss);
        return;
    }
    case Kind::Macd:
        out[0] = s[9];
        out[1] = s[2 * kAvgSlots + 2];
        out[2] = s[9] - s[2 * kAvgSlots + 2];
        return;
    case Kind::Bb: {
        const double mid = s[n + 2];
        const double sd = sqrt(stats_var_pop(s, n));
        out[0] = mid;
        out[1] = mid + op.k * sd;
        out[2] = mid - op.k * sd;
        out[3] = sd > 0 ? (s[stats_slots(n)] - out[2]) / (out[1] - out[2]) : 0.5;
        return;
    }
    case Kind::ZScore: {
        const double sd = sqrt(stats_var_sample(s, n));
        out[0] = sd > 0 ? (s[stats_slots(n)] - s[n + 2]) / sd : 0.0;
        return;
    }
    case Kind::Vol: out[0] = sqrt(stats_var_sample(s, n)); return;
    case Kind::Atr: out[0] = s[4]; return;
    case Kind::Adx:
        out[0] = s[4];
        out[1] = s[10];
        out[2] = s[11];
        return;
    case Kind::Stoch:
        out[0] = s[2 * extreme_slots(n) + sma_slots(op.n2)];
        out[1] = sma_value(s.at(2 * extreme_slots(n)), op.n2);
        return;
    case Kind::Obv: out[0] = s[0]; return;
    case Kind::Vwap: out[0] = s[2] / s[3]; return;
    case Kind::Ret: out[0] = ring_at(s, n + 1, ring_size(s, n + 1) - 1) / ring_at(s, n + 1, 0) - 1.0; return;
    case Kind::Tod:
        out[0] = s[0];
        out[1] = s[1];
        return;
    }
}

/// One instrument's update for one observation: every op in order, then its row (written
/// only when every op is ready, as features' FeatureRow). `base` is the instrument's slot 0,
/// slot k at base[k * stride]: the device's struct of arrays (base = state + instrument,
/// stride = instruments) or the CPU path's array of structs (stride 1, an instrument's
/// state in one run of cache lines). Returns whether the row is ready.
TH_HD inline bool update_instrument(const Op* ops, uint32_t n_ops, double* base, size_t stride, const Obs& o,
                                    double* row) {
    bool all = true;
    for (uint32_t i = 0; i < n_ops; ++i) {
        const St s{base + static_cast<size_t>(ops[i].slot) * stride, stride};
        op_update(ops[i], s, o);
        all = all && op_ready(ops[i], s);
    }
    if (!all) return false;
    for (uint32_t i = 0; i < n_ops; ++i)
        op_write(ops[i], St{base + static_cast<size_t>(ops[i].slot) * stride, stride}, row + ops[i].col);
    return true;
}

}  // namespace tradehost::cuda_accel::ind
