// Length-prefixed state text; see length_prefixed.hpp.
#include "length_prefixed.hpp"

#include <cstdlib>
#include <stdexcept>

namespace tradehost::news {

void put_string(std::string& out, std::string_view s) {
    out += std::to_string(s.size());
    out.push_back(':');
    out.append(s);
}

void LengthPrefixedReader::skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n')) ++i_;
}

bool LengthPrefixedReader::done() {
    skip();
    return i_ >= s_.size();
}

std::string_view LengthPrefixedReader::word() {
    skip();
    const size_t b = i_;
    while (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != '\n') ++i_;
    return s_.substr(b, i_ - b);
}

std::string LengthPrefixedReader::str() {
    skip();
    size_t len = 0, digits = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && digits < 9) {
        len = len * 10 + static_cast<size_t>(s_[i_++] - '0');
        ++digits;
    }
    if (digits == 0 || i_ >= s_.size() || s_[i_] != ':' || s_.size() - i_ - 1 < len) fail("a string");
    std::string out(s_.substr(i_ + 1, len));
    i_ += 1 + len;
    return out;
}

long long LengthPrefixedReader::integer() {
    const std::string w(word());
    char* end = nullptr;
    const long long v = std::strtoll(w.c_str(), &end, 10);
    if (w.empty() || *end != '\0') fail("a number");
    return v;
}

uint64_t LengthPrefixedReader::hex() {
    const std::string w(word());
    char* end = nullptr;
    const unsigned long long v = std::strtoull(w.c_str(), &end, 16);
    if (w.empty() || *end != '\0') fail("a hexadecimal number");
    return v;
}

void LengthPrefixedReader::fail(const std::string& expected) const {
    throw std::runtime_error(what_of_ + ": expected " + expected + " at byte " + std::to_string(i_));
}

}  // namespace tradehost::news
