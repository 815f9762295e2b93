// Bounded single-producer single-consumer ring of variable-length records (events copied
// as bytes). Lock-free: one atomic store publishes a record, one releases it. Used for
// every edge that crosses executors.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace tradehost {

class SpscRing {
public:
    /// `capacity_bytes` is rounded up to a power of two (at least 4 KiB).
    explicit SpscRing(size_t capacity_bytes);

    /// Largest record that fits.
    size_t max_record() const { return cap_ / 2 - kHeader; }

    /// Producer: copy `len` bytes in; false if the ring is full.
    bool try_push(const void* data, uint32_t len) noexcept {
        const uint64_t need = kHeader + align8(len);
        uint64_t pos = tail_.load(std::memory_order_relaxed);
        uint64_t idx = pos & mask_;
        uint64_t to_end = cap_ - idx;
        uint64_t total = to_end < need ? to_end + need : need;
        if (pos + total - head_cache_ > cap_) {
            head_cache_ = head_.load(std::memory_order_acquire);
            if (pos + total - head_cache_ > cap_) return false;
        }
        if (to_end < need) {
            store_len(idx, kPad);
            pos += to_end;
            idx = 0;
        }
        store_len(idx, len);
        std::memcpy(buf_.get() + idx + kHeader, data, len);
        tail_.store(pos + need, std::memory_order_release);
        return true;
    }

    /// Consumer: the next record (8-byte aligned) and its length, or nullptr if empty.
    const void* peek(uint32_t& len) noexcept {
        uint64_t pos = head_.load(std::memory_order_relaxed);
        if (pos == tail_cache_) {
            tail_cache_ = tail_.load(std::memory_order_acquire);
            if (pos == tail_cache_) return nullptr;
        }
        uint64_t idx = pos & mask_;
        uint32_t l = load_len(idx);
        if (l == kPad) {
            pos += cap_ - idx;
            head_.store(pos, std::memory_order_release);
            idx = 0;
            l = load_len(idx);
        }
        len = l;
        return buf_.get() + idx + kHeader;
    }

    /// Consumer: release the record returned by the last peek.
    void pop() noexcept {
        uint64_t pos = head_.load(std::memory_order_relaxed);
        uint32_t l = load_len(pos & mask_);
        head_.store(pos + kHeader + align8(l), std::memory_order_release);
    }

    // --- Lossy mode (edges with `backpressure: drop_oldest`) ------------------------------
    // The producer may discard the oldest records to make room; the consumer copies a
    // record out and then claims it with a compare-and-swap on the read position, so a
    // record the producer discarded (and may be overwriting) during the copy is never
    // delivered. Do not mix with peek/pop on the same ring.

    /// Producer: copy `len` bytes in, discarding the oldest records while the ring is full.
    /// Returns how many records were discarded.
    uint32_t push_drop_oldest(const void* data, uint32_t len) noexcept {
        const uint64_t need = kHeader + align8(len);
        uint64_t pos = tail_.load(std::memory_order_relaxed);
        uint64_t idx = pos & mask_;
        uint64_t to_end = cap_ - idx;
        uint64_t total = to_end < need ? to_end + need : need;
        uint32_t dropped = 0;
        for (;;) {
            uint64_t h = head_.load(std::memory_order_acquire);
            if (pos + total - h <= cap_) break;
            uint64_t hidx = h & mask_;
            uint32_t l = load_len(hidx);
            uint64_t adv = l == kPad ? cap_ - hidx : kHeader + align8(l);
            // Advance the read position before overwriting, so a consumer copying this
            // record fails its claim.
            if (head_.compare_exchange_strong(h, h + adv, std::memory_order_acq_rel) && l != kPad) ++dropped;
        }
        if (to_end < need) {
            store_len(idx, kPad);
            pos += to_end;
            idx = 0;
        }
        store_len(idx, len);
        std::memcpy(buf_.get() + idx + kHeader, data, len);
        tail_.store(pos + need, std::memory_order_release);
        return dropped;
    }

    /// Consumer: copy the oldest record into `out` and claim it; false if empty.
    template <class Buffer> bool pop_copy(Buffer& out) noexcept {
        for (;;) {
            uint64_t h = head_.load(std::memory_order_acquire);
            if (h == tail_.load(std::memory_order_acquire)) return false;
            uint64_t idx = h & mask_;
            uint32_t l = load_len(idx);
            if (l == kPad) {
                head_.compare_exchange_strong(h, h + (cap_ - idx), std::memory_order_acq_rel);
                continue;
            }
            if (idx + kHeader + l > cap_) continue;  // torn: the producer moved past it
            out.assign(buf_.get() + idx + kHeader, buf_.get() + idx + kHeader + l);
            if (head_.compare_exchange_strong(h, h + kHeader + align8(l), std::memory_order_acq_rel)) return true;
        }
    }

    bool empty() const noexcept {
        return head_.load(std::memory_order_acquire) == tail_.load(std::memory_order_acquire);
    }

private:
    static constexpr uint64_t kHeader = 8;
    static constexpr uint32_t kPad = 0xffffffffu;
    static uint64_t align8(uint64_t n) { return (n + 7) & ~uint64_t{7}; }
    void store_len(uint64_t idx, uint32_t len) noexcept { std::memcpy(buf_.get() + idx, &len, sizeof len); }
    uint32_t load_len(uint64_t idx) const noexcept {
        uint32_t l;
        std::memcpy(&l, buf_.get() + idx, sizeof l);
        return l;
    }

    uint64_t cap_;
    uint64_t mask_;
    std::unique_ptr<unsigned char[]> buf_;
    alignas(64) std::atomic<uint64_t> head_{0};  // consumer position
    uint64_t tail_cache_ = 0;                   // consumer's view of tail_
    alignas(64) std::atomic<uint64_t> tail_{0};  // producer position
    uint64_t head_cache_ = 0;                   // producer's view of head_
};

}  // namespace tradehost
