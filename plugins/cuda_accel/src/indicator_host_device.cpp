// The emulated indicator device: the device's struct-of-arrays layout and the kernel's
// per-instrument function, run on the host; see indicator_device.hpp.
#include "indicator_device.hpp"

#include <algorithm>
#include <vector>

namespace tradehost::cuda_accel {

namespace {

class HostIndicatorDevice final : public IndicatorDevice {
public:
    explicit HostIndicatorDevice(int index) : index_(index) {}
    std::string name() const override { return "host:" + std::to_string(index_); }
    void load(const Program& p, const double* state, size_t stride) override {
        program_ = p;
        stride_ = stride;
        state_.assign(state, state + static_cast<size_t>(p.slots) * stride);
    }
    void step(const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready) override {
        soa_step(program_, state_.data(), stride_, slot, obs, n, rows, ready);
    }
    void pull(double* state) override { std::copy(state_.begin(), state_.end(), state); }

private:
    int index_;
    Program program_;
    size_t stride_ = 0;
    std::vector<double> state_;
};

}  // namespace

std::unique_ptr<IndicatorDevice> make_host_indicator_device(int index) {
    return std::make_unique<HostIndicatorDevice>(index);
}

}  // namespace tradehost::cuda_accel
