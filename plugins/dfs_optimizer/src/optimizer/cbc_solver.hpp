// Solving a LinearModel with COIN-OR CBC through its C interface (Cbc_C_Interface.h).
#pragma once

#include <vector>

#include "linear_model.hpp"

namespace dfs {

enum class SolveStatus { optimal, infeasible, failed };

struct SolveResult {
    SolveStatus status = SolveStatus::failed;
    double objective = 0;
    std::vector<double> x;
};

// Proven optimum: objectives are integers (centi-points), so an absolute gap below 1 is
// optimal; the gap is set to 0.5 and the relative gap to 0 so CBC never stops early.
SolveResult solve_with_cbc(const LinearModel& model, int threads = 1);

}  // namespace dfs
