// A host table for the venue kit's own tests: what an ExecutionWorker calls on its Host
// (publish, log, clock, instruments, state, metrics, kill switch), recorded under a mutex
// because the worker calls it from its own thread. The plugin harness (sdk/testing) needs a
// plugin's shared object; the worker's tests drive the worker directly.
#pragma once

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradehost::venue::testing {

class FakeHost {
public:
    FakeHost() {
        api_.size = sizeof api_;
        api_.abi_major = TH_ABI_VERSION_MAJOR;
        api_.abi_minor = TH_ABI_VERSION_MINOR;
        api_.log = [](th_host_ctx* c, th_log_level, const char* msg) { self(c).locked([&] { self(c).logs_.push_back(msg); }); };
        api_.publish = [](th_host_ctx* c, uint32_t port, th_event_header* ev) { return self(c).on_publish(port, *ev); };
        api_.clock_now = [](th_host_ctx*) -> th_time_ns {
            return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        };
        api_.instrument_intern = [](th_host_ctx* c, const char* sym, th_instrument* out) -> th_status {
            FakeHost& h = self(c);
            std::lock_guard<std::mutex> lk(h.mu_);
            auto it = std::find(h.symbols_.begin(), h.symbols_.end(), std::string(sym));
            if (it == h.symbols_.end()) it = h.symbols_.insert(h.symbols_.end(), sym);
            *out = static_cast<th_instrument>(it - h.symbols_.begin() + 1);
            return TH_OK;
        };
        api_.instrument_symbol = [](th_host_ctx* c, th_instrument id) -> const char* {
            FakeHost& h = self(c);
            std::lock_guard<std::mutex> lk(h.mu_);
            return id >= 1 && id <= h.symbols_.size() ? h.symbols_[id - 1].c_str() : nullptr;
        };
        api_.state_put = [](th_host_ctx* c, const char* key, const void* data, size_t len) -> th_status {
            self(c).locked([&] { self(c).state_[key].assign(static_cast<const char*>(data), len); });
            return TH_OK;
        };
        api_.state_get = [](th_host_ctx* c, const char* key, void* buf, size_t cap, size_t* out_len) -> th_status {
            FakeHost& h = self(c);
            std::lock_guard<std::mutex> lk(h.mu_);
            auto it = h.state_.find(key);
            if (it == h.state_.end()) return TH_ERR_NOT_FOUND;
            *out_len = it->second.size();
            if (cap < it->second.size()) return TH_ERR_BUFFER_TOO_SMALL;
            std::memcpy(buf, it->second.data(), it->second.size());
            return TH_OK;
        };
        api_.metric_add = [](th_host_ctx* c, const char* name, int64_t d) { self(c).locked([&] { self(c).metrics_[name] += d; }); };
        api_.kill_switch_engaged = [](th_host_ctx* c) -> int { return self(c).kill_ ? 1 : 0; };
    }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    Host host() { return Host(&api_, reinterpret_cast<th_host_ctx*>(this)); }
    th_instrument intern(const std::string& symbol) { return host().intern(symbol); }

    std::vector<th_execution_report> reports() const { return copy(reports_); }
    std::vector<th_fill> fills() const { return copy(fills_); }
    std::vector<th_venue_status> statuses() const { return copy(statuses_); }
    std::vector<std::string> logs() const { return copy(logs_); }
    std::map<std::string, std::string> state() const { return copy(state_); }
    void set_state(std::map<std::string, std::string> s) { locked([&] { state_ = std::move(s); }); }
    int64_t metric(const std::string& name) const {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = metrics_.find(name);
        return it == metrics_.end() ? 0 : it->second;
    }
    void set_kill_switch(bool on) { kill_ = on; }

    /// The reports of `cid`, in order.
    std::vector<th_execution_report> reports_of(const std::string& cid) const {
        std::vector<th_execution_report> out;
        for (const auto& r : reports())
            if (cid == std::string(r.client_order_id, strnlen(r.client_order_id, TH_ID_LEN))) out.push_back(r);
        return out;
    }
    /// The last report of `cid` has exec type `t` within `timeout`.
    bool wait_report(const std::string& cid, uint8_t t, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
        return eventually([&] {
            auto r = reports_of(cid);
            return !r.empty() && r.back().exec_type == t;
        }, timeout);
    }
    static bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (pred()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return pred();
    }

private:
    static FakeHost& self(th_host_ctx* c) { return *reinterpret_cast<FakeHost*>(c); }
    template <class F> void locked(F f) {
        std::lock_guard<std::mutex> lk(mu_);
        f();
    }
    template <class T> T copy(const T& v) const {
        std::lock_guard<std::mutex> lk(mu_);
        return v;
    }
    template <class E> static E as(const th_event_header& ev) {
        E e;
        std::memset(&e, 0, sizeof e);
        std::memcpy(&e, &ev, std::min<size_t>(sizeof e, ev.size));
        return e;
    }
    th_status on_publish(uint32_t, const th_event_header& ev) {
        std::lock_guard<std::mutex> lk(mu_);
        if (ev.type == event_traits<th_execution_report>::type) reports_.push_back(as<th_execution_report>(ev));
        else if (ev.type == event_traits<th_fill>::type) fills_.push_back(as<th_fill>(ev));
        else if (ev.type == event_traits<th_venue_status>::type) statuses_.push_back(as<th_venue_status>(ev));
        return TH_OK;
    }

    th_host_api api_{};
    mutable std::mutex mu_;
    std::vector<std::string> symbols_;
    std::vector<th_execution_report> reports_;
    std::vector<th_fill> fills_;
    std::vector<th_venue_status> statuses_;
    std::vector<std::string> logs_;
    std::map<std::string, std::string> state_;
    std::map<std::string, int64_t> metrics_;
    std::atomic<bool> kill_{false};
};

}  // namespace tradehost::venue::testing
