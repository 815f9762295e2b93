// Reading and writing indicator state as space-separated tokens; see state_io.hpp.
#include "state_io.hpp"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace tradehost::features {

std::string StateIo::token() {
    const std::string& s = *in_;
    while (pos_ < s.size() && s[pos_] == ' ') ++pos_;
    const size_t b = pos_;
    while (pos_ < s.size() && s[pos_] != ' ' && s[pos_] != '\n') ++pos_;
    if (b == pos_) throw std::invalid_argument("features snapshot: state ends early at offset " + std::to_string(b));
    return s.substr(b, pos_ - b);
}

void StateIo::num(double& v) {
    if (out_) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %a", v);  // hex float: exact
        *out_ += buf;
        return;
    }
    const std::string t = token();
    char* end = nullptr;
    v = std::strtod(t.c_str(), &end);
    if (*end != '\0') throw std::invalid_argument("features snapshot: bad number '" + t + "'");
}

void StateIo::num(uint64_t& v) {
    if (out_) {
        *out_ += ' ' + std::to_string(v);
        return;
    }
    const std::string t = token();
    char* end = nullptr;
    errno = 0;
    v = std::strtoull(t.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE || t[0] == '-')
        throw std::invalid_argument("features snapshot: bad count '" + t + "'");
}

void StateIo::num(int64_t& v) {
    uint64_t u = static_cast<uint64_t>(v);
    num(u);
    v = static_cast<int64_t>(u);
}

void StateIo::num(bool& v) {
    uint64_t u = v ? 1 : 0;
    num(u);
    v = u != 0;
}

void StateIo::num(size_t& v, size_t expect) {
    uint64_t u = v;
    num(u);
    if (!out_ && u > expect) throw std::invalid_argument("features snapshot: a count larger than its window");
    v = static_cast<size_t>(u);
}

void StateIo::vec(std::vector<double>& v) {
    uint64_t n = v.size();
    num(n);
    if (!out_ && n != v.size()) throw std::invalid_argument("features snapshot: a window of another length");
    for (double& x : v) num(x);
}

void StateIo::vec(std::vector<uint64_t>& v) {
    uint64_t n = v.size();
    num(n);
    if (!out_ && n != v.size()) throw std::invalid_argument("features snapshot: a window of another length");
    for (uint64_t& x : v) num(x);
}

}  // namespace tradehost::features
