#include "cbc_solver.hpp"

#include <coin/Cbc_C_Interface.h>

#include <memory>

namespace dfs {

namespace {
struct CbcDeleter {
    void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};
}  // namespace

SolveResult solve_with_cbc(const LinearModel& m, int threads) {
    // A fresh CBC model per solve: CBC 2.10's docs say a model's data is not valid to change
    // after Cbc_solve, and building one is cheap next to the solve.
    std::unique_ptr<Cbc_Model, CbcDeleter> cbc(Cbc_newModel());
    Cbc_Model* p = cbc.get();
    Cbc_setLogLevel(p, 0);
    for (int c = 0; c < m.cols(); ++c)
        Cbc_addCol(p, m.col_names[c].c_str(), m.lower[c], m.upper[c], m.objective[c], 1, 0, nullptr, nullptr);
    for (const LinearRow& r : m.rows)
        Cbc_addRow(p, r.name.c_str(), static_cast<int>(r.cols.size()), r.cols.data(), r.coefs.data(),
                   r.sense, r.rhs);
    Cbc_setObjSense(p, -1);  // maximise
    Cbc_setAllowableGap(p, 0.5);
    Cbc_setAllowableFractionGap(p, 0);
    // Measured on the 560-player slate (BENCHMARKS.md): with the cardinality rows of this
    // model, CBC's cut generators and primal heuristics cost more than they save; branching
    // alone proves the optimum about twice as fast.
    Cbc_setParameter(p, "cuts", "off");
    Cbc_setParameter(p, "heur", "off");
    if (threads > 1) Cbc_setParameter(p, "threads", std::to_string(threads).c_str());
    Cbc_solve(p);

    SolveResult out;
    if (Cbc_isProvenOptimal(p)) {
        out.status = SolveStatus::optimal;
        out.objective = Cbc_getObjValue(p);
        const double* x = Cbc_getColSolution(p);
        out.x.assign(x, x + m.cols());
    } else if (Cbc_isProvenInfeasible(p) || Cbc_isInitialSolveProvenPrimalInfeasible(p)) {
        out.status = SolveStatus::infeasible;
    }
    return out;
}

}  // namespace dfs
