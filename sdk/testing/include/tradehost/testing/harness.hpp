// Test harness for plugin authors: runs one plugin instance without a host.
//
// It loads the plugin's shared object, checks its ABI, applies the declared config
// defaults, creates the instance, feeds it events on named input ports, records every event
// it publishes, and drives a simulated clock whose timers fire in time order.
//
//   tradehost::testing::Harness h(PLUGIN_PATH);
//   h.set("fast", "5");
//   h.create();
//   h.start();
//   auto q = tradehost::make_event<th_quote>(1000);
//   h.send("quotes", q);
//   auto orders = h.take<th_order_request>("orders");
//
// Not thread-safe: call it from the test's thread. Publishes from a plugin's own threads are
// recorded under a mutex.
#ifndef TRADEHOST_TESTING_HARNESS_HPP
#define TRADEHOST_TESTING_HARNESS_HPP

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::testing {

/// One event the plugin published: the port's name and the event's bytes.
struct Published {
    std::string port;
    std::vector<unsigned char> bytes;
    const th_event_header& header() const { return *reinterpret_cast<const th_event_header*>(bytes.data()); }
};

class Harness {
public:
    /// Load the plugin at `path`; throws std::runtime_error with the reason.
    explicit Harness(const std::string& path);
    ~Harness();
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    const th_plugin_entry& entry() const { return entry_; }

    /// Set a config key from text in config syntax ("5", "0.25", "250ms", "true").
    void set(const std::string& key, const std::string& value);
    /// Set a STRING_LIST key.
    void set_list(const std::string& key, const std::vector<std::string>& values);
    /// A secret that secret_get returns (instead of the environment).
    void set_secret(const std::string& name, const std::string& value) { secrets_[name] = value; }

    /// Create the instance; throws with the plugin's message on failure or a bad config.
    void create();
    /// start/stop; throw with last_error on failure.
    void start();
    void stop();
    /// Destroy the instance (also done by the destructor).
    void destroy();

    /// Hot-reload state handover: the instance's snapshot (throws if the plugin has no
    /// state calls or fails), and restore into a created, not yet started instance.
    std::string snapshot();
    void restore(const std::string& blob);
    /// The name instance_name() returns (default "test"); set before create().
    void set_instance_name(const std::string& name) { name_ = name; }

    /// Deliver an event on input port `port`; returns the plugin's status.
    th_status send(const std::string& port, const th_event_header& ev);
    template <class E> th_status send(const std::string& port, const E& ev) { return send(port, ev.hdr); }

    /// Advance the simulated clock by `ns`, firing due timers in time order.
    void advance(int64_t ns);
    /// Set the simulated clock (must not go back).
    void set_now(th_time_ns t);
    th_time_ns now() const { return now_; }

    /// Text of the instance's last error.
    std::string last_error() const;

    /// Every event published so far, in order.
    std::vector<Published> published() const;
    /// Events of kind E published on `port`, in order; removes them from the record.
    template <class E> std::vector<E> take(const std::string& port) {
        std::vector<E> out;
        std::lock_guard<std::mutex> lk(mu_);
        for (auto it = published_.begin(); it != published_.end();) {
            if (it->port == port && it->header().type == event_traits<E>::type) {
                E e;
                std::memset(&e, 0, sizeof e);
                std::memcpy(&e, it->bytes.data(), std::min(sizeof e, it->bytes.size()));
                out.push_back(e);
                it = published_.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }
    /// Events of any kind published on `port` ("" = every port), in order; removes them
    /// from the record. What the C harness (tradehost/testing/harness.h) collects.
    std::vector<Published> take_all(const std::string& port);
    void clear_published();

    th_instrument intern(const std::string& symbol);
    std::string symbol(th_instrument id) const;
    bool source_finished() const { return finished_; }
    int64_t metric(const std::string& name) const;
    const std::map<std::string, std::string>& state() const { return state_; }
    std::map<std::string, std::string>& state() { return state_; }
    void set_kill_switch(bool on) { kill_ = on; }
    void set_session_id(uint64_t id) { session_ = id; }
    std::vector<std::string> log_lines() const;

    /// Instrument metadata (ABI 1.1) as a venue would register it; the plugin reads it with
    /// instrument_get_info. `info.size` 0 counts as sizeof. Thread-safe.
    void set_instrument_info(th_instrument id, const th_instrument_info& info);
    /// What is registered for `id` (by the test or the plugin's instrument_set_info).
    std::optional<th_instrument_info> instrument_info(th_instrument id) const;
    /// Hand the plugin a 1.0 host table (abi_minor 0, no 1.1 members), to test that it copes
    /// with an older host. Call before create().
    void emulate_host_abi_1_0();

    /// Index of a port by name; throws if unknown.
    uint32_t port_index(const std::string& name) const;

    // Internal: called by the host table thunks.
    struct Impl;

private:
    friend struct Impl;
    void* lib_ = nullptr;
    th_plugin_entry entry_{};
    std::vector<th_port_desc> ports_;
    std::vector<th_config_field> fields_;
    std::unique_ptr<struct ConfigStore> config_;
    th_instance* inst_ = nullptr;
    th_host_api api_{};
    th_time_ns now_ = 1700000000000000000;
    struct Timer { th_time_ns due; int64_t period; uint64_t id; };
    std::vector<Timer> timers_;
    uint64_t next_timer_ = 1;
    mutable std::mutex mu_;
    std::vector<Published> published_;
    std::vector<std::string> log_;
    std::map<std::string, std::string> secrets_;
    std::map<std::string, std::string> state_;
    std::map<std::string, int64_t> metrics_;
    std::map<std::string, th_instrument> ids_;
    std::vector<std::string> symbols_;
    std::map<th_instrument, th_instrument_info> info_;
    std::map<uint32_t, uint64_t> seq_;
    std::atomic<bool> finished_{false};
    std::string name_ = "test";
    bool kill_ = false;
    uint64_t session_ = 1;
    bool started_ = false;
};

}  // namespace tradehost::testing

#endif
