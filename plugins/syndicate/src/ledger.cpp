#include "ledger.hpp"

#include <algorithm>
#include <type_traits>

#include "pool_book.hpp"

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
  hwm_nav INTEGER NOT NULL,         -- member rows: the member's high-water mark after (cents)
  hwm_units INTEGER NOT NULL,       -- 0 (ledgers before per-member marks: the pool's mark)
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
        migrate();
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

// Columns later versions added, on a ledger an earlier one created.
void Ledger::migrate() {
    Stmt cols(db_, "SELECT count(*) FROM pragma_table_info('entries') WHERE name = 'unrealised'");
    if (sqlite3_step(cols.s) == SQLITE_ROW && sqlite3_column_int64(cols.s, 0) == 0)
        exec("ALTER TABLE entries ADD COLUMN unrealised INTEGER NOT NULL DEFAULT 0");
}

// State comes from the tables alone, so a restart at any point resumes exactly. Reads only
// what is newer than last_seq_, so refresh() can pick up another process's entries.
bool Ledger::load() {
    bool changed = false;
    Stmt m(db_, "SELECT name, role, max_contribution FROM members ORDER BY rowid");
    while (sqlite3_step(m.s) == SQLITE_ROW) {
        Member mem;
        mem.name = m.col_text(0);
        if (members_.count(mem.name)) continue;
        mem.role = m.col_text(1);
        mem.max_contribution = sqlite3_column_int64(m.s, 2);
        members_[mem.name] = mem;
        changed = true;
    }
    Stmt e(db_, "SELECT seq, kind, member, amount, units_delta, nav_after, units_after, hwm_nav FROM entries "
                "WHERE seq > ? ORDER BY seq");
    e.num(1, last_seq_);
    while (sqlite3_step(e.s) == SQLITE_ROW) {
        changed = true;
        last_seq_ = sqlite3_column_int64(e.s, 0);
        const std::string kind = e.col_text(1), who = e.col_text(2);
        const Cents amount = sqlite3_column_int64(e.s, 3);
        const MicroUnits delta = sqlite3_column_int64(e.s, 4);
        pool_.nav = sqlite3_column_int64(e.s, 5);
        pool_.units = sqlite3_column_int64(e.s, 6);
        if (kind == "management_fee" || kind == "performance_fee") pool_.fees -= amount;
        if (who.empty()) continue;
        Member& mem = member(who);
        // the member's mark follows the same rules as when the entry was made
        if (kind == "contribution") mem.hwm += amount;
        if (kind == "withdrawal") mem.hwm = mem.units > 0 ? mul_div_round(mem.hwm, mem.units + delta, mem.units) : 0;
        if (kind == "performance_fee") mem.hwm = sqlite3_column_int64(e.s, 7);
        mem.units += delta;
        if (kind == "contribution") mem.contributed += amount;
        if (kind == "withdrawal") mem.withdrawn -= amount;
    }
    return changed;
}

bool Ledger::refresh() { return load(); }

// Every change: under SQLite's write lock, first the entries another process (the tool, the
// pipeline plugin) appended, so the change is priced on the ledger as it is; on any failure
// the transaction is undone and memory rebuilt from the file.
template <class F> auto Ledger::write(F change) {
    exec("BEGIN IMMEDIATE");
    try {
        load();
        if constexpr (std::is_void_v<decltype(change())>) {
            change();
            exec("COMMIT");
        } else {
            auto result = change();
            exec("COMMIT");
            return result;
        }
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        members_.clear();
        pool_ = PoolState{};
        last_seq_ = 0;
        load();
        throw;
    }
}

Member& Ledger::member(const std::string& name) {
    auto it = members_.find(name);
    if (it == members_.end()) throw LedgerError("no member named \"" + name + "\"");
    return it->second;
}

void Ledger::append(const Entry& e) {
    Stmt s(db_, "INSERT INTO entries(date, kind, member, amount, units_delta, nav_after, units_after, hwm_nav, hwm_units, "
                "source, ref, unrealised) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    s.text(1, e.date);
    s.text(2, e.kind);
    s.text(3, e.member);
    s.num(4, e.amount);
    s.num(5, e.units_delta);
    s.num(6, e.nav_after);
    s.num(7, e.units_after);
    s.num(8, e.hwm);
    s.num(9, 0);
    s.text(10, e.source);
    if (e.ref.empty()) sqlite3_bind_null(s.s, 11);
    else s.text(11, e.ref);
    s.num(12, e.unrealised);
    if (sqlite3_step(s.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
    last_seq_ = sqlite3_last_insert_rowid(db_);
}

void Ledger::add_member(const std::string& name, const std::string& role, Cents max_contribution, const std::string& date) {
    return write([&]() -> void {
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
        members_[name] = Member{name, role, max_contribution, 0, 0, 0, 0};
    });
}

MicroUnits Ledger::contribute(const std::string& name, Cents amount, const std::string& date) {
    return write([&]() -> MicroUnits {
        Member& m = member(name);
        if (amount <= 0) throw LedgerError("a contribution must be positive");
        if (m.max_contribution > 0 && m.contributed - m.withdrawn + amount > m.max_contribution)
            throw LedgerError("contribution of " + format_cents(amount) + " takes " + name + " over the limit of " +
                              format_cents(m.max_contribution) + " (net contributed so far " +
                              format_cents(m.contributed - m.withdrawn) + ")");
        MicroUnits units;
        const Cents unreal = pool_.units == 0 ? 0 : unrealised();
        if (pool_.units == 0) {
            units = amount * (kUnit / 100);  // 1.00 a unit
        } else {
            if (pool_.nav + unreal <= 0) throw LedgerError("the pool's NAV is not positive: units cannot be priced");
            units = mul_div_floor(amount, pool_.units, pool_.nav + unreal);  // at today's value, open positions marked
        }
        Entry e;
        e.date = date;
        e.kind = "contribution";
        e.member = name;
        e.amount = amount;
        e.units_delta = units;
        e.nav_after = pool_.nav + amount;
        e.units_after = pool_.units + units;
        e.unrealised = unreal;
        e.hwm = m.hwm + amount;  // no gain on what he just paid
        append(e);
        pool_.nav = e.nav_after;
        pool_.units = e.units_after;
        m.units += units;
        m.contributed += amount;
        m.hwm = e.hwm;
        return units;
    });
}

MicroUnits Ledger::withdraw(const std::string& name, Cents amount, const std::string& date) {
    return write([&]() -> MicroUnits {
        Member& m = member(name);
        if (amount <= 0) throw LedgerError("a withdrawal must be positive");
        const Cents unreal = pool_.units == 0 ? 0 : unrealised();
        if (pool_.nav + unreal <= 0 || pool_.units == 0) throw LedgerError("the pool has nothing to withdraw");
        const MicroUnits units = mul_div_ceil(amount, pool_.units, pool_.nav + unreal);
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
        e.unrealised = unreal;
        e.hwm = mul_div_round(m.hwm, m.units - units, m.units);  // the mark of the units he keeps
        append(e);
        pool_.nav = e.nav_after;
        pool_.units = e.units_after;
        m.units -= units;
        m.withdrawn += amount;
        m.hwm = e.hwm;
        return units;
    });
}

bool Ledger::record_pnl(Cents amount, const std::string& source, const std::string& ref, const std::string& date) {
    if (!ref.empty()) return book_event(ref, {}, amount, source, date);  // once per ref, with the pipeline's refs
    return write([&]() -> bool {
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
    });
}

namespace {
std::string manager_of(const std::map<std::string, Member>& members) {
    for (const auto& [name, m] : members)
        if (m.role == "manager") return name;
    return {};
}
}  // namespace

Cents Ledger::charge_management_fee(int64_t bps_per_year, int64_t days, const std::string& date) {
    return write([&]() -> Cents {
        if (bps_per_year < 0 || days < 0) throw LedgerError("fee rate and days must not be negative");
        const Cents unreal = pool_.units == 0 ? 0 : unrealised();
        if (pool_.nav + unreal <= 0) return 0;
        const Cents fee = mul_div_round(pool_.nav + unreal, bps_per_year * days, 10000 * 365);  // on the marked NAV
        if (fee == 0) return 0;
        Entry e;
        e.date = date;
        e.unrealised = unreal;
        e.kind = "management_fee";
        e.amount = -fee;
        e.nav_after = pool_.nav - fee;
        e.units_after = pool_.units;
        e.source = manager_of(members_);  // the payee
        append(e);
        pool_.nav = e.nav_after;
        pool_.fees += fee;
        return fee;
    });
}

Cents Ledger::charge_performance_fee(int64_t bps, const std::string& date) {
    if (bps < 0 || bps > 10000) throw LedgerError("performance fee must be 0..10000 bps");
    return write([&]() -> Cents {
        if (pool_.units == 0) return 0;
        const Cents unreal = unrealised();
        const Cents nav = pool_.nav + unreal;
        if (nav <= 0) return 0;
        // every member at the same price: the marked NAV per unit before any of the fees
        std::vector<Entry> rows;
        Cents book = pool_.nav;
        MicroUnits units = pool_.units;
        for (const auto& [name, m] : members_) {
            if (m.units == 0) continue;
            const Cents value = mul_div_round(m.units, nav, pool_.units);
            if (value <= m.hwm) continue;  // below his own mark: no fee
            const Cents fee = mul_div_round(value - m.hwm, bps, 10000);
            if (fee == 0) continue;
            Entry e;
            e.date = date;
            e.kind = "performance_fee";
            e.member = name;
            e.amount = -fee;
            e.units_delta = -std::min(m.units, mul_div_ceil(fee, pool_.units, nav));
            e.nav_after = book -= fee;
            e.units_after = units += e.units_delta;
            e.unrealised = unreal;
            e.hwm = value - fee;
            e.source = manager_of(members_);  // the payee
            rows.push_back(e);
        }
        Cents total = 0;
        for (const Entry& e : rows) {
            append(e);
            Member& m = member(e.member);
            m.units += e.units_delta;
            m.hwm = e.hwm;
            total -= e.amount;
        }
        pool_.nav = book;
        pool_.units = units;
        pool_.fees += total;
        return total;
    });
}

void Ledger::set_mark(const std::string& symbol, int64_t price) {
    Stmt up(db_, "INSERT INTO positions(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    up.text(1, "mark:" + symbol);
    up.text(2, std::to_string(price));
    if (sqlite3_step(up.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
}

namespace {
Cents wide_to_cents(Wide v) {  // 1e-16 units -> cents, half away from zero
    const Wide half = kWideCent / 2;
    return static_cast<Cents>(v >= 0 ? (v + half) / kWideCent : -((-v + half) / kWideCent));
}
}  // namespace

Cents Ledger::unrealised() const {
    // each open position against its mark; a position with no mark counts at cost (0)
    Stmt s(db_, "SELECT p.value, m.value FROM positions p JOIN positions m ON m.key = 'mark:' || substr(p.key, 5) "
                "WHERE p.key LIKE 'pos:%'");
    Wide total = 0;
    while (sqlite3_step(s.s) == SQLITE_ROW) {
        Position pos;
        if (!decode(s.col_text(0), pos)) throw LedgerError("unreadable position row");
        if (pos.qty == 0) continue;
        const int64_t mark = sqlite3_column_int64(s.s, 1);
        total += pos.qty * mark - pos.cost;
    }
    return wide_to_cents(total);
}

Cents Ledger::open_cost() const {
    Stmt s(db_, "SELECT value FROM positions WHERE key LIKE 'pos:%'");
    Wide total = 0;
    while (sqlite3_step(s.s) == SQLITE_ROW) {
        Position pos;
        if (!decode(s.col_text(0), pos)) throw LedgerError("unreadable position row");
        total += pos.cost;
    }
    return wide_to_cents(total);
}

bool Ledger::book_event(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& positions,
                        Cents pnl, const std::string& source, const std::string& date) {
    if (ref.empty()) throw LedgerError("an event needs a ref");
    return write([&]() -> bool {
        if (pnl != 0 && pool_.units == 0) throw LedgerError("profit or loss with no units in the pool has no one to belong to");
        Stmt seen(db_, "INSERT OR IGNORE INTO seen(ref) VALUES(?)");
        seen.text(1, ref);
        if (sqlite3_step(seen.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
        if (sqlite3_changes(db_) == 0) return false;  // booked before
        for (const auto& [key, value] : positions) {
            Stmt up(db_, "INSERT INTO positions(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
            up.text(1, key);
            up.text(2, value);
            if (sqlite3_step(up.s) != SQLITE_DONE) throw LedgerError(sqlite3_errmsg(db_));
        }
        if (pnl != 0) {
            Entry e;
            e.date = date;
            e.kind = "pnl";
            e.amount = pnl;
            e.nav_after = pool_.nav + pnl;
            e.units_after = pool_.units;
            e.source = source;
            e.ref = ref;
            append(e);
            pool_.nav = e.nav_after;
        }
        return true;
    });
}

std::string Ledger::position_row(const std::string& key) const {
    Stmt s(db_, "SELECT value FROM positions WHERE key = ?");
    s.text(1, key);
    return sqlite3_step(s.s) == SQLITE_ROW ? s.col_text(0) : std::string();
}

std::vector<std::string> Ledger::position_keys() const {
    std::vector<std::string> out;
    Stmt s(db_, "SELECT key FROM positions WHERE key LIKE 'pos:%' ORDER BY key");
    while (sqlite3_step(s.s) == SQLITE_ROW) out.push_back(s.col_text(0));
    return out;
}

std::vector<Entry> Ledger::entries() const {
    std::vector<Entry> out;
    Stmt s(db_, "SELECT seq, date, kind, member, amount, units_delta, nav_after, units_after, source, ifnull(ref,''), "
                "unrealised, hwm_nav FROM entries ORDER BY seq");
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
        e.unrealised = sqlite3_column_int64(s.s, 10);
        e.hwm = sqlite3_column_int64(s.s, 11);
        out.push_back(e);
    }
    return out;
}

}  // namespace syndicate
