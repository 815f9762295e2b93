#include "replay/compare.hpp"

#include "replay/recorded_session.hpp"

#include <sqlite3.h>

#include <memory>
#include <vector>

namespace tradehost {

namespace {

// One order or fill: `key` is what must be equal, `shown` how a person reads it.
struct Row {
    std::string key, shown;
};

// The columns of a row joined by spaces; NULL as "-".
std::string joined(sqlite3_stmt* s, int from, int to) {
    std::string out;
    for (int c = from; c < to; ++c) {
        if (c > from) out += ' ';
        const unsigned char* t = sqlite3_column_text(s, c);
        out += t ? reinterpret_cast<const char*>(t) : "-";
    }
    return out;
}

// `sql` selects the columns to compare, then the columns to show; `split` is where the
// shown ones begin.
std::vector<Row> rows(sqlite3* db, const std::string& path, const char* sql, int split, uint64_t session) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
        throw ReplayError("replay: cannot read " + path + ": " + sqlite3_errmsg(db));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> s(st, &sqlite3_finalize);
    sqlite3_bind_int64(st, 1, static_cast<int64_t>(session));
    std::vector<Row> out;
    while (sqlite3_step(st) == SQLITE_ROW) out.push_back({joined(st, 0, split), joined(st, split, sqlite3_column_count(st))});
    return out;
}

// The first place the two lists differ, or "" if they do not.
std::string first_difference(const char* what, const std::vector<Row>& a, const std::vector<Row>& b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i)
        if (a[i].key != b[i].key)
            return std::string(what) + " " + std::to_string(i + 1) + ":\n    recorded: " + a[i].shown + "\n    replayed: " + b[i].shown;
    if (a.size() > n)
        return std::string(what) + " " + std::to_string(n + 1) + ":\n    recorded: " + a[n].shown + "\n    replayed: (none: the replay made only " +
               std::to_string(n) + ")";
    if (b.size() > n)
        return std::string(what) + " " + std::to_string(n + 1) + ":\n    recorded: (none: the session made only " + std::to_string(n) +
               ")\n    replayed: " + b[n].shown;
    return "";
}

constexpr const char* kOrders =
    "SELECT client_order_id, source, instrument, side, order_type, tif, qty_raw, limit_px_raw, stop_px_raw, status, "
    "printf('%.17g', cum_qty), "
    "client_order_id, 'from', source, ':', side, qty, instrument, order_type, 'limit', limit_px, 'stop', stop_px, tif, "
    "'->', status, cum_qty, 'at', avg_px "
    "FROM orders WHERE session=? ORDER BY rowid";
constexpr int kOrdersSplit = 11;
constexpr const char* kFills =
    "SELECT source, fill_id, client_order_id, instrument, side, px_raw, qty_raw, fee_raw, liquidity, "
    "'fill', fill_id, 'from', source, 'of', client_order_id, ':', side, qty, instrument, 'at', px, 'fee', fee, liquidity "
    "FROM fills WHERE session=? ORDER BY rowid";
constexpr int kFillsSplit = 9;

}  // namespace

SessionComparison compare_sessions(const std::string& recorded, const std::string& replayed, uint64_t session) {
    SessionComparison c;
    const ReadOnlyJournal r = open_journal_read_only(recorded), p = open_journal_read_only(replayed);
    const auto ro = rows(r.get(), recorded, kOrders, kOrdersSplit, session);
    const auto po = rows(p.get(), replayed, kOrders, kOrdersSplit, session);
    const auto rf = rows(r.get(), recorded, kFills, kFillsSplit, session);
    const auto pf = rows(p.get(), replayed, kFills, kFillsSplit, session);
    c.recorded_orders = static_cast<int64_t>(ro.size());
    c.replayed_orders = static_cast<int64_t>(po.size());
    c.recorded_fills = static_cast<int64_t>(rf.size());
    c.replayed_fills = static_cast<int64_t>(pf.size());
    // Both lists' first difference: one may cause the other (a fill at another price, then
    // other orders), and which came first is the operator's to read from the two.
    const std::string orders = first_difference("order", ro, po), fills = first_difference("fill", rf, pf);
    c.first_difference = orders + (!orders.empty() && !fills.empty() ? "\n  " : "") + fills;
    c.same = c.first_difference.empty();
    return c;
}

}  // namespace tradehost
