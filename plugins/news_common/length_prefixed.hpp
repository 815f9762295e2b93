// The versioned text form the news plugins save their state in: words separated by spaces
// and newlines, and strings written as <length>:<bytes> so any byte may appear in them.
#ifndef TRADEHOST_NEWS_COMMON_LENGTH_PREFIXED_HPP
#define TRADEHOST_NEWS_COMMON_LENGTH_PREFIXED_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace tradehost::news {

/// Append `s` as <length>:<bytes>.
void put_string(std::string& out, std::string_view s);

/// Reads what put_string and plain words wrote. Errors throw std::runtime_error
/// "<what_of>: expected <thing> at byte N".
class LengthPrefixedReader {
public:
    LengthPrefixedReader(std::string_view text, std::string what_of) : s_(text), what_of_(std::move(what_of)) {}
    bool done();
    std::string_view word();
    std::string str();
    long long integer();
    uint64_t hex();
    [[noreturn]] void fail(const std::string& expected) const;

private:
    void skip();
    std::string_view s_;
    std::string what_of_;
    size_t i_ = 0;
};

}  // namespace tradehost::news

#endif
