// The features instance; see features.hpp.
#include "features.hpp"

#include "event_observation.hpp"
#include "state_io.hpp"

#include <cstring>
#include <stdexcept>

namespace tradehost::features {

Features::Features(Host host, const Config& cfg)
    : host_(host),
      settings_(read_settings(cfg)),
      schema_hash_(th_features_schema_hash(settings_.schema_text.c_str())),
      scratch_(settings_.columns.size()),
      row_(settings_.columns.size()),
      batch_(settings_.columns.size()) {
    for (const auto& s : settings_.instruments) filter_.insert(host_.intern(s));
}

void Features::start() {
    host_.info("schema " + settings_.schema_name + " (" + std::to_string(settings_.columns.size()) +
               " columns, hash " + std::to_string(schema_hash_) + "): " + settings_.schema_text +
               (settings_.scaling.active() ? "; scaling " + settings_.scaling.method() : "; unscaled"));
}

void Features::on_event(uint32_t port, const th_event_header& ev) {
    Observation o;
    th_instrument id = 0;
    const Taken taken = observation_of(port, ev, id, o);
    if (taken == Taken::BadBar) host_.metric_add("bad_bars", 1);
    if (taken != Taken::Yes) return;
    if (id == 0 || (!filter_.empty() && !filter_.count(id))) return;
    observe(id, o);
}

void Features::observe(th_instrument id, const Observation& o) {
    if (settings_.batch && !batch_.empty() && o.ts != batch_.ts()) flush_batch();
    auto it = rows_.find(id);
    if (it == rows_.end()) it = rows_.emplace(id, FeatureRow(settings_.specs)).first;
    if (!it->second.update(o)) {
        host_.metric_add("warming_up", 1);
        return;
    }
    it->second.write(scratch_.data());
    for (size_t c = 0; c < row_.size(); ++c) row_[c] = static_cast<float>(settings_.scaling.apply(c, scratch_[c]));
    if (settings_.single) publish_single(id, o.ts);
    if (settings_.batch) batch_.put(id, o.ts, row_.data());
}

void Features::publish_single(th_instrument id, th_time_ns ts) {
    th_features* f = write_feature_row(buf_, schema(), ts, id, row_.data());
    const th_status s = host_.try_publish(kPortFeatures, f->hdr);
    if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish features");
    host_.metric_add("rows", 1);
}

void Features::flush_batch() {
    const th_time_ns ts = batch_.ts();
    const uint32_t seq = ++batch_seq_;
    host_.metric_add("batches", 1);
    batch_.drain([&](const th_instrument* ids, const float* values, size_t rows, uint16_t part, uint16_t parts) {
        th_features* f = write_feature_batch(buf_, schema(), ts, seq, ids, values, rows, part, parts);
        const th_status s = host_.try_publish(kPortBatches, f->hdr);
        if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish feature batch");
    });
}

void Features::stop() {
    if (settings_.batch && !batch_.empty()) flush_batch();
}

// Snapshot text: "features 1 <schema hash>\n", then per instrument
// "inst <len>:<symbol> <state...>\n" (the state as FeatureRow::io writes it), then "end\n".
std::string Features::snapshot() {
    std::string out = "features 1 " + std::to_string(schema_hash_) + "\n";
    for (auto& [id, row] : rows_) {
        const std::string sym = host_.symbol(id);
        out += "inst " + std::to_string(sym.size()) + ":" + sym;
        StateIo a(out);
        row.io(a);
        out += "\n";
    }
    out += "end\n";
    return out;
}

void Features::restore(std::string_view blob) {
    const std::string s(blob);
    const std::string head = "features 1 ";
    if (s.compare(0, head.size(), head) != 0) throw InvalidArgument("features snapshot: unknown format");
    size_t pos = s.find('\n');
    if (pos == std::string::npos) throw InvalidArgument("features snapshot: no header line");
    if (s.substr(head.size(), pos - head.size()) != std::to_string(schema_hash_)) {
        host_.warn("snapshot of another schema (not " + settings_.schema_text +
                   "): indicators start again and warm up");
        return;
    }
    std::unordered_map<th_instrument, FeatureRow> restored;
    try {
        for (++pos; s.compare(pos, 4, "end\n") != 0;) {
            if (s.compare(pos, 5, "inst ") != 0) throw std::invalid_argument("expected 'inst' or 'end'");
            pos += 5;
            const size_t colon = s.find(':', pos);
            if (colon == std::string::npos) throw std::invalid_argument("bad symbol");
            const size_t len = std::stoul(s.substr(pos, colon - pos));
            if (len == 0 || colon + 1 + len > s.size()) throw std::invalid_argument("bad symbol length");
            const std::string sym = s.substr(colon + 1, len);
            FeatureRow row(settings_.specs);
            StateIo a(s, colon + 1 + len);
            row.io(a);
            pos = a.pos();
            if (pos >= s.size() || s[pos] != '\n') throw std::invalid_argument("data after the state of " + sym);
            ++pos;
            if (!restored.emplace(host_.intern(sym), std::move(row)).second)
                throw std::invalid_argument("instrument " + sym + " twice");
        }
    } catch (const std::invalid_argument& e) {
        throw InvalidArgument(std::string("features snapshot: ") + e.what());
    } catch (const std::out_of_range& e) {
        throw InvalidArgument(std::string("features snapshot: ") + e.what());
    }
    rows_ = std::move(restored);
}

}  // namespace tradehost::features
