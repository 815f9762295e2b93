// Alias dictionary loading; see alias_dictionary.hpp.
#include "alias_dictionary.hpp"

#include <tradehost/plugin.hpp>

#include <fstream>

namespace tradehost::news_mapper {

namespace {

std::vector<std::string> split(const std::string& s, char sep, std::vector<size_t>* starts = nullptr) {
    std::vector<std::string> out;
    size_t b = 0;
    for (;;) {
        const size_t e = s.find(sep, b);
        if (starts) starts->push_back(b);
        out.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
        if (e == std::string::npos) break;
        b = e + 1;
    }
    return out;
}

bool valid_symbol(const std::string& s) {
    if (s.empty() || s.size() > 31) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '/'))
            return false;
    return true;
}

}  // namespace

std::vector<Alias> load_aliases(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the alias dictionary");
    std::vector<Alias> out;
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<size_t> col;
        const std::vector<std::string> f = split(line, '\t', &col);
        auto fail = [&](size_t field, const std::string& what) {
            throw ConfigError(path + ":" + std::to_string(line_no) + ":" + std::to_string(col[field] + 1) + ": " + what);
        };
        if (f.size() < 2 || f.size() > 3) fail(0, "expected SYMBOL<TAB>name[<TAB>context,words]");
        if (!valid_symbol(f[0])) fail(0, "'" + f[0] + "' is not a symbol (A-Z, 0-9, '.', '-', ':', '/')");
        if (f[1].empty()) fail(1, "empty name");
        Alias a{f[0], f[1], {}};
        if (f.size() == 3) {
            for (std::string w : split(f[2], ',')) {
                for (char& c : w)
                    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
                while (!w.empty() && w.front() == ' ') w.erase(w.begin());
                while (!w.empty() && w.back() == ' ') w.pop_back();
                if (w.empty()) fail(2, "empty context word");
                a.context.push_back(w);
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace tradehost::news_mapper
