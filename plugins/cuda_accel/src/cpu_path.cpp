// The CPU path; see cpu_path.hpp.
#include "cpu_path.hpp"

namespace tradehost::cuda_accel {

void cpu_predict(const Model& m, const float* rows, size_t n, float* out) {
    if (m.kind == Model::Kind::Mlp) {
        m.mlp.predict_batch(rows, n, out);
        return;
    }
    if (n == 1) m.forest.predict(rows, out);
    else m.forest.predict_batch(rows, n, out);
}

}  // namespace tradehost::cuda_accel
