// The nn_model instance; see nn_model.hpp.
#include "nn_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace tradehost::nn {

namespace {

// The plugin-state key of the windows; the blob is snapshot()'s format (versioned).
constexpr const char* kStateKey = "windows";

}  // namespace

NnModel::NnModel(Host host, const Config& cfg)
    : host_(host), cfg_(cfg), settings_(initial_settings()), model_(settings_.network),
      history_(model_.steps(), model_.inputs()) {}

void NnModel::start() {
    const Network& n = settings_.network;
    std::string layers;
    for (const Layer& l : n.layers) layers += (layers.empty() ? "" : " -> ") + std::string(to_string(l.type));
    host_.info("model " + settings_.model_path + ": " + layers + "; " + std::to_string(n.sequence_length) +
               " step(s) of " + std::to_string(n.inputs()) + " features, " + std::to_string(n.outputs.size()) +
               " output(s); expects schema hash " + std::to_string(settings_.schema_hash) + " (" +
               settings_.schema_text + ")");
    if (!settings_.registry.empty()) poll_timer_ = host_.timer_start(settings_.registry_poll_ns, settings_.registry_poll_ns);
    restore_saved();
}

bool NnModel::accepts(const th_features& f) {
    if (f.schema_hash == settings_.schema_hash && f.cols == model_.inputs() &&
        f.hdr.size >= th_features_size(f.rows, f.cols, f.instrument == 0))
        return true;
    host_.metric_add("schema_mismatch", 1);
    if (warned_.insert(f.schema_hash).second)
        host_.warn("features of schema '" + std::string(f.schema, strnlen(f.schema, sizeof f.schema)) + "' (hash " +
                   std::to_string(f.schema_hash) + ", " + std::to_string(f.cols) +
                   " columns) do not match the model's schema (hash " + std::to_string(settings_.schema_hash) + ", " +
                   std::to_string(model_.inputs()) + " columns: " + settings_.schema_text + "); such events are dropped");
    return false;
}

void NnModel::on_event(uint32_t port, const th_event_header& ev) {
    if (port != kPortFeatures) throw InvalidArgument("no input port " + std::to_string(port));
    th_features scratch;
    const th_features* f = event_as<th_features>(ev, scratch);
    if (!f) throw InvalidArgument("port features: unexpected event type " + std::to_string(ev.type));
    if (f->rows == 0 || !accepts(*f)) return;

    // Gather the rows to score: every finite row of a one-step network, or the window of each
    // instrument that has a full one.
    const size_t cols = model_.inputs(), steps = model_.steps();
    const float* values = th_features_values(f);
    const th_instrument* ids = th_features_instruments(f);
    input_.resize(static_cast<size_t>(f->rows) * steps * cols);
    ids_.clear();
    for (size_t r = 0; r < f->rows; ++r) {
        const float* row = values + r * cols;
        const th_instrument id = ids ? ids[r] : f->instrument;
        if (!std::all_of(row, row + cols, [](float v) { return std::isfinite(v); })) {
            host_.metric_add("non_finite_inputs", 1);  // a warming indicator: neither scored nor kept
            continue;
        }
        float* dst = input_.data() + ids_.size() * steps * cols;
        if (steps == 1) {
            std::copy_n(row, cols, dst);
        } else if (history_.push(id, row)) {
            history_.window(id, dst);
        } else {
            host_.metric_add("warming_up", 1);
            continue;
        }
        ids_.push_back(id);
    }
    if (ids_.empty()) return;

    const size_t outs = model_.outputs();
    out_.resize(ids_.size() * outs);
    model_.predict(input_.data(), ids_.size(), out_.data());
    host_.metric_add("rows", static_cast<int64_t>(ids_.size()));

    if (settings_.signals)
        for (size_t r = 0; r < ids_.size(); ++r) publish_signal(ids_[r], f->hdr.ts, out_.data() + r * outs);
    if (settings_.predictions) publish_predictions(*f);
}

void NnModel::publish_signal(th_instrument id, th_time_ns ts, const float* out) {
    const double value = out[settings_.signal_output] - settings_.center;
    const double strength = std::min(1.0, std::fabs(value) / settings_.scale);
    if (!std::isfinite(value)) {
        host_.metric_add("non_finite_outputs", 1);
        return;
    }
    th_signal s = make_event<th_signal>(ts);
    s.instrument = id;
    s.value = value;
    s.strength = strength;
    copy_str(s.name, settings_.signal_name);
    const th_status st = host_.try_publish(kPortSignals, s.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish signal");
    host_.metric_add("signals", 1);
}

// The outputs as th_features: one row per scored instrument (a batch input gives a batch,
// with the instruments that were scored), columns named by the file's `outputs`.
void NnModel::publish_predictions(const th_features& in) {
    const auto cols = static_cast<uint16_t>(model_.outputs());
    const auto rows = static_cast<uint16_t>(ids_.size());
    const bool batch = in.instrument == 0;
    auto* f = reinterpret_cast<th_features*>(buf_);
    *f = make_event<th_features>(in.hdr.ts);
    f->instrument = in.instrument;
    f->rows = rows;
    f->cols = cols;
    f->schema_hash = settings_.prediction_hash;
    f->batch_seq = in.batch_seq;
    f->part = in.part;
    f->parts = in.parts;
    copy_str(f->schema, "predictions");
    f->hdr.size = th_features_size(rows, cols, batch);
    if (f->hdr.size > TH_EVENT_MAX_SIZE) {
        host_.metric_add("predictions_too_large", 1);
        return;  // more outputs than inputs per row: a batch this large does not fit one event
    }
    if (batch) std::memcpy(th_features_instruments_mut(f), ids_.data(), rows * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), out_.data(), static_cast<size_t>(rows) * cols * sizeof(float));
    const th_status st = host_.try_publish(kPortPredictions, f->hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish predictions");
}

// Only sequence networks keep windows. What is saved at stop is taken back at start and the
// key emptied at once: after a crash (no stop) the next start finds nothing and warms up,
// rather than scoring on windows with rows missing from the middle.
void NnModel::restore_saved() {
    if (model_.steps() == 1) return;
    std::string saved;
    if (!host_.state_get(kStateKey, saved) || saved.empty()) return;
    try {
        restore(saved);
        host_.info("windows of " + std::to_string(history_.instruments()) + " instrument(s) restored from the last stop");
    } catch (const std::exception& e) {
        host_.warn(std::string("saved windows not used: ") + e.what());
    }
    host_.state_put(kStateKey, "");
}

void NnModel::stop() {
    if (model_.steps() > 1) host_.state_put(kStateKey, snapshot());
}

// The snapshot (hot reload and plugin state): a header line naming what the windows fit,
// then per instrument "inst <len>:<symbol> <rows>\n" and its rows as float32 in the
// machine's byte order (the state is read back by the same host on the same machine;
// little-endian is asserted), then "end\n". The leading "nn_model 1" is the format's version.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the windows' state is little-endian float32");

std::string NnModel::snapshot() {
    const size_t width = model_.inputs(), steps = model_.steps();
    std::string out = "nn_model 1 " + std::to_string(settings_.schema_hash) + " " + std::to_string(steps) + " " +
                      std::to_string(width) + "\n";
    std::vector<float> rows(steps * width);
    for (const th_instrument id : history_.ids()) {
        const size_t n = history_.rows(id, rows.data());
        const std::string sym = host_.symbol(id);
        out += "inst " + std::to_string(sym.size()) + ":" + sym + " " + std::to_string(n) + "\n";
        out.append(reinterpret_cast<const char*>(rows.data()), n * width * sizeof(float));
    }
    return out + "end\n";
}

void NnModel::restore(std::string_view blob) {
    const size_t width = model_.inputs(), steps = model_.steps();
    const std::string s(blob);
    const std::string want = "nn_model 1 " + std::to_string(settings_.schema_hash) + " " + std::to_string(steps) + " " +
                             std::to_string(width) + "\n";
    if (s.rfind("nn_model 1 ", 0) != 0) throw InvalidArgument("nn_model snapshot: unknown format");
    if (s.compare(0, want.size(), want) != 0) {
        host_.warn("snapshot of another schema or network shape (not " + settings_.schema_text + ", " +
                   std::to_string(steps) + " steps): the windows start again and warm up");
        return;
    }
    History restored(steps, width);
    std::vector<float> row(width);
    try {
        size_t pos = want.size();
        while (s.compare(pos, 4, "end\n") != 0) {
            if (s.compare(pos, 5, "inst ") != 0) throw std::invalid_argument("expected 'inst' or 'end'");
            pos += 5;
            const size_t colon = s.find(':', pos);
            if (colon == std::string::npos) throw std::invalid_argument("bad symbol");
            const size_t len = std::stoul(s.substr(pos, colon - pos));
            if (len == 0 || colon + 1 + len >= s.size()) throw std::invalid_argument("bad symbol length");
            const std::string sym = s.substr(colon + 1, len);
            const size_t eol = s.find('\n', colon + 1 + len);
            if (eol == std::string::npos || s[colon + 1 + len] != ' ') throw std::invalid_argument("bad row count of " + sym);
            const size_t n = std::stoul(s.substr(colon + 2 + len, eol - colon - 2 - len));
            pos = eol + 1;
            if (n > steps || s.size() - pos < n * width * sizeof(float))
                throw std::invalid_argument("rows of " + sym + " cut short");
            const th_instrument id = host_.intern(sym);
            for (size_t r = 0; r < n; ++r, pos += width * sizeof(float)) {
                std::memcpy(row.data(), s.data() + pos, width * sizeof(float));
                restored.push(id, row.data());
            }
        }
    } catch (const std::invalid_argument& e) {
        throw InvalidArgument(std::string("nn_model snapshot: ") + e.what());
    } catch (const std::out_of_range& e) {
        throw InvalidArgument(std::string("nn_model snapshot: ") + e.what());
    }
    history_ = std::move(restored);
}

}  // namespace tradehost::nn
