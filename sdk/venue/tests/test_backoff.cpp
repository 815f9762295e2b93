// Reconnect backoff: growth with jitter, and no tight loop when a venue accepts a connection
// and drops it at once (the growth resets only after a connection that stayed up).
#include "../src/net_backoff.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;
using tradehost::venue::net::Backoff;

TEST(Backoff, GrowsWithJitterWithinBaseAndCeiling) {
    Backoff b(100ms, 1000ms);
    for (int i = 0; i < 20; ++i) {
        const auto d = b.next_reconnect();
        EXPECT_GE(d, 100ms);
        EXPECT_LE(d, 1000ms);
    }
    // After many failures the ceiling is max: over a few draws the delays spread out.
    bool above_base = false;
    for (int i = 0; i < 20; ++i) above_base |= b.next_reconnect() > 200ms;
    EXPECT_TRUE(above_base);
}

TEST(Backoff, ConnectionsThatDropAtOnceKeepGrowing) {
    Backoff b(10ms, 10000ms);
    std::chrono::milliseconds last{0};
    for (int i = 0; i < 12; ++i) {
        b.connected();  // accepted, then dropped at once: not a working connection
        last = b.next_reconnect();
    }
    // 10 ms * 2^11 = 20 s, capped to 10 s: the ceiling is far above base; with jitter in
    // [base, ceiling], the draws over a few more attempts must leave the base behind.
    bool grew = last > 100ms;
    for (int i = 0; i < 10 && !grew; ++i) {
        b.connected();
        grew = b.next_reconnect() > 100ms;
    }
    EXPECT_TRUE(grew);
}

TEST(Backoff, AStableConnectionResetsTheGrowth) {
    Backoff b(1ms, 10000ms);
    for (int i = 0; i < 20; ++i) b.next_reconnect();
    b.connected();
    std::this_thread::sleep_for(b.stable_after() + 20ms);
    EXPECT_LE(b.next_reconnect(), 1ms);  // back to base: uniform in [base, base]
}
