// CSV line splitting; see csv.hpp.
#include "csv.hpp"

namespace tradehost::replay {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace

bool split_csv_line(std::string_view line, std::vector<std::string>& out) {
    size_t n = 0;
    size_t i = 0;
    for (;;) {
        if (out.size() <= n) out.emplace_back();
        std::string& f = out[n++];
        f.clear();
        // Leading blanks, then either a quoted or a plain field.
        size_t start = i;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        f.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                f.push_back(line[i++]);
            }
            if (!closed) {
                out.resize(n);
                return false;
            }
            while (i < line.size() && line[i] != ',') ++i;  // blanks after the closing quote
        } else {
            i = start;
            size_t end = line.find(',', i);
            if (end == std::string_view::npos) end = line.size();
            f.assign(trim(line.substr(i, end - i)));
            i = end;
        }
        if (i >= line.size()) break;
        ++i;  // the comma
    }
    out.resize(n);
    return true;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

}  // namespace tradehost::replay
