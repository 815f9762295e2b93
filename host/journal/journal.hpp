// The SQLite (WAL) journal of orders, execution reports, fills and positions, plus the
// durable per-instance state blobs, written by one writer thread on one connection in one
// order: write-ahead for order flow (docs/decisions.md, "Crash consistency").
//
// Events are recorded at publish, from any thread, into one queue; state blobs go into the
// same queue. What one plugin callback records (the events it and its direct consumers
// publish, and the state they put) is a *unit*: the writer commits a unit whole, in one
// transaction, and only after everything that was queued before the unit began. So a
// venue's saved state is never durable before the order it derives from, nor without the
// fills it published in the same callback.
//
// Tables (see docs/operator-guide.md): sessions, orders, order_actions, executions, fills,
// positions, signals, decisions (signals, targets and caused orders with their inputs and
// cause ids: the decision log), plugin_state. Client order ids are the orders table's primary key.
#pragma once

#include "common/instruments.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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

/// How a session is journaled beyond the order path (docs/operator-guide.md, "Replay").
struct JournalOptions {
    /// Keep what the sources publish (table `inputs`), the deployment's fingerprint and the
    /// durable state as the session began, so `tradehost replay` can run the session again.
    bool record_inputs = false;
    std::string config_sha256;  ///< of the deployment's files, with record_inputs
    /// Start the session with this id instead of the next free one (a replay's own journal
    /// takes the recorded session's id, so plugins that name orders by it name them alike).
    uint64_t session_id = 0;
    /// Durable state to put before the session starts (a replay's: the recorded session's
    /// state as it began).
    struct StateRow {
        std::string instance, key, value;
    };
    std::vector<StateRow> initial_state;
};

/// What a session journaled, for the end-of-run summary.
struct JournalSummary {
    struct Instrument {
        std::string symbol;
        int64_t orders = 0, fills = 0;
        double qty = 0, realized = 0, unrealized = 0;
    };
    int64_t orders = 0, rejects = 0;  ///< rejects: of orders, not of cancels or replaces
    int64_t refused_actions = 0;      ///< cancels/replaces refused (mostly: the order had ended)
    int64_t fills = 0;         ///< fills at venues (not counting parent_fills)
    int64_t parent_fills = 0;  ///< an execution algorithm's fills of its parent orders, one per child fill
    int64_t signals = 0;               ///< th_signal events published
    int64_t signals_out_of_range = 0;  ///< ... whose strength is not in [0, 1] (or is NaN)
    int64_t duplicate_fills = 0;  ///< fills a venue reported again (merged once)
    int64_t lost = 0;             ///< events and state writes that could not be written
    std::vector<Instrument> instruments;
    std::vector<std::string> recovery;  ///< what was found of sessions that ended uncleanly
};

class Journal {
public:
    /// Open (creating parent folders and tables), mark sessions that ended without closing
    /// as crashed (reporting what they left), and start a new session. Throws JournalError.
    Journal(const std::string& path, const InstrumentTable& instruments, const std::string& config_path,
            const JournalOptions& options = {});
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    uint64_t session_id() const { return session_; }
    /// The highest decision id (ABI 1.3) earlier sessions of this journal used, 0 for none:
    /// the host's ids continue above it, so ids are unique in the journal, not only in a run
    /// (docs/operator-guide.md, "Decision log").
    uint64_t last_decision_id() const { return last_decision_id_; }
    const std::string& path() const { return path_; }

    /// True for the event kinds the journal keeps: the order path, and the signals and
    /// targets that led to it (what a model or strategy said, for the operator to query beside the fills).
    static bool journaled(uint16_t type) {
        return type == TH_EV_ORDER_REQUEST || type == TH_EV_EXECUTION_REPORT || type == TH_EV_FILL ||
               type == TH_EV_POSITION || type == TH_EV_SIGNAL || type == TH_EV_TARGET;
    }
    /// Queue `ev` published by `source` (a stable string). Thread-safe.
    void record(const std::string* source, const th_event_header& ev);

    /// With JournalOptions::record_inputs: queue what source `instance` published on `port`
    /// (both stable strings), its instruments written as symbols. Thread-safe.
    bool records_inputs() const { return record_inputs_; }
    void record_input(const std::string* instance, const char* port, const th_event_header& ev);

    /// Durable state blobs. Thread-safe. Returns once committed: inside a unit, in one
    /// transaction with what the unit recorded before it (and everything queued before the
    /// unit began). Throws JournalError when the write failed.
    void state_put(const std::string& instance, const std::string& key, const void* data, size_t len);
    /// As state_put, but queued, not waited for: it commits with what this unit records
    /// after it, or before it in queue order when the writer commits a slow unit in parts.
    /// For a marker that every commit holding the unit's effects must hold too (the NATS
    /// bridge's applied stream sequence). Thread-safe. Throws JournalError once the journal
    /// has failed.
    void state_queue(const std::string& instance, const std::string& key, const void* data, size_t len);
    /// The latest value put, committed or still queued. Throws JournalError on a read error.
    bool state_get(const std::string& instance, const std::string& key, std::string& out);

    /// Open a unit on this thread (nested calls join the outer one). The host opens one
    /// around every plugin callback it makes; see JournalUnit.
    void unit_begin() noexcept;
    void unit_end() noexcept;

    /// Called once, from the writer thread, when a write fails (disk full, I/O error):
    /// the host stops the run and exits 1 with its summary.
    void on_failure(std::function<void(const std::string&)> fn) { on_failure_ = std::move(fn); }

    /// Commit everything queued so far and wait for it (not from inside a unit).
    void flush();
    /// Undo this session before anything was recorded: delete its row, and the journal
    /// file itself if this session created it.
    void abandon();
    /// Flush, mark the session ended with `events` published, and stop the writer.
    void close(int64_t events);

    /// What this session journaled (call after flush).
    JournalSummary summary();
    /// Count of write errors (failed inserts and failed commits); each is logged.
    int64_t write_errors() const { return write_errors_.load(); }

private:
    enum class Kind : uint8_t { Event, State, Input };
    struct Item {
        Kind kind = Kind::Event;
        uint64_t pos = 0;    // place in the one order of everything queued
        uint64_t unit = 0;   // 0: not in a unit
        uint64_t start = 0;  // a unit's items: the count queued when it began; else pos
        const std::string* source = nullptr;
        std::string instance, key;
        std::vector<unsigned char> bytes;
    };
    void enqueue(Item&& it, std::unique_lock<std::mutex>& lk);
    uint64_t enqueue_state(const std::string& instance, const std::string& key, const void* data, size_t len,
                           std::unique_lock<std::mutex>& lk);
    void writer();
    bool take_batch(std::vector<Item>& batch);
    void write_batch(const std::vector<Item>& batch);
    void write(const Item& it);
    void write_state(const Item& it);
    void write_input(const Item& it);
    void begin_session(const std::string& config_path, const JournalOptions& options);
    uint64_t low_water() const;  // every item below this position is committed (mu_ held)
    void wait_committed(std::unique_lock<std::mutex>& lk, uint64_t pos);
    void exec(const char* sql);
    void recover_crashed();
    void fail(const std::string& why);

    std::string path_;
    bool created_file_ = false;
    const InstrumentTable& instruments_;
    sqlite3* db_ = nullptr;       // writer thread's connection: the only one that writes
    sqlite3* read_db_ = nullptr;  // reads (state_get, summary), guarded by read_mu_
    std::mutex read_mu_;
    uint64_t session_ = 0;
    uint64_t last_decision_id_ = 0;
    uint64_t highest_decision_id();
    bool record_inputs_ = false;

    mutable std::mutex mu_;
    std::condition_variable cv_, committed_cv_;
    std::deque<Item> queue_;            // ordered by pos
    std::set<uint64_t> uncommitted_;    // positions queued or being committed
    std::atomic<uint64_t> next_pos_{0};
    uint64_t next_unit_ = 0;
    std::set<uint64_t> open_units_;     // units with queued items whose callback still runs
    uint64_t force_through_ = 0;        // commit every position below this, unit or not
    std::map<uint64_t, uint64_t> forced_units_;  // unit -> its start: commit it now (state_put)
    std::map<std::pair<std::string, std::string>, std::pair<uint64_t, std::string>> pending_state_;
    bool stopping_ = false;
    bool failed_ = false;
    std::string failure_;
    std::atomic<int64_t> write_errors_{0};
    int64_t duplicate_fills_ = 0, lost_ = 0;
    std::vector<std::string> recovery_;
    std::string batch_error_;  // writer thread only
    int lock_fd_ = -1;
    std::function<void(const std::string&)> on_failure_;
    std::thread thread_;
    struct Stmts;
    std::unique_ptr<Stmts> st_;
};

/// Scope of one plugin callback for the journal (a no-op without a journal).
class JournalUnit {
public:
    explicit JournalUnit(Journal* j) noexcept : j_(j) {
        if (j_) j_->unit_begin();
    }
    ~JournalUnit() {
        if (j_) j_->unit_end();
    }
    JournalUnit(const JournalUnit&) = delete;
    JournalUnit& operator=(const JournalUnit&) = delete;

private:
    Journal* j_;
};

}  // namespace tradehost
