// The SPSC ring under a real producer and consumer thread.
#include "bus/spsc_ring.hpp"

#include <gtest/gtest.h>

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
