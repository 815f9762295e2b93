// The executor's wake-up: waking a sleeping executor from another thread runs its work, and
// the wake handler's operation lives in the executor's own slots, not on the heap.
#include "bus/executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using tradehost::Executor;
using tradehost::WakeSlots;

namespace {

// Waits until the executor has gone idle (it sleeps in its Asio wait after 50 us of spinning).
bool wait_idle(const Executor& ex) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (ex.busy()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

}  // namespace

TEST(Executor, AWakeFromAnotherThreadRunsPolledWorkWithoutTheHeap) {
    Executor ex("wake-test");
    std::atomic<int> pending{0}, done{0};
    ex.add_poller([&] {
        if (pending.load() == 0) return size_t{0};
        pending.fetch_sub(1);
        done.fetch_add(1);
        return size_t{1};
    });
    ex.start();
    constexpr int kWakes = 50;
    for (int i = 0; i < kWakes; ++i) {
        ASSERT_TRUE(wait_idle(ex));
        pending.fetch_add(1);
        ex.wake();
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (done.load() <= i && std::chrono::steady_clock::now() < end) std::this_thread::yield();
        ASSERT_EQ(done.load(), i + 1) << "the wake did not reach the sleeping executor";
    }
    ex.request_stop();
    ex.join();
    // Most wakes found the executor asleep (the rest were picked up by its last look before
    // sleeping); every one that posted used a slot.
    EXPECT_GT(ex.wake_slots().slot_allocations(), 0u);
    EXPECT_EQ(ex.wake_slots().heap_allocations(), 0u);
}

TEST(WakeSlots, HandsOutEachSlotOnceThenFallsBackToTheHeap) {
    WakeSlots slots;
    std::vector<void*> got;
    for (int i = 0; i < 8; ++i) got.push_back(slots.allocate(64));
    for (size_t i = 0; i < got.size(); ++i)
        for (size_t j = i + 1; j < got.size(); ++j) EXPECT_NE(got[i], got[j]);
    EXPECT_EQ(slots.slot_allocations(), 8u);
    void* heap = slots.allocate(64);  // all eight in flight
    void* big = slots.allocate(4096); // larger than a slot
    EXPECT_EQ(slots.heap_allocations(), 2u);
    slots.deallocate(got[3], 64);
    EXPECT_EQ(slots.allocate(64), got[3]);  // a freed slot is reused
    slots.deallocate(heap, 64);
    slots.deallocate(big, 4096);
    for (void* p : got) slots.deallocate(p, 64);
    EXPECT_EQ(slots.heap_allocations(), 2u);
}
