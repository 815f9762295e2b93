// RateLimiter with a fake clock whose sleep_until moves the fake time: every wait is exact and
// instantaneous, so the tests assert precise durations without depending on the wall clock.
#include <tradehost/venue/rate_limiter.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace tradehost::venue;
using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

namespace {

// Shared by threads in the concurrency test, hence the mutex.
struct FakeClock {
    std::mutex mutex;
    Clock::time_point now = Clock::time_point{} + 1000h;  // arbitrary non-zero origin
    int sleeps = 0;

    RateLimiter::Time time() {
        return {[this] {
                    std::lock_guard lock(mutex);
                    return now;
                },
                [this](Clock::time_point t) {
                    std::lock_guard lock(mutex);
                    ++sleeps;
                    if (t > now) now = t;
                }};
    }
    void advance(Clock::duration d) {
        std::lock_guard lock(mutex);
        now += d;
    }
};

}  // namespace

TEST(RateLimiter, FixedWindowGrantsUpToTheLimitThenWaitsForTheNextWindow) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("REQUEST_WEIGHT", 3, 1s);
    const auto start = clock.now;
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT"), 0ns);
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT", 2), 0ns);
    EXPECT_EQ(clock.sleeps, 0);
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT"), 1s);
    EXPECT_EQ(clock.now - start, 1s);
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT", 2), 0ns);  // same (second) window has room for 2 more
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT"), 1s);
}

TEST(RateLimiter, WindowsAreAlignedToTheFirstUse) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 2, 1s);
    clock.advance(300ms);  // nothing happens before the first use
    limiter.acquire("W", 2);
    clock.advance(900ms);
    EXPECT_EQ(limiter.acquire("W"), 100ms);
    // After a long idle stretch the window start moves by whole windows: first use + 4s here.
    clock.advance(2500ms);  // now first use + 3.5s
    EXPECT_EQ(limiter.acquire("W"), 0ns);
    EXPECT_EQ(limiter.acquire("W"), 0ns);
    EXPECT_EQ(limiter.acquire("W"), 500ms);
}

TEST(RateLimiter, SeveralBucketsWaitForTheSlowestAndTakeFromAll) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("REQUEST_WEIGHT", 6000, 1min);  // Binance spot defaults
    limiter.add_window("ORDERS", 1, 10s);
    EXPECT_EQ(limiter.acquire({{"REQUEST_WEIGHT", 1}, {"ORDERS", 1}}), 0ns);
    EXPECT_EQ(limiter.acquire({{"REQUEST_WEIGHT", 1}, {"ORDERS", 1}}), 10s);
    // Both grants were counted in the minute window: 5998 left.
    EXPECT_FALSE(limiter.try_acquire("REQUEST_WEIGHT", 5999));
    EXPECT_TRUE(limiter.try_acquire("REQUEST_WEIGHT", 5998));
}

TEST(RateLimiter, SameBucketTwiceCostsTheSum) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 5, 1s);
    EXPECT_EQ(limiter.acquire({{"W", 2}, {"W", 2}}), 0ns);
    EXPECT_FALSE(limiter.try_acquire("W", 2));
    EXPECT_TRUE(limiter.try_acquire("W", 1));
    EXPECT_THROW(limiter.acquire({{"W", 3}, {"W", 3}}), std::invalid_argument);  // 6 > 5: never grantable
}

TEST(RateLimiter, LeakyBucketDrainsContinuously) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_leaky("kraken", 10, 2);  // capacity 10, 2 units per second
    EXPECT_EQ(limiter.acquire("kraken", 10), 0ns);
    EXPECT_EQ(limiter.acquire("kraken", 1), 500ms);
    EXPECT_EQ(limiter.acquire("kraken", 4), 2s);
    clock.advance(5s);  // fully drained
    EXPECT_EQ(limiter.acquire("kraken", 10), 0ns);
    EXPECT_FALSE(limiter.try_acquire("kraken", 1));
    clock.advance(500ms);
    EXPECT_TRUE(limiter.try_acquire("kraken", 1));
}

TEST(RateLimiter, TryAcquireNeverWaitsAndTakesNothingOnFailure) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 2, 1s);
    EXPECT_TRUE(limiter.try_acquire("W", 2));
    EXPECT_FALSE(limiter.try_acquire("W"));
    EXPECT_FALSE(limiter.try_acquire("W"));
    EXPECT_EQ(clock.sleeps, 0);
    clock.advance(1s);
    EXPECT_TRUE(limiter.try_acquire("W"));
    EXPECT_TRUE(limiter.try_acquire("W"));
    EXPECT_FALSE(limiter.try_acquire("W"));
}

TEST(RateLimiter, BackOffBlocksEveryBucketUntilTheDeadline) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 100, 1min);
    limiter.back_off(30s);
    EXPECT_FALSE(limiter.try_acquire("W"));
    limiter.back_off(5s);  // a shorter back-off never shortens the current one
    EXPECT_EQ(limiter.acquire("W"), 30s);
    EXPECT_EQ(limiter.acquire("W"), 0ns);
    limiter.back_off(-5s);  // nonsense is harmless
    EXPECT_TRUE(limiter.try_acquire("W"));
}

TEST(RateLimiter, ObserveUsedTrustsTheVenuesCount) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("REQUEST_WEIGHT", 100, 1min);
    limiter.acquire("REQUEST_WEIGHT", 10);
    limiter.observe_used("REQUEST_WEIGHT", 100);  // e.g. X-MBX-USED-WEIGHT-1M: 100 (other clients)
    EXPECT_FALSE(limiter.try_acquire("REQUEST_WEIGHT"));
    clock.advance(20s);
    EXPECT_EQ(limiter.acquire("REQUEST_WEIGHT"), 40s);
    limiter.acquire("REQUEST_WEIGHT", 90);
    limiter.observe_used("REQUEST_WEIGHT", 5);  // the venue counted less than we did
    EXPECT_TRUE(limiter.try_acquire("REQUEST_WEIGHT", 95));

    limiter.add_leaky("kraken", 15, 0.5);
    limiter.observe_used("kraken", 15);
    EXPECT_EQ(limiter.acquire("kraken", 1), 2s);
}

TEST(RateLimiter, ReAddingKeepsTheCurrentUsage) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 10, 1s);
    limiter.acquire("W", 8);
    limiter.add_window("W", 9, 1s);
    EXPECT_TRUE(limiter.try_acquire("W", 1));
    EXPECT_FALSE(limiter.try_acquire("W", 1));
}

TEST(RateLimiter, RefusesUnknownBucketsAndImpossibleWeights) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 5, 1s);
    limiter.add_leaky("L", 3, 1);
    EXPECT_THROW(limiter.acquire("nope"), std::invalid_argument);
    EXPECT_THROW(limiter.acquire({{"W", 1}, {"nope", 1}}), std::invalid_argument);
    EXPECT_TRUE(limiter.try_acquire("W", 5)) << "the failed multi-bucket acquire took nothing";
    EXPECT_THROW(limiter.try_acquire("nope"), std::invalid_argument);
    EXPECT_THROW(limiter.observe_used("nope", 1), std::invalid_argument);
    EXPECT_THROW(limiter.acquire("W", 6), std::invalid_argument);
    EXPECT_THROW(limiter.acquire("L", 4), std::invalid_argument);
    EXPECT_THROW(limiter.add_window("Z", 0, 1s), std::invalid_argument);
    EXPECT_THROW(limiter.add_window("Z", 1, 0s), std::invalid_argument);
    EXPECT_THROW(limiter.add_leaky("Z", 1, 0), std::invalid_argument);
    EXPECT_THROW(RateLimiter(RateLimiter::Time{}), std::invalid_argument);
}

TEST(RateLimiter, ThreadsNeverExceedTheWindow) {
    FakeClock clock;
    RateLimiter limiter(clock.time());
    limiter.add_window("W", 10, 1s);
    const auto origin = clock.now;
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                limiter.acquire("W");
                granted.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(granted.load(), 100);
    // The fake time only ever jumps to the end of a window that some thread found full. 100
    // grants at 10 per window need exactly ten windows: less time means a window over-granted,
    // more means a wait that was not needed.
    EXPECT_EQ(clock.now - origin, 9s);
}

TEST(RateLimiter, RealClockWaitsForTheWindow) {
    RateLimiter limiter;  // steady clock and a real sleep
    limiter.add_window("W", 2, 50ms);
    const auto start = Clock::now();
    limiter.acquire("W");
    limiter.acquire("W");
    limiter.acquire("W");  // cannot be granted before the first window ends
    EXPECT_GE(Clock::now() - start, 50ms);
}

// Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, IMF-fixdate example from
// RFC 9110 §5.6.7: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
TEST(RateLimiter, ParseRetryAfter) {
    using std::chrono::system_clock;
    const system_clock::time_point date(std::chrono::seconds(1'445'412'480));  // 2015-10-21T07:28:00Z
    const auto now = date - 30s;
    EXPECT_EQ(RateLimiter::parse_retry_after("120", now), 120s);
    EXPECT_EQ(RateLimiter::parse_retry_after(" 5 ", now), 5s);
    EXPECT_EQ(RateLimiter::parse_retry_after("0", now), 0s);
    EXPECT_EQ(RateLimiter::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), 30s);
    EXPECT_EQ(RateLimiter::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", date), 0s);
    EXPECT_EQ(RateLimiter::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", date + 1h), 0s);  // past
    EXPECT_EQ(RateLimiter::parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", date),
              std::chrono::seconds(1'709'164'800 - 1'445'412'480));
    EXPECT_EQ(RateLimiter::parse_retry_after("99999999999999999999999", now), std::chrono::nanoseconds::max());
    for (const char* bad : {"", "soon", "-5", "1.5", "5s", "Wed, 32 Oct 2015 07:28:00 GMT",
                            "Wed, 21 Foo 2015 07:28:00 GMT", "Wed, 21 Oct 2015 25:28:00 GMT",
                            "Wed, 21 Oct 2015 07:28:00 UTC", "Xyz, 21 Oct 2015 07:28:00 GMT",
                            "Wed, 29 Feb 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT"}) {
        EXPECT_EQ(RateLimiter::parse_retry_after(bad, now), 0s) << bad;
    }
}
