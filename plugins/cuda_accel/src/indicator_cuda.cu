// The indicator program on a CUDA device: the universe's state resident in device memory
// (struct of arrays), one kernel pass per batch with one thread per instrument, the batch
// and its rows through pinned buffers on one stream. Compiled with --fmad=false (CMake) so
// the device does the host's double operations one for one; only log/sin/cos differ, by the
// CUDA maths library's few ulp (README: tolerances).
#include "cuda_devices.hpp"
#include "indicator_device.hpp"

#include <cuda_runtime.h>

#include <cstring>

namespace tradehost::cuda_accel {

namespace {

void check(cudaError_t e, const std::string& where, const char* what) {
    if (e != cudaSuccess) throw DeviceError(where + ": " + what + ": " + cudaGetErrorString(e));
}

__global__ void indicator_kernel(const ind::Op* ops, uint32_t n_ops, uint32_t cols, double* state, size_t stride,
                                 const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready) {
    const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
    if (i < n) ready[i] = ind::update_instrument(ops, n_ops, state + slot[i], stride, obs[i], rows + i * cols);
}

// Device or pinned memory that grows and frees itself.
template <bool Pinned> struct Buffer {
    void* p = nullptr;
    size_t bytes = 0;
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { release(); }
    void release() {
        if (Pinned) cudaFreeHost(p);
        else cudaFree(p);
        p = nullptr;
        bytes = 0;
    }
    void reserve(size_t want, const std::string& where) {
        if (want <= bytes) return;
        release();
        check(Pinned ? cudaHostAlloc(&p, want, cudaHostAllocDefault) : cudaMalloc(&p, want), where,
              Pinned ? "cudaHostAlloc" : "cudaMalloc");
        bytes = want;
    }
    template <class T> T* as() const { return static_cast<T*>(p); }
};

class CudaIndicatorDevice final : public IndicatorDevice {
public:
    explicit CudaIndicatorDevice(const DeviceInfo& info) : info_(info), where_("cuda:" + std::to_string(info.index)) {
        select();
        check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), where_, "cudaStreamCreate");
    }
    ~CudaIndicatorDevice() override {
        cudaSetDevice(info_.index);
        if (stream_) cudaStreamSynchronize(stream_);
        state_.release();
        ops_.release();
        in_.release();
        out_.release();
        pin_in_.release();
        pin_out_.release();
        if (stream_) cudaStreamDestroy(stream_);
    }
    std::string name() const override { return where_ + " " + info_.name; }

    void load(const Program& p, const double* state, size_t stride) override {
        select();
        n_ops_ = static_cast<uint32_t>(p.ops.size());
        cols_ = p.cols;
        stride_ = stride;
        state_bytes_ = static_cast<size_t>(p.slots) * stride * sizeof(double);
        ops_.reserve(p.ops.size() * sizeof(ind::Op), where_);
        state_.reserve(state_bytes_, where_);
        check(cudaMemcpy(ops_.p, p.ops.data(), p.ops.size() * sizeof(ind::Op), cudaMemcpyHostToDevice), where_, "ops upload");
        check(cudaMemcpy(state_.p, state, state_bytes_, cudaMemcpyHostToDevice), where_, "state upload");
    }

    void step(const uint32_t* slot, const ind::Obs* obs, size_t n, double* rows, uint8_t* ready) override {
        if (n == 0) return;
        select();
        // One staging area each way: [obs | slots] in, [rows | ready] out.
        const size_t obs_b = n * sizeof(ind::Obs), slot_b = n * sizeof(uint32_t);
        const size_t rows_b = n * cols_ * sizeof(double), ready_b = n;
        pin_in_.reserve(obs_b + slot_b, where_);
        pin_out_.reserve(rows_b + ready_b, where_);
        in_.reserve(obs_b + slot_b, where_);
        out_.reserve(rows_b + ready_b, where_);
        std::memcpy(pin_in_.p, obs, obs_b);
        std::memcpy(pin_in_.as<char>() + obs_b, slot, slot_b);
        check(cudaMemcpyAsync(in_.p, pin_in_.p, obs_b + slot_b, cudaMemcpyHostToDevice, stream_), where_, "copy in");
        const unsigned threads = 128;
        indicator_kernel<<<static_cast<unsigned>((n + threads - 1) / threads), threads, 0, stream_>>>(
            ops_.as<ind::Op>(), n_ops_, cols_, state_.as<double>(), stride_,
            reinterpret_cast<const uint32_t*>(in_.as<char>() + obs_b), in_.as<ind::Obs>(), n, out_.as<double>(),
            reinterpret_cast<uint8_t*>(out_.as<char>() + rows_b));
        check(cudaGetLastError(), where_, "indicator kernel launch");
        check(cudaMemcpyAsync(pin_out_.p, out_.p, rows_b + ready_b, cudaMemcpyDeviceToHost, stream_), where_, "copy out");
        check(cudaStreamSynchronize(stream_), where_, "indicator batch");
        std::memcpy(rows, pin_out_.p, rows_b);
        std::memcpy(ready, pin_out_.as<char>() + rows_b, ready_b);
    }

    void pull(double* state) override {
        select();
        check(cudaStreamSynchronize(stream_), where_, "indicator batch");
        check(cudaMemcpy(state, state_.p, state_bytes_, cudaMemcpyDeviceToHost), where_, "state copy back");
    }

private:
    void select() { check(cudaSetDevice(info_.index), where_, "cudaSetDevice"); }

    DeviceInfo info_;
    std::string where_;
    cudaStream_t stream_ = nullptr;
    Buffer<false> state_, ops_, in_, out_;
    Buffer<true> pin_in_, pin_out_;
    uint32_t n_ops_ = 0, cols_ = 0;
    size_t stride_ = 0, state_bytes_ = 0;
};

}  // namespace

std::unique_ptr<IndicatorDevice> make_cuda_indicator_device(const DeviceInfo& info) {
    return std::make_unique<CudaIndicatorDevice>(info);
}

}  // namespace tradehost::cuda_accel
