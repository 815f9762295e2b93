#include "journal/journal.hpp"

#include "common/event_names.hpp"
#include "journal/decision_rows.hpp"
#include "nats/wire.hpp"

#include <tradehost/plugin.hpp>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace tradehost {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sessions(
  id INTEGER PRIMARY KEY AUTOINCREMENT, config TEXT, started_at TEXT, ended_at TEXT, events INTEGER);
CREATE TABLE IF NOT EXISTS orders(
  client_order_id TEXT PRIMARY KEY, session INTEGER, source TEXT, instrument TEXT, side TEXT,
  order_type TEXT, tif TEXT, qty REAL, limit_px REAL, stop_px REAL,
  qty_raw INTEGER, limit_px_raw INTEGER, stop_px_raw INTEGER,
  status TEXT, venue_order_id TEXT, cum_qty REAL, avg_px REAL, reason TEXT, ts INTEGER, updated_ts INTEGER,
  expire_time_ns INTEGER, flags INTEGER, decision_id INTEGER);
CREATE TABLE IF NOT EXISTS order_actions(
  id INTEGER PRIMARY KEY, session INTEGER, source TEXT, action TEXT, client_order_id TEXT,
  orig_client_order_id TEXT, instrument TEXT, qty REAL, limit_px REAL, ts INTEGER);
CREATE TABLE IF NOT EXISTS executions(
  id INTEGER PRIMARY KEY, session INTEGER, source TEXT, client_order_id TEXT, venue_order_id TEXT,
  instrument TEXT, exec_type TEXT, status TEXT, side TEXT, order_qty REAL, cum_qty REAL,
  leaves_qty REAL, avg_px REAL, last_px REAL, last_qty REAL, reason TEXT, ts INTEGER,
  orig_client_order_id TEXT);
CREATE INDEX IF NOT EXISTS executions_order ON executions(client_order_id);
CREATE INDEX IF NOT EXISTS order_actions_id ON order_actions(client_order_id);
CREATE TABLE IF NOT EXISTS fills(
  source TEXT, fill_id TEXT, session INTEGER, client_order_id TEXT, venue_order_id TEXT,
  instrument TEXT, side TEXT, px REAL, qty REAL, fee REAL, px_raw INTEGER, qty_raw INTEGER,
  fee_raw INTEGER, liquidity TEXT, ts INTEGER, PRIMARY KEY(source, fill_id));
CREATE INDEX IF NOT EXISTS fills_order ON fills(client_order_id);
CREATE TABLE IF NOT EXISTS positions(
  source TEXT, instrument TEXT, session INTEGER, qty REAL, avg_px REAL, realized_pnl REAL,
  unrealized_pnl REAL, qty_raw INTEGER, avg_px_raw INTEGER, realized_pnl_raw INTEGER,
  unrealized_pnl_raw INTEGER, ts INTEGER, PRIMARY KEY(source, instrument));
CREATE TABLE IF NOT EXISTS signals(
  id INTEGER PRIMARY KEY, session INTEGER, source TEXT, name TEXT, instrument TEXT,
  value REAL, strength REAL, ts INTEGER, seq INTEGER);
CREATE INDEX IF NOT EXISTS signals_instrument ON signals(instrument, ts);
CREATE TABLE IF NOT EXISTS decisions(
  session INTEGER, id INTEGER, ts INTEGER, source TEXT, kind TEXT, instrument TEXT, value REAL,
  qty REAL, ref TEXT, inputs TEXT, causes TEXT);
CREATE INDEX IF NOT EXISTS decisions_id ON decisions(session, id);
CREATE INDEX IF NOT EXISTS decisions_ref ON decisions(ref);
CREATE INDEX IF NOT EXISTS decisions_by_id ON decisions(id);
CREATE TABLE IF NOT EXISTS plugin_state(
  instance TEXT, key TEXT, value BLOB, updated_at TEXT, PRIMARY KEY(instance, key));
CREATE TABLE IF NOT EXISTS replayable_sessions(
  session INTEGER PRIMARY KEY, config TEXT, config_sha256 TEXT);
CREATE TABLE IF NOT EXISTS inputs(
  session INTEGER, seq INTEGER, instance TEXT, port TEXT, event BLOB, PRIMARY KEY(session, seq));
CREATE TABLE IF NOT EXISTS session_start_state(
  session INTEGER, instance TEXT, key TEXT, value BLOB, PRIMARY KEY(session, instance, key));
)sql";

std::string now_iso() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

double d(th_fixed v) { return to_double(v); }

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
            throw JournalError(std::string("journal: cannot prepare statement: ") + sqlite3_errmsg(db));
    }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt& text(int i, const char* v) {
        sqlite3_bind_text(s_, i, v, -1, SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& text(int i, const std::string& v) { return text(i, v.c_str()); }
    Stmt& i64(int i, int64_t v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    Stmt& dbl(int i, double v) {
        sqlite3_bind_double(s_, i, v);
        return *this;
    }
    Stmt& null(int i) {
        sqlite3_bind_null(s_, i);
        return *this;
    }
    int step() {
        int rc = sqlite3_step(s_);
        return rc;
    }
    void reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    sqlite3_stmt* get() { return s_; }

private:
    sqlite3_stmt* s_ = nullptr;
};

}  // namespace

struct Journal::Stmts {
    explicit Stmts(sqlite3* db)
        : order(db, "INSERT OR IGNORE INTO orders(client_order_id, session, source, instrument, side, order_type, tif, "
                    "qty, limit_px, stop_px, qty_raw, limit_px_raw, stop_px_raw, status, ts, updated_ts, expire_time_ns, "
                    "flags, decision_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,'pending_new',?,?,?,?,?)"),
          action(db, "INSERT INTO order_actions(session, source, action, client_order_id, orig_client_order_id, "
                     "instrument, qty, limit_px, ts) VALUES(?,?,?,?,?,?,?,?,?)"),
          exec(db, "INSERT INTO executions(session, source, client_order_id, venue_order_id, instrument, exec_type, "
                   "status, side, order_qty, cum_qty, leaves_qty, avg_px, last_px, last_qty, reason, ts, "
                   "orig_client_order_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          order_update(db, "UPDATE orders SET status=?, venue_order_id=COALESCE(NULLIF(?, ''), venue_order_id), "
                           "cum_qty=?, avg_px=?, reason=NULLIF(?, ''), updated_ts=? WHERE client_order_id=?"),
          fill(db, "INSERT OR IGNORE INTO fills(source, fill_id, session, client_order_id, venue_order_id, instrument, side, px, "
                   "qty, fee, px_raw, qty_raw, fee_raw, liquidity, ts) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          position(db, "INSERT INTO positions(source, instrument, session, qty, avg_px, realized_pnl, unrealized_pnl, "
                       "qty_raw, avg_px_raw, realized_pnl_raw, unrealized_pnl_raw, ts) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
                       "ON CONFLICT(source, instrument) DO UPDATE SET session=excluded.session, qty=excluded.qty, "
                       "avg_px=excluded.avg_px, realized_pnl=excluded.realized_pnl, "
                       "unrealized_pnl=excluded.unrealized_pnl, qty_raw=excluded.qty_raw, "
                       "avg_px_raw=excluded.avg_px_raw, realized_pnl_raw=excluded.realized_pnl_raw, "
                       "unrealized_pnl_raw=excluded.unrealized_pnl_raw, ts=excluded.ts"),
          signal(db, "INSERT INTO signals(session, source, name, instrument, value, strength, ts, seq) "
                     "VALUES(?,?,?,?,?,?,?,?)"),
          decision(db, "INSERT INTO decisions(session, id, ts, source, kind, instrument, value, qty, ref, inputs, causes) "
                       "VALUES(?,?,?,?,?,?,?,?,?,?,?)"),
          state(db, "INSERT INTO plugin_state(instance, key, value, updated_at) VALUES(?,?,?,?) "
                    "ON CONFLICT(instance, key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at"),
          input(db, "INSERT INTO inputs(session, seq, instance, port, event) VALUES(?,?,?,?,?)") {}
    Stmt order, action, exec, order_update, fill, position, signal, decision, state, input;
};

namespace {

// The unit open on this thread, if any (see Journal::unit_begin).
struct UnitTls {
    const Journal* journal = nullptr;
    int depth = 0;
    uint64_t id = 0;     // 0 until the unit queues its first item
    uint64_t start = 0;  // items queued before the unit began
};
thread_local UnitTls t_unit;

// How long a synchronous waiter lets an open callback hold its write back before the
// writer commits in plain queue order (which keeps write-ahead, not the unit's atomicity).
constexpr auto kUnitPatience = std::chrono::milliseconds(50);

bool has_column(sqlite3* db, const char* table, const char* column) {
    Stmt s(db, (std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name=?").c_str());
    s.text(1, column);
    return s.step() == SQLITE_ROW;
}

int64_t count_of(sqlite3* db, const char* sql, int64_t arg) {
    Stmt s(db, sql);
    s.i64(1, arg);
    return s.step() == SQLITE_ROW ? sqlite3_column_int64(s.get(), 0) : 0;
}

}  // namespace

Journal::Journal(const std::string& path, const InstrumentTable& instruments, const std::string& config_path,
                 const JournalOptions& options)
    : path_(path), instruments_(instruments), record_inputs_(options.record_inputs) {
    if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0)
        throw JournalError("host.journal must be the path of a file: '" + path +
                           "' is not durable (an in-memory database loses everything at exit)");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw JournalError("journal " + path + ": is a directory, not a file");
    created_file_ = !std::filesystem::exists(path, ec);
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    // One host process owns a journal at a time: the lock dies with the process, so a
    // session found open below is known to have crashed.
    lock_fd_ = ::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) throw JournalError("journal " + path + ": cannot create " + path + ".lock: " + std::strerror(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock_fd_);
        lock_fd_ = -1;
        throw JournalError("journal " + path + ": in use by another tradehost process (" + path + ".lock is held)");
    }
    auto open = [&](sqlite3** db) {
        if (sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            std::string msg = *db ? sqlite3_errmsg(*db) : "out of memory";
            sqlite3_close(*db);
            *db = nullptr;
            throw JournalError("journal " + path + ": cannot open: " + msg);
        }
        sqlite3_busy_timeout(*db, 5000);
    };
    try {
        open(&db_);
        exec("PRAGMA journal_mode=WAL");
        // NORMAL in WAL mode: a commit survives the process being killed; a power cut may
        // roll back the last commits, whole (docs/operator-guide.md, "What survives a crash").
        exec("PRAGMA synchronous=NORMAL");
        exec(kSchema);
        if (!has_column(db_, "sessions", "status")) exec("ALTER TABLE sessions ADD COLUMN status TEXT");
        if (!has_column(db_, "sessions", "pid")) exec("ALTER TABLE sessions ADD COLUMN pid INTEGER");
        // ABI 1.1: a 1.0 journal's executions lack the id of the order a report replaced.
        if (!has_column(db_, "executions", "orig_client_order_id"))
            exec("ALTER TABLE executions ADD COLUMN orig_client_order_id TEXT");
        // ABI 1.2: a 1.1 journal's orders lack the GTD expiry and the order flags.
        if (!has_column(db_, "orders", "expire_time_ns")) exec("ALTER TABLE orders ADD COLUMN expire_time_ns INTEGER");
        if (!has_column(db_, "orders", "flags")) exec("ALTER TABLE orders ADD COLUMN flags INTEGER");
        // Decision ids: a journal from before them lacks each order's id (the highest id used
        // is read from it below, and an order's is the only one not always a decisions row).
        if (!has_column(db_, "orders", "decision_id")) exec("ALTER TABLE orders ADD COLUMN decision_id INTEGER");
        open(&read_db_);
        st_ = std::make_unique<Stmts>(db_);
        recover_crashed();
        last_decision_id_ = highest_decision_id();
        begin_session(config_path, options);
    } catch (...) {
        st_.reset();
        sqlite3_close(db_);
        sqlite3_close(read_db_);
        ::close(lock_fd_);
        throw;
    }
    thread_ = std::thread([this] { writer(); });
}

Journal::~Journal() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
        force_through_ = next_pos_.load();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    st_.reset();
    sqlite3_close(db_);
    sqlite3_close(read_db_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

// The session's row, and for a replayable session what replay needs besides the inputs:
// the deployment's fingerprint and the durable state as the session began (a venue's
// positions from earlier sessions shape what this one does).
void Journal::begin_session(const std::string& config_path, const JournalOptions& options) {
    exec("BEGIN");
    for (const auto& row : options.initial_state) {
        Stmt p(db_, "INSERT OR REPLACE INTO plugin_state(instance, key, value, updated_at) VALUES(?,?,?,?)");
        p.text(1, row.instance).text(2, row.key).text(4, now_iso());
        sqlite3_bind_blob(p.get(), 3, row.value.data(), static_cast<int>(row.value.size()), SQLITE_TRANSIENT);
        if (p.step() != SQLITE_DONE) throw JournalError(std::string("journal: cannot put initial state: ") + sqlite3_errmsg(db_));
    }
    Stmt s(db_, options.session_id ? "INSERT INTO sessions(config, started_at, status, pid, id) VALUES(?, ?, 'running', ?, ?)"
                                   : "INSERT INTO sessions(config, started_at, status, pid) VALUES(?, ?, 'running', ?)");
    s.text(1, config_path).text(2, now_iso()).i64(3, static_cast<int64_t>(::getpid()));
    if (options.session_id) s.i64(4, static_cast<int64_t>(options.session_id));
    if (s.step() != SQLITE_DONE) throw JournalError(std::string("journal: cannot start session: ") + sqlite3_errmsg(db_));
    session_ = static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
    if (options.record_inputs) {
        Stmt r(db_, "INSERT INTO replayable_sessions(session, config, config_sha256) VALUES(?,?,?)");
        r.i64(1, static_cast<int64_t>(session_)).text(2, config_path).text(3, options.config_sha256);
        Stmt c(db_, "INSERT INTO session_start_state(session, instance, key, value) "
                    "SELECT ?, instance, key, value FROM plugin_state");
        c.i64(1, static_cast<int64_t>(session_));
        if (r.step() != SQLITE_DONE || c.step() != SQLITE_DONE)
            throw JournalError(std::string("journal: cannot record the session's start: ") + sqlite3_errmsg(db_));
    }
    exec("COMMIT");
}

void Journal::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw JournalError("journal " + path_ + ": " + msg);
    }
}

// The highest decision id any earlier session of this journal used: every signal and
// target is a decisions row and every new order keeps its id in `orders`, each journaled
// before any state that holds it commits, so the host's counter starting above it never
// hands out an id again that a row, a cause or a plugin's saved state already names.
uint64_t Journal::highest_decision_id() {
    Stmt s(db_, "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM decisions UNION ALL "
                "SELECT MAX(decision_id) FROM orders)");
    if (s.step() != SQLITE_ROW) throw JournalError(std::string("journal: cannot read the decision ids: ") + sqlite3_errmsg(db_));
    const int64_t v = sqlite3_column_int64(s.get(), 0);  // NULL (no ids yet) reads 0
    return v > 0 ? static_cast<uint64_t>(v) : 0;
}

// A session still marked running was ended by a kill or a crash (the lock says no other
// process has it). Mark it, and report what it left for the operator and the summary.
void Journal::recover_crashed() {
    std::vector<int64_t> crashed;
    {
        Stmt s(db_, "SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY id");
        while (s.step() == SQLITE_ROW) crashed.push_back(sqlite3_column_int64(s.get(), 0));
    }
    if (crashed.empty()) return;
    const int64_t open_orders =
        count_of(db_, "SELECT COUNT(*) FROM orders WHERE status IN ('pending_new','new','partially_filled') AND session<=?",
                 crashed.back());
    for (int64_t id : crashed) {
        Stmt u(db_, "UPDATE sessions SET ended_at=?, status='crashed' WHERE id=?");
        u.text(1, now_iso()).i64(2, id);
        u.step();
        const int64_t orders = count_of(db_, "SELECT COUNT(*) FROM orders WHERE session=?", id);
        const int64_t fills = count_of(db_, "SELECT COUNT(*) FROM fills WHERE session=?", id);
        const int64_t orphans = count_of(db_,
                                         "SELECT COUNT(*) FROM fills f WHERE f.session=? AND f.client_order_id <> '' AND "
                                         "NOT EXISTS (SELECT 1 FROM orders o WHERE o.client_order_id=f.client_order_id)",
                                         id);
        std::string line = "session " + std::to_string(id) + " ended uncleanly (killed or crashed): it journaled " +
                           std::to_string(orders) + " orders and " + std::to_string(fills) + " fills";
        if (orphans) line += "; " + std::to_string(orphans) + " fills name orders the journal does not have";
        recovery_.push_back(line);
        spdlog::warn("journal: {}", line);
    }
    if (open_orders) {
        std::string line = std::to_string(open_orders) +
                           " orders were open at the crash; each venue reconciles them as it starts";
        recovery_.push_back(line);
        spdlog::warn("journal: {}", line);
    }
}

// ---- Units ------------------------------------------------------------------------------

void Journal::unit_begin() noexcept {
    if (t_unit.depth++ > 0) return;
    t_unit.journal = this;
    t_unit.id = 0;
    // Whatever reached this thread before the callback (its input event) was queued first.
    t_unit.start = next_pos_.load(std::memory_order_acquire);
}

void Journal::unit_end() noexcept {
    if (t_unit.depth == 0 || --t_unit.depth > 0) return;
    const uint64_t id = t_unit.id;
    const bool mine = t_unit.journal == this;
    t_unit.id = 0;
    t_unit.journal = nullptr;
    if (!id || !mine) return;
    {
        std::lock_guard<std::mutex> lk(mu_);
        open_units_.erase(id);
    }
    cv_.notify_one();
}

void Journal::enqueue(Item&& it, std::unique_lock<std::mutex>&) {
    it.pos = next_pos_.load(std::memory_order_relaxed);
    if (t_unit.depth > 0 && t_unit.journal == this) {
        if (!t_unit.id) {
            t_unit.id = ++next_unit_;
            open_units_.insert(t_unit.id);
        }
        it.unit = t_unit.id;
        it.start = t_unit.start;
    } else {
        it.unit = 0;
        it.start = it.pos;
    }
    uncommitted_.insert(it.pos);
    queue_.push_back(std::move(it));
    next_pos_.store(queue_.back().pos + 1, std::memory_order_release);
}

void Journal::record(const std::string* source, const th_event_header& ev) {
    Item it;
    it.kind = Kind::Event;
    it.source = source;
    const auto* b = reinterpret_cast<const unsigned char*>(&ev);
    it.bytes.assign(b, b + ev.size);
    {
        std::unique_lock<std::mutex> lk(mu_);
        enqueue(std::move(it), lk);
    }
    cv_.notify_one();
}

void Journal::record_input(const std::string* instance, const char* port, const th_event_header& ev) {
    Item it;
    it.kind = Kind::Input;
    it.source = instance;
    it.key = port;
    nats::encode(ev, instruments_, it.bytes);  // ids are this process's: keep the symbols
    {
        std::unique_lock<std::mutex> lk(mu_);
        enqueue(std::move(it), lk);
    }
    cv_.notify_one();
}

// ---- The writer -------------------------------------------------------------------------

uint64_t Journal::low_water() const {
    return uncommitted_.empty() ? next_pos_.load(std::memory_order_relaxed) : *uncommitted_.begin();
}

// Moves what may be committed now into `batch` (mu_ held). An item may go when its unit
// has closed and nothing queued before the unit began is held back; an item outside a
// unit when nothing before it is held back. Held back: the items of open units and what
// began after the first of them. A unit that put state goes now, with everything queued
// before it began; positions below force_through_ go regardless.
bool Journal::take_batch(std::vector<Item>& batch) {
    uint64_t force_before = force_through_;
    for (const auto& f : forced_units_) force_before = std::max(force_before, f.second);
    auto forced = [&](const Item& it) { return it.pos < force_before || (it.unit && forced_units_.count(it.unit)); };
    auto open = [&](const Item& it) { return it.unit && open_units_.count(it.unit); };
    uint64_t held_from = UINT64_MAX;
    for (const auto& it : queue_)
        if (!forced(it) && open(it)) {
            held_from = it.pos;
            break;
        }
    std::deque<Item> rest;
    for (auto& it : queue_) {
        if (forced(it) || (!open(it) && (it.unit ? it.start <= held_from : it.pos < held_from))) batch.push_back(std::move(it));
        else rest.push_back(std::move(it));
    }
    queue_.swap(rest);
    forced_units_.clear();
    return !batch.empty();
}

void Journal::writer() {
    std::vector<Item> batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lk(mu_);
            for (;;) {
                if (take_batch(batch)) break;
                if (stopping_ && queue_.empty()) return;
                cv_.wait(lk);
            }
        }
        write_batch(batch);
        {
            std::lock_guard<std::mutex> lk(mu_);
            for (const auto& it : batch) {
                if (it.kind != Kind::State) continue;
                auto f = pending_state_.find({it.instance, it.key});
                if (f != pending_state_.end() && f->second.first == it.pos) pending_state_.erase(f);
            }
            for (const auto& it : batch) uncommitted_.erase(it.pos);
        }
        committed_cv_.notify_all();
        batch.clear();
    }
}

void Journal::write_batch(const std::vector<Item>& batch) {
    batch_error_.clear();
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
        batch_error_ = sqlite3_errmsg(db_);
    } else {
        for (const auto& it : batch) {
            if (it.kind == Kind::State) write_state(it);
            else if (it.kind == Kind::Input) write_input(it);
            else write(it);
            if (!batch_error_.empty()) break;
        }
        if (batch_error_.empty() && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            batch_error_ = sqlite3_errmsg(db_);
        if (!batch_error_.empty()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    if (batch_error_.empty()) return;
    ++write_errors_;
    {
        std::lock_guard<std::mutex> lk(mu_);
        lost_ += static_cast<int64_t>(batch.size());
    }
    fail("journal " + path_ + ": write failed (" + batch_error_ + "); " + std::to_string(batch.size()) +
         " events and state writes were not journaled");
}

void Journal::fail(const std::string& why) {
    bool first = false;
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (!failed_) {
            failed_ = true;
            failure_ = why;
            first = true;
        }
    }
    spdlog::error("{}", why);
    if (first && on_failure_) on_failure_(why);
}

void Journal::write_state(const Item& it) {
    auto& s = st_->state;
    s.text(1, it.instance).text(2, it.key);
    sqlite3_bind_blob(s.get(), 3, it.bytes.empty() ? "" : static_cast<const void*>(it.bytes.data()),
                      static_cast<int>(it.bytes.size()), SQLITE_TRANSIENT);
    s.text(4, now_iso());
    const int rc = s.step();
    if (rc != SQLITE_DONE) {
        batch_error_ = sqlite3_errmsg(db_);
        spdlog::error("journal: state '{}' of '{}' not written: {}", it.key, it.instance, batch_error_);
    }
    s.reset();
}

void Journal::write_input(const Item& it) {
    auto& s = st_->input;
    // The queue position orders the inputs as they were published, across sources.
    s.i64(1, static_cast<int64_t>(session_)).i64(2, static_cast<int64_t>(it.pos)).text(3, *it.source).text(4, it.key);
    sqlite3_bind_blob(s.get(), 5, it.bytes.data(), static_cast<int>(it.bytes.size()), SQLITE_TRANSIENT);
    if (s.step() != SQLITE_DONE) {
        batch_error_ = sqlite3_errmsg(db_);
        spdlog::error("journal: input from '{}' not written: {}", *it.source, batch_error_);
    }
    s.reset();
}

void Journal::wait_committed(std::unique_lock<std::mutex>& lk, uint64_t pos) {
    // An open callback may hold this write back (its unit began first). It ends soon; if it
    // does not (it waits on this thread), commit in plain queue order instead, which keeps
    // write-ahead but may split that callback's unit in two transactions.
    if (!committed_cv_.wait_for(lk, kUnitPatience, [&] { return low_water() > pos; })) {
        if (force_through_ <= pos) {
            force_through_ = pos + 1;
            spdlog::debug("journal: a plugin callback held a synchronous write back for {} ms; committing in queue order",
                          kUnitPatience.count());
        }
        cv_.notify_one();
        committed_cv_.wait(lk, [&] { return low_water() > pos; });
    }
}

// ---- State ------------------------------------------------------------------------------

uint64_t Journal::enqueue_state(const std::string& instance, const std::string& key, const void* data, size_t len,
                                std::unique_lock<std::mutex>& lk) {
    Item it;
    it.kind = Kind::State;
    it.instance = instance;
    it.key = key;
    const auto* b = static_cast<const unsigned char*>(data);
    if (len) it.bytes.assign(b, b + len);
    if (failed_) throw JournalError(failure_);
    const uint64_t pos = next_pos_.load(std::memory_order_relaxed);
    pending_state_[{instance, key}] = {pos, std::string(reinterpret_cast<const char*>(it.bytes.data()), it.bytes.size())};
    enqueue(std::move(it), lk);
    return pos;
}

void Journal::state_queue(const std::string& instance, const std::string& key, const void* data, size_t len) {
    std::unique_lock<std::mutex> lk(mu_);
    enqueue_state(instance, key, data, len, lk);
    cv_.notify_one();
}

void Journal::state_put(const std::string& instance, const std::string& key, const void* data, size_t len) {
    std::unique_lock<std::mutex> lk(mu_);
    const bool in_unit = t_unit.depth > 0 && t_unit.journal == this;
    const uint64_t pos = enqueue_state(instance, key, data, len, lk);
    if (in_unit) {
        // Durable on return, as 1.0 promises: the callback's unit commits now, whole so far,
        // with everything queued before it began.
        forced_units_[t_unit.id] = t_unit.start;
        cv_.notify_one();
        committed_cv_.wait(lk, [&] { return !uncommitted_.count(pos); });
    } else {
        cv_.notify_one();
        wait_committed(lk, pos);
    }
    if (failed_) throw JournalError(failure_);
}

bool Journal::state_get(const std::string& instance, const std::string& key, std::string& out) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        auto f = pending_state_.find({instance, key});
        if (f != pending_state_.end()) {
            out = f->second.second;
            return true;
        }
    }
    std::lock_guard<std::mutex> lk(read_mu_);
    Stmt s(read_db_, "SELECT value FROM plugin_state WHERE instance=? AND key=?");
    s.text(1, instance).text(2, key);
    const int rc = s.step();
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) throw JournalError(std::string("journal: cannot read state: ") + sqlite3_errmsg(read_db_));
    const void* b = sqlite3_column_blob(s.get(), 0);
    int n = sqlite3_column_bytes(s.get(), 0);
    out.assign(static_cast<const char*>(b ? b : ""), static_cast<size_t>(n));
    return true;
}

// ---- Session end ------------------------------------------------------------------------

void Journal::flush() {
    std::unique_lock<std::mutex> lk(mu_);
    const uint64_t target = next_pos_.load(std::memory_order_relaxed);
    if (target == 0) return;
    wait_committed(lk, target - 1);
}

void Journal::close(int64_t events) {
    {
        // Every executor has stopped: no callback is open, so nothing may wait longer.
        std::lock_guard<std::mutex> lk(mu_);
        force_through_ = next_pos_.load();
    }
    cv_.notify_one();
    flush();
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    Stmt s(db_, "UPDATE sessions SET ended_at=?, events=?, status='ended' WHERE id=?");
    s.text(1, now_iso()).i64(2, events).i64(3, static_cast<int64_t>(session_));
    if (s.step() != SQLITE_DONE) spdlog::error("journal: cannot mark session {} ended: {}", session_, sqlite3_errmsg(db_));
}

void Journal::abandon() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
        force_through_ = next_pos_.load();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    for (const char* sql : {"DELETE FROM sessions WHERE id=?", "DELETE FROM replayable_sessions WHERE session=?",
                            "DELETE FROM session_start_state WHERE session=?", "DELETE FROM inputs WHERE session=?"}) {
        Stmt s(db_, sql);
        s.i64(1, static_cast<int64_t>(session_));
        s.step();
    }
    if (!created_file_) return;
    st_.reset();
    sqlite3_close(db_);
    sqlite3_close(read_db_);
    db_ = read_db_ = nullptr;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path_ + suffix, ec);
}

void Journal::write(const Item& it) {
    const auto& h = *reinterpret_cast<const th_event_header*>(it.bytes.data());
    const std::string& src = *it.source;
    const auto sess = static_cast<int64_t>(session_);
    auto sym = [&](th_instrument id) {
        const char* s = instruments_.symbol(id);
        return std::string(s ? s : "");
    };
    auto done = [&](Stmt& s, const char* what) {
        int rc = s.step();
        if (rc != SQLITE_DONE) {
            ++write_errors_;
            const int primary = rc & 0xff;
            if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CORRUPT ||
                primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_NOMEM)
                batch_error_ = sqlite3_errmsg(db_);
            spdlog::error("journal: {} from '{}' not written: {}", what, src, sqlite3_errmsg(db_));
        }
        s.reset();
        return rc == SQLITE_DONE;
    };
    auto decision = [&](const DecisionRow& r) {
        auto& s = st_->decision;
        s.i64(1, sess);
        if (r.id) s.i64(2, static_cast<int64_t>(r.id));
        else s.null(2);  // an older (ABI < 1.3) publisher's event: no id
        s.i64(3, h.ts).text(4, src).text(5, r.kind).text(6, sym(r.instrument)).dbl(7, r.value);
        if (r.qty) s.dbl(8, *r.qty);
        else s.null(8);
        s.text(9, r.ref).text(10, r.inputs).text(11, r.causes);
        done(s, "decision");
    };
    switch (h.type) {
    case TH_EV_ORDER_REQUEST: {
        th_order_request o{};  // a 1.1 publisher's shorter request: expire_time_ns and flags read 0
        std::memcpy(&o, it.bytes.data(), std::min(it.bytes.size(), sizeof o));
        o.client_order_id[TH_ID_LEN - 1] = o.orig_client_order_id[TH_ID_LEN - 1] = '\0';
        if (o.action == TH_ORDER_NEW) {
            auto& s = st_->order;
            s.text(1, o.client_order_id).i64(2, sess).text(3, src).text(4, sym(o.instrument)).text(5, side_name(o.side))
                .text(6, order_type_name(o.order_type)).text(7, tif_name(o.tif)).dbl(8, d(o.qty)).dbl(9, d(o.limit_px))
                .dbl(10, d(o.stop_px)).i64(11, o.qty).i64(12, o.limit_px).i64(13, o.stop_px).i64(14, h.ts).i64(15, h.ts)
                .i64(16, o.expire_time_ns).i64(17, o.flags);
            if (o.decision_id) s.i64(18, static_cast<int64_t>(o.decision_id));
            else s.null(18);
            done(s, "order");
            if (auto r = decision_of(o)) decision(*r);
        } else {
            auto& s = st_->action;
            s.i64(1, sess).text(2, src).text(3, o.action == TH_ORDER_CANCEL ? "cancel" : "replace").text(4, o.client_order_id)
                .text(5, o.orig_client_order_id).text(6, sym(o.instrument)).dbl(7, d(o.qty)).dbl(8, d(o.limit_px)).i64(9, h.ts);
            done(s, "order action");
        }
        break;
    }
    case TH_EV_EXECUTION_REPORT: {
        th_execution_report e{};
        std::memcpy(&e, it.bytes.data(), std::min(it.bytes.size(), sizeof e));
        e.client_order_id[TH_ID_LEN - 1] = e.venue_order_id[TH_ID_LEN - 1] = e.reason[TH_TEXT_LEN - 1] = '\0';
        e.orig_client_order_id[TH_ID_LEN - 1] = '\0';  // ABI 1.1; "" from a 1.0 publisher's shorter report
        auto& s = st_->exec;
        s.i64(1, sess).text(2, src).text(3, e.client_order_id).text(4, e.venue_order_id).text(5, sym(e.instrument))
            .text(6, exec_type_name(e.exec_type)).text(7, order_status_name(e.status)).text(8, side_name(e.side))
            .dbl(9, d(e.order_qty)).dbl(10, d(e.cum_qty)).dbl(11, d(e.leaves_qty)).dbl(12, d(e.avg_px))
            .dbl(13, d(e.last_px)).dbl(14, d(e.last_qty)).text(15, e.reason).i64(16, h.ts)
            .text(17, e.orig_client_order_id);
        done(s, "execution report");
        auto& u = st_->order_update;
        u.text(1, order_status_name(e.status)).text(2, e.venue_order_id).dbl(3, d(e.cum_qty)).dbl(4, d(e.avg_px))
            .text(5, e.reason).i64(6, h.ts).text(7, e.client_order_id);
        done(u, "order status");
        break;
    }
    case TH_EV_FILL: {
        th_fill f{};
        std::memcpy(&f, it.bytes.data(), std::min(it.bytes.size(), sizeof f));
        f.client_order_id[TH_ID_LEN - 1] = f.venue_order_id[TH_ID_LEN - 1] = f.fill_id[TH_ID_LEN - 1] = '\0';
        auto& s = st_->fill;
        const char* liq = f.liquidity == TH_LIQ_MAKER ? "maker" : f.liquidity == TH_LIQ_TAKER ? "taker" : "unknown";
        s.text(1, src).text(2, f.fill_id).i64(3, sess).text(4, f.client_order_id).text(5, f.venue_order_id)
            .text(6, sym(f.instrument)).text(7, side_name(f.side)).dbl(8, d(f.px)).dbl(9, d(f.qty)).dbl(10, d(f.fee))
            .i64(11, f.px).i64(12, f.qty).i64(13, f.fee).text(14, liq).i64(15, h.ts);
        // A venue that reports a fill again (after a reconnect or a restart) is merged once.
        if (done(s, "fill") && sqlite3_changes(db_) == 0) {
            ++duplicate_fills_;
            spdlog::debug("journal: fill {} from '{}' already journaled", f.fill_id, src);
        }
        break;
    }
    case TH_EV_POSITION: {
        th_position p{};
        std::memcpy(&p, it.bytes.data(), std::min(it.bytes.size(), sizeof p));
        auto& s = st_->position;
        s.text(1, src).text(2, sym(p.instrument)).i64(3, sess).dbl(4, d(p.qty)).dbl(5, d(p.avg_px))
            .dbl(6, d(p.realized_pnl)).dbl(7, d(p.unrealized_pnl)).i64(8, p.qty).i64(9, p.avg_px)
            .i64(10, p.realized_pnl).i64(11, p.unrealized_pnl).i64(12, h.ts);
        done(s, "position");
        break;
    }
    case TH_EV_SIGNAL: {
        th_signal g{};
        std::memcpy(&g, it.bytes.data(), std::min(it.bytes.size(), sizeof g));
        g.name[sizeof g.name - 1] = '\0';
        auto& s = st_->signal;
        // A NaN binds as NULL, which the summary counts as out of range.
        s.i64(1, sess).text(2, src).text(3, g.name).text(4, sym(g.instrument)).dbl(5, g.value).dbl(6, g.strength)
            .i64(7, h.ts).i64(8, static_cast<int64_t>(h.seq));
        done(s, "signal");
        decision(decision_of(g));
        break;
    }
    case TH_EV_TARGET: {
        th_target t{};  // a 1.1/1.2 publisher's shorter target: no id, no causes
        std::memcpy(&t, it.bytes.data(), std::min(it.bytes.size(), sizeof t));
        decision(decision_of(t));
        break;
    }
    default:
        break;
    }
}

JournalSummary Journal::summary() {
    JournalSummary out;
    std::lock_guard<std::mutex> lk(read_mu_);
    auto count = [&](const char* sql) {
        Stmt s(read_db_, sql);
        s.i64(1, static_cast<int64_t>(session_));
        return s.step() == SQLITE_ROW ? sqlite3_column_int64(s.get(), 0) : 0;
    };
    out.orders = count("SELECT COUNT(*) FROM orders WHERE session=?");
    // A refused cancel or replace answers an order action under the action's own id: it says
    // the order had ended (or was unknown), not that an order was turned down.
    out.refused_actions = count(
        "SELECT COUNT(*) FROM executions e WHERE session=?1 AND exec_type='rejected' AND EXISTS "
        "(SELECT 1 FROM order_actions a WHERE a.client_order_id=e.client_order_id AND a.session=?1)");
    out.rejects = count("SELECT COUNT(*) FROM executions WHERE session=? AND exec_type='rejected'") - out.refused_actions;
    // A parent order's fill (exec_algos) names the child that executed in venue_order_id, and
    // the venue's fill of that child is in the table too: counted apart, not twice.
    out.fills = count(
        "SELECT COUNT(*) FROM fills f WHERE session=?1 AND NOT EXISTS "
        "(SELECT 1 FROM fills c WHERE c.client_order_id=f.venue_order_id AND c.session=?1)");
    out.parent_fills = count("SELECT COUNT(*) FROM fills WHERE session=?") - out.fills;
    out.signals = count("SELECT COUNT(*) FROM signals WHERE session=?");
    out.signals_out_of_range =
        count("SELECT COUNT(*) FROM signals WHERE session=? AND (strength IS NULL OR strength < 0 OR strength > 1)");
    out.duplicate_fills = duplicate_fills_;
    out.recovery = recovery_;
    {
        std::lock_guard<std::mutex> ql(mu_);
        out.lost = lost_;
    }
    Stmt s(read_db_,
           "SELECT i.instrument, "
           " (SELECT COUNT(*) FROM orders o WHERE o.session=?1 AND o.instrument=i.instrument),"
           " (SELECT COUNT(*) FROM fills f WHERE f.session=?1 AND f.instrument=i.instrument AND NOT EXISTS"
           "   (SELECT 1 FROM fills c WHERE c.client_order_id=f.venue_order_id AND c.session=?1)),"
           " COALESCE(SUM(p.qty),0), COALESCE(SUM(p.realized_pnl),0), COALESCE(SUM(p.unrealized_pnl),0) "
           "FROM (SELECT instrument FROM orders WHERE session=?1 UNION SELECT instrument FROM positions WHERE session=?1) i "
           "LEFT JOIN positions p ON p.instrument=i.instrument AND p.session=?1 GROUP BY i.instrument ORDER BY i.instrument");
    s.i64(1, static_cast<int64_t>(session_));
    while (s.step() == SQLITE_ROW) {
        JournalSummary::Instrument in;
        const unsigned char* t = sqlite3_column_text(s.get(), 0);
        in.symbol = t ? reinterpret_cast<const char*>(t) : "";
        in.orders = sqlite3_column_int64(s.get(), 1);
        in.fills = sqlite3_column_int64(s.get(), 2);
        in.qty = sqlite3_column_double(s.get(), 3);
        in.realized = sqlite3_column_double(s.get(), 4);
        in.unrealized = sqlite3_column_double(s.get(), 5);
        out.instruments.push_back(in);
    }
    return out;
}

}  // namespace tradehost
