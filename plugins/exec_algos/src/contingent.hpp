// exec_algos: contingent orders the venue may lack, emulated from fills and quotes:
//  - OCO  "G.a@oco", "G.b@oco": legs sent as they come; a fill of one cancels the others of G.
//  - OTO  "G.1@oto", "G.2@oto", ...: leg 1 is sent; the others wait until it is filled in
//         full, and are refused (CANCELED upstream) if it ends unfilled.
//  - bracket "X@bracket": the entry is sent; once it is filled, a take-profit limit and an
//         emulated stop protect the filled quantity, one cancelling the other. The stop is
//         the request's stop_px, else entry average -/+ bracket_stop_offset; the target the
//         average +/- bracket_target_offset (0: no such leg). A triggered stop is a market order.
//  - trailing stop "X@trail" (a STOP request): held here; its stop follows the best bid (a
//         sell) or ask (a buy) at the distance it started with, and becomes a market order
//         when the market touches it.
// Legs named by the sender keep their ids, so their venue reports and fills flow back as
// they are; exits are named PREFIX-SESSION-kN. State is saved before anything is sent.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_CONTINGENT_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_CONTINGENT_HPP

#include "engine.hpp"

#include <tradehost/plugin.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::exec_algos {

enum class ContingentKind : uint8_t { Oco = 1, Oto = 2, Bracket = 3, Trail = 4 };

/// The contingent kind a client id's "@oco", "@oto", "@bracket" or "@trail" suffix names.
std::optional<ContingentKind> contingent_tag(std::string_view id) noexcept;

struct ContingentSettings {
    th_fixed stop_offset = 0;    ///< bracket: stop distance from the entry average; 0 = none unless stop_px
    th_fixed target_offset = 0;  ///< bracket: take-profit distance; 0 = none
    std::string id_prefix;
};

class Contingent {
public:
    enum class Role : uint8_t { Leg = 1, Held = 2, Entry = 3, TakeProfit = 4, Stop = 5, Trail = 6 };
    struct Order {
        std::string id, group;
        ContingentKind kind = ContingentKind::Oco;
        Role role = Role::Leg;
        th_order_request req{};  ///< as sent (or to be sent); instrument id of this session
        bool sent = false, done = false, cancel_sent = false;
        th_fixed cum = 0, notional = 0;
        th_fixed stop_px = 0, trail = 0;  ///< emulated stops: trigger price, trail distance
    };

    Contingent(ContingentSettings s, uint64_t session) : s_(std::move(s)), session_(session) {}
    void set_info(std::function<std::optional<th_instrument_info>(th_instrument)> info) { info_ = std::move(info); }

    /// A request with a contingent tag (or a cancel of one this knows). False: not ours.
    bool on_order(const th_order_request& req, Outbox& out);
    void on_quote(const th_quote& q, Outbox& out);
    /// True if the report or fill is of an order this keeps (republish it upstream).
    bool on_report(const th_execution_report& r, Outbox& out);
    bool on_fill(const th_fill& f, Outbox& out);

    const std::map<std::string, Order>& orders() const noexcept { return orders_; }
    std::string encode(const std::function<std::string(th_instrument)>& symbol) const;
    void decode(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern);

private:
    void send(Order& o, th_time_ns ts, Outbox& out);
    void cancel(Order& o, th_time_ns ts, Outbox& out);
    void arm_bracket(Order& entry, th_time_ns ts, Outbox& out);
    void trigger(Order& stop, th_time_ns ts, Outbox& out);
    void end_group_if_done(std::string group);  // by value: it may erase the order naming it
    th_fixed tick(th_instrument id) const;

    ContingentSettings s_;
    uint64_t session_;
    std::function<std::optional<th_instrument_info>(th_instrument)> info_;
    std::map<std::string, Order> orders_;
    std::map<std::string, std::string> cancel_ids_;  ///< our cancel id -> the order it cancels
    uint64_t next_ = 1;
};

}  // namespace tradehost::exec_algos

#endif
