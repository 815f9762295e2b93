// The offline store: every feature vector with its key, event time and the definition's
// hash, and the prices labels are made from, in SQLite (WAL). Training sets come out of it
// by a point-in-time as-of join: a label at time t sees, per key, the latest vector with
// event time <= t and nothing later.
#pragma once

#include "definition.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace tradehost::store {

struct LabelPoint {
    std::string key;
    int64_t time = 0;   ///< the label's time: what the model would have known then
    double label = 0;
};

struct TrainingRow {
    std::string key;
    int64_t label_time = 0;
    int64_t vector_time = 0;  ///< <= label_time, always
    std::vector<float> values;
    double label = 0;
};

struct PricePoint {
    int64_t time = 0;
    double price = 0;
};

class OfflineStore {
public:
    /// Opens or creates the database; throws RegistryError naming the file.
    explicit OfflineStore(const std::string& path);
    ~OfflineStore();
    OfflineStore(const OfflineStore&) = delete;
    OfflineStore& operator=(const OfflineStore&) = delete;

    /// Records a definition (idempotent: the hash is the key).
    void register_definition(const Definition& d);
    std::optional<Definition> definition(const std::string& sha256) const;
    /// Every definition's hash, oldest first.
    std::vector<std::string> definitions() const;

    /// Batching: appends between begin() and commit() go in one transaction.
    void begin();
    void commit();
    void append(const std::string& key, int64_t event_time, const std::string& def_sha256, const float* values,
                uint32_t cols);
    void append_price(const std::string& key, int64_t time, double price);

    size_t count(const std::string& def_sha256) const;
    std::vector<std::string> keys(const std::string& def_sha256) const;
    /// Every vector of `key` under the definition, in event-time order.
    std::vector<TrainingRow> vectors(const std::string& def_sha256, const std::string& key) const;
    std::vector<PricePoint> prices(const std::string& key) const;
    /// The latest vector of every key under the definition (ties: the last written), for
    /// warming the online store after a restart.
    std::vector<TrainingRow> latest(const std::string& def_sha256) const;

    /// Point-in-time join: for each label, the latest vector of its key and definition with
    /// event_time <= label.time (and, with max_age_ns > 0, no older than that); labels
    /// without one are left out. Rows come back in the labels' order.
    std::vector<TrainingRow> as_of_join(const std::string& def_sha256, const std::vector<LabelPoint>& labels,
                                        int64_t max_age_ns = 0) const;

private:
    void exec(const char* sql) const;
    sqlite3_stmt* prepare(const char* sql) const;

    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_vector_ = nullptr;
    sqlite3_stmt* insert_price_ = nullptr;
    bool in_tx_ = false;
};

}  // namespace tradehost::store
