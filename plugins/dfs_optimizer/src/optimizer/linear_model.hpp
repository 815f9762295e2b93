// A 0/1 integer program kept in our own form, so the same model can be handed to CBC's
// library, written as an LP file for CBC's command line (the benchmark's peer), and read
// back by name when a rule cannot be met.
#pragma once

#include <string>
#include <vector>

namespace dfs {

struct LinearRow {
    std::string name;   // "<group>:<detail>", e.g. "salary_cap" or "slot:FLEX"
    std::string group;  // the rule family the row belongs to, for infeasibility reports
    std::vector<int> cols;
    std::vector<double> coefs;
    char sense = 'L';   // 'L' <=, 'G' >=, 'E' =
    double rhs = 0;
};

struct LinearModel {
    std::vector<std::string> col_names;
    std::vector<double> objective;  // maximised
    std::vector<double> upper;      // 0 fixes a column out, 1 leaves it free
    std::vector<double> lower;      // 1 fixes a column in
    std::vector<LinearRow> rows;

    int add_binary(std::string name, double objective_coef);
    void add_row(LinearRow row) { rows.push_back(std::move(row)); }
    int cols() const { return static_cast<int>(objective.size()); }
};

// CPLEX LP text of the model (the format `cbc` and `glpsol --lp` read).
std::string to_lp_text(const LinearModel& m);

}  // namespace dfs
