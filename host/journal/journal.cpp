#include "journal/journal.hpp"

#include "common/event_names.hpp"

#include <tradehost/plugin.hpp>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <filesystem>

namespace tradehost {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sessions(
  id INTEGER PRIMARY KEY AUTOINCREMENT, config TEXT, started_at TEXT, ended_at TEXT, events INTEGER);
CREATE TABLE IF NOT EXISTS orders(
  client_order_id TEXT PRIMARY KEY, session INTEGER, source TEXT, instrument TEXT, side TEXT,
  order_type TEXT, tif TEXT, qty REAL, limit_px REAL, stop_px REAL,
  qty_raw INTEGER, limit_px_raw INTEGER, stop_px_raw INTEGER,
  status TEXT, venue_order_id TEXT, cum_qty REAL, avg_px REAL, reason TEXT, ts INTEGER, updated_ts INTEGER);
CREATE TABLE IF NOT EXISTS order_actions(
  id INTEGER PRIMARY KEY, session INTEGER, source TEXT, action TEXT, client_order_id TEXT,
  orig_client_order_id TEXT, instrument TEXT, qty REAL, limit_px REAL, ts INTEGER);
CREATE TABLE IF NOT EXISTS executions(
  id INTEGER PRIMARY KEY, session INTEGER, source TEXT, client_order_id TEXT, venue_order_id TEXT,
  instrument TEXT, exec_type TEXT, status TEXT, side TEXT, order_qty REAL, cum_qty REAL,
  leaves_qty REAL, avg_px REAL, last_px REAL, last_qty REAL, reason TEXT, ts INTEGER,
  orig_client_order_id TEXT);
CREATE INDEX IF NOT EXISTS executions_order ON executions(client_order_id);
CREATE TABLE IF NOT EXISTS fills(
  source TEXT, fill_id TEXT, session INTEGER, client_order_id TEXT, venue_order_id TEXT,
  instrument TEXT, side TEXT, px REAL, qty REAL, fee REAL, px_raw INTEGER, qty_raw INTEGER,
  fee_raw INTEGER, liquidity TEXT, ts INTEGER, PRIMARY KEY(source, fill_id));
CREATE TABLE IF NOT EXISTS positions(
  source TEXT, instrument TEXT, session INTEGER, qty REAL, avg_px REAL, realized_pnl REAL,
  unrealized_pnl REAL, qty_raw INTEGER, avg_px_raw INTEGER, realized_pnl_raw INTEGER,
  unrealized_pnl_raw INTEGER, ts INTEGER, PRIMARY KEY(source, instrument));
CREATE TABLE IF NOT EXISTS plugin_state(
  instance TEXT, key TEXT, value BLOB, updated_at TEXT, PRIMARY KEY(instance, key));
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

/// Bring a journal written by an older host up to this schema: columns added later are
/// appended with ALTER TABLE when `pragma table_info` lacks them.
void migrate_schema(sqlite3* db) {
    auto has_column = [db](const char* table, const char* column) {
        Stmt s(db, (std::string("PRAGMA table_info(") + table + ")").c_str());
        while (s.step() == SQLITE_ROW) {
            const unsigned char* name = sqlite3_column_text(s.get(), 1);
            if (name && std::strcmp(reinterpret_cast<const char*>(name), column) == 0) return true;
        }
        return false;
    };
    if (!has_column("executions", "orig_client_order_id")) {  // ABI 1.1
        char* err = nullptr;
        if (sqlite3_exec(db, "ALTER TABLE executions ADD COLUMN orig_client_order_id TEXT", nullptr, nullptr, &err) !=
            SQLITE_OK) {
            std::string msg = err ? err : "unknown error";
            sqlite3_free(err);
            throw JournalError("journal: cannot add executions.orig_client_order_id: " + msg);
        }
    }
}

}  // namespace

struct Journal::Stmts {
    explicit Stmts(sqlite3* db)
        : order(db, "INSERT OR IGNORE INTO orders(client_order_id, session, source, instrument, side, order_type, tif, "
                    "qty, limit_px, stop_px, qty_raw, limit_px_raw, stop_px_raw, status, ts, updated_ts) "
                    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,'pending_new',?,?)"),
          action(db, "INSERT INTO order_actions(session, source, action, client_order_id, orig_client_order_id, "
                     "instrument, qty, limit_px, ts) VALUES(?,?,?,?,?,?,?,?,?)"),
          exec(db, "INSERT INTO executions(session, source, client_order_id, venue_order_id, instrument, exec_type, "
                   "status, side, order_qty, cum_qty, leaves_qty, avg_px, last_px, last_qty, reason, ts, "
                   "orig_client_order_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          order_update(db, "UPDATE orders SET status=?, venue_order_id=COALESCE(NULLIF(?, ''), venue_order_id), "
                           "cum_qty=?, avg_px=?, reason=NULLIF(?, ''), updated_ts=? WHERE client_order_id=?"),
          fill(db, "INSERT INTO fills(source, fill_id, session, client_order_id, venue_order_id, instrument, side, px, "
                   "qty, fee, px_raw, qty_raw, fee_raw, liquidity, ts) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          position(db, "INSERT INTO positions(source, instrument, session, qty, avg_px, realized_pnl, unrealized_pnl, "
                       "qty_raw, avg_px_raw, realized_pnl_raw, unrealized_pnl_raw, ts) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
                       "ON CONFLICT(source, instrument) DO UPDATE SET session=excluded.session, qty=excluded.qty, "
                       "avg_px=excluded.avg_px, realized_pnl=excluded.realized_pnl, "
                       "unrealized_pnl=excluded.unrealized_pnl, qty_raw=excluded.qty_raw, "
                       "avg_px_raw=excluded.avg_px_raw, realized_pnl_raw=excluded.realized_pnl_raw, "
                       "unrealized_pnl_raw=excluded.unrealized_pnl_raw, ts=excluded.ts") {}
    Stmt order, action, exec, order_update, fill, position;
};

Journal::Journal(const std::string& path, const InstrumentTable& instruments, const std::string& config_path)
    : path_(path), instruments_(instruments) {
    std::error_code ec;
    created_file_ = !std::filesystem::exists(path, ec);
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
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
    open(&db_);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec(kSchema);
        migrate_schema(db_);
        open(&state_db_);
        st_ = std::make_unique<Stmts>(db_);
        Stmt s(db_, "INSERT INTO sessions(config, started_at) VALUES(?, ?)");
        s.text(1, config_path).text(2, now_iso());
        if (s.step() != SQLITE_DONE) throw JournalError(std::string("journal: cannot start session: ") + sqlite3_errmsg(db_));
        session_ = static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
    } catch (...) {
        st_.reset();
        sqlite3_close(db_);
        sqlite3_close(state_db_);
        throw;
    }
    thread_ = std::thread([this] { writer(); });
}

Journal::~Journal() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    st_.reset();
    sqlite3_close(db_);
    sqlite3_close(state_db_);
}

void Journal::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw JournalError("journal " + path_ + ": " + msg);
    }
}

void Journal::record(const std::string* source, const th_event_header& ev) {
    Item it;
    it.source = source;
    const auto* b = reinterpret_cast<const unsigned char*>(&ev);
    it.bytes.assign(b, b + ev.size);
    {
        std::lock_guard<std::mutex> lk(mu_);
        queue_.push_back(std::move(it));
        ++enqueued_;
    }
    cv_.notify_one();
}

void Journal::writer() {
    std::vector<Item> batch;
    for (;;) {
        uint64_t upto;
        {
            std::unique_lock<std::mutex> lk(mu_);
            cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_) return;
            batch.swap(queue_);
            upto = enqueued_;
        }
        exec("BEGIN");
        for (const auto& it : batch) write(it);
        exec("COMMIT");
        batch.clear();
        {
            std::lock_guard<std::mutex> lk(mu_);
            written_ = upto;
        }
        flushed_cv_.notify_all();
    }
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
            spdlog::error("journal: {} from '{}' not written: {}", what, src, sqlite3_errmsg(db_));
        }
        s.reset();
        return rc == SQLITE_DONE;
    };
    switch (h.type) {
    case TH_EV_ORDER_REQUEST: {
        th_order_request o{};
        std::memcpy(&o, it.bytes.data(), std::min(it.bytes.size(), sizeof o));
        o.client_order_id[TH_ID_LEN - 1] = o.orig_client_order_id[TH_ID_LEN - 1] = '\0';
        if (o.action == TH_ORDER_NEW) {
            auto& s = st_->order;
            s.text(1, o.client_order_id).i64(2, sess).text(3, src).text(4, sym(o.instrument)).text(5, side_name(o.side))
                .text(6, order_type_name(o.order_type)).text(7, tif_name(o.tif)).dbl(8, d(o.qty)).dbl(9, d(o.limit_px))
                .dbl(10, d(o.stop_px)).i64(11, o.qty).i64(12, o.limit_px).i64(13, o.stop_px).i64(14, h.ts).i64(15, h.ts);
            done(s, "order");
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
        done(s, "fill");
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
    default:
        break;
    }
}

void Journal::flush() {
    std::unique_lock<std::mutex> lk(mu_);
    uint64_t target = enqueued_;
    flushed_cv_.wait(lk, [&] { return written_ >= target; });
}

void Journal::close(int64_t events) {
    flush();
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    Stmt s(db_, "UPDATE sessions SET ended_at=?, events=? WHERE id=?");
    s.text(1, now_iso()).i64(2, events).i64(3, static_cast<int64_t>(session_));
    s.step();
}

void Journal::abandon() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    {
        Stmt s(db_, "DELETE FROM sessions WHERE id=?");
        s.i64(1, static_cast<int64_t>(session_));
        s.step();
    }
    if (!created_file_) return;
    st_.reset();
    sqlite3_close(db_);
    sqlite3_close(state_db_);
    db_ = state_db_ = nullptr;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
}

void Journal::state_put(const std::string& instance, const std::string& key, const void* data, size_t len) {
    std::lock_guard<std::mutex> lk(state_mu_);
    Stmt s(state_db_, "INSERT INTO plugin_state(instance, key, value, updated_at) VALUES(?,?,?,?) "
                      "ON CONFLICT(instance, key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
    s.text(1, instance).text(2, key);
    sqlite3_bind_blob(s.get(), 3, data, static_cast<int>(len), SQLITE_TRANSIENT);
    s.text(4, now_iso());
    if (s.step() != SQLITE_DONE) throw JournalError(std::string("state_put: ") + sqlite3_errmsg(state_db_));
}

bool Journal::state_get(const std::string& instance, const std::string& key, std::string& out) {
    std::lock_guard<std::mutex> lk(state_mu_);
    Stmt s(state_db_, "SELECT value FROM plugin_state WHERE instance=? AND key=?");
    s.text(1, instance).text(2, key);
    if (s.step() != SQLITE_ROW) return false;
    const void* b = sqlite3_column_blob(s.get(), 0);
    int n = sqlite3_column_bytes(s.get(), 0);
    out.assign(static_cast<const char*>(b ? b : ""), static_cast<size_t>(n));
    return true;
}

JournalSummary Journal::summary() {
    JournalSummary out;
    std::lock_guard<std::mutex> lk(state_mu_);
    auto count = [&](const char* sql) {
        Stmt s(state_db_, sql);
        s.i64(1, static_cast<int64_t>(session_));
        return s.step() == SQLITE_ROW ? sqlite3_column_int64(s.get(), 0) : 0;
    };
    out.orders = count("SELECT COUNT(*) FROM orders WHERE session=?");
    out.rejects = count("SELECT COUNT(*) FROM executions WHERE session=? AND exec_type='rejected'");
    out.fills = count("SELECT COUNT(*) FROM fills WHERE session=?");
    Stmt s(state_db_,
           "SELECT i.instrument, "
           " (SELECT COUNT(*) FROM orders o WHERE o.session=?1 AND o.instrument=i.instrument),"
           " (SELECT COUNT(*) FROM fills f WHERE f.session=?1 AND f.instrument=i.instrument),"
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
