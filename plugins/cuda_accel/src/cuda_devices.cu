// CUDA devices: the tree kernel (one thread per row over the flat node array, resident),
// the MLP (cuBLAS SGEMM per layer, then a fused bias + activation kernel), and the copies
// through pinned host buffers on one stream per device, so devices overlap each other.
#include "cuda_devices.hpp"

#include "kernels.hpp"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace tradehost::cuda_accel {

namespace {

void check(cudaError_t e, const std::string& where, const char* what) {
    if (e != cudaSuccess) throw DeviceError(where + ": " + what + ": " + cudaGetErrorString(e));
}

void check(cublasStatus_t s, const std::string& where, const char* what) {
    if (s != CUBLAS_STATUS_SUCCESS)
        throw DeviceError(where + ": " + what + ": cuBLAS status " + std::to_string(static_cast<int>(s)));
}

// cuBLAS is opened when the first device is made, not linked: libcublasLt alone is 540 MB,
// and loading it would cost every process that loads the plugin (every test, every
// `tradehost plugins`) seconds, on machines that have no GPU to use it on. The CUDA
// runtime is linked statically for the same reason; only the driver is needed at run time.
struct Blas {
    void* lib = nullptr;
    decltype(&cublasCreate_v2) create = nullptr;
    decltype(&cublasDestroy_v2) destroy = nullptr;
    decltype(&cublasSetStream_v2) set_stream = nullptr;
    decltype(&cublasSetMathMode) set_math_mode = nullptr;
    decltype(&cublasSgemm_v2) sgemm = nullptr;

    explicit Blas(const std::string& where) {
        const std::string major = std::to_string(CUBLAS_VER_MAJOR);
        for (const std::string& name : {"libcublas.so." + major, "/usr/local/cuda/lib64/libcublas.so." + major})
            if ((lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL))) break;
        if (!lib) throw DeviceError(where + ": cannot open libcublas.so." + major + ": " + dlerror());
        load(create, "cublasCreate_v2", where);
        load(destroy, "cublasDestroy_v2", where);
        load(set_stream, "cublasSetStream_v2", where);
        load(set_math_mode, "cublasSetMathMode", where);
        load(sgemm, "cublasSgemm_v2", where);
    }
    ~Blas() {
        if (lib) dlclose(lib);
    }
    Blas(const Blas&) = delete;
    Blas& operator=(const Blas&) = delete;

    template <class F> void load(F& f, const char* name, const std::string& where) {
        f = reinterpret_cast<F>(dlsym(lib, name));
        if (!f) throw DeviceError(where + ": libcublas lacks " + name);
    }
};

__global__ void tree_kernel(FlatForest f, const float* rows, size_t n, size_t outs, float* out) {
    const size_t r = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
    if (r < n) tree_row(f, rows + r * f.num_feature, out + r * outs);
}

__global__ void bias_activation_kernel(float* y, const float* bias, size_t n, uint32_t out, Activation act) {
    const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
    if (i < n * out) y[i] = bias_activate(y[i], bias[i % out], act);
}

__global__ void elementwise_kernel(float* y, size_t n, uint32_t width, Layer::Kind kind, Activation act,
                                   const float* w, const float* b, float eps) {
    const size_t r = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
    if (r < n) elementwise_row(kind, act, y + r * width, width, w, b, eps);
}

// Device memory that frees itself; the device must be current when it is freed.
struct DeviceBuffer {
    void* p = nullptr;
    size_t bytes = 0;
    DeviceBuffer() = default;
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    ~DeviceBuffer() { cudaFree(p); }
    void reserve(size_t want, const std::string& where) {
        if (want <= bytes) return;
        cudaFree(p);
        p = nullptr;
        bytes = 0;
        check(cudaMalloc(&p, want), where, "cudaMalloc");
        bytes = want;
    }
    template <class T> T* as() const { return static_cast<T*>(p); }
};

struct PinnedBuffer {
    void* p = nullptr;
    size_t bytes = 0;
    PinnedBuffer() = default;
    PinnedBuffer(const PinnedBuffer&) = delete;
    PinnedBuffer& operator=(const PinnedBuffer&) = delete;
    ~PinnedBuffer() { cudaFreeHost(p); }
    void reserve(size_t want, const std::string& where) {
        if (want <= bytes) return;
        cudaFreeHost(p);
        p = nullptr;
        bytes = 0;
        check(cudaHostAlloc(&p, want, cudaHostAllocDefault), where, "cudaHostAlloc");
        bytes = want;
    }
    template <class T> T* as() const { return static_cast<T*>(p); }
};

struct DeviceLayer {
    DeviceBuffer weights, bias;
    uint32_t in = 0, out = 0;
    Activation activation = Activation::Identity;
    Layer::Kind kind = Layer::Kind::Dense;
    float eps = 0;
};

class CudaDevice final : public Device {
public:
    explicit CudaDevice(const DeviceInfo& info)
        : info_(info), where_("cuda:" + std::to_string(info.index)), api_(where_) {
        select();
        check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), where_, "cudaStreamCreate");
        check(api_.create(&blas_), where_, "cublasCreate");
        check(api_.set_stream(blas_, stream_), where_, "cublasSetStream");
        // FP32 throughout: no TF32 tensor-core rounding, so the tolerance stays the FP32 one.
        check(api_.set_math_mode(blas_, CUBLAS_DEFAULT_MATH), where_, "cublasSetMathMode");
    }

    ~CudaDevice() override {
        cudaSetDevice(info_.index);  // buffers free on their own device
        if (stream_) cudaStreamSynchronize(stream_);
        layers_.clear();
        if (blas_) api_.destroy(blas_);
        if (stream_) cudaStreamDestroy(stream_);
    }

    std::string name() const override { return where_ + " " + info_.name; }

    void load(const Model& m) override {
        select();
        kind_ = m.kind;
        ins_ = m.inputs();
        outs_ = m.outputs();
        if (m.kind == Model::Kind::Tree) {
            const auto& f = m.forest;
            upload(nodes_, f.nodes.data(), f.nodes.size() * sizeof(tree_model::Node));
            upload(roots_, f.roots.data(), f.roots.size() * sizeof(int32_t));
            upload(groups_, f.groups.data(), f.groups.size() * sizeof(uint32_t));
            flat_ = FlatForest{nodes_.as<tree_model::Node>(), roots_.as<int32_t>(), groups_.as<uint32_t>(),
                               static_cast<uint32_t>(f.roots.size()), f.depth, f.num_feature, f.num_group,
                               static_cast<uint32_t>(f.transform), f.base_margin};
        } else {
            layers_ = std::vector<DeviceLayer>(m.mlp.layers.size());
            for (size_t k = 0; k < layers_.size(); ++k) {
                const Layer& l = m.mlp.layers[k];
                upload(layers_[k].weights, l.weights.data(), l.weights.size() * sizeof(float));
                upload(layers_[k].bias, l.bias.data(), l.bias.size() * sizeof(float));
                layers_[k].in = l.in;
                layers_[k].out = l.out;
                layers_[k].activation = l.activation;
                layers_[k].kind = l.kind;
                layers_[k].eps = l.eps;
                widest_ = std::max<size_t>({widest_, l.in, l.out});
            }
        }
        check(cudaStreamSynchronize(stream_), where_, "weights upload");
    }

    void begin(const float* rows, size_t n, float* out) override {
        select();
        out_ = out;
        n_ = n;
        if (n == 0) return;
        const size_t in_bytes = n * ins_ * sizeof(float), out_bytes = n * outs_ * sizeof(float);
        const size_t width = kind_ == Model::Kind::Tree ? std::max(ins_, outs_) : widest_;
        host_in_.reserve(in_bytes, where_);
        host_out_.reserve(out_bytes, where_);
        a_.reserve(n * width * sizeof(float), where_);
        b_.reserve(n * width * sizeof(float), where_);
        std::memcpy(host_in_.p, rows, in_bytes);
        check(cudaMemcpyAsync(a_.p, host_in_.p, in_bytes, cudaMemcpyHostToDevice, stream_), where_, "copy in");
        const float* result = nullptr;
        if (kind_ == Model::Kind::Tree) {
            const unsigned threads = 128;
            tree_kernel<<<static_cast<unsigned>((n + threads - 1) / threads), threads, 0, stream_>>>(
                flat_, a_.as<float>(), n, outs_, b_.as<float>());
            check(cudaGetLastError(), where_, "tree kernel launch");
            result = b_.as<float>();
        } else {
            result = run_mlp(n);
        }
        check(cudaMemcpyAsync(host_out_.p, result, out_bytes, cudaMemcpyDeviceToHost, stream_), where_, "copy out");
    }

    void finish() override {
        if (n_ == 0) return;
        select();
        check(cudaStreamSynchronize(stream_), where_, "batch");
        std::memcpy(out_, host_out_.p, n_ * outs_ * sizeof(float));
        n_ = 0;
    }

private:
    void select() { check(cudaSetDevice(info_.index), where_, "cudaSetDevice"); }

    void upload(DeviceBuffer& dst, const void* src, size_t bytes) {
        dst.reserve(std::max<size_t>(bytes, 1), where_);
        check(cudaMemcpyAsync(dst.p, src, bytes, cudaMemcpyHostToDevice, stream_), where_, "weights upload");
    }

    // Rows are row-major n x in, which is column-major in x n; W (row-major out x in) is
    // column-major in x out, so Y^T (out x n) = op_T(W) * X^T, and Y lands row-major n x out.
    const float* run_mlp(size_t n) {
        float* x = a_.as<float>();
        float* y = b_.as<float>();
        const float one = 1.0f, zero = 0.0f;
        for (const DeviceLayer& l : layers_) {
            if (l.kind != Layer::Kind::Dense) {  // in place, one thread per row
                const unsigned threads = 128;
                elementwise_kernel<<<static_cast<unsigned>((n + threads - 1) / threads), threads, 0, stream_>>>(
                    x, n, l.out, l.kind, l.activation, l.weights.as<float>(), l.bias.as<float>(), l.eps);
                check(cudaGetLastError(), where_, "elementwise kernel launch");
                continue;
            }
            check(api_.sgemm(blas_, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(l.out), static_cast<int>(n),
                              static_cast<int>(l.in), &one, l.weights.as<float>(), static_cast<int>(l.in), x,
                              static_cast<int>(l.in), &zero, y, static_cast<int>(l.out)),
                  where_, "cublasSgemm");
            const size_t count = n * l.out;
            const unsigned threads = 256;
            bias_activation_kernel<<<static_cast<unsigned>((count + threads - 1) / threads), threads, 0, stream_>>>(
                y, l.bias.as<float>(), n, l.out, l.activation);
            check(cudaGetLastError(), where_, "bias/activation kernel launch");
            std::swap(x, y);
        }
        return x;
    }

    DeviceInfo info_;
    std::string where_;
    Blas api_;
    cudaStream_t stream_ = nullptr;
    cublasHandle_t blas_ = nullptr;
    Model::Kind kind_ = Model::Kind::Tree;
    size_t ins_ = 0, outs_ = 0, widest_ = 0;
    DeviceBuffer nodes_, roots_, groups_;
    FlatForest flat_{};
    std::vector<DeviceLayer> layers_;
    DeviceBuffer a_, b_;
    PinnedBuffer host_in_, host_out_;
    float* out_ = nullptr;
    size_t n_ = 0;
};

}  // namespace

Inventory cuda_probe() {
    Inventory inv;
    int count = 0;
    const cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        inv.error = cudaGetErrorString(e);
        cudaGetLastError();  // clear it, so it is not reported by a later call
        return inv;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp p{};
        if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
        inv.devices.push_back(DeviceInfo{i, p.name, p.totalGlobalMem, p.major, p.minor});
    }
    if (inv.devices.empty()) inv.error = "no CUDA device";
    return inv;
}

std::string cuda_runtime_version() {
    int v = 0;
    cudaRuntimeGetVersion(&v);
    return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

std::unique_ptr<Device> make_cuda_device(const DeviceInfo& info) { return std::make_unique<CudaDevice>(info); }

}  // namespace tradehost::cuda_accel
