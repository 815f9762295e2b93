// The cuda_features instance; see cuda_features.hpp. Publishing follows features.cpp: a
// row per update once every indicator is defined, a batch per timestamp flushed when a later
// one arrives or at stop.
#include "cuda_features.hpp"

#include "cuda_devices.hpp"
#include "event_observation.hpp"
#include "state_io.hpp"

#include <algorithm>
#include <cstring>

namespace tradehost::cuda_accel {

namespace {

// The first device the config allows: a CUDA device, else an emulated one; null with the
// reason in `why` when there is none (the CPU path).
std::unique_ptr<IndicatorDevice> pick_device(const Settings& s, std::string& why) {
    if (s.all_devices || !s.device_ids.empty()) {
        const Inventory inv = cuda_probe();
        for (const DeviceInfo& d : inv.devices) {
            if (!s.all_devices && std::find(s.device_ids.begin(), s.device_ids.end(), d.index) == s.device_ids.end())
                continue;
            try {
                return make_cuda_indicator_device(d);
            } catch (const DeviceError& e) {
                why += std::string(why.empty() ? "" : "; ") + e.what();
            }
        }
        if (inv.devices.empty()) why = "no CUDA device (" + inv.error + ")";
        else if (why.empty()) why = "none of the listed devices is present";
    } else {
        why = "devices: [none]";
    }
    if (s.emulate_devices > 0) return make_host_indicator_device(0);
    return nullptr;
}

Settings device_settings(const Config& cfg) {
    Settings s;
    read_device_keys(cfg, s);
    return s;
}

}  // namespace

CudaFeatures::CudaFeatures(Host host, const Config& cfg)
    : host_(host),
      settings_(features::read_settings(cfg)),
      device_keys_(device_settings(cfg)),
      schema_hash_(th_features_schema_hash(settings_.schema_text.c_str())),
      engine_(make_program(settings_.specs), pick_device(device_keys_, cpu_reason_), device_keys_.fault_after,
              static_cast<uint64_t>(cfg.get_int("checkpoint_batches"))),
      row_(settings_.columns.size()),
      batch_(settings_.columns.size()) {
    for (const auto& s : settings_.instruments) filter_.insert(host_.intern(s));
    const std::string failed = engine_.take_failure();
    if (!failed.empty()) cpu_reason_ = failed;
}

std::string CudaFeatures::path() const {
    return engine_.on_device() ? "device (" + engine_.device_name() + ")" : "cpu (" + cpu_reason_ + ")";
}

void CudaFeatures::start() {
    host_.info("schema " + settings_.schema_name + " (" + std::to_string(settings_.columns.size()) + " columns, hash " +
               std::to_string(schema_hash_) + "): " + settings_.schema_text + "; " +
               std::to_string(engine_.program().slots) + " state values per instrument; path: " + path() +
               "; CUDA runtime " + cuda_runtime_version());
    publish_status(engine_.on_device() ? TH_VENUE_CONNECTED : TH_VENUE_DISCONNECTED, path());
}

void CudaFeatures::publish_status(uint32_t state, const std::string& text) {
    th_venue_status s = make_event<th_venue_status>(host_.now());
    s.state = state;
    copy_str(s.venue, "cuda_features");
    copy_str(s.text, text);
    const th_status st = host_.try_publish(kPortIndicatorStatus, s.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish status");
}

void CudaFeatures::on_event(uint32_t port, const th_event_header& ev) {
    features::Observation o;
    th_instrument id = 0;
    const features::Taken taken = features::observation_of(port, ev, id, o);
    if (taken == features::Taken::BadBar) host_.metric_add("bad_bars", 1);
    if (taken != features::Taken::Yes) return;
    if (id == 0 || (!filter_.empty() && !filter_.count(id))) return;
    const uint32_t slot = engine_.slot(id);
    // A later timestamp, or an instrument already in this pass, closes the pass; the
    // features plugin flushes its batch when a later timestamp arrives, so this does too.
    if (!pending_ids_.empty() && (o.ts != pending_ts_ || pending_set_.count(slot))) run_pending();
    if (settings_.batch && !batch_.empty() && o.ts != batch_.ts()) flush_batch();
    pending_ts_ = o.ts;
    pending_ids_.push_back(id);
    pending_slots_.push_back(slot);
    pending_obs_.push_back(ind::Obs{o.ts, o.high, o.low, o.close, o.volume});
    pending_set_.insert(slot);
}

void CudaFeatures::run_pending() {
    const size_t n = pending_ids_.size(), cols = settings_.columns.size();
    if (n == 0) return;
    rows_.resize(n * cols);
    ready_.resize(n);
    const bool device = engine_.on_device();
    engine_.step(pending_slots_.data(), pending_obs_.data(), n, rows_.data(), ready_.data());
    report_failure();
    host_.metric_add(device && engine_.on_device() ? "rows_device" : "rows_cpu", static_cast<int64_t>(n));
    for (size_t i = 0; i < n; ++i) {
        if (!ready_[i]) {
            host_.metric_add("warming_up", 1);
            continue;
        }
        for (size_t c = 0; c < cols; ++c) row_[c] = static_cast<float>(settings_.scaling.apply(c, rows_[i * cols + c]));
        if (settings_.single) publish_single(pending_ids_[i], pending_ts_);
        if (settings_.batch) batch_.put(pending_ids_[i], pending_ts_, row_.data());
    }
    pending_ids_.clear();
    pending_slots_.clear();
    pending_obs_.clear();
    pending_set_.clear();
}

void CudaFeatures::report_failure() {
    const std::string why = engine_.take_failure();
    if (why.empty()) return;
    cpu_reason_ = "device failed after " + std::to_string(engine_.device_batches() - 1) + " batches: " + why;
    host_.error("switching to the CPU path: " + cpu_reason_);
    host_.metric_add("device_failures", 1);
    publish_status(TH_VENUE_DISCONNECTED, "CPU path: " + cpu_reason_);
}

void CudaFeatures::publish_single(th_instrument id, th_time_ns ts) {
    th_features* f = features::write_feature_row(buf_, schema(), ts, id, row_.data());
    const th_status s = host_.try_publish(kPortFeatureRows, f->hdr);
    if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish features");
    host_.metric_add("rows", 1);
}

void CudaFeatures::flush_batch() {
    const th_time_ns ts = batch_.ts();
    const uint32_t seq = ++batch_seq_;
    host_.metric_add("batches", 1);
    batch_.drain([&](const th_instrument* ids, const float* values, size_t rows, uint16_t part, uint16_t parts) {
        th_features* f = features::write_feature_batch(buf_, schema(), ts, seq, ids, values, rows, part, parts);
        const th_status s = host_.try_publish(kPortFeatureBatches, f->hdr);
        if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish feature batch");
    });
}

void CudaFeatures::stop() {
    run_pending();
    if (settings_.batch && !batch_.empty()) flush_batch();
}

// Snapshot text: "cuda_features 1 <schema hash> <state values per instrument>\n"; per
// instrument "inst <len>:<symbol> <values as exact hex floats>\n"; per observation of the
// pass not run yet "obs <len>:<symbol> <ts> <high> <low> <close> <volume>\n"; "end\n".
std::string CudaFeatures::snapshot() {
    std::string out = "cuda_features 1 " + std::to_string(schema_hash_) + " " +
                      std::to_string(engine_.program().slots) + "\n";
    auto symbol = [&](th_instrument id) {
        const std::string sym = host_.symbol(id);
        out += std::to_string(sym.size()) + ":" + sym;
    };
    auto rows = engine_.export_state();
    report_failure();  // a failed copy-back moved the engine to the CPU path, state kept
    for (auto& [id, values] : rows) {
        out += "inst ";
        symbol(id);
        features::StateIo a(out);
        a.vec(values);
        out += "\n";
    }
    for (size_t i = 0; i < pending_ids_.size(); ++i) {
        out += "obs ";
        symbol(pending_ids_[i]);
        features::StateIo a(out);
        ind::Obs o = pending_obs_[i];
        a.num(o.ts);
        for (double* v : {&o.high, &o.low, &o.close, &o.volume}) a.num(*v);
        out += "\n";
    }
    out += "end\n";
    return out;
}

void CudaFeatures::restore(std::string_view blob) {
    const std::string s(blob);
    const std::string head = "cuda_features 1 ";
    if (s.compare(0, head.size(), head) != 0) throw InvalidArgument("cuda_features snapshot: unknown format");
    size_t pos = s.find('\n');
    if (pos == std::string::npos) throw InvalidArgument("cuda_features snapshot: no header line");
    const std::string want = std::to_string(schema_hash_) + " " + std::to_string(engine_.program().slots);
    if (s.substr(head.size(), pos - head.size()) != want) {
        host_.warn("snapshot of another schema (not " + settings_.schema_text + "): indicators start again and warm up");
        return;
    }
    std::vector<std::pair<th_instrument, std::vector<double>>> rows;
    std::vector<std::pair<th_instrument, ind::Obs>> pending;
    try {
        auto symbol = [&]() {
            const size_t colon = s.find(':', pos);
            if (colon == std::string::npos) throw std::invalid_argument("bad symbol");
            const size_t len = std::stoul(s.substr(pos, colon - pos));
            if (len == 0 || colon + 1 + len > s.size()) throw std::invalid_argument("bad symbol length");
            pos = colon + 1 + len;
            return host_.intern(s.substr(colon + 1, len));
        };
        auto line_end = [&](size_t at) {
            if (at >= s.size() || s[at] != '\n') throw std::invalid_argument("data after a line's values");
            pos = at + 1;
        };
        std::unordered_set<th_instrument> seen;
        for (++pos; s.compare(pos, 4, "end\n") != 0;) {
            if (s.compare(pos, 5, "inst ") == 0) {
                pos += 5;
                const th_instrument id = symbol();
                std::vector<double> values(engine_.program().slots);
                features::StateIo a(s, pos);
                a.vec(values);  // refuses another length
                if (!seen.insert(id).second) throw std::invalid_argument("an instrument twice");
                line_end(a.pos());
                rows.emplace_back(id, std::move(values));
            } else if (s.compare(pos, 4, "obs ") == 0) {
                pos += 4;
                const th_instrument id = symbol();
                ind::Obs o{};
                features::StateIo a(s, pos);
                a.num(o.ts);
                for (double* v : {&o.high, &o.low, &o.close, &o.volume}) a.num(*v);
                line_end(a.pos());
                pending.emplace_back(id, o);
            } else {
                throw std::invalid_argument("expected 'inst', 'obs' or 'end'");
            }
        }
    } catch (const std::invalid_argument& e) {
        throw InvalidArgument(std::string("cuda_features snapshot: ") + e.what());
    } catch (const std::out_of_range& e) {
        throw InvalidArgument(std::string("cuda_features snapshot: ") + e.what());
    }
    engine_.import_state(rows);
    report_failure();
    for (const auto& [id, o] : pending) {
        const uint32_t slot = engine_.slot(id);
        pending_ts_ = o.ts;
        pending_ids_.push_back(id);
        pending_slots_.push_back(slot);
        pending_obs_.push_back(o);
        pending_set_.insert(slot);
    }
}

}  // namespace tradehost::cuda_accel
