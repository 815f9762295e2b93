// An executor: one thread that runs its instances' callbacks, their timers (Boost.Asio) and
// the events that reach it through rings from other executors, through its local queue,
// and from plugins' own I/O threads.
#pragma once

#include <atomic>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// Asio stays out of this header: it is included by everything that sees the pipeline, and
// only the executor's own file and the timers need the io_context's definition.
namespace boost::asio { class io_context; }

namespace tradehost {

/// Storage for an executor's wake-up handlers. A wake comes from another executor's thread on
/// the event path, which must not allocate; Asio allocates a posted handler's operation through
/// the handler's allocator, so wakes take one of a few fixed slots here (lock-free) and only
/// fall back to the heap when every slot is in flight. Must outlive the io_context that holds
/// the handlers (declare it first).
class WakeSlots {
public:
    void* allocate(std::size_t bytes);
    void deallocate(void* p, std::size_t bytes) noexcept;
    /// Allocations served from the slots and from the heap, since construction.
    uint64_t slot_allocations() const noexcept { return slot_hits_.load(std::memory_order_relaxed); }
    uint64_t heap_allocations() const noexcept { return heap_hits_.load(std::memory_order_relaxed); }

private:
    static constexpr std::size_t kSlots = 8;
    static constexpr std::size_t kSlotSize = 128;  // an empty handler's operation is ~40 bytes
    alignas(std::max_align_t) unsigned char mem_[kSlots][kSlotSize];
    std::atomic<uint32_t> used_{0};
    std::atomic<uint64_t> slot_hits_{0}, heap_hits_{0};
};

class Executor {
public:
    /// Work done when the executor polls: returns how many items it processed.
    using Poller = std::function<size_t()>;

    explicit Executor(std::string name);
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    const std::string& name() const { return name_; }
    boost::asio::io_context& io() { return *io_; }

    /// Add a poller (drains rings and queues). Before start() only.
    void add_poller(Poller p) { pollers_.push_back(std::move(p)); }

    void start();
    /// Finish what is queued, then leave the loop; join() waits for it.
    void request_stop();
    void join();

    /// Run `fn` on the executor thread. Thread-safe.
    void post(std::function<void()> fn);
    /// Run `fn` on the executor thread and wait for it.
    void run_sync(const std::function<void()>& fn);

    /// True on this executor's thread.
    bool on_this_thread() const { return std::this_thread::get_id() == thread_id_.load(); }
    /// Make a sleeping executor look at its queues now. Thread-safe, cheap when awake.
    void wake() {
        if (sleeping_.load(std::memory_order_acquire) && sleeping_.exchange(false)) post_wake();
    }
    /// Where wake-up handlers live (for tests and metrics).
    const WakeSlots& wake_slots() const { return wake_slots_; }
    /// True while the loop is doing work (not idle-waiting).
    bool busy() const { return busy_.load(std::memory_order_acquire); }
    uint64_t activity() const { return activity_.load(std::memory_order_acquire); }

    /// The executor whose thread is the caller's, or nullptr.
    static Executor* current() { return t_current_; }
    static inline thread_local Executor* t_current_ = nullptr;

private:
    void loop();
    size_t run_tasks();
    /// Posts an empty handler that ends the loop's wait, its operation in wake_slots_.
    void post_wake();

    std::string name_;
    WakeSlots wake_slots_;  // before io_: queued wake handlers are freed when io_ is destroyed
    struct Io;  // the io_context and the work guard that keeps its loop alive
    std::unique_ptr<Io> io_holder_;
    boost::asio::io_context* io_ = nullptr;
    std::vector<Poller> pollers_;
    std::mutex tasks_mu_;
    std::vector<std::function<void()>> tasks_, running_;
    std::atomic<bool> has_tasks_{false};
    std::atomic<bool> stop_{false};
    std::atomic<bool> sleeping_{false};
    std::atomic<bool> busy_{false};
    std::atomic<uint64_t> activity_{0};
    std::atomic<std::thread::id> thread_id_{};
    std::thread thread_;
};

}  // namespace tradehost
