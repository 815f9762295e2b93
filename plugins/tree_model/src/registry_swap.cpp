// A model from the registry: the promoted version at create, a newly promoted one swapped in
// between two events (the host never calls an instance concurrently, so no event is lost or
// scored half by each), and a version that fails validation refused: the registry's pointer
// goes back, the reason is logged, counted and published on `status`.
#include "tree_model.hpp"

#if TREE_MODEL_HAVE_REGISTRY
#include "registry_source.hpp"
#endif

#include <cmath>
#include <cstring>
#include <limits>

namespace tradehost::tree_model {

namespace {

constexpr size_t kRecentRows = 64;

}  // namespace

void TreeModel::remember_rows(const float* values, size_t rows) {
    const size_t cols = settings_.forest.num_feature;
    if (recent_.size() < kRecentRows * cols) recent_.resize(kRecentRows * cols, std::numeric_limits<float>::quiet_NaN());
    for (size_t r = 0; r < rows && r < kRecentRows; ++r) {
        std::memcpy(&recent_[recent_next_ * cols], values + r * cols, cols * sizeof(float));
        recent_next_ = (recent_next_ + 1) % kRecentRows;
    }
}

// The canary batch: a row of missing values, a row of zeros, and the last rows seen live.
std::vector<float> TreeModel::canary_rows(size_t cols, size_t& n) const {
    std::vector<float> rows(cols, std::numeric_limits<float>::quiet_NaN());
    rows.resize(2 * cols, 0.0f);
    if (cols == settings_.forest.num_feature) rows.insert(rows.end(), recent_.begin(), recent_.end());
    n = cols ? rows.size() / cols : 0;
    return rows;
}

void TreeModel::publish_status(th_time_ns now, uint32_t state, const std::string& text) {
    th_venue_status st = make_event<th_venue_status>(now);
    st.state = state;
    copy_str(st.venue, settings_.signal_name);
    copy_str(st.text, text);
    const th_status rc = host_.try_publish(kPortStatus, st.hdr);
    if (rc != TH_OK && rc != TH_ERR_AGAIN) throw_status(rc, "publish status");
}

#if TREE_MODEL_HAVE_REGISTRY

Settings TreeModel::initial_settings() {
    if (!cfg_.has("registry")) return read_settings(cfg_);
    if (cfg_.has("model_name") && !registry_promoted(cfg_.get_string("registry"), cfg_.get_string("model_name"))) {
        // Nothing promoted yet (a deployment set up before its first training): start with
        // no model, drop rows (counted in no_model) and take the first promoted version.
        Settings s;
        s.registry = cfg_.get_string("registry");
        s.model_name = cfg_.get_string("model_name");
        s.registry_poll_ns = cfg_.get_duration_ns("registry_poll");
        if (s.registry_poll_ns <= 0) throw ConfigError("registry_poll: must be > 0");
        host_.warn("registry: " + s.registry + ": no promoted version of '" + s.model_name +
                   "' yet; rows are dropped until one is promoted (tradehost models promote)");
        return s;
    }
    for (;;) {
        std::optional<int64_t> tried;
        try {
            Settings s = read_settings(cfg_);
            tried = s.model_version;
            size_t n = 0;
            const size_t cols = s.forest.num_feature;
            std::vector<float> rows(cols, std::numeric_limits<float>::quiet_NaN());
            rows.resize(2 * cols, 0.0f);
            n = 2;
            const std::string why = canary_failure(s.forest, rows, n, s.output_min, s.output_max);
            if (!why.empty()) throw ConfigError("registry: " + s.model_name + " v" + std::to_string(*tried) + ": " + why);
            return s;
        } catch (const ConfigError& e) {
            // The promoted version does not load or validate: refuse it and start on the one
            // promoted before it, if there is one.
            const std::string reg = cfg_.get_string("registry"), name = cfg_.has("model_name") ? cfg_.get_string("model_name") : "";
            // Only the version's own faults (its files, manifest, schema, outputs) roll back; a
            // mistake in this instance's config is reported as it is.
            const std::string what = e.what();
            if (name.empty() || (what.rfind("registry:", 0) != 0 && what.find(reg) == std::string::npos)) throw;
            const auto promoted = registry_promoted(reg, name);
            if (!promoted || (tried && *tried != *promoted)) throw;
            host_.error("model " + name + " v" + std::to_string(*promoted) + " refused at start: " + e.what());
            host_.metric_add("registry_refusals", 1);
            const auto back = registry_refuse(reg, name, *promoted, e.what());
            if (!back) throw ConfigError(std::string(e.what()) + "; no earlier promoted version to fall back to");
        }
    }
}

void TreeModel::on_timer(uint64_t id, th_time_ns now) {
    if (id == poll_timer_) poll_registry(now);
}

void TreeModel::poll_registry(th_time_ns now) {
    std::optional<int64_t> promoted;
    try {
        promoted = registry_promoted(settings_.registry, settings_.model_name);
    } catch (const ConfigError& e) {
        host_.metric_add("registry_errors", 1);
        host_.warn(std::string(e.what()) + "; keeping v" + std::to_string(settings_.model_version));
        return;
    }
    if (!promoted || *promoted == settings_.model_version || *promoted == refused_) return;
    const int64_t from = settings_.model_version, to = *promoted;
    try {
        Settings next = read_settings(cfg_, to);  // load, checksum, schema, config checks
        size_t n = 0;
        const std::vector<float> rows = canary_rows(next.forest.num_feature, n);
        const std::string why = canary_failure(next.forest, rows, n, next.output_min, next.output_max);
        if (!why.empty()) throw ConfigError(why);
        settings_ = std::move(next);
        warned_.clear();
        host_.metric_add("registry_swaps", 1);
        const std::string text = "model " + settings_.model_name + " v" + std::to_string(to) + " in service (was v" +
                                 std::to_string(from) + ")";
        host_.info(text);
        publish_status(now, TH_VENUE_RECONCILED, text);
    } catch (const ConfigError& e) {
        refused_ = to;
        host_.metric_add("registry_refusals", 1);
        // The status text is short (TH_TEXT_LEN): who and what; the log has the whole reason.
        const std::string head = "model " + settings_.model_name + " v" + std::to_string(to) + " refused, v" +
                                 std::to_string(from) + " stays in service: ";
        std::string text = head + e.what();
        try {
            registry_refuse(settings_.registry, settings_.model_name, to, e.what());
            text += " and the registry is rolled back";
        } catch (const ConfigError& r) {
            text += std::string("; rolling the registry back failed: ") + r.what();
        }
        host_.error(text);
        publish_status(now, TH_VENUE_GAP, head + e.what());
    }
}

#else

Settings TreeModel::initial_settings() { return read_settings(cfg_); }
void TreeModel::on_timer(uint64_t, th_time_ns) {}
void TreeModel::poll_registry(th_time_ns) {}

#endif

}  // namespace tradehost::tree_model
