// The cuda_accel instance; see accel.hpp.
#include "accel.hpp"

#include "cpu_path.hpp"
#include "cuda_devices.hpp"
#include "host_device.hpp"

#include <algorithm>
#include <cstring>

namespace tradehost::cuda_accel {

Accel::Accel(Host host, const Config& cfg) : host_(host), settings_(read_settings(cfg)), outputs_(host_, settings_) {
    pick_devices();
}

// The devices from config that the runtime reports, plus any emulated ones. A listed device
// that is missing is named in the reason; with none left the instance takes the CPU path.
void Accel::pick_devices() {
    std::vector<std::unique_ptr<Device>> devices;
    std::string why;
    if (settings_.all_devices || !settings_.device_ids.empty()) {
        const Inventory inv = cuda_probe();
        for (const DeviceInfo& d : inv.devices) {
            const auto& ids = settings_.device_ids;
            if (!settings_.all_devices && std::find(ids.begin(), ids.end(), d.index) == ids.end()) continue;
            try {
                devices.push_back(make_cuda_device(d));
            } catch (const DeviceError& e) {
                why += std::string(why.empty() ? "" : "; ") + e.what();
            }
        }
        for (int id : settings_.device_ids)
            if (std::none_of(inv.devices.begin(), inv.devices.end(), [&](const DeviceInfo& d) { return d.index == id; }))
                why += std::string(why.empty() ? "" : "; ") + "device " + std::to_string(id) + " not present";
        if (inv.devices.empty()) why = "no CUDA device (" + inv.error + ")";
    } else {
        why = "devices: [none]";
    }
    for (int64_t i = 0; i < settings_.emulate_devices; ++i) devices.push_back(make_host_device(static_cast<int>(i)));
    if (devices.empty()) {
        cpu_reason_ = why;
        return;
    }
    dispatch_ = std::make_unique<Dispatch>(std::move(devices), settings_.fault_after);
    try {
        dispatch_->load(settings_.model);
    } catch (const DeviceError& e) {
        dispatch_.reset();
        cpu_reason_ = std::string("loading the model on the device failed: ") + e.what();
    }
    if (dispatch_ && !why.empty()) host_.warn("some devices are not used: " + why);
}

std::string Accel::path() const {
    if (!dispatch_) return "cpu (" + cpu_reason_ + ")";
    std::string s = "device (";
    for (size_t i = 0; i < dispatch_->devices().size(); ++i) s += (i ? ", " : "") + dispatch_->devices()[i]->name();
    return s + ")";
}

void Accel::start() {
    const Model& m = settings_.model;
    const std::string what = m.kind == Model::Kind::Tree
                                 ? m.forest.objective + ", " + std::to_string(m.forest.roots.size()) + " trees"
                                 : "feed-forward network of " + std::to_string(m.mlp.layers.size()) + " layers";
    host_.info("model " + settings_.model_path + ": " + what + ", " + std::to_string(m.inputs()) +
               " features; expects schema hash " +
               std::to_string(settings_.schema_hash) + " (" + settings_.schema_text + "); path: " + path() +
               "; CUDA runtime " + cuda_runtime_version());
    publish_status(dispatch_ ? TH_VENUE_CONNECTED : TH_VENUE_DISCONNECTED, path());
}

void Accel::stop() { flush_parts(); }

void Accel::publish_status(uint32_t state, const std::string& text) {
    th_venue_status s = make_event<th_venue_status>(host_.now());
    s.state = state;
    copy_str(s.venue, "cuda_accel");
    copy_str(s.text, text);
    const th_status st = host_.try_publish(kPortStatus, s.hdr);
    if (st != TH_OK && st != TH_ERR_AGAIN) throw_status(st, "publish status");
}

bool Accel::accepts(const th_features& f) {
    if (f.schema_hash == settings_.schema_hash && f.cols == settings_.model.inputs() &&
        f.hdr.size >= th_features_size(f.rows, f.cols, f.instrument == 0))
        return true;
    host_.metric_add("schema_mismatch", 1);
    if (warned_.insert(f.schema_hash).second)
        host_.warn("features of schema '" + std::string(f.schema, strnlen(f.schema, sizeof f.schema)) + "' (hash " +
                   std::to_string(f.schema_hash) + ", " + std::to_string(f.cols) +
                   " columns) do not match the model's schema (hash " + std::to_string(settings_.schema_hash) + ", " +
                   std::to_string(settings_.model.inputs()) + " columns: " + settings_.schema_text +
                   "); such events are dropped");
    return false;
}

void Accel::on_event(uint32_t port, const th_event_header& ev) {
    if (port != kPortFeatures) throw InvalidArgument("no input port " + std::to_string(port));
    th_features scratch;
    const th_features* f = event_as<th_features>(ev, scratch);
    if (!f) throw InvalidArgument("port features: unexpected event type " + std::to_string(ev.type));
    if (f->rows == 0 || !accepts(*f)) return;
    if (f->parts > 1 || !parts_.empty()) {
        gather(*f);
        return;
    }
    out_.resize(static_cast<size_t>(f->rows) * settings_.model.outputs());
    score(th_features_values(f), f->rows, out_.data());
    host_.metric_add("rows", f->rows);
    host_.metric_add("batches", 1);
    outputs_.publish(*f, out_.data());
}

// Parts of one batch_seq are collected; the batch is scored when its last part arrives (or
// another batch starts, or at stop), then each part's outputs are published as its own event.
void Accel::gather(const th_features& f) {
    if (!parts_.empty()) {
        const auto* first = reinterpret_cast<const th_features*>(parts_.front().data());
        if (first->batch_seq != f.batch_seq || first->hdr.ts != f.hdr.ts) flush_parts();
    }
    if (f.parts > 1) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(&f);
        parts_.emplace_back(bytes, bytes + f.hdr.size);
        const float* v = th_features_values(&f);
        part_rows_.insert(part_rows_.end(), v, v + static_cast<size_t>(f.rows) * f.cols);
        if (parts_.size() == f.parts) flush_parts();
        return;
    }
    flush_parts();                   // a one-part event: whatever was pending goes first
    on_event(kPortFeatures, f.hdr);  // parts_ is empty now, so this scores it directly
}

void Accel::flush_parts() {
    if (parts_.empty()) return;
    const size_t ins = settings_.model.inputs(), outs = settings_.model.outputs();
    const size_t n = part_rows_.size() / ins;
    out_.resize(n * outs);
    score(part_rows_.data(), n, out_.data());
    host_.metric_add("rows", static_cast<int64_t>(n));
    host_.metric_add("batches", 1);
    size_t at = 0;
    auto parts = std::move(parts_);
    parts_.clear();
    part_rows_.clear();
    for (const auto& bytes : parts) {
        const auto& f = *reinterpret_cast<const th_features*>(bytes.data());
        outputs_.publish(f, out_.data() + at * outs);
        at += f.rows;
    }
}

void Accel::score(const float* rows, size_t n, float* out) {
    const Model& m = settings_.model;
    if (dispatch_ && static_cast<int64_t>(n) >= settings_.min_device_rows) {
        try {
            dispatch_->run(rows, n, m.inputs(), m.outputs(), out);
            host_.metric_add("rows_device", static_cast<int64_t>(n));
            return;
        } catch (const DeviceError& e) {
            to_cpu(e.what());  // and score this very batch below: none is lost
        }
    }
    cpu_predict(m, rows, n, out);
    host_.metric_add("rows_cpu", static_cast<int64_t>(n));
}

void Accel::to_cpu(const std::string& why) {
    const uint64_t done = dispatch_->batches() - 1;
    dispatch_.reset();  // frees the device buffers; the CUDA runtime itself stays (never unloaded)
    cpu_reason_ = "device failed after " + std::to_string(done) + " batches: " + why;
    host_.error("switching to the CPU path: " + cpu_reason_);
    host_.metric_add("device_failures", 1);
    publish_status(TH_VENUE_DISCONNECTED, "CPU path: " + cpu_reason_);
}

}  // namespace tradehost::cuda_accel
