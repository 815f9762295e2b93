// SQLite behind the offline store. Vectors are float32 blobs (cols values), indexed by
// (definition, key, event time) so the as-of join walks one key's vectors in time order.
#include "offline_store.hpp"

#include "registry/registry_error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace tradehost::store {

using models::RegistryError;

namespace {

struct Stmt {
    sqlite3_stmt* s;
    ~Stmt() { sqlite3_finalize(s); }
};

std::string text_col(sqlite3_stmt* s, int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

}  // namespace

OfflineStore::OfflineStore(const std::string& path) : path_(path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw RegistryError(path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("CREATE TABLE IF NOT EXISTS definitions(sha256 TEXT PRIMARY KEY, schema TEXT NOT NULL, "
             "version INTEGER NOT NULL, specs TEXT NOT NULL, columns TEXT NOT NULL, canonical TEXT NOT NULL, "
             "seq INTEGER)");
        exec("CREATE TABLE IF NOT EXISTS vectors(def_sha256 TEXT NOT NULL, key TEXT NOT NULL, "
             "event_time INTEGER NOT NULL, vals BLOB NOT NULL)");
        exec("CREATE INDEX IF NOT EXISTS vectors_asof ON vectors(def_sha256, key, event_time)");
        exec("CREATE TABLE IF NOT EXISTS prices(key TEXT NOT NULL, time INTEGER NOT NULL, price REAL NOT NULL)");
        exec("CREATE INDEX IF NOT EXISTS prices_key ON prices(key, time)");
        insert_vector_ = prepare("INSERT INTO vectors(def_sha256, key, event_time, vals) VALUES(?,?,?,?)");
        insert_price_ = prepare("INSERT INTO prices(key, time, price) VALUES(?,?,?)");
    } catch (...) {
        sqlite3_finalize(insert_vector_);
        sqlite3_finalize(insert_price_);
        sqlite3_close(db_);
        throw;
    }
}

OfflineStore::~OfflineStore() {
    if (in_tx_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_finalize(insert_vector_);
    sqlite3_finalize(insert_price_);
    sqlite3_close(db_);
}

void OfflineStore::exec(const char* sql) const {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string why = err ? err : "error";
        sqlite3_free(err);
        throw RegistryError(path_ + ": " + why + " (" + sql + ")");
    }
}

sqlite3_stmt* OfflineStore::prepare(const char* sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK)
        throw RegistryError(path_ + ": " + sqlite3_errmsg(db_) + " (" + sql + ")");
    return s;
}

void OfflineStore::register_definition(const Definition& d) {
    Stmt s{prepare("INSERT OR IGNORE INTO definitions(sha256, schema, version, specs, columns, canonical, seq) "
                   "VALUES(?,?,?,?,?,?,(SELECT COALESCE(MAX(seq),0)+1 FROM definitions))")};
    std::string specs, cols;
    for (const auto& x : d.specs) specs += (specs.empty() ? "" : "|") + x;
    for (const auto& x : d.columns) cols += (cols.empty() ? "" : ",") + x;
    const std::string sha = d.sha256(), canon = d.canonical();
    sqlite3_bind_text(s.s, 1, sha.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.s, 2, d.schema.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s.s, 3, d.version);
    sqlite3_bind_text(s.s, 4, specs.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.s, 5, cols.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.s, 6, canon.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.s) != SQLITE_DONE) throw RegistryError(path_ + ": " + sqlite3_errmsg(db_));
}

std::optional<Definition> OfflineStore::definition(const std::string& sha256) const {
    Stmt s{prepare("SELECT schema, version, specs, columns FROM definitions WHERE sha256 = ?")};
    sqlite3_bind_text(s.s, 1, sha256.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.s) != SQLITE_ROW) return std::nullopt;
    Definition d;
    d.schema = text_col(s.s, 0);
    d.version = sqlite3_column_int64(s.s, 1);
    d.specs = split(text_col(s.s, 2), '|');
    d.columns = split(text_col(s.s, 3), ',');
    return d;
}

std::vector<std::string> OfflineStore::definitions() const {
    Stmt s{prepare("SELECT sha256 FROM definitions ORDER BY seq")};
    std::vector<std::string> out;
    while (sqlite3_step(s.s) == SQLITE_ROW) out.push_back(text_col(s.s, 0));
    return out;
}

void OfflineStore::begin() {
    if (in_tx_) return;
    exec("BEGIN");
    in_tx_ = true;
}

void OfflineStore::commit() {
    if (!in_tx_) return;
    in_tx_ = false;
    exec("COMMIT");
}

void OfflineStore::append(const std::string& key, int64_t event_time, const std::string& def_sha256,
                          const float* values, uint32_t cols) {
    sqlite3_stmt* s = insert_vector_;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, def_sha256.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, event_time);
    sqlite3_bind_blob(s, 4, values, static_cast<int>(cols * sizeof(float)), SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) throw RegistryError(path_ + ": insert vector: " + sqlite3_errmsg(db_));
}

void OfflineStore::append_price(const std::string& key, int64_t time, double price) {
    sqlite3_stmt* s = insert_price_;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, time);
    sqlite3_bind_double(s, 3, price);
    if (sqlite3_step(s) != SQLITE_DONE) throw RegistryError(path_ + ": insert price: " + sqlite3_errmsg(db_));
}

size_t OfflineStore::count(const std::string& def_sha256) const {
    Stmt s{prepare("SELECT COUNT(*) FROM vectors WHERE def_sha256 = ?")};
    sqlite3_bind_text(s.s, 1, def_sha256.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(s.s) == SQLITE_ROW ? static_cast<size_t>(sqlite3_column_int64(s.s, 0)) : 0;
}

std::vector<std::string> OfflineStore::keys(const std::string& def_sha256) const {
    Stmt s{prepare("SELECT DISTINCT key FROM vectors WHERE def_sha256 = ? ORDER BY key")};
    sqlite3_bind_text(s.s, 1, def_sha256.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    while (sqlite3_step(s.s) == SQLITE_ROW) out.push_back(text_col(s.s, 0));
    return out;
}

std::vector<TrainingRow> OfflineStore::vectors(const std::string& def_sha256, const std::string& key) const {
    Stmt s{prepare("SELECT event_time, vals FROM vectors WHERE def_sha256 = ? AND key = ? ORDER BY event_time, rowid")};
    sqlite3_bind_text(s.s, 1, def_sha256.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.s, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<TrainingRow> out;
    while (sqlite3_step(s.s) == SQLITE_ROW) {
        TrainingRow r;
        r.key = key;
        r.vector_time = sqlite3_column_int64(s.s, 0);
        const auto* p = static_cast<const float*>(sqlite3_column_blob(s.s, 1));
        const int bytes = sqlite3_column_bytes(s.s, 1);
        if (p) r.values.assign(p, p + bytes / static_cast<int>(sizeof(float)));
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<PricePoint> OfflineStore::prices(const std::string& key) const {
    Stmt s{prepare("SELECT time, price FROM prices WHERE key = ? ORDER BY time, rowid")};
    sqlite3_bind_text(s.s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<PricePoint> out;
    while (sqlite3_step(s.s) == SQLITE_ROW) out.push_back({sqlite3_column_int64(s.s, 0), sqlite3_column_double(s.s, 1)});
    return out;
}

std::vector<TrainingRow> OfflineStore::latest(const std::string& def_sha256) const {
    std::vector<TrainingRow> out;
    for (const auto& key : keys(def_sha256)) {
        Stmt s{prepare("SELECT event_time, vals FROM vectors WHERE def_sha256 = ? AND key = ? "
                       "ORDER BY event_time DESC, rowid DESC LIMIT 1")};
        sqlite3_bind_text(s.s, 1, def_sha256.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s.s, 2, key.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s.s) != SQLITE_ROW) continue;
        TrainingRow r;
        r.key = key;
        r.vector_time = sqlite3_column_int64(s.s, 0);
        const auto* p = static_cast<const float*>(sqlite3_column_blob(s.s, 1));
        if (p) r.values.assign(p, p + sqlite3_column_bytes(s.s, 1) / static_cast<int>(sizeof(float)));
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<TrainingRow> OfflineStore::as_of_join(const std::string& def_sha256, const std::vector<LabelPoint>& labels,
                                                  int64_t max_age_ns) const {
    // Per key: its vectors in time order and its labels in time order, merged; the vector
    // kept for a label is the last one whose event time is <= the label's time.
    std::map<std::string, std::vector<size_t>> by_key;
    for (size_t i = 0; i < labels.size(); ++i) by_key[labels[i].key].push_back(i);
    std::vector<std::optional<TrainingRow>> joined(labels.size());
    for (auto& [key, idx] : by_key) {
        std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return labels[a].time < labels[b].time; });
        const std::vector<TrainingRow> vs = vectors(def_sha256, key);
        size_t next = 0;  // first vector not yet known at the current label's time
        for (size_t i : idx) {
            while (next < vs.size() && vs[next].vector_time <= labels[i].time) ++next;
            if (next == 0) continue;
            const TrainingRow& v = vs[next - 1];
            if (max_age_ns > 0 && labels[i].time - v.vector_time > max_age_ns) continue;
            TrainingRow r = v;
            r.label_time = labels[i].time;
            r.label = labels[i].label;
            joined[i] = std::move(r);
        }
    }
    std::vector<TrainingRow> out;
    for (auto& j : joined)
        if (j) out.push_back(std::move(*j));
    return out;
}

}  // namespace tradehost::store
