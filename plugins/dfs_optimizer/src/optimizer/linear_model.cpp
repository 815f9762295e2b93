#include "linear_model.hpp"

#include <cstdio>

namespace dfs {

int LinearModel::add_binary(std::string name, double objective_coef) {
    col_names.push_back(std::move(name));
    objective.push_back(objective_coef);
    upper.push_back(1);
    lower.push_back(0);
    return cols() - 1;
}

namespace {
void term(std::string& out, double coef, const std::string& name, bool first) {
    char buf[64];
    if (coef < 0) std::snprintf(buf, sizeof buf, " - %.17g ", -coef);
    else std::snprintf(buf, sizeof buf, first ? " %.17g " : " + %.17g ", coef);
    out += buf;
    out += name;
}
}  // namespace

std::string to_lp_text(const LinearModel& m) {
    std::string out = "\\ tradehost dfs lineup model\nMaximize\n obj:";
    bool first = true;
    for (int c = 0; c < m.cols(); ++c) {
        if (m.objective[c] == 0) continue;
        term(out, m.objective[c], m.col_names[c], first);
        first = false;
        if (c % 8 == 7) out += "\n";
    }
    out += "\nSubject To\n";
    int n = 0;
    for (const LinearRow& r : m.rows) {
        out += " r" + std::to_string(n++) + ":";
        for (size_t i = 0; i < r.cols.size(); ++i) {
            term(out, r.coefs[i], m.col_names[r.cols[i]], i == 0);
            if (i % 8 == 7) out += "\n";
        }
        char buf[48];
        std::snprintf(buf, sizeof buf, " %s %.17g\n", r.sense == 'L' ? "<=" : r.sense == 'G' ? ">=" : "=",
                      r.rhs);
        out += buf;
    }
    out += "Bounds\n";
    for (int c = 0; c < m.cols(); ++c) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %g <= ", m.lower[c]);
        out += buf + m.col_names[c];
        std::snprintf(buf, sizeof buf, " <= %g\n", m.upper[c]);
        out += buf;
    }
    out += "Binaries\n";
    for (int c = 0; c < m.cols(); ++c) out += " " + m.col_names[c] + "\n";
    out += "End\n";
    return out;
}

}  // namespace dfs
