// The feature_store instance; see feature_store.hpp.
#include "feature_store.hpp"

#include "registry/registry_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace tradehost::feature_store {

namespace {

double px(th_fixed v) { return static_cast<double>(v) / static_cast<double>(TH_FIXED_SCALE); }

}  // namespace

FeatureStore::FeatureStore(Host host, const Config& cfg)
    : host_(host),
      settings_(read_settings(cfg)),
      def_sha_(settings_.definition.sha256()),
      event_hash_(settings_.definition.event_hash()),
      online_(static_cast<uint32_t>(settings_.definition.columns.size())) {
    try {
        if (!settings_.db.empty()) {
            const std::filesystem::path parent = std::filesystem::path(settings_.db).parent_path();
            std::error_code ec;
            if (!parent.empty()) std::filesystem::create_directories(parent, ec);  // as the journal's var/
            offline_ = std::make_unique<store::OfflineStore>(settings_.db);
            offline_->register_definition(settings_.definition);
            // A restart serves the last vectors it stored until new ones arrive.
            for (const auto& r : offline_->latest(def_sha_)) {
                if (r.values.size() != online_.cols()) continue;
                const th_instrument id = host_.intern(r.key);
                keys_.emplace(id, r.key);
                online_.put(id, r.vector_time, r.values.data());
            }
        }
        if (!settings_.drift.empty()) {
            store::TrainingDistribution td = store::TrainingDistribution::load(settings_.drift);
            if (!td.definition_sha256.empty() && td.definition_sha256 != def_sha_)
                throw ConfigError("drift: " + settings_.drift + " was fitted on definition " + td.definition_sha256 +
                                  ", this store's is " + def_sha_);
            if (td.features.size() != settings_.definition.columns.size())
                throw ConfigError("drift: " + settings_.drift + " has " + std::to_string(td.features.size()) +
                                  " features, the definition " + std::to_string(settings_.definition.columns.size()));
            for (size_t i = 0; i < td.features.size(); ++i)
                if (td.features[i].name != settings_.definition.columns[i])
                    throw ConfigError("drift: feature " + std::to_string(i) + " is '" + td.features[i].name +
                                      "', the definition's column is '" + settings_.definition.columns[i] + "'");
            drift_.emplace(std::move(td), static_cast<size_t>(settings_.drift_window));
            drift_ppm_.assign(2 * settings_.definition.columns.size(), 0);
        }
    } catch (const models::RegistryError& e) {
        throw ConfigError(e.what());
    }
}

void FeatureStore::start() {
    host_.info("definition " + def_sha_ + " (" + settings_.definition.schema_text() + ")" +
               (offline_ ? "; offline store " + settings_.db : "; online only") +
               (drift_ ? "; drift against " + settings_.drift : ""));
    if (offline_) {
        offline_->begin();
        commit_timer_ = host_.timer_start(settings_.commit_interval_ns, settings_.commit_interval_ns);
    }
    if (drift_) drift_timer_ = host_.timer_start(settings_.drift_interval_ns, settings_.drift_interval_ns);
    if (settings_.serve_interval_ns > 0)
        serve_timer_ = host_.timer_start(settings_.serve_interval_ns, settings_.serve_interval_ns);
}

void FeatureStore::stop() {
    flush();
    if (drift_) export_drift();
}

const std::string& FeatureStore::key_of(th_instrument id) {
    auto it = keys_.find(id);
    if (it == keys_.end()) it = keys_.emplace(id, host_.symbol(id)).first;
    return it->second;
}

void FeatureStore::on_event(uint32_t port, const th_event_header& ev) {
    if (port == kPortQuotes) {
        th_quote scratch;
        const th_quote* q = event_as<th_quote>(ev, scratch);
        if (!q) throw InvalidArgument("port quotes: unexpected event type " + std::to_string(ev.type));
        if (!offline_ || !settings_.prices || q->bid_px <= 0 || q->ask_px <= 0) return;
        offline_->append_price(key_of(q->instrument), ev.ts, (px(q->bid_px) + px(q->ask_px)) / 2.0);
        ++pending_;
        return;
    }
    if (port != kPortFeatures) throw InvalidArgument("no input port " + std::to_string(port));
    th_features scratch;
    const th_features* f = event_as<th_features>(ev, scratch);
    if (!f) throw InvalidArgument("port features: unexpected event type " + std::to_string(ev.type));
    if (f->schema_hash != event_hash_ || f->cols != online_.cols() ||
        f->hdr.size < th_features_size(f->rows, f->cols, f->instrument == 0)) {
        host_.metric_add("schema_mismatch", 1);
        if (!warned_) {
            warned_ = true;
            host_.warn("features of schema '" + std::string(f->schema, strnlen(f->schema, sizeof f->schema)) +
                       "' (hash " + std::to_string(f->schema_hash) + ", " + std::to_string(f->cols) +
                       " columns) are not this store's definition (" + settings_.definition.schema_text() +
                       "); such events are not stored");
        }
        return;
    }
    const float* values = th_features_values(f);
    const th_instrument* ids = th_features_instruments(f);
    for (size_t r = 0; r < f->rows; ++r) store_row(ids ? ids[r] : f->instrument, ev.ts, values + r * f->cols);
}

void FeatureStore::store_row(th_instrument id, th_time_ns ts, const float* row) {
    online_.put(id, ts, row);
    const std::string& key = key_of(id);  // also lists the id for serve()
    host_.metric_add("vectors", 1);
    if (drift_) drift_->observe(row);
    if (!offline_) return;
    try {
        offline_->append(key, ts, def_sha_, row, online_.cols());
        ++pending_;
    } catch (const models::RegistryError& e) {
        host_.metric_add("offline_errors", 1);
        host_.error(std::string("offline store: ") + e.what());
    }
}

void FeatureStore::flush() {
    if (!offline_) return;
    try {
        offline_->commit();
        if (pending_) host_.metric_add("committed", static_cast<int64_t>(pending_));
        pending_ = 0;
        offline_->begin();
    } catch (const models::RegistryError& e) {
        host_.metric_add("offline_errors", 1);
        host_.error(std::string("offline store commit: ") + e.what());
    }
}

// Metrics are counters the host adds to; a gauge is kept by adding the change since the
// last export. Values in parts per million so the integers keep the precision.
void FeatureStore::export_drift() {
    const auto& cols = settings_.definition.columns;
    if (drift_->observed() == 0) return;
    for (size_t i = 0; i < cols.size(); ++i) {
        const int64_t psi = std::llround(drift_->psi_of(i) * 1e6);
        const int64_t ks = std::llround(drift_->ks_of(i) * 1e6);
        host_.metric_add(("drift_psi_ppm_" + cols[i]).c_str(), psi - drift_ppm_[2 * i]);
        host_.metric_add(("drift_ks_ppm_" + cols[i]).c_str(), ks - drift_ppm_[2 * i + 1]);
        drift_ppm_[2 * i] = psi;
        drift_ppm_[2 * i + 1] = ks;
    }
}

// The universe's latest vectors as one batch (keys in id order), for models that score
// every instrument per tick from the store rather than from each update.
void FeatureStore::serve(th_time_ns now) {
    std::vector<th_instrument> ids;
    for (const auto& kv : keys_)
        if (online_.get(kv.first)) ids.push_back(kv.first);
    const uint32_t cols = online_.cols();
    const size_t per_row = sizeof(th_instrument) + cols * sizeof(float);
    const size_t max_rows = (TH_EVENT_MAX_SIZE - sizeof(th_features)) / per_row;
    for (size_t start = 0; start < ids.size(); start += max_rows) {
        const auto rows = static_cast<uint16_t>(std::min(max_rows, ids.size() - start));
        auto* f = reinterpret_cast<th_features*>(buf_);
        *f = make_event<th_features>(now);
        f->instrument = 0;
        f->rows = rows;
        f->cols = static_cast<uint16_t>(cols);
        f->schema_hash = event_hash_;
        f->parts = 1;
        copy_str(f->schema, settings_.definition.schema);
        f->hdr.size = th_features_size(rows, cols, 1);
        std::memcpy(th_features_instruments_mut(f), ids.data() + start, rows * sizeof(th_instrument));
        float* out = th_features_values_mut(f);
        for (size_t r = 0; r < rows; ++r) std::memcpy(out + r * cols, online_.get(ids[start + r]), cols * sizeof(float));
        const th_status st = host_.try_publish(kPortLatest, f->hdr);
        if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish latest");
    }
}

void FeatureStore::on_timer(uint64_t id, th_time_ns now) {
    if (id == commit_timer_) flush();
    else if (id == drift_timer_) export_drift();
    else if (id == serve_timer_) serve(now);
}

}  // namespace tradehost::feature_store
