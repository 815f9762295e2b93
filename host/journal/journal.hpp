// The SQLite (WAL) journal of orders, execution reports, fills and positions, plus the
// durable per-instance state blobs. Events are recorded from any thread into a queue that a
// writer thread commits in batches; close() flushes everything.
//
// Tables (see docs/operator-guide.md): sessions, orders, order_actions, executions, fills,
// positions, plugin_state. Client order ids are the orders table's primary key.
#pragma once

#include "common/instruments.hpp"

#include <tradehost/plugin.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace tradehost {

class JournalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a session journaled, for the end-of-run summary.
struct JournalSummary {
    struct Instrument {
        std::string symbol;
        int64_t orders = 0, fills = 0;
        double qty = 0, realized = 0, unrealized = 0;
    };
    int64_t orders = 0, rejects = 0, fills = 0;
    std::vector<Instrument> instruments;
};

class Journal {
public:
    /// Open (creating parent folders and tables) and start a new session. Throws JournalError.
    Journal(const std::string& path, const InstrumentTable& instruments, const std::string& config_path);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    uint64_t session_id() const { return session_; }
    const std::string& path() const { return path_; }

    /// True for the event kinds the journal keeps.
    static bool journaled(uint16_t type) {
        return type == TH_EV_ORDER_REQUEST || type == TH_EV_EXECUTION_REPORT || type == TH_EV_FILL || type == TH_EV_POSITION;
    }
    /// Queue `ev` published by `source` (a stable string). Thread-safe.
    void record(const std::string* source, const th_event_header& ev);

    /// Durable state blobs (synchronous). Thread-safe.
    void state_put(const std::string& instance, const std::string& key, const void* data, size_t len);
    bool state_get(const std::string& instance, const std::string& key, std::string& out);

    /// Commit everything queued so far and wait for it.
    void flush();
    /// Undo this session before anything was recorded: delete its row, and the journal
    /// file itself if this session created it.
    void abandon();
    /// Flush, mark the session ended with `events` published, and stop the writer.
    void close(int64_t events);

    /// What this session journaled (call after flush).
    JournalSummary summary();
    /// Count of write errors (failed inserts); each is logged.
    int64_t write_errors() const { return write_errors_; }

private:
    struct Item {
        const std::string* source;
        std::vector<unsigned char> bytes;
    };
    void writer();
    void write(const Item& it);
    void exec(const char* sql);

    std::string path_;
    bool created_file_ = false;
    const InstrumentTable& instruments_;
    sqlite3* db_ = nullptr;        // writer thread's connection
    sqlite3* state_db_ = nullptr;  // state blobs, guarded by state_mu_
    std::mutex state_mu_;
    uint64_t session_ = 0;
    std::mutex mu_;
    std::condition_variable cv_, flushed_cv_;
    std::vector<Item> queue_;
    uint64_t enqueued_ = 0, written_ = 0;
    bool stopping_ = false;
    int64_t write_errors_ = 0;
    std::thread thread_;
    struct Stmts;
    std::unique_ptr<Stmts> st_;
};

}  // namespace tradehost
