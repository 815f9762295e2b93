// Located error messages: every config problem is reported as `file:line:col: message`.
#pragma once

#include <string>
#include <vector>

namespace tradehost {

/// A place in a config file; line and col are 1-based (0 = unknown).
struct Location {
    std::string file;
    int line = 0;
    int col = 0;
    std::string str() const;
};

struct Diagnostic {
    Location where;
    std::string message;
    std::string str() const { return where.str() + ": " + message; }
};

/// Collects every error before anything starts, so an operator sees all of them at once.
class Diagnostics {
public:
    void error(const Location& where, std::string message) { items_.push_back({where, std::move(message)}); }
    bool ok() const { return items_.empty(); }
    const std::vector<Diagnostic>& items() const { return items_; }
    /// All messages, one per line.
    std::string str() const;

private:
    std::vector<Diagnostic> items_;
};

}  // namespace tradehost
