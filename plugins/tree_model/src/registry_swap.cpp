// A model from the registry: the promoted version at create, a newly promoted one swapped in
// between two events (the host never calls an instance concurrently, so no event is lost or
// scored half by each), and a version that fails validation refused: the registry's pointer
// goes back, the reason is logged, counted and published on `status`. What to try and how to
// refuse is the registry library's ModelFollower (shared with nn_model).
#include "tree_model.hpp"

#if TREE_MODEL_HAVE_REGISTRY
#include "registry/model_follower.hpp"
#include "registry/registry_error.hpp"
#include "registry_source.hpp"
#endif

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

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
    if (!cfg_.has("model_name")) throw ConfigError("model_name: required with registry:");
    const std::string reg = cfg_.get_string("registry"), name = cfg_.get_string("model_name");
    follower_ = std::make_shared<models::ModelFollower>(reg, name);
    if (!registry_promoted(reg, name)) {
        // Nothing promoted yet (a deployment set up before its first training): start with
        // no model, drop rows (counted in no_model) and take the first promoted version.
        Settings s;
        s.registry = reg;
        s.model_name = name;
        s.registry_poll_ns = cfg_.get_duration_ns("registry_poll");
        if (s.registry_poll_ns <= 0) throw ConfigError("registry_poll: must be > 0");
        host_.warn("registry: " + s.registry + ": no promoted version of '" + s.model_name +
                   "' yet; rows are dropped until one is promoted (tradehost models promote)");
        return s;
    }
    std::optional<Settings> next;
    std::vector<models::FollowStep> steps;
    try {
        steps = follower_->start([&](const models::Manifest& m, const std::string&) {
            try {
                Settings s = read_settings(cfg_, m.version);  // load, schema, config checks
                // No rows seen yet (and settings_ not built): a row of missing values and one of zeros.
                const size_t cols = s.forest.num_feature, n = 2;
                std::vector<float> rows(cols, std::numeric_limits<float>::quiet_NaN());
                rows.resize(2 * cols, 0.0f);
                const std::string why = canary_failure(s.forest, rows, n, s.output_min, s.output_max);
                if (!why.empty()) throw ConfigError("registry: " + name + " v" + std::to_string(m.version) + ": " + why);
                next = std::move(s);
            } catch (const ConfigError& e) {
                // Only the version's own faults (its files, manifest, schema, outputs) roll back; a
                // mistake in this instance's config is reported as it is.
                const std::string what = e.what();
                if (what.rfind("registry:", 0) != 0 && what.find(reg) == std::string::npos)
                    throw models::InstanceError(what);
                throw;
            }
        });
    } catch (const models::InstanceError& e) {
        throw ConfigError(e.what());
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
    for (const auto& step : steps) {
        if (step.kind != models::FollowStep::kRefused) continue;
        host_.error(step.log + " (at start)");
        host_.metric_add("registry_refusals", 1);
    }
    return std::move(*next);
}

void TreeModel::on_timer(uint64_t id, th_time_ns now) {
    if (id == poll_timer_) poll_registry(now);
}

void TreeModel::poll_registry(th_time_ns now) {
    std::optional<Settings> next;
    const models::FollowStep step = follower_->poll([&](const models::Manifest& m, const std::string&) {
        Settings s = read_settings(cfg_, m.version);  // load, checksum, schema, config checks
        size_t n = 0;
        const std::vector<float> rows = canary_rows(s.forest.num_feature, n);
        const std::string why = canary_failure(s.forest, rows, n, s.output_min, s.output_max);
        if (!why.empty()) throw ConfigError(why);
        next = std::move(s);
    });
    switch (step.kind) {
    case models::FollowStep::kNothing: return;
    case models::FollowStep::kReadError:
        host_.metric_add("registry_errors", 1);
        host_.warn(step.log);
        return;
    case models::FollowStep::kRefused:
        host_.metric_add("registry_refusals", 1);
        host_.error(step.log);
        publish_status(now, TH_VENUE_GAP, step.status);
        return;
    case models::FollowStep::kSwapped: break;
    }
    settings_ = std::move(*next);
    warned_.clear();
    host_.metric_add("registry_swaps", 1);
    host_.info(step.log);
    publish_status(now, TH_VENUE_RECONCILED, step.status);
}

#else

Settings TreeModel::initial_settings() { return read_settings(cfg_); }
void TreeModel::on_timer(uint64_t, th_time_ns) {}
void TreeModel::poll_registry(th_time_ns) {}

#endif

}  // namespace tradehost::tree_model
