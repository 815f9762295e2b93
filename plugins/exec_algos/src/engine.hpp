// exec_algos: the engine that turns parent orders into child orders. No host calls: every
// input is an event, every output goes to an Outbox the plugin publishes, so the plugin
// can save the state before anything leaves (a restart never sends a child twice).
//
// Event time drives it: each market event of an instrument (quote, trade, book) at `ts`
// works that instrument's parents as of `ts`; parents and targets work at their own `ts`.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_ENGINE_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_ENGINE_HPP

#include "config.hpp"
#include "market.hpp"
#include "parent.hpp"
#include "profile.hpp"

#include <tradehost/plugin.hpp>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::exec_algos {

/// What one input produced, in the order it is to be published.
struct Outbox {
    std::vector<th_order_request> children;    ///< child orders and child cancels, downstream
    std::vector<th_execution_report> reports;  ///< parent reports, upstream
    std::vector<th_fill> fills;                ///< parent fills (venue_order_id = the child), upstream
    bool changed = false;                      ///< the state changed: save it
    bool empty() const noexcept { return children.empty() && reports.empty() && fills.empty(); }
};

struct EngineEnv {
    std::function<std::optional<th_instrument_info>(th_instrument)> info;
    std::function<std::string(th_instrument)> symbol;
    uint64_t session = 1;
};

class Engine {
public:
    Engine(Settings s, VolumeProfile profile, bool learn_profile);
    void set_env(EngineEnv env) { env_ = std::move(env); }

    void on_order(const th_order_request& req, Outbox& out);
    void on_target(const th_target& t, Outbox& out);
    void on_quote(const th_quote& q, Outbox& out);
    void on_trade(const th_trade& t, Outbox& out);
    void on_book(const th_book& b, Outbox& out);
    void on_report(const th_execution_report& r, Outbox& out);
    void on_fill(const th_fill& f, Outbox& out);
    void on_position(const th_position& p);

    const std::map<std::string, Parent>& parents() const noexcept { return parents_; }
    const std::map<std::string, Child>& children() const noexcept { return children_; }
    const InstrumentMarket* market(th_instrument id) const;

    // State that survives a restart (state.cpp writes and reads it).
    struct Saved {
        std::map<std::string, Parent> parents;
        std::map<std::string, Child> children;
        std::map<std::string, std::string> cancel_ids;  ///< child cancel id -> child id
        std::map<th_instrument, th_fixed> positions;
        std::deque<std::string> finished;  ///< recent finished parent ids (duplicates are refused)
        uint64_t next_child = 1, next_parent = 1, next_fill = 1;
        std::vector<double> profile;       ///< learned volume profile (empty when from a file)
    };
    Saved saved() const;
    void load(Saved s);

private:
    void accept(Parent p, th_time_ns ts, Outbox& out);
    void cancel_parent(Parent& p, const std::string& why, th_time_ns ts, Outbox& out);
    void replace_parent(const th_order_request& req, Outbox& out);
    void work_instrument(th_instrument id, th_time_ns now, Outbox& out);
    /// Send what the parent's algo allows at `now`; finish it when nothing is left.
    void work(Parent& p, th_time_ns now, Outbox& out);
    th_fixed allowed(const Parent& p, th_fixed committed, bool live_child, th_time_ns now) const;
    void send_child(Parent& p, th_fixed qty, th_time_ns now, Outbox& out);
    void send_cancel(Child& c, th_time_ns now, Outbox& out);
    /// Parent leaves the book: report `exec_type`, forget it, remember its id.
    /// `id` by value: it is usually the id of the parent this erases.
    void finish(std::string id, uint8_t exec_type, uint8_t status, std::string reason, th_time_ns ts,
                Outbox& out);
    void reject_parent(const th_order_request& req, const std::string& why, Outbox& out);
    th_execution_report report_of(const Parent& p, uint8_t exec_type, uint8_t status, th_time_ns ts) const;
    th_instrument_info info_of(th_instrument id) const;
    std::string symbol(th_instrument id) const;
    bool known_id(const std::string& id) const;
    std::string next_id(char kind, uint64_t& counter) const;

    Settings s_;
    EngineEnv env_;
    VolumeProfile profile_;
    bool learn_profile_;
    std::map<std::string, Parent> parents_;
    std::map<std::string, Child> children_;
    std::map<std::string, std::string> cancel_ids_;
    std::map<th_instrument, th_fixed> positions_;
    std::map<th_instrument, InstrumentMarket> market_;
    std::deque<std::string> finished_;
    uint64_t next_child_ = 1, next_parent_ = 1, next_fill_ = 1;
    bool sending_ = false;  ///< working parents on a fresh market view: children may go out
};

}  // namespace tradehost::exec_algos

#endif
