#include "ledger.hpp"

namespace syndicate {

namespace {

const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS members(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK(role IN ('manager','member')),
  max_contribution INTEGER NOT NULL,
  date TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('contribution','withdrawal','pnl','management_fee','performance_fee')),
  member TEXT NOT NULL DEFAULT '',
  amount INTEGER NOT NULL,
  units_delta INTEGER NOT NULL,
  nav_after INTEGER NOT NULL,
  units_after INTEGER NOT NULL,
  hwm_nav INTEGER NOT NULL,
  hwm_units INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  ref TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS seen(ref TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS positions(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS entries_append_only_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'the syndicate audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_append_only_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'the syndicate audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS members_append_only_update BEFORE UPDATE ON members
  BEGIN SELECT RAISE(ABORT, 'the syndicate audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS members_append_only_delete BEFORE DELETE ON members
  BEGIN SELECT RAISE(ABORT, 'the syndicate audit trail is append-only'); END;
)sql";

struct Stmt {
    sqlite3_stmt* s = nullptr;
    Stmt(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) throw LedgerError(sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    void text(int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }
    void num(int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
    std::string col_text(int i) {
        const unsigned char* t = sqlite3_column_text(s, i);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
};

}  // namespace

Ledger::Ledger(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
        std::string msg = path + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open");
        sqlite3_close(db_);
        throw LedgerError(msg);
    }
    try {
        exec(kSchema);
        load();
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Ledger::~Ledger() { sqlite3_close(db_); }

void Ledger::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "sqlite error";
        sqlite3_free(err);
        throw LedgerError(msg);
    }
}

// State comes from the tables alone, so a restart at any point resumes exactly.
void Ledger::load() {
    Stmt m(db_, "SELECT name, role, max_contribution FROM members ORDER BY rowid");
    while (sqlite3_step(m.s) == SQLITE_ROW) {
        Member mem;
        mem.name = m.col_text(0);
        mem.role = m.col_text(1);
        mem.max_contribution = sqlite3_column_int64(m.s, 2);
        members_[mem.name] = mem;
    }
    Stmt e(db_, "SELECT kind, member, amount, units_delta, nav_after, units_after, hwm_nav, hwm_units FROM entries ORDER BY seq");
    while (sqlite3_step(e.s) == SQLITE_ROW) {
        const std::string kind = e.col_text(0), who = e.col_text(1);
        const Cents amount = sqlite3_column_int64(e.s, 2);
        pool_.nav = sqlite3_column_int64(e.s, 4);
        pool_.units = sqlite3_column_int64(e.s, 5);
        pool_.hwm_nav = sqlite3_column_int64(e.s, 6);
        pool_.hwm_units = sqlite3_column_int64(e.s, 7);
        if (kind == "management_fee" || kind == "performance_fee") pool_.fees -= amount;
        if (who.empty()) continue;
        Member& mem = member(who);
        mem.units += sqlite3_column_int64(e.s, 3);
        if (kind == "contribution") mem.contributed += amount;
        if (kind == "withdrawal") mem.withdrawn -= amount;
    }
}

Member& Ledger::member(const std::string& name) {
    auto it = members_.find(name);
    if (it == members_.end()) throw LedgerError("no member named \"" + name + "\"");
    return it->second;
}

void Ledger::append(const Entry& e) {
    Stmt s(db_, "INSERT INTO entries(date, kind, member, amount, units_delta, nav_after, units_after, hwm_nav, hwm_units, source, ref) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    s.text(1, e.date);
    s.text(2, e.kind);
    s.text(3, e.member);
    s.num(4, e.amount);
    s.num(5, e.units_delta);
    s.num(6, e.nav_after);
    s.num(7, e.units_after);
    s.num(8, pool_.hwm_nav);
    s.num(9, pool_.hwm_units);
    s.text(10, e.source);
    if (e.ref.empty()) sqlite3_bind_null(s.s, 11);
    else s.text(11, e.ref);
    if (sqlite3_step(s.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
}

void Ledger::add_member(const std::string& name, const std::string& role, Cents max_contribution, const std::string& date) {
    if (name.empty()) throw LedgerError("a member needs a name");
    if (role != "manager" && role != "member") throw LedgerError("role must be manager or member, not \"" + role + "\"");
    if (max_contribution < 0) throw LedgerError("the contribution limit must not be negative");
    if (members_.count(name)) throw LedgerError("member \"" + name + "\" already exists");
    Stmt s(db_, "INSERT INTO members(name, role, max_contribution, date) VALUES(?,?,?,?)");
    s.text(1, name);
    s.text(2, role);
    s.num(3, max_contribution);
    s.text(4, date);
    if (sqlite3_step(s.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
    members_[name] = Member{name, role, max_contribution, 0, 0, 0};
}

MicroUnits Ledger::contribute(const std::string& name, Cents amount, const std::string& date) {
    Member& m = member(name);
    if (amount <= 0) throw LedgerError("a contribution must be positive");
    if (m.max_contribution > 0 && m.contributed - m.withdrawn + amount > m.max_contribution)
        throw LedgerError("contribution of " + format_cents(amount) + " takes " + name + " over the limit of " +
                          format_cents(m.max_contribution) + " (net contributed so far " +
                          format_cents(m.contributed - m.withdrawn) + ")");
    MicroUnits units;
    if (pool_.units == 0) {
        units = amount * (kUnit / 100);  // 1.00 a unit
    } else {
        if (pool_.nav <= 0) throw LedgerError("the pool's NAV is not positive: units cannot be priced");
        units = mul_div_floor(amount, pool_.units, pool_.nav);
    }
    Entry e;
    e.date = date;
    e.kind = "contribution";
    e.member = name;
    e.amount = amount;
    e.units_delta = units;
    e.nav_after = pool_.nav + amount;
    e.units_after = pool_.units + units;
    append(e);
    pool_.nav = e.nav_after;
    pool_.units = e.units_after;
    m.units += units;
    m.contributed += amount;
    return units;
}

MicroUnits Ledger::withdraw(const std::string& name, Cents amount, const std::string& date) {
    Member& m = member(name);
    if (amount <= 0) throw LedgerError("a withdrawal must be positive");
    if (pool_.nav <= 0 || pool_.units == 0) throw LedgerError("the pool has nothing to withdraw");
    const MicroUnits units = mul_div_ceil(amount, pool_.units, pool_.nav);
    if (units > m.units)
        throw LedgerError("withdrawal of " + format_cents(amount) + " needs " + format_units(units) + " units; " + name +
                          " holds " + format_units(m.units));
    Entry e;
    e.date = date;
    e.kind = "withdrawal";
    e.member = name;
    e.amount = -amount;
    e.units_delta = -units;
    e.nav_after = pool_.nav - amount;
    e.units_after = pool_.units - units;
    append(e);
    pool_.nav = e.nav_after;
    pool_.units = e.units_after;
    m.units -= units;
    m.withdrawn += amount;
    return units;
}

bool Ledger::record_pnl(Cents amount, const std::string& source, const std::string& ref, const std::string& date) {
    if (!ref.empty()) return book_event(ref, {}, amount, source, date);  // once per ref, with the pipeline's refs
    if (pool_.units == 0) throw LedgerError("profit or loss with no units in the pool has no one to belong to");
    Entry e;
    e.date = date;
    e.kind = "pnl";
    e.amount = amount;
    e.nav_after = pool_.nav + amount;
    e.units_after = pool_.units;
    e.source = source;
    e.ref = ref;
    append(e);
    pool_.nav = e.nav_after;
    return true;
}

namespace {
std::string manager_of(const std::map<std::string, Member>& members) {
    for (const auto& [name, m] : members)
        if (m.role == "manager") return name;
    return {};
}
}  // namespace

Cents Ledger::charge_management_fee(int64_t bps_per_year, int64_t days, const std::string& date) {
    if (bps_per_year < 0 || days < 0) throw LedgerError("fee rate and days must not be negative");
    if (pool_.nav <= 0) return 0;
    const Cents fee = mul_div_round(pool_.nav, bps_per_year * days, 10000 * 365);
    if (fee == 0) return 0;
    Entry e;
    e.date = date;
    e.kind = "management_fee";
    e.amount = -fee;
    e.nav_after = pool_.nav - fee;
    e.units_after = pool_.units;
    e.source = manager_of(members_);  // the payee
    append(e);
    pool_.nav = e.nav_after;
    pool_.fees += fee;
    return fee;
}

Cents Ledger::charge_performance_fee(int64_t bps, const std::string& date) {
    if (bps < 0 || bps > 10000) throw LedgerError("performance fee must be 0..10000 bps");
    if (pool_.units == 0) return 0;
    const Cents mark = mul_div_round(pool_.hwm_nav, pool_.units, pool_.hwm_units);  // the mark's value today
    if (pool_.nav <= mark) return 0;
    const Cents fee = mul_div_round(pool_.nav - mark, bps, 10000);
    const Cents old_hwm_nav = pool_.hwm_nav;
    const MicroUnits old_hwm_units = pool_.hwm_units;
    pool_.hwm_nav = pool_.nav - fee;  // the mark moves to the NAV per unit after the fee
    pool_.hwm_units = pool_.units;
    Entry e;
    e.date = date;
    e.kind = "performance_fee";
    e.amount = -fee;
    e.nav_after = pool_.nav - fee;
    e.units_after = pool_.units;
    e.source = manager_of(members_);
    try {
        append(e);
    } catch (...) {
        pool_.hwm_nav = old_hwm_nav;
        pool_.hwm_units = old_hwm_units;
        throw;
    }
    pool_.nav = e.nav_after;
    pool_.fees += fee;
    return fee;
}

bool Ledger::book_event(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& positions,
                        Cents pnl, const std::string& source, const std::string& date) {
    if (ref.empty()) throw LedgerError("an event needs a ref");
    if (pnl != 0 && pool_.units == 0) throw LedgerError("profit or loss with no units in the pool has no one to belong to");
    exec("BEGIN IMMEDIATE");
    try {
        Stmt seen(db_, "INSERT OR IGNORE INTO seen(ref) VALUES(?)");
        seen.text(1, ref);
        if (sqlite3_step(seen.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
        if (sqlite3_changes(db_) == 0) {
            exec("ROLLBACK");
            return false;
        }
        for (const auto& [key, value] : positions) {
            Stmt up(db_, "INSERT INTO positions(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
            up.text(1, key);
            up.text(2, value);
            if (sqlite3_step(up.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
        }
        Entry e;
        if (pnl != 0) {
            e.date = date;
            e.kind = "pnl";
            e.amount = pnl;
            e.nav_after = pool_.nav + pnl;
            e.units_after = pool_.units;
            e.source = source;
            e.ref = ref;
            append(e);
        }
        exec("COMMIT");
        if (pnl != 0) pool_.nav = e.nav_after;
        return true;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::string Ledger::position_row(const std::string& key) const {
    Stmt s(db_, "SELECT value FROM positions WHERE key = ?");
    s.text(1, key);
    return sqlite3_step(s.s) == SQLITE_ROW ? s.col_text(0) : std::string();
}

std::vector<Entry> Ledger::entries() const {
    std::vector<Entry> out;
    Stmt s(db_, "SELECT seq, date, kind, member, amount, units_delta, nav_after, units_after, source, ifnull(ref,'') FROM entries ORDER BY seq");
    while (sqlite3_step(s.s) == SQLITE_ROW) {
        Entry e;
        e.seq = sqlite3_column_int64(s.s, 0);
        e.date = s.col_text(1);
        e.kind = s.col_text(2);
        e.member = s.col_text(3);
        e.amount = sqlite3_column_int64(s.s, 4);
        e.units_delta = sqlite3_column_int64(s.s, 5);
        e.nav_after = sqlite3_column_int64(s.s, 6);
        e.units_after = sqlite3_column_int64(s.s, 7);
        e.source = s.col_text(8);
        e.ref = s.col_text(9);
        out.push_back(e);
    }
    return out;
}

}  // namespace syndicate
