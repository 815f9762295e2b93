// A syndicate's pooled bankroll in SQLite: members, contributions and withdrawals priced at the
// pool's net asset value (NAV) per unit with open positions marked to market, profit and loss
// that moves the NAV (so it falls to members by their units), a management fee and a
// performance fee over each member's own high-water mark, and an append-only entries table
// that is the audit trail and the only source of state: reopening the file after a restart
// rebuilds everything from it.
#pragma once

#include <sqlite3.h>

#include <map>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include "money.hpp"

namespace syndicate {

class LedgerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Member {
    std::string name;
    std::string role;               // "manager" or "member"
    Cents max_contribution = 0;     // net contributions allowed; 0: no limit
    MicroUnits units = 0;
    Cents contributed = 0;
    Cents withdrawn = 0;
    // The member's high-water mark: the value his units must pass before a performance fee is
    // due. Each contribution adds what it paid, a withdrawal keeps the share of the units he
    // keeps, and a fee sets it to his value after the fee. Not the pool's: a member who
    // joined below another's mark pays on his own gain only.
    Cents hwm = 0;
};

struct PoolState {
    Cents nav = 0;                  // book NAV: open positions at their cost
    MicroUnits units = 0;
    Cents fees = 0;
};

struct Entry {
    int64_t seq = 0;
    std::string date, kind, member, source, ref;
    Cents amount = 0;               // effect on the NAV (fees and withdrawals negative)
    MicroUnits units_delta = 0;
    Cents nav_after = 0;
    MicroUnits units_after = 0;
    Cents unrealised = 0;           // open positions' marks over their cost when it was made
    Cents hwm = 0;                  // member rows: the member's high-water mark after it
};

class Ledger {
public:
    explicit Ledger(const std::string& path);  // creates the file and schema if new
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    void add_member(const std::string& name, const std::string& role, Cents max_contribution, const std::string& date);
    // Units bought: amount x units / marked NAV, rounded down (the pool keeps the fraction);
    // 1.00 a unit while the pool holds no units.
    MicroUnits contribute(const std::string& name, Cents amount, const std::string& date);
    // Units sold: amount x units / marked NAV, rounded up (the pool keeps the fraction).
    MicroUnits withdraw(const std::string& name, Cents amount, const std::string& date);
    // A fill's or settlement's profit or loss. `ref` (a settlement or fill id) makes it
    // idempotent: a ref already booked returns false and books nothing.
    bool record_pnl(Cents amount, const std::string& source, const std::string& ref, const std::string& date);
    // NAV x bps/10^4 x days/365, rounded half up to the cent, paid to the manager.
    Cents charge_management_fee(int64_t bps_per_year, int64_t days, const std::string& date);
    // Per member: bps/10^4 of his value (units x marked NAV / units, rounded half up) above
    // his high-water mark, rounded half up, paid by cancelling his units at the marked NAV
    // per unit (rounded up: the pool keeps the fraction); his mark becomes his value less the
    // fee. Every member is charged at the same price, in one transaction. Returns the total.
    Cents charge_performance_fee(int64_t bps, const std::string& date);

    // Marks to market. The pipeline plugin stores each open instrument's latest price
    // (fixed-point 1e-8, as th_quote) here; an open position without a mark counts at cost.
    void set_mark(const std::string& symbol, int64_t price);
    // Open positions' value at their marks minus their cost, rounded half away from zero.
    Cents unrealised() const;
    // What the pipeline's positions cost (open ones), rounded to the cent.
    Cents open_cost() const;
    Cents marked_nav() const { return pool_.nav + unrealised(); }
    // Reads entries and members other processes (the tool, the plugin) appended since this
    // one last looked. Returns whether anything was new.
    bool refresh();

    // For the pipeline plugin: books one fill or settlement atomically. In one transaction:
    // marks `ref` seen (a ref seen before changes nothing and returns false), stores the
    // given key/value rows of the plugin's positions, and books `pnl` (if not 0) as a P&L
    // entry. So a restart between any two events neither loses nor repeats one.
    bool book_event(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& positions,
                    Cents pnl, const std::string& source, const std::string& date);
    // A positions row stored by book_event, or "" if none.
    std::string position_row(const std::string& key) const;
    // The keys of the instruments' position rows ("pos:<symbol>").
    std::vector<std::string> position_keys() const;

    const PoolState& pool() const { return pool_; }
    const std::map<std::string, Member>& members() const { return members_; }
    std::vector<Entry> entries() const;

private:
    sqlite3* db_ = nullptr;
    PoolState pool_;
    std::map<std::string, Member> members_;

    int64_t last_seq_ = 0;

    void exec(const char* sql);
    void migrate();
    bool load();  // from last_seq_ on
    template <class F> auto write(F change);
    Member& member(const std::string& name);
    void append(const Entry& e);  // one INSERT (atomic); callers update memory after it
};

}  // namespace syndicate
