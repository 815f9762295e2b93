#include "bus/executor.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <future>

namespace tradehost {

// Wake-up handlers ------------------------------------------------------------------------

void* WakeSlots::allocate(std::size_t bytes) {
    if (bytes <= kSlotSize) {
        uint32_t used = used_.load(std::memory_order_relaxed);
        while (used != (uint32_t{1} << kSlots) - 1) {
            const uint32_t bit = ~used & (used + 1);  // lowest free slot
            if (used_.compare_exchange_weak(used, used | bit, std::memory_order_acquire, std::memory_order_relaxed)) {
                slot_hits_.fetch_add(1, std::memory_order_relaxed);
                return mem_[__builtin_ctz(bit)];
            }
        }
    }
    heap_hits_.fetch_add(1, std::memory_order_relaxed);
    return ::operator new(bytes);
}

void WakeSlots::deallocate(void* p, std::size_t bytes) noexcept {
    auto* c = static_cast<unsigned char*>(p);
    if (c >= mem_[0] && c < mem_[0] + sizeof(mem_)) {
        const auto slot = static_cast<uint32_t>((c - mem_[0]) / kSlotSize);
        used_.fetch_and(~(uint32_t{1} << slot), std::memory_order_release);
        return;
    }
    ::operator delete(p, bytes);
}

namespace {

// The allocator Asio uses for a wake handler's operation (it rebinds it to the operation type).
template <class T> struct WakeAllocator {
    using value_type = T;
    WakeSlots* slots;
    explicit WakeAllocator(WakeSlots* s) noexcept : slots(s) {}
    template <class U> WakeAllocator(const WakeAllocator<U>& other) noexcept : slots(other.slots) {}
    T* allocate(std::size_t n) { return static_cast<T*>(slots->allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { slots->deallocate(p, n * sizeof(T)); }
    template <class U> bool operator==(const WakeAllocator<U>& other) const noexcept { return slots == other.slots; }
    template <class U> bool operator!=(const WakeAllocator<U>& other) const noexcept { return slots != other.slots; }
};

// Does nothing: running at all is what ends io_context::run_one_for.
struct WakeHandler {
    WakeSlots* slots;
    using allocator_type = WakeAllocator<char>;
    allocator_type get_allocator() const noexcept { return allocator_type(slots); }
    void operator()() const noexcept {}
};

}  // namespace

struct Executor::Io {
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{boost::asio::make_work_guard(io)};
};

void Executor::post_wake() { boost::asio::post(*io_, WakeHandler{&wake_slots_}); }

Executor::Executor(std::string name) : name_(std::move(name)), io_holder_(std::make_unique<Io>()), io_(&io_holder_->io) {}

Executor::~Executor() {
    request_stop();
    join();
}

void Executor::start() {
    thread_ = std::thread([this] { loop(); });
    while (thread_id_.load() == std::thread::id()) std::this_thread::yield();
}

void Executor::request_stop() {
    stop_.store(true);
    sleeping_.store(false);
    post_wake();
}

void Executor::join() {
    if (thread_.joinable()) thread_.join();
}

void Executor::post(std::function<void()> fn) {
    {
        std::lock_guard<std::mutex> lk(tasks_mu_);
        tasks_.push_back(std::move(fn));
        has_tasks_.store(true, std::memory_order_release);
    }
    wake();
}

void Executor::run_sync(const std::function<void()>& fn) {
    if (on_this_thread()) {
        fn();
        return;
    }
    std::promise<void> done;
    auto fut = done.get_future();
    post([&] {
        fn();
        done.set_value();
    });
    fut.wait();
}

size_t Executor::run_tasks() {
    if (!has_tasks_.load(std::memory_order_acquire)) return 0;
    {
        std::lock_guard<std::mutex> lk(tasks_mu_);
        running_.swap(tasks_);
        has_tasks_.store(false, std::memory_order_release);
    }
    size_t n = running_.size();
    for (auto& fn : running_) fn();
    running_.clear();
    return n;
}

void Executor::loop() {
    t_current_ = this;
    thread_id_.store(std::this_thread::get_id());
    for (;;) {
        busy_.store(true, std::memory_order_release);
        size_t n = run_tasks();
        // A bounded number of handlers per turn: a periodic timer that is always due would
        // otherwise keep poll() busy and starve the rings and queues.
        for (int i = 0; i < 8 && io_->poll_one(); ++i) ++n;
        for (auto& p : pollers_) n += p();
        if (n) {
            activity_.fetch_add(n, std::memory_order_release);
            continue;
        }
        if (stop_.load()) break;
        {   // spin up to 50 us before sleeping (prototype: make it a per-executor setting)
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
            size_t got = 0;
            while (!got && !has_tasks_.load(std::memory_order_relaxed) && !stop_.load(std::memory_order_relaxed)) {
                for (auto& p : pollers_) got += p();
                if (got || std::chrono::steady_clock::now() >= deadline) break;
                __builtin_ia32_pause();
            }
            if (got || has_tasks_.load(std::memory_order_relaxed)) {
                activity_.fetch_add(got, std::memory_order_release);
                continue;
            }
        }
        // Idle: announce sleep, look once more (a producer may have pushed before seeing
        // the flag), then wait for a timer, a posted task or a wake.
        sleeping_.store(true, std::memory_order_seq_cst);
        size_t again = has_tasks_.load() ? 1 : 0;
        for (auto& p : pollers_) again += p();
        if (again) {
            sleeping_.store(false);
            activity_.fetch_add(again, std::memory_order_release);
            continue;
        }
        busy_.store(false, std::memory_order_release);
        io_->run_one_for(std::chrono::milliseconds(20));
        sleeping_.store(false);
    }
    busy_.store(false);
    t_current_ = nullptr;
}

}  // namespace tradehost
