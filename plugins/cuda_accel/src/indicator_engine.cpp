// The indicator state and its paths; see indicator_engine.hpp.
#include "indicator_engine.hpp"

#include <algorithm>
#include <utility>

namespace tradehost::cuda_accel {

IndicatorEngine::IndicatorEngine(Program p, std::unique_ptr<IndicatorDevice> device, uint64_t fault_after,
                                 uint64_t checkpoint_batches)
    : program_(std::move(p)),
      device_(std::move(device)),
      fault_after_(fault_after),
      checkpoint_batches_(std::max<uint64_t>(1, checkpoint_batches)),
      state_(static_cast<size_t>(program_.slots) * capacity_, 0.0) {
    if (!device_) return;
    try {
        upload();
    } catch (const DeviceError& e) {
        fail(std::string("loading the indicator state failed: ") + e.what());
    }
}

void IndicatorEngine::upload() {
    soa_.resize(state_.size());
    to_soa(program_, state_.data(), slots_.size(), soa_.data(), capacity_);
    device_->load(program_, soa_.data(), capacity_);
}

void IndicatorEngine::download() {
    soa_.resize(state_.size());
    device_->pull(soa_.data());
    from_soa(program_, soa_.data(), capacity_, state_.data(), slots_.size());
    journal_slots_.clear();
    journal_obs_.clear();
    journal_ends_.clear();
}

uint32_t IndicatorEngine::slot(th_instrument id) {
    const auto it = slots_.find(id);
    if (it != slots_.end()) return it->second;
    if (slots_.size() == capacity_) grow();
    const auto s = static_cast<uint32_t>(slots_.size());
    slots_.emplace(id, s);
    return s;
}

// Twice the room: the state comes to the host (copied back, so the journal empties) and
// goes back to the device with the wider stride.
void IndicatorEngine::grow() {
    if (device_) {
        try {
            download();
        } catch (const DeviceError& e) {
            fail(e.what());
        }
    }
    capacity_ *= 2;
    state_.resize(static_cast<size_t>(program_.slots) * capacity_, 0.0);
    if (device_) {
        try {
            upload();
        } catch (const DeviceError& e) {
            fail(e.what());
        }
    }
}

void IndicatorEngine::step(const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready) {
    if (device_) {
        try {
            if (journal_ends_.size() >= checkpoint_batches_) download();
            ++batches_;
            if (fault_after_ > 0 && batches_ == fault_after_ + 1)
                throw DeviceError(device_->name() + ": fault injected after " + std::to_string(fault_after_) +
                                  " batches");
            device_->step(slot, obs, n, rows, ready);
            journal_slots_.insert(journal_slots_.end(), slot, slot + n);
            journal_obs_.insert(journal_obs_.end(), obs, obs + n);
            journal_ends_.push_back(journal_obs_.size());
            return;
        } catch (const DeviceError& e) {
            fail(e.what());  // then this very batch on the CPU, below
        }
    }
    cpu_step(program_, state_.data(), slot, obs, n, rows, ready);
}

// The CPU path takes over from the checkpoint: the journal's batches are replayed in order
// (their rows were published already), so the state is where the device's was.
void IndicatorEngine::fail(const std::string& why) {
    device_.reset();
    size_t begin = 0;
    for (size_t end : journal_ends_) {
        const size_t n = end - begin;
        scratch_rows_.resize(n * program_.cols);
        scratch_ready_.resize(n);
        cpu_step(program_, state_.data(), journal_slots_.data() + begin, journal_obs_.data() + begin, n,
                 scratch_rows_.data(), scratch_ready_.data());
        begin = end;
    }
    journal_slots_.clear();
    journal_obs_.clear();
    journal_ends_.clear();
    failure_ = why;
}

std::vector<std::pair<th_instrument, std::vector<double>>> IndicatorEngine::export_state() {
    if (device_) {
        try {
            download();
        } catch (const DeviceError& e) {
            fail(e.what());
        }
    }
    std::vector<std::pair<th_instrument, std::vector<double>>> out;
    for (const auto& [id, s] : slots_) {
        const auto at = state_.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(s) * program_.slots);
        out.emplace_back(id, std::vector<double>(at, at + program_.slots));
    }
    return out;
}

void IndicatorEngine::import_state(const std::vector<std::pair<th_instrument, std::vector<double>>>& rows) {
    slots_.clear();
    while (capacity_ < rows.size()) capacity_ *= 2;
    state_.assign(static_cast<size_t>(program_.slots) * capacity_, 0.0);
    for (const auto& [id, values] : rows) {
        const auto s = static_cast<uint32_t>(slots_.size());
        slots_.emplace(id, s);
        std::copy(values.begin(), values.end(), state_.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(s) * program_.slots));
    }
    if (!device_) return;
    try {
        upload();
    } catch (const DeviceError& e) {
        fail(e.what());
    }
}

std::string IndicatorEngine::take_failure() { return std::exchange(failure_, std::string()); }

}  // namespace tradehost::cuda_accel
