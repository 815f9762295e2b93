// The device path; see dispatch.hpp.
#include "dispatch.hpp"

#include <algorithm>
#include <string>

namespace tradehost::cuda_accel {

Dispatch::Dispatch(std::vector<std::unique_ptr<Device>> devices, uint64_t fault_after)
    : devices_(std::move(devices)), fault_after_(fault_after) {}

void Dispatch::load(const Model& m) {
    for (auto& d : devices_) d->load(m);
}

void Dispatch::run(const float* rows, size_t n, size_t ins, size_t outs, float* out) {
    // Small batches go to one device: a share of a few rows costs a launch and two copies.
    constexpr size_t kMinShare = 256;
    size_t used = std::min(devices_.size(), std::max<size_t>(1, n / kMinShare));
    std::string failure;
    size_t started = 0;
    for (size_t d = 0, at = 0; d < used; ++d) {
        const size_t share = n / used + (d < n % used ? 1 : 0);
        try {
            devices_[d]->begin(rows + at * ins, share, out + at * outs);
            ++started;
        } catch (const DeviceError& e) {
            failure = e.what();
            break;
        }
        at += share;
    }
    // Every started device is waited on even after a failure: its buffers are borrowed.
    for (size_t d = 0; d < started; ++d) {
        try {
            devices_[d]->finish();
        } catch (const DeviceError& e) {
            if (failure.empty()) failure = e.what();
        }
    }
    ++batches_;
    if (failure.empty() && fault_after_ > 0 && batches_ == fault_after_ + 1)
        failure = devices_.front()->name() + ": fault injected after " + std::to_string(fault_after_) + " batches";
    if (!failure.empty()) throw DeviceError(failure);
}

}  // namespace tradehost::cuda_accel
