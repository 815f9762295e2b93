// What the console reads from the journal: positions, orders and fills of the running
// session, as JSON. A read-only SQLite connection of its own (WAL lets it read while the
// journal's writer commits), used from the endpoint's thread only.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

struct sqlite3;

namespace tradehost {

class JournalViews {
public:
    explicit JournalViews(std::string path);
    ~JournalViews();
    JournalViews(const JournalViews&) = delete;
    JournalViews& operator=(const JournalViews&) = delete;

    /// Every position row (source, instrument, qty, avg_px, realized and unrealized PnL).
    std::string positions_json();
    /// Orders of `session`: the open ones (`open_only`) or the latest `limit`.
    std::string orders_json(uint64_t session, bool open_only, int limit);
    /// Fills of `session` after journal row `after` (0: from the start), at most `limit`,
    /// with "last" the row to ask after next time (also in `*last` when given).
    std::string fills_json(uint64_t session, int64_t after, int limit, int64_t* last = nullptr);

private:
    // Runs `sql` (bound with `a`, `b`) and renders its rows as a JSON array of objects keyed by
    // column name; "" when the journal cannot be read yet. `last` gets the first column of the
    // last row when asked.
    std::string rows(const char* sql, int64_t a, int64_t b, int64_t* last = nullptr);
    bool open();

    std::string path_;
    sqlite3* db_ = nullptr;
    std::mutex mu_;
};

}  // namespace tradehost
