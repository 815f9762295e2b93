// What the replay loaders share: collecting row errors into one config error, and telling
// blank and comment lines apart.
#pragma once

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::replay {

/// Collects row errors; throws once at the end with the first kMaxReported.
class RowErrors {
public:
    static constexpr size_t kMaxReported = 5;
    explicit RowErrors(const std::string& path) : path_(path) {}
    void add(size_t line, const std::string& what) {
        if (count_++ < kMaxReported) {
            if (!text_.empty()) text_ += "\n";
            text_ += path_ + ":" + std::to_string(line) + ": " + what;
        }
    }
    void throw_if_any() const {
        if (count_ == 0) return;
        std::string msg = text_;
        if (count_ > kMaxReported) msg += "\n" + path_ + ": " + std::to_string(count_ - kMaxReported) + " more bad rows";
        throw ConfigError(msg);
    }

private:
    std::string path_;
    std::string text_;
    size_t count_ = 0;
};

inline bool blank_or_comment(std::string_view line) {
    for (char c : line) {
        if (c == ' ' || c == '\t') continue;
        return c == '#';
    }
    return true;
}

}  // namespace tradehost::replay
