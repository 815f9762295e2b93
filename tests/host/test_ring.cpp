// The SPSC ring under a real producer and consumer thread.
#include "bus/spsc_ring.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using tradehost::SpscRing;

TEST(SpscRing, FullAndEmpty) {
    SpscRing r(4096);
    uint32_t len = 0;
    EXPECT_EQ(r.peek(len), nullptr);
    std::vector<unsigned char> rec(100, 7);
    int pushed = 0;
    while (r.try_push(rec.data(), 100)) ++pushed;
    EXPECT_EQ(pushed, 4096 / 112);
    const void* p = r.peek(len);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(len, 100u);
    r.pop();
    EXPECT_TRUE(r.try_push(rec.data(), 100));
}

TEST(SpscRing, VariableRecordsAcrossThreadsArriveInOrderAndIntact) {
    SpscRing r(4096);
    constexpr uint32_t kN = 200000;
    std::thread producer([&] {
        unsigned char buf[300];
        for (uint32_t i = 0; i < kN; ++i) {
            uint32_t len = 4 + i % 290;
            std::memcpy(buf, &i, 4);
            for (uint32_t k = 4; k < len; ++k) buf[k] = static_cast<unsigned char>(i + k);
            while (!r.try_push(buf, len)) std::this_thread::yield();
        }
    });
    uint32_t expect = 0;
    bool intact = true;
    while (expect < kN) {
        uint32_t len = 0;
        const auto* p = static_cast<const unsigned char*>(r.peek(len));
        if (!p) continue;
        uint32_t v;
        std::memcpy(&v, p, 4);
        intact = intact && v == expect && len == 4 + expect % 290 && reinterpret_cast<uintptr_t>(p) % 8 == 0;
        for (uint32_t k = 4; k < len && intact; ++k) intact = p[k] == static_cast<unsigned char>(expect + k);
        r.pop();
        ++expect;
    }
    producer.join();
    EXPECT_TRUE(intact);
    EXPECT_TRUE(r.empty());
}

TEST(SpscRing, DropOldestKeepsTheNewestAndNeverDeliversATornRecord) {
    SpscRing r(4096);
    constexpr uint32_t kN = 300000;
    std::atomic<uint64_t> dropped{0};
    std::atomic<bool> done{false};
    std::thread producer([&] {
        unsigned char buf[200];
        for (uint32_t i = 0; i < kN; ++i) {
            uint32_t len = 8 + i % 190;
            std::memcpy(buf, &i, 4);
            std::memcpy(buf + 4, &len, 4);
            for (uint32_t k = 8; k < len; ++k) buf[k] = static_cast<unsigned char>(i * 7 + k);
            dropped += r.push_drop_oldest(buf, len);
        }
        done = true;
    });
    std::vector<unsigned char> rec;
    uint64_t received = 0;
    int64_t last = -1;
    bool ordered = true, intact = true;
    for (;;) {
        if (!r.pop_copy(rec)) {
            if (done) {
                if (!r.pop_copy(rec)) break;
            } else {
                continue;
            }
        }
        uint32_t v, len;
        std::memcpy(&v, rec.data(), 4);
        std::memcpy(&len, rec.data() + 4, 4);
        ordered = ordered && static_cast<int64_t>(v) > last;
        last = v;
        intact = intact && len == rec.size() && len == 8 + v % 190;
        for (uint32_t k = 8; k < rec.size() && intact; ++k) intact = rec[k] == static_cast<unsigned char>(v * 7 + k);
        ++received;
    }
    producer.join();
    EXPECT_TRUE(ordered);
    EXPECT_TRUE(intact);
    EXPECT_EQ(received + dropped.load(), kN);
    EXPECT_EQ(last, static_cast<int64_t>(kN - 1));  // the newest always survives
}
