#include "api/journal_views.hpp"

#include "common/json_text.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tradehost {

namespace {

void append_json_string(std::string& out, const unsigned char* s) {
    out += '"';
    if (s) out += json_escape(reinterpret_cast<const char*>(s));
    out += '"';
}

}  // namespace

JournalViews::JournalViews(std::string path) : path_(std::move(path)) {}

JournalViews::~JournalViews() { sqlite3_close(db_); }

bool JournalViews::open() {
    if (db_) return true;
    // Read-only and without creating: the host's journal writer owns the file.
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db_);
        db_ = nullptr;
        return false;
    }
    sqlite3_busy_timeout(db_, 200);
    return true;
}

std::string JournalViews::rows(const char* sql, int64_t a, int64_t b, int64_t* last) {
    if (!open()) return "";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return "";
    const int params = sqlite3_bind_parameter_count(st);
    if (params >= 1) sqlite3_bind_int64(st, 1, a);
    if (params >= 2) sqlite3_bind_int64(st, 2, b);
    std::string out = "[";
    const int cols = sqlite3_column_count(st);
    bool first = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out += first ? "{" : ",{";
        first = false;
        for (int i = 0; i < cols; ++i) {
            if (i) out += ',';
            append_json_string(out, reinterpret_cast<const unsigned char*>(sqlite3_column_name(st, i)));
            out += ':';
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER: out += std::to_string(sqlite3_column_int64(st, i)); break;
            case SQLITE_FLOAT: {
                const double v = sqlite3_column_double(st, i);
                // The shortest of 15 or 17 digits that reads back as the same double.
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.15g", v);
                if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
                out += std::isfinite(v) ? buf : "null";
                break;
            }
            case SQLITE_TEXT: append_json_string(out, sqlite3_column_text(st, i)); break;
            default: out += "null";
            }
        }
        out += '}';
        if (last) *last = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return "";
    return out + "]";
}

std::string JournalViews::positions_json() {
    std::lock_guard<std::mutex> lk(mu_);
    const std::string r = rows(
        "SELECT source, instrument, qty, avg_px, realized_pnl, unrealized_pnl, session, ts FROM positions ORDER BY source, instrument",
        0, 0);
    return "{\"positions\":" + (r.empty() ? "[]" : r) + "}\n";
}

std::string JournalViews::orders_json(uint64_t session, bool open_only, int limit) {
    std::lock_guard<std::mutex> lk(mu_);
    const char* sql = open_only
        ? "SELECT client_order_id, source, instrument, side, order_type, tif, qty, limit_px, stop_px, status, cum_qty, avg_px, "
          "reason, ts, updated_ts FROM orders WHERE session = ?1 AND status IN ('pending_new', 'new', 'partially_filled') "
          "ORDER BY ts DESC LIMIT ?2"
        : "SELECT client_order_id, source, instrument, side, order_type, tif, qty, limit_px, stop_px, status, cum_qty, avg_px, "
          "reason, ts, updated_ts FROM orders WHERE session = ?1 ORDER BY COALESCE(updated_ts, ts) DESC LIMIT ?2";
    const std::string r = rows(sql, static_cast<int64_t>(session), limit);
    return "{\"orders\":" + (r.empty() ? "[]" : r) + "}\n";
}

std::string JournalViews::fills_json(uint64_t session, int64_t after, int limit, int64_t* last_out) {
    std::lock_guard<std::mutex> lk(mu_);
    int64_t last = after;
    // rowid orders fills as the journal wrote them, so it is the cursor a client resumes from.
    const std::string sql = "SELECT rowid AS row, source, fill_id, client_order_id, instrument, side, px, qty, fee, liquidity, ts "
                            "FROM fills WHERE session = " + std::to_string(session) + " AND rowid > ?1 ORDER BY rowid LIMIT ?2";
    const std::string r = rows(sql.c_str(), after, limit, &last);
    if (last_out) *last_out = last;
    return "{\"fills\":" + (r.empty() ? "[]" : r) + ",\"last\":" + std::to_string(last) + "}\n";
}

}  // namespace tradehost
