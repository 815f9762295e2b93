#include "list_file.hpp"

#include <tradehost/plugin.hpp>

#include <fstream>

namespace tradehost::risk_gate {

namespace {

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

void for_each_record(const std::string& path, const char* key,
                     const std::function<void(const std::string& where, const std::vector<std::string>& cols)>& row) {
    std::ifstream in(path);
    if (!in) throw ConfigError(std::string(key) + ": cannot open " + path);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        std::vector<std::string> cols;
        size_t from = 0;
        for (;;) {
            const size_t comma = t.find(',', from);
            cols.push_back(trim(t.substr(from, comma == std::string::npos ? std::string::npos : comma - from)));
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        row(path + ":" + std::to_string(n) + ": ", cols);
    }
}

}  // namespace tradehost::risk_gate
