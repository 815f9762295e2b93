// Reading a replayable session back from a journal (read-only: a running host may be
// writing the same file).
#include "replay/recorded_session.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace tradehost {

namespace {

using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Stmt prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        throw ReplayError(std::string("replay: cannot read the journal: ") + sqlite3_errmsg(db));
    return Stmt(s, &sqlite3_finalize);
}

std::string text(sqlite3_stmt* s, int col) {
    const unsigned char* t = sqlite3_column_text(s, col);
    return t ? reinterpret_cast<const char*>(t) : "";
}

std::string blob(sqlite3_stmt* s, int col) {
    const void* b = sqlite3_column_blob(s, col);
    return std::string(static_cast<const char*>(b ? b : ""), static_cast<size_t>(sqlite3_column_bytes(s, col)));
}

bool has_table(sqlite3* db, const char* name) {
    Stmt s = prepare(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    sqlite3_bind_text(s.get(), 1, name, -1, SQLITE_STATIC);
    return sqlite3_step(s.get()) == SQLITE_ROW;
}

}  // namespace

ReadOnlyJournal open_journal_read_only(const std::string& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    ReadOnlyJournal db(raw, &sqlite3_close);  // a failed open still allocates a handle
    if (rc != SQLITE_OK) throw ReplayError("replay: cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_busy_timeout(db.get(), 5000);
    return db;
}

RecordedSession read_recorded_session(const std::string& path, uint64_t session) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw ReplayError("replay: no journal file " + path);
    const ReadOnlyJournal db = open_journal_read_only(path);
    if (!has_table(db.get(), "sessions")) throw ReplayError("replay: " + path + " is not a tradehost journal (no sessions table)");
    const std::string how = "; run the deployment with host.record_inputs: true to record a session replay can run";
    if (!has_table(db.get(), "replayable_sessions")) throw ReplayError("replay: no session of " + path + " recorded its inputs" + how);

    RecordedSession out;
    if (session == 0) {
        Stmt s = prepare(db.get(), "SELECT MAX(session) FROM replayable_sessions");
        if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL)
            throw ReplayError("replay: no session of " + path + " recorded its inputs" + how);
        session = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
    }
    out.session = session;
    {
        Stmt s = prepare(db.get(), "SELECT status FROM sessions WHERE id=?");
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
        if (sqlite3_step(s.get()) != SQLITE_ROW)
            throw ReplayError("replay: " + path + " has no session " + std::to_string(session));
        const std::string status = text(s.get(), 0);
        if (status == "running")
            throw ReplayError("replay: session " + std::to_string(session) + " of " + path +
                              " is still running (or its host was killed and has not restarted): replay a finished session");
    }
    {
        Stmt s = prepare(db.get(), "SELECT config, config_sha256 FROM replayable_sessions WHERE session=?");
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
        if (sqlite3_step(s.get()) != SQLITE_ROW)
            throw ReplayError("replay: session " + std::to_string(session) + " of " + path + " did not record its inputs" + how);
        out.config = text(s.get(), 0);
        out.config_sha256 = text(s.get(), 1);
    }
    {
        Stmt s = prepare(db.get(), "SELECT instance, key, value FROM session_start_state WHERE session=? ORDER BY instance, key");
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
        while (sqlite3_step(s.get()) == SQLITE_ROW) out.start_state.push_back({text(s.get(), 0), text(s.get(), 1), blob(s.get(), 2)});
    }
    Stmt s = prepare(db.get(), "SELECT instance, port, event FROM inputs WHERE session=? ORDER BY seq");
    sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
    int step = 0;
    while ((step = sqlite3_step(s.get())) == SQLITE_ROW) {
        RecordedInput in;
        in.instance = text(s.get(), 0);
        in.port = text(s.get(), 1);
        const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(s.get(), 2));
        if (b) in.wire.assign(b, b + sqlite3_column_bytes(s.get(), 2));
        out.inputs.push_back(std::move(in));
    }
    if (step != SQLITE_DONE) throw ReplayError(std::string("replay: cannot read the inputs: ") + sqlite3_errmsg(db.get()));
    return out;
}

}  // namespace tradehost
