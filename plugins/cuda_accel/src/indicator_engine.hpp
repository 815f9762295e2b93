// The universe's indicator state and where it is updated. On the device path the state is
// resident on the device; the host keeps a checkpoint (copied back every
// `checkpoint_batches` batches) and a journal of the observations since. A device failure
// replays the journal on the CPU from the checkpoint, so the CPU path continues from the
// exact state with no update lost; on the CPU path the host state is the live one.
#pragma once

#include "indicator_device.hpp"

#include <tradehost/plugin.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::cuda_accel {

class IndicatorEngine {
public:
    /// `device` may be null (the CPU path). `fault_after`: the device batch after that many
    /// fails on purpose (0 = off). `checkpoint_batches` >= 1.
    IndicatorEngine(Program p, std::unique_ptr<IndicatorDevice> device, uint64_t fault_after,
                    uint64_t checkpoint_batches);

    const Program& program() const { return program_; }
    /// The state slot of `id`, a fresh (zeroed) one the first time.
    uint32_t slot(th_instrument id);
    /// One pass: slot[i] takes obs[i] (distinct slots); rows (n x cols), ready (n).
    void step(const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready);
    bool on_device() const { return device_ != nullptr; }
    std::string device_name() const { return device_ ? device_->name() : "cpu"; }
    /// The reason of a switch to the CPU path since the last call ("" if none).
    std::string take_failure();
    uint64_t device_batches() const { return batches_; }
    /// Every instrument's state (p.slots doubles each), for a hot-reload snapshot; on the
    /// device path the state is copied back first.
    std::vector<std::pair<th_instrument, std::vector<double>>> export_state();
    /// Replaces every instrument's state (a fresh engine's, before any step).
    void import_state(const std::vector<std::pair<th_instrument, std::vector<double>>>& rows);

private:
    void fail(const std::string& why);
    void grow();
    void upload();    ///< the host state to the device (struct of arrays, room for capacity_)
    void download();  ///< the device state to the host; the journal empties

    Program program_;
    std::unique_ptr<IndicatorDevice> device_;
    uint64_t fault_after_;
    uint64_t checkpoint_batches_;
    uint64_t batches_ = 0;
    size_t capacity_ = 64;  ///< instruments the state has room for (the device's stride)
    /// Array of structs, capacity_ instruments: live (CPU path) or the checkpoint (device path).
    std::vector<double> state_;
    std::vector<double> soa_;  ///< staging for the copies to and from the device
    std::unordered_map<th_instrument, uint32_t> slots_;
    // The journal since the checkpoint: every batch's slots and observations, and where
    // each batch ends.
    std::vector<uint32_t> journal_slots_;
    std::vector<ind::Obs> journal_obs_;
    std::vector<size_t> journal_ends_;
    std::vector<double> scratch_rows_;
    std::vector<uint8_t> scratch_ready_;
    std::string failure_;
};

}  // namespace tradehost::cuda_accel
