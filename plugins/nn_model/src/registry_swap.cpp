// A network from the registry: the promoted version at create, a newly promoted one swapped
// in between two events (the host never calls an instance concurrently, so no event is lost
// or scored half by each), and a version that fails validation refused: the registry's
// pointer goes back, the reason is logged, counted and published on `status`. What to try
// and how to refuse is the registry library's ModelFollower (shared with tree_model).
#include "nn_model.hpp"

#if NN_MODEL_HAVE_REGISTRY
#include "registry.hpp"
#include "registry/model_follower.hpp"
#include "registry/registry_error.hpp"
#endif

#include <optional>

namespace tradehost::nn {

void NnModel::publish_status(th_time_ns now, uint32_t state, const std::string& text) {
    th_venue_status st = make_event<th_venue_status>(now);
    st.state = state;
    copy_str(st.venue, settings_.signal_name);
    copy_str(st.text, text);
    const th_status rc = host_.try_publish(kPortStatus, st.hdr);
    if (rc != TH_OK && rc != TH_ERR_AGAIN) throw_status(rc, "publish status");
}

#if NN_MODEL_HAVE_REGISTRY

namespace {

constexpr size_t kCanaryLive = 8;  ///< live windows in a canary batch, besides the zero one

}  // namespace

// The canary batch: a window of zeros, and the last windows of up to kCanaryLive instruments
// when the new network reads windows of the same shape.
std::vector<float> NnModel::canary_windows(size_t steps, size_t width) const {
    std::vector<float> rows(steps * width, 0.0f);
    if (steps != model_.steps() || width != model_.inputs()) return rows;
    std::vector<float> w(steps * width);
    size_t live = 0;
    for (const th_instrument id : history_.ids()) {
        if (live == kCanaryLive) break;
        if (history_.rows(id, w.data()) != steps) continue;
        rows.insert(rows.end(), w.begin(), w.end());
        ++live;
    }
    return rows;
}

Settings NnModel::initial_settings() {
    if (!cfg_.has("registry")) return read_settings(cfg_);
    if (cfg_.has("model")) throw ConfigError("model: give either model: or registry:, not both");
    if (!cfg_.has("model_name")) throw ConfigError("model_name: required with registry:");
    const int64_t poll = cfg_.get_duration_ns("registry_poll");
    if (poll <= 0) throw ConfigError("registry_poll: must be > 0");
    follower_ = std::make_shared<models::ModelFollower>(cfg_.get_string("registry"), cfg_.get_string("model_name"));
    std::optional<Settings> next;
    std::vector<models::FollowStep> steps;
    try {
        steps = follower_->start([&](const models::Manifest& m, const std::string& path) {
            Settings s = read_version(cfg_, m, path, "");
            Model trial(s.network);
            const std::string why = canary(trial, std::vector<float>(trial.steps() * trial.inputs(), 0.0f), s);
            if (!why.empty()) throw ConfigError(why);
            next = std::move(s);
        });
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
    for (const auto& step : steps) {
        if (step.kind != models::FollowStep::kRefused) continue;
        host_.error(step.log + " (at start)");
        host_.metric_add("registry_refusals", 1);
    }
    if (!next)
        throw ConfigError("registry: " + follower_->root() + ": no promoted version of '" + follower_->name() +
                          "' (tradehost models promote)");
    next->registry = follower_->root();
    next->model_name = follower_->name();
    next->registry_poll_ns = poll;
    return std::move(*next);
}

void NnModel::on_timer(uint64_t id, th_time_ns now) {
    if (id == poll_timer_) poll_registry(now);
}

void NnModel::poll_registry(th_time_ns now) {
    std::optional<Settings> next;
    std::optional<Model> model;
    const models::FollowStep step = follower_->poll([&](const models::Manifest& m, const std::string& path) {
        Settings s = read_version(cfg_, m, path, settings_.schema_text);
        Model trial(s.network);
        const std::string why = canary(trial, canary_windows(trial.steps(), trial.inputs()), s);
        if (!why.empty()) throw ConfigError(why);
        next = std::move(s);
        model = std::move(trial);
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
    next->registry = settings_.registry;
    next->model_name = settings_.model_name;
    next->registry_poll_ns = settings_.registry_poll_ns;
    // Windows of the same shape are rows of the same features: the new network scores them
    // at once. Another shape starts its windows again.
    const bool same_shape = model->steps() == model_.steps() && model->inputs() == model_.inputs();
    settings_ = std::move(*next);
    model_ = std::move(*model);
    if (!same_shape) history_ = History(model_.steps(), model_.inputs());
    warned_.clear();
    host_.metric_add("registry_swaps", 1);
    host_.info(step.log + (same_shape ? "" : "; its windows warm up again (another sequence length)"));
    publish_status(now, TH_VENUE_RECONCILED, step.status);
}

#else

Settings NnModel::initial_settings() {
    if (cfg_.has("registry"))
        throw ConfigError("registry: this build has no model registry (it comes with the feature_store plugin folder)");
    return read_settings(cfg_);
}
std::vector<float> NnModel::canary_windows(size_t, size_t) const { return {}; }
void NnModel::on_timer(uint64_t, th_time_ns) {}
void NnModel::poll_registry(th_time_ns) {}

#endif

}  // namespace tradehost::nn
